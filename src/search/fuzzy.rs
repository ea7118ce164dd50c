//! Typo tolerance: a Levenshtein automaton run over the term dictionary (an `fst::Automaton`),
//! with the costs readers of transliterated names need.
//!
//! * Insertions, deletions, substitutions and swaps of two neighbouring letters cost 1.
//! * An edit that touches the first letter costs 2: people rarely mistype the first letter,
//!   and allowing it would let a short word match half the dictionary.
//! * Persian and Arabic names come to English in several spellings; the usual alternatives
//!   (`gh`/`q`, `ou`/`u`, `ei`/`ey`, `w`/`v`, ...) cost 1, whatever their lengths, so that
//!   Araghchi finds Araqchi as readily as Khamenei finds Khamenehi.
//!
//! The automaton works on characters, not bytes: a multi-byte character counts once.

use fst::Automaton;

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

/// The cost of editing the first letter: more than any budget.
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
        })
    }

    /// An edit of the first letter costs more than any budget: people rarely mistype it, and
    /// the dictionary is then read only where the word's first letter is (see
    /// [`first_letters`]).
    fn edit_cost(&self, query_index: usize) -> u8 {
        if query_index == 0 {
            FIRST_LETTER_COST
        } else {
            1
        }
    }

    /// The next row after reading `c`.
    fn step(&self, state: &State, c: char) -> State {
        let n = self.query.len();
        let j = state.read as usize + 1;
        let mut row = [INFINITE; MAX_FUZZY_CHARS + 1];
        // Inserting a character before the first letter touches the first letter.
        row[0] = state.row[0]
            .saturating_add(if j == 1 { FIRST_LETTER_COST } else { 1 })
            .min(INFINITE);
        for i in 1..=n {
            let q = self.query[i - 1];
            let substitution = state.row[i - 1] + if q == c { 0 } else { self.edit_cost(i - 1) };
            let insertion = state.row[i] + 1;
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
        }
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
            best = best.min(from.saturating_add(1));
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
        }
    }

    fn is_match(&self, state: &State) -> bool {
        state.pending_len == 0 && (state.matched || self.distance(state) <= self.max)
    }

    fn can_match(&self, state: &State) -> bool {
        state.matched || self.row_min(state) <= self.max
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
