// Known-item relevance benchmark: Quire vs Pagefind vs MiniSearch on the shared corpora.
// Prints figures and writes them to out/; asserts nothing. Usage (from the repository root):
//   node benches/relevance/run.mjs [--docs 300] [--corpus bbc|tehrantimes|all] [--engines quire,pagefind,minisearch]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORPORA, corporaDir, corpusFile, readCorpus } from '../corpora.mjs';
import { markdownTable, markdownTypoTable, median, rankOf, summarize, typoBreakdown } from './lib/metrics.mjs';
import { makeQueries, SEED } from './lib/queries.mjs';

const HERE = fileURLToPath(new URL('./', import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OUT = path.join(HERE, 'out');

/** The engine modules, in table order (see lib/engines/index.mjs); loaded by main. */
let ENGINES;

const began = performance.now();
/** Progress goes to stderr, stamped with the time since start, so stdout holds only figures. */
const log = (message) => console.error(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${message}`);

/** Runs `f` and returns [its result, seconds taken]. */
async function timed(f) {
  const started = performance.now();
  const value = await f();
  return [value, (performance.now() - started) / 1000];
}

/** A wrong command line: says what was wrong and how to call, without a stack trace. */
function usage(problem) {
  console.error(`${problem}\nusage: node benches/relevance/run.mjs [--docs 300] [--corpus ${[...CORPORA, 'all'].join('|')}] [--engines quire,pagefind,minisearch]`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        docs: { type: 'string', default: '300' },
        corpus: { type: 'string', default: 'all' },
        engines: { type: 'string', default: '' },
      },
    }));
  } catch (error) {
    usage(error.message);
  }
  const docs = Number(values.docs);
  if (!Number.isInteger(docs) || docs < 1) usage(`--docs wants a positive whole number, not ${values.docs}`);
  if (values.corpus !== 'all' && !CORPORA.includes(values.corpus)) usage(`--corpus: no corpus ${values.corpus}`);
  // A subset of engines, for quick comparisons while tuning one of them.
  const only = values.engines ? values.engines.toLowerCase().split(',') : null;
  return { docs, corpora: values.corpus === 'all' ? CORPORA : [values.corpus], only };
}

/** One engine over one corpus: index, search every query, score each against its target. */
async function runEngine(engine, context, querySet) {
  log(`${engine.name}: indexing`);
  const [opened, openSeconds] = await timed(() => engine.open(context));
  try {
    const typed = querySet.queries.filter((q) => q.typo);
    log(`${engine.name}: ${querySet.queries.length} clean and ${typed.length} typo queries`);
    const [[clean, typo], searchSeconds] = await timed(async () => [
      await opened.run(querySet.queries.map((q) => q.clean)),
      await opened.run(typed.map((q) => q.typo.query)),
    ]);
    const outcome = (q, r) => ({ rank: rankOf(r.ids, q.target), total: r.total });
    const perQuery = querySet.queries.map((q, i) => ({ n: q.n, clean: outcome(q, clean[i]), typo: null }));
    typed.forEach((q, i) => (perQuery[q.n].typo = outcome(q, typo[i])));
    return {
      engine: engine.name,
      config: engine.config(REPO),
      clean: summarize(perQuery.map((p) => p.clean)),
      typo: summarize(perQuery.filter((p) => p.typo).map((p) => p.typo)),
      typoBy: typoBreakdown(perQuery, querySet.queries),
      medianMs: median([...clean, ...typo].map((r) => r.ms)),
      seconds: { index: opened.buildSeconds, open: openSeconds, search: searchSeconds },
      perQuery,
    };
  } finally {
    await opened.close();
  }
}

/**
 * Where the indexes are written: memory when Linux offers it, because Pagefind writes some
 * 34,000 files for tehrantimes, and removing them from /tmp took 5 to 100 s here while other
 * jobs ran (under a second from /dev/shm).
 */
function scratchDir() {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

function skipped(corpus) {
  console.log(`\n## ${corpus}: skipped, no ${corpus}.jsonl.gz in ${corporaDir(REPO)}`);
}

/** Everything about one corpus: queries, every engine, the report and the files in out/. */
async function runCorpus(corpus, docCount) {
  const corpusPath = corpusFile(REPO, corpus);
  if (!corpusPath) {
    skipped(corpus);
    return;
  }
  log(`${corpus}: reading ${corpusPath}`);
  const [docs, readSeconds] = await timed(() => readCorpus(corpusPath));
  log(`${corpus}: ${docs.length} documents; making queries`);
  const [querySet, querySeconds] = await timed(() => makeQueries(docs, docCount));
  const loadBefore = loadavg()[0];
  writeFileSync(path.join(OUT, `queries-${corpus}.json`), `${JSON.stringify({ corpus, ...querySet }, null, 1)}\n`);

  const work = mkdtempSync(path.join(scratchDir(), `quire-relevance-${corpus}-`));
  const rows = [];
  try {
    for (const engine of ENGINES) rows.push(await runEngine(engine, { repo: REPO, corpusPath, docs, work }, querySet));
  } finally {
    log(`${corpus}: removing ${work}`);
    rmSync(work, { recursive: true, force: true });
  }
  // Latencies mean little when other work shares the cores: the load goes with the figures.
  const load = { cores: availableParallelism(), before: loadBefore, after: loadavg()[0] };
  const results = {
    corpus,
    documents: docs.length,
    seed: SEED,
    ranAt: new Date().toISOString(),
    load,
    seconds: { read: readSeconds, queries: querySeconds },
    rows,
  };
  writeFileSync(path.join(OUT, `results-${corpus}.json`), `${JSON.stringify(results, null, 1)}\n`);
  report(results, querySet);
}

function report({ corpus, documents, rows, seconds, load }, { queries, skippedShortTitles }) {
  const noTypo = queries.filter((q) => !q.typo).length;
  const twins = queries.filter((q) => q.titleTwins > 0).length;
  const s = (x) => `${x.toFixed(1)} s`;
  console.log(`\n## ${corpus}: ${documents.toLocaleString('en')} documents, ${queries.length} known-item queries\n`);
  console.log(markdownTable(rows));
  console.log(`\nTypo queries by edit:\n\n${markdownTypoTable(rows)}`);
  console.log(
    `\n${skippedShortTitles} documents skipped while sampling (title with < 2 usable words); ` +
      `${noTypo} queries without a typo variant (no word of ≥ 5 letters); ` +
      `${twins} queries whose words all appear in another document's title too.`,
  );
  console.log(`Time: corpus read ${s(seconds.read)}, queries made ${s(seconds.queries)}; ` +
    rows.map((r) => `${r.engine} index ${s(r.seconds.index)} (ready ${s(r.seconds.open)}), search ${s(r.seconds.search)}`).join('; ') +
    `. Load average ${load.before.toFixed(1)} → ${load.after.toFixed(1)} on ${load.cores} cores.`);
}

/** The exact engine set-ups, printed once: they are the same for every corpus. */
function printConfiguration() {
  console.log(`# Known-item relevance: ${ENGINES.map((e) => e.name).join(' vs ')}\n`);
  console.log(`Seed: ${SEED} (0x${SEED.toString(16)}), mulberry32; top 10 per query.\n`);
  for (const engine of ENGINES) {
    console.log(`${engine.name}:`);
    for (const [key, value] of Object.entries(engine.config(REPO))) console.log(`  ${key}: ${value}`);
  }
}

async function main() {
  const { docs, corpora } = options();
  mkdirSync(OUT, { recursive: true });
  if (!corpora.some((c) => corpusFile(REPO, c))) {
    corpora.forEach(skipped);
    return;
  }
  // Like the project's scripts, install what is missing: the versions in package-lock.json.
  // Not `npm ci`: it refuses a lock file without Pagefind's binaries for other platforms, and
  // a registry that serves only Linux ones cannot produce that file.
  if (!existsSync(path.join(HERE, 'node_modules', 'pagefind'))) {
    log('npm install in benches/relevance');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HERE, stdio: ['ignore', 2, 2] });
  }
  // Imported only now: the engines' packages may have just been installed.
  ({ ENGINES } = await import('./lib/engines/index.mjs'));
  const { only } = options();
  if (only) ENGINES = ENGINES.filter((engine) => only.includes(engine.name.toLowerCase()));
  for (const engine of ENGINES) engine.prepare?.(REPO, log);
  printConfiguration();
  for (const corpus of corpora) await runCorpus(corpus, docs);
  log('done');
}

await main();
