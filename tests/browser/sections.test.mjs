// Sections as sub-results: a heading with an id opens a section of its page; a hit lists the
// sections that hold the query under it, each a link to `url#id` that the keyboard reaches
// like an entry. A generated archive in the project's own words.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertClean, builtSite, openPage, search, widget } from './helpers.mjs';

const GUIDE = `---
title: "A guide to the archive"
date: 2025-02-01
---

How the archive is organised, and how to cite it.

## Editions {#editions}

Each edition gathers a fortnight of commentary from the press.

## Citing an edition {#citing}

Quote the edition's date and the outlet; the permalink of an entry names its day.
`;

function writeCorpus(folder) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'guide.md'), GUIDE);
  writeFileSync(path.join(folder, 'other.md'), '---\ntitle: "Another page"\ndate: 2025-01-01\n---\n\nNothing about links here.\n');
  return folder;
}

describe('sections of a page as sub-results', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-sections-', (work) => writeCorpus(path.join(work, 'corpus'))));
  });

  after(() => close?.());

  test('a matching section is shown under its hit, linked to its heading, and reached by the keyboard', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'permalink');
    const sections = w.root.locator('.option.section');
    await sections.first().waitFor();
    assert.equal(await sections.count(), 1);
    assert.equal(await sections.locator('.section-title').textContent(), 'Citing an edition');
    const href = new URL(await sections.getAttribute('href'));
    assert.equal(href.pathname, '/guide/');
    assert.equal(href.hash, '#citing');
    assert.equal(await sections.locator('mark').first().textContent(), 'permalink');
    assert.equal(
      await w.root.locator('ul.sections').getAttribute('aria-label'),
      'Matching sections of “A guide to the archive”',
    );
    // Down from the box: the hit, then its section.
    await w.input.press('ArrowDown');
    await w.input.press('ArrowDown');
    assert.equal(await w.input.getAttribute('aria-activedescendant'), await sections.getAttribute('id'));
    await assertClean(page, problems);
    await page.close();
  });
});
