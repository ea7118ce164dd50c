/**
 * What `<quire-search>` says beside its results, besides the status line: why search is
 * unavailable (an alert that replaces the results, with the technical details folded away),
 * "Did you mean …?", and what to try when nothing matched. Words from `quire-messages.js`
 * and `quire-strings.js`; text only.
 * @module quire-notices
 */

import { h } from './quire-dom.js';
import { KINDS } from './quire-errors.js';
import { FAILURES, noResultsAdvice } from './quire-messages.js';

/** The notices: {@link Notices.failure} and {@link Notices.suggest} go under the status line, {@link Notices.empty} in place of the results. */
export class Notices {
  #t;

  /**
   * @param {import('./quire-strings.js').Strings} t
   * @param {{onSuggestion: (query: string) => void, onClearFilters: () => void}} actions the
   *   reader took the suggestion, or cleared the filters
   */
  constructor(t, actions) {
    this.#t = t;
    this.actions = actions;
    this.failure = h('div', { class: 'failure', part: 'error', role: 'alert', hidden: true });
    this.suggest = h('p', { class: 'suggest', part: 'suggest', hidden: true });
    this.empty = h('div', { class: 'no-results', hidden: true });
  }

  /**
   * Shows why search is unavailable, worded for visitors, with the details for developers.
   * @param {unknown} error a QuireError (its `kind`), or anything else (an engine failure)
   */
  fail(error) {
    const t = this.#t;
    const kind = Object.hasOwn(FAILURES, error?.kind) ? error.kind : KINDS.engine;
    const [title, advice] = FAILURES[kind];
    this.failure.dataset.kind = kind;
    this.failure.replaceChildren(
      h('p', { class: 'failure-title' }, t.text(title)),
      h('p', {}, t.text(advice)),
      h('details', {}, h('summary', {}, t.text('details')), h('code', {}, String(error?.message ?? error))),
    );
    this.failure.hidden = false;
    this.showSuggestion(null);
    this.showEmpty(null);
  }

  /** No failure to show. */
  clearFailure() {
    this.failure.hidden = true;
  }

  /**
   * "Did you mean …?" with the query as a button, or nothing.
   * @param {string|null} suggestion
   */
  showSuggestion(suggestion) {
    this.suggest.hidden = !suggestion;
    if (!suggestion) return;
    const button = h('button', { type: 'button', class: 'link' }, suggestion);
    button.addEventListener('click', () => this.actions.onSuggestion(suggestion));
    const [before, after = ''] = this.#t.text('suggest').split('{suggestion}');
    this.suggest.replaceChildren(before, button, after);
  }

  /**
   * What to try when nothing matched, or nothing (null).
   * @param {{unmatched: string[], filtered: boolean}|null} nothing the words that match no
   *   article, and whether filters are set (then they can be cleared)
   */
  showEmpty(nothing) {
    const t = this.#t;
    this.empty.hidden = !nothing;
    if (!nothing) return;
    const advice = h('ul', {}, ...noResultsAdvice(nothing.unmatched, t).map((text) => h('li', {}, text)));
    const children = [h('p', { class: 'no-results-title' }, t.text('nothing')), advice];
    if (nothing.filtered) {
      const clear = h('button', { type: 'button', class: 'link' }, t.text('clearFilters'));
      clear.addEventListener('click', () => this.actions.onClearFilters());
      children.push(clear);
    }
    this.empty.replaceChildren(...children);
  }
}
