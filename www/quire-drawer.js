/**
 * The filters drawer of `<quire-search>` on narrow screens: a modal `<dialog>` that the
 * filters panel moves into while it is open (beside the results there is no room for it), with
 * a close button and "Show N results", which counts the results as filters change behind it.
 * Escape, the close button or "Show N results" close it; the panel then goes back to its place
 * and focus to the button that opened it. Being modal, the page behind it is inert.
 * @module quire-drawer
 */

import { h } from './quire-dom.js';

/** The drawer: {@link Drawer.element} goes anywhere in the widget (a modal dialog is drawn on top). */
export class Drawer {
  #panel;
  #opener = null;
  #home = null;
  #show;
  #onToggle;

  /**
   * @param {HTMLElement} panel the filters panel, moved in while open
   * @param {import('./quire-strings.js').Strings} t
   * @param {(open: boolean) => void} onToggle the drawer opened or closed
   */
  constructor(panel, t, onToggle) {
    this.#panel = panel;
    this.#onToggle = onToggle;
    const close = h('button', { type: 'button', class: 'drawer-close', part: 'drawer-close' }, t.text('close'));
    close.addEventListener('click', () => this.close());
    this.#show = h('button', { type: 'button', class: 'drawer-show', part: 'drawer-show' }, t.count('showResults', 0));
    this.#show.addEventListener('click', () => this.close());
    this.body = h('div', { class: 'drawer-body' });
    this.element = h(
      'dialog',
      { class: 'drawer', part: 'drawer', 'aria-labelledby': 'drawer-title' },
      h('div', { class: 'drawer-head' }, h('h2', { id: 'drawer-title', class: 'drawer-title' }, t.text('filters')), close),
      this.body,
      h('div', { class: 'drawer-foot' }, this.#show),
    );
    this.element.addEventListener('close', () => this.#restore());
  }

  /** Whether the drawer is open. */
  get open() {
    return this.element.open;
  }

  /**
   * Opens the drawer with the filters panel in it.
   * @param {HTMLElement} opener the control that opened it, which gets focus back
   */
  openFrom(opener) {
    if (this.element.open) return;
    this.#opener = opener;
    this.#home = { parent: this.#panel.parentNode, next: this.#panel.nextSibling };
    this.body.append(this.#panel);
    this.element.showModal();
    this.#onToggle(true);
  }

  close() {
    if (this.element.open) this.element.close();
  }

  /**
   * What "Show N results" says.
   * @param {string} text
   */
  setShowText(text) {
    this.#show.textContent = text;
  }

  /** The panel back in its place, focus back on the opener. */
  #restore() {
    if (this.#home?.parent) this.#home.parent.insertBefore(this.#panel, this.#home.next);
    this.#home = null;
    this.#onToggle(false);
    this.#opener?.focus();
    this.#opener = null;
  }
}
