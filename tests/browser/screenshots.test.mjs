// Screenshots of the demo with a query and results, for people to look at (artifacts/ is
// git-ignored): desktop, phone (with the filters folded and unfolded) and dark mode, each with
// the timeline above the results and the outlet, leaning and people of entries. The layout
// facts they show are asserted too.
import assert from 'node:assert/strict';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ARTICLE_PATH,
  assertClean,
  ensureArtifacts,
  openPage,
  resultsAfter,
  search,
  servedSite,
  serveSite,
  siteWithArticle,
  widget,
} from './helpers.mjs';

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
    await shoot(page, 'desktop-start');
    const w = widget(page);
    await w.input.focus();
    await w.status.filter({ hasText: 'articles in the archive, newest first' }).waitFor();
    await shoot(page, 'desktop-idle');
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

    // Reformist outlets on Zarif: the entries of one leaning.
    await page.goto(`${site.url}?q=zarif&leaning=reformist`);
    await w.status.filter({ hasText: 'result' }).waitFor();
    await shoot(page, 'desktop-leaning');

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

  test('phone, 390×844: filters fold behind a toggle', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(site.url);
    await search(page, 'talks');
    const w = widget(page);
    assert.equal(await w.root.locator('.timeline').isVisible(), true);
    const toggle = w.root.locator('.filters-toggle');
    assert.equal(await toggle.isVisible(), true);
    assert.equal(await w.root.locator('.filters').isVisible(), false);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    await shoot(page, 'phone');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await w.root.locator('.filters').isVisible(), true);
    await shoot(page, 'phone-filters');
    await toggle.click();
    await search(page, 'zarif');
    await shoot(page, 'phone-zarif');
    await assertClean(page, problems);
    await page.close();
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
    await widget(page).status.filter({ hasText: 'results for' }).waitFor();
    await shoot(page, 'phone-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await assertClean(page, problems);
    await page.close();
  });
});
