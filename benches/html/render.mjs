// Renders a JSON Lines corpus as a built website: one page per article, wrapped in the chrome
// a news site puts around it (navigation, header, cookie banner, share buttons, reading time,
// related stories, a "most read" sidebar, a newsletter form, a footer), for indexing the same
// text as HTML and as JSON Lines. Deterministic: the same corpus gives the same bytes.
//
//   node benches/html/render.mjs --corpus bbc --out /tmp/bbc-site
//   node benches/html/render.mjs --corpus path/to/file.jsonl.gz --out /tmp/site
//
// Page of record `id`: <out>/<id>/index.html, so that `quire build <out>` gives each page the
// record's id and the url /<id>/. Paragraphs are the body's lines. The page has no
// data-quire-* attribute and no meta description: Quire finds the article by its own rules,
// and the summary stays empty as in the JSON Lines build.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { corpusFile, lines } from '../corpora.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const escape = (text) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const SITE = 'The Example Chronicle';
const SECTIONS = ['News', 'Business', 'Politics', 'Sport', 'Entertainment', 'Technology', 'Opinion'];

function header() {
  const nav = SECTIONS.map((s) => `<li><a href="/${s.toLowerCase()}/">${s}</a></li>`).join('');
  return `<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<div class="cookie-banner" role="dialog"><p>We use cookies to understand how readers use this site.</p><button>Accept all</button><button>Manage settings</button></div>
<header class="site-header">
  <p class="site-title"><a href="/">${SITE}</a></p>
  <nav aria-label="Sections"><ul>${nav}</ul></nav>
  <form class="site-search" action="/search/"><label>Search the archive <input name="q"></label><button>Search</button></form>
</header>`;
}

function footer() {
  return `<footer class="site-footer">
  <form class="newsletter"><h2>Morning briefing</h2><p>Get the headlines in your inbox every weekday.</p><input type="email" placeholder="Email address"><button>Sign up</button></form>
  <nav aria-label="Footer"><a href="/about/">About us</a> <a href="/contact/">Contact</a> <a href="/terms/">Terms of use</a> <a href="/privacy/">Privacy notice</a></nav>
  <p>Copyright ${SITE}. All rights reserved.</p>
</footer>
<script>document.documentElement.classList.add('js');</script>`;
}

function teaser(doc) {
  return `<li><a href="/${doc.id}/">${escape(doc.title)}</a></li>`;
}

function page(doc, related, mostRead) {
  const paragraphs = String(doc.body ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const words = paragraphs.join(' ').split(/\s+/).length;
  const minutes = Math.max(1, Math.round(words / 230));
  const section = doc.section ? escape(doc.section) : '';
  const meta = [
    `<meta property="og:title" content="${escape(doc.title)}">`,
    `<meta property="og:type" content="article">`,
    section && `<meta property="article:section" content="${section}">`,
    doc.author && `<meta name="author" content="${escape(doc.author)}">`,
    doc.date && `<meta property="article:published_time" content="${escape(doc.date)}">`,
  ]
    .filter(Boolean)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.title)} | ${SITE}</title>
${meta}
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
${header()}
<main id="content">
  <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/${section || 'news'}/">${section || 'News'}</a></nav>
  <article class="story">
    <header class="story-header">
      ${section ? `<p class="story-section">${section}</p>` : ''}
      <h1>${escape(doc.title)}</h1>
      <p class="story-meta">${doc.author ? `By ${escape(doc.author)} · ` : ''}<span class="reading-time">${minutes} min read</span></p>
      <div class="share-tools"><a href="https://twitter.com/intent/tweet?url=/${doc.id}/">Share on X</a> <a href="https://www.facebook.com/sharer/sharer.php?u=/${doc.id}/">Share on Facebook</a> <button>Copy link</button></div>
    </header>
    <div class="story-body">
${paragraphs.map((p) => `      <p>${escape(p)}</p>`).join('\n')}
    </div>
  </article>
  <section class="related-stories">
    <h2>Related stories</h2>
    <ul>${related.map(teaser).join('')}</ul>
  </section>
</main>
<aside class="most-read">
  <h2>Most read</h2>
  <ol>${mostRead.map(teaser).join('')}</ol>
</aside>
${footer()}
</body>
</html>
`;
}

/** The records of a JSON Lines corpus with the fields a page shows. */
export async function readRecords(file) {
  const docs = [];
  for await (const line of lines(file)) {
    if (!line.trim()) continue;
    const { id, title, body, section, author, date } = JSON.parse(line);
    docs.push({ id: String(id), title: title ?? '', body: body ?? '', section, author, date });
  }
  return docs;
}

/**
 * Writes `docs` (`{id, title, body, section?, author?, date?}`) as a site into `out` (emptied
 * first): `<out>/<id>/index.html` per record. Returns the number of pages written; a record
 * whose id cannot be a folder name is skipped with a message on stderr.
 */
export async function renderSite(docs, out) {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  // The first five articles are the "most read" of every page; related stories are the next
  // five in file order.
  const mostRead = docs.slice(0, 5);
  let written = 0;
  for (let i = 0; i < docs.length; i += 1) {
    const doc = docs[i];
    if (!/^[A-Za-z0-9._~-]+$/.test(doc.id)) {
      console.error(`record ${i + 1}: id ${JSON.stringify(doc.id)} is not usable as a folder name; skipped`);
      continue;
    }
    const related = [1, 2, 3, 4, 5].map((k) => docs[(i + k) % docs.length]);
    const folder = path.join(out, doc.id);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'index.html'), page(doc, related, mostRead));
    written += 1;
  }
  return written;
}

async function main() {
  function option(name, fallback) {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
  }

  const corpus = option('corpus', 'bbc');
  const out = option('out', null);
  if (!out) {
    console.error('usage: node benches/html/render.mjs --corpus bbc|tehrantimes|FILE --out FOLDER');
    process.exit(2);
  }
  const source = corpus.includes('.jsonl') ? corpus : corpusFile(repo, corpus);
  if (!source) {
    console.error(`skipped: corpus ${corpus} not found (QUIRE_CORPORA or ../shared/corpora)`);
    process.exit(0);
  }
  const written = await renderSite(await readRecords(source), out);
  console.error(`wrote ${written} pages of ${path.basename(source)} into ${out}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
