/**
 * The working part of the Quire engine loader: owns the WebAssembly engine and does all the
 * fetching, decompressing and searching. `quire-engine.js` runs it in a module Web Worker,
 * where this file starts itself; where workers are refused (a Content-Security-Policy with
 * `worker-src 'none'`, a module that does not load in a worker, no `Worker` at all) it
 * imports this same module on the page and calls {@link serve} with one end of a
 * `MessageChannel`, so that both modes run the same code and speak the same protocol.
 *
 * Protocol (both modes): requests `{id, op, base, request}`, with `op` one of `open` (load the
 * manifest, the Wasm engine and the files every search needs), `info`, `search` and `facets`
 * (resolves once the facet lists are loaded); each is answered once, by `{id, value}`, `{id,
 * error: {kind, message}}` (`kind` being one of `KINDS` of `quire-errors.js`) or `{id,
 * cancelled: true}`. `{id, op: 'cancel'}` cancels request `id` and has no answer of its own: a
 * search starts no new round of fetches after it (those in flight finish and their data is
 * kept), and is answered `cancelled`; other requests finish as usual. A worker posts `{ready:
 * true}` once this module has loaded in it.
 *
 * Nothing here touches the DOM. Not meant to be imported by pages: use `quire-engine.js`.
 * @module quire-worker
 */

import { fromEngineKind, KINDS, QuireError } from './quire-errors.js';

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

/** Thrown by a search that was cancelled; answered `{id, cancelled: true}`. */
const CANCELLED = Symbol('cancelled');

/** The Wasm modules' `Engine` classes, by module name, each loaded once per worker (or page). */
const engineClasses = new Map();

/**
 * Loads an engine's glue and Wasm module (`quire`: English stemming only; `quire_all`: every
 * stemmer, for an index whose manifest says `allStemmers`), resolved next to this file rather
 * than the page. The glue is imported dynamically, so that a missing `pkg/` is an `engine`
 * failure of `open` rather than a module that does not load (which would look like refused
 * workers).
 * @param {'quire'|'quire_all'} name
 */
function loadWasm(name) {
  if (!engineClasses.has(name)) {
    const loading = (async () => {
      const pkg = await import(new URL(`./pkg/${name}.js`, import.meta.url).href);
      await pkg.default({ module_or_path: new URL(`./pkg/${name}_bg.wasm`, import.meta.url) });
      return pkg.Engine;
    })().catch((error) => {
      engineClasses.delete(name);
      throw failure(KINDS.engine, `the search engine could not be loaded: ${error?.message ?? error}`, error);
    });
    engineClasses.set(name, loading);
  }
  return engineClasses.get(name);
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
  try {
    return work();
  } catch (error) {
    throw fromEngine(error);
  }
}

/**
 * @param {URL} url
 * @param {RequestInit} [options]
 */
async function get(url, options) {
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

/** @param {URL} url */
async function fetchManifest(url) {
  // Revalidated every time: it is the one file whose name is not content-hashed, and a stale
  // copy would point at files that a new deployment removed.
  const response = await get(url, { cache: 'no-cache' });
  if (response.status === 404 || response.status === 410) {
    throw failure(KINDS.missing, `no search index at ${url} (HTTP ${response.status}); build one with \`quire build\``);
  }
  if (!response.ok) {
    throw failure(KINDS.network, `${url} answered HTTP ${response.status}`);
  }
  try {
    return await response.json();
  } catch (error) {
    // Typically a server that answers every path with its home page.
    throw failure(KINDS.missing, `${url} is not a Quire manifest (not JSON)`, error);
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

/** Raw-deflate decompression, native to browsers (the text records are stored so). */
async function inflate(bytes) {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw failure(KINDS.corrupt, `a text record does not decompress: ${error.message}`, error);
  }
}

/**
 * Byte ranges of the files of one index. Each is fetched with an HTTP `Range` header; a
 * host that ignores it answers 200 with the whole file, which is then kept and cut for this
 * and every later range of that file. Until the first ranged answer says which kind of host
 * this is, further ranged fetches wait for it: on a host without ranges, a search's first
 * round would otherwise download the same whole file once per range.
 * @param {URL} base
 */
function rangeReader(base) {
  /** @type {boolean|undefined} whether the host answers ranges with 206 */
  let ranges;
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
    const response = await get(url, { headers: { Range: asked } });
    if (response.status === 416) {
      ranges = true;
      // The manifest says the file is longer than it is: a truncated upload.
      throw failure(KINDS.corrupt, `index file ${url} is shorter than its manifest says (HTTP 416 for ${asked})`);
    }
    if (!response.ok) throw badStatus(url, response);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 206) {
      ranges = false;
      if (!whole.has(need.file)) whole.set(need.file, Promise.resolve(bytes));
      // Cut short if the file is: the engine's checksums then say it is damaged.
      return bytes.slice(need.start, need.end);
    }
    ranges = true;
    const range = response.headers.get('Content-Range') ?? '';
    const from = /^bytes (\d+)-/.exec(range);
    if (from && Number(from[1]) !== need.start) {
      throw failure(KINDS.network, `${url} answered ${range} for ${asked}`);
    }
    if (bytes.length !== need.end - need.start) {
      throw failure(KINDS.corrupt, `index file ${url} does not have the length its manifest says (${range || `${bytes.length} bytes`} for ${asked})`);
    }
    return bytes;
  };

  /**
   * Bytes `[start, end)` of an index file.
   * @param {{file: string, start: number, end: number}} need
   * @returns {Promise<Uint8Array>}
   */
  return async function read(need) {
    if (ranges === undefined && probe) await probe.catch(() => {});
    if (ranges === false || whole.has(need.file)) {
      return (await wholeFile(need.file)).slice(need.start, need.end);
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
 * Loads the index in the folder `base`: the manifest, the Wasm engine and the two files every
 * search needs; searches then fetch only what they ask for.
 * @param {URL} base
 */
async function load(base) {
  const manifestUrl = new URL('quire.json', base);
  // The default engine loads while the manifest comes: most indexes need no other. One with
  // a stemmed language besides English (`allStemmers`) needs the engine with every stemmer,
  // and the default one was loaded for nothing.
  const [manifest, defaultEngine] = await Promise.allSettled([fetchManifest(manifestUrl), loadWasm('quire')]);
  // A missing index explains more than a missing engine, so it is reported first.
  if (manifest.status === 'rejected') throw manifest.reason;
  const Engine = manifest.value.allStemmers
    ? await Promise.allSettled([loadWasm('quire_all')]).then(([all]) => all)
    : defaultEngine;
  if (Engine.status === 'rejected') throw Engine.reason;

  const engine = engineCall(() => new Engine.value(manifest.value));
  // Meta and columns first (every search needs them), fetched together but added in order
  // (columns are read with meta's counts); the rest when a search asks for it.
  const names = engineCall(() => engine.filesToLoad());
  const files = await Promise.all(names.map((name) => fetchFile(base, name)));
  names.forEach((name, i) => engineCall(() => engine.addFile(name, files[i])));

  const readRange = rangeReader(base);
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
        fetchFile(base, need.file, options).then((bytes) => engineCall(() => engine.addFile(need.file, bytes))),
      )
    );
  };

  /**
   * Brings what one round of a search asked for into the engine. Ranges of a file that
   * overlap, touch or lie within {@link RANGE_GAP} bytes of each other are fetched as one
   * request: a table entry and its neighbours' are 16 bytes each, and the records of
   * consecutive documents lie end to end.
   * @param {Array<{file: string, start: number, end: number, whole: boolean, textOf?: number}>} needs
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
        // Table entries and postings go in as the span; text records are decompressed one by
        // one (each is its own deflate stream).
        const plain = span.needs.some((need) => need.textOf === undefined)
          ? bytes.then((b) => engineCall(() => engine.addRange(file, span.start, b)))
          : null;
        for (const need of span.needs) {
          const work =
            need.textOf === undefined
              ? plain
              : bytes.then(async (b) => {
                  const text = await inflate(b.subarray(need.start - span.start, need.end - span.start));
                  engineCall(() => engine.addText(need.textOf, text));
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
   * @param {object} request
   * @param {() => boolean} cancelled
   */
  const run = async (request, cancelled) => {
    for (let round = 0; round < 16; round += 1) {
      if (cancelled()) throw CANCELLED;
      const answer = engineCall(() => engine.search(request));
      if (!answer.need) return answer;
      await provide(answer.need);
    }
    throw failure(KINDS.engine, 'a search asked for index data sixteen times without settling');
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

  return {
    info: () => engineCall(() => engine.info()),
    /** Results at once; when the facet lists are not loaded yet, `facetsPending` says so. */
    search: (request, cancelled) => {
      loadFacets().catch(() => {});
      return run(request, cancelled);
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
  const index = (base) => {
    if (typeof base !== 'string') return Promise.reject(failure(KINDS.query, 'no index folder given'));
    if (!indexes.has(base)) {
      const loading = load(new URL(base));
      indexes.set(base, loading);
      loading.catch(() => indexes.delete(base));
    }
    return indexes.get(base);
  };
  /** Ids of the requests being answered → whether each was cancelled. */
  const running = new Map();
  const ops = {
    open: async (base) => {
      await index(base);
      return null;
    },
    info: async (base) => (await index(base)).info(),
    search: async (base, request, id) => (await index(base)).search(request, () => running.get(id)?.cancelled === true),
    facets: async (base) => {
      await (await index(base)).facets();
      return null;
    },
  };
  port.addEventListener('message', async (event) => {
    const { id, op, base, request } = event.data ?? {};
    if (id === undefined) return;
    if (op === 'cancel') {
      const call = running.get(id);
      if (call) call.cancelled = true;
      return;
    }
    running.set(id, { cancelled: false });
    try {
      if (!Object.hasOwn(ops, op)) throw failure(KINDS.query, `unknown operation ${op}`);
      const value = await ops[op](base, request, id);
      port.postMessage({ id, value });
    } catch (error) {
      if (error === CANCELLED) port.postMessage({ id, cancelled: true });
      else port.postMessage({ id, error: { kind: error?.kind ?? KINDS.engine, message: String(error?.message ?? error) } });
    } finally {
      running.delete(id);
    }
  });
  port.start?.();
}

// In the worker that quire-engine.js starts (by its name: imported into some other worker, this
// module stays quiet): answer the page, and say that this module loaded, so that the page
// need not fall back to searching on its own thread.
if (typeof DedicatedWorkerGlobalScope === 'function' && globalThis instanceof DedicatedWorkerGlobalScope && globalThis.name === WORKER_NAME) {
  serve(globalThis);
  globalThis.postMessage({ ready: true });
}
