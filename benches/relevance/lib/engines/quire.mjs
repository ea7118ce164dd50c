import { inflateRawSync } from 'node:zlib';
// Quire: the index built by the release CLI, searched in Node by the same Wasm module the
// browser loads.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The newest modification time under `dir`, to tell whether a build is stale. */
function newestMtime(dir) {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? newestMtime(file) : statSync(file).mtimeMs;
    }),
  );
}

/**
 * Makes sure the release CLI and the Wasm module match the source: cargo decides for the CLI;
 * the Wasm module is rebuilt when missing or older than src/, Cargo.toml or Cargo.lock, because
 * a stale one would silently benchmark yesterday's engine. Their output goes to stderr, so that
 * stdout holds only figures.
 */
export function prepare(repo, log) {
  log('quire: cargo build --release');
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: repo, stdio: ['ignore', 2, 2] });
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

/** The request every query is sent with: exact words, as after pressing Enter. */
const REQUEST = { limit: 10, typing: false };

/**
 * Builds the index of `corpusPath` into `work` and loads it into a Wasm engine.
 * @returns {Promise<import('./index.mjs').Engine>}
 */
export async function open({ repo, corpusPath, work }) {
  const out = path.join(work, 'quire');
  const started = performance.now();
  execFileSync(path.join(repo, 'target', 'release', 'quire'), ['build', corpusPath, '--out', out, '--quiet'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 2],
  });
  const buildSeconds = (performance.now() - started) / 1000;

  const pkg = path.join(repo, 'www', 'pkg');
  const { initSync, Engine } = await import(pathToFileURL(path.join(pkg, 'quire.js')).href);
  initSync({ module: readFileSync(path.join(pkg, 'quire_bg.wasm')) });
  const engine = new Engine(JSON.parse(readFileSync(path.join(out, 'quire.json'), 'utf8')));
  for (const name of engine.filesToLoad()) engine.addFile(name, readFileSync(path.join(out, name)));
  // The engine asks for what each search needs (see src/index.rs); here it comes from disk.
  const files = new Map();
  const file = (name) => files.get(name) ?? files.set(name, readFileSync(path.join(out, name))).get(name);
  const search = (request) => {
    for (;;) {
      const answer = engine.search(request);
      if (!answer.need) return answer;
      for (const need of answer.need) {
        if (need.whole) engine.addFile(need.file, file(need.file));
        else if (need.textOf !== undefined) engine.addText(need.textOf, inflateRawSync(file(need.file).subarray(need.start, need.end)));
        else engine.addRange(need.file, need.start, file(need.file).subarray(need.start, need.end));
      }
    }
  };

  return {
    buildSeconds,
    async run(queries) {
      return queries.map((query) => {
        const started = performance.now();
        const { total, hits } = search({ query, ...REQUEST });
        return { ids: hits.map((hit) => hit.id), total, ms: performance.now() - started };
      });
    },
    async close() {
      engine.free();
    },
  };
}

export const name = 'Quire';

/** The commit, and whether the engine's source differs from it: the figures depend on both. */
function revision(repo) {
  const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const head = git('rev-parse', '--short', 'HEAD');
  return git('status', '--porcelain', '--', 'src', 'Cargo.toml', 'Cargo.lock') ? `${head} + uncommitted changes` : head;
}

export function config(repo) {
  const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(path.join(repo, 'Cargo.toml'), 'utf8'))?.[1];
  return {
    version: `${version}, git ${revision(repo)}`,
    index: 'quire build <corpus.jsonl.gz> --out <dir> --quiet (release CLI, defaults: no quire.toml)',
    search: `Wasm Engine in Node, engine.search(${JSON.stringify({ query: '<q>', ...REQUEST })})`,
    latency: 'engine.search incl. hits with excerpts, as the widget asks',
  };
}
