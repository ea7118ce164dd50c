//! Term expansion: the dictionary terms that stand for a query word. The exact term; while
//! typing, the terms it is a prefix of and the stems it may be cut from; and within the edit
//! budget, the terms a mistyped word was meant as. Also the surface form of a term and the
//! "Did you mean" query.

use crate::format::Role;
use crate::language::Stemming;
use crate::query::Atom;
use crate::reader::{Flow, Needs, Reader};
use crate::store::meta::Meta;
use crate::store::postings::PostingsList;
use crate::store::terms::TermInfo;
use crate::tokenize;

use super::collect::sort_by;
use super::fuzzy;
use super::hits;
use super::results::Correction;
use super::sets::MatchKind;

/// At most this many dictionary terms stand in for a word typed as a prefix (the most
/// frequent first), so that a one-letter prefix cannot make a query slow.
pub const MAX_PREFIX_EXPANSIONS: usize = 24;

/// At most this many dictionary terms are read to expand one prefix.
pub(crate) const MAX_PREFIX_SCAN: usize = 20_000;

/// At most this many dictionary terms stand in for a mistyped word, the closest and most
/// frequent first.
pub const MAX_FUZZY_EXPANSIONS: usize = 8;

/// At most this many dictionary terms are looked at to correct one word.
pub(crate) const MAX_FUZZY_SCAN: usize = 2_000;

/// A mistyped word is only corrected towards terms this many times more frequent than the
/// word as typed: a rare spelling is often meant, a rare typo of a common word is not.
const FUZZY_DOMINANCE: u32 = 4;

/// A word in at least one document in this many (and at least 3) is taken as meant, and
/// not looked up for typos.
const FUZZY_WELL_ATTESTED: u32 = 1000;

/// A dictionary term that stands for a query word.
pub(super) struct Expansion {
    pub term: String,
    pub info: TermInfo,
    pub df: u32,
    pub kind: MatchKind,
    /// Edits from the typed word (fuzzy matches only).
    pub edits: u8,
}

/// The dictionary as a search sees it: the loaded terms shards and postings, and what it
/// finds missing.
pub(super) struct Dictionary<'a> {
    pub reader: &'a Reader,
    pub meta: &'a Meta,
    pub needs: &'a Needs,
    /// The stemmings of the languages searched: a word stands for one term per language.
    pub stemmings: &'a [Stemming],
}

impl<'a> Dictionary<'a> {
    /// Scans the terms files that hold terms in `[low, high)` with `automaton`, calling
    /// `each` with every accepted term (bounded by `limit`). Returns `false`, with the missing
    /// files needed, when some of those terms files are not loaded: the scan would be
    /// incomplete, so it is not made.
    pub(super) fn scan(
        &self,
        automaton: &fuzzy::Levenshtein,
        low: &[u8],
        high: &[u8],
        limit: usize,
        each: &mut dyn FnMut(&str, &TermInfo),
    ) -> bool {
        let shards = self.reader.shards_between(low, Some(high));
        let loaded: Vec<_> = shards
            .clone()
            .filter_map(|n| self.reader.shard(n, self.needs))
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
    pub(super) fn scan_first_letters(
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

    /// The dictionary terms that stand for a word: its exact term in each language searched
    /// (all count as exact: a word is the same word whichever stemmer cut it, and a document
    /// matching two of them scores as its best, see `matching`), and when typing, the terms
    /// it begins, plus the stems it may be cut from ("negotia" → `negoti`).
    pub(super) fn expansions(&self, atom: &Atom) -> Vec<Expansion> {
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
        if word.terms.is_empty() {
            return out;
        }
        // The exact terms come first: whether typos are looked for depends on their frequency.
        let mut missing = false;
        for term in word.distinct_terms() {
            match self.reader.lookup(term, self.needs) {
                None => missing = true,
                Some(Some(info)) => push(term, info, MatchKind::Exact, &mut out),
                Some(None) => {}
            }
        }
        if missing {
            return out;
        }
        if atom.prefix && !word.folded.is_empty() {
            let folded = &word.folded;
            // Stems the typed word may be cut from: a stem is at most a few letters shorter.
            // Only words a stemmer of the query cuts are cut back.
            let stemmable = self.stemmings.iter().any(|s| s.stems(folded));
            let shortest = folded.len().saturating_sub(4).max(3);
            for len in (shortest..folded.len()).rev().filter(|_| stemmable) {
                if let Some(stem) = folded.get(..len)
                    && let Some(Some(info)) = self.reader.lookup(stem, self.needs)
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
    pub(super) fn add_fuzzy(&self, atom: &Atom, out: &mut Vec<Expansion>) {
        let word = &atom.words[0];
        if word.terms.is_empty() {
            return;
        }
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
        // The stems are what the dictionary holds; the folded word catches names the
        // stemmers would cut differently. (Typed as the most frequent of its stems, a word
        // well attested in one language is not corrected towards another's.)
        let mut probes: Vec<&str> = word.distinct_terms().collect();
        if !probes.contains(&word.folded.as_str()) {
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
    pub(super) fn postings(
        &self,
        info: &TermInfo,
        with_positions: bool,
    ) -> Flow<Option<PostingsList<'a>>> {
        let file = self.reader.file_name(Role::Postings);
        let p = info.postings;
        let list = self.reader.range(
            Role::Postings,
            p.file as usize,
            p.offset,
            u64::from(p.len),
            Some(p.crc),
            self.needs,
        )?;
        let positions = if with_positions {
            let q = info.positions;
            self.reader.range(
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
    pub(super) fn surface_form(&self, term: &str, typed: &str) -> Flow<Option<String>> {
        let Some(Some(info)) = self.reader.lookup(term, self.needs) else {
            return Ok(None);
        };
        let Some(list) = self.postings(&info, false)? else {
            return Ok(None);
        };
        let Some(doc) = list.first_doc(self.meta.documents)? else {
            return Ok(None);
        };
        let Some((record, text)) = hits::document(self.reader, doc, self.needs)? else {
            return Ok(None);
        };
        // The term may be in the title or summary only.
        let typed = tokenize::fold(typed);
        let mut best: Option<(u8, String)> = None;
        for source in [record.title, record.summary, text] {
            tokenize::words(source, |word| {
                let is_term = self
                    .stemmings
                    .iter()
                    .any(|&s| tokenize::term(word.folded, s).is_some_and(|t| t == term));
                if is_term {
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
    pub(super) fn suggestion(
        &self,
        query: &str,
        corrections: &[Correction],
        unmatched: &[String],
    ) -> Flow<Option<String>> {
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
