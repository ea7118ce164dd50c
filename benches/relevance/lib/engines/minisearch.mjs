// MiniSearch: an in-memory index in Node, with its documented typical search options.
import MiniSearch from 'minisearch';
import { installedVersion } from './installed.mjs';

const OPTIONS = {
  fields: ['title', 'body'],
  storeFields: [],
  // combineWith is left at MiniSearch's default, 'OR': a document matching any word is a hit.
  searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 },
};

/** @returns {Promise<import('./index.mjs').Engine>} */
export async function open({ docs }) {
  const started = performance.now();
  const index = new MiniSearch(OPTIONS);
  index.addAll(docs);
  const buildSeconds = (performance.now() - started) / 1000;
  return {
    buildSeconds,
    async run(queries) {
      return queries.map((query) => {
        const started = performance.now();
        const results = index.search(query);
        return { ids: results.slice(0, 10).map((r) => r.id), total: results.length, ms: performance.now() - started };
      });
    },
    async close() {},
  };
}

export const name = 'MiniSearch';

export function config() {
  return {
    version: installedVersion('minisearch'),
    index: `new MiniSearch(${JSON.stringify(OPTIONS)}) in Node; addAll({id, title, body})`,
    search: "search(q) with the searchOptions above, combineWith 'OR' (its default); top 10",
    latency: 'search() in Node',
  };
}
