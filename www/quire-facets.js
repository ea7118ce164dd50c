/**
 * The filters panel of `<quire-search>`: the date fields, one group of checkboxes per facet of
 * the index with the count of each value in the current results (the first few, then "Show
 * more"), and "Clear all filters". Redrawn with each search's counts; the control that had
 * focus keeps it.
 * @module quire-facets
 */

import { h } from './quire-dom.js';
import { number } from './quire-messages.js';
import { activeFilters, monthField } from './quire-url-state.js';

/** Facet values listed before "Show more". */
const FACET_PREVIEW = 5;

/** A facet value as listed; leanings with the colour of their badges. */
function facetValue(facet, value) {
  const element = h('span', { class: 'value' }, value);
  if (facet === 'leaning') element.prepend(h('span', { class: 'swatch', 'data-leaning': value, 'aria-hidden': 'true' }));
  return element;
}

/** The filters panel: {@link FiltersPanel.element} goes beside the results. */
export class FiltersPanel {
  /** The selected values, as the search's state has them. */
  #filters = {};
  /** The facets last drawn, with their counts. */
  #facets = [];
  /** Facets whose "more" toggle is open, kept across searches. */
  #expanded = new Set();
  #onChange;

  #from;
  #to;
  #facetList;
  #clear;

  /**
   * @param {(patch: {filters?: Record<string, string[]>, from?: string, to?: string}) => void} onChange
   *   the visitor changed a filter or a date
   */
  constructor(onChange) {
    this.#onChange = onChange;
    this.#from = h('input', { id: 'from', type: 'month', placeholder: 'YYYY-MM', pattern: '[0-9]{4}-[0-9]{2}' });
    this.#to = h('input', { id: 'to', type: 'month', placeholder: 'YYYY-MM', pattern: '[0-9]{4}-[0-9]{2}' });
    this.#from.addEventListener('change', () => this.#onChange({ from: this.#from.value }));
    this.#to.addEventListener('change', () => this.#onChange({ to: this.#to.value }));
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
    this.#clear.addEventListener('click', () => this.#onChange({ filters: {}, from: '', to: '' }));
    /** The panel, hidden until the index is loaded. */
    this.element = h('div', { id: 'filters', class: 'filters', part: 'facets', role: 'group', 'aria-label': 'Filters', hidden: true }, dates, this.#facetList, this.#clear);
  }

  /**
   * Shows the search's filters and dates in the controls (after a URL change, say).
   * @param {import('./quire-url-state.js').State} state
   */
  sync(state) {
    this.#filters = state.filters;
    // Month inputs show `YYYY-MM`; a URL may hold a year or a day.
    this.#from.value = monthField(state.from, 'from');
    this.#to.value = monthField(state.to, 'to');
    for (const input of [this.#from, this.#to]) input.classList.toggle('unset', !input.value);
    this.#clear.hidden = activeFilters(state) === 0;
  }

  /**
   * The months the date fields offer: those of the archive.
   * @param {string} oldest `YYYY-MM`
   * @param {string} newest `YYYY-MM`
   */
  setMonths(oldest, newest) {
    for (const input of [this.#from, this.#to]) {
      input.min = oldest;
      input.max = newest;
    }
  }

  /** Opens or closes the panel where it folds away (narrow screens). */
  setOpen(open) {
    this.element.classList.toggle('open', open);
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
   * @param {Array<{name: string, label: string, values: Array<{value: string, count: number, selected: boolean}>}>} facets
   */
  show(facets) {
    this.#facets = facets;
    this.#facetList.removeAttribute('aria-busy');
    // The list is redrawn with new counts; the control that had focus gets it back.
    const focused = this.element.getRootNode().activeElement;
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
            h('label', {}, checkbox, facetValue(facet.name, item.value), h('span', { class: 'count' }, number(item.count)))),
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
