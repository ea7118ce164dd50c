/**
 * The result list of `<quire-search>`: the listbox that its search box controls (a
 * combobox). Each hit is an option, and its matching entries a group of options under it,
 * each entry with its date, outlets, their leanings, the people it names and their roles.
 * The active option is the input's `aria-activedescendant`; focus stays in the input.
 *
 * Links to results on the same site carry the words highlighted in them, as
 * `quire-highlight` parameters before the hash (`/edition/?quire-highlight=Zarif#2025-01-30-2`),
 * for `quire-highlight.js` on the article page to find and mark.
 * @module quire-results
 */

import { h, marked, safeHref, slug, timeElement } from './quire-dom.js';

/** The URL parameter that carries highlighted words to the article page. */
const HIGHLIGHT_PARAM = 'quire-highlight';
/** At most this many words go into a link, each at most so long. */
const HIGHLIGHT_WORDS = 8;
const HIGHLIGHT_LENGTH = 60;

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
 * A leaning badge: its colour comes from the stylesheet, by `data-leaning`.
 * @param {string} leaning
 */
function leaningBadge(leaning) {
  const name = slug(leaning);
  return h('span', { class: 'leaning', part: name ? `leaning leaning-${name}` : 'leaning', 'data-leaning': leaning }, leaning);
}

/**
 * An entry's date, outlets and their leanings on one line, its text, and the people it names
 * below, muted. Outlets and leanings are listed apart: the index says which of each an entry
 * names, not which leaning belongs to which outlet.
 */
function entryContent(entry) {
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
  const content = [head, h('span', { class: 'entry-text' }, marked(entry.text, entry.highlights))];
  if (people.length) {
    const names = h('span', { class: 'people', part: 'people' }, hidden('. '), h('span', { class: 'people-label' }, 'Names'), hidden(': '), people.join(', '));
    // Their roles (people.toml), listed apart like leanings: the index does not pair them.
    if (roles.length) names.append(h('span', { class: 'roles', part: 'roles' }, hidden(roles.length === 1 ? '; role: ' : '; roles: '), roles.join(', ')));
    content.push(names);
  }
  return content;
}

/** The result list: {@link ResultList.element} is the listbox. */
export class ResultList {
  /** @type {HTMLInputElement} */
  #input;
  /** The options in order (hits and their entries), with their links. */
  #options = [];
  #active = -1;
  /** How many hits the list holds. */
  #shown = 0;

  /** @param {HTMLInputElement} input the combobox that controls the list */
  constructor(input) {
    this.#input = input;
    this.element = h('ul', { id: 'results', class: 'results', part: 'results', role: 'listbox', 'aria-label': 'Search results', hidden: true });
  }

  /** How many hits the list holds. */
  get shown() {
    return this.#shown;
  }

  /** How many options (hits and entries). */
  get size() {
    return this.#options.length;
  }

  /** The position of the active option, -1 for none. */
  get active() {
    return this.#active;
  }

  /**
   * The link of the option at `index`: `{href}` (null for a result without a safe link), or
   * undefined when there is no such option.
   * @param {number} index
   */
  option(index) {
    const option = this.#options[index];
    return option && { href: option.href };
  }

  /**
   * Draws hits as options: each hit, then its matching entries as a group of options.
   * @param {object[]} hits
   * @param {boolean} [append] add to the list rather than replace it
   */
  show(hits, append = false) {
    if (!append) {
      this.setActive(-1);
      this.#options = [];
      this.#shown = 0;
      this.element.replaceChildren();
    }
    const fragment = document.createDocumentFragment();
    for (const hit of hits) fragment.append(this.#hitElement(hit, this.#shown++));
    this.element.append(fragment);
    this.expand(this.#shown > 0);
  }

  /**
   * Shows or hides the listbox, as the combobox's aria-expanded says.
   * @param {boolean} open
   */
  expand(open) {
    const shown = open && this.#options.length > 0;
    this.element.hidden = !shown;
    this.#input.setAttribute('aria-expanded', String(shown));
    if (!shown) this.setActive(-1);
  }

  /**
   * Makes the option at `index` the active one (-1: none), scrolled into view.
   * @param {number} index
   */
  setActive(index) {
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
    const excerpt = hit.excerpt ? marked(hit.excerpt, hit.excerptHighlights) : marked(hit.summary);
    const link = h(
      'a',
      { class: 'hit-link', href, tabindex: '-1' },
      h('span', { class: 'title', part: 'title' }, marked(hit.title, hit.titleHighlights)),
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
          h('a', { class: 'entry-link', href: entryHref, tabindex: '-1' }, ...entryContent(entry)),
        );
        this.#options.push({ element: entryOption, href: entryHref });
        group.append(entryOption);
      });
      item.append(group);
    }
    return item;
  }
}
