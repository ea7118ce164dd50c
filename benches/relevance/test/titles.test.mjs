// The titles query set is a definition that other runs reproduce: these tests pin its rules
// on small made-up corpora (no shared corpus, no engine). Run: node --test benches/relevance/test/
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { edit, LETTERS, osaDistance, twoEdits } from '../lib/edits.mjs';
import { mulberry32 } from '../lib/prng.mjs';
import { chooseWords, letters, makeQueries, tokens, usableWords } from '../lib/titles.mjs';

test('mulberry32 gives the sequence of its C definition', () => {
  // Printed by the C original (state += 0x6D2B79F5; z = (z ^ z >> 15) * (z | 1);
  // z ^= z + (z ^ z >> 7) * (z | 61); return z ^ z >> 14), compiled with gcc, for seeds 0 and
  // the default 0x5eed2025; the draws are these over 2^32.
  for (const [seed, expected] of [[0, [1144304738, 1416247, 958946056]], [0x5eed2025, [781713546, 1444755083, 2650092906]]]) {
    const random = mulberry32(seed);
    assert.deepEqual([random(), random(), random()].map((x) => x * 2 ** 32), expected);
  }
});

test('tokens is the documented split: NFC, lower case, runs of letters, marks and digits', () => {
  const reference = (text) => text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
  const samples = [
    "O'Driscoll/Gregan lead Aid stars",
    'Covid-19: 2,500 new cases — “Rouhani”',
    'Cafe\u0301 au lait, İstanbul, STRASSE, straße',
    'بیانیه\u200cی وزارت خارجه ۱۴۰۲',
    'emoji 🙂 between, 𝐁𝐨𝐥𝐝 letters',
    '',
  ];
  for (const text of samples) assert.deepEqual(tokens(text), reference(text), text);
  assert.deepEqual(tokens("O'Driscoll/Gregan"), ['o', 'driscoll', 'gregan']);
});

test('usable words: ≥ 4 letters, digits not counted, no stop words, distinct, in title order', () => {
  assert.deepEqual(usableWords(tokens('About the Nuclear deal: nuclear 2024 talks over 5G4U')), ['nuclear', 'deal', 'talks']);
  assert.equal(letters('covid19'), 5);
});

test('the k rarest words, earlier first on ties, in title order; one of ≥ 5 letters swapped in', () => {
  const df = new Map([['rare', 1], ['talk', 1], ['tehran', 2], ['deal', 3], ['zarif', 9], ['vienna', 9], ['budget', 9]]);
  assert.deepEqual(chooseWords(['tehran', 'rare', 'talk', 'deal'], df, 3), ['tehran', 'rare', 'talk']);
  assert.deepEqual(chooseWords(['budget', 'vienna', 'zarif'], df, 2), ['budget', 'vienna']);
  // rare and talk have 4 letters: talk (the last, as frequent but later) gives way to tehran.
  assert.deepEqual(chooseWords(['tehran', 'rare', 'talk', 'deal'], df, 2), ['tehran', 'rare']);
  assert.deepEqual(chooseWords(['deal', 'zarif', 'rare', 'talk'], df, 3), ['zarif', 'rare', 'talk']);
});

test('one edit after the first letter: distance 1, first letter kept, letters from a–z', () => {
  const random = mulberry32(7);
  const ops = new Set();
  for (const word of ['subway', 'llama', 'kennedy', 'aaaaab', 'covid19', 'négociation']) {
    for (let i = 0; i < 400; i++) {
      const { op, at, typed } = edit(word, random);
      ops.add(op);
      assert.equal(osaDistance(word, typed), 1, `${word} → ${typed}`);
      assert.ok(at >= 1, `${op} at ${at}`);
      assert.equal([...typed][0], [...word][0]);
      const chars = [...typed];
      if (op === 'substitution' || op === 'insertion') assert.ok(LETTERS.includes(chars[at]), `${word} → ${typed}: ${chars[at]}`);
      if (op === 'substitution') assert.notEqual(chars[at], [...word][at]);
      if (op === 'insertion') assert.deepEqual([...chars.slice(0, at), ...chars.slice(at + 1)], [...word]);
    }
  }
  assert.deepEqual([...ops].sort(), ['deletion', 'insertion', 'substitution', 'transposition']);
});

test('a first-letter edit changes the first letter, by one edit', () => {
  const random = mulberry32(8);
  for (const word of ['subway', 'llama', 'aaron', 'oops']) {
    for (let i = 0; i < 400; i++) {
      const { at, typed } = edit(word, random, { first: true });
      assert.equal(at, 0);
      assert.equal(osaDistance(word, typed), 1, `${word} → ${typed}`);
      assert.notEqual(typed[0], word[0], `${word} → ${typed}`);
    }
  }
});

test('two edits: distance exactly 2, first letter kept', () => {
  const random = mulberry32(9);
  for (const word of ['subway', 'abcab', 'kennedy']) {
    for (let i = 0; i < 300; i++) {
      const { op, typed } = twoEdits(word, random);
      assert.equal(osaDistance(word, typed), 2, `${word} → ${typed} (${op})`);
      assert.equal(typed[0], word[0]);
    }
  }
  assert.equal(osaDistance('ca', 'abc'), 3);
  assert.equal(osaDistance('kitten', 'sitting'), 3);
});

/** A made-up corpus: titles from a small vocabulary, bodies repeating some words. */
function corpus(size) {
  const random = mulberry32(42);
  const vocabulary = ['tehran', 'nuclear', 'sanctions', 'oil', 'exports', 'talks', 'zarif', 'vienna', 'parliament', 'budget', 'rial', 'market', 'football', 'league', 'drought', 'isfahan'];
  const words = (n) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]);
  const docs = Array.from({ length: size }, (_, i) => ({ id: `d${i}`, title: `${words(2 + (i % 4)).join(' ')} of the year ${i}`, body: words(30).join(' ') }));
  docs.push({ id: 'twin-a', title: 'Unique Twin Headline', body: '' }, { id: 'twin-b', title: 'unique twin: headline!', body: '' });
  docs.push({ id: 'short', title: 'Tiny sea', body: '' });
  return docs;
}

test('the query set follows its rules, and is the same for the same seed', () => {
  const docs = corpus(400);
  const { queries } = makeQueries(docs, { count: 150, seed: 0x5eed2025 });
  assert.equal(queries.length, 150);
  assert.ok(!queries.some((q) => q.target.startsWith('twin-') || q.target === 'short'));
  const byId = new Map(docs.map((d) => [d.id, d]));
  for (const q of queries) {
    const title = tokens(byId.get(q.target).title);
    const words = q.sets.clean.query.split(' ');
    assert.ok(words.length === q.k || words.length === usableWords(title).length, q.sets.clean.query);
    assert.deepEqual(words, usableWords(title).filter((w) => words.includes(w)), 'in title order');
    assert.ok(words.some((w) => letters(w) >= 5));
    for (const [set, distance] of [['typo', 1], ['first-letter', 1], ['two-edit', 2]]) {
      const variant = q.sets[set];
      const typedWords = variant.query.split(' ');
      const changed = typedWords.map((w, i) => [words[i], w]).filter(([a, b]) => a !== b);
      assert.equal(changed.length, 1, `${set}: ${variant.query}`);
      assert.equal(changed[0][0], variant.word);
      assert.ok(letters(variant.word) >= 5);
      assert.equal(osaDistance(variant.word, variant.typed), distance);
    }
  }
  assert.deepEqual(makeQueries(docs, { count: 150, seed: 0x5eed2025 }).queries, queries);
  // The first n queries of a bigger run are those of a run of n.
  assert.deepEqual(makeQueries(docs, { count: 40, seed: 0x5eed2025 }).queries, queries.slice(0, 40));
  assert.notDeepEqual(makeQueries(docs, { count: 40, seed: 1 }).queries, queries.slice(0, 40));
});

test('duplicate titles and titles of < 2 usable words are skipped and counted', () => {
  const docs = [
    { id: 'a', title: 'Unique Twin Headline', body: '' },
    { id: 'b', title: 'unique twin: headline!', body: '' },
    { id: 'c', title: 'Tiny sea', body: '' },
    { id: 'd', title: 'Isfahan drought worsens', body: 'isfahan' },
  ];
  const { queries, skipped } = makeQueries(docs, { count: 10, seed: 3 });
  assert.deepEqual(queries.map((q) => q.target), ['d']);
  assert.deepEqual(skipped, { 'duplicate title': 2, 'fewer than 2 usable words': 1, 'no usable word of ≥ 5 letters': 0 });
});
