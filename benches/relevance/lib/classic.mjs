// The "classic" query set (the benchmark's first): a seeded sample of documents, the most
// distinctive words of each title as the clean query, and a one-edit QWERTY typo of it.
import { mulberry32, pick } from './prng.mjs';
import { STOP_WORDS } from './stop-words.mjs';

export const name = 'classic';

/** The variants of each query, in report order. */
export const sets = ['clean', 'typo'];

/** How the typo queries are split in the breakdown table, in column order. */
export const breakdown = ['deletion', 'substitution', 'insertion', 'transposition', 'edit in first half', 'edit in second half'];

/** Lower-cased runs of letters: the simple word split used for titles and document frequency. */
function words(text) {
  return text.toLowerCase().split(/[^\p{L}\p{M}]+/u).filter(Boolean);
}

/** The distinct title words a query may use (≥ 3 letters, not stop words), in title order. */
function usableWords(title) {
  return [...new Set(words(title).filter((w) => [...w].length >= 3 && !STOP_WORDS.has(w)))];
}

/**
 * Picks up to `count` documents whose title has ≥ 2 usable words, by a seeded partial
 * Fisher-Yates shuffle of the document numbers.
 */
function sampleDocs(docs, count, random) {
  const order = docs.map((_, i) => i);
  const picked = [];
  let skipped = 0;
  for (let i = 0; i < order.length && picked.length < count; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j], order[i]];
    if (usableWords(docs[order[i]].title).length >= 2) picked.push(order[i]);
    else skipped++;
  }
  return { picked, skipped };
}

/** Document frequency, over titles and bodies, of the given words only (enough for ranking). */
function documentFrequencies(docs, wanted) {
  const df = new Map([...wanted].map((w) => [w, 0]));
  for (const doc of docs) {
    for (const w of new Set(words(`${doc.title} ${doc.body}`))) {
      if (df.has(w)) df.set(w, df.get(w) + 1);
    }
  }
  return df;
}

/**
 * The clean query: the top 3 (title of ≥ 5 usable words) or top 2 words by IDF, i.e. lowest
 * document frequency, earlier title word first on ties; kept in title order.
 */
function cleanQuery(title, df) {
  const usable = usableWords(title);
  const size = usable.length >= 5 ? 3 : 2;
  const chosen = usable
    .map((word, position) => ({ word, position, df: df.get(word) }))
    .sort((a, b) => a.df - b.df || a.position - b.position)
    .slice(0, size)
    .sort((a, b) => a.position - b.position);
  return chosen.map((c) => c.word);
}

// QWERTY neighbours: a typo is most often a finger landing on the key next to the right one.
const KEYBOARD = {
  q: 'wa', w: 'qeas', e: 'wrsd', r: 'etdf', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl',
  p: 'ol', a: 'qwsz', s: 'weadzx', d: 'ersfxc', f: 'rtdgcv', g: 'tyfhvb', h: 'yugjbn', j: 'uihknm',
  k: 'iojlm', l: 'opk', z: 'asx', x: 'sdzc', c: 'dfxv', v: 'fgcb', b: 'ghvn', n: 'hjbm', m: 'jkn',
};

const range = (from, to) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/**
 * One edit of `word` (an array of characters), never touching the first letter, which people
 * rarely get wrong. Edits whose positions are impossible for this word (no keyboard neighbour,
 * no two different adjacent letters) fall back to a deletion, which is always possible.
 * @returns {{op: string, typed: string, at: number}} `at`: where the edit is, in characters
 */
function typo(chars, random) {
  const n = chars.length;
  const neighbours = (c) => KEYBOARD[c] ?? '';
  const edits = {
    deletion: {
      positions: range(1, n),
      apply: (i) => [...chars.slice(0, i), ...chars.slice(i + 1)],
    },
    substitution: {
      positions: range(1, n).filter((i) => neighbours(chars[i])),
      apply: (i) => [...chars.slice(0, i), pick(random, neighbours(chars[i])), ...chars.slice(i + 1)],
    },
    // A neighbour of the previous letter slips in: a double key press.
    insertion: {
      positions: range(1, n + 1).filter((i) => neighbours(chars[i - 1])),
      apply: (i) => [...chars.slice(0, i), pick(random, neighbours(chars[i - 1])), ...chars.slice(i)],
    },
    transposition: {
      positions: range(1, n - 1).filter((i) => chars[i] !== chars[i + 1]),
      apply: (i) => [...chars.slice(0, i), chars[i + 1], chars[i], ...chars.slice(i + 2)],
    },
  };
  let op = pick(random, Object.keys(edits));
  if (!edits[op].positions.length) op = 'deletion';
  const at = pick(random, edits[op].positions);
  return { op, typed: edits[op].apply(at).join(''), at };
}

/** The typo variant of a clean query, or null when no word has ≥ 5 letters. */
function typoQuery(clean, random) {
  let target = -1;
  clean.forEach((w, i) => {
    const length = [...w].length;
    if (length >= 5 && (target < 0 || length > [...clean[target]].length)) target = i;
  });
  if (target < 0) return null;
  const { op, typed, at } = typo([...clean[target]], random);
  return { words: clean.map((w, i) => (i === target ? typed : w)), word: clean[target], typed, op, at };
}

/**
 * How many other documents have every query word in their title: a known-item query cannot
 * always single out its target, and this says how often that is so.
 */
function titleTwins(titleWords, target, query) {
  let twins = 0;
  titleWords.forEach((title, i) => {
    if (i !== target && query.every((w) => title.has(w))) twins++;
  });
  return twins;
}

/**
 * The query set of a corpus.
 * @param {{id: string, title: string, body: string}[]} docs
 */
export function makeQueries(docs, { count, seed }) {
  const sampling = mulberry32(seed);
  const typing = mulberry32(seed ^ 0x7970);
  const { picked, skipped } = sampleDocs(docs, count, sampling);
  const df = documentFrequencies(docs, new Set(picked.flatMap((i) => usableWords(docs[i].title))));
  const titleWords = docs.map((doc) => new Set(words(doc.title)));
  const queries = picked.map((i, n) => {
    const clean = cleanQuery(docs[i].title, df);
    const typo = typoQuery(clean, typing);
    const half = typo && (typo.at < [...typo.word].length / 2 ? 'edit in first half' : 'edit in second half');
    return {
      n,
      target: docs[i].id,
      title: docs[i].title,
      titleTwins: titleTwins(titleWords, i, clean),
      sets: {
        clean: { query: clean.join(' ') },
        ...(typo && { typo: { query: typo.words.join(' '), word: typo.word, typed: typo.typed, op: typo.op, at: typo.at, groups: [typo.op, half] } }),
      },
    };
  });
  return { name, seed, requested: count, skipped: { 'fewer than 2 usable words': skipped }, queries };
}
