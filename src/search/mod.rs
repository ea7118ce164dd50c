//! Searching: a request's trip from query text to a page of hits.
//!
//! 1. [`crate::query`] parses the text into clauses of words, phrases and scopes;
//! 2. [`matching`] finds the documents of each clause, through [`expand`] (the dictionary
//!    terms that stand for a word: exact, prefix, typo), postings and [`score`] (BM25F), and
//!    combines them with the set operations of [`sets`];
//! 3. [`filter`] applies the facet selection and date range, and counts facet values and
//!    months, per [`units`]: the entries of an article with entries that answer the
//!    search (from the entries table and the positions of the query's words), an article
//!    without entries as a whole;
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
mod units;

use crate::error::Error;
use crate::format::Role;
use crate::language;
use crate::query;
use crate::reader::{Flow, Needs, Reader, Stop};

use excerpt::Highlighter;
use expand::Dictionary;
use filter::{Counts, Selection};
use matching::{Matcher, Report};
use order::Order;
use request::SearchRequest;
use results::{Correction, SearchResults, Unit as Counted};
use score::Scorer;
use sets::{MatchKind, Scored, subtract};
use units::{QueryInEntries, Unit, entry_unit};

pub use expand::{MAX_FUZZY_EXPANSIONS, MAX_MOVED_EXPANSIONS, MAX_PREFIX_EXPANSIONS};

/// The most hits a page may hold.
pub const MAX_LIMIT: usize = 100;

/// Runs a search over what `reader` has loaded; stops with a need listing everything
/// this stage of the search needs when something is missing.
pub(crate) fn run(reader: &Reader, request: &SearchRequest) -> Flow<SearchResults> {
    run_with(reader, request, true)
}

/// The first page of a search without its typo lookups, when the complete page will begin
/// with its hits, in the same order: a first page by relevance, without filters, of a query
/// whose every word matches as typed (else typos would decide what matches), with no
/// excluded word (a typo of it could exclude more). Typo matches rank below the others
/// (`order`: by match kind) and never change their scores (`Scored::merge`), so the hits
/// found without typos come first in the same order, whatever the typos add. Stops with a
/// need (an empty one when there is no such page) when it cannot answer from what is
/// loaded: the records of those hits come in the round of the typo lookups
/// (`Matcher::fetch_ahead`).
pub(crate) fn first_page(reader: &Reader, request: &SearchRequest) -> Flow<SearchResults> {
    run_with(reader, request, false)
}

/// [`run`], or without typo lookups [`first_page`].
fn run_with(reader: &Reader, request: &SearchRequest, typos: bool) -> Flow<SearchResults> {
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
            typos,
        },
        norms: &columns.norms,
        scorer: &scorer,
        highlighter: Highlighter::new(&stemmings),
        report: Report::default(),
        probes: Vec::new(),
        expanded: Vec::new(),
        page_size: 0,
    };
    let limit = request.limit.min(MAX_LIMIT);
    let (from, to) = filter::date_bounds(request)?;
    let query = query::parse(&request.query, request.typing, &stemmings);

    // 1. Documents matching the query, or every document when browsing.
    let browsing = query.positive().next().is_none();
    let first_page_by_relevance = request.offset == 0
        && request.filters.is_empty()
        && (from, to) == (None, None)
        && matches!(
            Order::parse(&request.sort, meta, browsing),
            Ok(Order::Relevance)
        );
    if first_page_by_relevance {
        matcher.page_size = limit;
    }
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
                    typed_in_title: 0,
                    title_rank: 0,
                })
                .collect()
        }
    } else {
        matcher.match_query(&query)?
    };
    // Excluded words neither highlight nor count as corrections.
    let first_page_kept = first_page_by_relevance
        && !browsing
        && !candidates.is_empty()
        && matcher.report.unmatched.is_empty()
        && !query.clauses.iter().any(|c| c.negated);
    if !typos && !first_page_kept {
        return Err(Stop::Need(Vec::new()));
    }
    let mut excluder = Matcher {
        dict: Dictionary {
            reader,
            meta,
            needs: &needs,
            stemmings: &stemmings,
            typos,
        },
        norms: &columns.norms,
        scorer: &scorer,
        highlighter: Highlighter::new(&stemmings),
        report: Report::default(),
        probes: Vec::new(),
        expanded: Vec::new(),
        page_size: 0,
    };
    let mut excluded = Vec::new();
    for clause in query.clauses.iter().filter(|c| c.negated) {
        excluded.push(excluder.match_clause(clause, 0)?);
    }
    // Matching with a dictionary shard or a postings list missing would be wrong: fetch
    // first.
    matcher.fetch_ahead(&candidates)?;
    needs.check()?;
    for list in &excluded {
        candidates = subtract(candidates, list);
    }
    let Matcher {
        highlighter,
        report,
        probes,
        dict,
        ..
    } = matcher;
    let partial = !report.unmatched.is_empty() && !candidates.is_empty();

    // 2. Filters and counts, unit by unit. The facet lists and the entries table are only
    // fetched when a filter or a date range needs them (the table tells the dates of
    // entries); without them the results come without counts, marked pending, and the
    // caller may fetch and ask again.
    let selection = Selection::new(meta, &request.filters, (from, to))?;
    let with_entries = meta.entries > 0;
    let facets = match &reader.facets {
        Some(facets) => Some(facets),
        None if selection.filters() || (with_entries && selection.has_dates()) => {
            return Err(reader.whole_fetch(Role::Facets, 0));
        }
        None => None,
    };
    let words = !browsing;
    // Where the query's words are in the entries of the matching documents: their
    // positions, read with the page's records when no filter waits for them.
    let query_in_entries = match facets {
        Some(facets) if words && with_entries => {
            let wanted: Vec<u32> = candidates
                .iter()
                .map(|s| s.doc)
                .filter(|&doc| !facets.entries.of(doc).is_empty())
                .collect();
            units::gather(&dict, &probes, &wanted)?
        }
        _ => Some(QueryInEntries::without_words()),
    };
    if query_in_entries.is_none() && selection.chooses_entries() {
        needs.check()?;
    }
    let mut counts = Counts::new(meta);
    let (mut entry_total, mut article_total) = (0, 0);
    let unfiltered = !selection.filters() && !selection.has_dates();
    // One buffer for the entries of every article.
    let mut units: Vec<Unit> = Vec::new();
    // Kept in place: a browse holds every document.
    let mut passing = candidates;
    passing.retain(|candidate| {
        let doc = candidate.doc;
        let day = columns.dates[doc as usize];
        let Some(facets) = facets else {
            // No filters; a date range only in an index without entries.
            if !with_entries {
                counts.days.extend(day.map(|day| (day, true)));
            }
            let passes = selection.in_range(day);
            article_total += usize::from(passes && !with_entries);
            return passes;
        };
        let values = facets.of(doc);
        let entries = if with_entries {
            facets.entries.of(doc)
        } else {
            0..0
        };
        if entries.is_empty() {
            let failed = if unfiltered {
                0
            } else {
                let mut pairs = values.iter().map(|&(f, v)| (f as usize, v as usize));
                selection.failed(&mut pairs, day)
            };
            counts.article(values, failed, day);
            article_total += usize::from(failed == 0);
            return failed == 0;
        }
        let Some(query) = &query_in_entries else {
            // Positions still to come, and no filter on entries: the article is a result if
            // it passes the filters on the facets entries do not carry.
            let mut article = values
                .iter()
                .map(|&(f, v)| (f as usize, v as usize))
                .filter(|&(f, _)| !selection.entry_level(f));
            return selection.failed(&mut article, None) & !filter::DATE_BIT == 0;
        };
        let mut cursor = query.cursor(doc);
        units.clear();
        units.extend(entries.clone().enumerate().map(|(i, entry)| {
            entry_unit(
                &selection,
                query,
                &mut cursor,
                doc,
                i,
                facets.entries.days[entry],
                facets.entries.spans[entry],
                facets.entries.tags(entry),
                values,
            )
        }));
        let values_of = |unit: &Unit, each: &mut dyn FnMut(usize, usize)| {
            let entry = entries.start + unit.entry;
            let tags = facets.entries.tags(entry);
            units::entry_values(&selection, tags, unit.day, values, each);
        };
        let answering = counts.entries(
            &selection,
            &units,
            (query.words, query.in_heading(doc)),
            &values_of,
        );
        entry_total += answering;
        answering > 0
    });
    let counted = facets.is_some() && query_in_entries.is_some();
    let timeline = if counted || !with_entries {
        filter::timeline(counts.days.iter().copied())
    } else {
        Vec::new()
    };
    let facet_counts = match facets {
        Some(_) => filter::facet_counts(meta, &counts.values, &selection, request.facet_values),
        None => Vec::new(),
    };
    let hits = passing;

    // 3. Order, then the requested page.
    let total = hits.len();
    let order = Order::parse(&request.sort, meta, browsing)?;
    let wanted = (request.offset.saturating_add(limit)).min(total);
    let best = collect::top_k(hits, wanted, &mut |a, b| order.compare(a, b, columns));
    let start = request.offset.min(best.len());
    let page: Vec<Scored> = best[start..].iter().take(limit).copied().collect();

    // 4. Display data for the page only; without the entries table, the positions of the
    // query's words are read for the page's documents.
    let page_query = match (&query_in_entries, facets) {
        (Some(_), Some(_)) => None,
        _ if words && with_entries => {
            let mut docs: Vec<u32> = page.iter().map(|s| s.doc).collect();
            collect::sort_by(&mut docs, &mut |a, b| a.cmp(b));
            Some(units::gather(&dict, &probes, &docs)?)
        }
        _ => Some(Some(QueryInEntries::without_words())),
    };
    let entry_query = match &page_query {
        Some(found) => found.as_ref(),
        None => query_in_entries.as_ref(),
    };
    let mut hits = Vec::with_capacity(page.len());
    for scored in &page {
        if let Some(hit) = hits::hit(
            reader,
            scored,
            &highlighter,
            &selection,
            entry_query,
            request,
            &needs,
        )? {
            hits.push(hit);
        }
    }
    let dictionary = dict;
    let surface = |pairs: &mut dyn Iterator<Item = (String, String)>| -> Flow<Vec<Correction>> {
        let mut out = Vec::new();
        for (word, term) in pairs {
            let replacement = dictionary.surface_form(&term, &word)?.unwrap_or(term);
            out.push(Correction { word, replacement });
        }
        Ok(out)
    };
    let corrections = surface(
        &mut report
            .corrections
            .into_iter()
            .map(|(_, word, term)| (word, term)),
    )?;
    let also_read_as = surface(&mut report.also.into_iter())?;
    let completions: Vec<Correction> = report
        .prefix_only
        .filter(|_| total > 0)
        .and_then(|(word, folded)| {
            let replacement = hits::completion(&hits, &folded)?;
            Some(Correction { word, replacement })
        })
        .into_iter()
        .collect();
    // A word being typed read as a stem it may be cut from, which no word shown begins:
    // the reader typed something else, likelier its closest typo.
    let cut_back = report.cut_back.filter(|_| completions.is_empty());
    let rarer = surface(&mut report.rarer.into_iter().chain(cut_back))?;
    let applied: Vec<Correction> = corrections
        .iter()
        .chain(&also_read_as)
        .chain(&rarer)
        .cloned()
        .collect();
    let suggestion = dictionary.suggestion(&request.query, &applied, &report.unmatched)?;
    needs.check()?;
    Ok(SearchResults {
        total,
        entry_total,
        article_total,
        // The unit of what the results hold; the counts of a facet's other values, or of
        // months outside the range, may hold entries while the results hold none.
        unit: if entry_total > 0 {
            Counted::Entries
        } else {
            Counted::Articles
        },
        hits,
        facets_pending: facets.is_none(),
        facets: facet_counts,
        timeline,
        unmatched: report.unmatched,
        partial,
        corrections,
        also_read_as,
        completions,
        suggestion,
        truncated: query.truncated,
    })
}
