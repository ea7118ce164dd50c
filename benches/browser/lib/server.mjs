// A logging static server on 127.0.0.1, like a plain static host: it answers `Range` with 206
// (one range, never compressed), and, when `gzip` is on and the client accepts it, sends whole
// files of text-like types (html, js, css, json, wasm, Quire's .qi) gzip-compressed at level 6.
// With `ranges: false` it is a host that ignores `Range` (Python's http.server, some proxies):
// 200 and the whole file, compressed as any whole file. With `tls` it speaks HTTPS, HTTP/2
// (and HTTP/1.1 to clients that ask), as hosted sites do. Every response is logged with its
// body bytes on the wire, so that a run can count what it fetched. No caching headers (no
// Cache-Control, ETag or Last-Modified) are sent.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.qi': 'application/octet-stream',
};

/** Compressed when whole. Pagefind's own files (.pagefind, .pf_*) are gzip already: never. */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.qi']);

export const GZIP_LEVEL = 6;

/** The file under `dir` that `rest` names, or null (no escaping the folder). */
function inside(dir, rest) {
  const file = path.resolve(dir, `.${rest}`);
  return file === dir || file.startsWith(dir + path.sep) ? file : null;
}

/**
 * @param {object} options
 * @param {Record<string, string>} options.mounts URL prefix ('/', '/idx/') → folder; the longest
 *   matching prefix wins
 * @param {Record<string, string|Buffer>} [options.virtual] URL path → contents (the harness's
 *   own page and script, logged as `harness`)
 * @param {boolean} [options.gzip]
 * @param {boolean} [options.ranges] answer `Range` with 206 (default); false: 200, whole file
 * @param {{key: string|Buffer, cert: string|Buffer}} [options.tls] HTTPS with HTTP/2 (see
 *   ./tls.mjs); plain HTTP/1.1 without
 */
export function startServer({ mounts, virtual = {}, gzip = true, ranges = true, tls = null }) {
  const prefixes = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  /** path → {mtime, size, bytes, gz}: whole files are read once and compressed once. */
  const cache = new Map();
  const log = [];

  const load = (file) => {
    const stat = statSync(file);
    if (!stat.isFile()) return null;
    let entry = cache.get(file);
    if (!entry || entry.mtime !== stat.mtimeMs || entry.size !== stat.size) {
      entry = { mtime: stat.mtimeMs, size: stat.size, bytes: null, gz: null };
      cache.set(file, entry);
    }
    return entry;
  };
  const bytesOf = (file, entry) => (entry.bytes ??= readFileSync(file));
  const gzipOf = (file, entry) => (entry.gz ??= gzipSync(bytesOf(file, entry), { level: GZIP_LEVEL }));

  const resolveFile = (pathname) => {
    for (const [prefix, dir] of prefixes) {
      if (pathname.startsWith(prefix)) return inside(dir, `/${pathname.slice(prefix.length)}`);
    }
    return null;
  };

  const handle = (request, response) => {
    const started = performance.now();
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const record = { t: Date.now(), method: request.method, path: pathname, status: 0, bytes: 0, range: null, encoding: 'identity', harness: false, http: request.httpVersion, rangeHeader: request.headers.range ?? null };
    const finish = (status, headers, body) => {
      record.status = status;
      record.bytes = request.method === 'HEAD' ? 0 : body.length;
      record.ms = performance.now() - started;
      log.push(record);
      response.writeHead(status, { ...headers, 'content-length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    try {
      if (pathname === '/__mark') {
        // The harness marks where each warm query starts: not the engine's, not counted.
        record.harness = true;
        record.mark = new URL(request.url, 'http://x').searchParams.get('n');
        finish(204, {}, Buffer.alloc(0));
        return;
      }
      if (Object.hasOwn(virtual, pathname)) {
        record.harness = true;
        const body = Buffer.from(virtual[pathname]);
        finish(200, { 'content-type': pathname.endsWith('/') ? TYPES['.html'] : TYPES[path.extname(pathname)] ?? 'text/plain' }, body);
        return;
      }
      const file = resolveFile(pathname);
      const entry = file && load(file);
      if (!entry) {
        finish(404, { 'content-type': 'text/plain' }, Buffer.from('not found'));
        return;
      }
      const ext = path.extname(file);
      const type = TYPES[ext] ?? 'application/octet-stream';
      const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
      // A host without ranges: the header is noted in the log, and the whole file goes out.
      if (range && !ranges) record.ignoredRange = request.headers.range;
      if (range && ranges) {
        let start;
        let end;
        if (range[1] === '') {
          start = Math.max(0, entry.size - Number(range[2]));
          end = entry.size - 1;
        } else {
          start = Number(range[1]);
          end = range[2] === '' ? entry.size - 1 : Math.min(Number(range[2]), entry.size - 1);
        }
        record.range = `${start}-${end}`;
        if (start > end || start >= entry.size) {
          finish(416, { 'content-range': `bytes */${entry.size}` }, Buffer.alloc(0));
          return;
        }
        const body = bytesOf(file, entry).subarray(start, end + 1);
        finish(206, { 'content-type': type, 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${entry.size}` }, body);
        return;
      }
      const accepts = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      const acceptRanges = ranges ? { 'accept-ranges': 'bytes' } : {};
      if (gzip && accepts && COMPRESSIBLE.has(ext)) {
        record.encoding = 'gzip';
        finish(200, { 'content-type': type, ...acceptRanges, 'content-encoding': 'gzip', vary: 'accept-encoding' }, gzipOf(file, entry));
        return;
      }
      finish(200, { 'content-type': type, ...acceptRanges }, bytesOf(file, entry));
    } catch (error) {
      finish(500, { 'content-type': 'text/plain' }, Buffer.from(String(error.message)));
    }
  };

  // maxSessionMemory (MB): a whole file is queued on its stream at once, and Node's default
  // (10 MB) would refuse every other stream of the connection while a larger one (MiniSearch's
  // 20 MB index) drains at the emulated rate.
  const server = tls ? createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true, maxSessionMemory: 1024 }, handle) : createServer(handle);
  // Open connections and HTTP/2 sessions, closed with the server (a browser keeps them alive).
  const open = new Set();
  const keep = (thing) => {
    open.add(thing);
    thing.on('close', () => open.delete(thing));
  };
  server.on('connection', keep);
  server.on('session', keep);

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}`,
        log,
        /** Reads and compresses a file ahead, so that compressing it is not timed in a run. */
        warm(pathname) {
          const file = resolveFile(pathname);
          const entry = file && load(file);
          if (!entry) return;
          bytesOf(file, entry);
          if (gzip && COMPRESSIBLE.has(path.extname(file))) gzipOf(file, entry);
        },
        close: () =>
          new Promise((done) => {
            server.close(done);
            for (const thing of open) thing.destroy();
          }),
      });
    });
  });
}
