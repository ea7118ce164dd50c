// From a result to the passage: links carry the highlighted words as quire-highlight
// parameters, and quire-highlight.js on the article page (fixtures/article/, written as a
// static-site generator writes pages: list items without ids) finds the entry of the hash,
// scrolls to it, marks it and wraps the words in <mark>, under the strict CSP.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ARTICLE_PATH, assertClean, builtSite, openPage, search, servedSite, shownEntries, siteWithArticle, widget } from './helpers.mjs';

/** What the script made of the page: the target and the marks, inside it and elsewhere. */
function marked(page) {
  return page.evaluate(() => {
    const target = document.querySelector('.quire-target');
    const marks = [...document.querySelectorAll('mark.quire-highlight')];
    return {
      count: document.querySelectorAll('.quire-target').length,
      id: target?.id ?? null,
      tag: target?.localName ?? null,
      text: target?.textContent.trim().replace(/\s+/g, ' ') ?? null,
      focused: document.activeElement === target,
      inside: marks.filter((mark) => target?.contains(mark)).map((mark) => mark.textContent),
      outside: marks.filter((mark) => !target?.contains(mark)).map((mark) => mark.textContent),
    };
  });
}

/** Resolves once `selector`'s element lies within the viewport, scrolled there. */
function waitInView(page, selector) {
  return page.waitForFunction((s) => {
    const element = document.querySelector(s);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return window.scrollY > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
  }, selector);
}

describe('highlight links and quire-highlight.js', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await servedSite(siteWithArticle(), { owned: true }));
  });

  after(() => close?.());

  test('?quire-highlight=Zarif#2025-01-30 marks the first January 30 entry and its Zarifs', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}${ARTICLE_PATH.slice(1)}?quire-highlight=Zarif#2025-01-30`);
    await page.locator('.quire-target').waitFor();
    await waitInView(page, '.quire-target');
    const result = await marked(page);
    assert.equal(result.count, 1);
    assert.equal(result.tag, 'li');
    assert.equal(result.id, '2025-01-30', 'the list item got the id of its anchor');
    assert.match(result.text, /^January 30: The reformist Kargozaran Party's Sazandegi newspaper/);
    assert.deepEqual(result.inside, ['Zarif', 'Zarif'], 'in the entry and in its nested items');
    assert.deepEqual(result.outside, [], 'the Zarif of the other entry and of the closing paragraph are not marked');
    assert.equal(result.focused, true, 'the entry has focus, for keyboards and screen readers');
    assert.equal(await page.locator('.quire-target').getAttribute('tabindex'), '-1');
    // The stylesheet gives the marks and the entry their look.
    const look = await page.evaluate(() => [
      getComputedStyle(document.querySelector('mark.quire-highlight')).backgroundColor,
      getComputedStyle(document.querySelector('.quire-target')).backgroundColor,
    ]);
    assert.equal(look[0], 'rgb(251, 231, 161)');
    assert.notEqual(look[1], 'rgba(0, 0, 0, 0)');
    // The text is the page's own, split but not changed.
    const texts = await page.locator('article').evaluate((article) => article.textContent.replace(/\s+/g, ' '));
    assert.match(texts, /former Foreign Minister Mohammad Javad Zarif at a conference/);
    await assertClean(page, problems);
    await page.close();
  });

  test('#2025-01-29-2 is the second January 29 entry; later hash changes are followed', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    // With reduced motion the entry is in view at once, without smooth scrolling.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${site.url}${ARTICLE_PATH.slice(1)}?quire-highlight=Araghchi&quire-highlight=Trump#2025-01-29-2`);
    await page.locator('.quire-target').waitFor();
    const box = await page.evaluate(() => {
      const rect = document.querySelector('.quire-target').getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, height: window.innerHeight, scrolled: window.scrollY };
    });
    assert.ok(box.scrolled > 0 && box.top >= 0 && box.bottom <= box.height, `in view at once: ${JSON.stringify(box)}`);
    const result = await marked(page);
    assert.equal(result.id, '2025-01-29-2');
    assert.match(result.text, /^January 29: Speaking briefly to the same Entekhab journalist/);
    assert.deepEqual(result.inside, ['Araghchi', 'Trump']);
    assert.deepEqual(result.outside, []);

    // A link to another entry of the page, ids or not, is followed.
    await page.evaluate(() => {
      location.hash = '2025-01-29-3';
    });
    await page.waitForFunction(() => document.querySelector('.quire-target')?.id === '2025-01-29-3');
    assert.match((await marked(page)).text, /^January 29: In an interview with Islamic Republic of Iran Broadcasting/);
    assert.equal((await marked(page)).count, 1);
    // The ids given stay: the browser finds them itself now.
    assert.deepEqual(await page.locator('li[id]').evaluateAll((items) => items.map((item) => item.id)), ['2025-01-29-2', '2025-01-29-3']);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await assertClean(page, problems);
    await page.close();
  });

  test('without an anchor the words are marked in the article: any case or accent, whole words only', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}${ARTICLE_PATH.slice(1)}dates.html?quire-highlight=Zarif&quire-highlight=%D8%B8%D8%B1%DB%8C%D9%81`);
    await page.locator('mark.quire-highlight').first().waitFor();
    const result = await marked(page);
    assert.equal(result.count, 0, 'no entry is targeted');
    // "ظریف" (Persian yeh) finds "ظريف" (Arabic yeh); Zarifi, Zarifabad, the navigation and
    // the form field are left alone.
    assert.deepEqual(result.outside, ['Zarif', 'ZARIF', 'Zárif', 'zarif', 'ظريف', 'Zarif']);
    assert.equal(await page.locator('nav mark').count(), 0);
    assert.equal(await page.locator('textarea').inputValue(), 'Zarif in a form field is not marked.');
    await assertClean(page, problems);
    await page.close();
  });

  test('entry dates written other ways: "Jan. 29:", "29 January:", nested, loose, with a year, ISO', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    const cases = {
      '2025-01-29': /^Jan\. 29: The abbreviated month/,
      '2025-01-29-2': /^29 January: The day first/,
      '2025-01-29-3': /^January 29 — nested in an ordinary item/,
      '2024-09-03': /^Sept\. 3, 2024: A loose list item/,
      '2024-09-03-2': /^Sept\. 3: The second entry of that day/,
      '2025-05-11': /^2025-05-11: A paragraph entry/,
    };
    for (const [anchor, text] of Object.entries(cases)) {
      // A page load each time (another query), not a move of the hash.
      await page.goto(`${site.url}${ARTICLE_PATH.slice(1)}dates.html?quire-highlight=zarif&case=${anchor}#${anchor}`);
      await page.waitForFunction((id) => document.querySelector('.quire-target')?.id === id, anchor);
      const result = await marked(page);
      assert.match(result.text, text, anchor);
      assert.ok(result.tag === 'li' || (anchor === '2025-05-11' && result.tag === 'p'), `${anchor}: ${result.tag}`);
    }
    // No such entry: nothing is targeted, and the words are marked in the whole article.
    await page.goto(`${site.url}${ARTICLE_PATH.slice(1)}dates.html?quire-highlight=zarif#2025-01-31`);
    await page.locator('mark.quire-highlight').first().waitFor();
    assert.equal((await marked(page)).count, 0);
    assert.equal((await marked(page)).outside.length, 5);
    // Nor when the hash moves to a day without entries.
    await page.evaluate(() => {
      location.hash = '2025-05-11';
    });
    await page.waitForFunction(() => document.querySelector('.quire-target')?.id === '2025-05-11');
    await page.evaluate(() => {
      location.hash = '2025-02-30';
    });
    await page.waitForFunction(() => !document.querySelector('.quire-target'));
    await assertClean(page, problems);
    await page.close();
  });

  test('a page that renders its article later calls highlight() itself', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(`${site.url}${ARTICLE_PATH.slice(1)}rendered.html?quire-highlight=Baghaei&quire-highlight=oman#2025-05-01-2`);
    await page.waitForFunction(() => document.documentElement.dataset.rendered === 'true');
    const result = await marked(page);
    assert.equal(result.id, '2025-05-01-2');
    assert.deepEqual(result.inside, ['Baghaei', 'Oman']);
    assert.deepEqual(await page.evaluate(() => window.__highlighted.marks.length), 2);
    // Calling it again marks nothing twice.
    const again = await page.evaluate(async () => {
      const { highlight, clearHighlights } = await import('/quire-highlight.js');
      const second = highlight().marks.length;
      const total = document.querySelectorAll('mark.quire-highlight').length;
      clearHighlights();
      return { second, total, after: document.querySelectorAll('mark').length, text: document.querySelector('.quire-target').textContent };
    });
    assert.deepEqual(again, { second: 0, total: 2, after: 0, text: 'May 1: Baghaei said Oman had asked for it.' });
    await assertClean(page, problems);
    await page.close();
  });

  test('an entry link in the widget carries its words and leads to the entry, marked', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    await search(page, 'zarif shargh');
    const entries = (await shownEntries(page)).flatMap((result) => result.entries);
    const shargh = entries.find((entry) => entry.anchor === '2025-01-30-2');
    assert.ok(shargh, `entries: ${entries.map((entry) => entry.anchor)}`);
    const href = new URL(shargh.href);
    assert.equal(href.pathname, ARTICLE_PATH);
    assert.deepEqual(href.searchParams.getAll('quire-highlight'), shargh.marks.filter((word, i, all) => all.findIndex((w) => w.toLowerCase() === word.toLowerCase()) === i));
    assert.deepEqual(new Set(href.searchParams.getAll('quire-highlight')), new Set(['Zarif', 'Shargh']));
    assert.equal(href.hash, '#2025-01-30-2');
    // The result's own link carries the words of the whole result.
    const hitHref = new URL(await widget(page).hits.first().getAttribute('href'));
    assert.equal(hitHref.pathname, ARTICLE_PATH);
    assert.equal(hitHref.hash, '');
    assert.ok(hitHref.searchParams.getAll('quire-highlight').includes('Zarif'));

    await assertClean(page, problems);
    const link = widget(page).root.locator(`a.option.entry[href="${shargh.href}"]`);
    await Promise.all([page.waitForURL((url) => url.hash === '#2025-01-30-2'), link.click()]);
    await page.locator('.quire-target').waitFor();
    await waitInView(page, '.quire-target');
    const result = await marked(page);
    assert.equal(result.id, '2025-01-30-2');
    assert.match(result.text, /^January 30: The reformist Shargh newspaper/);
    assert.deepEqual(result.inside, ['Shargh', 'Zarif', 'Shargh']);
    assert.deepEqual(result.outside, []);
    await assertClean(page, problems);
    await page.close();
  });
});

describe('highlight links keep the parameters of an article URL', () => {
  let browser;
  let site;
  let close;

  before(async () => {
    ({ browser, site, close } = await builtSite('quire-params-', (work) => {
      const corpus = path.join(work, 'corpus');
      mkdirSync(corpus);
      writeFileSync(
        path.join(corpus, 'notes.md'),
        '---\ntitle: "Notes with a query string"\ndate: 2025-01-03\nkind: Analysis\nurl: "/notes/?lang=en&topic=a%20b"\n---\n\nAn introduction.\n\n- January 2: Zarif spoke about neighbours.\n- January 3: Nobody else did.\n',
      );
      return corpus;
    }));
  });

  after(() => close?.());

  test('the words go after the page’s own parameters, before the hash', { timeout: 60_000 }, async () => {
    const { page, problems } = await openPage(browser.context);
    await page.goto(site.url);
    await search(page, 'zarif');
    const w = widget(page);
    assert.equal(await w.entries.first().getAttribute('href'), `${site.url}notes/?lang=en&topic=a%20b&quire-highlight=Zarif#2025-01-02`);
    // Nothing is highlighted in the title or excerpt: the result's link is the entry's words.
    assert.equal(await w.hits.first().getAttribute('href'), `${site.url}notes/?lang=en&topic=a%20b&quire-highlight=Zarif`);
    // Browsing highlights nothing, and links stay as they are.
    await search(page, 'notes');
    await w.input.fill('');
    await w.status.filter({ hasText: 'in the archive' }).waitFor();
    assert.equal(await w.hits.first().getAttribute('href'), `${site.url}notes/?lang=en&topic=a%20b`);
    await assertClean(page, problems);
    await page.close();
  });
});
