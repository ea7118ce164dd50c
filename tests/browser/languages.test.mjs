// A bilingual archive (the French and English articles of tests/fixtures/languages/): the
// engine with every stemmer is loaded for it, the widget's `lang` goes into each request and
// chooses the stemmer, a French query finds its French article, and a Language facet shows.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO, assertClean, builtSite, facetCounts, openPage, recordRequests, resultsAfter, shownTitles, widget } from './helpers.mjs';

const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'languages');

/** Copies the French and English fixtures into a corpus folder and returns it. */
function writeCorpus(work) {
  const corpus = path.join(work, 'corpus');
  mkdirSync(corpus, { recursive: true });
  for (const name of readdirSync(FIXTURES).filter((n) => /^(fr|en)-.*\.md$/.test(n))) {
    copyFileSync(path.join(FIXTURES, name), path.join(corpus, name));
  }
  return corpus;
}

/** Types `query` and returns the `quire:results` detail of its answer. */
async function searchFor(page, query) {
  const { input } = widget(page);
  await input.click();
  await input.fill('');
  return resultsAfter(page, () => input.pressSequentially(`${query} `));
}

describe('a bilingual archive', () => {
  let browser;
  let site;
  let close;
  let requests;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-languages-', writeCorpus));
    requests = recordRequests(site);
  });

  after(() => close?.());

  test('the widget in French: the request says fr, the French article is found, the facet shows', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context, { widget: { lang: 'fr' } });
    await page.goto(site.url);
    const w = widget(page);
    // Browsing: every article, counted by language.
    const facet = w.facet('Language');
    await facet.waitFor();
    // Tags named in the widget's locale (English words here: no French table is shipped).
    assert.deepEqual(await facetCounts(facet), { English: 2, French: 2 });
    // "journaux" is the plural of the article's "journal" in French only.
    const results = await searchFor(page, 'journaux');
    assert.equal(results.request.lang, 'fr');
    assert.deepEqual(await shownTitles(page), ['Un journal de quartier à Lyon']);
    assert.equal(await w.status.textContent(), '1 result for “journaux”');
    // "generation" stemmed in French is `gener`, as in the French article's "générer".
    await searchFor(page, 'generation');
    assert.deepEqual(await shownTitles(page), ['Un journal de quartier à Lyon']);

    assert.ok(
      requests.some((r) => r.path.endsWith('/pkg/quire_all_bg.wasm')),
      'the engine with every stemmer is loaded for a French index',
    );
    await assertClean(page, problems);
    await page.close();
  });

  test('on the English page the request says en and the query is stemmed in English only', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const results = await searchFor(page, 'generation');
    assert.equal(results.request.lang, 'en', 'from <html lang="en">');
    assert.deepEqual(await shownTitles(page), ['A new generation of reading rooms']);

    // The language facet filters like the others: "market" in French only.
    const w = widget(page);
    await resultsAfter(page, () => w.input.fill(''));
    const french = w.facet('Language').locator('label', { hasText: 'French' }).locator('input');
    await resultsAfter(page, () => french.check());
    assert.deepEqual(new Set(await shownTitles(page)), new Set(['Un journal de quartier à Lyon', 'Le marché couvert rouvre ses portes']));
    await searchFor(page, 'market');
    assert.deepEqual(await shownTitles(page), [], 'the English article is filtered out');
    await searchFor(page, 'marché');
    assert.deepEqual(await shownTitles(page), ['Le marché couvert rouvre ses portes']);
    await assertClean(page, problems);
    await page.close();
  });
});
