// Quire vs Pagefind vs MiniSearch on one JSON Lines corpus: build time and memory, bundle size,
// bytes a cold browser fetches for the first query, warm latency and renderer memory in
// Chromium. Prints one Markdown table (and a few details) to stdout, progress to stderr, and
// writes the figures to benches/browser/out/. Asserts nothing. From the repository root:
//   node benches/browser/run.mjs [--corpus tehrantimes|bbc] [--scale 1|3] [--runs 3] [--passes 5]
//        [--engines quire,pagefind,minisearch] [--encoding gzip|identity] [--keep]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { CORPORA, corporaDir, corpusFile, writeScaled } from '../corpora.mjs';
import { ENGINES, installed } from './lib/engines.mjs';
import { POLL_MS } from './lib/proc.mjs';
import { GZIP_LEVEL, startServer } from './lib/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OUT = path.join(HERE, 'out');

/** The first query of every cold run. */
const FIRST_QUERY = 'nuclear deal';

/** The warm queries, in order: words, phrases of two or three words, names, prefixes as typed. */
const WARM_QUERIES = [
  'iran', 'oil', 'sanctions', 'economy', 'football', 'election', 'parliament', 'israel', 'syria', 'president',
  'zarif', 'rouhani', 'khamenei', 'ahmadinejad', 'trump', 'obama',
  'nuclear deal', 'oil exports', 'foreign minister', 'human rights', 'supreme leader', 'world cup',
  'tehran stock exchange', 'united nations security',
  'nucl', 'sanc', 'khame', 'presid', 'tehran sto', 'foreign min',
];

const began = performance.now();
const log = (message) => console.error(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${message}`);

function usage(problem) {
  console.error(`${problem}\nusage: node benches/browser/run.mjs [--corpus ${CORPORA.join('|')}] [--scale 1|3] [--runs 3] [--passes 5] [--engines quire,pagefind,minisearch] [--encoding gzip|identity] [--keep]`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        corpus: { type: 'string', default: 'tehrantimes' },
        scale: { type: 'string', default: '1' },
        runs: { type: 'string', default: '3' },
        passes: { type: 'string', default: '5' },
        engines: { type: 'string', default: '' },
        encoding: { type: 'string', default: 'gzip' },
        keep: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usage(error.message);
  }
  const whole = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) usage(`--${name} wants a whole number ≥ ${min}, not ${values[name]}`);
    return n;
  };
  if (!CORPORA.includes(values.corpus)) usage(`--corpus: no corpus ${values.corpus}`);
  if (!['gzip', 'identity'].includes(values.encoding)) usage(`--encoding: gzip or identity, not ${values.encoding}`);
  const only = values.engines ? values.engines.toLowerCase().split(',') : null;
  const engines = only ? ENGINES.filter((e) => only.includes(e.name.toLowerCase())) : ENGINES;
  if (!engines.length) usage(`--engines: none of ${values.engines}`);
  return { corpus: values.corpus, scale: whole('scale', 1), runs: whole('runs', 1), passes: whole('passes', 1), engines, gzip: values.encoding === 'gzip', keep: values.keep };
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

/** Builds what Quire needs; output to stderr so that stdout holds only the report. */
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
  const head = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock', 'www');
  if (!dirty) return head;
  // Which uncommitted state: a hash of the diff and of the new files, to tell runs apart.
  const hash = createHash('sha256').update(git('diff', 'HEAD', '--', 'src', 'Cargo.toml', 'Cargo.lock', 'www'));
  for (const file of git('ls-files', '--others', '--exclude-standard', '--', 'src', 'www').split('\n').filter(Boolean)) {
    hash.update(file).update(readFileSync(path.join(REPO, file)));
  }
  return `${head} + uncommitted changes (${dirty.split('\n').map((l) => l.replace(/^\s*\S+\s+/, '')).join(', ')}; diff sha256 ${hash.digest('hex').slice(0, 12)})`;
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

const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

// ---------------------------------------------------------------------------------------------
// Formatting: decimal units throughout (kB = 1000 B, MB = 10⁶ B).

const bytes = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e8 ? 0 : 1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const ms = (x) => (Number.isNaN(x) ? '–' : x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
const seconds = (x) => `${x.toFixed(1)} s`;

/** A Markdown table; `align` has an 'l' or 'r' per column (default: first left, rest right). */
function table(header, rows, align = `l${'r'.repeat(header.length - 1)}`) {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|');
  return [`| ${header.join(' | ')} |`, `|${rule}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = options();
  const { corpus, scale, runs, passes, engines, gzip } = opts;
  const command = `node benches/browser/run.mjs ${process.argv.slice(2).join(' ')}`.trim();
  const source = corpusFile(REPO, corpus);
  if (!source) {
    console.log(`skipped: no ${corpus}.jsonl.gz in ${corporaDir(REPO)}`);
    return;
  }
  mkdirSync(OUT, { recursive: true });
  const loadBefore = loadavg();

  if (!installed()) {
    // Not `npm ci`: it refuses a lock file without Pagefind's binaries for other platforms.
    log('npm install in benches/browser');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HERE, stdio: ['ignore', 2, 2] });
  }
  const { coldRun, blankRun, BLANK, PAGE, CHROMIUM, CHROMIUM_ARGS } = await import('./lib/browser.mjs');
  const revision = engines.includes(ENGINES[0]) ? prepareQuire() : null;
  const cli = path.join(REPO, 'target', 'native', 'quire');

  // Indexes and the scaled corpus live in memory when Linux offers it: Pagefind writes tens of
  // thousands of files, slow to remove from a busy disk.
  const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const work = mkdtempSync(path.join(scratch, `quire-browser-${corpus}-x${scale}-`));
  const results = { corpus, scale, command, scratch, ranAt: new Date().toISOString(), firstQuery: FIRST_QUERY, warmQueries: WARM_QUERIES, runs, passes, encoding: gzip ? `gzip -${GZIP_LEVEL} for whole files of html/js/css/json/wasm/qi, identity for ranges and other types` : 'identity', quireRevision: revision, machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, memory: totalmem() }, engines: [] };
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
      const built = await engine.build({ repo: REPO, corpus: corpusPath, out: work, cli });
      const bundle = sizes(filesUnder(built.bundle));
      const code = sizes(engine.code(REPO));
      log(`${engine.name}: built in ${seconds(built.seconds)}, peak ${bytes(built.memory.peakRss)}; ${bundle.files} files, ${bytes(bundle.raw)} (${bytes(bundle.gzip)} gzip)`);
      results.engines.push({ name: engine.name, describe: engine.describe, build: { seconds: built.seconds, memory: built.memory }, bundle, code, bundleDir: built.bundle });
    }

    // The renderer of a blank page: what any page costs before an engine loads.
    {
      const server = await startServer({ mounts: {}, virtual: { '/blank.html': BLANK }, gzip });
      try {
        results.blank = (await blankRun(server)).renderer;
      } finally {
        await server.close();
      }
    }

    for (const row of results.engines) {
      const engine = ENGINES.find((e) => e.name === row.name);
      const mounts = engine.mounts({ repo: REPO, bundle: row.bundleDir });
      const server = await startServer({ mounts, virtual: { '/': PAGE, '/bench.mjs': engine.page(FIRST_QUERY) }, gzip });
      try {
        // Read and compress ahead whatever may be sent whole, so that no run waits on it.
        for (const [prefix, dir] of Object.entries(mounts)) {
          for (const file of filesUnder(dir)) server.warm(prefix + path.relative(dir, file).split(path.sep).join('/'));
        }
        row.runs = [];
        for (let r = 1; r <= runs; r += 1) {
          log(`${row.name}: cold run ${r}/${runs}`);
          const run = await coldRun(server, { queries: WARM_QUERIES, passes });
          if (run.errors.length) log(`${row.name}: page errors: ${run.errors.join('; ')}`);
          log(`${row.name}: first query ${ms(run.first.at)}, ${bytes(run.firstFetched.bytes)} in ${run.firstFetched.requests} requests; ${run.first.total} results; renderer ${bytes(run.renderer.peak)}`);
          row.runs.push(run);
        }
      } finally {
        await server.close();
      }
      const all = row.runs.flatMap((r) => r.samples);
      const lat = (samples) => ({ p50: percentile(samples.map((s) => s.ms), 50), p95: percentile(samples.map((s) => s.ms), 95), n: samples.length });
      row.summary = {
        firstBytes: median(row.runs.map((r) => r.firstFetched.bytes)),
        firstRequests: median(row.runs.map((r) => r.firstFetched.requests)),
        firstMs: median(row.runs.map((r) => r.first.at)),
        firstTotal: row.runs[0].first.total,
        firstTop: row.runs[0].first.display.map((d) => d.title),
        warm: lat(all),
        warmNew: lat(all.filter((s) => s.pass === 0)),
        warmRepeat: lat(all.filter((s) => s.pass > 0)),
        newRequests: median(all.filter((s) => s.pass === 0).map((s) => s.requests ?? 0)),
        newBytes: median(all.filter((s) => s.pass === 0).map((s) => s.bytes ?? 0)),
        newWaves: median(all.filter((s) => s.pass === 0 && s.requests).map((s) => s.waves ?? 0)),
        firstWaves: median(row.runs.map((r) => r.first.waves)),
        firstRendererPeak: Math.max(...row.runs.map((r) => r.first.rendererPeak)),
        mode: row.runs[0].first.mode,
        warmBytes: median(row.runs.map((r) => r.warmFetched.bytes)),
        warmRequests: median(row.runs.map((r) => r.warmFetched.requests)),
        rendererPeak: Math.max(...row.runs.map((r) => r.renderer.peak)),
        rendererPeakSum: Math.max(...row.runs.map((r) => r.renderer.peakSum)),
        jsHeapUsed: median(row.runs.map((r) => r.jsHeap.used)),
      };
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
  const outFile = path.join(OUT, `results-${corpus}-x${scale}.json`);
  writeFileSync(outFile, `${JSON.stringify(results, (k, v) => (k === 'bundleDir' ? undefined : v), 1)}\n`);
  report(results, { CHROMIUM, CHROMIUM_ARGS, outFile });
}

function report(results, { CHROMIUM, CHROMIUM_ARGS, outFile }) {
  const { corpus, scale, engines } = results;
  const docs = results.documents ? `${results.documents.toLocaleString('en')} articles, ` : '';
  console.log(`## ${corpus} ×${scale}: ${docs}${bytes(results.corpusBytes)} of JSON Lines (gzip)\n`);
  console.log(`Command: \`${results.command}\`  `);
  console.log(`First query: \`${results.firstQuery}\`; ${results.runs} cold runs (median); warm: ${results.warmQueries.length} queries × ${results.passes} passes × ${results.runs} runs.  `);
  console.log(`Transfer encoding assumed: ${results.encoding}.  `);
  console.log(`Load average (1/5/15 min): ${results.load.before.map((x) => x.toFixed(2)).join(' ')} before, ${results.load.after.map((x) => x.toFixed(2)).join(' ')} after, on ${results.machine.cores} cores (${results.machine.cpu}).  `);
  if (results.quireRevision) console.log(`Quire: git ${results.quireRevision}, CLI target/native/quire (cargo --profile native).`);
  console.log('');
  const row = (e) => {
    const s = e.summary;
    return [
      e.name,
      seconds(e.build.seconds),
      bytes(e.build.memory.peakRss),
      e.bundle.files.toLocaleString('en'),
      bytes(e.bundle.raw),
      bytes(e.bundle.gzip),
      s ? `${bytes(s.firstBytes)} (${s.firstRequests})` : '–',
      s ? `${ms(s.warm.p50)} / ${ms(s.warm.p95)}` : '–',
      s ? `${bytes(s.rendererPeak)} (+${bytes(Math.max(0, s.rendererPeak - results.blank.peak))})` : '–',
    ];
  };
  console.log(table(['engine', 'build wall', 'build peak mem', 'files', 'bundle raw', 'bundle gzip', 'first-query bytes (requests)', 'warm p50 / p95', 'renderer peak (over a blank page)'], engines.map(row)));
  console.log('\nDetails:\n');
  console.log(table(
    ['engine', 'first query ready', 'results for first query', 'runtime code raw / gzip', 'warm: new queries p50 / p95', 'warm: repeats p50 / p95', 'warm-phase bytes (requests)', 'new query: median bytes / requests / waves', 'first query: waves / renderer peak', 'build ΣVmHWM', 'JS heap used', 'renderers Σ peak'],
    engines.map((e) => {
      const s = e.summary;
      return [
        e.name,
        ms(s.firstMs),
        s.firstTotal.toLocaleString('en'),
        e.code.files ? `${bytes(e.code.raw)} / ${bytes(e.code.gzip)}` : 'in bundle',
        `${ms(s.warmNew.p50)} / ${ms(s.warmNew.p95)}`,
        `${ms(s.warmRepeat.p50)} / ${ms(s.warmRepeat.p95)}`,
        `${bytes(s.warmBytes)} (${s.warmRequests})`,
        `${bytes(s.newBytes)} / ${s.newRequests} / ${Number.isNaN(s.newWaves) ? '–' : s.newWaves}`,
        `${s.firstWaves} / ${bytes(s.firstRendererPeak)}`,
        bytes(e.build.memory.hwmSum),
        bytes(s.jsHeapUsed),
        bytes(s.rendererPeakSum),
      ];
    }),
  ));
  console.log(`\nA blank page's renderer: ${bytes(results.blank.peak)}.`);
  for (const e of engines) {
    console.log(`\n${e.name} top 3 for \`${results.firstQuery}\`: ${e.summary.firstTop.slice(0, 3).map((t) => JSON.stringify(t)).join(', ')}`);
  }
  const quire = engines.find((e) => e.name === 'Quire');
  if (quire) {
    // The run whose byte count is the median one.
    const runs = [...quire.runs].sort((a, b) => a.firstFetched.bytes - b.firstFetched.bytes);
    const run = runs[runs.length >> 1];
    console.log(`\nQuire's first-query requests (median run):\n`);
    console.log(table(['#', 'path', 'status', 'range', 'encoding', 'body bytes'], run.firstFetched.entries.map((x, i) => [i + 1, x.path, x.status, x.range ?? '', x.encoding, x.bytes.toLocaleString('en')]), 'rllllr'));
    console.log(`\n${run.firstFetched.requests} requests, ${bytes(run.firstFetched.bytes)}, in ${run.first.waves} waves (page, code and index); engine mode: ${run.first.mode}.`);
  }
  console.log(`
Notes:
- Build wall: spawn to exit of the build process; build peak mem: the largest sum of VmRSS over the build process and all its descendants (Pagefind's Node API runs the pagefind binary as a child), polled every ${POLL_MS} ms from /proc; ΣVmHWM (each process's own peak, summed) bounds it from above. Builds write to ${results.scratch === '/dev/shm' ? 'a tmpfs (/dev/shm, memory)' : results.scratch}.
- Bundle: every file the build wrote (Pagefind's includes its own JS, Wasm and UI files; Quire's and MiniSearch's do not include their runtime code, shown apart); gzip = each file gzipped at level ${GZIP_LEVEL}, summed (Pagefind's index files are gzip already).
- First-query bytes: body bytes the server sent from navigation until the first query's top-10 display data were in the page, engine code and index both, the harness's own page and script (< 2 kB) left out; median of ${results.runs} cold runs, each a fresh Chromium profile. No caching headers are sent.
- Warm: search + top-10 display data timed in the page (performance.now), all passes of all runs; "new" is each query's first pass in a run (it may fetch), "repeats" the rest.
- Renderer peak: the largest VmRSS of one Chromium renderer process (--type=renderer) over all runs of that engine, polled every ${POLL_MS} ms; Chromium ${CHROMIUM} ${CHROMIUM_ARGS.join(' ')}.
- Figures in decimal units (kB = 1000 B, MB = 10⁶ B). Results: ${path.relative(REPO, outFile)}.`);
}

await main();
