#!/usr/bin/env node
/**
 * A dependency-free static server for the Quire demo, with the strict Content-Security-Policy
 * the widget is meant to run under, and byte ranges (`Range: bytes=a-b`), which the engine
 * uses to read postings, positions and docs records without the whole files.
 *
 *   node www/serve.mjs [folder]      serves www/ (or folder) on 127.0.0.1
 *   PORT=9000 node www/serve.mjs     a fixed port; otherwise the first free one from 8080
 *
 * Tests import {@link start} to run it in-process on a free port.
 * @module serve
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

/** The policy every response carries: the widget needs nothing looser. */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.qi': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** Types worth compressing; index files and Wasm shrink by half or more. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.qi', '.svg', '.txt', '.md']);

/** Index files named by their content's hash never change, so they may be cached for good. */
const HASHED = /\.[0-9a-f]{16}\.qi$/;

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * Starts serving `root`.
 * @param {object} [options]
 * @param {string} [options.root] the folder to serve (default: the folder of this file)
 * @param {number} [options.port] a port, 0 for any free one; by default `PORT`, or the first
 *   free port from 8080
 * @param {string} [options.host] default 127.0.0.1
 * @param {string} [options.csp] the Content-Security-Policy header (default {@link CSP})
 * @param {boolean} [options.ranges] answer `Range` requests with 206 (default true); false
 *   makes a host that ignores them and sends whole files, as some do
 * @returns {Promise<{url: string, port: number, server: import('node:http').Server, close: () => Promise<void>}>}
 */
export async function start({ root = HERE, port, host = '127.0.0.1', csp = CSP, ranges = true } = {}) {
  const folder = path.resolve(root);
  const settings = { csp, ranges };
  const server = createServer((request, response) => {
    serve(folder, settings, request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`500 ${error.message}\n`);
    });
  });
  const fixed = port ?? (process.env.PORT ? Number(process.env.PORT) : undefined);
  if (fixed !== undefined) {
    await listen(server, fixed, host);
  } else {
    for (let candidate = 8080; ; candidate++) {
      try {
        await listen(server, candidate, host);
        break;
      } catch (error) {
        if (error.code !== 'EADDRINUSE' || candidate >= 8180) throw error;
      }
    }
  }
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of a browser would hold close() open.
        server.closeAllConnections();
      }),
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * @param {string} root
 * @param {{csp: string, ranges: boolean}} settings
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
async function serve(root, settings, request, response) {
  response.setHeader('Content-Security-Policy', settings.csp);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('405 method not allowed\n');
    return;
  }
  const url = new URL(request.url, 'http://localhost');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    pathname = null;
  }
  // No escape from the root, and no dotfiles (.git, .env).
  if (pathname === null || pathname.includes('\0') || pathname.split('/').some((part) => part.startsWith('.'))) {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('400 bad path\n');
    return;
  }
  let file = path.join(root, path.normalize(pathname));
  if (file !== root && !file.startsWith(root + path.sep)) {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('400 bad path\n');
    return;
  }
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) {
      // Relative URLs in the folder's page resolve against the slash. One leading slash
      // only: `//evil.example/` would send the browser to another host.
      response.writeHead(301, { Location: `/${url.pathname.replace(/^\/+/, '')}/${url.search}` });
      response.end();
      return;
    }
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    await notFound(root, request, response);
    return;
  }
  send(file, info, 200, request, response, settings.ranges);
}

async function notFound(root, request, response) {
  const page = path.join(root, '404.html');
  const info = await stat(page).catch(() => null);
  if (info?.isFile() && /text\/html/.test(request.headers.accept ?? '')) {
    send(page, info, 404, request, response);
    return;
  }
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(request.method === 'HEAD' ? undefined : '404 not found\n');
}

/**
 * The byte range a `Range` header asks of a file of `size` bytes: `null` to send the whole
 * file (no header, another unit, or several ranges, which a server may answer whole),
 * `'unsatisfiable'` for a range that is malformed or starts past the end (answered 416), or
 * `{start, end}` with `end` inclusive, cut to the file.
 * @param {string|undefined} header
 * @param {number} size
 * @returns {null|'unsatisfiable'|{start: number, end: number}}
 */
export function parseRange(header, size) {
  if (header === undefined) return null;
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return null;
  const specs = match[1].split(',').map((spec) => spec.trim());
  if (specs.length !== 1) return specs.some((spec) => !/^(\d+-\d*|-\d+)$/.test(spec)) ? 'unsatisfiable' : null;
  const spec = /^(\d*)-(\d*)$/.exec(specs[0]);
  if (!spec || (spec[1] === '' && spec[2] === '')) return 'unsatisfiable';
  if (spec[1] === '') {
    // The last n bytes.
    const n = Number(spec[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || (spec[2] !== '' && Number(spec[2]) < start)) return 'unsatisfiable';
  return { start, end };
}

/**
 * @param {string} file
 * @param {import('node:fs').Stats} info
 * @param {number} status
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {boolean} [ranges] honour `Range`
 */
function send(file, info, status, request, response, ranges = false) {
  const extension = path.extname(file).toLowerCase();
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': TYPES[extension] ?? 'application/octet-stream',
    'Cache-Control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
    Vary: 'Accept-Encoding',
  };
  if (ranges && status === 200) headers['Accept-Ranges'] = 'bytes';
  if (status === 200 && request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  // A range of a file that has not changed since the client's copy (If-Range); ranges are
  // sent as they are, never compressed.
  const ifRange = request.headers['if-range'];
  const range = ranges && status === 200 && (ifRange === undefined || ifRange === etag) ? parseRange(request.headers.range, info.size) : null;
  if (range === 'unsatisfiable') {
    response.writeHead(416, { 'Accept-Ranges': 'bytes', 'Content-Range': `bytes */${info.size}`, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(request.method === 'HEAD' ? undefined : '416 range not satisfiable\n');
    return;
  }
  if (range) {
    response.writeHead(206, {
      ...headers,
      'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`,
      'Content-Length': range.end - range.start + 1,
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const body = createReadStream(file, { start: range.start, end: range.end });
    body.on('error', () => response.destroy());
    body.pipe(response);
    return;
  }
  const gzip = COMPRESSIBLE.has(extension) && info.size > 1024 && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
  if (gzip) headers['Content-Encoding'] = 'gzip';
  else headers['Content-Length'] = info.size;
  response.writeHead(status, headers);
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const body = createReadStream(file);
  body.on('error', () => response.destroy());
  (gzip ? body.pipe(createGzip()) : body).pipe(response);
}

/** Run as a program: serve the folder given, or this one. */
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(process.argv[2] ?? HERE);
  const { url } = await start({ root });
  console.log(`Quire demo: ${url}`);
  if (!existsSync(path.join(root, 'pkg', 'quire_bg.wasm'))) {
    console.warn('note: pkg/quire_bg.wasm is missing; build it with `bash scripts/build-wasm.sh`');
  }
  if (!existsSync(path.join(root, 'quire', 'quire.json'))) {
    console.warn('note: quire/quire.json is missing; build it with `cargo build && ./target/debug/quire build examples/iran-media-review --out www/quire -q`');
  }
}
