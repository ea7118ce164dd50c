//! What a search answers: the results, serialized as they are for JavaScript (the widget and
//! the `quire:results` event read these field names).

use serde::{Serialize, Serializer};

/// (name, values) pairs, written as a JSON object.
fn as_map<S: Serializer>(
    pairs: &[(String, Vec<String>)],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// What the counts of [`SearchResults`] count.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Unit {
    /// Each matching entry of an article with dated entries once, and each matching article
    /// without entries once.
    Entries,
    /// Each matching article once (the index has no entries, or none matched).
    Articles,
}

/// The answer to a [`SearchRequest`](crate::SearchRequest).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Articles (editions, events, ...) matching the query and filters: the length of the
    /// list that `hits` pages through.
    pub total: usize,
    /// Matching entries, in all: those the hits' `entries` are the first of (0 when none,
    /// and while `facets_pending` for an index with entries).
    pub entry_total: usize,
    /// Matching articles without entries (events, notes, ...; every hit in an index without
    /// entries), in all: each is one unit beside the `entry_total` entries, so that a view
    /// can say "3 entries and 1 article" (0 while `facets_pending` for an index with
    /// entries).
    pub article_total: usize,
    /// What `facets` counts and `timeline` count: `entries` when the results hold entries
    /// (an entry of an edition counts once, an article without entries once), `articles`
    /// otherwise (the index has no entries, or no matching article has any).
    pub unit: Unit,
    /// The requested page of them.
    pub hits: Vec<Hit>,
    /// Counts per facet value for the current query, in `unit`s. A facet's own selection is
    /// left out of its counts, so that other values of it can still be chosen; any value
    /// with a count, chosen, gives results.
    pub facets: Vec<FacetCounts>,
    /// Matching `unit`s per month (`YYYY-MM`, ascending, months without any left out), each
    /// entry in the month of its own date, with every filter but the date range applied.
    /// Empty while `facets_pending` for an index with entries.
    pub timeline: Vec<MonthCount>,
    /// Query words that match no document, even allowing for typos, or whose typo
    /// corrections share no document with the other words. When others did match, the hits
    /// are for those others and `partial` is set.
    pub unmatched: Vec<String>,
    /// The hits leave out the `unmatched` words: show them as "results for the other words".
    pub partial: bool,
    /// The facet lists were not loaded, so `facets` is empty (and, for an index with
    /// entries, `timeline` and `entry_total`, with `unit` `articles`): fetch the facets file
    /// and search again for the counts.
    pub facets_pending: bool,
    /// Words found only by allowing for typos, with the word they were taken for.
    pub corrections: Vec<Correction>,
    /// Words found as typed but also taken for another word, a likely typo ("chose" for
    /// "choose"), because the query's words shared few documents: the hits found that way
    /// come after those with every word as typed.
    pub also_read_as: Vec<Correction>,
    /// While typing, the last word when it is no word of the archive and was matched as the
    /// beginning of longer words ("negotia"): `replacement` is the commonest of them on the
    /// page, as written ("negotiations").
    pub completions: Vec<Correction>,
    /// The query with its corrections and other readings applied, and its unmatched words
    /// replaced by close dictionary words ("Did you mean …?"), when that changes it.
    pub suggestion: Option<String>,
    /// The query was cut to the length limits.
    pub truncated: bool,
}

/// One bar of the timeline.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Matching units dated in it.
    pub count: u32,
    /// How many of them are articles without entries (the others are entries).
    pub articles: u32,
}

/// A query word matched through typo tolerance.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Correction {
    /// As typed.
    pub word: String,
    /// The dictionary word it was taken for, as it is written in the documents.
    pub replacement: String,
}

/// One matching document.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Hit {
    /// The article's id.
    pub id: String,
    /// Its address.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Ranges of the title to highlight: byte offsets, or UTF-16 units when the request
    /// asked for `utf16`.
    pub title_highlights: Vec<(usize, usize)>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Analysis, Event, ...
    pub kind: Option<String>,
    /// Its summary, as written.
    pub summary: String,
    /// The passage of its text that best covers the query.
    pub excerpt: String,
    /// Ranges of the excerpt to highlight, as `title_highlights`.
    pub excerpt_highlights: Vec<(usize, usize)>,
    /// The document's dated entries that match, best first.
    pub entries: Vec<EntryHit>,
    /// The sections of its page (headings with an `id`) that match, best first; only for
    /// a hit without `entries`.
    pub sections: Vec<SectionHit>,
    /// (facet name, this document's values), in facet order.
    #[serde(serialize_with = "as_map")]
    pub facets: Vec<(String, Vec<String>)>,
    /// Its relevance score (comparable within one search only).
    pub score: f32,
}

/// A dated entry of a hit that matches the query: a sub-result linking to `url#anchor`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EntryHit {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its id in the article's page.
    pub anchor: String,
    /// `url#anchor`.
    pub url: String,
    /// Its text, or the passage of it that best covers the query.
    pub text: String,
    /// Ranges of the text to highlight, as [`Hit::title_highlights`].
    pub highlights: Vec<(usize, usize)>,
    /// (facet name, values) of the outlets, leanings and people the entry names.
    #[serde(serialize_with = "as_map")]
    pub facets: Vec<(String, Vec<String>)>,
    /// The people it names, each with the role they held on its date.
    pub people: Vec<EntryPerson>,
}

/// A section of a hit's page that matches the query: a sub-result linking to `url#anchor`,
/// the heading that opens it as its title.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SectionHit {
    /// The heading's `id` in the article's page.
    pub anchor: String,
    /// `url#anchor`.
    pub url: String,
    /// The heading's text.
    pub title: String,
    /// Ranges of the title to highlight, as [`Hit::title_highlights`].
    pub title_highlights: Vec<(usize, usize)>,
    /// The passage of the section's text that best covers the query.
    pub text: String,
    /// Ranges of the text to highlight, as [`Hit::title_highlights`].
    pub highlights: Vec<(usize, usize)>,
}

/// A person an entry names.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EntryPerson {
    /// Their name, as in `people.toml`.
    pub name: String,
    /// The role they held on the entry's date (several joined by ", "); absent when the
    /// register gives none for that day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// The counts of one facet's values for a search.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FacetCounts {
    /// The facet's key (`outlet`).
    pub name: String,
    /// Its label for readers (`Outlet`).
    pub label: String,
    /// Its values with matches, best first, and the selected ones.
    pub values: Vec<FacetValueCount>,
}

/// One value of [`FacetCounts`].
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FacetValueCount {
    /// The value.
    pub value: String,
    /// Matching units that have it.
    pub count: u32,
    /// How many of them are articles without entries (the others are entries).
    pub articles: u32,
    /// Whether the request selects it.
    pub selected: bool,
}
