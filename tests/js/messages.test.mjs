// www/quire-messages.js: what the widget says about a search's outcome, in English and Persian.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corrected, countsOf, noResultsAdvice, readingOf, statusText, suggestionFor, unitsText } from '../../www/quire-messages.js';
import FA from '../../www/quire-strings-fa.js';
import { Strings } from '../../www/quire-strings.js';
import { emptyState } from '../../www/quire-url-state.js';

const t = new Strings();
const fa = new Strings(FA);
const results = (fields) => ({ total: 0, unmatched: [], corrections: [], suggestion: null, ...fields });
const labels = { leaning: 'Leaning', outlet: 'Outlet', kind: 'Kind' };
const labelOf = (name) => labels[name] ?? name;
const status = (state, fields, strings = t) => statusText({ ...emptyState(), ...state }, results(fields), strings, (name) => strings.facetLabel(name, labelOf(name)));

test('the status line', () => {
  assert.equal(status({}, { total: 2060 }), '2,060 articles in the archive, newest first');
  assert.equal(status({ sort: 'oldest', filters: { kind: ['Event'] } }, { total: 1 }), '1 article, oldest first · Kind: Event');
  assert.equal(status({ filters: { kind: ['Event'] } }, {}), 'No articles match · Kind: Event');
  assert.equal(status({ q: ' talks ' }, { total: 12 }), '12 results for “talks”');
  assert.equal(status({ q: 'talks' }, { total: 0, unmatched: ['talks'] }), 'No results for “talks”: no article contains “talks”.');
  assert.equal(status({ q: 'talks', filters: { kind: ['Event'] } }, { total: 0 }), 'No results for “talks” · Kind: Event');
  assert.equal(
    status({ q: 'talks qwerty asdf' }, { total: 3, partial: true, unmatched: ['qwerty', 'asdf'] }),
    'No article contains “qwerty” or “asdf”. Showing 3 results for the other words.',
  );
  assert.equal(
    status({ q: 'zarfi talks' }, { total: 4, corrections: [{ word: 'zarfi', replacement: 'zarif' }] }),
    '4 results for “zarfi talks” (as “zarif talks”)',
  );
  assert.match(status({ q: 'talks' }, { total: 1, truncated: true }), /^1 result for “talks” Only the first words/);
});

test('the status line names the filters and dates, and counts entries when the engine does', () => {
  const state = { q: 'talks', filters: { leaning: ['reformist'] }, from: '2024', to: '2025' };
  // As the issue asks: entries in articles, then each filter, then the dates.
  assert.equal(status(state, { total: 2, unit: 'entries', entryTotal: 3 }), '3 entries in 2 articles for “talks” · Leaning: reformist · 2024–2025');
  assert.equal(status(state, { total: 1, unit: 'entries', entryTotal: 1 }), '1 entry in 1 article for “talks” · Leaning: reformist · 2024–2025');
  // Results that do not say what they count are counted as articles.
  assert.equal(status(state, { total: 2 }), '2 results for “talks” · Leaning: reformist · 2024–2025');
  assert.equal(status(state, { total: 2, unit: 'entries' }), '2 results for “talks” · Leaning: reformist · 2024–2025');
  // Several values of a facet are alternatives; months and open ranges.
  assert.equal(
    status({ filters: { outlet: ['Shargh', 'Kayhan'] }, from: '2025-01', to: '2025-05' }, { total: 4, unit: 'entries', entryTotal: 6 }),
    '6 entries in 4 articles, newest first · Outlet: Shargh or Kayhan · Jan 2025 – May 2025',
  );
  assert.equal(status({ from: '2025-01', to: '2025-01' }, { total: 1 }), '1 article, newest first · January 2025');
  assert.equal(status({ from: '2025-01' }, { total: 4 }), '4 articles, newest first · since Jan 2025');
  assert.equal(status({ to: '2024-06-30' }, { total: 4 }), '4 articles, newest first · until 30 Jun 2024');
  assert.deepEqual(countsOf(results({ total: 2, unit: 'entries', entryTotal: 5 })), { unit: 'entries', articles: 2, entries: 5, plain: 0 });
  assert.deepEqual(countsOf(results({ total: 2 })), { unit: 'articles', articles: 2, entries: null, plain: 0 });
  // Articles without entries only count beside entries.
  assert.deepEqual(countsOf(results({ total: 3, unit: 'articles', entryTotal: 0, articleTotal: 3 })), { unit: 'articles', articles: 3, entries: 0, plain: 0 });
});

test('results that mix entries and articles without entries say so', () => {
  const mixed = { total: 4, unit: 'entries', entryTotal: 5, articleTotal: 1 };
  assert.equal(status({ q: 'rome' }, mixed), '5 entries in 3 articles and 1 other article for “rome”');
  assert.equal(status({ q: 'rome' }, { ...mixed, total: 5, articleTotal: 2 }), '5 entries in 3 articles and 2 other articles for “rome”');
  assert.equal(status({ q: 'rome' }, { ...mixed, articleTotal: 0 }), '5 entries in 4 articles for “rome”');
  assert.equal(unitsText(countsOf(results(mixed)), t), '5 entries and 1 article');
  assert.equal(unitsText(countsOf(results({ total: 4 })), t), '4 results');
  assert.equal(status({ q: 'rome' }, mixed, fa), '۵ مدخل در ۳ مقاله و ۱ مقالهٔ دیگر برای «rome»');
  assert.equal(unitsText(countsOf(results(mixed)), fa), '۵ مدخل و ۱ مقاله');
});

test('the status line in Persian: Persian digits, quotation marks and separators', () => {
  const state = { q: 'talks', filters: { leaning: ['reformist'] }, from: '2024', to: '2025' };
  assert.equal(status(state, { total: 2, unit: 'entries', entryTotal: 3 }, fa), '۳ مدخل در ۲ مقاله برای «talks» · گرایش: اصلاح‌طلب · ۲۰۲۴ تا ۲۰۲۵');
  assert.equal(status({}, { total: 2060 }, fa), '۲٬۰۶۰ مقاله در آرشیو، تازه‌ترین‌ها نخست');
  assert.equal(status({ q: 'qwerty' }, { total: 0, unmatched: ['qwerty'] }, fa), 'برای «qwerty» نتیجه‌ای پیدا نشد: هیچ مقاله‌ای «qwerty» را ندارد.');
});

test('the status line says how the query was read: corrected, completed, also read otherwise', () => {
  assert.equal(
    status({ q: 'electing mayo' }, { total: 12, completions: [{ word: 'mayo', replacement: 'mayor' }] }),
    '12 results for “electing mayo” (as “electing mayor…”)',
  );
  assert.equal(
    status({ q: 'chose fear kennedy' }, { total: 5, alsoReadAs: [{ word: 'chose', replacement: 'choose' }] }),
    '5 results for “chose fear kennedy” (also as “choose fear kennedy”)',
  );
  const both = { total: 5, corrections: [{ word: 'kenedy', replacement: 'Kennedy' }], alsoReadAs: [{ word: 'chose', replacement: 'choose' }] };
  assert.equal(status({ q: 'chose fear kenedy' }, both), '5 results for “chose fear kenedy” (as “chose fear Kennedy”, also as “choose fear Kennedy”)');
  assert.equal(
    status({ q: 'chose fear kenedy' }, both, fa),
    '۵ نتیجه برای «chose fear kenedy» (به‌صورت «chose fear Kennedy»، همچنین به‌صورت «choose fear Kennedy»)',
  );
  // The reading comes before the filters, which narrow what was read.
  assert.equal(
    status({ q: 'subwy', filters: { kind: ['Event'] } }, { total: 1, corrections: [{ word: 'subwy', replacement: 'Subway' }] }),
    '1 result for “subwy” (as “Subway”) · Kind: Event',
  );
  assert.equal(
    status({ q: 'oros kazakx' }, { total: 3, partial: true, unmatched: ['oros'], corrections: [{ word: 'kazakx', replacement: 'Kazakh' }] }),
    'No article contains “oros”. Showing 3 results (as “oros Kazakh”) for the other words.',
  );
  assert.equal(readingOf('1 result', 'talks', results({ total: 1 }), t), '1 result');
});

test('"Did you mean" only when it says more than the corrections', () => {
  const state = { ...emptyState(), q: 'zarfi' };
  assert.equal(suggestionFor(state, results({ suggestion: 'zarif' })), 'zarif');
  assert.equal(suggestionFor(state, results({ suggestion: 'zarif', corrections: [{ word: 'zarfi', replacement: 'zarif' }] })), null);
  assert.equal(suggestionFor(emptyState(), results({ suggestion: 'zarif' })), null);
  assert.equal(corrected('a b a', [{ word: 'a', replacement: 'c' }]), 'c b a');
});

test('advice when nothing matched', () => {
  assert.deepEqual(noResultsAdvice([], t).length, 1);
  assert.match(noResultsAdvice(['qwerty'], t)[0], /“qwerty”, or leave it out/);
  assert.match(noResultsAdvice(['a', 'b', 'c'], t)[0], /“a”, “b” or “c”, or leave them out/);
  assert.match(noResultsAdvice(['a', 'b'], fa)[0], /آن‌ها را کنار بگذارید/);
});
