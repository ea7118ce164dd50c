#!/usr/bin/env node
/**
 * Renders the article pages of a Markdown corpus for the demo, so that search results and
 * their entry links land on real pages:
 *
 *   node scripts/render-demo.mjs <corpus-folder> <site-folder>
 *
 * Each article with front matter becomes `<site-folder><url>index.html` (its `url`, a path on
 * this site; articles elsewhere are left out). A list item that opens with a date, as the
 * index builder reads entry dates (`www/quire-entry-date.js`, the grammar shared with Rust),
 * gets the entry's anchor as its id (`2025-01-29`, then `2025-01-29-2` for a second entry of
 * that day), so that a link to the entry works without script; the page loads
 * `quire-highlight.js`, which marks the searched words. The pages use the demo's stylesheet
 * and run under its Content-Security-Policy (no inline script or style).
 *
 * A small renderer for the Markdown of the sample corpus: YAML front matter (strings, quoted
 * strings, lists), headings, paragraphs, nested lists, block quotes, code, emphasis, links.
 * Everything else is shown as text: raw HTML is escaped, never passed through.
 * @module render-demo
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { leadingEntryDate } from '../www/quire-entry-date.js';

/** `text` safe in HTML text and attribute values. */
export function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** A YAML scalar as written in the sample's front matter: quoted (with escapes) or plain. */
function scalar(raw, where) {
  const text = raw.trim();
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`${where}: an unterminated "quoted" value`);
    return text.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c) => (c[0] === 'u' ? String.fromCharCode(Number.parseInt(c.slice(1), 16)) : ({ n: '\n', t: '\t' })[c] ?? c));
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new Error(`${where}: an unterminated 'quoted' value`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  return text;
}

/** The items of a YAML flow list (`[a, "b, c", 'd']`). */
function flowList(raw, where) {
  const items = [];
  let current = '';
  let quote = null;
  for (const char of raw.trim().slice(1, -1)) {
    if (quote) {
      if (char === quote) quote = null;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ',') {
      items.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) items.push(current);
  return items.map((item) => scalar(item, where)).filter(Boolean);
}

/**
 * The front matter (a `---` YAML block or a `+++` TOML block, as far as the sample corpus
 * writes them: one `key: value` or `key = value` a line, strings quoted or not, flow lists)
 * and body of a Markdown file, or null when it has none.
 * @param {string} text
 * @param {string} file for messages
 */
export function frontMatter(text, file) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const fence = lines[0];
  if (fence !== '---' && fence !== '+++') return null;
  const end = lines.indexOf(fence, 1);
  if (end < 0) throw new Error(`${file}:1: the front matter opened by ${fence} is never closed`);
  const pair = fence === '---' ? /^([A-Za-z_][\w-]*):(.*)$/ : /^([A-Za-z_][\w-]*)\s*=(.*)$/;
  const fields = {};
  for (let i = 1; i < end; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const match = pair.exec(line);
    if (!match) throw new Error(`${file}:${i + 1}: expected "key${fence === '---' ? ':' : ' ='} value" in the front matter (the demo renderer reads one a line)`);
    const [, key, raw] = match;
    const where = `${file}:${i + 1}`;
    fields[key] = raw.trim().startsWith('[') ? flowList(raw, where) : scalar(raw, where);
  }
  return { fields, body: lines.slice(end + 1).join('\n') };
}

/** Inline Markdown as HTML: text escaped, then code, links, strong and emphasis. */
export function inline(text) {
  const codes = [];
  let html = escape(text).replace(/`([^`]+)`/g, (_, code) => {
    codes.push(code);
    return `\u0000${codes.length - 1}\u0000`;
  });
  html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label, href) => {
    const url = href.replace(/&amp;/g, '&');
    return /^(https?:\/\/|\/|#)/.test(url) ? `<a href="${escape(url)}">${label}</a>` : whole;
  });
  html = html.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, '$1<em>$2</em>');
  return html.replace(/\u0000(\d+)\u0000/g, (_, n) => `<code>${codes[Number(n)]}</code>`);
}

/** Inline Markdown as the plain text the index builder reads (markers dropped). */
export function plain(text) {
  return text
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)\s]+\)/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, '$1$2');
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

/**
 * The body's blocks: `{type: 'heading', level, text}`, `{type: 'paragraph', text}`,
 * `{type: 'quote', text}`, `{type: 'code', text}`, `{type: 'list', ordered, items}` with
 * items `{text, children: [lists]}`.
 * @param {string} body
 */
export function blocks(body) {
  const lines = body.split(/\r?\n/);
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
    } else if (/^```/.test(line)) {
      const code = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      i++;
      out.push({ type: 'code', text: code.join('\n') });
    } else if (/^#{1,6}\s/.test(line)) {
      const [, hashes, text] = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      out.push({ type: 'heading', level: hashes.length, text });
      i++;
    } else if (/^>\s?/.test(line)) {
      const text = [];
      for (; i < lines.length && /^>\s?/.test(lines[i]); i++) text.push(lines[i].replace(/^>\s?/, ''));
      out.push({ type: 'quote', text: text.join(' ') });
    } else if (LIST_ITEM.test(line)) {
      const listLines = [];
      for (; i < lines.length && (LIST_ITEM.test(lines[i]) || (lines[i].trim() && /^\s/.test(lines[i]))); i++) listLines.push(lines[i]);
      out.push(list(listLines, 0).list);
    } else {
      const text = [];
      for (; i < lines.length && lines[i].trim() && !LIST_ITEM.test(lines[i]) && !/^(#{1,6}\s|>|```)/.test(lines[i]); i++) text.push(lines[i].trim());
      out.push({ type: 'paragraph', text: text.join(' ') });
    }
  }
  return out;
}

/** A list from its lines, starting at `start`: items at the first item's indent, deeper ones nested. */
function list(lines, start) {
  const first = LIST_ITEM.exec(lines[start]);
  const indent = first[1].length;
  const result = { type: 'list', ordered: /\d/.test(first[2]), items: [] };
  let i = start;
  while (i < lines.length) {
    const item = LIST_ITEM.exec(lines[i]);
    const depth = (item ? item[1] : /^\s*/.exec(lines[i])[0]).length;
    if (depth < indent) break;
    if (item && depth === indent) {
      result.items.push({ text: item[3].trim(), children: [] });
      i++;
    } else if (item) {
      const nested = list(lines, i);
      result.items.at(-1).children.push(nested.list);
      i = nested.end;
    } else {
      // A continuation line of the item's text.
      result.items.at(-1).text += ` ${lines[i].trim()}`;
      i++;
    }
  }
  return { list: result, end: i };
}

/**
 * The anchor of each entry, by item, as the index builder numbers them: an item whose text
 * opens with a date (and whose parent is no entry) is an entry; a second entry of a day gets
 * `-2`, and so on, in document order.
 * @param {ReturnType<typeof blocks>} body
 * @param {string|null} date the article's date, for entry dates without a year
 * @returns {Map<object, string>} item → anchor
 */
export function entryAnchors(body, date) {
  const anchors = new Map();
  const seen = new Map();
  const visit = (lists, insideEntry) => {
    for (const { items } of lists) {
      for (const item of items) {
        const entry = insideEntry ? null : leadingEntryDate(plain(item.text), date);
        if (entry) {
          const n = (seen.get(entry.date) ?? 0) + 1;
          seen.set(entry.date, n);
          anchors.set(item, n === 1 ? entry.date : `${entry.date}-${n}`);
        }
        visit(item.children, insideEntry || Boolean(entry));
      }
    }
  };
  visit(body.filter((block) => block.type === 'list'), false);
  return anchors;
}

function listHtml({ ordered, items }, anchors, depth) {
  const pad = '  '.repeat(depth);
  const tag = ordered ? 'ol' : 'ul';
  const rows = items.map((item) => {
    const id = anchors.get(item);
    const children = item.children.map((child) => listHtml(child, anchors, depth + 2)).join('');
    return `${pad}  <li${id ? ` id="${escape(id)}"` : ''}>${inline(item.text)}${children ? `\n${children}${pad}  ` : ''}</li>\n`;
  });
  return `${pad}<${tag}>\n${rows.join('')}${pad}</${tag}>\n`;
}

/** The body as HTML, entries with their anchors. */
export function bodyHtml(body, date) {
  const anchors = entryAnchors(body, date);
  return body
    .map((block) => {
      switch (block.type) {
        case 'heading':
          // The article's title is the page's h1: its headings start at h2.
          return `<h${Math.min(6, block.level + 1)}>${inline(block.text)}</h${Math.min(6, block.level + 1)}>\n`;
        case 'quote':
          return `<blockquote><p>${inline(block.text)}</p></blockquote>\n`;
        case 'code':
          return `<pre><code>${escape(block.text)}</code></pre>\n`;
        case 'list':
          return listHtml(block, anchors, 0);
        default:
          return `<p>${inline(block.text)}</p>\n`;
      }
    })
    .join('');
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** An article's page. */
export function page({ fields, body }) {
  const list = (value) => (Array.isArray(value) ? value : value ? [value] : []);
  const title = fields.title ?? '';
  const date = /^\d{4}-\d{2}-\d{2}/.test(fields.date ?? '') ? fields.date.slice(0, 10) : null;
  const kicker = [fields.kind, fields.series].filter(Boolean).map(escape).join(' · ');
  const authors = list(fields.authors ?? fields.author).map(escape).join(', ');
  const byline = [authors && `By ${authors}`, date && `<time datetime="${date}">${longDate.format(new Date(`${date}T00:00:00Z`))}</time>`].filter(Boolean).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${escape(title)} · Gulf Policy Institute</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/site.css">
  <link rel="stylesheet" href="/quire-highlight.css">
  <script type="module" src="/quire-highlight.js"></script>
</head>
<body class="article-page">
  <header class="masthead">
    <div class="wrap masthead-inner">
      <a class="brand" href="/">
        <span class="brand-mark" aria-hidden="true">GPI</span>
        <span class="brand-text">
          <span class="brand-name">Gulf Policy Institute</span>
          <span class="brand-tagline">Research on the Gulf and its neighbours</span>
        </span>
      </a>
    </div>
  </header>
  <main class="wrap post">
    <nav class="crumbs" aria-label="Breadcrumb"><ol><li><a href="/">Iran Media Review</a></li><li>${escape(fields.kind ?? 'Article')}</li></ol></nav>
    <article>
      <header class="post-header">
        ${kicker ? `<p class="kicker">${kicker}</p>\n        ` : ''}<h1>${escape(title)}</h1>
        ${byline ? `<p class="byline">${byline}</p>\n        ` : ''}${fields.summary ? `<p class="summary">${escape(fields.summary)}</p>` : ''}
      </header>
${bodyHtml(blocks(body), date)}    </article>
    <p class="back"><a href="/">Search the archive</a></p>
  </main>
  <footer class="colophon">
    <div class="wrap"><p>Gulf Policy Institute is a fictional institute; the articles are a sample corpus.</p></div>
  </footer>
</body>
</html>
`;
}

/** The Markdown files of a folder, recursively, in name order. */
function markdownFiles(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return markdownFiles(full);
      return entry.isFile() && entry.name.endsWith('.md') ? [full] : [];
    });
}

/**
 * Renders every article of `corpus` with a path `url` into `site`.
 * @param {string} corpus
 * @param {string} site
 * @returns {Array<{file: string, url: string, out: string}>} what was written
 */
export function renderDemo(corpus, site) {
  if (!statSync(corpus, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${corpus}: not a folder of Markdown files`);
  const written = [];
  for (const file of markdownFiles(corpus)) {
    const article = frontMatter(readFileSync(file, 'utf8'), path.relative(process.cwd(), file));
    if (!article) continue;
    const id = path.basename(file, '.md');
    const url = article.fields.url ?? `/${id}/`;
    // Only pages of this site: a url elsewhere is not the demo's to render.
    if (!url.startsWith('/') || url.startsWith('//')) continue;
    const folder = path.join(site, ...decodeURI(url).split('/').filter((part) => part && part !== '.' && part !== '..'));
    mkdirSync(folder, { recursive: true });
    const out = path.join(folder, 'index.html');
    writeFileSync(out, page(article));
    written.push({ file, url, out });
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [corpus, site] = process.argv.slice(2);
  if (!corpus || !site) {
    console.error('usage: node scripts/render-demo.mjs <corpus-folder> <site-folder>');
    process.exit(2);
  }
  try {
    const written = renderDemo(corpus, site);
    console.error(`Rendered ${written.length} article pages into ${site}`);
  } catch (error) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
}
