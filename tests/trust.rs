//! The defects of issue 14 that the library owns, each reproduced: dates before 1970, long
//! phrases, excerpts of articles made only of entries, a manifest that was altered.

mod common;

use common::{answer, ids, query};
use quire::SearchRequest;
use quire::corpus::{Config, Corpus};

fn index_of(articles: &[(&str, &str)]) -> quire::Index {
    let mut corpus = Corpus::new(Config::default());
    for (name, text) in articles {
        corpus.add_markdown(name, text.as_bytes());
    }
    assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
    common::open(&common::build(corpus))
}

#[test]
fn dates_before_1970_are_dates_not_undated() {
    let index = index_of(&[
        (
            "eve.md",
            "---\ntitle: New Year's Eve\ndate: 1969-12-31\n---\nfireworks\n",
        ),
        (
            "old.md",
            "---\ntitle: An old page\ndate: 1905-06-30\n---\nfireworks\n",
        ),
        (
            "epoch.md",
            "---\ntitle: The epoch\ndate: 1970-01-01\n---\nfireworks\n",
        ),
        ("undated.md", "---\ntitle: Undated\n---\nfireworks\n"),
    ]);
    let mut request = query("fireworks");
    request.sort = "oldest".into();
    let results = answer(&index, &request);
    let dates: Vec<Option<&str>> = results.hits.iter().map(|h| h.date.as_deref()).collect();
    assert_eq!(
        dates,
        [
            Some("1905-06-30"),
            Some("1969-12-31"),
            Some("1970-01-01"),
            None
        ]
    );

    // The date filter keeps it, and the timeline counts it.
    let mut request = query("fireworks");
    request.date_from = Some("1969-12".into());
    request.date_to = Some("1969".into());
    let results = answer(&index, &request);
    assert_eq!(ids(&results), ["eve"]);
    assert!(
        results
            .timeline
            .iter()
            .any(|m| m.month == "1969-12" && m.count == 1),
        "{:?}",
        results.timeline
    );
}

#[test]
fn a_search_for_the_year_1969_agrees_with_the_year_facet() {
    let mut corpus = Corpus::new(
        Config::parse("quire.toml", "filters = [\"year\"]\n").expect("the config parses"),
    );
    corpus.add_markdown(
        "eve.md",
        b"---\ntitle: New Year's Eve\ndate: 1969-12-31\n---\nfireworks\n",
    );
    let index = common::open(&common::build(corpus));
    let results = answer(&index, &SearchRequest::new(""));
    let year = results
        .facets
        .iter()
        .find(|f| f.name == "year")
        .expect("a year facet");
    assert_eq!(year.values[0].value, "1969");
    let mut request = SearchRequest::new("");
    request.filter("year", "1969");
    let filtered = answer(&index, &request);
    assert_eq!(filtered.total, 1);
    assert_eq!(filtered.hits[0].date.as_deref(), Some("1969-12-31"));
}

#[test]
fn a_phrase_longer_than_the_limit_still_needs_all_its_words() {
    let phrase = "one two three four five six seven eight nine ten";
    let index = index_of(&[
        (
            "whole.md",
            &format!("---\ntitle: Whole\n---\nHe said {phrase} and left.\n"),
        ),
        (
            "cut.md",
            "---\ntitle: Cut\n---\nHe said one two three four five six seven eight and left.\n",
        ),
    ]);
    let results = answer(&index, &query(&format!("\"{phrase}\"")));
    assert_eq!(ids(&results), ["whole"]);
    assert!(results.truncated, "the phrase was matched in pieces");
    let short = answer(&index, &query("\"one two three four\""));
    assert!(!short.truncated);
    assert_eq!(short.total, 2);
    // Excluded, a long phrase keeps its first words (and says so).
    let results = answer(&index, &query(&format!("said -\"{phrase}\"")));
    assert!(results.truncated);
    assert_eq!(results.total, 0);
}

#[test]
fn an_article_made_only_of_entries_has_no_blank_excerpt() {
    let entries: String = (1..=30)
        .map(|day| format!("- May {day}: Shargh wrote about the talks on day {day}.\n"))
        .collect();
    let index = index_of(&[
        (
            "plain.md",
            &format!("---\ntitle: Plain\ndate: 2025-05-31\n---\n{entries}"),
        ),
        (
            "summed.md",
            &format!(
                "---\ntitle: Summed\ndate: 2025-05-31\nsummary: What the papers said in May.\n---\n{entries}"
            ),
        ),
    ]);
    let results = answer(&index, &query("talks"));
    assert_eq!(results.total, 2);
    for hit in &results.hits {
        assert!(!hit.entries.is_empty());
        let expected = if hit.id == "summed" {
            "What the papers said in May."
        } else {
            ""
        };
        assert_eq!(hit.excerpt, expected, "{}", hit.id);
    }
}
