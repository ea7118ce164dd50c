// Lazy loading over HTTP byte ranges: what `www/serve.mjs` answers to `Range` requests, what
// a search fetches (from the server's own request log), and a host that ignores `Range`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  browserWithSites,
  cliSearch,
  countPhrase,
  ENGINE_REQUESTS,
  engineAnswers,
  listedFiles,
  openPage,
  quire,
  recordRequests,
  requireBuilt,
  search,
  serveSite,
  shownTitles,
  widget,
  WWW,
} from './helpers.mjs';

/**
 * The sample's manifest with every file in `files`: `quire.json` lists the terms, lexicon,
 * positions and docs files compactly (`termsFiles`, ...; see src/format.rs), which the engine expands.
 */
const MANIFEST = () => {
  const manifest = JSON.parse(readFileSync(path.join(WWW, 'quire', 'quire.json'), 'utf8'));
  return { ...manifest, files: listedFiles(manifest) };
};

/**
 * A raw request to the server (no automatic decompression), resolving with {status,
 * headers, body}.
 */
function raw(url, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve.mjs and byte ranges', () => {
  let site;
  let plain;
  /** The largest index file: its name and bytes. */
  let file;
  let bytes;

  before(async () => {
    requireBuilt();
    site = await serveSite();
    plain = await serveSite(WWW, { ranges: false });
    const largest = MANIFEST().files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    file = `quire/${largest.name}`;
    bytes = readFileSync(path.join(WWW, file));
    assert.ok(bytes.length > 1024, 'an index file large enough to be gzipped whole');
  });

  after(async () => {
    await site?.close();
    await plain?.close();
  });

  test('a whole file: 200, Accept-Ranges, gzip when asked', async () => {
    const response = await raw(site.url + file, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers['accept-ranges'], 'bytes');
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(response.body), bytes);
  });

  test('a range: 206 with Content-Range and Content-Length, never compressed', async () => {
    const response = await raw(site.url + file, { headers: { Range: 'bytes=10-109', 'Accept-Encoding': 'gzip' } });
    assert.equal(response.status, 206);
    assert.equal(response.headers['content-range'], `bytes 10-109/${bytes.length}`);
    assert.equal(response.headers['content-length'], '100');
    assert.equal(response.headers['content-encoding'], undefined);
    assert.equal(response.headers['accept-ranges'], 'bytes');
    assert.deepEqual(response.body, bytes.subarray(10, 110));
  });

  test('open and suffix ranges, and an end past the file', async () => {
    const size = bytes.length;
    const cases = [
      ['bytes=100-', 100, size - 1],
      ['bytes=-16', size - 16, size - 1],
      [`bytes=${size - 5}-${size + 1000}`, size - 5, size - 1],
      ['bytes=0-0', 0, 0],
    ];
    for (const [range, first, last] of cases) {
      const response = await raw(site.url + file, { headers: { Range: range } });
      assert.equal(response.status, 206, range);
      assert.equal(response.headers['content-range'], `bytes ${first}-${last}/${size}`, range);
      assert.deepEqual(response.body, bytes.subarray(first, last + 1), range);
    }
  });

  test('unsatisfiable or malformed ranges: 416 with the size', async () => {
    for (const range of [`bytes=${bytes.length}-`, `bytes=${bytes.length + 10}-${bytes.length + 20}`, 'bytes=20-10', 'bytes=x-y', 'bytes=-0', 'bytes=-']) {
      const response = await raw(site.url + file, { headers: { Range: range } });
      assert.equal(response.status, 416, range);
      assert.equal(response.headers['content-range'], `bytes */${bytes.length}`, range);
    }
  });

  test('several ranges, another unit or a changed file (If-Range): the whole file', async () => {
    for (const headers of [{ Range: 'bytes=0-9,20-29' }, { Range: 'items=0-9' }, { Range: 'bytes=0-9', 'If-Range': '"another"' }]) {
      const response = await raw(site.url + file, { headers });
      assert.equal(response.status, 200, JSON.stringify(headers));
      assert.deepEqual(response.body, bytes, JSON.stringify(headers));
    }
    const etag = (await raw(site.url + file, { method: 'HEAD' })).headers.etag;
    const same = await raw(site.url + file, { headers: { Range: 'bytes=0-9', 'If-Range': etag } });
    assert.equal(same.status, 206);
  });

  test('HEAD of a range, and a range of a missing file', async () => {
    const head = await raw(site.url + file, { method: 'HEAD', headers: { Range: 'bytes=0-9' } });
    assert.equal(head.status, 206);
    assert.equal(head.headers['content-length'], '10');
    assert.equal(head.body.length, 0);
    const missing = await raw(`${site.url}quire/no-such-file.qi`, { headers: { Range: 'bytes=0-9' } });
    assert.equal(missing.status, 404);
  });

  test('with ranges off, a Range request gets the whole file and no Accept-Ranges', async () => {
    const response = await raw(plain.url + file, { headers: { Range: 'bytes=10-109' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers['accept-ranges'], undefined);
    assert.deepEqual(response.body, bytes);
  });
});

describe('what a search fetches', () => {
  const env = browserWithSites();
  before(env.start);
  after(env.close);

  test('a one-word search: the manifest, meta and columns, then only what it asks for, by ranges', { timeout: 60_000 }, async () => {
    const site = await env.site();
    const log = recordRequests(site);
    const manifest = MANIFEST();
    const byName = new Map(manifest.files.map((f) => [f.name, f]));
    // The widget does not browse: every request is the search's.
    const { page, problems } = await openPage(env.browser.context, { widget: { browse: 'none' } });
    await page.goto(site.url);
    const results = await page.evaluate(async () => {
      const { openIndex } = await import('/quire-engine.js');
      const index = await openIndex('/quire/');
      const found = await index.search({ query: 'zarif' });
      await index.facetsReady;
      return { mode: index.mode, titles: found.hits.map((hit) => hit.title) };
    });
    assert.equal(results.mode, 'worker');
    const expected = JSON.parse(quire('search', 'www/quire', 'zarif', '--json', '--limit', '20'));
    assert.deepEqual(results.titles, expected.hits.map((hit) => hit.title));

    const index = log.filter((entry) => entry.path.startsWith('/quire/'));
    const names = index.map((entry) => entry.path.slice('/quire/'.length));
    assert.equal(names.filter((name) => name === 'quire.json').length, 1, 'the manifest once');
    const files = names.filter((name) => name !== 'quire.json');
    assert.ok(files.every((name) => byName.has(name)), `only files of the manifest: ${files}`);

    // Files read whole (meta, columns, the terms shard of "zarif" and the lexicon of its
    // letter, the facet lists in the background): once each, 200 without Range; but meta,
    // asked as the range of the whole file, `bytes=0-`, whose 206 tells the worker that the
    // host answers ranges before a search needs one.
    const whole = index.filter((entry) => ['meta', 'columns', 'facets', 'terms', 'lexicon'].includes(byName.get(entry.path.slice(7))?.role));
    for (const role of ['meta', 'columns', 'facets']) {
      assert.equal(whole.filter((entry) => byName.get(entry.path.slice(7)).role === role).length, 1, role);
    }
    for (const entry of whole) {
      const meta = byName.get(entry.path.slice(7)).role === 'meta';
      assert.equal(entry.range, meta ? 'bytes=0-' : undefined, entry.path);
      assert.equal(entry.status, meta ? 206 : 200, entry.path);
    }
    // Only the dictionary shards that hold "zarif" and its Persian spelling "ظریف" (an alias
    // of the same person in people.toml), once each.
    const shards = manifest.files.filter((f) => f.role === 'terms');
    const holder = (term) => shards.filter((f) => f.firstTerm <= term).at(-1).name;
    const shardsFetched = whole.filter((entry) => byName.get(entry.path.slice(7)).role === 'terms').map((entry) => entry.path.slice(7));
    assert.deepEqual(shardsFetched.sort(), [...new Set([holder('zarif'), holder('ظریف')])].sort());
    assert.ok(shards.length > 1, 'the sample index has more than one shard');

    // Positions and docs: by ranges only, each answered 206 with its own Content-Range and
    // length, uncompressed, none twice.
    const ranged = index.filter((entry) => ['positions', 'docs'].includes(byName.get(entry.path.slice(7))?.role));
    for (const role of ['docs']) {
      assert.ok(ranged.some((entry) => byName.get(entry.path.slice(7)).role === role), `a ${role} range was fetched`);
    }
    for (const entry of ranged) {
      const match = /^bytes=(\d+)-(\d+)$/.exec(entry.range ?? '');
      assert.ok(match, `${entry.path} fetched with Range: ${entry.range}`);
      assert.equal(entry.status, 206, entry.path);
      const [first, last] = [Number(match[1]), Number(match[2])];
      assert.equal(entry.contentRange, `bytes ${first}-${last}/${byName.get(entry.path.slice(7)).bytes}`);
      assert.equal(entry.length, last - first + 1);
      assert.equal(entry.encoding, undefined);
    }
    const keys = ranged.map((entry) => `${entry.path} ${entry.range}`);
    assert.equal(new Set(keys).size, keys.length, `no range fetched twice: ${keys}`);
    // A few hits: a small part of the docs files.
    const docsBytes = manifest.files.filter((f) => f.role === 'docs').reduce((total, f) => total + f.bytes, 0);
    const docsSum = ranged.filter((entry) => byName.get(entry.path.slice(7)).role === 'docs').reduce((total, entry) => total + entry.length, 0);
    assert.ok(docsSum < docsBytes / 2, `${docsSum} of the ${docsBytes} bytes of docs`);
    // Not every file of the index.
    assert.ok(new Set(files).size < manifest.files.length, `${new Set(files).size} of ${manifest.files.length} files`);
    await assertClean(page, problems);
    await page.close();
  });

  test('a host that ignores Range: the same answers, each file fetched once', { timeout: 60_000 }, async () => {
    const good = await env.site();
    const plain = await env.site({ ranges: false });
    const log = recordRequests(plain);

    const first = await openPage(env.browser.context);
    await first.page.goto(good.url);
    const expected = await engineAnswers(first.page, ENGINE_REQUESTS);
    await first.page.close();

    const { page, problems } = await openPage(env.browser.context);
    await page.goto(plain.url);
    await search(page, 'talks');
    const talks = cliSearch('talks');
    assert.equal(await widget(page).status.textContent(), `${countPhrase(talks, true)} for “talks”`);
    assert.deepEqual(await shownTitles(page), talks.hits.map((hit) => hit.title));
    const answers = await engineAnswers(page, ENGINE_REQUESTS);
    assert.equal(answers.mode, 'worker');
    assert.deepEqual(answers.answers, expected.answers);

    const index = log.filter((entry) => entry.path.endsWith('.qi'));
    assert.ok(index.some((entry) => entry.range), 'the engine asked for ranges');
    assert.ok(index.every((entry) => entry.status === 200), 'and got whole files');
    const paths = index.map((entry) => entry.path);
    assert.equal(new Set(paths).size, paths.length, `each file once: ${paths}`);
    await assertClean(page, problems);
    await page.close();
  });
});
