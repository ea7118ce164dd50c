/**
 * What `<quire-search>` tells visitors about a search and its outcome: the status line, "Did
 * you mean", advice when nothing matched, the search tips, and the message for each kind of
 * failure. Pure functions of the state and the engine's results (no DOM), testable in Node.
 * @module quire-messages
 */

import { KINDS } from './quire-errors.js';
import { isIdle } from './quire-url-state.js';

/**
 * What a visitor reads for each kind of failure (every {@link KINDS} has one): a headline,
 * then what can be done. `query` is said on the status line; the others in an alert that
 * replaces the results.
 * @type {Record<import('./quire-errors.js').QuireErrorKind, [string, string]>}
 */
export const FAILURES = {
  [KINDS.missing]: [
    'The search index of this archive was not found.',
    'Search is not set up at this address. If you run this site, build the index with “quire build” and upload its folder.',
  ],
  [KINDS.corrupt]: [
    'The search index of this archive is damaged.',
    'One of its files is incomplete or was altered in transit. If you run this site, rebuild the index and upload every file again.',
  ],
  [KINDS.version]: [
    'The search index of this archive was built by another version of Quire.',
    'The index and the search code of this page do not match. If you run this site, rebuild the index with the Quire release that produced this page’s search code.',
  ],
  [KINDS.network]: [
    'The search index of this archive could not be loaded.',
    'Check your connection, then reload the page.',
  ],
  [KINDS.engine]: [
    'Search could not start in this browser.',
    'The search engine failed to load. Reload the page, or try an up-to-date browser.',
  ],
  // The only request a visitor can make invalid is a date range typed into the URL.
  [KINDS.query]: [
    'This search could not run: the dates are not valid.',
    'Use the From and To fields, as year and month.',
  ],
};

/** The search tips: an example query, and what it finds. */
export const TIPS = [
  ['zarif shargh', 'articles with both words'],
  ['"supreme leader"', 'the exact phrase'],
  ['talks OR negotiations', 'either word'],
  ['-kayhan', 'leave out articles with this word'],
  ['title:khamenei', 'the word in the title'],
  ['outlet:shargh', 'a filter value: outlet, person, topic, kind…'],
];

const numberFormat = new Intl.NumberFormat('en');

/** A number as written in English prose ("1,024"). */
export const number = (n) => numberFormat.format(n);

/** "1 result", "2,060 results". */
export const count = (n, one, many) => `${number(n)} ${n === 1 ? one : many}`;

/** “a” or “b”; “a”, “b”, “c”. */
const quoted = (words) => words.map((w) => `“${w}”`).join(words.length === 2 ? ' or ' : ', ');

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
 * How the engine read the query, when not as typed: ` (as “…”)` with its typo corrections and
 * the word being typed completed (“negotia” as “negotiations…”), and `, also as “…”` when
 * words that exist were also read as likely typos of others (their hits come after).
 * @param {string} query
 * @param {{corrections?: object[], completions?: object[], alsoReadAs?: object[]}} results
 */
export function readingOf(query, results) {
  const completed = (results.completions ?? []).map(({ word, replacement }) => ({ word, replacement: `${replacement}…` }));
  const readAs = corrected(query, [...(results.corrections ?? []), ...completed]);
  const also = results.alsoReadAs?.length ? corrected(readAs, results.alsoReadAs) : readAs;
  const parts = [];
  if (readAs !== query) parts.push(`as “${readAs}”`);
  if (also !== readAs) parts.push(`also as “${also}”`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * The status line for the results of a state's search.
 * @param {import('./quire-url-state.js').State} state
 * @param {{total: number, unmatched: string[], corrections?: object[], completions?: object[], alsoReadAs?: object[], partial?: boolean, truncated?: boolean}} results
 */
export function statusText(state, results) {
  const query = state.q.trim();
  const order = state.sort === 'oldest' ? 'oldest' : 'newest';
  const { total, unmatched } = results;
  let text;
  if (isIdle(state)) {
    text = `${count(total, 'article', 'articles')} in the archive, ${order} first`;
  } else if (!query) {
    text = total ? `${count(total, 'article', 'articles')}, ${order} first` : 'No articles match these filters.';
  } else if (total === 0) {
    text = `No results for “${query}”${unmatched.length ? `: no article contains ${quoted(unmatched)}.` : '.'}`;
  } else if (results.partial) {
    // The engine left out the words that match nothing and searched for the others.
    text = `No article contains ${quoted(unmatched)}. Showing ${count(total, 'result', 'results')} for the other words${readingOf(query, results)}.`;
  } else {
    text = `${count(total, 'result', 'results')} for “${query}”${readingOf(query, results)}`;
  }
  if (results.truncated) text += ' Only the first words of this long query were used.';
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
 */
export function noResultsAdvice(unmatched) {
  const advice = [];
  if (unmatched.length) advice.push(`Check the spelling of ${quoted(unmatched)}, or leave ${unmatched.length === 1 ? 'it' : 'them'} out.`);
  advice.push('Use fewer words, or a shorter form of a word: the last word matches as you type.');
  return advice;
}
