//! Matching: the documents that match each clause of the query, scored with BM25F. Words go
//! through their expansions (exact, prefix, typo) and postings; phrases through positions;
//! `facet:` words through the facet lists. Clauses are AND-ed, alternatives OR-ed.

use crate::field::{FIELD_COUNT, Field};
use crate::format::Role;
use crate::query::{Atom, Clause, Query, QueryWord, Scope};
use crate::reader::Flow;
use crate::store::postings::{LAST_TITLE_RANK, Posting, title_form};
use crate::store::terms::TermInfo;
use crate::tokenize;

use super::collect::sort_by;
use super::excerpt::Highlighter;
use super::expand::{Dictionary, Expansion, is_cut_back};
use super::score::{Scorer, idf};
use super::sets::{MatchKind, Scored, intersect, union};

/// The terms a word may stand for, each with its documents.
type TermDocuments = Vec<(String, Vec<Scored>)>;

/// How much a prefix match counts against an exact match of the same word.
const PREFIX_WEIGHT: f32 = 0.7;

/// A word being typed that this many times fewer documents have than the most frequent word
/// it begins is likelier that word unfinished ("khamen", the stem of a rare "Khamene", while
/// "khamenei" is on its way): its exact matches rank with the words it begins.
const RARE_AS_TYPED: u64 = 20;

/// The score of a document whose title has every word of the query is multiplied by this.
const ALL_WORDS_IN_TITLE: f32 = 2.0;

/// The score of a document whose title has the query's words in the form typed, not only
/// other words of their terms, is multiplied by up to 1 + this (in proportion to the words).
const TYPED_IN_TITLE_BONUS: f32 = 1.0;

/// The score of a document whose title's rarest words are the query's words (all of them
/// in its title) is multiplied by 1 + this: of titles that share the words typed, the reader
/// likely remembers one whose distinctive words they are, not one with a rarer word left out
/// ("plane crash": "Iran plane crash black box found", not "Ukrainian FMs discuss plane
/// crash").
const RAREST_IN_TITLE_BONUS: f32 = 1.0;

/// How much a typo-tolerant match counts, divided by its number of edits.
const FUZZY_WEIGHT: f32 = 0.5;

/// When the words of a query share fewer documents than this (a first screen of results),
/// the words that exist are also tried as typos of others ("chose fear kennedy" finds
/// "Choose hope over fear"), and so is a word being typed that only begins others
/// ("fitness bost" finds "fitness boost"), below the documents that have the words as typed.
const FEW_RESULTS: usize = 10;

/// What matching learnt about the query's words, for the "Did you mean" line.
#[derive(Default)]
pub(super) struct Report {
    pub unmatched: Vec<String>,
    /// (clause, word as typed, dictionary term it was taken for)
    pub corrections: Vec<(usize, String, String)>,
    /// (word as typed, another term it was also taken for): a word that exists, tried as a
    /// typo of another because the query's words shared too few documents.
    pub also: Vec<(String, String)>,
    /// The word being typed, (as typed, folded), when it is no word of the index and stands
    /// only for the words it begins.
    pub prefix_only: Option<(String, String)>,
    /// (word being typed, a far more frequent word it may be a typo of) when it stands only
    /// for much rarer words it begins: for "Did you mean".
    pub rarer: Vec<(String, String)>,
    /// (word being typed, its closest typo) when the word stands only for stems it may be
    /// cut from ("carlon" for `carlo`): for "Did you mean" when no word shown begins with it.
    pub cut_back: Option<(String, String)>,
}

/// How an entry can contain a clause of the query: what [`super::units`] looks for in each
/// entry to tell which entries answer the query.
pub(super) enum Probe {
    /// An occurrence of a term in the entry (`field`: the clause's scope, if any).
    Term {
        info: TermInfo,
        field: Option<Field>,
    },
    /// A tag of the entry: the outlet or person a name stands for, or a `facet:` value.
    Tag(usize, usize),
    /// A phrase: per document, where it starts in the entries field; and the documents
    /// that have it in the title or summary.
    Phrase {
        starts: Vec<(u32, Vec<u32>)>,
        heads: Vec<u32>,
    },
}

/// What every matching step needs and adds to: the dictionary, the ranking columns, the
/// scorer, the highlighter of the words matched so far, the report of words corrected or
/// unmatched, and the probes that find the clauses in entries.
pub(super) struct Matcher<'a> {
    pub dict: Dictionary<'a>,
    pub norms: &'a [u8],
    pub scorer: &'a Scorer,
    pub highlighter: Highlighter,
    pub report: Report,
    /// (clause, probe).
    pub probes: Vec<(usize, Probe)>,
    /// The expansions of each word matched, by clause.
    pub expanded: Vec<(usize, Vec<Expansion>)>,
    /// The hits a first page ordered by relevance, without filters, shows (0 otherwise):
    /// see [`Matcher::fetch_ahead`].
    pub page_size: usize,
}

impl Matcher<'_> {
    /// Every positive clause must match; the smallest is intersected first. Clauses that
    /// match nothing at all are left out (and reported), so that the other words still give
    /// results, labelled as partial; so are words matched only by typo corrections that share
    /// no document with the others. When the words share few documents, the words that exist
    /// are also tried as typos of others.
    pub(super) fn match_query(&mut self, query: &Query) -> Flow<Vec<Scored>> {
        let clauses: Vec<&Clause> = query.positive().collect();
        // (clause number, its documents)
        let mut lists: Vec<(usize, Vec<Scored>)> = Vec::new();
        for (number, &clause) in clauses.iter().enumerate() {
            let list = self.match_clause(clause, number)?;
            if list.is_empty() {
                self.report.unmatched.extend(clause_words(clause));
            } else {
                lists.push((number, list));
            }
        }
        let mut result = intersect_all(&lists);
        if result.len() < FEW_RESULTS && lists.len() >= 2 {
            // Decide on the complete documents of the words as typed, not on a first round's.
            self.fetch_ahead(&result)?;
            self.dict.needs.check()?;
            result = self.add_real_word_typos(&clauses, &mut lists, result)?;
        }
        if result.is_empty() && lists.len() >= 2 {
            // Corrections that share no document with the other words: leave those words
            // out, as unmatched, rather than answer nothing.
            let corrected: Vec<usize> = lists
                .iter()
                .map(|(number, _)| *number)
                .filter(|&number| {
                    clauses[number].alternatives.len() == 1
                        && self.report.corrections.iter().any(|c| c.0 == number)
                })
                .collect();
            if !corrected.is_empty() && corrected.len() < lists.len() {
                result = self.add_first_letter_typos(&clauses, &mut lists, &corrected)?;
            }
            if result.is_empty() && !corrected.is_empty() && corrected.len() < lists.len() {
                for &number in &corrected {
                    self.report.unmatched.extend(clause_words(clauses[number]));
                }
                self.report
                    .corrections
                    .retain(|c| !corrected.contains(&c.0));
                lists.retain(|(number, _)| !corrected.contains(number));
                result = intersect_all(&lists);
            }
        }
        let matched: u16 = lists
            .iter()
            .map(|(number, _)| 1 << number)
            .fold(0, |a, b| a | b);
        let words = matched.count_ones();
        for scored in &mut result {
            // A title holding every word of the query is very likely what the reader is after.
            if words >= 2 && scored.in_title & matched == matched {
                scored.score *= ALL_WORDS_IN_TITLE;
            }
            // Of titles with the query's words, one with them as typed is likelier the one
            // remembered ("iranians visit": "Iranians visit", not "Iranian ... to visit").
            let typed = (scored.typed_in_title & matched).count_ones();
            if typed > 0 {
                scored.score *= 1.0 + TYPED_IN_TITLE_BONUS * typed as f32 / words as f32;
            }
            // One word is left out: its being a title's rarest says little (measured the same).
            if words >= 2
                && scored.in_title & matched == matched
                && u32::from(scored.title_rank) < words
            {
                scored.score *= 1.0 + RAREST_IN_TITLE_BONUS;
            }
        }
        Ok(result)
    }

    /// When the search waits only for typo lookups, asks in the same round for the records
    /// of `documents` matched without typos, if a first page shows them all: relevance ranks
    /// them above any document a typo adds (by match kind, see `order`), so they are on the
    /// page whatever the typos find, and a typo that adds nothing to it costs no round more.
    pub(super) fn fetch_ahead(&self, documents: &[Scored]) -> Flow<()> {
        if !self.dict.needs.only_for_typos() {
            return Ok(());
        }
        let sure = || documents.iter().filter(|s| s.kind != MatchKind::Fuzzy);
        if sure().count() > self.page_size {
            return Ok(());
        }
        for scored in sure() {
            self.dict.reader.doc_record(scored.doc, self.dict.needs)?;
        }
        Ok(())
    }

    /// Adds to each `corrected` word the documents of the words it may be a typo of with
    /// its first letter mistyped, and returns the new intersection; a word that then shares
    /// documents with the others is reported as taken for the term that gives it the most.
    fn add_first_letter_typos(
        &mut self,
        clauses: &[&Clause],
        lists: &mut [(usize, Vec<Scored>)],
        corrected: &[usize],
    ) -> Flow<Vec<Scored>> {
        // (index in lists, (term, its documents) per candidate, the correction first)
        let mut candidates: Vec<(usize, TermDocuments)> = Vec::new();
        for &number in corrected {
            let [atom] = clauses[number].alternatives.as_slice() else {
                continue;
            };
            let Some(i) = lists.iter().position(|(n, _)| *n == number) else {
                continue;
            };
            let Some((_, expansions)) = self.expanded.iter().find(|(n, _)| *n == number) else {
                continue;
            };
            let expansions = expansions.clone();
            let mut terms: Vec<Expansion> = expansions.iter().take(1).cloned().collect();
            terms.extend(self.dict.first_letter_typos(atom, &expansions));
            let mut documents = Vec::with_capacity(terms.len());
            for term in terms {
                let list = self.score(atom, std::slice::from_ref(&term), number)?;
                documents.push((term.term, list));
            }
            candidates.push((i, documents));
        }
        self.dict.needs.check()?;
        for (i, documents) in &candidates {
            for (_, list) in documents.iter().skip(1) {
                let list = union(std::mem::take(&mut lists[*i].1), list.clone());
                lists[*i].1 = list;
            }
        }
        let result = intersect_all(lists);
        if result.is_empty() {
            return Ok(result);
        }
        let docs: Vec<u32> = result.iter().map(|s| s.doc).collect();
        for (i, documents) in candidates {
            let number = lists[i].0;
            if let Some(term) = most_covering(documents, &docs)
                && let Some(correction) = self.report.corrections.iter_mut().find(|c| c.0 == number)
            {
                correction.2 = term;
            }
        }
        Ok(result)
    }

    /// Reads one word found as typed (or, being typed, found only as the beginning of others)
    /// as a typo of another word, and returns the new intersection (`exact` when no reading
    /// is kept). Of the words, a word being typed that is no term of the index comes first,
    /// then the one whose reading adds the most documents with every word in the title, then
    /// the most documents: when
    /// the words as typed share no document, any that adds some; else only one that adds a
    /// document with every word in its title ("chose fear kennedy" → "Choose hope over
    /// fear, Kennedy"), so that a query already answered is not read as nonsense
    /// ("williams fitness boost" is not also "Willie fixed Boots"). The typo that gives the
    /// most of the added documents is reported.
    fn add_real_word_typos(
        &mut self,
        clauses: &[&Clause],
        lists: &mut [(usize, Vec<Scored>)],
        exact: Vec<Scored>,
    ) -> Flow<Vec<Scored>> {
        // (index in lists, word as typed, (term, its documents) per typo, whether it is a
        // term of the index as typed)
        let mut typos: Vec<(usize, String, TermDocuments, bool)> = Vec::new();
        for (i, (number, _)) in lists.iter().enumerate() {
            let [atom] = clauses[*number].alternatives.as_slice() else {
                continue;
            };
            let Some((_, expansions)) = self.expanded.iter().find(|(n, _)| n == number) else {
                continue;
            };
            // A word being typed that is no word of the index ("bost") stands only for
            // the words it begins ("boston"), which may share nothing with the others: it
            // may as well be a typo of a word ("boost") as a beginning.
            let found_as = |kind| expansions.iter().any(|e| e.kind == kind);
            let typed_so_far = atom.prefix && found_as(MatchKind::Prefix);
            let exact_term = found_as(MatchKind::Exact);
            if atom.phrase || !(exact_term || typed_so_far) {
                continue;
            }
            let found = self.dict.real_word_typos(atom, expansions);
            let mut documents = Vec::with_capacity(found.len());
            for typo in found {
                let list = self.score(atom, std::slice::from_ref(&typo), *number)?;
                documents.push((typo.term, list));
            }
            typos.push((i, atom.words[0].text.clone(), documents, exact_term));
        }
        self.fetch_ahead(&exact)?;
        self.dict.needs.check()?;
        if typos.is_empty() {
            return Ok(exact);
        }
        let every_word: u16 = lists
            .iter()
            .map(|(number, _)| 1 << number)
            .fold(0, |a, b| a | b);
        // ((whether the word is no term of the index as typed, documents added with every
        // word in the title, documents added), index in typos, the word's documents with its
        // typos, the intersection, the documents to report on)
        type Reading = (
            (bool, usize, usize),
            usize,
            Vec<Scored>,
            Vec<Scored>,
            Vec<u32>,
        );
        let mut best: Option<Reading> = None;
        for (t, (i, _, documents, exact_term)) in typos.iter().enumerate() {
            let mut read = lists[*i].1.clone();
            for (_, list) in documents {
                read = union(read, list.clone());
            }
            // The intersection with this word read so, the others as they are.
            let result = intersect_each(
                lists
                    .iter()
                    .enumerate()
                    .map(|(k, (_, list))| if k == *i { &read } else { list }),
            );
            let added: Vec<&Scored> = result
                .iter()
                .filter(|s| exact.binary_search_by_key(&s.doc, |e| e.doc).is_err())
                .collect();
            let in_title: Vec<u32> = added
                .iter()
                .filter(|s| s.in_title & every_word == every_word)
                .map(|s| s.doc)
                .collect();
            // A word being typed that no term is, found only as the beginning of others
            // (or as a word its stem may be cut from: "carlon" as `carlo`), is likelier the
            // typo than a word the index has as typed: "cuts carlon" is "cuts carbon", not
            // "cup carlon", though Carlos Queiroz's World Cup titles outnumber it.
            let worth = (!exact_term, in_title.len(), added.len());
            let enough = if exact.is_empty() {
                worth.2 > 0
            } else {
                worth.1 > 0
            };
            if enough && best.as_ref().is_none_or(|b| worth > b.0) {
                // The typo reported is the one that gives the titles, if any.
                let report = if in_title.is_empty() {
                    added.iter().map(|s| s.doc).collect()
                } else {
                    in_title
                };
                best = Some((worth, t, read, result, report));
            }
        }
        let Some((_, t, read, result, report)) = best else {
            return Ok(exact);
        };
        let (i, word, documents, _) = typos.swap_remove(t);
        lists[i].1 = read;
        if let Some(term) = most_covering(documents, &report) {
            self.report.also.push((word, term));
        }
        Ok(result)
    }

    pub(super) fn match_clause(&mut self, clause: &Clause, number: usize) -> Flow<Vec<Scored>> {
        let mut result = Vec::new();
        for atom in &clause.alternatives {
            let list = self.match_atom(atom, number)?;
            result = union(result, list);
        }
        Ok(result)
    }

    fn match_atom(&mut self, atom: &Atom, clause: usize) -> Flow<Vec<Scored>> {
        match &atom.scope {
            Scope::Facet(name) => {
                if let Some(facet) = self.resolve_facet(name) {
                    return Ok(self.match_facet(facet, atom, clause));
                }
                // Not a facet of this index: search the words as plain text ("note:" ...).
                let mut result: Option<Vec<Scored>> = None;
                for word in atom.words.iter().filter(|w| !w.terms.is_empty()) {
                    let single = Atom {
                        words: vec![word.clone()],
                        phrase: false,
                        scope: Scope::All,
                        prefix: false,
                    };
                    let list = self.match_word(&single, clause)?;
                    result = Some(match result {
                        None => list,
                        Some(previous) => intersect(&previous, &list),
                    });
                }
                Ok(result.unwrap_or_default())
            }
            _ if atom.phrase => self.match_phrase(atom, clause),
            _ => self.match_word(atom, clause),
        }
    }

    fn resolve_facet(&self, name: &str) -> Option<usize> {
        let name = tokenize::fold(name);
        self.dict.meta.facets.iter().position(|f| {
            let facet = tokenize::fold(&f.name);
            facet == name
                || facet.strip_suffix('s') == Some(name.as_str())
                || name.strip_suffix('s') == Some(facet.as_str())
                || tokenize::fold(&f.label) == name
        })
    }

    /// Documents with a value of `facet` that contains all the atom's words (in one of the
    /// languages searched).
    fn match_facet(&mut self, facet: usize, atom: &Atom, clause: usize) -> Vec<Scored> {
        let words: Vec<&QueryWord> = atom.words.iter().filter(|w| !w.terms.is_empty()).collect();
        let Some(facets) = self.dict.reader.facets.as_ref() else {
            self.dict
                .needs
                .push(self.dict.reader.whole(Role::Facets, 0));
            return Vec::new();
        };
        let mut docs: Vec<u32> = Vec::new();
        for (index, (value, _)) in self.dict.meta.facets[facet].values.iter().enumerate() {
            let matches = self
                .dict
                .stemmings
                .iter()
                .enumerate()
                .any(|(l, &stemming)| {
                    let value_terms = tokenize::terms(value, stemming);
                    !words.is_empty()
                        && words
                            .iter()
                            .all(|w| value_terms.iter().any(|t| *t == w.terms[l]))
                });
            if matches {
                docs.extend(&facets.docs[facet][index]);
                self.probes.push((clause, Probe::Tag(facet, index)));
            }
        }
        for word in &words {
            for term in word.distinct_terms() {
                self.highlighter.add_term(term, clause);
            }
        }
        sort_by(&mut docs, &mut |a, b| a.cmp(b));
        docs.dedup();
        docs.iter()
            .map(|&doc| Scored {
                doc,
                score: 0.0,
                kind: MatchKind::Exact,
                in_title: 0,
                typed_in_title: 0,
                title_rank: 0,
            })
            .collect()
    }

    fn norm(&self, doc: u32) -> impl Fn(usize) -> u8 + '_ {
        let n = self.dict.meta.documents as usize;
        move |field| self.norms[field * n + doc as usize]
    }

    fn match_word(&mut self, atom: &Atom, clause: usize) -> Flow<Vec<Scored>> {
        let expansions = self.dict.expansions(atom);
        let word = &atom.words[0];
        if let Some(best) = expansions.first().filter(|e| e.kind == MatchKind::Fuzzy) {
            // Found only by allowing for typos: say what the word was taken for.
            self.report
                .corrections
                .push((clause, word.text.clone(), best.term.clone()));
        }
        if atom.prefix {
            self.highlighter.add_prefix(&word.folded, clause);
            let exact = expansions.iter().any(|e| e.kind == MatchKind::Exact);
            if !exact
                && expansions
                    .first()
                    .is_some_and(|e| e.kind == MatchKind::Prefix)
            {
                self.report.prefix_only = Some((word.text.clone(), word.folded.clone()));
                // Typos are only looked for towards words much more frequent than those it
                // begins (see `expand::FUZZY_DOMINANCE`).
                if let Some(typo) = expansions.iter().find(|e| e.kind == MatchKind::Fuzzy) {
                    let pair = (word.text.clone(), typo.term.clone());
                    let cut_back_only = expansions
                        .iter()
                        .filter(|e| e.kind == MatchKind::Prefix)
                        .all(|e| is_cut_back(e, &word.folded));
                    if cut_back_only {
                        self.report.cut_back = Some(pair);
                    } else {
                        self.report.rarer.push(pair);
                    }
                }
            }
        }
        let result = self.score(atom, &expansions, clause)?;
        self.expanded.push((clause, expansions));
        Ok(result)
    }

    /// The documents of a word's expansions, scored: the best expansion counts per document.
    fn score(&mut self, atom: &Atom, expansions: &[Expansion], clause: usize) -> Flow<Vec<Scored>> {
        let scorer = self.scorer;
        let only_field = match atom.scope {
            Scope::Field(field) => Some(field),
            _ => None,
        };
        let documents = self.dict.meta.documents;
        let typed_form = title_form(&atom.words[0].folded);
        // The readings of a word being typed (the word as it stands, the words it begins)
        // count as rare as its most frequent: else a rare reading (`khamen`, the stem of a
        // "Khamene" in a photo credit) outranks the word meant ("khamenei") by its rarity
        // alone. Their weights still put the word as it stands first.
        let common_df = if atom.prefix {
            expansions
                .iter()
                .filter(|e| e.kind != MatchKind::Fuzzy)
                .map(|e| e.df)
                .max()
                .unwrap_or(0)
        } else {
            0
        };
        // One expansion (the usual case) is collected directly; several are merged in a
        // dense array, one slot per document, which costs the same whatever their number.
        let mut result: Vec<Scored> = Vec::new();
        let mut dense: Vec<Option<Scored>> = Vec::new();
        if expansions.len() > 1 {
            dense = vec![None; documents as usize];
        }
        for expansion in expansions {
            self.highlighter.add_term(&expansion.term, clause);
            self.probes.push((
                clause,
                Probe::Term {
                    info: expansion.info,
                    field: only_field,
                },
            ));
            // A spelling of a name answers in the entries tagged with it, however they
            // write it.
            if expansion.kind != MatchKind::Fuzzy && only_field.is_none() {
                for group in self.dict.meta.names_with(&expansion.term) {
                    if let Some((facet, value)) = group.tag {
                        self.probes.push((clause, Probe::Tag(facet, value)));
                    }
                }
            }
            let Some(list) = self.dict.postings(&expansion.info, false)? else {
                continue;
            };
            let idf = match expansion.kind {
                MatchKind::Fuzzy => idf(documents, expansion.df),
                _ => idf(documents, expansion.df.max(common_df)),
            };
            let weight = match expansion.kind {
                MatchKind::Exact => 1.0,
                MatchKind::Prefix => PREFIX_WEIGHT,
                MatchKind::Fuzzy => FUZZY_WEIGHT / f32::from(expansion.edits.max(1)),
            };
            // A term a typo lookup found ranks with typos, even when it is no edit away; a
            // word being typed that is far rarer than a word it begins ranks with those
            // words, not above them.
            let kind = if expansion.typo {
                MatchKind::Fuzzy
            } else if expansion.kind == MatchKind::Exact
                && atom.prefix
                && u64::from(expansion.df) * RARE_AS_TYPED < u64::from(common_df)
            {
                MatchKind::Prefix
            } else {
                expansion.kind
            };
            // A typo's term never has the word as typed.
            let as_typed = kind != MatchKind::Fuzzy;
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
                let in_title = posting.tf[Field::Title as usize] > 0;
                let scored = Scored {
                    doc: posting.doc,
                    score,
                    kind,
                    in_title: if in_title { 1 << clause } else { 0 },
                    typed_in_title: if in_title && as_typed && posting.title_form == typed_form {
                        1 << clause
                    } else {
                        0
                    },
                    title_rank: if in_title { posting.title_rank } else { 0 },
                };
                if dense.is_empty() {
                    result.push(scored);
                } else {
                    let slot = &mut dense[doc];
                    *slot = Some(match *slot {
                        Some(old) => old.merge(scored),
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

    /// Documents with the phrase's words at their relative offsets, in one field, in one of
    /// the languages searched: the phrase is matched with each language's terms, and a
    /// document scores as its best.
    fn match_phrase(&mut self, atom: &Atom, clause: usize) -> Flow<Vec<Scored>> {
        let languages = atom.words.iter().map(|w| w.terms.len()).max().unwrap_or(0);
        let mut tried: Vec<Vec<(u32, &str)>> = Vec::new();
        let mut result = Vec::new();
        for l in 0..languages {
            let words: Vec<(u32, &str)> = atom
                .words
                .iter()
                .filter_map(|w| w.terms.get(l).map(|t| (w.offset, t.as_str())))
                .collect();
            if tried.contains(&words) {
                continue;
            }
            let list = self.match_phrase_terms(&words, &atom.scope, clause)?;
            result = union(result, list);
            tried.push(words);
        }
        Ok(result)
    }

    /// Documents with the terms at their relative offsets (`(offset, term)`), in one field.
    fn match_phrase_terms(
        &mut self,
        words: &[(u32, &str)],
        scope: &Scope,
        clause: usize,
    ) -> Flow<Vec<Scored>> {
        let scorer = self.scorer;
        let mut lists = Vec::new();
        let mut missing = false;
        for &(offset, term) in words {
            self.highlighter.add_term(term, clause);
            let info = match self.dict.reader.lookup(term, self.dict.needs) {
                None => {
                    missing = true;
                    continue;
                }
                Some(None) => return Ok(Vec::new()),
                Some(Some(info)) => info,
            };
            let Some(list) = self.dict.postings(&info, true)? else {
                missing = true;
                continue;
            };
            let mut postings = Vec::new();
            list.decode(self.dict.meta.documents, &mut postings)?;
            lists.push((offset, info.df, list, postings));
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
            list.positions(postings, &docs, &mut |doc, field, found| {
                while k < docs.len() && docs[k] < doc {
                    k += 1;
                }
                if k < docs.len() {
                    per_doc[k][field as usize] = found.to_vec();
                }
            })?;
            positions.push(per_doc);
        }
        let only_field = match scope {
            Scope::Field(field) => Some(*field),
            _ => None,
        };
        let mut out = Vec::new();
        let (mut starts, mut heads) = (Vec::new(), Vec::new());
        for (k, &doc) in docs.iter().enumerate() {
            let mut matched = [0u16; FIELD_COUNT];
            let mut in_entries = Vec::new();
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
                        if field == Field::Entries {
                            in_entries.push(start);
                        }
                    }
                }
            }
            if matched.iter().all(|&m| m == 0) {
                continue;
            }
            if !in_entries.is_empty() {
                starts.push((doc, in_entries));
            }
            if matched[Field::Title as usize] + matched[Field::Summary as usize] > 0 {
                heads.push(doc);
            }
            // Score the phrase as its words occurring `matched` times in those fields.
            let mut score = 0.0;
            for (_, df, _, _) in &lists {
                let posting = Posting {
                    doc,
                    tf: matched,
                    title_form: 0,
                    title_rank: 0,
                };
                score += scorer.score(idf(self.dict.meta.documents, *df), &posting, self.norm(doc));
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
                typed_in_title: 0,
                // Not known for a phrase: as if its words were not all the title's rarest.
                title_rank: LAST_TITLE_RANK,
            });
        }
        self.probes.push((clause, Probe::Phrase { starts, heads }));
        Ok(out)
    }
}

/// The documents in every list, the shortest intersected first.
fn intersect_all(lists: &[(usize, Vec<Scored>)]) -> Vec<Scored> {
    intersect_each(lists.iter().map(|(_, list)| list))
}

/// The documents in every one of `lists`, the smallest intersected first.
fn intersect_each<'a>(lists: impl Iterator<Item = &'a Vec<Scored>>) -> Vec<Scored> {
    let mut order: Vec<&Vec<Scored>> = lists.collect();
    sort_by(&mut order, &mut |a, b| a.len().cmp(&b.len()));
    let mut order = order.into_iter();
    let mut result = order.next().cloned().unwrap_or_default();
    for list in order {
        if result.is_empty() {
            break;
        }
        result = intersect(&result, list);
    }
    result
}

/// Of (term, its documents) candidates, the term with the most of `docs` (sorted), the first
/// on ties (candidates come closest and most frequent first); `None` when none has any.
fn most_covering(candidates: Vec<(String, Vec<Scored>)>, docs: &[u32]) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for (term, list) in candidates {
        let covered = list
            .iter()
            .filter(|s| docs.binary_search(&s.doc).is_ok())
            .count();
        if covered > best.as_ref().map_or(0, |b| b.0) {
            best = Some((covered, term));
        }
    }
    best.map(|(_, term)| term)
}

/// The words of a clause as typed, one entry per alternative.
fn clause_words(clause: &Clause) -> Vec<String> {
    clause
        .alternatives
        .iter()
        .map(|atom| {
            let mut words = String::new();
            for (i, word) in atom.words.iter().enumerate() {
                if i > 0 {
                    words.push(' ');
                }
                words.push_str(&word.text);
            }
            words
        })
        .collect()
}

/// A posting seen through one field only; `None` when the term is not in that field.
fn restrict(posting: &Posting, field: Field) -> Option<Posting> {
    let tf = posting.tf[field as usize];
    (tf > 0).then(|| {
        let mut only = Posting {
            doc: posting.doc,
            tf: [0; FIELD_COUNT],
            title_form: posting.title_form,
            title_rank: posting.title_rank,
        };
        only.tf[field as usize] = tf;
        only
    })
}
