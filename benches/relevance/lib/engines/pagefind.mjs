// Pagefind: indexed with its Node API, searched by its own browser bundle in Chromium, which
// fetches index chunks and fragments over HTTP as on a real site.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../../scripts/chromium.mjs';
import { serve } from '../static-server.mjs';
import { installedVersion } from './installed.mjs';

// Records sent to the indexing service at once: one at a time waits on a round trip each.
const BATCH = 256;

// Queries per page.evaluate call: few calls, yet progress stays visible on the big corpus.
const QUERIES_PER_CALL = 100;

/** The record of an article. The title is also meta: Pagefind 1.6 searches meta and ranks its matches. */
function record(doc) {
  return { url: `/${doc.id}/`, content: `${doc.title}\n${doc.body}`, language: 'en', meta: { title: doc.title } };
}

/**
 * Indexes into `<site>/pagefind` with the Node API: `docs` as custom records, or, with
 * `fromHtml`, the site's pages as `pagefind --site` would.
 */
async function buildIndex(docs, site, fromHtml) {
  // The service is a child process: it must stop even on failure, or Node never exits.
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (errors.length) throw new Error(`pagefind createIndex: ${errors.join('; ')}`);
    if (fromHtml) {
      const added = await index.addDirectory({ path: site });
      if (added.errors.length) throw new Error(`pagefind addDirectory: ${added.errors.join('; ')}`);
    }
    for (let i = 0; i < (fromHtml ? 0 : docs.length); i += BATCH) {
      const responses = await Promise.all(docs.slice(i, i + BATCH).map((doc) => index.addCustomRecord(record(doc))));
      const failed = responses.flatMap((r) => r.errors);
      if (failed.length) throw new Error(`pagefind addCustomRecord: ${failed.join('; ')}`);
    }
    const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
    if (written.errors.length) throw new Error(`pagefind writeFiles: ${written.errors.join('; ')}`);
  } finally {
    await pagefind.close();
  }
}

/** Chromium on the served site with Pagefind's bundle loaded, the Wasm and index metadata too. */
async function openPage(url) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    // Loaded before the first timed query: a visitor's page does this while they type.
    await page.evaluate(async () => {
      window.pagefind = await import('/pagefind/pagefind.js');
      await window.pagefind.init();
    });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Runs queries inside the page; the timer spans the search and the top 10's data(). */
async function searchInPage(queries) {
  const out = [];
  for (const q of queries) {
    const started = performance.now();
    const r = await window.pagefind.search(q);
    const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
    out.push({ urls: top.map((d) => d.url), total: r.results.length, ms: performance.now() - started });
  }
  return out;
}

/** @returns {Promise<import('./index.mjs').Engine>} */
export async function open({ docs, work, site: rendered }) {
  const site = rendered ?? path.join(work, 'pagefind-site');
  mkdirSync(site, { recursive: true });
  if (!rendered) writeFileSync(path.join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>bench</title>');
  const started = performance.now();
  await buildIndex(docs, site, Boolean(rendered));
  const buildSeconds = (performance.now() - started) / 1000;

  const server = await serve(site);
  // A rendered site has no home page: open one of its articles.
  const { browser, page } = await openPage(`${server.url}/${rendered ? `${docs[0].id}/` : ''}`).catch(async (error) => {
    await server.close();
    throw error;
  });
  const idOf = (url) => url.replace(/^\/|\/$/g, '');

  return {
    buildSeconds,
    async run(queries) {
      const results = [];
      for (let i = 0; i < queries.length; i += QUERIES_PER_CALL) {
        const batch = await page.evaluate(searchInPage, queries.slice(i, i + QUERIES_PER_CALL));
        results.push(...batch.map(({ urls, total, ms }) => ({ ids: urls.map(idOf), total, ms })));
      }
      return results;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export const name = 'Pagefind';

export function config() {
  return {
    version: installedVersion('pagefind'),
    index:
      "Node API: createIndex({}); addCustomRecord({ url: '/<id>/', content: title + '\\n' + body, language: 'en', meta: { title } }); writeFiles",
    title: 'in the content (weight 1) and as meta.title, which Pagefind searches with its default metaWeights',
    search: "Chromium (playwright-core): import('/pagefind/pagefind.js'), init(), search(q) with default options; data() of the top 10",
    latency: 'search(q) + data() of the top 10 in the page, incl. fetches from a loopback server',
  };
}
