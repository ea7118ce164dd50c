// The three engines: how each builds its bundle (a measured command), what the server mounts
// for its page, and the page's script. Each page script defines
//   window.__first: a promise of the first query's top-10 display data, started at page load;
//   window.__run(queries, passes): each query `passes` times, timed in the page.
// and each engine's `search(q)` there returns {total, display: [{title, url, excerpt?}]}.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand } from './proc.mjs';
import { INDEX_OPTIONS, SEARCH_OPTIONS } from './minisearch-options.mjs';

const LIB = path.dirname(fileURLToPath(import.meta.url));
const HERE = path.resolve(LIB, '..');

/** The part of every page script after `search` is defined: the first query and the runner. */
function harness(firstQuery) {
  return `
window.__first = (async () => {
  const search = await ready;
  const result = await search(${JSON.stringify(firstQuery)});
  return { at: performance.now(), total: result.total, display: result.display, mode: window.__mode ?? null };
})();
window.__run = async (queries, passes) => {
  const search = await ready;
  const samples = [];
  for (let pass = 0; pass < passes; pass += 1) {
    for (const query of queries) {
      // Tells the server's log where this query's requests start (outside the timing).
      await fetch('/__mark?n=' + samples.length, { cache: 'no-store' });
      const started = performance.now();
      const result = await search(query);
      const ms = performance.now() - started;
      samples.push({ query, pass, ms, total: result.total, shown: result.display.length, top: result.display[0]?.title ?? null});
    }
  }
  return samples;
};
`;
}

export const quire = {
  name: 'Quire',
  /** `cli`: the native-profile CLI (opt-level 3), faster than the size-optimised release one. */
  async build({ repo, corpus, out, cli }) {
    const dir = path.join(out, 'quire');
    const run = await measureCommand(cli, ['build', corpus, '--out', dir, '--quiet'], { cwd: repo });
    return { ...run, bundle: dir };
  },
  mounts: ({ repo, bundle }) => ({ '/': path.join(repo, 'www'), '/idx/': bundle }),
  /** The engine code a page loads, outside the index folder. */
  code: (repo) => ['quire-engine.js', 'pkg/quire.js', 'pkg/quire_bg.wasm'].map((f) => path.join(repo, 'www', f)),
  page: (firstQuery) => `
const ready = (async () => {
  const { openIndex } = await import('/quire-engine.js');
  const index = await openIndex('/idx/');
  window.__mode = index.mode;
  return async (query) => {
    const r = await index.search({ query, limit: 10 });
    return { total: r.total, display: r.hits.map((h) => ({ title: h.title, url: h.url, excerpt: h.excerpt })) };
  };
})();
${harness(firstQuery)}`,
  describe: {
    build: 'target/native/quire build <corpus> --out <dir> --quiet (cargo --profile native: opt-level 3; defaults, no quire.toml)',
    page: "www/quire-engine.js openIndex('/idx/'), index.search({query, limit: 10}) (typing: true, the engine's and widget's default: last word also a prefix); display = hits' title, url, excerpt",
  },
};

export const pagefind = {
  name: 'Pagefind',
  async build({ corpus, out }) {
    const dir = path.join(out, 'pagefind-site');
    const run = await measureCommand(process.execPath, [path.join(LIB, 'build-pagefind.mjs'), corpus, dir], { cwd: HERE });
    return { ...run, bundle: path.join(dir, 'pagefind') };
  },
  mounts: ({ bundle }) => ({ '/pagefind/': bundle }),
  code: () => [],
  page: (firstQuery) => `
const ready = (async () => {
  const pagefind = await import('/pagefind/pagefind.js');
  return async (query) => {
    const r = await pagefind.search(query);
    const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    return { total: r.results.length, display: top.map((d) => ({ title: d.meta.title, url: d.url, excerpt: d.excerpt })) };
  };
})();
${harness(firstQuery)}`,
  describe: {
    build: "child Node process: pagefind Node API createIndex({}), addCustomRecord({url: '/<id>/', content: title + '\\n' + body, language: 'en', meta: {title}}) (256 in flight), writeFiles",
    page: "import('/pagefind/pagefind.js'), search(q) with default options, data() of the top 10; display = meta.title, url, excerpt",
  },
};

export const minisearch = {
  name: 'MiniSearch',
  async build({ corpus, out }) {
    const dir = path.join(out, 'minisearch');
    const run = await measureCommand(process.execPath, [path.join(LIB, 'build-minisearch.mjs'), corpus, dir], { cwd: HERE });
    return { ...run, bundle: dir };
  },
  mounts: ({ bundle }) => ({ '/minisearch/': path.join(HERE, 'node_modules', 'minisearch', 'dist', 'es'), '/ms/': bundle }),
  code: () => [path.join(HERE, 'node_modules', 'minisearch', 'dist', 'es', 'index.js')],
  page: (firstQuery) => `
const ready = (async () => {
  const { default: MiniSearch } = await import('/minisearch/index.js');
  const [json, docs] = await Promise.all([
    fetch('/ms/index.json').then((r) => r.text()),
    fetch('/ms/docs.json').then((r) => r.json()),
  ]);
  const index = MiniSearch.loadJSON(json, ${JSON.stringify(INDEX_OPTIONS)});
  const options = ${JSON.stringify(SEARCH_OPTIONS)};
  return async (query) => {
    const r = index.search(query, options);
    return { total: r.length, display: r.slice(0, 10).map((x) => ({ title: docs[x.id][0], url: docs[x.id][1] })) };
  };
})();
${harness(firstQuery)}`,
  describe: {
    build: `child Node process: new MiniSearch(${JSON.stringify(INDEX_OPTIONS)}), add each article, write JSON.stringify(index) as index.json and {id: [title, url]} as docs.json`,
    page: `fetch index.json (text) and docs.json, MiniSearch.loadJSON, search(q, ${JSON.stringify(SEARCH_OPTIONS)}); display = stored title, url of the top 10 (no excerpt: it would need the bodies)`,
  },
};

export const ENGINES = [quire, pagefind, minisearch];

export function installed() {
  return existsSync(path.join(HERE, 'node_modules', 'pagefind')) && existsSync(path.join(HERE, 'node_modules', 'minisearch'))
    && existsSync(path.join(HERE, 'node_modules', 'playwright-core'));
}
