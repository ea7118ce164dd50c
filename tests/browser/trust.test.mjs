// The browser rows of issue 14, in Chromium under the demo's policy: a manifest that is cut,
// empty, HTML or altered says what it is; a text record that does not decompress says so; a
// facets file that cannot load leaves the filters saying so rather than busy forever; a wall
// of combining marks does not freeze the page; an archive republished in a form only a reload
// can read says so.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { cspViolations, docsRecords, GROUP_HASH_DIGITS, launchBrowser, listedFile, openPage, requireBuilt, serveSite, siteWithIndex, WWW, widget } from './helpers.mjs';

/** A copy of the demo site whose index `damage(indexFolder)` altered. */
function damagedSite(damage) {
  const root = siteWithIndex(path.join(WWW, 'quire'));
  damage(path.join(root, 'quire'));
  return root;
}

const manifestOf = (folder) => JSON.parse(readFileSync(path.join(folder, 'quire.json'), 'utf8'));
const fileOf = (folder, role) => listedFile(folder, role);

/**
 * Rewrites every text record of the docs file in place with `spoil(record)` (the record's
 * bytes: its text's size, u32 LE, then raw deflate).
 */
function spoilTextRecords(folder, spoil) {
  const file = fileOf(folder, 'docs');
  const bytes = readFileSync(file);
  for (const { text: [start, end] } of docsRecords(bytes)) {
    if (end > start + 4) spoil(bytes.subarray(start, end));
  }
  writeFileSync(file, bytes);
}

/** The first deflate byte 0xff: a reserved block type. */
const notDeflate = (record) => {
  record[4] = 0xff;
};

/**
 * A deflate bomb in the record's own bytes: the head says what it said (a few kilobytes),
 * the deflate is the start of a stream of a thousand times more zeros.
 */
const bomb = (record) => {
  const zeros = deflateRawSync(Buffer.alloc(record.length * 1100), { level: 9 });
  record.set(zeros.subarray(0, record.length - 4), 4);
};

/** A head claiming 4 GiB - 1 bytes of text, over the limit. */
const overLimit = (record) => {
  record.writeUInt32LE(0xffffffff, 0);
};

const MANIFEST_CASES = [
  { name: 'an empty quire.json', damage: (f) => writeFileSync(path.join(f, 'quire.json'), ''), kind: 'corrupt', detail: /is empty/ },
  {
    name: 'a quire.json cut short',
    damage: (f) => {
      const text = readFileSync(path.join(f, 'quire.json'), 'utf8');
      writeFileSync(path.join(f, 'quire.json'), text.slice(0, text.length / 2));
    },
    kind: 'corrupt',
    detail: /not valid JSON/,
  },
  { name: 'an HTML page for quire.json', damage: (f) => writeFileSync(path.join(f, 'quire.json'), '<!doctype html><title>Home</title>'), kind: 'missing', detail: /HTML page/ },
  {
    name: 'a size of 2^53 bytes',
    damage: (f) => {
      const manifest = manifestOf(f);
      manifest.files[1].bytes = 2 ** 53;
      writeFileSync(path.join(f, 'quire.json'), JSON.stringify(manifest));
    },
    kind: 'corrupt',
    detail: /bytes/,
  },
  {
    name: 'a terms file listed under the docs file\'s hash',
    damage: (f) => {
      const manifest = manifestOf(f);
      const docs = manifest.docsFiles.hashes.slice(0, GROUP_HASH_DIGITS);
      manifest.termsFiles.hashes = docs + manifest.termsFiles.hashes.slice(GROUP_HASH_DIGITS);
      writeFileSync(path.join(f, 'quire.json'), JSON.stringify(manifest));
    },
    kind: 'corrupt',
    detail: /quire\.json/,
  },
  {
    name: 'one flipped bit in a firstTerm',
    damage: (f) => {
      const manifest = manifestOf(f);
      const firstTerms = manifest.termsFiles.firstTerms;
      const last = firstTerms.length - 1;
      firstTerms[last] = String.fromCharCode(firstTerms[last].charCodeAt(0) ^ 1) + firstTerms[last].slice(1);
      writeFileSync(path.join(f, 'quire.json'), JSON.stringify(manifest));
    },
    kind: 'corrupt',
    detail: /quire\.json: checksum mismatch/,
  },
  { name: 'text records that do not decompress', damage: (f) => spoilTextRecords(f, notDeflate), kind: 'corrupt', detail: /not valid raw deflate/, search: 'talks' },
  { name: 'text records that are deflate bombs', damage: (f) => spoilTextRecords(f, bomb), kind: 'corrupt', detail: /decompresses to more than the \d+ bytes it records/, search: 'talks' },
  { name: 'text records claiming 4 GiB', damage: (f) => spoilTextRecords(f, overLimit), kind: 'corrupt', detail: /claims 4294967295 bytes of text, over the limit of 67108864/, search: 'talks' },
];

describe('trust in the browser', () => {
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

  /** Serves `root`, opens its page and runs `check(page, problems)`. */
  async function onSite(root, check) {
    roots.push(root);
    const site = await serveSite(root);
    try {
      const { page, problems } = await openPage(browser.context);
      await page.goto(site.url);
      await check(page, problems, site);
      assert.deepEqual(await cspViolations(page), []);
      await page.close();
    } finally {
      await site.close();
    }
  }

  for (const c of MANIFEST_CASES) {
    test(`${c.name}: says ${c.kind}, and what it is`, { timeout: 60_000 }, async () => {
      await onSite(
        damagedSite(c.damage),
        async (page) => {
          const w = widget(page);
          await w.input.focus();
          if (c.search) await w.input.pressSequentially(c.search);
          await w.failure.waitFor();
          assert.equal(await w.failure.getAttribute('data-kind'), c.kind);
          const detail = await w.failure.locator('code').textContent();
          assert.match(detail, c.detail);
          assert.doesNotMatch(detail, /Failed to fetch/);
        },
      );
    });
  }

  for (const [name, damage] of [
    ['a damaged facets file', (f) => {
      const file = fileOf(f, 'facets');
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] ^= 0x20;
      writeFileSync(file, bytes);
    }],
    ['a missing facets file', (f) => rmSync(fileOf(f, 'facets'))],
  ]) {
    test(`${name}: the filters say they could not load, search goes on`, { timeout: 60_000 }, async () => {
      await onSite(damagedSite(damage), async (page, problems) => {
        const w = widget(page);
        await w.input.click();
        await w.input.pressSequentially('talks');
        await w.hits.first().waitFor();
        const note = w.root.locator('.facets-unavailable');
        await note.waitFor();
        assert.match(await note.textContent(), /filters could not be loaded/);
        assert.equal(await w.root.locator('[aria-busy="true"]').count(), 0, 'nothing stays busy');
        assert.ok(problems.some((p) => p.includes('the filter lists could not be loaded')), problems.join('\n'));
        assert.equal(await w.failure.isVisible(), false);
      });
    });
  }

  test('a wall of combining marks does not freeze the page', { timeout: 60_000 }, async () => {
    await onSite(siteWithIndex(path.join(WWW, 'quire')), async (page) => {
      const w = widget(page);
      await w.input.click();
      await w.status.filter({ hasText: /articles in the archive/ }).waitFor();
      const wall = `a${'\u0301'.repeat(50_000)}`;
      await w.input.fill(wall);
      await page.waitForFunction(() => /No results|results? for/.test(document.querySelector('quire-search').shadowRoot.querySelector('[part="status"]').textContent));
      // What costs the browser seconds to lay out is cut before it is shown or sent.
      assert.ok((await w.input.inputValue()).length <= 1024);
      assert.ok((await w.status.textContent()).length < 200);
      assert.ok(new URL(page.url()).searchParams.get('q').length <= 1024);
    });
  });

  test('an archive republished in a form only a reload can read says so', { timeout: 60_000 }, async () => {
    await onSite(siteWithIndex(path.join(WWW, 'quire')), async (page, problems, site) => {
      const w = widget(page);
      await w.input.click();
      await w.input.pressSequentially('talks');
      await w.hits.first().waitFor();
      // A new release publishes an index this page's engine cannot read, and prunes the old.
      const folder = path.join(roots.at(-1), 'quire');
      const manifest = manifestOf(folder);
      for (const name of readdirSync(folder)) if (name.endsWith('.qi')) rmSync(path.join(folder, name));
      writeFileSync(path.join(folder, 'quire.json'), JSON.stringify({ ...manifest, version: 99 }));
      await w.input.fill('');
      await w.input.pressSequentially('muscat');
      await w.failure.waitFor();
      assert.equal(await w.failure.getAttribute('data-kind'), 'updated');
      assert.equal(await w.failure.locator('.failure-title').textContent(), 'The archive was updated while this page was open.');
    });
  });
});
