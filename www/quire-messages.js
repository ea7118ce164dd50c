/**
 * What `<quire-search>` tells visitors about a search and its outcome: the status line, "Did
 * you mean", advice when nothing matched, and the message for each kind of failure. Pure
 * functions of the state, the engine's results and the widget's words (`quire-strings.js`),
 * testable in Node.
 * @module quire-messages
 */

import { filterNames } from './quire-chips.js';
import { KINDS } from './quire-errors.js';
import { clip, isIdle } from './quire-url-state.js';

/**
 * The keys of the words for each kind of failure (every {@link KINDS} has one): a headline,
 * then what can be done. `query` is said on the status line; the others in an alert that
 * replaces the results.
 * @type {Record<import('./quire-errors.js').QuireErrorKind, [string, string]>}
 */
export const FAILURES = {
  [KINDS.missing]: ['failMissing', 'failMissingAdvice'],
  [KINDS.corrupt]: ['failCorrupt', 'failCorruptAdvice'],
  [KINDS.version]: ['failVersion', 'failVersionAdvice'],
  [KINDS.network]: ['failNetwork', 'failNetworkAdvice'],
  [KINDS.engine]: ['failEngine', 'failEngineAdvice'],
  [KINDS.updated]: ['failUpdated', 'failUpdatedAdvice'],
  // The only request a visitor can make invalid is a date range typed into the URL.
  [KINDS.query]: ['failQuery', 'failQueryAdvice'],
};

/**
 * What the results count: `unit` is what the facet counts and the timeline count (`entries`
 * when a query or filter selects entries, as the engine says), `articles` the matching
 * articles (the hits, as paged), `entries` the matching entries when the engine says so, and
 * `plain` how many of the articles have no entries (each one unit beside the entries; 0
 * from an engine that does not say). Results without `unit` or `entryTotal` (an index or
 * engine that predates them) count articles.
 * @param {{total: number, unit?: string, entryTotal?: number, articleTotal?: number}} results
 * @returns {{unit: 'entries'|'articles', articles: number, entries: number|null, plain: number}}
 */
export function countsOf(results) {
  const entries = Number.isInteger(results.entryTotal) ? results.entryTotal : null;
  const unit = results.unit === 'entries' && entries !== null ? 'entries' : 'articles';
  const plain = unit === 'entries' && Number.isInteger(results.articleTotal) ? results.articleTotal : 0;
  return { unit, articles: results.total, entries, plain };
}

/**
 * The units the results count, in words: "5 entries and 1 article" when entries are counted
 * beside articles without entries, "3 entries", or `noun` (`results`) for articles.
 * @param {ReturnType<typeof countsOf>} counts
 * @param {import('./quire-strings.js').Strings} t
 * @param {string} [noun]
 */
export function unitsText({ unit, articles, entries, plain }, t, noun = 'results') {
  if (unit !== 'entries') return t.count(noun, articles);
  return t.units({ count: entries + plain, articles: plain }, unit);
}

/**
 * The query with the engine's typo corrections applied (each word's first occurrence, as the
 * engine builds its own suggestion), to say how a query was read.
 * @param {string} query
 * @param {Array<{word: string, replacement: string}>} corrections
 */
export function corrected(query, corrections = []) {
  let text = query;
  for (const { word, replacement } of corrections) {
    const at = text.indexOf(word);
    if (at >= 0) text = text.slice(0, at) + replacement + text.slice(at + word.length);
  }
  return text;
}

/**
 * The text with how the engine read the query, when not as typed: ` (as “…”)` with its typo
 * corrections and the word being typed completed (“negotia” as “negotiations…”), and
 * `also as “…”` when words that exist were also read as likely typos of others (their hits
 * come after).
 * @param {string} text what the reading qualifies (the count)
 * @param {string} query
 * @param {{corrections?: object[], completions?: object[], alsoReadAs?: object[]}} results
 * @param {import('./quire-strings.js').Strings} t
 */
export function readingOf(text, query, results, t) {
  const completed = (results.completions ?? []).map(({ word, replacement }) => ({ word, replacement: `${replacement}…` }));
  const readAs = corrected(query, [...(results.corrections ?? []), ...completed]);
  const also = results.alsoReadAs?.length ? corrected(readAs, results.alsoReadAs) : readAs;
  // Echoed as the query is: a pasted wall of text is cut (see `echo`).
  if (readAs !== query && also !== readAs) return t.text('readAsAlso', { text, query: t.quote(echo(readAs)), also: t.quote(echo(also)) });
  if (readAs !== query) return t.text('readAs', { text, query: t.quote(echo(readAs)) });
  if (also !== readAs) return t.text('alsoReadAs', { text, query: t.quote(echo(also)) });
  return text;
}

/**
 * How many results, in the unit they are counted in: "3 entries in 2 articles" when entries
 * are what was asked for ("5 entries in 3 articles and 1 other article" when articles
 * without entries answer too), else "7 results" (with a query) or "7 articles".
 * @param {ReturnType<typeof countsOf>} counts
 * @param {boolean} query whether there is a query
 * @param {import('./quire-strings.js').Strings} t
 */
export function countText({ unit, articles, entries, plain }, query, t) {
  if (unit !== 'entries') return t.count(query ? 'results' : 'articles', articles);
  const words = { entries: t.count('entries', entries), articles: t.count('articles', articles - plain) };
  if (plain) return t.text('entriesInAndOthers', { ...words, others: t.count('otherArticles', plain) });
  return t.text('entriesIn', words);
}

/** The status line repeats at most this many UTF-16 units of a query. */
const ECHO_LENGTH = 80;

/**
 * A query as the status line repeats it: its beginning, when it is long. (A letter with
 * fifty thousand combining marks takes a browser seconds to lay out.)
 * @param {string} query
 */
export function echo(query) {
  return query.length > ECHO_LENGTH ? `${clip(query, ECHO_LENGTH)}…` : query;
}

/**
 * The status line for the results of a state's search: how many, in what unit, for what
 * query, then the filters and dates that narrow it ("3 entries in 2 articles for “talks” ·
 * Leaning: reformist · 2024–2025").
 * @param {import('./quire-url-state.js').State} state
 * @param {{total: number, unit?: string, entryTotal?: number, unmatched: string[], corrections?: object[], completions?: object[], alsoReadAs?: object[], partial?: boolean, truncated?: boolean}} results
 * @param {import('./quire-strings.js').Strings} t
 * @param {(name: string) => string} [labelOf] a facet's label
 */
export function statusText(state, results, t, labelOf = (name) => t.facetLabel(name)) {
  const query = state.q.trim();
  const counts = countsOf(results);
  const { unmatched = [] } = results;
  const order = state.sort === 'oldest' ? 'oldestFirst' : 'newestFirst';
  const quoted = t.quote(echo(query));
  // Sentences that explain an empty or partial answer name the words, not the filters.
  let parts = filterNames(state, t, labelOf);
  let head;
  if (isIdle(state)) {
    head = t.text(order, { text: t.text('inArchive', { count: t.count('articles', counts.articles) }) });
  } else if (!query) {
    head = counts.articles ? t.text(order, { text: countText(counts, false, t) }) : t.text('noneMatch');
  } else if (counts.articles === 0) {
    if (unmatched.length) {
      head = t.text('noneContain', { query: quoted, words: t.quoteAny(unmatched) });
      parts = [];
    } else head = t.text('noneForQuery', { query: quoted });
  } else if (results.partial) {
    // The engine left out the words that match nothing and searched for the others.
    head = t.text('partial', { words: t.quoteAny(unmatched), count: readingOf(countText(counts, true, t), query, results, t) });
    parts = [];
  } else {
    head = readingOf(t.text('forQuery', { count: countText(counts, true, t), query: quoted }), query, results, t);
  }
  let text = [head, ...parts].join(t.text('separator'));
  if (results.truncated) text = t.text('truncated', { text });
  return text;
}

/**
 * The query to offer as "Did you mean", or null: only when it says more than the corrections
 * already applied.
 * @param {import('./quire-url-state.js').State} state
 * @param {{suggestion?: string|null, corrections?: object[]}} results
 */
export function suggestionFor(state, results) {
  const query = state.q.trim();
  return query && results.suggestion && results.suggestion !== corrected(query, results.corrections) ? results.suggestion : null;
}

/**
 * What to try when nothing matched, one piece of advice a line.
 * @param {string[]} unmatched the query's words that match no article
 * @param {import('./quire-strings.js').Strings} t
 */
export function noResultsAdvice(unmatched, t) {
  const advice = [];
  if (unmatched.length) advice.push(t.count('checkSpelling', unmatched.length, { words: t.quoteAny(unmatched) }));
  advice.push(t.text('fewerWords'));
  return advice;
}
