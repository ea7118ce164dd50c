// What the small sample corpus cannot show: paging through a long result list (a generated
// archive of 45 articles), a shared URL with an invalid date, and URL parameters that belong
// to the page rather than to the search.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertClean, builtSite, openPage, resultsAfter, search, shownTitles, widget } from './helpers.mjs';

const ARTICLES = 45;

/** Writes a corpus of weekly reports, one a week from January 2024, and returns its folder. */
function writeCorpus(folder) {
  mkdirSync(folder, { recursive: true });
  for (let n = 1; n <= ARTICLES; n++) {
    const date = new Date(Date.UTC(2024, 0, 1 + 7 * (n - 1))).toISOString().slice(0, 10);
    writeFileSync(
      path.join(folder, `report-${n}.md`),
      `---\ntitle: "Weekly report ${n}"\ndate: ${date}\nkind: ${n % 3 ? 'Analysis' : 'Event'}\n---\n\nThe weekly report for week ${n} of the archive.\n`,
    );
  }
  return folder;
}

describe('a larger archive', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-archive-', (work) => writeCorpus(path.join(work, 'corpus'))));
  });

  after(() => close?.());

  test('"Show more results" appends the next pages, and the keyboard reaches them', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'weekly');
    assert.equal(await w.status.textContent(), `${ARTICLES} results for “weekly”`);
    // Ten per page (the widget's PAGE).
    assert.equal(await w.hits.count(), 10);
    const more = w.root.locator('[part="more"]');
    for (const offset of [10, 20, 30, 40]) {
      const next = await resultsAfter(page, () => more.click());
      assert.equal(next.request.offset, offset);
      assert.equal(await w.hits.count(), Math.min(offset + 10, ARTICLES));
    }
    assert.equal(await more.isHidden(), true, 'no more pages');
    const titles = await shownTitles(page);
    assert.equal(new Set(titles).size, ARTICLES, 'no result twice');

    await w.input.focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), await w.options.nth(29).getAttribute('id'));
    assert.equal(await w.options.nth(29).isVisible(), true, 'the active result is scrolled into view');
    await assertClean(page, problems);
    await page.close();
  });

  test('an invalid date in a shared link is explained, not thrown', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?q=weekly&from=2024-13`);
    const w = widget(page);
    await w.status.filter({ hasText: 'the dates are not valid' }).waitFor();
    assert.equal(await w.options.count(), 0);
    assert.equal(await w.failure.isHidden(), true, 'the index itself is fine');
    await assertClean(page, problems);
    await page.close();
  });

  test('parameters of the page survive searching, and are not taken for filters', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?utm_source=newsletter&ref=home#top`);
    const w = widget(page);
    await search(page, 'weekly');
    const url = new URL(page.url());
    assert.equal(url.search, '?q=weekly&utm_source=newsletter&ref=home');
    assert.equal(url.hash, '#top');
    assert.equal(await w.status.textContent(), `${ARTICLES} results for “weekly”`);
    await assertClean(page, problems);
    await page.close();
  });
});
