// Typing mistakes for the "titles" query set: one edit of a word, with letters from a to z,
// drawn from the query set's PRNG. Positions count characters (code points), from 0.
import { pick } from './prng.mjs';

export const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

/** The kinds of edit, in the order a draw indexes them. */
export const OPS = ['deletion', 'substitution', 'transposition', 'insertion'];

const range = (from, to) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/**
 * Where each kind of edit can go in a word of `chars`. `first` false: at position 1 or later,
 * so that the first letter stays as typed; true: at position 0 only, and only where the
 * result starts with another letter (not a deletion of a doubled first letter).
 * - deletion at i removes character i;
 * - substitution at i replaces character i by a different letter;
 * - transposition at i swaps characters i and i + 1, which must differ;
 * - insertion at i puts a letter before character i (i = length: at the end).
 */
function positions(op, chars, first) {
  const n = chars.length;
  if (first) {
    // The first letter must come out different: deleting it must not leave its double.
    if (op === 'deletion') return chars[1] !== chars[0] ? [0] : [];
    if (op === 'transposition') return chars[0] !== chars[1] ? [0] : [];
    return [0];
  }
  switch (op) {
    case 'deletion':
    case 'substitution':
      return range(1, n);
    case 'transposition':
      return range(1, n - 1).filter((i) => chars[i] !== chars[i + 1]);
    case 'insertion':
      return range(1, n + 1);
    default:
      throw new Error(`unknown edit ${op}`);
  }
}

/**
 * One edit of `word`. Draws, in this order: the kind of edit, uniform over the kinds possible
 * here (transposition needs two different adjacent letters); its position, uniform over the
 * possible ones; for a substitution, a letter of a–z other than the one replaced, for an
 * insertion any letter of a–z (at position 0: other than the first letter). The result
 * always differs from `word`, and with `first` it starts with another letter.
 * @param {{first?: boolean}} [where] `first`: edit the first letter (position 0)
 * @returns {{op: string, at: number, typed: string}}
 */
export function edit(word, random, { first = false } = {}) {
  const chars = [...word];
  const possible = OPS.filter((op) => positions(op, chars, first).length);
  const op = pick(random, possible);
  const at = pick(random, positions(op, chars, first));
  let typed;
  switch (op) {
    case 'deletion':
      typed = [...chars.slice(0, at), ...chars.slice(at + 1)];
      break;
    case 'substitution':
      typed = [...chars.slice(0, at), pick(random, LETTERS.filter((c) => c !== chars[at])), ...chars.slice(at + 1)];
      break;
    case 'transposition':
      typed = [...chars.slice(0, at), chars[at + 1], chars[at], ...chars.slice(at + 2)];
      break;
    case 'insertion':
      typed = [...chars.slice(0, at), pick(random, first ? LETTERS.filter((c) => c !== chars[0]) : LETTERS), ...chars.slice(at)];
      break;
  }
  return { op, at, typed: typed.join('') };
}

/**
 * Two edits of `word`, neither touching the first letter, whose result is two edits away
 * from `word` (optimal string alignment distance 2: the second edit neither undoes nor merges
 * with the first, as deleting a letter and inserting it one place further would). The first
 * edit is drawn as {@link edit} does, then the second on its result, drawn again (up to 8
 * times, then both again) until the distance is 2.
 * @returns {{op: string, at: number[], typed: string}} `op`: "first+second"; `at`: both positions,
 *   the second in the once-edited word
 */
export function twoEdits(word, random) {
  for (;;) {
    const once = edit(word, random);
    for (let attempt = 0; attempt < 8; attempt++) {
      const twice = edit(once.typed, random);
      if (osaDistance(word, twice.typed) === 2) return { op: `${once.op}+${twice.op}`, at: [once.at, twice.at], typed: twice.typed };
    }
  }
}

/**
 * The optimal string alignment distance (Levenshtein plus transposition of adjacent
 * characters, each substring edited once), over code points.
 */
export function osaDistance(a, b) {
  const s = [...a];
  const t = [...b];
  const rows = Array.from({ length: s.length + 1 }, (_, i) => [i, ...range(1, t.length + 1).map((j) => (i ? 0 : j))]);
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[s.length][t.length];
}
