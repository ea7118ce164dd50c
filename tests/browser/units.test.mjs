// Counts that say what they count when the results mix entries and articles without entries
// (issue 13.1): on the sample, “rome” finds three editions (their entries) and the AGSI event
// of 29 April 2025 (an article without entries). The status line, the timeline's bars, the
// split, the facets' counts and the drawer's button each say how many of each.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertClean, cliSearch, countPhrase, openPage, servedSite, unitsPhrase, widget } from './helpers.mjs';

const monthName = (month) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

describe('counts of entries and articles', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  test('“rome” mixes entries and an event: every count says how many of each', { timeout: 60_000 }, async () => {
    const expected = cliSearch('rome');
    // The sample as this test knows it: entries and one article without entries, a month
    // holding both.
    assert.equal(expected.unit, 'entries');
    assert.equal(expected.articleTotal, 1);
    const mixedMonth = expected.timeline.find((m) => m.articles > 0 && m.count > m.articles);
    assert.ok(mixedMonth, 'a month with entries and an article');
    const person = expected.facets.find((f) => f.name === 'person');
    const mixedPerson = person.values.find((v) => v.articles > 0 && v.count > v.articles);
    assert.ok(mixedPerson, 'a person named in entries and in the event');

    const { page, problems } = await openPage(browser.context, { widget: { split: 'person' } });
    await page.goto(`${site.url}?q=rome`);
    const w = widget(page);
    await w.status.filter({ hasText: 'for “rome”' }).waitFor();
    // The status line: "5 entries in 3 articles and 1 other article for “rome”".
    assert.equal(await w.status.textContent(), `${countPhrase(expected, true)} for “rome”`);
    assert.match(await w.status.textContent(), / and 1 other article for/);

    // The timeline: each bar names its month and what it holds.
    const mixedBar = `${monthName(mixedMonth.month)}: ${unitsPhrase(mixedMonth, 'entries')}`;
    assert.match(mixedBar, /^April 2025: \d+ entr(y|ies) and 1 article$/);
    assert.equal(await w.timeline.getByRole('button', { name: mixedBar, exact: true }).count(), 1);
    const names = await w.bars.evaluateAll((bars) => bars.map((bar) => bar.getAttribute('aria-label')));
    assert.deepEqual(
      names,
      expected.timeline.map((m) => `${monthName(m.month)}: ${unitsPhrase(m, 'entries')}`),
    );

    // The split by person: its title and each part's name.
    const split = w.root.locator('[part="split"]');
    assert.equal(await split.locator('.split-title').textContent(), 'Entries and articles by person');
    const splitName = `${mixedPerson.value} ${unitsPhrase(mixedPerson, 'entries')}`;
    assert.equal(await split.getByRole('button', { name: splitName, exact: true }).count(), 1);
    // The number is what is seen; the words are what is said.
    const key = split.getByRole('button', { name: splitName, exact: true });
    assert.equal(await key.locator('.count').textContent(), String(mixedPerson.count));
    assert.equal(await key.locator('.count').getAttribute('aria-hidden'), 'true');

    // The Person facet: each checkbox is named with its count in words.
    const checkbox = w.facet('Person').getByRole('checkbox', { name: splitName, exact: true });
    assert.equal(await checkbox.count(), 1);
    await assertClean(page, problems);
    await page.close();

    // The phone's drawer: "Show 5 entries and 1 article".
    const phone = await openPage(browser.context);
    await phone.page.setViewportSize({ width: 390, height: 844 });
    await phone.page.goto(`${site.url}?q=rome`);
    const p = widget(phone.page);
    await p.status.filter({ hasText: 'for “rome”' }).waitFor();
    await p.root.locator('.filters-toggle').click();
    const units = unitsPhrase({ count: expected.entryTotal + expected.articleTotal, articles: expected.articleTotal }, 'entries');
    assert.equal(await p.root.locator('.drawer-show').textContent(), `Show ${units}`);
    assert.match(units, / and 1 article$/);
    await phone.page.keyboard.press('Escape');
    await assertClean(phone.page, phone.problems);
    await phone.page.close();
  });

  test('in Persian, the same counts in Persian words', { timeout: 60_000 }, async () => {
    const expected = cliSearch('rome');
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}fa/?q=rome`);
    const w = widget(page);
    await w.status.filter({ hasText: 'برای' }).waitFor();
    const digits = (n) => n.toLocaleString('fa');
    const inArticles = `${digits(expected.entryTotal)} مدخل در ${digits(expected.total - 1)} مقاله و ${digits(1)} مقالهٔ دیگر`;
    assert.equal(await w.status.textContent(), `${inArticles} برای «rome»`);
    const april = expected.timeline.find((m) => m.month === '2025-04');
    const names = await w.bars.evaluateAll((bars) => bars.map((bar) => bar.getAttribute('aria-label')));
    assert.ok(
      names.some((name) => name.endsWith(`${digits(april.count - april.articles)} مدخل و ${digits(april.articles)} مقاله`)),
      names.join(' | '),
    );
    await assertClean(page, problems);
    await page.close();
  });
});
