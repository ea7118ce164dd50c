/**
 * Every word `<quire-search>` shows, in English, and {@link Strings}: the table a widget
 * speaks from, with a site's overrides over a language's table over English, and the number,
 * date and list formats of its locale. Pure (no DOM), so that it runs in Node for its tests.
 *
 * A table is plain JSON-shaped data, so that a site can override any string from a JSON file
 * (`<quire-search strings="/search/strings.json">`) or from script (`element.strings = {...}`):
 *
 * - a string, with `{name}` placeholders (`"{count} for {query}"`);
 * - for a count, an object of plural forms (`{"one": "{n} result", "other": "{n} results"}`,
 *   forms as `Intl.PluralRules` names them; `other` is the fallback);
 * - `tips`, a list of `[example, meaning]` pairs;
 * - `facetLabels` and `values`, maps of names of the index's data to the words shown for them
 *   (`{"leaning": "Leaning"}`, `{"leaning": {"reformist": "reformist"}}`): the index holds
 *   its labels and values in its own language, and a table for another may name them.
 *
 * In a rich string, `{code:text}` and `{kbd:text}` stand for a code sample and a key.
 *
 * A value of the wrong shape, or a key that English lacks, is ignored (the English is kept):
 * a site's typo never blanks the widget.
 * @module quire-strings
 */

/** The English table: the default, and the fallback of every other. */
export const EN = {
  /** Locale of numbers, dates and lists (`Intl`); `calendar` of dates. */
  locale: 'en-GB',
  calendar: 'gregory',
  /** Quotation marks around a query or a word. */
  quote: '“{text}”',

  // The search box
  label: 'Search the archive',
  placeholder: 'A name, a word or "a phrase"',
  slashTitle: 'Press / or Ctrl K to search',
  keys: 'Results appear as you type. Use the up and down arrow keys to move through them, Enter to open one, Escape to clear.',
  tipsTitle: 'Search tips',
  tips: [
    ['zarif shargh', 'articles with both words'],
    ['"supreme leader"', 'the exact phrase'],
    ['talks OR negotiations', 'either word'],
    ['-kayhan', 'leave out articles with this word'],
    ['title:khamenei', 'the word in the title'],
    ['outlet:shargh', 'a filter value: outlet, person, topic, kind…'],
  ],
  tipsTyping: 'The last word also matches as you type: {code:khame} finds Khamenei. Press {kbd:/} or {kbd:Ctrl K} anywhere to search.',

  // The status line
  idle: 'Select the box to search or browse the whole archive.',
  loading: 'Loading the archive index…',
  results: { one: '{n} result', other: '{n} results' },
  articles: { one: '{n} article', other: '{n} articles' },
  entries: { one: '{n} entry', other: '{n} entries' },
  entriesIn: '{entries} in {articles}',
  /** Entries in some articles, and articles without entries beside them. */
  entriesInAndOthers: '{entries} in {articles} and {others}',
  otherArticles: { one: '{n} other article', other: '{n} other articles' },
  /** A count of both: the timeline's bars, the facets' and the split's counts, the drawer. */
  entriesAndArticles: '{entries} and {articles}',
  forQuery: '{count} for {query}',
  inArchive: '{count} in the archive',
  newestFirst: '{text}, newest first',
  oldestFirst: '{text}, oldest first',
  noneForQuery: 'No results for {query}',
  lookingForMore: '{text} Looking for more…',
  noneContain: 'No results for {query}: no article contains {words}.',
  noneMatch: 'No articles match',
  partial: 'No article contains {words}. Showing {count} for the other words.',
  readAs: '{text} (as {query})',
  /** Words that exist were also read as likely typos of others (their hits come after). */
  alsoReadAs: '{text} (also as {query})',
  readAsAlso: '{text} (as {query}, also as {also})',
  truncated: '{text} Only the first words of this long query were used.',
  /** Joins the status line's parts: the count, then each filter. */
  separator: ' · ',
  /** A filter as the status line and its chip name it. */
  filter: '{label}: {values}',
  suggest: 'Did you mean {suggestion}?',

  // Dates of filters and chips
  since: 'since {date}',
  until: 'until {date}',
  dateRange: '{from} – {to}',
  yearRange: '{from}–{to}',

  // Chips
  chipsLabel: 'Active filters',
  removeChip: 'Remove {filter}',
  clearAll: 'Clear all',

  // The results
  resultsLabel: 'Search results',
  entriesOf: 'Matching entries of {title}',
  sectionsOf: 'Matching sections of {title}',
  outlet: 'outlet',
  outlets: 'outlets',
  leaning: 'leaning',
  leanings: 'leanings',
  names: 'Names',
  role: 'role',
  roles: 'roles',
  personRole: '{name} ({role})',
  more: 'Show more results',

  // No results, failures
  nothing: 'Nothing in the archive matches.',
  checkSpelling: { one: 'Check the spelling of {words}, or leave it out.', other: 'Check the spelling of {words}, or leave them out.' },
  fewerWords: 'Use fewer words, or a shorter form of a word: the last word matches as you type.',
  clearFilters: 'Clear all filters',
  details: 'Technical details',
  failMissing: 'The search index of this archive was not found.',
  failMissingAdvice: 'Search is not set up at this address. If you run this site, build the index with “quire build” and upload its folder.',
  failCorrupt: 'The search index of this archive is damaged.',
  failCorruptAdvice: 'One of its files is incomplete or was altered in transit. If you run this site, rebuild the index and upload every file again.',
  failVersion: 'The search index of this archive was built by another version of Quire.',
  failVersionAdvice: 'The index and the search code of this page do not match. If you run this site, rebuild the index with the Quire release that produced this page’s search code.',
  failNetwork: 'The search index of this archive could not be loaded.',
  failNetworkAdvice: 'Check your connection, then reload the page.',
  failEngine: 'Search could not start in this browser.',
  failEngineAdvice: 'The search engine failed to load. Reload the page, or try an up-to-date browser.',
  failQuery: 'This search could not run: the dates are not valid.',
  failQueryAdvice: 'Use the From and To fields, as a year or a year and month.',
  failUpdated: 'The archive was updated while this page was open.',
  failUpdatedAdvice: 'Reload the page to search the new version.',
  filtersUnavailable: 'The filters could not be loaded: their file in the search index is damaged or missing. Search still works.',

  // Sort, filters and the drawer
  sort: 'Sort',
  sortRelevance: 'Relevance',
  sortNewest: 'Newest',
  sortOldest: 'Oldest',
  filters: 'Filters',
  filtersCount: 'Filters ({n})',
  close: 'Close',
  showResults: { one: 'Show {n} result', other: 'Show {n} results' },
  showEntries: { one: 'Show {n} entry', other: 'Show {n} entries' },
  showUnits: 'Show {units}',
  date: 'Date',
  from: 'From',
  to: 'To',
  datePlaceholder: 'YYYY-MM',
  dateHint: 'A year (2024) or a year and month (2024-05)',
  dateInvalid: 'Write a year (2024) or a year and month (2024-05).',
  showMore: 'Show {n} more',
  showFewer: 'Show fewer',

  // The timeline and the split
  byMonth: 'Results by month',
  byYear: 'Results by year',
  allDates: 'All dates',
  timelineKeys: 'Left and right arrow keys move between months; Enter shows the results of one month, and again those of all dates.',
  periodCount: '{period}: {count}',
  span: '{from} – {to}',
  splitArticles: 'Articles by {label}',
  splitEntries: 'Entries by {label}',
  splitMixed: 'Entries and articles by {label}',
  splitHint: 'Choose one to show only its results; again to show all.',

  facetLabels: {},
  values: {},
};

/** Languages with a table beside this module (`quire-strings-<lang>.js`); English is built in. */
export const LANGUAGES = ['fa'];

/**
 * The tables of words for a widget, in the order they override English: its language's
 * (from `quire-strings-<lang>.js` beside this module), a site's JSON file, a site's object.
 * What cannot be loaded is left out with a warning on the console: the words before it stay.
 * @param {{lang: string, file?: URL|string|null, overrides?: object|null}} from
 * @returns {Promise<object[]>}
 */
export async function stringTables({ lang, file, overrides }) {
  const tables = [];
  const base = lang.toLowerCase().split('-')[0];
  if (LANGUAGES.includes(base)) {
    try {
      tables.push((await import(new URL(`./quire-strings-${base}.js`, import.meta.url).href)).default);
    } catch (error) {
      console.warn(`quire-search: the ${base} strings did not load; English is shown.`, error);
    }
  }
  if (file) {
    try {
      const response = await fetch(file);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      tables.push(await response.json());
    } catch (error) {
      console.warn(`quire-search: the strings file ${file} could not be read (${error.message}); the widget's own words are shown.`);
    }
  }
  if (overrides) tables.push(overrides);
  return tables;
}

/** Keys whose value is a list (of `[example, meaning]` pairs). */
const LISTS = new Set(['tips']);
/** Keys whose value maps names to words (`facetLabels`) or to such maps (`values`). */
const MAPS = new Set(['facetLabels', 'values']);

/**
 * Whether `value` may stand for the English `english` of its key: the same shape.
 * @param {string} key
 * @param {unknown} value
 * @param {unknown} english
 */
function fits(key, value, english) {
  if (LISTS.has(key)) return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((s) => typeof s === 'string'));
  if (MAPS.has(key)) return value !== null && typeof value === 'object' && !Array.isArray(value);
  if (typeof english === 'string') return typeof value === 'string';
  // Plural forms: at least `other`, every form a string.
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.other === 'string' && Object.values(value).every((s) => typeof s === 'string');
}

/**
 * `tables` merged over English, each key taken from the last table that has it in the right
 * shape; `facetLabels` and `values` merged name by name.
 * @param {...(object|null|undefined)} tables
 * @returns {{table: typeof EN, ignored: string[]}} the table, and the keys that were ignored
 */
export function mergeTables(...tables) {
  const table = { ...EN, facetLabels: {}, values: {} };
  const ignored = [];
  for (const overrides of tables) {
    if (!overrides || typeof overrides !== 'object') continue;
    for (const [key, value] of Object.entries(overrides)) {
      if (!Object.hasOwn(EN, key) || !fits(key, value, EN[key])) {
        ignored.push(key);
        continue;
      }
      if (key === 'facetLabels') Object.assign(table.facetLabels, Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')));
      else if (key === 'values') {
        for (const [facet, words] of Object.entries(value)) {
          if (words && typeof words === 'object') table.values[facet] = { ...table.values[facet], ...Object.fromEntries(Object.entries(words).filter(([, v]) => typeof v === 'string')) };
        }
      } else table[key] = value;
    }
  }
  return { table, ignored };
}

/**
 * `template` with each `{name}` replaced by `vars[name]` (left as written when there is none).
 * @param {string} template
 * @param {Record<string, string|number>} [vars]
 */
export function fill(template, vars = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : whole));
}

/**
 * A rich string as pieces: text, and `{kind: 'code'|'kbd', text}` for `{code:…}` and `{kbd:…}`.
 * @param {string} template
 * @returns {Array<string|{kind: string, text: string}>}
 */
export function richPieces(template) {
  const pieces = [];
  let at = 0;
  for (const match of template.matchAll(/\{(code|kbd):([^}]*)\}/g)) {
    if (match.index > at) pieces.push(template.slice(at, match.index));
    pieces.push({ kind: match[1], text: match[2] });
    at = match.index + match[0].length;
  }
  if (at < template.length) pieces.push(template.slice(at));
  return pieces;
}

/** The words a widget speaks, from one merged table, with its locale's formats. */
export class Strings {
  #table;
  #plural;
  #number;
  #year;
  #day;
  #month;
  #shortMonth;
  #or;
  #and;
  #languages;

  /** @param {...(object|null|undefined)} tables overrides, later ones winning, over English */
  constructor(...tables) {
    const { table, ignored } = mergeTables(...tables);
    this.#table = table;
    /** Keys of the overrides that were ignored (unknown, or of the wrong shape). */
    this.ignored = ignored;
    const locale = table.locale;
    const calendar = table.calendar;
    const safe = (make, fallback) => {
      try {
        return make(locale);
      } catch {
        return make(fallback);
      }
    };
    this.#plural = safe((l) => new Intl.PluralRules(l), 'en');
    this.#number = safe((l) => new Intl.NumberFormat(l), 'en');
    this.#year = safe((l) => new Intl.NumberFormat(l, { useGrouping: false }), 'en');
    const dates = (options) => safe((l) => new Intl.DateTimeFormat(l, { ...options, calendar, timeZone: 'UTC' }), 'en');
    this.#day = dates({ day: 'numeric', month: 'short', year: 'numeric' });
    this.#month = dates({ month: 'long', year: 'numeric' });
    this.#shortMonth = dates({ month: 'short', year: 'numeric' });
    this.#or = safe((l) => new Intl.ListFormat(l, { type: 'disjunction' }), 'en');
    this.#and = safe((l) => new Intl.ListFormat(l, { type: 'conjunction' }), 'en');
    this.#languages = safe((l) => new Intl.DisplayNames(l, { type: 'language', fallback: 'none' }), 'en');
  }

  /** The locale of numbers, dates and lists. */
  get locale() {
    return this.#table.locale;
  }

  /** The raw value of a key (a string, plural forms, a list or a map). */
  raw(key) {
    return this.#table[key];
  }

  /**
   * A string, its placeholders filled.
   * @param {string} key
   * @param {Record<string, string|number>} [vars]
   */
  text(key, vars) {
    const value = this.#table[key];
    return fill(typeof value === 'string' ? value : String(value?.other ?? key), vars);
  }

  /**
   * A count in words: the plural form for `n`, `{n}` written in the locale's digits.
   * @param {string} key a key of plural forms (`results`)
   * @param {number} n
   * @param {Record<string, string|number>} [vars]
   */
  count(key, n, vars = {}) {
    const forms = this.#table[key];
    const form = typeof forms === 'string' ? forms : (forms[this.#plural.select(n)] ?? forms.other);
    return fill(form, { ...vars, n: this.number(n) });
  }

  /**
   * A count in the words of what it counts: "3 entries", "2 entries and 1 article",
   * "1 article". `articles` is how many of the `count` units are articles without entries,
   * as the engine says of each count. Where it does not say (an older engine), the count is
   * in the results' `unit`; a count of articles alone in results that count articles is
   * said with `noun` (`results`).
   * @param {{count: number, articles?: number}} counted
   * @param {'entries'|'articles'} unit what the results count
   * @param {string} [noun] a key of plural forms for articles in results of articles
   */
  units({ count, articles }, unit, noun = 'articles') {
    if (!Number.isInteger(articles)) return this.count(unit === 'entries' ? 'entries' : noun, count);
    const entries = count - articles;
    if (entries > 0 && articles > 0) return this.text('entriesAndArticles', { entries: this.count('entries', entries), articles: this.count('articles', articles) });
    if (entries > 0) return this.count('entries', count);
    return this.count(unit === 'entries' ? 'articles' : noun, count);
  }

  /** A number in the locale's digits and grouping. */
  number(n) {
    return this.#number.format(n);
  }

  /** A quoted query or word. */
  quote(text) {
    return fill(this.#table.quote, { text });
  }

  /** Quoted words as alternatives: “a” or “b”. */
  quoteAny(words) {
    return this.#or.format(words.map((word) => this.quote(word)));
  }

  /** Values as alternatives ("Shargh or Kayhan"). */
  any(values) {
    return this.#or.format(values);
  }

  /** Names as a list ("a, b and c"). */
  all(values) {
    return this.#and.format(values);
  }

  /**
   * A `YYYY-MM-DD` day as people write it ("31 Jan 2025"), or the text as it is.
   * @param {string} iso
   */
  day(iso) {
    const date = new Date(`${iso}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(date.getTime()) ? this.#day.format(date) : iso;
  }

  /**
   * A `YYYY-MM` month ("January 2025", or "Jan 2025" when `short`), a `YYYY` year in the
   * locale's digits, or the text as it is.
   * @param {string} key
   * @param {boolean} [short]
   */
  month(key, short = false) {
    if (/^\d{4}$/.test(key)) return this.#year.format(Number(key));
    const date = new Date(`${key}-01T00:00:00Z`);
    return /^\d{4}-\d{2}$/.test(key) && !Number.isNaN(date.getTime()) ? (short ? this.#shortMonth : this.#month).format(date) : key;
  }

  /**
   * The words for a facet: its label from the table, else the index's label.
   * @param {string} name
   * @param {string} [label]
   */
  facetLabel(name, label) {
    return this.#table.facetLabels[name] ?? label ?? name;
  }

  /**
   * The words for a value of a facet (a leaning in the reader's language), else the value.
   * @param {string} facet
   * @param {string} value
   */
  value(facet, value) {
    const words = this.#table.values[facet];
    return (words && Object.hasOwn(words, value) ? words[value] : null) ?? (facet === 'language' ? this.languageName(value) : value);
  }

  /**
   * A language tag of the index (`fr`, `pt-BR`) as the locale names it ("French"), else the
   * tag: the `language` facet lists tags.
   * @param {string} tag
   */
  languageName(tag) {
    try {
      return this.#languages.of(tag) ?? tag;
    } catch {
      return tag;
    }
  }
}
