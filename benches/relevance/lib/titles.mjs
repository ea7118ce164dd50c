// The "titles" query set: known-item queries made of the rarest words of a document's title,
// built step by step as README.md ("The titles set") describes, so that its figures can be
// compared with other runs built the same way. Every random choice comes from one mulberry32
// stream, in a fixed order, so that a seed gives the same queries everywhere, and the first n
// queries of a bigger run are the queries of a run of n.
import { edit, twoEdits } from './edits.mjs';
import { mulberry32, pick } from './prng.mjs';
import { STOP_WORDS } from './stop-words.mjs';

export const name = 'titles';

/** The variants of each query, in report order: each is a row of the tables. */
export const sets = ['clean', 'typo', 'first-letter', 'two-edit'];

/** How the edited sets are split in the breakdown table, in column order. */
export const breakdown = ['deletion', 'substitution', 'transposition', 'insertion', 'word of 5–7 letters', 'word of ≥ 8 letters'];

/**
 * The word split of titles and bodies: NFC, lower case, then runs of letters, combining marks
 * and digits (every other character separates words: "O'Brien" is "o" and "brien",
 * "covid-19" is "covid" and "19").
 */
export function tokens(text) {
  // The same as text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u) without
  // empty strings (test/titles.test.mjs checks it), three times as fast: the Unicode classes
  // are tested once per distinct non-ASCII character.
  const lower = text.normalize('NFC').toLowerCase();
  const out = [];
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.codePointAt(i);
    if (isWordCharacter(code)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(lower.slice(start, i));
      start = -1;
    }
    if (code > 0xffff) i++;
  }
  if (start >= 0) out.push(lower.slice(start));
  return out;
}

const WORD_CHARACTER = /^[\p{L}\p{M}\p{N}]$/u;
const wordCharacters = new Map();

function isWordCharacter(code) {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  let known = wordCharacters.get(code);
  if (known === undefined) wordCharacters.set(code, (known = WORD_CHARACTER.test(String.fromCodePoint(code))));
  return known;
}

/** Letters in a word: digits and marks do not count. */
export const letters = (word) => word.match(/\p{L}/gu)?.length ?? 0;

/** The distinct words of a title that a query may use (≥ 4 letters, not a stop word), in title order. */
export function usableWords(titleTokens) {
  return [...new Set(titleTokens.filter((w) => letters(w) >= 4 && !STOP_WORDS.has(w)))];
}

/** How many documents contain each wanted word, in the title or the body. */
function documentFrequencies(docs, wanted) {
  // One lookup per word read: each entry remembers the last document that counted it.
  const counts = new Map([...wanted].map((w) => [w, { documents: 0, last: -1 }]));
  docs.forEach((doc, i) => {
    for (const w of tokens(`${doc.title}\n${doc.body}`)) {
      if (w.length < 4) continue; // not a usable word: saves a third of the lookups
      const entry = counts.get(w);
      if (entry && entry.last !== i) {
        entry.last = i;
        entry.documents++;
      }
    }
  });
  return new Map([...counts].map(([w, { documents }]) => [w, documents]));
}

/**
 * The k rarest usable words (by document frequency, the earlier in the title first on ties);
 * when none of them has ≥ 5 letters, the last of them (the most frequent) gives way to the
 * rarest usable word that has. Returned in title order.
 */
export function chooseWords(usable, df, k) {
  const ranked = usable.map((word, position) => ({ word, position, df: df.get(word) })).sort((a, b) => a.df - b.df || a.position - b.position);
  const chosen = ranked.slice(0, k);
  if (!chosen.some((c) => letters(c.word) >= 5)) chosen[chosen.length - 1] = ranked.find((c) => letters(c.word) >= 5);
  return chosen.sort((a, b) => a.position - b.position).map((c) => c.word);
}

const band = (word) => (letters(word) >= 8 ? 'word of ≥ 8 letters' : 'word of 5–7 letters');

/**
 * A variant of the query with one word replaced by `make(word)`'s `typed`: the word is drawn
 * first, uniformly among the query's words of ≥ 5 letters (in query order).
 */
function variant(words, random, make) {
  const candidates = words.map((w, i) => i).filter((i) => letters(words[i]) >= 5);
  const index = pick(random, candidates);
  const { op, at, typed } = make(words[index]);
  const groups = op.includes('+') ? [band(words[index])] : [op, band(words[index])];
  return { query: words.map((w, i) => (i === index ? typed : w)).join(' '), word: words[index], typed, op, at, groups };
}

/**
 * The query set of a corpus.
 * @param {{id: string, title: string, body: string}[]} docs
 * @param {{count: number, seed: number}} options `count`: queries wanted
 */
export function makeQueries(docs, { count, seed }) {
  const random = mulberry32(seed);
  const titleTokens = docs.map((doc) => tokens(doc.title));
  // Two titles are the same when their word splits are: case and punctuation aside.
  const titleKeys = titleTokens.map((t) => t.join(' '));
  const titleCount = new Map();
  for (const key of titleKeys) titleCount.set(key, (titleCount.get(key) ?? 0) + 1);
  const df = documentFrequencies(docs, new Set(titleTokens.flatMap(usableWords)));
  // Which documents have a word in their title, to count a query's title twins.
  const titlesWith = new Map();
  titleTokens.forEach((t, i) => new Set(t).forEach((w) => (titlesWith.get(w) ?? titlesWith.set(w, []).get(w)).push(i)));
  const twins = (words, d) => {
    const [rarest, ...others] = words.map((w) => titlesWith.get(w)).sort((a, b) => a.length - b.length);
    const sets = others.map((list) => new Set(list));
    return rarest.filter((other) => other !== d && sets.every((set) => set.has(other))).length;
  };

  const skipped = { 'duplicate title': 0, 'fewer than 2 usable words': 0, 'no usable word of ≥ 5 letters': 0 };
  const queries = [];
  // A partial Fisher-Yates shuffle of the document numbers: one draw per document looked at.
  const order = docs.map((_, i) => i);
  for (let i = 0; i < order.length && queries.length < count; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j], order[i]];
    const d = order[i];
    const usable = usableWords(titleTokens[d]);
    if (titleCount.get(titleKeys[d]) > 1) skipped['duplicate title']++;
    else if (usable.length < 2) skipped['fewer than 2 usable words']++;
    else if (!usable.some((w) => letters(w) >= 5)) skipped['no usable word of ≥ 5 letters']++;
    else {
      const k = random() < 0.5 ? 2 : 3;
      const words = chooseWords(usable, df, k);
      queries.push({
        n: queries.length,
        target: docs[d].id,
        title: docs[d].title,
        k,
        titleTwins: twins(words, d),
        sets: {
          clean: { query: words.join(' ') },
          typo: variant(words, random, (w) => edit(w, random)),
          'first-letter': variant(words, random, (w) => edit(w, random, { first: true })),
          'two-edit': variant(words, random, (w) => twoEdits(w, random)),
        },
      });
    }
  }
  return { name, seed, requested: count, skipped, queries };
}
