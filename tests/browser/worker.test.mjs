// Where the engine runs: in a module Web Worker under the demo's strict Content-Security-Policy
// (`worker-src` falls back to `script-src 'self'`), on the page where workers are refused or
// missing, with the same answers and the same error kinds either way; and facet counts that
// come after the results instead of holding them back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  browserWithSites,
  cliFacet,
  cliSearch,
  countPhrase,
  cspViolations,
  delayRequests,
  ENGINE_REQUESTS as REQUESTS,
  engineAnswers,
  engineMode,
  facetCounts,
  NO_WORKERS_CSP,
  openPage,
  recordRequests,
  search,
  shownTitles,
  widget,
  WWW,
} from './helpers.mjs';

/** Index files (by path) that the page itself fetched, as its resource timing lists them. */
function pageFetches(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => /\.qi$|quire\.json$|\/pkg\//.test(path)),
  );
}

/** Checks the widget answers `talks` as the CLI does, and returns what the engine answered `REQUESTS`. */
async function searchWorks(page) {
  const w = widget(page);
  await search(page, 'talks');
  const expected = cliSearch('talks');
  assert.equal(await w.status.textContent(), `${countPhrase(expected, true)} for “talks”`);
  assert.deepEqual(await shownTitles(page), expected.hits.map((hit) => hit.title));
  return engineAnswers(page, REQUESTS);
}

describe('the engine in a worker', () => {
  const env = browserWithSites();
  before(env.start);
  after(env.close);
  /** The answers to REQUESTS in worker mode, for comparing the other modes with. */
  let workerAnswers;

  test('runs in a module worker under the strict policy, fetching from there', { timeout: 60_000 }, async () => {
    const server = await env.site();
    const log = recordRequests(server);
    const { page, problems } = await openPage(env.browser.context);
    const workers = [];
    page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
    await page.goto(server.url);
    const { mode, answers } = await searchWorks(page);
    assert.equal(mode, 'worker');
    assert.equal(await engineMode(page), 'worker');
    assert.deepEqual(workers, ['/quire-worker.js']);
    // The worker, not the page, loaded the index files and the engine's glue: the page's own
    // resource timing has only the Wasm module, which the page fetches and compiles as
    // quire-engine.js loads, and the manifest, which it reads on `openIndex`, both handed to
    // the worker (a round trip or two before the worker could ask for them); the server saw
    // all of it, once.
    assert.deepEqual(await pageFetches(page), ['/pkg/quire_bg.wasm', '/quire/quire.json']);
    const served = log.map((entry) => entry.path);
    for (const wanted of ['/quire-worker.js', '/pkg/quire.js', '/pkg/quire_bg.wasm', '/quire/quire.json']) {
      assert.equal(served.filter((p) => p === wanted).length, 1, `${wanted} fetched once`);
    }
    assert.ok(served.some((p) => p.endsWith('.qi')));
    // Errors cross the boundary with their kinds, as QuireErrors.
    for (const answer of answers.slice(-2)) {
      assert.equal(answer.error?.kind, 'query', JSON.stringify(answer));
      assert.equal(answer.error.name, 'QuireError');
      assert.equal(answer.error.quireError, true);
    }
    workerAnswers = answers;
    await assertClean(page, problems);
    await page.close();
  });

  test('where the policy refuses workers, runs on the page with the same answers', { timeout: 60_000 }, async () => {
    const server = await env.site({ csp: NO_WORKERS_CSP });
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const { mode, answers } = await searchWorks(page);
    assert.equal(mode, 'main-thread');
    assert.ok((await pageFetches(page)).some((p) => p.endsWith('.qi')), 'the page fetched the index itself');
    assert.ok(workerAnswers, 'the worker test ran first');
    assert.deepEqual(answers, workerAnswers, 'the same answers, errors included, as in the worker');
    // The refused worker is reported by the browser (a CSP violation and its console message);
    // nothing is thrown, and nothing else is refused.
    assert.deepEqual(
      problems.filter((problem) => !/worker-src/.test(problem)),
      [],
    );
    assert.ok((await cspViolations(page)).every((violation) => violation.startsWith('worker-src')));
    await page.close();
  });

  test('without Web Workers at all, runs on the page', { timeout: 60_000 }, async () => {
    const server = await env.site();
    const { page, problems } = await openPage(env.browser.context);
    await page.addInitScript(() => {
      delete window.Worker;
    });
    await page.goto(server.url);
    const { mode, answers } = await searchWorks(page);
    assert.equal(mode, 'main-thread');
    assert.deepEqual(answers, workerAnswers);
    await assertClean(page, problems);
    await page.close();
  });

  test('where the worker may not run WebAssembly (its own policy), runs on the page', { timeout: 60_000 }, async () => {
    const server = await env.site();
    // The worker's script comes with a policy of its own, without 'wasm-unsafe-eval': the
    // worker starts, its engine does not.
    const handlers = server.server.listeners('request');
    server.server.removeAllListeners('request');
    server.server.on('request', (request, response) => {
      if (request.url.startsWith('/quire-worker.js')) {
        const setHeader = response.setHeader.bind(response);
        response.setHeader = (name, value) => setHeader(name, /^content-security-policy$/i.test(name) ? "default-src 'self'; script-src 'self'" : value);
      }
      for (const handler of handlers) handler.call(server.server, request, response);
    });
    const { page, problems } = await openPage(env.browser.context);
    const messages = [];
    page.on('console', (message) => messages.push(message.text()));
    await page.goto(server.url);
    const { mode, answers } = await searchWorks(page);
    assert.equal(mode, 'main-thread');
    assert.deepEqual(answers, workerAnswers);
    assert.ok(messages.some((text) => /^quire: searching on the page, not in a worker \(the search engine could not be loaded/.test(text)), messages.join('\n'));
    await assertClean(page, problems);
    await page.close();
  });

  test('an index that is not there is `missing` in the worker too', { timeout: 60_000 }, async () => {
    const server = await env.site();
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const failure = await page.evaluate(async () => {
      const { openIndex, QuireError } = await import('/quire-engine.js');
      try {
        await openIndex('/no-index-here/');
        return null;
      } catch (error) {
        return { kind: error.kind, quireError: error instanceof QuireError, message: error.message };
      }
    });
    assert.equal(failure?.kind, 'missing', JSON.stringify(failure));
    assert.equal(failure.quireError, true);
    assert.match(failure.message, /no-index-here\/quire\.json/);
    // The worker still serves the page's own index afterwards.
    assert.equal(await engineMode(page), 'worker');
    assert.deepEqual(problems.filter((problem) => !/404/.test(problem)), []);
    await page.close();
  });

  test('results do not wait for the facet lists; onUpdate and facetsReady bring the counts', { timeout: 60_000 }, async () => {
    const server = await env.site();
    const log = recordRequests(server);
    const { files } = JSON.parse(readFileSync(path.join(WWW, 'quire', 'quire.json'), 'utf8'));
    const facetsFile = files.find((file) => file.role === 'facets').name;
    delayRequests(server, /\/quire\/facets\./, 2500);
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const outcome = await page.evaluate(async () => {
      const { openIndex } = await import('/quire-engine.js');
      const index = await openIndex('/quire/');
      const started = performance.now();
      let updated;
      const update = new Promise((resolve) => {
        updated = resolve;
      });
      const first = await index.search({ query: 'talks', typing: true }, { onUpdate: (results) => updated({ results, at: performance.now() - started }) });
      const firstAt = performance.now() - started;
      const complete = await update;
      await index.facetsReady;
      const later = await index.search({ query: 'talks', typing: true }, { onUpdate: () => window.__secondUpdate = true });
      return { mode: index.mode, first, firstAt, complete, later };
    });
    assert.equal(outcome.mode, 'worker');
    const expected = cliSearch('talks');
    // The first results came well before the facet lists could have, without counts.
    assert.ok(outcome.firstAt < 2000, `first results after ${outcome.firstAt} ms`);
    assert.equal(outcome.first.facetsPending, true);
    assert.deepEqual(outcome.first.facets, []);
    assert.deepEqual(outcome.first.hits.map((hit) => hit.title), expected.hits.map((hit) => hit.title));
    // Then the same search, complete: the same hits, the CLI's counts.
    assert.ok(outcome.complete.at >= 2000, `update after ${outcome.complete.at} ms`);
    assert.equal(outcome.complete.results.facetsPending, false);
    assert.deepEqual(outcome.complete.results.hits, outcome.first.hits);
    for (const facet of expected.facets) assert.deepEqual(cliFacet(outcome.complete.results, facet.name), cliFacet(expected, facet.name), facet.name);
    // Once loaded, results are complete at once and no update follows.
    assert.equal(outcome.later.facetsPending, false);
    assert.deepEqual(outcome.later.facets, outcome.complete.results.facets);
    assert.equal(await page.evaluate(() => window.__secondUpdate), undefined);
    // The facet lists were fetched once, whole.
    assert.deepEqual(
      log.filter((entry) => entry.path.endsWith(facetsFile)).map((entry) => [entry.status, entry.range]),
      [[200, undefined]],
    );
    await assertClean(page, problems);
    await page.close();
  });

  test('the widget as it is keeps working while the counts come late', { timeout: 60_000 }, async () => {
    const server = await env.site();
    delayRequests(server, /\/quire\/facets\./, 2000);
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const w = widget(page);
    // Results before the facet lists: shown, without counts.
    await page.evaluate(() => {
      window.facetEvents = [];
      document.querySelector('quire-search').addEventListener('quire:facets', (event) => {
        window.facetEvents.push({ query: event.detail.query, pending: event.detail.results.facetsPending, facets: event.detail.results.facets.length });
      });
    });
    await search(page, 'talks');
    const expected = cliSearch('talks');
    assert.equal(await w.status.textContent(), `${expected.total} results for “talks”`);
    assert.deepEqual(await shownTitles(page), expected.hits.map((hit) => hit.title));
    // While they are on their way the list is marked busy; then the counts come by
    // themselves, without another keystroke.
    assert.equal(await page.locator('quire-search .facet-list').getAttribute('aria-busy'), 'true');
    await page.locator('quire-search .facet-list:not([aria-busy])').waitFor({ timeout: 10_000 });
    assert.deepEqual(await facetCounts(w.facet('Kind')), cliFacet(expected, 'kind'));
    // A page that draws its own list hears of the counts too, once.
    const events = await page.evaluate(() => window.facetEvents);
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].query, 'talks');
    assert.equal(events[0].pending, false);
    assert.ok(events[0].facets > 0);
    // Later searches have their counts at once.
    await search(page, 'talk');
    const talk = cliSearch('talk');
    assert.deepEqual(await facetCounts(w.facet('Kind')), cliFacet(talk, 'kind'));
    await assertClean(page, problems);
    await page.close();
  });
});
