/**
 * The active filters of `<quire-search>`, said once and used twice: as removable chips right
 * above the results, and as the names the status line gives them ("Leaning: reformist",
 * "Jan 2025 – May 2025"). The model ({@link chipsFor}, {@link filterNames}, {@link dateText})
 * is pure, for its tests in Node; {@link ChipBar} draws it.
 *
 * Filters the page fixes (`fixed-filters`) are not the reader's to remove, and are not in the
 * state: they have no chip.
 * @module quire-chips
 */

import { h } from './quire-dom.js';

/**
 * @typedef {object} Chip
 * @property {string} key `facet=value`, or `dates`
 * @property {string} text what it says ("Leaning: reformist")
 * @property {{filters?: Record<string, string[]>, from?: string, to?: string}} patch the change
 *   of state that removes it
 */

/**
 * A date bound as people write it: a year, "Jan 2025", "3 Jan 2025".
 * @param {string} bound `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (anything else as it is)
 * @param {import('./quire-strings.js').Strings} t
 */
function boundText(bound, t) {
  if (/^\d{4}-\d{2}$/.test(bound)) return t.month(bound, true);
  if (/^\d{4}-\d{2}-\d{2}$/.test(bound)) return t.day(bound);
  return t.month(bound);
}

/**
 * The date range of a search in words: "2024–2025", "Jan 2025 – May 2025", "January 2025",
 * "since Jan 2025", "until 2024"; empty without dates.
 * @param {string} from
 * @param {string} to
 * @param {import('./quire-strings.js').Strings} t
 */
export function dateText(from, to, t) {
  if (from && to) {
    if (from === to) return /^\d{4}-\d{2}$/.test(from) ? t.month(from) : boundText(from, t);
    const years = /^\d{4}$/.test(from) && /^\d{4}$/.test(to);
    return t.text(years ? 'yearRange' : 'dateRange', { from: boundText(from, t), to: boundText(to, t) });
  }
  if (from) return t.text('since', { date: boundText(from, t) });
  if (to) return t.text('until', { date: boundText(to, t) });
  return '';
}

/**
 * One chip per selected value (values of a facet are alternatives, each removable on its
 * own), then one for the dates.
 * @param {import('./quire-url-state.js').State} state
 * @param {import('./quire-strings.js').Strings} t
 * @param {(name: string) => string} labelOf a facet's label
 * @returns {Chip[]}
 */
export function chipsFor(state, t, labelOf) {
  const chips = [];
  for (const [facet, values] of Object.entries(state.filters)) {
    for (const value of values) {
      const rest = values.filter((other) => other !== value);
      const filters = { ...state.filters, [facet]: rest };
      if (!rest.length) delete filters[facet];
      chips.push({ key: `${facet}=${value}`, text: t.text('filter', { label: labelOf(facet), values: t.value(facet, value) }), patch: { filters } });
    }
  }
  const dates = dateText(state.from, state.to, t);
  if (dates) chips.push({ key: 'dates', text: dates, patch: { from: '', to: '' } });
  return chips;
}

/**
 * The filters and dates as the status line names them: one part per facet, its values as
 * alternatives ("Outlet: Shargh or Kayhan"), then the dates.
 * @param {import('./quire-url-state.js').State} state
 * @param {import('./quire-strings.js').Strings} t
 * @param {(name: string) => string} labelOf
 * @returns {string[]}
 */
export function filterNames(state, t, labelOf) {
  const names = Object.entries(state.filters)
    .filter(([, values]) => values.length)
    .map(([facet, values]) => t.text('filter', { label: labelOf(facet), values: t.any(values.map((value) => t.value(facet, value))) }));
  const dates = dateText(state.from, state.to, t);
  return dates ? [...names, dates] : names;
}

/** The chips: {@link ChipBar.element} goes right above the results. */
export class ChipBar {
  #onChange;
  #t;

  /**
   * @param {(patch: object) => void} onChange a chip was removed (its patch), or all were
   * @param {import('./quire-strings.js').Strings} t
   */
  constructor(onChange, t) {
    this.#onChange = onChange;
    this.#t = t;
    this.element = h('div', { class: 'chips', part: 'chips', role: 'group', 'aria-label': t.text('chipsLabel'), hidden: true });
  }

  /**
   * Draws the chips of the state; the chip that had focus, or the one after a removed one,
   * gets it back.
   * @param {Chip[]} chips
   */
  show(chips) {
    const t = this.#t;
    const focused = this.element.getRootNode().activeElement?.closest?.('.chips') === this.element ? this.element.getRootNode().activeElement : null;
    const focusAt = focused ? [...this.element.querySelectorAll('button')].indexOf(focused) : -1;
    const buttons = chips.map((chip) => {
      const button = h(
        'button',
        { type: 'button', class: 'chip', part: 'chip', 'data-chip': chip.key, 'aria-label': t.text('removeChip', { filter: chip.text }) },
        h('span', { class: 'chip-text' }, chip.text),
        h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'),
      );
      button.addEventListener('click', () => this.#onChange(chip.patch));
      return button;
    });
    if (chips.length > 1) {
      const clear = h('button', { type: 'button', class: 'link chips-clear', 'data-chip': '*' }, t.text('clearAll'));
      clear.addEventListener('click', () => this.#onChange({ filters: {}, from: '', to: '' }));
      buttons.push(clear);
    }
    this.element.replaceChildren(...buttons);
    this.element.hidden = chips.length === 0;
    if (focusAt >= 0) (buttons[Math.min(focusAt, buttons.length - 1)] ?? null)?.focus();
    return focusAt >= 0 && !buttons.length;
  }
}
