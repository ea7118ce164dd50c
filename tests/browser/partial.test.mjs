// A new query's first page before its typo lookups end (issue 16): the engine answers from
// the words as typed while the records of what typos add are still on their way; the widget
// shows those hits at once, says that more may come, and appends the rest below them, never
// moving a row it shows. The engine API gives that page to a caller that asks for it
// (`onPartial`), never after the search was aborted.
//
// A generated archive of made-up words that all begin with "z" (so that the letter takes
// many terms files): "zebra zanzibar" is the title of 3 articles, "zobra zanzibar" (one edit
// from "zebra", in another terms file) of 3 more. The two words share fewer documents than a
// screen, so "zebra" is also read as its typo "zobra": the first round brings the terms files
// of the words and the lexicon of "z", the second the terms file of "zobra" with the records
// of the 3 articles found as typed (the first page), the third the records of the 3 "zobra"
// adds, which rank below them.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { random } from '../js/random.mjs';
import { assertClean, builtSite, holdRequests, openPage, resultsAfter, widget } from './helpers.mjs';

const SYLLABLES = ['ka', 'ra', 'mi', 'to', 'shar', 'gh', 'an', 'ze', 'vo', 'lu', 'qi', 'dor', 'be', 'su', 'nel', 'pa', 'ti', 'om', 'fa', 're', 'du', 'kha', 'ye', 'bo'];
const QUERY = 'zebra zanzibar';

/** Writes the archive as JSON Lines and returns its path. */
function writeCorpus(work) {
  const draw = random(0x51ed2705);
  const vocabulary = Array.from({ length: 5000 }, () => `z${Array.from({ length: 2 + draw.int(2) }, () => draw.pick(SYLLABLES)).join('')}`);
  const lines = [];
  for (let i = 0; i < 800; i += 1) {
    const title = i < 3 ? 'zebra zanzibar' : i < 6 ? 'zobra zanzibar' : 'zoo';
    const body = Array.from({ length: 80 }, () => draw.pick(vocabulary)).join(' ');
    lines.push(JSON.stringify({ id: `z${i}`, title, body }));
  }
  mkdirSync(work, { recursive: true });
  const file = path.join(work, 'corpus.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('a first page before the typo lookups end', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-partial-', writeCorpus));
  });

  after(() => close?.());

  test('the widget shows the hits of the words as typed at once and appends the rest below them', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context, { widget: { browse: 'none' } });
    await page.goto(site.url);
    const w = widget(page);
    await page.evaluate(() => {
      window.__first = [];
      document.addEventListener('quire:partial', (event) => {
        // After the widget drew it (it draws once the event is dispatched): what it shows,
        // each row marked to tell it from a row drawn anew.
        queueMicrotask(() => {
          const root = document.querySelector('quire-search').shadowRoot;
          const rows = [...root.querySelectorAll('.option.hit')];
          rows.forEach((row, i) => row.setAttribute('data-first', String(i)));
          window.__first.push({
            total: event.detail.results.total,
            titles: rows.map((row) => row.querySelector('.title').textContent),
            status: root.querySelector('[part="status"]').textContent,
            busy: root.querySelector('[part="status"]').getAttribute('role'),
          });
        });
      });
    });
    const results = await resultsAfter(page, () => w.input.fill(QUERY));
    const first = await page.evaluate(() => window.__first);
    assert.equal(first.length, 1, 'one first page');
    assert.equal(first[0].total, 3);
    assert.deepEqual(first[0].titles, ['zebra zanzibar', 'zebra zanzibar', 'zebra zanzibar']);
    // The status line (a live region: screen readers hear it) says more may come.
    assert.equal(first[0].status, '3 results for “zebra zanzibar” Looking for more…');
    assert.equal(first[0].busy, 'status');

    // The 3 "zobra zanzibar" articles, and any other typo's, below.
    const more = results.results.hits.length - 3;
    assert.ok(more >= 3, `${more} hits added to the first page`);
    // The rows of the first page are the same elements, in the same places; the rest below.
    const rows = await w.hits.evaluateAll((hits) => hits.map((hit) => hit.getAttribute('data-first')));
    assert.deepEqual(rows, ['0', '1', '2', ...Array(more).fill(null)]);
    assert.deepEqual(
      await w.titles.allTextContents(),
      results.results.hits.map((hit) => hit.title),
    );
    assert.match(await w.status.textContent(), new RegExp(`^${results.results.total} results for “zebra zanzibar”`));
    assert.doesNotMatch(await w.status.textContent(), /Looking for more/);
    await assertClean(page, problems);
    await page.close();
  });

  test('the engine gives the first page to onPartial, then resolves with the complete page; never after an abort', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context, { widget: { browse: 'none' } });
    await page.goto(site.url);
    const outcome = await page.evaluate(async (query) => {
      const { openIndex } = await import('/quire-engine.js');
      const index = await openIndex('/quire/');
      // The session's first query: nothing of its words loaded yet.
      const pages = [];
      const complete = await index.search({ query, typing: true }, { onPartial: (first) => pages.push(first.hits.map((hit) => hit.id)) });
      // Aborted at once: no first page comes, the promise rejects.
      const aborted = [];
      const controller = new AbortController();
      const stale = index.search({ query: 'zobra zanzibar', typing: true }, { signal: controller.signal, onPartial: (first) => aborted.push(first) });
      controller.abort();
      const staleOutcome = await stale.then(
        () => 'resolved',
        (error) => error.name,
      );
      // Without onPartial, nothing changes: the promise resolves with the complete page.
      const plain = await index.search({ query, typing: true });
      return { staleOutcome, aborted: aborted.length, pages, complete: complete.hits.map((hit) => hit.id), plain: plain.hits.map((hit) => hit.id) };
    }, QUERY);
    assert.equal(outcome.staleOutcome, 'AbortError');
    assert.equal(outcome.aborted, 0, 'no first page after an abort');
    assert.equal(outcome.pages.length, 1, 'one first page');
    assert.equal(outcome.pages[0].length, 3);
    assert.deepEqual(outcome.complete.slice(0, 3), outcome.pages[0]);
    assert.ok(outcome.complete.length >= 6, `${outcome.complete.length} hits`);
    assert.deepEqual(outcome.plain, outcome.complete);
    await assertClean(page, problems);
    await page.close();
  });
});

// A word whose terms file is not loaded asks, in the same round, for the lexicon files that
// would correct it if it turned out to be a typo (`forTypos` in the engine's needs). Those
// must never hold up a word that is none: the worker waits for the terms file, searches
// again, and goes on to the records while the lexicon files are still on their way.
describe('lexicon files asked for in case of a typo', () => {
  let browser;
  let site;
  let close;
  /** A body word of at least six letters in the most documents (more than a screen). */
  let word;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-typo-fetch-', (work) => {
      const file = writeCorpus(work);
      const counts = new Map();
      for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
        for (const w of new Set(JSON.parse(line).body.split(' '))) counts.set(w, (counts.get(w) ?? 0) + 1);
      }
      [[word]] = [...counts].filter(([w]) => w.length >= 6).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      return file;
    }));
  });

  after(() => close?.());

  test('never hold up the results of a word that is no typo', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context, { widget: { browse: 'none' } });
    await page.goto(site.url);
    // Lexicon files are answered only once released; everything else at once.
    const lexicon = holdRequests(site, /\/lexicon\./);
    try {
      const results = await resultsAfter(page, () => widget(page).input.fill(word));
      assert.ok(lexicon.asked.length > 0, 'the search asked for no lexicon file: the test no longer tests the case');
      assert.ok(results.results.total >= 10, `${results.results.total} results for ${word}`);
      assert.deepEqual(results.results.corrections ?? [], []);
    } finally {
      lexicon.release();
    }
    await assertClean(page, problems);
    await page.close();
  });
});
