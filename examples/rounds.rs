//! Rounds of requests per query, as the browser worker makes them: builds each corpus in
//! memory, then runs a seeded query set (1-3 words of article titles, given whole; and some of
//! them typed a character at a time) through `Index::search` and the fetch loop of
//! `www/quire-worker.js`, and prints per corpus the sequential rounds, requests and bytes of a
//! new query, the bytes of a visitor's first query, with `Range` and on a host that ignores it,
//! and the file counts.
//!
//!     cargo run --profile native --example rounds -- bbc tehrantimes
//!     cargo run --profile native --example rounds -- --queries 400 --seed 7 path/to/corpus.jsonl.gz
//!
//! A corpus is a name in `../shared/corpora/` (or `QUIRE_CORPORA`) or a JSON Lines path.
//!
//! Definitions (the README's): a **round** is one `Step::Need` answered, all its fetches
//! made in parallel; **rounds until first results** count the rounds before the worker can
//! show hits: the first page of `Index::first_results` (asked after each `Step::Need`, while
//! its fetches are made, as the worker does for the widget), or the answer; a **typo query**
//! is a query with one letter of its first word changed (not the first letter); **requests** count the worker's requests after its coalescing rule
//! (ranges of one file at most 256 bytes apart are one request; a whole file is one); a
//! **new query** runs in a fresh session where only the manifest and the files every search
//! needs are loaded, so that it pays for every shard and record it reads (the worst case of a
//! query first run in a visit); the **first query** adds those opening files and the facets
//! file, which the worker fetches in the background at the first search. **Without Range**,
//! every file touched is fetched whole, once per session.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use quire::corpus::{Config, Corpus};
use quire::{Fetch, Index, SearchRequest, Step};

/// The worker's `RANGE_GAP`: ranges of one file this close are one request.
const RANGE_GAP: u64 = 256;

/// A small seeded PRNG (xorshift64*), so that a seed gives the same queries everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The words of a title a reader may type: at least four letters, not digits only.
fn title_words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
    {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// The query with one letter of its first word of 5 letters or more (else its first word)
/// changed, not the first: a typo of a word of the archive.
fn with_typo(query: &str, rng: &mut Rng) -> String {
    let mut words: Vec<Vec<char>> = query.split(' ').map(|w| w.chars().collect()).collect();
    let i = words.iter().position(|w| w.len() >= 5).unwrap_or(0);
    let word = &mut words[i];
    if word.len() >= 2 {
        let at = 1 + rng.below(word.len() - 1);
        let letters = b"abcdefghijklmnopqrstuvwxyz";
        let mut letter = letters[rng.below(26)] as char;
        if letter == word[at] {
            letter = if letter == 'a' { 'e' } else { 'a' };
        }
        word[at] = letter;
    }
    let words: Vec<String> = words.into_iter().map(|w| w.into_iter().collect()).collect();
    words.join(" ")
}

/// `count` queries of 1-3 words of the titles of articles chosen at random.
fn queries(titles: &[String], count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed.max(1));
    let mut out = Vec::new();
    let mut tries = 0;
    while out.len() < count && tries < count * 20 {
        tries += 1;
        let words = title_words(&titles[rng.below(titles.len())]);
        if words.is_empty() {
            continue;
        }
        let take = (1 + rng.below(3)).min(words.len());
        let start = rng.below(words.len() - take + 1);
        out.push(words[start..start + take].join(" "));
    }
    out
}

/// What one search cost.
#[derive(Default, Clone)]
struct Cost {
    rounds: usize,
    /// Rounds before the first hits could be shown (a first page, or the answer).
    first: Option<usize>,
    requests: usize,
    /// Bytes fetched from a host that answers ranges.
    bytes: u64,
    /// Files touched (each fetched whole, once per session, without ranges).
    files: BTreeSet<String>,
}

/// A visitor's session: an index opened as the worker opens it, and what it has fetched.
struct Session<'a> {
    index: Index,
    files: &'a HashMap<String, Vec<u8>>,
    /// Files already fetched whole in this session (to count a host without ranges).
    touched: BTreeSet<String>,
}

impl<'a> Session<'a> {
    fn open(manifest: &[u8], files: &'a HashMap<String, Vec<u8>>) -> (Session<'a>, Cost) {
        let mut index = Index::from_manifest_json(manifest).expect("the manifest reads");
        let mut cost = Cost {
            rounds: 1,
            bytes: manifest.len() as u64,
            requests: 1,
            ..Cost::default()
        };
        let names: Vec<String> = index
            .files_to_load()
            .iter()
            .map(|s| s.to_string())
            .collect();
        for name in names {
            let bytes = files[&name].clone();
            cost.bytes += bytes.len() as u64;
            cost.requests += 1;
            cost.files.insert(name.clone());
            index.add_file(&name, bytes).expect("an opening file reads");
        }
        let touched = cost.files.clone();
        (
            Session {
                index,
                files,
                touched,
            },
            cost,
        )
    }

    /// Runs a search to its answer the way the worker does, counting what it fetches.
    fn search(&mut self, request: &SearchRequest) -> Cost {
        let mut cost = Cost::default();
        let mut first_page: Option<Vec<String>> = None;
        loop {
            let fetches = match self.index.search(request).expect("the search runs") {
                Step::Done(results) => {
                    // The widget appends the answer below a first page: it must begin with it.
                    let ids: Vec<String> = results.hits.iter().map(|h| h.id.clone()).collect();
                    if let Some(first) = &first_page {
                        assert!(
                            ids.starts_with(first),
                            "{request:?}: the answer {ids:?} does not begin with the first page {first:?}"
                        );
                    }
                    cost.first.get_or_insert(cost.rounds);
                    return cost;
                }
                Step::Need(fetches) => fetches,
            };
            // While this round's fetches are made, the worker asks for a first page.
            if cost.first.is_none()
                && let Some(page) = self.index.first_results(request).expect("it runs")
            {
                cost.first = Some(cost.rounds);
                first_page = Some(page.hits.iter().map(|h| h.id.clone()).collect());
            }
            cost.rounds += 1;
            assert!(cost.rounds <= 16, "no answer after 16 rounds: {request:?}");
            let (requests, bytes) = requests(&fetches);
            cost.requests += requests;
            cost.bytes += bytes;
            for fetch in &fetches {
                cost.files.insert(fetch.file.clone());
                self.index
                    .add_fetched(fetch, &self.files[&fetch.file])
                    .expect("a fetch adds");
            }
        }
    }

    /// Bytes of the files `cost` touched that this session had not fetched yet (a host
    /// without ranges sends each whole).
    fn whole_bytes(&mut self, cost: &Cost) -> u64 {
        let mut bytes = 0;
        for name in &cost.files {
            if self.touched.insert(name.clone()) {
                bytes += self.files[name].len() as u64;
            }
        }
        bytes
    }
}

/// The worker's requests for one round (`provide` in `www/quire-worker.js`): a whole file
/// is one request; ranges of a file merged when at most `RANGE_GAP` apart.
fn requests(fetches: &[Fetch]) -> (usize, u64) {
    let mut by_file: HashMap<&str, Vec<(u64, u64)>> = HashMap::new();
    let mut whole: BTreeSet<&str> = BTreeSet::new();
    for fetch in fetches {
        if fetch.whole {
            whole.insert(&fetch.file);
        } else {
            by_file
                .entry(&fetch.file)
                .or_default()
                .push((fetch.start, fetch.end));
        }
    }
    let mut count = whole.len();
    let mut bytes = 0;
    for name in &whole {
        bytes += fetches
            .iter()
            .find(|f| f.whole && f.file == *name)
            .map_or(0, |f| f.end - f.start);
    }
    for (_, mut ranges) in by_file {
        ranges.sort_unstable();
        let mut span: Option<(u64, u64)> = None;
        for (start, end) in ranges {
            match &mut span {
                Some((_, span_end)) if start <= *span_end + RANGE_GAP => {
                    *span_end = (*span_end).max(end)
                }
                _ => {
                    if let Some((a, b)) = span {
                        count += 1;
                        bytes += b - a;
                    }
                    span = Some((start, end));
                }
            }
        }
        if let Some((a, b)) = span {
            count += 1;
            bytes += b - a;
        }
    }
    (count, bytes)
}

fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn kb(bytes: f64) -> String {
    format!("{:.1} kB", bytes / 1000.0)
}

fn corpus_path(arg: &str) -> PathBuf {
    let path = PathBuf::from(arg);
    if path.is_file() {
        return path;
    }
    let folder = std::env::var_os("QUIRE_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    folder.join(format!("{arg}.jsonl.gz"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut count, mut seed, mut typed) = (200usize, 0x5eed_2025u64, 40usize);
    let mut corpora = Vec::new();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> u64 {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} takes a number"))
        };
        match arg.as_str() {
            "--queries" => count = value("--queries") as usize,
            "--seed" => seed = value("--seed"),
            "--typed" => typed = value("--typed") as usize,
            _ => corpora.push(arg),
        }
    }
    if corpora.is_empty() {
        corpora = vec!["bbc".into(), "tehrantimes".into()];
    }
    println!(
        "`cargo run --profile native --example rounds -- {}` (queries {count}, typed {typed}, seed {seed:#x}, format {})",
        corpora.join(" "),
        quire::VERSION
    );
    for name in corpora {
        let path = corpus_path(&name);
        let Ok(file) = std::fs::File::open(&path) else {
            println!("\n{name}: skipped, {} not found", path.display());
            continue;
        };
        let mut corpus = Corpus::new(Config::default());
        corpus
            .add_json_lines(&path.display().to_string(), file)
            .expect("the corpus reads");
        let options = corpus.build_options();
        let articles = corpus.into_articles();
        let titles: Vec<String> = articles.iter().map(|a| a.title.clone()).collect();
        let built = quire::build::build_index(articles, &options, &mut |_| {}).expect("builds");
        let manifest = built.manifest_json().into_bytes();
        let files: HashMap<String, Vec<u8>> = built
            .files
            .iter()
            .map(|f| (f.name.clone(), f.bytes.clone()))
            .collect();
        let largest = built.files.iter().map(|f| f.bytes.len()).max().unwrap_or(0);
        let facets_bytes = built
            .files
            .iter()
            .find(|f| f.role == quire::Role::Facets)
            .map_or(0, |f| f.bytes.len()) as f64;

        let set = queries(&titles, count, seed);
        let mut rounds = Vec::new();
        let mut first_rounds = Vec::new();
        let (mut typo_rounds, mut typo_first) = (Vec::new(), Vec::new());
        let mut typo_rng = Rng(seed.max(1) ^ 0x7970);
        let mut reqs = Vec::new();
        let mut bytes = Vec::new();
        let mut whole = Vec::new();
        let mut first = Vec::new();
        let mut first_whole = Vec::new();
        for query in &set {
            let (mut session, open) = Session::open(&manifest, &files);
            let mut open_whole = 0;
            open_whole += session.whole_bytes(&open) + manifest.len() as u64;
            let request = SearchRequest {
                typing: false,
                ..SearchRequest::new(query)
            };
            let cost = session.search(&request);
            let new_whole = session.whole_bytes(&cost);
            rounds.push(cost.rounds as f64);
            first_rounds.push(cost.first.unwrap_or(cost.rounds) as f64);
            reqs.push(cost.requests as f64);
            bytes.push(cost.bytes as f64);
            whole.push(new_whole as f64);
            first.push((open.bytes + cost.bytes) as f64 + facets_bytes);
            first_whole.push((open_whole + new_whole) as f64 + facets_bytes);
            // The same query with a typo, new too.
            let (mut session, _) = Session::open(&manifest, &files);
            let typo = SearchRequest {
                typing: false,
                ..SearchRequest::new(&with_typo(query, &mut typo_rng))
            };
            let cost = session.search(&typo);
            typo_rounds.push(cost.rounds as f64);
            typo_first.push(cost.first.unwrap_or(cost.rounds) as f64);
        }
        // Typing: a fresh session per query, one typing-mode search per keystroke, each run to
        // its answer; "next keystroke" counts the keystrokes that extend a word of at least
        // one letter already typed.
        let (mut key_rounds, mut next_rounds, mut key_bytes) = (Vec::new(), Vec::new(), Vec::new());
        for query in set.iter().take(typed) {
            let (mut session, _) = Session::open(&manifest, &files);
            let chars: Vec<char> = query.chars().collect();
            for end in 1..=chars.len() {
                let text: String = chars[..end].iter().collect();
                let request = SearchRequest {
                    typing: true,
                    ..SearchRequest::new(&text)
                };
                let cost = session.search(&request);
                key_rounds.push(cost.rounds as f64);
                key_bytes.push(cost.bytes as f64);
                let extends = end >= 2 && chars[end - 1] != ' ' && chars[end - 2] != ' ';
                if extends {
                    next_rounds.push(cost.rounds as f64);
                }
            }
        }
        let table_row = |label: &str, values: &[f64], show: &dyn Fn(f64) -> String| {
            println!(
                "| {label} | {} | {} | {} |",
                show(percentile(values, 0.5)),
                show(percentile(values, 0.95)),
                show(percentile(values, 1.0))
            );
        };
        let plain = |v: f64| format!("{v}");
        let size = |v: f64| kb(v);
        println!(
            "\n**{name}** ({} articles, {} queries, {} typed): {} files (manifest included), largest {}, quire.json {}",
            titles.len(),
            set.len(),
            typed.min(set.len()),
            built.files.len() + 1,
            kb(largest as f64),
            kb(manifest.len() as f64)
        );
        let role_size = |role: quire::Role| {
            let files: Vec<_> = built.files.iter().filter(|f| f.role == role).collect();
            let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
            format!(
                "{} {} files, {}",
                files.len(),
                role.name(),
                kb(bytes as f64)
            )
        };
        println!(
            "({}; {})",
            role_size(quire::Role::Terms),
            role_size(quire::Role::Lexicon)
        );
        println!();
        println!("| per query | median | p95 | max |");
        println!("|---|---|---|---|");
        table_row("rounds, new query", &rounds, &plain);
        table_row(
            "rounds until first results, new query",
            &first_rounds,
            &plain,
        );
        table_row("rounds, typo query", &typo_rounds, &plain);
        table_row(
            "rounds until first results, typo query",
            &typo_first,
            &plain,
        );
        table_row("requests, new query", &reqs, &plain);
        table_row("bytes, new query (Range)", &bytes, &size);
        table_row("bytes, new query (no Range)", &whole, &size);
        table_row("bytes, first query (Range)", &first, &size);
        table_row("bytes, first query (no Range)", &first_whole, &size);
        table_row("rounds per keystroke", &key_rounds, &plain);
        table_row("rounds, next keystroke of a word", &next_rounds, &plain);
        table_row("bytes per keystroke (Range)", &key_bytes, &size);
        let shares = |rounds: &[f64]| -> String {
            let most = rounds.iter().fold(0.0f64, |a, &b| a.max(b)) as usize;
            let shares: Vec<String> = (0..=most)
                .map(|n| {
                    let count = rounds.iter().filter(|&&r| r as usize == n).count();
                    format!(
                        "{n}: {:.1} %",
                        100.0 * count as f64 / rounds.len().max(1) as f64
                    )
                })
                .collect();
            shares.join(", ")
        };
        println!("\nNew queries by rounds: {}.", shares(&rounds));
        println!(
            "New queries by rounds until first results: {}.",
            shares(&first_rounds)
        );
        println!(
            "Typo queries by rounds: {}; until first results: {}.",
            shares(&typo_rounds),
            shares(&typo_first)
        );
    }
}
