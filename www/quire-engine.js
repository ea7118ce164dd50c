/**
 * Loads a Quire index in the browser and answers searches on it.
 *
 * The engine runs in a module Web Worker (`quire-worker.js`), which owns the WebAssembly
 * module and does all the fetching, decompressing and searching, so that a search over a
 * large archive never blocks the page. Where a worker cannot be created or does not start (no
 * `Worker`, a Content-Security-Policy with `worker-src 'none'`, a worker module or Wasm
 * engine that does not load in a worker, a page from another origin than this file), the
 * same module runs on the page instead, behind the same promises: `index.mode` says which.
 * Worker and engine files are resolved next to this file, not the page. Importing this module
 * starts the worker and the download of the default Wasm engine (the index comes with
 * `openIndex`), so import it when search is wanted, as `<quire-search>` does.
 *
 * @example
 * import { openIndex } from './quire-engine.js';
 * const index = await openIndex(new URL('./quire/', location.href));
 * const results = await index.search({ query: 'zarif', typing: true }, {
 *   // Only when `results.facetsPending`: the same search again, with the facet counts.
 *   onUpdate: (complete) => drawFilters(complete.facets),
 * });
 *
 * @module quire-engine
 */

// No static import: the worker starts as this module loads (see the end of this file), a round
// trip sooner than if it waited for an import; the error kinds come meanwhile, and this module
// has finished loading (so `openIndex` can be called) only once they are here.
/** @type {typeof import('./quire-errors.js').KINDS} */
let KINDS;
/** @type {typeof import('./quire-errors.js').knownKind} */
let knownKind;
/**
 * Errors are {@link QuireError}s, with a `kind` among those of `quire-errors.js` (this is its
 * class, as that module exports it).
 * @type {typeof import('./quire-errors.js').QuireError}
 */
export let QuireError;
const errorsLoading = import('./quire-errors.js').then((errors) => {
  ({ KINDS, knownKind, QuireError } = errors);
});

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
 * @property {string} [lang] the query's language (`fr`, `fr-CA`): its words are stemmed in it when
 *   the index has articles in it, else in every language of the index
 */

/**
 * Options of {@link QuireIndex.search}.
 * @typedef {object} SearchOptions
 * @property {AbortSignal} [signal] aborting it cancels the search: the engine starts no new
 *   round of fetches for it (those in flight finish, and their data is kept for later
 *   searches), and the promise rejects with the signal's reason (an `AbortError`); no
 *   `onUpdate` follows
 * @property {(results: object) => void} [onUpdate] when the results came back with
 *   `facetsPending` (the facet lists were still being fetched, so `facets` is empty), called
 *   once, when they have arrived, with the results of the same request complete with its
 *   counts; not called when the first results were complete, nor when the facet lists fail to
 *   load (see `facetsReady`)
 * @property {(first: object) => void} [onPartial] opts in to a first page before the answer:
 *   when a new query's exact matches (and their records) are in before its typo lookups
 *   finish, called once with those results, `total` counting only them; the promise still
 *   resolves with the complete results, whose first hits are these hits in the same order
 *   (hits found through typos rank below them), so that a list may show them at once and
 *   append the rest. Not called after the search is aborted or settled, nor when the first
 *   answer is already complete
 */

/**
 * A loaded index.
 * @typedef {object} QuireIndex
 * @property {'worker'|'main-thread'} mode where the engine runs: in a Web Worker, or on the
 *   page because workers were refused or did not start
 * @property {() => Promise<object>} info counts and facets of the whole index
 * @property {(request: SearchRequest, options?: SearchOptions) => Promise<object>} search the
 *   results of a request, as soon as they are known: the facet lists are fetched in the
 *   background, from the first search on, and results that came before them say
 *   `facetsPending: true` with no `facets` (see `onUpdate`); rejects with a
 *   {@link QuireError} of kind `query` for an invalid request, and with the reason of
 *   `signal` when it is aborted
 * @property {() => Promise<Array<{name: string, at: number}>>} timings the start-up trace, for
 *   benchmarks and debugging: when each step of opening the index and of answering the first
 *   search happened, on the page (`page: ...`) and in the engine, `at` in wall-clock
 *   milliseconds (`performance.timeOrigin + performance.now()`), in order; the trace ends
 *   once the first search is answered
 * @property {Promise<void>} facetsReady (a getter) resolves once the facet lists are loaded,
 *   after which every search has its counts; starts fetching them if no search has yet;
 *   rejects with a {@link QuireError} when they cannot be loaded (read it again to retry)
 */

const WORKER = new URL('./quire-worker.js', import.meta.url);

/**
 * The page's half of the start-up trace (the worker keeps the other: see `trace` in
 * `quire-worker.js`): `{name, at}`, `at` in wall-clock milliseconds, until the first search is
 * answered. Read with {@link QuireIndex.timings}; nothing is logged.
 * @type {Array<{name: string, at: number}>}
 */
const trace = [];
let tracing = true;
/** @param {string} name */
function mark(name) {
  if (tracing) trace.push({ name: `page: ${name}`, at: performance.timeOrigin + performance.now() });
}
mark('engine module runs');

/** The worker's name, by which `quire-worker.js` knows it is the one to answer the page. */
const WORKER_NAME = 'quire-search';

/** The engine most indexes need, which the worker would otherwise fetch first (see `speculate` in `quire-worker.js`). */
const DEFAULT_ENGINE = 'quire';

/**
 * The default Wasm engine, fetched and compiled on the page from the moment this module loads,
 * and handed to the engine compiled (`{op: 'wasm'}`: see `offers` in `quire-worker.js`): the
 * worker would start its download only once its own script had come and an `open` reached
 * it, a round trip or two later. Stopped when the engine says that no index wants it.
 */
const pageEngine = (() => {
  const controller = new AbortController();
  const url = new URL(`./pkg/${DEFAULT_ENGINE}_bg.wasm`, import.meta.url);
  const compiling = (async () => {
    const response = await fetch(url, { signal: controller.signal });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    const type = response.headers.get('Content-Type')?.split(';')[0].trim();
    return type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(response)
      : WebAssembly.compile(await response.arrayBuffer());
  })();
  compiling.catch(() => {});
  return { compiling, stop: () => controller.abort() };
})();

/**
 * Offers the page's engine to the engine behind `link`: announced at once (before any `open`),
 * handed over once compiled, or its failure said, on which the engine fetches its own.
 * @param {ReturnType<typeof connect>} link
 */
function offerEngine(link) {
  link.call('wasm', { name: DEFAULT_ENGINE }).then(
    (answer) => {
      if (answer === 'dropped') pageEngine.stop();
    },
    () => {},
  );
  pageEngine.compiling
    .then((module) => link.call('wasm', { name: DEFAULT_ENGINE, module }))
    .catch((error) => link.call('wasm', { name: DEFAULT_ENGINE, error: String(error?.message ?? error) }))
    .catch(() => {});
}

/** How long a worker may take to load its module before the page does without it. */
const WORKER_START_MS = 15_000;

/**
 * Request ids and answers over a worker or a `MessagePort`: the one protocol of both modes
 * (see `quire-worker.js`). A call given an `AbortSignal` sends `{id, op: 'cancel'}` when it is
 * aborted, and rejects at once with its reason.
 * @param {Worker|MessagePort} port
 * @param {'worker'|'main-thread'} mode
 */
function connect(port, mode) {
  /** Request id → the call waiting for its answer. */
  const pending = new Map();
  let next = 0;
  const failAll = (message, kind = KINDS.engine) => {
    for (const call of pending.values()) call.reject(new QuireError(kind, message));
    pending.clear();
  };
  port.addEventListener('message', (event) => {
    const { id, value, error, cancelled, partial } = event.data ?? {};
    const call = pending.get(id);
    if (!call) return;
    // A first page before the answer (a search asked with `onPartial`): the call goes on.
    if (partial !== undefined) {
      mark('first page received');
      call.partial?.(partial);
      return;
    }
    pending.delete(id);
    mark(`${call.op} answered`);
    if (call.op === 'search') tracing = false;
    if (cancelled) call.reject(new DOMException('the search was cancelled', 'AbortError'));
    else if (error) call.reject(new QuireError(knownKind(error.kind), error.message));
    else call.resolve(value);
    if (error?.fatal && !link.dead) {
      // The Wasm engine trapped: this worker (or instance) is done; the next request, of any
      // index, gets a new one (see `live` in `load`).
      link.dead = true;
      failAll(error.message, knownKind(error.kind));
      retire(link);
      if (mode === 'worker') port.terminate();
      else port.close();
    }
  });
  port.addEventListener('messageerror', () => failAll('an answer of the search engine could not be read'));
  if (mode === 'worker') {
    // An uncaught error in the worker (the console shows it): nothing it was doing can be
    // trusted to answer.
    port.addEventListener('error', (event) => failAll(`the search worker failed: ${event.message || 'unknown error'}`));
  }
  port.start?.();
  const link = {
    mode,
    /** Whether the engine behind it trapped, and it must no longer be used. */
    dead: false,
    /**
     * @param {string} op
     * @param {{base: string, request?: SearchRequest}} data
     * @param {AbortSignal} [signal]
     * @param {(value: object) => void} [onPartial] asks for `{id, partial}` messages before
     *   the answer, and receives them (none once the call is settled or aborted)
     */
    call(op, data, signal, onPartial) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const id = ++next;
        const onAbort = () => {
          if (!pending.delete(id)) return;
          port.postMessage({ id, op: 'cancel' });
          reject(signal.reason);
        };
        const settle = (finish) => (outcome) => {
          signal?.removeEventListener('abort', onAbort);
          finish(outcome);
        };
        pending.set(id, { resolve: settle(resolve), reject: settle(reject), partial: onPartial, op });
        try {
          mark(`${op} sent`);
          port.postMessage(onPartial ? { id, op, ...data, partial: true } : { id, op, ...data });
        } catch (error) {
          // A request holding something other than plain data (a function, a DOM node).
          pending.delete(id);
          reject(new QuireError(KINDS.query, `the search request could not be sent to the engine: ${error.message}`, { cause: error }));
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    close() {
      failAll('the search engine was stopped');
      if (mode === 'worker') port.terminate();
      else port.close();
    },
  };
  offerEngine(link);
  return link;
}

/**
 * Asks the worker being started to open an index folder at once, rather than once it says it
 * is ready, and fetches the manifest for it. (Its answer is the one of the `open`
 * that `load` sends once the worker is ready, which joins this one.)
 * @type {(base: string) => void}
 */
let openEarly = () => {};

/**
 * Index folder → its manifest as the page read it while the worker started (`{status, text}`
 * or `{error}`), for the first engine that opens it: the worker would ask for it only once its
 * own script had come and an `open` reached it (see `manifestsFromPage` in quire-worker.js).
 * @type {Map<string, Promise<{status?: number, text?: string, error?: string}>>}
 */
const manifestsRead = new Map();

/** Engine links → the index folders they were sent `open` with the page's manifest. */
const openedWithManifest = new WeakMap();

/**
 * Sends `open` for `base` to `link`, and the manifest the page reads for it (read once, as
 * the worker starts); a link that was sent it already gets a plain `open`, which joins it.
 * @param {ReturnType<typeof connect>} link
 * @param {string} base
 */
function openWithManifest(link, base) {
  const sent = openedWithManifest.get(link) ?? new Set();
  openedWithManifest.set(link, sent);
  if (sent.has(base)) return link.call('open', { base });
  sent.add(base);
  if (!manifestsRead.has(base)) {
    mark('fetch quire.json');
    manifestsRead.set(
      base,
      fetch(new URL('quire.json', base), { cache: 'no-cache' })
        .then(async (response) => ({ status: response.status, text: await response.text() }))
        .catch((error) => ({ error: String(error?.message ?? error) })),
    );
  }
  const opening = link.call('open', { base, manifest: 'page' });
  manifestsRead
    .get(base)
    .then((read) => link.call('manifest', { base, ...read }))
    .catch(() => {});
  return opening;
}

/** Starts the worker; rejects when it cannot be created or its module does not load. */
function startWorker() {
  return new Promise((resolve, reject) => {
    if (typeof Worker !== 'function') throw new Error('this browser has no Web Workers');
    // Throws where the page may not create workers from this file's origin.
    const worker = new Worker(WORKER, { type: 'module', name: WORKER_NAME });
    const link = connect(worker, 'worker');
    openEarly = (base) => openWithManifest(link, base).catch(() => {});
    const done = (error) => {
      clearTimeout(timer);
      openEarly = () => {};
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      if (error) {
        link.close();
        reject(error);
      } else {
        resolve(link);
      }
    };
    const onMessage = (event) => {
      if (event.data?.ready === true) {
        mark('worker ready');
        done();
      }
    };
    // A refused worker (Content-Security-Policy) or a module that failed to load or run.
    const onError = (event) => {
      event.preventDefault();
      done(new Error(event.message || 'the worker did not start'));
    };
    const timer = setTimeout(() => done(new Error(`the worker did not start within ${WORKER_START_MS / 1000} s`)), WORKER_START_MS);
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}

/** The same module as the worker's, on the page, answering through a `MessageChannel`. */
async function startMainThread() {
  let core;
  try {
    core = await import(WORKER.href);
  } catch (error) {
    throw new QuireError(KINDS.engine, `the search engine could not be loaded: ${error.message}`, { cause: error });
  }
  const channel = new MessageChannel();
  core.serve(channel.port2);
  return connect(channel.port1, 'main-thread');
}

/** @type {Promise<ReturnType<typeof connect>>|undefined} the page's engine, shared by its indexes */
let backend;
/** @type {ReturnType<typeof connect>|undefined} what `backend` resolved to */
let backendLink;

function pageBackend() {
  backend ??= adopt(
    startWorker().catch((error) => {
      console.info(`quire: searching on the page, not in a worker (${error.message})`);
      return startMainThread();
    }),
  );
  return backend;
}

/**
 * The page's engine once `starting` resolves: remembered as {@link backendLink}, or forgotten
 * if it fails, so that the next {@link pageBackend} tries again.
 * @param {Promise<ReturnType<typeof connect>>} starting
 */
function adopt(starting) {
  return starting.then(
    (link) => {
      backendLink = link;
      return link;
    },
    (error) => {
      backend = undefined;
      throw error;
    },
  );
}

/**
 * Forgets `link` as the page's engine, once it trapped: the next {@link pageBackend} starts
 * another.
 * @param {ReturnType<typeof connect>} link
 */
function retire(link) {
  if (backendLink !== link) return;
  backend = undefined;
  backendLink = undefined;
}

/**
 * After the Wasm engine failed to start in the worker: the page tries it on its own thread,
 * for this index and every later one.
 * @param {ReturnType<typeof connect>} failed
 */
async function leaveWorker(failed) {
  const current = await backend?.catch(() => undefined);
  if (current === failed) {
    backend = adopt(startMainThread());
    failed.close();
  }
  return pageBackend();
}

/** Index URL → its loading promise: widgets that share an index share one engine. */
const opened = new Map();

/**
 * @param {URL} url the index folder
 * @returns {Promise<QuireIndex>}
 */
async function load(url) {
  const base = url.href;
  const starting = pageBackend();
  openEarly(base);
  let engine;
  try {
    engine = await starting;
    try {
      await openWithManifest(engine, base);
    } catch (error) {
      if (engine.mode !== 'worker' || error.kind !== KINDS.engine) throw error;
      // The worker started but its Wasm engine did not (a policy on the worker's own script,
      // say): the page may still run it.
      console.info(`quire: searching on the page, not in a worker (${error.message})`);
      engine = await leaveWorker(engine);
      await openWithManifest(engine, base);
    }
  } finally {
    // Read for this opening only: a later one (after a failure, say) reads it afresh.
    manifestsRead.delete(base);
  }
  /** The engine, or after it trapped (a damaged index, reported once) a new one, opened. */
  const live = async () => {
    if (engine.dead) {
      const fresh = await pageBackend();
      await fresh.call('open', { base });
      engine = fresh;
    }
    return engine;
  };
  const ready = async () => (await live()).call('facets', { base });
  return {
    get mode() {
      return engine.mode;
    },
    info: async () => (await live()).call('info', { base }),
    timings: async () => [...trace, ...(await (await live()).call('timings', { base }))].sort((a, b) => a.at - b.at),
    search: async (request, { onUpdate, onPartial, signal } = {}) => {
      const first = typeof onPartial === 'function' ? onPartial : undefined;
      const results = await (await live()).call('search', { base, request }, signal, first);
      if (results?.facetsPending && typeof onUpdate === 'function') {
        ready()
          .then(async () => (signal?.aborted ? null : (await live()).call('search', { base, request }, signal)))
          .then(
            (complete) => complete,
            () => null,
          )
          // Outside the catch: an error thrown by the callback is the caller's, and shows.
          .then((complete) => {
            if (complete && !complete.facetsPending) onUpdate(complete);
          });
      }
      return results;
    },
    get facetsReady() {
      return ready();
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

// The engine's worker starts now, while the error kinds come: importing this module is asking
// for search (the widget imports it when it needs it). The default Wasm engine is on its way
// already (see `pageEngine`); the worker waits for an `open` before it fetches the index.
pageBackend().catch(() => {});
await errorsLoading;
