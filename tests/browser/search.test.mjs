// The demo page's normal flows: lazy loading, search as you type, filters, sort, keyboard,
// URL state, the results event, and the strict Content-Security-Policy. Every flow must
// leave no console error or warning and no CSP violation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CSP } from '../../www/serve.mjs';
import {
  assertClean,
  cspViolations,
  facetCounts,
  launchBrowser,
  nextResults,
  openPage,
  quire,
  requireBuilt,
  search,
  serveSite,
  shownDates,
  shownTitles,
  widget,
} from './helpers.mjs';

describe('the demo page', () => {
  let browser;
  let site;

  before(async () => {
    requireBuilt();
    browser = await launchBrowser();
    site = await serveSite();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('loads the index only when the search box is first used', async () => {
    const { page, problems } = await openPage(browser.context);
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(site.url);
    await page.waitForLoadState('networkidle');
    const eager = requested.filter((path) => /quire\.json$|\.wasm$|\.qi$|quire-engine\.js$/.test(path));
    assert.deepEqual(eager, [], 'nothing of the engine or index is fetched before the search box is used');

    const w = widget(page);
    const manifest = page.waitForRequest((request) => request.url().endsWith('/quire/quire.json'));
    await w.input.focus();
    await manifest;
    await w.status.filter({ hasText: '10 articles in the archive' }).waitFor();
    assert.equal(await w.list.isHidden(), true, 'no list without a query or filter');
    assert.equal(await w.input.getAttribute('aria-expanded'), 'false');
    await assertClean(page, problems);
    await page.close();
  });

  test('typing shows ranked results with highlighted words and entries', async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);

    // The last word matches as a prefix while typing.
    await search(page, 'zari');
    assert.equal(await w.status.textContent(), '1 result for “zari”');
    assert.deepEqual(await w.root.locator('.option.hit mark').allTextContents(), ['Zarif', 'Zarif']);

    await search(page, 'talks');
    assert.equal(await w.status.textContent(), '8 results for “talks”');
    // The ranking is the engine's: the CLI answers the same request.
    const expected = JSON.parse(quire('search', 'www/quire', 'talks', '--typing', '--json', '--limit', '20'));
    assert.deepEqual(await shownTitles(page), expected.hits.map((hit) => hit.title));

    const first = w.hits.first();
    assert.deepEqual(await first.locator('.title mark').allTextContents(), ['Talks']);
    const marks = await w.root.locator('.option mark').allTextContents();
    assert.ok(marks.length >= 8 && marks.every((mark) => /^talk/i.test(mark)), `marks: ${marks}`);
    assert.equal(await w.root.locator('.option mark').first().evaluate((mark) => mark.localName), 'mark');

    // Human dates, the kind badge and sub-results linking to their anchors.
    const khamenei = w.hits.filter({ hasText: 'Khamenei Greenlights' });
    assert.equal(await khamenei.locator('.meta time').textContent(), '31 Jan 2025');
    assert.equal(await khamenei.locator('.kind').textContent(), 'Analysis');
    const entries = w.root.locator('.result').filter({ hasText: 'Khamenei Greenlights' }).locator('.option.entry');
    assert.ok((await entries.count()) >= 1);
    const entryHrefs = await entries.locator('a').evaluateAll((links) => links.map((link) => new URL(link.href).pathname + new URL(link.href).hash));
    assert.ok(entryHrefs.every((href) => href.startsWith('/analysis/khamenei-greenlights-iran-u-s-talks-will-trump/#2025-01-')), entryHrefs.join());
    assert.match(await entries.first().textContent(), /talk/i);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'true');
    await assertClean(page, problems);
    await page.close();
  });

  test('a search that finds nothing says what was searched and which words match nothing', async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'zarif qwertyuiop');
    assert.equal(await w.status.textContent(), 'No results for “zarif qwertyuiop”: no article contains “qwertyuiop”.');
    assert.match(await w.root.locator('.empty').textContent(), /Check the spelling of “qwertyuiop”/);
    assert.equal(await w.options.count(), 0);
    assert.equal(await w.input.getAttribute('aria-expanded'), 'false');
    await assertClean(page, problems);
    await page.close();
  });

  test('a filter narrows the results and the counts change', async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    assert.deepEqual(await facetCounts(w.facet('Kind')), { Analysis: 6, Event: 2 });
    assert.deepEqual(await facetCounts(w.facet('Author')), { 'Ali Alfoneh': 6, AGSI: 2 });

    // Long facets show a few values and a toggle for the rest.
    const people = w.facet('Person');
    assert.equal(Object.keys(await facetCounts(people)).length, 5);
    await people.getByRole('button', { name: 'Show 9 more' }).click();
    assert.equal(Object.keys(await facetCounts(people)).length, 14);
    assert.equal(await people.locator('button[data-more]').getAttribute('aria-expanded'), 'true');

    let drawn = nextResults(page);
    await w.facet('Kind').locator('label', { hasText: 'Event' }).locator('input').check();
    assert.equal((await drawn).results.total, 2);
    assert.equal(await w.status.textContent(), '2 results for “talks”');
    assert.deepEqual(await w.hits.locator('.kind').allTextContents(), ['Event', 'Event']);
    // Other facets count within the selection; the facet's own values keep their counts.
    assert.deepEqual(await facetCounts(w.facet('Author')), { AGSI: 2 });
    assert.deepEqual(await facetCounts(w.facet('Kind')), { Analysis: 6, Event: 2 });
    assert.equal(await w.facet('Kind').locator('label', { hasText: 'Event' }).locator('input').isChecked(), true);
    assert.equal(new URL(page.url()).searchParams.get('kind'), 'Event');
    assert.match(await w.root.locator('.filters-toggle').textContent(), /Filters \(1\)/);

    // A date range narrows further.
    drawn = nextResults(page);
    await w.root.locator('#from').fill('2025-01');
    await drawn;
    drawn = nextResults(page);
    await w.root.locator('#to').fill('2025-05');
    const { request, results } = await drawn;
    assert.equal(request.dateFrom, '2025-01');
    assert.equal(request.dateTo, '2025-05');
    assert.equal(results.total, 1);
    assert.deepEqual(await shownDates(page), ['2025-04-29']);
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('from'), '2025-01');
    assert.equal(params.get('to'), '2025-05');

    // Without a query, filters browse the archive, newest first.
    const browsed = nextResults(page);
    await w.input.fill('');
    await browsed;
    assert.equal(await w.status.textContent(), '1 article, newest first');

    const cleared = nextResults(page);
    await w.root.locator('.clear').click();
    await cleared;
    assert.equal(await w.status.textContent(), '10 articles in the archive. Type to search, or choose a filter to browse.');
    assert.equal(await w.options.count(), 0);
    await assertClean(page, problems);
    await page.close();
  });

  test('sorting by date orders the results newest or oldest first', async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    const byRelevance = await shownDates(page);

    let drawn = nextResults(page);
    await w.sort.selectOption('newest');
    await drawn;
    const newest = await shownDates(page);
    assert.equal(newest.length, 8);
    assert.deepEqual(newest, [...newest].sort().reverse());
    assert.notDeepEqual(newest, byRelevance);

    drawn = nextResults(page);
    await w.sort.selectOption('oldest');
    await drawn;
    const oldest = await shownDates(page);
    assert.deepEqual(oldest, [...oldest].sort());
    assert.deepEqual(new Set(oldest), new Set(newest));
    assert.equal(oldest[0], '2023-10-03');
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'oldest');
    await assertClean(page, problems);
    await page.close();
  });

  test('the keyboard: "/" focuses, arrows move through results and entries, Enter opens, Escape clears', async () => {
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
    await w.status.filter({ hasText: '1 result for “zarif”' }).waitFor();
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
    const back = nextResults(page);
    await page.keyboard.press('Escape');
    await back;
    assert.equal(await w.input.inputValue(), '');
    assert.equal(await w.input.getAttribute('aria-expanded'), 'false');
    assert.equal(new URL(page.url()).searchParams.has('q'), false);

    await page.keyboard.type('zarif');
    await w.status.filter({ hasText: '1 result for “zarif”' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const target = new URL(await w.options.nth(1).locator('a').getAttribute('href'), page.url());
    assert.match(target.hash, /^#2025-01-30/);
    await assertClean(page, problems);
    await Promise.all([
      page.waitForURL((url) => url.pathname === target.pathname && url.hash === target.hash),
      page.keyboard.press('Enter'),
    ]);
    await page.close();
  });

  test('the URL keeps query, filters and sort: reload and Back restore them', async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    const event = () => w.facet('Kind').locator('label', { hasText: 'Event' }).locator('input');

    await search(page, 'talks');
    let drawn = nextResults(page);
    await event().check();
    await drawn;
    drawn = nextResults(page);
    await w.sort.selectOption('oldest');
    await drawn;
    const url = new URL(page.url());
    assert.equal(url.search, '?q=talks&kind=Event&sort=oldest');
    const titles = await shownTitles(page);
    assert.equal(titles.length, 2);

    // A reload shows the same results at once, without touching the search box.
    await page.reload();
    await w.status.filter({ hasText: '2 results for “talks”' }).waitFor();
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
    await w.status.filter({ hasText: '8 results for “talks”' }).waitFor();
    assert.equal(await event().isChecked(), false);

    await page.goBack();
    await page.waitForURL((u) => u.search === '');
    await page.waitForFunction(() => document.querySelector('quire-search').shadowRoot.querySelector('input').value === '');

    await page.goForward();
    await page.waitForURL((u) => u.search === '?q=talks');
    await w.status.filter({ hasText: '8 results for “talks”' }).waitFor();
    assert.equal(await w.input.inputValue(), 'talks');
    await assertClean(page, problems);
    await page.close();
  });

  test('quire:results reports each search, and preventDefault leaves the list to the page', async () => {
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
    assert.equal(await w.status.textContent(), '1 result for “zarif”');
    await assertClean(page, problems);
    await page.close();
  });

  test('works under the strict Content-Security-Policy', async () => {
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
