// The widget a reader trusts: removable chips and a status line that names the filters, the
// split by leaning, filters the page fixes, facets hidden when they offer no choice, the
// phone layout and its filters drawer, typed date fields, Ctrl/⌘+K, the quire:select event,
// words overridden by a property or a JSON file, and the Persian, right-to-left widget. The
// CLI is the oracle for counts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  cliFacet,
  cliSearch,
  countPhrase,
  facetCounts,
  openPage,
  resultsAfter,
  search,
  servedSite,
  shownTitles,
  widget,
} from './helpers.mjs';

/** The element with focus inside the widget, as {role, class}. */
const focused = (page) =>
  page.evaluate(() => {
    const active = document.querySelector('quire-search').shadowRoot.activeElement;
    return active && { role: active.getAttribute('role'), class: active.getAttribute('class') };
  });

describe('the widget a reader trusts', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  test('chips name the active filters and dates and remove them; the status line names them', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?q=talks&leaning=reformist&from=2024&to=2025`);
    const w = widget(page);
    const expected = cliSearch('talks', '--filter', 'leaning=reformist', '--from', '2024', '--to', '2025');
    await w.status.filter({ hasText: '·' }).waitFor();
    assert.equal(await w.status.textContent(), `${countPhrase(expected, true)} for “talks” · Leaning: reformist · 2024–2025`);
    const chips = w.root.locator('[part="chips"] button');
    assert.deepEqual(await chips.evaluateAll((buttons) => buttons.map((b) => [b.textContent, b.getAttribute('aria-label')])), [
      ['Leaning: reformist×', 'Remove Leaning: reformist'],
      ['2024–2025×', 'Remove 2024–2025'],
      ['Clear all', null],
    ]);
    // Right above the results.
    const chipsBox = await w.root.locator('[part="chips"]').boundingBox();
    const listBox = await w.list.boundingBox();
    assert.ok(chipsBox.y + chipsBox.height <= listBox.y && listBox.y - (chipsBox.y + chipsBox.height) < 30, 'the chips sit right above the results');

    // A click removes one; the next chip takes the focus.
    const dated = cliSearch('talks', '--from', '2024', '--to', '2025');
    await resultsAfter(page, () => chips.first().click());
    assert.equal(new URL(page.url()).searchParams.has('leaning'), false);
    assert.equal(await w.status.textContent(), `${countPhrase(dated, true)} for “talks” · 2024–2025`);
    assert.deepEqual(await chips.allTextContents(), ['2024–2025×']);
    assert.deepEqual(await focused(page), { role: null, class: 'chip' });
    // Enter on the last one removes it; focus goes back to the search box.
    await resultsAfter(page, () => page.keyboard.press('Enter'));
    assert.equal(new URL(page.url()).search, '?q=talks');
    assert.equal(await w.root.locator('[part="chips"]').isHidden(), true);
    assert.equal((await focused(page)).role, 'combobox');
    assert.equal(await w.status.textContent(), `${countPhrase(cliSearch('talks'), true)} for “talks”`);

    // "Clear all" removes every filter, the query stays.
    await page.goto(`${site.url}?q=talks&kind=Analysis&leaning=reformist`);
    await w.status.filter({ hasText: 'Leaning' }).waitFor();
    await resultsAfter(page, () => w.root.locator('.chips-clear').click());
    assert.equal(new URL(page.url()).search, '?q=talks');
    await assertClean(page, problems);
    await page.close();
  });

  test('the split by leaning: counts as the engine’s, a part filters to its leaning, again shows all', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?q=talks`);
    const w = widget(page);
    await w.status.filter({ hasText: 'for “talks”' }).waitFor();
    const all = cliSearch('talks');
    const split = w.root.locator('[part="split"]');
    assert.equal(await split.locator('.split-title').textContent(), all.unit === 'entries' ? 'Entries by leaning' : 'Articles by leaning');
    const legend = await split.getByRole('button').evaluateAll((buttons) => buttons.map((b) => [b.dataset.value, Number(b.querySelector('.count').textContent)]));
    assert.deepEqual(Object.fromEntries(legend), cliFacet(all, 'leaning'));
    // The bar's parts are as wide as their counts (within the gaps and the least width).
    const parts = await split.locator('rect').evaluateAll((rects) => rects.map((r) => [r.dataset.value, Number(r.getAttribute('width'))]));
    assert.deepEqual(parts.map(([value]) => value), legend.map(([value]) => value));
    const [[, widest], [, next]] = parts;
    assert.ok(Math.abs(widest / next - legend[0][1] / legend[1][1]) < 0.1, `${widest} / ${next}`);
    assert.equal(await split.locator('.split-bar').getAttribute('aria-hidden'), 'true', 'the legend is the text alternative');

    // A click on a part of the bar.
    const reformist = cliSearch('talks', '--filter', 'leaning=reformist');
    const { request } = await resultsAfter(page, () => split.locator('rect[data-value="reformist"]').click());
    assert.deepEqual(request.filters, { leaning: ['reformist'] });
    assert.equal(new URL(page.url()).searchParams.get('leaning'), 'reformist');
    assert.deepEqual(await shownTitles(page), reformist.hits.map((hit) => hit.title));
    assert.equal(await split.getByRole('button', { name: /^reformist/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await split.locator('rect.faded').count(), legend.length - 1);
    // By keyboard: Enter on the pressed part shows all again; Space on another picks it alone.
    await split.getByRole('button', { name: /^reformist/ }).focus();
    await resultsAfter(page, () => page.keyboard.press('Enter'));
    assert.equal(new URL(page.url()).searchParams.has('leaning'), false);
    await split.getByRole('button', { name: /^state-controlled/ }).focus();
    await resultsAfter(page, () => page.keyboard.press(' '));
    assert.deepEqual(new URL(page.url()).searchParams.getAll('leaning'), ['state-controlled']);
    assert.equal((await focused(page)).class, 'split-key', 'the part keeps the focus');
    await assertClean(page, problems);
    await page.close();
  });

  test('fixed filters apply to every search, out of sight; facets without a choice are hidden', { timeout: 60_000 }, async () => {
    const series = 'Iran Media Review';
    // (The demo page hides its Series facet by name: here the fixed filter alone must.)
    const { page, problems } = await openPage(browser.context, { widget: { 'fixed-filters': `series=${series}`, 'hide-facets': 'single' } });
    await page.goto(`${site.url}?series=Other`);
    const w = widget(page);
    const browsing = cliSearch('', '--filter', `series=${series}`);
    await w.status.filter({ hasText: 'in the archive' }).waitFor();
    assert.equal(await w.status.textContent(), `${browsing.total} articles in the archive, newest first`);
    assert.deepEqual(await shownTitles(page), browsing.hits.map((hit) => hit.title));
    assert.equal(await w.facet('Series').count(), 0, 'the facet the page fixes is not offered');
    const talks = cliSearch('talks', '--filter', `series=${series}`);
    await search(page, 'talks');
    assert.equal(await w.status.textContent(), `${countPhrase(talks, true)} for “talks”`);
    assert.equal(await w.root.locator('[part="chips"]').isHidden(), true, 'no chip for what the page fixes');
    // The page's own parameter is kept, not read as a filter.
    assert.equal(new URL(page.url()).searchParams.get('series'), 'Other');
    await assertClean(page, problems);
    await page.close();

    // The demo is the series' own page: it hides the Series facet by name (hide-facets="single
    // series"), though Series would narrow the archive (its events are not in it).
    const single = await openPage(browser.context);
    await single.page.goto(site.url);
    const one = widget(single.page);
    await one.status.filter({ hasText: 'in the archive' }).waitFor();
    assert.ok(cliSearch('', '--filter', 'series=Iran Media Review').total < cliSearch('').total);
    assert.equal(await one.facet('Series').count(), 0);
    assert.equal(await one.facet('Author').count(), 1);
    // One result: every facet offers one value that it has, so none is shown...
    await single.page.goto(`${site.url}?q=zarif`);
    await one.status.filter({ hasText: 'for “zarif”' }).waitFor();
    assert.equal(await one.facet('Kind').count(), 0);
    assert.equal(await one.facet('Year').count(), 0);
    await single.page.close();
    // ...unless the page asks for every facet; hide-facets can also name facets to hide.
    const every = await openPage(browser.context, { widget: { 'hide-facets': 'author' } });
    await every.page.goto(`${site.url}?q=zarif`);
    const shown = widget(every.page);
    await shown.status.filter({ hasText: 'for “zarif”' }).waitFor();
    // (Counted in entries: the edition's two entries that name Zarif.)
    const zarif = cliSearch('zarif');
    assert.deepEqual(await facetCounts(shown.facet('Kind')), cliFacet(zarif, 'kind'));
    assert.deepEqual(await facetCounts(shown.facet('Series')), cliFacet(zarif, 'series'));
    assert.deepEqual(Object.keys(cliFacet(zarif, 'kind')), ['Analysis']);
    assert.equal(await shown.facet('Author').count(), 0);
    await assertClean(every.page, every.problems);
    await every.page.close();
  });

  test('on a phone: the first result shows above the keyboard; filters open in a drawer that counts what it will show', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    // The on-screen keyboard takes the lower 336 px: the box and the first result stay visible.
    const keyboardUp = 844 - 336;
    await page.setViewportSize({ width: 390, height: keyboardUp });
    await page.waitForTimeout(200);
    const box = await w.input.boundingBox();
    const title = await w.hits.first().locator('.title').boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= keyboardUp, `the box is visible (${box.y})`);
    assert.ok(title.y >= 0 && title.y + title.height <= keyboardUp, `the first result's title is visible (${title.y}–${title.y + title.height} of ${keyboardUp})`);
    const placeholder = await w.input.evaluate((input) => input.scrollWidth <= input.clientWidth);
    assert.ok(placeholder, 'the placeholder fits');
    await page.setViewportSize({ width: 390, height: 844 });

    const all = cliSearch('talks');
    const toggle = w.root.locator('.filters-toggle');
    assert.equal(await w.root.locator('.filters').isVisible(), false, 'no filters beside the results');
    await toggle.click();
    const drawer = w.root.locator('dialog.drawer');
    assert.equal(await drawer.evaluate((dialog) => dialog.open && dialog.matches(':modal')), true);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await drawer.locator('.filters').isVisible(), true);
    const show = drawer.locator('.drawer-show');
    // It counts in the unit of the results: the entries of “talks”, and the events' articles.
    assert.equal(all.unit, 'entries');
    assert.equal(await show.textContent(), `Show ${all.entryTotal} entries and ${all.articleTotal} articles`);
    // The drawer fills the phone's screen; a choice in it searches at once and the button says how many.
    const panel = await drawer.boundingBox();
    assert.ok(panel.width >= 389 && panel.height >= 843, `${panel.width}×${panel.height}`);
    const events = cliSearch('talks', '--filter', 'kind=Event');
    await resultsAfter(page, () => drawer.locator('label', { hasText: 'Event' }).locator('input').check());
    assert.equal(await show.textContent(), `Show ${events.total} ${events.total === 1 ? 'result' : 'results'}`);
    await show.click();
    assert.equal(await drawer.evaluate((dialog) => dialog.open), false);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal((await focused(page)).class, 'filters-toggle', 'focus returns to the toggle');
    assert.deepEqual(await shownTitles(page), events.hits.map((hit) => hit.title));
    assert.equal(await toggle.textContent(), 'Filters (1)');
    // Escape closes it too; the panel goes back where it was (and stays hidden there).
    await toggle.click();
    await page.keyboard.press('Escape');
    assert.equal(await drawer.evaluate((dialog) => dialog.open), false);
    assert.equal(await w.root.locator('.layout > .filters').count(), 1);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    await assertClean(page, problems);
    await page.close();
  });

  test('date fields take typed years and months; anything else is said to be wrong and not searched', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?q=talks`);
    const w = widget(page);
    await w.status.filter({ hasText: 'for “talks”' }).waitFor();
    const from = w.root.locator('#from');
    const hint = w.root.locator('#date-hint');
    assert.equal(await from.getAttribute('type'), 'text', 'a text field renders the same in every browser');
    assert.equal(await from.getAttribute('aria-describedby'), 'date-hint');
    assert.equal(await hint.textContent(), 'A year (2024) or a year and month (2024-05)');
    assert.equal(await w.root.locator('label[for="from"]').textContent(), 'From');
    assert.match(await from.getAttribute('placeholder'), /^\d{4}-\d{2}$/, 'the archive’s first month');

    const searches = await page.evaluate(() => window.__quireLastQuery);
    await from.fill('2025-13');
    await from.press('Enter');
    assert.equal(await from.getAttribute('aria-invalid'), 'true');
    assert.equal(await hint.textContent(), 'Write a year (2024) or a year and month (2024-05).');
    assert.equal(new URL(page.url()).searchParams.has('from'), false, 'not searched');
    assert.equal(await page.evaluate(() => window.__quireLastQuery), searches);
    assert.equal(await from.inputValue(), '2025-13', 'what was typed stays, to be corrected');

    const typed = await resultsAfter(page, async () => {
      await from.fill('2025-1');
      await from.press('Enter');
    });
    assert.equal(typed.request.dateFrom, '2025-01');
    assert.equal(await from.inputValue(), '2025-01');
    assert.equal(await from.getAttribute('aria-invalid'), 'false');
    assert.equal(await hint.textContent(), 'A year (2024) or a year and month (2024-05)');
    assert.equal(new URL(page.url()).searchParams.get('from'), '2025-01');
    // Persian digits are read; leaving the field applies it, like Enter.
    const persian = await resultsAfter(page, async () => {
      await from.fill('۲۰۲۴');
      await from.press('Tab');
    });
    assert.equal(persian.request.dateFrom, '2024');
    // Emptied: no bound.
    const cleared = await resultsAfter(page, async () => {
      await from.fill('');
      await from.press('Enter');
    });
    assert.equal(cleared.request.dateFrom, undefined);
    await assertClean(page, problems);
    await page.close();
  });

  test('Ctrl+K and ⌘K focus the search box from anywhere, and type nothing', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}?q=talks`);
    const w = widget(page);
    await w.status.filter({ hasText: 'for “talks”' }).waitFor();
    for (const key of ['Control+k', 'Meta+k', 'Control+K']) {
      await w.root.locator('#from').focus();
      await page.keyboard.press(key);
      assert.equal((await focused(page)).role, 'combobox', key);
      assert.equal(await w.input.inputValue(), 'talks', key);
      assert.equal(await w.input.evaluate((input) => input.selectionStart === 0 && input.selectionEnd === input.value.length), true, 'the query is selected, to be typed over');
    }
    await page.locator('h1').click();
    await page.keyboard.press('/');
    assert.equal((await focused(page)).role, 'combobox');
    await assertClean(page, problems);
    await page.close();
  });

  test('quire:select tells the page which result was opened, and lets it take over', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    await page.evaluate(() => {
      window.__selected = [];
      document.addEventListener('quire:select', (event) => {
        window.__selected.push(event.detail);
        if (window.__takeOver) event.preventDefault();
      });
      window.__takeOver = true;
    });
    const w = widget(page);
    await search(page, 'zarif');
    const expected = cliSearch('zarif');
    const before = page.url();
    // A click on the result.
    await w.hits.first().locator('.title').click();
    // By keyboard, on its second entry.
    await w.input.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(page.url(), before, 'the page took over: no navigation');
    const [hit, entry] = await page.evaluate(() => window.__selected);
    const hitUrl = new URL(await w.hits.first().getAttribute('href'), site.url).href;
    assert.deepEqual(hit, { url: hitUrl, id: expected.hits[0].id, anchor: null, rank: 1, query: 'zarif' });
    assert.equal(entry.id, expected.hits[0].id);
    assert.equal(entry.anchor, expected.hits[0].entries[1].anchor);
    assert.equal(entry.rank, 1);
    assert.match(entry.url, new RegExp(`#${entry.anchor}$`));
    // Not taken over: the link is followed after the event.
    await page.evaluate(() => {
      window.__takeOver = false;
    });
    await Promise.all([page.waitForURL((url) => url.hash === `#${expected.hits[0].entries[0].anchor}`), w.entries.first().click()]);
    // (The article page is not in www/: the server answers its 404 page, which the browser logs.)
    assert.deepEqual(problems.filter((problem) => !/status of 404/.test(problem)), []);
    await page.close();
  });

  test('every word can be replaced: the strings property, and a JSON file named by the strings attribute', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await w.status.filter({ hasText: 'in the archive' }).waitFor();
    await page.evaluate(() => {
      document.querySelector('quire-search').strings = {
        label: 'Search the review',
        results: { one: '{n} finding', other: '{n} findings' },
        entries: { one: '{n} item', other: '{n} items' },
        articles: { one: '{n} piece', other: '{n} pieces' },
        entriesIn: '{entries} across {articles}',
        entriesInAndOthers: '{entries} across {articles} plus {others}',
        otherArticles: { one: '{n} other piece', other: '{n} other pieces' },
        forQuery: '{count} on {query}',
        facetLabels: { kind: 'Format' },
      };
    });
    await w.root.locator('label.label').filter({ hasText: 'Search the review' }).waitFor();
    await search(page, 'talks');
    const talks = cliSearch('talks');
    const others = talks.articleTotal;
    assert.equal(await w.status.textContent(), `${talks.entryTotal} items across ${talks.total - others} pieces plus ${others} other pieces on “talks”`);
    // An answer without entries counts results.
    assert.equal(cliSearch('hamas').unit, 'articles');
    assert.equal(await w.facet('Format').count(), 1);
    await search(page, 'hamas');
    assert.equal(await w.status.textContent(), `${cliSearch('hamas').total} finding on “hamas”`);
    // Unchanged words are the widget's own.
    assert.equal(await w.root.locator('.help summary').textContent(), 'Search tips');
    await assertClean(page, problems);
    await page.close();

    const file = await openPage(browser.context, { widget: { strings: './review-strings.json' } });
    await file.page.route('**/review-strings.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ label: 'Search the review', placeholder: 'Who said what?' }) }),
    );
    await file.page.goto(site.url);
    const other = widget(file.page);
    await other.root.locator('label.label').filter({ hasText: 'Search the review' }).waitFor();
    assert.equal(await other.input.getAttribute('placeholder'), 'Who said what?');
    await assertClean(file.page, file.problems);
    await file.page.close();
  });

  test('in Persian, right to left: Persian words and digits, the layout mirrored, dates left to right', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}fa/?q=talks&leaning=reformist`);
    const w = widget(page);
    const expected = cliSearch('talks', '--filter', 'leaning=reformist');
    const digits = (n) => n.toLocaleString('fa');
    await w.status.filter({ hasText: 'برای' }).waitFor();
    const unit = expected.unit === 'entries' ? `${digits(expected.entryTotal)} مدخل در ${digits(expected.total)} مقاله` : `${digits(expected.total)} نتیجه`;
    assert.equal(await w.status.textContent(), `${unit} برای «talks» · گرایش: اصلاح‌طلب`);
    assert.equal(await w.root.locator('label.label').textContent(), 'جست‌وجو در آرشیو');
    assert.equal(await w.root.locator('.chip-text').first().textContent(), 'گرایش: اصلاح‌طلب');
    assert.equal(await w.root.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.quire')).direction), 'rtl');
    // The filters are on the right, the results on their left.
    const filters = await w.root.locator('.filters').boundingBox();
    const list = await w.list.boundingBox();
    assert.ok(filters.x > list.x + list.width, 'the sidebar is right of the results');
    // The split starts at the right; date fields read left to right; English titles keep their direction.
    const first = await w.root.locator('.split rect').first().evaluate((rect) => Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')));
    assert.ok(Math.abs(first - 1000) < 1, String(first));
    assert.equal(await w.root.locator('#from').evaluate((input) => getComputedStyle(input).direction), 'ltr');
    assert.equal(await w.hits.first().locator('.title').evaluate((title) => title.matches(':dir(ltr)')), true);
    assert.match(await w.hits.first().locator('.meta time').textContent(), /^[۰-۹]+ [^\d]+ [۰-۹]{4}$/);
    await assertClean(page, problems);
    await page.close();
  });
});
