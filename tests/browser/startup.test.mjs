// The engine's start-up does not wait on itself: the page fetches the Wasm module as it loads
// the engine's loader and the manifest on `openIndex`, and from the worker script on, the manifest, the Wasm glue and the error
// kinds are fetched at once, and the index files every
// search needs as soon as the manifest names them, while the engine still downloads. Each
// test holds back the server's answers to some start-up files and checks, by the order in
// which the server receives requests (never by durations), that the others were asked for
// meanwhile; then lets them go and checks the index answers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertClean, browserWithSites, builtSite, cliSearch, NO_WORKERS_CSP, openPage, REPO, waitUntil, WWW } from './helpers.mjs';

/**
 * Waits until the server has received a request for each of `wanted`; fails naming those it
 * received.
 * @param {{arrivals: string[]}} gate
 * @param {string[]} wanted
 * @param {string} meanwhile what is being held back
 */
async function requested(gate, wanted, meanwhile) {
  try {
    await waitUntil(() => wanted.every((path) => gate.arrivals.includes(path)), wanted.join(', '));
  } catch {
    const missing = wanted.filter((path) => !gate.arrivals.includes(path));
    assert.fail(`never asked for ${missing.join(', ')} while ${meanwhile} (received: ${gate.arrivals.join(', ')})`);
  }
}

const manifest = () => JSON.parse(readFileSync(path.join(WWW, 'quire', 'quire.json'), 'utf8'));

/** The sample index's files of `role`, as paths the server sees. */
function filesOf(role) {
  return manifest()
    .files.filter((file) => file.role === role)
    .map((file) => `/quire/${file.name}`);
}

/**
 * Makes the server hold back its answers to the requests that `holds(path, arrivals)` picks
 * until `release()`, and records the path of every request as it arrives.
 * @param {{server: import('node:http').Server}} site
 * @param {(path: string, arrivals: string[]) => boolean} holds
 */
function holdAnswers(site, holds) {
  const handlers = site.server.listeners('request');
  site.server.removeAllListeners('request');
  const arrivals = [];
  const held = [];
  const dropped = [];
  let released = false;
  site.server.on('request', (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const pass = () => handlers.forEach((handler) => handler.call(site.server, request, response));
    const hold = !released && holds(path, arrivals);
    arrivals.push(path);
    if (!hold) return pass();
    const entry = { path, pass };
    held.push(entry);
    // The browser gave up on it (an aborted fetch closes its connection).
    response.on('close', () => {
      if (held.includes(entry)) dropped.push(path);
    });
  });
  return {
    arrivals,
    /** The paths whose answers are being held back. */
    held: () => held.map((entry) => entry.path),
    /** The paths of held requests that the browser abandoned. */
    dropped,
    release() {
      released = true;
      for (const entry of held.splice(0)) entry.pass();
    },
  };
}

/** Opens the sample index from the page and searches it, without waiting for the answer. */
function openAndSearch(page) {
  return page.evaluate(async () => {
    const { openIndex } = await import('/quire-engine.js');
    const index = await openIndex('/quire/');
    const results = await index.search({ query: 'talks', typing: true });
    return { mode: index.mode, titles: results.hits.map((hit) => hit.title) };
  });
}

/**
 * Checks that the search of {@link openAndSearch} ran in `mode` and found what the CLI finds.
 * @param {ReturnType<typeof openAndSearch>} answer
 * @param {'worker'|'main-thread'} mode
 */
async function answered(answer, mode) {
  const { mode: ran, titles } = await answer;
  assert.equal(ran, mode);
  assert.deepEqual(titles, cliSearch('talks').hits.map((hit) => hit.title));
}

/** The files fetched before any search: the manifest, meta, columns and the facet lists. */
const INDEX_START = () => ['/quire/quire.json', ...filesOf('meta'), ...filesOf('columns'), ...filesOf('facets')];

describe('start-up', () => {
  const env = browserWithSites();
  before(env.start);
  after(env.close);

  for (const [mode, csp] of [
    ['worker', undefined],
    ['main-thread', NO_WORKERS_CSP],
  ]) {
    test(`${mode}: the Wasm is asked for before the glue comes, the index files before the Wasm does`, { timeout: 60_000 }, async () => {
      const server = await env.site({ csp });
      const gate = holdAnswers(server, (path) => path === '/pkg/quire.js' || path === '/pkg/quire_bg.wasm');
      const { page, problems } = await openPage(env.browser.context);
      await page.goto(server.url);
      const answer = openAndSearch(page);
      // Neither the glue nor the module has come: the other start-up requests went out anyway.
      const wanted = ['/pkg/quire.js', '/pkg/quire_bg.wasm', ...INDEX_START()];
      await requested(gate, wanted, 'the glue and the Wasm were held back');
      assert.deepEqual(gate.held().sort(), ['/pkg/quire.js', '/pkg/quire_bg.wasm']);
      gate.release();
      await answered(answer, mode);
      // Each fetched once: the engine asked for nothing at start-up that had not been fetched.
      for (const path of wanted) assert.equal(gate.arrivals.filter((p) => p === path).length, 1, `${path} fetched once`);
      if (mode === 'worker') await assertClean(page, problems);
      await page.close();
    });
  }

  test('the page asks for the Wasm module and the manifest before the worker script has come, each once', { timeout: 60_000 }, async () => {
    const server = await env.site();
    const gate = holdAnswers(server, (path) => path === '/quire-worker.js');
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const answer = openAndSearch(page);
    // Fetched by the worker, they would wait for the worker's script (and its `open`).
    await requested(gate, ['/quire-worker.js', '/pkg/quire_bg.wasm', '/quire/quire.json'], 'quire-worker.js was held back');
    assert.deepEqual(gate.held(), ['/quire-worker.js']);
    gate.release();
    await answered(answer, 'worker');
    for (const path of ['/pkg/quire_bg.wasm', '/quire/quire.json']) assert.equal(gate.arrivals.filter((p) => p === path).length, 1, `${path} fetched once`);
    await assertClean(page, problems);
    await page.close();
  });

  test('a host that answers ranges is known by start-up: a first search asks for its ranges at once', { timeout: 60_000 }, async () => {
    const server = await env.site();
    // The first ranged request (a record or positions) is held: had the worker still to learn
    // whether the host answers ranges, it would ask for no other range until that one came.
    const ranged = (path) => path.startsWith('/quire/docs.') || path.startsWith('/quire/positions.');
    const gate = holdAnswers(server, (path, arrivals) => ranged(path) && !arrivals.some(ranged));
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const answer = openAndSearch(page);
    try {
      await waitUntil(() => gate.arrivals.filter(ranged).length >= 2, 'a second ranged request');
    } catch {
      assert.fail(`one range at a time while the first was held (received: ${gate.arrivals.join(', ')})`);
    }
    assert.equal(gate.held().length, 1, gate.held().join(', '));
    gate.release();
    await answered(answer, 'worker');
    await assertClean(page, problems);
    await page.close();
  });

  test('the page starts the worker before its own import has come', { timeout: 60_000 }, async () => {
    const server = await env.site();
    // Every copy of the error kinds is held back, the page's and the worker's.
    const gate = holdAnswers(server, (path) => path === '/quire-errors.js');
    const { page, problems } = await openPage(env.browser.context);
    // A page of its own that imports nothing (the demo's widget imports the error kinds).
    const blank = new URL('/blank.html', server.url).href;
    await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
    await page.goto(blank);
    const answer = openAndSearch(page);
    await requested(gate, ['/quire-engine.js', '/quire-worker.js'], 'quire-errors.js was held back');
    assert.ok(gate.held().length > 0 && gate.held().every((path) => path === '/quire-errors.js'), gate.held().join(', '));
    gate.release();
    await answered(answer, 'worker');
    await assertClean(page, problems);
    await page.close();
  });

  test('the manifest, the glue and the engine are asked for before the worker\'s own import has come', { timeout: 60_000 }, async () => {
    const server = await env.site();
    // The page's copy of the error kinds passes; the worker's is held back, and with it the
    // worker's `ready`.
    const gate = holdAnswers(server, (path, arrivals) => path === '/quire-errors.js' && arrivals.includes('/quire-worker.js'));
    const { page, problems } = await openPage(env.browser.context);
    await page.goto(server.url);
    const answer = openAndSearch(page);
    // (The index files need the manifest read, which waits for the error kinds it may report.)
    await requested(gate, ['/pkg/quire.js', '/pkg/quire_bg.wasm', '/quire/quire.json'], "the worker's quire-errors.js was held back");
    assert.deepEqual(gate.held(), ['/quire-errors.js']);
    gate.release();
    await answered(answer, 'worker');
    await assertClean(page, problems);
    await page.close();
  });

  test('an index that needs every stemmer opens without the default engine, whose download stops', { timeout: 60_000 }, async () => {
    // Every language of the fixtures: the manifest says `allStemmers`.
    const { browser, site, close } = await builtSite('quire-startup-', () => path.join(REPO, 'tests', 'fixtures', 'languages'));
    try {
      const gate = holdAnswers(site, (path) => path === '/pkg/quire_bg.wasm');
      const { page, problems } = await openPage(browser.context);
      await page.goto(site.url);
      const found = await page.evaluate(async () => {
        const { openIndex } = await import('/quire-engine.js');
        const index = await openIndex('/quire/');
        return (await index.search({ query: 'journal', lang: 'fr' })).hits.map((hit) => hit.title);
      });
      assert.ok(found.includes('Un journal de quartier à Lyon'), found.join(', '));
      assert.ok(gate.arrivals.includes('/pkg/quire_all_bg.wasm'));
      // The default module was asked for on speculation, held back, never needed: dropped.
      await waitUntil(() => gate.dropped.includes('/pkg/quire_bg.wasm'), 'the default engine dropped');
      await assertClean(page, problems);
      await page.close();
    } finally {
      await close();
    }
  });
});
