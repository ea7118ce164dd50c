/**
 * `<quire-search>`: a search box and archive browser for a Quire index, searched in the
 * browser by WebAssembly.
 *
 * ```html
 * <script type="module" src="/quire-search.js"></script>
 * <quire-search index="/quire/"></quire-search>
 * ```
 *
 * Attribute `index`: the folder holding `quire.json`, relative to the page (default `quire/`).
 *
 * Event `quire:results` (bubbles, composed, cancelable), after each search, with
 * `detail: {query, request, results}`. Calling `preventDefault()` on it stops the widget from
 * drawing its own result list, for a page that draws its own. The first results of a visit
 * may come before the facet lists (`results.facetsPending`, no `facets`): event
 * `quire:facets`, with the same `detail` and the counts, follows when they arrive.
 *
 * Styling: the CSS custom properties documented at the top of `quire-search.css`, and
 * `::part()` on `input`, `results`, `result`, `title`, `kind`, `excerpt`, `entry`, `mark`,
 * `outlet`, `leaning` (and `leaning-<value>`, e.g. `leaning-reformist`), `people`, `roles`,
 * `timeline`, `bar`, `facets`, `facet`, `status`, `suggest`, `error`, `help`, `sort`,
 * `filters-toggle`, `more`.
 *
 * Above the results, a histogram of them by month (by year for archives spanning decades):
 * a bar filters to its month, and again clears the dates. Each entry under a result names
 * its outlets, their political leaning, the people it names and their roles (the index's
 * `outlet`, `leaning`, `person` and `role` facets).
 *
 * Links to results on the same site carry the words highlighted in them, as
 * `quire-highlight` parameters before the hash (`/edition/?quire-highlight=Zarif#2025-01-30-2`),
 * for `quire-highlight.js` on the article page to find and mark.
 *
 * The search state lives in the page URL (`?q=…&kind=Analysis&from=2025-01&to=2025-05&sort=newest`):
 * a run of typing adds one history entry and then replaces it; changing a filter, the dates or
 * the sort adds one. Nothing is fetched until the search box is first used, unless the URL
 * already carries a search.
 *
 * Every piece of index data reaches the page through `textContent`, Text nodes and attribute
 * values, never through markup, and links only keep http(s) URLs: the index is data from
 * authors, not code. No style is set from script, so the widget runs under `style-src 'self'`.
 * @module quire-search
 */

const STYLESHEET = new URL('./quire-search.css', import.meta.url).href;
const ENGINE = new URL('./quire-engine.js', import.meta.url).href;

/** Results per page; "Show more" fetches the next. */
const PAGE = 20;
/** Facet values listed before "Show more". */
const FACET_PREVIEW = 5;
/** URL parameters of the widget besides facet names. */
const OWN_PARAMS = ['q', 'from', 'to', 'sort'];
/** Parameters that platforms and campaigns add to links: never filters. */
const FOREIGN_PARAM = /^(utm_|mc_)|^(fbclid|gclid|msclkid)$/;
const SORTS = [
  ['relevance', 'Relevance'],
  ['newest', 'Newest'],
  ['oldest', 'Oldest'],
];

/** What a visitor reads for each kind of failure: a headline, then what can be done. */
const FAILURES = {
  missing: [
    'The search index of this archive was not found.',
    'Search is not set up at this address. If you run this site, build the index with “quire build” and upload its folder.',
  ],
  corrupt: [
    'The search index of this archive is damaged.',
    'One of its files is incomplete or was altered in transit. If you run this site, rebuild the index and upload every file again.',
  ],
  version: [
    'The search index of this archive was built by another version of Quire.',
    'The index and the search code of this page do not match. If you run this site, rebuild the index with the Quire release that produced this page’s search code.',
  ],
  network: [
    'The search index of this archive could not be loaded.',
    'Check your connection, then reload the page.',
  ],
  engine: [
    'Search could not start in this browser.',
    'The search engine failed to load. Reload the page, or try an up-to-date browser.',
  ],
};

const TIPS = [
  ['zarif shargh', 'articles with both words'],
  ['"supreme leader"', 'the exact phrase'],
  ['talks OR negotiations', 'either word'],
  ['-kayhan', 'leave out articles with this word'],
  ['title:khamenei', 'the word in the title'],
  ['outlet:shargh', 'a filter value: outlet, person, topic, kind…'],
];

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const shortMonthFormat = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const numberFormat = new Intl.NumberFormat('en');

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The URL parameter that carries highlighted words to the article page. */
const HIGHLIGHT_PARAM = 'quire-highlight';
/** At most this many words go into a link, each at most so long. */
const HIGHLIGHT_WORDS = 8;
const HIGHLIGHT_LENGTH = 60;
/** Beyond this many months the timeline counts years. */
const TIMELINE_MONTHS = 240;
/** Height of the timeline's bars and of its axis labels, in CSS pixels. */
const BAR_AREA = 44;
const AXIS = 16;

/**
 * Creates an element. Attribute values are set with setAttribute (`true` → present, `false`
 * or null → absent); children are nodes or strings, and strings become Text nodes.
 * @param {string} tag
 * @param {Record<string, string|number|boolean|null|undefined>} [attributes]
 * @param {...(Node|string)} children
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/**
 * Creates an SVG element, attributes as for {@link h}.
 * @param {string} tag
 * @param {Record<string, string|number|null|undefined>} [attributes]
 * @param {...(Node|string)} children
 */
function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null) element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

/**
 * `text` with the UTF-16 ranges wrapped in `<mark>`, as DOM nodes.
 * @param {string} text
 * @param {Array<[number, number]>} ranges
 */
function highlight(text, ranges = []) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const from = Math.max(start, at);
    const to = Math.min(end, text.length);
    if (to <= from) continue;
    if (from > at) fragment.append(text.slice(at, from));
    fragment.append(h('mark', { part: 'mark' }, text.slice(from, to)));
    at = to;
  }
  if (at < text.length) fragment.append(text.slice(at));
  return fragment;
}

/**
 * A `<time>` showing a `YYYY-MM-DD` date the way people write it ("31 Jan 2025").
 * @param {string} iso
 * @param {string} [className]
 */
function timeElement(iso, className) {
  const date = new Date(`${iso}T00:00:00Z`);
  return h('time', { datetime: iso, class: className }, Number.isNaN(date.getTime()) ? iso : dayFormat.format(date));
}

/**
 * The URL to link to, or null: index data may hold `javascript:` or other schemes, and only
 * http(s) links (relative ones resolve to those) are followed.
 * @param {string} url
 */
function safeHref(url) {
  try {
    const resolved = new URL(url, document.baseURI);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : null;
  } catch {
    return null;
  }
}

/**
 * The distinct words that `ranges` cover in each text, first spelling kept, for a link's
 * `quire-highlight` parameters.
 * @param {Array<[string, Array<[number, number]>|undefined]>} pieces text and its ranges
 */
function highlightedWords(pieces) {
  const seen = new Set();
  const words = [];
  for (const [text, ranges = []] of pieces) {
    for (const [start, end] of ranges) {
      const word = text.slice(start, end).trim();
      const key = word.toLocaleLowerCase();
      if (!word || word.length > HIGHLIGHT_LENGTH || seen.has(key)) continue;
      seen.add(key);
      words.push(word);
      if (words.length === HIGHLIGHT_WORDS) return words;
    }
  }
  return words;
}

/**
 * `href` (a safe absolute URL, or null) with `quire-highlight` parameters for `words`, added
 * after its own parameters and before its hash; those are kept as they are written. Only
 * links to this site get them: another site neither reads them nor needs to learn what the
 * visitor searched for.
 * @param {string|null} href
 * @param {string[]} words
 */
function withHighlights(href, words) {
  if (!href || !words.length) return href;
  const url = new URL(href);
  if (url.origin !== location.origin) return href;
  const added = words.map((word) => `${HIGHLIGHT_PARAM}=${encodeURIComponent(word)}`).join('&');
  url.search = url.search.length > 1 ? `${url.search}&${added}` : `?${added}`;
  return url.href;
}

/**
 * The months from the first to the last of the engine's timeline, months without results
 * included with a count of 0; or the years, for a span longer than {@link TIMELINE_MONTHS}.
 * @param {Array<{month: string, count: number}>} timeline ascending, gaps left out
 * @returns {{unit: 'month'|'year', periods: Array<{key: string, count: number}>}}
 */
function periodsOf(timeline = []) {
  const months = timeline.filter(({ month, count }) => /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && count > 0);
  if (!months.length) return { unit: 'month', periods: [] };
  const counts = new Map(months.map(({ month, count }) => [month, count]));
  const index = (key) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  const first = index(months[0].month);
  const last = index(months.at(-1).month);
  if (last - first >= TIMELINE_MONTHS) {
    const years = new Map();
    for (const { month, count } of months) years.set(month.slice(0, 4), (years.get(month.slice(0, 4)) ?? 0) + count);
    const periods = [];
    for (let year = Math.floor(first / 12); year <= Math.floor(last / 12); year++) {
      const key = String(year).padStart(4, '0');
      periods.push({ key, count: years.get(key) ?? 0 });
    }
    return { unit: 'year', periods };
  }
  const periods = [];
  for (let n = first; n <= last; n++) {
    const key = `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
    periods.push({ key, count: counts.get(key) ?? 0 });
  }
  return { unit: 'month', periods };
}

/**
 * A period's name: "January 2025" (or "Jan 2025" when `short`), or the year.
 * @param {string} key `YYYY-MM` or `YYYY`
 */
function periodName(key, short = false) {
  if (key.length === 4) return key;
  const date = new Date(`${key}-01T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? key : (short ? shortMonthFormat : monthFormat).format(date);
}

/**
 * The first and last month (`YYYY-MM`) of a date bound as the URL holds it (`YYYY`,
 * `YYYY-MM` or `YYYY-MM-DD`), or null when there is none.
 * @param {string} bound
 * @param {'from'|'to'} side
 */
function boundMonth(bound, side) {
  if (/^\d{4}$/.test(bound)) return side === 'from' ? `${bound}-01` : `${bound}-12`;
  return /^\d{4}-\d{2}/.test(bound) ? bound.slice(0, 7) : null;
}

/** A value as a `part` name: lower case, letters and digits joined by hyphens. */
const slug = (value) => value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * A leaning badge: its colour comes from the stylesheet, by `data-leaning`.
 * @param {string} leaning
 */
function leaningBadge(leaning) {
  const name = slug(leaning);
  return h('span', { class: 'leaning', part: name ? `leaning leaning-${name}` : 'leaning', 'data-leaning': leaning }, leaning);
}

/**
 * The query with the engine's typo corrections applied (each word's first occurrence, as the
 * engine builds its own suggestion), to say how a query was read.
 * @param {string} query
 * @param {Array<{word: string, replacement: string}>} corrections
 */
function corrected(query, corrections = []) {
  let text = query;
  for (const { word, replacement } of corrections) {
    const at = text.indexOf(word);
    if (at >= 0) text = text.slice(0, at) + replacement + text.slice(at + word.length);
  }
  return text;
}

const count = (n, one, many) => `${numberFormat.format(n)} ${n === 1 ? one : many}`;
const quoted = (words) => words.map((w) => `“${w}”`).join(words.length === 2 ? ' or ' : ', ');

/** Whether a keystroke goes to something that takes text, so "/" must not be taken from it. */
function takesText(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * @typedef {object} State what is searched, as the URL records it
 * @property {string} q
 * @property {Record<string, string[]>} filters facet name → selected values
 * @property {string} from
 * @property {string} to
 * @property {string} sort
 */

/** The `<quire-search>` element. */
export class QuireSearch extends HTMLElement {
  #shadow = this.attachShadow({ mode: 'open' });
  /** @type {State} */
  #state = { q: '', filters: {}, from: '', to: '', sort: 'relevance' };
  /** Set on the first start; the load then runs once per element. */
  #loading = null;
  #index = null;
  /** Facet names of the index, once loaded: until then any parameter may be a filter. */
  #facetNames = null;
  /** Incremented per search: an answer for an older id is dropped. */
  #searchId = 0;
  /** The last results drawn and how many hits of them are in the list. */
  #results = null;
  #shown = 0;
  /** The options of the listbox in order (hits and their entries), with their links. */
  #options = [];
  #active = -1;
  /** Facets whose "more" toggle is open, kept across searches. */
  #expanded = new Set();
  /** Whether the current history entry was made by typing (then typing replaces it). */
  #typingEntry = false;
  /** The timeline's bars: months (or years) from the first result to the last. */
  #periods = [];
  #periodUnit = 'month';
  /** What the timeline was last drawn for (periods and width): a change redraws it. */
  #drawnFor = '';
  /** The bar that takes focus when the chart is tabbed into. */
  #focusPeriod = null;
  #resizeObserver = null;

  #base;
  #input;
  #help;
  #status;
  #suggest;
  #failure;
  #controls;
  #sort;
  #toggle;
  #layout;
  #filters;
  #facetList;
  #from;
  #to;
  #clear;
  #list;
  #empty;
  #more;
  #timeline;
  #timelineTitle;
  #readout;
  #allDates;
  #chart;

  constructor() {
    super();
    this.#build();
  }

  connectedCallback() {
    this.#state = this.#readUrl();
    this.#syncControls();
    window.addEventListener('popstate', this.#onPopState);
    document.addEventListener('keydown', this.#onPageKey);
    document.addEventListener('pointerdown', this.#onPagePointer);
    // The timeline is drawn in CSS pixels, so a change of width redraws it (in the next
    // frame: drawing inside the observer's callback could report a resize loop).
    this.#resizeObserver ??= new ResizeObserver(() => requestAnimationFrame(() => this.#drawTimeline()));
    this.#resizeObserver.observe(this.#chart);
    // A shared link or a reload shows its results without waiting for a click.
    if (!this.#isIdle()) this.#start();
  }

  disconnectedCallback() {
    window.removeEventListener('popstate', this.#onPopState);
    document.removeEventListener('keydown', this.#onPageKey);
    document.removeEventListener('pointerdown', this.#onPagePointer);
    this.#resizeObserver?.disconnect();
  }

  /** Focuses the search box (and so starts loading the index). */
  focus(options) {
    this.#input.focus(options);
  }

  // ---- DOM -------------------------------------------------------------------------------

  #build() {
    const sheet = h('link', { rel: 'stylesheet', href: STYLESHEET });
    // Shown once styled, so that visitors never see the bare controls flash.
    this.#base = h('div', { class: 'quire', part: 'base', hidden: true });
    const reveal = () => this.#base.removeAttribute('hidden');
    sheet.addEventListener('load', reveal, { once: true });
    sheet.addEventListener('error', reveal, { once: true });

    this.#input = h('input', {
      id: 'input',
      part: 'input',
      type: 'search',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': 'results',
      'aria-describedby': 'keys',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
      placeholder: 'A name, a word or "a phrase"',
    });
    this.#input.addEventListener('focus', () => this.#start());
    this.#input.addEventListener('pointerdown', () => this.#start());
    this.#input.addEventListener('input', () => this.#typed());
    this.#input.addEventListener('keydown', this.#onKey);

    const icon = svg(
      'svg',
      { class: 'icon', viewBox: '0 0 24 24', 'aria-hidden': 'true' },
      svg('path', { d: 'M10.5 3a7.5 7.5 0 0 1 5.92 12.1l4.74 4.74-1.42 1.42-4.74-4.74A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z' }),
    );

    const tips = h('dl', { class: 'tips' });
    for (const [example, meaning] of TIPS) {
      tips.append(h('div', {}, h('dt', {}, h('code', {}, example)), h('dd', {}, meaning)));
    }
    const help = h(
      'details',
      { class: 'help', part: 'help' },
      h('summary', {}, 'Search tips'),
      h('div', { class: 'help-body' }, tips, h('p', {}, 'The last word also matches as you type: ', h('code', {}, 'khame'), ' finds Khamenei. Press ', h('kbd', {}, '/'), ' anywhere to search.')),
    );
    // The tips cover the results: a click elsewhere on the page (see #onPagePointer) or
    // Escape puts them away.
    this.#help = help;
    help.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && help.open) {
        event.preventDefault();
        help.open = false;
        help.querySelector('summary').focus();
      }
    });

    const field = h(
      'div',
      { class: 'field' },
      icon,
      this.#input,
      h('kbd', { class: 'slash', 'aria-hidden': 'true', title: 'Press / to search' }, '/'),
    );
    const search = h('div', { class: 'search', role: 'search' }, h('label', { for: 'input', class: 'label' }, 'Search the archive'), h('div', { class: 'row' }, field, help));

    this.#status = h('p', { id: 'status', class: 'status', part: 'status', role: 'status' }, 'Select the box to search or browse the whole archive.');
    this.#sort = h('select', { id: 'sort', part: 'sort' }, ...SORTS.map(([value, label]) => h('option', { value }, label)));
    this.#sort.addEventListener('change', () => this.#change({ sort: this.#sort.value }));
    this.#toggle = h('button', { type: 'button', class: 'filters-toggle', part: 'filters-toggle', 'aria-expanded': 'false', 'aria-controls': 'filters' }, 'Filters');
    this.#toggle.addEventListener('click', () => this.#openFilters(this.#toggle.getAttribute('aria-expanded') !== 'true'));
    this.#controls = h('div', { class: 'controls', hidden: true }, this.#toggle, h('label', { class: 'sort' }, 'Sort ', this.#sort));
    const bar = h('div', { class: 'bar' }, this.#status, this.#controls);
    this.#suggest = h('p', { class: 'suggest', part: 'suggest', hidden: true });

    this.#failure = h('div', { class: 'failure', part: 'error', role: 'alert', hidden: true });

    this.#from = h('input', { id: 'from', type: 'month', placeholder: 'YYYY-MM', pattern: '[0-9]{4}-[0-9]{2}' });
    this.#to = h('input', { id: 'to', type: 'month', placeholder: 'YYYY-MM', pattern: '[0-9]{4}-[0-9]{2}' });
    this.#from.addEventListener('change', () => this.#change({ from: this.#from.value }));
    this.#to.addEventListener('change', () => this.#change({ to: this.#to.value }));
    const dates = h(
      'fieldset',
      { class: 'facet dates', part: 'facet' },
      h('legend', {}, 'Date'),
      h('div', { class: 'date-row' }, h('label', { for: 'from' }, 'From'), this.#from),
      h('div', { class: 'date-row' }, h('label', { for: 'to' }, 'To'), this.#to),
    );
    this.#facetList = h('div', { class: 'facet-list' });
    this.#facetList.addEventListener('change', this.#onFacetChange);
    this.#facetList.addEventListener('click', this.#onFacetClick);
    this.#clear = h('button', { type: 'button', class: 'clear', hidden: true }, 'Clear all filters');
    this.#clear.addEventListener('click', () => this.#change({ filters: {}, from: '', to: '' }));
    this.#filters = h('div', { id: 'filters', class: 'filters', part: 'facets', role: 'group', 'aria-label': 'Filters', hidden: true }, dates, this.#facetList, this.#clear);

    this.#timelineTitle = h('span', { class: 'timeline-title', id: 'timeline-title' }, 'Results by month');
    // For pointers: what the bar under the pointer holds. The bars' own names say it to
    // screen readers.
    this.#readout = h('span', { class: 'readout', 'aria-hidden': 'true' });
    this.#allDates = h('button', { type: 'button', class: 'link all-dates', hidden: true }, 'All dates');
    this.#allDates.addEventListener('click', () => this.#change({ from: '', to: '' }));
    this.#chart = h('div', { class: 'chart', role: 'toolbar', 'aria-labelledby': 'timeline-title', 'aria-describedby': 'timeline-keys' });
    this.#chart.addEventListener('click', this.#onBarClick);
    this.#chart.addEventListener('keydown', this.#onBarKey);
    this.#chart.addEventListener('pointerover', this.#onBarHover);
    this.#chart.addEventListener('pointerleave', () => this.#showReadout(null));
    this.#chart.addEventListener('focusin', this.#onBarHover);
    this.#chart.addEventListener('focusout', () => this.#showReadout(null));
    this.#timeline = h(
      'div',
      { class: 'timeline', part: 'timeline', hidden: true },
      h('div', { class: 'timeline-head' }, this.#timelineTitle, this.#readout, this.#allDates),
      this.#chart,
      h('p', { id: 'timeline-keys', class: 'visually-hidden' }, 'Left and right arrow keys move between months; Enter shows the results of one month, and again those of all dates.'),
    );

    this.#list = h('ul', { id: 'results', class: 'results', part: 'results', role: 'listbox', 'aria-label': 'Search results', hidden: true });
    this.#empty = h('div', { class: 'no-results', hidden: true });
    this.#more = h('button', { type: 'button', class: 'more', part: 'more', hidden: true }, 'Show more results');
    this.#more.addEventListener('click', () => this.#search({ more: true }));
    this.#layout = h('div', { class: 'layout' }, this.#filters, h('div', { class: 'main' }, this.#timeline, this.#list, this.#empty, this.#more));

    const keys = h('p', { id: 'keys', class: 'visually-hidden' }, 'Results appear as you type. Use the up and down arrow keys to move through them, Enter to open one, Escape to clear.');
    this.#base.append(search, keys, bar, this.#suggest, this.#failure, this.#layout);
    this.#shadow.append(sheet, this.#base);
  }

  /** Puts the state into the controls that show it (after a URL change). */
  #syncControls() {
    const { q, from, to } = this.#state;
    if (this.#input.value !== q) this.#input.value = q;
    this.#syncSort();
    // Month inputs show `YYYY-MM`; a URL may hold a year or a day.
    this.#from.value = /^\d{4}$/.test(from) ? `${from}-01` : from.slice(0, 7);
    this.#to.value = /^\d{4}$/.test(to) ? `${to}-12` : to.slice(0, 7);
    for (const input of [this.#from, this.#to]) input.classList.toggle('unset', !input.value);
    const active = Object.values(this.#state.filters).reduce((n, values) => n + values.length, 0) + (from ? 1 : 0) + (to ? 1 : 0);
    this.#toggle.textContent = active ? `Filters (${active})` : 'Filters';
    this.#clear.hidden = active === 0;
    this.#markBars();
  }

  /** Without a query relevance means nothing and the engine lists newest first: so says the select. */
  #syncSort() {
    const browsing = !this.#state.q.trim();
    this.#sort.options[0].disabled = browsing;
    this.#sort.value = browsing && this.#state.sort === 'relevance' ? 'newest' : this.#state.sort;
  }

  #setStatus(text, loading = false) {
    this.#status.textContent = text;
    this.#status.classList.toggle('loading', loading);
  }

  #openFilters(open) {
    this.#toggle.setAttribute('aria-expanded', String(open));
    this.#filters.classList.toggle('open', open);
  }

  // ---- Loading ---------------------------------------------------------------------------

  /** Loads the engine and the index once; later calls return the same promise. */
  #start() {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  async #load() {
    this.#setStatus('Loading the archive index…', true);
    this.#base.setAttribute('aria-busy', 'true');
    let info;
    try {
      const { openIndex } = await import(ENGINE);
      const index = await openIndex(new URL(this.getAttribute('index') ?? 'quire/', document.baseURI));
      info = await index.info();
      this.#index = index;
    } catch (error) {
      this.#fail(error);
      return;
    } finally {
      this.#base.removeAttribute('aria-busy');
    }
    this.#facetNames = new Set(info.facets.map((facet) => facet.name));
    // Parameters that turned out not to be facets belong to the page, not to the search.
    this.#state.filters = Object.fromEntries(Object.entries(this.#state.filters).filter(([name]) => this.#facetNames.has(name)));
    // The month fields offer the months of the archive.
    const years = info.facets.find((facet) => facet.name === 'year')?.values.map(([year]) => year).sort();
    const oldest = boundMonth(info.oldest ?? years?.[0] ?? '', 'from');
    const newest = boundMonth(info.newest ?? years?.at(-1) ?? '', 'to');
    if (oldest && newest) {
      for (const input of [this.#from, this.#to]) {
        input.min = oldest;
        input.max = newest;
      }
    }
    this.#syncControls();
    this.#controls.hidden = false;
    this.#filters.hidden = false;
    this.#layout.classList.add('with-filters');
    await this.#search();
  }

  /** Shows why search is unavailable, worded for visitors, with the details for developers. */
  #fail(error) {
    const kind = Object.hasOwn(FAILURES, error?.kind) ? error.kind : 'engine';
    const [title, advice] = FAILURES[kind];
    this.#failure.dataset.kind = kind;
    this.#failure.replaceChildren(
      h('p', { class: 'failure-title' }, title),
      h('p', {}, advice),
      h('details', {}, h('summary', {}, 'Technical details'), h('code', {}, String(error?.message ?? error))),
    );
    this.#failure.hidden = false;
    this.#setStatus('');
    this.#clearResults();
    // For the site's developer: the stack and the cause.
    console.error('quire-search:', error);
  }

  // ---- Searching -------------------------------------------------------------------------

  /** No query, filter or date: the archive is listed, newest first. */
  #isIdle() {
    const { q, filters, from, to } = this.#state;
    return !q.trim() && !from && !to && Object.values(filters).every((values) => !values.length);
  }

  /** @param {number} offset */
  #request(offset) {
    const { q, filters, from, to, sort } = this.#state;
    const request = {
      query: q,
      filters: Object.fromEntries(Object.entries(filters).filter(([, values]) => values.length)),
      sort,
      limit: PAGE,
      offset,
      typing: true,
    };
    if (from) request.dateFrom = from;
    if (to) request.dateTo = to;
    return request;
  }

  /**
   * Runs the current state's search and draws it, unless a newer search started meanwhile.
   * @param {{more?: boolean}} [options] `more`: append the next page to the list
   */
  async #search({ more = false } = {}) {
    if (!this.#index) return;
    const id = ++this.#searchId;
    const request = this.#request(more ? this.#shown : 0);
    let results;
    try {
      results = await this.#index.search(request, {
        // The first results of a visit can come before the facet lists: the counts follow.
        onUpdate: (complete) => {
          if (id !== this.#searchId || more) return;
          this.#results = complete;
          this.#renderFacets(complete.facets);
          this.dispatchEvent(
            new CustomEvent('quire:facets', { bubbles: true, composed: true, detail: { query: request.query, request, results: complete } }),
          );
        },
      });
    } catch (error) {
      if (id !== this.#searchId) return;
      if (error.kind !== 'query') {
        this.#fail(error);
        return;
      }
      // The only request a visitor can make invalid is a date range typed into the URL.
      this.#setStatus('This search could not run: the dates are not valid. Use the From and To fields, as year and month.');
      this.#clearResults();
      return;
    }
    if (id !== this.#searchId) return;

    const event = new CustomEvent('quire:results', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { query: request.query, request, results },
    });
    const drawList = this.dispatchEvent(event);
    // Pending counts: the list on screen (and its "Show more") keeps the last ones it had.
    this.#results = results.facetsPending ? { ...results, facets: this.#results?.facets ?? [] } : results;
    this.#failure.hidden = true;
    this.#renderStatus(results);
    if (!more) {
      // Until its counts come, the previous list stays, marked busy, rather than vanishing.
      if (results.facetsPending) this.#facetList.setAttribute('aria-busy', 'true');
      else this.#renderFacets(results.facets);
      this.#renderTimeline(results.timeline);
    }
    this.#showHits(drawList ? results.hits : [], more);
    this.#more.hidden = !drawList || this.#shown >= results.total;
    this.#renderEmpty(drawList && results.total === 0);
  }

  #renderStatus(results) {
    const query = this.#state.q.trim();
    const order = this.#state.sort === 'oldest' ? 'oldest' : 'newest';
    const { total, unmatched } = results;
    const readAs = corrected(query, results.corrections);
    let text;
    if (this.#isIdle()) {
      text = `${count(total, 'article', 'articles')} in the archive, ${order} first`;
    } else if (!query) {
      text = total ? `${count(total, 'article', 'articles')}, ${order} first` : 'No articles match these filters.';
    } else if (total === 0) {
      text = `No results for “${query}”${unmatched.length ? `: no article contains ${quoted(unmatched)}.` : '.'}`;
    } else if (results.partial) {
      // The engine left out the words that match nothing and searched for the others.
      text = `No article contains ${quoted(unmatched)}. Showing ${count(total, 'result', 'results')} for the other words.`;
    } else {
      text = `${count(total, 'result', 'results')} for “${query}”`;
      if (readAs !== query) text += ` (as “${readAs}”)`;
    }
    if (results.truncated) text += ' Only the first words of this long query were used.';
    this.#setStatus(text);

    // "Did you mean" only when it says more than the corrections already applied.
    const suggestion = query && results.suggestion && results.suggestion !== readAs ? results.suggestion : null;
    this.#suggest.hidden = !suggestion;
    if (suggestion) {
      const button = h('button', { type: 'button', class: 'link' }, suggestion);
      button.addEventListener('click', () => {
        this.#input.value = suggestion;
        this.#change({ q: suggestion });
        this.#input.focus();
      });
      this.#suggest.replaceChildren('Did you mean ', button, '?');
    }
  }

  /** Empties the list and hides everything that goes with results. */
  #clearResults() {
    this.#showHits([]);
    this.#renderTimeline([]);
    this.#more.hidden = true;
    this.#empty.hidden = true;
    this.#suggest.hidden = true;
  }

  /** What to try when nothing matched. */
  #renderEmpty(show) {
    this.#empty.hidden = !show;
    if (!show) return;
    const advice = h('ul', {});
    const { unmatched } = this.#results;
    if (unmatched.length) advice.append(h('li', {}, `Check the spelling of ${quoted(unmatched)}, or leave ${unmatched.length === 1 ? 'it' : 'them'} out.`));
    advice.append(h('li', {}, 'Use fewer words, or a shorter form of a word: the last word matches as you type.'));
    const children = [h('p', { class: 'no-results-title' }, 'Nothing in the archive matches.'), advice];
    if (!this.#clear.hidden) {
      const clear = h('button', { type: 'button', class: 'link' }, 'Clear all filters');
      clear.addEventListener('click', () => this.#change({ filters: {}, from: '', to: '' }));
      children.push(clear);
    }
    this.#empty.replaceChildren(...children);
  }

  /**
   * Draws hits as options: each hit, then its matching entries as a group of options.
   * @param {object[]} hits
   * @param {boolean} [append] add to the list rather than replace it
   */
  #showHits(hits, append = false) {
    if (!append) {
      this.#setActive(-1);
      this.#options = [];
      this.#shown = 0;
      this.#list.replaceChildren();
    }
    const fragment = document.createDocumentFragment();
    for (const hit of hits) fragment.append(this.#hitElement(hit, this.#shown++));
    this.#list.append(fragment);
    this.#expand(this.#shown > 0);
  }

  #hitElement(hit, n) {
    const id = `result-${n}`;
    const words = highlightedWords([
      [hit.title, hit.titleHighlights],
      [hit.excerpt, hit.excerptHighlights],
      ...hit.entries.map((entry) => [entry.text, entry.highlights]),
    ]);
    const href = withHighlights(safeHref(hit.url), words);
    const meta = h('span', { class: 'meta' });
    if (hit.date) meta.append(timeElement(hit.date, 'date'));
    if (hit.kind) meta.append(h('span', { class: 'kind', part: 'kind' }, hit.kind));
    const excerpt = hit.excerpt
      ? highlight(hit.excerpt, hit.excerptHighlights)
      : highlight(hit.summary);
    const link = h(
      'a',
      { class: 'hit-link', href, tabindex: '-1' },
      h('span', { class: 'title', part: 'title' }, highlight(hit.title, hit.titleHighlights)),
      meta,
      h('span', { class: 'excerpt', part: 'excerpt' }, excerpt),
    );
    const option = h('div', { id, role: 'option', class: 'option hit', 'aria-selected': 'false' }, link);
    this.#options.push({ element: option, href });
    const item = h('li', { class: 'result', part: 'result', role: 'none' }, option);

    if (hit.entries.length) {
      const group = h('ul', { class: 'entries', role: 'group', 'aria-label': `Matching entries of “${hit.title}”` });
      hit.entries.forEach((entry, k) => {
        const entryHref = withHighlights(safeHref(entry.url), highlightedWords([[entry.text, entry.highlights]]));
        const entryOption = h(
          'li',
          { id: `${id}-${k}`, role: 'option', class: 'option entry', part: 'entry', 'aria-selected': 'false' },
          h('a', { class: 'entry-link', href: entryHref, tabindex: '-1' }, ...this.#entryContent(entry)),
        );
        this.#options.push({ element: entryOption, href: entryHref });
        group.append(entryOption);
      });
      item.append(group);
    }
    return item;
  }

  /**
   * An entry's date, outlets and their leanings on one line, its text, and the people it
   * names below, muted. Outlets and leanings are listed apart: the index says which of each
   * an entry names, not which leaning belongs to which outlet.
   */
  #entryContent(entry) {
    const facets = entry.facets ?? {};
    const list = (name) => (Array.isArray(facets[name]) ? facets[name].filter((value) => typeof value === 'string' && value) : []);
    const outlets = list('outlet');
    const leanings = list('leaning');
    const people = list('person');
    const roles = list('role');
    // Hidden punctuation makes the option's name read as sentences: "30 Jan 2025, outlet:
    // Shargh, leaning: reformist. …text…. Names: …".
    const hidden = (text) => h('span', { class: 'visually-hidden' }, text);
    const head = h('span', { class: 'entry-head' }, timeElement(entry.date, 'date'));
    if (outlets.length) {
      head.append(h('span', { class: 'outlets', part: 'outlet' }, hidden(outlets.length === 1 ? ', outlet: ' : ', outlets: '), outlets.join(', ')));
    }
    if (leanings.length) {
      const badges = leanings.flatMap((leaning, i) => (i ? [hidden(', '), leaningBadge(leaning)] : [leaningBadge(leaning)]));
      head.append(h('span', { class: 'leanings' }, hidden(leanings.length === 1 ? ', leaning: ' : ', leanings: '), ...badges));
    }
    head.append(hidden('. '));
    const content = [head, h('span', { class: 'entry-text' }, highlight(entry.text, entry.highlights))];
    if (people.length) {
      const names = h('span', { class: 'people', part: 'people' }, hidden('. '), h('span', { class: 'people-label' }, 'Names'), hidden(': '), people.join(', '));
      // Their roles (people.toml), listed apart like leanings: the index does not pair them.
      if (roles.length) names.append(h('span', { class: 'roles', part: 'roles' }, hidden(roles.length === 1 ? '; role: ' : '; roles: '), roles.join(', ')));
      content.push(names);
    }
    return content;
  }

  /** Shows or hides the listbox, as the combobox's aria-expanded says. */
  #expand(open) {
    const shown = open && this.#options.length > 0;
    this.#list.hidden = !shown;
    this.#input.setAttribute('aria-expanded', String(shown));
    if (!shown) this.#setActive(-1);
  }

  #setActive(index) {
    this.#options[this.#active]?.element.setAttribute('aria-selected', 'false');
    this.#active = index;
    const option = this.#options[index];
    if (!option) {
      this.#input.removeAttribute('aria-activedescendant');
      return;
    }
    option.element.setAttribute('aria-selected', 'true');
    this.#input.setAttribute('aria-activedescendant', option.element.id);
    option.element.scrollIntoView({ block: 'nearest' });
  }

  #renderFacets(facets) {
    this.#facetList.removeAttribute('aria-busy');
    // The list is redrawn with new counts; the control that had focus gets it back.
    const focused = this.#shadow.activeElement;
    const focusKey = focused?.closest('.facet-list') ? [focused.dataset.facet, focused.dataset.value, focused.dataset.more] : null;

    const fragment = document.createDocumentFragment();
    facets.forEach((facet, f) => {
      if (!facet.values.length) return;
      const expanded = this.#expanded.has(facet.name);
      const list = h('ul', { id: `facet-${f}`, class: 'values' });
      let hidden = 0;
      facet.values.forEach((item, i) => {
        const folded = i >= FACET_PREVIEW && !item.selected;
        if (folded) hidden += 1;
        const checkbox = h('input', { type: 'checkbox', 'data-facet': facet.name, 'data-value': item.value });
        checkbox.checked = item.selected;
        list.append(
          h('li', { hidden: folded && !expanded },
            h('label', {}, checkbox, this.#facetValue(facet.name, item.value), h('span', { class: 'count' }, numberFormat.format(item.count)))),
        );
      });
      const fieldset = h('fieldset', { class: 'facet', part: 'facet' }, h('legend', {}, facet.label), list);
      if (hidden) {
        fieldset.append(
          h('button', { type: 'button', class: 'link more-values', 'data-more': facet.name, 'aria-expanded': String(expanded), 'aria-controls': list.id },
            expanded ? 'Show fewer' : `Show ${hidden} more`),
        );
      }
      fragment.append(fieldset);
    });
    this.#facetList.replaceChildren(fragment);

    if (focusKey) {
      const [facet, value, more] = focusKey;
      const control = [...this.#facetList.querySelectorAll('input, button')].find((el) =>
        more ? el.dataset.more === more : el.dataset.facet === facet && el.dataset.value === value,
      );
      control?.focus();
    }
  }

  /** A facet value as listed; leanings with the colour of their badges. */
  #facetValue(facet, value) {
    const element = h('span', { class: 'value' }, value);
    if (facet === 'leaning') element.prepend(h('span', { class: 'swatch', 'data-leaning': value, 'aria-hidden': 'true' }));
    return element;
  }

  // ---- Timeline --------------------------------------------------------------------------

  /** The bar that the date range is, exactly, if any. */
  #selectedPeriod() {
    const { from, to } = this.#state;
    return from && from === to && this.#periods.some((period) => period.key === from) ? from : null;
  }

  /** Shows the results by month, from the engine's timeline, when they span two or more. */
  #renderTimeline(timeline) {
    const { unit, periods } = periodsOf(timeline);
    this.#periods = periods;
    this.#periodUnit = unit;
    this.#timeline.hidden = periods.length < 2;
    if (this.#timeline.hidden) {
      this.#chart.replaceChildren();
      this.#drawnFor = '';
      return;
    }
    this.#timelineTitle.textContent = unit === 'year' ? 'Results by year' : 'Results by month';
    this.#drawTimeline();
  }

  /**
   * Draws the bars at the chart's width in CSS pixels, one slot per period, empty slots for
   * periods without results, years below. Redrawn only when the periods or the width change.
   */
  #drawTimeline() {
    const width = Math.floor(this.#chart.clientWidth);
    // Hidden or not laid out yet: the resize observer calls again once it is.
    if (this.#timeline.hidden || !width) return;
    const periods = this.#periods;
    const drawFor = `${width} ${periods.map((period) => `${period.key}:${period.count}`).join(' ')}`;
    if (drawFor !== this.#drawnFor) {
      this.#drawnFor = drawFor;
      // The bars are replaced: the one with focus gets it back.
      const focused = this.#shadow.activeElement?.closest?.('.period')?.dataset.period;
      this.#chart.replaceChildren(this.#bars(periods, width));
      if (focused) this.#chart.querySelector(`.period[data-period="${focused}"]`)?.focus();
    }
    this.#markBars();
  }

  /**
   * @param {Array<{key: string, count: number}>} periods
   * @param {number} width
   */
  #bars(periods, width) {
    const height = BAR_AREA + AXIS;
    const slot = width / periods.length;
    const gap = slot >= 10 ? Math.min(8, slot * 0.28) : slot >= 4 ? 1 : 0;
    const barWidth = Math.max(1, slot - gap);
    const max = Math.max(...periods.map((period) => period.count));
    const round = (n) => Math.round(n * 100) / 100;
    const chart = svg('svg', { class: 'bars', viewBox: `0 0 ${width} ${height}`, width, height, role: 'none' });
    const bars = svg('g', {});
    const axis = svg('g', { class: 'axis', 'aria-hidden': 'true' }, svg('rect', { class: 'baseline', x: 0, y: BAR_AREA, width, height: 1 }));

    // Years under their first month; the first period's year too when it has room.
    const byYear = this.#periodUnit === 'year';
    const starts = periods.flatMap((period, i) => (byYear || period.key.endsWith('-01') ? [i] : []));
    const labelWidth = 30;
    if (!byYear && starts[0] !== 0 && (starts.length === 0 || starts[0] * slot >= labelWidth + 6)) starts.unshift(0);
    let labelEnd = -Infinity;
    for (const i of starts) {
      const x = i * slot;
      if (i > 0 && !byYear) axis.append(svg('rect', { class: 'tick', x: round(x - gap / 2), y: BAR_AREA, width: 1, height: 5 }));
      if (x < labelEnd + 6 || x + labelWidth > width + 2) continue;
      axis.append(svg('text', { class: 'year', x: round(x + gap / 2), y: height - 2 }, periods[i].key.slice(0, 4)));
      labelEnd = x + labelWidth;
    }

    periods.forEach((period, i) => {
      const x = round(i * slot + gap / 2);
      if (!period.count) {
        axis.append(svg('rect', { class: 'empty', x, y: BAR_AREA - 2, width: round(barWidth), height: 2 }));
        return;
      }
      const barHeight = Math.max(3, Math.round((period.count / max) * (BAR_AREA - 6)));
      bars.append(
        svg(
          'g',
          {
            class: 'period',
            part: 'bar',
            role: 'button',
            tabindex: '-1',
            'aria-pressed': 'false',
            'aria-label': `${periodName(period.key)}: ${count(period.count, 'result', 'results')}`,
            'data-period': period.key,
            'data-count': period.count,
          },
          // The whole column takes clicks, so that a short or thin bar is easy to hit.
          svg('rect', { class: 'column', x: round(i * slot), y: 0, width: round(slot), height: BAR_AREA }),
          svg('rect', { class: 'fill', x, y: BAR_AREA - barHeight, width: round(barWidth), height: barHeight, rx: Math.min(2, barWidth / 3) }),
        ),
      );
    });
    chart.append(axis, bars);
    return chart;
  }

  /** Marks the bar of the selected month and those outside the date range; one bar is tabbable. */
  #markBars() {
    const bars = [...this.#chart.querySelectorAll('.period')];
    const selected = this.#selectedPeriod();
    const from = boundMonth(this.#state.from, 'from');
    const to = boundMonth(this.#state.to, 'to');
    const byYear = this.#periodUnit === 'year';
    for (const bar of bars) {
      const key = bar.dataset.period;
      const [first, last] = byYear ? [`${key}-01`, `${key}-12`] : [key, key];
      const inside = (!from || last >= from) && (!to || first <= to);
      bar.classList.toggle('outside', !inside);
      bar.classList.toggle('selected', key === selected);
      bar.setAttribute('aria-pressed', String(key === selected));
      bar.setAttribute('tabindex', '-1');
    }
    const tabbable = bars.find((bar) => bar.dataset.period === selected) ?? bars.find((bar) => bar.dataset.period === this.#focusPeriod) ?? bars[0];
    tabbable?.setAttribute('tabindex', '0');
    this.#chart.classList.toggle('ranged', Boolean(from || to));
    this.#allDates.hidden = !(this.#state.from || this.#state.to);
    this.#showReadout(null);
  }

  /** The readout names the bar under the pointer or focus; else the selection, or the span. */
  #showReadout(bar) {
    const periods = this.#periods;
    const focused = this.#shadow.activeElement?.closest?.('.period');
    const selected = bar ?? focused ?? this.#chart.querySelector('.period.selected');
    if (selected) this.#readout.textContent = selected.getAttribute('aria-label');
    else if (periods.length) this.#readout.textContent = `${periodName(periods[0].key, true)} – ${periodName(periods.at(-1).key, true)}`;
    else this.#readout.textContent = '';
  }

  /** A bar chosen: its period becomes the date range, or, chosen again, the range is cleared. */
  #pickPeriod(key) {
    this.#focusPeriod = key;
    if (this.#selectedPeriod() === key) this.#change({ from: '', to: '' });
    else this.#change({ from: key, to: key });
  }

  #onBarClick = (event) => {
    const bar = event.target.closest?.('.period');
    if (bar) this.#pickPeriod(bar.dataset.period);
  };

  #onBarKey = (event) => {
    const bar = event.target.closest?.('.period');
    if (!bar) return;
    const bars = [...this.#chart.querySelectorAll('.period')];
    const at = bars.indexOf(bar);
    let next;
    switch (event.key) {
      case 'ArrowLeft':
        next = bars[Math.max(0, at - 1)];
        break;
      case 'ArrowRight':
        next = bars[Math.min(bars.length - 1, at + 1)];
        break;
      case 'Home':
        next = bars[0];
        break;
      case 'End':
        next = bars.at(-1);
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.#pickPeriod(bar.dataset.period);
        return;
      default:
        return;
    }
    event.preventDefault();
    bar.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    next.focus();
    this.#focusPeriod = next.dataset.period;
  };

  #onBarHover = (event) => {
    this.#showReadout(event.target.closest?.('.period') ?? null);
  };

  #onFacetChange = (event) => {
    const { facet, value } = event.target.dataset;
    if (facet === undefined) return;
    const selected = new Set(this.#state.filters[facet] ?? []);
    if (event.target.checked) selected.add(value);
    else selected.delete(value);
    const filters = { ...this.#state.filters, [facet]: [...selected] };
    if (!selected.size) delete filters[facet];
    this.#change({ filters });
  };

  #onFacetClick = (event) => {
    const name = event.target.closest('[data-more]')?.dataset.more;
    if (name === undefined) return;
    if (!this.#expanded.delete(name)) this.#expanded.add(name);
    if (this.#results) this.#renderFacets(this.#results.facets);
  };

  // ---- Input and keys --------------------------------------------------------------------

  #typed() {
    this.#state = { ...this.#state, q: this.#input.value };
    this.#syncSort();
    this.#writeUrl('typing');
    this.#search();
  }

  /** A committed change (filter, dates, sort): a new history entry, then search. */
  #change(patch) {
    this.#state = { ...this.#state, ...patch };
    this.#syncControls();
    this.#writeUrl('commit');
    this.#search();
  }

  #onKey = (event) => {
    if (event.isComposing) return;
    switch (event.key) {
      case 'ArrowDown':
        if (!this.#options.length) return;
        event.preventDefault();
        this.#expand(true);
        this.#setActive(Math.min(this.#active + 1, this.#options.length - 1));
        break;
      case 'ArrowUp':
        if (this.#active < 0) return;
        event.preventDefault();
        this.#setActive(this.#active - 1);
        break;
      case 'Enter': {
        event.preventDefault();
        const option = this.#options[this.#active];
        if (option?.href) location.assign(option.href);
        else if (!option) this.#writeUrl('commit');
        break;
      }
      case 'Escape':
        if (this.#input.value) {
          event.preventDefault();
          this.#input.value = '';
          this.#typed();
        } else if (!this.#list.hidden) {
          event.preventDefault();
          this.#expand(false);
        }
        break;
    }
  };

  /** "/" anywhere on the page focuses the search box, unless it is typed into a field. */
  #onPageKey = (event) => {
    if (event.key !== '/' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (takesText(event.composedPath()[0])) return;
    event.preventDefault();
    this.#input.focus();
    this.#input.select();
  };

  #onPagePointer = (event) => {
    if (this.#help.open && !event.composedPath().includes(this.#help)) this.#help.open = false;
  };

  // ---- URL state -------------------------------------------------------------------------

  /** @returns {State} */
  #readUrl() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const name of new Set(params.keys())) {
      if (OWN_PARAMS.includes(name)) continue;
      const isFacet = this.#facetNames ? this.#facetNames.has(name) : !FOREIGN_PARAM.test(name);
      const values = params.getAll(name).filter(Boolean);
      if (isFacet && values.length) filters[name] = values;
    }
    const sort = params.get('sort');
    return {
      q: params.get('q') ?? '',
      filters,
      from: params.get('from') ?? '',
      to: params.get('to') ?? '',
      sort: SORTS.some(([value]) => value === sort) ? sort : 'relevance',
    };
  }

  /**
   * The page URL carrying `state`; parameters that are not the widget's are kept, after its own.
   * @param {State} state
   */
  #urlFor({ q, filters, from, to, sort }) {
    const url = new URL(location.href);
    const own = new Set([...OWN_PARAMS, ...Object.keys(this.#state.filters), ...Object.keys(filters), ...(this.#facetNames ?? [])]);
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    for (const [name, values] of Object.entries(filters)) for (const value of values) params.append(name, value);
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    if (sort !== 'relevance') params.set('sort', sort);
    for (const [name, value] of url.searchParams) if (!own.has(name)) params.append(name, value);
    url.search = params.toString();
    return url;
  }

  /**
   * Records the state in the URL. Typing adds one history entry for a run of keystrokes and
   * then replaces it, so Back returns to what was there before; a commit adds an entry.
   * @param {'typing'|'commit'} mode
   */
  #writeUrl(mode) {
    const url = this.#urlFor(this.#state);
    if (url.href !== location.href) {
      if (mode === 'typing' && this.#typingEntry) history.replaceState(history.state, '', url);
      else history.pushState({ quire: mode }, '', url);
    }
    this.#typingEntry = mode === 'typing';
  }

  #onPopState = (event) => {
    this.#typingEntry = event.state?.quire === 'typing';
    const state = this.#readUrl();
    if (this.#urlFor(state).href === this.#urlFor(this.#state).href) return;
    this.#state = state;
    this.#syncControls();
    if (this.#index) this.#search();
    else if (!this.#isIdle()) this.#start();
  };
}

if (!customElements.get('quire-search')) customElements.define('quire-search', QuireSearch);
