//! Ranking: of titles with the query's words, those with the words as typed come first.

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
