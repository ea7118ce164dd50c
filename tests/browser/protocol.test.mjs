// The worker's message protocol with the real Wasm engine, in Node (no browser): `serve` of
// quire-worker.js on one end of a MessageChannel, `fetch` answered from an index folder on
// disk. Random messages each get one answer of a known kind; random server misbehaviour (short
// and long bodies, wrong statuses, wrong Content-Range) never yields results that differ from
// an honest server's; and a page that loaded an index before two publishes and a prune
// carries on with the new generation (issue 14).
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KINDS } from '../../www/quire-errors.js';
import { serve } from '../../www/quire-worker.js';
import { listedFiles, quire, REPO, requireBuilt, tempDir, WWW } from './helpers.mjs';
import { random } from '../js/random.mjs';

const BASE = 'https://archive.example/quire/';

/**
 * `fetch` for the engine: `file:` URLs (the Wasm module) from disk, the index from `folder`
 * as a static host with ranges would serve it, each answer passed through `misbehave(answer,
 * request)` when given. Counts requests by file name.
 */
function host(folder, misbehave) {
  const counts = new Map();
  const fetch = async (input, options = {}) => {
    const url = new URL(typeof input === 'string' ? input : input.href ?? input.url);
    if (url.protocol === 'file:') {
      const type = url.pathname.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      return new Response(readFileSync(url), { headers: { 'Content-Type': type } });
    }
    const name = url.pathname.split('/').pop();
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const file = path.join(folder(), name);
    if (!existsSync(file)) return new Response('<html>Not found</html>', { status: 404 });
    const bytes = readFileSync(file);
    const range = /^bytes=(\d+)-(\d+)$/.exec(new Headers(options.headers).get('Range') ?? '');
    let answer = { status: 200, body: bytes, headers: {} };
    if (range) {
      const [start, last] = [Number(range[1]), Math.min(Number(range[2]), bytes.length - 1)];
      answer =
        start >= bytes.length
          ? { status: 416, body: new Uint8Array(), headers: { 'Content-Range': `bytes */${bytes.length}` } }
          : { status: 206, body: bytes.subarray(start, last + 1), headers: { 'Content-Range': `bytes ${start}-${last}/${bytes.length}` } };
    }
    if (misbehave) answer = misbehave(answer, { name, range, bytes });
    if (answer instanceof Error) throw answer;
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
  return { fetch, counts };
}

/** A client of `serve`: `ask(message)` resolves with its one answer (or times out). */
function client() {
  const { port1, port2 } = new MessageChannel();
  serve(port2);
  const waiting = new Map();
  const extra = [];
  port1.addEventListener('message', (event) => {
    const call = waiting.get(event.data?.id);
    if (call) {
      waiting.delete(event.data.id);
      call(event.data);
    } else extra.push(event.data);
  });
  port1.start();
  let next = 0;
  return {
    extra,
    ask(message, ms = 20_000) {
      const id = message.id ?? ++next;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(message)} within ${ms} ms`)), ms);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        port1.postMessage({ ...message, id });
      });
    },
    post: (message) => port1.postMessage(message),
    close() {
      port1.close();
      port2.close();
    },
  };
}

/** Copies the sample corpus and builds it into `work/index`; returns the corpus folder. */
function sampleCorpus(work) {
  const corpus = path.join(work, 'corpus');
  cpSync(path.join(REPO, 'examples', 'iran-media-review'), corpus, { recursive: true });
  quire('build', corpus, '--out', path.join(work, 'index'), '-q');
  return corpus;
}

/**
 * Results to compare: without the facet counts when either side came before the facet lists
 * (`facetsPending`, which depends on timing, and on a facets file the server spoiled).
 */
function withoutPendingFacets(results, other) {
  if (!results.facetsPending && !other.facetsPending) return results;
  // The facet lists hold the entries table: until they come, counts are in articles and the
  // timeline waits (see `facetsPending` in src/search/results.rs).
  const { facets, facetsPending, timeline, entryTotal, articleTotal, unit, ...rest } = results;
  return rest;
}

const REQUESTS = [
  { query: 'talks' },
  { query: 'zari', typing: true },
  { query: '"supreme leader"' },
  { query: 'iran -talks', sort: 'newest' },
  { query: 'title:khamenei OR outlet:shargh' },
  { query: '', filters: { kind: ['Analysis'] } },
  { query: 'talks', dateFrom: '2025-01', dateTo: '2025-05' },
];

describe('the worker protocol, in Node', () => {
  let work;
  let removeWork;
  let corpus;
  const realFetch = globalThis.fetch;

  before(() => {
    requireBuilt();
    [work, removeWork] = tempDir('quire-protocol-');
    corpus = sampleCorpus(work);
  });

  after(() => {
    globalThis.fetch = realFetch;
    removeWork?.();
  });

  test('random messages are each answered once, with a known kind', async () => {
    globalThis.fetch = host(() => path.join(work, 'index')).fetch;
    const rng = random(42);
    const ops = ['open', 'info', 'search', 'facets', 'cancel', 'bogus', '__proto__', 'toString', undefined, 7];
    const bases = [BASE, BASE, BASE, 'quire/', '', 7, undefined, null, { href: BASE }, 'https://archive.example/elsewhere/'];
    const requests = [undefined, null, 'talks', 42, [], { query: 'talks' }, { query: 7, limit: -1, offset: 1e300 }, { query: 'x', filters: 'kind' }, { query: 'x', filters: { kind: 'Analysis' } }, { query: 'a'.repeat(5000), typing: 'yes' }, { sort: { toString: null } }, { dateFrom: '2025-13' }];
    const c = client();
    try {
      for (let n = 0; n < 120; n += 1) {
        const op = rng.pick(ops);
        const message = { op, base: rng.pick(bases), request: rng.pick(requests) };
        if (op === 'cancel') {
          c.post({ ...message, id: `cancel-${n}` });
          continue;
        }
        const answer = await c.ask(message);
        const kinds = Object.values(KINDS);
        if ('error' in answer) {
          assert.ok(kinds.includes(answer.error.kind), `${JSON.stringify(message)}: ${JSON.stringify(answer.error)}`);
          assert.equal(typeof answer.error.message, 'string');
        } else {
          assert.ok('value' in answer || answer.cancelled === true, JSON.stringify(answer));
        }
      }
      // A message without an id, and cancels of unknown ids, get no answer at all.
      c.post({ op: 'search', base: BASE });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(c.extra, []);
    } finally {
      c.close();
    }
  });

  test('a misbehaving server never changes what a search answers', { timeout: 240_000 }, async () => {
    // The honest answers first.
    globalThis.fetch = host(() => path.join(work, 'index')).fetch;
    const honest = client();
    const reference = [];
    try {
      for (const request of REQUESTS) reference.push(await honest.ask({ op: 'search', base: BASE, request }));
    } finally {
      honest.close();
    }
    for (const answer of reference) assert.ok('value' in answer, JSON.stringify(answer));

    const misbehaviours = {
      short: (a, r) => ({ ...a, body: a.body.subarray(0, Math.max(0, a.body.length - 1 - r.rng.int(8))) }),
      long: (a) => ({ ...a, body: new Uint8Array([...a.body, 0, 1, 2]) }),
      notFound: () => ({ status: 404, body: new Uint8Array(), headers: {} }),
      serverError: () => ({ status: 503, body: new Uint8Array(), headers: {} }),
      wrongContentRange: (a) => (a.status === 206 ? { ...a, headers: { 'Content-Range': 'bytes 0-3/99' } } : a),
      noContentRange: (a) => (a.status === 206 ? { ...a, headers: {} } : a),
      wholeFile: (a, r) => ({ status: 200, body: r.bytes, headers: {} }),
      homePage: () => ({ status: 200, body: new TextEncoder().encode('<!doctype html><title>Home</title>'), headers: {} }),
      flipped: (a, r) => {
        const body = new Uint8Array(a.body);
        if (body.length) body[r.rng.int(body.length)] ^= 1 << r.rng.int(8);
        return { ...a, body };
      },
      dropped: () => new TypeError('Failed to fetch'),
    };
    let compared = 0;
    let failed = 0;
    for (let seed = 1; seed <= 24; seed += 1) {
      const rng = random(seed);
      const names = Object.keys(misbehaviours);
      const chosen = names[seed % names.length];
      // Each index file request misbehaves with some probability, the manifest never.
      globalThis.fetch = host(
        () => path.join(work, 'index'),
        (answer, request) => (request.name.endsWith('.qi') && rng.next() < 0.35 ? misbehaviours[chosen](answer, { ...request, rng }) : answer),
      ).fetch;
      const c = client();
      try {
        for (const [i, request] of REQUESTS.entries()) {
          const answer = await c.ask({ op: 'search', base: BASE, request });
          if ('error' in answer) {
            assert.ok([KINDS.network, KINDS.corrupt, KINDS.missing].includes(answer.error.kind), `seed ${seed} (${chosen}): ${JSON.stringify(answer.error)}`);
            failed += 1;
          } else {
            assert.deepEqual(withoutPendingFacets(answer.value, reference[i].value), withoutPendingFacets(reference[i].value, answer.value), `seed ${seed} (${chosen}), ${JSON.stringify(request)}: other results than an honest server's`);
            compared += 1;
          }
        }
      } finally {
        c.close();
      }
    }
    assert.ok(compared > 20 && failed > 20, `${compared} compared, ${failed} failed`);
  });

  test('a page open across two publishes and a prune carries on with the new generation', { timeout: 120_000 }, async () => {
    const index = path.join(work, 'index2');
    quire('build', corpus, '--out', index, '-q');
    const served = host(() => index);
    globalThis.fetch = served.fetch;
    const c = client();
    try {
      const first = await c.ask({ op: 'search', base: BASE, request: { query: 'talks' } });
      assert.ok(first.value.total > 0);

      for (const n of [1, 2]) {
        writeFileSync(path.join(corpus, `2025-06-0${n}-new.md`), `---\ntitle: New edition ${n}\ndate: 2025-06-0${n}\n---\nThe zzqx talks went on.\n`);
        quire('build', corpus, '--out', index, '-q');
      }
      quire('prune', index);
      // The old generation knows no `zzqx`; reading `khamenei` in it finds its files gone.
      const request = { query: 'zzqx OR khamenei' };
      const manifestReads = served.counts.get('quire.json');
      const after = await c.ask({ op: 'search', base: BASE, request });
      assert.ok('value' in after, JSON.stringify(after));
      assert.equal(served.counts.get('quire.json'), manifestReads + 1, 'quire.json read again once');
      const fresh = client();
      try {
        const expected = await fresh.ask({ op: 'search', base: BASE, request });
        assert.deepEqual(after.value, expected.value, 'the answer of the new generation');
        assert.ok(after.value.hits.some((hit) => hit.title === 'New edition 2'));
      } finally {
        fresh.close();
      }

      // A file damaged under an unchanged manifest stays an error (after one more look).
      const manifest = JSON.parse(readFileSync(path.join(index, 'quire.json'), 'utf8'));
      // The terms files hold the postings: damage every one a search for "muscat" may read.
      for (const file of listedFiles(manifest).filter((f) => f.role === 'terms')) {
        const terms = path.join(index, file.name);
        const bytes = readFileSync(terms);
        for (let i = 16; i < bytes.length; i += 1) bytes[i] ^= 0x55;
        writeFileSync(terms, bytes);
      }
      const damaged = await c.ask({ op: 'search', base: BASE, request: { query: 'muscat' } });
      assert.equal(damaged.error?.kind, KINDS.corrupt, JSON.stringify(damaged));
      assert.equal(served.counts.get('quire.json'), manifestReads + 3, 'one more look at quire.json');

      // A new generation this engine cannot read: the page must reload.
      for (const name of readdirSync(index)) if (name.endsWith('.qi')) rmSync(path.join(index, name));
      writeFileSync(path.join(index, 'quire.json'), JSON.stringify({ ...manifest, version: 99 }));
      const updated = await c.ask({ op: 'search', base: BASE, request: { query: 'zzqx new' } });
      assert.equal(updated.error?.kind, KINDS.updated, JSON.stringify(updated));
      assert.match(updated.error.message, /reload the page/);
    } finally {
      c.close();
    }
  });
});

// The page loads the engine from www/pkg, which these tests read through file: URLs.
if (!existsSync(path.join(WWW, 'pkg', 'quire_bg.wasm'))) console.warn('www/pkg is not built: run bash scripts/build-wasm.sh');
