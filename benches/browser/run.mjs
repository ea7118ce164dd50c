// Quire vs Pagefind vs MiniSearch on one JSON Lines corpus, as a visitor on a real network
// waits for them: each engine's index built from the same corpus (build time and memory,
// bundle size), served from a logging static server on 127.0.0.1, and driven in Chromium with
// the network emulated through the DevTools protocol (latency and throughput, page and
// workers): typing into each engine's own search box, the cold first query, new and repeated
// queries given whole, with the requests, sequential rounds and bytes of each. Prints Markdown
// tables to stdout (progress to stderr) and writes every figure as JSON under the system's
// temporary folder. Asserts nothing. From any folder:
//   node benches/browser/run.mjs [--corpus bbc|tehrantimes] [--profiles broadband,mobile,broadband-no-range]
//        [--rtt MS --down-kbps K [--up-kbps K] [--no-range]] [--runs 3] [--queries 30] [--passes 3]
//        [--typing 8] [--cps 8] [--engines quire,pagefind,minisearch] [--quick] [--http1]
//        [--encoding gzip|identity] [--scale 1] [--keep] [--quire-before DIR]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { quireProgram } from '../../scripts/cargo.mjs';
import { CORPORA, corporaDir, resolveCorpus, writeScaled } from '../corpora.mjs';
import { ENGINES, installed } from './lib/engines.mjs';
import { describe, emulated, profile, PROFILES, TARGET_PROFILES } from './lib/network.mjs';
import { POLL_MS } from './lib/proc.mjs';
import { GZIP_LEVEL, startServer } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

/** The first query of every API run. */
const FIRST_QUERY = 'nuclear deal';

/**
 * Queries given whole, in order: words, names, phrases of two or three words, prefixes as
 * typed. `--queries N` takes N of them spread evenly over the list.
 */
const QUERIES = [
  'iran', 'oil', 'sanctions', 'economy', 'football', 'election', 'parliament', 'israel', 'syria', 'president',
  'zarif', 'rouhani', 'khamenei', 'ahmadinejad', 'trump', 'obama',
  'nuclear deal', 'oil exports', 'foreign minister', 'human rights', 'supreme leader', 'world cup',
  'tehran stock exchange', 'united nations security',
  'nucl', 'sanc', 'khame', 'presid', 'tehran sto', 'foreign min',
];

/**
 * Queries typed into the search boxes, as people type them: two or three lower-case words, each
 * with results in both corpora (bbc: 8 to 158 articles; tehrantimes: 28 to 7,809). `--typing N`
 * takes the first N.
 */
const TYPED = [
  'oil prices rise', 'prime minister', 'world cup final', 'interest rates', 'human rights groups', 'stock market',
  'film festival award', 'central bank', 'climate change', 'foreign minister', 'economic growth', 'police officers',
];

const QUICK = { runs: 1, queries: 10, passes: 2, typing: 4, profiles: 'broadband' };
const DEFAULTS = { runs: 3, queries: QUERIES.length, passes: 3, typing: 8, profiles: TARGET_PROFILES.join(',') };

const began = performance.now();
const log = (message) => console.error(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${message}`);

const USAGE = `usage: node benches/browser/run.mjs [--corpus ${CORPORA.join('|')}|NAME|FILE]   default tehrantimes; NAME: NAME.jsonl.gz of
                         the corpora folder; FILE: a .jsonl, .jsonl.gz or .ndjson file
    [--query-file FILE]  the queries given whole, one a line (# starts a comment), instead of the built-in list;
                         its first line is the cold first query
    [--typed-file FILE]  the queries typed, one a line, instead of the built-in list
    [--profiles P,...]   network conditions, each of ${Object.keys(PROFILES).join(', ')}, optionally with -no-range
                         (a host that ignores Range); default ${DEFAULTS.profiles}
    [--rtt MS --down-kbps K [--up-kbps K] [--no-range]]   one condition of your own instead
    [--runs ${DEFAULTS.runs}] [--queries ${DEFAULTS.queries}] [--passes ${DEFAULTS.passes}] [--typing ${DEFAULTS.typing}] [--cps 8]
    [--quick]            runs ${QUICK.runs}, queries ${QUICK.queries}, passes ${QUICK.passes}, typing ${QUICK.typing}, profiles ${QUICK.profiles} (each overridable)
    [--engines quire,pagefind,minisearch] [--http1] [--encoding gzip|identity] [--scale 1|3] [--keep]
    [--quire-before DIR] a www/ folder of another Quire revision (with its pkg/ built), run beside
                         this one as "Quire before" on an index this revision builds (the same
                         format version): a change's before and after in one run`;

function usage(problem) {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        corpus: { type: 'string', default: 'tehrantimes' },
        'query-file': { type: 'string' },
        'typed-file': { type: 'string' },
        scale: { type: 'string', default: '1' },
        runs: { type: 'string' },
        queries: { type: 'string' },
        passes: { type: 'string' },
        typing: { type: 'string' },
        cps: { type: 'string', default: '8' },
        profiles: { type: 'string' },
        rtt: { type: 'string' },
        'down-kbps': { type: 'string' },
        'up-kbps': { type: 'string' },
        'no-range': { type: 'boolean', default: false },
        engines: { type: 'string', default: '' },
        encoding: { type: 'string', default: 'gzip' },
        http1: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        'quire-before': { type: 'string' },
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
  const base = values.quick ? QUICK : DEFAULTS;
  const number = (name, min, { whole = true } = {}) => {
    const given = values[name] ?? String(base[name]);
    const n = Number(given);
    if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) usage(`--${name} wants a ${whole ? 'whole ' : ''}number ≥ ${min}, not ${given}`);
    return n;
  };
  const corpus = resolveCorpus(REPO, values.corpus);
  if (corpus.problem) usage(`--corpus: ${corpus.problem}`);
  const querySet = values['query-file'] === undefined ? null : queryFile('query-file', values['query-file']);
  const typedSet = values['typed-file'] === undefined ? TYPED : queryFile('typed-file', values['typed-file']);
  if (!['gzip', 'identity'].includes(values.encoding)) usage(`--encoding: gzip or identity, not ${values.encoding}`);
  const only = values.engines ? values.engines.toLowerCase().split(',') : null;
  const engines = only ? ENGINES.filter((e) => only.includes(e.name.toLowerCase())) : [...ENGINES];
  if (!engines.length) usage(`--engines: none of ${values.engines}`);
  if (values['quire-before'] !== undefined) {
    const www = path.resolve(values['quire-before']);
    if (!existsSync(path.join(www, 'quire-engine.js')) || !existsSync(path.join(www, 'pkg', 'quire_bg.wasm'))) usage(`--quire-before: ${www} has no quire-engine.js and pkg/quire_bg.wasm`);
    const [quire] = ENGINES;
    const before = { ...quire, name: 'Quire before', mounts: ({ bundle }) => ({ '/': www, '/idx/': bundle }), code: (repo) => quire.code(repo).map((file) => path.join(www, path.relative(path.join(repo, 'www'), file))) };
    ENGINES.push(before);
    engines.splice(engines.includes(quire) ? 1 : 0, 0, before);
  }

  let conditions;
  const custom = values.rtt !== undefined || values['down-kbps'] !== undefined || values['up-kbps'] !== undefined;
  if (custom) {
    if (values.profiles !== undefined) usage('--profiles or --rtt/--down-kbps/--up-kbps, not both');
    const rtt = number('rtt', 0, { whole: false });
    const downKbps = values['down-kbps'] === undefined ? 0 : number('down-kbps', 0, { whole: false });
    const upKbps = values['up-kbps'] === undefined ? downKbps : number('up-kbps', 0, { whole: false });
    const ranges = !values['no-range'];
    conditions = [{ name: `rtt ${rtt}, ${downKbps} kbit/s${ranges ? '' : ', no range'}`, rtt, downKbps, upKbps, ranges }];
  } else {
    const names = (values.profiles ?? base.profiles).split(',').map((s) => s.trim()).filter(Boolean);
    conditions = names.map((name) => {
      const withRange = values['no-range'] && !name.endsWith('-no-range') ? `${name}-no-range` : name;
      return profile(withRange) ?? usage(`--profiles: no profile ${name} (${Object.keys(PROFILES).join(', ')}, each optionally with -no-range)`);
    });
  }
  const given = querySet ? querySet.slice(1) : QUERIES;
  const queries = values.queries === undefined && querySet ? given.length : number('queries', 1);
  const typing = values.typing === undefined && values['typed-file'] !== undefined ? typedSet.length : number('typing', 0);
  if (queries > given.length) usage(`--queries: at most ${given.length}`);
  if (typing > typedSet.length) usage(`--typing: at most ${typedSet.length}`);
  return {
    corpus,
    firstQuery: querySet ? querySet[0] : FIRST_QUERY,
    scale: number('scale', 1),
    runs: number('runs', 1),
    passes: number('passes', 1),
    queries: spread(given, queries),
    typed: typedSet.slice(0, typing),
    cps: number('cps', 1, { whole: false }),
    conditions,
    engines,
    gzip: values.encoding === 'gzip',
    http1: values.http1,
    keep: values.keep,
  };
}

/**
 * The queries of a file, one a line, blank lines and lines starting with # left out; at least two
 * for --query-file (the first is the cold first query), one for --typed-file.
 */
function queryFile(option, file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    usage(`--${option}: cannot read ${file} (${error.code ?? error.message})`);
  }
  const queries = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const least = option === 'query-file' ? 2 : 1;
  if (queries.length < least) usage(`--${option}: ${file} has ${queries.length} queries; it needs at least ${least}, one a line`);
  return queries;
}

/** `n` items spread evenly over `list`, in its order. */
function spread(list, n) {
  if (n >= list.length) return [...list];
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]);
}

// ---------------------------------------------------------------------------------------------
// Preparation: npm packages, the CLI, the Wasm module.

function newestMtime(dir) {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? newestMtime(file) : statSync(file).mtimeMs;
  }));
}

function git(...args) {
  return execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
}

/** Builds what Quire needs (output to stderr: stdout holds only the report); the CLI's path and the revision. */
function prepareQuire() {
  // The release build as the project documents it, then the native profile (opt-level 3), whose
  // CLI is the one timed: the release profile is tuned for the Wasm module's size.
  log('quire: cargo build --release');
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: REPO, stdio: ['ignore', 2, 2] });
  log('quire: cargo build --profile native');
  execFileSync('cargo', ['build', '--profile', 'native', '--quiet'], { cwd: REPO, stdio: ['ignore', 2, 2] });
  const wasm = path.join(REPO, 'www', 'pkg', 'quire_bg.wasm');
  const source = Math.max(newestMtime(path.join(REPO, 'src')), ...['Cargo.toml', 'Cargo.lock'].map((f) => statSync(path.join(REPO, f)).mtimeMs));
  if (!existsSync(wasm) || statSync(wasm).mtimeMs < source) {
    log('quire: www/pkg is missing or older than the source: bash scripts/build-wasm.sh');
    execFileSync('bash', ['scripts/build-wasm.sh'], { cwd: REPO, stdio: ['ignore', 2, 2] });
  }
  const cli = quireProgram('native');
  const head = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock', 'www');
  if (!dirty) return { cli, revision: head };
  // Which uncommitted state: a hash of the diff and of the new files, to tell runs apart.
  const hash = createHash('sha256').update(git('diff', 'HEAD', '--', 'src', 'Cargo.toml', 'Cargo.lock', 'www'));
  for (const file of git('ls-files', '--others', '--exclude-standard', '--', 'src', 'www').split('\n').filter(Boolean)) {
    hash.update(file).update(readFileSync(path.join(REPO, file)));
  }
  return { cli, revision: `${head} + uncommitted changes (${dirty.split('\n').map((l) => l.replace(/^\s*\S+\s+/, '')).join(', ')}; diff sha256 ${hash.digest('hex').slice(0, 12)})` };
}

// ---------------------------------------------------------------------------------------------
// Measures.

/** Every file under `dir`, recursively. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

/** Files, raw bytes, and the sum of each file gzipped at level 6. */
function sizes(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: GZIP_LEVEL }).length;
  }
  return { files: files.length, raw, gzip };
}

/**
 * The engine's WebAssembly module, gzipped: Quire's at level 9 (as scripts/build-wasm.sh
 * reports it); Pagefind's English module as its bundle ships it (gzip already). Null for none.
 */
function wasmSize(engine, bundle) {
  if (engine.name === 'Quire') {
    const file = path.join(REPO, 'www', 'pkg', 'quire_bg.wasm');
    const bytes = readFileSync(file);
    return { file: path.relative(REPO, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, how: 'gzip -9 of www/pkg/quire_bg.wasm' };
  }
  if (engine.name === 'Pagefind') {
    const file = path.join(bundle, 'wasm.en.pagefind');
    if (!existsSync(file)) return null;
    return { file: 'pagefind/wasm.en.pagefind', raw: null, gzip: statSync(file).size, how: 'wasm.en.pagefind as shipped (gzip)' };
  }
  return null;
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x));
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x));
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const spreadOf = (xs) => ({ p50: percentile(xs, 50), p95: percentile(xs, 95), n: xs.length });

/** The steps of a start-up trace that bring a start-up file in (the files of STARTUP_ROLES, the glue, the Wasm). */
const STARTUP_IN = /^(meta|columns|facets) arrived$|^quire(_all)? (glue imported|Wasm compiled)$/;

/**
 * One cold first query's start-up trace (`QuireIndex.timings`), as steps in ms after
 * navigation: file hashes left out of names, a repeated name numbered; with the gap from the
 * last start-up file in to the first request of the query.
 */
function traceOf(first) {
  if (!first?.timings) return null;
  const seen = new Map();
  const steps = first.timings.map(({ name, at }) => {
    const plain = name.replace(/\.[0-9a-f]{16}\.qi/, '');
    const n = (seen.get(plain) ?? 0) + 1;
    seen.set(plain, n);
    return { name: n > 1 ? `${plain} #${n}` : plain, ms: at - first.timeOrigin };
  });
  const filesIn = Math.max(...steps.filter((s) => STARTUP_IN.test(s.name)).map((s) => s.ms));
  const received = steps.find((s) => s.name === 'search received');
  const request = received && steps.find((s) => s.ms >= received.ms && s.name.startsWith('fetch '));
  // The same gap as the network saw it: from the last answer to a request sent before the
  // search reached the engine, to the first request sent after.
  const network = first.network ?? [];
  const before = network.filter((r) => received && r.sent < received.ms);
  const after = network.filter((r) => received && r.sent >= received.ms);
  const netGap = before.length && after.length ? Math.min(...after.map((r) => r.sent)) - Math.max(...before.map((r) => r.in)) : NaN;
  // From the loader's first line to the query's first request: what the engine's start-up
  // costs, without the page's own load before it (which moves most from run to run).
  const loader = steps.find((s) => s.name === 'page: engine module runs');
  const fromLoader = request && loader ? request.ms - loader.ms : NaN;
  return { steps, filesIn, gap: request ? request.ms - filesIn : NaN, netGap, fromLoader };
}

/** The start-up traces of several runs: each step's median, in the order of those medians. */
function traceSummary(traces) {
  const got = traces.filter(Boolean);
  if (!got.length) return null;
  const byName = new Map();
  for (const t of got) for (const s of t.steps) byName.set(s.name, [...(byName.get(s.name) ?? []), s.ms]);
  const steps = [...byName].map(([name, xs]) => ({ name, ms: median(xs), runs: xs.length })).sort((a, b) => a.ms - b.ms);
  return { steps, filesIn: median(got.map((t) => t.filesIn)), gap: median(got.map((t) => t.gap)), netGap: median(got.map((t) => t.netGap)), fromLoader: median(got.map((t) => t.fromLoader)), runs: got.length };
}

/** The figures of one engine under one condition, over all its runs. */
function summarize(runs, firstQuery) {
  const api = runs.flatMap((r) => (r.api ? [r.api] : []));
  const typings = runs.flatMap((r) => (r.typing ? [r.typing] : []));
  const samples = api.flatMap((r) => r.samples);
  // New: a query's first run in the session; the first query of the page is not new again.
  const fresh = samples.filter((s) => s.pass === 0 && s.query !== firstQuery);
  const repeats = samples.filter((s) => s.pass > 0);
  const typed = typings.flatMap((t) => t.typed);
  const warmTyped = typed.filter((t) => !t.cold);
  const pages = [...api, ...typings];
  return {
    typing: spreadOf(warmTyped.map((t) => t.ms)),
    typingCold: median(typed.filter((t) => t.cold).map((t) => t.ms)),
    typingInterval: median(typed.map((t) => t.interval)),
    typingRoundsAfterLast: median(warmTyped.map((t) => t.roundsAfterLast)),
    typingRequests: median(warmTyped.map((t) => t.requests)),
    typingBytes: median(warmTyped.map((t) => t.bytes)),
    firstMs: median(api.map((r) => r.first.at)),
    firstCompleteMs: median(api.map((r) => r.first.completeAt ?? r.first.at)),
    startup: traceSummary(api.map((r) => traceOf(r.first))),
    firstBytes: median(api.map((r) => r.first.bytes)),
    firstRequests: median(api.map((r) => r.first.requests)),
    firstRounds: median(api.map((r) => r.first.rounds)),
    firstTotal: api[0]?.first.total ?? NaN,
    firstTop: api[0]?.first.display.map((d) => d.title) ?? [],
    mode: api[0]?.first.mode ?? null,
    fresh: spreadOf(fresh.map((s) => s.ms)),
    // To the first results shown: a first page before the answer (Quire's onPartial), else
    // the answer.
    freshFirst: spreadOf(fresh.map((s) => s.firstMs ?? s.ms)),
    repeat: spreadOf(repeats.map((s) => s.ms)),
    newRequests: median(fresh.map((s) => s.requests)),
    newRounds: median(fresh.map((s) => s.rounds)),
    newRoundsP95: percentile(fresh.map((s) => s.rounds), 95),
    newBytes: median(fresh.map((s) => s.bytes)),
    newBytesMax: fresh.length ? Math.max(...fresh.map((s) => s.bytes)) : NaN,
    repeatRequests: median(repeats.map((s) => s.requests)),
    rendererPeak: api.length ? Math.max(...api.map((r) => r.renderer.peak)) : NaN,
    rendererPeakSum: api.length ? Math.max(...api.map((r) => r.renderer.peakSum)) : NaN,
    jsHeapUsed: median(api.map((r) => r.jsHeap.used)),
    between: median(api.map((r) => r.between.requests)),
    unpaired: pages.reduce((n, p) => n + p.unpairedRequests + p.unpairedLog, 0),
    errors: pages.flatMap((p) => [...p.errors, ...p.cdpErrors]),
    failures: runs.flatMap((r) => r.failures),
    workers: [...new Set(pages.flatMap((p) => p.workers.map((w) => `${w.type} ${new URL(w.url).pathname}: ${w.emulation ?? 'no conditions to set'}`)))],
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting: decimal units throughout (kB = 1000 B, MB = 10⁶ B).

const bytes = (n) => (Number.isNaN(n) || n == null ? '–' : n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const ms = (x) => (x == null || Number.isNaN(x) ? '–' : x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
const seconds = (x) => `${x.toFixed(1)} s`;
const num = (x) => (x == null || Number.isNaN(x) ? '–' : Number.isInteger(x) ? String(x) : x.toFixed(1));
const ratio = (a, b) => (!a && a !== 0) || !b || Number.isNaN(a) || Number.isNaN(b) ? '–' : `${(a / b).toFixed(2)}`;

/** A Markdown table; `align` has an 'l' or 'r' per column (default: first left, rest right). */
function table(header, rows, align = `l${'r'.repeat(header.length - 1)}`) {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|');
  return [`| ${header.join(' | ')} |`, `|${rule}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = options();
  const { scale, runs, passes, queries, typed, cps, conditions, engines, gzip, firstQuery } = opts;
  const corpus = opts.corpus.name;
  const command = `node benches/browser/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const source = opts.corpus.file;
  if (!source) {
    console.log(`skipped: no ${corpus}.jsonl.gz in ${corporaDir(REPO)}`);
    return;
  }
  const loadBefore = loadavg();

  if (!installed()) {
    // Not `npm ci`: it refuses a lock file without Pagefind's binaries for other platforms.
    log('npm install in benches/browser');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HERE, stdio: ['ignore', 2, 2] });
  }
  const { apiRun, typingRun, blankRun, launch, BLANK, PAGE, CHROMIUM, CHROMIUM_ARGS } = await import('./lib/browser.mjs');
  const { checkThrottling } = await import('./lib/throttle-check.mjs');
  const { makeCertificate } = await import('./lib/tls.mjs');
  const quire = engines.some((e) => e.build === ENGINES[0].build) ? prepareQuire() : null;
  const tls = opts.http1 ? null : makeCertificate();
  const spki = tls?.spki ?? null;
  const chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();

  // Indexes and the scaled corpus live in memory when Linux offers it: Pagefind writes tens of
  // thousands of files, slow to remove from a busy disk.
  const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const work = mkdtempSync(path.join(scratch, `quire-browser-${corpus}-x${scale}-`));
  const results = {
    corpus, scale, command, scratch, ranAt: new Date().toISOString(),
    firstQuery, queries, typed, cps, runs, passes,
    conditions: conditions.map((c) => ({ ...c, describe: describe(c) })),
    protocol: tls ? 'HTTPS, HTTP/2 (self-signed certificate trusted by its key for the run)' : 'HTTP/1.1',
    encoding: gzip ? `gzip -${GZIP_LEVEL} for whole files of html/js/css/json/wasm/qi, identity for ranges and other types` : 'identity',
    quireRevision: quire?.revision ?? null,
    chromium: chromiumVersion,
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, memory: totalmem() },
    engines: [],
  };
  try {
    let corpusPath = source;
    if (scale > 1) {
      corpusPath = path.join(work, `${corpus}-x${scale}.jsonl.gz`);
      log(`writing ${scale} copies of ${corpus} to ${corpusPath}`);
      results.documents = await writeScaled(source, scale, corpusPath);
    }
    results.corpusFile = corpusPath;
    results.corpusBytes = statSync(corpusPath).size;

    for (const engine of engines) {
      log(`${engine.name}: build`);
      const built = await engine.build({ repo: REPO, corpus: corpusPath, out: work, cli: quire?.cli });
      const bundle = sizes(filesUnder(built.bundle));
      const code = sizes(engine.code(REPO));
      log(`${engine.name}: built in ${seconds(built.seconds)}, peak ${bytes(built.memory.peakRss)}; ${bundle.files} files, ${bytes(bundle.raw)} (${bytes(bundle.gzip)} gzip)`);
      results.engines.push({ name: engine.name, describe: { ...engine.describe, typing: engine.typing.describe }, build: { seconds: built.seconds, memory: built.memory }, bundle, code, wasm: wasmSize(engine, built.bundle), bundleDir: built.bundle, conditions: [] });
    }

    // The renderer of a blank page: what any page costs before an engine loads.
    {
      const server = await startServer({ mounts: {}, virtual: { '/blank.html': BLANK }, gzip, tls });
      try {
        results.blank = (await blankRun(server, { spki })).renderer;
      } finally {
        await server.close();
      }
    }

    results.throttleChecks = [];
    for (const [c, condition] of conditions.entries()) {
      log(`condition ${c + 1}/${conditions.length}: ${describe(condition)}`);
      if (emulated(condition)) {
        const check = await checkThrottling(condition, () => launch({ spki }), { tls });
        results.throttleChecks.push({ condition: condition.name, ...check });
        log(`throttle check: a worker's 1 kB fetch ${ms(check.none.workerSmall)} without, ${ms(check.emulated.workerSmall)} with (floor ${ms(check.floors.small)}); 100 kB ${ms(check.none.workerLarge)} / ${ms(check.emulated.workerLarge)} (floor ${ms(check.floors.large)})`);
        if (!check.ok) throw new Error(`network emulation does not slow the worker as asked, so the figures would be wrong: ${check.problems.join('; ')}`);
      }
      // One server per engine, all up at once: the runs alternate between engines, so that a
      // change of load on this shared machine falls on all of them alike.
      const servers = [];
      try {
        for (const row of results.engines) {
          const engine = ENGINES.find((e) => e.name === row.name);
          const mounts = engine.mounts({ repo: REPO, bundle: row.bundleDir });
          const virtual = { '/': PAGE, '/bench.mjs': engine.page(firstQuery), '/typing.html': engine.typing.html, '/typing.mjs': engine.typing.script };
          const server = await startServer({ mounts, virtual, gzip, ranges: condition.ranges, tls });
          // Read and compress ahead whatever may be sent whole, so that no run waits on it.
          for (const [prefix, dir] of Object.entries(mounts)) {
            for (const file of filesUnder(dir)) server.warm(prefix + path.relative(dir, file).split(path.sep).join('/'));
          }
          servers.push({ row, engine, server, harness: new Set(Object.keys(virtual)), runs: [] });
        }
        for (let r = 1; r <= runs; r += 1) {
          for (const s of servers) {
            const shared = { condition, spki, harness: s.harness };
            // A page that fails (a fetch refused, a timeout) is reported, and the other runs go on.
            const failures = [];
            let api = null;
            let typing = null;
            try {
              log(`${s.row.name}: run ${r}/${runs}, queries given whole`);
              api = await apiRun(s.server, { ...shared, queries, passes });
              if (api.errors.length) log(`${s.row.name}: page errors: ${api.errors.join('; ')}`);
              log(`${s.row.name}: cold first query ${ms(api.first.at)} to first results, ${ms(api.first.completeAt ?? api.first.at)} to the answer, ${bytes(api.first.bytes)} in ${api.first.requests} requests, ${api.first.rounds} rounds; ${api.first.total} results`);
              const trace = traceOf(api.first);
              if (trace) log(`${s.row.name}: last start-up file in at ${ms(trace.filesIn)}, first request of the query ${ms(trace.gap)} later (network: ${ms(trace.netGap)} from the last start-up answer; ${ms(trace.fromLoader)} from the loader's first line)`);
            } catch (error) {
              failures.push(`run ${r}, queries given whole: ${error.message}`);
              log(`${s.row.name}: FAILED: ${error.message}`);
            }
            if (typed.length) {
              try {
                log(`${s.row.name}: run ${r}/${runs}, typing`);
                typing = await typingRun(s.server, { ...shared, queries: typed, cps, input: s.engine.typing.input });
                if (typing.errors.length) log(`${s.row.name}: page errors: ${typing.errors.join('; ')}`);
                log(`${s.row.name}: last keystroke → results ${typing.typed.map((t) => ms(t.ms)).join(', ')}`);
              } catch (error) {
                failures.push(`run ${r}, typing: ${error.message}`);
                log(`${s.row.name}: FAILED: ${error.message}`);
              }
            }
            s.runs.push({ api, typing, failures });
          }
        }
      } finally {
        for (const s of servers) await s.server.close();
      }
      for (const s of servers) {
        s.row.conditions.push({ condition: condition.name, summary: summarize(s.runs, firstQuery), runs: s.runs });
      }
    }
  } finally {
    if (opts.keep) log(`kept ${work}`);
    else {
      log(`removing ${work}`);
      rmSync(work, { recursive: true, force: true });
    }
  }
  results.load = { before: loadBefore, after: loadavg() };
  results.seconds = (performance.now() - began) / 1000;
  const stamp = results.ranAt.replace(/[:.]/g, '-');
  const outFile = path.join(tmpdir(), `quire-netbench-${corpus}-x${scale}-${stamp}.json`);
  writeFileSync(outFile, `${JSON.stringify(results, (k, v) => (k === 'bundleDir' ? undefined : v), 1)}\n`);
  report(results, { CHROMIUM_ARGS, outFile });
}

/** The rows of issue 16's targets table that this run measured, Quire against Pagefind. */
function targetRows(results) {
  const quire = results.engines.find((e) => e.name === 'Quire');
  const pagefind = results.engines.find((e) => e.name === 'Pagefind');
  if (!quire || !pagefind) return [];
  const under = (name) => {
    const q = quire.conditions.find((c) => c.condition === name)?.summary;
    const p = pagefind.conditions.find((c) => c.condition === name)?.summary;
    return q && p ? { q, p } : null;
  };
  const rows = [];
  const add = (measure, condition, q, p, show, target) => rows.push([measure, condition, show(q), show(p), ratio(q, p), target]);
  const broadband = under('broadband');
  const mobile = under('mobile');
  const noRange = under('broadband-no-range');
  if (broadband) {
    add('last keystroke → results shown, p50', '40 ms', broadband.q.typing.p50, broadband.p.typing.p50, ms, '≤ 0.6 ×');
  }
  if (mobile) {
    add('last keystroke → results shown, p50', '150 ms', mobile.q.typing.p50, mobile.p.typing.p50, ms, '≤ 0.6 ×');
  }
  if (broadband) {
    add('new query given whole → first results, p50', '40 ms', broadband.q.freshFirst.p50, broadband.p.freshFirst.p50, ms, '≤ 1 ×');
    add('new query given whole → first results, p95', '40 ms', broadband.q.freshFirst.p95, broadband.p.freshFirst.p95, ms, '≤ 1 ×');
    add('new query given whole → complete page, p50', '40 ms', broadband.q.fresh.p50, broadband.p.fresh.p50, ms, '');
    add('new query given whole → complete page, p95', '40 ms', broadband.q.fresh.p95, broadband.p.fresh.p95, ms, '');
    add('cold first query (navigation → first results)', '40 ms', broadband.q.firstMs, broadband.p.firstMs, ms, '≤ 0.8 ×');
    add('cold first query (navigation → complete page)', '40 ms', broadband.q.firstCompleteMs, broadband.p.firstCompleteMs, ms, '');
    add('sequential rounds per new query, median', '40 ms', broadband.q.newRounds, broadband.p.newRounds, num, 'Quire ≤ 2');
    add('first-query bytes, Range host', '40 ms', broadband.q.firstBytes, broadband.p.firstBytes, bytes, 'Quire ≤ 160 kB');
  }
  if (noRange) {
    add('first-query bytes, host without Range', '40 ms', noRange.q.firstBytes, noRange.p.firstBytes, bytes, 'Quire ≤ 600 kB');
    add('new-query bytes (median), host without Range', '40 ms', noRange.q.newBytes, noRange.p.newBytes, bytes, 'Quire ≤ 300 kB');
  }
  if (quire.wasm && pagefind.wasm) add('Wasm gzip', '', quire.wasm.gzip, pagefind.wasm.gzip, bytes, 'Quire ≤ 70 kB');
  return rows;
}

function report(results, { CHROMIUM_ARGS, outFile }) {
  const { corpus, scale, engines } = results;
  const docs = results.documents ? `${results.documents.toLocaleString('en')} articles, ` : '';
  console.log(`## ${corpus} ×${scale}: ${docs}${bytes(results.corpusBytes)} of JSON Lines (gzip)\n`);
  console.log(`Command: \`${results.command}\`  `);
  console.log(`${results.chromium}, ${results.protocol}; transfer encoding: ${results.encoding}.  `);
  console.log(`Runs per engine and condition: ${results.runs}, each in fresh profiles: the API page (first query \`${results.firstQuery}\`, then ${results.queries.length} queries × ${results.passes} passes given whole) and the typing page (${results.typed.length} queries typed at ${results.cps} characters a second: ${results.typed.map((q) => `\`${q}\``).join(', ')}).  `);
  console.log(`Load average (1/5/15 min): ${results.load.before.map((x) => x.toFixed(2)).join(' ')} before, ${results.load.after.map((x) => x.toFixed(2)).join(' ')} after, on ${results.machine.cores} cores (${results.machine.cpu}); ${seconds(results.seconds)} in all.  `);
  if (results.quireRevision) console.log(`Quire: git ${results.quireRevision}.`);
  console.log('');
  console.log(table(
    ['engine', 'build wall', 'build peak mem', 'files', 'bundle raw', 'bundle gzip', 'runtime code raw / gzip', 'Wasm gzip', 'renderer peak (over a blank page)'],
    engines.map((e) => {
      const peak = Math.max(...e.conditions.map((c) => c.summary.rendererPeak).filter((x) => !Number.isNaN(x)));
      return [
        e.name,
        seconds(e.build.seconds),
        bytes(e.build.memory.peakRss),
        e.bundle.files.toLocaleString('en'),
        bytes(e.bundle.raw),
        bytes(e.bundle.gzip),
        e.code.files ? `${bytes(e.code.raw)} / ${bytes(e.code.gzip)}` : 'in bundle',
        e.wasm ? bytes(e.wasm.gzip) : '–',
        Number.isFinite(peak) ? `${bytes(peak)} (+${bytes(Math.max(0, peak - results.blank.peak))})` : '–',
      ];
    }),
  ));

  for (const condition of results.conditions) {
    console.log(`\n### ${condition.describe}\n`);
    const check = results.throttleChecks.find((c) => c.condition === condition.name);
    if (check) {
      console.log(`Throttle check: a worker's fetch of 1 kB took ${ms(check.none.workerSmall)} without emulation and ${ms(check.emulated.workerSmall)} with it (at least ${ms(check.floors.small)} expected), of 100 kB ${ms(check.none.workerLarge)} and ${ms(check.emulated.workerLarge)} (at least ${ms(check.floors.large)}).\n`);
    }
    const rows = engines.map((e) => ({ e, s: e.conditions.find((c) => c.condition === condition.name)?.summary })).filter((x) => x.s);
    console.log(table(
      ['engine', 'typed: last key → results, p50 / p95', 'typed, first of a visit', 'cold first query: first results / complete', 'new query → first results p50 / p95', 'new query → complete page p50 / p95', 'repeat p50 / p95', 'new query: requests / rounds / bytes', 'first query: bytes (requests, rounds)'],
      rows.map(({ e, s }) => [
        e.name,
        `${ms(s.typing.p50)} / ${ms(s.typing.p95)}`,
        ms(s.typingCold),
        `${ms(s.firstMs)} / ${ms(s.firstCompleteMs)}`,
        `${ms(s.freshFirst.p50)} / ${ms(s.freshFirst.p95)}`,
        `${ms(s.fresh.p50)} / ${ms(s.fresh.p95)}`,
        `${ms(s.repeat.p50)} / ${ms(s.repeat.p95)}`,
        `${num(s.newRequests)} / ${num(s.newRounds)} / ${bytes(s.newBytes)}`,
        `${bytes(s.firstBytes)} (${num(s.firstRequests)}, ${num(s.firstRounds)})`,
      ]),
    ));
    console.log('\nDetails (medians):\n');
    console.log(table(
      ['engine', 'typed: requests / rounds after the last key / bytes', 'keystroke interval', 'new query: rounds p95 / largest bytes', 'results for the first query', 'requests between queries', 'requests missed by the accounting'],
      rows.map(({ e, s }) => [
        e.name,
        `${num(s.typingRequests)} / ${num(s.typingRoundsAfterLast)} / ${bytes(s.typingBytes)}`,
        ms(s.typingInterval),
        `${num(s.newRoundsP95)} / ${bytes(s.newBytesMax)}`,
        Number.isNaN(s.firstTotal) ? '–' : s.firstTotal.toLocaleString('en'),
        num(s.between),
        String(s.unpaired),
      ]),
    ));
    for (const { e, s } of rows.filter(({ s }) => s.startup)) {
      const t = s.startup;
      console.log(`\n${e.name}'s cold first query, step by step (the start-up trace, \`QuireIndex.timings\`; medians of ${t.runs} runs, ms after navigation). Last start-up file in (${STARTUP_IN.source}) at ${ms(t.filesIn)}; from there to the first request of the query: **${ms(t.gap)}**; as the network saw it, from the last answer to a start-up request to the query's first request: **${ms(t.netGap)}**; from the loader's first line (\`page: engine module runs\`) to the query's first request: **${ms(t.fromLoader)}**.\n`);
      console.log(table(['step', 'ms after navigation', 'after the step above'], t.steps.map((step, i) => [step.name + (step.runs < t.runs ? ` (${step.runs} of ${t.runs} runs)` : ''), ms(step.ms), i ? ms(step.ms - t.steps[i - 1].ms) : ''])));
    }
    for (const { e, s } of rows) {
      if (s.failures.length) console.log(`\n**${e.name} failed** (left out of the figures): ${s.failures.join('; ')}`);
      if (s.errors.length) console.log(`\n${e.name} errors: ${[...new Set(s.errors)].join('; ')}`);
    }
  }

  const targets = targetRows(results);
  if (targets.length) {
    console.log('\n### Issue 16 targets: Quire against Pagefind, this run\n');
    console.log(table(['measure', 'RTT', 'Quire', 'Pagefind', 'Quire / Pagefind', 'target'], targets));
  }

  const workerNotes = [...new Set(engines.flatMap((e) => e.conditions.flatMap((c) => c.summary.workers)))];
  console.log(`
Notes:
- Conditions through the DevTools protocol (Network.emulateNetworkConditions on the page, and on each dedicated worker before it runs: ${workerNotes.join('; ') || 'no workers'}); each emulated condition starts with the throttle check above. A request costs at least one RTT; connection set-up is not emulated.
- Typed: keystrokes at ${results.cps} a second into the engine's own box; from the input event of the last character to the results of the whole query on screen (see README). The first query of a visit is typed right after the click on the box, while the engine may still be loading: it is shown apart, and the p50 / p95 are over the others.
- New query: a query's first run in the API page's session (the first query left out), one call, timed in the page from the call to the first results a caller can show (→ first results: Quire's first page of the hits found without typos, given to \`onPartial\` before the answer, else the answer; the issue's target row) and to the complete top-10 display data (→ complete page); the network is quiet before each. Repeat: its later passes.
- Cold first query: navigation start → the first query's first results in the page (as for a new query: a first page before the answer, else the answer), and → its complete page; its requests and bytes count to the complete page.
- Requests, rounds and bytes: the requests the page and its workers issued during the query (DevTools protocol), those the HTTP cache answered left out; rounds = the longest chain of requests each issued after the previous one's response had arrived; bytes = response bodies as the server sent them (compressed or not). Engine code and index both; the harness's own pages left out. Medians.
- Build: spawn to exit; peak = largest summed VmRSS of the process tree, polled every ${POLL_MS} ms. Renderer peak: largest VmRSS of one renderer over the API runs; Chromium ${CHROMIUM_ARGS.join(' ')}.
- Figures in decimal units (kB = 1000 B, MB = 10⁶ B). Every figure and request: ${outFile}.`);
}

await main();
// A timer or connection left behind would keep the program alive after its report: name
// what is left, and end.
setTimeout(() => {
  log(`still running 5 s after the report, on: ${process.getActiveResourcesInfo().join(', ')}; exiting`);
  process.exit(0);
}, 5000).unref();
