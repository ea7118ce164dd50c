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

const EDITS = ['deletion', 'substitution', 'insertion', 'transposition'];
const HALVES = ['edit in first half', 'edit in second half'];

/**
 * Typo outcomes by kind of edit and by where the edit falls in the word: an engine that only
 * matches prefixes recovers late edits and not early ones, and this shows it.
 */
export function typoBreakdown(perQuery, queries) {
  const groups = {};
  for (const p of perQuery.filter((p) => p.typo)) {
    const { op, at, word } = queries[p.n].typo;
    const half = HALVES[at < [...word].length / 2 ? 0 : 1];
    for (const key of [op, half]) (groups[key] ??= []).push(p.typo);
  }
  return Object.fromEntries(Object.entries(groups).map(([key, outcomes]) => [key, summarize(outcomes)]));
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

/** Typo Success@10 per kind of edit, a row per engine. */
export function markdownTypoTable(rows) {
  const keys = [...EDITS, ...HALVES];
  const count = (key) => rows[0].typoBy[key]?.queries ?? 0;
  return [
    `| engine | ${keys.map((k) => `S@10 ${k} (${count(k)})`).join(' | ')} |`,
    `|---|${keys.map(() => '---:').join('|')}|`,
    ...rows.map((r) => `| ${r.engine} | ${keys.map((k) => percent(r.typoBy[k]?.success10)).join(' | ')} |`),
  ].join('\n');
}
