// Screenshots of the demo for people to look at (artifacts/ is git-ignored): browsing on load,
// results with the timeline, the split by leaning and the chips above them, desktop and
// phone (with the keyboard up, and the filters drawer), dark mode, right to left in Persian,
// and article pages. The layout facts they show are asserted too. The README's screenshot
// (docs/widget.png) is made here: `QUIRE_BLESS_SCREENSHOT=1 npm test` writes it anew.
import assert from 'node:assert/strict';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ARTICLE_PATH,
  assertClean,
  REPO,
  ensureArtifacts,
  openPage,
  resultsAfter,
  search,
  servedSite,
  serveSite,
  siteWithArticle,
  siteWithDemoPages,
  widget,
} from './helpers.mjs';

/** The README's picture of the widget, committed; made by the first test. */
const README_SCREENSHOT = path.join(REPO, 'docs', 'widget.png');

describe('screenshots', () => {
  let browser;
  let site;
  let close;
  let folder;

  before(async () => {
    folder = ensureArtifacts();
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  /** Saves a screenshot of the viewport with the search box at its top, and the full page. */
  async function shoot(page, name, { keepPointer = false } = {}) {
    await widget(page).root.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    // Out of the way, so that no result looks hovered.
    if (!keepPointer) await page.mouse.move(0, 0);
    const file = path.join(folder, `${name}.png`);
    await page.screenshot({ path: file });
    await page.screenshot({ path: path.join(folder, `${name}-full.png`), fullPage: true });
    assert.ok(statSync(file).size > 10_000, `${file} is an image of something`);
  }

  test('desktop, 1280×800', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(site.url);
    const w = widget(page);
    // Browsing: the newest articles as the page opens, without a click.
    await w.status.filter({ hasText: 'articles in the archive, newest first' }).waitFor();
    assert.ok((await w.hits.count()) > 0);
    assert.equal(await w.root.locator('[part="split"]').isVisible(), true, 'the archive split by leaning');
    await shoot(page, 'desktop-browsing');
    await search(page, 'talks');
    assert.equal(await w.root.locator('.filters').isVisible(), true, 'filters in a sidebar');
    assert.equal(await w.root.locator('.filters-toggle').isVisible(), false);
    const filters = await w.root.locator('.filters').boundingBox();
    const results = await w.list.boundingBox();
    assert.ok(filters.x + filters.width < results.x, 'the sidebar is left of the results');
    const timeline = await w.root.locator('.timeline').boundingBox();
    assert.ok(timeline.y + timeline.height <= results.y, 'the timeline is above the results');
    assert.ok(timeline.height < 110, `the timeline is compact (${timeline.height}px)`);
    assert.ok(Math.abs(timeline.width - results.width) < 2, 'the timeline is as wide as the results');
    assert.ok((await w.root.locator('.option.entry .leaning').count()) > 0, 'entries show leanings');
    await shoot(page, 'desktop');

    // A month chosen on the timeline, and its bar under the pointer.
    const bar = w.root.locator('.period[data-period="2025-05"]');
    await resultsAfter(page, () => bar.click());
    await bar.hover();
    await shoot(page, 'desktop-month', { keepPointer: true });
    // The keyboard's focus on another bar.
    await page.keyboard.press('ArrowLeft');
    await shoot(page, 'desktop-month-keyboard');
    await resultsAfter(page, () => bar.click());

    // Reformist outlets on Zarif: the entries of one leaning, its chip, its part of the split.
    await page.goto(`${site.url}?q=zarif&leaning=reformist`);
    await w.status.filter({ hasText: 'Leaning: reformist' }).waitFor();
    assert.equal(await w.root.locator('.chip').count(), 1);
    await shoot(page, 'desktop-leaning');

    // Chips for filters and dates, and the split with a leaning chosen: the README's picture.
    await page.goto(`${site.url}?q=talks&leaning=state-controlled&from=2023&to=2025`);
    await w.status.filter({ hasText: '2023–2025' }).waitFor();
    assert.equal(await w.root.locator('.chip').count(), 2);
    assert.equal(await w.root.locator('.split-key[aria-pressed="true"]').count(), 1);
    await shoot(page, 'desktop-chips');
    await page.mouse.move(0, 0);
    const readme = path.join(folder, 'readme.png');
    await page.setViewportSize({ width: 1100, height: 1000 });
    const wide = await w.root.boundingBox();
    await widget(page).root.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    const clip = { x: Math.max(0, wide.x - 24), y: 0, width: Math.min(1100, wide.width + 48), height: 900 };
    await page.screenshot({ path: readme, clip });
    assert.ok(statSync(readme).size < 250_000, `a small picture (${statSync(readme).size} bytes)`);
    if (process.env.QUIRE_BLESS_SCREENSHOT) copyFileSync(readme, README_SCREENSHOT);
    assert.ok(statSync(README_SCREENSHOT).size < 250_000, 'docs/widget.png is small (QUIRE_BLESS_SCREENSHOT=1 makes it)');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await shoot(page, 'desktop-keyboard');

    const help = w.root.locator('[part="help"]');
    await help.locator('summary').click();
    await shoot(page, 'desktop-help');
    await page.keyboard.press('Escape');
    assert.equal(await help.getAttribute('open'), null, 'Escape closes the tips');
    await help.locator('summary').click();
    await help.locator('dl').click();
    assert.equal(await help.getAttribute('open'), '', 'a click inside keeps the tips open');
    await page.locator('h1').click();
    assert.equal(await help.getAttribute('open'), null, 'a click elsewhere closes the tips');

    await search(page, 'zarif shxrxh');
    assert.equal(await w.root.locator('[part="suggest"]').isVisible(), true);
    await shoot(page, 'desktop-partial');
    await search(page, 'qwertyuiop');
    assert.equal(await w.root.locator('.no-results').isVisible(), true);
    await shoot(page, 'desktop-no-results');
    await assertClean(page, problems);
    await page.close();
  });

  test('phone, 390×844: results under the box with the keyboard up, filters in a drawer', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(site.url);
    const w = widget(page);
    await w.status.filter({ hasText: 'in the archive' }).waitFor();
    await shoot(page, 'phone-browsing');
    await search(page, 'talks');
    assert.equal(await w.root.locator('.timeline').isVisible(), true);
    const toggle = w.root.locator('.filters-toggle');
    assert.equal(await toggle.isVisible(), true);
    assert.equal(await w.root.locator('.filters').isVisible(), false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    await shoot(page, 'phone');
    // With the on-screen keyboard up (336 px): the box at the top, the first result under it.
    await page.setViewportSize({ width: 390, height: 844 - 336 });
    await page.waitForTimeout(200);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(folder, 'phone-keyboard.png') });
    await page.setViewportSize({ width: 390, height: 844 });

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await w.root.locator('dialog.drawer .filters').isVisible(), true);
    await page.screenshot({ path: path.join(folder, 'phone-drawer.png') });
    await page.keyboard.press('Escape');
    await page.goto(`${site.url}?q=zarif&leaning=reformist`);
    await w.status.filter({ hasText: 'Leaning' }).waitFor();
    await shoot(page, 'phone-chips');
    await assertClean(page, problems);
    await page.close();
  });

  test('right to left, in Persian: desktop and phone', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}fa/`);
    const w = widget(page);
    await w.status.filter({ hasText: 'در آرشیو' }).waitFor();
    await shoot(page, 'rtl-browsing');
    await page.goto(`${site.url}fa/?q=talks&leaning=reformist&from=2024&to=2025`);
    await w.status.filter({ hasText: 'برای' }).waitFor();
    await shoot(page, 'rtl');
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'rtl-phone');
    await w.root.locator('.filters-toggle').click();
    await page.screenshot({ path: path.join(folder, 'rtl-phone-drawer.png') });
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
    await assertClean(page, problems);
    await page.close();
  });

  test('a demo article page, reached from an entry of the results', { timeout: 60_000 }, async () => {
    const { root } = siteWithDemoPages();
    const demo = await serveSite(root);
    try {
      const { page, problems } = await openPage(browser.context);
      await page.goto(demo.url);
      await search(page, 'zarif');
      await Promise.all([page.waitForURL((url) => url.hash === '#2025-01-30-2'), widget(page).entries.filter({ hasText: 'Shargh' }).click()]);
      await page.locator('.quire-target').waitFor();
      await page.screenshot({ path: path.join(folder, 'demo-article.png') });
      await assertClean(page, problems);
      await page.close();
    } finally {
      await demo.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('an article page opened from an entry link, light and dark', { timeout: 60_000 }, async () => {
    const root = siteWithArticle();
    const articleSite = await serveSite(root);
    try {
      const { page, problems } = await openPage(browser.context);
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.goto(`${articleSite.url}${ARTICLE_PATH.slice(1)}?quire-highlight=Zarif&quire-highlight=Shargh&case=${scheme}#2025-01-30-2`);
        await page.locator('.quire-target').waitFor();
        const file = path.join(folder, `article-${scheme}.png`);
        await page.screenshot({ path: file });
        assert.ok(statSync(file).size > 10_000);
      }
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
      await assertClean(page, problems);
      await page.close();
    } finally {
      await articleSite.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('dark mode', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(site.url);
    await search(page, 'khamenei');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(18, 22, 26)');
    await shoot(page, 'desktop-dark');
    await search(page, 'talks');
    await resultsAfter(page, () => widget(page).root.locator('.period[data-period="2025-01"]').click());
    await shoot(page, 'desktop-dark-month');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${site.url}?q=talks`);
    await widget(page).status.filter({ hasText: 'for “talks”' }).waitFor();
    await shoot(page, 'phone-dark');
    await widget(page).root.locator('.filters-toggle').click();
    await page.screenshot({ path: path.join(folder, 'phone-dark-drawer.png') });
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
    await assertClean(page, problems);
    await page.close();
  });
});
