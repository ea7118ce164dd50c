//! Build and query benchmark on the Tehran Times corpus (33,672 articles, 94 MB of JSON
//! Lines). Prints figures; asserts nothing about time.
//!
//!     cargo bench --bench tehrantimes
//!
//! The corpus is read from `../shared/corpora/tehrantimes.jsonl.gz`, or from the path in
//! `QUIRE_CORPUS`; without it the benchmark says so and exits.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use quire::format::{Cursor, HEADER_LEN, MANIFEST_NAME};
use quire::{Index, SearchRequest};

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
        "{:<10} {:>14} {:>14} {:>10}",
        "file", "raw", "gzip", "gzip/corpus"
    );
    let mut core_gzip = 0;
    let (mut total_raw, mut total_gzip) = (0, 0);
    for file in &files {
        let bytes = std::fs::read(out.path().join(&file.name)).unwrap();
        let gz = gzip_len(&bytes);
        total_raw += bytes.len();
        total_gzip += gz;
        if matches!(file.role.as_str(), "terms" | "postings" | "docs") {
            core_gzip += gz;
        }
        if file.role == "postings" {
            let (docs, positions) = postings_split(&bytes);
            println!(
                "{:<10} {:>14} {:>14} {:>9.1}%   (documents and frequencies {}, positions {})",
                file.role,
                megabytes(bytes.len()),
                megabytes(gz),
                100.0 * gz as f64 / corpus_bytes as f64,
                megabytes(docs),
                megabytes(positions)
            );
        } else {
            println!(
                "{:<10} {:>14} {:>14} {:>9.1}%",
                file.role,
                megabytes(bytes.len()),
                megabytes(gz),
                100.0 * gz as f64 / corpus_bytes as f64
            );
        }
        index.add_file(&file.name, bytes).unwrap();
    }
    println!(
        "{:<10} {:>14} {:>14} {:>9.1}%",
        "all",
        megabytes(total_raw),
        megabytes(total_gzip),
        100.0 * total_gzip as f64 / corpus_bytes as f64
    );
    println!(
        "dictionary + postings + document table, gzip: {} = {:.1}% of the raw corpus",
        megabytes(core_gzip),
        100.0 * core_gzip as f64 / corpus_bytes as f64
    );
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
            index.search(&request).unwrap();
        }
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0;
        for _ in 0..rounds {
            let started = Instant::now();
            let results = index.search(&request).unwrap();
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

/// Bytes of the document blocks and of the positions blocks of a postings file.
fn postings_split(file: &[u8]) -> (usize, usize) {
    let mut cursor = Cursor::new("postings", &file[HEADER_LEN..]);
    let (mut docs, mut positions) = (0, 0);
    while !cursor.is_empty() {
        cursor.varint().unwrap();
        let d = cursor.varint().unwrap() as usize;
        let p = cursor.varint().unwrap() as usize;
        cursor.bytes(4 + d + p).unwrap();
        docs += d;
        positions += p;
    }
    (docs, positions)
}
