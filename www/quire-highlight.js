/**
 * `quire-highlight.js`: takes a reader who followed a Quire search result to the passage that
 * was found, on the article page.
 *
 * ```html
 * <script type="module" src="/quire-highlight.js"></script>
 * <link rel="stylesheet" href="/quire-highlight.css">  <!-- optional: how marks look -->
 * ```
 *
 * Links from `<quire-search>` carry the words highlighted in the result, and an entry's
 * anchor: `/analysis/edition/?quire-highlight=Zarif&quire-highlight=Shargh#2025-01-30-2`.
 * When the page has loaded, this script:
 *
 * 1. finds the entry that the hash names: the element with that id, or else (static-site
 *    generators rarely give list items ids) the list item or paragraph whose text opens with
 *    that day the way Quire reads entry dates (`quire-entry-date.js`): "January 30:",
 *    "Jan. 30:", "30 January:", "30 January 2025 —", "January 30-31:", "2025-01-30:"; for an
 *    anchor ending in `-n` (`2025-01-30-2`), the n-th entry of that day. The entry gets the id, so that later links to it work as links;
 * 2. scrolls the entry into view (at once when the reader prefers reduced motion), gives it
 *    the class `quire-target` and focus (without a tab stop of its own: `tabindex="-1"`);
 * 3. wraps every whole-word occurrence of the words in `<mark class="quire-highlight">`,
 *    ignoring case and accents, within the entry, or within the article (the first
 *    `<article>`, else `<main>`, else the body) when the URL names no entry.
 *
 * Later changes of the hash to an entry's anchor are followed the same way.
 *
 * A page that renders its text with script calls it once the text is there:
 *
 * ```js
 * import { highlight } from '/quire-highlight.js';
 * highlight();                                           // what the page URL asks for
 * highlight({ root: element, words: ['Zarif'], anchor: '2025-01-30', scroll: false });
 * ```
 *
 * Calling it again does not mark words twice; `clearHighlights()` removes the marks.
 *
 * Its one dependency is `quire-entry-date.js`, beside it: the grammar of entry dates, shared
 * with the index builder. It changes the page only through DOM methods (Text nodes are split,
 * never parsed as markup) and sets no inline style, so it runs under a Content-Security-Policy
 * of `script-src 'self'; style-src 'self'`.
 * @module quire-highlight
 */

import { entryDatePrefix } from './quire-entry-date.js';

/**
 * The date that opens an entry's text, as Quire's index builder reads it (see
 * `quire-entry-date.js`): `{year, month, day, length}`, `year` null when the text gives none.
 */
export { entryDatePrefix as entryDate };

/** The URL parameter holding the words. */
export const PARAM = 'quire-highlight';
const MARK_CLASS = 'quire-highlight';
const TARGET_CLASS = 'quire-target';
/** Words taken from a URL, and their length: a link is not a place for essays. */
const MAX_WORDS = 20;
const MAX_WORD_LENGTH = 80;
/** An entry anchor: the entry's day, and its place among entries of that day. */
const ANCHOR = /^(\d{4})-(\d{2})-(\d{2})(?:-(\d{1,3}))?$/;
/** Text in these is not the article's to mark. */
const SKIP = 'script, style, noscript, template, textarea, select, option, svg, math, mark.quire-highlight';

/** Where entries and words are looked for by default. */
function defaultRoot() {
  return document.querySelector('article') ?? document.querySelector('main') ?? document.body;
}

/**
 * The element of the entry `anchor` names: the element with that id, or the n-th list item
 * (or paragraph outside lists) of `root` opening with that day. The element found gets the
 * id, when it has none.
 * @param {string} anchor an id, e.g. `2025-01-29-2`
 * @param {Element} [root]
 * @returns {Element|null}
 */
export function findEntry(anchor, root = defaultRoot()) {
  if (!anchor) return null;
  const byId = document.getElementById(anchor);
  if (byId) return byId;
  const wanted = ANCHOR.exec(anchor);
  if (!wanted || !root) return null;
  const [year, month, day] = wanted.slice(1, 4).map(Number);
  const nth = wanted[4] ? Number(wanted[4]) : 1;
  // Items nested in an entry belong to it (so Quire counts them), as do the paragraphs of a
  // list item.
  const entries = new Set();
  const inEntry = (item) => {
    for (let li = item.parentElement?.closest('li'); li; li = li.parentElement?.closest('li')) if (entries.has(li)) return true;
    return false;
  };
  let seen = 0;
  for (const item of root.querySelectorAll('li, p')) {
    if ((item.localName === 'p' && item.closest('li')) || inEntry(item)) continue;
    const date = entryDatePrefix(item.textContent ?? '');
    if (!date) continue;
    entries.add(item);
    if (date.month !== month || date.day !== day || (date.year !== null && date.year !== year)) continue;
    seen += 1;
    if (seen === nth) {
      if (!item.id) item.id = anchor;
      return item;
    }
  }
  return null;
}

/**
 * A string folded for matching (lower case, no accents, Persian and Arabic letter variants
 * made one, no joiners or tatweel), with the offset in `text` of each UTF-16 unit of it and
 * of its end.
 * @param {string} text
 */
function fold(text) {
  let folded = '';
  const offsets = [];
  for (let i = 0; i < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(i));
    const form = foldChar(char);
    for (let k = 0; k < form.length; k++) offsets.push(i);
    folded += form;
    i += char.length;
  }
  offsets.push(text.length);
  return { folded, offsets };
}

const foldCache = new Map();
/** @param {string} char one code point */
function foldChar(char) {
  let form = foldCache.get(char);
  if (form === undefined) {
    form = char
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[\u064A\u0649]/g, '\u06CC') // Arabic yeh, alef maksura → Persian yeh
      .replace(/\u0643/g, '\u06A9') // Arabic kaf → keheh
      .replace(/[\u0640\u200C\u200D]/g, ''); // tatweel, zero-width (non-)joiner
    foldCache.set(char, form);
  }
  return form;
}

/**
 * A pattern matching any of `words` as a whole word in folded text; null for no words.
 * @param {string[]} words
 */
function wordPattern(words) {
  const folded = [...new Set(words.map((word) => fold(word).folded).filter(Boolean))];
  if (!folded.length) return null;
  folded.sort((a, b) => b.length - a.length);
  // Only the syntax characters: other escapes are errors in a Unicode pattern.
  const escaped = folded.map((word) => word.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

/**
 * Wraps whole-word occurrences of `words` in `root` in `<mark class="quire-highlight">`,
 * splitting Text nodes. Text already marked, and that of scripts, styles and form fields,
 * is left alone.
 * @param {Element} root
 * @param {string[]} words
 * @returns {HTMLElement[]} the marks added
 */
export function markWords(root, words) {
  const pattern = wordPattern(words);
  if (!pattern || !root) return [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      !node.data.trim() || node.parentElement?.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);

  const marks = [];
  for (const node of nodes) {
    const { folded, offsets } = fold(node.data);
    const ranges = [];
    for (const match of folded.matchAll(pattern)) {
      const start = offsets[match.index];
      const end = offsets[match.index + match[0].length];
      if (end > start) ranges.push([start, end]);
    }
    // Split from the end, so that the offsets before stay right.
    for (const [start, end] of ranges.reverse()) {
      if (end < node.data.length) node.splitText(end);
      const word = start > 0 ? node.splitText(start) : node;
      const mark = document.createElement('mark');
      mark.className = MARK_CLASS;
      word.before(mark);
      mark.append(word);
      marks.unshift(mark);
    }
  }
  return marks;
}

/**
 * Removes the marks that {@link markWords} added under `root`, joining the text back.
 * @param {Element} [root]
 */
export function clearHighlights(root = document.body) {
  for (const mark of root.querySelectorAll(`mark.${MARK_CLASS}`)) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
}

/** The words of the `quire-highlight` parameters of `url`. */
export function wordsFromUrl(url = location.href) {
  const params = new URL(url, location.href).searchParams.getAll(PARAM);
  const words = params.flatMap((value) => value.split(/\s+/)).filter((word) => word && word.length <= MAX_WORD_LENGTH);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/** The hash of `url`, decoded, without `#`. */
function anchorFromUrl(url = location.href) {
  const hash = new URL(url, location.href).hash.slice(1);
  try {
    return decodeURIComponent(hash);
  } catch {
    return hash;
  }
}

/** Scrolls to `target`, marks it and gives it focus (without scrolling again). */
function showTarget(target, scroll) {
  for (const previous of document.querySelectorAll(`.${TARGET_CLASS}`)) {
    if (previous !== target) previous.classList.remove(TARGET_CLASS);
  }
  target.classList.add(TARGET_CLASS);
  if (!target.hasAttribute('tabindex') && !target.matches('a[href], button, input, select, textarea')) {
    target.setAttribute('tabindex', '-1');
  }
  if (scroll) {
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ block: 'center', behavior: reduce ? 'auto' : 'smooth' });
  }
  target.focus({ preventScroll: true });
}

/**
 * Finds the entry, scrolls to it and marks it, and marks the words: what the page URL asks
 * for, unless told otherwise.
 * @param {object} [options]
 * @param {string[]} [options.words] words to mark (default: the URL's `quire-highlight`
 *   parameters)
 * @param {string} [options.anchor] the entry's anchor, without `#` (default: the URL's hash)
 * @param {Element} [options.root] where to look (default: the first `<article>`, else
 *   `<main>`, else the body)
 * @param {boolean} [options.scroll] scroll the entry into view (default true)
 * @returns {{target: Element|null, marks: HTMLElement[]}}
 */
export function highlight({ words = wordsFromUrl(), anchor = anchorFromUrl(), root = defaultRoot(), scroll = true } = {}) {
  // The id of an element outside the article (a footnote, a comment) is only followed for
  // an entry's anchor or a link from search.
  const target = anchor && (ANCHOR.test(anchor) || words.length) ? findEntry(anchor, root) : null;
  if (target) showTarget(target, scroll);
  const marks = markWords(target ?? root, words);
  return { target, marks };
}

/** On load, and when the hash moves to another entry. */
function start() {
  highlight();
  window.addEventListener('hashchange', () => {
    const anchor = anchorFromUrl();
    const target = ANCHOR.test(anchor) ? findEntry(anchor) : null;
    if (target) showTarget(target, true);
    else for (const previous of document.querySelectorAll(`.${TARGET_CLASS}`)) previous.classList.remove(TARGET_CLASS);
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
