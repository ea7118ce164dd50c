//! Typo tolerance and its ranking rules: exact above prefix above fuzzy, bounded expansion,
//! transliteration variants, and what a query says when its words cannot all be matched; the
//! failing examples of issue 12 (typing mode cutting words back, stemmer against typo,
//! real-word typos, apostrophes, the first letter, aliases), each in a corpus of its own.

mod common;

use common::{ids, index_of, query, sample_index, search};
use quire::SearchRequest;

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
    let index = index_of(&[("a", "Iran", "Iran today.")]);
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

/// A request as the widget sends it while typing: the last word may be unfinished.
fn typing(text: &str) -> SearchRequest {
    SearchRequest::new(text)
}

fn replacements(corrections: &[quire::Correction]) -> Vec<(String, String)> {
    corrections
        .iter()
        .map(|c| (c.word.clone(), c.replacement.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn while_typing_a_mistyped_word_is_not_cut_back_to_a_shorter_one() {
    let index = index_of(&[
        (
            "subway",
            "Subway fares rise",
            "The subway will cost more from March.",
        ),
        (
            "sub",
            "A sub on the bench",
            "The coach kept a sub in reserve.",
        ),
        (
            "batters",
            "Batters struggle",
            "The batters faced a fast bowler all day.",
        ),
        (
            "bat",
            "A bat in the rafters",
            "A bat flew over the empty stands.",
        ),
        (
            "pen",
            "Penned in",
            "Fans were penned in; Peng wrote with a pen.",
        ),
    ]);
    // "subwy" was `sub`, "batetrs" `bat`: now the words they are typos of, said so.
    for (typed, id, meant) in [
        ("subwy", "subway", "Subway"),
        ("batetrs", "batters", "Batters"),
    ] {
        let results = search(&index, typing(typed));
        assert_eq!(ids(&results), [id], "{typed}");
        assert_eq!(replacements(&results.corrections), pairs(&[(typed, meant)]));
    }
    // "penguin" is no word of this archive: nothing, said so, rather than pen, Peng, penned.
    let results = search(&index, typing("penguin"));
    assert_eq!(results.total, 0, "{results:?}");
    assert_eq!(results.unmatched, ["penguin"]);
    // A word the stemmer cuts shorter still matches its beginning while typing.
    let index = index_of(&[("a", "Talks", "The negotiations resumed.")]);
    let results = search(&index, typing("negotia"));
    assert_eq!(ids(&results), ["a"]);
    assert_eq!(
        replacements(&results.completions),
        pairs(&[("negotia", "negotiations")])
    );
}

#[test]
fn a_typo_that_makes_the_stemmer_cut_elsewhere_finds_the_word() {
    let index = index_of(&[
        (
            "composer",
            "A composer's week",
            "The composer finished a symphony.",
        ),
        (
            "talks",
            "Talks resume",
            "Negotiations on the border resumed.",
        ),
        (
            "deport",
            "Deportations rise",
            "Deportations doubled this year.",
        ),
        (
            "gym",
            "Morning routine",
            "Exercising before work helps, she said.",
        ),
        (
            "doubt",
            "Second thoughts",
            "Ministers hesitate over the budget.",
        ),
        ("vote", "Polls open", "The election is on Sunday."),
    ]);
    for (typed, id, meant) in [
        ("compkser", "composer", "composer"),
        ("negotiatoins", "talks", "Negotiations"),
        ("deportatiyons", "deport", "Deportations"),
        ("exerciisng", "gym", "Exercising"),
        ("hesitat", "doubt", "hesitate"),
        // Swapped neighbours are one edit, in the ending too.
        ("electoin", "vote", "election"),
    ] {
        let results = search(&index, query(typed));
        assert_eq!(ids(&results), [id], "{typed}");
        assert_eq!(replacements(&results.corrections), pairs(&[(typed, meant)]));
        let results = search(&index, typing(typed));
        assert_eq!(ids(&results), [id], "{typed}, typing");
        // While typing, "hesitat" is the beginning of "hesitate": no typo.
        let said = if typed == "hesitat" {
            &results.completions
        } else {
            &results.corrections
        };
        assert_eq!(
            replacements(said),
            pairs(&[(typed, meant)]),
            "{typed}, typing"
        );
    }
}

#[test]
fn a_word_that_exists_is_tried_as_a_typo_when_the_query_finds_too_little() {
    let index = index_of(&[
        (
            "treaty",
            "Arms treaty signed in Geneva",
            "Both sides signed the treaty.",
        ),
        ("treat", "How to treat a burn", "Cool water first."),
        (
            "ready",
            "Army ready to withdraw",
            "Troops are ready to leave the border.",
        ),
        (
            "read",
            "Read the small print",
            "Contracts deserve a second look.",
        ),
        (
            "seize",
            "Police seize heroin",
            "Officers found heroin in a lorry.",
        ),
        (
            "size",
            "The size of the market",
            "Analysts measured it again.",
        ),
        (
            "finnish",
            "Finnish election results",
            "Turnout was high in Helsinki.",
        ),
        (
            "finish",
            "Finish the race",
            "Runners crossed the line at noon.",
        ),
    ]);
    for (text, id, word, meant) in [
        ("treat geneva", "treaty", "treat", "treaty"),
        ("read withdraw", "ready", "read", "ready"),
        ("size heroin", "seize", "size", "seize"),
        ("finish election", "finnish", "finish", "Finnish"),
    ] {
        for request in [query(text), typing(text)] {
            let results = search(&index, request);
            assert_eq!(ids(&results), [id], "{text}");
            assert_eq!(
                replacements(&results.also_read_as),
                pairs(&[(word, meant)]),
                "{text}"
            );
            assert_eq!(
                results.suggestion.as_deref(),
                Some(text.replacen(word, meant, 1).as_str())
            );
        }
    }
    // Words as typed come first: a document with them all ranks above a corrected one.
    let index = index_of(&[
        (
            "chose",
            "Voters chose fear",
            "Kennedy said voters chose fear.",
        ),
        ("choose", "Choose hope over fear - Kennedy", "A speech."),
    ]);
    let results = search(&index, query("chose fear kennedy"));
    assert_eq!(ids(&results), ["chose", "choose"]);
    assert_eq!(
        replacements(&results.also_read_as),
        pairs(&[("chose", "Choose")])
    );
    // Enough documents with the words as typed: no other reading.
    let many: Vec<(String, String, String)> = (0..12)
        .map(|i| {
            (
                format!("d{i}"),
                format!("Voters chose fear {i}"),
                "Kennedy spoke.".to_string(),
            )
        })
        .chain([(
            "x".into(),
            "Choose hope over fear - Kennedy".into(),
            "A speech.".into(),
        )])
        .collect();
    let borrowed: Vec<(&str, &str, &str)> = many
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let results = search(&index_of(&borrowed), query("chose fear kennedy"));
    assert_eq!(results.total, 12);
    assert!(results.also_read_as.is_empty());
}

#[test]
fn a_query_answered_as_typed_is_not_also_read_as_other_words_unless_a_title_has_them() {
    // Half of bbc's clean known-item queries used to say "also as" something absurd
    // ("williams fitness boost" → "Willie fixed Boots"): with fewer than ten results, every
    // word's typos were added wherever they met the others, in any field.
    let index = index_of(&[
        (
            "boost",
            "Wales get Williams fitness boost",
            "The winger trained.",
        ),
        (
            "boots",
            "New boots on sale",
            "Williams tested his fitness in them.",
        ),
    ]);
    for request in [
        query("williams fitness boost"),
        typing("williams fitness boost"),
    ] {
        let results = search(&index, request);
        assert_eq!(ids(&results), ["boost"]);
        assert!(
            results.also_read_as.is_empty(),
            "{:?}",
            results.also_read_as
        );
        assert_eq!(results.suggestion, None);
    }
    // A title with every word of the other reading is one the reader may have meant.
    let index = index_of(&[
        (
            "boost",
            "Wales get Williams fitness boost",
            "The winger trained.",
        ),
        ("boots", "Williams fitness boots", "A review."),
    ]);
    let results = search(&index, query("williams fitness boost"));
    assert_eq!(ids(&results), ["boost", "boots"]);
    assert_eq!(
        replacements(&results.also_read_as),
        pairs(&[("boost", "boots")])
    );
}

#[test]
fn apostrophes_and_elisions_find_the_name_after_them() {
    let index = index_of(&[
        (
            "a",
            "O'Callaghan returns",
            "The striker O'Callaghan is back.",
        ),
        ("b", "O’Sullivan wins", "Ronnie O’Sullivan won the final."),
        (
            "c",
            "Rome talks",
            "Massimo d'Alema spoke; the Qur'an was quoted.",
        ),
        ("d", "Callaghan Street", "A street, not a person."),
    ]);
    for (text, expected) in [
        ("callaghan", vec!["a", "d"]),
        ("O'Callaghan", vec!["a"]),
        ("ocallaghan", vec!["a"]),
        ("sullivan", vec!["b"]),
        ("O'Sullivan", vec!["b"]),
        ("alema", vec!["c"]),
        ("quran", vec!["c"]),
        ("\"sullivan won\"", vec!["b"]),
    ] {
        let mut found = ids(&search(&index, query(text)));
        found.sort();
        assert_eq!(found, expected, "{text}");
    }
    // The part is what is highlighted.
    let results = search(&index, query("sullivan"));
    let title = &results.hits[0].title;
    let (start, end) = results.hits[0].title_highlights[0];
    assert_eq!(&title[start..end], "Sullivan");
}

#[test]
fn a_correction_says_the_name_the_archive_files_it_under() {
    // With the registers: Khamenei's aliases (Khamenehi, Khameneyi) are keywords of the
    // documents that name him, as frequent as his name.
    let index = sample_index();
    for typed in ["khamenie", "Khamenie"] {
        let results = search(&index, query(typed));
        assert!(results.total > 0);
        assert_eq!(
            replacements(&results.corrections),
            pairs(&[(typed, "Khamenei")])
        );
    }
}

#[test]
fn while_typing_the_last_word_is_corrected_and_said_to_be() {
    let index = index_of(&[
        (
            "a",
            "Kenyon denies Robben Barca return",
            "The Chelsea chief spoke.",
        ),
        (
            "b",
            "Robben plays down European return",
            "The winger is fit.",
        ),
        ("c", "Barca news", "Nothing about Kenyon here, or is there?"),
    ]);
    for (text, id, word, meant) in [
        ("kenyon barac", "a", "barac", "Barca"),
        ("robben plays reyurn", "b", "reyurn", "return"),
    ] {
        let results = search(&index, typing(text));
        assert_eq!(ids(&results)[0], id, "{text}");
        assert_eq!(replacements(&results.corrections), pairs(&[(word, meant)]));
    }
}

#[test]
fn while_typing_a_word_that_only_begins_others_is_tried_as_a_typo_when_the_query_finds_nothing() {
    // "bost" begins "boston", four times as frequent as "boost": alone it stands for Boston,
    // but with "williams fitness" it finds nothing until it is read as "boost" (the bbc
    // queries "williams fitness bost", "vinci notel", "sought pfize" gave zero results).
    let mut articles: Vec<(String, String, String)> = (0..4)
        .map(|i| {
            (
                format!("boston{i}"),
                format!("Boston marathon day {i}"),
                "Runners in Boston.".into(),
            )
        })
        .collect();
    articles.push((
        "boost".into(),
        "Wales get Williams fitness boost".into(),
        "The winger trained.".into(),
    ));
    let borrowed: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let index = index_of(&borrowed);
    let results = search(&index, typing("williams fitness bost"));
    assert_eq!(ids(&results), ["boost"]);
    assert_eq!(
        replacements(&results.also_read_as),
        pairs(&[("bost", "boost")])
    );
    // Alone, the word being typed still stands for what it begins.
    let results = search(&index, typing("bost"));
    assert_eq!(results.total, 4);
    assert!(ids(&results).iter().all(|id| id.starts_with("boston")));
}

#[test]
fn while_typing_only_much_rarer_words_it_begins_offer_a_did_you_mean() {
    let mut articles: Vec<(String, String, String)> = (0..6)
        .map(|i| {
            (
                format!("m{i}"),
                format!("The mayor speaks {i}"),
                "The mayor spoke.".into(),
            )
        })
        .collect();
    articles.push((
        "rare".into(),
        "Mayrowitz opens a bakery".into(),
        "Bread.".into(),
    ));
    let borrowed: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let index = index_of(&borrowed);
    let results = search(&index, typing("mayro"));
    // What it begins comes first, said so; the word it may be a typo of is offered.
    assert_eq!(ids(&results)[0], "rare");
    assert_eq!(
        replacements(&results.completions),
        pairs(&[("mayro", "Mayrowitz")])
    );
    assert_eq!(results.suggestion.as_deref(), Some("mayor"));
    assert_eq!(results.total, 7, "the mayor articles follow");
}

#[test]
fn a_mistyped_first_letter_is_found_when_nothing_else_fits() {
    let index = index_of(&[
        ("soros", "Soros warns Kazakh banks", "The investor spoke."),
        ("org", "Org chart", "Who reports to whom."),
        ("iran", "Iran today", "Tehran."),
    ]);
    // "oros" is one edit from `org` too, but that shares nothing with "kazakh".
    let results = search(&index, query("oros kazakh"));
    assert_eq!(ids(&results), ["soros"]);
    assert_eq!(
        replacements(&results.corrections),
        pairs(&[("oros", "Soros")])
    );
    // A word that matches nothing else: a changed first letter, a swap of the first two.
    for typed in ["oran", "rian"] {
        let results = search(&index, query(typed));
        assert_eq!(ids(&results), ["iran"], "{typed}");
        assert_eq!(
            replacements(&results.corrections),
            pairs(&[(typed, "Iran")])
        );
    }
}

#[test]
fn a_missing_or_changed_first_letter_is_found_even_when_a_worse_word_fits() {
    // "ubmarine" is one edit from `umar` + "ine" (an ending the stemmer cuts); what was
    // meant is one edit away too, its first letter missing, and in more documents.
    // "konfusion" is "confusion" with its first letter changed, beside "Konya" and "Konfu".
    let index = index_of(&[
        (
            "sub-1",
            "Navy shows a new submarine",
            "The submarine sailed.",
        ),
        (
            "sub-2",
            "Submarine drills in the Gulf",
            "Two submarines took part.",
        ),
        ("umar", "Umar visits Kabul", "A short visit."),
        (
            "conf-1",
            "Confusion over fuel prices",
            "Drivers were confused.",
        ),
        ("conf-2", "Market confusion grows", "Traders in confusion."),
        ("kon", "Konya hosts a fair", "Konfu, a brand, came too."),
    ]);
    for (typed, meant, found) in [
        ("ubmarine", "submarine", "sub-"),
        ("konfusion", "confusion", "conf-"),
    ] {
        for request in [query(typed), SearchRequest::new(typed)] {
            let results = search(&index, request.clone());
            let ids = ids(&results);
            assert!(
                ids.len() >= 2 && ids[..2].iter().all(|id| id.starts_with(found)),
                "{request:?}: {ids:?}"
            );
            assert_eq!(
                results
                    .corrections
                    .first()
                    .map(|c| c.replacement.to_lowercase()),
                Some(meant.to_string()),
                "{request:?}"
            );
        }
    }
}

#[test]
fn a_typo_in_a_word_the_stemmer_cuts_in_two_steps_finds_its_stem() {
    // "electricity" is `electr` (its "icity" cut in two steps); "eletricity" is one edit from
    // it, and two from "electrification" and from `metric` + "ity".
    let index = index_of(&[
        ("power", "Electricity exports rise", "Power lines to Iraq."),
        (
            "rail",
            "Railway electrification project",
            "Trains run on power.",
        ),
        ("units", "Metric units adopted", "A metric system."),
    ]);
    for request in [query("eletricity"), SearchRequest::new("eletricity")] {
        let results = search(&index, request.clone());
        assert_eq!(ids(&results)[0], "power", "{request:?}");
        assert_eq!(
            replacements(&results.corrections),
            pairs(&[("eletricity", "Electricity")]),
            "{request:?}"
        );
    }
}

#[test]
fn a_word_being_typed_that_no_term_is_is_read_as_a_typo_before_a_word_the_index_has() {
    // "carlon" is no term: while typing it stands for `carlo` (Carlos, the stem of a word it
    // may begin), and with "cuts" few documents have both. Either word may then be read as a
    // typo: "cuts" as cup finds more titles (Carlos and the Cup), but the word the index
    // does not have as typed is the likelier typo (tehrantimes: "cuts carlon" for "LEZ scheme
    // cuts black carbon").
    let index = index_of(&[
        (
            "c1",
            "Carlos named for the team",
            "Budget cuts hit the club.",
        ),
        ("c2", "Carlos and the final", "Cuts to training."),
        ("c3", "Carlos leaves the club", "Spending cuts."),
        ("cup1", "Carlos wins the Cup", "A night to remember."),
        ("cup2", "Carlos lifts the Cup again", "Another night."),
        ("carbon", "Scheme cuts black carbon", "The air is cleaner."),
    ]);
    let results = search(&index, typing("cuts carlon"));
    assert!(
        ids(&results).contains(&"carbon".to_string()),
        "{:?}",
        ids(&results)
    );
    assert!(
        !ids(&results).contains(&"cup1".to_string()),
        "{:?}",
        ids(&results)
    );
    assert_eq!(
        replacements(&results.also_read_as),
        pairs(&[("carlon", "carbon")])
    );
    assert_eq!(results.suggestion.as_deref(), Some("cuts carbon"));
}

#[test]
fn a_word_being_typed_read_only_as_a_stem_it_may_be_cut_from_offers_an_as_frequent_typo() {
    // "carlon" begins no word of the index: it stands for `carlo` (Carlos), a stem it might
    // be cut from, and no word shown begins with it. A typo at least as frequent
    // (carbon) is offered; a rarer one is not, nor is one for a word that begins a word
    // shown ("exporti", of exporting).
    let index = index_of(&[
        ("carlos1", "Carlos named coach", "The federation agreed."),
        ("carlos2", "Carlos leaves", "A short stay."),
        ("carbon1", "Black carbon falls", "Cleaner air in the city."),
        ("carbon2", "Carbon tax debated", "Lawmakers argued."),
        ("carbon3", "Carbon and the climate", "A report."),
        ("export1", "Exporting steel", "Mills are busy."),
        ("export2", "Exports rise", "Steel and cement."),
        ("expert", "An expert speaks", "On steel."),
    ]);
    let results = search(&index, typing("carlon"));
    assert!(results.completions.is_empty(), "{:?}", results.completions);
    assert_eq!(results.suggestion.as_deref(), Some("carbon"));
    let results = search(&index, typing("exporti"));
    assert_eq!(
        replacements(&results.completions),
        pairs(&[("exporti", "Exporting")])
    );
    assert_eq!(results.suggestion, None);
    // With Carlos the more frequent, "carlon" is taken for him, silently as before.
    let index = index_of(&[
        ("carlos1", "Carlos named coach", "The federation agreed."),
        ("carlos2", "Carlos leaves", "A short stay."),
        ("carlos3", "Carlos returns", "Back again."),
        ("carbon1", "Black carbon falls", "Cleaner air in the city."),
    ]);
    let results = search(&index, typing("carlon"));
    assert_eq!(results.suggestion, None);
    assert_eq!(results.total, 3);
}

#[test]
fn a_word_being_typed_far_rarer_than_a_word_it_begins_ranks_with_that_word() {
    // "khamen" is a word of the archive (the stem of "Khamene", a photographer's name in one
    // credit line), and the beginning of "khamenei", in the titles of 24 others. While the
    // word is being typed, the name on its way comes first; given whole, "khamen" is meant.
    let mut articles = vec![(
        "credit".to_string(),
        "Museum opens".to_string(),
        "A new museum opened its doors. Photo: Amir Khamene".to_string(),
    )];
    for i in 0..24 {
        articles.push((
            format!("k{i}"),
            format!("Khamenei meets delegation {i}"),
            "The Leader received the visitors.".to_string(),
        ));
    }
    let articles: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|(id, title, body)| (id.as_str(), title.as_str(), body.as_str()))
        .collect();
    let index = index_of(&articles);
    let typed = search(&index, typing("khamen"));
    assert_eq!(typed.total, 25);
    assert!(
        typed.hits[0].id.starts_with('k'),
        "typed, a Khamenei title first: {:?}",
        ids(&typed)
    );
    let whole = search(&index, query("khamen"));
    assert_eq!(
        ids(&whole),
        vec!["credit"],
        "given whole, the word as it stands"
    );
    // A word being typed as frequent as the words it begins keeps its rank above them.
    let index = index_of(&[
        ("prefix", "Portugal Portugal", "Portugal won in Portugal."),
        ("exact", "Other", "A port was opened."),
        ("exact2", "Another", "One more port."),
    ]);
    let typed = search(&index, typing("port"));
    assert_eq!(typed.total, 3);
    assert_eq!(ids(&typed)[2], "prefix");
}
