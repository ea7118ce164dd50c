// Typing never blocks the page: a generated archive of 20,000 articles, a query that matches
// every one of them typed letter by letter; the engine runs in the worker, never in the page
// (no WebAssembly is compiled or instantiated by the page), and answers arrive while typing.
// How long the page's tasks take is a benchmark's business (benches/browser), not a test's:
// the long tasks seen are printed as a diagnostic only.
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { assertClean, builtSite, engineMode, openPage, widget } from './helpers.mjs';

const ARTICLES = 20_000;
/** In every title. */
const QUERY = 'weekly bulletin';

/** Writes ARTICLES synthetic articles as JSON Lines: made-up words, a date every four hours. */
async function writeCorpus(file) {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const syllables = ['ka', 'ri', 'to', 'man', 'sel', 'dor', 'vi', 'qu', 'lem', 'pa', 'nor', 'ast', 'ur', 'zen', 'bel', 'fi'];
  const vocabulary = Array.from({ length: 800 }, () => {
    let word = '';
    for (let n = 2 + Math.floor(random() * 2); n > 0; n--) word += syllables[Math.floor(random() * syllables.length)];
    return word;
  });
  const words = (n) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
  const sections = ['Politics', 'Economy', 'Culture', 'Security'];
  const out = createWriteStream(file);
  for (let i = 0; i < ARTICLES; i++) {
    const date = new Date(Date.UTC(2015, 0, 1) + i * 4 * 3600 * 1000).toISOString().slice(0, 10);
    const article = {
      id: `b${i}`,
      title: `Weekly bulletin ${i}: ${words(4)}`,
      date,
      author: `Author ${i % 40}`,
      section: sections[i % sections.length],
      url: `/bulletins/${i}/`,
      body: `${words(40)}\n\n${words(40)}`,
    };
    if (!out.write(`${JSON.stringify(article)}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  out.end();
  await finished(out);
  return file;
}

describe('typing on a large archive', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-typing-', (work) => writeCorpus(path.join(work, 'corpus.jsonl'))));
  });

  after(() => close?.());

  test(`typing “${QUERY}” over ${ARTICLES} articles: the page runs no engine, results arrive`, { timeout: 120_000 }, async (t) => {
    const { page, problems } = await openPage(browser.context);
    await page.addInitScript(() => {
      window.__pageWasm = [];
      for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        WebAssembly[name] = function (...args) {
          window.__pageWasm.push(name);
          return original.apply(this, args);
        };
      }
    });
    await page.goto(site.url);
    const w = widget(page);
    await w.input.focus();
    await w.status.filter({ hasText: '20,000 articles in the archive' }).waitFor({ timeout: 60_000 });
    assert.equal(await engineMode(page), 'worker');

    await page.evaluate(() => {
      window.__longTasks = [];
      window.__resultsSeen = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
      }).observe({ type: 'longtask' });
      document.addEventListener('quire:results', (event) => window.__resultsSeen.push([event.detail.query, event.detail.results.total]));
    });
    await w.input.pressSequentially(QUERY, { delay: 40 });
    await page.waitForFunction((query) => window.__quireLastQuery === query, QUERY, { timeout: 60_000 });
    // Let a long task that ended with the last answer be reported.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));

    const longTasks = await page.evaluate(() => window.__longTasks);
    t.diagnostic(`long tasks of the page while typing (not asserted): ${longTasks.join(', ') || 'none'} ms`);
    // The page compiles the engine's module once, as quire-engine.js loads, to hand it to the
    // worker compiled (see `pageEngine` there); it never instantiates it, nor anything else.
    const pageWasm = await page.evaluate(() => window.__pageWasm);
    assert.deepEqual(pageWasm.filter((name) => name.startsWith('instantiate')), [], 'the page itself ran WebAssembly');
    assert.ok(pageWasm.length <= 1, `the page compiled WebAssembly more than once: ${pageWasm.join(', ')}`);
    assert.equal(await w.status.textContent(), `20,000 results for “${QUERY}”`);
    assert.equal(await w.hits.count(), 10);
    const titles = await w.titles.allTextContents();
    assert.ok(titles.every((title) => /^Weekly bulletin \d+:/.test(title)), titles.join(' | '));
    // Answers came while typing, not only at the end.
    const seen = await page.evaluate(() => window.__resultsSeen);
    assert.ok(seen.length >= 3, `results drawn while typing: ${JSON.stringify(seen)}`);
    assert.deepEqual(seen.at(-1), [QUERY, ARTICLES]);
    await assertClean(page, problems);
    await page.close();
  });
});
