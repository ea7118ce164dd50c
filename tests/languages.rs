//! Search in the language of each page: the small French, German, Russian, Arabic, Persian,
//! Chinese and English articles of `tests/fixtures/languages/` (written for these tests),
//! each stemmed in its own language.

mod common;

use std::path::{Path, PathBuf};

use common::{answer, build, ids, open, query, read_folder};
use quire::build::build_index;
use quire::corpus::{Config, Corpus};
use quire::{Index, SearchRequest, SearchResults};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages")
}

fn index() -> Index {
    open(&build(read_folder(&fixtures())))
}

fn search(index: &Index, text: &str) -> SearchResults {
    answer(index, &query(text))
}

fn search_in(index: &Index, text: &str, lang: &str) -> SearchResults {
    answer(
        index,
        &SearchRequest {
            lang: Some(lang.to_string()),
            ..query(text)
        },
    )
}

/// The fixtures' articles, with `edit` applied to each.
fn articles_with(edit: impl Fn(&mut quire::Article)) -> Vec<quire::Article> {
    let mut articles = read_folder(&fixtures()).into_articles();
    articles.iter_mut().for_each(edit);
    articles
}

fn index_of(articles: Vec<quire::Article>) -> Index {
    open(&build_index(articles, &Config::default().build_options(), &mut |_| {}).unwrap())
}

#[test]
fn every_article_has_its_normalised_language() {
    let corpus = read_folder(&fixtures());
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    let language = |id: &str| {
        corpus
            .articles()
            .iter()
            .find(|a| a.id == id)
            .unwrap()
            .language
            .clone()
    };
    assert_eq!(
        language("fr-marche-couvert").as_deref(),
        Some("fr"),
        "fr-FR"
    );
    assert_eq!(language("zh-tushuguan").as_deref(), Some("zh"), "zh-Hans");
    assert_eq!(
        language("en-reading-rooms").as_deref(),
        Some("en"),
        "no lang: the default"
    );
    let built = build(corpus);
    assert_eq!(
        built.manifest.languages,
        ["ar", "de", "en", "fa", "fr", "ru", "zh"]
    );
    assert!(
        built.manifest.all_stemmers,
        "French needs quire_all_bg.wasm"
    );
}

#[test]
fn a_french_plural_finds_its_singular_through_the_french_stemmer() {
    let index = index();
    // The article says "journal"; "journaux" is its plural only in French.
    let results = search(&index, "journaux");
    assert_eq!(ids(&results), ["fr-journal-de-quartier"]);
    assert!(results.corrections.is_empty(), "{:?}", results.corrections);
    assert_eq!(
        ids(&search_in(&index, "journaux", "fr")),
        ["fr-journal-de-quartier"]
    );
    // The same article stemmed as English is found by the plural only as a typo of it.
    let as_english = index_of(articles_with(|a| a.language = Some("en".into())));
    let results = search(&as_english, "journaux");
    assert_eq!(results.corrections.len(), 1, "{results:?}");
    assert_eq!(results.corrections[0].replacement, "journal");
    assert_eq!(
        ids(&search(&as_english, "journal")),
        ["fr-journal-de-quartier"]
    );
}

#[test]
fn german_inflections_match_but_compound_parts_are_not_expected_to() {
    let index = index();
    assert_eq!(ids(&search(&index, "Gemeinden")), ["de-wasserversorgung"]);
    assert_eq!(
        ids(&search(&index, "Wasserversorgung")),
        ["de-wasserversorgung"]
    );
    // No decompounding: a part of "Wasserversorgung" is not a word of the article.
    assert_eq!(search(&index, "Versorgung").total, 0);
}

#[test]
fn a_russian_case_ending_finds_the_other_cases() {
    let index = index();
    // The article says "в Москве" (prepositional) and "станция" (nominative).
    assert_eq!(ids(&search(&index, "Москвы")), ["ru-novaya-stanciya"]);
    assert_eq!(ids(&search(&index, "станции")), ["ru-novaya-stanciya"]);
    assert_eq!(ids(&search(&index, "библиотеку")), ["ru-biblioteka"]);
}

#[test]
fn arabic_is_stemmed_without_errors() {
    let index = index();
    // The article says "المدينة" (with the article) and "مكتبة" (singular).
    assert_eq!(ids(&search(&index, "مدينة")), ["ar-madrasa"]);
    assert_eq!(ids(&search(&index, "المكتبات")), ["ar-madrasa"]);
    // Every word of the article, as written, finds it: the stemmer cuts the query's word as
    // it cut the article's.
    let text = std::fs::read_to_string(fixtures().join("ar-madrasa.md")).unwrap();
    let body = text.rsplit("---").next().unwrap();
    for word in body
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() > 4)
    {
        assert!(
            ids(&search(&index, word)).contains(&"ar-madrasa".to_string()),
            "{word}"
        );
    }
}

#[test]
fn persian_words_with_a_zero_width_non_joiner_are_found_either_way() {
    let index = index();
    let with_zwnj = search(&index, "می\u{200C}خواهند");
    let without = search(&index, "میخواهند");
    assert_eq!(ids(&with_zwnj), ["fa-ketabkhane"]);
    assert_eq!(ids(&without), ids(&with_zwnj));
    // Persian has no stemmer: the word is indexed as written (folded).
    assert_eq!(
        ids(&search(&index, "كتابخانه")),
        ["fa-ketabkhane"],
        "Arabic kaf"
    );
}

#[test]
fn a_chinese_word_inside_a_run_is_found_and_highlighted() {
    let index = index();
    // "政府" sits inside "北京市政府宣布", written without spaces.
    let results = search(&index, "政府");
    assert_eq!(ids(&results), ["zh-tushuguan"]);
    let hit = &results.hits[0];
    let marked: Vec<&str> = hit
        .excerpt_highlights
        .iter()
        .map(|&(s, e)| &hit.excerpt[s..e])
        .collect();
    assert_eq!(marked, ["政府"]);
    // Three characters are a phrase of two bigrams: found, and highlighted as one.
    let results = search(&index, "图书馆");
    assert_eq!(ids(&results), ["zh-tushuguan"]);
    let title = &results.hits[0];
    let marked: Vec<&str> = title
        .title_highlights
        .iter()
        .map(|&(s, e)| &title.title[s..e])
        .collect();
    assert_eq!(marked, ["图书馆"]);
    // Characters of the article that are not next to each other are not a match.
    assert_eq!(search(&index, "府宣北").total, 0);
    // A lone character, typed, finds the bigrams it begins.
    let typing = answer(&index, &SearchRequest::new("供"));
    assert_eq!(ids(&typing), ["zh-gongshui"]);
}

#[test]
fn a_request_in_one_language_is_not_stemmed_into_another() {
    let index = index();
    // "generation": English stem `generat`, French stem `gener`, which the French article's
    // "générer" has too.
    let everywhere = ids(&search(&index, "generation"));
    assert!(everywhere.contains(&"en-reading-rooms".to_string()));
    assert!(
        everywhere.contains(&"fr-journal-de-quartier".to_string()),
        "{everywhere:?}"
    );
    assert_eq!(
        ids(&search_in(&index, "generation", "en-GB")),
        ["en-reading-rooms"]
    );
    // A language the index does not have: every language is searched.
    assert_eq!(ids(&search_in(&index, "generation", "it")).len(), 2);
}

#[test]
fn a_language_facet_appears_with_several_languages_and_filters() {
    let index = index();
    let info = index.info().unwrap();
    let facet = info.facets.iter().find(|f| f.name == "language").unwrap();
    assert_eq!(facet.label, "Language");
    let values: Vec<&str> = facet.values.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(values, ["ar", "de", "en", "fa", "fr", "ru", "zh"]);
    let mut request = query("");
    request.filter("language", "fr");
    let french = answer(&index, &request);
    assert_eq!(french.total, 2);
    assert!(french.hits.iter().all(|h| h.id.starts_with("fr-")));

    // One language: no facet.
    let english = index_of(articles_with(|a| a.language = Some("en".into())));
    let info = english.info().unwrap();
    assert!(info.facets.iter().all(|f| f.name != "language"));
}

#[test]
fn default_language_applies_to_articles_without_one() {
    let config = Config::parse("quire.toml", "default_language = \"fr-CA\"\n").unwrap();
    let mut corpus = Corpus::new(config);
    corpus.add_markdown(
        "sans-langue.md",
        "---\ntitle: Les journaux du soir\n---\nTrois journaux paraissent le soir.\n".as_bytes(),
    );
    let articles = corpus.into_articles();
    assert_eq!(articles[0].language.as_deref(), Some("fr"));
    let index = index_of(articles);
    assert_eq!(ids(&search(&index, "journal")), ["sans-langue"]);
}

#[test]
fn an_unknown_language_is_kept_unstemmed_and_warned_about_once() {
    let mut corpus = Corpus::new(Config::default());
    for name in ["a.md", "b.md"] {
        corpus.add_markdown(
            name,
            "---\ntitle: Talks\nlang: Elvish\n---\nThe talks went on.\n".as_bytes(),
        );
    }
    assert_eq!(corpus.warnings.len(), 1, "{:?}", corpus.warnings);
    let (at, warning) = &corpus.warnings[0];
    assert_eq!(at.to_string(), "a.md:1");
    assert!(warning.contains("`Elvish`"), "{warning}");
    assert!(warning.contains("ISO 639-1"), "{warning}");
    let articles = corpus.into_articles();
    assert_eq!(articles[0].language.as_deref(), Some("elvish"));
    // Unstemmed: "talks" is found as written, "talk" only as a typo of it.
    let index = index_of(articles);
    let results = search(&index, "talks");
    assert_eq!((results.total, results.corrections.len()), (2, 0));
    assert_eq!(search(&index, "talk").corrections.len(), 1);
}

#[test]
fn quire_search_takes_the_language_of_the_query() {
    let out = tempfile::tempdir().unwrap();
    let quire = env!("CARGO_BIN_EXE_quire");
    let status = std::process::Command::new(quire)
        .args(["build", "--quiet", "--out"])
        .arg(out.path())
        .arg(fixtures())
        .status()
        .unwrap();
    assert!(status.success());
    let ids = |lang: &[&str]| {
        let output = std::process::Command::new(quire)
            .arg("search")
            .arg(out.path())
            .args(["generation", "--json"])
            .args(lang)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut ids: Vec<String> = json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&[]), ["en-reading-rooms", "fr-journal-de-quartier"]);
    assert_eq!(ids(&["--lang", "en"]), ["en-reading-rooms"]);
    assert_eq!(ids(&["--lang", "fr"]), ["fr-journal-de-quartier"]);
}
