// MiniSearch's set-up, shared by the build (Node) and the page (inlined into its script):
// the documented typical options for a search box, as in benches/relevance.
export const INDEX_OPTIONS = { fields: ['title', 'body'], storeFields: [] };
export const SEARCH_OPTIONS = { boost: { title: 2 }, prefix: true, fuzzy: 0.2 };
