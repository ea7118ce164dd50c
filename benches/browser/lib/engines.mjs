// The three engines: how each builds its bundle (a measured command), what the server mounts
// for its pages, and two pages:
//  - the API page (`page`), whose script defines
//      window.__first: a promise of the first query's top-10 display data, started at page load;
//      window.__search(query): one query given whole, timed in the page;
//      window.__timings() (Quire only): the engine's start-up trace, `{name, at}` wall-clock ms;
//    each engine's `search(q)` there returns {total, display: [{title, url, excerpt?}]}, and
//    `firstAt` (performance.now()) when a first page came before them (Quire's onPartial);
//  - the typing page (`typing`): the engine's own search box as a visitor uses it, whose script
//    records each `input` event and when the results of the query being typed are shown
//    (window.__typing; see TYPING_HARNESS).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureCommand } from './proc.mjs';
import { INDEX_OPTIONS, SEARCH_OPTIONS } from './minisearch-options.mjs';

const LIB = path.dirname(fileURLToPath(import.meta.url));
const HERE = path.resolve(LIB, '..');

/** The part of every API page script after `search` is defined: the first query and the runner. */
function harness(firstQuery) {
  return `
window.__first = (async () => {
  const search = await ready;
  const result = await search(${JSON.stringify(firstQuery)});
  const completeAt = performance.now();
  // \`at\`: the first results a visitor sees (a first page before the answer, as for a new
  // query), \`completeAt\`: the answer; requests and bytes count to the answer (\`wallAt\`).
  const at = result.firstAt ?? completeAt;
  return { at, completeAt, wallAt: performance.timeOrigin + completeAt, timeOrigin: performance.timeOrigin, total: result.total, display: result.display, mode: window.__mode ?? null };
})();
window.__search = async (query) => {
  const search = await ready;
  const started = performance.now();
  const result = await search(query);
  const ended = performance.now();
  // Time to the first results a caller can show: a first page, else the answer.
  const firstMs = (result.firstAt ?? ended) - started;
  return { query, ms: ended - started, firstMs, wallStart: performance.timeOrigin + started, wallEnd: performance.timeOrigin + ended, total: result.total, shown: result.display.length, top: result.display[0]?.title ?? null };
};
`;
}

/**
 * The start of every typing page script. `window.__typing`: the query being typed
 * (`expect`, set by the harness), every `input` event the page saw (its timeStamp and the
 * box's value: what the widget received), and `shownAt`, the first moment the results of
 * `expect` were on screen, as the engine's `shown(query)` tells (the number of hits drawn,
 * or null while they are not). Each engine's script calls `check()` when its results may
 * have changed.
 */
const TYPING_HARNESS = `
const T = (window.__typing = { expect: null, shownAt: null, hits: null, inputs: [] });
addEventListener('input', (event) => {
  const target = event.composedPath()[0];
  T.inputs.push({ t: event.timeStamp, value: typeof target?.value === 'string' ? target.value : null });
}, true);
function check() {
  if (T.expect === null || T.shownAt !== null) return;
  const hits = shown(T.expect);
  if (hits !== null) {
    T.shownAt = performance.now();
    T.hits = hits;
  }
}
`;

const TYPING_HTML = (head = '', body = '') =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><title>typing</title>${head}<body>${body}<script type="module" src="/typing.mjs"></script></body></html>`;

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
  code: (repo) => ['quire-engine.js', 'quire-errors.js', 'quire-worker.js', 'pkg/quire.js', 'pkg/quire_bg.wasm'].map((f) => path.join(repo, 'www', f)),
  page: (firstQuery) => `
const ready = (async () => {
  const { openIndex } = await import('/quire-engine.js');
  const index = await openIndex('/idx/');
  window.__mode = index.mode;
  // The start-up trace (QuireIndex.timings), read once the first query is answered.
  window.__timings = () => index.timings();
  return async (query) => {
    let firstAt;
    const r = await index.search({ query, limit: 10 }, { onPartial: () => (firstAt ??= performance.now()) });
    return { total: r.total, firstAt, display: r.hits.map((h) => ({ title: h.title, url: h.url, excerpt: h.excerpt })) };
  };
})();
${harness(firstQuery)}`,
  typing: {
    html: TYPING_HTML('', '<quire-search index="/idx/"></quire-search>'),
    script: `import '/quire-search.js';
${TYPING_HARNESS}
const widget = document.querySelector('quire-search');
let answered = null;
widget.addEventListener('quire:results', (event) => {
  answered = { query: event.detail.query, total: event.detail.results.total };
  // The widget draws its list right after this event, in the same task: look once it has.
  queueMicrotask(check);
});
function shown(query) {
  if (answered?.query !== query) return null;
  const drawn = widget.shadowRoot.querySelectorAll('#results > li.result').length;
  return answered.total === 0 || drawn > 0 ? drawn : null;
}
customElements.whenDefined('quire-search').then(() => {
  new MutationObserver(check).observe(widget.shadowRoot, { subtree: true, childList: true });
});`,
    input: "() => document.querySelector('quire-search')?.shadowRoot?.querySelector('input[type=search]')",
    describe: "the <quire-search> element of www/ (its own input listener: a search per input event, typing: true, 20 hits; it loads the index when the box gets focus); shown = the quire:results event whose detail.query is the typed query, once the widget has drawn its hits (a microtask later)",
  },
  describe: {
    build: 'target/native/quire build <corpus> --out <dir> --quiet (cargo --profile native: opt-level 3; defaults, no quire.toml)',
    page: "www/quire-engine.js openIndex('/idx/'), index.search({query, limit: 10}, {onPartial}) (typing: true, the engine's and widget's default: last word also a prefix; onPartial, as the widget: a first page of the hits found without typos may come first); display = hits' title, url, excerpt",
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
  typing: {
    html: TYPING_HTML('<link rel="stylesheet" href="/pagefind/pagefind-ui.css"><script src="/pagefind/pagefind-ui.js"></script>', '<div id="search"></div>'),
    script: `${TYPING_HARNESS}
new PagefindUI({ element: '#search' });
const root = document.getElementById('search');
function shown(query) {
  const message = root.querySelector('.pagefind-ui__message')?.textContent.trim() ?? '';
  // "12 results for <query>" or "No results for <query>"; not "Searching for <query>...".
  if (!message.endsWith(' for ' + query)) return null;
  if (message.startsWith('No results')) return 0;
  const results = root.querySelectorAll('.pagefind-ui__result');
  // Each result shows a placeholder until its fragment has loaded.
  if (!results.length || root.querySelector('.pagefind-ui__result .pagefind-ui__loading')) return null;
  return results.length;
}
new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });`,
    input: "() => document.querySelector('.pagefind-ui__search-input')",
    describe: "Pagefind's own Default UI from the bundle (pagefind-ui.js, new PagefindUI({element}) with its defaults: preload on each input, search debounced by 300 ms, 5 results a page); shown = its message reads \"N results for <query>\" and every result of the page has its title (no loading placeholder left)",
  },
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
  typing: {
    html: TYPING_HTML('', '<input id="q" type="search" autocomplete="off" aria-label="Search"><ol id="results"></ol>'),
    script: `import MiniSearch from '/minisearch/index.js';
${TYPING_HARNESS}
const input = document.getElementById('q');
const list = document.getElementById('results');
const options = ${JSON.stringify(SEARCH_OPTIONS)};
let index = null;
let docs = null;
function draw() {
  if (!index) return;
  const query = input.value;
  const hits = query.trim() ? index.search(query, options).slice(0, 10) : [];
  list.replaceChildren(...hits.map((hit) => {
    const item = document.createElement('li');
    item.textContent = docs[hit.id][0];
    return item;
  }));
  list.dataset.query = query;
  check();
}
input.addEventListener('input', draw);
const [json, store] = await Promise.all([
  fetch('/ms/index.json').then((r) => r.text()),
  fetch('/ms/docs.json').then((r) => r.json()),
]);
index = MiniSearch.loadJSON(json, ${JSON.stringify(INDEX_OPTIONS)});
docs = store;
draw();
function shown(query) {
  return list.dataset.query === query ? list.children.length : null;
}`,
    input: "() => document.getElementById('q')",
    describe: 'a minimal page: an input whose every input event runs the search and draws the top 10 titles; the index is fetched at page load',
  },
  describe: {
    build: `child Node process: new MiniSearch(${JSON.stringify(INDEX_OPTIONS)}), add each article, write JSON.stringify(index) as index.json and {id: [title, url]} as docs.json`,
    page: `fetch index.json (text) and docs.json, MiniSearch.loadJSON, search(q, ${JSON.stringify(SEARCH_OPTIONS)}); display = stored title, url of the top 10 (no excerpt: it would need the bodies)`,
  },
};

export const ENGINES = [quire, pagefind, minisearch];

export function installed() {
  return existsSync(path.join(HERE, 'node_modules', 'pagefind')) && existsSync(path.join(HERE, 'node_modules', 'minisearch'));
}
