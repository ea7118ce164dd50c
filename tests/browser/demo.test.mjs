// The demo a visitor can click through (scripts/demo.sh): scripts/render-demo.mjs renders an
// article page for each article of the sample, with the index's entry anchors as ids, so that
// results and entry links land on real pages, highlighted by quire-highlight.js.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderDemo } from '../../scripts/render-demo.mjs';
import {
  assertClean,
  FIXTURES,
  openPage,
  quire,
  search,
  servedSite,
  siteWithDemoPages,
  tempDir,
  widget,
  WWW,
} from './helpers.mjs';

/** Every result of a search, through the CLI. */
const everyResult = (query, ...options) => JSON.parse(quire('search', 'www/quire', query, '--json', '--limit', '100', ...options));

/**
 * The entries of a rendered page: each list item's id, and the first words of its own text
 * after the date (a query that finds it).
 */
const entriesOf = (file) =>
  [...readFileSync(file, 'utf8').matchAll(/<li id="([^"]*)">([^<]*)/g)].map(([, id, text]) => ({
    id,
    words: text.replace(/^[^:–—]*[:–—]/, '').split(/\s+/).filter((word) => /^[A-Za-z]{5,}$/.test(word)).slice(0, 3).join(' '),
  }));

describe('the demo’s article pages', () => {
  let browser;
  let site;
  let close;
  let root;
  let pages;

  before(async () => {
    ({ root, pages } = siteWithDemoPages());
    ({ browser, site, close } = await servedSite(root, { owned: true }));
  });

  after(() => close?.());

  test('every article has its page, and every entry of the index its anchor there', () => {
    const { documents, entries } = JSON.parse(readFileSync(path.join(WWW, 'quire', 'quire.json'), 'utf8'));
    const everything = everyResult('');
    assert.equal(pages.length, documents, 'one page per article');
    assert.deepEqual(pages.map((p) => p.url).sort(), everything.hits.map((hit) => hit.url).sort());
    // The entries as the index has them, found through each outlet, leaning and person: each
    // has its id on its page.
    const anchorsOf = (results) => new Set(results.hits.flatMap((hit) => hit.entries.map((entry) => `${hit.url}#${entry.anchor}`)));
    const found = new Set();
    for (const facet of everything.facets.filter((f) => ['outlet', 'leaning', 'person'].includes(f.name))) {
      for (const { value } of facet.values) for (const key of anchorsOf(everyResult('', '--filter', `${facet.name}=${value}`))) found.add(key);
    }
    const rendered = pages.flatMap((p) => entriesOf(p.out).map(({ id, words }) => ({ key: `${p.url}#${id}`, words })));
    const keys = new Set(rendered.map((r) => r.key));
    for (const key of found) assert.ok(keys.has(key), `the page has the entry ${key}`);
    // Each entry the pages hold is one the index has: searched by its own words, it is found
    // at that anchor.
    assert.equal(rendered.length, entries, `the pages hold the index's ${entries} entries`);
    for (const { key, words } of rendered) {
      if (!found.has(key)) assert.ok(anchorsOf(everyResult(words)).has(key), `${key} is found by “${words}”`);
    }
  });

  test('a click from a result’s entry lands on the entry of the article page, its words marked', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    await search(page, 'zarif');
    const w = widget(page);
    const entry = w.entries.filter({ hasText: 'Shargh' });
    const href = new URL(await entry.getAttribute('href'));
    assert.equal(href.hash, '#2025-01-30-2');
    await Promise.all([page.waitForURL((url) => url.hash === href.hash), entry.click()]);
    await page.locator('.quire-target').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Khamenei Greenlights Iran-U.S. Talks, Will Trump?');
    assert.equal(await page.locator('.quire-target').getAttribute('id'), '2025-01-30-2');
    assert.match(await page.locator('.quire-target').textContent(), /^January 30: The reformist Shargh newspaper/);
    assert.deepEqual(await page.locator('.quire-target mark.quire-highlight').allTextContents(), ['Zarif']);
    assert.equal(await page.locator('mark.quire-highlight').count(), 1, 'only within the entry');
    // The entry is on screen.
    const box = await page.locator('.quire-target').boundingBox();
    assert.ok(box.y >= 0 && box.y < 800, String(box.y));
    // A result's own link lands on the article; Back returns to the search.
    await page.goBack();
    await w.status.filter({ hasText: 'for “zarif”' }).waitFor();
    await Promise.all([page.waitForURL((url) => url.pathname === href.pathname && !url.hash), w.hits.first().click()]);
    assert.equal(await page.locator('h1').textContent(), 'Khamenei Greenlights Iran-U.S. Talks, Will Trump?');
    await assertClean(page, problems);
    await page.close();
  });

  test('front matter and Markdown are rendered as text: markup in them becomes no element', { timeout: 60_000 }, async () => {
    const [work, remove] = tempDir('quire-render-');
    try {
      const written = renderDemo(path.join(FIXTURES, 'hostile'), work);
      // The article whose url is on another site is not this demo's to render.
      assert.deepEqual(written.map((p) => p.url).sort(), ['/entities/', '/ppppppppppppppppppppppppp/']);
      const html = readFileSync(written.find((p) => p.url.startsWith('/ppp')).out, 'utf8');
      const body = html.slice(html.indexOf('<body'));
      assert.doesNotMatch(body, /<(img|svg|b|script)[\s>]/, 'no element from the data');
      assert.match(body, /<h1>&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt; Hostile title<\/h1>/);
      assert.match(body, /&lt;a href=&quot;javascript:window.__pwned=8&quot;&gt;a link&lt;\/a&gt;/);
      const entities = readFileSync(written.find((p) => p.url === '/entities/').out, 'utf8');
      assert.match(entities, /<h1>Entities &amp;lt;b&amp;gt;stay&amp;lt;\/b&amp;gt; as written &amp;amp; a \u202Eright-to-left override<\/h1>/);
    } finally {
      remove();
    }
  });
});
