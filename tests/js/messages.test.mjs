// www/quire-messages.js: what the widget says about a search's outcome.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corrected, noResultsAdvice, readingOf, statusText, suggestionFor } from '../../www/quire-messages.js';
import { emptyState } from '../../www/quire-url-state.js';

const results = (fields) => ({ total: 0, unmatched: [], corrections: [], suggestion: null, ...fields });

test('the status line', () => {
  assert.equal(statusText(emptyState(), results({ total: 2060 })), '2,060 articles in the archive, newest first');
  assert.equal(statusText({ ...emptyState(), sort: 'oldest', filters: { kind: ['Event'] } }, results({ total: 1 })), '1 article, oldest first');
  assert.equal(statusText({ ...emptyState(), filters: { kind: ['Event'] } }, results({})), 'No articles match these filters.');
  const talks = { ...emptyState(), q: ' talks ' };
  assert.equal(statusText(talks, results({ total: 12 })), '12 results for “talks”');
  assert.equal(statusText(talks, results({ total: 0, unmatched: ['talks'] })), 'No results for “talks”: no article contains “talks”.');
  assert.equal(
    statusText({ ...emptyState(), q: 'talks qwerty asdf' }, results({ total: 3, partial: true, unmatched: ['qwerty', 'asdf'] })),
    'No article contains “qwerty” or “asdf”. Showing 3 results for the other words.',
  );
  assert.equal(
    statusText({ ...emptyState(), q: 'zarfi talks' }, results({ total: 4, corrections: [{ word: 'zarfi', replacement: 'zarif' }] })),
    '4 results for “zarfi talks” (as “zarif talks”)',
  );
  assert.match(statusText(talks, results({ total: 1, truncated: true })), /^1 result for “talks” Only the first words/);
});

test('the status line says how the query was read: corrected, completed, also read otherwise', () => {
  const typing = { ...emptyState(), q: 'electing mayo' };
  assert.equal(
    statusText(typing, results({ total: 12, completions: [{ word: 'mayo', replacement: 'mayor' }] })),
    '12 results for “electing mayo” (as “electing mayor…”)',
  );
  const realWord = { ...emptyState(), q: 'chose fear kennedy' };
  assert.equal(
    statusText(realWord, results({ total: 5, alsoReadAs: [{ word: 'chose', replacement: 'choose' }] })),
    '5 results for “chose fear kennedy” (also as “choose fear kennedy”)',
  );
  const both = { ...emptyState(), q: 'chose fear kenedy' };
  assert.equal(
    statusText(both, results({ total: 5, corrections: [{ word: 'kenedy', replacement: 'Kennedy' }], alsoReadAs: [{ word: 'chose', replacement: 'choose' }] })),
    '5 results for “chose fear kenedy” (as “chose fear Kennedy”, also as “choose fear Kennedy”)',
  );
  assert.equal(
    statusText({ ...emptyState(), q: 'oros kazakx' }, results({ total: 3, partial: true, unmatched: ['oros'], corrections: [{ word: 'kazakx', replacement: 'Kazakh' }] })),
    'No article contains “oros”. Showing 3 results for the other words (as “oros Kazakh”).',
  );
  assert.equal(readingOf('talks', results({ total: 1 })), '');
});

test('"Did you mean" only when it says more than the corrections', () => {
  const state = { ...emptyState(), q: 'zarfi' };
  assert.equal(suggestionFor(state, results({ suggestion: 'zarif' })), 'zarif');
  assert.equal(suggestionFor(state, results({ suggestion: 'zarif', corrections: [{ word: 'zarfi', replacement: 'zarif' }] })), null);
  assert.equal(suggestionFor(emptyState(), results({ suggestion: 'zarif' })), null);
  assert.equal(corrected('a b a', [{ word: 'a', replacement: 'c' }]), 'c b a');
});

test('advice when nothing matched', () => {
  assert.deepEqual(noResultsAdvice([]).length, 1);
  assert.match(noResultsAdvice(['qwerty'])[0], /“qwerty”, or leave it out/);
  assert.match(noResultsAdvice(['a', 'b', 'c'])[0], /“a”, “b”, “c”, or leave them out/);
});
