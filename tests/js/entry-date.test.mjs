// The entry-date grammar of www/quire-entry-date.js (used by quire-highlight.js) against
// tests/fixtures/entry-dates.json, the examples that the Rust tests check src/date.rs against.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { entryDatePrefix, leadingEntryDate, monthNumber } from '../../www/quire-entry-date.js';

const FIXTURE = new URL('../fixtures/entry-dates.json', import.meta.url);
const { examples } = JSON.parse(readFileSync(FIXTURE, 'utf8'));

test('the fixture covers entries and non-entries of every form', () => {
  const entries = examples.filter((example) => example.entry);
  assert.ok(entries.length >= 10 && examples.length - entries.length >= 10, `${entries.length} entries of ${examples.length}`);
  for (const line of ['May 12-13:', 'May 12–13:', '12-13 May:', 'December 30:', '29 January 2025 —', 'Jan. 29:', '2025-05-11:']) {
    assert.ok(entries.some((example) => example.line.startsWith(line)), line);
  }
  // `warning` marks the non-entries the build warns about (Rust only: the browser reads
  // entries, it does not check corpora).
  for (const example of examples) {
    const keys = example.entry ? ['edition', 'entry', 'line', 'rest'] : ['edition', 'entry', 'line', ...(example.warning ? ['warning'] : [])];
    assert.deepEqual(Object.keys(example).sort(), keys, example.line);
  }
});

test('every example reads as the index builder reads it', () => {
  for (const { line, edition, entry, rest } of examples) {
    const found = leadingEntryDate(line, edition);
    if (entry === null) {
      assert.equal(found, null, `${JSON.stringify(line)} is not an entry (edition ${edition})`);
    } else {
      assert.equal(found?.date, entry, `${JSON.stringify(line)} (edition ${edition})`);
      assert.equal(line.slice(found.length), rest, `what is left of ${JSON.stringify(line)}`);
    }
  }
});

test('without an edition, the day and month of every entry are found, the year when written', () => {
  for (const { line, entry } of examples) {
    if (entry === null) continue;
    const prefix = entryDatePrefix(line);
    assert.ok(prefix, line);
    const [year, month, day] = entry.split('-').map(Number);
    assert.deepEqual([prefix.month, prefix.day], [month, day], line);
    if (prefix.year !== null) assert.equal(prefix.year, year, line);
  }
  // Without a year, a day is checked against the longest month it may be.
  assert.deepEqual(entryDatePrefix('February 29: x'), { year: null, month: 2, day: 29, length: 12 });
  assert.equal(entryDatePrefix('February 30: x'), null);
});

test('month names and their abbreviations', () => {
  assert.equal(monthNumber('Sept.'), 9);
  assert.equal(monthNumber('MAY'), 5);
  assert.equal(monthNumber('Jan..'), 1);
  assert.equal(monthNumber('Ju'), 0);
  assert.equal(monthNumber('Janua'), 0);
  assert.equal(monthNumber('Mayo'), 0);
});
