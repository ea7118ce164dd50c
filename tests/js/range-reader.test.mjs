// The worker's range reader over random server behaviour (issue 14): whatever a host, cache
// or proxy answers (a short or long body, a wrong status, a wrong or missing Content-Range,
// a whole file, a cut one, a dropped connection), a read returns exactly the bytes asked for
// or fails with a `network` or `corrupt` QuireError; it never returns other bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QuireError } from '../../www/quire-errors.js';
import { rangeReader } from '../../www/quire-worker.js';
import { random } from './random.mjs';

const BASE = new URL('https://archive.example/quire/');

/** How a misbehaving server may answer `Range: bytes=start-(end-1)` for a file. */
const BEHAVIOURS = {
  // As a server does: cut to the file, and 416 from past its end.
  honest: (file, start, end) =>
    start >= file.length
      ? new Response('', { status: 416, headers: { 'Content-Range': `bytes */${file.length}` } })
      : partial(file.subarray(start, end), `bytes ${start}-${Math.min(end, file.length) - 1}/${file.length}`),
  // A file cut short, said so honestly.
  truncatedFile: (file, start, end) => {
    const size = Math.min(file.length, start + Math.max(1, Math.floor((end - start) / 2)));
    return partial(file.subarray(start, size), `bytes ${start}-${size - 1}/${size}`);
  },
  // Ranges ignored: the whole file, as a host without range support sends it.
  whole: (file) => new Response(file, { status: 200 }),
  wholeButCut: (file, start, end, rng) => new Response(file.subarray(0, rng.int(end)), { status: 200 }),
  // More than asked, said so: allowed, and cut to what was asked.
  wider: (file, start, end) => {
    const first = Math.max(0, start - 3);
    const last = Math.min(file.length - 1, end + 2);
    return partial(file.subarray(first, last + 1), `bytes ${first}-${last}/${file.length}`);
  },
  elsewhere: (file, start, end) => {
    const first = (start + 1) % Math.max(1, file.length - (end - start));
    return partial(file.subarray(first, first + end - start), `bytes ${first}-${first + end - start - 1}/${file.length}`);
  },
  noContentRange: (file, start, end) => new Response(file.subarray(start, end), { status: 206 }),
  garbledContentRange: (file, start, end) => partial(file.subarray(start, end), `bytes=${start}-${end - 1}`),
  shortBody: (file, start, end, rng) => partial(file.subarray(start, start + rng.int(end - start)), `bytes ${start}-${end - 1}/${file.length}`),
  longBody: (file, start, end) => partial(new Uint8Array([...file.subarray(start, end), 1, 2, 3]), `bytes ${start}-${end - 1}/${file.length}`),
  // A Content-Range that claims the bytes asked for, over a body of another length.
  lyingLength: (file, start, end) => partial(file.subarray(start, end + 1), `bytes ${start}-${end - 1}/${file.length}`),
  notFound: () => new Response('<html>404</html>', { status: 404, headers: { 'Content-Type': 'text/html' } }),
  gone: () => new Response('', { status: 410 }),
  serverError: () => new Response('oops', { status: 500 }),
  unsatisfiable: (file) => new Response('', { status: 416, headers: { 'Content-Range': `bytes */${file.length}` } }),
  redirectedHome: () => new Response('<!doctype html><title>Home</title>', { status: 200 }),
  dropped: () => {
    throw new TypeError('Failed to fetch');
  },
};

/** An index file around `payload`: magic, version, role, length (the checksum is not read here). */
function indexFile(payload) {
  const bytes = new Uint8Array(16 + payload.length);
  bytes.set([0x51, 0x55, 0x49, 0x52, 9, 0, 6, 0]);
  new DataView(bytes.buffer).setUint32(8, payload.length, true);
  bytes.set(payload, 16);
  return bytes;
}

function partial(body, contentRange) {
  return new Response(body, { status: 206, headers: { 'Content-Range': contentRange } });
}

/** Serves `files` with `behave` choosing the answer to each request. */
function host(files, behave) {
  return async (url, options = {}) => {
    const name = new URL(url).pathname.split('/').pop();
    const file = files.get(name);
    if (!file) return new Response('', { status: 404 });
    const range = /^bytes=(\d+)-(\d+)$/.exec(options.headers?.Range ?? '');
    if (!range) return behave('whole-file', file, 0, file.length);
    return behave('range', file, Number(range[1]), Number(range[2]) + 1);
  };
}

async function outcome(promise) {
  try {
    return { bytes: await promise };
  } catch (error) {
    return { error };
  }
}

test('reads return the bytes asked for, or fail with network or corrupt', async () => {
  const realFetch = globalThis.fetch;
  let checked = 0;
  try {
    for (let seed = 1; seed <= 400; seed += 1) {
      const rng = random(seed);
      const files = new Map();
      for (let f = 0; f < 3; f += 1) {
        files.set(`docs.${String(f).padStart(16, '0')}.qi`, indexFile(new Uint8Array(rng.int(400)).map(() => rng.int(256))));
      }
      // Each server mostly behaves one way, sometimes another.
      const usual = rng.pick(Object.keys(BEHAVIOURS));
      globalThis.fetch = host(files, (kind, file, start, end) => {
        const name = rng.next() < 0.7 ? usual : rng.pick(Object.keys(BEHAVIOURS));
        if (kind === 'whole-file') return name === 'dropped' ? BEHAVIOURS.dropped() : rng.next() < 0.8 ? new Response(file) : BEHAVIOURS[name](file, 0, file.length, rng);
        return BEHAVIOURS[name](file, start, end, rng);
      });
      const read = rangeReader(BASE);
      const needs = [];
      for (let n = 0; n < 6; n += 1) {
        const name = rng.pick([...files.keys()]);
        const size = files.get(name).length;
        const start = rng.int(size);
        // Mostly inside the file; sometimes past its end, as a manifest that lies would ask.
        const end = Math.min(start + 1 + rng.int(64), size) + (rng.next() < 0.1 ? 8 : 0);
        needs.push({ file: name, start, end });
      }
      const results = await Promise.all(needs.map((need) => outcome(read(need))));
      results.forEach(({ bytes, error }, i) => {
        const need = needs[i];
        const where = `seed ${seed}, server ${usual}, read ${need.file} ${need.start}-${need.end}`;
        if (error) {
          assert.ok(error instanceof QuireError, `${where}: ${error}`);
          assert.ok(['network', 'corrupt'].includes(error.kind), `${where}: ${error.kind} ${error.message}`);
          assert.ok(error.message.length > 20, where);
        } else {
          const file = files.get(need.file);
          assert.ok(need.end <= file.length, `${where}: bytes past the end of the file`);
          assert.deepEqual(bytes, file.subarray(need.start, need.end), where);
        }
        checked += 1;
      });
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.equal(checked, 2400);
});

test('each misbehaviour is refused, the allowed ones are read', async () => {
  const realFetch = globalThis.fetch;
  const file = indexFile(new Uint8Array(284).map((_, i) => (i * 7) & 255));
  const files = new Map([['postings.0000000000000000.qi', file]]);
  const expected = {
    honest: 'bytes',
    truncatedFile: 'corrupt',
    whole: 'bytes',
    wider: 'bytes',
    wholeButCut: 'corrupt',
    elsewhere: 'network',
    noContentRange: 'network',
    garbledContentRange: 'network',
    shortBody: 'network',
    longBody: 'network',
    lyingLength: 'network',
    notFound: 'corrupt',
    gone: 'corrupt',
    serverError: 'network',
    unsatisfiable: 'corrupt',
    redirectedHome: 'corrupt',
    dropped: 'network',
  };
  assert.deepEqual(Object.keys(expected).sort(), Object.keys(BEHAVIOURS).sort());
  try {
    for (const [name, wanted] of Object.entries(expected)) {
      const rng = random(7);
      globalThis.fetch = host(files, (kind, f, start, end) => BEHAVIOURS[name](f, start, end, rng));
      const need = { file: 'postings.0000000000000000.qi', start: 100, end: 180 };
      const { bytes, error } = await outcome(rangeReader(BASE)(need));
      assert.equal(error?.kind ?? 'bytes', wanted, `${name}: ${error?.message}`);
      if (bytes) assert.deepEqual(bytes, file.subarray(100, 180), name);
    }
  } finally {
    globalThis.fetch = realFetch;
  }
});
