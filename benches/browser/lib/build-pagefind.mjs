// Child process: indexes a JSON Lines corpus with Pagefind's Node API (custom records: url
// /<id>/, content title + body, meta title) and writes its bundle into <out-dir>/pagefind.
//   node build-pagefind.mjs <corpus.jsonl[.gz]> <out-dir>
import path from 'node:path';
import * as pagefind from 'pagefind';
import { articles } from '../../corpora.mjs';

// Records in flight at once: one at a time waits on a round trip to the service each.
const BATCH = 256;

const [corpus, out] = process.argv.slice(2);
const record = (doc) => ({ url: `/${doc.id}/`, content: `${doc.title}\n${doc.body}`, language: 'en', meta: { title: doc.title } });

// The indexing service is a child process (the pagefind binary): it must stop even on failure.
try {
  const { index, errors } = await pagefind.createIndex({});
  if (errors.length) throw new Error(`createIndex: ${errors.join('; ')}`);
  let batch = [];
  const flush = async () => {
    const responses = await Promise.all(batch.map((doc) => index.addCustomRecord(record(doc))));
    const failed = responses.flatMap((r) => r.errors);
    if (failed.length) throw new Error(`addCustomRecord: ${failed.join('; ')}`);
    batch = [];
  };
  for await (const doc of articles(corpus)) {
    batch.push(doc);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  const written = await index.writeFiles({ outputPath: path.join(out, 'pagefind') });
  if (written.errors.length) throw new Error(`writeFiles: ${written.errors.join('; ')}`);
} finally {
  await pagefind.close();
}
