//! The two bad-input cases too big for every test run: a 50 MB article and a million tiny
//! articles. `scripts/test.sh` runs them in release mode:
//!
//!     cargo test --release --test scale -- --ignored

mod common;

use quire::SearchRequest;
use quire::corpus::{Config, Corpus};

#[test]
#[ignore = "large: run with --release -- --ignored"]
fn a_fifty_megabyte_article_is_skipped_with_a_reason_or_indexed_on_request() {
    let body = "The negotiations continued in Muscat. ".repeat(50_000_000 / 38 + 1);
    let article = format!("---\ntitle: A dump\n---\n{body}");
    assert!(article.len() > 50_000_000);

    let mut corpus = Corpus::new(Config::default());
    corpus.add_markdown("dump.md", article.as_bytes());
    corpus.add_markdown("small.md", b"---\ntitle: Small\n---\nMuscat.\n");
    assert_eq!(corpus.articles().len(), 1);
    assert_eq!(corpus.skipped.len(), 1);
    assert!(
        corpus.skipped[0]
            .1
            .starts_with("50.0 MB, over the limit of 8.4 MB"),
        "{}",
        corpus.skipped[0].1
    );

    // Raised limit: it is indexed and found, with positions capped rather than overflowing.
    let config = Config {
        max_article_bytes: 64 << 20,
        ..Config::default()
    };
    let mut corpus = Corpus::new(config.clone());
    corpus.add_markdown("dump.md", article.as_bytes());
    let built =
        quire::build::build_index(corpus.into_articles(), &config.build_options(), &mut |_| {})
            .unwrap();
    let index = common::open(&built);
    let results = common::answer(&index, &SearchRequest::new("\"negotiations continued\""));
    assert_eq!(results.total, 1);
}

#[test]
#[ignore = "large: run with --release -- --ignored"]
fn a_million_tiny_articles() {
    let mut lines = String::with_capacity(100_000_000);
    for i in 0..1_000_000 {
        lines.push_str(&format!(
            "{{\"id\":\"{i}\",\"title\":\"Note {i} about item{}\",\"body\":\"Short body number {i}.\"}}\n",
            i % 977
        ));
    }
    let mut corpus = Corpus::new(Config::default());
    corpus
        .add_json_lines("million.jsonl", lines.as_bytes())
        .unwrap();
    drop(lines);
    assert_eq!(corpus.articles().len(), 1_000_000);
    let built = quire::build::build_index(
        corpus.into_articles(),
        &Config::default().build_options(),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(built.manifest.documents, 1_000_000);
    let index = common::open(&built);
    let results = common::answer(&index, &SearchRequest::new("item976"));
    assert_eq!(results.total, 1_000_000 / 977);
    let results = common::answer(&index, &SearchRequest::new("999999"));
    assert_eq!(results.hits[0].id, "999999");
}
