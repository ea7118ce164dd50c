/**
 * The filters panel of `<quire-search>`: the date fields, one group of checkboxes per facet of
 * the index with the count of each value in the current results (the first few, then "Show
 * more"), and "Clear all filters". Redrawn with each search's counts; the control that had
 * focus keeps it. Facets that would not narrow the results, or that the page fixes or hides,
 * are left out (see `showsFacet` in `quire-options.js`).
 *
 * The date fields are text fields that take a year or a year and month ("2024", "2024-05"),
 * typed: month inputs render as dashes in some browsers and not at all in others. What is
 * not a date is said beside the field, and not searched.
 * @module quire-facets
 */

import { countWithUnits, h } from './quire-dom.js';
import { activeFilters, parseDateField } from './quire-url-state.js';

/** Facet values listed before "Show more". */
const FACET_PREVIEW = 5;

/** The filters panel: {@link FiltersPanel.element} goes beside the results. */
export class FiltersPanel {
  /** The selected values and the date bounds, as the search's state has them. */
  #filters = {};
  #bounds = { from: '', to: '' };
  /** The facets last drawn, with their counts, and which of them are shown. */
  #facets = [];
  #shows = () => true;
  /** What the counts count, as the engine says. */
  #unit = 'articles';
  /** Facets whose "more" toggle is open, kept across searches. */
  #expanded = new Set();
  #onChange;
  #t;

  #from;
  #to;
  #dateError;
  #facetList;
  #clear;

  /**
   * @param {(patch: {filters?: Record<string, string[]>, from?: string, to?: string}) => void} onChange
   *   the visitor changed a filter or a date
   * @param {import('./quire-strings.js').Strings} t
   */
  constructor(onChange, t) {
    this.#onChange = onChange;
    this.#t = t;
    const field = (id) =>
      h('input', {
        id,
        type: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        // Dates read left to right in either direction of text.
        dir: 'ltr',
        placeholder: t.text('datePlaceholder'),
        'aria-describedby': 'date-hint',
        class: 'date-field',
      });
    this.#from = field('from');
    this.#to = field('to');
    for (const [input, bound] of [[this.#from, 'from'], [this.#to, 'to']]) {
      input.addEventListener('change', () => this.#dateChanged(input, bound));
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') this.#dateChanged(input, bound);
      });
    }
    this.#dateError = h('p', { id: 'date-hint', class: 'date-hint' }, t.text('dateHint'));
    const dates = h(
      'fieldset',
      { class: 'facet dates', part: 'facet' },
      h('legend', {}, t.text('date')),
      h('div', { class: 'date-row' }, h('label', { for: 'from' }, t.text('from')), this.#from),
      h('div', { class: 'date-row' }, h('label', { for: 'to' }, t.text('to')), this.#to),
      this.#dateError,
    );
    this.#facetList = h('div', { class: 'facet-list' });
    this.#facetList.addEventListener('change', this.#onFacetChange);
    this.#facetList.addEventListener('click', this.#onFacetClick);
    this.#clear = h('button', { type: 'button', class: 'clear', hidden: true }, t.text('clearFilters'));
    this.#clear.addEventListener('click', () => this.#onChange({ filters: {}, from: '', to: '' }));
    /** The panel, hidden until the index is loaded. */
    this.element = h('div', { id: 'filters', class: 'filters', part: 'facets', role: 'group', 'aria-label': t.text('filters'), hidden: true }, dates, this.#facetList, this.#clear);
  }

  /**
   * Shows the search's filters and dates in the controls (after a URL change, say).
   * @param {import('./quire-url-state.js').State} state
   */
  sync(state) {
    this.#filters = state.filters;
    this.#bounds = { from: state.from, to: state.to };
    for (const [input, bound] of [[this.#from, state.from], [this.#to, state.to]]) {
      // A field being corrected keeps what the reader typed.
      if (input.getAttribute('aria-invalid') !== 'true' || bound) input.value = bound;
    }
    this.#clear.hidden = activeFilters(state) === 0;
  }

  /**
   * The years the date fields offer, as their placeholders say: those of the archive.
   * @param {string} oldest `YYYY-MM`
   * @param {string} newest `YYYY-MM`
   */
  setMonths(oldest, newest) {
    this.#from.placeholder = oldest;
    this.#to.placeholder = newest;
  }

  /** Marks the counts on screen as out of date until {@link FiltersPanel.show} brings new ones. */
  busy() {
    this.#facetList.setAttribute('aria-busy', 'true');
  }

  /**
   * Says that the filter lists could not be loaded, in place of the lists (the search itself
   * goes on without them).
   * @param {string} message
   */
  unavailable(message) {
    this.#facets = [];
    this.#facetList.removeAttribute('aria-busy');
    this.#facetList.replaceChildren(h('p', { class: 'facets-unavailable', role: 'status' }, message));
  }

  /**
   * Draws the facets of a search's results with their counts.
   * @param {Array<{name: string, label: string, values: Array<{value: string, count: number, articles?: number, selected: boolean}>}>} facets
   * @param {(facet: object) => boolean} [shows] whether a facet is drawn
   * @param {'entries'|'articles'} [unit] what the counts count
   */
  show(facets, shows = this.#shows, unit = this.#unit) {
    this.#facets = facets;
    this.#shows = shows;
    this.#unit = unit;
    const t = this.#t;
    this.#facetList.removeAttribute('aria-busy');
    // The list is redrawn with new counts; the control that had focus gets it back.
    const focused = this.element.getRootNode().activeElement;
    const focusKey = focused?.closest?.('.facet-list') ? [focused.dataset.facet, focused.dataset.value, focused.dataset.more] : null;

    const fragment = document.createDocumentFragment();
    facets.forEach((facet, f) => {
      if (!facet.values.length || !shows(facet)) return;
      const expanded = this.#expanded.has(facet.name);
      const list = h('ul', { id: `facet-${f}`, class: 'values' });
      let hidden = 0;
      facet.values.forEach((item, i) => {
        const folded = i >= FACET_PREVIEW && !item.selected;
        if (folded) hidden += 1;
        const checkbox = h('input', { type: 'checkbox', 'data-facet': facet.name, 'data-value': item.value });
        checkbox.checked = item.selected;
        const value = h('span', { class: 'value' }, t.value(facet.name, item.value));
        if (facet.name === 'leaning') value.prepend(h('span', { class: 'swatch', 'data-leaning': item.value, 'aria-hidden': 'true' }));
        list.append(h('li', { hidden: folded && !expanded }, h('label', {}, checkbox, value, ...countWithUnits(item, unit, t))));
      });
      const fieldset = h('fieldset', { class: 'facet', part: 'facet', 'data-name': facet.name }, h('legend', {}, t.facetLabel(facet.name, facet.label)), list);
      if (hidden) {
        fieldset.append(
          h(
            'button',
            { type: 'button', class: 'link more-values', 'data-more': facet.name, 'aria-expanded': String(expanded), 'aria-controls': list.id },
            expanded ? t.text('showFewer') : t.text('showMore', { n: t.number(hidden) }),
          ),
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

  /** A date field was changed: a date searches, anything else is said to be wrong. */
  #dateChanged(input, bound) {
    const value = parseDateField(input.value);
    const valid = value !== null;
    input.setAttribute('aria-invalid', String(!valid));
    const invalid = [this.#from, this.#to].some((field) => field.getAttribute('aria-invalid') === 'true');
    this.#dateError.textContent = this.#t.text(invalid ? 'dateInvalid' : 'dateHint');
    this.#dateError.classList.toggle('invalid', invalid);
    if (!valid) return;
    input.value = value;
    // Enter, then leaving the field, is one change.
    if (value !== this.#bounds[bound]) this.#onChange({ [bound]: value });
  }

  #onFacetChange = (event) => {
    const { facet, value } = event.target.dataset;
    if (facet === undefined) return;
    const selected = new Set(this.#filters[facet] ?? []);
    if (event.target.checked) selected.add(value);
    else selected.delete(value);
    const filters = { ...this.#filters, [facet]: [...selected] };
    if (!selected.size) delete filters[facet];
    this.#onChange({ filters });
  };

  #onFacetClick = (event) => {
    const name = event.target.closest('[data-more]')?.dataset.more;
    if (name === undefined) return;
    if (!this.#expanded.delete(name)) this.#expanded.add(name);
    this.show(this.#facets);
  };
}
