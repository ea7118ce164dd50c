// www/quire-strings.js and www/quire-strings-fa.js: every word overridable, English the
// fallback of every key, Persian complete and well formed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import FA from '../../www/quire-strings-fa.js';
import { EN, fill, mergeTables, richPieces, Strings } from '../../www/quire-strings.js';

const WWW = new URL('../../www/', import.meta.url);
/** Placeholders of a string, or of every form of a plural. */
const placeholders = (value) =>
  new Set((typeof value === 'string' ? [value] : Array.isArray(value) ? [] : Object.values(value)).flatMap((s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1])));

test('a missing or malformed override falls back to English, and says which keys it ignored', () => {
  const t = new Strings({ label: 'Search the review', results: { one: '{n} hit', other: '{n} hits' }, placeholder: 7, nosuchkey: 'x', tips: 'nope', entries: { one: '{n} item' } });
  assert.equal(t.text('label'), 'Search the review');
  assert.equal(t.count('results', 1), '1 hit');
  assert.equal(t.count('results', 1200), '1,200 hits');
  assert.equal(t.text('placeholder'), EN.placeholder);
  assert.deepEqual(t.raw('tips'), EN.tips);
  // Plural forms without `other` are the wrong shape.
  assert.equal(t.count('entries', 2), '2 entries');
  assert.deepEqual(t.ignored.sort(), ['entries', 'nosuchkey', 'placeholder', 'tips']);
  assert.deepEqual(new Strings(null, undefined, 'junk').ignored, []);
});

test('a count says what it counts: entries, articles without entries, or both', () => {
  const t = new Strings();
  assert.equal(t.units({ count: 3, articles: 0 }, 'entries'), '3 entries');
  assert.equal(t.units({ count: 3, articles: 1 }, 'entries'), '2 entries and 1 article');
  assert.equal(t.units({ count: 2, articles: 1 }, 'entries'), '1 entry and 1 article');
  assert.equal(t.units({ count: 1, articles: 1 }, 'entries'), '1 article');
  // Results of articles: the view's own word for them; entries are still entries.
  assert.equal(t.units({ count: 2, articles: 2 }, 'articles', 'results'), '2 results');
  assert.equal(t.units({ count: 2, articles: 0 }, 'articles', 'results'), '2 entries');
  // An engine that does not say: the results' unit.
  assert.equal(t.units({ count: 2 }, 'entries'), '2 entries');
  assert.equal(t.units({ count: 2 }, 'articles', 'results'), '2 results');
  assert.equal(new Strings(FA).units({ count: 3, articles: 1 }, 'entries'), '۲ مدخل و ۱ مقاله');
});

test('later tables win; facet labels and values merge name by name', () => {
  const { table } = mergeTables({ facetLabels: { leaning: 'A' }, values: { leaning: { reformist: 'R' } } }, { facetLabels: { outlet: 'B' }, values: { leaning: { centrist: 'C' } } });
  assert.deepEqual(table.facetLabels, { leaning: 'A', outlet: 'B' });
  assert.deepEqual(table.values.leaning, { reformist: 'R', centrist: 'C' });
  const t = new Strings(FA, { label: 'جست‌وجو' });
  assert.equal(t.text('label'), 'جست‌وجو');
  assert.equal(t.text('close'), FA.close);
  assert.equal(t.facetLabel('leaning', 'Leaning'), 'گرایش');
  assert.equal(t.facetLabel('custom', 'Custom'), 'Custom');
  assert.equal(t.value('leaning', 'reformist'), 'اصلاح‌طلب');
  assert.equal(t.value('leaning', 'unknown'), 'unknown');
  // EN is not changed by merging.
  assert.deepEqual(EN.facetLabels, {});
});

test('placeholders, rich strings, numbers and dates', () => {
  assert.equal(fill('{a} and {b} and {c}', { a: 1, b: 'x' }), '1 and x and {c}');
  assert.deepEqual(richPieces('Press {kbd:/} or {code:a b}.'), ['Press ', { kind: 'kbd', text: '/' }, ' or ', { kind: 'code', text: 'a b' }, '.']);
  const t = new Strings();
  assert.equal(t.day('2025-01-31'), '31 Jan 2025');
  assert.equal(t.day('not a day'), 'not a day');
  assert.equal(t.month('2025-01'), 'January 2025');
  assert.equal(t.month('2025-01', true), 'Jan 2025');
  assert.equal(t.month('2025'), '2025');
  assert.equal(t.quoteAny(['a', 'b']), '“a” or “b”');
  const fa = new Strings(FA);
  assert.equal(fa.number(1234), '۱٬۲۳۴');
  assert.equal(fa.month('2025'), '۲۰۲۵');
  // Gregorian dates with Persian month names, as the archive's dates are.
  assert.equal(fa.day('2025-01-31'), '۳۱ ژانویه ۲۰۲۵');
  assert.equal(fa.month('2025-05'), 'مهٔ ۲۰۲۵');
  assert.equal(fa.count('results', 3), '۳ نتیجه');
  assert.equal(fa.quote('talks'), '«talks»');
});

test('the Persian table has the keys and placeholders of the English one, in Persian', () => {
  for (const [key, value] of Object.entries(FA)) {
    assert.ok(Object.hasOwn(EN, key), `${key} is not an English key`);
    if (['facetLabels', 'values', 'tips'].includes(key)) continue;
    assert.deepEqual([...placeholders(value)].sort(), [...placeholders(EN[key])].sort(), `placeholders of ${key}`);
  }
  // Every visible string is translated (numbers, codes and the query syntax aside).
  const untranslated = Object.keys(EN).filter((key) => !Object.hasOwn(FA, key));
  assert.deepEqual(untranslated, []);
  const persian = /[\u0600-\u06ff]/;
  for (const [key, value] of Object.entries(FA)) {
    if (typeof value === 'string' && !['locale', 'calendar', 'quote', 'separator', 'filter', 'personRole', 'periodCount', 'entriesIn', 'placeholder'].includes(key)) {
      assert.match(value, persian, key);
    }
  }
  assert.equal(new Strings(FA).ignored.length, 0);
  // Persian is written with the Persian forms of letters: no Arabic yeh or kaf.
  assert.doesNotMatch(JSON.stringify(FA), /[\u064a\u0643]/);
});

test('no widget module writes a visible English word of its own', () => {
  // Views take their words from the table: a quoted capitalised English phrase in a view is
  // a string that could not be overridden.
  const views = readdirSync(WWW).filter((name) => /^quire-(search|searchbox|results|facets|timeline|split|chips|drawer|notices)\.js$/.test(name));
  assert.ok(views.length >= 9);
  for (const name of views) {
    const code = readFileSync(new URL(name, WWW), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const phrases = [...code.matchAll(/'([A-Z][a-z]+(?: [a-z]+)+[^']*)'/g)].map((m) => m[1]);
    assert.deepEqual(phrases, [], name);
  }
});

test('the language facet names its tags in the widget’s language; a table may still name them', () => {
  assert.equal(new Strings().value('language', 'fr'), 'French');
  assert.equal(new Strings().value('language', 'pt-BR'), 'Brazilian Portuguese');
  assert.equal(new Strings(FA).value('language', 'en'), 'انگلیسی');
  assert.equal(new Strings({ values: { language: { fr: 'Français' } } }).value('language', 'fr'), 'Français');
  // Not a language tag: shown as it is.
  assert.equal(new Strings().value('language', 'not a tag!'), 'not a tag!');
  // Only the language facet is named so.
  assert.equal(new Strings().value('outlet', 'fr'), 'fr');
});
