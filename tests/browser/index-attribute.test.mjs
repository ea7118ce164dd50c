// The `index` attribute of `<quire-search>` is observed: changing it on a live element opens
// that index, cancels what the old one was fetching, and runs the current search on the new
// one; before first use it only changes which index the first use opens.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertClean,
  cliSearch,
  countPhrase,
  delayRequests,
  facetCounts,
  openPage,
  quire,
  recordArrivals,
  recordRequests,
  search,
  servedSite,
  shownTitles,
  siteWithIndex,
  tempDir,
  waitUntil,
  widget,
  WWW,
} from './helpers.mjs';

const OTHER_ARTICLES = 6;

/** A second archive: weekly notes, each naming Zarif and the talks, half of them Events. */
function writeCorpus(folder) {
  mkdirSync(folder, { recursive: true });
  for (let n = 1; n <= OTHER_ARTICLES; n++) {
    writeFileSync(
      path.join(folder, `note-${n}.md`),
      `---\ntitle: "Other note ${n}"\ndate: 2022-0${n}-01\nkind: ${n % 2 ? 'Note' : 'Event'}\n---\n\nNote ${n} on the talks, naming Zarif.\n`,
    );
  }
  return folder;
}

/** Sets the widget's `index` attribute. */
const setIndex = (page, value) => page.evaluate((index) => document.querySelector('quire-search').setAttribute('index', index), value);

/** Waits until the status line says `text`. */
const statusIs = (page, text) => widget(page).status.filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor({ timeout: 15_000 });

describe('the index attribute', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    const [work, removeWork] = tempDir('quire-reopen-');
    const root = siteWithIndex(path.join(WWW, 'quire'));
    try {
      quire('build', writeCorpus(path.join(work, 'corpus')), '--out', path.join(root, 'other'), '-q');
    } catch (error) {
      removeWork();
      throw error;
    }
    ({ browser, site, close } = await servedSite(root, { owned: true, cleanup: removeWork }));
  });

  after(() => close?.());

  test('a new index is opened and the current search runs on it, then the old one again', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'talks');
    const sample = cliSearch('talks');
    assert.equal(await w.status.textContent(), `${countPhrase(sample, true)} for “talks”`);

    await setIndex(page, 'other/');
    await statusIs(page, `${OTHER_ARTICLES} results for “talks”`);
    assert.deepEqual((await shownTitles(page)).sort(), Array.from({ length: OTHER_ARTICLES }, (_, i) => `Other note ${i + 1}`).sort());
    // The filters are the new index's, with its counts.
    await w.root.locator('.facet-list:not([aria-busy])').waitFor();
    assert.deepEqual(await facetCounts(w.facet('Kind')), { Event: 3, Note: 3 });
    assert.equal(new URL(page.url()).searchParams.get('q'), 'talks', 'the search stays in the URL');

    await setIndex(page, './quire/');
    await statusIs(page, `${countPhrase(sample, true)} for “talks”`);
    assert.deepEqual(await shownTitles(page), sample.hits.map((hit) => hit.title));
    await assertClean(page, problems);
    await page.close();
  });

  test('before first use, the attribute only decides which index the first use opens', { timeout: 60_000 }, async () => {
    const log = recordRequests(site);
    // A search box that loads nothing until it is used (an archive page browses at once).
    const { page, problems } = await openPage(browser.context, { widget: { browse: 'none' } });
    await page.goto(site.url);
    await setIndex(page, 'other/');
    await page.waitForTimeout(300);
    assert.deepEqual(log.filter((entry) => /\/(quire|other)\//.test(entry.path)), [], 'nothing loaded before use');
    await search(page, 'zarif');
    assert.equal(await widget(page).status.textContent(), `${OTHER_ARTICLES} results for “zarif”`);
    assert.deepEqual(log.filter((entry) => entry.path.startsWith('/quire/')), [], 'the first index was never opened');
    await assertClean(page, problems);
    await page.close();
  });

  test('a change while a search is fetching cancels it; a missing index is explained and can be left', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    // The earlier tests' pages left the sample's files in the HTTP cache: a held-back
    // request must reach the server.
    await (await page.context().newCDPSession(page)).send('Network.clearBrowserCache');
    await page.goto(site.url);
    const w = widget(page);
    await search(page, 'muscat');
    // "zarif" lies in another terms shard than "muscat": its first round is held back.
    const log = recordRequests(site);
    delayRequests(site, /\/quire\/terms\./, 2500);
    const arrivals = recordArrivals(site);
    await w.input.fill('zarif');
    await waitUntil(() => arrivals.some((p) => p.startsWith('/quire/terms.')), 'the terms shard to be asked for');
    await setIndex(page, 'other/');
    await statusIs(page, `${OTHER_ARTICLES} results for “zarif”`);
    await waitUntil(() => log.some((entry) => entry.path.startsWith('/quire/terms.')), 'the held shard to be answered');
    await page.waitForTimeout(1000);
    // Its first round only: terms shards, each once (that of "zarif", and that of its Persian
    // spelling, an alias of the same person, when another shard holds it).
    const reached = arrivals.filter((p) => p.startsWith('/quire/') && !p.startsWith('/quire/lexicon.'));
    assert.ok(
      reached.length > 0 && reached.every((p) => p.startsWith('/quire/terms.')) && new Set(reached).size === reached.length,
      `the old index fetched nothing after the change: ${reached}`,
    );
    assert.equal(await w.status.textContent(), `${OTHER_ARTICLES} results for “zarif”`);
    assert.equal(await w.failure.isHidden(), true);

    // An index that is not there: its own message, no results, no controls.
    await setIndex(page, 'nowhere/');
    await w.failure.filter({ hasText: 'The search index of this archive was not found.' }).waitFor();
    assert.equal(await w.options.count(), 0);
    assert.equal(await w.root.locator('.controls').isHidden(), true);
    // Back to one that is: the message goes, the search runs.
    await setIndex(page, 'other/');
    await statusIs(page, `${OTHER_ARTICLES} results for “zarif”`);
    assert.equal(await w.failure.isHidden(), true);
    assert.equal(await w.root.locator('.controls').isHidden(), false);
    assert.deepEqual(
      problems.filter((problem) => !/404|quire-search: QuireError/.test(problem)),
      [],
    );
    await page.close();
  });
});
