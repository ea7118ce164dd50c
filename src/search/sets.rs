//! Sets of matching documents and the operations that combine them: AND (intersect), OR
//! (union), NOT (subtract). Every set is sorted by document.

/// How a document matched a word: exact beats prefix beats fuzzy, whatever the scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MatchKind {
    Exact = 0,
    Prefix = 1,
    Fuzzy = 2,
}

/// A matching document with its score so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Scored {
    pub doc: u32,
    pub score: f32,
    /// The worst match kind among the query's clauses.
    pub kind: MatchKind,
    /// A bit per positive clause found in the title.
    pub in_title: u16,
    /// A bit per positive clause whose word the title has in the form typed, not only as
    /// another word of its term (see [`crate::store::postings::title_form`]).
    pub typed_in_title: u16,
    /// The highest title rank of the clauses found in the title (see
    /// [`crate::store::postings::Posting::title_rank`]): below the number of those clauses
    /// when they are the title's rarest words.
    pub title_rank: u8,
}

impl Scored {
    /// One document matched two ways (two terms of a word, two alternatives): the better
    /// score and match kind, the title found either way; but a typo match never changes a
    /// match without typos (its score, its title), so that the documents found without
    /// typos rank the same with or without typo lookups (a first page of them is the top of
    /// the complete page, see `search::first_page`).
    pub(super) fn merge(self, other: Scored) -> Scored {
        let fuzzy = |s: &Scored| s.kind == MatchKind::Fuzzy;
        if fuzzy(&self) != fuzzy(&other) {
            return if fuzzy(&self) { other } else { self };
        }
        Scored {
            doc: self.doc,
            score: self.score.max(other.score),
            kind: self.kind.min(other.kind),
            in_title: self.in_title | other.in_title,
            typed_in_title: self.typed_in_title | other.typed_in_title,
            // Two ways to the same clause: the better rank of those in the title.
            title_rank: match (self.in_title != 0, other.in_title != 0) {
                (true, true) => self.title_rank.min(other.title_rank),
                (true, false) => self.title_rank,
                (false, true) => other.title_rank,
                (false, false) => 0,
            },
        }
    }
}

/// `a` without the documents of `b` (both sorted by document).
pub(super) fn subtract(mut a: Vec<Scored>, b: &[Scored]) -> Vec<Scored> {
    let mut j = 0;
    a.retain(|s| {
        while j < b.len() && b[j].doc < s.doc {
            j += 1;
        }
        !(j < b.len() && b[j].doc == s.doc)
    });
    a
}

/// Documents in both, scores summed, the worse match kind kept.
pub(super) fn intersect(a: &[Scored], b: &[Scored]) -> Vec<Scored> {
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
                    typed_in_title: a[i].typed_in_title | b[j].typed_in_title,
                    title_rank: a[i].title_rank.max(b[j].title_rank),
                });
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Documents in either, merged (see [`Scored::merge`]).
pub(super) fn union(a: Vec<Scored>, b: Vec<Scored>) -> Vec<Scored> {
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
            out.push(a[i].merge(b[j]));
            i += 1;
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(docs: &[(u32, f32, MatchKind)]) -> Vec<Scored> {
        docs.iter()
            .map(|&(doc, score, kind)| Scored {
                doc,
                score,
                kind,
                in_title: 0,
                typed_in_title: 0,
                title_rank: 0,
            })
            .collect()
    }

    #[test]
    fn and_sums_scores_and_keeps_the_worse_kind() {
        let a = set(&[(1, 1.0, MatchKind::Exact), (3, 2.0, MatchKind::Exact)]);
        let b = set(&[(3, 0.5, MatchKind::Fuzzy), (4, 1.0, MatchKind::Exact)]);
        assert_eq!(intersect(&a, &b), set(&[(3, 2.5, MatchKind::Fuzzy)]));
    }

    #[test]
    fn or_keeps_the_better_score_and_kind() {
        let a = set(&[(1, 1.0, MatchKind::Prefix), (3, 2.0, MatchKind::Exact)]);
        let b = set(&[(1, 3.0, MatchKind::Exact), (4, 1.0, MatchKind::Exact)]);
        assert_eq!(
            union(a, b),
            set(&[
                (1, 3.0, MatchKind::Exact),
                (3, 2.0, MatchKind::Exact),
                (4, 1.0, MatchKind::Exact)
            ])
        );
    }

    #[test]
    fn a_typo_match_never_changes_a_match_without_typos() {
        // Document 1 is in the title through its typo only, and scores higher there: it
        // keeps its exact score and no title bit, so that it ranks as without the typo.
        let exact = set(&[(1, 1.0, MatchKind::Exact), (2, 1.0, MatchKind::Prefix)]);
        let mut typo = set(&[(1, 5.0, MatchKind::Fuzzy), (2, 0.2, MatchKind::Fuzzy)]);
        typo[0].in_title = 1;
        assert_eq!(union(exact.clone(), typo.clone()), exact);
        assert_eq!(union(typo, exact.clone()), exact);
        // Between two typos, the better of each.
        let a = set(&[(1, 1.0, MatchKind::Fuzzy)]);
        let mut b = set(&[(1, 2.0, MatchKind::Fuzzy)]);
        b[0].in_title = 1;
        assert_eq!(union(a, b.clone()), b);
    }

    #[test]
    fn not_removes_documents() {
        let a = set(&[(1, 1.0, MatchKind::Exact), (2, 1.0, MatchKind::Exact)]);
        let b = set(&[(2, 9.0, MatchKind::Exact)]);
        assert_eq!(subtract(a, &b), set(&[(1, 1.0, MatchKind::Exact)]));
    }
}
