//! Term expansion: the dictionary terms that stand for a query word. The exact term; while
//! typing, the terms it is a prefix of and the stems it may be cut from; and within the edit
//! budget, the terms a mistyped word was meant as. Also the surface form of a term and the
//! "Did you mean" query.

use crate::error::Error;
use crate::format::{ROTATED_MARK, Role};
use crate::language::Stemming;
use crate::query::Atom;
use crate::reader::{Flow, Needs, Reader};
use crate::store::lexicon;
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

/// A prefix this short (in letters) is completed from the one terms file it starts in, not
/// from every file of its range (see `expand`).
pub(crate) const SHORT_PREFIX: usize = 2;

/// A word being typed whose own terms file is not loaded asks for the files its prefix spans
/// in the same round when they are at most this many (else the next round, once its own
/// file says what it is): a longer prefix's range is narrower, and the next keystroke may
/// narrow it again, so that more would be bytes on a slow line that no search reads.
pub(crate) const PREFIX_SHARDS_AHEAD: usize = 2;

/// At most this many dictionary terms with its first letter stand in for a mistyped word,
/// the closest and most frequent first.
pub const MAX_FUZZY_EXPANSIONS: usize = 8;

/// And at most this many with another first letter (see `Dictionary::typos`).
pub const MAX_MOVED_EXPANSIONS: usize = 3;

/// At most this many dictionary terms are looked at to correct one word.
pub(crate) const MAX_FUZZY_SCAN: usize = 2_000;

/// A mistyped word is only corrected towards terms this many times more frequent than the
/// word as typed: a rare spelling is often meant, a rare typo of a common word is not.
const FUZZY_DOMINANCE: u32 = 4;

/// The lowest key past the rotated lexicon (see [`crate::store::lexicon`]): where the plain
/// dictionary begins.
const PAST_ROTATED: [u8; 1] = [ROTATED_MARK as u8 + 1];

/// A word in at least one document in this many (and at least 3) is taken as meant, and
/// not looked up for typos.
const FUZZY_WELL_ATTESTED: u32 = 1000;

/// A dictionary term that stands for a query word.
#[derive(Clone)]
pub(super) struct Expansion {
    pub term: String,
    pub info: TermInfo,
    pub df: u32,
    pub kind: MatchKind,
    /// Edits from the typed word (fuzzy matches only).
    pub edits: u8,
    /// Found by a typo lookup: its documents rank with typo matches, below those of the
    /// words as typed, even when it is no edit away (see `matching::score`), so that a
    /// first page of those (see `search::first_page`) is the top of the complete one.
    pub typo: bool,
}

/// The dictionary as a search sees it: the loaded terms shards and postings, and what it
/// finds missing.
pub(super) struct Dictionary<'a> {
    pub reader: &'a Reader,
    pub meta: &'a Meta,
    pub needs: &'a Needs,
    /// The stemmings of the languages searched: a word stands for one term per language.
    pub stemmings: &'a [Stemming],
    /// Whether words are looked up for typos; without, the search answers from the words as
    /// typed (their exact, prefix and name matches): a first page (see `search::first_page`).
    pub typos: bool,
}

/// How a word's typo lookup went, for what comes next.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Lookup {
    /// It found candidates (their terms files may still be on their way), or it was not
    /// needed.
    Found,
    /// It read every lexicon file it needed and found nothing.
    Nothing,
    /// It found nothing in the lexicon files it had; others were missing (and are now
    /// needed).
    Incomplete,
    /// It found nothing in the lexicon files of its own first letters; the rotated ones are
    /// now needed, and may find it (a word being typed whose terms file came with an earlier
    /// keystroke, when it had fewer than four letters, has not asked for them ahead).
    Rotated,
}

impl<'a> Dictionary<'a> {
    /// Scans the terms files that hold terms in `[low, high)` with `automaton`, calling
    /// `each` with every accepted term (bounded by `limit`). Returns `false`, with the missing
    /// files needed, when some of those terms files are not loaded: the scan would be
    /// incomplete, so it is not made.
    pub(super) fn scan(
        &self,
        automaton: &fuzzy::Levenshtein,
        (low, high): (&[u8], &[u8]),
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
                // Terms are written from Rust strings: a key that is not UTF-8 is no word
                // of the archive, and lossy decoding would cost the module its own code.
                if let (Some(info), Ok(term)) = (shard.info(ordinal), std::str::from_utf8(key)) {
                    each(term, info);
                }
            }
        }
        true
    }

    /// Scans the lexicon files that hold terms in `[low, high)` with `automaton`, calling
    /// `each` with every accepted term and its document frequency (bounded by `limit`): the
    /// dictionary without postings, which typo lookups walk. Returns `false`, with the
    /// missing files needed (for typos), when some are not loaded.
    fn scan_lexicon(
        &self,
        automaton: &fuzzy::Levenshtein,
        (low, high): (&[u8], &[u8]),
        limit: usize,
        each: &mut dyn FnMut(&str, u32),
    ) -> bool {
        let files = self.reader.ranges_between(Role::Lexicon, low, Some(high));
        let loaded: Vec<_> = files
            .clone()
            .filter_map(|n| self.reader.lexicon(n, self.needs))
            .collect();
        if loaded.len() < files.len() {
            return false;
        }
        let mut scanned = 0;
        for lexicon in loaded {
            let mut stream =
                fst::IntoStreamer::into_stream(lexicon.map.search(automaton).ge(low).lt(high));
            while let Some((key, df)) = fst::Streamer::next(&mut stream) {
                scanned += 1;
                if scanned > limit {
                    return true;
                }
                // Terms are written from Rust strings: a key that is not UTF-8 is no word
                // of the archive, and lossy decoding would cost the module its own code.
                if let Ok(term) = std::str::from_utf8(key) {
                    each(term, u32::try_from(df).unwrap_or(u32::MAX));
                }
            }
        }
        true
    }

    /// Scans the dictionary terms that begin with `word`'s first letter, or with one of its
    /// transliterations, for those `automaton` accepts: where a typo is looked up.
    fn scan_first_letters(
        &self,
        automaton: &fuzzy::Levenshtein,
        word: &str,
        each: &mut dyn FnMut(&str, u32),
    ) {
        self.scan_letters(automaton, &fuzzy::first_letters(word), each);
    }

    /// Scans the dictionary terms that begin with one of `letters` for those `automaton`
    /// accepts; `false` when some of their lexicon files were missing (and are now needed).
    fn scan_letters(
        &self,
        automaton: &fuzzy::Levenshtein,
        letters: &[char],
        each: &mut dyn FnMut(&str, u32),
    ) -> bool {
        let mut complete = true;
        for &first in letters {
            let low = first.to_string();
            let high = upper_bound(low.as_bytes());
            complete &= self.scan_lexicon(automaton, (low.as_bytes(), &high), MAX_FUZZY_SCAN, each);
        }
        complete
    }

    /// Scans the rotated lexicon for the terms a word may be with an edit at its first letter
    /// (see [`crate::store::lexicon::rotated_prefixes`]), calling `each` with each
    /// such term and its document frequency; `false` when some of their files were missing
    /// (and are now needed).
    fn scan_rotated(&self, word: &str, each: &mut dyn FnMut(&str, u32)) -> bool {
        let mut complete = true;
        for prefix in lexicon::rotated_prefixes(word) {
            // The range alone selects; an automaton that accepts what it begins saves the
            // module a second kind of stream.
            let Some(begins) = fuzzy::Levenshtein::new(&prefix, 0, true) else {
                continue;
            };
            let high = upper_bound(prefix.as_bytes());
            let mut unrotated = |key: &str, df: u32| {
                if let Some(term) = lexicon::unrotate(key) {
                    each(&term, df);
                }
            };
            complete &= self.scan_lexicon(
                &begins,
                (prefix.as_bytes(), &high),
                MAX_FUZZY_SCAN,
                &mut unrotated,
            );
        }
        complete
    }

    /// Asks for every lexicon file not loaded but the rotated ones, for a typo lookup: what
    /// a first-letter typo lookup reads (see [`Dictionary::first_letter_typos`]).
    fn fetch_every_lexicon(&self) {
        for n in self
            .reader
            .ranges_between(Role::Lexicon, &PAST_ROTATED, None)
        {
            self.reader.lexicon(n, self.needs);
        }
    }

    /// Asks, with a word's terms file, for the lexicon files its typos would be looked up
    /// in, so that a typo lookup costs no round of its own: a first round brings both.
    pub(super) fn fetch_lexicon_ahead(&self, word: &str) {
        let firsts = fuzzy::first_letters(word).into_iter().map(String::from);
        for low in firsts.chain(lexicon::rotated_prefixes(word)) {
            let high = upper_bound(low.as_bytes());
            for n in self
                .reader
                .ranges_between(Role::Lexicon, low.as_bytes(), Some(&high))
            {
                self.reader.lexicon(n, self.needs);
            }
        }
    }

    /// The other spellings of the names (outlets, people of the registers) that the terms
    /// found so far are spellings of: "Araqchi" matches as "Araghchi" would, with the same
    /// kind of match.
    fn add_names(&self, out: &mut Vec<Expansion>) {
        let mut added = Vec::new();
        for expansion in out.iter().filter(|e| e.kind != MatchKind::Fuzzy) {
            for group in self.meta.names_with(&expansion.term) {
                for term in &group.terms {
                    if out
                        .iter()
                        .chain(&added)
                        .all(|e: &Expansion| e.term != *term)
                        && let Some(Some(info)) = self.reader.lookup(term, self.needs)
                    {
                        added.push(Expansion {
                            term: term.clone(),
                            info,
                            df: info.df,
                            kind: expansion.kind,
                            edits: 0,
                            typo: false,
                        });
                    }
                }
            }
        }
        out.extend(added);
    }

    /// The dictionary terms that stand for a word: its exact term in each language searched
    /// (all count as exact: a word is the same word whichever stemmer cut it, and a document
    /// matching two of them scores as its best, see `matching`), and when typing, the terms
    /// it begins, plus the stems it may be cut from ("negotia" → `negoti`); and the other
    /// spellings of a name any of them is (see [`Dictionary::add_names`]).
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
                    typo: false,
                });
            }
        };
        if word.terms.is_empty() {
            return out;
        }
        // The shards of the other spellings of a name the word is (known from the meta file)
        // are asked for with the word's own, in the same round.
        for term in word.distinct_terms() {
            for group in self.meta.names_with(term) {
                for other in &group.terms {
                    self.reader.lookup(other, self.needs);
                }
            }
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
            // A new word: the lexicon files a typo lookup would read come in the same round
            // (for a word being typed, from its first letter: the next ones will need them).
            if self.typos && (atom.prefix || fuzzy::budget(word.folded.chars().count()) > 0) {
                self.fetch_lexicon_ahead(&word.folded);
            }
            // A word being typed scans the terms it begins next, and those often run on into
            // the next terms file: a frequent word starts a file of its own ("fina" reads the
            // files from `field` and from `final`). When few, they come in this round too.
            let folded = word.folded.as_bytes();
            if atom.prefix && word.folded.chars().count() > SHORT_PREFIX {
                let shards = self
                    .reader
                    .shards_between(folded, Some(&upper_bound(folded)));
                if shards.len() <= PREFIX_SHARDS_AHEAD {
                    for n in shards {
                        self.reader.shard(n, self.needs);
                    }
                }
            }
            return out;
        }
        // Whether the terms a word being typed begins were all read.
        let mut prefixes_read = true;
        if atom.prefix && !word.folded.is_empty() {
            let folded = &word.folded;
            // Stems the typed word may be cut from ("negotia" → `negoti`, from "negotiations"):
            // a stem a few letters shorter, when one of its words begins with the typed
            // letters. Not any shorter word ("subwy" is not `sub`): only the stemmer's endings.
            let shortest = folded.len().saturating_sub(4).max(3);
            let english = self.stemmings.contains(&Stemming::ENGLISH);
            for len in (shortest..folded.len()).rev().filter(|_| english) {
                if let Some(stem) = folded.get(..len)
                    && tokenize::is_english_stem(stem)
                    && begins_a_word_of(folded, stem)
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
                let mut low = folded.as_bytes().to_vec();
                let mut high = upper_bound(folded.as_bytes());
                if folded.chars().count() <= SHORT_PREFIX {
                    // One terms file, the first that begins with the prefix (else the one it
                    // falls in): "s" begins 21 terms files (670 kB with their postings) of a
                    // 33,672-article archive, too much for a keystroke on a slow line, and
                    // the next letter narrows the range anyway.
                    let mut first = self.reader.shards_between(&low, None).start;
                    if let Some(end) = self.reader.shard_end(first)
                        && end.starts_with(folded.as_bytes())
                    {
                        low = end.to_vec();
                        first += 1;
                    }
                    if let Some(end) = self.reader.shard_end(first)
                        && end < high.as_slice()
                    {
                        high = end.to_vec();
                    }
                }
                prefixes_read =
                    self.scan(&prefix, (&low, &high), MAX_PREFIX_SCAN, &mut |key, info| {
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
                    });
                sort_by(&mut prefixed, &mut by_frequency);
                for (term, info) in prefixed {
                    push(&term, info, MatchKind::Prefix, &mut out);
                }
            }
        }
        self.add_names(&mut out);
        let lookup = self.add_fuzzy(atom, &mut out);
        if out.is_empty() && prefixes_read {
            match lookup {
                // Only once the lexicon of its own letters was read and found nothing: else
                // the whole lexicon would be fetched for a word an ordinary typo will find.
                Lookup::Nothing => out = self.first_letter_typos(atom, &[]),
                // Nothing in the lexicon files it had, and some of its own letters' still to
                // come: the rest of the lexicon comes with them, in one round, should its
                // first letter be the typo ("zarif" is no word of the index).
                Lookup::Incomplete => self.fetch_every_lexicon(),
                // Only the rotated files are missing: they may well find it (`xarif`), and
                // they are a few kB where the rest of the lexicon is hundreds.
                Lookup::Found | Lookup::Rotated => {}
            }
        }
        out
    }

    /// Terms within the word's edit budget, when they are much more frequent than what was
    /// typed (see [`FUZZY_DOMINANCE`]): the closest first, then the most frequent. Only the
    /// lexicon files of the word's first letter (and of its transliterations) are read, then
    /// the terms files of the terms kept.
    pub(super) fn add_fuzzy(&self, atom: &Atom, out: &mut Vec<Expansion>) -> Lookup {
        // A stem the word being typed may be cut from ("carlon" as `carlo`, of Carlos, since
        // "carloness" would be cut so) is a guess, not what was typed: a typo as frequent
        // ("carbon") is as likely, where a word typed or begun must be far rarer.
        let folded = atom.words[0].folded.as_str();
        let df_of = |cut_back: bool| {
            out.iter()
                .filter(|e| is_cut_back(e, folded) == cut_back)
                .map(|e| e.df)
                .max()
                .unwrap_or(0)
        };
        let (typed_df, cut_back_df) = (df_of(false), df_of(true));
        // A word that many documents have is what the reader meant: no need to look further.
        if !self.typos || typed_df >= (self.meta.documents / FUZZY_WELL_ATTESTED).max(3) {
            return Lookup::Found;
        }
        let (found, lookup) = self.typos(
            atom,
            typed_df
                .saturating_mul(FUZZY_DOMINANCE)
                .max(cut_back_df)
                .max(1),
            out,
            false,
        );
        out.extend(found);
        lookup
    }

    /// The terms a word may have been meant as with its first letter mistyped ("oros" →
    /// soros), when it finds nothing otherwise, or nothing the other words of the query
    /// have: the whole lexicon is read for them.
    pub(super) fn first_letter_typos(&self, atom: &Atom, known: &[Expansion]) -> Vec<Expansion> {
        if !self.typos {
            return Vec::new();
        }
        let (mut found, _) = self.typos(atom, 1, known, true);
        found.retain(|e| e.kind == MatchKind::Fuzzy);
        found
    }

    /// What a word that exists may have been meant as: the terms within its edit budget, as
    /// frequent or not, that it neither is nor begins ("chose" → choose, chase; "sure" →
    /// surge). Tried when the words of a query share too few documents.
    pub(super) fn real_word_typos(&self, atom: &Atom, expansions: &[Expansion]) -> Vec<Expansion> {
        if !self.typos {
            return Vec::new();
        }
        let (mut found, _) = self.typos(atom, 1, expansions, false);
        found.retain(|e| e.kind == MatchKind::Fuzzy);
        found
    }

    /// The terms within the word's edit budget with at least `min_df` documents, other than
    /// those of `known`, the closest first (whole words before beginnings of words while
    /// typing), then the most frequent; at most [`MAX_FUZZY_EXPANSIONS`] with its first letter
    /// and [`MAX_MOVED_EXPANSIONS`] with another. Edits to the first
    /// letter count one only with `first_letter`, and the whole lexicon is then read. Also
    /// how the lookup went.
    fn typos(
        &self,
        atom: &Atom,
        min_df: u32,
        known: &[Expansion],
        first_letter: bool,
    ) -> (Vec<Expansion>, Lookup) {
        let word = &atom.words[0];
        let budget = fuzzy::budget(word.folded.chars().count());
        if word.terms.is_empty() || budget == 0 {
            return (Vec::new(), Lookup::Nothing);
        }
        // (partly, term, df, edits)
        let mut found: Vec<(bool, String, u32, u8)> = Vec::new();
        // The word as typed, against the stems of the dictionary and the words they are cut
        // from (see `Levenshtein::with_endings`).
        let probe = word.folded.as_str();
        let Some(mut automaton) =
            fuzzy::Levenshtein::new(probe, budget, atom.prefix).map(|a| a.with_endings())
        else {
            return (Vec::new(), Lookup::Nothing);
        };
        automaton = automaton.with_first_letter_edits(first_letter);
        // The letters the word may begin with (its own, and its transliterations').
        let firsts = fuzzy::first_letters(probe);
        let mut each = |key: &str, df: u32| {
            if df < min_df
                || known.iter().any(|e| e.term == key)
                || found.iter().any(|(_, term, _, _)| term == key)
            {
                return;
            }
            let Some((edits, whole)) = automaton.word_distance(key) else {
                return;
            };
            // While typing, a whole word within the budget is likelier than the beginning
            // of one ("wiht": wight before without).
            found.push((whole != edits, key.to_string(), df, edits));
        };
        // (whether the files of its own first letters were read, and the rotated ones)
        let (own, rotated) = if first_letter {
            let read = self.scan_lexicon(
                &automaton,
                (&PAST_ROTATED, &[0xFF]),
                MAX_FUZZY_SCAN,
                &mut each,
            );
            (read, true)
        } else {
            // Its first letters' terms, and from the rotated lexicon those it is with an edit
            // at its first letter ("ubmarine", "konfusion", "rian", "xiran").
            let rotated = self.scan_rotated(probe, &mut each);
            (self.scan_letters(&automaton, &firsts, &mut each), rotated)
        };
        let lookup = match (found.is_empty(), own, rotated) {
            (false, _, _) => Lookup::Found,
            (true, true, true) => Lookup::Nothing,
            (true, true, false) => Lookup::Rotated,
            (true, false, _) => Lookup::Incomplete,
        };
        // A name the archive files things under (a facet value: "Khamenei") before another
        // spelling as close ("Khamenehi", an alias).
        let names = if found.len() > 1 {
            self.name_terms(word.folded.chars().next())
        } else {
            Vec::new()
        };
        let unnamed = |term: &str| names.binary_search_by(|n| n.as_str().cmp(term)).is_err();
        sort_by(
            &mut found,
            &mut |(a_partly, a, a_df, a_edits), (b_partly, b, b_df, b_edits)| {
                a_edits
                    .cmp(b_edits)
                    .then(a_partly.cmp(b_partly))
                    .then_with(|| unnamed(a).cmp(&unnamed(b)))
                    .then(b_df.cmp(a_df))
                    .then_with(|| a.cmp(b))
            },
        );
        // Terms with another first letter (from the rotated lexicon) come on top of those with
        // the word's own, never in their place: people mistype the first letter less often,
        // and a frequent word one edit away at the first letter ("bring" for "sring") must
        // not push out a rarer one of the word's own letter.
        let (mut kept, mut moved) = (0, 0);
        found.retain(|(_, term, _, _)| {
            let (count, limit) = if term.chars().next().is_some_and(|c| firsts.contains(&c)) {
                (&mut kept, MAX_FUZZY_EXPANSIONS)
            } else {
                (&mut moved, MAX_MOVED_EXPANSIONS)
            };
            *count += 1;
            *count <= limit
        });
        // The terms kept, from their terms files (asked for together when not loaded).
        let found = found
            .into_iter()
            .filter_map(|(_, term, df, edits)| {
                let info = self.reader.lookup_for_typos(&term, self.needs)??;
                Some(Expansion {
                    edits,
                    term,
                    info,
                    df,
                    // No edit: the beginning of a word the stemmer cut back further.
                    kind: if edits == 0 {
                        MatchKind::Prefix
                    } else {
                        MatchKind::Fuzzy
                    },
                    typo: true,
                })
            })
            .collect();
        (found, lookup)
    }

    /// The terms of the words of facet values (names of people, outlets, topics...) that
    /// begin with `first`, sorted.
    fn name_terms(&self, first: Option<char>) -> Vec<String> {
        let mut names = Vec::new();
        let Some(first) = first else { return names };
        for facet in &self.meta.facets {
            for (value, _) in &facet.values {
                tokenize::words(value, |word| {
                    if word.folded.starts_with(first) {
                        for &stemming in self.stemmings {
                            if let Some(term) = tokenize::term(word.folded, stemming) {
                                names.push(term.into_owned());
                            }
                        }
                    }
                });
            }
        }
        sort_by(&mut names, &mut |a, b| a.cmp(b));
        names.dedup();
        names
    }

    /// The postings list of a term (from the terms file the term was found in) and, with
    /// `with_positions`, its positions, or `None` with the positions needed.
    pub(super) fn postings(
        &self,
        info: &TermInfo,
        with_positions: bool,
    ) -> Flow<Option<PostingsList<'a>>> {
        let file = self.reader.file_name(Role::Terms);
        let list = self
            .reader
            .loaded_shard(info.shard as usize)
            .and_then(|shard| shard.postings(info))
            .ok_or_else(|| Error::corrupt(file, "a term's postings lie outside its file"))?;
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
        match positions {
            Some(positions) => Ok(Some(PostingsList::new(file, info.df, list, positions)?)),
            None => Ok(None),
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
        if best.is_none() {
            // Only in the keywords: an alias of a name in a register ("Khamenehi"). Say the
            // name the archive files it under, when one of the document's is close.
            let budget = fuzzy::budget(typed.chars().count()) + 1;
            for &(facet, value) in &record.facet_values {
                let Some((value, _)) = self
                    .meta
                    .facets
                    .get(facet)
                    .and_then(|f| f.values.get(value))
                else {
                    continue;
                };
                tokenize::words(value, |word| {
                    let edits = fuzzy::distance(&typed, word.folded, false);
                    if edits <= budget && best.as_ref().is_none_or(|(b, _)| edits < *b) {
                        best = Some((edits, value[word.start..word.end].to_string()));
                    }
                });
            }
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
            if chars < 4 || word.as_bytes().contains(&b' ') {
                continue;
            }
            let Some(automaton) = fuzzy::Levenshtein::new(&folded, fuzzy::budget(chars) + 1, false)
            else {
                continue;
            };
            let mut best: Option<(u8, u32, String)> = None;
            self.scan_first_letters(&automaton, &folded, &mut |key, df| {
                let candidate = (automaton.distance_to(key, false), df, key.to_string());
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
            if let Some(at) = find(&text, &word) {
                text.replace_range(at..at + word.len(), &replacement);
            }
        }
        Ok((text != query).then_some(text))
    }
}

/// Where `word` first occurs in `text`, as `str::find` says, without its substring searcher
/// (about 2 kB of the Wasm module for this one use): a match of whole UTF-8 sequences
/// starts and ends on character boundaries.
fn find(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return Some(0);
    }
    (text.as_bytes().windows(word.len())).position(|bytes| bytes == word.as_bytes())
}

/// Whether an expansion of the word being typed, `folded`, is a stem it may be cut from
/// (shorter than the word, not a term the word begins).
pub(super) fn is_cut_back(expansion: &Expansion, folded: &str) -> bool {
    expansion.kind == MatchKind::Prefix && !expansion.term.starts_with(folded)
}

/// Whether `typed` may be the beginning of a word the stemmer cuts back to `stem`.
fn begins_a_word_of(typed: &str, stem: &str) -> bool {
    let mut found = false;
    tokenize::words_of_stem(stem, &mut |word| {
        found = found || (word.starts_with(typed) && tokenize::is_stem_of(stem, word));
    });
    found
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

#[cfg(test)]
mod tests {
    /// `find` answers as `str::find` does, with letters of one to four bytes and repeats.
    #[test]
    fn find_agrees_with_str_find() {
        let text = "Zarif a dit: «Zarif» — ẓarīf, Ẓarīf; zarifzarif 伊朗 伊朗外交";
        let words = [
            "",
            "Zarif",
            "zarif",
            "arif",
            "ẓarīf",
            "Ẓarīf;",
            "伊朗",
            "朗外",
            "外交",
            "交",
            "—",
            " ",
            "zarifzarif",
            "none",
            "Zarif a dit: «Zarif» — ẓarīf, Ẓarīf; zarifzarif 伊朗 伊朗外交!",
        ];
        for word in words {
            assert_eq!(super::find(text, word), text.find(word), "{word:?}");
        }
        assert_eq!(super::find("", ""), Some(0));
        assert_eq!(super::find("", "a"), None);
    }
}
