//! Ranking: of titles with the query's words, those with the words as typed come first, and
//! those whose rarest words the query's are.

mod common;

use common::{ids, index_of, query, search};
use quire::SearchRequest;

/// Both ways the widget asks: while typing (the last word also a prefix) and finished.
fn both_ways(text: &str) -> [SearchRequest; 2] {
    [SearchRequest::new(text), query(text)]
}

#[test]
fn a_title_with_the_words_as_typed_ranks_above_one_with_other_forms_of_them() {
    // The first titles are shorter, so they would come first on the terms alone.
    let index = index_of(&[
        (
            "iranian",
            "Iranian minister to visit Baku",
            "The minister flies to Baku for talks.",
        ),
        (
            "iranians",
            "Which countries Iranians visit most often in summer",
            "Turkey and Iraq lead the list of destinations.",
        ),
        ("talk", "Talk of trade", "Officials spoke about trade."),
        (
            "talks",
            "Talks on trade routes with neighbours resume",
            "Officials met about trade routes.",
        ),
    ]);
    for request in both_ways("iranians visit") {
        let found = ids(&search(&index, request.clone()));
        assert_eq!(found, ["iranians", "iranian"], "{request:?}");
    }
    for request in both_ways("talks") {
        let found = ids(&search(&index, request.clone()));
        assert_eq!(found[..2], ["talks", "talk"], "{request:?}");
    }
    // The other form typed finds the other title first.
    for request in both_ways("iranian visit") {
        assert_eq!(ids(&search(&index, request))[0], "iranian");
    }
}

#[test]
fn a_title_whose_rarest_words_are_the_query_ranks_above_one_with_a_rarer_word_left_out() {
    // Both titles have "plane crash"; the twin's title and text are shorter, so it would come
    // first on the terms alone. But its rarest words ("ukrainian", "discuss") were not typed:
    // a reader after it would likely have typed one of them.
    let index = index_of(&[
        (
            "black-box",
            "Iran plane crash black box found",
            "Investigators say the recorder found in the field will be read in Tehran, and \
             officials in Iran said the black box would tell what happened to the plane.",
        ),
        (
            "twin",
            "Ukrainian FMs discuss plane crash",
            "The ministers spoke by phone.",
        ),
        (
            "iran-1",
            "Iran found a black market",
            "Traders in Iran said so.",
        ),
        ("iran-2", "Black gold found in Iran", "A new field in Iran."),
        (
            "iran-3",
            "Iran box office",
            "Films in Iran found black humour.",
        ),
    ]);
    for request in both_ways("plane crash") {
        let found = ids(&search(&index, request.clone()));
        assert_eq!(found, ["black-box", "twin"], "{request:?}");
    }
    // The twin's own rare word typed finds it first.
    for request in both_ways("ukrainian plane crash") {
        assert_eq!(ids(&search(&index, request))[0], "twin");
    }
}
