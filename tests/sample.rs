//! Searches over the sample corpus whose answers are known from reading it.

mod common;

use common::{ids, query, sample_index, search};
use quire::SearchRequest;

#[test]
fn known_queries_find_known_editions() {
    let index = sample_index();
    let results = search(&index, query("Pezeshkian message Washington"));
    assert_eq!(ids(&results), ["2025-01-31-khamenei-greenlights-talks"]);

    let results = search(&index, query("Amwaj"));
    assert_eq!(ids(&results)[0], "2023-10-03-khamenei-direct-negotiations");

    // The title match ranks first.
    let results = search(&index, query("Rome"));
    assert_eq!(ids(&results)[0], "2025-05-02-all-roads-lead-away-from-rome");
    assert!(results.total >= 2, "Rome is named in several editions");
}

#[test]
fn all_words_must_match() {
    let index = sample_index();
    let zarif = search(&index, query("zarif")).total;
    let both = search(&index, query("zarif houthi")).total;
    assert!(zarif >= 1);
    assert_eq!(both, 0, "no edition names both");
}

#[test]
fn stemming_and_folding_match_other_forms() {
    let index = sample_index();
    let a = ids(&search(&index, query("negotiation")));
    let b = ids(&search(&index, query("NEGOTIATIONS")));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn persian_script_finds_the_edition_that_writes_the_name_in_persian() {
    let index = sample_index();
    // The edition writes عباس عراقچی with Persian letters; a query with the Arabic kaf and yeh
    // must find it too.
    let persian = search(&index, query("عراقچی"));
    let arabic = search(&index, query("عراقچي"));
    assert!(ids(&persian).contains(&"2025-01-31-khamenei-greenlights-talks".to_string()));
    assert_eq!(ids(&persian), ids(&arabic));
    // people.toml lists the Persian spelling as an alias, so every article naming Araghchi
    // is found by it too.
    assert_eq!(persian.total, search(&index, query("Araghchi")).total);
}

#[test]
fn the_last_word_is_a_prefix_while_typing() {
    let index = sample_index();
    let typing = SearchRequest::new("Khamenei gre");
    let results = search(&index, typing);
    assert!(results.total >= 2, "{:?}", ids(&results));
    // Finished (not typing), "gre" is a word of its own, which no document has.
    let finished = search(&index, query("Khamenei gre"));
    assert_eq!(finished.unmatched, ["gre"]);
    // A stem that is shorter than what was typed still matches: "negotia" → negoti.
    assert!(search(&index, SearchRequest::new("negotia")).total >= 5);
}

#[test]
fn an_entry_is_found_as_a_sub_result_with_its_anchor() {
    let index = sample_index();
    let results = search(&index, query("Haji-Babaei"));
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.entries.len(), 1);
    let entry = &hit.entries[0];
    assert_eq!(entry.date, "2025-01-29");
    assert_eq!(
        entry.anchor, "2025-01-29-3",
        "the third entry of January 29"
    );
    assert_eq!(entry.url, format!("{}#2025-01-29-3", hit.url));
    let highlighted: Vec<&str> = entry
        .highlights
        .iter()
        .map(|&(s, e)| &entry.text[s..e])
        .collect();
    assert_eq!(highlighted, ["Haji", "Babaei"]);
}

#[test]
fn filters_narrow_and_facet_counts_follow() {
    let index = sample_index();
    let all = search(&index, query("talks"));
    let kind = all.facets.iter().find(|f| f.name == "kind").unwrap();
    // Counts are of entries: the analyses' entries that answer, and the events (which have
    // none) once each.
    let analyses = kind
        .values
        .iter()
        .find(|v| v.value == "Analysis")
        .unwrap()
        .count as usize;
    let events = kind
        .values
        .iter()
        .find(|v| v.value == "Event")
        .unwrap()
        .count as usize;
    assert_eq!(all.unit, quire::Unit::Entries);

    let mut request = query("talks");
    request.filter("kind", "Analysis");
    let only_analyses = search(&index, request);
    assert_eq!(only_analyses.entry_total, analyses);
    assert!(
        only_analyses.total < analyses,
        "several entries an analysis"
    );

    let mut request = query("talks");
    request.filter("kind", "Event");
    let filtered = search(&index, request);
    assert_eq!(filtered.total, events);
    assert_eq!(filtered.entry_total, 0);
    assert_eq!(only_analyses.total + filtered.total, all.total);
    assert!(
        filtered
            .hits
            .iter()
            .all(|h| h.kind.as_deref() == Some("Event"))
    );
    // The facet's own counts still offer the other value; other facets count only events.
    let kind = filtered.facets.iter().find(|f| f.name == "kind").unwrap();
    assert!(
        kind.values
            .iter()
            .any(|v| v.value == "Analysis" && v.count as usize == analyses && !v.selected)
    );
    assert!(kind.values.iter().any(|v| v.value == "Event" && v.selected));
    let series = filtered.facets.iter().find(|f| f.name == "series").unwrap();
    assert!(
        series.values.is_empty(),
        "events are not in the series: {series:?}"
    );

    // Two values of one facet are OR-ed.
    let mut request = query("talks");
    request.filter("kind", "Event");
    request.filter("kind", "Analysis");
    assert_eq!(search(&index, request).total, all.total);

    // Two facets are AND-ed.
    let mut request = query("talks");
    request.filter("kind", "Analysis");
    request.filter("outlet", "Shargh");
    let both = search(&index, request);
    assert!(both.total >= 1 && both.total < only_analyses.total);
    assert!(both.hits.iter().all(|h| {
        h.facets
            .iter()
            .any(|(name, values)| name == "outlet" && values.contains(&"Shargh".to_string()))
    }));
}

#[test]
fn an_unknown_filter_is_an_error_that_lists_the_filters() {
    let index = sample_index();
    let mut request = query("talks");
    request.filter("colour", "red");
    let error = index.search(&request).unwrap_err().to_string();
    assert!(
        error.contains("unknown filter `colour`") && error.contains("outlet"),
        "{error}"
    );
}

#[test]
fn date_sort_in_both_directions_and_date_range() {
    let index = sample_index();
    let mut request = query("Iran");
    request.limit = 100;
    request.sort = "newest".into();
    let newest: Vec<String> = search(&index, request.clone())
        .hits
        .into_iter()
        .filter_map(|h| h.date)
        .collect();
    assert!(newest.len() >= 5);
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    request.sort = "oldest".into();
    let oldest: Vec<String> = search(&index, request.clone())
        .hits
        .into_iter()
        .filter_map(|h| h.date)
        .collect();
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    let mut reversed = newest.clone();
    reversed.reverse();
    assert_eq!(reversed, oldest);

    request.sort = "relevance".into();
    request.date_from = Some("2025-05".into());
    request.date_to = Some("2025-05-09".into());
    let in_may: Vec<String> = search(&index, request)
        .hits
        .into_iter()
        .filter_map(|h| h.date)
        .collect();
    assert!(!in_may.is_empty());
    assert!(
        in_may
            .iter()
            .all(|d| d.as_str() >= "2025-05-01" && d.as_str() <= "2025-05-09"),
        "{in_may:?}"
    );
}

#[test]
fn an_empty_query_with_filters_browses_newest_first() {
    let index = sample_index();
    let mut request = query("");
    request.filter("kind", "Event");
    let results = search(&index, request);
    assert_eq!(results.total, 4);
    let dates: Vec<String> = results.hits.iter().filter_map(|h| h.date.clone()).collect();
    assert_eq!(
        dates,
        ["2025-04-29", "2024-07-11", "2024-01-09", "2023-10-12"]
    );
}

#[test]
fn the_date_range_spans_the_archive() {
    let index = sample_index();
    let info = index.info().unwrap();
    assert_eq!(
        (info.oldest.as_deref(), info.newest.as_deref()),
        (Some("2023-10-03"), Some("2025-05-13"))
    );
}

#[test]
fn pagination_and_total() {
    let index = sample_index();
    let mut request = query("");
    request.limit = 3;
    let first = search(&index, request.clone());
    request.offset = 3;
    let second = search(&index, request.clone());
    assert_eq!(first.total, 10);
    assert_eq!(second.total, 10);
    assert_eq!(first.hits.len(), 3);
    let overlap = ids(&first)
        .iter()
        .filter(|id| ids(&second).contains(id))
        .count();
    assert_eq!(overlap, 0);
    request.offset = 9;
    assert_eq!(search(&index, request).hits.len(), 1);
}

#[test]
fn excerpts_highlight_the_query_words() {
    let index = sample_index();
    // Words of an edition's introduction: the excerpt comes from there.
    let results = search(&index, query("vocabulary resistance"));
    let hit = &results.hits[0];
    let words: Vec<&str> = hit
        .excerpt_highlights
        .iter()
        .map(|&(s, e)| &hit.excerpt[s..e])
        .collect();
    assert_eq!(words, ["vocabulary", "resistance"], "in {}", hit.excerpt);
    assert!(!hit.excerpt.contains('<'), "excerpts are text, not HTML");
}

#[test]
fn an_excerpt_does_not_repeat_the_entries_shown_under_it() {
    let index = sample_index();
    // The name is only in an entry: the entry shows it, the excerpt is the summary.
    let results = search(&index, query("Takht-Ravanchi"));
    let hit = &results.hits[0];
    assert_eq!(hit.excerpt, hit.summary);
    let entry = &hit.entries[0];
    let words: Vec<&str> = entry
        .highlights
        .iter()
        .map(|&(s, e)| &entry.text[s..e])
        .collect();
    assert_eq!(words, ["Takht", "Ravanchi"]);
}

#[test]
fn phrases_exclusion_or_and_scopes() {
    let index = sample_index();
    let phrase = search(&index, query("\"fourth round\""));
    let loose = search(&index, query("fourth round"));
    assert!(phrase.total >= 2 && phrase.total <= loose.total);
    // Order matters in a phrase.
    assert_eq!(search(&index, query("\"round fourth\"")).total, 0);

    let talks = search(&index, query("talks")).total;
    let without = search(&index, query("talks -khamenei")).total;
    let khamenei_talks = search(&index, query("talks khamenei")).total;
    assert_eq!(without + khamenei_talks, talks);

    let either = search(&index, query("Hodeidah OR Amwaj"));
    assert_eq!(either.total, 2);

    let scoped = search(&index, query("title:talks"));
    assert!(scoped.total >= 3);
    assert!(
        scoped.hits.iter().all(|h| h.title.contains("Talks")),
        "{:?}",
        ids(&scoped)
    );
    assert!(scoped.total < talks);

    let outlet = search(&index, query("outlet:shargh"));
    assert_eq!(outlet.total, 2);
}

#[test]
fn a_nonsense_query_returns_nothing() {
    let index = sample_index();
    let results = search(&index, query("xqzvw"));
    assert_eq!(results.total, 0);
    assert_eq!(results.unmatched, ["xqzvw"]);
    assert_eq!(search(&index, query("the of")).total, 0);
}
