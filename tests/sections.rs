//! Headings with an `id` (in HTML, or `{#id}` in Markdown) open sections that are
//! sub-results of their hits, linked to as `url#anchor`.

mod common;

use common::{build, open};
use quire::corpus::{Config, Corpus};
use quire::{Index, SearchRequest};

const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Water and power | Example Institute</title>
<meta name="description" content="How the press covered a summer of shortages.">
<meta property="article:published_time" content="2025-07-01"></head>
<body><main>
<h1>Water and power</h1>
<p>An overview of the summer's coverage of shortages across the country.</p>
<h2 id="reservoirs">Reservoirs run low</h2>
<p>Papers in the capital reported that the reservoirs behind the dams held a fraction of
their usual volume, and printed the rationing schedule.</p>
<h3>What the ministry said</h3>
<p>The energy ministry asked households to cut their use by a fifth.</p>
<h2 id="blackouts">Rolling blackouts</h2>
<p>Business dailies counted the hours that workshops lost to planned outages of the grid.</p>
<h2>Further reading</h2>
<p>A list without an id, which is no sub-result of its own.</p>
</main></body></html>"#;

const MARKDOWN: &str = "---
title: Budget season
date: 2025-03-01
---
The budget debate in the parliament, as the dailies told it.

## Subsidies {#subsidies}

Several dailies argued over fuel subsidies and their cost to the treasury.

## Currency {#currency}

Economic papers tracked the rial against the dollar every week.
";

fn index() -> Index {
    let mut corpus = Corpus::new(Config::default());
    corpus.add_html("analysis/water/index.html", PAGE.as_bytes());
    corpus.finish_html();
    corpus.add_markdown("budget.md", MARKDOWN.as_bytes());
    assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
    open(&build(corpus))
}

fn search(index: &Index, query: &str) -> quire::SearchResults {
    let request = SearchRequest {
        query: query.into(),
        typing: false,
        ..SearchRequest::default()
    };
    common::answer(index, &request)
}

#[test]
fn a_word_of_a_section_links_to_its_heading() {
    let index = index();
    let results = search(&index, "workshops");
    assert_eq!(results.hits.len(), 1);
    let hit = &results.hits[0];
    assert_eq!(hit.sections.len(), 1, "{:?}", hit.sections);
    let section = &hit.sections[0];
    assert_eq!(section.anchor, "blackouts");
    assert_eq!(section.url, format!("{}#blackouts", hit.url));
    assert_eq!(section.title, "Rolling blackouts");
    assert!(section.text.contains("workshops"), "{}", section.text);
    let (s, e) = section.highlights[0];
    assert_eq!(&section.text[s..e], "workshops");
}

#[test]
fn a_heading_without_an_id_stays_inside_the_section_before_it() {
    let index = index();
    // "ministry" is under an h3 without an id, inside the "reservoirs" section.
    let hit = &search(&index, "ministry").hits[0];
    let anchors: Vec<&str> = hit.sections.iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(anchors, ["reservoirs"]);
    // Text after the last heading with an id belongs to that section; before the first,
    // to none.
    let hit = &search(&index, "overview").hits[0];
    assert!(hit.sections.is_empty(), "{:?}", hit.sections);
}

#[test]
fn sections_are_ranked_by_the_query_words_they_hold() {
    let index = index();
    // Only the first section holds both words; its heading is highlighted too.
    let hit = &search(&index, "reservoirs dams").hits[0];
    assert_eq!(hit.sections[0].anchor, "reservoirs");
    assert!(
        hit.sections[0]
            .title_highlights
            .iter()
            .any(|&(s, e)| &hit.sections[0].title[s..e] == "Reservoirs")
    );
}

#[test]
fn markdown_headings_take_their_id_from_braces() {
    let index = index();
    let hit = &search(&index, "rial").hits[0];
    assert_eq!(hit.id, "budget");
    let anchors: Vec<&str> = hit.sections.iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(anchors, ["currency"]);
    assert_eq!(hit.sections[0].title, "Currency");
    assert!(hit.sections[0].url.ends_with("#currency"));
}

#[test]
fn the_sample_media_review_has_entries_not_sections() {
    // Entries are the sub-results of an edition; a hit that shows entries shows no sections.
    let index = common::sample_index();
    for hit in search(&index, "zarif").hits {
        assert!(hit.entries.is_empty() || hit.sections.is_empty());
    }
}
