/**
 * The search box of `<quire-search>`: its label with "Search tips" beside it (so that the
 * field has the whole width, and its placeholder room on a phone), and the field, a combobox
 * that controls the result list. The tips fold away on Escape or a click elsewhere.
 * @module quire-searchbox
 */

import { h, rich, svg } from './quire-dom.js';
import { MAX_QUERY_LENGTH } from './quire-url-state.js';

/**
 * Whether a keystroke on the page is one that focuses the search box: "/" (unless it goes to
 * something that takes text, where it is a character), or Ctrl+K or ⌘K (anywhere). A key a
 * page script already took (`defaultPrevented`) is left to it.
 * @param {{key: string, ctrlKey: boolean, metaKey: boolean, altKey: boolean, shiftKey: boolean, defaultPrevented: boolean}} event
 * @param {boolean} intoText the key goes to a field that takes text
 */
export function focusesSearch(event, intoText) {
  if (event.defaultPrevented || event.altKey) return false;
  const commandK = (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'k';
  const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !intoText;
  return commandK || slash;
}

/**
 * Builds the search box.
 * @param {import('./quire-strings.js').Strings} t
 * @returns {{element: HTMLElement, input: HTMLInputElement, help: HTMLDetailsElement}}
 */
export function searchBox(t) {
  const input = h('input', {
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
    placeholder: t.text('placeholder'),
    // A query keeps its own direction, whatever the page's.
    dir: 'auto',
    // What the engine reads of a query, and no wall of pasted text to lay out.
    maxlength: String(MAX_QUERY_LENGTH),
  });

  const icon = svg(
    'svg',
    { class: 'icon', viewBox: '0 0 24 24', 'aria-hidden': 'true' },
    svg('path', { d: 'M10.5 3a7.5 7.5 0 0 1 5.92 12.1l4.74 4.74-1.42 1.42-4.74-4.74A7.5 7.5 0 1 1 10.5 3Zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z' }),
  );

  const tips = h('dl', { class: 'tips' });
  for (const [example, meaning] of t.raw('tips')) {
    tips.append(h('div', {}, h('dt', {}, h('code', { dir: 'ltr' }, example)), h('dd', {}, meaning)));
  }
  const help = h(
    'details',
    { class: 'help', part: 'help' },
    h('summary', {}, t.text('tipsTitle')),
    h('div', { class: 'help-body' }, tips, h('p', {}, ...rich(t.text('tipsTyping')))),
  );
  help.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && help.open) {
      event.preventDefault();
      help.open = false;
      help.querySelector('summary').focus();
    }
  });

  const field = h('div', { class: 'field' }, icon, input, h('kbd', { class: 'slash', 'aria-hidden': 'true', title: t.text('slashTitle') }, '/'));
  const element = h(
    'div',
    { class: 'search', role: 'search' },
    h('div', { class: 'label-row' }, h('label', { for: 'input', class: 'label' }, t.text('label')), help),
    field,
    h('p', { id: 'keys', class: 'visually-hidden' }, t.text('keys')),
  );
  return { element, input, help };
}
