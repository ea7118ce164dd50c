//! What a search asks for: the request, as the widget sends it (JavaScript builds the same
//! object, read field by field in `wasm.rs`).

use serde::{Deserialize, Serialize};

/// What to search for. Every field has a default, so `{"query": "zarif"}` is a request.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SearchRequest {
    /// The query text, in Quire's query language (words, `"phrases"`, `-excluded`, `OR`,
    /// `field:` scopes; see the README).
    pub query: String,
    /// (facet name, accepted values). Values of one facet are OR-ed, facets are AND-ed.
    pub filters: Vec<(String, Vec<String>)>,
    /// The first day, inclusive: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date_from: Option<String>,
    /// The last day, inclusive: `YYYY`, `YYYY-MM` (its last day) or `YYYY-MM-DD`.
    pub date_to: Option<String>,
    /// `relevance`, `newest` (or `-date`), `oldest` (or `date`), or a sort key from
    /// `quire.toml`, `-key` for descending.
    pub sort: String,
    /// Hits per page, at most [`crate::limits::MAX_LIMIT`].
    pub limit: usize,
    /// Hits skipped before the page.
    pub offset: usize,
    /// The user may still be typing: match the last word as a prefix too.
    pub typing: bool,
    /// Matching entries shown under each hit.
    pub entries_per_hit: usize,
    /// Values listed per facet (selected values are always listed).
    pub facet_values: usize,
    /// Report highlight ranges in UTF-16 code units (for JavaScript) instead of bytes.
    pub utf16: bool,
    /// Target length of an excerpt, in bytes.
    pub excerpt_bytes: usize,
    /// The language of the query (a tag: `fr`, `fr-CA`): its words are stemmed for it alone
    /// when the index has articles in it, else for every language of the index.
    pub lang: Option<String>,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            filters: Vec::new(),
            date_from: None,
            date_to: None,
            sort: "relevance".into(),
            limit: 10,
            offset: 0,
            typing: true,
            entries_per_hit: 3,
            facet_values: 30,
            utf16: false,
            excerpt_bytes: 220,
            lang: None,
        }
    }
}

impl SearchRequest {
    /// A request for `query`, every other field at its default.
    pub fn new(query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            ..SearchRequest::default()
        }
    }

    /// Adds an accepted value of a facet.
    pub fn filter(&mut self, facet: &str, value: &str) {
        match self.filters.iter_mut().find(|(name, _)| name == facet) {
            Some((_, values)) => values.push(value.to_string()),
            None => self
                .filters
                .push((facet.to_string(), vec![value.to_string()])),
        }
    }
}
