//! Units: what a search counts and shows. An article without entries is one unit. An article
//! with dated entries counts as those of its entries that answer the search:
//!
//! - an entry passes the filters by its own tags (outlet, leaning, person, role), its own
//!   year and its own date, and by its article's values of the other facets (kind, author);
//! - of those, the ones that contain a word of the query answer;
//! - if none does, yet the query is about the article as a whole (its title or summary has
//!   the words), or no entry of the article has the words at all (they are in its body or
//!   keywords), every entry that passes the filters answers;
//! - without query words, every entry that passes the filters answers.
//!
//! An article with entries is a result when some of its entries answer. Facet counts and
//! the timeline count units, each filter left out of the counts of its own facet (and the
//! date range out of the timeline), so that a count is never followed by zero results.
//!
//! Which entries contain a word comes from the word's positions in the entries field and
//! each entry's span there (the entries table, or the entry's text), and from the tags: a
//! spelling of a register name, or a `facet:` word, is contained in the entries tagged with
//! that name or value.

use crate::field::Field;
use crate::language::Stemming;
use crate::reader::Flow;
use crate::store::postings::Posting;
use crate::tokenize;

use super::expand::Dictionary;
use super::filter::Selection;
use super::matching::Probe;

/// An entry of a matching article, judged: what a search counts for it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Unit {
    /// The entry's number in its document.
    pub entry: usize,
    /// Its own day.
    pub day: i32,
    /// The filters it fails (see [`Selection::failures`]).
    pub failed: u64,
    /// A bit per query clause the entry contains.
    pub clauses: u16,
    /// Occurrences of the query's words in the entry.
    pub hits: u32,
}

/// Where the query's clauses are found in the entries of some documents.
#[derive(Default)]
pub(super) struct QueryInEntries {
    /// Whether the query has words; without, every entry answers.
    pub words: bool,
    /// (document, position in the entries field, clause) of each occurrence, sorted.
    occurrences: Vec<(u32, u32, u8)>,
    /// The documents whose title or summary has a word of the query, sorted.
    heads: Vec<u32>,
    /// (clause, facet, value): an entry with this tag contains the clause.
    tags: Vec<(usize, usize, usize)>,
}

impl QueryInEntries {
    /// For a search without words.
    pub(super) fn without_words() -> QueryInEntries {
        QueryInEntries::default()
    }

    /// Whether the query's words are in the title or summary of `doc`.
    pub(super) fn in_heading(&self, doc: u32) -> bool {
        self.heads.binary_search(&doc).is_ok()
    }

    /// Where the occurrences of `doc` start: the cursor for its first entry.
    pub(super) fn cursor(&self, doc: u32) -> usize {
        self.occurrences.partition_point(|&(d, _, _)| d < doc)
    }

    /// The clauses an entry of `doc` contains (a bit each), and how many occurrences, from
    /// its span of positions and its tags. `cursor` (from [`QueryInEntries::cursor`]) moves
    /// past the entry: entries are asked for in order.
    pub(super) fn in_entry(
        &self,
        cursor: &mut usize,
        doc: u32,
        (start, len): (u32, u32),
        tags: &[(u16, u32)],
    ) -> (u16, u32) {
        let (mut clauses, mut hits) = (0u16, 0u32);
        let end = start.saturating_add(len);
        while let Some(&(d, position, clause)) = self.occurrences.get(*cursor) {
            if d != doc || position >= end {
                break;
            }
            if position >= start {
                clauses |= 1 << clause;
                hits += 1;
            }
            *cursor += 1;
        }
        for &(clause, facet, value) in &self.tags {
            if tags.contains(&(facet as u16, value as u32)) {
                clauses |= 1 << clause;
            }
        }
        (clauses, hits)
    }
}

/// Finds where the clauses of the query (its `probes`) are in the entries of the documents
/// `wanted` (ascending), reading the positions of the terms that some of them have in
/// their entries; `None` while some positions are not loaded (they are then needed).
pub(super) fn gather(
    dict: &Dictionary<'_>,
    probes: &[(usize, Probe)],
    wanted: &[u32],
) -> Flow<Option<QueryInEntries>> {
    let mut found = QueryInEntries {
        words: true,
        ..QueryInEntries::default()
    };
    let documents = dict.meta.documents;
    let wants = |doc: u32| wanted.binary_search(&doc).is_ok();
    // Each probe gives its occurrences and heads in document order: runs to merge.
    let (mut occurrence_runs, mut head_runs) = (Vec::new(), Vec::new());
    let mut complete = true;
    for (clause, probe) in probes {
        let clause = *clause as u8;
        match probe {
            Probe::Tag(facet, value) => found.tags.push((clause as usize, *facet, *value)),
            Probe::Phrase { starts, heads } => {
                let mut run = Vec::new();
                for (doc, positions) in starts.iter().filter(|(doc, _)| wants(*doc)) {
                    run.extend(positions.iter().map(|&p| (*doc, p, clause)));
                }
                occurrence_runs.push(run);
                head_runs.push(heads.iter().copied().filter(|&doc| wants(doc)).collect());
            }
            Probe::Term { info, field } => {
                let Some(list) = dict.postings(info, false)? else {
                    complete = false;
                    continue;
                };
                let in_field = |f: Field| field.is_none_or(|only| only == f);
                let mut postings: Vec<Posting> = Vec::new();
                list.decode(documents, &mut postings)?;
                let (mut in_entries, mut heads) = (Vec::new(), Vec::new());
                for posting in postings.iter().filter(|p| wants(p.doc)) {
                    let tf = |f: Field| posting.tf[f as usize] > 0 && in_field(f);
                    if tf(Field::Title) || tf(Field::Summary) {
                        heads.push(posting.doc);
                    }
                    if tf(Field::Entries) {
                        in_entries.push(posting.doc);
                    }
                }
                head_runs.push(heads);
                if in_entries.is_empty() {
                    continue;
                }
                // Positions are read only for terms that some wanted entry has.
                let Some(list) = dict.postings(info, true)? else {
                    complete = false;
                    continue;
                };
                let mut run = Vec::new();
                list.positions(&postings, &in_entries, &mut |doc, field, positions| {
                    if field == Field::Entries {
                        run.extend(positions.iter().map(|&p| (doc, p, clause)));
                    }
                })?;
                occurrence_runs.push(run);
            }
        }
    }
    if !complete {
        return Ok(None);
    }
    found.occurrences = merge(occurrence_runs);
    found.heads = merge(head_runs);
    found.heads.dedup();
    Ok(Some(found))
}

/// Sorted runs → one sorted list, merging two at a time (the runs are few).
fn merge<T: Copy + Ord>(mut runs: Vec<Vec<T>>) -> Vec<T> {
    while runs.len() > 1 {
        let b = runs.pop().unwrap_or_default();
        let a = runs.pop().unwrap_or_default();
        let mut merged = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if b[j] < a[i] {
                merged.push(b[j]);
                j += 1;
            } else {
                merged.push(a[i]);
                i += 1;
            }
        }
        merged.extend_from_slice(&a[i..]);
        merged.extend_from_slice(&b[j..]);
        runs.insert(0, merged);
    }
    runs.pop().unwrap_or_default()
}

/// Calls `each` with the (facet, value) pairs an entry counts in: its tags, the year of its
/// day, and its article's values of the facets that entries do not carry.
pub(super) fn entry_values(
    selection: &Selection,
    tags: &[(u16, u32)],
    day: i32,
    article: &[(u16, u32)],
    each: &mut dyn FnMut(usize, usize),
) {
    for &(facet, value) in tags {
        each(facet as usize, value as usize);
    }
    if let Some((facet, value)) = selection.year_value(day) {
        each(facet, value);
    }
    for &(facet, value) in article {
        if !selection.entry_level(facet as usize) {
            each(facet as usize, value as usize);
        }
    }
}

/// An entry as a unit: whether it passes the filters (by its tags, the year of its day and
/// its article's other values) and which clauses it contains.
#[allow(clippy::too_many_arguments)]
pub(super) fn entry_unit(
    selection: &Selection,
    query: &QueryInEntries,
    cursor: &mut usize,
    doc: u32,
    entry: usize,
    day: i32,
    span: (u32, u32),
    tags: &[(u16, u32)],
    article: &[(u16, u32)],
) -> Unit {
    let (clauses, hits) = if query.words {
        query.in_entry(cursor, doc, span, tags)
    } else {
        (0, 0)
    };
    let mut matched = 0;
    if selection.filters() {
        entry_values(selection, tags, day, article, &mut |facet, value| {
            matched |= selection.matched(facet, value);
        });
    }
    Unit {
        entry,
        day,
        failed: selection.failures(matched, Some(day)),
        clauses,
        hits,
    }
}

/// Which entries of an article answer when the filters of `omit` are left out (see the
/// module's rules).
#[derive(Clone, Copy, Debug)]
pub(super) struct Answer {
    omit: u64,
    /// Only entries with words answer.
    with_words: bool,
    /// None does.
    none: bool,
}

impl Answer {
    /// The rule for an article's `units`; `whole`: the query's words are in its title or
    /// summary.
    pub(super) fn new(units: &[Unit], omit: u64, words: bool, whole: bool) -> Answer {
        let passes = |unit: &Unit| unit.failed & !omit == 0;
        let (with_words, none) = if !words {
            (false, false)
        } else if units.iter().any(|u| passes(u) && u.clauses != 0) {
            (true, false)
        } else if whole || units.iter().all(|u| u.clauses == 0) {
            (false, false)
        } else {
            (false, true)
        };
        Answer {
            omit,
            with_words,
            none,
        }
    }

    /// Whether `unit` answers.
    pub(super) fn admits(&self, unit: &Unit) -> bool {
        !self.none && unit.failed & !self.omit == 0 && (!self.with_words || unit.clauses != 0)
    }
}

/// The spans of positions of entries with these texts, in order, counted as the index
/// builder counts them (indexed words only, see [`crate::store::entries::spans`]).
pub(super) fn text_spans<'t>(texts: impl Iterator<Item = &'t str>) -> Vec<(u32, u32)> {
    crate::store::entries::spans(texts.map(|text| {
        let mut indexed = 0;
        tokenize::words(text, |word| {
            // Whether a word is indexed does not depend on its language.
            if tokenize::term(word.folded, Stemming::NONE).is_some() {
                indexed += 1;
            }
        });
        indexed
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(failed: u64, clauses: u16) -> Unit {
        Unit {
            entry: 0,
            day: 0,
            failed,
            clauses,
            hits: clauses.count_ones(),
        }
    }

    fn answered(units: &[Unit], omit: u64, words: bool, whole: bool) -> Vec<usize> {
        let answer = Answer::new(units, omit, words, whole);
        (0..units.len())
            .filter(|&i| answer.admits(&units[i]))
            .collect()
    }

    #[test]
    fn entries_with_the_words_answer_else_all_when_the_article_as_a_whole_does() {
        // Entry 1 has the words but fails a filter; entries 0 and 2 pass it.
        let units = [unit(0, 0), unit(0b10, 1), unit(0, 0)];
        assert_eq!(answered(&units, 0, true, false), Vec::<usize>::new());
        assert_eq!(answered(&units, 0, true, true), [0, 2]);
        // Without that filter, the entry with the words.
        assert_eq!(answered(&units, 0b10, true, false), [1]);
        // Without words, every entry that passes.
        assert_eq!(answered(&units, 0, false, false), [0, 2]);
        // No entry has the words: they are elsewhere in the article, which all its entries
        // stand for.
        let units = [unit(0, 0), unit(0b10, 0)];
        assert_eq!(answered(&units, 0, true, false), [0]);
    }

    #[test]
    fn runs_merge_in_order() {
        let merged = merge(vec![vec![1, 4, 9], vec![], vec![2, 3, 10], vec![4]]);
        assert_eq!(merged, [1, 2, 3, 4, 4, 9, 10]);
    }

    /// The spans of the entries table (written by the builder) and those the page's hits
    /// count from the entries' texts must agree, or counts and hits would disagree.
    #[test]
    fn stored_spans_are_the_spans_of_the_texts() {
        use crate::corpus::{Config, Corpus};
        let mut corpus = Corpus::new(Config::default());
        corpus.add_markdown(
            "a.md",
            "---\ntitle: A\ndate: 2025-05-13\n---\nIntro.\n\n- May 11: The talks of the day, in Muscat.\n  - A nested detail (ایرنا).\n- May 12–13: U.S. and Iranian officials; a 3rd round.\n- May 13: And the, of.\n- May 13: Zürich's x-ray 12:30 https://example.org/a-very-long-url-that-is-not-indexed-because-it-is-over-forty-eight-bytes\n".as_bytes(),
        );
        let built = crate::build::build_index(
            corpus.into_articles(),
            &Config::default().build_options(),
            &mut |_| {},
        )
        .unwrap();
        let mut reader = crate::reader::Reader::new(built.manifest.clone()).unwrap();
        for file in &built.files {
            reader.add_file(&file.name, file.bytes.clone()).unwrap();
        }
        let reader = &reader;
        let facets = reader.facets.as_ref().unwrap();
        let needs = crate::reader::Needs::default();
        let (record, text) = super::super::hits::document(reader, 0, &needs)
            .ok()
            .flatten()
            .unwrap();
        let texts = record
            .entries
            .iter()
            .map(|e| &text[e.start..e.start + e.len]);
        let stored: Vec<(u32, u32)> = facets
            .entries
            .of(0)
            .map(|e| facets.entries.spans[e])
            .collect();
        assert_eq!(stored.len(), 4);
        assert_eq!(text_spans(texts), stored);
    }

    #[test]
    fn text_spans_count_indexed_words_with_gaps() {
        // "the" and "of" are stop words; positions skip them.
        let spans = text_spans(["The talks of Muscat", "", "Shargh wrote"].into_iter());
        assert_eq!(spans, [(0, 2), (10, 0), (18, 2)]);
    }
}
