// The engines under test, in table order. Each module exports `name`, `config(repo)` (the
// exact set-up, printed), `open(context)`, and optionally `prepare(repo, log)` (build steps
// before the first corpus) and `modes(repo)` (several rows from one index, each
// `{name, request, note}`: Quire with typing true and false).

/**
 * What `open` of each engine module returns.
 * @typedef {object} Engine
 * @property {number} buildSeconds   wall time to index the corpus
 * @property {(queries: string[], mode?: object) => Promise<{ids: string[], total: number, ms: number, quire?: object}[]>} run
 *           the top-10 document ids, the number of matches and the latency of each query
 *           (Quire adds what it said about the words: corrections, unmatched, suggestion, partial)
 * @property {() => Promise<void>} close
 */

import * as quire from './quire.mjs';
import * as pagefind from './pagefind.mjs';
import * as minisearch from './minisearch.mjs';

export const ENGINES = [quire, pagefind, minisearch];
