/**
 * How the results split by leaning, at a glance: one stacked bar above the results, a part
 * per leaning as wide as its count, and under it a legend of buttons naming each leaning and
 * its count. Choosing a part (on the bar, or its button by keyboard) filters to that leaning;
 * choosing it again shows all. The legend is the text alternative: the bar itself is hidden
 * from screen readers.
 *
 * A single bar rather than a timeline stacked by leaning: it is read at once, each part is a
 * large target, and it needs only the leaning facet's counts (the engine's timeline counts per
 * month, not per month and leaning); the timeline above it already says when.
 *
 * The counts are the leaning facet's: entries when the results count entries (a query or
 * filter that selects them), and articles without entries beside them (each part says how
 * many of each), else articles; an article quoting outlets of several leanings counts under
 * each. The facet's own selection is left out of its counts, so with a
 * leaning chosen the bar still shows every leaning, the chosen one marked.
 * @module quire-split
 */

import { countWithUnits, h, svg } from './quire-dom.js';

/** The bar is drawn in these units, stretched to the width it has. */
const WIDTH = 1000;
const HEIGHT = 12;
/** Room between parts, and the narrowest a part may be, in those units. */
const GAP = 4;
const MIN_PART = 8;

/**
 * The parts of the split: the facet's values with a count, largest first as the engine lists
 * them, or none when the facet is absent or has no counts.
 * @param {Array<{name: string, label: string, values: Array<{value: string, count: number, selected: boolean}>}>} facets
 * @param {string} name the facet to split by
 * @returns {{label: string, parts: Array<{value: string, count: number, selected: boolean}>, sum: number}|null}
 */
export function splitOf(facets = [], name) {
  const facet = facets.find((f) => f.name === name);
  const parts = (facet?.values ?? []).filter((v) => v.count > 0 || v.selected);
  const sum = parts.reduce((n, part) => n + part.count, 0);
  return facet && sum > 0 ? { label: facet.label, parts, sum } : null;
}

/**
 * The key of the split's title: what its parts count, entries, articles or both.
 * @param {Array<{count: number, articles?: number}>} parts
 * @param {'entries'|'articles'} unit what the results count
 */
export function splitTitle(parts, unit) {
  if (!parts.every((part) => Number.isInteger(part.articles))) return unit === 'entries' ? 'splitEntries' : 'splitArticles';
  const articles = parts.some((part) => part.articles > 0);
  const entries = parts.some((part) => part.count > part.articles);
  if (entries && articles) return 'splitMixed';
  return entries ? 'splitEntries' : 'splitArticles';
}

/**
 * The spans of the parts along the bar, in bar units: each at least {@link MIN_PART} wide,
 * separated by {@link GAP}, together the bar's width.
 * @param {number[]} counts
 * @returns {Array<{x: number, width: number}>}
 */
export function spans(counts) {
  const room = WIDTH - GAP * (counts.length - 1);
  const sum = counts.reduce((a, b) => a + b, 0);
  const raw = counts.map((count) => Math.max(MIN_PART, (count / sum) * room));
  const scale = room / raw.reduce((a, b) => a + b, 0);
  let x = 0;
  return raw.map((width) => {
    const span = { x: Math.round(x * 10) / 10, width: Math.round(width * scale * 10) / 10 };
    x += width * scale + GAP;
    return span;
  });
}

/** The split bar: {@link SplitBar.element} goes above the results. */
export class SplitBar {
  #onPick;
  #t;
  #title;
  #bar;
  #legend;

  /**
   * @param {(value: string, selected: boolean) => void} onPick a part was chosen (and whether
   *   it was the chosen one already)
   * @param {import('./quire-strings.js').Strings} t
   */
  constructor(onPick, t) {
    this.#onPick = onPick;
    this.#t = t;
    this.#title = h('span', { id: 'split-title', class: 'split-title' });
    this.#bar = h('div', { class: 'split-bar', 'aria-hidden': 'true' });
    this.#legend = h('div', { class: 'split-legend', role: 'group', 'aria-labelledby': 'split-title', 'aria-describedby': 'split-hint' });
    for (const target of [this.#bar, this.#legend]) {
      target.addEventListener('click', (event) => {
        const part = event.target.closest?.('[data-value]');
        if (part) this.#onPick(part.dataset.value, part.dataset.selected === 'true');
      });
    }
    /** Hidden while there is nothing to split. */
    this.element = h(
      'div',
      { class: 'split', part: 'split', hidden: true },
      this.#title,
      this.#bar,
      this.#legend,
      h('p', { id: 'split-hint', class: 'visually-hidden' }, t.text('splitHint')),
    );
  }

  /**
   * Draws the split of a search's results by the facet `name`.
   * @param {Parameters<typeof splitOf>[0]} facets
   * @param {string} name
   * @param {'entries'|'articles'} unit what the facet counts
   */
  show(facets, name, unit) {
    const split = splitOf(facets, name);
    this.element.hidden = !split;
    if (!split) {
      this.#bar.replaceChildren();
      this.#legend.replaceChildren();
      return;
    }
    const t = this.#t;
    const label = t.facetLabel(name, split.label);
    this.#title.textContent = t.text(splitTitle(split.parts, unit), { label: label.toLocaleLowerCase(t.locale) });
    const anySelected = split.parts.some((part) => part.selected);
    // Right to left, the bar starts at the right, as the legend does.
    const rtl = getComputedStyle(this.element).direction === 'rtl';
    const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', class: 'split-svg' });
    spans(split.parts.map((part) => part.count)).forEach(({ x, width }, i) => {
      const part = split.parts[i];
      chart.append(
        svg('rect', {
          class: `split-part${part.selected ? ' selected' : anySelected ? ' faded' : ''}`,
          x: rtl ? WIDTH - x - width : x,
          y: 0,
          width,
          height: HEIGHT,
          'data-leaning': name === 'leaning' ? part.value : null,
          'data-value': part.value,
          'data-selected': String(part.selected),
        }),
      );
    });
    this.#bar.replaceChildren(chart);

    const focused = this.element.getRootNode().activeElement?.closest?.('.split-legend') ? this.element.getRootNode().activeElement.dataset.value : null;
    this.#legend.replaceChildren(
      ...split.parts.map((part) =>
        h(
          'button',
          {
            type: 'button',
            class: 'split-key',
            part: 'split-key',
            'aria-pressed': String(part.selected),
            'data-value': part.value,
            'data-selected': String(part.selected),
          },
          h('span', { class: 'swatch', 'data-leaning': name === 'leaning' ? part.value : null, 'aria-hidden': 'true' }),
          h('span', { class: 'split-name' }, t.value(name, part.value)),
          ' ',
          ...countWithUnits(part, unit, t),
        ),
      ),
    );
    if (focused) [...this.#legend.children].find((button) => button.dataset.value === focused)?.focus();
  }
}
