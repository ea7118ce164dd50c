// Quire: the index built by the release CLI, searched in Node by the same Wasm module the
// browser loads, with the request the widget sends.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

/** The newest modification time under `dir`, to tell whether a build is stale. */
function newestMtime(dir) {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? newestMtime(file) : statSync(file).mtimeMs;
    }),
  );
}

/** Where cargo builds (CARGO_TARGET_DIR, a config file, or ./target): cargo says. */
function targetDirectory(repo) {
  const metadata = execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(metadata).target_directory;
}

/** The release CLI, found by {@link prepare}. */
let cli;

/**
 * Makes sure the release CLI and the Wasm module match the source: cargo decides for the CLI;
 * the Wasm module is rebuilt when missing or older than src/, Cargo.toml or Cargo.lock, because
 * a stale one would silently benchmark yesterday's engine. Their output goes to stderr, so that
 * stdout holds only figures.
 */
export function prepare(repo, log) {
  log('quire: cargo build --release');
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: repo, stdio: ['ignore', 2, 2] });
  cli = path.join(targetDirectory(repo), 'release', 'quire');
  const wasm = path.join(repo, 'www', 'pkg', 'quire_bg.wasm');
  const source = Math.max(
    newestMtime(path.join(repo, 'src')),
    ...['Cargo.toml', 'Cargo.lock'].map((file) => statSync(path.join(repo, file)).mtimeMs),
  );
  if (!existsSync(wasm) || statSync(wasm).mtimeMs < source) {
    log('quire: www/pkg is missing or older than the source: bash scripts/build-wasm.sh');
    execFileSync('bash', ['scripts/build-wasm.sh'], { cwd: repo, stdio: ['ignore', 2, 2] });
  }
}

/**
 * The request the widget sends for a query typed into an otherwise untouched search box: built
 * by the widget's own pure module (`www/quire-url-state.js`: its empty state and
 * `requestFor`) with the page size of `www/quire-search.js`, so that the benchmark cannot
 * drift from what visitors get. Fails, saying what to update, when that code changes shape.
 */
export async function widgetRequest(repo) {
  const file = path.join(repo, 'www', 'quire-search.js');
  const where = 'benches/relevance/lib/engines/quire.mjs (widgetRequest)';
  const page = /^const PAGE = (\d+);$/m.exec(readFileSync(file, 'utf8'));
  if (!page) throw new Error(`${file}: could not find \`const PAGE = …;\`: update ${where}`);
  const state = await import(pathToFileURL(path.join(repo, 'www', 'quire-url-state.js')).href);
  if (typeof state.requestFor !== 'function' || typeof state.emptyState !== 'function') {
    throw new Error(`www/quire-url-state.js no longer exports requestFor and emptyState: update ${where}`);
  }
  const QUERY = '\u0000query';
  const request = state.requestFor({ ...state.emptyState(), q: QUERY }, { offset: 0, limit: Number(page[1]) });
  if (request?.query !== QUERY) throw new Error(`the widget's request does not carry the typed text as \`query\`: update ${where}`);
  delete request.query;
  widgetRequestRead = request;
  return request;
}

/** The widget's request, as {@link widgetRequest} last read it (for the set-up line). */
let widgetRequestRead;

/**
 * The rows of this engine: the widget's request exactly (typing: true today), and the same
 * with `typing` the other way (the words taken whole, as after pressing Enter).
 */
export async function modes(repo) {
  const widget = await widgetRequest(repo);
  const other = { ...widget, typing: !widget.typing };
  return [
    { name: `Quire, typing: ${widget.typing}`, request: widget, note: 'the request of the widget (www/quire-search.js)' },
    { name: `Quire, typing: ${other.typing}`, request: other, note: `the widget's request with typing: ${other.typing}` },
  ];
}

/**
 * Builds the index of `corpusPath` into `work` and loads it into a Wasm engine.
 * @returns {Promise<import('./index.mjs').Engine>}
 */
export async function open({ repo, corpusPath, site, work }) {
  const out = path.join(work, 'quire');
  const started = performance.now();
  execFileSync(cli, ['build', site ?? corpusPath, '--out', out, '--quiet'], { cwd: repo, stdio: ['ignore', 'ignore', 2] });
  const buildSeconds = (performance.now() - started) / 1000;

  const pkg = path.join(repo, 'www', 'pkg');
  const { initSync, Engine } = await import(pathToFileURL(path.join(pkg, 'quire.js')).href);
  initSync({ module: readFileSync(path.join(pkg, 'quire_bg.wasm')) });
  const engine = new Engine(JSON.parse(readFileSync(path.join(out, 'quire.json'), 'utf8')));
  for (const name of engine.filesToLoad()) engine.addFile(name, readFileSync(path.join(out, name)));
  // The engine asks for what each search needs (see src/index.rs); here it comes from disk.
  // The facet lists are never asked for: they change counts, not hits.
  const files = new Map();
  const file = (name) => files.get(name) ?? files.set(name, readFileSync(path.join(out, name))).get(name);
  const search = (request) => {
    for (;;) {
      const answer = engine.search(request);
      if (!answer.need) return answer;
      for (const need of answer.need) {
        if (need.whole) engine.addFile(need.file, file(need.file));
        else if (need.recordOf !== undefined) {
          // A docs record: u32 lengths of the display record and the text record, the display
          // record and its CRC-32, then the text record: the u32 size of the plain text and
          // the text raw-deflated (see src/format.rs); the engine checks the rest.
          const record = file(need.file).subarray(need.start, need.end);
          const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
          const start = 8 + view.getUint32(0, true) + 4;
          const deflated = record.subarray(start + 4, start + view.getUint32(4, true));
          engine.addRecord(need.recordOf, record, inflateRawSync(deflated));
        }
        else engine.addRange(need.file, need.start, file(need.file).subarray(need.start, need.end));
      }
    }
  };

  return {
    buildSeconds,
    async run(queries, mode) {
      return queries.map((query) => {
        const started = performance.now();
        const { total, hits, corrections, unmatched, suggestion, partial } = search({ ...mode.request, query });
        const ms = performance.now() - started;
        return { ids: hits.slice(0, 10).map((hit) => hit.id), total, ms, quire: { corrections, unmatched, suggestion: suggestion ?? null, partial } };
      });
    },
    async close() {
      engine.free();
    },
  };
}

export const name = 'Quire';

/** The commit, and whether the engine's source differs from it: the figures depend on both. */
export function revision(repo) {
  const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const head = git('rev-parse', '--short', 'HEAD');
  return git('status', '--porcelain', '--', 'src', 'www', 'Cargo.toml', 'Cargo.lock') ? `${head} + uncommitted changes` : head;
}

export function config(repo) {
  const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(repo, 'Cargo.toml'), 'utf8'))?.[1];
  return {
    version: `${version}, git ${revision(repo)}`,
    index: 'quire build <corpus> --out <dir> --quiet (release CLI, defaults: no quire.toml)',
    search: `Wasm Engine in Node, engine.search(request), request = ${JSON.stringify({ query: '<q>', ...widgetRequestRead })} as the widget sends it (requestFor of www/quire-url-state.js, page size of www/quire-search.js), and the same with typing the other way; the top 10 of the page`,
    latency: 'engine.search incl. the page of hits with excerpts (no facet counts: the facet lists are not loaded)',
  };
}
