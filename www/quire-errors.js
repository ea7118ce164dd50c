/**
 * What can go wrong when Quire searches in the browser, named once: the engine loader
 * (`quire-engine.js`), its worker (`quire-worker.js`) and the widget's messages
 * (`quire-messages.js`) take their kinds from here, and `tests/js/errors.test.mjs` fails when
 * one of them uses a kind this module does not have. No DOM: it also loads in the worker.
 * @module quire-errors
 */

/**
 * The kinds of failure a page sees, as a {@link QuireError}'s `kind`; the widget words a
 * message of its own for each:
 * - `missing`: there is no index at that address (no `quire.json`, or not JSON);
 * - `corrupt`: an index file is damaged, truncated or absent (also a manifest that does not
 *   describe a Quire index);
 * - `version`: the index was written by another format version of Quire;
 * - `network`: the index could not be fetched (offline, server error);
 * - `engine`: the WebAssembly search engine could not be loaded (or failed in a way it does
 *   not name);
 * - `query`: a search request was invalid (a bad date, an unknown filter or sort);
 * - `updated`: the archive was republished while the page was open, in a form that only a
 *   reload of the page can read (a newer generation it can read replaces the old one
 *   without a word).
 * @typedef {'missing'|'corrupt'|'version'|'network'|'engine'|'query'|'updated'} QuireErrorKind
 */

/** Each {@link QuireErrorKind} by its name: write `KINDS.corrupt`, never the bare string. */
export const KINDS = Object.freeze({
  missing: 'missing',
  corrupt: 'corrupt',
  version: 'version',
  network: 'network',
  engine: 'engine',
  query: 'query',
  updated: 'updated',
});

/**
 * The kinds of the Wasm engine's errors (Rust `quire::Error::kind()`) that reach the browser,
 * and what each is to the page. A manifest that does not describe a Quire index is, to a
 * visitor, a damaged index. A Rust test reads this block: keep one `name: 'kind',` a line.
 */
export const ENGINE_KINDS = {
  corrupt: 'corrupt',
  manifest: 'corrupt',
  version: 'version',
  query: 'query',
};

/**
 * The engine's kinds that never reach the browser: `corpus`, `config` and `build` are errors
 * of building an index, `read` of reading index files natively. (The engine asking for data
 * is not an error: its answer is `{need}`, which the worker fetches.)
 */
export const ENGINE_KINDS_NOT_IN_BROWSER = ['corpus', 'config', 'build', 'read'];

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
 * The page's kind for an error of the Wasm engine: {@link ENGINE_KINDS}, `engine` for one it
 * does not list.
 * @param {unknown} engineKind
 * @returns {QuireErrorKind}
 */
export function fromEngineKind(engineKind) {
  return typeof engineKind === 'string' && Object.hasOwn(ENGINE_KINDS, engineKind) ? ENGINE_KINDS[engineKind] : KINDS.engine;
}

/**
 * `kind` when it is a {@link QuireErrorKind}, else `engine`: for a kind that crossed the
 * worker boundary.
 * @param {unknown} kind
 * @returns {QuireErrorKind}
 */
export function knownKind(kind) {
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind) ? kind : KINDS.engine;
}
