//! Build and query benchmark on the Tehran Times corpus (33,672 articles, 94 MB of JSON
//! Lines). Prints figures; asserts nothing about time.
//!
//!     cargo bench --bench tehrantimes
//!
//! The corpus is read from `../shared/corpora/tehrantimes.jsonl.gz`, or from the path in
//! `QUIRE_CORPUS`; without it the benchmark says so and exits.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use quire::MANIFEST_NAME;
use quire::{Index, SearchRequest, SearchResults, Step};

/// The results of a search on an index loaded whole.
fn done(step: Step) -> SearchResults {
    match step {
        Step::Done(results) => results,
        Step::Need(fetches) => panic!("an index loaded whole needs {fetches:?}"),
    }
}

/// Queries a reader of an Iranian daily might type: single words, several words, names,
/// phrases, filters, prefixes as typed letter by letter, and typos.
const QUERIES: [(&str, &str); 38] = [
    ("word", "iran"),
    ("word", "sanctions"),
    ("word", "football"),
    ("word", "rouhani"),
    ("word", "khamenei"),
    ("word", "pistachio"),
    ("word", "inflation"),
    ("word", "caspian"),
    ("words", "nuclear deal"),
    ("words", "oil exports sanctions"),
    ("words", "tehran stock exchange"),
    ("words", "zarif kerry vienna"),
    ("words", "world cup qualifier"),
    ("words", "saudi arabia yemen war"),
    ("words", "iran china trade"),
    ("words", "foreign minister visit"),
    ("phrase", "\"supreme leader\""),
    ("phrase", "\"nuclear deal\""),
    ("phrase", "\"foreign minister\" zarif"),
    ("phrase", "\"islamic revolution\""),
    ("typing", "n"),
    ("typing", "nu"),
    ("typing", "nucl"),
    ("typing", "nuclear neg"),
    ("typing", "iran ec"),
    ("typing", "sanc"),
    ("typing", "foot"),
    ("typing", "persian gu"),
    ("other", "talks -nuclear"),
    ("other", "title:iran"),
    ("other", "oil OR gas"),
    ("other", "xqzvw"),
    ("typo", "sanctoins"),
    ("typo", "khamenehi"),
    ("typo", "araqchi"),
    ("typo", "pistachoi exports"),
    ("typo", "nuclaer deal"),
    ("typo", "presidnet rouhani"),
];

fn corpus_path() -> Option<PathBuf> {
    let path = std::env::var_os("QUIRE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/tehrantimes.jsonl.gz")
        });
    path.is_file().then_some(path)
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

fn megabytes(bytes: usize) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

/// Peak resident memory of the largest child process that has finished, in bytes.
fn children_peak_rss() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as u64 * 1024
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn micros(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is not used.
    let Some(corpus) = corpus_path() else {
        println!(
            "tehrantimes benchmark skipped: ../shared/corpora/tehrantimes.jsonl.gz not found (set QUIRE_CORPUS)"
        );
        return;
    };
    let mut raw_corpus = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&corpus).unwrap())
        .read_to_end(&mut raw_corpus)
        .unwrap();
    let corpus_bytes = raw_corpus.len();
    drop(raw_corpus);

    // Build with the release `quire` program, as a maintainer would.
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "build",
            corpus.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--quiet",
        ])
        .status()
        .expect("quire build runs");
    let build_time = started.elapsed();
    assert!(status.success(), "quire build failed");
    let peak = children_peak_rss();

    println!("Quire on {} ({} raw bytes)", corpus.display(), corpus_bytes);
    println!();
    println!(
        "build: {:.2} s wall, {} peak memory",
        build_time.as_secs_f64(),
        megabytes(peak as usize)
    );
    println!();
    let manifest = std::fs::read(out.path().join(MANIFEST_NAME)).unwrap();
    let mut index = Index::from_manifest_json(&manifest).unwrap();
    let files = index.manifest().files.clone();
    println!(
        "{:<10} {:>6} {:>14} {:>14} {:>11}",
        "role", "files", "raw", "gzip", "gzip/corpus"
    );
    // Per role: (files, raw bytes, gzip bytes), in the manifest's order of roles.
    let mut roles: Vec<(String, usize, usize, usize)> = Vec::new();
    for file in &files {
        let bytes = std::fs::read(out.path().join(&file.name)).unwrap();
        let gz = gzip_len(&bytes);
        match roles.iter_mut().find(|(role, ..)| *role == file.role) {
            Some(row) => {
                row.1 += 1;
                row.2 += bytes.len();
                row.3 += gz;
            }
            None => roles.push((file.role.clone(), 1, bytes.len(), gz)),
        }
        index.add_file(&file.name, bytes).unwrap();
    }
    let (mut total_raw, mut total_gzip, mut core_gzip) = (0, 0, 0);
    for (role, count, raw, gz) in &roles {
        total_raw += raw;
        total_gzip += gz;
        if matches!(role.as_str(), "terms" | "postings" | "positions" | "docs") {
            core_gzip += gz;
        }
        println!(
            "{:<10} {:>6} {:>14} {:>14} {:>10.1}%",
            role,
            count,
            megabytes(*raw),
            megabytes(*gz),
            100.0 * *gz as f64 / corpus_bytes as f64
        );
    }
    println!(
        "{:<10} {:>6} {:>14} {:>14} {:>10.1}%",
        "all",
        files.len() + 1,
        megabytes(total_raw),
        megabytes(total_gzip),
        100.0 * total_gzip as f64 / corpus_bytes as f64
    );
    println!(
        "dictionary + postings + positions + document table, gzip: {} = {:.1}% of the raw corpus",
        megabytes(core_gzip),
        100.0 * core_gzip as f64 / corpus_bytes as f64
    );
    println!();

    // The first query of a visitor, fetched as the browser does: the manifest, meta and
    // columns, then what each round of the search asks for.
    println!("first query, fetched as the browser does (whole files counted gzip, ranges raw):");
    let wasm = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/pkg/quire_bg.wasm"
    ))
    .ok();
    // Words, and every typo query: fuzzy matching reads only the terms shards of the
    // mistyped word's first letter (and its transliterations).
    let terms_files = files.iter().filter(|f| f.role == "terms").count();
    let words = QUERIES.iter().filter(|(class, _)| *class == "word").take(6);
    let typos = QUERIES.iter().filter(|(class, _)| *class == "typo");
    for (_, query) in words.chain(typos) {
        let (fetched, requests, rounds, shards) = first_query(out.path(), &manifest, query);
        println!(
            "  {:<28} {:>9} in {:>2} requests, {} rounds, {:>2} of {} terms shards{}",
            query,
            format!("{:.1} KB", fetched as f64 / 1e3),
            requests,
            rounds,
            shards,
            terms_files,
            wasm.as_ref().map_or(String::new(), |w| format!(
                " (+ Wasm {:.1} KB gzip)",
                gzip_len(w) as f64 / 1e3
            ))
        );
    }
    println!();

    // Query latency: search plus the top-10 display data (titles, excerpts, entries).
    let rounds = 40;
    let mut all = Vec::new();
    let mut by_class: Vec<(&str, Vec<Duration>)> = Vec::new();
    for (class, query) in QUERIES {
        let request = SearchRequest {
            typing: class == "typing",
            ..SearchRequest::new(query)
        };
        for _ in 0..3 {
            done(index.search(&request).unwrap());
        }
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0;
        for _ in 0..rounds {
            let started = Instant::now();
            let results = done(index.search(&request).unwrap());
            times.push(started.elapsed());
            total = results.total;
        }
        times.sort();
        println!(
            "{:<8} {:<28} {:>7} hits  p50 {:>8}  p95 {:>8}",
            class,
            query,
            total,
            micros(percentile(&times, 0.5)),
            micros(percentile(&times, 0.95))
        );
        all.extend_from_slice(&times);
        match by_class.iter_mut().find(|(c, _)| *c == class) {
            Some((_, list)) => list.extend_from_slice(&times),
            None => by_class.push((class, times)),
        }
    }
    println!();
    for (class, mut times) in by_class {
        times.sort();
        println!(
            "{:<8} p50 {:>8}  p95 {:>8}",
            class,
            micros(percentile(&times, 0.5)),
            micros(percentile(&times, 0.95))
        );
    }
    all.sort();
    println!(
        "all {} queries × {rounds} runs: p50 {}  p95 {}",
        QUERIES.len(),
        micros(percentile(&all, 0.5)),
        micros(percentile(&all, 0.95))
    );
}

/// The byte ranges of one round as `www/quire-worker.js` requests them: ranges of a file
/// that overlap or lie within 256 bytes of each other go as one request. Returns (bytes,
/// requests).
fn merged_ranges(fetches: &[quire::Fetch]) -> (usize, usize) {
    let mut ranges: Vec<(&str, u64, u64)> = fetches
        .iter()
        .filter(|f| !f.whole)
        .map(|f| (f.file.as_str(), f.start, f.end))
        .collect();
    ranges.sort();
    let mut spans: Vec<(&str, u64, u64)> = Vec::new();
    for (file, start, end) in ranges {
        match spans.last_mut() {
            Some(span) if span.0 == file && start <= span.2 + 256 => span.2 = span.2.max(end),
            _ => spans.push((file, start, end)),
        }
    }
    let bytes = spans
        .iter()
        .map(|(_, start, end)| (end - start) as usize)
        .sum();
    (bytes, spans.len())
}

/// The bytes of index file `name` in `dir`, read on first use.
fn read_once<'a>(
    files: &'a mut HashMap<String, Vec<u8>>,
    dir: &std::path::Path,
    name: &str,
) -> &'a [u8] {
    files
        .entry(name.to_string())
        .or_insert_with(|| std::fs::read(dir.join(name)).unwrap())
}

/// Runs `query` on a fresh index as the browser would, counting bytes: whole files as gzip
/// (static hosts compress them), ranges as they are (hosts do not compress partial
/// responses). Returns (bytes, requests, rounds, terms shards fetched).
fn first_query(
    dir: &std::path::Path,
    manifest: &[u8],
    query: &str,
) -> (usize, usize, usize, usize) {
    // Each file read once: a search asks for many ranges of the same docs file.
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    let mut shards = 0;
    let mut index = Index::from_manifest_json(manifest).unwrap();
    let mut bytes = gzip_len(manifest);
    let mut requests = 1;
    for name in index
        .files_to_load()
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    {
        let file = read_once(&mut files, dir, &name).to_vec();
        bytes += gzip_len(&file);
        requests += 1;
        index.add_file(&name, file).unwrap();
    }
    let request = SearchRequest {
        typing: true,
        ..SearchRequest::new(query)
    };
    for round in 1..=16 {
        match index.search(&request) {
            Ok(Step::Done(_)) => return (bytes, requests, round, shards),
            Ok(Step::Need(fetches)) => {
                let (span_bytes, spans) = merged_ranges(&fetches);
                bytes += span_bytes;
                requests += spans;
                for fetch in fetches {
                    let file = read_once(&mut files, dir, &fetch.file);
                    if fetch.whole {
                        bytes += gzip_len(file);
                        requests += 1;
                        shards += usize::from(fetch.file.starts_with("terms."));
                    }
                    index.add_fetched(&fetch, file).unwrap();
                }
            }
            Err(error) => panic!("{error}"),
        }
    }
    panic!("{query}: no answer after 16 rounds");
}
