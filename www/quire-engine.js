/**
 * Loads a Quire index in the browser and answers searches on it.
 *
 * Kept apart from the widget, with a promise-based surface, so that it can move into a Web
 * Worker without its callers changing: nothing here touches the DOM.
 *
 * @example
 * import { openIndex } from './quire-engine.js';
 * const index = await openIndex(new URL('./quire/', location.href));
 * const results = await index.search({ query: 'zarif', typing: true });
 *
 * @module quire-engine
 */
import init, { Engine } from './pkg/quire.js';

/**
 * What went wrong, for choosing a message:
 * - `missing`: there is no index at that address (no `quire.json`, or not JSON);
 * - `corrupt`: an index file is damaged, truncated or absent (also a manifest that does not
 *   describe a Quire index);
 * - `version`: the index was written by another format version of Quire;
 * - `network`: the index could not be fetched (offline, server error);
 * - `engine`: the WebAssembly search engine could not be loaded;
 * - `query`: a search request was invalid (a bad date, an unknown filter or sort).
 * @typedef {'missing'|'corrupt'|'version'|'network'|'engine'|'query'} QuireErrorKind
 */

/** An `Error` with a {@link QuireErrorKind}. */
export class QuireError extends Error {
  /**
   * @param {QuireErrorKind} kind
   * @param {string} message for the site's developer; the widget words its own for visitors
   * @param {{cause?: unknown}} [options]
   */
  constructor(kind, message, options) {
    super(message, options);
    this.name = 'QuireError';
    /** @type {QuireErrorKind} */
    this.kind = kind;
  }
}

/**
 * A search request; every field is optional.
 * @typedef {object} SearchRequest
 * @property {string} [query] text in Quire's query language
 * @property {Record<string, string[]>} [filters] facet name → accepted values
 * @property {string} [dateFrom] `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive
 * @property {string} [dateTo] likewise
 * @property {'relevance'|'newest'|'oldest'} [sort]
 * @property {number} [limit] hits per page (at most 100)
 * @property {number} [offset]
 * @property {boolean} [typing] the last word also matches as a prefix
 */

/**
 * A loaded index.
 * @typedef {object} QuireIndex
 * @property {() => Promise<object>} info counts and facets of the whole index
 * @property {(request: SearchRequest) => Promise<object>} search the results of a request;
 *   rejects with a {@link QuireError} of kind `query` for an invalid one
 */

/** Index URL → its loading promise: widgets that share an index share one engine. */
const opened = new Map();

let wasm;

/** Starts the Wasm module once per page, resolved next to this file rather than the page. */
function loadWasm() {
  wasm ??= init({ module_or_path: new URL('./pkg/quire_bg.wasm', import.meta.url) }).catch((error) => {
    wasm = undefined;
    throw new QuireError('engine', `the search engine could not be loaded: ${error.message}`, { cause: error });
  });
  return wasm;
}

/**
 * Turns an error thrown by the Wasm engine (an `Error` with a `kind`) into a QuireError.
 * The engine's `manifest` kind is reported as `corrupt`: to a visitor, a manifest that does
 * not describe a Quire index is a damaged index.
 * @param {any} error
 * @returns {QuireError}
 */
function fromEngine(error) {
  const known = { corrupt: 'corrupt', version: 'version', manifest: 'corrupt', query: 'query' };
  const kind = known[error?.kind] ?? 'engine';
  return new QuireError(kind, String(error?.message ?? error), { cause: error });
}

/**
 * @param {URL} url
 * @param {RequestInit} options
 */
async function get(url, options) {
  try {
    return await fetch(url, options);
  } catch (error) {
    throw new QuireError('network', `could not fetch ${url}: ${error.message}`, { cause: error });
  }
}

/** @param {URL} url */
async function fetchManifest(url) {
  // Revalidated every time: it is the one file whose name is not content-hashed, and a stale
  // copy would point at files that a new deployment removed.
  const response = await get(url, { cache: 'no-cache' });
  if (response.status === 404 || response.status === 410) {
    throw new QuireError('missing', `no search index at ${url} (HTTP ${response.status}); build one with \`quire build\``);
  }
  if (!response.ok) {
    throw new QuireError('network', `${url} answered HTTP ${response.status}`);
  }
  try {
    return await response.json();
  } catch (error) {
    // Typically a server that answers every path with its home page.
    throw new QuireError('missing', `${url} is not a Quire manifest (not JSON)`, { cause: error });
  }
}

/**
 * @param {URL} base the index folder
 * @param {string} name a file listed in the manifest
 */
async function fetchFile(base, name) {
  const url = new URL(name, base);
  // File names carry a hash of their contents, so a cached copy is never stale.
  const response = await get(url, { cache: 'force-cache' });
  if (!response.ok) {
    // A file the manifest lists but the server lacks: an incomplete upload.
    const kind = response.status === 404 || response.status === 410 ? 'corrupt' : 'network';
    throw new QuireError(kind, `index file ${url} answered HTTP ${response.status}; upload the whole index folder`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Fetches bytes `[start, end)` of an index file. A host that ignores `Range` sends the whole
 * file; the part asked for is then cut out of it.
 * @param {URL} base
 * @param {{file: string, start: number, end: number}} need
 */
async function fetchRange(base, need) {
  const url = new URL(need.file, base);
  const response = await get(url, { headers: { Range: `bytes=${need.start}-${need.end - 1}` } });
  if (!response.ok) {
    const kind = response.status === 404 || response.status === 410 ? 'corrupt' : 'network';
    throw new QuireError(kind, `index file ${url} answered HTTP ${response.status}; upload the whole index folder`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return response.status === 206 ? bytes : bytes.subarray(need.start, need.end);
}

/** Raw-deflate decompression, native to browsers (the text records are stored so). */
async function inflate(bytes) {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new QuireError('corrupt', `a text record does not decompress: ${error.message}`, { cause: error });
  }
}

/** @param {URL} base */
async function load(base) {
  const manifestUrl = new URL('quire.json', base);
  const [manifest, module] = await Promise.allSettled([fetchManifest(manifestUrl), loadWasm()]);
  // A missing index explains more than a missing engine, so it is reported first.
  if (manifest.status === 'rejected') throw manifest.reason;
  if (module.status === 'rejected') throw module.reason;

  let engine;
  try {
    engine = new Engine(manifest.value);
  } catch (error) {
    throw fromEngine(error);
  }
  // Meta and columns first (every search needs them); the rest when a search asks for it.
  for (const name of engine.filesToLoad()) {
    const bytes = await fetchFile(base, name);
    try {
      engine.addFile(name, bytes);
    } catch (error) {
      throw fromEngine(error);
    }
  }

  /** Fetches in flight, by what they fetch: searches that need the same bytes share them. */
  const inFlight = new Map();
  /** Brings one piece of data a search asked for into the engine. */
  const provide = (need) => {
    const key = `${need.file} ${need.whole ? '*' : `${need.start}-${need.end}`}`;
    if (!inFlight.has(key)) {
      const work = (async () => {
        if (need.whole) {
          const bytes = await fetchFile(base, need.file);
          try {
            engine.addFile(need.file, bytes);
          } catch (error) {
            throw fromEngine(error);
          }
          return;
        }
        const bytes = await fetchRange(base, need);
        try {
          if (need.textOf !== undefined) engine.addText(need.textOf, await inflate(bytes));
          else engine.addRange(need.file, need.start, bytes);
        } catch (error) {
          throw fromEngine(error);
        }
      })();
      inFlight.set(key, work);
      // A failed fetch may be retried by a later search; a done one is not needed again.
      work.catch(() => {}).finally(() => inFlight.delete(key));
    }
    return inFlight.get(key);
  };

  /** Searches, fetching what each round asks for, until the engine answers. */
  const run = async (request) => {
    for (let round = 0; round < 16; round += 1) {
      let answer;
      try {
        answer = engine.search(request);
      } catch (error) {
        throw fromEngine(error);
      }
      if (!answer.need) return answer;
      await Promise.all(answer.need.map(provide));
    }
    throw new QuireError('engine', 'a search asked for index data sixteen times without settling');
  };

  return {
    info: async () => {
      try {
        return engine.info();
      } catch (error) {
        throw fromEngine(error);
      }
    },
    search: async (request) => {
      const results = await run(request);
      if (!results.facetsPending) return results;
      // The facet lists are fetched only now, after the hits: search again for the counts.
      const facets = manifest.value.files.find((file) => file.role === 'facets');
      await provide({ file: facets.name, start: 0, end: facets.bytes, whole: true });
      return run(request);
    },
  };
}

/**
 * Opens the index in the folder `base` (the folder holding `quire.json`): the manifest, the
 * Wasm engine and the two files every search needs; searches then fetch only the dictionary
 * shards, byte ranges and records they ask for. Opening the same folder again
 * returns the same index; a failed attempt is forgotten so that a later one can retry.
 * @param {string|URL} base an absolute URL, or one relative to the page
 * @returns {Promise<QuireIndex>} rejects with a {@link QuireError}
 */
export function openIndex(base) {
  const url = new URL(base, globalThis.location?.href);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  const key = url.href;
  if (!opened.has(key)) {
    const loading = load(url);
    opened.set(key, loading);
    loading.catch(() => opened.delete(key));
  }
  return opened.get(key);
}
