//! Properties over generated corpora: whatever the articles, each one is found by a rare word
//! of its title, exactly once, and nothing is lost.

mod common;

use std::collections::BTreeMap;

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

/// An entry: days after (or before, when negative) its edition's date, and its words.
type GeneratedEntry = (i32, Vec<String>);
/// An edition: days since 2024-01-01, whether it is an event, its title words, its entries
/// (an event's only paragraph when it is one), and its body words.
type GeneratedEdition = (i32, bool, Vec<String>, Vec<GeneratedEntry>, Vec<String>);

/// Words of entries: outlets and people of the registers below among common words.
fn entry_word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "talks",
        "nuclear",
        "Oman",
        "deal",
        "sanctions",
        "said",
        "Alpha",
        "Beta",
        "Gamma",
        "Zeta",
        "Yota",
        "Ronak",
        "the",
    ])
    .prop_map(String::from)
}

fn edition() -> impl Strategy<Value = GeneratedEdition> {
    (
        0i32..700,
        any::<bool>(),
        prop::collection::vec(entry_word(), 1..4),
        prop::collection::vec((-50i32..3, prop::collection::vec(entry_word(), 0..8)), 0..5),
        prop::collection::vec(entry_word(), 0..10),
    )
}

const OUTLETS: &str = r#"
[[outlet]]
name = "Alpha"
leaning = "reformist"
[[outlet]]
name = "Beta"
leanings = [{ leaning = "principlist", to = "2024-12-31" }, { leaning = "centrist", from = "2025-01-01" }]
[[outlet]]
name = "Gamma"
leaning = "state-controlled"
"#;

const PEOPLE: &str = r#"
[[person]]
name = "Zeta"
roles = [{ role = "Minister", from = "2024-03-01", to = "2024-11-30" }, { role = "Adviser", from = "2024-10-01" }]
aliases = ["Zetta"]
[[person]]
name = "Yota"
roles = [{ role = "Minister", from = "2024-12-01" }]
[[person]]
name = "Ronak"
role = "Scholar"
"#;

/// What the counts count when every hit is on the page with all its entries.
fn units(results: &quire::SearchResults) -> usize {
    results
        .hits
        .iter()
        .map(|hit| hit.entries.len().max(1))
        .sum()
}

fn everything(text: &str) -> quire::SearchRequest {
    let mut request = common::query(text);
    request.limit = 100;
    request.entries_per_hit = 100;
    request.facet_values = 1000;
    request
}

/// (units, of which articles without entries) per month and per (facet, value), counted
/// from the hits of a search without filters whose every hit and entry is on the page: an
/// entry in the month of its date, with its tags, the year of its date and its article's
/// other values; an article without entries with its own.
#[allow(clippy::type_complexity)]
fn brute_force_tallies(
    results: &quire::SearchResults,
) -> (
    BTreeMap<String, (u32, u32)>,
    BTreeMap<(String, String), (u32, u32)>,
) {
    const TAGS: [&str; 4] = ["outlet", "leaning", "person", "role"];
    let (mut months, mut values) = (BTreeMap::new(), BTreeMap::new());
    let add = |tally: &mut (u32, u32), article: bool| {
        tally.0 += 1;
        tally.1 += u32::from(article);
    };
    for hit in &results.hits {
        if hit.entries.is_empty() {
            if let Some(date) = &hit.date {
                add(months.entry(date[..7].to_string()).or_default(), true);
            }
            for (facet, names) in &hit.facets {
                for name in names {
                    add(
                        values.entry((facet.clone(), name.clone())).or_default(),
                        true,
                    );
                }
            }
            continue;
        }
        for entry in &hit.entries {
            add(
                months.entry(entry.date[..7].to_string()).or_default(),
                false,
            );
            let mut pairs = vec![("year".to_string(), entry.date[..4].to_string())];
            let article = hit
                .facets
                .iter()
                .filter(|(facet, _)| !TAGS.contains(&facet.as_str()) && facet != "year");
            for (facet, names) in entry.facets.iter().chain(article) {
                pairs.extend(names.iter().map(|name| (facet.clone(), name.clone())));
            }
            for pair in pairs {
                add(values.entry(pair).or_default(), false);
            }
        }
    }
    (months, values)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Whatever the editions, their entries and the query: every facet value and month
    /// counted leads to results, the timeline counts what the results hold, and so do the
    /// years.
    #[test]
    fn counts_lead_to_results(editions in prop::collection::vec(edition(), 1..12), query_word in prop::option::of(entry_word())) {
        let config = Config::parse(
            "quire.toml",
            "filters = [\"kind\", \"outlet\", \"leaning\", \"person\", \"role\", \"year\"]\n",
        ).unwrap();
        let registers = quire::corpus::Registers::parse("outlets.toml", OUTLETS, "people.toml", PEOPLE).unwrap();
        let mut corpus = Corpus::new(config).with_registers(registers);
        let day_zero = quire::Date::new(2024, 1, 1).unwrap().to_days();
        for (i, (day, event, title, entries, body)) in editions.iter().enumerate() {
            let date = quire::Date::from_days(day_zero + day);
            let mut md = format!(
                "---\ntitle: \"{} {i}\"\ndate: {}\nkind: {}\n---\n{}\n\n",
                title.join(" "),
                date.iso(),
                if *event { "Event" } else { "Analysis" },
                body.join(" ")
            );
            if !event {
                for (offset, words) in entries {
                    let on = quire::Date::from_days(day_zero + day + offset);
                    md.push_str(&format!("- {}: {}\n", on.iso(), words.join(" ")));
                }
            }
            corpus.add_markdown(&format!("e{i}.md"), md.as_bytes());
        }
        prop_assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
        let index = common::open(&common::build(corpus));
        let text = query_word.unwrap_or_default();
        let results = common::search(&index, everything(&text));

        let timeline: u32 = results.timeline.iter().map(|m| m.count).sum();
        prop_assert_eq!(timeline as usize, units(&results), "the timeline counts the units shown");
        prop_assert_eq!(
            results.entry_total + results.hits.iter().filter(|h| h.entries.is_empty()).count(),
            units(&results)
        );
        prop_assert_eq!(
            results.article_total,
            results.hits.iter().filter(|h| h.entries.is_empty()).count(),
            "the articles among the units"
        );
        let (timeline, facets) = brute_force_tallies(&results);
        let reported: BTreeMap<String, (u32, u32)> = results.timeline.iter().map(|m| (m.month.clone(), (m.count, m.articles))).collect();
        prop_assert_eq!(reported, timeline, "the timeline's units and articles per month");
        let reported: BTreeMap<(String, String), (u32, u32)> = results
            .facets
            .iter()
            .flat_map(|f| f.values.iter().map(|v| ((f.name.clone(), v.value.clone()), (v.count, v.articles))))
            .collect();
        prop_assert_eq!(reported, facets, "the facets' units and articles per value");
        if let Some(years) = results.facets.iter().find(|f| f.name == "year") {
            for year in &years.values {
                let in_year: u32 = results.timeline.iter().filter(|m| m.month.starts_with(&year.value)).map(|m| m.count).sum();
                prop_assert_eq!(in_year, year.count, "year {}", year.value);
            }
        }
        for counts in &results.facets {
            for value in counts.values.iter().filter(|v| v.count > 0) {
                let mut request = everything(&text);
                request.filter(&counts.name, &value.value);
                let narrowed = common::search(&index, request);
                prop_assert!(
                    narrowed.total >= 1 && units(&narrowed) >= value.count as usize,
                    "{:?}: {}={} counts {}, gives {} results of {} units",
                    text, counts.name, value.value, value.count, narrowed.total, units(&narrowed)
                );
                // Articles without entries pass or fail the filter as wholes: as many as
                // counted; the entries at least as many as counted.
                prop_assert_eq!(narrowed.article_total, value.articles as usize, "{:?}: {}={}", text, counts.name, value.value);
                prop_assert!(narrowed.entry_total >= (value.count - value.articles) as usize);
                // And one level further: the counts of the narrowed results lead on too.
                for other in &narrowed.facets {
                    for second in other.values.iter().filter(|v| v.count > 0 && !v.selected) {
                        let mut request = everything(&text);
                        request.filter(&counts.name, &value.value);
                        request.filter(&other.name, &second.value);
                        let deeper = common::search(&index, request);
                        prop_assert!(
                            deeper.total >= 1 && units(&deeper) >= second.count as usize,
                            "{:?}: {}={} then {}={} counts {}, gives {} units",
                            text, counts.name, value.value, other.name, second.value, second.count, units(&deeper)
                        );
                    }
                }
            }
        }
        for month in &results.timeline {
            let mut request = everything(&text);
            request.date_from = Some(month.month.clone());
            request.date_to = Some(month.month.clone());
            let in_month = common::search(&index, request);
            prop_assert!(units(&in_month) >= month.count as usize && month.count > 0);
            prop_assert_eq!(in_month.article_total, month.articles as usize);
            prop_assert!(in_month.entry_total >= (month.count - month.articles) as usize);
            for hit in &in_month.hits {
                for entry in &hit.entries {
                    prop_assert!(entry.date.starts_with(&month.month));
                }
                if hit.entries.is_empty() {
                    prop_assert!(hit.date.as_deref().is_some_and(|d| d.starts_with(&month.month)));
                }
            }
        }
    }
}
