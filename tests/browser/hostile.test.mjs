// An index whose titles, summaries, facet values, bodies and URLs carry markup and script
// (fixtures/hostile/): the widget must show it all as literal text, run none of it, and not
// link to javascript: URLs.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { assertClean, builtSite, docsRecords, listedFiles, openPage, widget } from './helpers.mjs';

const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"> Hostile title';
const HOSTILE_LEANING = '"><img src=q onerror="window.__pwned=9">';

// `quire build` refuses javascript: urls, so the fixture carries a placeholder of the same
// length, swapped into the built document table here (with its CRC-32 fixed up): a tampered
// index must not get a script to run either.
const PLACEHOLDER_URL = '/ppppppppppppppppppppppppp/';
const HOSTILE_URL = 'javascript:window.__pwned=5';

/** Replaces `from` with `to` (same length) in the index's docs file and fixes its checksum. */
function tamperUrl(index, from, to) {
  assert.equal(from.length, to.length);
  const manifest = JSON.parse(readFileSync(path.join(index, 'quire.json'), 'utf8'));
  const docs = path.join(index, listedFiles(manifest).find((file) => file.role === 'docs').name);
  const bytes = readFileSync(docs);
  const at = bytes.indexOf(Buffer.from(from));
  assert.ok(at > 0, 'the placeholder url is in the document table');
  bytes.write(to, at, 'latin1');
  // The display record's own CRC-32 follows it (see src/format.rs and docsRecords).
  for (const { display: [start, end] } of docsRecords(bytes)) {
    if (start <= at && at < end) bytes.writeUInt32LE(crc32(bytes.subarray(start, end)), end);
  }
  // The segment header keeps the payload's CRC-32 at bytes 12..16.
  bytes.writeUInt32LE(crc32(bytes.subarray(16)), 12);
  writeFileSync(docs, bytes);
}

describe('a hostile index', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await builtSite(
      'quire-hostile-',
      () => 'tests/browser/fixtures/hostile',
      (index) => tamperUrl(index, PLACEHOLDER_URL, HOSTILE_URL),
    ));
  });

  after(() => close?.());

  test('is shown as text and runs nothing', { timeout: 60_000 }, async () => {
    // Every facet is drawn, even those with one value: all of the register's text is shown.
    const { page, problems } = await openPage(browser.context, { widget: { 'hide-facets': '' } });
    await page.goto(`${site.url}?q=pwned`);
    const w = widget(page);
    // One of the two articles has an entry that matches: the engine counts entries, and the
    // other article beside them.
    await w.status.filter({ hasText: '1 entry in 1 article and 1 other article for “pwned”' }).waitFor();

    const title = w.titles.filter({ hasText: 'Hostile title' });
    assert.equal(await title.textContent(), HOSTILE_TITLE);
    assert.equal(await title.isVisible(), true);
    assert.equal(await page.getByText('onerror="window.__pwned=1"').isVisible(), true);
    const hit = w.hits.filter({ hasText: 'Hostile title' });
    assert.equal(await hit.locator('.kind').textContent(), '<b>Analysis</b>');
    assert.match(await w.root.locator('.filters').textContent(), /<svg onload="window.__pwned=2">/);
    assert.match(await w.root.locator('.filters').textContent(), /<img src=y onerror="window.__pwned=4">/);

    // Entities are not decoded in front matter, Markdown's decoded ones stay text, and a
    // right-to-left override is kept as the character it is.
    await w.input.fill('entities');
    await w.status.filter({ hasText: '1 result for “entities”' }).waitFor();
    const entities = w.titles.filter({ hasText: 'Entities' });
    assert.equal(await entities.textContent(), 'Entities &lt;b&gt;stay&lt;/b&gt; as written &amp; a \u202Eright-to-left override');
    const body = await w.hits.filter({ hasText: 'Entities' }).locator('.excerpt').textContent();
    assert.match(body, /<script>alert\(9\)<\/script>/);
    await w.input.fill('pwned');
    await w.status.filter({ hasText: 'and 1 other article for “pwned”' }).waitFor();

    // The register's outlet, leaning and person (fixtures/hostile/*.toml) are badges of text;
    // the leaning's colour is the neutral one of unknown leanings, and its part name is a slug.
    const entry = w.root.locator('.result').filter({ hasText: 'Hostile title' }).locator('.option.entry');
    assert.equal(await entry.locator('.outlets').evaluate((el) => el.lastChild.data), '<b>Evil Daily</b>');
    const badge = entry.locator('.leaning');
    assert.equal(await badge.textContent(), HOSTILE_LEANING);
    assert.equal(await badge.getAttribute('data-leaning'), HOSTILE_LEANING);
    assert.equal(await badge.getAttribute('part'), 'leaning leaning-img-src-q-onerror-window-pwned-9');
    const neutral = await w.root.evaluate((root) => getComputedStyle(root.shadowRoot.querySelector('.quire')).getPropertyValue('--_lean-other').trim());
    assert.equal(await badge.evaluate((el) => getComputedStyle(el, '::before').backgroundColor), neutral === '#8d96a0' ? 'rgb(141, 150, 160)' : neutral);
    assert.match(await entry.locator('.people').textContent(), /<svg onload="window.__pwned=10">Mallory$/);
    assert.equal(await w.facet('Leaning').locator('.swatch').getAttribute('data-leaning'), HOSTILE_LEANING);
    // Timeline bars are named from dates only.
    assert.deepEqual(await w.root.locator('.period').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('aria-label'))), ['January 2025: 1 article', 'February 2025: 1 entry']);

    // Nothing became an element: the widget holds no img, svg (besides its icon, the
    // timeline and the split bar), script or b.
    const injected = await page.evaluate(() =>
      document.querySelector('quire-search').shadowRoot.querySelectorAll('img, script, b, svg:not(.icon, .bars, .split-svg), .bars svg, .split-svg svg, iframe, [onerror], [onload]').length,
    );
    assert.equal(injected, 0);
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');

    // A javascript: URL is no link; an https one is.
    assert.equal(await hit.getAttribute('href'), null);
    const entryLinks = await w.root.locator('.result').filter({ hasText: 'Hostile title' }).locator('a.option.entry').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(entryLinks, [null]);
    // (Without the searched words: they are for this site's article pages, not another site.)
    assert.equal(await w.hits.filter({ hasText: 'A safe neighbour' }).getAttribute('href'), 'https://example.org/safe-neighbour/');

    // Opening the hostile result by keyboard or mouse goes nowhere and runs nothing.
    const before = page.url();
    await w.input.focus();
    const hostileId = await hit.getAttribute('id');
    for (let n = 0; n < 5 && (await w.input.getAttribute('aria-activedescendant')) !== hostileId; n++) await page.keyboard.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), hostileId);
    await page.keyboard.press('Enter');
    await title.click();
    assert.equal(page.url(), before);
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
    await assertClean(page, problems);
    await page.close();
  });
});
