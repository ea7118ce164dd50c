// Hostile input to the widget's pure parts (issue 14 row 11): a pasted wall of combining
// marks, or a link carrying one, is cut before anything lays it out or sends it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { echo, statusText } from '../../www/quire-messages.js';
import { Strings } from '../../www/quire-strings.js';
import { clip, emptyState, MAX_QUERY_LENGTH, readState } from '../../www/quire-url-state.js';

const WALL = `a${'\u0301'.repeat(50_000)}`;
const t = new Strings();

test('a query from a link is cut to the length the search box takes', () => {
  const state = readState(`?q=${encodeURIComponent(WALL)}`);
  assert.equal(state.q.length, MAX_QUERY_LENGTH);
  assert.ok(state.q.startsWith('a\u0301'));
});

test('cutting never splits a surrogate pair', () => {
  const emoji = '😀'.repeat(10); // 20 UTF-16 units
  assert.equal(clip(emoji, 5), '😀😀');
  assert.equal(clip(emoji, 4), '😀😀');
  assert.equal(clip('abc', 10), 'abc');
});

test('the status line repeats the beginning of a long query only', () => {
  const state = { ...emptyState(), q: WALL };
  const text = statusText(state, { total: 0, unmatched: [] }, t);
  assert.ok(text.length < 120, `${text.length} characters`);
  assert.ok(text.startsWith('No results for “a\u0301'));
  assert.ok(text.includes('…”'));
  assert.equal(echo('zarif shargh'), 'zarif shargh');
  const many = statusText({ ...emptyState(), q: 'talks '.repeat(100) }, { total: 3, unmatched: [], corrections: [] }, t);
  assert.ok(many.startsWith('3 results for “talks talks'), many);
  assert.ok(many.length < 120, many);
});
