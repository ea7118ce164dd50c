//! Properties over generated corpora: whatever the articles, each one is found by a rare word
//! of its title, exactly once, and nothing is lost.

mod common;

use proptest::prelude::*;
use quire::corpus::{Config, Corpus};

/// Words from a small vocabulary, so that common words are really common.
fn common_word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "iran",
        "talks",
        "nuclear",
        "minister",
        "said",
        "reformist",
        "outlet",
        "Tehran",
        "Zürich",
        "علی",
        "deal",
        "the",
        "of",
        "U.S.",
        "sanctions",
        "Muscat",
    ])
    .prop_map(String::from)
}

/// Title words, body words, an optional (year, month, day), and whether the body is a dated entry.
type GeneratedArticle = (Vec<String>, Vec<String>, Option<(u32, u32, u32)>, bool);

fn article() -> impl Strategy<Value = GeneratedArticle> {
    (
        prop::collection::vec(common_word(), 0..5),
        prop::collection::vec(common_word(), 0..60),
        prop::option::of((1990u32..2030, 1u32..13, 1u32..29)),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_document_is_found_by_a_rare_title_word(articles in prop::collection::vec(article(), 1..40)) {
        let mut corpus = Corpus::new(Config::default());
        for (i, (title_words, body_words, date, as_entry)) in articles.iter().enumerate() {
            // A word no other article has: "qx" plus letters spelling the index.
            let rare: String = format!("qx{}", i.to_string().chars().map(|d| (b'a' + d as u8 - b'0') as char).collect::<String>());
            let title = format!("{} {} {}", title_words.join(" "), rare, title_words.len());
            let date_line = date.map(|(y, m, d)| format!("date: {y:04}-{m:02}-{d:02}\n")).unwrap_or_default();
            let body = if *as_entry && date.is_some() {
                format!("- January 2: {}\n", body_words.join(" "))
            } else {
                body_words.join(" ")
            };
            let md = format!("---\ntitle: \"{title}\"\n{date_line}---\n{body}\n");
            corpus.add_markdown(&format!("doc{i}.md"), md.as_bytes());
        }
        prop_assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
        prop_assert_eq!(corpus.articles().len(), articles.len());
        let index = common::open(&common::build(corpus));

        let mut browse = common::query("");
        browse.limit = 100;
        let all = common::search(&index, browse);
        prop_assert_eq!(all.total, articles.len());
        let mut ids = common::ids(&all);
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), articles.len(), "no document lost or duplicated");

        for i in 0..articles.len() {
            let rare: String = format!("qx{}", i.to_string().chars().map(|d| (b'a' + d as u8 - b'0') as char).collect::<String>());
            let results = common::search(&index, common::query(&rare));
            prop_assert_eq!(common::ids(&results), vec![format!("doc{i}")]);
        }
    }
}
