//! The order of hits: relevance (match kind, then score), newest, oldest, or a sort key; and
//! on the page, titles with the query's words as typed before those with other forms of them.

use std::cmp::Ordering;

use crate::error::{Error, Result};
use crate::store::columns::Columns;
use crate::store::meta::Meta;

use crate::query::Query;
use crate::tokenize;

use super::results::Hit;
use super::sets::{MatchKind, Scored};

/// How much more a hit scores when its title has every query word in the form typed, not
/// only a word of the same stem ("tories" finds "Tory" and "Tories"; the second is likelier
/// meant), in proportion for some of the words: a stemmed form counts about three quarters
/// of the form typed (between Quire's prefix weight, 0.7, and a whole word).
const EXACT_FORM_BONUS: f32 = 0.3;

/// The order of hits.
pub(super) enum Order {
    Relevance,
    Newest,
    Oldest,
    Key { index: usize, descending: bool },
}

impl Order {
    pub(super) fn parse(sort: &str, meta: &Meta, browsing: bool) -> Result<Order> {
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

    pub(super) fn compare(&self, a: &Scored, b: &Scored, columns: &Columns) -> std::cmp::Ordering {
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

/// Reorders a page of hits of one relevance order: within each match kind, a title that has
/// the query's words in the form typed gains up to [`EXACT_FORM_BONUS`] of its score. Only
/// the page is reordered (its titles are at hand), so no hit moves to another page.
pub(super) fn prefer_exact_forms(page: &mut [(MatchKind, Hit)], query: &Query) {
    let typed: Vec<&str> = query
        .positive()
        .flat_map(|clause| &clause.alternatives)
        .flat_map(|atom| &atom.words)
        .map(|word| word.folded.as_str())
        .collect();
    if typed.is_empty() || page.len() < 2 {
        return;
    }
    for (_, hit) in page.iter_mut() {
        let mut found = vec![false; typed.len()];
        tokenize::words(&hit.title, |word| {
            for (seen, typed) in found.iter_mut().zip(&typed) {
                *seen |= word.folded == *typed;
            }
        });
        let share = found.iter().filter(|f| **f).count() as f32 / typed.len() as f32;
        hit.score *= 1.0 + EXACT_FORM_BONUS * share;
    }
    // Stable, as the page's order breaks ties: an insertion sort of at most MAX_LIMIT hits,
    // where the standard library's stable sort would add kilobytes to the Wasm module.
    for i in 1..page.len() {
        let mut j = i;
        while j > 0 && {
            let ((a_kind, a), (b_kind, b)) = (&page[j], &page[j - 1]);
            a_kind.cmp(b_kind).then(b.score.total_cmp(&a.score)) == Ordering::Less
        } {
            page.swap(j, j - 1);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: usize, title: &str, score: f32) -> Hit {
        Hit {
            id: id.to_string(),
            url: String::new(),
            title: title.into(),
            title_highlights: vec![],
            date: None,
            kind: None,
            summary: String::new(),
            excerpt: String::new(),
            excerpt_highlights: vec![],
            entries: vec![],
            sections: vec![],
            facets: vec![],
            score,
        }
    }

    #[test]
    fn the_page_is_reordered_stably_by_kind_then_score() {
        use MatchKind::{Exact, Fuzzy, Prefix};
        // Ties of kind and score keep the page's order, as the standard stable sort does;
        // "talks" as typed in a title lifts that hit above its equals, not above a higher score.
        let kinds = [Fuzzy, Exact, Prefix, Exact, Exact, Fuzzy, Prefix, Exact];
        let scores = [1.0, 2.0, 2.0, 2.0, 3.0, 1.0, 2.0, 2.0];
        let titles = ["a", "b", "c", "talks", "d", "e", "f", "g"];
        let mut page: Vec<(MatchKind, Hit)> = (0..kinds.len())
            .map(|i| (kinds[i], hit(i, titles[i], scores[i])))
            .collect();
        prefer_exact_forms(
            &mut page,
            &crate::query::parse("talks", false, &[crate::language::Stemming::ENGLISH]),
        );
        let order: Vec<&str> = page.iter().map(|(_, h)| h.id.as_str()).collect();
        assert_eq!(order, ["4", "3", "1", "7", "2", "6", "0", "5"]);
    }
}
