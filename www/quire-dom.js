/**
 * Building the widget's DOM from data that is never trusted: elements with attributes set by
 * `setAttribute`, text as Text nodes, highlights as `<mark>` elements around slices of text,
 * links only to http(s) URLs. Nothing here parses markup or sets a style.
 * @module quire-dom
 */

import { richPieces } from './quire-strings.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. Attribute values are set with setAttribute (`true` → present, `false`
 * or null → absent); children are nodes or strings, and strings become Text nodes.
 * @param {string} tag
 * @param {Record<string, string|number|boolean|null|undefined>} [attributes]
 * @param {...(Node|string)} children
 */
export function h(tag, attributes = {}, ...children) {
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
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null) element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

/**
 * `text` with the UTF-16 ranges wrapped in `<mark part="mark">`, as DOM nodes.
 * @param {string} text
 * @param {Array<[number, number]>} ranges
 */
export function marked(text, ranges = []) {
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
 * @param {string} className
 * @param {import('./quire-strings.js').Strings} t the words, and the locale's date format
 */
export function timeElement(iso, className, t) {
  return h('time', { datetime: iso, class: className }, t.day(iso));
}

/**
 * A rich string of `quire-strings.js` as nodes: text, `<code>` and `<kbd>`.
 * @param {string} template
 */
export function rich(template) {
  return richPieces(template).map((piece) => (typeof piece === 'string' ? piece : h(piece.kind, {}, piece.text)));
}

/**
 * The URL to link to, or null: index data may hold `javascript:` or other schemes, and only
 * http(s) links (relative ones resolve to those) are followed.
 * @param {string} url
 */
export function safeHref(url) {
  try {
    const resolved = new URL(url, document.baseURI);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : null;
  } catch {
    return null;
  }
}

/** A value as a `part` name: lower case, letters and digits joined by hyphens. */
export const slug = (value) => value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * A count drawn as a number and said with what it counts ("2 entries and 1 article", see
 * `Strings#units`): the number is hidden from screen readers, the words from the eye.
 * @param {{count: number, articles?: number}} counted
 * @param {'entries'|'articles'} unit what the results count
 * @param {import('./quire-strings.js').Strings} t
 */
export function countWithUnits(counted, unit, t) {
  return [h('span', { class: 'count', 'aria-hidden': 'true' }, t.number(counted.count)), h('span', { class: 'visually-hidden' }, ` ${t.units(counted, unit)}`)];
}

/** Whether a keystroke goes to something that takes text, so "/" must not be taken from it. */
export function takesText(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}
