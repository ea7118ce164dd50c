//! Matching: the documents that match each clause of the query, scored with BM25F. Words go
//! through their expansions (exact, prefix, typo) and postings; phrases through positions;
//! `facet:` words through the facet lists. Clauses are AND-ed, alternatives OR-ed.

use crate::field::{FIELD_COUNT, Field};
use crate::format::Role;
use crate::query::{Atom, Clause, Query, QueryWord, Scope};
use crate::reader::Flow;
use crate::store::postings::Posting;
use crate::tokenize;

use super::collect::sort_by;
use super::excerpt::Highlighter;
use super::expand::Dictionary;
use super::score::{Scorer, idf};
use super::sets::{MatchKind, Scored, intersect, union};

/// How much a prefix match counts against an exact match of the same word.
const PREFIX_WEIGHT: f32 = 0.7;

/// The score of a document whose title has every word of the query is multiplied by this.
const ALL_WORDS_IN_TITLE: f32 = 2.0;

/// How much a typo-tolerant match counts, divided by its number of edits.
const FUZZY_WEIGHT: f32 = 0.5;

/// What matching learnt about the query's words, for the "Did you mean" line.
#[derive(Default)]
pub(super) struct Report {
    pub unmatched: Vec<String>,
    /// (word as typed, dictionary term it was taken for)
    pub corrections: Vec<(String, String)>,
}

/// What every matching step needs and adds to: the dictionary, the ranking columns, the
/// scorer, the highlighter of the words matched so far and the report of words corrected or
/// unmatched.
pub(super) struct Matcher<'a> {
    pub dict: Dictionary<'a>,
    pub norms: &'a [u8],
    pub scorer: &'a Scorer,
    pub highlighter: Highlighter,
    pub report: Report,
}

impl Matcher<'_> {
    /// Every positive clause must match; the smallest is intersected first. Clauses that
    /// match nothing at all are left out (and reported), so that the other words still give
    /// results, labelled as partial.
    pub(super) fn match_query(&mut self, query: &Query) -> Flow<Vec<Scored>> {
        let mut lists = Vec::new();
        let mut matched: u16 = 0;
        for (number, clause) in query.positive().enumerate() {
            let list = self.match_clause(clause, number)?;
            if list.is_empty() {
                for atom in &clause.alternatives {
                    let words: Vec<&str> = atom.words.iter().map(|w| w.text.as_str()).collect();
                    self.report.unmatched.push(words.join(" "));
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
            }
        }
        for word in &words {
            for term in word.distinct_terms() {
                self.highlighter.add_term(term, clause);
            }
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
                .push((word.text.clone(), best.term.clone()));
        }
        if atom.prefix {
            self.highlighter.add_prefix(&word.folded, clause);
        }
        let scorer = self.scorer;
        let only_field = match atom.scope {
            Scope::Field(field) => Some(field),
            _ => None,
        };
        let documents = self.dict.meta.documents;
        // One expansion (the usual case) is collected directly; several are merged in a
        // dense array, one slot per document, which costs the same whatever their number.
        let mut result: Vec<Scored> = Vec::new();
        let mut dense: Vec<Option<Scored>> = Vec::new();
        if expansions.len() > 1 {
            dense = vec![None; documents as usize];
        }
        for expansion in &expansions {
            self.highlighter.add_term(&expansion.term, clause);
            let Some(list) = self.dict.postings(&expansion.info, false)? else {
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
        let only_field = match scope {
            Scope::Field(field) => Some(*field),
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
            });
        }
        Ok(out)
    }
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
