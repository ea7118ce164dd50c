// The error states: a missing index, a damaged one (bit flip, truncation, a file the manifest
// lists but the server lacks), one from another format version, and a missing engine. Each is
// shown to the visitor in words of its own, in an alert, and search shows no results.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cspViolations, launchBrowser, listedFile, openPage, requireBuilt, serveSite, siteWithIndex, WWW, widget } from './helpers.mjs';

/** A copy of the demo site whose index `damage(indexFolder)` altered. */
function damagedSite(damage) {
  const root = siteWithIndex(path.join(WWW, 'quire'));
  damage(path.join(root, 'quire'));
  return root;
}

/** The file of `role` that the manifest lists (the folder may also hold files of older builds). */
function indexFile(folder, role) {
  return listedFile(folder, role);
}

const CASES = [
  {
    name: 'no index folder at all',
    site: () => siteWithIndex(null),
    kind: 'missing',
    title: 'The search index of this archive was not found.',
  },
  {
    name: 'a bit flipped in an index file',
    site: () =>
      damagedSite((folder) => {
        const file = indexFile(folder, 'docs');
        const bytes = readFileSync(file);
        bytes[Math.floor(bytes.length / 2)] ^= 0x10;
        writeFileSync(file, bytes);
      }),
    kind: 'corrupt',
    title: 'The search index of this archive is damaged.',
  },
  {
    name: 'a truncated index file',
    site: () =>
      damagedSite((folder) => {
        const file = indexFile(folder, 'docs');
        truncateSync(file, Math.floor(readFileSync(file).length / 2));
      }),
    kind: 'corrupt',
    title: 'The search index of this archive is damaged.',
  },
  {
    name: 'an index file the manifest lists but the server lacks',
    // The columns file is fetched when the engine starts (postings only when a search needs them).
    site: () => damagedSite((folder) => rmSync(indexFile(folder, 'columns'))),
    kind: 'corrupt',
    title: 'The search index of this archive is damaged.',
  },
  {
    name: 'an index of another format version',
    site: () =>
      damagedSite((folder) => {
        const file = path.join(folder, 'quire.json');
        writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 99 }));
      }),
    kind: 'version',
    title: 'The search index of this archive was built by another version of Quire.',
  },
  {
    name: 'no search engine (www/pkg missing)',
    site: () => {
      const root = siteWithIndex(path.join(WWW, 'quire'));
      rmSync(path.join(root, 'pkg'), { recursive: true });
      return root;
    },
    kind: 'engine',
    title: 'Search could not start in this browser.',
  },
];

describe('error states', () => {
  let browser;
  const roots = [];

  before(async () => {
    requireBuilt();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  for (const c of CASES) {
    test(`${c.name}: says so (${c.kind})`, { timeout: 60_000 }, async () => {
      const root = c.site();
      roots.push(root);
      const site = await serveSite(root);
      try {
        const { page } = await openPage(browser.context);
        await page.goto(site.url);
        const w = widget(page);
        await w.input.focus();
        await w.failure.waitFor();
        assert.equal(await w.failure.getAttribute('data-kind'), c.kind);
        assert.equal(await w.failure.getAttribute('role'), 'alert');
        assert.equal(await w.failure.locator('.failure-title').textContent(), c.title);
        assert.equal(await w.status.textContent(), '', 'the loading message is gone');
        await w.input.pressSequentially('zarif');
        assert.equal(await w.options.count(), 0);
        assert.equal(await w.failure.isVisible(), true);
        assert.deepEqual(await cspViolations(page), []);
        await page.close();
      } finally {
        await site.close();
      }
    });
  }

  test('each kind of failure has its own headline', () => {
    const byKind = new Map(CASES.map((c) => [c.kind, c.title]));
    assert.equal(new Set(byKind.values()).size, byKind.size);
  });
});
