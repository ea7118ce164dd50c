// Shared set-up of the browser tests: the system Chromium, the demo server started in-process,
// copies of the demo site with another index, and collectors of console errors and CSP
// violations.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { quireProgram } from '../../scripts/cargo.mjs';
import { renderDemo } from '../../scripts/render-demo.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';
import { CSP, start } from '../../www/serve.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const WWW = path.join(REPO, 'www');
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** Where the sample index links the edition that `fixtures/article/index.html` renders. */
export const ARTICLE_PATH = '/analysis/khamenei-greenlights-iran-u-s-talks-will-trump/';
export const QUIRE = quireProgram('debug');

/** Fails with the commands to run when the Wasm module or the sample index is missing. */
export function requireBuilt() {
  const missing = [];
  if (!existsSync(path.join(WWW, 'pkg', 'quire_bg.wasm'))) missing.push('bash scripts/build-wasm.sh');
  if (!existsSync(path.join(WWW, 'quire', 'quire.json'))) {
    missing.push(`cargo build && ${QUIRE} build examples/iran-media-review --out www/quire -q`);
  }
  if (missing.length) {
    throw new Error(`www/ is not built; from the repository root run:\n  ${missing.join('\n  ')}`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}; install it with: apt-get install chromium (or bash scripts/setup.sh --browser)`);
  }
}

/** Fails with the command to run when the quire CLI has not been built. */
export function requireCli() {
  if (!existsSync(QUIRE)) throw new Error(`no quire binary at ${QUIRE}; run \`cargo build\` at the repository root first`);
}

/** Runs the quire CLI from the repository root and returns its standard output. */
export function quire(...args) {
  requireCli();
  return execFileSync(QUIRE, args, { cwd: REPO, encoding: 'utf8' });
}

/**
 * The engine's own answer for what the widget asks while typing, through the CLI: the
 * oracle for rankings and counts.
 */
export function cliSearch(query, ...options) {
  return JSON.parse(quire('search', 'www/quire', query, '--typing', '--json', '--limit', '20', ...options));
}

const plural = (n, one, many) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * How the status line counts CLI results (the widget's wording): "3 entries in 2 articles"
 * when the engine counts entries ("… and 1 other article" beside them when articles without
 * entries answer too), else "7 results" for a query and "7 articles" without one.
 * @param {{total: number, unit?: string, entryTotal?: number, articleTotal?: number}} results
 * @param {boolean} query
 */
export function countPhrase(results, query) {
  if (results.unit === 'entries' && Number.isInteger(results.entryTotal)) {
    const plain = results.articleTotal ?? 0;
    const phrase = `${plural(results.entryTotal, 'entry', 'entries')} in ${plural(results.total - plain, 'article', 'articles')}`;
    return plain ? `${phrase} and ${plural(plain, 'other article', 'other articles')}` : phrase;
  }
  return query ? plural(results.total, 'result', 'results') : plural(results.total, 'article', 'articles');
}

/**
 * How the widget says a count of the engine's ({count, articles}) in results counting `unit`:
 * "2 entries and 1 article", "3 entries", "1 article"; `noun` for articles in results of
 * articles.
 */
export function unitsPhrase({ count, articles }, unit, [one, many] = ['article', 'articles']) {
  const entries = count - articles;
  if (entries > 0 && articles > 0) return `${plural(entries, 'entry', 'entries')} and ${plural(articles, 'article', 'articles')}`;
  if (entries > 0) return plural(count, 'entry', 'entries');
  return unit === 'entries' ? plural(count, 'article', 'articles') : plural(count, one, many);
}

/** A facet of CLI results as {value: count}. */
export function cliFacet(results, name) {
  return Object.fromEntries(results.facets.find((facet) => facet.name === name).values.map((v) => [v.value, v.count]));
}

/** Chromium with a fresh profile, recording every CSP violation of its pages. */
export async function launchBrowser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'quire-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  // Includes violations inside shadow roots: the event is composed. The query of the last
  // results drawn tells `search` when its query is answered.
  await context.addInitScript(() => {
    document.addEventListener('quire:results', (event) => {
      window.__quireLastQuery = event.detail.query;
    });
    window.__cspViolations = [];
    document.addEventListener(
      'securitypolicyviolation',
      (event) => window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
      true,
    );
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The demo server (www/serve.mjs) in-process on a free port.
 * @param {string} [root] the folder to serve (default www/)
 * @param {{csp?: string, ranges?: boolean}} [options] another Content-Security-Policy; `ranges:
 *   false` for a host that ignores `Range` and sends whole files
 */
export function serveSite(root = WWW, options = {}) {
  return start({ root, port: 0, ...options });
}

/** The demo's policy, but refusing every worker: the engine must run on the page. */
export const NO_WORKERS_CSP = CSP.replace("default-src 'self';", "default-src 'self'; worker-src 'none';");

/**
 * Records every request the server answers, as {method, path, range, status, contentRange,
 * length, encoding}, in the order the answers finished (a browser's cache answers the others).
 * @param {{server: import('node:http').Server}} site
 */
export function recordRequests(site) {
  const log = [];
  site.server.on('request', (request, response) => {
    response.on('finish', () =>
      log.push({
        method: request.method,
        path: decodeURIComponent(new URL(request.url, 'http://localhost').pathname),
        range: request.headers.range,
        status: response.statusCode,
        contentRange: response.getHeader('content-range'),
        length: response.getHeader('content-length') === undefined ? undefined : Number(response.getHeader('content-length')),
        encoding: response.getHeader('content-encoding'),
      }),
    );
  });
  return log;
}

/**
 * Records the path of each request the server receives, in order, as it arrives (before any
 * answer: see {@link delayRequests}).
 * @param {{server: import('node:http').Server}} site
 */
export function recordArrivals(site) {
  const arrivals = [];
  site.server.on('request', (request) => arrivals.push(decodeURIComponent(new URL(request.url, 'http://localhost').pathname)));
  return arrivals;
}

/**
 * Resolves once `predicate()` holds (polled every 20 ms); rejects after `ms`.
 * @param {() => boolean} predicate
 * @param {string} what for the error: what was waited for
 */
export async function waitUntil(predicate, what, ms = 10_000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Makes the server hold back the answers to paths matching `pattern` for `ms` milliseconds.
 * @param {{server: import('node:http').Server}} site
 * @param {RegExp} pattern
 * @param {number} ms
 */
export function delayRequests(site, pattern, ms) {
  const handlers = site.server.listeners('request');
  site.server.removeAllListeners('request');
  site.server.on('request', (request, response) => {
    const pass = () => handlers.forEach((handler) => handler.call(site.server, request, response));
    if (pattern.test(request.url)) setTimeout(pass, ms);
    else pass();
  });
}

/**
 * Makes the server hold back the answers to paths matching `pattern` until `release()`, which
 * answers them and serves as before. `asked` lists the URLs held.
 * @param {{server: import('node:http').Server}} site
 * @param {RegExp} pattern
 */
export function holdRequests(site, pattern) {
  const { server } = site;
  const handlers = server.listeners('request');
  server.removeAllListeners('request');
  const held = [];
  const asked = [];
  server.on('request', (request, response) => {
    const pass = () => handlers.forEach((handler) => handler.call(server, request, response));
    if (pattern.test(request.url)) {
      asked.push(request.url);
      held.push(pass);
    } else pass();
  });
  return {
    asked,
    release() {
      server.removeAllListeners('request');
      handlers.forEach((handler) => server.on('request', handler));
      held.splice(0).forEach((pass) => pass());
    },
  };
}

/** Requests of every kind the engine answers, on the sample index; the last two are invalid. */
export const ENGINE_REQUESTS = [
  {},
  { query: 'talks', typing: true },
  { query: 'zari', typing: true },
  { query: 'zarfi' },
  { query: 'talks nuclear', sort: 'newest', limit: 3, offset: 1 },
  { query: '"supreme leader"' },
  { query: 'iran -talks' },
  { query: 'talks', filters: { kind: ['Analysis'] } },
  { query: 'zarif', filters: { leaning: ['reformist'] } },
  { query: '', filters: { outlet: ['Shargh'] }, sort: 'oldest' },
  { query: 'iran', dateFrom: '2025-01', dateTo: '2025-02' },
  { query: 'qwertyuiop' },
  { query: 'talks', dateFrom: 'not a date' },
  { query: 'talks', sort: 'no-such-order' },
];

/**
 * Opens the index of the page's widget through `quire-engine.js` (the same module instance,
 * so the same engine the widget uses), waits for its facet lists, and runs `requests` on it.
 * Resolves with {mode, answers}: each answer is the results, or {error: {name, kind, message,
 * quireError}} for a rejection.
 * @param {import('playwright-core').Page} page
 * @param {object[]} requests
 */
export function engineAnswers(page, requests) {
  return page.evaluate(async (requests) => {
    const { openIndex, QuireError } = await import(new URL('quire-engine.js', document.baseURI).href);
    const index = await openIndex(new URL('quire/', document.baseURI));
    await index.facetsReady;
    const answers = [];
    for (const request of requests) {
      try {
        answers.push(await index.search(request));
      } catch (error) {
        answers.push({ error: { name: error.name, kind: error.kind, message: error.message, quireError: error instanceof QuireError } });
      }
    }
    return { mode: index.mode, answers };
  }, requests);
}

/** Where the engine of the page's widget runs: `'worker'` or `'main-thread'`. */
export function engineMode(page) {
  return page.evaluate(async () => {
    const { openIndex } = await import(new URL('quire-engine.js', document.baseURI).href);
    return (await openIndex(new URL('quire/', document.baseURI))).mode;
  });
}

/**
 * A copy of the demo site in a temporary folder, with `index` (a folder) as its quire/, or
 * no index at all when `index` is null.
 * @param {string|null} index
 */
export function siteWithIndex(index) {
  const root = mkdtempSync(path.join(tmpdir(), 'quire-site-'));
  cpSync(WWW, root, { recursive: true, filter: (source) => source !== path.join(WWW, 'quire') });
  if (index) cpSync(index, path.join(root, 'quire'), { recursive: true });
  return root;
}

/**
 * A copy of the demo site (with the sample index, or `index`) whose edition "Khamenei
 * Greenlights Iran-U.S. Talks" has its article page: `fixtures/article/` at
 * {@link ARTICLE_PATH}, with the other pages of that folder beside it.
 * @param {string} [index]
 */
export function siteWithArticle(index = path.join(WWW, 'quire')) {
  const root = siteWithIndex(index);
  cpSync(path.join(FIXTURES, 'article'), path.join(root, ...ARTICLE_PATH.split('/').filter(Boolean)), { recursive: true });
  return root;
}

/** The sample corpus. */
export const SAMPLE = path.join(REPO, 'examples', 'iran-media-review');

/**
 * A copy of the demo site as `scripts/demo.sh` serves it: the sample index and an article
 * page for every article of the sample (`scripts/render-demo.mjs`).
 * @returns {{root: string, pages: Array<{file: string, url: string, out: string}>}}
 */
export function siteWithDemoPages() {
  const root = siteWithIndex(path.join(WWW, 'quire'));
  return { root, pages: renderDemo(SAMPLE, root) };
}

/**
 * For a `describe` block: serves `root` (the demo folder by default) and starts Chromium.
 * `close()` stops both and then removes `root` when `owned` (a temporary copy).
 * @param {string} [root]
 * @param {{owned?: boolean, cleanup?: () => void}} [options] `cleanup` runs last in `close()`
 */
export async function servedSite(root = WWW, { owned = false, cleanup } = {}) {
  const env = { browser: undefined, site: undefined };
  env.close = async () => {
    await env.browser?.close();
    await env.site?.close();
    if (owned) rmSync(root, { recursive: true, force: true });
    cleanup?.();
  };
  try {
    requireBuilt();
    env.browser = await launchBrowser();
    env.site = await serveSite(root);
  } catch (error) {
    await env.close();
    throw error;
  }
  return env;
}

/**
 * For a `describe` block that serves the demo folder several times (under other policies, as
 * a host without ranges) to one Chromium: `start` goes to `before`, `close` to `after`, and
 * `site(options)` starts a server (see {@link serveSite}) that `close` stops.
 */
export function browserWithSites() {
  const env = {
    /** @type {Awaited<ReturnType<typeof launchBrowser>>|undefined} */
    browser: undefined,
    sites: [],
    async start() {
      requireBuilt();
      env.browser = await launchBrowser();
    },
    /** @param {{csp?: string, ranges?: boolean}} [options] */
    async site(options = {}) {
      const site = await serveSite(WWW, options);
      env.sites.push(site);
      return site;
    },
    async close() {
      await env.browser?.close();
      for (const site of env.sites) await site.close();
    },
  };
  return env;
}

/**
 * For a `describe` block over an index of its own: builds the corpus that `writeCorpus(work)`
 * writes into a temporary folder (it returns the corpus path), lets `alter(index)` change the
 * built index, copies the demo site around it, serves it and starts Chromium (see
 * {@link servedSite}). `close()` undoes all of it, also after a failure half-way.
 * @param {string} prefix the temporary folder's name prefix
 * @param {(work: string) => string|Promise<string>} writeCorpus
 * @param {(index: string) => void} [alter]
 */
export async function builtSite(prefix, writeCorpus, alter) {
  requireBuilt();
  const [work, removeWork] = tempDir(prefix);
  let root;
  try {
    const index = path.join(work, 'index');
    quire('build', await writeCorpus(work), '--out', index, '-q');
    alter?.(index);
    root = siteWithIndex(index);
  } catch (error) {
    if (root) rmSync(root, { recursive: true, force: true });
    removeWork();
    throw error;
  }
  return servedSite(root, { owned: true, cleanup: removeWork });
}

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return [dir, () => rmSync(dir, { recursive: true, force: true })];
}

/**
 * Opens a page that records console errors and warnings and uncaught exceptions.
 * @param {import('playwright-core').BrowserContext} context
 * @param {{widget?: Record<string, string>}} [options] `widget`: attributes for the page's
 *   `<quire-search>` (see {@link widgetAttributes})
 */
export async function openPage(context, { widget } = {}) {
  const page = await context.newPage();
  if (widget) await widgetAttributes(page, widget);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return { page, problems };
}

/**
 * Gives each `<quire-search>` of the pages `page` opens these attributes (over the page's
 * own), before the widget starts: `{browse: 'none'}` for a test of what a search
 * fetches, with nothing loaded before the box is used. (The attributes are set as the parser
 * inserts the element; the widget's module runs after parsing, so it starts with them.)
 * @param {import('playwright-core').Page} page
 * @param {Record<string, string>} attributes
 */
export function widgetAttributes(page, attributes) {
  return page.addInitScript((attributes) => {
    new MutationObserver(() => {
      for (const element of document.getElementsByTagName('quire-search')) {
        for (const [name, value] of Object.entries(attributes)) if (element.getAttribute(name) !== value) element.setAttribute(name, value);
      }
    }).observe(document, { childList: true, subtree: true });
  }, attributes);
}

/** The CSP violations the page has seen. */
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/** Locators inside the widget (Playwright's CSS selectors pierce open shadow roots). */
export function widget(page) {
  const root = page.locator('quire-search');
  return {
    root,
    input: root.locator('input[role="combobox"]'),
    status: root.locator('[part="status"]'),
    failure: root.locator('[part="error"]'),
    list: root.locator('[role="listbox"]'),
    options: root.locator('[role="option"]'),
    hits: root.locator('.option.hit'),
    titles: root.locator('.option.hit .title'),
    sort: root.locator('select[part="sort"]'),
    facet: (label) => root.locator('fieldset.facet').filter({ has: page.locator(`legend:text-is("${label}")`) }),
    timeline: root.locator('[part="timeline"]'),
    bars: root.locator('.period'),
    entries: root.locator('.option.entry'),
  };
}

/** The titles of the results shown, in order. */
export function shownTitles(page) {
  return widget(page).titles.allTextContents();
}

/** The dates (`YYYY-MM-DD`) of the results shown, in order. */
export function shownDates(page) {
  return widget(page).hits.locator('.meta time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime')));
}

/** A facet's visible values and their counts, as {value: count}. */
export async function facetCounts(facet) {
  const rows = await facet.locator('li:not([hidden]) label').evaluateAll((labels) =>
    labels.map((label) => [label.querySelector('.value').textContent, Number(label.querySelector('.count').textContent)]),
  );
  return Object.fromEntries(rows);
}

/**
 * What each entry shown says of itself: its anchor (from its link), outlets, leanings,
 * people, their roles and highlighted words, grouped under the title of its result.
 * @returns {Promise<Array<{title: string, entries: Array<{anchor: string, outlets: string, leanings: string[], people: string, roles: string, marks: string[], href: string}>}>>}
 */
export function shownEntries(page) {
  return widget(page).root.locator('.result').evaluateAll((results) =>
    results.map((result) => ({
      title: result.querySelector('.hit .title').textContent,
      entries: [...result.querySelectorAll('.option.entry')].map((entry) => {
        const link = entry;
        const visible = (element) => [...(element?.childNodes ?? [])].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.data).join('');
        return {
          anchor: new URL(link.href).hash.slice(1),
          href: link.href,
          outlets: visible(entry.querySelector('.outlets')),
          leanings: [...entry.querySelectorAll('.leaning')].map((badge) => badge.textContent),
          // Each name with its role, as shown ("Abbas Araghchi (Foreign Minister)").
          people: [...entry.querySelectorAll('.person')].map((person) => person.textContent),
          marks: [...entry.querySelectorAll('mark')].map((mark) => mark.textContent),
        };
      }),
    })),
  );
}

/**
 * Runs `action` and resolves with the detail of the `quire:results` event it caused (the
 * results are drawn by then: the widget draws right after dispatching). The listener is in
 * place before the action starts, so a fast answer is not missed.
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<unknown>} action
 */
export async function resultsAfter(page, action) {
  await page.evaluate(() => {
    window.__nextResults = new Promise((resolve, reject) => {
      document.addEventListener('quire:results', (event) => resolve(JSON.parse(JSON.stringify(event.detail))), { once: true });
      setTimeout(() => reject(new Error('no quire:results event within 10 s')), 10_000);
    });
  });
  await action();
  return page.evaluate(() => window.__nextResults);
}

/** Asserts that the page logged no error or warning and saw no CSP violation. */
export async function assertClean(page, problems) {
  assert.deepEqual(problems, [], 'console errors or warnings');
  assert.deepEqual(await cspViolations(page), [], 'Content-Security-Policy violations');
}

/** Types a query the way a person does and waits until its results are drawn. */
export async function search(page, query) {
  const { input } = widget(page);
  await input.click();
  await input.fill('');
  await input.pressSequentially(query);
  await page.waitForFunction((q) => window.__quireLastQuery === q, query);
}

export function ensureArtifacts() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/** Files of the many-file roles share a hash by groups of this many (`format::NAME_GROUP_FILES`). */
export const NAME_GROUP_FILES = 256;
/** The hex digits of a group's hash in a file name (`format::GROUP_HASH_DIGITS`). */
export const GROUP_HASH_DIGITS = 14;

/**
 * Every file a manifest lists, as `{role, name, bytes, firstTerm?, firstDoc?, docs?}`: its
 * `files`, then its compact lists (`termsFiles`, `lexiconFiles`, `positionsFiles`,
 * `docsFiles`; files named by groups, see src/format.rs) expanded, so that tests find an
 * index's files however they are listed.
 * @param {any} manifest the parsed quire.json
 */
export function listedFiles(manifest) {
  const out = [...manifest.files];
  for (const role of ['terms', 'lexicon', 'positions', 'docs']) {
    const list = manifest[`${role}Files`];
    if (!list) continue;
    let firstDoc = 0;
    list.bytes.forEach((bytes, n) => {
      const group = Math.floor(n / NAME_GROUP_FILES) * GROUP_HASH_DIGITS;
      const inGroup = (n % NAME_GROUP_FILES).toString(16).padStart(2, '0');
      const file = { role, name: `${role}.${list.hashes.slice(group, group + GROUP_HASH_DIGITS)}${inGroup}.qi`, bytes };
      if (list.firstTerms) file.firstTerm = list.firstTerms[n];
      if (list.docs) {
        file.firstDoc = firstDoc;
        file.docs = list.docs[n];
        firstDoc += list.docs[n];
      }
      out.push(file);
    });
  }
  return out;
}

/** The path of the first file of `role` that the index in `folder` lists. */
export function listedFile(folder, role) {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'quire.json'), 'utf8'));
  return path.join(folder, listedFiles(manifest).find((file) => file.role === role).name);
}

/**
 * Where the records of a docs file lie (see src/format.rs, "docs"): after the 16-byte header,
 * the first document and the count (u32 each), then per document, padded to 64 bytes: the
 * lengths L and M (u32 each), the display record and its CRC-32, the text record and the CRC-32
 * of its plain text. Offsets are in the file.
 * @param {Buffer} bytes the whole docs file
 * @returns {{display: [number, number], text: [number, number]}[]}
 */
export function docsRecords(bytes) {
  const count = bytes.readUInt32LE(20);
  const records = [];
  let at = 24;
  for (let doc = 0; doc < count; doc += 1) {
    const displayLength = bytes.readUInt32LE(at);
    const textLength = bytes.readUInt32LE(at + 4);
    const display = [at + 8, at + 8 + displayLength];
    const text = [display[1] + 4, display[1] + 4 + textLength];
    records.push({ display, text });
    at += Math.ceil((16 + displayLength + textLength) / 64) * 64;
  }
  return records;
}
