// Reading the shared corpora (JSON Lines, gzip) without copying them anywhere.
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const CORPORA = ['bbc', 'tehrantimes'];

/** The corpora folder: QUIRE_CORPORA, else ../shared/corpora beside the repository. */
export function corporaDir(repo) {
  return process.env.QUIRE_CORPORA ?? path.resolve(repo, '..', 'shared', 'corpora');
}

/** The path of a corpus file, or null when it is not there. */
export function corpusFile(repo, name) {
  const file = path.join(corporaDir(repo), `${name}.jsonl.gz`);
  return existsSync(file) ? file : null;
}

/**
 * The articles of a corpus, in file order, reduced to what the engines index.
 * @returns {Promise<{id: string, title: string, body: string}[]>}
 */
export async function readCorpus(file) {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const docs = [];
  for await (const line of lines) {
    if (!line.trim()) continue;
    const { id, title, body } = JSON.parse(line);
    docs.push({ id: String(id), title: title ?? '', body: body ?? '' });
  }
  return docs;
}
