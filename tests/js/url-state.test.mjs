// www/quire-url-state.js: the widget's search state and the page URL, without a browser.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  activeFilters,
  boundMonth,
  emptyState,
  isIdle,
  onlyFacets,
  parseDateField,
  readState,
  requestFor,
  SORTS,
  writeState,
} from '../../www/quire-url-state.js';

const FACETS = ['kind', 'outlet', 'leaning', 'person', 'year'];

/** The query string of a state written over a page's own parameters. */
const written = (state, page = '', claimed = []) => writeState(state, new URLSearchParams(page), claimed).toString();

describe('reading a URL', () => {
  test('every part of the state', () => {
    assert.deepEqual(readState('?q=zarif+shargh&kind=Analysis&outlet=Shargh&outlet=Kayhan&from=2025-01&to=2025-05-31&sort=oldest', FACETS), {
      q: 'zarif shargh',
      filters: { kind: ['Analysis'], outlet: ['Shargh', 'Kayhan'] },
      from: '2025-01',
      to: '2025-05-31',
      sort: 'oldest',
    });
    assert.deepEqual(readState(new URLSearchParams('q=talks'), FACETS), { ...emptyState(), q: 'talks' });
  });

  test('nothing, or only the page’s own parameters, is the empty state', () => {
    assert.deepEqual(readState(''), emptyState());
    assert.deepEqual(readState('?utm_source=newsletter&fbclid=x&gclid=y&mc_eid=z'), emptyState());
    assert.deepEqual(readState('?ref=home&page=2', FACETS), emptyState());
    assert.equal(isIdle(readState('?ref=home', FACETS)), true);
  });

  test('before the facets are known any other parameter may be a filter; after, only facets', () => {
    const url = '?q=talks&kind=Analysis&ref=home&utm_medium=email';
    assert.deepEqual(readState(url).filters, { kind: ['Analysis'], ref: ['home'] });
    assert.deepEqual(readState(url, FACETS).filters, { kind: ['Analysis'] });
    assert.deepEqual(onlyFacets(readState(url).filters, FACETS), { kind: ['Analysis'] });
    // An unknown filter is dropped, not searched for.
    assert.deepEqual(readState('?nosuchfacet=1&kind=Event', new Set(FACETS)).filters, { kind: ['Event'] });
  });

  test('junk: empty values, unknown sorts, repeated own parameters', () => {
    const state = readState('?q=&kind=&kind=Event&sort=sideways&q=second&from=&to=', FACETS);
    assert.deepEqual(state, { ...emptyState(), filters: { kind: ['Event'] } });
    assert.equal(readState('?sort=').sort, 'relevance');
    assert.equal(readState('?sort=NEWEST').sort, 'relevance');
    for (const sort of SORTS) assert.equal(readState(`?sort=${sort}`).sort, sort);
    // Dates are kept as written: the engine says whether they are valid.
    assert.equal(readState('?from=2024-13').from, '2024-13');
  });

  test('hostile parameter names stay plain keys and change no prototype', () => {
    const state = readState('?__proto__=x&constructor=y&hasOwnProperty=z&toString=w');
    assert.deepEqual(Object.keys(state.filters), ['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    assert.equal(Object.getPrototypeOf(state.filters), Object.prototype);
    assert.deepEqual(state.filters.__proto__, ['x']);
    assert.equal({}.polluted, undefined);
    assert.deepEqual(readState('?__proto__=x&constructor=y', FACETS).filters, {});
    // Markup, control characters and long values are data, kept as they are.
    const long = 'a'.repeat(5000);
    const odd = readState(`?q=${encodeURIComponent('<img src=x onerror=alert(1)>\u0000\u202e')}&kind=${long}`, FACETS);
    assert.equal(odd.q, '<img src=x onerror=alert(1)>\u0000\u202e');
    assert.deepEqual(odd.filters, { kind: [long] });
  });
});

describe('writing a URL', () => {
  test('the widget’s parameters first, in a fixed order, defaults left out', () => {
    assert.equal(
      written({ q: 'zarif', filters: { outlet: ['Shargh', 'Kayhan'] }, from: '2025-01', to: '2025-02', sort: 'newest' }),
      'q=zarif&outlet=Shargh&outlet=Kayhan&from=2025-01&to=2025-02&sort=newest',
    );
    assert.equal(written(emptyState()), '');
    assert.equal(written({ ...emptyState(), q: 'a&b=c d' }), 'q=a%26b%3Dc+d');
  });

  test('the page’s parameters are kept after the widget’s; the widget’s old ones are replaced', () => {
    const page = 'ref=home&q=old&sort=oldest&kind=Event&utm_source=x';
    assert.equal(written({ ...emptyState(), q: 'new' }, page, ['kind']), 'q=new&ref=home&utm_source=x');
    // Facets of the index are the widget's even when the state has no such filter.
    assert.equal(written({ ...emptyState(), q: 'new' }, 'outlet=Shargh&ref=home', FACETS), 'q=new&ref=home');
    // Without the claim, a parameter the widget does not know of is the page's.
    assert.equal(written({ ...emptyState(), q: 'new' }, 'outlet=Shargh', []), 'q=new&outlet=Shargh');
  });

  test('round trips: what is written reads back the same', () => {
    const states = [
      emptyState(),
      { q: 'talks', filters: {}, from: '', to: '', sort: 'relevance' },
      { q: '"supreme leader" -kayhan', filters: { leaning: ['reformist'], person: ['Zarif', 'Araghchi'] }, from: '2025', to: '2025-05-09', sort: 'oldest' },
      { q: 'زریف', filters: { outlet: ['Shargh & Co', 'a=b', '日本'] }, from: '', to: '', sort: 'newest' },
      { q: '', filters: { kind: ['Analysis'] }, from: '2024-12', to: '', sort: 'relevance' },
    ];
    for (const state of states) {
      const search = written(state, 'ref=home&utm_source=x', FACETS);
      assert.deepEqual(readState(search, FACETS), state, search);
      // Before the facets are known, the page's own parameters read as filters too, but
      // not those that campaigns add.
      assert.deepEqual(onlyFacets(readState(search).filters, FACETS), state.filters);
      assert.equal(written(readState(search, FACETS), search, FACETS), search, 'written again, the same URL');
    }
  });
});

describe('what the state asks of the engine', () => {
  test('requests carry only what is set', () => {
    const state = { q: 'talks', filters: { kind: ['Analysis'], outlet: [] }, from: '2025-01', to: '', sort: 'newest' };
    assert.deepEqual(requestFor(state, { offset: 20, limit: 20 }), {
      query: 'talks',
      filters: { kind: ['Analysis'] },
      sort: 'newest',
      limit: 20,
      offset: 20,
      typing: true,
      dateFrom: '2025-01',
    });
    assert.equal('dateTo' in requestFor(state, { offset: 0, limit: 20 }), false);
  });

  test("the widget's language goes with the request, when it has one", () => {
    const state = { ...emptyState(), q: 'journaux' };
    assert.equal(requestFor(state, { offset: 0, limit: 20 }, {}, 'fr-CA').lang, 'fr-CA');
    assert.equal('lang' in requestFor(state, { offset: 0, limit: 20 }, {}, ''), false);
  });

  test('idle, and counting filters', () => {
    assert.equal(isIdle(emptyState()), true);
    assert.equal(isIdle({ ...emptyState(), q: '   ' }), true);
    assert.equal(isIdle({ ...emptyState(), filters: { kind: [] } }), true);
    assert.equal(isIdle({ ...emptyState(), from: '2025' }), false);
    assert.equal(isIdle({ ...emptyState(), filters: { kind: ['Event'] } }), false);
    assert.equal(activeFilters({ ...emptyState(), filters: { kind: ['Event'], outlet: ['A', 'B'] }, from: '2025', to: '2026' }), 5);
  });

  test('date bounds as months', () => {
    assert.equal(boundMonth('2025', 'from'), '2025-01');
    assert.equal(boundMonth('2025', 'to'), '2025-12');
    assert.equal(boundMonth('2025-03-09', 'to'), '2025-03');
    assert.equal(boundMonth('', 'from'), null);
    assert.equal(boundMonth('March', 'from'), null);
  });

  test('what a reader types into a date field', () => {
    assert.equal(parseDateField(''), '');
    assert.equal(parseDateField('  '), '');
    assert.equal(parseDateField('2024'), '2024');
    assert.equal(parseDateField(' 2024-05 '), '2024-05');
    assert.equal(parseDateField('2024-5'), '2024-05');
    assert.equal(parseDateField('2024/05'), '2024-05');
    assert.equal(parseDateField('2024.5.9'), '2024-05-09');
    assert.equal(parseDateField('2024-02-29'), '2024-02-29');
    // Persian and Arabic-Indic digits.
    assert.equal(parseDateField('۲۰۲۵-۰۱'), '2025-01');
    assert.equal(parseDateField('٢٠٢٥'), '2025');
    for (const wrong of ['2024-13', '2024-00', '2023-02-29', '24', '2024-', 'May 2024', '2024-05-1x', '12025']) {
      assert.equal(parseDateField(wrong), null, wrong);
    }
  });

  test('older names of the orders are read as the new ones', () => {
    assert.equal(readState('?q=a&sort=-date').sort, 'newest');
    assert.equal(readState('?q=a&sort=date').sort, 'oldest');
    assert.equal(readState('?q=a&sort=sideways').sort, 'relevance');
  });

  test('the page fixes some filters: they override the state\'s', () => {
    const state = { ...emptyState(), filters: { series: ['Other'], kind: ['Event'] } };
    assert.deepEqual(requestFor(state, { offset: 0, limit: 5 }, { series: ['Iran Media Review'] }).filters, {
      series: ['Iran Media Review'],
      kind: ['Event'],
    });
  });
});
