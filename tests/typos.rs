//! Typo tolerance and its ranking rules: exact above prefix above fuzzy, bounded expansion,
//! transliteration variants, and what a query says when its words cannot all be matched.

mod common;

use common::{ids, query, sample_index, search};
use quire::SearchRequest;
use quire::corpus::{Config, Corpus};

fn index_of(articles: &[(&str, &str, &str)]) -> quire::Index {
    let mut corpus = Corpus::new(Config::default());
    for (id, title, body) in articles {
        let md = format!("---\ntitle: \"{title}\"\ndate: 2025-01-01\n---\n{body}\n");
        corpus.add_markdown(&format!("{id}.md"), md.as_bytes());
    }
    assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
    common::open(&common::build(corpus))
}

#[test]
fn transliteration_variants_find_the_name() {
    // Without the registers, whose aliases would find these spellings exactly.
    let index = common::sample_index_without_registers();
    for (variant, name) in [
        ("Araqchi", "Araghchi"),
        ("Khamenehi", "Khamenei"),
        ("Pezeshkiyan", "Pezeshkian"),
        ("Aragchi", "Araghchi"),
    ] {
        let results = search(&index, query(variant));
        let exact = search(&index, query(name));
        assert!(results.total > 0, "{variant}");
        assert_eq!(
            ids(&results),
            ids(&exact),
            "{variant} finds what {name} finds"
        );
        assert_eq!(results.corrections.len(), 1, "{variant}");
        assert_eq!(results.corrections[0].replacement, name);
        assert_eq!(results.suggestion.as_deref(), Some(name));
    }
}

#[test]
fn variants_work_in_both_directions() {
    let index = index_of(&[
        (
            "a",
            "Talks",
            "Foreign Minister Araqchi met his counterpart.",
        ),
        ("b", "Notes", "Supreme Leader Khamenehi spoke."),
    ]);
    assert_eq!(ids(&search(&index, query("Araghchi"))), ["a"]);
    assert_eq!(ids(&search(&index, query("Khamenei"))), ["b"]);
}

#[test]
fn typing_combines_prefix_and_fuzzy_on_the_last_word() {
    let index = sample_index();
    for typed in ["Araghc", "Aragch"] {
        let results = search(&index, SearchRequest::new(typed));
        assert!(results.total >= 3, "{typed}: {:?}", ids(&results));
        assert!(
            results.hits.iter().all(|h| h.title.contains("Araghchi")
                || h.excerpt.contains("Araghchi")
                || h.entries.iter().any(|e| e.text.contains("Araghchi"))),
            "{typed}"
        );
    }
}

#[test]
fn exact_matches_rank_above_prefix_and_fuzzy_ones() {
    // "khamenehi" is exact in one document; "khamenei" (one edit) is in the titles of
    // others, which would outscore it on relevance alone.
    let index = index_of(&[
        (
            "exact",
            "A note",
            "One writer spells the name Khamenehi, once, deep in the text among many other words.",
        ),
        (
            "fuzzy1",
            "Khamenei Khamenei",
            "Khamenei spoke about Khamenei.",
        ),
        ("fuzzy2", "Khamenei speaks", "Khamenei again."),
        ("fuzzy3", "Khamenei and talks", "Khamenei, Khamenei."),
        ("fuzzy4", "Khamenei today", "Khamenei."),
    ]);
    let results = search(&index, query("Khamenehi"));
    assert_eq!(results.hits[0].id, "exact");
    assert_eq!(results.total, 5, "the common spelling is offered too");

    // Prefix above fuzzy: "talk" is a prefix of "talks" (typing), "tall" is one edit away.
    let index = index_of(&[
        ("fuzzy", "Tall tall tall", "tall tall"),
        ("prefix", "Other", "The talkative envoy."),
    ]);
    let results = search(&index, SearchRequest::new("talk"));
    assert_eq!(ids(&results)[0], "prefix");
}

#[test]
fn fuzzy_expansion_is_bounded() {
    // Twenty-five words one edit from "bankz", each in its own document (ending in z, so
    // that stemming leaves them apart).
    let variants: Vec<String> = "abcdefghijklmopqrstuvwxyz"
        .chars()
        .map(|c| format!("ba{c}kz"))
        .collect();
    let articles: Vec<(String, String, String)> = variants
        .iter()
        .enumerate()
        .map(|(i, word)| (format!("d{i}"), format!("Title {i}"), word.clone()))
        .collect();
    let borrowed: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let index = index_of(&borrowed);
    let results = search(&index, query("bankz"));
    assert_eq!(results.total, quire::limits::MAX_FUZZY_EXPANSIONS);
}

#[test]
fn short_words_are_not_corrected() {
    let index = index_of(&[("a", "Oil", "The oil price.")]);
    // "oul" is three letters: no edit budget.
    assert_eq!(search(&index, query("oul")).total, 0);
    // A typo in the first letter costs two edits, over a 4-letter word's budget.
    let index = index_of(&[("a", "Iran", "Iran today.")]);
    assert_eq!(search(&index, query("oran")).total, 0);
    assert_eq!(search(&index, query("iren")).total, 1);
}

#[test]
fn unmatched_words_are_reported_and_the_others_still_answer() {
    let index = sample_index();
    let results = search(&index, query("talks xqzvw"));
    assert!(results.total > 0);
    assert!(results.partial);
    assert_eq!(results.unmatched, ["xqzvw"]);

    let nonsense = search(&index, query("xqzvw qqqjjj"));
    assert_eq!(nonsense.total, 0);
    assert!(!nonsense.partial);
    assert_eq!(nonsense.suggestion, None);
}

#[test]
fn did_you_mean_offers_a_close_word_beyond_the_budget() {
    let index = sample_index();
    // Two edits in a seven-letter word: over its budget of one, so nothing matches, but the
    // suggestion may allow one edit more.
    let results = search(&index, query("Muskatt"));
    assert_eq!(results.total, 0);
    assert_eq!(results.suggestion.as_deref(), Some("Muscat"));
}
