// Known-item relevance benchmark: Quire vs Pagefind vs MiniSearch on the shared corpora or any
// JSON Lines corpus. Prints figures as Markdown, writes each query's outcome to a JSON file in
// the temporary folder; asserts nothing. `--help` says how to call it; README.md says what it
// measures and how the queries are made.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORPORA, corporaDir, readCorpus, resolveCorpus } from '../corpora.mjs';
import { readRecords, renderSite } from '../html/render.mjs';
import * as classic from './lib/classic.mjs';
import { rankOf, summarize, summarizeGroups } from './lib/metrics.mjs';
import { SEED } from './lib/prng.mjs';
import { markdownBreakdown, markdownTable, missesText } from './lib/report.mjs';
import * as titles from './lib/titles.mjs';

const HERE = fileURLToPath(new URL('./', import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

/** The query set generators, by `--set` name; the first is the default. */
const GENERATORS = { [titles.name]: titles, [classic.name]: classic };

const USAGE = `usage: node benches/relevance/run.mjs [options]
  --corpus C      bbc, tehrantimes, all (the default: those two), the name of any other
                  <name>.jsonl.gz in the corpora folder, or the path of a .jsonl, .jsonl.gz or
                  .ndjson file with id, title and body per line; repeat or comma-separate
  --set S         the query set: ${Object.keys(GENERATORS).join(' (default) or ')}
  --sets A,B      its variants to run (titles: ${titles.sets.join(',')}; classic: ${classic.sets.join(',')}); default all
  --n N           queries per variant (default 300; --docs is the same)
  --seed X        the PRNG seed, decimal or 0x hex (default 0x${SEED.toString(16)})
  --engines E,F   quire, pagefind, minisearch (default all)
  --typing T      Quire's rows: both (default), true, false
  --source S      jsonl (default): engines index the JSON Lines; html: Quire and Pagefind index
                  the corpus rendered as a built site (benches/html/render.mjs), MiniSearch the JSON
  --misses        print Quire's misses after each corpus's tables
  --out DIR       where the per-query JSON goes (default ${path.join(tmpdir(), 'quire-relevance')})`;

/** A wrong command line: says what was wrong and how to call, without a stack trace. */
function usage(problem) {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

const began = performance.now();
/** Progress goes to stderr, stamped with the time since start, so stdout holds only figures. */
const log = (message) => console.error(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${message}`);

/** Runs `f` and returns [its result, seconds taken]. */
async function timed(f) {
  const started = performance.now();
  const value = await f();
  return [value, (performance.now() - started) / 1000];
}

/** Bad input (a corpus, the widget's source): the message says what and how to fix it. */
class Problem extends Error {}

const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);

/** A corpus named on the command line: a shared one by name, or a file by path. */
function corpusOf(spec) {
  const corpus = resolveCorpus(REPO, spec);
  if (corpus.problem) usage(`--corpus: ${corpus.problem}`);
  return corpus;
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        corpus: { type: 'string', multiple: true, default: ['all'] },
        set: { type: 'string', default: Object.keys(GENERATORS)[0] },
        sets: { type: 'string' },
        n: { type: 'string' },
        docs: { type: 'string' },
        seed: { type: 'string', default: String(SEED) },
        engines: { type: 'string', default: 'quire,pagefind,minisearch' },
        typing: { type: 'string', default: 'both' },
        source: { type: 'string', default: 'jsonl' },
        misses: { type: 'boolean', default: false },
        out: { type: 'string', default: path.join(tmpdir(), 'quire-relevance') },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usage(error.message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const generator = GENERATORS[values.set] ?? usage(`--set: no query set ${values.set}`);
  const sets = values.sets ? list(values.sets) : generator.sets;
  for (const set of sets) if (!generator.sets.includes(set)) usage(`--sets: the ${generator.name} set has no variant ${set} (it has ${generator.sets.join(', ')})`);
  if (values.n && values.docs && values.n !== values.docs) usage('--n and --docs are the same option: give one');
  const count = Number(values.n ?? values.docs ?? 300);
  if (!Number.isInteger(count) || count < 1) usage(`--n wants a positive whole number, not ${values.n ?? values.docs}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) usage(`--seed wants a whole number from 0 to 0xffffffff, not ${values.seed}`);
  const engines = list(values.engines.toLowerCase());
  for (const e of engines) if (!['quire', 'pagefind', 'minisearch'].includes(e)) usage(`--engines: no engine ${e}`);
  const typing = { both: [true, false], true: [true], false: [false] }[values.typing] ?? usage(`--typing wants both, true or false, not ${values.typing}`);
  const specs = [...new Set(values.corpus.flatMap(list).flatMap((c) => (c === 'all' ? CORPORA : [c])))];
  if (!['jsonl', 'html'].includes(values.source)) usage(`--source wants jsonl or html, not ${values.source}`);
  return { generator, sets, count, seed, engines, typing, source: values.source, misses: values.misses, out: path.resolve(values.out), corpora: specs.map(corpusOf) };
}

/**
 * Reads a corpus and checks what a known-item benchmark needs: an id per article, unique.
 * @returns {Promise<{id: string, title: string, body: string}[]>}
 */
async function readChecked(file) {
  let docs;
  try {
    docs = await readCorpus(file);
  } catch (error) {
    throw error.message.startsWith(file) ? new Problem(error.message) : error;
  }
  const seen = new Set();
  for (const doc of docs) {
    if (seen.has(doc.id)) throw new Problem(`${file}: the id ${doc.id} is used twice; each article needs its own id, which is how a query's target is found`);
    seen.add(doc.id);
  }
  if (!docs.length) throw new Problem(`${file}: no articles`);
  return docs;
}

/**
 * One engine over one corpus: index, then every variant's queries in each of its modes, each
 * query scored against its target. Outcomes go into the query set, by row name.
 */
async function runEngine(engine, context, querySet, sets) {
  log(`${engine.name}: indexing`);
  const [opened, openSeconds] = await timed(() => engine.open(context));
  const rows = [];
  try {
    for (const mode of engine.modes) {
      const row = { engine: mode.name, base: engine.name, bySet: {}, seconds: { index: opened.buildSeconds, open: openSeconds, search: 0 } };
      for (const set of sets) {
        const asked = querySet.queries.filter((q) => q.sets[set]);
        log(`${mode.name}: ${asked.length} ${set} queries`);
        const [answers, seconds] = await timed(() => opened.run(asked.map((q) => q.sets[set].query), mode));
        row.seconds.search += seconds;
        const outcomes = asked.map((q, i) => {
          const { ids, total, ms, quire } = answers[i];
          const outcome = { rank: rankOf(ids, q.target), total, ms, ids, ...(quire && { quire }) };
          (q.sets[set].results ??= {})[mode.name] = outcome;
          return outcome;
        });
        const variants = asked.map((q) => q.sets[set]);
        row.bySet[set] = { summary: summarize(outcomes), groups: summarizeGroups(variants, outcomes) };
      }
      rows.push(row);
    }
  } finally {
    await opened.close();
  }
  return rows;
}

/**
 * Where the indexes are written: memory when Linux offers it, because Pagefind writes some
 * 34,000 files for tehrantimes, and removing them from /tmp took 5 to 100 s here while other
 * jobs ran (under a second from /dev/shm).
 */
function scratchDir() {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** Everything about one corpus: queries, every engine, the report and the JSON file. */
async function runCorpus(corpus, engines, opts) {
  const { generator, sets, count, seed } = opts;
  log(`${corpus.name}: reading ${corpus.file}`);
  const [docs, readSeconds] = await timed(() => readChecked(corpus.file));
  log(`${corpus.name}: ${docs.length} documents; making the ${generator.name} queries`);
  const [querySet, querySeconds] = await timed(() => generator.makeQueries(docs, { count, seed }));
  const loadBefore = loadavg()[0];

  const work = mkdtempSync(path.join(scratchDir(), `quire-relevance-${corpus.name}-`));
  const rows = [];
  try {
    // From HTML: the corpus rendered as a built site, which Quire and Pagefind index as a site.
    let site;
    if (opts.source === 'html') {
      site = path.join(work, 'site');
      log(`${corpus.name}: rendering it as a site (benches/html/render.mjs)`);
      await renderSite(await readRecords(corpus.file), site);
    }
    for (const engine of engines) rows.push(...(await runEngine(engine, { repo: REPO, corpusPath: corpus.file, site, docs, work }, querySet, sets)));
  } finally {
    log(`${corpus.name}: removing ${work}`);
    rmSync(work, { recursive: true, force: true });
  }
  // Latencies mean little when other work shares the cores: the load goes with the figures.
  const load = { cores: availableParallelism(), before: loadBefore, after: loadavg()[0] };
  const results = {
    corpus: corpus.name,
    file: corpus.file,
    documents: docs.length,
    command: commandLine(),
    set: generator.name,
    source: opts.source,
    seed,
    ranAt: new Date().toISOString(),
    load,
    seconds: { read: readSeconds, queries: querySeconds },
    engines: Object.fromEntries(engines.map((e) => [e.name, e.config(REPO)])),
    rows,
    skipped: querySet.skipped,
    queries: querySet.queries,
  };
  mkdirSync(opts.out, { recursive: true });
  const file = path.join(opts.out, `results-${corpus.name}-${generator.name}${opts.source === 'html' ? '-html' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 1)}\n`);
  log(`${corpus.name}: each query's outcome is in ${file}`);
  report(results, generator, sets);
  if (opts.misses) {
    const titleOf = new Map(docs.map((d) => [d.id, d.title]));
    console.log(missesText({ corpus: corpus.name, rows, sets, queries: querySet.queries, titleOf: (id) => titleOf.get(id) ?? '?' }));
  }
}

function report({ corpus, documents, rows, seconds, load, skipped, queries }, generator, sets) {
  const twins = queries.filter((q) => q.titleTwins > 0).length;
  const s = (x) => `${x.toFixed(1)} s`;
  console.log(`\n## ${corpus}: ${documents.toLocaleString('en')} documents, ${queries.length} known-item queries\n`);
  console.log(markdownTable(rows, sets));
  const breakdown = markdownBreakdown(rows, sets, generator.breakdown);
  if (breakdown) console.log(`\nS@10 of the edited queries by kind of edit and word:\n\n${breakdown}`);
  const skips = Object.entries(skipped).map(([why, n]) => `${n} (${why})`).join(', ');
  const missing = sets.filter((set) => set !== 'clean').map((set) => [set, queries.filter((q) => !q.sets[set]).length]).filter(([, n]) => n);
  console.log(
    `\nDocuments skipped while sampling: ${skips}. ` +
      missing.map(([set, n]) => `${n} queries without a ${set} variant (no word of ≥ 5 letters). `).join('') +
      `${twins} ${twins === 1 ? 'query' : 'queries'} whose words all appear in another document's title too.`,
  );
  console.log(
    `Time: corpus read ${s(seconds.read)}, queries made ${s(seconds.queries)}; ` +
      [...new Map(rows.map((r) => [r.base, r])).values()].map((r) => `${r.base} index ${s(r.seconds.index)} (ready ${s(r.seconds.open)})`).join(', ') +
      '; search ' +
      rows.map((r) => `${r.engine} ${s(r.seconds.search)}`).join(', ') +
      `. Load average ${load.before.toFixed(1)} → ${load.after.toFixed(1)} on ${load.cores} cores.`,
  );
}

/** The command that reproduces this run, from the repository root. */
function commandLine() {
  const args = process.argv.slice(2).map((a) => (/^[\w./:=,@+-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`));
  return ['node', 'benches/relevance/run.mjs', ...args].join(' ');
}

/** The command, the query set and the exact engine set-ups, printed once for all corpora. */
function printConfiguration(engines, { generator, sets, count, seed, source }) {
  console.log(`# Known-item relevance: ${engines.flatMap((e) => e.modes.map((m) => m.name)).join(' vs ')}\n`);
  console.log(`Command: \`${commandLine()}\`\n`);
  console.log(`Query set: ${generator.name} (${sets.join(', ')}), ${count} queries per variant, seed ${seed} (0x${seed.toString(16)}), mulberry32; top 10 per query.\n`);
  if (source === 'html') {
    console.log('Source: each corpus rendered as a built site (benches/html/render.mjs: one page per article in a news site\'s chrome); Quire (`quire build <site>`) and Pagefind (`addDirectory`, as `pagefind --site`) index the pages, MiniSearch the JSON Lines.\n');
  }
  for (const engine of engines) {
    console.log(`${engine.name}:`);
    for (const [key, value] of Object.entries(engine.config(REPO))) console.log(`  ${key}: ${value}`);
  }
}

async function main() {
  const opts = options();
  const available = opts.corpora.filter((c) => c.file);
  for (const c of opts.corpora.filter((c) => !c.file)) console.log(`\n## ${c.name}: skipped, no ${c.name}.jsonl.gz in ${corporaDir(REPO)}`);
  if (!available.length) return;
  // Like the project's scripts, install what is missing: the versions in package-lock.json.
  // Not `npm ci`: it refuses a lock file without Pagefind's binaries for other platforms, and
  // a registry that serves only Linux ones cannot produce that file.
  if (!existsSync(path.join(HERE, 'node_modules', 'pagefind'))) {
    log('npm install in benches/relevance');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HERE, stdio: ['ignore', 2, 2] });
  }
  // Imported only now: the engines' packages may have just been installed.
  const { ENGINES } = await import('./lib/engines/index.mjs');
  const engines = [];
  for (const engine of ENGINES.filter((e) => opts.engines.includes(e.name.toLowerCase()))) {
    engine.prepare?.(REPO, log);
    const modes = engine.modes ? (await engine.modes(REPO)).filter((m) => opts.typing.includes(m.request.typing)) : [{ name: engine.name }];
    engines.push({ ...engine, name: engine.name, modes });
  }
  printConfiguration(engines, opts);
  for (const corpus of available) await runCorpus(corpus, engines, opts);
  log('done');
}

try {
  await main();
} catch (error) {
  // A corpus or widget problem is told in its message; anything else is a bug, with its stack.
  console.error(`benches/relevance: ${error instanceof Problem ? error.message : error.stack}`);
  process.exit(1);
}
