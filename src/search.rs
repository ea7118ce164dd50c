//! Searching: query → matching documents (AND of clauses, the last word also as a prefix) →
//! filters and facet counts → sort → the page of hits with excerpts and entry sub-results.

use serde::{Deserialize, Serialize, Serializer};

use crate::collect::{sort_by, top_k};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::excerpt::{Highlighter, best_passage, utf16_ranges};
use crate::format::{Cursor, Role};
use crate::fuzzy;
use crate::index::{Facets, Index, Meta, Needs, TermInfo};
use crate::postings::{FIELD_COUNT, Field, Posting, PostingsList};
use crate::query::{self, Atom, Clause, Query, Scope};
use crate::score::idf;
use crate::tokenize;

/// At most this many dictionary terms stand in for a word typed as a prefix (the most
/// frequent first), so that a one-letter prefix cannot make a query slow.
pub const MAX_PREFIX_EXPANSIONS: usize = 24;

/// At most this many dictionary terms are read to expand one prefix.
pub const MAX_PREFIX_SCAN: usize = 20_000;

/// The most hits a page may hold.
pub const MAX_LIMIT: usize = 100;

/// How much a prefix match counts against an exact match of the same word.
const PREFIX_WEIGHT: f32 = 0.7;

/// The score of a document whose title has every word of the query is multiplied by this.
const ALL_WORDS_IN_TITLE: f32 = 2.0;

/// How much a typo-tolerant match counts, divided by its number of edits.
const FUZZY_WEIGHT: f32 = 0.5;

/// At most this many dictionary terms stand in for a mistyped word, the closest and most
/// frequent first.
pub const MAX_FUZZY_EXPANSIONS: usize = 8;

/// At most this many dictionary terms are looked at to correct one word.
pub const MAX_FUZZY_SCAN: usize = 2_000;

/// A mistyped word is only corrected towards terms this many times more frequent than the
/// word as typed: a rare spelling is often meant, a rare typo of a common word is not.
const FUZZY_DOMINANCE: u32 = 4;

/// A word in at least one document in this many (and at least 3) is taken as meant, and
/// not looked up for typos.
const FUZZY_WELL_ATTESTED: u32 = 1000;

/// What to search for. Every field has a default, so `{"query": "zarif"}` is a request.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SearchRequest {
    /// The query text, in the query language of [`crate::query`].
    pub query: String,
    /// (facet name, accepted values). Values of one facet are OR-ed, facets are AND-ed.
    pub filters: Vec<(String, Vec<String>)>,
    /// Inclusive date bounds: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// `relevance`, `newest` (or `-date`), `oldest` (or `date`), or a sort key from
    /// `quire.toml`, `-key` for descending.
    pub sort: String,
    pub limit: usize,
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
        }
    }
}

impl SearchRequest {
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

/// (name, values) pairs, written as a JSON object.
fn as_map<S: Serializer>(
    pairs: &[(String, Vec<String>)],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_map(pairs.iter().map(|(k, v)| (k, v)))
}

/// The answer to a [`SearchRequest`].
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Documents matching the query and filters.
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Counts per facet value for the current query. A facet's own selection is left out of
    /// its counts, so that other values of it can still be chosen.
    pub facets: Vec<FacetCounts>,
    /// Matching documents per month (`YYYY-MM`, ascending, months without any left out),
    /// with every filter but the date range applied.
    pub timeline: Vec<MonthCount>,
    /// Query words that match no document at all, even allowing for typos. When others
    /// did match, the hits are for those others and `partial` is set.
    pub unmatched: Vec<String>,
    /// The hits leave out the `unmatched` words: show them as "results for the other words".
    pub partial: bool,
    /// The facet lists were not loaded, so `facets` is empty: fetch the facets file and
    /// search again for the counts.
    pub facets_pending: bool,
    /// Words found only by allowing for typos, with the word they were taken for.
    pub corrections: Vec<Correction>,
    /// The query with its corrections applied ("Did you mean …?"), when there are any.
    pub suggestion: Option<String>,
    /// The query was cut to the length limits.
    pub truncated: bool,
}

/// One bar of the timeline.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: u32,
}

/// Counts days per month, in month order. Documents come in date order, so a month's
/// days are usually together and the last month is the one to look at first.
fn timeline(days: impl Iterator<Item = i32>) -> Vec<MonthCount> {
    let mut months: Vec<(i32, u32, u32)> = Vec::new();
    for day in days {
        let date = Date::from_days(day);
        let same = |&(y, m, _): &(i32, u32, u32)| y == date.year && m == date.month;
        if let Some(last) = months.last_mut().filter(|slot| same(slot)) {
            last.2 += 1;
        } else if let Some(slot) = months.iter_mut().find(|slot| same(slot)) {
            slot.2 += 1;
        } else {
            months.push((date.year, date.month, 1));
        }
    }
    sort_by(&mut months, &mut |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    months
        .into_iter()
        .map(|(year, month, count)| MonthCount {
            month: format!("{year:04}-{month:02}"),
            count,
        })
        .collect()
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
    pub id: String,
    pub url: String,
    pub title: String,
    pub title_highlights: Vec<(usize, usize)>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub kind: Option<String>,
    pub summary: String,
    pub excerpt: String,
    pub excerpt_highlights: Vec<(usize, usize)>,
    /// The document's dated entries that match, best first.
    pub entries: Vec<EntryHit>,
    /// (facet name, this document's values), in facet order.
    #[serde(serialize_with = "as_map")]
    pub facets: Vec<(String, Vec<String>)>,
    pub score: f32,
}

/// A dated entry of a hit that matches the query: a sub-result linking to `url#anchor`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct EntryHit {
    pub date: String,
    pub anchor: String,
    pub url: String,
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
    /// (facet name, values) of the outlets, leanings and people the entry names.
    #[serde(serialize_with = "as_map")]
    pub facets: Vec<(String, Vec<String>)>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FacetCounts {
    pub name: String,
    pub label: String,
    pub values: Vec<FacetValueCount>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FacetValueCount {
    pub value: String,
    pub count: u32,
    pub selected: bool,
}

/// How a document matched a word: exact beats prefix beats fuzzy, whatever the scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    Exact = 0,
    Prefix = 1,
    Fuzzy = 2,
}

/// A matching document with its score so far.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Scored {
    doc: u32,
    score: f32,
    /// The worst match kind among the query's clauses.
    kind: MatchKind,
    /// A bit per positive clause found in the title.
    in_title: u16,
}

/// A dictionary term that stands for a query word.
struct Expansion {
    term: String,
    info: TermInfo,
    df: u32,
    kind: MatchKind,
    /// Edits from the typed word (fuzzy matches only).
    edits: u8,
}

/// What matching learnt about the query's words, for the "Did you mean" line.
#[derive(Default)]
struct Report {
    unmatched: Vec<String>,
    /// (word as typed, dictionary term it was taken for)
    corrections: Vec<(String, String)>,
}

/// The parts of the index that matching needs, and what it finds missing.
struct Matcher<'a> {
    index: &'a Index,
    meta: &'a Meta,
    norms: &'a [u8],
    needs: &'a Needs,
}

impl Index {
    /// Runs a search. When it needs index data not loaded yet, it fails with
    /// [`Error::Fetch`], listing all it needs at this stage; add those and search again.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let meta = self.meta()?;
        let columns = self
            .columns
            .as_ref()
            .ok_or_else(|| Error::Fetch(vec![self.whole(Role::Columns, 0)]))?;
        let needs = Needs::default();
        let matcher = Matcher {
            index: self,
            meta,
            norms: &columns.norms,
            needs: &needs,
        };
        let limit = request.limit.min(MAX_LIMIT);
        let (from, to) = date_bounds(request)?;
        let query = query::parse(&request.query, request.typing);
        let mut highlighter = Highlighter::default();
        let mut report = Report::default();

        // 1. Documents matching the query, or every document when browsing.
        let browsing = query.positive().next().is_none();
        let mut candidates: Vec<Scored> = if browsing {
            if query.is_empty() && !request.query.trim().is_empty() {
                // Only stop words or symbols: nothing can match them.
                Vec::new()
            } else {
                (0..meta.documents)
                    .map(|doc| Scored {
                        doc,
                        score: 0.0,
                        kind: MatchKind::Exact,
                        in_title: 0,
                    })
                    .collect()
            }
        } else {
            matcher.match_query(&query, &mut highlighter, &mut report)?
        };
        let mut excluded = Vec::new();
        for clause in query.clauses.iter().filter(|c| c.negated) {
            excluded.push(matcher.match_clause(
                clause,
                0,
                &mut Highlighter::default(),
                &mut Report::default(),
            )?);
        }
        // Matching with a dictionary shard or a postings list missing would be wrong:
        // fetch first.
        needs.check()?;
        for list in &excluded {
            candidates = subtract(candidates, list);
        }
        let partial = !report.unmatched.is_empty() && !candidates.is_empty();

        // 2. Filters and facet counts; the date range applies to the hits and the facet
        // counts, not to the timeline, which shows where else in time the query leads.
        let in_range = |doc: u32| {
            if from.is_none() && to.is_none() {
                return true;
            }
            columns.dates[doc as usize]
                .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
        };
        // Facet lists are only fetched when a filter needs them; without them the results
        // come without counts, marked pending, and the caller may fetch and ask again.
        let facets = match &self.facets {
            Some(facets) => Some(facets),
            None if request.filters.iter().any(|(_, values)| !values.is_empty()) => {
                return Err(Error::Fetch(vec![self.whole(Role::Facets, 0)]));
            }
            None => None,
        };
        let selection = Selection::new(meta, facets, &request.filters)?;
        let mut counts: Vec<Vec<u32>> = meta
            .facets
            .iter()
            .map(|f| vec![0; f.values.len()])
            .collect();
        let mut passing = candidates;
        passing.retain(|candidate| {
            let failed = selection.failed(candidate.doc);
            if in_range(candidate.doc)
                && let Some(facets) = facets
            {
                for &(facet, value) in facets.of(candidate.doc) {
                    if failed & !(1u64 << facet) == 0 {
                        counts[facet as usize][value as usize] += 1;
                    }
                }
            }
            failed == 0
        });
        // A filter on outlets, leanings or people asks which entries said something: a
        // document with entries stays only if one of them passes (facet counts stay per
        // document).
        if selection.filters_entries() {
            let mut kept = Vec::with_capacity(passing.len());
            for scored in passing {
                let Some((record, text)) = self.document(scored.doc, &needs)? else {
                    continue;
                };
                if record.entries.is_empty()
                    || !self
                        .chosen_entries(&record, text, &highlighter, &selection)
                        .is_empty()
                {
                    kept.push(scored);
                }
            }
            needs.check()?;
            passing = kept;
        }
        let timeline = timeline(passing.iter().filter_map(|s| columns.dates[s.doc as usize]));
        let mut hits = passing;
        hits.retain(|s| in_range(s.doc));
        let facet_counts = match facets {
            Some(_) => facet_counts(meta, &counts, &selection, request.facet_values),
            None => Vec::new(),
        };

        // 3. Order, then the requested page.
        let total = hits.len();
        let order = Order::parse(&request.sort, meta, browsing)?;
        let wanted = (request.offset.saturating_add(limit)).min(total);
        let best = top_k(hits, wanted, &mut |a, b| order.compare(a, b, columns));
        let page: Vec<Scored> = best.into_iter().skip(request.offset).take(limit).collect();

        // 4. Display data for the page only.
        let mut hits = Vec::with_capacity(page.len());
        for scored in &page {
            if let Some(hit) = self.hit(scored, &highlighter, &selection, request, &needs)? {
                hits.push(hit);
            }
        }
        let mut corrections = Vec::new();
        for (word, term) in &report.corrections {
            let replacement = matcher
                .surface_form(term, word)?
                .unwrap_or_else(|| term.clone());
            corrections.push(Correction {
                word: word.clone(),
                replacement,
            });
        }
        let suggestion = matcher.suggestion(&request.query, &corrections, &report.unmatched)?;
        needs.check()?;
        Ok(SearchResults {
            total,
            hits,
            facets_pending: facets.is_none(),
            facets: facet_counts,
            timeline,
            unmatched: report.unmatched,
            partial,
            corrections,
            suggestion,
            truncated: query.truncated,
        })
    }

    /// A document's record and text, from its docs file, or `None` with what
    /// is missing added to `needs`.
    fn document(&self, doc: u32, needs: &Needs) -> Result<Option<(DocRecord<'_>, &str)>> {
        let meta = self.meta()?;
        let docs_file = self.file_name(Role::Docs);
        let record = self.doc_record(doc, needs)?;
        let text = self.text(doc, needs)?;
        let (Some(record), Some(text)) = (record, text) else {
            return Ok(None);
        };
        let record = parse_doc_record(docs_file, record, meta)?;
        for entry in &record.entries {
            if text
                .get(entry.start..entry.start.saturating_add(entry.len))
                .is_none()
            {
                return Err(Error::corrupt(docs_file, "entry points outside its text"));
            }
        }
        Ok(Some((record, text)))
    }

    /// The entries of a document worth showing, best first: those that pass the entry-level
    /// filters (outlet, leaning, person) and, with a query, contain its words.
    fn chosen_entries<'r>(
        &self,
        record: &'r DocRecord<'r>,
        text: &'r str,
        highlighter: &Highlighter,
        selection: &Selection,
    ) -> Vec<(&'r EntryRecord<'r>, &'r str)> {
        let mut ranked = Vec::new();
        for (order, entry) in record.entries.iter().enumerate() {
            let entry_text = &text[entry.start..entry.start + entry.len];
            if !selection.accepts_entry(entry) {
                continue;
            }
            let (clauses, words) = if highlighter.is_empty() {
                (0, 0)
            } else {
                highlighter.coverage(entry_text)
            };
            // With a query, an entry must contain some of its words; without one (browsing
            // by outlet, say) the filters alone choose.
            if words > 0 || (highlighter.is_empty() && selection.filters_entries()) {
                ranked.push((clauses, words, order, entry, entry_text));
            }
        }
        // When the query is about the document as a whole (its title or summary has the
        // words) but no filtered entry repeats them, the filtered entries still answer.
        if ranked.is_empty()
            && selection.filters_entries()
            && !highlighter.is_empty()
            && highlighter.coverage(record.title).1 + highlighter.coverage(record.summary).1 > 0
        {
            for (order, entry) in record.entries.iter().enumerate() {
                if selection.accepts_entry(entry) {
                    ranked.push((
                        0,
                        0,
                        order,
                        entry,
                        &text[entry.start..entry.start + entry.len],
                    ));
                }
            }
        }
        sort_by(&mut ranked, &mut |a, b| {
            b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2))
        });
        ranked
            .into_iter()
            .map(|(_, _, _, entry, text)| (entry, text))
            .collect()
    }

    /// The (facet name, values) pairs of `pairs`, in facet order.
    fn named_facets(&self, pairs: &[(usize, usize)]) -> Result<Vec<(String, Vec<String>)>> {
        let meta = self.meta()?;
        let mut facets: Vec<(String, Vec<String>)> = Vec::new();
        for &(facet, value) in pairs {
            let info = &meta.facets[facet];
            let value = info.values[value].0.clone();
            match facets.iter_mut().find(|(name, _)| *name == info.name) {
                Some((_, values)) => values.push(value),
                None => facets.push((info.name.clone(), vec![value])),
            }
        }
        Ok(facets)
    }

    fn hit(
        &self,
        scored: &Scored,
        highlighter: &Highlighter,
        selection: &Selection,
        request: &SearchRequest,
        needs: &Needs,
    ) -> Result<Option<Hit>> {
        let Some((record, text)) = self.document(scored.doc, needs)? else {
            return Ok(None);
        };
        let excerpt_bytes = request.excerpt_bytes.clamp(40, 2000);
        let mut entries = Vec::new();
        for (entry, entry_text) in self
            .chosen_entries(&record, text, highlighter, selection)
            .into_iter()
            .take(request.entries_per_hit)
        {
            let passage = best_passage(entry_text, highlighter, excerpt_bytes + 80);
            entries.push(EntryHit {
                date: entry.date.iso(),
                anchor: entry.anchor.to_string(),
                url: format!("{}#{}", record.url, entry.anchor),
                highlights: convert(&passage.text, passage.highlights, request.utf16),
                text: passage.text,
                facets: self.named_facets(&entry.tags)?,
            });
        }
        // The excerpt should not repeat the entries shown under it: with entries, it comes
        // from the rest of the text, or from the summary.
        let rest;
        let excerpt_source = if entries.is_empty() {
            text
        } else {
            rest = without_entries(text, &record.entries);
            rest.as_str()
        };
        let mut excerpt = best_passage(excerpt_source, highlighter, excerpt_bytes);
        if excerpt.highlights.is_empty() && !record.summary.is_empty() {
            excerpt = best_passage(record.summary, highlighter, excerpt_bytes);
        }
        let title_highlights: Vec<(usize, usize)> = highlighter
            .matches(record.title)
            .iter()
            .map(|&(s, e, _)| (s, e))
            .collect();
        Ok(Some(Hit {
            id: record.id.to_string(),
            url: record.url.to_string(),
            title_highlights: convert(record.title, title_highlights, request.utf16),
            title: record.title.to_string(),
            date: record.date.map(|d| d.iso()),
            kind: Some(record.kind.to_string()).filter(|k| !k.is_empty()),
            summary: record.summary.to_string(),
            excerpt_highlights: convert(&excerpt.text, excerpt.highlights, request.utf16),
            excerpt: excerpt.text,
            entries,
            facets: self.named_facets(&record.facet_values)?,
            score: scored.score,
        }))
    }
}

/// The text without the lines of its entries.
fn without_entries(text: &str, entries: &[EntryRecord<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for entry in entries {
        let line_start = text[..entry.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if line_start >= at {
            out.push_str(&text[at..line_start]);
        }
        at = at.max((entry.start + entry.len).min(text.len()));
    }
    out.push_str(&text[at..]);
    out
}

fn convert(text: &str, ranges: Vec<(usize, usize)>, utf16: bool) -> Vec<(usize, usize)> {
    if utf16 {
        utf16_ranges(text, &ranges)
    } else {
        ranges
    }
}

/// A decoded docs record.
struct DocRecord<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    date: Option<Date>,
    kind: &'a str,
    summary: &'a str,
    facet_values: Vec<(usize, usize)>,
    entries: Vec<EntryRecord<'a>>,
}

struct EntryRecord<'a> {
    date: Date,
    anchor: &'a str,
    start: usize,
    len: usize,
    /// (facet, value) indexes of the outlets, leanings and people the entry names.
    tags: Vec<(usize, usize)>,
}

/// A (facet, value) pair of indexes, checked against the meta file.
fn facet_value(c: &mut Cursor<'_>, meta: &Meta) -> Result<(usize, usize)> {
    let facet = c.count(u32::MAX as usize)?;
    let value = c.count(u32::MAX as usize)?;
    match meta.facets.get(facet) {
        Some(info) if value < info.values.len() => Ok((facet, value)),
        _ => Err(c.error("facet value out of range")),
    }
}

fn parse_doc_record<'a>(file: &'a str, bytes: &'a [u8], meta: &Meta) -> Result<DocRecord<'a>> {
    let mut c = Cursor::new(file, bytes);
    let id = c.str()?;
    let title = c.str()?;
    let url = c.str()?;
    let date = day_to_date(c.zigzag()?);
    let kind = c.str()?;
    let summary = c.str()?;
    let facet_count = c.count(c.remaining())?;
    let mut facet_values = Vec::with_capacity(facet_count);
    for _ in 0..facet_count {
        facet_values.push(facet_value(&mut c, meta)?);
    }
    let entry_count = c.count(c.remaining())?;
    let mut entries = Vec::with_capacity(entry_count);
    for _ in 0..entry_count {
        let date = day_to_date(c.zigzag()?).ok_or_else(|| c.error("entry without a date"))?;
        let anchor = c.str()?;
        let start = c.count(u32::MAX as usize)?;
        let len = c.count(u32::MAX as usize)?;
        let tag_count = c.count(c.remaining())?;
        let mut tags = Vec::with_capacity(tag_count);
        for _ in 0..tag_count {
            tags.push(facet_value(&mut c, meta)?);
        }
        entries.push(EntryRecord {
            date,
            anchor,
            start,
            len,
            tags,
        });
    }
    Ok(DocRecord {
        id,
        title,
        url,
        date,
        kind,
        summary,
        facet_values,
        entries,
    })
}

/// Stored days-plus-one (0 for none) → a date.
fn day_to_date(stored: i64) -> Option<Date> {
    if stored == 0 {
        return None;
    }
    i32::try_from(stored - 1).ok().map(Date::from_days)
}

/// Parses the request's date bounds into inclusive day numbers.
fn date_bounds(request: &SearchRequest) -> Result<(Option<i32>, Option<i32>)> {
    let parse = |text: &Option<String>, end: bool| -> Result<Option<i32>> {
        let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let bad = || Error::Query {
            message: format!("date `{text}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
        };
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str| s.parse::<u32>().map_err(|_| bad());
        let date = match parts.as_slice() {
            [y] => {
                let year = number(y)? as i32;
                if end {
                    Date::new(year, 12, 31)
                } else {
                    Date::new(year, 1, 1)
                }
            }
            [y, m] => {
                let (year, month) = (number(y)? as i32, number(m)?);
                let last = crate::date::days_in_month(year, month);
                Date::new(year, month, if end { last } else { 1 })
            }
            _ => Some(Date::parse_iso(text).map_err(|message| Error::Query { message })?),
        };
        Ok(Some(date.ok_or_else(bad)?.to_days()))
    };
    Ok((
        parse(&request.date_from, false)?,
        parse(&request.date_to, true)?,
    ))
}

/// The facets that entries carry too (tagged from the outlet and people registers): a
/// filter on them also chooses which entries of a document are shown.
const ENTRY_FACETS: [&str; 4] = ["outlet", "leaning", "person", "role"];

/// The facet filters of a request, as per-document membership.
struct Selection {
    /// (facet index, document → accepted) for each facet with a selection.
    facets: Vec<(usize, Vec<bool>)>,
    /// facet index → the selected value indexes.
    selected: Vec<Vec<usize>>,
    /// The selected facets that entries carry.
    entry_facets: Vec<usize>,
}

impl Selection {
    fn new(
        meta: &Meta,
        facets: Option<&Facets>,
        filters: &[(String, Vec<String>)],
    ) -> Result<Selection> {
        let mut selection = Selection {
            facets: Vec::new(),
            selected: vec![Vec::new(); meta.facets.len()],
            entry_facets: Vec::new(),
        };
        for (name, values) in filters {
            if values.is_empty() {
                continue;
            }
            let facet = meta
                .facets
                .iter()
                .position(|f| f.name == *name)
                .ok_or_else(|| {
                    let known: Vec<&str> = meta.facets.iter().map(|f| f.name.as_str()).collect();
                    Error::Query {
                        message: format!(
                            "unknown filter `{name}`; this index has: {}",
                            known.join(", ")
                        ),
                    }
                })?;
            if facet >= 64 {
                continue;
            }
            let mut accepted = vec![false; meta.documents as usize];
            for value in values {
                // An unknown value matches nothing: it may come from an old shared link.
                if let Some(index) = meta.facets[facet]
                    .values
                    .iter()
                    .position(|(v, _)| v == value)
                {
                    selection.selected[facet].push(index);
                    for &doc in facets.map_or(&[][..], |f| &f.docs[facet][index]) {
                        accepted[doc as usize] = true;
                    }
                }
            }
            selection.facets.push((facet, accepted));
            if ENTRY_FACETS.contains(&meta.facets[facet].name.as_str()) {
                selection.entry_facets.push(facet);
            }
        }
        Ok(selection)
    }

    /// Whether some filter is on a facet that entries carry.
    fn filters_entries(&self) -> bool {
        !self.entry_facets.is_empty()
    }

    /// Whether an entry has, for each filtered entry facet, one of the selected values.
    fn accepts_entry(&self, entry: &EntryRecord<'_>) -> bool {
        self.entry_facets.iter().all(|&facet| {
            entry
                .tags
                .iter()
                .any(|&(f, v)| f == facet && self.selected[facet].contains(&v))
        })
    }

    /// A bit per selected facet that `doc` fails.
    fn failed(&self, doc: u32) -> u64 {
        let mut mask = 0;
        for (facet, accepted) in &self.facets {
            if !accepted[doc as usize] {
                mask |= 1 << facet;
            }
        }
        mask
    }
}

fn facet_counts(
    meta: &Meta,
    counts: &[Vec<u32>],
    selection: &Selection,
    limit: usize,
) -> Vec<FacetCounts> {
    meta.facets
        .iter()
        .enumerate()
        .map(|(f, info)| {
            let mut values: Vec<FacetValueCount> = info
                .values
                .iter()
                .enumerate()
                .filter_map(|(v, (value, _))| {
                    let selected = selection.selected[f].contains(&v);
                    (counts[f][v] > 0 || selected).then(|| FacetValueCount {
                        value: value.clone(),
                        count: counts[f][v],
                        selected,
                    })
                })
                .collect();
            if info.name == crate::model::YEAR_FACET {
                sort_by(&mut values, &mut |a, b| b.value.cmp(&a.value));
            } else {
                sort_by(&mut values, &mut |a, b| {
                    b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))
                });
            }
            let mut kept = 0;
            values.retain(|v| {
                kept += 1;
                kept <= limit || v.selected
            });
            FacetCounts {
                name: info.name.clone(),
                label: info.label.clone(),
                values,
            }
        })
        .collect()
}

/// The order of hits.
enum Order {
    Relevance,
    Newest,
    Oldest,
    Key { index: usize, descending: bool },
}

impl Order {
    fn parse(sort: &str, meta: &Meta, browsing: bool) -> Result<Order> {
        let order = match sort.trim() {
            "" | "relevance" => Order::Relevance,
            "newest" | "-date" => Order::Newest,
            "oldest" | "date" => Order::Oldest,
            other => {
                let (name, descending) = match other.strip_prefix('-') {
                    Some(name) => (name, true),
                    None => (other, false),
                };
                let index = meta
                    .sort_keys
                    .iter()
                    .position(|k| k == name)
                    .ok_or_else(|| Error::Query {
                        message: format!(
                            "unknown sort `{other}`; use relevance, newest, oldest{}",
                            meta.sort_keys
                                .iter()
                                .map(|k| format!(", {k}, -{k}"))
                                .collect::<String>()
                        ),
                    })?;
                Order::Key { index, descending }
            }
        };
        // Relevance means nothing without a query: show the newest first.
        Ok(match order {
            Order::Relevance if browsing => Order::Newest,
            order => order,
        })
    }

    fn compare(
        &self,
        a: &Scored,
        b: &Scored,
        columns: &crate::index::Columns,
    ) -> std::cmp::Ordering {
        match self {
            // Ties go to the newer document.
            Order::Relevance => a
                .kind
                .cmp(&b.kind)
                .then(b.score.total_cmp(&a.score))
                .then(b.doc.cmp(&a.doc)),
            // Document ids run undated first, then oldest to newest.
            Order::Newest => b.doc.cmp(&a.doc),
            Order::Oldest => {
                let undated = |s: &Scored| columns.dates[s.doc as usize].is_none();
                undated(a).cmp(&undated(b)).then(a.doc.cmp(&b.doc))
            }
            Order::Key { index, descending } => {
                let key = |s: &Scored| columns.sort_keys[*index][s.doc as usize];
                let (ka, kb) = (key(a), key(b));
                ka.is_nan()
                    .cmp(&kb.is_nan())
                    .then(if *descending {
                        kb.total_cmp(&ka)
                    } else {
                        ka.total_cmp(&kb)
                    })
                    .then(b.doc.cmp(&a.doc))
            }
        }
    }
}

/// `a` without the documents of `b` (both sorted by document).
fn subtract(a: Vec<Scored>, b: &[Scored]) -> Vec<Scored> {
    let mut j = 0;
    a.into_iter()
        .filter(|s| {
            while j < b.len() && b[j].doc < s.doc {
                j += 1;
            }
            !(j < b.len() && b[j].doc == s.doc)
        })
        .collect()
}

/// Documents in both, scores summed, the worse match kind kept.
fn intersect(a: &[Scored], b: &[Scored]) -> Vec<Scored> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].doc.cmp(&b[j].doc) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(Scored {
                    doc: a[i].doc,
                    score: a[i].score + b[j].score,
                    kind: a[i].kind.max(b[j].kind),
                    in_title: a[i].in_title | b[j].in_title,
                });
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Documents in either, the better score and match kind kept.
fn union(a: Vec<Scored>, b: Vec<Scored>) -> Vec<Scored> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].doc < b[j].doc) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].doc < a[i].doc {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(Scored {
                doc: a[i].doc,
                score: a[i].score.max(b[j].score),
                kind: a[i].kind.min(b[j].kind),
                in_title: a[i].in_title | b[j].in_title,
            });
            i += 1;
            j += 1;
        }
    }
    out
}

impl Matcher<'_> {
    /// Every positive clause must match; the smallest is intersected first.
    /// Every positive clause must match; the smallest is intersected first. Clauses that
    /// match nothing at all are left out (and reported), so that the other words still give
    /// results, labelled as partial.
    fn match_query(
        &self,
        query: &Query,
        highlighter: &mut Highlighter,
        report: &mut Report,
    ) -> Result<Vec<Scored>> {
        let mut lists = Vec::new();
        let mut matched: u16 = 0;
        for (number, clause) in query.positive().enumerate() {
            let list = self.match_clause(clause, number, highlighter, report)?;
            if list.is_empty() {
                for atom in &clause.alternatives {
                    let words: Vec<&str> = atom.words.iter().map(|w| w.text.as_str()).collect();
                    report.unmatched.push(words.join(" "));
                }
            } else {
                matched |= 1 << number;
                lists.push(list);
            }
        }
        sort_by(&mut lists, &mut |a, b| a.len().cmp(&b.len()));
        let mut lists = lists.into_iter();
        let mut result = lists.next().unwrap_or_default();
        for list in lists {
            if result.is_empty() {
                break;
            }
            result = intersect(&result, &list);
        }
        // A title holding every word of the query is very likely what the reader is after.
        if matched.count_ones() >= 2 {
            for scored in &mut result {
                if scored.in_title & matched == matched {
                    scored.score *= ALL_WORDS_IN_TITLE;
                }
            }
        }
        Ok(result)
    }

    fn match_clause(
        &self,
        clause: &Clause,
        number: usize,
        highlighter: &mut Highlighter,
        report: &mut Report,
    ) -> Result<Vec<Scored>> {
        let mut result = Vec::new();
        for atom in &clause.alternatives {
            let list = self.match_atom(atom, number, highlighter, report)?;
            result = union(result, list);
        }
        Ok(result)
    }

    fn match_atom(
        &self,
        atom: &Atom,
        clause: usize,
        highlighter: &mut Highlighter,
        report: &mut Report,
    ) -> Result<Vec<Scored>> {
        match &atom.scope {
            Scope::Facet(name) => {
                if let Some(facet) = self.resolve_facet(name) {
                    return Ok(self.match_facet(facet, atom, clause, highlighter));
                }
                // Not a facet of this index: search the words as plain text ("note:" ...).
                let mut result: Option<Vec<Scored>> = None;
                for word in atom.words.iter().filter(|w| w.term.is_some()) {
                    let single = Atom {
                        words: vec![word.clone()],
                        phrase: false,
                        scope: Scope::All,
                        prefix: false,
                    };
                    let list = self.match_word(&single, clause, highlighter, report)?;
                    result = Some(match result {
                        None => list,
                        Some(previous) => intersect(&previous, &list),
                    });
                }
                Ok(result.unwrap_or_default())
            }
            _ if atom.phrase => self.match_phrase(atom, clause, highlighter),
            _ => self.match_word(atom, clause, highlighter, report),
        }
    }

    fn resolve_facet(&self, name: &str) -> Option<usize> {
        let name = tokenize::fold(name);
        self.meta.facets.iter().position(|f| {
            let facet = tokenize::fold(&f.name);
            facet == name
                || facet.strip_suffix('s') == Some(name.as_str())
                || name.strip_suffix('s') == Some(facet.as_str())
                || tokenize::fold(&f.label) == name
        })
    }

    /// Documents with a value of `facet` that contains all the atom's words.
    fn match_facet(
        &self,
        facet: usize,
        atom: &Atom,
        clause: usize,
        highlighter: &mut Highlighter,
    ) -> Vec<Scored> {
        let wanted: Vec<&str> = atom
            .words
            .iter()
            .filter_map(|w| w.term.as_deref())
            .collect();
        let Some(facets) = self.index.facets.as_ref() else {
            self.needs.push(self.index.whole(Role::Facets, 0));
            return Vec::new();
        };
        let mut docs: Vec<u32> = Vec::new();
        for (index, (value, _)) in self.meta.facets[facet].values.iter().enumerate() {
            let value_terms = tokenize::terms(value);
            if !wanted.is_empty() && wanted.iter().all(|w| value_terms.iter().any(|t| t == w)) {
                docs.extend(&facets.docs[facet][index]);
            }
        }
        for term in &wanted {
            highlighter.add_term(term, clause);
        }
        sort_by(&mut docs, &mut |a, b| a.cmp(b));
        docs.dedup();
        docs.into_iter()
            .map(|doc| Scored {
                doc,
                score: 0.0,
                kind: MatchKind::Exact,
                in_title: 0,
            })
            .collect()
    }

    /// Scans the terms files that hold terms in `[low, high)` with `automaton`, calling
    /// `each` with every accepted term (bounded by `limit`). Returns `false`, with the missing
    /// files needed, when some of those terms files are not loaded: the scan would be
    /// incomplete, so it is not made.
    fn scan(
        &self,
        automaton: &fuzzy::Levenshtein,
        low: &[u8],
        high: &[u8],
        limit: usize,
        each: &mut dyn FnMut(&str, &TermInfo),
    ) -> bool {
        let shards = self.index.shards_between(low, Some(high));
        let loaded: Vec<_> = shards
            .clone()
            .filter_map(|n| self.index.shard(n, self.needs))
            .collect();
        if loaded.len() < shards.len() {
            return false;
        }
        let mut scanned = 0;
        for shard in loaded {
            let mut stream =
                fst::IntoStreamer::into_stream(shard.map.search(automaton).ge(low).lt(high));
            while let Some((key, ordinal)) = fst::Streamer::next(&mut stream) {
                scanned += 1;
                if scanned > limit {
                    return true;
                }
                if let Some(info) = shard.info(ordinal) {
                    each(&String::from_utf8_lossy(key), info);
                }
            }
        }
        true
    }

    /// Scans the dictionary terms that begin with `word`'s first letter, or with one of its
    /// transliterations, for those `automaton` accepts: the shards a typo is looked up in.
    fn scan_first_letters(
        &self,
        automaton: &fuzzy::Levenshtein,
        word: &str,
        each: &mut dyn FnMut(&str, &TermInfo),
    ) {
        for first in fuzzy::first_letters(word) {
            let low = first.to_string();
            let high = upper_bound(low.as_bytes());
            self.scan(automaton, low.as_bytes(), &high, MAX_FUZZY_SCAN, each);
        }
    }

    /// The dictionary terms that stand for a word: the exact term, and when typing, the terms
    /// it begins, plus the stems it may be cut from ("negotia" → `negoti`).
    fn expansions(&self, atom: &Atom) -> Vec<Expansion> {
        let word = &atom.words[0];
        let mut out: Vec<Expansion> = Vec::new();
        let push = |term: &str, info: TermInfo, kind: MatchKind, out: &mut Vec<Expansion>| {
            if !out.iter().any(|e| e.term == term) {
                out.push(Expansion {
                    term: term.to_string(),
                    info,
                    df: info.df,
                    kind,
                    edits: 0,
                });
            }
        };
        let Some(term) = &word.term else {
            return out;
        };
        // The exact term comes first: whether typos are looked for depends on its frequency.
        match self.index.lookup(term, self.needs) {
            None => return out,
            Some(Some(info)) => push(term, info, MatchKind::Exact, &mut out),
            Some(None) => {}
        }
        if atom.prefix && !word.folded.is_empty() {
            let folded = &word.folded;
            // Stems the typed word may be cut from: a stem is at most a few letters shorter.
            // Only English words are stemmed, so only they are cut back.
            let stemmable = folded.bytes().all(|b| b.is_ascii_lowercase());
            let shortest = folded.len().saturating_sub(4).max(3);
            for len in (shortest..folded.len()).rev().filter(|_| stemmable) {
                if let Some(stem) = folded.get(..len)
                    && let Some(Some(info)) = self.index.lookup(stem, self.needs)
                {
                    push(stem, info, MatchKind::Prefix, &mut out);
                }
            }
            // A one- or two-letter prefix stands for a large part of the dictionary: fewer of
            // its terms are worth the work while the user types the next letter.
            let keep = match folded.chars().count() {
                1 => MAX_PREFIX_EXPANSIONS / 3,
                2 => MAX_PREFIX_EXPANSIONS * 2 / 3,
                _ => MAX_PREFIX_EXPANSIONS,
            };
            // A prefix is a Levenshtein automaton with no edits: one automaton type for every
            // dictionary scan keeps one copy of the scanning code.
            if let Some(prefix) = fuzzy::Levenshtein::new(folded, 0, true) {
                // Keep the `keep` most frequent terms; a term is only copied when it enters
                // that set.
                let mut prefixed: Vec<(String, TermInfo)> = Vec::with_capacity(keep);
                let mut weakest = 0;
                let high = upper_bound(folded.as_bytes());
                self.scan(
                    &prefix,
                    folded.as_bytes(),
                    &high,
                    MAX_PREFIX_SCAN,
                    &mut |key, info| {
                        if prefixed.len() < keep {
                            prefixed.push((key.to_string(), *info));
                        } else if info.df > prefixed[weakest].1.df {
                            prefixed[weakest] = (key.to_string(), *info);
                        } else {
                            return;
                        }
                        weakest = (0..prefixed.len())
                            .min_by_key(|&i| prefixed[i].1.df)
                            .unwrap_or(0);
                    },
                );
                sort_by(&mut prefixed, &mut by_frequency);
                for (term, info) in prefixed {
                    push(&term, info, MatchKind::Prefix, &mut out);
                }
            }
        }
        self.add_fuzzy(atom, &mut out);
        out
    }

    /// Terms within the word's edit budget, when they are much more frequent than what was
    /// typed (see [`FUZZY_DOMINANCE`]): the closest first, then the most frequent. Only the
    /// terms files of the word's first letter (and of its transliterations) are read.
    fn add_fuzzy(&self, atom: &Atom, out: &mut Vec<Expansion>) {
        let word = &atom.words[0];
        let Some(term) = &word.term else { return };
        let budget = fuzzy::budget(word.folded.chars().count());
        if budget == 0 {
            return;
        }
        let typed_df = out.iter().map(|e| e.df).max().unwrap_or(0);
        // A word that many documents have is what the reader meant: no need to look further.
        if typed_df >= (self.meta.documents / FUZZY_WELL_ATTESTED).max(3) {
            return;
        }
        let mut found: Vec<Expansion> = Vec::new();
        // The stem is what the dictionary holds; the folded word catches names the stemmer
        // would cut differently.
        let mut probes = vec![term.as_str()];
        if word.folded != *term {
            probes.push(word.folded.as_str());
        }
        for probe in probes {
            let Some(automaton) = fuzzy::Levenshtein::new(probe, budget, atom.prefix) else {
                continue;
            };
            self.scan_first_letters(&automaton, probe, &mut |key, info| {
                if info.df < typed_df.saturating_mul(FUZZY_DOMINANCE).max(1)
                    || out.iter().chain(&found).any(|e| e.term == key)
                {
                    return;
                }
                found.push(Expansion {
                    edits: automaton.distance_to(key, atom.prefix),
                    term: key.to_string(),
                    info: *info,
                    df: info.df,
                    kind: MatchKind::Fuzzy,
                });
            });
        }
        sort_by(&mut found, &mut |a, b| {
            a.edits
                .cmp(&b.edits)
                .then(b.df.cmp(&a.df))
                .then_with(|| a.term.cmp(&b.term))
        });
        found.truncate(MAX_FUZZY_EXPANSIONS);
        out.extend(found);
    }

    /// The postings list of a term, or `None` with its bytes needed.
    fn postings(&self, info: &TermInfo, with_positions: bool) -> Result<Option<PostingsList<'_>>> {
        let file = self.index.file_name(Role::Postings);
        let p = info.postings;
        let list = self.index.range(
            Role::Postings,
            p.file as usize,
            p.offset,
            u64::from(p.len),
            Some(p.crc),
            self.needs,
        )?;
        let positions = if with_positions {
            let q = info.positions;
            self.index.range(
                Role::Positions,
                q.file as usize,
                q.offset,
                u64::from(q.len),
                Some(q.crc),
                self.needs,
            )?
        } else {
            Some(&[][..])
        };
        match (list, positions) {
            (Some(list), Some(positions)) => {
                Ok(Some(PostingsList::new(file, info.df, list, positions)?))
            }
            _ => Ok(None),
        }
    }

    /// How a term is written in the documents (so that a correction shows "Araghchi", not a
    /// stem): of its forms in the first document that has it, the closest to `typed`.
    fn surface_form(&self, term: &str, typed: &str) -> Result<Option<String>> {
        let Some(Some(info)) = self.index.lookup(term, self.needs) else {
            return Ok(None);
        };
        let Some(list) = self.postings(&info, false)? else {
            return Ok(None);
        };
        let Some(doc) = list.first_doc(self.meta.documents)? else {
            return Ok(None);
        };
        let Some((record, text)) = self.index.document(doc, self.needs)? else {
            return Ok(None);
        };
        // The term may be in the title or summary only.
        let typed = tokenize::fold(typed);
        let mut best: Option<(u8, String)> = None;
        for source in [record.title, record.summary, text] {
            tokenize::words(source, |word| {
                if tokenize::term(word.folded).is_some_and(|t| t == term) {
                    let edits = fuzzy::distance(&typed, word.folded, false);
                    if best.as_ref().is_none_or(|(b, _)| edits < *b) {
                        best = Some((edits, source[word.start..word.end].to_string()));
                    }
                }
            });
        }
        Ok(best.map(|(_, surface)| surface))
    }

    /// The query with corrections applied and unmatched words replaced by their closest
    /// dictionary word (one edit more than typo tolerance allows), or `None` when nothing
    /// would change.
    fn suggestion(
        &self,
        query: &str,
        corrections: &[Correction],
        unmatched: &[String],
    ) -> Result<Option<String>> {
        let mut replacements: Vec<(String, String)> = corrections
            .iter()
            .map(|c| (c.word.clone(), c.replacement.clone()))
            .collect();
        for word in unmatched {
            let folded = tokenize::fold(word);
            let chars = folded.chars().count();
            if chars < 4 || word.contains(' ') {
                continue;
            }
            let Some(automaton) = fuzzy::Levenshtein::new(&folded, fuzzy::budget(chars) + 1, false)
            else {
                continue;
            };
            let mut best: Option<(u8, u32, String)> = None;
            self.scan_first_letters(&automaton, &folded, &mut |key, info| {
                let candidate = (automaton.distance_to(key, false), info.df, key.to_string());
                if best.as_ref().is_none_or(|b| {
                    (candidate.0, std::cmp::Reverse(candidate.1)) < (b.0, std::cmp::Reverse(b.1))
                }) {
                    best = Some(candidate);
                }
            });
            if let Some((_, _, term)) = best {
                let surface = self.surface_form(&term, word)?.unwrap_or(term);
                replacements.push((word.clone(), surface));
            }
        }
        if replacements.is_empty() {
            return Ok(None);
        }
        let mut text = query.to_string();
        for (word, replacement) in replacements {
            if let Some(at) = text.find(&word) {
                text.replace_range(at..at + word.len(), &replacement);
            }
        }
        Ok((text != query).then_some(text))
    }

    fn norm(&self, doc: u32) -> impl Fn(usize) -> u8 + '_ {
        let n = self.meta.documents as usize;
        move |field| self.norms[field * n + doc as usize]
    }

    fn match_word(
        &self,
        atom: &Atom,
        clause: usize,
        highlighter: &mut Highlighter,
        report: &mut Report,
    ) -> Result<Vec<Scored>> {
        let expansions = self.expansions(atom);
        let word = &atom.words[0];
        if let Some(best) = expansions.first().filter(|e| e.kind == MatchKind::Fuzzy) {
            // Found only by allowing for typos: say what the word was taken for.
            report
                .corrections
                .push((word.text.clone(), best.term.clone()));
        }
        if atom.prefix {
            highlighter.add_prefix(&word.folded, clause);
        }
        let scorer = self.index.scorer.as_ref().ok_or_else(|| {
            self.index.meta().err().unwrap_or(Error::Query {
                message: "no meta".into(),
            })
        })?;
        let only_field = match atom.scope {
            Scope::Field(field) => Some(field),
            _ => None,
        };
        let documents = self.meta.documents;
        // One expansion (the usual case) is collected directly; several are merged in a
        // dense array, one slot per document, which costs the same whatever their number.
        let mut result: Vec<Scored> = Vec::new();
        let mut dense: Vec<Option<Scored>> = Vec::new();
        if expansions.len() > 1 {
            dense = vec![None; documents as usize];
        }
        for expansion in &expansions {
            highlighter.add_term(&expansion.term, clause);
            let Some(list) = self.postings(&expansion.info, false)? else {
                continue;
            };
            let idf = idf(documents, expansion.df);
            let weight = match expansion.kind {
                MatchKind::Exact => 1.0,
                MatchKind::Prefix => PREFIX_WEIGHT,
                MatchKind::Fuzzy => FUZZY_WEIGHT / f32::from(expansion.edits.max(1)),
            };
            let main = list.main_field();
            let single = scorer.single_occurrence_table(idf, main);
            let n = documents as usize;
            if dense.is_empty() {
                result.reserve(list.df as usize);
            }
            let mut emit = |posting: &Posting| {
                let posting = match only_field {
                    Some(field) => match restrict(posting, field) {
                        Some(p) => p,
                        None => return,
                    },
                    None => *posting,
                };
                let doc = posting.doc as usize;
                let score = if posting.total_tf() == 1 && posting.tf[main] == 1 {
                    single[self.norms[main * n + doc] as usize]
                } else {
                    scorer.score(idf, &posting, self.norm(posting.doc))
                } * weight;
                let scored = Scored {
                    doc: posting.doc,
                    score,
                    kind: expansion.kind,
                    in_title: if posting.tf[Field::Title as usize] > 0 {
                        1 << clause
                    } else {
                        0
                    },
                };
                if dense.is_empty() {
                    result.push(scored);
                } else {
                    let slot = &mut dense[doc];
                    *slot = Some(match *slot {
                        Some(old) => Scored {
                            doc: old.doc,
                            score: old.score.max(score),
                            kind: old.kind.min(scored.kind),
                            in_title: old.in_title | scored.in_title,
                        },
                        None => scored,
                    });
                }
            };
            list.for_each(documents, &mut emit)?;
        }
        if !dense.is_empty() {
            result = dense.into_iter().flatten().collect();
        }
        Ok(result)
    }

    /// Documents with the phrase's words at their relative offsets, in one field.
    fn match_phrase(
        &self,
        atom: &Atom,
        clause: usize,
        highlighter: &mut Highlighter,
    ) -> Result<Vec<Scored>> {
        let scorer = self.index.scorer.as_ref().ok_or_else(|| {
            self.index.meta().err().unwrap_or(Error::Query {
                message: "no meta".into(),
            })
        })?;
        let mut lists = Vec::new();
        let mut missing = false;
        for word in &atom.words {
            let Some(term) = &word.term else { continue };
            highlighter.add_term(term, clause);
            let info = match self.index.lookup(term, self.needs) {
                None => {
                    missing = true;
                    continue;
                }
                Some(None) => return Ok(Vec::new()),
                Some(Some(info)) => info,
            };
            let Some(list) = self.postings(&info, true)? else {
                missing = true;
                continue;
            };
            let mut postings = Vec::new();
            list.decode(self.meta.documents, &mut postings)?;
            lists.push((word.offset, info.df, list, postings));
        }
        if missing || lists.is_empty() {
            return Ok(Vec::new());
        }
        // Documents that have every word.
        let mut docs: Vec<u32> = lists[0].3.iter().map(|p| p.doc).collect();
        for (_, _, _, postings) in &lists[1..] {
            let mut j = 0;
            docs.retain(|&doc| {
                while j < postings.len() && postings[j].doc < doc {
                    j += 1;
                }
                j < postings.len() && postings[j].doc == doc
            });
        }
        // positions[word][doc index][field] → positions
        let mut positions: Vec<Vec<[Vec<u32>; FIELD_COUNT]>> = Vec::new();
        for (_, _, list, postings) in &lists {
            let mut per_doc: Vec<[Vec<u32>; FIELD_COUNT]> = vec![Default::default(); docs.len()];
            let mut k = 0;
            list.positions(postings, &docs, |doc, field, found| {
                while k < docs.len() && docs[k] < doc {
                    k += 1;
                }
                if k < docs.len() {
                    per_doc[k][field as usize] = found.to_vec();
                }
            })?;
            positions.push(per_doc);
        }
        let only_field = match atom.scope {
            Scope::Field(field) => Some(field),
            _ => None,
        };
        let mut out = Vec::new();
        for (k, &doc) in docs.iter().enumerate() {
            let mut matched = [0u16; FIELD_COUNT];
            for field in Field::ALL {
                if only_field.is_some_and(|f| f != field) {
                    continue;
                }
                let f = field as usize;
                for &start in &positions[0][k][f] {
                    let all = lists.iter().enumerate().skip(1).all(|(w, (offset, ..))| {
                        let want = start + offset;
                        positions[w][k][f].binary_search(&want).is_ok()
                    });
                    if all {
                        matched[f] += 1;
                    }
                }
            }
            if matched.iter().all(|&m| m == 0) {
                continue;
            }
            // Score the phrase as its words occurring `matched` times in those fields.
            let mut score = 0.0;
            for (_, df, _, _) in &lists {
                let posting = Posting { doc, tf: matched };
                score += scorer.score(idf(self.meta.documents, *df), &posting, self.norm(doc));
            }
            out.push(Scored {
                doc,
                score,
                kind: MatchKind::Exact,
                in_title: if matched[Field::Title as usize] > 0 {
                    1 << clause
                } else {
                    0
                },
            });
        }
        Ok(out)
    }
}

/// Most frequent terms first, then alphabetical, so that the choice of expansions is
/// deterministic.
fn by_frequency(a: &(String, TermInfo), b: &(String, TermInfo)) -> std::cmp::Ordering {
    b.1.df.cmp(&a.1.df).then_with(|| a.0.cmp(&b.0))
}

/// The smallest byte string above every string that starts with `prefix`.
fn upper_bound(prefix: &[u8]) -> Vec<u8> {
    let mut high = prefix.to_vec();
    high.push(0xFF);
    high
}

/// A posting seen through one field only; `None` when the term is not in that field.
fn restrict(posting: &Posting, field: Field) -> Option<Posting> {
    let tf = posting.tf[field as usize];
    (tf > 0).then(|| {
        let mut only = Posting {
            doc: posting.doc,
            tf: [0; FIELD_COUNT],
        };
        only.tf[field as usize] = tf;
        only
    })
}
