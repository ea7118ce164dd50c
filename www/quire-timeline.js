/**
 * The timeline of `<quire-search>`: a histogram of the results by month (by year for archives
 * spanning decades), drawn in SVG at the width it has. A bar filters to its month, and again
 * clears the dates; the bars form one toolbar with one tab stop (arrows, Home/End, Enter and
 * Space), and each says its period and count to screen readers.
 * @module quire-timeline
 */

import { h, svg } from './quire-dom.js';
import { Strings } from './quire-strings.js';
import { boundMonth } from './quire-url-state.js';

/** Beyond this many months the timeline counts years. */
const TIMELINE_MONTHS = 240;
/** Height of the timeline's bars and of its axis labels, in CSS pixels. */
const BAR_AREA = 44;
const AXIS = 16;

let english;

/**
 * The months from the first to the last of the engine's timeline, months without results
 * included with a count of 0; or the years, for a span longer than {@link TIMELINE_MONTHS}.
 * Each period keeps how many of its units are articles without entries (`articles`) when the
 * engine says so of every month.
 * @param {Array<{month: string, count: number, articles?: number}>} timeline ascending, gaps left out
 * @returns {{unit: 'month'|'year', periods: Array<{key: string, count: number, articles?: number}>}}
 */
export function periodsOf(timeline = []) {
  const months = timeline.filter(({ month, count }) => /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && count > 0);
  if (!months.length) return { unit: 'month', periods: [] };
  const split = months.every(({ articles }) => Number.isInteger(articles));
  const index = (key) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  const first = index(months[0].month);
  const last = index(months.at(-1).month);
  const byYear = last - first >= TIMELINE_MONTHS;
  const keyOf = (month) => (byYear ? month.slice(0, 4) : month);
  const sums = new Map();
  for (const { month, count, articles } of months) {
    const sum = sums.get(keyOf(month)) ?? { count: 0, articles: 0 };
    sums.set(keyOf(month), { count: sum.count + count, articles: sum.articles + (articles ?? 0) });
  }
  const period = (key) => {
    const { count, articles } = sums.get(key) ?? { count: 0, articles: 0 };
    return split ? { key, count, articles } : { key, count };
  };
  const periods = [];
  if (byYear) {
    for (let year = Math.floor(first / 12); year <= Math.floor(last / 12); year++) periods.push(period(String(year).padStart(4, '0')));
    return { unit: 'year', periods };
  }
  for (let n = first; n <= last; n++) periods.push(period(`${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`));
  return { unit: 'month', periods };
}

/**
 * A period's name: "January 2025" (or "Jan 2025" when `short`), or the year.
 * @param {string} key `YYYY-MM` or `YYYY`
 * @param {boolean} [short]
 * @param {Strings} [t] the words of the widget (English by default)
 */
export function periodName(key, short = false, t = (english ??= new Strings())) {
  return t.month(key, short);
}

/** The timeline: {@link Timeline.element} goes above the results. */
export class Timeline {
  /** The bars: months (or years) from the first result to the last. */
  #periods = [];
  #unit = 'month';
  /** The search's date bounds, as the URL holds them. */
  #from = '';
  #to = '';
  /** What the bars were last drawn for (periods and width): a change redraws them. */
  #drawnFor = '';
  /** The bar that takes focus when the chart is tabbed into. */
  #focusPeriod = null;
  #resizeObserver = null;
  #onRange;
  #t;
  /** What the counts count: `articles`, or `entries` when the engine counts entries. */
  #counted = 'articles';

  #title;
  #readout;
  #allDates;
  #chart;

  /**
   * @param {(range: {from: string, to: string}) => void} onRange a bar was chosen (its period
   *   as both bounds), or the dates cleared (empty bounds)
   * @param {Strings} t
   */
  constructor(onRange, t) {
    this.#onRange = onRange;
    this.#t = t;
    this.#title = h('span', { class: 'timeline-title', id: 'timeline-title' }, t.text('byMonth'));
    // For pointers: what the bar under the pointer holds. The bars' own names say it to
    // screen readers.
    this.#readout = h('span', { class: 'readout', 'aria-hidden': 'true' });
    this.#allDates = h('button', { type: 'button', class: 'link all-dates', hidden: true }, t.text('allDates'));
    this.#allDates.addEventListener('click', () => this.#onRange({ from: '', to: '' }));
    this.#chart = h('div', { class: 'chart', role: 'toolbar', 'aria-labelledby': 'timeline-title', 'aria-describedby': 'timeline-keys' });
    this.#chart.addEventListener('click', this.#onBarClick);
    this.#chart.addEventListener('keydown', this.#onBarKey);
    this.#chart.addEventListener('pointerover', this.#onBarHover);
    this.#chart.addEventListener('pointerleave', () => this.#showReadout(null));
    this.#chart.addEventListener('focusin', this.#onBarHover);
    this.#chart.addEventListener('focusout', () => this.#showReadout(null));
    /** The timeline's element, hidden while there are fewer than two periods. */
    this.element = h(
      'div',
      { class: 'timeline', part: 'timeline', hidden: true },
      h('div', { class: 'timeline-head' }, this.#title, this.#readout, this.#allDates),
      this.#chart,
      h('p', { id: 'timeline-keys', class: 'visually-hidden' }, t.text('timelineKeys')),
    );
  }

  /** Redraws at the new width when the chart's width changes (while connected). */
  connect() {
    // Drawn in the next frame: drawing inside the observer's callback could report a resize
    // loop.
    this.#resizeObserver ??= new ResizeObserver(() => requestAnimationFrame(() => this.#draw()));
    this.#resizeObserver.observe(this.#chart);
  }

  disconnect() {
    this.#resizeObserver?.disconnect();
  }

  /**
   * Shows the results by month, from the engine's timeline, when they span two or more.
   * @param {Array<{month: string, count: number, articles?: number}>} timeline
   * @param {'entries'|'articles'} [counted] what the timeline counts
   */
  show(timeline, counted = 'articles') {
    const { unit, periods } = periodsOf(timeline);
    this.#periods = periods;
    this.#unit = unit;
    if (counted !== this.#counted) this.#drawnFor = '';
    this.#counted = counted;
    this.element.hidden = periods.length < 2;
    if (this.element.hidden) {
      this.#chart.replaceChildren();
      this.#drawnFor = '';
      return;
    }
    this.#title.textContent = this.#t.text(unit === 'year' ? 'byYear' : 'byMonth');
    this.#draw();
  }

  /**
   * The search's date range: bars outside it fade, the bar it is exactly is pressed.
   * @param {string} from
   * @param {string} to
   */
  setRange(from, to) {
    this.#from = from;
    this.#to = to;
    this.#markBars();
  }

  /** The element in this timeline's shadow root (or document) that has focus. */
  #focused() {
    return this.element.getRootNode().activeElement;
  }

  /** The bar that the date range is, exactly, if any. */
  #selectedPeriod() {
    const from = this.#from;
    return from && from === this.#to && this.#periods.some((period) => period.key === from) ? from : null;
  }

  /**
   * Draws the bars at the chart's width in CSS pixels, one slot per period, empty slots for
   * periods without results, years below. Redrawn only when the periods or the width change.
   */
  #draw() {
    const width = Math.floor(this.#chart.clientWidth);
    // Hidden or not laid out yet: the resize observer calls again once it is.
    if (this.element.hidden || !width) return;
    const periods = this.#periods;
    const drawFor = `${width} ${periods.map((period) => `${period.key}:${period.count}:${period.articles}`).join(' ')}`;
    if (drawFor !== this.#drawnFor) {
      this.#drawnFor = drawFor;
      // The bars are replaced: the one with focus gets it back.
      const focused = this.#focused()?.closest?.('.period')?.dataset.period;
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
    const byYear = this.#unit === 'year';
    const starts = periods.flatMap((period, i) => (byYear || period.key.endsWith('-01') ? [i] : []));
    const labelWidth = 30;
    if (!byYear && starts[0] !== 0 && (starts.length === 0 || starts[0] * slot >= labelWidth + 6)) starts.unshift(0);
    let labelEnd = -Infinity;
    for (const i of starts) {
      const x = i * slot;
      if (i > 0 && !byYear) axis.append(svg('rect', { class: 'tick', x: round(x - gap / 2), y: BAR_AREA, width: 1, height: 5 }));
      if (x < labelEnd + 6 || x + labelWidth > width + 2) continue;
      axis.append(svg('text', { class: 'year', x: round(x + gap / 2), y: height - 2 }, this.#t.month(periods[i].key.slice(0, 4))));
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
            'aria-label': this.#t.text('periodCount', { period: periodName(period.key, false, this.#t), count: this.#t.units(period, this.#counted, 'results') }),
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
    const from = boundMonth(this.#from, 'from');
    const to = boundMonth(this.#to, 'to');
    const byYear = this.#unit === 'year';
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
    this.#allDates.hidden = !(this.#from || this.#to);
    this.#showReadout(null);
  }

  /** The readout names the bar under the pointer or focus; else the selection, or the span. */
  #showReadout(bar) {
    const periods = this.#periods;
    const focused = this.#focused()?.closest?.('.period');
    const selected = bar ?? focused ?? this.#chart.querySelector('.period.selected');
    if (selected) this.#readout.textContent = selected.getAttribute('aria-label');
    else if (periods.length) this.#readout.textContent = this.#t.text('span', { from: periodName(periods[0].key, true, this.#t), to: periodName(periods.at(-1).key, true, this.#t) });
    else this.#readout.textContent = '';
  }

  /** A bar chosen: its period becomes the date range, or, chosen again, the range is cleared. */
  #pickPeriod(key) {
    this.#focusPeriod = key;
    if (this.#selectedPeriod() === key) this.#onRange({ from: '', to: '' });
    else this.#onRange({ from: key, to: key });
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
}
