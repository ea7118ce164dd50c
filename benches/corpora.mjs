// The shared corpora (JSON Lines, gzip), read where they are, never copied into the project;
// and the scaled-up copy that the browser benchmark's --scale writes to a temporary file.
// Used by benches/browser/ and benches/relevance/.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

export const CORPORA = ['bbc', 'tehrantimes'];

/** QUIRE_CORPORA, else ../shared/corpora beside the repository. */
export function corporaDir(repo) {
  return process.env.QUIRE_CORPORA ?? path.resolve(repo, '..', 'shared', 'corpora');
}

export function corpusFile(repo, name) {
  const file = path.join(corporaDir(repo), `${name}.jsonl.gz`);
  return existsSync(file) ? file : null;
}

/** What a corpus may be given as on a command line besides a name. */
const CORPUS_FILE = /\.(jsonl|jsonl\.gz|ndjson)$/;

/**
 * A corpus named on a command line: `<name>.jsonl.gz` of the corpora folder (any name, not only
 * those of {@link CORPORA}, so that a corpus added there is measured like the others), or the
 * path of a .jsonl, .jsonl.gz or .ndjson file. `shared` says it is one of the corpora folder.
 * @returns {{name: string, file: string | null, shared: boolean} | {problem: string}} `file` is null for a
 *   name of {@link CORPORA} that is missing (benchmarks skip it); `problem` says what is wrong and how to fix it
 */
export function resolveCorpus(repo, spec) {
  if (!CORPUS_FILE.test(spec)) {
    const file = corpusFile(repo, spec);
    if (file || CORPORA.includes(spec)) return { name: spec, file, shared: true };
    return { problem: `no corpus ${spec}: give ${[...CORPORA, '<name>'].join(', ')} for <name>.jsonl.gz in ${corporaDir(repo)} (QUIRE_CORPORA sets that folder), or the path of a .jsonl, .jsonl.gz or .ndjson file` };
  }
  const file = path.resolve(spec);
  if (!existsSync(file)) return { problem: `no file ${file}: give the path of a JSON Lines corpus` };
  return { name: path.basename(file).replace(CORPUS_FILE, ''), file, shared: false };
}

/** The non-empty lines of a .jsonl or .jsonl.gz file. */
export function lines(file) {
  const input = createReadStream(file);
  return createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
}

/**
 * The articles reduced to what the engines index and show: id, title, body.
 * @returns {AsyncGenerator<{id: string, title: string, body: string}>}
 */
export async function* articles(file) {
  let number = 0;
  for await (const line of lines(file)) {
    number += 1;
    if (!line.trim()) continue;
    let article;
    try {
      article = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${number}: this line is not valid JSON (${error.message}); each line must be one article`);
    }
    const { id, title, body } = article ?? {};
    if (typeof id !== 'string' && typeof id !== 'number') throw new Error(`${file}:${number}: field \`id\` is missing or not a string or number; each article needs one`);
    yield { id: String(id), title: title ?? '', body: body ?? '' };
  }
}

/**
 * Every article of a corpus, in file order, reduced as {@link articles} does.
 * @returns {Promise<{id: string, title: string, body: string}[]>}
 */
export async function readCorpus(file) {
  const docs = [];
  for await (const doc of articles(file)) docs.push(doc);
  return docs;
}

/**
 * Writes `factor` copies of a corpus into `out` (.jsonl.gz, gzip level 1: written fast, read
 * the same way as the originals). Copy k ≥ 2 has the id `<id>~k`, the title `<title> (rk)` and,
 * when there is one, the url `<url>#rk`, so that every document is distinct. Returns the count.
 */
export async function writeScaled(source, factor, out) {
  let count = 0;
  async function* copies() {
    for (let k = 1; k <= factor; k += 1) {
      for await (const line of lines(source)) {
        if (!line.trim()) continue;
        const doc = JSON.parse(line);
        if (k > 1) {
          doc.id = `${doc.id}~${k}`;
          doc.title = `${doc.title ?? ''} (r${k})`;
          if (doc.url) doc.url = `${doc.url}#r${k}`;
        }
        count += 1;
        yield `${JSON.stringify(doc)}\n`;
      }
    }
  }
  await pipeline(copies, createGzip({ level: 1 }), createWriteStream(out));
  return count;
}
