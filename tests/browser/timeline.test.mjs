// The timeline above the results: a bar per month with results (empty slots between), its
// counts those of the engine (entries, each in its own month), each bar a button named for
// people ("January 2025: 2 results") that filters to its month and, pressed again, clears
// the dates.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  cliFacet,
  cliSearch,
  countPhrase,
  facetCounts,
  unitsPhrase,
  openPage,
  resultsAfter,
  search,
  servedSite,
  shownDates,
  widget,
} from './helpers.mjs';

const monthName = (month) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

/** The months from `first` to `last`, inclusive. */
function monthsBetween(first, last) {
  const months = [];
  for (let [y, m] = first.split('-').map(Number); `${y}-${String(m).padStart(2, '0')}` <= last; m === 12 ? ((m = 1), y++) : m++) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return months;
}

/** The bars drawn: [{month, count, name, pressed, outside}], in order. */
function shownBars(page) {
  return widget(page).bars.evaluateAll((bars) =>
    bars.map((bar) => ({
      month: bar.dataset.period,
      count: Number(bar.dataset.count),
      name: bar.getAttribute('aria-label'),
      pressed: bar.getAttribute('aria-pressed'),
      outside: bar.classList.contains('outside'),
    })),
  );
}

/** Sums of bar counts per year. */
function perYear(bars) {
  const years = {};
  for (const { month, count } of bars) years[month.slice(0, 4)] = (years[month.slice(0, 4)] ?? 0) + count;
  return years;
}

/** The period of the bar that has focus in the widget, if one has. */
const focusedBar = (page) =>
  page.evaluate(() => document.querySelector('quire-search').shadowRoot.activeElement?.closest('.period')?.dataset.period ?? null);

describe('the timeline', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  test('bars count the results by month, and sum per year to the Year filter’s counts', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await w.input.focus();
    await w.status.filter({ hasText: 'in the archive' }).waitFor();

    for (const query of ['', 'talks', 'trump']) {
      if (query) await search(page, query);
      const expected = cliSearch(query);
      assert.ok(expected.timeline.length >= 2, `“${query}” spans months`);
      await w.timeline.waitFor();
      const bars = await shownBars(page);
      assert.deepEqual(bars.map(({ month, count }) => ({ month, count })), expected.timeline.map(({ month, count }) => ({ month, count })), `bars of “${query}”`);
      assert.deepEqual(perYear(bars), cliFacet(expected, 'year'));
      // A single year that every result has is no choice: the Year facet is hidden then.
      const years = perYear(bars);
      const counted = expected.unit === 'entries' ? expected.entryTotal + expected.articleTotal : expected.total;
      const single = Object.keys(years).length === 1 && Object.values(years)[0] === counted;
      assert.deepEqual(await facetCounts(w.facet('Year')), single ? {} : years);
      // Months without results between the first and the last are empty slots.
      const slots = monthsBetween(expected.timeline[0].month, expected.timeline.at(-1).month);
      assert.equal(await w.timeline.locator('.empty').count(), slots.length - bars.length);
      // Each bar is a button named for people; one of them is in the tab order.
      // ("October 2023: 1 article" for “talks”: an event, beside the editions' entries.)
      for (const [i, bar] of bars.entries()) {
        assert.equal(bar.name, `${monthName(bar.month)}: ${unitsPhrase(expected.timeline[i], expected.unit, ['result', 'results'])}`);
        assert.equal(bar.pressed, 'false');
      }
      assert.equal(await w.timeline.getByRole('button').count(), bars.length);
      assert.equal(await w.timeline.locator('.period[tabindex="0"]').count(), 1);
      if (!query) assert.deepEqual(await w.timeline.locator('.year').allTextContents(), ['2023', '2024', '2025']);
    }
    assert.equal(await w.timeline.getByRole('button', { name: 'May 2025: 3 entries' }).count(), 1);
    // Bars count entries: the two January entries that name Trump, not their one edition.
    assert.equal(await w.timeline.getByRole('button', { name: 'January 2025: 2 entries' }).count(), 1);
    assert.deepEqual(await w.timeline.locator('.year').allTextContents(), ['2025']);
    const chart = await w.timeline.getByRole('toolbar').getAttribute('aria-labelledby');
    assert.equal(await w.root.locator(`#${chart}`).textContent(), 'Results by month');

    // One month of results is no chart.
    await search(page, 'zarif');
    assert.equal(cliSearch('zarif').timeline.length, 1);
    assert.equal(await w.timeline.isHidden(), true);
    await assertClean(page, problems);
    await page.close();
  });

  test('a bar filters to its month; the bars stay, and a second press clears the dates', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    const before = await shownBars(page);
    const all = cliSearch('talks');
    const month = '2025-05';
    const bar = w.timeline.getByRole('button', { name: `${monthName(month)}: ` });

    const { request, results } = await resultsAfter(page, () => bar.click());
    assert.equal(request.dateFrom, month);
    assert.equal(request.dateTo, month);
    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('from'), month);
    assert.equal(params.get('to'), month);
    const expected = cliSearch('talks', '--from', month, '--to', month);
    assert.equal(results.total, expected.total);
    // The bar counts entries (and articles without entries): those the month lists.
    assert.equal(results.entryTotal + results.hits.filter((hit) => hit.entries.length === 0).length, before.find((b) => b.month === month).count);
    assert.ok(results.total < all.total);
    const dates = await shownDates(page);
    assert.equal(dates.length, expected.total);
    assert.ok(dates.every((date) => date.startsWith(month)), dates.join());
    // The bars stay, the month's is pressed, the others are out of the range.
    const during = await shownBars(page);
    assert.deepEqual(during.map(({ month: m, count }) => [m, count]), before.map(({ month: m, count }) => [m, count]));
    assert.deepEqual(during.filter((b) => b.pressed === 'true').map((b) => b.month), [month]);
    assert.ok(during.every((b) => b.outside === (b.month !== month)));
    assert.equal(await w.root.locator('#from').inputValue(), month);
    assert.equal(await w.root.locator('#to').inputValue(), month);
    assert.match(await w.timeline.locator('.readout').textContent(), /^May 2025: \d+ entr(y|ies)$/);
    // The month's bar keeps focus across the redraw.
    assert.equal(await focusedBar(page), month);

    // A reload shows the same.
    await page.reload();
    await w.status.filter({ hasText: `${countPhrase(expected, true)} for “talks”` }).waitFor();
    assert.equal((await shownBars(page)).find((b) => b.month === month).pressed, 'true');

    // Again: every date.
    const cleared = await resultsAfter(page, () => bar.click());
    assert.equal(cleared.request.dateFrom, undefined);
    assert.equal(cleared.results.total, all.total);
    assert.equal(new URL(page.url()).search, '?q=talks');
    assert.ok((await shownBars(page)).every((b) => b.pressed === 'false' && !b.outside));

    // Back returns to the month.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('from') === month);
    await w.status.filter({ hasText: `${countPhrase(expected, true)} for “talks”` }).waitFor();

    // "All dates" clears a range too.
    const allDates = w.timeline.getByRole('button', { name: 'All dates' });
    await resultsAfter(page, () => allDates.click());
    assert.equal(new URL(page.url()).search, '?q=talks');
    assert.equal(await allDates.isHidden(), true);
    await assertClean(page, problems);
    await page.close();
  });

  test('the keyboard: arrows move between bars, Enter and Space press one', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    const months = (await shownBars(page)).map((b) => b.month);

    // Tab from the sort control's neighbourhood reaches the one bar in the tab order.
    await w.timeline.locator('.period[tabindex="0"]').focus();
    assert.equal(await focusedBar(page), months[0]);
    await page.keyboard.press('ArrowRight');
    assert.equal(await focusedBar(page), months[1]);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focusedBar(page), months[0], 'the first bar stays first');
    await page.keyboard.press('End');
    assert.equal(await focusedBar(page), months.at(-1));
    assert.equal(await w.timeline.locator('.period[tabindex="0"]').getAttribute('data-period'), months.at(-1));
    assert.match(await w.timeline.locator('.readout').textContent(), /^May 2025: /, 'the readout names the focused bar');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const month = months[1];

    const { results } = await resultsAfter(page, () => page.keyboard.press('Enter'));
    assert.equal(results.total, cliSearch('talks', '--from', month, '--to', month).total);
    assert.equal(await focusedBar(page), month, 'focus stays on the bar');
    assert.equal(await w.timeline.locator(`.period[data-period="${month}"]`).getAttribute('aria-pressed'), 'true');

    const cleared = await resultsAfter(page, () => page.keyboard.press(' '));
    assert.equal(cleared.results.total, cliSearch('talks').total);
    assert.equal(new URL(page.url()).searchParams.has('from'), false);
    assert.equal(await focusedBar(page), month);

    // Tab leaves the chart: it is one stop.
    await page.keyboard.press('Tab');
    assert.equal(await focusedBar(page), null);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedBar(page), month, 'Shift+Tab returns to the bar last used');
    await assertClean(page, problems);
    await page.close();
  });

  test('a range of months set in the filters marks the bars outside it', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?q=talks&from=2025-01&to=2025-04`);
    const w = widget(page);
    const expected = cliSearch('talks', '--from', '2025-01', '--to', '2025-04');
    await w.status.filter({ hasText: `${countPhrase(expected, true)} for “talks”` }).waitFor();
    const bars = await shownBars(page);
    assert.deepEqual(
      bars.map(({ month, count }) => ({ month, count })),
      cliSearch('talks').timeline.map(({ month, count }) => ({ month, count })),
      'the timeline ignores the dates',
    );
    for (const bar of bars) assert.equal(bar.outside, bar.month < '2025-01' || bar.month > '2025-04', bar.month);
    assert.ok(bars.every((bar) => bar.pressed === 'false'), 'a range is no month');
    assert.equal(await w.timeline.getByRole('button', { name: 'All dates' }).isVisible(), true);
    await assertClean(page, problems);
    await page.close();
  });
});
