//! Differential tests of what queries mean (issue 14): random queries with phrases, `-`,
//! `OR`, field scopes and typing mode
//!
//! 1. answer the same when the index is searched lazily, through `Step::Need` rounds as the
//!    browser does, as when it is loaded whole;
//! 2. match the same documents as a brute-force reference over a small random corpus.
//!
//! The reference reads the corpus with exact-word semantics: a word is its stem (the same
//! English stemmer as the index, over `quire::fold`), stop words have no position, a phrase
//! is consecutive positions in one field, a typed last word matches the terms it begins or
//! the stems it may be cut from, and a positive clause that matches no document at all is
//! left out (the engine then reports the query `partial`). The corpus's words start with
//! letters of their own and share no spelling alternatives, so that typo tolerance, which
//! never changes a first letter, has nothing to add.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use quire::build::BuiltIndex;
use quire::corpus::{Config, Corpus};
use quire::{Index, SearchRequest, SearchResults, Step};

// ---- 1. Lazily as on the whole index -------------------------------------------------------

/// Several terms shards: 600 articles over 2,500 made-up words, some made of dated entries.
fn large() -> &'static (BuiltIndex, Vec<String>) {
    static BUILT: OnceLock<(BuiltIndex, Vec<String>)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut next = common::xorshift(0x9e37_79b9_7f4a_7c15);
        let syllables = [
            "ka", "ro", "mi", "te", "sa", "lu", "ne", "vo", "di", "pa", "zu", "be",
        ];
        let vocabulary = common::made_up_vocabulary(&mut next, 2_500, &syllables);
        let mut corpus = Corpus::new(Config::default());
        for i in 0..600 {
            let mut words = |n: usize| common::draw_words(&mut next, &vocabulary, n);
            let title = words(4);
            let summary = words(6);
            let body = if i % 3 == 0 {
                format!("- May 2: {}\n- May 3: {}\n", words(20), words(20))
            } else {
                format!("{}\n\n{}\n", words(30), words(30))
            };
            let kind = ["Analysis", "Event"][i % 2];
            let text = format!(
                "---\ntitle: {title}\nsummary: {summary}\ndate: 20{:02}-05-13\nkind: {kind}\n---\n{body}",
                10 + i % 15
            );
            corpus.add_markdown(&format!("a{i}.md"), text.as_bytes());
        }
        assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
        (common::build(corpus), vocabulary)
    })
}

/// Searches `index` (started from the manifest alone) as the browser does, fetching what
/// each round asks for from the built files.
fn lazily(index: &mut Index, built: &BuiltIndex, request: &SearchRequest) -> SearchResults {
    let files: HashMap<&str, &[u8]> = built
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    for name in index
        .files_to_load()
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    {
        index
            .add_file(&name, files[name.as_str()].to_vec())
            .unwrap();
    }
    for _ in 0..16 {
        match index.search(request).expect("the search runs") {
            Step::Done(results) => return results,
            Step::Need(fetches) => {
                for fetch in fetches {
                    index
                        .add_fetched(&fetch, files[fetch.file.as_str()])
                        .unwrap();
                }
            }
        }
    }
    panic!("no answer after 16 rounds for {request:?}");
}

/// A random query over `vocabulary`: words, prefixes, misspellings, phrases (of words that
/// follow each other in some document, or not), `-`, `OR`, scopes, and a filter or sort.
fn random_request(vocabulary: &[String], picks: &[u32]) -> SearchRequest {
    let mut picks = picks.iter().copied().cycle();
    let mut pick = |n: usize| picks.next().unwrap() as usize % n.max(1);
    let clauses = 1 + pick(4);
    let mut parts: Vec<String> = Vec::new();
    for _ in 0..clauses {
        let word = |pick: &mut dyn FnMut(usize) -> usize| -> String {
            let word = vocabulary[pick(vocabulary.len())].clone();
            match pick(8) {
                0 => word[..word.len().min(3)].to_string(),
                1 if word.len() > 4 => format!("{}{}", &word[..2], &word[3..]), // a letter lost
                _ => word,
            }
        };
        let scope = ["", "", "", "title:", "summary:", "body:", "entries:"][pick(7)];
        let negated = pick(5) == 0;
        let atom = if pick(4) == 0 {
            let words: Vec<String> = (0..2 + pick(2)).map(|_| word(&mut pick)).collect();
            format!("{scope}\"{}\"", words.join(" "))
        } else {
            format!("{scope}{}", word(&mut pick))
        };
        if negated {
            parts.push(format!("-{atom}"));
        } else if pick(4) == 0 {
            parts.push(format!("{atom} OR {}", word(&mut pick)));
        } else {
            parts.push(atom);
        }
    }
    let mut request = SearchRequest {
        query: parts.join(" "),
        typing: pick(2) == 0,
        limit: 20,
        sort: ["relevance", "newest", "oldest"][pick(3)].into(),
        ..SearchRequest::default()
    };
    if pick(5) == 0 {
        request.filter("kind", ["Analysis", "Event"][pick(2)]);
    }
    request
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_queries_answer_lazily_as_on_the_whole_index(
        picks in prop::collection::vec(any::<u32>(), 40),
    ) {
        static WHOLE: OnceLock<Index> = OnceLock::new();
        let (built, vocabulary) = large();
        let whole = WHOLE.get_or_init(|| common::open(built));
        let request = random_request(vocabulary, &picks);
        // A fresh index per query, and one kept across queries, as a page keeps its own.
        let mut fresh = Index::new(built.manifest.clone()).unwrap();
        let lazy = lazily(&mut fresh, built, &request);
        let mut expected = common::answer(whole, &request);
        if lazy.facets_pending {
            // The lazy index fetches the facet lists only when a filter needs them; they hold
            // the entries table, so until then it counts articles (see `facets_pending`).
            expected.facets.clear();
            expected.facets_pending = true;
            expected.timeline.clear();
            expected.entry_total = 0;
            if built.manifest.entries > 0 {
                // Which articles have no entries is in the table too.
                expected.article_total = 0;
            }
            expected.unit = quire::Unit::Articles;
        }
        prop_assert_eq!(&lazy, &expected, "query {:?}", request.query);
    }
}

#[test]
fn a_page_that_keeps_its_index_answers_like_the_whole_index() {
    let (built, vocabulary) = large();
    let whole = common::open(built);
    let terms_shards = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "terms")
        .count();
    assert!(terms_shards >= 4, "{terms_shards} terms shards");
    let mut kept = Index::new(built.manifest.clone()).unwrap();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..80 {
        let picks = prop::collection::vec(any::<u32>(), 40)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let request = random_request(vocabulary, &picks);
        let lazy = lazily(&mut kept, built, &request);
        let mut expected = common::answer(&whole, &request);
        if lazy.facets_pending {
            expected.facets.clear();
            expected.facets_pending = true;
        }
        assert_eq!(lazy, expected, "query {:?}", request.query);
    }
}

// ---- 2. A brute-force reference ------------------------------------------------------------

/// Words with first letters of their own (no two share one, none begins a spelling
/// alternative), so that typo tolerance can only find a word's own forms; with inflected
/// forms and stop words.
const WORDS: [&str; 20] = [
    "zarif",
    "muscat",
    "tehran",
    "talks",
    "nuclear",
    "oman",
    "ballot",
    "ballots",
    "crisis",
    "diplomacy",
    "embassy",
    "embassies",
    "frontier",
    "jasmine",
    "lantern",
    "parliament",
    "the",
    "of",
    "and",
    "yellow",
];

/// Words that may be asked for but are in no document.
const ABSENT: [&str; 2] = ["harbour", "island"];

const FIELDS: [&str; 4] = ["title", "summary", "body", "entries"];

/// A generated article: its words per field (title, summary, body, entries).
type Fields = [Vec<&'static str>; 4];

fn fields() -> impl Strategy<Value = Fields> {
    let words = || prop::collection::vec(prop::sample::select(&WORDS[..]), 0..12);
    (
        prop::collection::vec(prop::sample::select(&WORDS[..]), 1..5),
        words(),
        words(),
        words(),
    )
        .prop_map(|(title, summary, body, entries)| [title, summary, body, entries])
}

fn stem(word: &str) -> Option<String> {
    const STOP: [&str; 3] = ["the", "of", "and"];
    let folded = quire::fold(word);
    if STOP.contains(&folded.as_str()) {
        return None;
    }
    Some(
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)
            .stem(&folded)
            .into_owned(),
    )
}

/// An article's indexed terms per field, in position order (stop words have none).
fn terms(article: &Fields) -> [Vec<String>; 4] {
    article
        .clone()
        .map(|words| words.iter().filter_map(|w| stem(w)).collect())
}

/// A query as the reference reads it: clauses of alternatives, each a word or a phrase in a
/// scope (`None`: any field).
#[derive(Clone, Debug)]
struct Atom {
    words: Vec<&'static str>,
    scope: Option<usize>,
}

#[derive(Clone, Debug)]
struct Clause {
    alternatives: Vec<Atom>,
    negated: bool,
}

fn atom() -> impl Strategy<Value = Atom> {
    let word = prop::sample::select(
        WORDS
            .iter()
            .chain(&ABSENT)
            .copied()
            .filter(|w| stem(w).is_some())
            .collect::<Vec<_>>(),
    );
    (
        prop::collection::vec(word, 1..4),
        prop::option::weighted(0.3, 0..4usize),
        prop::collection::vec(prop::sample::select(&["the", "of"][..]), 0..2),
    )
        .prop_map(|(mut words, scope, stops)| {
            // Stop words inside a phrase leave no gap.
            for (i, stop) in stops.into_iter().enumerate() {
                if words.len() > 1 {
                    words.insert(1 + i % (words.len() - 1), stop);
                }
            }
            Atom { words, scope }
        })
}

fn query() -> impl Strategy<Value = (Vec<Clause>, bool)> {
    let clause = (prop::collection::vec(atom(), 1..3), any::<bool>(), 0..5u8).prop_map(
        |(alternatives, _, negate)| {
            let negated = negate == 0;
            Clause {
                // An excluded clause has one atom: `-a OR b` is not a query anyone means.
                alternatives: if negated {
                    alternatives[..1].to_vec()
                } else {
                    alternatives
                },
                negated,
            }
        },
    );
    (prop::collection::vec(clause, 1..4), any::<bool>())
}

fn render(clauses: &[Clause]) -> String {
    let atom = |a: &Atom| {
        let scope = a.scope.map_or(String::new(), |f| format!("{}:", FIELDS[f]));
        if a.words.len() == 1 {
            format!("{scope}{}", a.words[0])
        } else {
            format!("{scope}\"{}\"", a.words.join(" "))
        }
    };
    clauses
        .iter()
        .map(|c| {
            let alternatives: Vec<String> = c.alternatives.iter().map(atom).collect();
            format!(
                "{}{}",
                if c.negated { "-" } else { "" },
                alternatives.join(" OR ")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `term` stands for the typed `word` as the last word of a query being typed: the
/// terms it begins, its own stem, and the stems it may be cut from.
fn prefix_matches(word: &str, term: &str) -> bool {
    let folded = quire::fold(word);
    if term.starts_with(&folded) || stem(word).as_deref() == Some(term) {
        return true;
    }
    let shortest = folded.len().saturating_sub(4).max(3);
    (shortest..folded.len()).any(|len| folded.get(..len) == Some(term))
}

/// The documents matching `atom` (as the last word being typed when `prefix`).
fn reference_atom(articles: &[[Vec<String>; 4]], atom: &Atom, prefix: bool) -> BTreeSet<usize> {
    let wanted: Vec<String> = atom.words.iter().filter_map(|w| stem(w)).collect();
    let mut out = BTreeSet::new();
    for (doc, fields) in articles.iter().enumerate() {
        let matches = fields.iter().enumerate().any(|(f, terms)| {
            if atom.scope.is_some_and(|scope| scope != f) {
                return false;
            }
            match wanted.len() {
                0 => false,
                1 if prefix => terms.iter().any(|t| prefix_matches(atom.words[0], t)),
                // A one-word phrase is a word.
                1 => terms.contains(&wanted[0]),
                n => terms.windows(n).any(|window| window == wanted.as_slice()),
            }
        });
        if matches {
            out.insert(doc);
        }
    }
    out
}

/// The documents the query matches, by the rules of the module comment.
fn reference(articles: &[[Vec<String>; 4]], clauses: &[Clause], typing: bool) -> BTreeSet<usize> {
    let last = clauses.len() - 1;
    let mut result: Option<BTreeSet<usize>> = None;
    for (c, clause) in clauses.iter().enumerate().filter(|(_, c)| !c.negated) {
        let mut docs = BTreeSet::new();
        for (a, atom) in clause.alternatives.iter().enumerate() {
            let prefix =
                typing && c == last && a == clause.alternatives.len() - 1 && atom.words.len() == 1;
            docs.extend(reference_atom(articles, atom, prefix));
        }
        // A clause no document matches is left out of the query.
        if !docs.is_empty() {
            result = Some(match result {
                None => docs,
                Some(previous) => previous.intersection(&docs).copied().collect(),
            });
        }
    }
    let has_positive = clauses.iter().any(|c| !c.negated);
    let mut result = match result {
        Some(docs) => docs,
        None if has_positive => BTreeSet::new(),
        // Only exclusions: every document but those.
        None => (0..articles.len()).collect(),
    };
    for clause in clauses.iter().filter(|c| c.negated) {
        for atom in &clause.alternatives {
            for doc in reference_atom(articles, atom, false) {
                result.remove(&doc);
            }
        }
    }
    result
}

fn markdown(fields: &Fields) -> String {
    let [title, summary, body, entries] = fields;
    let entries = if entries.is_empty() {
        String::new()
    } else {
        format!("- May 2: {}\n", entries.join(" "))
    };
    format!(
        "---\ntitle: \"{}\"\nsummary: \"{}\"\ndate: 2025-05-13\n---\n{}\n\n{entries}",
        title.join(" "),
        summary.join(" "),
        body.join(" ")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_matches_what_the_reference_matches(
        articles in prop::collection::vec(fields(), 1..14),
        (clauses, typing) in query(),
    ) {
        let mut corpus = Corpus::new(Config::default());
        for (n, article) in articles.iter().enumerate() {
            corpus.add_markdown(&format!("doc{n}.md"), markdown(article).as_bytes());
        }
        prop_assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
        let index = common::open(&common::build(corpus));
        let text = render(&clauses);
        let request = SearchRequest {
            query: text.clone(),
            typing,
            limit: 100,
            ..SearchRequest::default()
        };
        let results = common::answer(&index, &request);
        let found: BTreeSet<usize> = results
            .hits
            .iter()
            .map(|h| h.id.trim_start_matches("doc").parse().unwrap())
            .collect();
        let analysed: Vec<[Vec<String>; 4]> = articles.iter().map(terms).collect();
        let expected = reference(&analysed, &clauses, typing);
        prop_assert_eq!(results.total, found.len());
        prop_assert!(
            results.corrections.is_empty(),
            "no typo corrections among these words: {:?}",
            results.corrections
        );
        prop_assert_eq!(found, expected, "query {:?} (typing: {})", text, typing);
    }
}
