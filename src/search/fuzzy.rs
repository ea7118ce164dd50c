//! Typo tolerance: a Levenshtein automaton run over the term dictionary (an `fst::Automaton`),
//! with the costs readers of transliterated names need.
//!
//! * Insertions, deletions, substitutions and swaps of two neighbouring letters cost 1.
//! * An edit that touches the first letter is beyond any budget: people rarely mistype it,
//!   and allowing it would let a short word match half the dictionary. When the word finds nothing otherwise, or its
//!   corrections share no document with the other words, the search asks again with
//!   [`Levenshtein::with_first_letter_edits`]: that edit alone, costing one.
//! * Persian and Arabic names come to English in several spellings; the usual alternatives
//!   (`gh`/`q`, `ou`/`u`, `ei`/`ey`, `w`/`v`, ...) cost 1, whatever their lengths, so that
//!   Araghchi finds Araqchi as readily as Khamenei finds Khamenehi.
//!
//! The automaton works on characters, not bytes: a multi-byte character counts once.

use fst::Automaton;

use crate::tokenize;

/// Longer words are not matched fuzzily (the rows of the automaton are this long plus one).
pub const MAX_FUZZY_CHARS: usize = 32;

/// Spelling alternatives of transliterated names, each a single edit.
const TRANSLITERATIONS: [(&str, &str); 10] = [
    ("gh", "q"),
    ("kh", "k"),
    ("ou", "u"),
    ("ei", "ey"),
    ("ei", "eh"),
    ("iy", "i"),
    ("w", "v"),
    ("aa", "a"),
    ("ee", "i"),
    ("oo", "u"),
];

/// The cost of editing the first letter, unless asked for (see
/// [`Levenshtein::with_first_letter_edits`]): more than any budget.
const FIRST_LETTER_COST: u8 = 3;

/// The letters a match for `word` can start with: its own first letter, and the first letter
/// of each spelling alternative that replaces its beginning (`gh…` may be `q…`).
pub fn first_letters(word: &str) -> Vec<char> {
    let mut letters: Vec<char> = word.chars().next().into_iter().collect();
    for (a, b) in TRANSLITERATIONS {
        for (from, to) in [(a, b), (b, a)] {
            if word.starts_with(from)
                && let Some(first) = to.chars().next()
                && !letters.contains(&first)
            {
                letters.push(first);
            }
        }
    }
    letters
}

/// The edit budget of a word: none below 4 letters, 1 from 4, 2 from 8.
pub fn budget(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// A spelling alternative that ends at a given letter of the query: `query_len` letters of
/// the query stand for `term` (one or two letters) in the dictionary.
#[derive(Clone, Copy, Debug)]
struct Alternative {
    query_len: usize,
    term: [char; 2],
    term_len: u8,
}

/// A Levenshtein automaton for one query word.
#[derive(Clone, Debug)]
pub struct Levenshtein {
    query: Vec<char>,
    max: u8,
    /// Accept a term once some prefix of it is within `max` edits (typing).
    prefix: bool,
    /// `alternatives[i]`: the spelling alternatives whose query side ends at letter `i`
    /// (1-based), worked out once so that a step allocates nothing.
    alternatives: Vec<Vec<Alternative>>,
    /// Also compare the word with English stems followed by an ending (see
    /// [`Levenshtein::with_endings`]): for each kind of ending, the edits from the rest of
    /// the word after each letter to the closest ending.
    endings: Option<Box<Endings>>,
    /// What an edit that touches the first letter costs, and any other edit.
    first_letter_cost: u8,
    other_cost: u8,
}

/// `[i]`: the edits from the query's letters `i..` to the closest ending of a kind.
type Tails = [u8; MAX_FUZZY_CHARS + 1];

/// The tails of each kind of ending (see [`tokenize::ENDINGS`]).
#[derive(Clone, Debug)]
struct Endings {
    plain: Tails,
    /// After the stem's last consonant, doubled.
    doubled: Tails,
    /// After a final `i` read as `y` (the `y` included in the stem side).
    after_y: Tails,
    /// In place of a final `e`.
    without_e: Tails,
}

const INFINITE: u8 = u8::MAX / 2;

/// The automaton's state: the last two rows of the edit-distance table (the one before is
/// needed for swaps and two-letter alternatives), and the characters that made them.
#[derive(Clone, Debug)]
pub struct State {
    row: [u8; MAX_FUZZY_CHARS + 1],
    previous_row: [u8; MAX_FUZZY_CHARS + 1],
    last: Option<char>,
    /// Characters of the term read so far.
    read: u16,
    /// A UTF-8 sequence in progress.
    pending: [u8; 4],
    pending_len: u8,
    /// In prefix mode: some prefix already matched.
    matched: bool,
    /// Every character read so far is an ASCII lower-case letter: the term may be an English
    /// stem.
    english: bool,
}

impl Levenshtein {
    /// An automaton for `word` (folded), or `None` when the word is too long.
    pub fn new(word: &str, max: u8, prefix: bool) -> Option<Levenshtein> {
        let query: Vec<char> = word.chars().collect();
        if query.len() > MAX_FUZZY_CHARS {
            return None;
        }
        let mut alternatives = vec![Vec::new(); query.len() + 1];
        for (a, b) in TRANSLITERATIONS {
            for (query_side, term_side) in [(a, b), (b, a)] {
                let query_side: Vec<char> = query_side.chars().collect();
                let term: Vec<char> = term_side.chars().collect();
                for end in query_side.len()..=query.len() {
                    if query[end - query_side.len()..end] == query_side[..] {
                        alternatives[end].push(Alternative {
                            query_len: query_side.len(),
                            term: [term[0], *term.get(1).unwrap_or(&term[0])],
                            term_len: term.len() as u8,
                        });
                    }
                }
            }
        }
        Some(Levenshtein {
            query,
            max,
            prefix,
            alternatives,
            endings: None,
            first_letter_cost: FIRST_LETTER_COST,
            other_cost: 1,
        })
    }

    /// Lets an edit that touches the first letter cost one, as any other; with `only`, it is
    /// the one edit allowed (any other costs more than a budget of 1). Terms that begin with
    /// another letter are then within reach: the dictionary must be read beyond the shards of
    /// the word's first letter.
    pub fn with_first_letter_edits(mut self, only: bool) -> Levenshtein {
        self.first_letter_cost = 1;
        if only {
            self.max = 1;
            self.other_cost = 2;
        }
        self
    }

    /// Also accepts an English stem when the word is within the budget of the stem followed
    /// by one of its endings ([`tokenize::ENDINGS`]): the dictionary holds stems, and a typo
    /// in an ending, or one that makes the stemmer cut the word elsewhere, leaves the typed
    /// word far from its stem ("negotiatoins" is 6 edits from `negoti`, one from
    /// `negoti` + "ations"). Only for words of ASCII letters, the words the stemmer cuts.
    pub fn with_endings(mut self) -> Levenshtein {
        if self.query.iter().all(char::is_ascii_lowercase) {
            // A whole word, even while typing: the beginning of a stem's word would let
            // "penguin" be "peng" + "in(g)"; a stem cut from a word being typed without a typo
            // is found otherwise (see `expand`).
            let tails = |endings: &[&str]| tails(&self.query, endings);
            self.endings = Some(Box::new(Endings {
                plain: tails(&tokenize::ENDINGS),
                doubled: tails(&tokenize::DOUBLED_ENDINGS),
                // The `y` itself is read as a letter of the term (see `ending_distance`).
                after_y: tails(&tokenize::Y_ENDINGS.map(|e| &e[1..])),
                without_e: tails(&tokenize::E_DROPPED_ENDINGS),
            }));
        }
        self
    }

    /// An edit of the first letter costs more than any budget, unless asked for: people
    /// rarely mistype it, and the dictionary is then read only where the word's first letter
    /// is (see [`first_letters`]).
    fn edit_cost(&self, query_index: usize) -> u8 {
        if query_index == 0 {
            self.first_letter_cost
        } else {
            self.other_cost
        }
    }

    /// The next row after reading `c`.
    fn step(&self, state: &State, c: char) -> State {
        let n = self.query.len();
        let j = state.read as usize + 1;
        let mut row = [INFINITE; MAX_FUZZY_CHARS + 1];
        // Inserting a character before the first letter touches the first letter.
        row[0] = state.row[0]
            .saturating_add(if j == 1 {
                self.first_letter_cost
            } else {
                self.other_cost
            })
            .min(INFINITE);
        for i in 1..=n {
            let q = self.query[i - 1];
            let substitution = state.row[i - 1] + if q == c { 0 } else { self.edit_cost(i - 1) };
            let insertion = state.row[i] + self.other_cost;
            let deletion = row[i - 1] + self.edit_cost(i - 1);
            let mut best = substitution.min(insertion).min(deletion);
            if i >= 2
                && state
                    .last
                    .is_some_and(|last| last == q && self.query[i - 2] == c)
                && q != c
            {
                best = best.min(state.previous_row[i - 2] + self.edit_cost(i - 2));
            }
            best = best.min(self.transliteration(state, c, i));
            row[i] = best.min(INFINITE);
        }
        let matched = state.matched || (self.prefix && row[n] <= self.max);
        State {
            row,
            previous_row: state.row,
            last: Some(c),
            read: state.read.saturating_add(1),
            pending: [0; 4],
            pending_len: 0,
            matched,
            english: state.english && c.is_ascii_lowercase(),
        }
    }

    /// The state before the last character read (without what a swap would need).
    fn back(&self, state: &State) -> State {
        State {
            row: state.previous_row,
            previous_row: [INFINITE; MAX_FUZZY_CHARS + 1],
            last: None,
            read: state.read.saturating_sub(1),
            ..state.clone()
        }
    }

    /// The distance of the word to the term read so far followed by one of the endings of
    /// English stems (a whole word, in prefix mode too), or [`INFINITE`]: the best split of
    /// the word between the term and an ending, so a swap across that boundary counts two
    /// edits. Not checked against the stemmer: a cheap filter, run where the dictionary scan
    /// finds a term.
    fn ending_distance(&self, state: &State) -> u8 {
        let (Some(endings), Some(last)) = (&self.endings, state.last) else {
            return INFINITE;
        };
        if !state.english || state.read < 3 {
            return INFINITE;
        }
        let n = self.query.len();
        let split = |row: &[u8; MAX_FUZZY_CHARS + 1], tails: &Tails| {
            (0..=n)
                .map(|i| row[i].saturating_add(tails[i]))
                .min()
                .unwrap_or(INFINITE)
        };
        let mut best = split(&state.row, &endings.plain);
        if !matches!(last, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            best = best.min(split(&self.step(state, last).row, &endings.doubled));
        }
        match last {
            'i' => {
                best = best.min(split(
                    &self.step(&self.back(state), 'y').row,
                    &endings.after_y,
                ))
            }
            'e' => best = best.min(split(&state.previous_row, &endings.without_e)),
            _ => {}
        }
        best
    }

    /// The cheapest way to reach cell `i` by a spelling alternative ending here.
    fn transliteration(&self, state: &State, c: char, i: usize) -> u8 {
        let mut best = INFINITE;
        for alternative in &self.alternatives[i] {
            // The row before the term side began: one or two letters back.
            let from = match alternative.term_len {
                1 if alternative.term[0] == c => state.row[i - alternative.query_len],
                2 if alternative.term[1] == c && state.last == Some(alternative.term[0]) => {
                    state.previous_row[i - alternative.query_len]
                }
                _ => continue,
            };
            best = best.min(from.saturating_add(self.other_cost));
        }
        best
    }

    /// The smallest distance in a row, for pruning.
    fn row_min(&self, state: &State) -> u8 {
        state.row[..=self.query.len()]
            .iter()
            .copied()
            .min()
            .unwrap_or(INFINITE)
    }

    /// The edit distance of the term read so far (full match), or of its best prefix.
    pub fn distance(&self, state: &State) -> u8 {
        state.row[self.query.len()]
    }
}

impl Automaton for Levenshtein {
    type State = State;

    fn start(&self) -> State {
        let mut row = [INFINITE; MAX_FUZZY_CHARS + 1];
        row[0] = 0;
        for i in 1..=self.query.len() {
            row[i] = (row[i - 1] + self.edit_cost(i - 1)).min(INFINITE);
        }
        State {
            row,
            previous_row: [INFINITE; MAX_FUZZY_CHARS + 1],
            last: None,
            read: 0,
            pending: [0; 4],
            pending_len: 0,
            matched: self.prefix && row[self.query.len()] <= self.max,
            english: true,
        }
    }

    fn is_match(&self, state: &State) -> bool {
        state.pending_len == 0
            && (state.matched
                || self.distance(state) <= self.max
                || self.ending_distance(state) <= self.max)
    }

    fn can_match(&self, state: &State) -> bool {
        state.matched
            || self.row_min(state) <= self.max
            // A stem's final `i` or `e` may stand for another ending (see `ending_distance`).
            || (self.endings.is_some()
                && state.english
                && matches!(state.last, Some('i' | 'e'))
                && self.row_min(&self.back(state)) <= self.max)
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        if state.matched {
            return state.clone();
        }
        let mut next = state.clone();
        next.pending[next.pending_len as usize] = byte;
        next.pending_len += 1;
        let bytes = &next.pending[..next.pending_len as usize];
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let c = text.chars().next().unwrap_or('\u{FFFD}');
                self.step(state, c)
            }
            // An incomplete sequence waits for its next byte; an invalid one cannot match.
            Err(error) if error.error_len().is_none() && next.pending_len < 4 => next,
            Err(_) => {
                next.row = [INFINITE; MAX_FUZZY_CHARS + 1];
                next.pending_len = 0;
                next
            }
        }
    }
}

impl Levenshtein {
    /// The edit distance from the query word to `term` (to its closest prefix when
    /// `prefix`), under the automaton's costs.
    pub fn distance_to(&self, term: &str, prefix: bool) -> u8 {
        let mut state = self.start();
        let mut best = self.distance(&state);
        for c in term.chars() {
            state = self.step(&state, c);
            best = best.min(self.distance(&state));
        }
        if prefix { best } else { self.distance(&state) }
    }
}

impl Levenshtein {
    /// The edits from the word to `term` when within the budget, in the automaton's mode and
    /// as a whole word: to the term itself or, with [`Levenshtein::with_endings`], to the
    /// closest whole word the stemmer cuts back to it (whichever is closer). In prefix mode,
    /// the first is to the term's closest prefix, or to such a word.
    pub fn word_distance(&self, term: &str) -> Option<(u8, u8)> {
        let (mut whole, prefix) = self.distances(term);
        let mut best = if self.prefix { prefix } else { whole };
        if self.endings.is_some() && best > 0 {
            let (n, max) = (self.query.len(), usize::from(self.max));
            tokenize::words_of_stem(term, &mut |word| {
                // Words of ASCII letters: bytes are letters. Too long or too short a word is
                // over the budget whatever its letters.
                if word.len() + max < n || word.len() > n + max {
                    return;
                }
                let (edits, _) = self.distances(word);
                if edits < best.max(whole) && tokenize::is_stem_of(term, word) {
                    best = best.min(edits);
                    whole = whole.min(edits);
                }
            });
        }
        (best <= self.max).then_some((best, whole))
    }

    /// The distances from the word to `term` and to its closest prefix, under the
    /// automaton's costs; over the budget, only known to be over it.
    fn distances(&self, term: &str) -> (u8, u8) {
        let mut state = self.start();
        let mut prefix = self.distance(&state);
        for c in term.chars() {
            state = self.step(&state, c);
            prefix = prefix.min(self.distance(&state));
            if self.row_min(&state) > self.max {
                return (INFINITE, prefix);
            }
        }
        (self.distance(&state), prefix)
    }
}

/// For every letter `i` of `query`, the edits from `query[i..]` to the closest of `endings`:
/// insertions, deletions, substitutions and swaps of neighbours, one each.
fn tails(query: &[char], endings: &[&str]) -> Tails {
    // Bounded lengths (a query of at most MAX_FUZZY_CHARS letters, endings that fit a row:
    // `endings_fit_the_rows_of_tails`) and rows of fixed size let the compiler drop the
    // bounds checks.
    let n = query.len().min(MAX_FUZZY_CHARS);
    let query = &query[..n];
    let mut best = [INFINITE; MAX_FUZZY_CHARS + 1];
    for ending in endings {
        let x: Vec<char> = ending.chars().collect();
        let m = x.len().min(TAIL_ROW - 2);
        let x = &x[..m];
        // Row `i` holds the edits from query[i..] to x[j..] for every `j`, filled from the
        // ends; it needs rows i + 1 (`below`) and i + 2 (`below_that`).
        let (mut below, mut below_that) = ([0u8; TAIL_ROW], [0u8; TAIL_ROW]);
        for i in (0..=n).rev() {
            let mut row = [0u8; TAIL_ROW];
            for j in (0..=m).rev() {
                row[j] = if i == n {
                    (m - j) as u8
                } else if j == m {
                    (n - i) as u8
                } else {
                    let mut cell = (below[j] + 1)
                        .min(row[j + 1] + 1)
                        .min(below[j + 1] + u8::from(query[i] != x[j]));
                    if i + 1 < n
                        && j + 1 < m
                        && query[i] == x[j + 1]
                        && query[i + 1] == x[j]
                        && query[i] != query[i + 1]
                    {
                        cell = cell.min(below_that[j + 2] + 1);
                    }
                    cell
                };
            }
            best[i] = best[i].min(row[0].min(INFINITE));
            below_that = below;
            below = row;
        }
    }
    best
}

/// The cells of a row of [`tails`]: an ending of up to 14 letters.
const TAIL_ROW: usize = 16;

/// The edit distance between a query word and a term under the same costs as the automaton
/// (used to rank the terms it finds).
pub fn distance(word: &str, term: &str, prefix: bool) -> u8 {
    let Some(automaton) = Levenshtein::new(word, u8::MAX / 4, false) else {
        return INFINITE;
    };
    automaton.distance_to(term, prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::IntoStreamer;

    #[test]
    fn endings_fit_the_rows_of_tails() {
        let endings = tokenize::ENDINGS
            .iter()
            .chain(&tokenize::DOUBLED_ENDINGS)
            .chain(&tokenize::Y_ENDINGS)
            .chain(&tokenize::E_DROPPED_ENDINGS);
        for ending in endings {
            assert!(ending.chars().count() <= TAIL_ROW - 2, "{ending}");
        }
    }

    fn matches(word: &str, term: &str, max: u8) -> bool {
        let automaton = Levenshtein::new(word, max, false).unwrap();
        let mut state = automaton.start();
        for &byte in term.as_bytes() {
            state = automaton.accept(&state, byte);
        }
        automaton.is_match(&state)
    }

    #[test]
    fn budgets_grow_with_length() {
        assert_eq!((budget(3), budget(4), budget(7), budget(8)), (0, 1, 1, 2));
    }

    #[test]
    fn single_edits_cost_one() {
        assert_eq!(distance("khamenei", "khamenehi", false), 1);
        assert_eq!(distance("pezeshkian", "pezeshkiyan", false), 1);
        assert_eq!(distance("sanctoins", "sanctions", false), 1, "a swap");
        assert_eq!(distance("talks", "talks", false), 0);
    }

    #[test]
    fn the_first_letter_costs_more_than_any_budget() {
        assert_eq!(distance("zarif", "darif", false), 3);
        assert_eq!(distance("zarif", "arif", false), 3);
        assert_eq!(distance("zarif", "azarif", false), 3);
        assert!(!matches("khameneiii", "shameneiii", 2));
        assert!(matches("zarif", "zarf", 1));
        // Except through a spelling alternative: "Ghom" and "Qom".
        assert!(matches("ghom", "qom", 1));
        assert_eq!(first_letters("ghom"), ['g', 'q']);
        assert_eq!(first_letters("qasem"), ['q', 'g']);
    }

    #[test]
    fn transliterations_are_one_edit() {
        assert_eq!(distance("araqchi", "araghchi", false), 1);
        assert_eq!(distance("araghchi", "araqchi", false), 1);
        assert_eq!(distance("rouhani", "ruhani", false), 1);
        assert_eq!(distance("javad", "jawad", false), 1);
        assert!(matches("araqchi", "araghchi", 1));
    }

    #[test]
    fn prefix_mode_accepts_what_follows_a_close_prefix() {
        let automaton = Levenshtein::new("aragch", 1, true).unwrap();
        let mut state = automaton.start();
        for &byte in "araghchi".as_bytes() {
            state = automaton.accept(&state, byte);
        }
        assert!(automaton.is_match(&state));
        assert_eq!(distance("aragch", "araghchi", true), 1);
    }

    #[test]
    fn characters_not_bytes() {
        // One Persian letter differs: one edit, though it is two bytes.
        assert_eq!(distance("عراقچی", "عراقچي", false), 1);
        assert!(matches("zürich", "zurich", 1));
    }

    #[test]
    fn the_dictionary_search_finds_variants() {
        let map = fst::Map::from_iter([
            ("araghchi", 1u64),
            ("kayhan", 2),
            ("khamenei", 3),
            ("rouhani", 4),
        ])
        .unwrap();
        let automaton = Levenshtein::new("araqchi", 1, false).unwrap();
        let found: Vec<(String, u64)> = map.search(automaton).into_stream().into_str_vec().unwrap();
        assert_eq!(found, [("araghchi".to_string(), 1)]);
        let automaton = Levenshtein::new("xqzvw", 1, false).unwrap();
        assert!(
            map.search(automaton)
                .into_stream()
                .into_str_vec()
                .unwrap()
                .is_empty()
        );
    }
}
