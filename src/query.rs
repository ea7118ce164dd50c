//! The query language: words, "phrases", `-excluded` words, `OR`, and `field:` scopes.
//!
//! | syntax | meaning |
//! |---|---|
//! | `zarif shargh` | both words (AND); the last word also matches as a prefix while typing |
//! | `"supreme leader"` | the words next to each other, in this order |
//! | `-kayhan` | documents without the word (also `-"a phrase"`) |
//! | `talks OR negotiations` | either word |
//! | `title:khamenei` | the word in the title (`summary:`, `body:`, `entries:` likewise) |
//! | `outlet:shargh` | documents whose facet value contains the word (any facet, by name or label) |
//!
//! Parsing never fails: characters that mean nothing are ignored, and a query is cut to
//! [`MAX_QUERY_BYTES`], [`MAX_CLAUSES`] clauses of at most [`MAX_ALTERNATIVES`] alternatives;
//! a longer phrase than [`MAX_PHRASE_WORDS`] words is matched in pieces of that many, all
//! required (only its first piece when excluded or among alternatives). Each of these sets
//! the query's `truncated`.

use crate::language::Stemming;
use crate::tokenize;

/// Longer queries are cut here: nobody types more, and it bounds the work.
pub const MAX_QUERY_BYTES: usize = 1024;

/// At most this many clauses (words, phrases) are used; the rest are ignored and the results
/// say so.
pub const MAX_CLAUSES: usize = 12;

/// At most this many alternatives joined by `OR` in one clause.
pub const MAX_ALTERNATIVES: usize = 8;

/// At most this many words in one phrase: a longer one is matched in pieces.
pub const MAX_PHRASE_WORDS: usize = 8;

/// Where a word must occur.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere.
    All,
    /// One field, by its index in [`Field`](crate::field::Field).
    Field(crate::field::Field),
    /// A facet's values, by the name written in the query (resolved against the index).
    Facet(String),
}

/// One word of the query, as typed and as index term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    /// The word as typed, for messages.
    pub text: String,
    /// Folded form: what prefix and typo matching compare.
    pub folded: String,
    /// The index terms (stemmed), one per stemming the query is parsed with, in that order
    /// (the same term may come more than once); empty for a stop word.
    pub terms: Vec<String>,
    /// Position within its phrase, counting indexed words only (as the index does), 0 for
    /// a lone word.
    pub offset: u32,
}

/// A thing to match: a word or a phrase, in a scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    /// One word, or the words of a phrase (stop words removed, offsets kept).
    pub words: Vec<QueryWord>,
    pub phrase: bool,
    pub scope: Scope,
    /// Match the (last) word as a prefix: the user may still be typing it.
    pub prefix: bool,
}

/// Alternatives joined by `OR`; a document matches the clause if it matches any of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub alternatives: Vec<Atom>,
    pub negated: bool,
}

/// A parsed query: every positive clause must match, no negated clause may.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
    /// Words were dropped to respect [`MAX_QUERY_BYTES`] or [`MAX_CLAUSES`].
    pub truncated: bool,
}

impl Query {
    pub fn positive(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.negated)
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

/// One lexical piece of the query string.
#[derive(Debug, PartialEq)]
enum Piece {
    Word {
        text: String,
        negated: bool,
        scope: Option<String>,
    },
    Phrase {
        text: String,
        negated: bool,
        scope: Option<String>,
    },
    Or,
}

fn lex(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        let mut scope = None;
        let mut at = start;
        if c == '-' {
            chars.next();
            match chars.peek() {
                Some(&(next_at, next)) if !next.is_whitespace() => {
                    negated = true;
                    at = next_at;
                }
                _ => continue, // a lone "-"
            }
        }
        // A scope is `name:` directly followed by a word or a quote.
        let rest = &text[at..];
        if let Some(colon) = rest.find(':') {
            let name = &rest[..colon];
            let after = rest[colon + 1..].chars().next();
            if !name.is_empty()
                && name
                    .chars()
                    .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-')
                && after.is_some_and(|ch| !ch.is_whitespace())
            {
                scope = Some(name.to_string());
                while chars.peek().is_some_and(|&(i, _)| i <= at + colon) {
                    chars.next();
                }
            }
        }
        if chars
            .peek()
            .is_some_and(|&(_, ch)| ch == '"' || ch == '“' || ch == '”')
        {
            chars.next();
            let mut phrase = String::new();
            for (_, ch) in chars.by_ref() {
                if ch == '"' || ch == '”' || ch == '“' {
                    break;
                }
                phrase.push(ch);
            }
            pieces.push(Piece::Phrase {
                text: phrase,
                negated,
                scope,
            });
            continue;
        }
        let mut word = String::new();
        while let Some(&(_, ch)) = chars.peek() {
            if ch.is_whitespace() || ch == '"' {
                break;
            }
            word.push(ch);
            chars.next();
        }
        if word == "OR" && !negated && scope.is_none() {
            pieces.push(Piece::Or);
        } else if !word.is_empty() {
            pieces.push(Piece::Word {
                text: word,
                negated,
                scope,
            });
        }
    }
    pieces
}

fn scope_of(name: Option<&str>) -> Scope {
    use crate::field::Field;
    match name {
        None => Scope::All,
        Some(name) => match tokenize::fold(name).as_str() {
            "title" => Scope::Field(Field::Title),
            "summary" => Scope::Field(Field::Summary),
            "body" | "text" => Scope::Field(Field::Body),
            "entries" | "entry" => Scope::Field(Field::Entries),
            other => Scope::Facet(other.to_string()),
        },
    }
}

impl QueryWord {
    /// Its terms, each once, in order.
    pub fn distinct_terms(&self) -> impl Iterator<Item = &str> {
        self.terms
            .iter()
            .enumerate()
            .filter(|(i, t)| !self.terms[..*i].contains(t))
            .map(|(_, t)| t.as_str())
    }

    /// Whether it is a character bigram (or a lone character) of Chinese, Japanese or Korean.
    fn is_cjk(&self) -> bool {
        self.folded.chars().next().is_some_and(tokenize::is_cjk)
    }
}

fn query_words(text: &str, stemmings: &[Stemming]) -> Vec<QueryWord> {
    let mut words = Vec::new();
    tokenize::words(text, |word| {
        // A query word is matched whole: "O'Sullivan" as `osullivan`.
        if word.part {
            return;
        }
        words.push(QueryWord {
            text: text[word.start..word.end].to_string(),
            folded: word.folded.to_string(),
            terms: stemmings
                .iter()
                .filter_map(|&stemming| tokenize::term(word.folded, stemming))
                .map(|t| t.into_owned())
                .collect(),
            offset: word.position,
        });
    });
    words
}

/// The atoms of a word of the query: one per word it splits into ("U.S.-Iran" is two, AND-ed),
/// except that the bigrams of a CJK run make one phrase, and a lone CJK character matches as
/// a prefix (of the bigrams it begins).
fn word_atoms(words: Vec<QueryWord>, scope: &Scope) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let mut run: Vec<QueryWord> = Vec::new();
    let flush = |run: &mut Vec<QueryWord>, atoms: &mut Vec<Atom>| {
        if run.is_empty() {
            return;
        }
        let lone = run.len() == 1 && run[0].text.chars().count() == 1;
        for (offset, word) in run.iter_mut().enumerate() {
            word.offset = offset as u32;
        }
        atoms.push(Atom {
            phrase: run.len() > 1,
            words: std::mem::take(run),
            scope: scope.clone(),
            prefix: lone,
        });
    };
    for word in words.into_iter().filter(|w| !w.terms.is_empty()) {
        if word.is_cjk() {
            if run
                .last()
                .is_some_and(|last| last.offset + 1 != word.offset)
            {
                flush(&mut run, &mut atoms);
            }
            run.push(word);
            continue;
        }
        flush(&mut run, &mut atoms);
        atoms.push(Atom {
            words: vec![QueryWord { offset: 0, ..word }],
            phrase: false,
            scope: scope.clone(),
            prefix: false,
        });
    }
    flush(&mut run, &mut atoms);
    atoms
}

/// Parses a query. `typing` says whether the user may still be typing the last word (it is
/// then matched as a prefix, unless the query ends with a space). Each word gets a term per
/// stemming of `stemmings` (the languages searched; at least one).
pub fn parse(text: &str, typing: bool, stemmings: &[Stemming]) -> Query {
    let mut truncated = false;
    let mut text = text;
    if text.len() > MAX_QUERY_BYTES {
        let mut cut = MAX_QUERY_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text = &text[..cut];
        truncated = true;
    }
    // A query cut at the length limit ends in a broken word, not in one being typed.
    let ends_open = typing
        && !truncated
        && text
            .chars()
            .last()
            .is_some_and(|c| !c.is_whitespace() && c != '"');
    let mut clauses: Vec<Clause> = Vec::new();
    let mut join_next = false;
    for piece in lex(text) {
        let (atoms, negated) = match piece {
            Piece::Or => {
                join_next = !clauses.is_empty();
                continue;
            }
            Piece::Word {
                text,
                negated,
                scope,
            } => {
                let scope = scope_of(scope.as_deref());
                let atoms: Vec<Atom> = if let Scope::Facet(_) = scope {
                    // A facet value is matched as a whole: all its words.
                    let words = query_words(&text, stemmings);
                    if words.is_empty() {
                        Vec::new()
                    } else {
                        vec![Atom {
                            words,
                            phrase: false,
                            scope,
                            prefix: false,
                        }]
                    }
                } else {
                    // "U.S.-Iran" is several words: each becomes its own clause (AND).
                    word_atoms(query_words(&text, stemmings), &scope)
                };
                (atoms, negated)
            }
            Piece::Phrase {
                text,
                negated,
                scope,
            } => {
                let words: Vec<QueryWord> = query_words(&text, stemmings)
                    .into_iter()
                    .filter(|w| !w.terms.is_empty())
                    .collect();
                let scope = scope_of(scope.as_deref());
                // A longer phrase is matched in pieces of MAX_PHRASE_WORDS, each a phrase and
                // all required, so that a document without its last words does not match;
                // that the pieces are adjacent is not checked, so the results say `truncated`.
                // An excluded phrase, or one among alternatives, keeps its first piece only.
                let mut pieces: Vec<Vec<QueryWord>> = words
                    .chunks(MAX_PHRASE_WORDS)
                    .map(|piece| piece.to_vec())
                    .collect();
                if pieces.len() > 1 {
                    truncated = true;
                    if negated || join_next {
                        pieces.truncate(1);
                    }
                }
                let atoms = pieces
                    .into_iter()
                    .map(|mut words| {
                        for (offset, word) in words.iter_mut().enumerate() {
                            word.offset = offset as u32;
                        }
                        Atom {
                            phrase: words.len() > 1,
                            words,
                            scope: scope.clone(),
                            prefix: false,
                        }
                    })
                    .collect();
                (atoms, negated)
            }
        };
        for atom in atoms {
            if join_next && !negated {
                if let Some(last) = clauses.last_mut().filter(|c| !c.negated) {
                    if last.alternatives.len() < MAX_ALTERNATIVES {
                        last.alternatives.push(atom);
                    } else {
                        truncated = true;
                    }
                    join_next = false;
                    continue;
                }
            }
            join_next = false;
            if clauses.len() >= MAX_CLAUSES {
                truncated = true;
                continue;
            }
            clauses.push(Clause {
                alternatives: vec![atom],
                negated,
            });
        }
    }
    if ends_open
        && let Some(last) = clauses.last_mut()
        && !last.negated
        && let Some(atom) = last.alternatives.last_mut()
        && !atom.phrase
        && !matches!(atom.scope, Scope::Facet(_))
    {
        atom.prefix = true;
    }
    Query { clauses, truncated }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;

    fn parse(text: &str, typing: bool) -> Query {
        super::parse(text, typing, &[Stemming::ENGLISH])
    }

    fn terms(query: &Query) -> Vec<Vec<String>> {
        query
            .clauses
            .iter()
            .map(|c| {
                c.alternatives
                    .iter()
                    .map(|a| {
                        let words: Vec<_> = a
                            .words
                            .iter()
                            .map(|w| w.terms.first().cloned().unwrap_or_default())
                            .collect();
                        let mut s = words.join(" ");
                        if a.phrase {
                            s = format!("\"{s}\"");
                        }
                        if c.negated {
                            s = format!("-{s}");
                        }
                        if a.prefix {
                            s.push('*');
                        }
                        s
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn words_are_anded_and_the_last_is_a_prefix_while_typing() {
        let q = parse("Khamenei negotiat", true);
        assert_eq!(terms(&q), [vec!["khamenei"], vec!["negotiat*"]]);
        let q = parse("Khamenei negotiat ", true);
        assert_eq!(terms(&q), [vec!["khamenei"], vec!["negotiat"]]);
        let q = parse("the talks", false);
        assert_eq!(terms(&q), [vec!["talk"]]);
    }

    #[test]
    fn phrases_skip_stop_words_as_the_index_does() {
        let q = parse("\"leader of the revolution\" iran", true);
        assert_eq!(q.clauses.len(), 2);
        let phrase = &q.clauses[0].alternatives[0];
        assert!(phrase.phrase);
        let offsets: Vec<u32> = phrase.words.iter().map(|w| w.offset).collect();
        assert_eq!(offsets, [0, 1]);
        // An unclosed quote runs to the end.
        let q = parse("\"supreme leader", true);
        assert!(q.clauses[0].alternatives[0].phrase);
    }

    #[test]
    fn negation_or_and_scopes() {
        let q = parse("talks -kayhan", false);
        assert_eq!(terms(&q), [vec!["talk"], vec!["-kayhan"]]);
        let q = parse("zarif OR araghchi talks", false);
        assert_eq!(terms(&q), [vec!["zarif", "araghchi"], vec!["talk"]]);
        let q = parse("title:khamenei outlet:shargh", false);
        assert_eq!(
            q.clauses[0].alternatives[0].scope,
            Scope::Field(Field::Title)
        );
        assert_eq!(
            q.clauses[1].alternatives[0].scope,
            Scope::Facet("outlet".into())
        );
        let q = parse("-\"direct talks\"", false);
        assert!(q.clauses[0].negated && q.clauses[0].alternatives[0].phrase);
    }

    #[test]
    fn words_get_a_term_per_language() {
        let fr = Stemming::of("fr").unwrap();
        let q = super::parse("élections", false, &[Stemming::ENGLISH, fr]);
        let word = &q.clauses[0].alternatives[0].words[0];
        assert_eq!(word.terms.len(), 2);
        assert_eq!(word.terms[0], "elect");
        assert_eq!(word.terms[1], fr.stem("election"));
    }

    #[test]
    fn cjk_runs_are_phrases_of_bigrams() {
        let q = parse("北京市 talks", false);
        assert_eq!(q.clauses.len(), 2);
        let atom = &q.clauses[0].alternatives[0];
        assert!(atom.phrase);
        let words: Vec<&str> = atom.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(words, ["北京", "京市"]);
        // One bigram is a word; a lone character, a prefix of the bigrams it begins.
        assert!(!parse("北京", false).clauses[0].alternatives[0].phrase);
        assert!(parse("北", false).clauses[0].alternatives[0].prefix);
    }

    #[test]
    fn junk_parses_to_nothing_or_little() {
        for junk in [
            "",
            "*",
            "\"",
            "-",
            "OR",
            " - OR \" ",
            "\u{202E}\u{0000}",
            "the of and",
        ] {
            let q = parse(junk, true);
            assert!(q.clauses.is_empty(), "{junk:?} → {q:?}");
        }
        let long = "word ".repeat(50_000);
        let q = parse(&long, true);
        assert!(q.truncated);
        assert!(q.clauses.len() <= MAX_CLAUSES);
    }
}
