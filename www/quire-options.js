/**
 * The attributes that configure `<quire-search>`, read into plain values (pure, for Node):
 *
 * - `browse="newest"` (the default) shows the newest articles when the widget comes into
 *   view, as an archive page wants; `browse="none"` loads nothing until the search box is
 *   used, as a search box in a site's header wants.
 * - `fixed-filters="series=Iran Media Review"` (URL query syntax: `&` between filters, a name
 *   repeated for several values) applies filters the page stands for, on every search: the
 *   series' own page searches the series. They are not in the URL, have no chip, and their
 *   facets are hidden.
 * - `hide-facets="single"` (the default) hides facets that offer a single value that every
 *   result has (choosing it would change nothing); facet names hide those facets too
 *   (`hide-facets="single author year"`); `hide-facets=""` shows every facet.
 * - `split="leaning"` (the default) names the facet whose split the bar above the results
 *   shows, `split="none"` shows none.
 * @module quire-options
 */

/**
 * @param {string|null} value the `browse` attribute
 * @returns {'newest'|'none'}
 */
export function browseMode(value) {
  return value?.trim().toLowerCase() === 'none' ? 'none' : 'newest';
}

/**
 * @param {string|null} value the `fixed-filters` attribute
 * @returns {Record<string, string[]>} facet → values
 */
export function fixedFilters(value) {
  const filters = [];
  if (!value) return {};
  const params = new URLSearchParams(value.trim());
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name).map((v) => v.trim()).filter(Boolean);
    if (name.trim() && values.length) filters.push([name.trim(), values]);
  }
  // Built from entries, so that a facet named `__proto__` is a key like any other.
  return Object.fromEntries(filters);
}

/**
 * @param {string|null} value the `hide-facets` attribute
 * @returns {{single: boolean, names: Set<string>}} whether single-valued facets are hidden,
 *   and the facets always hidden
 */
export function hiddenFacets(value) {
  const tokens = (value ?? 'single').split(/[\s,]+/).filter(Boolean);
  return { single: tokens.includes('single'), names: new Set(tokens.filter((token) => token !== 'single')) };
}

/**
 * @param {string|null} value the `split` attribute
 * @returns {string|null} the facet to split the results by, or null
 */
export function splitFacet(value) {
  const name = (value ?? 'leaning').trim();
  return name && name.toLowerCase() !== 'none' ? name : null;
}

/**
 * Whether the facets panel shows `facet`: not when the page fixes it or the attribute hides
 * it, nor (with `single`) when it offers one value, not selected, that every result has.
 * @param {{name: string, values: Array<{count: number, selected: boolean}>}} facet
 * @param {{single: boolean, names: Set<string>}} hidden
 * @param {Set<string>|string[]} fixed facets the page fixes
 * @param {number} total results in the unit the facet counts
 */
export function showsFacet(facet, hidden, fixed, total) {
  if (new Set(fixed).has(facet.name) || hidden.names.has(facet.name)) return false;
  if (!hidden.single || facet.values.length !== 1) return facet.values.length > 0;
  const [only] = facet.values;
  return only.selected || only.count < total;
}
