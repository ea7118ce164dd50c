// A newer search cancels a stale one where the work is, not only on screen: the engine starts
// no new round of fetches for a cancelled search (the fetch in flight finishes and its data is
// kept), and its promise settles as an AbortError, in a worker and on the page alike; the
// widget cancels the search that a newer one supersedes, and says nothing about it.
//
// On the sample index a one-word search takes two rounds: its terms shard (whole, its
// postings inside), then the docs records of its hits (ranges, with the positions of its
// word in their entries). "zarif" and "muscat" lie
// in different terms shards (and "khamenei" would not do: the shard of its Persian
// spellings, fetched with it, holds "zarif"). Holding back the answers for terms shards
// leaves a search in its first round for as long as the test needs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  browserWithSites,
  cliSearch,
  countPhrase,
  delayRequests,
  NO_WORKERS_CSP,
  openPage,
  recordArrivals,
  recordRequests,
  search,
  shownTitles,
  waitUntil,
  widget,
} from './helpers.mjs';

const HOLD_MS = 2500;
const TERMS = /\/quire\/terms\./;
const STALE = 'zarif';
const FRESH = 'muscat';

const isDocs = (p) => p.startsWith('/quire/docs.');
const isLexicon = (p) => p.startsWith('/quire/lexicon.');
/**
 * Whether `paths` are a first round of "zarif" only: terms shards, each once (the word's, and
 * that of its Persian spelling, an alias of the same person, when another shard holds it).
 */
const onlyFirstRound = (paths) => paths.length > 0 && paths.every((p) => TERMS.test(p)) && new Set(paths).size === paths.length;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens the page's index through quire-engine.js, with its facet lists loaded. */
function openEngine(page) {
  return page.evaluate(async () => {
    const { openIndex } = await import('/quire-engine.js');
    window.__index = await openIndex('/quire/');
    await window.__index.facetsReady;
    return window.__index.mode;
  });
}

describe('cancelling a stale search', () => {
  const env = browserWithSites();
  before(env.start);
  after(env.close);

  for (const [mode, csp] of [
    ['worker', undefined],
    ['main-thread', NO_WORKERS_CSP],
  ]) {
    test(`an aborted search starts no new round of fetches (${mode})`, { timeout: 60_000 }, async () => {
      const server = await env.site({ csp });
      // The widget does not browse: every request is the test's.
      const { page } = await openPage(env.browser.context, { widget: { browse: 'none' } });
      await page.goto(server.url);
      assert.equal(await openEngine(page), mode);

      const answers = recordRequests(server);
      delayRequests(server, TERMS, HOLD_MS);
      const arrivals = recordArrivals(server);
      await page.evaluate((query) => {
        window.__controller = new AbortController();
        window.__outcome = window.__index.search({ query, typing: true }, { signal: window.__controller.signal }).then(
          (results) => ({ settled: 'resolved', total: results.total }),
          (error) => ({ settled: 'rejected', name: error.name, kind: error.kind }),
        );
      }, STALE);
      await waitUntil(() => arrivals.some((p) => TERMS.test(p)), 'the terms shard to be asked for');
      const shard = arrivals.find((p) => TERMS.test(p));

      // Aborted while its first round is held back: the promise settles at once, as an
      // AbortError, before the shard has even come.
      const outcome = await page.evaluate(() => {
        window.__controller.abort();
        return window.__outcome;
      });
      assert.deepEqual(outcome, { settled: 'rejected', name: 'AbortError', kind: undefined });
      assert.equal(answers.filter((entry) => entry.path === shard).length, 0, 'settled before the shard was answered');

      // The shard's fetch finishes; no postings or docs are asked for after it. (The first
      // round also brings the lexicon files of the word's letter, for typo lookups.)
      await waitUntil(() => answers.some((entry) => entry.path === shard), 'the held shard to be answered');
      await sleep(1000);
      const reached = arrivals.filter((p) => !isLexicon(p));
      assert.ok(reached.includes(shard) && onlyFirstRound(reached), `only the first round of the cancelled search reached the server: ${reached}`);

      // The same search again runs to the end, without fetching the shard again: the data
      // of the cancelled search was kept.
      const again = await page.evaluate((query) => window.__index.search({ query, typing: true }), STALE);
      const expected = cliSearch(STALE);
      assert.deepEqual(again.hits.map((hit) => hit.title), expected.hits.map((hit) => hit.title));
      assert.equal(arrivals.filter((p) => p === shard).length, 1, 'the shard was fetched once');
      // ...and it is these later rounds that the cancellation saved.
      assert.ok(arrivals.some(isDocs), arrivals.join(' '));
      await page.close();
    });
  }

  test('a signal aborted before the call sends nothing; one aborted after the answer changes nothing', { timeout: 60_000 }, async () => {
    const server = await env.site();
    const { page } = await openPage(env.browser.context, { widget: { browse: 'none' } });
    await page.goto(server.url);
    await openEngine(page);
    const arrivals = recordArrivals(server);
    const early = await page.evaluate(async (query) => {
      const controller = new AbortController();
      controller.abort();
      return window.__index.search({ query }, { signal: controller.signal }).then(
        () => 'resolved',
        (error) => error.name,
      );
    }, STALE);
    assert.equal(early, 'AbortError');
    await sleep(500);
    assert.deepEqual(arrivals, [], 'nothing was asked for');
    const late = await page.evaluate(async (query) => {
      const controller = new AbortController();
      const results = await window.__index.search({ query }, { signal: controller.signal });
      controller.abort();
      return results.total;
    }, STALE);
    assert.equal(late, cliSearch(STALE).total);
    assert.ok(arrivals.length > 0);
    await page.close();
  });

  test('the widget cancels the search a newer one supersedes, and says nothing of it', { timeout: 60_000 }, async () => {
    const server = await env.site();
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const w = widget(page);
    // The fresh query's data is loaded first, so that it needs no fetch later.
    await search(page, FRESH);
    await openEngine(page);
    const fresh = cliSearch(FRESH);
    assert.equal(await w.status.textContent(), `${countPhrase(fresh, true)} for “${FRESH}”`);

    await page.evaluate(() => {
      window.__drawn = [];
      window.__quireLastQuery = null;
      document.addEventListener('quire:results', (event) => window.__drawn.push(event.detail.query));
    });
    const answers = recordRequests(server);
    delayRequests(server, TERMS, HOLD_MS);
    const arrivals = recordArrivals(server);
    await w.input.fill(STALE);
    await waitUntil(() => arrivals.some((p) => TERMS.test(p)), 'the stale query’s terms shard to be asked for');
    const shard = arrivals.find((p) => TERMS.test(p));
    await w.input.fill(FRESH);
    await page.waitForFunction((q) => window.__quireLastQuery === q, FRESH);
    assert.equal(answers.filter((entry) => entry.path === shard).length, 0, 'the fresh results came while the stale shard was held');

    await waitUntil(() => answers.some((entry) => entry.path === shard), 'the held shard to be answered');
    await sleep(1000);
    const reached = arrivals.filter((p) => !isLexicon(p));
    assert.ok(reached.includes(shard) && onlyFirstRound(reached), `the stale search fetched nothing after its first round: ${reached}`);
    // What the visitor sees: the fresh results, no error.
    assert.equal(await w.status.textContent(), `${countPhrase(fresh, true)} for “${FRESH}”`);
    assert.deepEqual(await shownTitles(page), fresh.hits.map((hit) => hit.title));
    assert.equal(await w.failure.isHidden(), true);
    assert.deepEqual(await page.evaluate(() => window.__drawn), [FRESH], 'no results drawn for the stale query');
    await assertClean(page, problems);
    await page.close();
  });
});
