// A large facets file waits for the first search's answer (issue 16: bytes on a slow line).
// The facet lists give the counts beside the filters; an archive with authors over thousands
// of articles has tens of kilobytes of them, which at start-up would share a slow line with
// what the first search waits for. Over `STARTUP_FACETS_BYTES` the worker asks for them once
// a search is answered, and the widget adds the counts when they come; a search that filters
// by a facet asks for them itself.
//
// A generated archive of 3,000 articles by 700 authors, each with three of 300 tags: "harbour"
// is in the titles of the articles whose number is a multiple of 50.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { STARTUP_FACETS_BYTES } from '../../www/quire-worker.js';
import { random } from '../js/random.mjs';
import { assertClean, builtSite, facetCounts, holdRequests, launchBrowser, openPage, recordArrivals, resultsAfter, waitUntil, widget } from './helpers.mjs';

const ARTICLES = 3000;
const author = (i) => `Author ${(i * 7919) % 700}`;
const HARBOUR = Array.from({ length: ARTICLES }, (_, i) => i).filter((i) => i % 50 === 0);

/** Writes the archive as JSON Lines and returns its path. */
function writeCorpus(work) {
  const draw = random(0xfac7e75);
  const words = ['tide', 'crane', 'ledger', 'quay', 'cargo', 'pilot', 'berth', 'anchor', 'ferry', 'customs'];
  const lines = [];
  for (let i = 0; i < ARTICLES; i += 1) {
    const title = `${i % 50 === 0 ? 'harbour' : draw.pick(words)} report ${i}`;
    const body = Array.from({ length: 30 }, () => draw.pick(words)).join(' ');
    const tags = [0, 1, 2].map(() => `tag ${draw.int(300)}`);
    lines.push(JSON.stringify({ id: `a${i}`, title, author: author(i), tags, body }));
  }
  mkdirSync(work, { recursive: true });
  const file = path.join(work, 'corpus.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('a large facets file', () => {
  let browser;
  let site;
  let close;
  let facetsBytes;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-facets-later-', writeCorpus, (index) => {
      const name = readdirSync(index).find((file) => file.startsWith('facets.'));
      facetsBytes = statSync(path.join(index, name)).size;
    }));
  });

  after(() => close?.());

  test('is asked for by a first search that filters by a facet', { timeout: 60_000 }, async () => {
    const arrivals = recordArrivals(site);
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    // (First of the tests: no page before it has the file in the browser's caches.)
    const total = await page.evaluate(async (name) => {
      const { openIndex } = await import('/quire-engine.js');
      const index = await openIndex('/quire/');
      const results = await index.search({ query: 'harbour', filters: { author: [name] } });
      return { total: results.total, pending: results.facetsPending };
    }, author(HARBOUR[1]));
    assert.deepEqual(total, { total: HARBOUR.filter((i) => author(i) === author(HARBOUR[1])).length, pending: false });
    assert.ok(arrivals.some((p) => p.includes('/facets.')), 'the facets file was fetched for the filter');
    await assertClean(page, problems);
    await page.close();
  });

  test('waits for the first search to be answered, and its counts come after the results', { timeout: 60_000 }, async () => {
    assert.ok(facetsBytes > STARTUP_FACETS_BYTES, `the facets file (${facetsBytes} bytes) is over ${STARTUP_FACETS_BYTES}`);
    const held = holdRequests(site, /\/facets\.[0-9a-f]{16}\.qi/);
    // After the hold: each request is recorded as it arrives, held or not.
    const arrivals = recordArrivals(site);
    // A browser of its own: the other test's has the file in its caches.
    const fresh = await launchBrowser();
    try {
      const { page, problems } = await openPage(fresh.context, { widget: { browse: 'none' } });
      await page.goto(site.url);
      const w = widget(page);
      const results = await resultsAfter(page, () => w.input.fill('harbour'));
      assert.equal(results.results.total, HARBOUR.length);
      assert.equal(results.results.facetsPending, true, 'the results came before the facet lists');
      // Asked for after the answer, so after every request of the search.
      const facets = arrivals.findIndex((p) => p.includes('/facets.'));
      const lastDocs = arrivals.findLastIndex((p) => p.includes('/docs.'));
      assert.ok(lastDocs >= 0, `the search fetched records: ${arrivals.join(', ')}`);
      assert.ok(facets === -1 || facets > lastDocs, `the facets file was asked for before the search's records: ${arrivals.join(', ')}`);
      await waitUntil(() => held.asked.length === 1, 'the facets file to be asked for once the search was answered');
      assert.deepEqual(await facetCounts(w.facet('Author')), {}, 'no counts before the facet lists came');
      held.release();
      const expected = {};
      for (const i of HARBOUR) expected[author(i)] = (expected[author(i)] ?? 0) + 1;
      let shown = {};
      for (let tries = 0; !Object.keys(shown).length; tries += 1) {
        assert.ok(tries < 250, 'the author counts never came');
        await new Promise((resolve) => setTimeout(resolve, 20));
        shown = await facetCounts(w.facet('Author'));
      }
      for (const [name, count] of Object.entries(shown)) assert.equal(count, expected[name], `${name}'s count`);
      await assertClean(page, problems);
      await page.close();
    } finally {
      held.release();
      await fresh.close();
    }
  });
});
