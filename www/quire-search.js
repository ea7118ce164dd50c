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
 * Changing it on a live element opens that index instead (the old one's pending work is
 * cancelled) and runs the current search on it.
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
 *
 * This module is the element: its state, lifecycle and the trip of a search. Its parts live
 * beside it: `quire-url-state.js` (the state and the URL, pure), `quire-messages.js` (what it
 * says), `quire-results.js`, `quire-facets.js` and `quire-timeline.js` (its views),
 * `quire-dom.js` (building DOM from untrusted data), and `quire-engine.js`, loaded on first
 * use, with `quire-worker.js` and `pkg/`.
 * @module quire-search
 */

import { h, svg, takesText } from './quire-dom.js';
import { KINDS } from './quire-errors.js';
import { FiltersPanel } from './quire-facets.js';
import { FAILURES, FILTERS_UNAVAILABLE, noResultsAdvice, statusText, suggestionFor, TIPS } from './quire-messages.js';
import { ResultList } from './quire-results.js';
import { Timeline } from './quire-timeline.js';
import { activeFilters, boundMonth, clip, emptyState, isIdle, MAX_QUERY_LENGTH, onlyFacets, readState, requestFor, SORTS, writeState } from './quire-url-state.js';

const STYLESHEET = new URL('./quire-search.css', import.meta.url).href;
const ENGINE = new URL('./quire-engine.js', import.meta.url).href;

/** Results per page; "Show more" fetches the next. */
const PAGE = 20;
const SORT_LABELS = { relevance: 'Relevance', newest: 'Newest', oldest: 'Oldest' };

/** The `<quire-search>` element. */
export class QuireSearch extends HTMLElement {
  static observedAttributes = ['index'];

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
  /** Incremented per search: an answer for an older id is dropped. */
  #searchId = 0;
  /** Cancels the latest search: a newer one supersedes it, and the engine stops its fetching. */
  #pending = null;
  /** The last results drawn. */
  #results = null;
  /** Whether the current history entry was made by typing (then typing replaces it). */
  #typingEntry = false;

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
  #empty;
  #more;
  /** @type {ResultList} */
  #list;
  /** @type {FiltersPanel} */
  #filters;
  /** @type {Timeline} */
  #timeline;

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
    this.#timeline.connect();
    // A shared link or a reload shows its results without waiting for a click.
    if (!isIdle(this.#state)) this.#start();
  }

  disconnectedCallback() {
    window.removeEventListener('popstate', this.#onPopState);
    document.removeEventListener('keydown', this.#onPageKey);
    document.removeEventListener('pointerdown', this.#onPagePointer);
    this.#timeline.disconnect();
  }

  /** A new `index` on an element that has loaded one (or is loading it): opens the new one. */
  attributeChangedCallback(name, old, value) {
    if (name !== 'index' || old === value || !this.#loading) return;
    this.#reopen();
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
      maxlength: String(MAX_QUERY_LENGTH),
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
    this.#sort = h('select', { id: 'sort', part: 'sort' }, ...SORTS.map((value) => h('option', { value }, SORT_LABELS[value])));
    this.#sort.addEventListener('change', () => this.#change({ sort: this.#sort.value }));
    this.#toggle = h('button', { type: 'button', class: 'filters-toggle', part: 'filters-toggle', 'aria-expanded': 'false', 'aria-controls': 'filters' }, 'Filters');
    this.#toggle.addEventListener('click', () => this.#openFilters(this.#toggle.getAttribute('aria-expanded') !== 'true'));
    this.#controls = h('div', { class: 'controls', hidden: true }, this.#toggle, h('label', { class: 'sort' }, 'Sort ', this.#sort));
    const bar = h('div', { class: 'bar' }, this.#status, this.#controls);
    this.#suggest = h('p', { class: 'suggest', part: 'suggest', hidden: true });

    this.#failure = h('div', { class: 'failure', part: 'error', role: 'alert', hidden: true });

    this.#filters = new FiltersPanel((patch) => this.#change(patch));
    this.#timeline = new Timeline((range) => this.#change(range));
    this.#list = new ResultList(this.#input);
    this.#empty = h('div', { class: 'no-results', hidden: true });
    this.#more = h('button', { type: 'button', class: 'more', part: 'more', hidden: true }, 'Show more results');
    this.#more.addEventListener('click', () => this.#search({ more: true }));
    this.#layout = h('div', { class: 'layout' }, this.#filters.element, h('div', { class: 'main' }, this.#timeline.element, this.#list.element, this.#empty, this.#more));

    const keys = h('p', { id: 'keys', class: 'visually-hidden' }, 'Results appear as you type. Use the up and down arrow keys to move through them, Enter to open one, Escape to clear.');
    this.#base.append(search, keys, bar, this.#suggest, this.#failure, this.#layout);
    this.#shadow.append(sheet, this.#base);
  }

  /** Puts the state into the controls that show it (after a URL change). */
  #syncControls() {
    const { q, from, to } = this.#state;
    if (this.#input.value !== q) this.#input.value = q;
    this.#syncSort();
    this.#filters.sync(this.#state);
    const active = activeFilters(this.#state);
    this.#toggle.textContent = active ? `Filters (${active})` : 'Filters';
    this.#timeline.setRange(from, to);
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
    this.#filters.setOpen(open);
  }

  // ---- Loading ---------------------------------------------------------------------------

  /** Loads the engine and the index once; later calls return the same promise. */
  #start() {
    this.#loading ??= this.#load(++this.#generation);
    return this.#loading;
  }

  /** @param {number} generation this load's number: a later one supersedes it */
  async #load(generation) {
    this.#setStatus('Loading the archive index…', true);
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
      this.#controls.hidden = true;
      this.#filters.element.hidden = true;
      this.#layout.classList.remove('with-filters');
      this.#fail(error);
      return;
    }
    if (generation !== this.#generation) return;
    this.#base.removeAttribute('aria-busy');
    this.#index = index;
    this.#facetNames = new Set(info.facets.map((facet) => facet.name));
    // Parameters that turned out not to be facets belong to the page, not to the search.
    this.#state = { ...this.#state, filters: onlyFacets(this.#state.filters, this.#facetNames) };
    // The month fields offer the months of the archive.
    const years = info.facets.find((facet) => facet.name === 'year')?.values.map(([year]) => year).sort();
    const oldest = boundMonth(info.oldest ?? years?.[0] ?? '', 'from');
    const newest = boundMonth(info.newest ?? years?.at(-1) ?? '', 'to');
    if (oldest && newest) this.#filters.setMonths(oldest, newest);
    this.#syncControls();
    this.#controls.hidden = false;
    this.#filters.element.hidden = false;
    this.#layout.classList.add('with-filters');
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
    this.#failure.hidden = true;
    this.#start();
  }

  /** Shows why search is unavailable, worded for visitors, with the details for developers. */
  #fail(error) {
    const kind = Object.hasOwn(FAILURES, error?.kind) ? error.kind : KINDS.engine;
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
    const request = requestFor(this.#state, { offset: more ? this.#list.shown : 0, limit: PAGE });
    let results;
    try {
      results = await index.search(request, {
        signal: pending.signal,
        // The first results of a visit can come before the facet lists: the counts follow.
        onUpdate: (complete) => {
          if (id !== this.#searchId || more) return;
          this.#results = complete;
          this.#filters.show(complete.facets);
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
      this.#setStatus(FAILURES[KINDS.query].join(' '));
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
      // Until its counts come, the previous list stays, marked busy, rather than vanishing;
      // if they cannot come, the panel says so (and the console why).
      if (results.facetsPending) {
        this.#filters.busy();
        index.facetsReady.catch((error) => {
          if (id !== this.#searchId) return;
          console.error('quire-search: the filter lists could not be loaded:', error);
          this.#filters.unavailable(FILTERS_UNAVAILABLE);
        });
      } else this.#filters.show(results.facets);
      this.#timeline.show(results.timeline);
    }
    this.#list.show(drawList ? results.hits : [], more);
    this.#more.hidden = !drawList || this.#list.shown >= results.total;
    this.#renderEmpty(drawList && results.total === 0);
  }

  #renderStatus(results) {
    this.#setStatus(statusText(this.#state, results));
    const suggestion = suggestionFor(this.#state, results);
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
    this.#list.show([]);
    this.#timeline.show([]);
    this.#more.hidden = true;
    this.#empty.hidden = true;
    this.#suggest.hidden = true;
  }

  /** What to try when nothing matched. */
  #renderEmpty(show) {
    this.#empty.hidden = !show;
    if (!show) return;
    const advice = h('ul', {}, ...noResultsAdvice(this.#results.unmatched).map((text) => h('li', {}, text)));
    const children = [h('p', { class: 'no-results-title' }, 'Nothing in the archive matches.'), advice];
    if (activeFilters(this.#state)) {
      const clear = h('button', { type: 'button', class: 'link' }, 'Clear all filters');
      clear.addEventListener('click', () => this.#change({ filters: {}, from: '', to: '' }));
      children.push(clear);
    }
    this.#empty.replaceChildren(...children);
  }

  // ---- Input and keys --------------------------------------------------------------------

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

  #onKey = (event) => {
    if (event.isComposing) return;
    const list = this.#list;
    switch (event.key) {
      case 'ArrowDown':
        if (!list.size) return;
        event.preventDefault();
        list.expand(true);
        list.setActive(Math.min(list.active + 1, list.size - 1));
        break;
      case 'ArrowUp':
        if (list.active < 0) return;
        event.preventDefault();
        list.setActive(list.active - 1);
        break;
      case 'Enter': {
        event.preventDefault();
        const option = list.option(list.active);
        if (option?.href) location.assign(option.href);
        else if (!option) this.#writeUrl('commit');
        break;
      }
      case 'Escape':
        if (this.#input.value) {
          event.preventDefault();
          this.#input.value = '';
          this.#typed();
        } else if (!list.element.hidden) {
          event.preventDefault();
          list.expand(false);
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

  #readUrl() {
    return readState(location.search, this.#facetNames);
  }

  /**
   * The page URL carrying `state`; parameters that are not the widget's are kept, after its own.
   * @param {import('./quire-url-state.js').State} state
   */
  #urlFor(state) {
    const url = new URL(location.href);
    const claimed = [...Object.keys(this.#state.filters), ...(this.#facetNames ?? [])];
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
