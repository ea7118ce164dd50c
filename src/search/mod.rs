//! Searching: a request's trip from query text to a page of hits.
//!
//! 1. [`crate::query`] parses the text into clauses of words, phrases and scopes;
//! 2. [`matching`] finds the documents of each clause, through [`expand`] (the dictionary
//!    terms that stand for a word: exact, prefix, typo), postings and [`score`] (BM25F), and
//!    combines them with the set operations of [`sets`];
//! 3. [`filter`] applies the facet selection and date range, and counts facet values and
//!    months;
//! 4. [`order`] sorts, and [`collect`] keeps the requested page;
//! 5. [`hits`] reads the page's records and texts, chooses the entries shown under each hit,
//!    and cuts [`excerpt`]s with their highlights.
//!
//! At any step, data that is not loaded yet is noted in [`Needs`]; the search stops at the
//! next check with [`Stop::Need`](crate::reader::Stop::Need) and is run again once the data
//! has been added.

mod collect;
mod excerpt;
mod expand;
mod filter;
pub(crate) mod fuzzy;
mod hits;
mod matching;
mod order;
pub(crate) mod request;
pub(crate) mod results;
mod score;
mod sets;

use crate::error::Error;
use crate::format::Role;
use crate::language;
use crate::query;
use crate::reader::{Flow, Needs, Reader, Stop};

use excerpt::Highlighter;
use expand::Dictionary;
use matching::{Matcher, Report};
use order::Order;
use request::SearchRequest;
use results::{Correction, SearchResults};
use score::Scorer;
use sets::{MatchKind, Scored, subtract};

pub use expand::{MAX_FUZZY_EXPANSIONS, MAX_PREFIX_EXPANSIONS};

/// The most hits a page may hold.
pub const MAX_LIMIT: usize = 100;

/// Runs a search over what `reader` has loaded; stops with a need listing everything
/// this stage of the search needs when something is missing.
pub(crate) fn run(reader: &Reader, request: &SearchRequest) -> Flow<SearchResults> {
    let meta = reader.meta()?;
    let columns = reader
        .columns
        .as_ref()
        .ok_or_else(|| reader.whole_fetch(Role::Columns, 0))?;
    let needs = Needs::default();
    let scorer = Scorer::new(&meta.average_lengths);
    // The languages the query is stemmed for: the request's, or all the index has.
    let stemmings =
        language::query_stemmings(&meta.languages, request.lang.as_deref()).map_err(|tag| {
            Stop::Fail(Error::Manifest {
                message: format!(
                    "this index has articles in `{tag}`, whose stemmer this engine leaves out: \
                     load quire_all_bg.wasm (built with the `all-stemmers` feature)"
                ),
            })
        })?;
    let mut matcher = Matcher {
        dict: Dictionary {
            reader,
            meta,
            needs: &needs,
            stemmings: &stemmings,
        },
        norms: &columns.norms,
        scorer: &scorer,
        highlighter: Highlighter::new(&stemmings),
        report: Report::default(),
    };
    let limit = request.limit.min(MAX_LIMIT);
    let (from, to) = filter::date_bounds(request)?;
    let query = query::parse(&request.query, request.typing, &stemmings);

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
        matcher.match_query(&query)?
    };
    // Excluded words neither highlight nor count as corrections.
    let mut excluder = Matcher {
        dict: Dictionary {
            reader,
            meta,
            needs: &needs,
            stemmings: &stemmings,
        },
        norms: &columns.norms,
        scorer: &scorer,
        highlighter: Highlighter::new(&stemmings),
        report: Report::default(),
    };
    let mut excluded = Vec::new();
    for clause in query.clauses.iter().filter(|c| c.negated) {
        excluded.push(excluder.match_clause(clause, 0)?);
    }
    // Matching with a dictionary shard or a postings list missing would be wrong: fetch
    // first.
    needs.check()?;
    for list in &excluded {
        candidates = subtract(candidates, list);
    }
    let Matcher {
        highlighter,
        report,
        ..
    } = matcher;
    let partial = !report.unmatched.is_empty() && !candidates.is_empty();

    // 2. Filters and facet counts; the date range applies to the hits and the facet counts,
    // not to the timeline, which shows where else in time the query leads.
    let in_range = |doc: u32| {
        if from.is_none() && to.is_none() {
            return true;
        }
        columns.dates[doc as usize]
            .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
    };
    // Facet lists are only fetched when a filter needs them; without them the results come
    // without counts, marked pending, and the caller may fetch and ask again.
    let facets = match &reader.facets {
        Some(facets) => Some(facets),
        None if request.filters.iter().any(|(_, values)| !values.is_empty()) => {
            return Err(reader.whole_fetch(Role::Facets, 0));
        }
        None => None,
    };
    let selection = filter::Selection::new(meta, facets, &request.filters)?;
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
    // A filter on outlets, leanings or people asks which entries said something: a document
    // with entries stays only if one of them passes (facet counts stay per document).
    if selection.filters_entries() {
        let mut kept = Vec::with_capacity(passing.len());
        for scored in passing {
            let Some((record, text)) = hits::document(reader, scored.doc, &needs)? else {
                continue;
            };
            if record.entries.is_empty()
                || !hits::chosen_entries(&record, text, &highlighter, &selection).is_empty()
            {
                kept.push(scored);
            }
        }
        needs.check()?;
        passing = kept;
    }
    let timeline = filter::timeline(passing.iter().filter_map(|s| columns.dates[s.doc as usize]));
    let mut hits = passing;
    hits.retain(|s| in_range(s.doc));
    let facet_counts = match facets {
        Some(_) => filter::facet_counts(meta, &counts, &selection, request.facet_values),
        None => Vec::new(),
    };

    // 3. Order, then the requested page.
    let total = hits.len();
    let order = Order::parse(&request.sort, meta, browsing)?;
    let wanted = (request.offset.saturating_add(limit)).min(total);
    let best = collect::top_k(hits, wanted, &mut |a, b| order.compare(a, b, columns));
    let page: Vec<Scored> = best.into_iter().skip(request.offset).take(limit).collect();

    // 4. Display data for the page only.
    let mut hits = Vec::with_capacity(page.len());
    for scored in &page {
        if let Some(hit) = hits::hit(reader, scored, &highlighter, &selection, request, &needs)? {
            hits.push(hit);
        }
    }
    let dictionary = Dictionary {
        reader,
        meta,
        needs: &needs,
        stemmings: &stemmings,
    };
    let mut corrections = Vec::new();
    for (word, term) in &report.corrections {
        let replacement = dictionary
            .surface_form(term, word)?
            .unwrap_or_else(|| term.clone());
        corrections.push(Correction {
            word: word.clone(),
            replacement,
        });
    }
    let suggestion = dictionary.suggestion(&request.query, &corrections, &report.unmatched)?;
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
