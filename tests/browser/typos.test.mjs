// Nothing wrong in silence: when the engine corrects a word, reads a word that exists as a
// likely typo of another, completes the word being typed, or finds only much rarer words that
// it begins, the widget says so on its status line and offers "Did you mean". A generated
// archive in the project's own words, searched as a visitor types.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertClean, builtSite, openPage, resultsAfter, search, shownTitles, widget } from './helpers.mjs';

const ARTICLES = [
  ['subway', 'Subway fares rise', 'The subway will cost more from March.'],
  ['sub', 'A sub on the bench', 'The coach kept a sub in reserve.'],
  ['treaty', 'Arms treaty signed in Geneva', 'Both sides signed the treaty.'],
  ['treat', 'How to treat a burn', 'Cool water first.'],
  ['rare', 'Mayrowitz opens a bakery', 'Bread and rolls.'],
  ...[1, 2, 3, 4, 5, 6].map((n) => [`mayor-${n}`, `The mayor speaks, part ${n}`, 'The mayor spoke at length.']),
  ['talks', 'Talks resume', 'The negotiations resumed on Monday.'],
];

/** Writes the articles as Markdown, a day apart, and returns their folder. */
function writeCorpus(folder) {
  mkdirSync(folder, { recursive: true });
  ARTICLES.forEach(([id, title, body], n) => {
    const date = new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);
    writeFileSync(path.join(folder, `${id}.md`), `---\ntitle: "${title}"\ndate: ${date}\n---\n\n${body}\n`);
  });
  return folder;
}

describe('what the widget says about typos', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-typos-', (work) => writeCorpus(path.join(work, 'corpus'))));
  });

  after(() => close?.());

  test('a corrected word, a completed one and a word also read as another are said on the status line', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    const suggestion = w.root.locator('[part="suggest"]');

    // Typed as the widget sends it, letter by letter: "subwy" is not cut back to "sub".
    await search(page, 'subwy');
    assert.equal(await w.status.textContent(), '1 result for “subwy” (as “Subway”)');
    assert.deepEqual(await shownTitles(page), ['Subway fares rise']);
    assert.equal(await suggestion.isHidden(), true, 'nothing more to suggest than the correction');

    // The word being typed stands for the words it begins: which one, said.
    await search(page, 'negotia');
    assert.equal(await w.status.textContent(), '1 result for “negotia” (as “negotiations…”)');

    // "treat" exists, but shares nothing with "geneva": also read as "treaty", said, and
    // offered as a query of its own.
    await search(page, 'treat geneva');
    assert.equal(await w.status.textContent(), '1 result for “treat geneva” (also as “treaty geneva”)');
    assert.deepEqual(await shownTitles(page), ['Arms treaty signed in Geneva']);
    assert.equal(await suggestion.textContent(), 'Did you mean treaty geneva?');
    await resultsAfter(page, () => suggestion.getByRole('button').click());
    assert.equal(await w.input.inputValue(), 'treaty geneva');
    assert.equal(await w.status.textContent(), '1 result for “treaty geneva”');
    await assertClean(page, problems);
    await page.close();
  });

  test('a word being typed that begins only much rarer words offers "Did you mean"', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    const suggestion = w.root.locator('[part="suggest"]');

    await search(page, 'mayro');
    // What it begins comes first, and is named; the mayor articles follow.
    assert.equal(await w.status.textContent(), '7 results for “mayro” (as “Mayrowitz…”)');
    assert.equal((await shownTitles(page))[0], 'Mayrowitz opens a bakery');
    assert.equal(await suggestion.textContent(), 'Did you mean mayor?');
    await resultsAfter(page, () => suggestion.getByRole('button').click());
    assert.equal(await w.status.textContent(), '6 results for “mayor”');
    await assertClean(page, problems);
    await page.close();
  });
});
