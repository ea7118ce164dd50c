// Known-item metrics: where the one right document lands in the top 10.

/** 1-based rank of `target` in `ids`, or null when it is not there. */
export function rankOf(ids, target) {
  const i = ids.indexOf(target);
  return i < 0 ? null : i + 1;
}

export function median(values) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * MRR@10, Success@10 and the zero-result rate of one kind of query.
 * @param {{rank: number|null, total: number}[]} outcomes
 */
export function summarize(outcomes) {
  const n = outcomes.length;
  const mean = (f) => (n ? outcomes.reduce((sum, o) => sum + f(o), 0) / n : null);
  return {
    queries: n,
    mrr10: mean((o) => (o.rank ? 1 / o.rank : 0)),
    success10: mean((o) => (o.rank ? 1 : 0)),
    zeroResults: mean((o) => (o.total === 0 ? 1 : 0)),
  };
}

const fixed = (x, digits = 3) => (x == null ? '–' : x.toFixed(digits));
const percent = (x) => (x == null ? '–' : `${(100 * x).toFixed(1)} %`);

/** The Markdown table of one corpus, a row per engine. */
export function markdownTable(rows) {
  const head = [
    'engine',
    'MRR@10 clean',
    'S@10 clean',
    'zero clean',
    'MRR@10 typo',
    'S@10 typo',
    'zero typo',
    'queries clean / typo',
    'median latency',
  ];
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i ? '---:' : '---')).join('|')}|`,
    ...rows.map(({ engine, clean, typo, medianMs }) =>
      `| ${[
        engine,
        fixed(clean.mrr10),
        percent(clean.success10),
        percent(clean.zeroResults),
        fixed(typo.mrr10),
        percent(typo.success10),
        percent(typo.zeroResults),
        `${clean.queries} / ${typo.queries}`,
        `${fixed(medianMs, 2)} ms`,
      ].join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}
