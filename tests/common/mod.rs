//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use quire::build::{BuiltIndex, build_index};
use quire::corpus::{Config, Corpus, Registers};
use quire::{Index, SearchRequest, SearchResults, Step};

pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/iran-media-review")
}

/// Reads a corpus folder the way the CLI does (sorted file names, config and registers
/// beside it).
pub fn read_folder(dir: &Path) -> Corpus {
    read_folder_with(dir, true)
}

/// The sample corpus without its outlet and people registers: names are then only found
/// as written, or through typo tolerance.
pub fn sample_index_without_registers() -> Index {
    open(&build(read_folder_with(&sample_dir(), false)))
}

pub fn read_folder_with(dir: &Path, with_registers: bool) -> Corpus {
    let config = match std::fs::read_to_string(dir.join("quire.toml")) {
        Ok(text) => Config::parse("quire.toml", &text).expect("config parses"),
        Err(_) => Config::default(),
    };
    let read = |name: &str| {
        if with_registers {
            std::fs::read_to_string(dir.join(name)).unwrap_or_default()
        } else {
            String::new()
        }
    };
    let registers = Registers::parse(
        "outlets.toml",
        &read("outlets.toml"),
        "people.toml",
        &read("people.toml"),
    )
    .expect("registers parse");
    let mut corpus = Corpus::new(config).with_registers(registers);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        corpus.add_markdown(&name, &std::fs::read(&path).unwrap());
    }
    assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
    corpus
}

pub fn build(corpus: Corpus) -> BuiltIndex {
    let options = corpus.build_options();
    build_index(corpus.into_articles(), &options, &mut |_| {}).expect("index builds")
}

pub fn open(built: &BuiltIndex) -> Index {
    let mut index = Index::new(built.manifest.clone()).expect("manifest opens");
    for file in &built.files {
        index
            .add_file(&file.name, file.bytes.clone())
            .expect("file loads");
    }
    index
}

/// An index of Markdown articles given as (id, title, body), all dated 2025-01-01.
pub fn index_of(articles: &[(&str, &str, &str)]) -> Index {
    let mut corpus = Corpus::new(Config::default());
    for (id, title, body) in articles {
        let md = format!("---\ntitle: \"{title}\"\ndate: 2025-01-01\n---\n{body}\n");
        corpus.add_markdown(&format!("{id}.md"), md.as_bytes());
    }
    assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
    open(&build(corpus))
}

pub fn sample_index() -> Index {
    open(&build(read_folder(&sample_dir())))
}

pub fn search(index: &Index, request: SearchRequest) -> SearchResults {
    answer(index, &request)
}

/// The results of a search on an index loaded whole, which never needs more data.
pub fn answer(index: &Index, request: &SearchRequest) -> SearchResults {
    match index.search(request).expect("search runs") {
        Step::Done(results) => results,
        Step::Need(fetches) => panic!("an index loaded whole needs {fetches:?}"),
    }
}

pub fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

/// A query with `typing: false`, as a finished query.
pub fn query(text: &str) -> SearchRequest {
    SearchRequest {
        typing: false,
        ..SearchRequest::new(text)
    }
}

/// A seeded xorshift generator: the same made-up corpus on every run.
pub fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// `count` made-up words of two to four of `syllables` each.
pub fn made_up_vocabulary(
    next: &mut impl FnMut() -> u64,
    count: usize,
    syllables: &[&str],
) -> Vec<String> {
    (0..count)
        .map(|_| {
            let len = 2 + next() % 3;
            (0..len)
                .map(|_| syllables[(next() % syllables.len() as u64) as usize])
                .collect()
        })
        .collect()
}

/// `n` words drawn from `vocabulary`, joined by spaces.
pub fn draw_words(next: &mut impl FnMut() -> u64, vocabulary: &[String], n: usize) -> String {
    (0..n)
        .map(|_| vocabulary[(next() % vocabulary.len() as u64) as usize].as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
