//! The media review's own dimensions: entries tagged with outlets, leanings and people from
//! the registers, filters on each facet, entries as results, and the timeline.

mod common;

use common::{ids, query, sample_index, search};
use quire::{SearchRequest, SearchResults};

fn filtered(text: &str, filters: &[(&str, &str)]) -> SearchResults {
    let mut request = query(text);
    request.limit = 100;
    request.entries_per_hit = 20;
    for (facet, value) in filters {
        request.filter(facet, value);
    }
    search(&sample_index(), request)
}

fn facet<'a>(values: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    values
        .iter()
        .find(|(n, _)| n == name)
        .map_or(&[], |(_, v)| v.as_slice())
}

#[test]
fn entries_are_tagged_from_the_registers() {
    let results = filtered("Haji-Babaei", &[]);
    let entry = &results.hits[0].entries[0];
    // The entry quotes IRIB, relayed by the centrist Fararu News Agency.
    assert_eq!(
        facet(&entry.facets, "outlet"),
        [
            "Islamic Republic of Iran Broadcasting",
            "Fararu News Agency"
        ]
    );
    assert_eq!(
        facet(&entry.facets, "leaning"),
        ["state-controlled", "centrist"]
    );
    assert_eq!(facet(&entry.facets, "person"), ["Hamid-Reza Haji-Babaei"]);
    // The person's role, from people.toml.
    assert_eq!(
        facet(&entry.facets, "role"),
        ["Deputy Parliamentary Speaker"]
    );
}

#[test]
fn a_role_finds_the_entries_naming_whoever_held_it() {
    // "What did the Foreign Minister say?": entries that name Araghchi, without naming him.
    let results = filtered("", &[("role", "Foreign Minister")]);
    assert!(results.total >= 1);
    assert!(results.hits.iter().any(|hit| !hit.entries.is_empty()));
    for hit in &results.hits {
        // Articles without entries (events) carry it from their whole text.
        assert!(facet(&hit.facets, "role").contains(&"Foreign Minister".to_string()));
        for entry in &hit.entries {
            assert!(
                facet(&entry.facets, "person").contains(&"Abbas Araghchi".to_string()),
                "{entry:?}"
            );
        }
    }
}

#[test]
fn reformist_outlets_on_zarif_gives_the_entries_grouped_under_their_edition() {
    let results = filtered("Zarif", &[("leaning", "reformist")]);
    assert!(results.total >= 1);
    for hit in &results.hits {
        assert!(!hit.entries.is_empty(), "{} shows its entries", hit.id);
        for entry in &hit.entries {
            assert!(
                facet(&entry.facets, "leaning").contains(&"reformist".to_string()),
                "{entry:?}"
            );
            assert!(entry.text.contains("Zarif"), "{}", entry.text);
            assert!(entry.url.starts_with(&hit.url) && entry.url.contains('#'));
        }
    }
    // Without the filter, a name quoted across the spectrum shows entries of other leanings;
    // with it, only the reformist ones.
    let reformist = filtered("Washington", &[("leaning", "reformist")]);
    assert!(
        reformist
            .hits
            .iter()
            .flat_map(|h| &h.entries)
            .all(|e| facet(&e.facets, "leaning").contains(&"reformist".to_string()))
    );
    let all = filtered("Washington", &[]);
    let leanings: Vec<&String> = all
        .hits
        .iter()
        .flat_map(|h| &h.entries)
        .flat_map(|e| facet(&e.facets, "leaning"))
        .collect();
    assert!(
        leanings.iter().any(|l| l.as_str() != "reformist"),
        "{leanings:?}"
    );
}

#[test]
fn browsing_by_leaning_lists_what_those_outlets_said() {
    let results = filtered("", &[("leaning", "technocratic")]);
    assert_eq!(ids(&results), ["2023-10-03-khamenei-direct-negotiations"]);
    let entries = &results.hits[0].entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(facet(&entries[0].facets, "outlet"), ["Donya-ye Eqtesad"]);
}

#[test]
fn each_facet_filters() {
    let all = filtered("", &[]);
    for (facet_name, value) in [
        ("outlet", "Shargh"),
        ("leaning", "reformist"),
        ("person", "Abbas Araghchi"),
        ("role", "Foreign Minister"),
        ("kind", "Event"),
        ("author", "Ali Alfoneh"),
        ("year", "2024"),
    ] {
        let expected = all
            .facets
            .iter()
            .find(|f| f.name == facet_name)
            .and_then(|f| f.values.iter().find(|v| v.value == value))
            .unwrap_or_else(|| panic!("{facet_name}={value} is offered"))
            .count as usize;
        let results = filtered("", &[(facet_name, value)]);
        assert_eq!(results.total, expected, "{facet_name}={value}");
        assert!(results.total < all.total, "{facet_name}={value} narrows");
        for hit in &results.hits {
            assert!(
                facet(&hit.facets, facet_name).contains(&value.to_string()),
                "{} {facet_name}",
                hit.id
            );
        }
    }
}

#[test]
fn a_variant_of_a_name_finds_the_person() {
    // "Arakchi" and "Khameneyi" are aliases in people.toml; they match exactly, not as typos.
    for (variant, person) in [
        ("Arakchi", "Abbas Araghchi"),
        ("Khameneyi", "Ali Khamenei"),
        ("عراقچی", "Abbas Araghchi"),
    ] {
        let results = filtered(variant, &[]);
        assert!(results.total >= 1, "{variant}");
        assert!(
            results.corrections.is_empty(),
            "{variant} is a known spelling, not a typo"
        );
        assert!(
            results
                .hits
                .iter()
                .all(|h| facet(&h.facets, "person").contains(&person.to_string())),
            "{variant}"
        );
    }
}

#[test]
fn the_timeline_counts_match_the_year_counts() {
    for text in ["", "talks", "Araghchi"] {
        let results = filtered(text, &[]);
        let timeline_total: u32 = results.timeline.iter().map(|m| m.count).sum();
        assert_eq!(
            timeline_total as usize, results.total,
            "{text:?}: every dated hit is in one month"
        );
        let years = results.facets.iter().find(|f| f.name == "year").unwrap();
        for year in &years.values {
            let in_year: u32 = results
                .timeline
                .iter()
                .filter(|m| m.month.starts_with(&year.value))
                .map(|m| m.count)
                .sum();
            assert_eq!(in_year, year.count, "{text:?} {}", year.value);
        }
        assert!(results.timeline.windows(2).all(|w| w[0].month < w[1].month));
    }
    // A month's bar, clicked, is a date range: its count is what that range returns.
    let results = filtered("", &[]);
    let may = results
        .timeline
        .iter()
        .find(|m| m.month == "2025-05")
        .unwrap();
    let mut request = query("");
    request.date_from = Some("2025-05".into());
    request.date_to = Some("2025-05".into());
    let in_may = search(&sample_index(), request);
    assert_eq!(in_may.total, may.count as usize);
    // The timeline keeps showing the other months while a range is set.
    assert_eq!(in_may.timeline, results.timeline);
}

#[test]
fn untagged_entries_are_reported() {
    let dir = common::sample_dir();
    let corpus = common::read_folder(&dir);
    assert!(corpus.untagged_count() > 0);
    let (at, anchor) = &corpus.untagged_entries()[0];
    assert!(
        at.file.ends_with(".md") && anchor.starts_with("20"),
        "{at} {anchor}"
    );
}

#[test]
fn request_entries_are_limited() {
    let mut request = SearchRequest::new("");
    request.filter("leaning", "reformist");
    request.entries_per_hit = 1;
    let results = search(&sample_index(), request);
    assert!(results.hits.iter().all(|h| h.entries.len() <= 1));
}
