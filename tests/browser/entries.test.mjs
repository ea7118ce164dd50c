// The outlets, leanings and people of entries: each entry's badges are the engine's tags
// (the CLI is the oracle), a leaning filter keeps the entries of that leaning under their
// edition, and every facet narrows the results as the engine says.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  cliSearch,
  countPhrase,
  facetCounts,
  openPage,
  resultsAfter,
  search,
  servedSite,
  shownDates,
  shownEntries,
  shownTitles,
  widget,
} from './helpers.mjs';

/** What the CLI says the entries are, in the shape of {@link shownEntries}. */
function expectedEntries(results) {
  return results.hits.map((hit) => ({
    title: hit.title,
    entries: hit.entries.map((entry) => ({
      anchor: entry.anchor,
      outlets: (entry.facets.outlet ?? []).join(', '),
      leanings: entry.facets.leaning ?? [],
      // Each name paired with the role held on the entry's date, as the widget shows it.
      people: (entry.people ?? []).map(({ name, role }) => (role ? `${name} (${role})` : name)),
    })),
  }));
}

/** The shown entries without what the CLI does not say (links and marks). */
const comparable = (shown) =>
  shown.map(({ title, entries }) => ({ title, entries: entries.map(({ anchor, outlets, leanings, people }) => ({ anchor, outlets, leanings, people })) }));

const anchorsOf = (shown) => new Set(shown.flatMap((result) => result.entries.map((entry) => entry.anchor)));

/** WCAG contrast ratio of two computed colours: `rgb(…)`, or `color(srgb …)` (from color-mix). */
function contrast(a, b) {
  const luminance = (color) => {
    const scale = color.startsWith('color(srgb') ? 1 : 255;
    const [r, g, b] = color.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / scale;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('entries: outlets, leanings and people', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  test('each entry shows the outlets, leanings and people the engine tagged it with', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    for (const query of ['talks', 'khamenei', 'shargh']) {
      await search(page, query);
      const expected = cliSearch(query);
      const shown = await shownEntries(page);
      assert.deepEqual(comparable(shown), expectedEntries(expected), `entries of “${query}”`);
    }
    // The sample has entries with one outlet and one leaning, and one with two of each.
    await search(page, 'talks');
    const entries = (await shownEntries(page)).flatMap((result) => result.entries);
    const khameneiIr = entries.find((entry) => entry.anchor === '2025-01-28');
    assert.deepEqual([khameneiIr.outlets, khameneiIr.leanings], ['Khamenei.ir', ['state-controlled']]);
    await search(page, 'haji-babaei');
    const [twoOutlets] = (await shownEntries(page)).flatMap((result) => result.entries);
    assert.deepEqual([twoOutlets.outlets, twoOutlets.leanings], ['Islamic Republic of Iran Broadcasting, Fararu News Agency', ['state-controlled', 'centrist']]);
    assert.deepEqual(twoOutlets.people, ['Hamid-Reza Haji-Babaei (Deputy Parliamentary Speaker)']);

    // Screen readers hear which is which: the option's text names the outlet and leaning.
    const option = widget(page).entries.first();
    assert.match(await option.textContent(), /^29 Jan 2025, outlets: Islamic Republic of Iran Broadcasting, Fararu News Agency, leanings: state-controlled, centrist\. .+\. Names: Hamid-Reza Haji-Babaei \(Deputy Parliamentary Speaker\)$/);
    await assertClean(page, problems);
    await page.close();
  });

  test('another spelling of a name finds, ranks and highlights as the register’s own', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    for (const [variant, name] of [['Araqchi', 'Araghchi'], ['ظریف', 'Zarif'], ['Pezeshkiyan', 'Pezeshkian']]) {
      await search(page, variant);
      const canonical = cliSearch(name);
      assert.ok(canonical.hits.some((hit) => hit.entries.length), `${name} is named in entries`);
      assert.deepEqual(await shownTitles(page), canonical.hits.map((hit) => hit.title), `${variant} ranks as ${name}`);
      const shown = await shownEntries(page);
      assert.deepEqual(comparable(shown), expectedEntries(canonical), `${variant}: the entries that name ${name}`);
      // The name is marked as the text writes it, just where the register's spelling marks it.
      const marksOf = (results) => results.flatMap((result) => result.entries.map((entry) => entry.marks));
      const marks = marksOf(shown);
      assert.ok(marks.flat().includes(name), `${variant} marks: ${marks}`);
      await search(page, name);
      assert.deepEqual(marks, marksOf(await shownEntries(page)), `${variant} marks as ${name}`);
    }
    await assertClean(page, problems);
    await page.close();
  });

  test('leaning badges have distinct colours and readable text, light and dark', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(site.url);
      const w = widget(page);
      await w.input.focus();
      await w.status.filter({ hasText: 'in the archive' }).waitFor();
      // The Leaning filter lists every leaning of the sample with the colour of its badge.
      const swatches = await w.facet('Leaning').locator('.swatch').evaluateAll((elements) =>
        elements.map((element) => [element.dataset.leaning, getComputedStyle(element).backgroundColor]),
      );
      assert.ok(swatches.length >= 5, `${swatches.length} leanings`);
      const colours = new Set(swatches.map(([, colour]) => colour));
      assert.equal(colours.size, swatches.length, `one colour per leaning (${scheme}): ${JSON.stringify(swatches)}`);

      await search(page, 'talks');
      const badges = await w.root.locator('.option.entry .leaning').evaluateAll((elements) =>
        elements.map((element) => {
          const style = getComputedStyle(element);
          return { leaning: element.dataset.leaning, color: style.color, background: style.backgroundColor, dot: getComputedStyle(element, '::before').backgroundColor };
        }),
      );
      assert.ok(badges.length >= 3);
      for (const badge of badges) {
        const ratio = contrast(badge.color, badge.background);
        assert.ok(ratio >= 7, `${badge.leaning} badge text contrast ${ratio.toFixed(1)} (${scheme})`);
        assert.equal(badge.dot, Object.fromEntries(swatches)[badge.leaning], `the badge of ${badge.leaning} has the colour of its swatch`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await assertClean(page, problems);
    await page.close();
  });

  test('reformist outlets on Zarif: only reformist entries that name him, under their edition', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    // Every entry that names Zarif is reformist: the Leaning facet offers no choice and is
    // hidden, so the filter comes from a link.
    await page.goto(`${site.url}?q=zarif&leaning=reformist`);
    const expected = cliSearch('zarif', '--filter', 'leaning=reformist');
    await w.status.filter({ hasText: `${countPhrase(expected, true)} for “zarif” · Leaning: reformist` }).waitFor();
    const reformist = w.facet('Leaning').locator('label', { hasText: 'reformist' }).locator('input');
    assert.equal(await reformist.isChecked(), true, 'a chosen value keeps its facet shown');
    const shown = await shownEntries(page);
    assert.deepEqual(comparable(shown), expectedEntries(expected));
    assert.deepEqual(shown.map((result) => result.title), ['Khamenei Greenlights Iran-U.S. Talks, Will Trump?']);
    const entries = shown.flatMap((result) => result.entries);
    assert.ok(entries.length >= 2, 'Sazandegi and Shargh on Zarif');
    for (const entry of entries) {
      assert.ok(entry.leanings.includes('reformist'), `${entry.anchor} is reformist: ${entry.leanings}`);
      assert.ok(entry.marks.includes('Zarif'), `${entry.anchor} has Zarif: ${entry.marks}`);
    }
    // Entries of other leanings that name Zarif would be left out: every entry the engine
    // finds for Zarif without the filter is either reformist or not shown.
    const unfiltered = cliSearch('zarif').hits.flatMap((hit) => hit.entries);
    const anchors = new Set(entries.map((entry) => entry.anchor));
    for (const entry of unfiltered) {
      assert.equal(anchors.has(entry.anchor), (entry.facets.leaning ?? []).includes('reformist'), entry.anchor);
    }

    // Without a query, a leaning lists its outlets' entries, and only those, of each edition.
    // Its chip removes the filter; the facet, with no choice left, is hidden again.
    await resultsAfter(page, () => w.root.locator('.chip', { hasText: 'Leaning: reformist' }).click());
    assert.equal(await w.facet('Leaning').count(), 0);
    await resultsAfter(page, () => w.input.fill(''));
    const technocratic = w.facet('Leaning').locator('label', { hasText: 'technocratic' }).locator('input');
    await resultsAfter(page, () => technocratic.check());
    const browsing = cliSearch('', '--filter', 'leaning=technocratic');
    assert.ok(browsing.total >= 1);
    const listed = await shownEntries(page);
    assert.deepEqual(comparable(listed), expectedEntries(browsing));
    assert.ok(listed.flatMap((result) => result.entries).every((entry) => entry.leanings.includes('technocratic')));
    // That edition has entries of other leanings too, which another leaning lists.
    const others = cliSearch('', '--filter', 'leaning=reformist').hits.find((hit) => hit.title === listed[0].title);
    assert.ok(others?.entries.length >= 1 && others.entries.every((entry) => !anchorsOf(listed).has(entry.anchor)));
    await assertClean(page, problems);
    await page.close();
  });

  test('each facet narrows the results, as the engine does', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await w.input.focus();
    await w.status.filter({ hasText: 'in the archive' }).waitFor();
    const everything = cliSearch('');

    // facet label → [facet name, what each result shown must show of the value]
    const facets = {
      Kind: ['kind', async (value) => assert.deepEqual(new Set(await w.hits.locator('.kind').allTextContents()), new Set([value]))],
      Outlet: ['outlet', async (value) => assert.ok((await shownEntries(page)).flatMap((r) => r.entries).every((e) => e.outlets.split(', ').includes(value)))],
      Leaning: ['leaning', async (value) => assert.ok((await shownEntries(page)).flatMap((r) => r.entries).every((e) => e.leanings.includes(value)))],
      Person: ['person', async (value) => assert.ok((await shownEntries(page)).flatMap((r) => r.entries).every((e) => e.people.some((person) => person === value || person.startsWith(`${value} (`))))],
      Role: ['role', async (value) => assert.ok((await shownEntries(page)).flatMap((r) => r.entries).every((e) => e.people.some((person) => person.endsWith(` (${value})`))))],
      Author: ['author', async () => {}],
      Year: ['year', async (value) => assert.ok((await shownDates(page)).every((date) => date.startsWith(value)))],
    };
    for (const [label, [name, check]] of Object.entries(facets)) {
      const counts = await facetCounts(w.facet(label));
      // The first value listed that keeps some results but not all.
      const value = Object.keys(counts).find((v) => {
        const total = cliSearch('', '--filter', `${name}=${v}`).total;
        return total > 0 && total < everything.total;
      });
      assert.ok(value, `${label} has a value that narrows`);
      const expected = cliSearch('', '--filter', `${name}=${value}`);
      const box = w.facet(label).locator('label').filter({ has: page.locator(`.value:text-is("${value}")`) }).locator('input');
      const { results, request } = await resultsAfter(page, () => box.check());
      assert.deepEqual(request.filters, { [name]: [value] });
      assert.equal(results.total, expected.total, `${label} = ${value}`);
      assert.equal(await w.status.textContent(), `${countPhrase(expected, false)}, newest first · ${label}: ${value}`);
      assert.deepEqual(await shownTitles(page), expected.hits.map((hit) => hit.title), `${label} = ${value}`);
      await check(value);
      assert.equal(new URL(page.url()).searchParams.get(name), value);
      await resultsAfter(page, () => w.facet(label).locator('label').filter({ has: page.locator(`.value:text-is("${value}")`) }).locator('input').uncheck());
      assert.equal(await w.hits.count(), everything.total);
    }
    await assertClean(page, problems);
    await page.close();
  });
});
