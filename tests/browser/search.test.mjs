// The demo page's normal flows: lazy loading, search as you type, filters, sort, keyboard,
// URL state, the results event, and the strict Content-Security-Policy. Every flow must
// leave no console error or warning and no CSP violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CSP } from '../../www/serve.mjs';
import {
  assertClean,
  cliFacet,
  cliSearch,
  countPhrase,
  cspViolations,
  facetCounts,
  openPage,
  resultsAfter,
  search,
  servedSite,
  shownDates,
  shownTitles,
  widget,
  WWW,
} from './helpers.mjs';

/** The status line for `n` results of `query`. */
/** The status line for CLI results of a query: what the engine counts (see countPhrase). */
const resultsFor = (results, query) => `${countPhrase(results, true)} for “${query}”`;

describe('the demo page', () => {
  let browser;
  let site;
  let close;
  let archive;

  before(async () => {
    const { documents } = JSON.parse(readFileSync(path.join(WWW, 'quire', 'quire.json'), 'utf8'));
    archive = `${documents} articles in the archive, newest first`;
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  test('an archive page shows its newest articles on load, once the widget is in view', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    // The widget is below the fold (and beyond the 200 px of look-ahead): nothing loads.
    await page.setViewportSize({ width: 1280, height: 120 });
    await page.goto(site.url);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    assert.deepEqual(requested.filter((path) => /quire\.json$|\.wasm$|\.qi$/.test(path)), [], 'nothing loads while the widget is out of view');
    const w = widget(page);
    assert.equal(await w.status.textContent(), 'Select the box to search or browse the whole archive.');
    // Scrolled into view: the newest articles, without a click, and the URL untouched.
    await page.setViewportSize({ width: 1280, height: 800 });
    await w.status.filter({ hasText: archive }).waitFor();
    assert.equal(await w.hits.count(), Math.min(20, Number.parseInt(archive, 10)));
    const dates = await shownDates(page);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await w.root.locator('.filters').isVisible(), true);
    assert.notEqual(await page.evaluate(() => document.activeElement?.localName), 'quire-search', 'browsing takes no focus');
    await assertClean(page, problems);
    await page.close();
  });

  test('with browse="none", loads the index only when the search box is first used', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context, { widget: { browse: 'none' } });
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(site.url);
    await page.waitForLoadState('networkidle');
    const eager = requested.filter((path) => /quire\.json$|\.wasm$|\.qi$|quire-engine\.js$/.test(path));
    assert.deepEqual(eager, [], 'nothing of the engine or index is fetched before the search box is used');
    const w = widget(page);
    assert.equal(await w.status.textContent(), 'Select the box to search or browse the whole archive.');
    assert.equal(await w.root.locator('.filters').isHidden(), true, 'no filters before the index is loaded');

    const manifest = page.waitForRequest((request) => request.url().endsWith('/quire/quire.json'));
    await w.input.focus();
    await manifest;
    // With nothing entered, the widget is the archive: every article, newest first.
    await w.status.filter({ hasText: archive }).waitFor();
    assert.equal(await w.hits.count(), Math.min(20, Number.parseInt(archive, 10)));
    const dates = await shownDates(page);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(await w.input.getAttribute('aria-expanded'), 'true');
    // Every entry answers a search without words: each edition lists its first ones, as the
    // engine says (a widget that wants none asks for `entriesPerHit: 0`).
    const browsed = cliSearch('');
    assert.equal(await w.root.locator('.option.entry').count(), browsed.hits.reduce((sum, hit) => sum + hit.entries.length, 0));
    await assertClean(page, problems);
    await page.close();
  });

  test('typing shows ranked results with highlighted words and entries', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);

    // The last word matches as a prefix while typing.
    await search(page, 'zari');
    assert.equal(await w.status.textContent(), resultsFor(cliSearch('zari'), 'zari'));
    // The name is in entries: they show it highlighted (the hit's excerpt does not repeat them).
    const zarifMarks = await w.root.locator('.option mark').allTextContents();
    assert.ok(zarifMarks.includes('Zarif') && zarifMarks.every((mark) => /^zari/i.test(mark)), `marks: ${zarifMarks}`);

    await search(page, 'talks');
    // The ranking is the engine's: the CLI answers the same request.
    const expected = cliSearch('talks');
    assert.ok(expected.total >= 5, 'the sample corpus has several articles about talks');
    assert.equal(await w.status.textContent(), resultsFor(expected, 'talks'));
    assert.deepEqual(await shownTitles(page), expected.hits.map((hit) => hit.title));

    const first = w.hits.first();
    assert.deepEqual(await first.locator('.title mark').allTextContents(), ['Talks']);
    const marks = await w.root.locator('.option mark').allTextContents();
    assert.ok(marks.length >= expected.total && marks.every((mark) => /^talk/i.test(mark)), `marks: ${marks}`);
    assert.equal(await w.root.locator('.option mark').first().evaluate((mark) => mark.localName), 'mark');

    // Human dates, the kind badge and sub-results linking to their anchors.
    const khamenei = w.hits.filter({ hasText: 'Khamenei Greenlights' });
    assert.equal(await khamenei.locator('.meta time').textContent(), '31 Jan 2025');
    assert.equal(await khamenei.locator('.kind').textContent(), 'Analysis');
    const entries = w.root.locator('.result').filter({ hasText: 'Khamenei Greenlights' }).locator('.option.entry');
    assert.ok((await entries.count()) >= 1);
    const entryHrefs = await entries.evaluateAll((links) => links.map((link) => new URL(link.href).pathname + new URL(link.href).hash));
    assert.ok(entryHrefs.every((href) => href.startsWith('/analysis/khamenei-greenlights-iran-u-s-talks-will-trump/#2025-01-')), entryHrefs.join());
    assert.match(await entries.first().textContent(), /talk/i);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'true');
    await assertClean(page, problems);
    await page.close();
  });

  test('words that match nothing are named, typos are corrected, and a suggestion is offered', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);

    await search(page, 'qwertyuiop');
    assert.equal(await w.status.textContent(), 'No results for “qwertyuiop”: no article contains “qwertyuiop”.');
    assert.match(await w.root.locator('.no-results').textContent(), /Check the spelling of “qwertyuiop”/);
    assert.equal(await w.options.count(), 0);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'false');

    // One word matches nothing: results for the others, and a closer spelling to try.
    await search(page, 'zarif shxrxh');
    assert.equal(await w.status.textContent(), `No article contains “shxrxh”. Showing ${countPhrase(cliSearch('zarif shxrxh'), true)} for the other words.`);
    assert.equal(await w.hits.count(), 1);
    assert.equal(await w.root.locator('.no-results').isHidden(), true);
    const suggestion = w.root.locator('[part="suggest"]');
    assert.equal(await suggestion.textContent(), 'Did you mean zarif Shargh?');
    await resultsAfter(page, () => suggestion.getByRole('button').click());
    assert.equal(await w.input.inputValue(), 'zarif Shargh');
    assert.equal(await w.status.textContent(), resultsFor(cliSearch('zarif Shargh'), 'zarif Shargh'));
    assert.equal(new URL(page.url()).searchParams.get('q'), 'zarif Shargh');
    assert.equal(await suggestion.isHidden(), true);

    // A typo is read as the word it resembles, and said so.
    await search(page, 'pezeshkan');
    const expected = cliSearch('pezeshkan');
    assert.deepEqual(expected.corrections, [{ word: 'pezeshkan', replacement: 'Pezeshkian' }]);
    assert.equal(await w.status.textContent(), `${resultsFor(expected, 'pezeshkan')} (as “Pezeshkian”)`);
    const corrected = await w.root.locator('.option mark').allTextContents();
    assert.ok(corrected.length > 0 && corrected.every((mark) => mark === 'Pezeshkian'), `marks: ${corrected}`);
    assert.equal(await suggestion.isHidden(), true, 'no "Did you mean" for what was already corrected');
    await assertClean(page, problems);
    await page.close();
  });

  test('a filter narrows the results and the counts change', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    const all = cliSearch('talks');
    const kinds = cliFacet(all, 'kind');
    assert.ok(kinds.Analysis > 0 && kinds.Event > 0, 'talks are found in both kinds');
    assert.deepEqual(await facetCounts(w.facet('Kind')), kinds);
    assert.deepEqual(await facetCounts(w.facet('Author')), cliFacet(all, 'author'));

    // Long facets show a few values and a toggle for the rest.
    const people = w.facet('Person');
    const everyone = Object.keys(cliFacet(all, 'person')).length;
    assert.ok(everyone > 5);
    assert.equal(Object.keys(await facetCounts(people)).length, 5);
    await people.getByRole('button', { name: `Show ${everyone - 5} more` }).click();
    assert.equal(Object.keys(await facetCounts(people)).length, everyone);
    assert.equal(await people.locator('button[data-more]').getAttribute('aria-expanded'), 'true');

    const eventKind = w.facet('Kind').locator('label', { hasText: 'Event' }).locator('input');
    const filtered = await resultsAfter(page, () => eventKind.check());
    const events = cliSearch('talks', '--filter', 'kind=Event');
    // Events have no entries: each counts once, as an article.
    assert.equal(filtered.results.total, kinds.Event);
    assert.ok(kinds.Event < all.total, 'the filter narrows');
    // The status line names the filter; a chip above the results removes it.
    assert.equal(await w.status.textContent(), `${resultsFor(events, 'talks')} · Kind: Event`);
    assert.deepEqual(await w.root.locator('.chip').allTextContents(), ['Kind: Event×']);
    assert.deepEqual(await w.hits.locator('.kind').allTextContents(), Array(kinds.Event).fill('Event'));
    // Other facets count within the selection; the facet's own values keep their counts.
    const years = await facetCounts(w.facet('Year'));
    assert.deepEqual(years, cliFacet(events, 'year'));
    assert.notDeepEqual(years, cliFacet(all, 'year'), 'the counts change');
    assert.deepEqual(await facetCounts(w.facet('Kind')), kinds);
    // A facet left with one value that every result has could not narrow them: it is hidden.
    assert.deepEqual(cliFacet(events, 'author'), { AGSI: events.total });
    assert.equal(await w.facet('Author').count(), 0, 'Author (AGSI on every Event) is hidden');
    assert.equal(await eventKind.isChecked(), true);
    assert.equal(new URL(page.url()).searchParams.get('kind'), 'Event');
    assert.match(await w.root.locator('.filters-toggle').textContent(), /Filters \(1\)/);

    // A date range narrows further: typed, and applied by Enter (or by leaving the field).
    await w.root.locator('#from').fill('2025-01');
    await resultsAfter(page, () => w.root.locator('#from').press('Enter'));
    await w.root.locator('#to').fill('2025-5');
    const { request, results } = await resultsAfter(page, () => w.root.locator('#to').press('Tab'));
    assert.equal(await w.root.locator('#to').inputValue(), '2025-05', 'read as a year and month');
    assert.equal(request.dateFrom, '2025-01');
    assert.equal(request.dateTo, '2025-05');
    const ranged = cliSearch('talks', '--filter', 'kind=Event', '--from', '2025-01', '--to', '2025-05');
    assert.ok(ranged.total < kinds.Event, 'the dates narrow');
    assert.equal(results.total, ranged.total);
    const dates = await shownDates(page);
    assert.ok(dates.every((date) => date >= '2025-01-01' && date <= '2025-05-31'), dates.join());
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('from'), '2025-01');
    assert.equal(params.get('to'), '2025-05');

    // Without a query, filters browse the archive, newest first.
    const browsing = await resultsAfter(page, () => w.input.fill(''));
    assert.ok(browsing.results.total >= ranged.total);
    assert.match(await w.status.textContent(), /^\d+ articles?, newest first · Kind: Event · Jan 2025 – May 2025$/);

    await resultsAfter(page, () => w.root.locator('.clear').click());
    assert.equal(await w.status.textContent(), archive);
    assert.equal(await w.hits.count(), Math.min(20, Number.parseInt(archive, 10)));
    await assertClean(page, problems);
    await page.close();
  });

  test('sorting by date orders the results newest or oldest first', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    const byRelevance = await shownDates(page);

    await resultsAfter(page, () => w.sort.selectOption('newest'));
    const newest = await shownDates(page);
    const all = cliSearch('talks');
    assert.equal(newest.length, all.total);
    assert.deepEqual(newest, [...newest].sort().reverse());
    assert.notDeepEqual(newest, byRelevance);

    await resultsAfter(page, () => w.sort.selectOption('oldest'));
    const oldest = await shownDates(page);
    assert.deepEqual(oldest, [...oldest].sort());
    assert.deepEqual(new Set(oldest), new Set(newest));
    assert.equal(oldest[0], all.hits.map((hit) => hit.date).sort()[0]);
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'oldest');

    // Without a query there is no relevance: the select says what the list shows.
    await resultsAfter(page, () => w.sort.selectOption('relevance'));
    await resultsAfter(page, () => w.input.fill(''));
    assert.equal(await w.sort.inputValue(), 'newest');
    assert.equal(await w.sort.locator('option[value="relevance"]').isDisabled(), true);
    await resultsAfter(page, () => w.input.fill('talks'));
    assert.equal(await w.sort.inputValue(), 'relevance');
    await assertClean(page, problems);
    await page.close();
  });

  test('the keyboard: "/" focuses, arrows move through results and entries, Enter opens, Escape clears', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    const focusedRole = () =>
      page.evaluate(() => document.querySelector('quire-search').shadowRoot.activeElement?.getAttribute('role') ?? null);

    await page.locator('h1').click();
    await page.keyboard.press('/');
    assert.equal(await focusedRole(), 'combobox');
    assert.equal(await w.input.inputValue(), '', 'the "/" that focused the box is not typed into it');

    await page.keyboard.type('zarif');
    await w.status.filter({ hasText: resultsFor(cliSearch('zarif'), 'zarif') }).waitFor();
    const ids = await w.options.evaluateAll((options) => options.map((option) => option.id));
    assert.ok(ids.length >= 2, 'a hit and at least one entry');

    await page.keyboard.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), ids[0]);
    assert.equal(await w.options.nth(0).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), ids[1]);
    assert.equal(await w.options.nth(0).getAttribute('aria-selected'), 'false');
    assert.equal(await w.options.nth(1).getAttribute('aria-selected'), 'true');
    assert.match(await w.options.nth(1).getAttribute('class'), /entry/);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), null, 'up from the first result returns to the box');

    // "/" typed in the search box is text, not a shortcut.
    await page.keyboard.type(' a/b');
    assert.equal(await w.input.inputValue(), 'zarif a/b');
    // Its results first, so that they cannot be taken for those of the Escape below.
    await w.status.filter({ hasText: '“zarif a/b”' }).waitFor();
    // Escape clears the box (back to the whole archive), then closes the list.
    await resultsAfter(page, () => page.keyboard.press('Escape'));
    assert.equal(await w.input.inputValue(), '');
    assert.equal(await w.status.textContent(), archive);
    assert.equal(new URL(page.url()).searchParams.has('q'), false);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await w.input.getAttribute('aria-expanded'), 'false');
    assert.equal(await w.list.isHidden(), true);
    await page.keyboard.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-expanded'), 'true', 'Down opens it again');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), await w.options.first().getAttribute('id'));
    await page.keyboard.press('ArrowUp');

    await page.keyboard.type('zarif');
    await w.status.filter({ hasText: resultsFor(cliSearch('zarif'), 'zarif') }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const target = new URL(await w.options.nth(1).getAttribute('href'), page.url());
    assert.match(target.hash, /^#2025-01-30/);
    await assertClean(page, problems);
    await Promise.all([
      page.waitForURL((url) => url.pathname === target.pathname && url.hash === target.hash),
      page.keyboard.press('Enter'),
    ]);
    await page.close();
  });

  test('the URL keeps query, filters and sort: reload and Back restore them', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    const event = () => w.facet('Kind').locator('label', { hasText: 'Event' }).locator('input');

    await search(page, 'talks');
    await resultsAfter(page, () => event().check());
    await resultsAfter(page, () => w.sort.selectOption('oldest'));
    const url = new URL(page.url());
    assert.equal(url.search, '?q=talks&kind=Event&sort=oldest');
    const titles = await shownTitles(page);
    const events = cliSearch('talks', '--filter', 'kind=Event', '--sort', 'date');
    assert.deepEqual(titles, events.hits.map((hit) => hit.title));
    const all = cliSearch('talks');

    // A reload shows the same results at once, without touching the search box.
    await page.reload();
    await w.status.filter({ hasText: resultsFor(events, 'talks') }).waitFor();
    assert.equal(await w.input.inputValue(), 'talks');
    assert.equal(await event().isChecked(), true);
    assert.equal(await w.sort.inputValue(), 'oldest');
    assert.deepEqual(await shownTitles(page), titles);

    // Back undoes one committed change at a time; typing made one entry.
    await page.goBack();
    await page.waitForURL((u) => u.search === '?q=talks&kind=Event');
    await page.waitForFunction(() => document.querySelector('quire-search').shadowRoot.querySelector('select').value === 'relevance');
    assert.equal(await event().isChecked(), true);

    await page.goBack();
    await page.waitForURL((u) => u.search === '?q=talks');
    await w.status.filter({ hasText: resultsFor(all, 'talks') }).waitFor();
    assert.equal(await event().isChecked(), false);

    await page.goBack();
    await page.waitForURL((u) => u.search === '');
    await page.waitForFunction(() => document.querySelector('quire-search').shadowRoot.querySelector('input').value === '');

    await page.goForward();
    await page.waitForURL((u) => u.search === '?q=talks');
    await w.status.filter({ hasText: resultsFor(all, 'talks') }).waitFor();
    assert.equal(await w.input.inputValue(), 'talks');
    await assertClean(page, problems);
    await page.close();
  });

  test('quire:results reports each search, and preventDefault leaves the list to the page', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await page.evaluate(() => {
      window.__seen = [];
      document.addEventListener('quire:results', (event) => {
        window.__seen.push({ query: event.detail.query, request: event.detail.request, total: event.detail.results.total });
        event.preventDefault();
      });
    });
    await search(page, 'zarif');
    const last = await page.evaluate(() => window.__seen.at(-1));
    assert.equal(last.query, 'zarif');
    assert.equal(last.total, 1);
    assert.equal(last.request.typing, true);
    assert.equal(last.request.sort, 'relevance');
    assert.equal(await w.options.count(), 0, 'the widget drew no list of its own');
    assert.equal(await w.list.isHidden(), true);
    assert.equal(await w.status.textContent(), resultsFor(cliSearch('zarif'), 'zarif'));
    await assertClean(page, problems);
    await page.close();
  });

  test('works under the strict Content-Security-Policy', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    const response = await page.goto(site.url);
    assert.equal(response.headers()['content-security-policy'], CSP);
    await search(page, 'zarif');
    // The widget's stylesheet was allowed and applied: the filters sit in a sidebar column.
    const rules = await page.evaluate(() => document.querySelector('quire-search').shadowRoot.querySelector('link').sheet?.cssRules.length ?? 0);
    assert.ok(rules > 20, `the widget stylesheet has ${rules} rules`);
    const columns = await widget(page).root.locator('.layout').evaluate((el) => getComputedStyle(el).gridTemplateColumns);
    assert.equal(columns.split(' ').length, 2, `grid columns: ${columns}`);
    await assertClean(page, problems);

    // The detector itself works: an inline style attribute is a violation under this policy.
    await page.evaluate(() => document.body.setAttribute('style', 'color: red'));
    await page.waitForFunction(() => window.__cspViolations.length > 0);
    assert.match((await cspViolations(page)).join(), /style-src/);
    await page.close();
  });
});
