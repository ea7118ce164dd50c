/**
 * What `<quire-search>` searches for, and how the page URL records it:
 * `?q=…&kind=Analysis&from=2025-01&to=2025-05&sort=newest`. Pure functions of plain values (no
 * DOM, no `location`), so that they run in Node for their tests.
 *
 * The widget owns `q`, `from`, `to`, `sort` and one parameter per facet of its index (a
 * filter, repeated for several values). Every other parameter belongs to the page and is
 * kept, after the widget's. Until the index is loaded its facet names are unknown: then any
 * parameter may be a filter, except those that platforms and campaigns add to links.
 * @module quire-url-state
 */

/**
 * @typedef {object} State what is searched, as the URL records it
 * @property {string} q the query, as typed
 * @property {Record<string, string[]>} filters facet name → selected values
 * @property {string} from `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or empty
 * @property {string} to likewise
 * @property {string} sort one of {@link SORTS}
 */

/** The orders of results; the first is the default. */
export const SORTS = ['relevance', 'newest', 'oldest'];
/**
 * Older names of orders, still read: the CLI's `--sort date` and `-date` (the engine takes
 * either name).
 */
const SORT_ALIASES = { date: 'oldest', '-date': 'newest' };
/** URL parameters of the widget besides facet names. */
const OWN_PARAMS = ['q', 'from', 'to', 'sort'];
/** Parameters that platforms and campaigns add to links: never filters. */
const FOREIGN_PARAM = /^(utm_|mc_)|^(fbclid|gclid|msclkid)$/;

/** @returns {State} nothing searched */
/**
 * The longest query kept, in UTF-16 units: the engine reads 1,024 bytes of a query
 * (`quire::limits::MAX_QUERY_BYTES`), and a pasted wall of text, or a link carrying one,
 * would only slow the page that shows it.
 */
export const MAX_QUERY_LENGTH = 1024;

/**
 * `text` cut to at most `max` UTF-16 units, never inside a surrogate pair.
 * @param {string} text
 * @param {number} max
 */
export function clip(text, max) {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

export function emptyState() {
  return { q: '', filters: {}, from: '', to: '', sort: SORTS[0] };
}

/**
 * The state that URL parameters record.
 * @param {URLSearchParams|string} search the parameters, or a URL's query string (`?q=…`)
 * @param {Iterable<string>|null} [facetNames] the index's facets, once known: only those are
 *   filters
 * @returns {State}
 */
export function readState(search, facetNames = null) {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const facets = facetNames ? new Set(facetNames) : null;
  const filters = [];
  for (const name of new Set(params.keys())) {
    if (OWN_PARAMS.includes(name)) continue;
    const isFacet = facets ? facets.has(name) : !FOREIGN_PARAM.test(name);
    const values = params.getAll(name).filter(Boolean);
    if (isFacet && values.length) filters.push([name, values]);
  }
  const sort = SORT_ALIASES[params.get('sort')] ?? params.get('sort');
  return {
    q: clip(params.get('q') ?? '', MAX_QUERY_LENGTH),
    // Built from entries, so that a parameter named `__proto__` is a key like any other.
    filters: Object.fromEntries(filters),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    sort: SORTS.includes(sort) ? sort : SORTS[0],
  };
}

/**
 * The parameters of a page URL carrying `state`: the widget's first, then those of `page`
 * (the URL's present parameters) that are not the widget's, in their order.
 * @param {State} state
 * @param {URLSearchParams} [page]
 * @param {Iterable<string>} [claimed] more names that are the widget's and so are dropped from
 *   `page`: the index's facets, and the filters of the state that `state` replaces
 * @returns {URLSearchParams}
 */
export function writeState({ q, filters, from, to, sort }, page = new URLSearchParams(), claimed = []) {
  const own = new Set([...OWN_PARAMS, ...Object.keys(filters), ...claimed]);
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [name, values] of Object.entries(filters)) for (const value of values) params.append(name, value);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (sort !== SORTS[0]) params.set('sort', sort);
  for (const [name, value] of page) if (!own.has(name)) params.append(name, value);
  return params;
}

/**
 * `filters` without those that are not facets of the index: such parameters belong to the
 * page, not to the search.
 * @param {Record<string, string[]>} filters
 * @param {Iterable<string>} facetNames
 */
export function onlyFacets(filters, facetNames) {
  const facets = new Set(facetNames);
  return Object.fromEntries(Object.entries(filters).filter(([name]) => facets.has(name)));
}

/**
 * No query, filter or date: the archive is listed, newest first.
 * @param {State} state
 */
export function isIdle({ q, filters, from, to }) {
  return !q.trim() && !from && !to && Object.values(filters).every((values) => !values.length);
}

/**
 * How many filters and date bounds are set.
 * @param {State} state
 */
export function activeFilters({ filters, from, to }) {
  return Object.values(filters).reduce((n, values) => n + values.length, 0) + (from ? 1 : 0) + (to ? 1 : 0);
}

/**
 * The engine request for a page of the state's results (see `SearchRequest` in
 * `quire-engine.js`), the last word matching as a prefix, as typing wants.
 * @param {State} state
 * @param {{offset: number, limit: number}} page
 * @param {Record<string, string[]>} [fixed] filters the page fixes (`fixed-filters`)
 * @param {string} [lang] the widget's language (its `lang`, else the page's): the query's
 *   words are stemmed in it when the index has articles in it
 */
export function requestFor({ q, filters, from, to, sort }, { offset, limit }, fixed = {}, lang = '') {
  const request = {
    query: q,
    // The page's fixed filters override the state's for their facets.
    filters: Object.fromEntries(Object.entries({ ...filters, ...fixed }).filter(([, values]) => values.length)),
    sort,
    limit,
    offset,
    typing: true,
  };
  if (from) request.dateFrom = from;
  if (to) request.dateTo = to;
  if (lang) request.lang = lang;
  return request;
}

/**
 * The first and last month (`YYYY-MM`) of a date bound as the URL holds it (`YYYY`,
 * `YYYY-MM` or `YYYY-MM-DD`), or null when there is none.
 * @param {string} bound
 * @param {'from'|'to'} side
 */
export function boundMonth(bound, side) {
  if (/^\d{4}$/.test(bound)) return side === 'from' ? `${bound}-01` : `${bound}-12`;
  return /^\d{4}-\d{2}/.test(bound) ? bound.slice(0, 7) : null;
}

/** Persian and Arabic-Indic digits, as a reader may type them. */
const DIGITS = /[\u06f0-\u06f9\u0660-\u0669]/g;

/**
 * What a reader typed into a date field, as a date bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
 * ("2025-1", "2025/01", "۲۰۲۵-۰۱" are read too); `''` for an empty field; null for anything
 * else, or a month or day that does not exist.
 * @param {string} text
 * @returns {string|null}
 */
export function parseDateField(text) {
  const ascii = text.replace(DIGITS, (digit) => String(digit.charCodeAt(0) & 0xf)).trim();
  if (!ascii) return '';
  const match = /^(\d{4})(?:[-/.\s](\d{1,2})(?:[-/.\s](\d{1,2}))?)?$/.exec(ascii);
  if (!match) return null;
  const [, year, month, day] = match;
  if (!month) return year;
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  const yearMonth = `${year}-${String(m).padStart(2, '0')}`;
  if (!day) return yearMonth;
  const d = Number(day);
  const days = new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
  return d >= 1 && d <= days ? `${yearMonth}-${String(d).padStart(2, '0')}` : null;
}
