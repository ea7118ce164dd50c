// Scores of a ranked list against one known target: the reciprocal rank, capped at 10, and
// whether the right document lands in the top 10.

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
 * MRR@10, Success@10 and the zero-result rate of some queries, and their median latency.
 * @param {{rank: number|null, total: number, ms: number}[]} outcomes
 */
export function summarize(outcomes) {
  const n = outcomes.length;
  const mean = (f) => (n ? outcomes.reduce((sum, o) => sum + f(o), 0) / n : null);
  return {
    queries: n,
    mrr10: mean((o) => (o.rank && o.rank <= 10 ? 1 / o.rank : 0)),
    success10: mean((o) => (o.rank && o.rank <= 10 ? 1 : 0)),
    zeroResults: mean((o) => (o.total === 0 ? 1 : 0)),
    medianMs: median(outcomes.map((o) => o.ms)),
  };
}

/**
 * The summaries of the outcomes by group (kind of edit, length of the edited word...): each
 * outcome counts in every group its query names.
 * @param {{groups?: string[]}[]} variants the queries, in the order of `outcomes`
 */
export function summarizeGroups(variants, outcomes) {
  const groups = {};
  variants.forEach((variant, i) => {
    for (const group of variant.groups ?? []) (groups[group] ??= []).push(outcomes[i]);
  });
  return Object.fromEntries(Object.entries(groups).map(([group, list]) => [group, summarize(list)]));
}
