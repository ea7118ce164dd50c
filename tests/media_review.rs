//! The media review's own dimensions: entries tagged with outlets, leanings and people from
//! the registers, filters on each facet, entries as results, and the timeline.

mod common;

use common::{ids, query, sample_index, search};
use quire::{SearchRequest, SearchResults, Unit};

thread_local! {
    /// The sample index, built once per test thread.
    static SAMPLE: quire::Index = sample_index();
}

/// Searches the sample index.
fn sample_search(request: SearchRequest) -> SearchResults {
    SAMPLE.with(|index| search(index, request))
}

fn filtered(text: &str, filters: &[(&str, &str)]) -> SearchResults {
    let mut request = query(text);
    request.limit = 100;
    request.entries_per_hit = 20;
    for (facet, value) in filters {
        request.filter(facet, value);
    }
    sample_search(request)
}

/// What the counts of `results` count, when every hit is on the page: each entry shown
/// (`entries_per_hit` large enough), and each hit without entries.
fn units(results: &SearchResults) -> usize {
    results
        .hits
        .iter()
        .map(|hit| hit.entries.len().max(1))
        .sum()
}

/// The count of `value` of `facet` in `results`, 0 when not listed.
fn count_of(results: &SearchResults, facet: &str, value: &str) -> usize {
    results
        .facets
        .iter()
        .find(|f| f.name == facet)
        .and_then(|f| f.values.iter().find(|v| v.value == value))
        .map_or(0, |v| v.count as usize)
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
fn a_role_finds_the_entries_naming_whoever_held_it_on_their_date() {
    // "What did the Foreign Minister say?": Amir-Abdollahian in 2023, Araghchi in 2025.
    let results = filtered("", &[("role", "Foreign Minister")]);
    let mut holders = Vec::new();
    for hit in &results.hits {
        // Articles without entries (events) carry it from their whole text, on their date.
        assert!(facet(&hit.facets, "role").contains(&"Foreign Minister".to_string()));
        for entry in &hit.entries {
            let minister = entry
                .people
                .iter()
                .find(|p| p.role.as_deref() == Some("Foreign Minister"))
                .unwrap_or_else(|| panic!("{entry:?} names the Foreign Minister of its day"));
            holders.push((entry.date[..4].to_string(), minister.name.clone()));
        }
    }
    assert!(
        holders.contains(&("2023".into(), "Hossein Amir-Abdollahian".into())),
        "{holders:?}"
    );
    assert!(
        holders.contains(&("2025".into(), "Abbas Araghchi".into())),
        "{holders:?}"
    );
    assert!(holders.iter().all(|(year, name)| match year.as_str() {
        "2023" => name == "Hossein Amir-Abdollahian",
        _ => name == "Abbas Araghchi",
    }));
    // Zarif, Foreign Minister until 2021, is not one in January 2025: the Sazandegi entry
    // that names only him is not found, and he carries the role he held then.
    let anchors: Vec<&str> = results
        .hits
        .iter()
        .flat_map(|h| &h.entries)
        .map(|e| e.anchor.as_str())
        .collect();
    assert!(!anchors.contains(&"2025-01-30"), "{anchors:?}");
    let zarif = filtered("Zarif", &[]);
    let named: Vec<_> = zarif
        .hits
        .iter()
        .flat_map(|h| &h.entries)
        .flat_map(|e| &e.people)
        .filter(|p| p.name == "Mohammad Javad Zarif")
        .collect();
    assert!(!named.is_empty());
    for person in named {
        assert_eq!(
            person.role.as_deref(),
            Some("Vice President for Strategic Affairs")
        );
    }
    assert_eq!(
        count_of(&zarif, "role", "Foreign Minister"),
        1,
        "Araghchi, named beside him"
    );
    // A person with no role on record for the day has none ("role" absent).
    let witkoff_in_2025 = filtered("Witkoff", &[]);
    assert!(
        witkoff_in_2025
            .hits
            .iter()
            .flat_map(|h| &h.entries)
            .flat_map(|e| &e.people)
            .filter(|p| p.name == "Steve Witkoff")
            .all(|p| p.role.as_deref() == Some("U.S. Special Envoy to the Middle East"))
    );
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
        assert_eq!(units(&results), expected, "{facet_name}={value}");
        assert_eq!(
            results.entry_total + results.hits.iter().filter(|h| h.entries.is_empty()).count(),
            expected
        );
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
            timeline_total as usize,
            units(&results),
            "{text:?}: every entry, and every dated article without entries, is in one month"
        );
        assert_eq!(results.unit, Unit::Entries);
        let years = results.facets.iter().find(|f| f.name == "year").unwrap();
        for year in &years.values {
            let in_year: u32 = results
                .timeline
                .iter()
                .filter(|m| m.month.starts_with(&year.value))
                .map(|m| m.count)
                .sum();
            assert_eq!(in_year, year.count, "{text:?} {}", year.value);
            let articles_in_year: u32 = results
                .timeline
                .iter()
                .filter(|m| m.month.starts_with(&year.value))
                .map(|m| m.articles)
                .sum();
            assert_eq!(articles_in_year, year.articles, "{text:?} {}", year.value);
        }
        // Of each month's units, the articles are the hits without entries dated in it.
        for month in &results.timeline {
            let articles = results
                .hits
                .iter()
                .filter(|h| h.entries.is_empty())
                .filter(|h| {
                    h.date
                        .as_deref()
                        .is_some_and(|d| d.starts_with(&month.month))
                })
                .count();
            assert_eq!(
                month.articles as usize, articles,
                "{text:?} {}",
                month.month
            );
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
    request.limit = 100;
    request.entries_per_hit = 20;
    let in_may = sample_search(request);
    assert_eq!(units(&in_may), may.count as usize);
    // The timeline keeps showing the other months while a range is set.
    assert_eq!(in_may.timeline, results.timeline);
}

/// "rome" finds three editions and the AGSI event of 29 April 2025: its counts say how many of
/// their units are entries and how many articles without entries, so that the widget can say
/// "1 entry and 1 article" for April rather than "2 entries".
#[test]
fn counts_say_how_many_of_their_units_are_articles() {
    let rome = filtered("rome", &[]);
    assert_eq!(rome.unit, Unit::Entries);
    let without_entries: Vec<&str> = rome
        .hits
        .iter()
        .filter(|h| h.entries.is_empty())
        .map(|h| h.kind.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(without_entries, ["Event"]);
    assert_eq!(rome.article_total, 1);
    assert_eq!(rome.entry_total + rome.article_total, units(&rome));
    let april = rome.timeline.iter().find(|m| m.month == "2025-04").unwrap();
    assert_eq!((april.count, april.articles), (2, 1));
    let person = rome.facets.iter().find(|f| f.name == "person").unwrap();
    let albusaidi = person
        .values
        .iter()
        .find(|v| v.value == "Badr Albusaidi")
        .unwrap();
    assert_eq!((albusaidi.count, albusaidi.articles), (4, 1));
    // Without entries in the index, every count is of articles.
    let mut corpus = quire::corpus::Corpus::new(quire::corpus::Config::default());
    for (i, date) in ["2025-04-01", "2025-04-20", "2025-05-02"]
        .iter()
        .enumerate()
    {
        let md = format!("---\ntitle: Note {i}\ndate: {date}\nkind: Note\n---\nTalks.\n");
        corpus.add_markdown(&format!("{i}.md"), md.as_bytes());
    }
    let plain = common::open(&common::build(corpus));
    let all = search(&plain, query("talks"));
    assert_eq!(
        (all.total, all.article_total, all.unit),
        (3, 3, Unit::Articles)
    );
    let months: Vec<(u32, u32)> = all.timeline.iter().map(|m| (m.count, m.articles)).collect();
    assert_eq!(months, [(2, 2), (1, 1)]);
    let kinds = all.facets.iter().find(|f| f.name == "kind").unwrap();
    assert_eq!((kinds.values[0].count, kinds.values[0].articles), (3, 3));
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
    let results = sample_search(request);
    assert!(results.hits.iter().all(|h| h.entries.len() <= 1));
}

/// Every value a facet offers, ticked, gives results: at least as many units as its count
/// (more only when an edition's title has the words and its other entries answer for it).
fn assert_counts_lead_to_results(text: &str, filters: &[(&str, &str)]) -> usize {
    let results = filtered(text, filters);
    let mut checked = 0;
    for counts in &results.facets {
        for value in counts.values.iter().filter(|v| v.count > 0 && !v.selected) {
            let mut more = filters.to_vec();
            more.push((&counts.name, &value.value));
            let narrowed = filtered(text, &more);
            assert!(
                narrowed.total >= 1 && units(&narrowed) >= value.count as usize,
                "{text:?} {filters:?}: {}={} counts {} but gives {} results ({} units)",
                counts.name,
                value.value,
                value.count,
                narrowed.total,
                units(&narrowed)
            );
            // Articles without entries pass a filter or not as wholes: exactly those counted
            // (at least, when the value joins others of its facet, which it is OR-ed with).
            let joins = filters.iter().any(|(name, _)| *name == counts.name);
            assert!(
                narrowed.article_total == value.articles as usize
                    || joins && narrowed.article_total > value.articles as usize,
                "{text:?} {filters:?}: {}={} counts {} articles, gives {}",
                counts.name,
                value.value,
                value.articles,
                narrowed.article_total
            );
            checked += 1;
        }
    }
    for month in &results.timeline {
        let mut request = query(text);
        request.limit = 100;
        request.entries_per_hit = 20;
        for (facet, value) in filters {
            request.filter(facet, value);
        }
        request.date_from = Some(month.month.clone());
        request.date_to = Some(month.month.clone());
        let in_month = sample_search(request);
        assert!(
            units(&in_month) >= month.count as usize && month.count > 0,
            "{text:?} {filters:?}: {} counts {} but gives {} units",
            month.month,
            month.count,
            units(&in_month)
        );
        assert_eq!(
            in_month.article_total, month.articles as usize,
            "{}",
            month.month
        );
        for hit in &in_month.hits {
            for entry in &hit.entries {
                assert!(
                    entry.date.starts_with(&month.month),
                    "{} in {}",
                    entry.date,
                    month.month
                );
            }
        }
        checked += 1;
    }
    checked
}

#[test]
fn a_count_is_never_followed_by_zero_results() {
    let mut checked = 0;
    for text in [
        "",
        "zarif",
        "talks",
        "Araghchi",
        "khamenei",
        "rome",
        "oman",
        "washington",
        "nuclear",
        "Arakchi",
    ] {
        checked += assert_counts_lead_to_results(text, &[]);
    }
    for filters in [
        &[("leaning", "reformist")][..],
        &[("role", "Foreign Minister")],
        &[("kind", "Analysis"), ("outlet", "Shargh")],
        &[("year", "2025")],
    ] {
        for text in ["", "talks", "zarif"] {
            checked += assert_counts_lead_to_results(text, filters);
        }
    }
    assert!(checked > 300, "only {checked} values checked");

    // The example: for "zarif", only the reformist outlets that name him are offered
    // (Sazandegi and Shargh), not the centrist Fararu quoted elsewhere in the edition.
    let zarif = filtered("zarif", &[]);
    assert_eq!(count_of(&zarif, "leaning", "reformist"), 2);
    assert_eq!(count_of(&zarif, "leaning", "centrist"), 0);
    assert_eq!(count_of(&zarif, "outlet", "Fararu News Agency"), 0);
    assert_eq!(
        (zarif.total, zarif.entry_total, zarif.unit),
        (1, 2, Unit::Entries)
    );
    let reformist = filtered("zarif", &[("leaning", "reformist")]);
    assert_eq!((reformist.total, reformist.entry_total), (1, 2));
}

#[test]
fn an_edition_appears_in_every_month_its_entries_cover_with_just_those_entries() {
    let in_month = |month: &str| {
        let mut request = query("");
        request.limit = 100;
        request.entries_per_hit = 20;
        request.date_from = Some(month.into());
        request.date_to = Some(month.into());
        sample_search(request)
    };
    let anchors = |results: &SearchResults, id: &str| -> Vec<String> {
        let hit = results
            .hits
            .iter()
            .find(|h| h.id == id)
            .unwrap_or_else(|| panic!("{id} in {:?}", ids(results)));
        hit.entries.iter().map(|e| e.anchor.clone()).collect()
    };
    let january = in_month("2025-01");
    assert_eq!(
        anchors(&january, "2025-01-31-khamenei-greenlights-talks").len(),
        6,
        "its January entries"
    );
    // The 2 May edition reviews 19 and 26 April: it is found in April, with those two.
    let april = in_month("2025-04");
    assert_eq!(
        anchors(&april, "2025-05-02-all-roads-lead-away-from-rome"),
        ["2025-04-19", "2025-04-26"]
    );
    assert!(ids(&april).contains(&"2025-04-29-event-real-deal".to_string()));
    let may = in_month("2025-05");
    assert_eq!(
        anchors(&may, "2025-05-02-all-roads-lead-away-from-rome"),
        ["2025-05-01", "2025-05-02"]
    );
    // September 2023 has the entries of the 3 October 2023 edition.
    let september = in_month("2023-09");
    assert_eq!(ids(&september), ["2023-10-03-khamenei-direct-negotiations"]);
    assert!(
        in_month("2023-10")
            .hits
            .iter()
            .all(|h| h.entries.is_empty()),
        "only the event"
    );
    // The timeline puts each entry in its own month.
    let all = filtered("", &[]);
    let month = |m: &str| {
        all.timeline
            .iter()
            .find(|c| c.month == m)
            .map_or(0, |c| c.count)
    };
    assert_eq!(month("2025-04"), 3, "two entries and the 29 April event");
    assert_eq!(month("2023-09"), 3);
    // A range that ends mid-edition keeps the entries up to its last day.
    let mut request = query("");
    request.entries_per_hit = 20;
    request.date_from = Some("2025-05-11".into());
    request.date_to = Some("2025-05-11".into());
    let day = sample_search(request);
    assert_eq!(ids(&day), ["2025-05-13-araghchi-continued-talks"]);
    assert_eq!(day.hits[0].entries.len(), 3);
    assert_eq!(day.entry_total, 3);
}

#[test]
fn other_spellings_rank_highlight_and_show_entries_as_the_register_name_does() {
    let as_written = |results: &SearchResults| -> Vec<Vec<String>> {
        results
            .hits
            .iter()
            .map(|hit| {
                hit.entries
                    .iter()
                    .flat_map(|e| e.highlights.iter().map(|&(s, t)| e.text[s..t].to_string()))
                    .collect()
            })
            .collect()
    };
    for (variant, name) in [
        ("Araqchi", "Araghchi"),
        ("Arakchi", "Araghchi"),
        ("عراقچی", "Araghchi"),
        ("Pezeshkiyan", "Pezeshkian"),
        ("ظریف", "Zarif"),
    ] {
        let spelt = filtered(variant, &[]);
        let canonical = filtered(name, &[]);
        assert_eq!(ids(&spelt), ids(&canonical), "{variant} ranks as {name}");
        assert_eq!(
            (spelt.total, spelt.entry_total),
            (canonical.total, canonical.entry_total),
            "{variant}"
        );
        assert!(
            spelt.corrections.is_empty(),
            "{variant} is a spelling, not a typo"
        );
        for (hit, same) in spelt.hits.iter().zip(&canonical.hits) {
            let a: Vec<&str> = hit.entries.iter().map(|e| e.anchor.as_str()).collect();
            let b: Vec<&str> = same.entries.iter().map(|e| e.anchor.as_str()).collect();
            assert_eq!(a, b, "{variant}: the entries that name the person");
            assert_eq!(hit.title_highlights, same.title_highlights);
        }
        // The name is highlighted as the text writes it.
        let marks = as_written(&spelt);
        assert!(
            marks.iter().flatten().any(|mark| mark == name),
            "{variant}: {marks:?}"
        );
        assert!(
            spelt.hits.iter().all(|h| h.entries.is_empty() || h.entries.iter().all(|e| !e.highlights.is_empty())),
            "{variant}: every entry shown has its highlight"
        );
    }
    // The edition titled "Araghchi: ..." stays first.
    assert_eq!(
        ids(&filtered("Araqchi", &[]))[0],
        "2025-05-13-araghchi-continued-talks"
    );
}
