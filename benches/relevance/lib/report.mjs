// The Markdown the benchmark prints: the figures of a corpus and the misses of Quire.

const fixed = (x, digits = 3) => (x == null ? '–' : x.toFixed(digits));
const percent = (x) => (x == null ? '–' : `${(100 * x).toFixed(1)} %`);

const table = (head, align, body) =>
  [`| ${head.join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`, ...body.map((cells) => `| ${cells.join(' | ')} |`)].join('\n');

/**
 * The main table of a corpus: a row per query set and engine (or Quire mode).
 * @param {{engine: string, bySet: Record<string, {summary: object}>}[]} rows
 */
export function markdownTable(rows, sets) {
  const body = sets.flatMap((set) =>
    rows.map(({ engine, bySet }) => {
      const s = bySet[set].summary;
      return [set, engine, fixed(s.mrr10), fixed(s.success10), percent(s.zeroResults), s.queries, `${fixed(s.medianMs, 2)} ms`];
    }),
  );
  return table(['set', 'engine', 'MRR@10', 'S@10', 'zero results', 'queries', 'median latency'], ['l', 'l', 'r', 'r', 'r', 'r', 'r'], body);
}

/**
 * S@10 of the edited sets by group (kind of edit, length of the edited word), with the number
 * of queries of each group in the set's first line.
 */
export function markdownBreakdown(rows, sets, groups) {
  const edited = sets.filter((set) => set !== 'clean');
  const body = edited.flatMap((set) => {
    const counts = groups.map((g) => rows[0].bySet[set].groups[g]?.queries ?? 0);
    if (counts.every((c) => !c)) return [];
    return [
      [set, 'queries', ...counts.map((c) => (c ? String(c) : '–'))],
      ...rows.map(({ engine, bySet }) => ['', engine, ...groups.map((g) => percent(bySet[set].groups[g]?.success10))]),
    ];
  });
  return body.length ? table(['set', 'S@10 by', ...groups], ['l', 'l', ...groups.map(() => 'r')], body) : '';
}

const quote = (text) => `“${text}”`;

/** What the edit was, e.g. "kazakh → kaazkh, transposition at 2". */
function editOf(variant) {
  if (!variant.typed) return '';
  const at = Array.isArray(variant.at) ? variant.at.join(' and ') : variant.at;
  return ` (${variant.word} → ${variant.typed}, ${variant.op} at ${at})`;
}

/**
 * The queries of Quire's rows whose target is not in the top 10, a line each: the query and
 * its edit, the target, where it came and out of how many results, what came first, and what
 * Quire said about the words (corrections, unmatched, suggestion).
 * @param {(id: string) => string} titleOf
 */
export function missesText({ corpus, rows, sets, queries, titleOf }) {
  const lines = [];
  for (const row of rows.filter((r) => r.base === 'Quire')) {
    for (const set of sets) {
      const misses = queries.filter((q) => q.sets[set]).filter((q) => {
        const outcome = q.sets[set].results[row.engine];
        return !(outcome.rank && outcome.rank <= 10);
      });
      lines.push(`\n### Misses of ${row.engine}: ${corpus}, ${set} (${misses.length} of ${row.bySet[set].summary.queries})\n`);
      for (const q of misses) {
        const variant = q.sets[set];
        const outcome = variant.results[row.engine];
        const { corrections, unmatched, suggestion, partial } = outcome.quire;
        const first = outcome.ids[0];
        lines.push(
          `- \`${variant.query}\`${editOf(variant)} → target ${q.target} ${quote(q.title)}: ` +
            `${outcome.rank ? `rank ${outcome.rank}` : 'not in the page'} of ${outcome.total} results; ` +
            `first: ${first === undefined ? '–' : `${first} ${quote(titleOf(first))}`}; ` +
            `corrections: ${corrections.length ? corrections.map((c) => `${c.word} → ${c.replacement}`).join(', ') : '–'}; ` +
            `unmatched: ${unmatched.length ? unmatched.join(', ') : '–'}${partial ? ' (partial)' : ''}; ` +
            `suggestion: ${suggestion ? quote(suggestion) : '–'}`,
        );
      }
    }
  }
  return lines.join('\n');
}
