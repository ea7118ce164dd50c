// www/quire-options.js and the pure part of www/quire-split.js: the widget's attributes, which
// facets show, and the parts of the split bar.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browseMode, fixedFilters, hiddenFacets, showsFacet, splitFacet } from '../../www/quire-options.js';
import { focusesSearch } from '../../www/quire-searchbox.js';
import { spans, splitOf } from '../../www/quire-split.js';

test('browse: newest by default, none when asked', () => {
  assert.equal(browseMode(null), 'newest');
  assert.equal(browseMode('newest'), 'newest');
  assert.equal(browseMode(' None '), 'none');
  assert.equal(browseMode('whatever'), 'newest');
});

test('fixed filters in URL query syntax', () => {
  assert.deepEqual(fixedFilters('series=Iran Media Review'), { series: ['Iran Media Review'] });
  assert.deepEqual(fixedFilters('kind=Analysis&kind=Event&year=2025'), { kind: ['Analysis', 'Event'], year: ['2025'] });
  assert.deepEqual(fixedFilters('outlet=Donya-ye%20Eqtesad&empty='), { outlet: ['Donya-ye Eqtesad'] });
  assert.deepEqual(fixedFilters(''), {});
  assert.deepEqual(fixedFilters(null), {});
  assert.deepEqual(Object.keys(fixedFilters('__proto__=x')), ['__proto__']);
});

test('which facets show', () => {
  const facet = (name, ...values) => ({ name, values: values.map(([count, selected = false]) => ({ count, selected })) });
  const single = hiddenFacets(null);
  assert.deepEqual(single, { single: true, names: new Set() });
  // One value that every result has: choosing it would change nothing.
  assert.equal(showsFacet(facet('series', [6]), single, [], 6), false);
  // One value that some results lack: it narrows.
  assert.equal(showsFacet(facet('series', [5]), single, [], 7), true);
  // Chosen: shown, so that it can be unchosen.
  assert.equal(showsFacet(facet('series', [6, true]), single, [], 6), true);
  assert.equal(showsFacet(facet('kind', [6], [4]), single, [], 10), true);
  assert.equal(showsFacet(facet('kind'), single, [], 10), false);
  // Fixed by the page, or hidden by name.
  assert.equal(showsFacet(facet('kind', [6], [4]), single, ['kind'], 10), false);
  const named = hiddenFacets('single, author year');
  assert.deepEqual(named, { single: true, names: new Set(['author', 'year']) });
  assert.equal(showsFacet(facet('author', [6], [4]), named, [], 10), false);
  // hide-facets="" shows single values too.
  assert.equal(showsFacet(facet('series', [6]), hiddenFacets(''), [], 6), true);
});

test('the split facet', () => {
  assert.equal(splitFacet(null), 'leaning');
  assert.equal(splitFacet('kind'), 'kind');
  assert.equal(splitFacet('none'), null);
  assert.equal(splitFacet(''), null);
});

test('the split: parts with counts, and their spans along the bar', () => {
  const facets = [{ name: 'leaning', label: 'Leaning', values: [{ value: 'reformist', count: 3, selected: false }, { value: 'centrist', count: 1, selected: true }, { value: 'x', count: 0, selected: false }] }];
  assert.deepEqual(splitOf(facets, 'leaning'), { label: 'Leaning', parts: facets[0].values.slice(0, 2), sum: 4 });
  assert.equal(splitOf(facets, 'outlet'), null);
  assert.equal(splitOf([{ name: 'leaning', label: 'L', values: [] }], 'leaning'), null);
  const [a, b] = spans([3, 1]);
  assert.equal(a.x, 0);
  // Three to one, with the gap between them, filling the bar.
  assert.ok(Math.abs(a.width / b.width - 3) < 0.01, `${a.width} / ${b.width}`);
  assert.ok(Math.abs(b.x + b.width - 1000) < 0.2);
  // A tiny part keeps a width that can be seen and clicked.
  const tiny = spans([1000, 1]);
  assert.ok(tiny[1].width >= 7.9, String(tiny[1].width));
  assert.ok(Math.abs(tiny[1].x + tiny[1].width - 1000) < 0.2);
});

test('the keys that focus the search box', () => {
  const key = (key, mods = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, defaultPrevented: false, ...mods });
  assert.equal(focusesSearch(key('/'), false), true);
  assert.equal(focusesSearch(key('/'), true), false, '"/" typed into a field is a character');
  assert.equal(focusesSearch(key('k', { ctrlKey: true }), true), true, 'Ctrl+K, even from a field');
  assert.equal(focusesSearch(key('K', { metaKey: true }), false), true);
  assert.equal(focusesSearch(key('k'), false), false);
  assert.equal(focusesSearch(key('k', { ctrlKey: true, shiftKey: true }), false), false);
  assert.equal(focusesSearch(key('k', { ctrlKey: true, altKey: true }), false), false);
  assert.equal(focusesSearch(key('/', { ctrlKey: true }), false), false);
  assert.equal(focusesSearch(key('k', { ctrlKey: true, defaultPrevented: true }), false), false, 'the page took it');
});
