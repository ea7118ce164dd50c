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
 * @param {import('./quire-strings.js').Strings} t
 */
function leaningBadge(leaning, t) {
  const name = slug(leaning);
  return h('span', { class: 'leaning', part: name ? `leaning leaning-${name}` : 'leaning', 'data-leaning': leaning }, t.value('leaning', leaning));
}

/**
 * The people an entry names, each with the role held on the entry's date: `people` when the
 * engine gives it (`[{name, role}]`), else null.
 * @returns {Array<{name: string, role: string}>|null}
 */
function pairedPeople(entry) {
  if (!Array.isArray(entry.people)) return null;
  return entry.people
    .filter((person) => person && typeof person.name === 'string' && person.name)
    .map((person) => ({ name: person.name, role: typeof person.role === 'string' ? person.role : '' }));
}

/**
 * An entry's date, outlets and their leanings on one line, its text, and the people it names
 * below, muted, each with their role. Outlets and leanings are listed apart: the index says
 * which of each an entry names, not which leaning belongs to which outlet.
 * @param {object} entry
 * @param {import('./quire-strings.js').Strings} t
 */
function entryContent(entry, t) {
  const facets = entry.facets ?? {};
  const list = (name) => (Array.isArray(facets[name]) ? facets[name].filter((value) => typeof value === 'string' && value) : []);
  const outlets = list('outlet');
  const leanings = list('leaning');
  // Hidden punctuation makes the option's name read as sentences: "30 Jan 2025, outlet:
  // Shargh, leaning: reformist. …text…. Names: …".
  const hidden = (text) => h('span', { class: 'visually-hidden' }, text);
  const head = h('span', { class: 'entry-head' }, timeElement(entry.date, 'date', t));
  if (outlets.length) {
    head.append(h('span', { class: 'outlets', part: 'outlet' }, hidden(`, ${t.text(outlets.length === 1 ? 'outlet' : 'outlets')}: `), outlets.join(', ')));
  }
  if (leanings.length) {
    const badges = leanings.flatMap((leaning, i) => (i ? [hidden(', '), leaningBadge(leaning, t)] : [leaningBadge(leaning, t)]));
    head.append(h('span', { class: 'leanings' }, hidden(`, ${t.text(leanings.length === 1 ? 'leaning' : 'leanings')}: `), ...badges));
  }
  head.append(hidden('. '));
  const content = [head, h('span', { class: 'entry-text', dir: 'auto' }, marked(entry.text, entry.highlights))];
  const names = h('span', { class: 'people', part: 'people' }, hidden('. '), h('span', { class: 'people-label' }, t.text('names')), hidden(': '));
  const paired = pairedPeople(entry);
  if (paired) {
    if (!paired.length) return content;
    paired.forEach(({ name, role }, i) => {
      if (i) names.append(', ');
      names.append(h('span', { class: 'person' }, role ? t.text('personRole', { name, role }) : name));
    });
    content.push(names);
    return content;
  }
  // An engine without `people`: names and roles as two lists, the index does not pair them.
  const people = list('person');
  const roles = list('role');
  if (people.length) {
    names.append(people.join(', '));
    if (roles.length) names.append(h('span', { class: 'roles', part: 'roles' }, hidden(`; ${t.text(roles.length === 1 ? 'role' : 'roles')}: `), roles.join(', ')));
    content.push(names);
  }
  return content;
}

/**
 * What a reader opened, for the `quire:select` event: the link, the article's id, the entry's
 * anchor (null for the article itself), and the article's rank in the results (1 for the
 * first).
 * @typedef {{url: string|null, id: string, anchor: string|null, rank: number}} Selection
 */

/**
 * The result list: {@link ResultList.element} is the listbox. Each option is the link itself
 * (an `<a role="option">`), so that no control sits inside another.
 */
export class ResultList {
  /** @type {HTMLInputElement} */
  #input;
  #t;
  #onSelect;
  /** The options in order (hits and their entries), with what opening them means. */
  #options = [];
  #active = -1;
  /** How many hits the list holds. */
  #shown = 0;

  /**
   * @param {HTMLInputElement} input the combobox that controls the list
   * @param {import('./quire-strings.js').Strings} t
   * @param {(selection: Selection, event: Event|null) => boolean} onSelect an option is being
   *   opened (by a click, or Enter in the box: `event` null); returns false when the page
   *   takes over (the link is not followed)
   */
  constructor(input, t, onSelect) {
    this.#input = input;
    this.#t = t;
    this.#onSelect = onSelect;
    this.element = h('ul', { id: 'results', class: 'results', part: 'results', role: 'listbox', 'aria-label': t.text('resultsLabel'), hidden: true });
    this.element.addEventListener('click', this.#onClick);
    this.element.addEventListener('auxclick', this.#onClick);
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
    return option && { href: option.selection.url };
  }

  /**
   * Opens the option at `index` as Enter in the box does: tells the page, then follows the
   * link unless the page took over. Returns whether there was such an option.
   * @param {number} index
   */
  open(index) {
    const option = this.#options[index];
    if (!option) return false;
    if (this.#onSelect(option.selection, null) && option.selection.url) location.assign(option.selection.url);
    return true;
  }

  /**
   * Draws hits as options: each hit, then its matching entries, or the sections of its page
   * that match, as a group of options.
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

  /**
   * The list's keys in its combobox: Down and Up move the active option (Down opens a closed
   * list), Enter opens the active one. Returns whether the key was the list's.
   * @param {KeyboardEvent} event
   */
  onKey(event) {
    switch (event.key) {
      case 'ArrowDown':
        if (!this.size) return false;
        this.expand(true);
        this.setActive(Math.min(this.active + 1, this.size - 1));
        break;
      case 'ArrowUp':
        if (this.active < 0) return false;
        this.setActive(this.active - 1);
        break;
      case 'Enter':
        if (!this.open(this.active)) return false;
        break;
      default:
        return false;
    }
    event.preventDefault();
    return true;
  }

  /** A click on an option (any button, so that a new tab counts too) is a selection. */
  #onClick = (event) => {
    if (event.type === 'auxclick' && event.button !== 1) return;
    const element = event.target.closest?.('[role="option"]');
    const option = this.#options.find((o) => o.element === element);
    if (option && !this.#onSelect(option.selection, event)) event.preventDefault();
  };

  #hitElement(hit, n) {
    const t = this.#t;
    const id = `result-${n}`;
    const words = highlightedWords([
      [hit.title, hit.titleHighlights],
      [hit.excerpt, hit.excerptHighlights],
      ...hit.entries.map((entry) => [entry.text, entry.highlights]),
      ...(hit.sections ?? []).map((section) => [section.text, section.highlights]),
    ]);
    const href = withHighlights(safeHref(hit.url), words);
    const meta = h('span', { class: 'meta' });
    if (hit.date) meta.append(timeElement(hit.date, 'date', t));
    if (hit.kind) meta.append(h('span', { class: 'kind', part: 'kind' }, t.value('kind', hit.kind)));
    const excerpt = hit.excerpt ? marked(hit.excerpt, hit.excerptHighlights) : marked(hit.summary);
    const option = h(
      'a',
      { id, role: 'option', class: 'option hit', href, tabindex: '-1', 'aria-selected': 'false' },
      // Index text keeps its own direction in a widget of the other.
      h('span', { class: 'title', part: 'title', dir: 'auto' }, marked(hit.title, hit.titleHighlights)),
      meta,
      h('span', { class: 'excerpt', part: 'excerpt', dir: 'auto' }, excerpt),
    );
    const rank = n + 1;
    this.#options.push({ element: option, selection: { url: href, id: hit.id, anchor: null, rank } });
    const item = h('li', { class: 'result', part: 'result', role: 'none' }, option);

    if (hit.entries.length) {
      const group = h('ul', { class: 'entries', role: 'group', 'aria-label': t.text('entriesOf', { title: t.quote(hit.title) }) });
      hit.entries.forEach((entry, k) => {
        const entryHref = withHighlights(safeHref(entry.url), highlightedWords([[entry.text, entry.highlights]]));
        const entryOption = h(
          'a',
          { id: `${id}-${k}`, role: 'option', class: 'option entry', part: 'entry', href: entryHref, tabindex: '-1', 'aria-selected': 'false' },
          ...entryContent(entry, t),
        );
        this.#options.push({ element: entryOption, selection: { url: entryHref, id: hit.id, anchor: entry.anchor ?? null, rank } });
        group.append(h('li', { role: 'none' }, entryOption));
      });
      item.append(group);
    }
    // The sections of the page (headings with an id) that hold the query: links to each.
    if (hit.sections?.length) {
      const group = h('ul', { class: 'entries sections', role: 'group', 'aria-label': t.text('sectionsOf', { title: t.quote(hit.title) }) });
      hit.sections.forEach((section, k) => {
        const sectionHref = withHighlights(
          safeHref(section.url),
          highlightedWords([
            [section.title, section.titleHighlights],
            [section.text, section.highlights],
          ]),
        );
        const sectionOption = h(
          'a',
          { id: `${id}-s${k}`, role: 'option', class: 'option section', part: 'section', href: sectionHref, tabindex: '-1', 'aria-selected': 'false' },
          h('span', { class: 'section-title', dir: 'auto' }, marked(section.title, section.titleHighlights)),
          h('span', { class: 'entry-text', dir: 'auto' }, marked(section.text, section.highlights)),
        );
        this.#options.push({ element: sectionOption, selection: { url: sectionHref, id: hit.id, anchor: section.anchor ?? null, rank } });
        group.append(h('li', { role: 'none' }, sectionOption));
      });
      item.append(group);
    }
    return item;
  }
}
