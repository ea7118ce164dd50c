// The widget against the results the engine gives once entries are counted: `unit` (what
// `total`-side counts, facet counts and the timeline count), `entryTotal`, and per entry
// `people: [{name, role}]`. The engine is replaced by fixtures/fake-engine.js, which answers
// with results made up here (names and text invented for the test), so that the widget is
// tested with these fields before and after the engine has them, and without them.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CSP } from '../../www/serve.mjs';
import { assertClean, facetCounts, FIXTURES, openPage, servedSite, widget } from './helpers.mjs';

const FAKE_ENGINE = path.join(FIXTURES, 'fake-engine.js');

const entry = (date, n, outlet, leaning, people) => ({
  date,
  anchor: n > 1 ? `${date}-${n}` : date,
  url: `/notes/${date.slice(0, 7)}/#${n > 1 ? `${date}-${n}` : date}`,
  text: `The ${outlet} paper wrote about the talks.`,
  highlights: [[29, 34]],
  facets: { outlet: [outlet], leaning: [leaning], person: people.map(([name]) => name), role: people.map(([, role]) => role) },
  people: people.map(([name, role]) => ({ name, role })),
});

const hit = (id, title, date, entries) => ({
  id,
  url: `/notes/${date.slice(0, 7)}/`,
  title,
  titleHighlights: [],
  date,
  kind: 'Analysis',
  summary: 'A week of commentary.',
  excerpt: 'A week of commentary.',
  excerptHighlights: [],
  entries,
  facets: { kind: ['Analysis'] },
  score: 1,
});

/** Two articles, three entries: counted as entries. */
const ENTRIES = {
  total: 2,
  unit: 'entries',
  entryTotal: 3,
  hits: [
    hit('may', 'Notes of May', '2025-05-01', [
      entry('2025-04-28', 1, 'Daily One', 'reformist', [['Parisa Ahmadi', 'Spokeswoman'], ['Reza Karimi', 'Editor']]),
      entry('2025-04-28', 2, 'Daily Two', 'reformist', [['Reza Karimi', 'Editor']]),
    ]),
    hit('march', 'Notes of March', '2024-03-01', [entry('2024-02-27', 1, 'Weekly Three', 'principlist', [['Parisa Ahmadi', 'Deputy Spokeswoman']])]),
  ],
  facets: [
    { name: 'kind', label: 'Kind', values: [{ value: 'Analysis', count: 3 }] },
    { name: 'leaning', label: 'Leaning', values: [{ value: 'reformist', count: 2 }, { value: 'principlist', count: 1 }] },
    { name: 'year', label: 'Year', values: [{ value: '2025', count: 2 }, { value: '2024', count: 1 }] },
  ],
  timeline: [
    { month: '2024-02', count: 1 },
    { month: '2025-04', count: 2 },
  ],
  unmatched: [],
  partial: false,
  facetsPending: false,
  corrections: [],
  suggestion: null,
  truncated: false,
};

/** The same, as an engine without `unit`, `entryTotal` and `people` answers. */
const ARTICLES = {
  ...ENTRIES,
  unit: undefined,
  entryTotal: undefined,
  hits: ENTRIES.hits.map((h) => ({ ...h, entries: h.entries.map(({ people, ...rest }) => rest) })),
  facets: ENTRIES.facets.map((facet) => (facet.name === 'kind' ? { ...facet, values: [{ value: 'Analysis', count: 2 }] } : facet)),
};

/**
 * Entries and an article without entries (an event): each count says how many of its units
 * are articles (`articles`), and `articleTotal` how many of the results.
 */
const MIXED = {
  ...ENTRIES,
  total: 3,
  articleTotal: 1,
  hits: [...ENTRIES.hits, { ...hit('event', 'A Talk on the Talks', '2025-04-20', []), kind: 'Event', facets: { kind: ['Event'] } }],
  facets: [
    {
      name: 'kind',
      label: 'Kind',
      values: [
        { value: 'Analysis', count: 3, articles: 0 },
        { value: 'Event', count: 1, articles: 1 },
      ],
    },
    {
      name: 'leaning',
      label: 'Leaning',
      values: [
        { value: 'reformist', count: 3, articles: 1 },
        { value: 'principlist', count: 1, articles: 0 },
      ],
    },
    { name: 'year', label: 'Year', values: [{ value: '2025', count: 3, articles: 1 }, { value: '2024', count: 1, articles: 0 }] },
  ],
  timeline: [
    { month: '2024-02', count: 1, articles: 0 },
    { month: '2025-04', count: 3, articles: 1 },
  ],
};

/** The split's keys as [what a screen reader names them, pressed]. */
const splitKeys = (buttons) => buttons.map((b) => [b.querySelector('.split-name').textContent + b.querySelector('.visually-hidden').textContent, b.getAttribute('aria-pressed')]);

describe('entry-level results (a stand-in engine)', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await servedSite());
  });

  after(() => close?.());

  /**
   * A page of the demo whose engine answers `answer` (with `selected` as the request says),
   * and, when `answer` is `facetsPending`, `complete` through onUpdate a moment later.
   */
  async function pageAnswering(answer, { width = 1280, height = 800, complete } = {}) {
    const opened = await openPage(browser.context);
    const { page } = opened;
    await page.setViewportSize({ width, height });
    await page.route('**/quire-engine.js', (route) =>
      route.fulfill({ path: FAKE_ENGINE, contentType: 'text/javascript; charset=utf-8', headers: { 'Content-Security-Policy': CSP } }),
    );
    await page.addInitScript((answer) => {
      window.__fakeAnswer = (request) => ({
        ...answer,
        facets: answer.facets.map((facet) => ({
          ...facet,
          values: facet.values.map((value) => ({ ...value, selected: (request.filters?.[facet.name] ?? []).includes(value.value) })),
        })),
      });
    }, JSON.parse(JSON.stringify(answer)));
    if (complete) {
      await page.addInitScript((complete) => {
        window.__fakeComplete = () => complete;
      }, JSON.parse(JSON.stringify(complete)));
    }
    return opened;
  }

  test('entries are what the status line, the split, the timeline and the drawer count', { timeout: 60_000 }, async () => {
    const { page, problems } = await pageAnswering(ENTRIES);
    await page.goto(`${site.url}?q=talks&leaning=reformist&from=2024&to=2025`);
    const w = widget(page);
    await w.status.filter({ hasText: 'entries' }).waitFor();
    assert.equal(await w.status.textContent(), '3 entries in 2 articles for “talks” · Leaning: reformist · 2024–2025');
    assert.deepEqual(await page.evaluate(() => window.__fakeRequests.at(-1).filters), { leaning: ['reformist'] });
    // The split counts entries, and says so.
    const split = w.root.locator('[part="split"]');
    assert.equal(await split.locator('.split-title').textContent(), 'Entries by leaning');
    assert.deepEqual(await split.getByRole('button').evaluateAll(splitKeys), [
      ['reformist 2 entries', 'true'],
      ['principlist 1 entry', 'false'],
    ]);
    assert.equal(await w.timeline.getByRole('button', { name: 'April 2025: 2 entries' }).count(), 1);
    // Kind has one value on all three entries: no choice, so hidden (counted against entries).
    assert.equal(await w.facet('Kind').count(), 0);
    assert.equal(await w.facet('Year').count(), 1);
    await assertClean(page, problems);
    await page.close();

    const phone = await pageAnswering(ENTRIES, { width: 390, height: 844 });
    await phone.page.goto(`${site.url}?q=talks`);
    await widget(phone.page).status.filter({ hasText: 'entries' }).waitFor();
    await widget(phone.page).root.locator('.filters-toggle').click();
    assert.equal(await widget(phone.page).root.locator('.drawer-show').textContent(), 'Show 3 entries');
    await phone.page.keyboard.press('Escape');
    await assertClean(phone.page, phone.problems);
    await phone.page.close();
  });

  test('entries and an article without entries: each count says how many of each', { timeout: 60_000 }, async () => {
    const { page, problems } = await pageAnswering(MIXED);
    await page.goto(`${site.url}?q=talks`);
    const w = widget(page);
    await w.status.filter({ hasText: 'entries' }).waitFor();
    assert.equal(await w.status.textContent(), '3 entries in 2 articles and 1 other article for “talks”');
    const split = w.root.locator('[part="split"]');
    assert.equal(await split.locator('.split-title').textContent(), 'Entries and articles by leaning');
    assert.deepEqual(await split.getByRole('button').evaluateAll(splitKeys), [
      ['reformist 2 entries and 1 article', 'false'],
      ['principlist 1 entry', 'false'],
    ]);
    assert.equal(await w.timeline.getByRole('button', { name: 'April 2025: 2 entries and 1 article', exact: true }).count(), 1);
    assert.equal(await w.timeline.getByRole('button', { name: 'February 2024: 1 entry', exact: true }).count(), 1);
    assert.equal(await w.facet('Kind').getByRole('checkbox', { name: 'Event 1 article', exact: true }).count(), 1);
    assert.equal(await w.facet('Kind').getByRole('checkbox', { name: 'Analysis 3 entries', exact: true }).count(), 1);
    await assertClean(page, problems);
    await page.close();

    const phone = await pageAnswering(MIXED, { width: 390, height: 844 });
    await phone.page.goto(`${site.url}?q=talks`);
    await widget(phone.page).status.filter({ hasText: 'entries' }).waitFor();
    await widget(phone.page).root.locator('.filters-toggle').click();
    assert.equal(await widget(phone.page).root.locator('.drawer-show').textContent(), 'Show 3 entries and 1 article');
    await phone.page.keyboard.press('Escape');
    await assertClean(phone.page, phone.problems);
    await phone.page.close();
  });

  test('each name is paired with the role held on the entry’s date', { timeout: 60_000 }, async () => {
    const { page, problems } = await pageAnswering(ENTRIES);
    await page.goto(`${site.url}?q=talks`);
    const w = widget(page);
    await w.status.filter({ hasText: 'entries' }).waitFor();
    const people = await w.entries.locator('.people').evaluateAll((lines) => lines.map((line) => line.textContent));
    // (The leading ". " is hidden punctuation, for screen readers.)
    assert.deepEqual(people, [
      '. Names: Parisa Ahmadi (Spokeswoman), Reza Karimi (Editor)',
      '. Names: Reza Karimi (Editor)',
      // The same person, another date, another role.
      '. Names: Parisa Ahmadi (Deputy Spokeswoman)',
    ]);
    assert.equal(await w.entries.locator('.roles').count(), 0, 'no separate list of roles');
    await assertClean(page, problems);
    await page.close();
  });

  test('the first results of a visit count articles; entries, their timeline and split come with the counts', { timeout: 60_000 }, async () => {
    // As the engine answers before its facet lists are loaded: articles, no counts, no timeline.
    const pending = { ...ENTRIES, unit: 'articles', entryTotal: 0, facets: [], timeline: [], facetsPending: true };
    const { page, problems } = await pageAnswering(pending, { complete: ENTRIES });
    await page.goto(`${site.url}?q=talks`);
    const w = widget(page);
    await w.status.filter({ hasText: '2 results for “talks”' }).waitFor();
    await w.status.filter({ hasText: '3 entries in 2 articles for “talks”' }).waitFor();
    await w.timeline.getByRole('button', { name: 'April 2025: 2 entries' }).waitFor();
    assert.equal(await w.root.locator('.split-title').textContent(), 'Entries by leaning');
    assert.deepEqual(await facetCounts(w.facet('Leaning')), { reformist: 2, principlist: 1 });
    await assertClean(page, problems);
    await page.close();
  });

  test('results without unit, entryTotal and people: articles are counted, names and roles listed apart', { timeout: 60_000 }, async () => {
    const { page, problems } = await pageAnswering(ARTICLES);
    await page.goto(`${site.url}?q=talks`);
    const w = widget(page);
    await w.status.filter({ hasText: 'results' }).waitFor();
    assert.equal(await w.status.textContent(), '2 results for “talks”');
    assert.equal(await w.root.locator('.split-title').textContent(), 'Articles by leaning');
    assert.equal(await w.timeline.getByRole('button', { name: 'April 2025: 2 results' }).count(), 1);
    const first = w.entries.first();
    assert.equal(await first.locator('.people').evaluate((line) => line.childNodes[3].data), 'Parisa Ahmadi, Reza Karimi');
    assert.equal(await first.locator('.roles').evaluate((roles) => roles.lastChild.data), 'Spokeswoman, Editor');
    // Kind: one value, which both articles have: hidden too.
    assert.equal(await w.facet('Kind').count(), 0);
    await assertClean(page, problems);
    await page.close();
  });
});
