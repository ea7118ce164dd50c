// axe-core (npm) in every state the other tests reach: idle, browsing, results (and a result
// active by keyboard, the tips open), no results, an error, the phone layout with its filters
// drawer open, dark mode and the Persian right-to-left page. No critical or serious violation
// is allowed. axe runs in the page under the demo's own Content-Security-Policy: its source
// is evaluated through the DevTools protocol (Playwright's evaluate), which the policy does
// not govern, so the page's policy stays as it is in production.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { assertClean, openPage, search, servedSite, serveSite, siteWithIndex, widget } from './helpers.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The critical and serious violations axe finds on the page (shadow roots included), as
 * readable lines. What axe itself sets off while it runs (it tries inline styles, which the
 * policy refuses) is taken out of the page's record of problems: the widget's own are kept.
 * @param {import('playwright-core').Page} page
 * @param {string[]} problems the page's console problems (see `openPage`)
 */
async function seriousViolations(page, problems) {
  const logged = problems.length;
  const blocked = await page.evaluate(() => window.__cspViolations.length);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (blocked) => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    window.__cspViolations.splice(blocked);
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 4).map((node) => JSON.stringify(node.target)) }));
  }, blocked);
  const fromAxe = problems.splice(logged);
  assert.ok(fromAxe.every((problem) => /Applying inline style violates/.test(problem)), `problems while axe ran: ${fromAxe}`);
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`);
}

describe('accessibility (axe-core)', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  /** Asserts that the page, in the state named, has no critical or serious violation. */
  async function clean(page, problems, state) {
    assert.deepEqual(await seriousViolations(page, problems), [], state);
  }

  test('the demo page, desktop, light and dark', { timeout: 120_000 }, async () => {
    for (const scheme of ['light', 'dark']) {
      const { page, problems } = await openPage(browser.context, { widget: { browse: 'none' } });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(site.url);
      const w = widget(page);
      await clean(page, problems, `${scheme}: idle, before first use`);
      await w.input.focus();
      await w.status.filter({ hasText: 'in the archive' }).waitFor();
      await clean(page, problems, `${scheme}: browsing, filters beside the results`);
      await search(page, 'talks');
      await clean(page, problems, `${scheme}: results for “talks”`);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await clean(page, problems, `${scheme}: an entry active by keyboard`);
      await page.goto(`${site.url}?q=talks&leaning=reformist&from=2024&to=2025`);
      await w.status.filter({ hasText: '·' }).waitFor();
      await clean(page, problems, `${scheme}: chips, a leaning chosen in the split, dates`);
      await w.root.locator('#from').fill('2025-13');
      await w.root.locator('#from').press('Enter');
      await clean(page, problems, `${scheme}: an invalid date`);
      await w.root.locator('[part="help"] summary').click();
      await clean(page, problems, `${scheme}: search tips open`);
      await page.keyboard.press('Escape');
      await search(page, 'rome');
      await clean(page, problems, `${scheme}: results mixing entries and an article, counted as such`);
      await search(page, 'qwertyuiop');
      await w.root.locator('.no-results').waitFor();
      await clean(page, problems, `${scheme}: no results`);
      await search(page, 'zarif shxrxh');
      await w.root.locator('[part="suggest"]').waitFor();
      await clean(page, problems, `${scheme}: words left out, a suggestion`);
      await assertClean(page, problems);
      await page.close();
    }
  });

  test('the phone layout, its filters drawer, light and dark', { timeout: 90_000 }, async () => {
    for (const scheme of ['light', 'dark']) {
      const { page, problems } = await openPage(browser.context);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(site.url);
      await search(page, 'talks');
      await clean(page, problems, `${scheme}: phone, results`);
      const w = widget(page);
      await w.root.locator('.filters-toggle').click();
      await w.root.locator('dialog.drawer[open]').waitFor();
      await clean(page, problems, `${scheme}: phone, filters drawer open`);
      await page.keyboard.press('Escape');
      await assertClean(page, problems);
      await page.close();
    }
  });

  test('right to left, in Persian', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}fa/?q=talks&leaning=reformist`);
    await widget(page).status.filter({ hasText: 'برای' }).waitFor();
    await clean(page, problems, 'rtl: results, a leaning chosen');
    await page.setViewportSize({ width: 390, height: 844 });
    await widget(page).root.locator('.filters-toggle').click();
    await clean(page, problems, 'rtl: phone, filters drawer open');
    await page.keyboard.press('Escape');
    await assertClean(page, problems);
    await page.close();
  });

  test('the check sees into the widget: a control inside an option is reported', { timeout: 60_000 }, async () => {
    // What the result list was before each option became its own link.
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?q=zarif`);
    await widget(page).status.filter({ hasText: 'for “zarif”' }).waitFor();
    await page.evaluate(() => {
      const option = document.querySelector('quire-search').shadowRoot.querySelector('.option.hit');
      const wrapper = document.createElement('div');
      wrapper.setAttribute('role', 'option');
      option.replaceWith(wrapper);
      option.removeAttribute('role');
      wrapper.append(option);
    });
    const found = await seriousViolations(page, problems);
    assert.ok(found.some((line) => line.startsWith('serious nested-interactive')), found.join('\n'));
    await page.close();
  });

  test('an error: the index is missing', { timeout: 60_000 }, async () => {
    const root = siteWithIndex(null);
    const bare = await serveSite(root);
    try {
      const { page, problems } = await openPage(browser.context);
      await page.goto(bare.url);
      await widget(page).failure.waitFor();
      await clean(page, problems, 'error: missing index');
      await page.close();
    } finally {
      await bare.close();
    }
  });
});
