//! Searching an index as the browser does: starting from the manifest, the meta and the
//! columns files, and fetching only the dictionary shards, byte ranges and records that each
//! search asks for. The answers must equal those of the whole index, for a fraction of its
//! bytes.

mod common;

use std::collections::HashMap;

use common::{draw_words, made_up_vocabulary, xorshift};
use quire::Fetch;
use quire::build::BuiltIndex;
use quire::corpus::{Config, Corpus};
use quire::{Error, Index, SearchRequest, SearchResults, Step};

/// The syllables of the made-up vocabularies.
const SYLLABLES: [&str; 24] = [
    "ka", "ra", "mi", "to", "shar", "gh", "an", "ze", "vo", "lu", "qi", "dor", "be", "su", "nel",
    "pa", "ti", "om", "fa", "re", "du", "kha", "ye", "bo",
];

/// A corpus large enough for several terms shards and docs files: 3,000 articles over a
/// made-up vocabulary.
fn corpus() -> BuiltIndex {
    let mut next = xorshift(0x2545_f491_4f6c_dd1d);
    let vocabulary = made_up_vocabulary(&mut next, 6_000, &SYLLABLES);
    let mut lines = String::new();
    for i in 0..3_000 {
        let mut words = |n: usize| draw_words(&mut next, &vocabulary, n);
        let title = words(5);
        let body = words(120);
        let year = 2000 + i % 20;
        lines.push_str(&format!(
            "{{\"id\":\"a{i}\",\"title\":\"{title}\",\"date\":\"{year}-0{}-1{}\",\"section\":\"s{}\",\"body\":\"{body}\"}}\n",
            1 + i % 9,
            i % 9,
            i % 4
        ));
    }
    let mut corpus = Corpus::new(Config::default());
    corpus
        .add_json_lines("gen.jsonl", lines.as_bytes())
        .unwrap();
    common::build(corpus)
}

/// Serves the built files like a static host that honours `Range`, counting what it sends.
struct Host<'a> {
    files: HashMap<&'a str, &'a [u8]>,
    bytes_sent: u64,
    requests: u64,
    fetched_files: Vec<String>,
}

impl<'a> Host<'a> {
    fn new(built: &'a BuiltIndex) -> Host<'a> {
        Host {
            files: built
                .files
                .iter()
                .map(|f| (f.name.as_str(), f.bytes.as_slice()))
                .collect(),
            bytes_sent: 0,
            requests: 0,
            fetched_files: Vec::new(),
        }
    }

    fn serve(&mut self, index: &mut Index, fetch: &Fetch) {
        let file = self.files[fetch.file.as_str()];
        self.requests += 1;
        if !self.fetched_files.contains(&fetch.file) {
            self.fetched_files.push(fetch.file.clone());
        }
        self.bytes_sent += if fetch.whole {
            file.len() as u64
        } else {
            fetch.end - fetch.start
        };
        index.add_fetched(fetch, file).unwrap();
    }

    /// Opens the index with its first files only.
    fn open(&mut self, built: &BuiltIndex) -> Index {
        let mut index = Index::new(built.manifest.clone()).unwrap();
        for name in index
            .files_to_load()
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
        {
            let fetch = Fetch {
                file: name,
                start: 0,
                end: 0,
                whole: true,
                record_of: None,
                for_typos: false,
            };
            self.serve(&mut index, &fetch);
        }
        index
    }

    /// Searches, fetching what each round asks for; returns the results and the number of
    /// searches it took (one more than the rounds of fetching).
    fn search(&mut self, index: &mut Index, request: &SearchRequest) -> (SearchResults, usize) {
        for round in 1..=12 {
            match index.search(request) {
                Ok(Step::Done(results)) => return (results, round),
                Ok(Step::Need(fetches)) => {
                    for fetch in &fetches {
                        self.serve(index, fetch);
                    }
                }
                Err(error) => panic!("{error}"),
            }
        }
        panic!("no answer after 12 rounds");
    }
}

/// (id, excerpt, highlights) of each hit.
type Shown = (String, String, Vec<(usize, usize)>);

fn words_of(results: &SearchResults) -> Vec<Shown> {
    results
        .hits
        .iter()
        .map(|h| {
            (
                h.id.clone(),
                h.excerpt.clone(),
                h.excerpt_highlights.clone(),
            )
        })
        .collect()
}

#[test]
fn lazy_searches_answer_like_the_whole_index_for_a_fraction_of_its_bytes() {
    let built = corpus();
    let whole = common::open(&built);
    let total: u64 = built.files.iter().map(|f| f.bytes.len() as u64).sum();
    let terms_shards = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "terms")
        .count();
    let docs_files = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "docs")
        .count();
    assert!(terms_shards >= 8, "{terms_shards} terms shards");
    // Docs files of 16 documents each: a host without `Range` sends little for a hit.
    assert_eq!(docs_files, 3_000usize.div_ceil(quire::build::DOCS_PER_FILE));

    // A word taken from the dictionary: the first word of the first hit of a browse.
    let browse = common::answer(&whole, &SearchRequest::new(""));
    let word = browse.hits[0].title.split(' ').next().unwrap().to_string();
    let second = browse.hits[1].title.split(' ').nth(1).unwrap().to_string();

    let requests = [
        SearchRequest::new(&word),
        SearchRequest::new(&format!("{word} {second}")),
        SearchRequest::new(&word[..4]),
        SearchRequest {
            sort: "oldest".into(),
            ..SearchRequest::new(&word)
        },
        SearchRequest::new(&format!("\"{word}\"")),
        // A typo in the middle of the word: fuzzy matching.
        SearchRequest::new(&format!("{}x{}", &word[..3], &word[4..])),
    ];
    for request in &requests {
        let mut host = Host::new(&built);
        let mut lazy = host.open(&built);
        let (results, rounds) = host.search(&mut lazy, request);
        let expected = common::answer(&whole, request);
        assert_eq!(results.total, expected.total, "{:?}", request.query);
        assert_eq!(
            words_of(&results),
            words_of(&expected),
            "{:?}",
            request.query
        );
        assert_eq!(results.corrections, expected.corrections);
        assert!(rounds <= 4, "{} rounds for {:?}", rounds, request.query);
        let shards = host
            .fetched_files
            .iter()
            .filter(|f| f.starts_with("terms."))
            .count();
        assert!(shards <= 3, "{shards} terms shards for {:?}", request.query);
        assert!(
            host.bytes_sent * 5 < total,
            "{:?} fetched {} of {} bytes",
            request.query,
            host.bytes_sent,
            total
        );
    }
}

/// 2,000 articles whose titles and bodies share a vocabulary of 100 topic words (so that the
/// words of a title share many documents, as a reader's words usually do) among 120 words of
/// a made-up vocabulary of 6,000 (so that the dictionary takes several terms files).
fn topical_corpus() -> BuiltIndex {
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
    let syllables = SYLLABLES;
    let mut word = |len: usize| -> String {
        (0..len)
            .map(|_| syllables[(next() % syllables.len() as u64) as usize])
            .collect()
    };
    let topics: Vec<String> = (0..100).map(|_| word(3)).collect();
    let rest: Vec<String> = (0..6_000).map(|_| word(2 + 1)).collect();
    let mut lines = String::new();
    let mut pick = {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        move |n: usize| (next() % n as u64) as usize
    };
    for i in 0..2_000 {
        let title: Vec<&str> = (0..4).map(|_| topics[pick(100)].as_str()).collect();
        let mut body: Vec<&str> = (0..20).map(|_| topics[pick(100)].as_str()).collect();
        body.extend((0..120).map(|_| rest[pick(6_000)].as_str()));
        lines.push_str(&format!(
            "{{\"id\":\"t{i}\",\"title\":\"{}\",\"date\":\"2020-01-0{}\",\"body\":\"{}\"}}\n",
            title.join(" "),
            1 + i % 9,
            body.join(" ")
        ));
    }
    build_json_lines(&lines)
}

#[test]
fn a_query_of_one_to_three_words_takes_two_rounds_and_the_next_keystroke_one() {
    let built = topical_corpus();
    let terms_files = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "terms")
        .count();
    assert!(terms_files >= 8, "{terms_files} terms files");
    let whole = common::open(&built);
    let browse = common::answer(
        &whole,
        &SearchRequest {
            limit: 15,
            ..SearchRequest::new("")
        },
    );
    let mut shared = 0;
    let mut keystrokes = Vec::new();
    for (n, hit) in browse.hits.iter().enumerate() {
        let words: Vec<&str> = hit.title.split(' ').collect();
        let query = words[..1 + n % 3].join(" ");
        // A new query, given whole: its words' terms files (their postings lists inside),
        // then the records of its hits.
        let mut host = Host::new(&built);
        let mut lazy = host.open(&built);
        let request = SearchRequest {
            typing: false,
            ..SearchRequest::new(&query)
        };
        let (results, searches) = host.search(&mut lazy, &request);
        assert!(results.total > 0, "{query:?}");
        // Words that share fewer than ten documents are also tried as typos of other words
        // (`matching::add_real_word_typos`): the lexicon of their first letters comes in the
        // first round, the terms files of the typos kept in the second with the records of
        // the documents found so far; one round more when a typo adds documents to the page.
        if results.total >= 10 {
            shared += 1;
            assert!(searches - 1 <= 2, "{} rounds for {query:?}", searches - 1);
        } else {
            assert!(searches - 1 <= 3, "{} rounds for {query:?}", searches - 1);
        }
        // The same words typed one character at a time: once a word's first letter has
        // brought its shards, a next keystroke fetches the records of its hits at most; or,
        // when what is typed is no word of the archive, the terms files of its second letter
        // too (`expand::typos`: a swap of the first two letters), one round more.
        let mut host = Host::new(&built);
        let mut lazy = host.open(&built);
        let chars: Vec<char> = query.chars().collect();
        for end in 1..=chars.len() {
            let typed: String = chars[..end].iter().collect();
            let (_, searches) = host.search(&mut lazy, &SearchRequest::new(&typed));
            let next_keystroke = end >= 2 && chars[end - 1] != ' ' && chars[end - 2] != ' ';
            if next_keystroke {
                assert!(searches - 1 <= 2, "{} rounds for {typed:?}", searches - 1);
                keystrokes.push(searches - 1);
            }
        }
    }
    assert!(
        shared >= 12,
        "only {shared} of 15 queries share ten documents"
    );
    let in_one = keystrokes.iter().filter(|&&rounds| rounds <= 1).count();
    assert!(
        in_one * 10 >= keystrokes.len() * 8,
        "{in_one} of {} next keystrokes in one round",
        keystrokes.len()
    );
}

#[test]
fn facet_counts_arrive_when_the_facets_file_does() {
    let built = corpus();
    let mut host = Host::new(&built);
    let mut lazy = host.open(&built);
    let (results, _) = host.search(&mut lazy, &SearchRequest::new(""));
    assert!(results.facets_pending && results.facets.is_empty());
    assert!(!host.fetched_files.iter().any(|f| f.starts_with("facets.")));
    let mut request = SearchRequest::new("");
    request.filter("kind", "s1");
    let (filtered, _) = host.search(&mut lazy, &request);
    assert!(!filtered.facets_pending);
    assert_eq!(filtered.total, 750);
    let (again, _) = host.search(&mut lazy, &SearchRequest::new(""));
    assert!(!again.facets_pending && !again.facets.is_empty());
}

#[test]
fn a_tampered_range_is_refused() {
    let built = corpus();
    let mut host = Host::new(&built);
    let mut lazy = host.open(&built);
    let browse = lazy.search(&SearchRequest::new(""));
    // Serve every requested range flipped: the CRC-32s of the records catch it.
    let Ok(Step::Need(fetches)) = browse else {
        panic!("a browse needs records")
    };
    for fetch in &fetches {
        let file = host.files[fetch.file.as_str()];
        let mut bytes = file[fetch.start as usize..fetch.end as usize].to_vec();
        bytes[0] ^= 0xff;
        lazy.add_range(&fetch.file, fetch.start, bytes).unwrap();
    }
    // The records were flipped: the next round fails, with a message, not a panic.
    let outcome = lazy.search(&SearchRequest::new(""));
    assert!(
        matches!(
            outcome,
            Err(Error::Corrupt { .. } | Error::Checksum { .. }) | Ok(Step::Need(_))
        ),
        "{outcome:?}"
    );
}

/// `count` short dated articles, one a day from 2000-01-01, as JSON Lines.
fn dated_articles(count: usize) -> String {
    let mut lines = String::new();
    for i in 0..count {
        let date = quire::Date::from_days(10_957 + i as i32).iso();
        lines.push_str(&format!(
            "{{\"id\":\"d{i}\",\"title\":\"Bulletin {i}\",\"date\":\"{date}\",\"body\":\"The bulletin of day {i} reports on talks number {}.\"}}\n",
            i % 97
        ));
    }
    lines
}

fn build_json_lines(lines: &str) -> BuiltIndex {
    let mut corpus = Corpus::new(Config::default());
    corpus
        .add_json_lines("gen.jsonl", lines.as_bytes())
        .unwrap();
    common::build(corpus)
}

#[test]
fn a_republish_with_a_new_article_keeps_the_older_docs_files() {
    // More documents than one group of docs files holds (files are named by groups), so
    // that there are two groups, the second of one file.
    let group = quire::format::NAME_GROUP_FILES;
    let before = dated_articles(quire::build::DOCS_PER_FILE * group + 5);
    let mut after = before.clone();
    after.push_str(
        "{\"id\":\"new\",\"title\":\"A new bulletin\",\"date\":\"2030-01-01\",\"body\":\"Fresh news.\"}\n",
    );
    let (old, new) = (build_json_lines(&before), build_json_lines(&after));
    let docs = |built: &BuiltIndex| -> Vec<String> {
        built
            .manifest
            .files
            .iter()
            .filter(|f| f.role == "docs")
            .map(|f| f.name.clone())
            .collect()
    };
    let (old_docs, new_docs) = (docs(&old), docs(&new));
    assert_eq!(old_docs.len(), group + 1);
    assert_eq!(new_docs.len(), group + 1);
    // Documents are numbered oldest first: the new one joins the last docs file only, so
    // visitors keep the first group cached under the same names.
    assert_eq!(new_docs[..group], old_docs[..group]);
    assert_ne!(new_docs[group], old_docs[group]);
    // A file that keeps its name keeps its bytes (names are content hashes).
    let bytes_of = |built: &BuiltIndex, name: &str| {
        built
            .files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.bytes.clone())
    };
    assert_eq!(bytes_of(&old, &old_docs[0]), bytes_of(&new, &new_docs[0]));
}

/// The sample editions, searched as the browser does: before the facets file (with the
/// entries table) comes, the hits and their entries are those of the whole index, without
/// counts; once it has come, everything is.
#[test]
fn entries_answer_alike_before_and_after_the_entries_table_comes() {
    let built = common::build(common::read_folder(&common::sample_dir()));
    let whole = common::open(&built);
    let requests = [
        SearchRequest::new("zarif"),
        SearchRequest::new("Araqchi"),
        SearchRequest::new("\"supreme leader\""),
        SearchRequest::new("talks"),
        SearchRequest::new(""),
    ];
    for request in &requests {
        let mut host = Host::new(&built);
        let mut lazy = host.open(&built);
        let (first, rounds) = host.search(&mut lazy, request);
        let expected = common::answer(&whole, request);
        assert!(first.facets_pending, "{:?}", request.query);
        assert_eq!(first.hits, expected.hits, "{:?}", request.query);
        assert_eq!(first.total, expected.total);
        assert!(first.timeline.is_empty() && first.facets.is_empty());
        assert!(rounds <= 5, "{rounds} rounds for {:?}", request.query);
        assert!(!host.fetched_files.iter().any(|f| f.starts_with("facets.")));
        // The counts come with the facets file, fetched in the background.
        let facets = built
            .files
            .iter()
            .find(|f| f.name.starts_with("facets."))
            .unwrap();
        lazy.add_file(&facets.name, facets.bytes.clone()).unwrap();
        let (complete, _) = host.search(&mut lazy, request);
        assert_eq!(complete, expected, "{:?}", request.query);
        assert_eq!(complete.unit, quire::Unit::Entries);
    }
    // A filter on entries, or a date range, needs the entries table at once.
    for (facet, value) in [("leaning", "reformist"), ("role", "Foreign Minister")] {
        let mut request = SearchRequest::new("talks");
        request.filter(facet, value);
        let mut host = Host::new(&built);
        let mut lazy = host.open(&built);
        let (results, _) = host.search(&mut lazy, &request);
        assert!(!results.facets_pending);
        assert_eq!(results, common::answer(&whole, &request));
    }
    let mut request = SearchRequest::new("");
    request.date_from = Some("2025-04".into());
    request.date_to = Some("2025-04".into());
    let mut host = Host::new(&built);
    let mut lazy = host.open(&built);
    let (results, _) = host.search(&mut lazy, &request);
    assert_eq!(results, common::answer(&whole, &request));
    assert!(
        results
            .hits
            .iter()
            .any(|h| h.id == "2025-05-02-all-roads-lead-away-from-rome")
    );
}

/// 800 articles over made-up words that all begin with "z" (so that the letter takes many
/// terms files), and a few whose titles pair "zebra" with "zanzibar" or "yak" (three
/// documents each), and "zobra", one edit from "zebra" but in another terms file, with
/// "zanzibar".
fn one_letter_corpus() -> BuiltIndex {
    let mut next = xorshift(0x51ed_2705_a3c1_9b47);
    let vocabulary: Vec<String> = (0..5_000)
        .map(|_| {
            let len = 2 + (next() % 2) as usize;
            let word: String = (0..len)
                .map(|_| SYLLABLES[(next() % SYLLABLES.len() as u64) as usize])
                .collect();
            format!("z{word}")
        })
        .collect();
    let mut lines = String::new();
    for i in 0..800 {
        let body: Vec<&str> = (0..80)
            .map(|_| vocabulary[(next() % vocabulary.len() as u64) as usize].as_str())
            .collect();
        let title = match i {
            0..3 => "zebra zanzibar",
            3..6 => "zobra zanzibar",
            6..9 => "zebra yak",
            _ => "zoo",
        };
        lines.push_str(&format!(
            "{{\"id\":\"z{i}\",\"title\":\"{title}\",\"body\":\"{}\"}}\n",
            body.join(" ")
        ));
    }
    build_json_lines(&lines)
}

#[test]
fn a_real_word_typo_lookup_costs_no_round_when_it_adds_nothing_to_the_page() {
    let built = one_letter_corpus();
    let letter_files = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "terms" && f.first_term.as_deref().unwrap_or("").starts_with('z'))
        .count();
    assert!(letter_files >= 6, "{letter_files} terms files of z");
    let whole = common::open(&built);
    // (query, rounds, hits). Each pair of words shares 3 documents, fewer than a screen, so
    // "zebra" is also tried as a typo of other words: of "zobra", in another terms file, which
    // the second round brings with the records of the 3 documents (they rank above any a
    // typo adds). "zobra" adds nothing to "zebra yak": 2 rounds; it adds 3 documents to
    // "zebra zanzibar", below the 3: their records are a third round.
    for (query, rounds, hits) in [("zebra yak", 2, 3), ("zebra zanzibar", 3, 6)] {
        let mut host = Host::new(&built);
        let mut lazy = host.open(&built);
        let opened = host.fetched_files.len();
        let request = SearchRequest {
            typing: false,
            ..SearchRequest::new(query)
        };
        let (results, searches) = host.search(&mut lazy, &request);
        let expected = common::answer(&whole, &request);
        assert_eq!(words_of(&results), words_of(&expected), "{query:?}");
        assert_eq!(results.hits.len(), hits, "{query:?}");
        assert_eq!(searches - 1, rounds, "rounds for {query:?}");
        // The typos are looked up in the lexicon, not in every terms file of "z".
        let terms_read = host.fetched_files[opened..]
            .iter()
            .filter(|name| name.starts_with("terms."))
            .count();
        assert!(
            terms_read * 2 <= letter_files,
            "{terms_read} of {letter_files} terms files read for {query:?}"
        );
    }
}

/// What a search costs when a first page is asked for after each round, as the worker does
/// for a caller with `onPartial`: the complete results, the rounds of fetching, the first
/// page (with the rounds fetched before it), and the rounds that fetched lexicon files.
struct Progressive {
    results: SearchResults,
    rounds: usize,
    first: Option<(SearchResults, usize)>,
    lexicon_rounds: usize,
}

fn search_progressively(
    host: &mut Host,
    index: &mut Index,
    request: &SearchRequest,
) -> Progressive {
    let (mut first, mut lexicon_rounds) = (None, 0);
    for rounds in 0..12 {
        let fetches = match index.search(request).unwrap() {
            Step::Done(results) => {
                return Progressive {
                    results,
                    rounds,
                    first,
                    lexicon_rounds,
                };
            }
            Step::Need(fetches) => fetches,
        };
        if first.is_none() {
            first = index
                .first_results(request)
                .unwrap()
                .map(|page| (page, rounds));
        }
        lexicon_rounds += usize::from(fetches.iter().any(|f| f.file.starts_with("lexicon.")));
        for fetch in &fetches {
            host.serve(index, fetch);
        }
    }
    panic!("no answer after 12 rounds");
}

/// The first word of each title of the first eight documents the index lists.
fn first_title_words(whole: &Index) -> Vec<String> {
    let browse = common::answer(
        whole,
        &SearchRequest {
            limit: 8,
            ..SearchRequest::new("")
        },
    );
    let first = |title: &str| title.split(' ').next().unwrap_or_default().to_string();
    browse.hits.iter().map(|hit| first(&hit.title)).collect()
}

/// `request` searched on an index fed only what it asks for, checked to answer as the whole
/// index does; and the host that fed it.
fn search_lazily_as_whole<'a>(
    built: &'a BuiltIndex,
    whole: &Index,
    request: &SearchRequest,
) -> (Progressive, Host<'a>) {
    let mut host = Host::new(built);
    let mut lazy = host.open(built);
    let found = search_progressively(&mut host, &mut lazy, request);
    let expected = common::answer(whole, request);
    let typed = &request.query;
    assert_eq!(words_of(&found.results), words_of(&expected), "{typed:?}");
    (found, host)
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn a_word_with_its_first_letter_mistyped_reads_the_lexicon_in_one_round_more() {
    let built = topical_corpus();
    let lexicon_files = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "lexicon")
        .count();
    assert!(lexicon_files >= 3, "{lexicon_files} lexicon files");
    let whole = common::open(&built);
    for word in first_title_words(&whole) {
        // No syllable of the corpus begins with "x": the word is no word of the index, and
        // only a first-letter typo lookup, which reads the whole lexicon, finds it.
        let typed = format!("x{}", &word[1..]);
        for typing in [false, true] {
            let request = SearchRequest {
                typing,
                ..SearchRequest::new(&typed)
            };
            let (found, _) = search_lazily_as_whole(&built, &whole, &request);
            assert!(found.results.total > 0, "{typed:?} finds {word:?}");
            // Its terms file and the lexicon of "x"; every other lexicon file; the terms
            // files of the terms kept; their records.
            assert!(found.rounds <= 4, "{} rounds for {typed:?}", found.rounds);
            assert!(
                found.lexicon_rounds <= 2,
                "lexicon files in {} rounds for {typed:?}",
                found.lexicon_rounds
            );
        }
    }
}

#[test]
fn a_missing_or_changed_first_letter_is_looked_up_in_rotated_lexicon_files_fetched_ahead() {
    let built = topical_corpus();
    let rotated: Vec<&str> = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "lexicon" && f.first_term.as_deref().unwrap_or("") < "0")
        .map(|f| f.name.as_str())
        .collect();
    assert!(
        rotated.len() >= 2,
        "{} rotated lexicon files",
        rotated.len()
    );
    let plain = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "lexicon")
        .count()
        - rotated.len();
    let whole = common::open(&built);
    for word in first_title_words(&whole) {
        // The first letter missing, or changed to one no syllable begins with.
        for typed in [word[1..].to_string(), format!("x{}", &word[1..])] {
            for typing in [false, true] {
                let request = SearchRequest {
                    typing,
                    ..SearchRequest::new(&typed)
                };
                let (found, host) = search_lazily_as_whole(&built, &whole, &request);
                assert!(
                    found
                        .results
                        .corrections
                        .iter()
                        .any(|c| c.replacement == word),
                    "{typed:?} is read as {word:?}: {:?}",
                    found.results.corrections
                );
                // The lexicon files come with the word's terms file, in its first round, and
                // they are not the whole lexicon.
                assert_eq!(found.lexicon_rounds, 1, "{typed:?}");
                let lexicon_read = host
                    .fetched_files
                    .iter()
                    .filter(|f| f.starts_with("lexicon.") && !rotated.contains(&f.as_str()))
                    .count();
                assert!(
                    lexicon_read < plain,
                    "{lexicon_read} of {plain} plain lexicon files read for {typed:?}"
                );
                assert!(
                    host.fetched_files
                        .iter()
                        .any(|f| rotated.contains(&f.as_str())),
                    "{typed:?}"
                );
            }
        }
    }
}

#[test]
fn a_first_page_from_the_words_as_typed_is_the_top_of_the_complete_page() {
    // "zebra zanzibar": 3 documents as typed, 3 more through the typo "zobra" (see
    // `a_real_word_typo_lookup_costs_no_round_when_it_adds_nothing_to_the_page`): the first
    // 3 come after 2 rounds, the complete page after 3, beginning with them.
    let built = one_letter_corpus();
    let request = SearchRequest {
        typing: false,
        ..SearchRequest::new("zebra zanzibar")
    };
    let mut host = Host::new(&built);
    let mut lazy = host.open(&built);
    let found = search_progressively(&mut host, &mut lazy, &request);
    let (first, after) = found.first.expect("a first page");
    assert_eq!((after, found.rounds), (2, 3));
    assert_eq!(first.hits.len(), 3);
    assert_eq!(first.total, 3, "the first page counts its hits only");
    assert_eq!(ids(&first), ids(&found.results)[..3].to_vec());
    assert_eq!(found.results.hits.len(), 6);

    // Over many queries of 2-3 title words (rare words that share few documents: the words
    // are also tried as typos of others), typed or given whole, with and without a typo:
    // whenever a first page comes, the complete page begins with its hits, in its order.
    let built = corpus();
    let whole = common::open(&built);
    let browse = common::answer(
        &whole,
        &SearchRequest {
            limit: 40,
            ..SearchRequest::new("")
        },
    );
    let mut next = xorshift(0x0dd_ba11);
    let mut queries = Vec::new();
    for (n, hit) in browse.hits.iter().enumerate() {
        let words: Vec<&str> = hit.title.split(' ').collect();
        let mut query: Vec<String> = words[..2 + n % 2].iter().map(|w| w.to_string()).collect();
        if n % 2 == 1 {
            // One letter changed, not the first: a typo of a word of the index.
            let word: Vec<char> = query[0].chars().collect();
            let at = 1 + (next() as usize) % (word.len() - 1);
            let mut typo = word.clone();
            typo[at] = if word[at] == 'a' { 'e' } else { 'a' };
            query[0] = typo.into_iter().collect();
        }
        queries.push(query.join(" "));
    }
    let (mut pages, mut grown) = check_first_pages(&built, &queries);
    // Random titles seldom have a word read as another by a title with every word (the only
    // reading kept when the words as typed share documents): these titles do.
    let zebras = [
        "zebra zanzibar",
        "zobra zanzibar",
        "zebra yak",
        "zebra zanzibra",
    ];
    let (more_pages, more_grown) = check_first_pages(&one_letter_corpus(), &zebras);
    pages += more_pages;
    grown += more_grown;
    assert!(
        pages > 0 && grown > 0,
        "{pages} first pages, {grown} before the answer"
    );
}

/// Runs each query, typed and given whole, progressively and against the whole index:
/// the same answer, and a first page, when one comes, that the complete page begins with.
/// Returns (first pages, first pages that came before the answer).
fn check_first_pages(built: &BuiltIndex, queries: &[impl AsRef<str>]) -> (usize, usize) {
    let whole = common::open(built);
    let (mut pages, mut grown) = (0, 0);
    for query in queries {
        let query = query.as_ref();
        for typing in [false, true] {
            let request = SearchRequest {
                typing,
                ..SearchRequest::new(query)
            };
            let mut host = Host::new(built);
            let mut lazy = host.open(built);
            let found = search_progressively(&mut host, &mut lazy, &request);
            assert_eq!(
                words_of(&found.results),
                words_of(&common::answer(&whole, &request)),
                "{query:?}"
            );
            if let Some((first, after)) = found.first {
                pages += 1;
                assert!(after <= found.rounds, "{query:?}");
                assert!(!first.hits.is_empty(), "an empty first page for {query:?}");
                let complete = ids(&found.results);
                assert!(
                    complete.starts_with(&ids(&first)),
                    "{query:?}: first page {:?}, complete {complete:?}",
                    ids(&first)
                );
                grown += usize::from(after < found.rounds);
            }
        }
    }
    (pages, grown)
}

#[test]
fn a_word_being_typed_asks_for_the_next_terms_file_its_prefix_runs_into_with_its_own() {
    let built = topical_corpus();
    // Terms files by their first terms, in order.
    let firsts: Vec<(&str, &str)> = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "terms")
        .map(|f| (f.first_term.as_deref().unwrap_or(""), f.name.as_str()))
        .collect();
    let mut tried = 0;
    for i in 1..firsts.len() {
        let (term, file) = firsts[i];
        // A prefix of the term that starts file i, that sorts in file i - 1 and whose range
        // ends within file i: it spans exactly those two.
        let letters: Vec<char> = term.chars().collect();
        if letters.len() < 5 {
            continue;
        }
        let prefix: String = letters[..letters.len() - 1].iter().collect();
        let (previous_first, previous) = firsts[i - 1];
        let next_first = firsts.get(i + 1).map(|(first, _)| *first);
        if prefix.as_str() <= previous_first || next_first.is_some_and(|n| n.starts_with(&prefix)) {
            continue;
        }
        tried += 1;
        let mut host = Host::new(&built);
        let index = host.open(&built);
        let Step::Need(fetches) = index.search(&SearchRequest::new(&prefix)).unwrap() else {
            panic!("{prefix:?}: nothing of its terms loaded, yet no need");
        };
        let asked: Vec<&str> = fetches
            .iter()
            .filter(|f| !f.for_typos)
            .map(|f| f.file.as_str())
            .collect();
        assert!(
            asked.contains(&previous) && asked.contains(&file),
            "{prefix:?} typed: its own terms file and the next, which {term:?} begins, in one round: {asked:?}"
        );
        // Given whole, a word is no prefix: its own terms file alone.
        let whole = SearchRequest {
            typing: false,
            ..SearchRequest::new(&prefix)
        };
        let Step::Need(fetches) = index.search(&whole).unwrap() else {
            panic!("{prefix:?}: no need");
        };
        assert!(
            !fetches.iter().any(|f| f.file == file),
            "{prefix:?} given whole asks for the file of {term:?}"
        );
    }
    assert!(tried >= 2, "only {tried} prefixes tried");
}

#[test]
fn a_word_typed_with_its_first_letter_changed_reads_the_rotated_lexicon_not_the_whole() {
    // Typed letter by letter, each keystroke run to its answer: the word's terms file comes
    // with its first letters, before it has the four that name its rotated files, so its
    // lookup finds its own letters' lexicon read and the rotated files missing. It asks for
    // those (`Lookup::Rotated`), not for the whole lexicon.
    let built = topical_corpus();
    let plain: Vec<&str> = built
        .manifest
        .files
        .iter()
        .filter(|f| f.role == "lexicon" && f.first_term.as_deref().unwrap_or("") >= "0")
        .map(|f| f.name.as_str())
        .collect();
    let whole = common::open(&built);
    for word in first_title_words(&whole) {
        let typed = format!("x{}", &word[1..]);
        let mut host = Host::new(&built);
        let mut lazy = host.open(&built);
        let chars: Vec<char> = typed.chars().collect();
        let mut results = None;
        for end in 1..=chars.len() {
            let text: String = chars[..end].iter().collect();
            results = Some(host.search(&mut lazy, &SearchRequest::new(&text)).0);
        }
        let corrections = results.map(|r| r.corrections).unwrap_or_default();
        assert!(
            corrections.iter().any(|c| c.replacement == word),
            "{typed:?} is read as {word:?}: {corrections:?}"
        );
        let read = host
            .fetched_files
            .iter()
            .filter(|f| plain.contains(&f.as_str()))
            .count();
        assert!(
            read < plain.len(),
            "{read} of {} plain lexicon files read typing {typed:?}",
            plain.len()
        );
    }
}
