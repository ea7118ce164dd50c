// Child process: builds a MiniSearch index of a JSON Lines corpus and writes the bundle a page
// loads: index.json (JSON.stringify of the index, for MiniSearch.loadJSON) and docs.json (the
// document store, id → [title, url], for showing the hits).
//   node build-minisearch.mjs <corpus.jsonl[.gz]> <out-dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { articles } from '../../corpora.mjs';
import { INDEX_OPTIONS } from './minisearch-options.mjs';

const [corpus, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const index = new MiniSearch(INDEX_OPTIONS);
const store = {};
for await (const doc of articles(corpus)) {
  index.add(doc);
  store[doc.id] = [doc.title, `/${doc.id}/`];
}
writeFileSync(path.join(out, 'index.json'), JSON.stringify(index));
writeFileSync(path.join(out, 'docs.json'), JSON.stringify(store));
