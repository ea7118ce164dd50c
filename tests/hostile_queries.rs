//! Whatever a visitor types gets an answer: long texts, thousands of terms, lone operators,
//! control characters, lone surrogates (as JavaScript passes them), direction marks, and a
//! prefix of every word. The limits that bound the work are visible in the results.

mod common;

use common::{sample_index, search};
use quire::SearchRequest;
use quire::limits::{MAX_CLAUSES, MAX_QUERY_BYTES};

#[test]
fn a_hundred_kilobytes_of_text() {
    let index = sample_index();
    let text = "talks about the nuclear file and sanctions ".repeat(2_500);
    assert!(text.len() > 100_000);
    let results = search(&index, SearchRequest::new(&text));
    assert!(results.truncated);
}

#[test]
fn thousands_of_terms() {
    let index = sample_index();
    let words: Vec<String> = (0..5_000).map(|i| format!("w{i}")).collect();
    let results = search(&index, SearchRequest::new(&words.join(" ")));
    assert!(results.truncated);
    assert!(results.unmatched.len() <= MAX_CLAUSES);
    let quoted = format!("\"{}\"", words.join(" "));
    assert_eq!(search(&index, SearchRequest::new(&quoted)).total, 0);
    let ors = words.join(" OR ");
    assert!(ors.len() > MAX_QUERY_BYTES);
    assert_eq!(search(&index, SearchRequest::new(&ors)).total, 0);
}

#[test]
fn lone_operators_and_symbols() {
    let index = sample_index();
    for junk in [
        "*", "\"", "-", "OR", "\"\"", "- -", "OR OR", ":", "-\"", "((", "*talks*",
    ] {
        let results = search(&index, SearchRequest::new(junk));
        // Only "*talks*" has a word in it.
        assert_eq!(results.total > 0, junk == "*talks*", "{junk:?}");
    }
}

#[test]
fn control_characters_surrogates_and_direction_marks() {
    let index = sample_index();
    // A lone surrogate cannot be in a Rust string: JavaScript's lone surrogates arrive as
    // U+FFFD, which is what this query carries.
    let text = "\u{0000}\u{0007}talks\u{200F}\u{202E}\u{FFFD}\u{FEFF} \u{202B}zarif\u{202C}\t\r\n";
    let results = search(&index, SearchRequest::new(text));
    assert!(
        results.total >= 1,
        "the words between the marks still count"
    );
}

#[test]
fn a_prefix_of_every_word_is_bounded() {
    let index = sample_index();
    for prefix in ["s", "t", "e", "k", "ع"] {
        let results = search(&index, SearchRequest::new(prefix));
        assert!(results.total > 0, "{prefix}");
    }
    // Twelve one-letter prefixes in one query.
    let results = search(&index, SearchRequest::new("a b c d e f g h i j k l m n"));
    assert!(results.truncated);
}

#[test]
fn huge_limits_and_offsets_are_clamped() {
    let index = sample_index();
    let request = SearchRequest {
        limit: usize::MAX,
        offset: usize::MAX,
        ..SearchRequest::new("talks")
    };
    let results = search(&index, request);
    assert!(results.total > 0);
    assert!(results.hits.is_empty());
    let request = SearchRequest {
        limit: usize::MAX,
        ..SearchRequest::new("")
    };
    assert_eq!(search(&index, request).hits.len(), 10);
}
