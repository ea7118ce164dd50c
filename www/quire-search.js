/**
 * `<quire-search>`: a search box and archive browser for a Quire index, searched in the
 * browser by WebAssembly.
 *
 * ```html
 * <script type="module" src="/quire-search.js"></script>
 * <quire-search index="/quire/"></quire-search>
 * ```
 *
 * Attributes:
 * - `index`: the folder holding `quire.json`, relative to the page (default `quire/`).
 *   Changing it on a live element opens that index instead (the old one's pending work is
 *   cancelled) and runs the current search on it.
 * - `browse`, `fixed-filters`, `hide-facets`, `split`: see `quire-options.js` (browsing the
 *   newest articles on load, filters the page stands for, which facets show, the split bar).
 * - `strings`: the URL of a JSON file of words to use instead of the widget's own (see
 *   `quire-strings.js`); the `strings` property takes the same object from script. The
 *   language is the element's (`lang`, inherited): Persian (`fa`) is shipped
 *   (`quire-strings-fa.js`), and `dir="rtl"` lays the widget out right to left.
 *
 * Events (all bubble and cross the shadow boundary):
 * - `quire:results` (cancelable), after each search, with `detail: {query, request,
 *   results}`. Calling `preventDefault()` on it stops the widget from drawing its own result
 *   list, for a page that draws its own. The first results of a visit may come before the
 *   facet lists (`results.facetsPending`, no `facets`): event `quire:facets`, with the same
 *   `detail` and the counts, follows when they arrive.
 * - `quire:partial` (cancelable), when a new query's first hits (those found without typo
 *   lookups) come before its answer, with the same `detail` (`results.total` counting only
 *   them): the widget shows them at once, its status saying more may come, and appends the
 *   answer's further hits below them, never moving a row shown; `preventDefault()` keeps it
 *   from drawing them. `quire:results` follows with the complete results.
 * - `quire:select` (cancelable), when a reader opens a result or an entry (click, or Enter),
 *   with `detail: {url, id, anchor, rank, query}`, for a site's analytics; `preventDefault()`
 *   keeps the link from being followed (a page that routes itself).
 *
 * Styling: the CSS custom properties documented at the top of `quire-search.css`, and
 * `::part()` on `input`, `results`, `result`, `title`, `kind`, `excerpt`, `entry`, `mark`,
 * `outlet`, `leaning` (and `leaning-<value>`, e.g. `leaning-reformist`), `people`, `roles`,
 * `timeline`, `bar`, `split`, `split-key`, `chips`, `chip`, `facets`, `facet`, `status`,
 * `suggest`, `error`, `help`, `sort`, `filters-toggle`, `drawer`, `drawer-close`,
 * `drawer-show`, `more`.
 *
 * Above the results: a histogram of them by month (by year for archives spanning decades),
 * whose bars filter to their month; the split of the results by leaning, whose parts filter
 * to their leaning; and a removable chip per active filter. Each entry under a result names
 * its outlets, their political leaning, the people it names with their roles.
 *
 * Links to results on the same site carry the words highlighted in them, as
 * `quire-highlight` parameters before the hash (`/edition/?quire-highlight=Zarif#2025-01-30-2`),
 * for `quire-highlight.js` on the article page to find and mark.
 *
 * The search state lives in the page URL (`?q=…&kind=Analysis&from=2025-01&to=2025-05&sort=newest`):
 * a run of typing adds one history entry and then replaces it; changing a filter, the dates or
 * the sort adds one.
 *
 * Every piece of index data reaches the page through `textContent`, Text nodes and attribute
 * values, never through markup, and links only keep http(s) URLs: the index is data from
 * authors, not code. No style is set from script, so the widget runs under `style-src 'self'`.
 *
 * This module is the element: its state, lifecycle and the trip of a search. Its parts live
 * beside it: `quire-url-state.js` (the state and the URL), `quire-options.js` (its
 * attributes), `quire-strings.js` (its words), `quire-messages.js` (what it says), the views
 * `quire-searchbox.js`, `quire-results.js`, `quire-facets.js`, `quire-drawer.js`,
 * `quire-timeline.js`, `quire-split.js`, `quire-chips.js` and `quire-notices.js`, `quire-dom.js` (building DOM
 * from untrusted data), and `quire-engine.js`, loaded on first use, with `quire-worker.js`
 * and `pkg/`.
 * @module quire-search
 */

import { chipsFor, ChipBar } from './quire-chips.js';
import { h, takesText } from './quire-dom.js';
import { Drawer } from './quire-drawer.js';
import { KINDS } from './quire-errors.js';
import { FiltersPanel } from './quire-facets.js';
import { countsOf, FAILURES, statusText, suggestionFor, unitsText } from './quire-messages.js';
import { Notices } from './quire-notices.js';
import { browseMode, fixedFilters, hiddenFacets, showsFacet, splitFacet } from './quire-options.js';
import { ResultList } from './quire-results.js';
import { focusesSearch, searchBox } from './quire-searchbox.js';
import { SplitBar } from './quire-split.js';
import { Strings, stringTables } from './quire-strings.js';
import { Timeline } from './quire-timeline.js';
import { activeFilters, boundMonth, clip, emptyState, isIdle, MAX_QUERY_LENGTH, onlyFacets, readState, requestFor, SORTS, writeState } from './quire-url-state.js';

const STYLESHEET = new URL('./quire-search.css', import.meta.url).href;
const ENGINE = new URL('./quire-engine.js', import.meta.url).href;

/** Results per page; "Show more" fetches the next. Ten, not more: each hit shown costs its
 * display record, fetched per keystroke while typing (on a slow line, bytes are time). */
const PAGE = 10;
const SORT_KEYS = { relevance: 'sortRelevance', newest: 'sortNewest', oldest: 'sortOldest' };

/**
 * Whether `hits` begin with `first`, the same articles in the same order: the answer to a
 * first page the engine sent (it always does; were it not so, the list is drawn afresh).
 * @param {{id: string}[]} hits
 * @param {{id: string}[]} first
 */
function startsWith(hits, first) {
  return first.length <= hits.length && first.every((hit, i) => hit.id === hits[i].id);
}

/** The `<quire-search>` element. */
export class QuireSearch extends HTMLElement {
  static observedAttributes = ['index', 'strings', 'lang', 'fixed-filters', 'hide-facets', 'split'];

  #shadow = this.attachShadow({ mode: 'open' });
  /** @type {import('./quire-url-state.js').State} */
  #state = emptyState();
  /** Set on the first start; the load then runs once per element (and per `index`). */
  #loading = null;
  /** Counts loads: one that a change of `index` superseded stops where it is. */
  #generation = 0;
  #index = null;
  /** Facet names of the index, once loaded: until then any parameter may be a filter. */
  #facetNames = null;
  /** The index's label of each facet. */
  #labels = new Map();
  /** The archive's first and last month, for the date fields. */
  #months = null;
  /** Incremented per search: an answer for an older id is dropped. */
  #searchId = 0;
  /** Cancels the latest search: a newer one supersedes it, and the engine stops its fetching. */
  #pending = null;
  /** The last results drawn, and whether the list was drawn (see `quire:results`). */
  #results = null;
  /** The last failure shown, redrawn in new words. */
  #failed = null;
  /** Whether the current history entry was made by typing (then typing replaces it). */
  #typingEntry = false;
  /** Starts browsing when the widget comes into view (`browse="newest"`). */
  #viewObserver = null;

  /** The words; the overrides set from script; the count of string loads (the last wins). */
  #t = new Strings();
  #overrides = null;
  #stringsLoad = 0;
  /** What must arrive before the widget is shown: its stylesheet and its words. */
  #waiting = new Set(['sheet', 'strings']);

  #base;
  #input;
  #field;
  #help;
  #status;
  /** @type {Notices} */
  #notices;
  #controls;
  #sort;
  #toggle;
  #layout;
  #more;
  /** @type {ResultList} */
  #list;
  /** @type {FiltersPanel} */
  #filters;
  /** @type {Drawer} */
  #drawer;
  /** @type {Timeline} */
  #timeline;
  /** @type {SplitBar} */
  #split;
  /** @type {ChipBar} */
  #chips;

  constructor() {
    super();
    const sheet = h('link', { rel: 'stylesheet', href: STYLESHEET });
    // Shown once styled and worded, so that visitors never see bare controls or a flash of
    // another language.
    const styled = () => this.#ready('sheet');
    sheet.addEventListener('load', styled, { once: true });
    sheet.addEventListener('error', styled, { once: true });
    this.#shadow.append(sheet);
    this.#build();
  }

  connectedCallback() {
    // A `strings` property set before the element was defined is an own property: take it.
    if (Object.hasOwn(this, 'strings')) {
      const value = this.strings;
      delete this.strings;
      this.#overrides = value;
    }
    this.#state = this.#readUrl();
    this.#syncControls();
    window.addEventListener('popstate', this.#onPopState);
    document.addEventListener('keydown', this.#onPageKey);
    document.addEventListener('pointerdown', this.#onPagePointer);
    visualViewport?.addEventListener('resize', this.#onViewport);
    this.#timeline.connect();
    this.#loadStrings();
    // A shared link or a reload shows its results without waiting for a click; an archive
    // page shows its newest articles once the widget is in view.
    if (!isIdle(this.#state)) this.#start();
    else if (browseMode(this.getAttribute('browse')) === 'newest') this.#startInView();
  }

  disconnectedCallback() {
    window.removeEventListener('popstate', this.#onPopState);
    document.removeEventListener('keydown', this.#onPageKey);
    document.removeEventListener('pointerdown', this.#onPagePointer);
    visualViewport?.removeEventListener('resize', this.#onViewport);
    this.#timeline.disconnect();
    this.#viewObserver?.disconnect();
    this.#viewObserver = null;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    switch (name) {
      case 'index':
        // A new `index` on an element that has loaded one (or is loading it): opens the new one.
        if (this.#loading) this.#reopen();
        break;
      case 'strings':
      case 'lang':
        if (this.isConnected) this.#loadStrings();
        break;
      case 'fixed-filters':
        this.#state = { ...this.#state, filters: this.#withoutFixed(this.#state.filters) };
        this.#syncControls();
        this.#search();
        break;
      default:
        // Which facets show, and the split: redrawn from the last results.
        if (this.#results) this.#drawFacets(this.#results);
    }
  }

  /** Words that replace the widget's own (see `quire-strings.js`), over those of its language. */
  get strings() {
    return this.#overrides;
  }

  set strings(value) {
    this.#overrides = value;
    if (this.isConnected) this.#loadStrings();
  }

  /** Focuses the search box (and so starts loading the index). */
  focus(options) {
    this.#input.focus(options);
  }

  // ---- Words -----------------------------------------------------------------------------

  /** The page fixes these filters (`fixed-filters`). */
  get #fixed() {
    return fixedFilters(this.getAttribute('fixed-filters'));
  }

  /** `filters` without the facets the page fixes. */
  #withoutFixed(filters) {
    const fixed = this.#fixed;
    return Object.fromEntries(Object.entries(filters).filter(([name]) => !Object.hasOwn(fixed, name)));
  }

  #labelOf = (name) => this.#t.facetLabel(name, this.#labels.get(name));

  /**
   * Loads the words: the language's table, the `strings` file, the `strings` property, over
   * English; redraws the widget in them.
   */
  async #loadStrings() {
    const load = ++this.#stringsLoad;
    const tables = await stringTables({
      lang: this.closest('[lang]')?.getAttribute('lang') ?? '',
      file: this.getAttribute('strings') && new URL(this.getAttribute('strings'), document.baseURI),
      overrides: this.#overrides,
    });
    if (load !== this.#stringsLoad) return;
    const t = new Strings(...tables);
    if (t.ignored.length) console.warn(`quire-search: strings ignored (an unknown key, or not the shape of the English one): ${t.ignored.join(', ')}`);
    if (tables.length || this.#t.locale !== 'en') {
      this.#t = t;
      this.#rebuild();
    }
    this.#ready('strings');
  }

  /** One of the things the widget waits for has come: shown once all have. */
  #ready(what) {
    this.#waiting.delete(what);
    if (!this.#waiting.size) this.#base.removeAttribute('hidden');
  }

  // ---- DOM -------------------------------------------------------------------------------

  #build() {
    const t = this.#t;
    this.#base = h('div', { class: 'quire', part: 'base', hidden: this.#waiting.size > 0 });
    this.#base.setAttribute('lang', t.locale);

    const box = searchBox(t);
    this.#input = box.input;
    this.#help = box.help;
    this.#field = box.element.querySelector('.field');
    this.#input.addEventListener('focus', this.#onFocus);
    this.#input.addEventListener('pointerdown', () => this.#start());
    this.#input.addEventListener('input', () => this.#typed());
    this.#input.addEventListener('keydown', this.#onKey);

    this.#status = h('p', { id: 'status', class: 'status', part: 'status', role: 'status' }, t.text('idle'));
    this.#sort = h('select', { id: 'sort', part: 'sort' }, ...SORTS.map((value) => h('option', { value }, t.text(SORT_KEYS[value]))));
    this.#sort.addEventListener('change', () => this.#change({ sort: this.#sort.value }));
    this.#toggle = h('button', { type: 'button', class: 'filters-toggle', part: 'filters-toggle', 'aria-expanded': 'false', 'aria-haspopup': 'dialog' }, t.text('filters'));
    this.#toggle.addEventListener('click', () => this.#drawer.openFrom(this.#toggle));
    this.#controls = h('div', { class: 'controls', hidden: true }, this.#toggle, h('label', { class: 'sort' }, t.text('sort'), ' ', this.#sort));
    const bar = h('div', { class: 'bar' }, this.#status, this.#controls);
    this.#notices = new Notices(t, {
      onSuggestion: (suggestion) => {
        this.#input.value = suggestion;
        this.#change({ q: suggestion });
        this.#input.focus();
      },
      onClearFilters: () => this.#change({ filters: {}, from: '', to: '' }),
    });

    this.#filters = new FiltersPanel((patch) => this.#change(patch), t);
    this.#drawer = new Drawer(this.#filters.element, t, (open) => this.#toggle.setAttribute('aria-expanded', String(open)));
    this.#timeline = new Timeline((range) => this.#change(range), t);
    this.#split = new SplitBar(this.#onSplit, t);
    this.#chips = new ChipBar((patch) => this.#change(patch), t);
    this.#list = new ResultList(this.#input, t, this.#onSelect);
    this.#more = h('button', { type: 'button', class: 'more', part: 'more', hidden: true }, t.text('more'));
    this.#more.addEventListener('click', () => this.#search({ more: true }));
    const main = h('div', { class: 'main' }, this.#timeline.element, this.#split.element, this.#chips.element, this.#list.element, this.#notices.empty, this.#more);
    this.#layout = h('div', { class: 'layout' }, this.#filters.element, main);

    this.#base.append(box.element, bar, this.#notices.suggest, this.#notices.failure, this.#layout, this.#drawer.element);
    this.#shadow.append(this.#base);
  }

  /** Builds the widget again in new words, with what it showed. */
  #rebuild() {
    const old = this.#base;
    const focused = this.#shadow.activeElement === this.#input;
    this.#drawer.close();
    this.#timeline.disconnect();
    old.remove();
    this.#build();
    if (this.isConnected) this.#timeline.connect();
    if (this.#index) this.#showControls(true);
    if (this.#months) this.#filters.setMonths(...this.#months);
    this.#syncControls();
    if (this.#failed) this.#fail(this.#failed, false);
    else if (this.#loading && !this.#index) this.#setStatus(this.#t.text('loading'), true);
    // The results are searched again (the engine has what they need): the list, its pages
    // and the counts come back in the new words.
    if (this.#index) this.#search();
    if (focused) this.#input.focus({ preventScroll: true });
  }

  /** Puts the state into the controls that show it (after a URL change). */
  #syncControls() {
    const { q, from, to } = this.#state;
    if (this.#input.value !== q) this.#input.value = q;
    this.#syncSort();
    this.#filters.sync(this.#state);
    const active = activeFilters(this.#state);
    this.#toggle.textContent = active ? this.#t.text('filtersCount', { n: this.#t.number(active) }) : this.#t.text('filters');
    this.#timeline.setRange(from, to);
    if (this.#chips.show(chipsFor(this.#state, this.#t, this.#labelOf))) this.#input.focus();
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

  /** Shows (or hides) the sort, the filters and their toggle: they need a loaded index. */
  #showControls(shown) {
    this.#controls.hidden = !shown;
    this.#filters.element.hidden = !shown;
    this.#layout.classList.toggle('with-filters', shown);
  }

  /** Whether the layout is the narrow one (filters in a drawer), as the stylesheet decides. */
  #narrow() {
    return getComputedStyle(this.#toggle).display !== 'none';
  }

  // ---- Loading ---------------------------------------------------------------------------

  /** Loads the engine and the index once; later calls return the same promise. */
  #start() {
    this.#viewObserver?.disconnect();
    this.#viewObserver = null;
    this.#loading ??= this.#load(++this.#generation);
    return this.#loading;
  }

  /** Starts browsing once the widget is (nearly) in view. */
  #startInView() {
    if (this.#loading || this.#viewObserver) return;
    if (typeof IntersectionObserver !== 'function') {
      this.#start();
      return;
    }
    this.#viewObserver = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.#start();
    }, { rootMargin: '200px' });
    this.#viewObserver.observe(this);
  }

  /** @param {number} generation this load's number: a later one supersedes it */
  async #load(generation) {
    this.#setStatus(this.#t.text('loading'), true);
    this.#base.setAttribute('aria-busy', 'true');
    let index;
    let info;
    try {
      const { openIndex } = await import(ENGINE);
      index = await openIndex(new URL(this.getAttribute('index') ?? 'quire/', document.baseURI));
      info = await index.info();
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#base.removeAttribute('aria-busy');
      // What an earlier index showed goes too (after a change of `index`).
      this.#showControls(false);
      this.#fail(error);
      return;
    }
    if (generation !== this.#generation) return;
    this.#base.removeAttribute('aria-busy');
    this.#index = index;
    this.#failed = null;
    this.#facetNames = new Set(info.facets.map((facet) => facet.name));
    this.#labels = new Map(info.facets.map((facet) => [facet.name, facet.label]));
    // Parameters that turned out not to be facets belong to the page, not to the search.
    this.#state = { ...this.#state, filters: this.#withoutFixed(onlyFacets(this.#state.filters, this.#facetNames)) };
    // The date fields show the months of the archive.
    const years = info.facets.find((facet) => facet.name === 'year')?.values.map(([year]) => year).sort();
    const oldest = boundMonth(info.oldest ?? years?.[0] ?? '', 'from');
    const newest = boundMonth(info.newest ?? years?.at(-1) ?? '', 'to');
    this.#months = oldest && newest ? [oldest, newest] : null;
    if (this.#months) this.#filters.setMonths(...this.#months);
    this.#syncControls();
    this.#showControls(true);
    await this.#search();
  }

  /**
   * Opens the index the `index` attribute now names: the search in progress is cancelled,
   * the old index dropped, and the current state searched on the new one once it is loaded.
   */
  #reopen() {
    this.#pending?.abort();
    this.#pending = null;
    this.#searchId += 1;
    this.#index = null;
    this.#facetNames = null;
    this.#loading = null;
    this.#notices.clearFailure();
    this.#start();
  }

  /**
   * Shows why search is unavailable, in place of the results.
   * @param {boolean} [log] report it on the console (once, not on a redraw)
   */
  #fail(error, log = true) {
    this.#failed = error;
    this.#notices.fail(error);
    this.#setStatus('');
    this.#clearResults();
    // For the site's developer: the stack and the cause.
    if (log) console.error('quire-search:', error);
  }

  // ---- Searching -------------------------------------------------------------------------

  /**
   * Runs the current state's search and draws it, unless a newer search started meanwhile;
   * the search before this one is cancelled.
   * @param {{more?: boolean}} [options] `more`: append the next page to the list
   */
  async #search({ more = false } = {}) {
    const index = this.#index;
    if (!index) return;
    const id = ++this.#searchId;
    this.#pending?.abort();
    const pending = new AbortController();
    this.#pending = pending;
    const page = { offset: more ? this.#list.shown : 0, limit: PAGE };
    const request = requestFor(this.#state, page, this.#fixed, this.closest('[lang]')?.getAttribute('lang') ?? '');
    let results;
    /** The hits of a first page drawn before the answer (see `#showPartial`). */
    let drawnFirst = null;
    try {
      results = await index.search(request, {
        signal: pending.signal,
        // A new query's exact hits before its typo lookups end: shown at once, the answer
        // appending below them.
        onPartial: more
          ? undefined
          : (first) => {
              if (id === this.#searchId) drawnFirst = this.#showPartial(request, first);
            },
        // The first results of a visit can come before the facet lists: the counts follow.
        onUpdate: (complete) => {
          if (id !== this.#searchId || more) return;
          this.#results = complete;
          // With the counts come what they count (`unit`, `entryTotal`, `articleTotal`)
          // and, for an index with entries, the timeline: the status line and the timeline
          // are redrawn too.
          this.#drawFacets(complete);
          this.#renderStatus(complete);
          this.#timeline.show(complete.timeline, countsOf(complete).unit);
          this.dispatchEvent(
            new CustomEvent('quire:facets', { bubbles: true, composed: true, detail: { query: request.query, request, results: complete } }),
          );
        },
      });
    } catch (error) {
      // Superseded (and so cancelled) by a newer search: nothing to say.
      if (id !== this.#searchId) return;
      if (error.kind !== KINDS.query) {
        this.#fail(error);
        return;
      }
      const [title, advice] = FAILURES[KINDS.query];
      this.#setStatus(`${this.#t.text(title)} ${this.#t.text(advice)}`);
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
    this.#notices.clearFailure();
    this.#renderStatus(results);
    if (!more) {
      // Until its counts come, the previous lists stay, marked busy, rather than vanishing;
      // if they cannot come, the panel says so (and the console why).
      if (results.facetsPending) {
        this.#filters.busy();
        index.facetsReady.catch((error) => {
          if (id !== this.#searchId) return;
          console.error('quire-search: the filter lists could not be loaded:', error);
          this.#filters.unavailable(this.#t.text('filtersUnavailable'));
        });
      } else this.#drawFacets(results);
      // An engine that counts entries sends the timeline with the counts (see onUpdate).
      if (!results.facetsPending || results.timeline.length) this.#timeline.show(results.timeline, countsOf(results).unit);
    }
    if (drawnFirst && drawList && startsWith(results.hits, drawnFirst)) {
      this.#list.show(results.hits.slice(drawnFirst.length), true);
    } else this.#list.show(drawList ? results.hits : [], more);
    // The last page is the one that fills no page, whatever `total` counts.
    this.#more.hidden = !drawList || this.#list.shown >= results.total || results.hits.length < PAGE;
    this.#notices.showEmpty(drawList && results.total === 0 ? { unmatched: results.unmatched ?? [], filtered: activeFilters(this.#state) > 0 } : null);
  }

  /**
   * Draws a first page of hits before the answer (the engine's `onPartial`), the status line
   * saying that more may come; returns the hits drawn, or null when the page drew them
   * itself (`quire:partial` prevented).
   */
  #showPartial(request, first) {
    const event = new CustomEvent('quire:partial', {
      bubbles: true,
      composed: true,
      cancelable: true,
      detail: { query: request.query, request, results: first },
    });
    if (!this.dispatchEvent(event)) return null;
    this.#notices.clearFailure();
    this.#notices.showEmpty(null);
    this.#setStatus(this.#t.text('lookingForMore', { text: statusText(this.#state, first, this.#t, this.#labelOf) }), true);
    this.#list.show(first.hits);
    this.#more.hidden = true;
    return first.hits;
  }

  /** The facets panel, the split bar and the drawer's count, for a search's counts. */
  #drawFacets(results) {
    const counts = countsOf(results);
    const total = counts.unit === 'entries' ? counts.entries + counts.plain : counts.articles;
    const hidden = hiddenFacets(this.getAttribute('hide-facets'));
    const fixed = Object.keys(this.#fixed);
    this.#filters.show(results.facets ?? [], (facet) => showsFacet(facet, hidden, fixed, total), counts.unit);
    const split = splitFacet(this.getAttribute('split'));
    if (split && !fixed.includes(split)) this.#split.show(results.facets ?? [], split, counts.unit);
    else this.#split.show([], '', counts.unit);
  }

  #renderStatus(results) {
    const t = this.#t;
    this.#setStatus(statusText(this.#state, results, t, this.#labelOf));
    const counts = countsOf(results);
    const show = counts.unit !== 'entries' ? t.count('showResults', counts.articles) : counts.plain ? t.text('showUnits', { units: unitsText(counts, t) }) : t.count('showEntries', counts.entries);
    this.#drawer.setShowText(show);
    this.#notices.showSuggestion(suggestionFor(this.#state, results));
  }

  /** Empties the list and hides everything that goes with results. */
  #clearResults() {
    this.#list.show([]);
    this.#timeline.show([]);
    this.#split.show([], '', 'articles');
    this.#more.hidden = true;
    this.#notices.showEmpty(null);
    this.#notices.showSuggestion(null);
  }

  // ---- Input, keys and choices -----------------------------------------------------------

  #typed() {
    // `maxlength` stops typing and pasting; a script setting the value is cut here.
    if (this.#input.value.length > MAX_QUERY_LENGTH) this.#input.value = clip(this.#input.value, MAX_QUERY_LENGTH);
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

  /** A part of the split bar: its value becomes the filter of its facet, or, again, is dropped. */
  #onSplit = (value, selected) => {
    const name = splitFacet(this.getAttribute('split'));
    if (!name) return;
    const filters = { ...this.#state.filters };
    const rest = (filters[name] ?? []).filter((other) => other !== value);
    if (!selected) filters[name] = [value];
    else if (rest.length) filters[name] = rest;
    else delete filters[name];
    this.#change({ filters });
  };

  /** A result or entry opened: the page is told, and may take over (then false). */
  #onSelect = (selection) =>
    this.dispatchEvent(
      new CustomEvent('quire:select', { bubbles: true, composed: true, cancelable: true, detail: { ...selection, query: this.#state.q.trim() } }),
    );

  /** Focus starts the index loading; on a phone the box goes to the top, above the keyboard. */
  #onFocus = () => {
    this.#start();
    this.#keepBoxInView();
  };

  #onViewport = () => {
    if (this.#shadow.activeElement === this.#input) this.#keepBoxInView();
  };

  /** On narrow screens, scrolls the search box to the top of the screen: the results follow it. */
  #keepBoxInView() {
    if (!this.#narrow()) return;
    const top = this.#field.getBoundingClientRect().top;
    if (top < 0 || top > 16) this.#field.scrollIntoView({ block: 'start' });
  }

  /** The combobox's keys: the list's own (arrows, Enter on an option), then Enter and Escape. */
  #onKey = (event) => {
    if (event.isComposing || this.#list.onKey(event)) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      this.#writeUrl('commit');
    } else if (event.key === 'Escape') {
      if (this.#input.value) {
        event.preventDefault();
        this.#input.value = '';
        this.#typed();
      } else if (!this.#list.element.hidden) {
        event.preventDefault();
        this.#list.expand(false);
      }
    }
  };

  /** "/" (unless typed into a field) and Ctrl+K or ⌘K focus the box; with several widgets, the first. */
  #onPageKey = (event) => {
    if (!focusesSearch(event, takesText(event.composedPath()[0]))) return;
    event.preventDefault();
    this.#input.focus();
    this.#input.select();
  };

  #onPagePointer = (event) => {
    // The tips cover the results: a click elsewhere puts them away (as does Escape).
    if (this.#help.open && !event.composedPath().includes(this.#help)) this.#help.open = false;
  };

  // ---- URL state -------------------------------------------------------------------------

  #readUrl() {
    const state = readState(location.search, this.#facetNames);
    return { ...state, filters: this.#withoutFixed(state.filters) };
  }

  /**
   * The page URL carrying `state`; parameters that are not the widget's are kept, after its own.
   * @param {import('./quire-url-state.js').State} state
   */
  #urlFor(state) {
    const url = new URL(location.href);
    const claimed = [...Object.keys(this.#state.filters), ...(this.#facetNames ?? [])].filter((name) => !Object.hasOwn(this.#fixed, name));
    url.search = writeState(state, url.searchParams, claimed).toString();
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
    else if (!isIdle(this.#state)) this.#start();
  };
}

if (!customElements.get('quire-search')) customElements.define('quire-search', QuireSearch);
