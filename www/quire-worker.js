/**
 * The working part of the Quire engine loader: owns the WebAssembly engine and does all the
 * fetching, decompressing and searching. `quire-engine.js` runs it in a module Web Worker,
 * where this file starts itself; where workers are refused (a Content-Security-Policy with
 * `worker-src 'none'`, a module that does not load in a worker, no `Worker` at all) it
 * imports this same module on the page and calls {@link serve} with one end of a
 * `MessageChannel`, so that both modes run the same code and speak the same protocol.
 *
 * Protocol (both modes): requests `{id, op, base, request}`, with `op` one of `open` (load the
 * manifest, the Wasm engine and the files every search needs), `info`, `search`, `facets`
 * (resolves once the facet lists are loaded), `timings` (the start-up trace: see `trace`),
 * `wasm` (the page brings the engine compiled: see `offers`) and `manifest` (the page brings
 * the manifest: see `manifestsFromPage`); each is answered once, by `{id, value}`, `{id,
 * error: {kind, message, fatal}}` (`kind` being one of `KINDS` of `quire-errors.js`; `fatal`
 * when the Wasm engine trapped and this worker, or module instance, must be replaced) or
 * `{id, cancelled: true}`. `{id, op: 'cancel'}` cancels request `id` and has no answer of its own: a
 * search starts no new round of fetches after it (those in flight finish and their data is
 * kept), and is answered `cancelled`; other requests finish as usual. A worker posts `{ready:
 * true}` once this module has loaded in it; requests sent before are answered too (the page
 * sends `open` at once, so that the index loads with the module).
 *
 * A `search` sent with `partial: true` may also get one `{id, partial: results}` before its
 * answer: a first page the answer's hits begin with (see `run`), never after a cancel.
 *
 * Nothing here touches the DOM. Not meant to be imported by pages: use `quire-engine.js`.
 * @module quire-worker
 */

// No static import: a module worker fetches its static imports before it runs any of its code,
// a round trip before the engine's downloads could start. The error kinds come by a dynamic
// import, in parallel with those downloads; this module finishes loading (and a worker says it
// is ready) only once they are here, and no request is answered before (see `serve`).
/** @type {typeof import('./quire-errors.js').fromEngineKind} */
let fromEngineKind;
/** @type {typeof import('./quire-errors.js').KINDS} */
let KINDS;
/** @type {typeof import('./quire-errors.js').QuireError} */
let QuireError;
const errorsLoading = import('./quire-errors.js').then((errors) => {
  ({ fromEngineKind, KINDS, QuireError } = errors);
});

/**
 * A {@link QuireError}; what crosses the boundary is its kind and message, of which
 * `quire-engine.js` makes a `QuireError` again on the page's side.
 * @param {import('./quire-errors.js').QuireErrorKind} kind
 * @param {string} message
 * @param {unknown} [cause]
 */
function failure(kind, message, cause) {
  return new QuireError(kind, message, cause === undefined ? undefined : { cause });
}

/**
 * The start-up trace: when each step of opening an index and of answering the first search
 * happened, as `{name, at}` with `at` in wall-clock milliseconds (`performance.timeOrigin +
 * performance.now()`, comparable with the page's), kept until this worker (or page) answers
 * its first search, so that it stays a few dozen entries. Answered to `{id, op: 'timings'}`
 * (`QuireIndex.timings` of `quire-engine.js`); for benchmarks and debugging: nothing is logged.
 * @type {Array<{name: string, at: number}>}
 */
const trace = [];
let tracing = true;
/** @param {string} name */
function mark(name) {
  if (tracing) trace.push({ name, at: performance.timeOrigin + performance.now() });
}
mark('worker module runs');

/** Thrown by a search that was cancelled; answered `{id, cancelled: true}`. */
const CANCELLED = Symbol('cancelled');

/** The Wasm modules' `Engine` classes, by module name, each loaded once per worker (or page,
 * until it traps). */
const engineClasses = new Map();

/**
 * Once the Wasm engine trapped (a Rust panic, say, on a terms file that passed its checksum
 * but was crafted): the error every later call into that instance gets, since its state can
 * no longer be trusted. Answered with `fatal: true`, on which `quire-engine.js` drops this
 * worker (or, on the page, this instance) and starts afresh for the next request.
 * @type {QuireError|undefined}
 */
let trapped;

/** How many Wasm instances this module loaded: a new one is imported under a new URL. */
let instances = 0;

/** The compiled Wasm modules, by module name: a new instance after a trap needs no new download. */
const wasmModules = new Map();

/**
 * Fetches and compiles a Wasm module, compiling as its bytes stream in (served as
 * `application/wasm`; otherwise once they are all here).
 * @param {'quire'|'quire_all'} name
 * @param {AbortSignal} [signal] stops the download
 * @returns {Promise<WebAssembly.Module>}
 */
function compileWasm(name, signal) {
  if (!wasmModules.has(name)) {
    const compiling = ownCompile(name, signal);
    compiling.catch(() => {
      if (wasmModules.get(name) === compiling) wasmModules.delete(name);
    });
    wasmModules.set(name, compiling);
  }
  return wasmModules.get(name);
}

/**
 * Fetches and compiles a Wasm module here (see {@link compileWasm}).
 * @param {'quire'|'quire_all'} name
 * @param {AbortSignal} [signal] stops the download
 * @returns {Promise<WebAssembly.Module>}
 */
async function ownCompile(name, signal) {
  const url = new URL(`./pkg/${name}_bg.wasm`, import.meta.url);
  const response = await fetch(url, { signal });
  mark(`${name} Wasm answered`);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const type = response.headers.get('Content-Type')?.split(';')[0].trim();
  const module = await (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(response)
    : WebAssembly.compile(await response.arrayBuffer()));
  mark(`${name} Wasm compiled`);
  return module;
}

/**
 * Engines that the page fetches and compiles itself, from the moment `quire-engine.js` loads
 * (a round trip or two before this module runs and an `open` reaches it), by name → how to
 * settle the offer. The page announces one with `{id, op: 'wasm', name}` before this module
 * runs, so that {@link compileWasm} waits for it rather than fetching its own; it hands it
 * over compiled with `{id, op: 'wasm', name, module}`, or says `{id, op: 'wasm', name, error}`,
 * on which this module fetches its own.
 * @type {Map<string, {give: (module: WebAssembly.Module|null) => void, drop: () => void}>}
 */
const offers = new Map();

/**
 * Answers `{op: 'wasm'}` (see {@link offers}). An announcement is answered once settled:
 * `taken` (the module came), `own` (it did not: this module fetched its own) or `dropped` (no
 * index wants it: the page stops its download); a module or an error is answered at once.
 * @param {{id: unknown, name?: unknown, module?: unknown, error?: unknown}} message
 * @param {{postMessage: (message: unknown) => void}} port
 */
function takeWasm({ id, name, module, error }, port) {
  const offer = offers.get(name);
  if (module === undefined && error === undefined) {
    if (offer || (name !== 'quire' && name !== 'quire_all') || wasmModules.has(name)) {
      port.postMessage({ id, value: 'own' });
      return;
    }
    let give;
    let drop;
    const coming = new Promise((resolve, reject) => {
      give = resolve;
      drop = reject;
    });
    offers.set(name, {
      give: (given) => {
        offers.delete(name);
        port.postMessage({ id, value: given ? 'taken' : 'own' });
        give(given);
      },
      drop: () => {
        offers.delete(name);
        port.postMessage({ id, value: 'dropped' });
        drop(new Error(`the ${name} engine is not needed`));
      },
    });
    const compiling = coming.then((given) => {
      if (given) mark(`${name} Wasm compiled on the page`);
      return given ?? ownCompile(name);
    });
    compiling.catch(() => {
      if (wasmModules.get(name) === compiling) wasmModules.delete(name);
    });
    wasmModules.set(name, compiling);
    return;
  }
  port.postMessage({ id, value: null });
  offer?.give(module instanceof WebAssembly.Module && mayCompile() ? module : null);
}

/**
 * Whether this context's policy lets it run WebAssembly (`'wasm-unsafe-eval'`), tried on the
 * smallest module: a worker whose own policy refuses it must not run the page's module either.
 */
function mayCompile() {
  try {
    new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads an engine's glue and Wasm module (`quire`: English stemming only; `quire_all`: every
 * stemmer, for an index whose manifest says `allStemmers`), resolved next to this file rather
 * than the page. The two are fetched at once, the module compiling while the glue comes,
 * rather than the glue fetching the module once it is here. The glue is imported dynamically,
 * so that a missing `pkg/` is an `engine` failure of `open` rather than a module that does not
 * load (which would look like refused workers).
 * @param {'quire'|'quire_all'} name
 * @param {AbortSignal} [signal] stops the module's download (see {@link speculate})
 */
function loadWasm(name, signal) {
  // Asked for by an index: no longer a speculation that another index could drop.
  if (!signal) speculations.delete(name);
  if (!engineClasses.has(name)) {
    const loading = (async () => {
      const glue = new URL(`./pkg/${name}.js`, import.meta.url);
      // After a trap on the page, a fresh copy of the glue: its module state is its instance's.
      if (instances > 0) glue.searchParams.set('instance', String(instances));
      const [pkg, module] = await Promise.all([import(glue.href).finally(() => mark(`${name} glue imported`)), compileWasm(name, signal)]);
      instances += 1;
      trapped = undefined;
      await pkg.default({ module_or_path: module });
      mark(`${name} Wasm instantiated`);
      return pkg.Engine;
    })().catch(async (error) => {
      if (engineClasses.get(name) === loading) engineClasses.delete(name);
      await errorsLoading;
      throw failure(KINDS.engine, `the search engine could not be loaded: ${error?.message ?? error}`, error);
    });
    engineClasses.set(name, loading);
  }
  return engineClasses.get(name);
}

/**
 * Engines being downloaded before any index asked for them, by name → what stops their
 * download, until an index asks for them ({@link loadWasm}) or drops them ({@link dropSpeculation}).
 * @type {Map<string, AbortController>}
 */
const speculations = new Map();

/**
 * Starts loading engine `name` before the manifest says which engine its index needs.
 * @param {'quire'|'quire_all'} name
 */
function speculate(name) {
  if (engineClasses.has(name)) return;
  const controller = new AbortController();
  speculations.set(name, controller);
  loadWasm(name, controller.signal).catch(() => {});
}

/**
 * Stops the download of engine `name` if it is a speculation no index asked for: its bytes
 * would only slow those of the engine the index needs.
 * @param {'quire'|'quire_all'} name
 */
function dropSpeculation(name) {
  const controller = speculations.get(name);
  if (!controller) return;
  offers.get(name)?.drop();
  speculations.delete(name);
  // Forgotten at once: an index asking for it later starts it afresh.
  engineClasses.delete(name);
  wasmModules.delete(name);
  controller.abort();
}

/**
 * Turns an error thrown by the Wasm engine (an `Error` with a `kind`) into one of ours, by
 * `ENGINE_KINDS` of `quire-errors.js`.
 * @param {any} error
 */
function fromEngine(error) {
  return failure(fromEngineKind(error?.kind), String(error?.message ?? error), error);
}

/** Runs `work` (a call into the engine), reporting its errors as ours. */
function engineCall(work) {
  if (trapped) throw trapped;
  try {
    return work();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      trapped = failure(KINDS.corrupt, `the search engine stopped on index data it could not read (${error.message}): the index is damaged; upload the index folder again`, error);
      trapped.fatal = true;
      engineClasses.clear();
      throw trapped;
    }
    throw fromEngine(error);
  }
}

/**
 * @param {URL} url
 * @param {RequestInit} [options]
 */
async function get(url, options) {
  mark(`fetch ${url.pathname.slice(url.pathname.lastIndexOf('/') + 1)}${options?.headers?.Range ? ` ${options.headers.Range}` : ''}`);
  try {
    return await fetch(url, options);
  } catch (error) {
    throw failure(KINDS.network, `could not fetch ${url}: ${error.message}`, error);
  }
}

/** The name `quire-engine.js` gives the worker it starts. */
export const WORKER_NAME = 'quire-search';

/**
 * Ranges of one file this close to each other are fetched together: fewer bytes than the
 * headers of a request of their own.
 */
const RANGE_GAP = 256;

/** @param {URL} url @param {Response} response */
function badStatus(url, response) {
  // A file the manifest lists but the server lacks: an incomplete upload.
  const kind = response.status === 404 || response.status === 410 ? KINDS.corrupt : KINDS.network;
  return failure(kind, `index file ${url} answered HTTP ${response.status}; upload the whole index folder`);
}

/**
 * Manifest URL → its fetch, started when `open` arrives, before this module's error kinds
 * have (see {@link startManifest}); taken once by {@link fetchManifest}.
 * @type {Map<string, Promise<Response>>}
 */
const manifestFetches = new Map();

/**
 * Starts fetching the manifest of the index folder `base`, for {@link fetchManifest} to take:
 * needs nothing this module is still loading. Revalidated every time: it is the one file
 * whose name is not content-hashed, and a stale copy would point at files that a new
 * deployment removed.
 * @param {unknown} base
 */
function startManifest(base) {
  const href = manifestHref(base);
  if (href === null || manifestFetches.has(href)) return;
  mark('fetch quire.json');
  const fetching = fetch(href, { cache: 'no-cache' });
  // Its failure is reported by whoever takes it.
  fetching.catch(() => {});
  manifestFetches.set(href, fetching);
}

/**
 * The manifest's URL in the index folder `base`, or null when `base` is no URL (the `open`
 * that follows then says so).
 * @param {unknown} base
 */
function manifestHref(base) {
  try {
    return new URL('quire.json', base).href;
  } catch {
    return null;
  }
}

/**
 * Manifest URL → what settles the manifest the page fetches for this worker: an `open` sent
 * with `manifest: 'page'` (by `quire-engine.js`, before this module runs) has the page fetch
 * the manifest at once, a round trip sooner than this module could, and send it as `{id, op:
 * 'manifest', base, status, text}` (or `{..., error}`), which {@link fetchManifest} then
 * reads as it would read its own answer.
 * @type {Map<string, (read: {status?: number, text?: string, error?: string}) => void>}
 */
const manifestsFromPage = new Map();

/**
 * Waits for the manifest of `base` from the page (see {@link manifestsFromPage}).
 * @param {unknown} base
 */
function manifestFromPage(base) {
  const href = manifestHref(base);
  if (href === null || manifestFetches.has(href)) return;
  const coming = new Promise((resolve, reject) => {
    manifestsFromPage.set(href, ({ status, text, error }) => {
      manifestsFromPage.delete(href);
      if (typeof status !== 'number' || typeof text !== 'string') reject(new Error(String(error ?? 'no answer')));
      else resolve({ status, ok: status >= 200 && status < 300, text: async () => text });
    });
  });
  coming.catch(() => {});
  manifestFetches.set(href, coming);
}

/** @param {URL} url */
async function fetchManifest(url) {
  const early = manifestFetches.get(url.href);
  manifestFetches.delete(url.href);
  let response;
  try {
    response = await (early ?? fetch(url, { cache: 'no-cache' }));
  } catch (error) {
    throw failure(KINDS.network, `could not fetch ${url}: ${error.message}`, error);
  }
  if (response.status === 404 || response.status === 410) {
    throw failure(KINDS.missing, `no search index at ${url} (HTTP ${response.status}); build one with \`quire build\``);
  }
  if (!response.ok) {
    throw failure(KINDS.network, `${url} answered HTTP ${response.status}`);
  }
  let text;
  try {
    text = await response.text();
  } catch (error) {
    throw failure(KINDS.network, `${url} could not be read: ${error.message}`, error);
  }
  if (/^\s*</.test(text)) {
    // A server that answers every path with its home page: there is no index here.
    throw failure(KINDS.missing, `${url} is an HTML page, not a Quire manifest: there is no search index at this address`);
  }
  if (!text.trim()) {
    throw failure(KINDS.corrupt, `${url} is empty: upload the index folder again`);
  }
  try {
    const parsed = JSON.parse(text);
    mark('manifest read');
    return parsed;
  } catch (error) {
    throw failure(KINDS.corrupt, `${url} is not valid JSON (${error.message}), as if it was cut short: upload the index folder again`, error);
  }
}

/**
 * @param {URL} base the index folder
 * @param {string} name a file listed in the manifest
 * @param {RequestInit} [options]
 */
async function fetchFile(base, name, options) {
  const url = new URL(name, base);
  // File names carry a hash of their contents, so a cached copy is never stale.
  const response = await get(url, { cache: 'force-cache', ...options });
  if (!response.ok) throw badStatus(url, response);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The most bytes of plain text a text record may claim: `quire::limits::MAX_TEXT_BYTES`
 * (`tests/shared_knowledge.rs` ties the two).
 */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** The bytes of deflate data given to the decompressor at a time (see {@link inflate}). */
const INFLATE_PIECE = 16384;

/**
 * The plain text of a text record (`src/format.rs`: its size as u32 LE, then raw deflate,
 * which browsers decompress natively), decompressed as it streams and never past the size
 * the record gives: a record claiming more than {@link MAX_TEXT_BYTES}, or inflating to more
 * or fewer bytes than it claims, is `corrupt` before it costs more than that.
 * (Exported for `tests/browser/protocol.test.mjs`.)
 * @param {URL} url the docs file, for errors
 * @param {Uint8Array} record
 */
export async function inflate(url, record) {
  const damaged = (what, cause) => failure(KINDS.corrupt, `a text record of ${url} ${what}: its docs file is damaged; upload the index folder again`, cause);
  if (record.length < 4) throw damaged('is shorter than its head');
  const size = new DataView(record.buffer, record.byteOffset, 4).getUint32(0, true);
  if (size > MAX_TEXT_BYTES) throw damaged(`claims ${size} bytes of text, over the limit of ${MAX_TEXT_BYTES}`);
  const text = new Uint8Array(size);
  let filled = 0;
  // From the bytes in memory, not from a Blob: a Blob's stream is read through the browser's
  // blob store, which held each record of a new query's page 7 to 15 ms in the worker. In
  // pieces pulled as the output is read, so that a deflate bomb inflates at most a piece's
  // worth (about a thousand times 16 kB) before the size check below stops it.
  const deflated = record.subarray(4);
  let at = 0;
  const source = new ReadableStream(
    {
      pull(controller) {
        if (at >= deflated.length) return controller.close();
        controller.enqueue(deflated.subarray(at, at + INFLATE_PIECE));
        at += INFLATE_PIECE;
      },
    },
    { highWaterMark: 0 },
  );
  const reader = source.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (error) {
      // The stream's own error says "Failed to fetch", which points at the network.
      throw damaged('is not valid raw deflate data', error);
    }
    if (chunk.done) break;
    if (filled + chunk.value.length > size) {
      reader.cancel().catch(() => {});
      throw damaged(`decompresses to more than the ${size} bytes it records`);
    }
    text.set(chunk.value, filled);
    filled += chunk.value.length;
  }
  if (filled !== size) throw damaged(`decompresses to ${filled} bytes, not the ${size} it records`);
  return text;
}

/** The magic number that opens every index file (`src/format.rs`). */
const MAGIC = [0x51, 0x55, 0x49, 0x52]; // "QUIR"

/**
 * Bytes `[start, end)` of a whole file as fetched. Checked first to be an index file of the
 * length its header gives (16 bytes of header, then the payload), so that a cut upload or a
 * page some server sent in its place is not taken for the file.
 * @param {URL} url
 * @param {Uint8Array} bytes
 * @param {{start: number, end: number}} need
 */
function cut(url, bytes, need) {
  const sealed =
    bytes.length >= 16 &&
    MAGIC.every((byte, i) => bytes[i] === byte) &&
    new DataView(bytes.buffer, bytes.byteOffset, 16).getUint32(8, true) + 16 === bytes.length;
  if (!sealed) {
    throw failure(KINDS.corrupt, `index file ${url} is not the whole index file (${bytes.length} bytes, cut short or not an index file): upload the whole index folder`);
  }
  if (bytes.length < need.end) {
    throw failure(KINDS.corrupt, `index file ${url} has ${bytes.length} bytes, fewer than its manifest says: upload the whole index folder`);
  }
  return bytes.slice(need.start, need.end);
}

/** Keeps no range: what {@link rangeReader} uses without a range store. */
const NO_RANGE_STORE = { lacks: () => true, get: async () => null, put() {} };

/** The Cache Storage cache that keeps fetched ranges across visits. */
export const RANGE_CACHE = 'quire-ranges-v1';

/**
 * Ranges kept across visits in Cache Storage, under `<file URL>?bytes=<start>-<end>`. The file
 * names are content hashes, so an entry is never stale; entries of files that the current
 * manifest no longer lists are removed in the background when an index opens. Where Cache
 * Storage is missing (an insecure origin) or fails, ranges are simply not kept. The keys it
 * holds are read once, when it opens: a range it is known to lack is fetched at once, rather
 * than after a lookup (a first visit's ranges would each wait for one).
 * @param {URL} base
 * @param {() => Set<string>} listed the file names of the manifest (asked for only when the
 *   cache holds ranges of this index)
 */
function rangeCache(base, listed) {
  const opening = (async () => {
    try {
      return (await globalThis.caches?.open(RANGE_CACHE)) ?? null;
    } catch {
      return null;
    }
  })();
  const keyOf = (url, need) => `${url.href}?bytes=${need.start}-${need.end}`;
  /** @type {Set<string>|undefined} the keys the cache holds, once read */
  let keys;
  /** Keys of the ranges put while the keys were being read. */
  const putMeanwhile = new Set();
  opening.then(async (cache) => {
    if (!cache) return;
    const requests = await cache.keys();
    const held = new Set();
    let names;
    for (const request of requests) {
      const url = new URL(request.url);
      const file = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      if (url.href.startsWith(base.href) && !(names ??= listed()).has(file)) await cache.delete(request);
      else held.add(request.url);
    }
    for (const key of putMeanwhile) held.add(key);
    keys = held;
  }).catch(() => {});
  return {
    /** Whether the range is known not to be kept (so that {@link get} would answer null). */
    lacks: (url, need) => keys !== undefined && !keys.has(keyOf(url, need)),
    /** @returns {Promise<Uint8Array|null>} */
    async get(url, need) {
      try {
        const cache = await opening;
        const hit = await cache?.match(keyOf(url, need));
        if (!hit) return null;
        const bytes = new Uint8Array(await hit.arrayBuffer());
        return bytes.length === need.end - need.start ? bytes : null;
      } catch {
        return null;
      }
    },
    put(url, need, bytes) {
      const key = keyOf(url, need);
      opening
        .then((cache) => cache?.put(key, new Response(bytes)))
        .then(() => (keys ?? putMeanwhile).add(key))
        .catch(() => {});
    },
  };
}

/**
 * The text record of a docs record: after the two u32 lengths (display record L, text record
 * M), the display record and its CRC-32 (see `src/format.rs`). The engine checks the rest.
 * @param {Uint8Array} record
 */
function textRecord(record) {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (record.byteLength < 8) throw failure(KINDS.corrupt, 'a docs record is shorter than its head');
  const start = 8 + view.getUint32(0, true) + 4;
  const end = start + view.getUint32(4, true);
  if (end > record.byteLength) throw failure(KINDS.corrupt, 'a docs record is shorter than its lengths say');
  return record.subarray(start, end);
}

/**
 * Byte ranges of the files of one index. Each is fetched with an HTTP `Range` header; a
 * host that ignores it answers 200 with the whole file, which is then kept and cut for this
 * and every later range of that file. Until the first ranged answer says which kind of host
 * this is, further ranged fetches wait for it: on a host without ranges, a search's first
 * round would otherwise download the same whole file once per range.
 *
 * How fetched bytes are kept: whole files (meta, columns, facets, terms, and every file of a
 * host without ranges) go through the HTTP cache with `force-cache`, since their names are
 * content hashes and never change meaning. Ranges are fetched with `cache: 'no-store'`,
 * because Chromium serializes parallel range requests of one URL under its HTTP cache lock
 * (eight ranges of a file took 370 ms at 40 ms RTT, 110 ms with `no-store`), and are kept in
 * the worker's own Cache Storage instead ({@link rangeCache}), keyed by file and range, so that
 * a later visit finds them without the network.
 *
 * What it returns is exactly the bytes asked for, or it throws: an answer that does not say
 * it holds them (a `Content-Range` elsewhere or missing, a body of another length, a whole
 * file too short) is refused, as `network` when the server misbehaved and `corrupt` when the
 * file is shorter than the manifest says. (Exported for `tests/js/range-reader.test.mjs`.)
 * @param {URL} base
 * @param {{lacks: Function, get: Function, put: Function}} [rangeStore] where ranges are
 *   kept across visits (none by default)
 */
export function rangeReader(base, rangeStore = NO_RANGE_STORE, learnt = Promise.resolve(undefined)) {
  /** @type {boolean|undefined} whether the host answers ranges with 206 */
  let ranges;
  // What the start-up fetch of the meta file learnt (see `startupFiles`): a 206 spares the
  // first search its probe, a ranged request made alone.
  learnt.then((known) => {
    if (known === true && ranges === undefined) ranges = true;
  }, () => {});
  /** @type {Promise<unknown>|undefined} the first ranged fetch, while it runs */
  let probe;
  /** File name → promise of its whole bytes, once the host is known to ignore ranges. */
  const whole = new Map();

  const wholeFile = (name) => {
    if (!whole.has(name)) {
      const loading = fetchFile(base, name);
      whole.set(name, loading);
      loading.catch(() => whole.delete(name));
    }
    return whole.get(name);
  };

  /** @param {{file: string, start: number, end: number}} need */
  const ranged = async (need) => {
    const url = new URL(need.file, base);
    const asked = `bytes=${need.start}-${need.end - 1}`;
    // A range known not to be kept is fetched now, in the same task as the search step that
    // asked for it, rather than after a lookup and whatever runs meanwhile.
    const kept = rangeStore.lacks?.(url, need) ? null : await rangeStore.get(url, need);
    if (kept) {
      ranges = true;
      return kept;
    }
    // `no-store`: under the default mode Chromium sends parallel ranges of one URL one at a
    // time (its HTTP cache lock); the bytes are kept in the range store instead.
    const response = await get(url, { headers: { Range: asked }, cache: 'no-store' });
    if (response.status === 416) {
      ranges = true;
      // The manifest says the file is longer than it is: a truncated upload.
      throw failure(KINDS.corrupt, `index file ${url} is shorter than its manifest says (HTTP 416 for ${asked})`);
    }
    if (!response.ok) throw badStatus(url, response);
    let bytes;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw failure(KINDS.network, `${url} could not be read: ${error.message}`, error);
    }
    if (response.status !== 206) {
      ranges = false;
      if (!whole.has(need.file)) whole.set(need.file, Promise.resolve(bytes));
      return cut(url, bytes, need);
    }
    ranges = true;
    // `bytes first-last/size`: a server may send more than was asked, never other bytes.
    const range = response.headers.get('Content-Range') ?? '';
    const sent = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(range.trim());
    const [first, last, size] = sent ? [Number(sent[1]), Number(sent[2]), Number(sent[3])] : [NaN, NaN, NaN];
    if (sent && first <= need.start && size < need.end) {
      // The server says the file is shorter than the manifest does: a truncated upload.
      throw failure(KINDS.corrupt, `index file ${url} has ${size} bytes, fewer than its manifest says (${range} for ${asked}): upload the whole index folder`);
    }
    if (!sent || first > need.start || last + 1 < need.end) {
      throw failure(KINDS.network, `${url} answered \`${range || 'no Content-Range'}\` for ${asked}`);
    }
    if (bytes.length !== last + 1 - first) {
      throw failure(KINDS.network, `${url} sent ${bytes.length} bytes for \`${range}\``);
    }
    const wanted = bytes.slice(need.start - first, need.end - first);
    rangeStore.put(url, need, wanted);
    return wanted;
  };

  /**
   * Bytes `[start, end)` of an index file.
   * @param {{file: string, start: number, end: number}} need
   * @returns {Promise<Uint8Array>}
   */
  return async function read(need) {
    if (ranges === undefined) await learnt.catch(() => {});
    if (ranges === undefined && probe) await probe.catch(() => {});
    if (ranges === false || whole.has(need.file)) {
      return cut(new URL(need.file, base), await wholeFile(need.file), need);
    }
    if (ranges === undefined) {
      const first = ranged(need);
      probe = first;
      first.catch(() => {}).finally(() => {
        if (probe === first) probe = undefined;
      });
      return first;
    }
    return ranged(need);
  };
}

/**
 * The roles of the files fetched as soon as the manifest is read, while the engine still
 * downloads or compiles: meta and columns, which the engine asks for before any search
 * (`filesToLoad`), and the facet lists, which the counts of the first search wait for. The
 * engine still says what it needs: a file it asks for that is not fetched here is fetched
 * then, a round later (`tests/shared_knowledge.rs` fails when a role of `filesToLoad` is
 * missing here).
 */
export const STARTUP_ROLES = ['meta', 'columns', 'facets'];

/**
 * A facets file larger than this (as the manifest lists it) is not fetched at start-up but
 * once the first search is answered: on a slow line its bytes would share the bandwidth with
 * what that search waits for, for counts shown beside its results. An archive with authors,
 * sections and years over 33,000 articles has about 117 kB of facet lists (66 kB gzip),
 * 330 ms at 1.6 Mbit/s; most small ones fit under it and keep their counts with the first
 * results. A search that filters by a facet asks for the lists itself.
 */
export const STARTUP_FACETS_BYTES = 16384;

/** Whether the facets file `file` (as the manifest lists it) waits for a first answer. */
const facetsWait = (file) => !(file.bytes <= STARTUP_FACETS_BYTES);

/**
 * Starts fetching the files of {@link STARTUP_ROLES} that `manifest` lists, before the engine
 * has checked it: only names of the form `quire build` gives them (the engine refuses others).
 * @param {URL} base
 * @param {any} manifest
 * @returns {Map<string, Promise<Uint8Array>>} file name → its bytes
 */
function startupFiles(base, manifest) {
  const early = new Map();
  /** @type {Promise<boolean|undefined>} */
  let ranges = Promise.resolve(undefined);
  for (const file of Array.isArray(manifest?.files) ? manifest.files : []) {
    if (!STARTUP_ROLES.includes(file?.role) || !new RegExp(`^${file.role}\\.[0-9a-f]{16}\\.qi$`).test(file.name)) continue;
    if (file.role === 'facets' && facetsWait(file)) continue;
    let fetching;
    if (file.role === 'meta') {
      const probe = probeRanges(base, file);
      ranges = probe.then((p) => p.ranges, () => undefined);
      fetching = probe.then((p) => p.bytes);
    } else {
      // The facet lists never hold back results: they come after what a search needs.
      fetching = fetchFile(base, file.name, file.role === 'facets' ? { priority: 'low' } : undefined);
    }
    fetching.then(() => mark(`${file.role} arrived`), () => {});
    early.set(file.name, fetching);
  }
  return { early, ranges };
}

/**
 * Fetches the meta file (a hundred bytes) as the range `bytes=0-`: a host that answers 206
 * answers ranges, which the first search then need not find out with a range of its own, a
 * round before the others. A 200, or anything unexpected, proves nothing (a host may answer
 * a range of the whole file with 200): the bytes are kept, the question left to that probe.
 * @param {URL} base
 * @param {{name: string, bytes: number}} file as the manifest lists it
 * @returns {Promise<{bytes: Uint8Array, ranges: boolean|undefined}>}
 */
async function probeRanges(base, file) {
  const url = new URL(file.name, base);
  try {
    // `no-store`: a 206 from the HTTP cache would say nothing of the host.
    const response = await get(url, { headers: { Range: 'bytes=0-' }, cache: 'no-store' });
    if (response.ok) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      const whole = bytes.length === file.bytes;
      const range = /^bytes 0-(\d+)\/(\d+)$/.exec((response.headers.get('Content-Range') ?? '').trim());
      const complete = range && Number(range[1]) + 1 === file.bytes && Number(range[2]) === file.bytes;
      if (whole && (response.status !== 206 || complete)) {
        return { bytes, ranges: response.status === 206 ? true : undefined };
      }
    }
  } catch {
    // As if it had not been tried: the plain fetch below reports what goes wrong.
  }
  return { bytes: await fetchFile(base, file.name), ranges: undefined };
}

/**
 * Loads the index in the folder `base`: the manifest (unless given, as parsed), the Wasm
 * engine and the two files every search needs; searches then fetch only what they ask for.
 * @param {URL} base
 * @param {object} [parsed] the manifest, when already fetched
 */
async function load(base, parsed) {
  const manifestUrl = new URL('quire.json', base);
  // The default engine loads while the manifest comes (from the `open` on: see `serve`): most
  // indexes need no other. One with a stemmed language besides English (`allStemmers`) needs
  // the engine with every stemmer; the default one's download stops, unless another index
  // asked for it. A missing index explains more than a missing engine, so it is reported first.
  const [manifest] = await Promise.allSettled([parsed ?? fetchManifest(manifestUrl)]);
  if (manifest.status === 'rejected') throw manifest.reason;
  const { early, ranges: rangesLearnt } = startupFiles(base, manifest.value);
  if (manifest.value.allStemmers) dropSpeculation('quire');
  const Engine = await Promise.allSettled([manifest.value.allStemmers ? loadWasm('quire_all') : loadWasm('quire')]).then(([engine]) => engine);
  if (Engine.status === 'rejected') throw Engine.reason;

  /**
   * A whole index file: the one fetched at start-up, else fetched now.
   * @param {string} name
   * @param {RequestInit} [options]
   */
  const fetchWhole = (name, options) => {
    const fetching = early.get(name);
    early.delete(name);
    return fetching ?? fetchFile(base, name, options);
  };

  const engine = engineCall(() => new Engine.value(manifest.value));
  mark('engine created');
  // Meta and columns first (every search needs them), added in order (columns are read with
  // meta's counts); the rest when a search asks for it.
  // Each is added as soon as it is here (and those before it are), rather than all at the end.
  const names = engineCall(() => engine.filesToLoad());
  const files = names.map((name) => fetchWhole(name));
  files.forEach((file) => file.catch(() => {}));
  for (const [i, name] of names.entries()) {
    const bytes = await files[i];
    engineCall(() => engine.addFile(name, bytes));
    mark(`${name.slice(0, name.indexOf('.'))} added`);
  }

  // Every file name of the index (thousands): only when the range cache has ranges to prune.
  const listed = () => new Set(engineCall(() => engine.fileNames()));
  const readRange = rangeReader(base, rangeCache(base, listed), rangesLearnt);
  /**
   * Fetches in flight, by what they bring (`file *` or `file start-end`): searches that need
   * the same bytes share them. A failed fetch may be retried by a later search; a done one
   * is not needed again.
   */
  const inFlight = new Map();
  const keyOf = (need) => `${need.file} ${need.whole ? '*' : `${need.start}-${need.end}`}`;
  const track = (key, work) => {
    inFlight.set(key, work);
    work.catch(() => {}).finally(() => {
      if (inFlight.get(key) === work) inFlight.delete(key);
    });
    return work;
  };

  /**
   * Brings a whole file into the engine.
   * @param {{file: string}} need
   * @param {RequestInit} [options]
   */
  const provideWhole = (need, options) => {
    const key = keyOf(need);
    return (
      inFlight.get(key) ??
      track(
        key,
        fetchWhole(need.file, options).then((bytes) => {
          engineCall(() => engine.addFile(need.file, bytes));
          mark(`${need.file.slice(0, need.file.indexOf('.'))} added`);
        }),
      )
    );
  };

  /**
   * Brings what one round of a search asked for into the engine. Ranges of a file that
   * overlap, touch or lie within {@link RANGE_GAP} bytes of each other are fetched as one
   * request: the records of consecutive documents lie end to end.
   * @param {Array<{file: string, start: number, end: number, whole: boolean, recordOf?: number, forTypos?: boolean}>} needs
   */
  const provide = (needs) => {
    const works = [];
    const byFile = new Map();
    for (const need of needs) {
      const key = keyOf(need);
      if (inFlight.has(key)) works.push(inFlight.get(key));
      else if (need.whole) works.push(provideWhole(need));
      else if (byFile.has(need.file)) byFile.get(need.file).push(need);
      else byFile.set(need.file, [need]);
    }
    for (const [file, list] of byFile) {
      list.sort((a, b) => a.start - b.start);
      const spans = [];
      for (const need of list) {
        const span = spans.at(-1);
        if (span && need.start <= span.end + RANGE_GAP) {
          span.end = Math.max(span.end, need.end);
          span.needs.push(need);
        } else {
          spans.push({ file, start: need.start, end: need.end, needs: [need] });
        }
      }
      for (const span of spans) {
        const bytes = readRange(span);
        // Positions go in as the span; each record goes in with its text decompressed (each
        // text is its own deflate stream).
        const plain = span.needs.some((need) => need.recordOf === undefined)
          ? bytes.then((b) => engineCall(() => engine.addRange(file, span.start, b)))
          : null;
        for (const need of span.needs) {
          const work =
            need.recordOf === undefined
              ? plain
              : bytes.then(async (b) => {
                  const record = b.slice(need.start - span.start, need.end - span.start);
                  const text = await inflate(new URL(file, base), textRecord(record));
                  engineCall(() => engine.addRecord(need.recordOf, record, text));
                });
          works.push(track(keyOf(need), work));
        }
      }
    }
    return Promise.all(works);
  };

  /**
   * Searches, fetching what each round asks for, until the engine answers; or, once
   * `cancelled()` says so, throws {@link CANCELLED} instead of starting another round.
   * With `onPartial`, while a round's fetches fly, the engine is asked for a first page
   * (`Engine.firstResults`: the hits found without typos, when their records are in and the
   * complete page will begin with them), given to `onPartial` once.
   * @param {object} request
   * @param {() => boolean} cancelled
   * @param {(first: object) => void} [onPartial]
   */
  const run = async (request, cancelled, onPartial) => {
    let first = onPartial;
    for (let round = 0; round < 16; round += 1) {
      if (cancelled()) throw CANCELLED;
      mark(`search step ${round + 1}`);
      const answer = engineCall(() => engine.search(request));
      mark(answer.need ? `search step ${round + 1} needs ${answer.need.length}` : `search step ${round + 1} done`);
      if (!answer.need) return answer;
      // What only typo lookups asked for (`forTypos`: a word's lexicon files, in case it is a
      // typo) is fetched, but waited on only when nothing else is: the next step asks again
      // for what it still needs, joining the fetch in flight. A word being typed finds its
      // terms shard, asked for by the keystroke before, and goes on to its records at once.
      const sure = answer.need.filter((need) => !need.forTypos);
      const forTypos = answer.need.filter((need) => need.forTypos);
      const fetching = provide(sure.length ? sure : forTypos);
      if (sure.length && forTypos.length) provide(forTypos).catch(() => {});
      const partial = first && engineCall(() => engine.firstResults(request));
      if (partial) {
        mark('first page');
        first(partial);
        first = undefined;
      }
      await fetching;
      mark(`round ${round + 1} fetched`);
    }
    // The data added never satisfies the engine: the files disagree with their manifest.
    throw failure(KINDS.corrupt, 'a search asked for index data sixteen times without settling: the index files disagree with quire.json');
  };

  // The facet lists are needed only for the counts beside the filters: they are fetched in
  // the background, from the first search on, and never delay results.
  const facetsFile = manifest.value.files.find((file) => file.role === 'facets');
  let facetsLoaded = !facetsFile;
  /** @type {Promise<void>|undefined} */
  let facetsLoading;
  const loadFacets = () => {
    if (facetsLoaded) return Promise.resolve();
    facetsLoading ??= provideWhole({ file: facetsFile.name, whole: true }, { priority: 'low' }).then(
      () => {
        facetsLoaded = true;
      },
      (error) => {
        // A network failure is tried again by the next search, or the next caller waiting
        // for the counts; a damaged file stays damaged.
        if (error?.kind === KINDS.network) facetsLoading = undefined;
        throw error;
      },
    );
    return facetsLoading;
  };
  // Small ones are on their way since the manifest came (see `startupFiles`); larger ones
  // wait for the first search's answer (see STARTUP_FACETS_BYTES).
  let facetsDeferred = Boolean(facetsFile) && facetsWait(facetsFile);
  if (!facetsDeferred) loadFacets().catch(() => {});

  return {
    /** The manifest's version and checksum: other ones mean a new generation of the index. */
    generation: `${manifest.value.version} ${manifest.value.checksum}`,
    info: () => engineCall(() => engine.info()),
    /** Results at once; when the facet lists are not loaded yet, `facetsPending` says so. */
    search: (request, cancelled, onPartial) => {
      if (!facetsDeferred) loadFacets().catch(() => {});
      const answer = run(request, cancelled, onPartial);
      // Once a search is answered: the searches of earlier keystrokes, cancelled, do not count.
      if (facetsDeferred) {
        answer.then(
          () => {
            facetsDeferred = false;
            loadFacets().catch(() => {});
          },
          () => {},
        );
      }
      return answer;
    },
    facets: loadFacets,
  };
}

/**
 * Answers the protocol's requests on `port`: a worker's global scope, or one end of a
 * `MessageChannel` on the page.
 * @param {{postMessage: (message: unknown) => void, addEventListener: Function, start?: () => void}} port
 */
export function serve(port) {
  /** Index folder URL → promise of the loaded index; a failed load is forgotten. */
  const indexes = new Map();
  const remember = (base, loading) => {
    indexes.set(base, loading);
    loading.catch(() => {
      if (indexes.get(base) === loading) indexes.delete(base);
    });
    return loading;
  };
  /** Index folders whose index loaded once: one that no longer loads was republished. */
  const loadedOnce = new Set();
  /**
   * Loads the index of `base` (from `manifest`, when already fetched). A version this engine
   * cannot read, where an index loaded before, is an archive republished by a newer Quire:
   * only a reload of the page (and its search code) can read it.
   */
  const loadIndex = (base, manifest) =>
    load(new URL(base), manifest).then(
      (loaded) => {
        loadedOnce.add(base);
        return loaded;
      },
      (error) => {
        if (error?.kind === KINDS.version && loadedOnce.has(base)) {
          throw failure(KINDS.updated, `the archive was republished with an index this page's search code cannot read (${error.message}); reload the page`, error);
        }
        throw error;
      },
    );
  const index = (base) => {
    if (typeof base !== 'string') return Promise.reject(failure(KINDS.query, 'no index folder given'));
    try {
      new URL(base);
    } catch {
      return Promise.reject(failure(KINDS.query, `the index folder ${base} is not an absolute URL`));
    }
    return indexes.get(base) ?? remember(base, loadIndex(base));
  };

  /**
   * After a failure that a damaged index would cause (a file the server no longer has, bytes
   * that fail their checksum), `quire.json` is read again, once: when the archive was
   * republished since the page loaded it (and the old files pruned), the new generation
   * replaces the old and the caller tries again; else the failure stands. A new generation
   * this engine cannot read means the page itself must be reloaded.
   * @param {string} base
   * @param {Promise<object>} stale the loading promise of the index that failed
   * @param {unknown} error
   */
  const renew = async (base, stale, error) => {
    const old = await stale.catch(() => null);
    let manifest;
    try {
      manifest = await fetchManifest(new URL('quire.json', base));
    } catch {
      throw error;
    }
    if (old && `${manifest?.version} ${manifest?.checksum}` === old.generation) throw error;
    // Another request may have renewed it meanwhile.
    const current = indexes.get(base);
    return current && current !== stale ? current : remember(base, loadIndex(base, manifest));
  };

  /** Runs `work` on the index of `base`, renewed once when it looks damaged (see `renew`). */
  const onIndex = async (base, work) => {
    const loading = index(base);
    let current;
    try {
      current = await loading;
    } catch (error) {
      if (error?.kind !== KINDS.corrupt || error.fatal) throw error;
      // Files of the manifest just read were gone: read it again, once.
      return work(await renew(base, loading, error));
    }
    try {
      return await work(current);
    } catch (error) {
      // A trapped engine is not renewed here: the page starts another (see `trapped`).
      if (error?.kind !== KINDS.corrupt || error.fatal) throw error;
      return work(await renew(base, loading, error));
    }
  };

  /** Ids of the requests being answered → whether each was cancelled. */
  const running = new Map();
  const ops = {
    open: (base) => onIndex(base, () => null),
    timings: () => trace.slice(),
    info: (base) => onIndex(base, (loaded) => loaded.info()),
    search: (base, request, id, onPartial) =>
      onIndex(base, (loaded) => loaded.search(request, () => running.get(id)?.cancelled === true, onPartial)),
    facets: (base) =>
      onIndex(base, async (loaded) => {
        await loaded.facets();
        return null;
      }),
  };
  port.addEventListener('message', async (event) => {
    const { id, op, base, request, partial } = event.data ?? {};
    if (id === undefined) return;
    // At once, before this module's error kinds: the `open` that may follow needs to know.
    if (op === 'wasm') {
      takeWasm(event.data, port);
      return;
    }
    if (op === 'manifest') {
      // Not a URL: nothing waits for it.
      manifestsFromPage.get(manifestHref(base))?.(event.data);
      port.postMessage({ id, value: null });
      return;
    }
    if (op === 'cancel') {
      const call = running.get(id);
      if (call) call.cancelled = true;
      return;
    }
    mark(`${op} received`);
    running.set(id, { cancelled: false });
    // Before this module's error kinds are here: the manifest and the default engine (see
    // `load`) need none of them to come.
    if (op === 'open' && !indexes.has(base)) {
      if (event.data.manifest === 'page') manifestFromPage(base);
      else startManifest(base);
      speculate('quire');
    }
    try {
      await errorsLoading;
      if (!Object.hasOwn(ops, op)) throw failure(KINDS.query, `unknown operation ${op}`);
      // `partial: true`: first pages go out as `{id, partial}` before the answer.
      const onPartial =
        partial === true
          ? (value) => {
              if (running.get(id)?.cancelled === false) port.postMessage({ id, partial: value });
            }
          : undefined;
      const value = await ops[op](base, request, id, onPartial);
      port.postMessage({ id, value });
      mark(`${op} answered`);
      // The trace covers start-up and the first search (see `trace`).
      if (op === 'search') tracing = false;
    } catch (error) {
      if (error === CANCELLED) port.postMessage({ id, cancelled: true });
      else port.postMessage({ id, error: { kind: error?.kind ?? KINDS.engine, message: String(error?.message ?? error), fatal: error?.fatal === true } });
    } finally {
      running.delete(id);
    }
  });
  port.start?.();
}

// In the worker that quire-engine.js starts (by its name: imported into some other worker, this
// module stays quiet): answer the page, and say that this module loaded, so that the page
// need not fall back to searching on its own thread.
const inWorker = typeof DedicatedWorkerGlobalScope === 'function' && globalThis instanceof DedicatedWorkerGlobalScope && globalThis.name === WORKER_NAME;
// Listening from the start: the page sends `open` without waiting for `ready`, so that the
// manifest and the engine come with the error kinds rather than after them.
if (inWorker) serve(globalThis);
// Whoever imports this module gets it with its error kinds.
await errorsLoading;
if (inWorker) globalThis.postMessage({ ready: true });
