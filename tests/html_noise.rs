//! A think tank's pages as its CMS builds them (tests/fixtures/think-tank-site, in the shape
//! of the seed pages): the chrome around the article is neither searchable nor shown in
//! excerpts, and the metadata comes from what the pages emit.

mod common;

use std::path::Path;

use common::{build, open};
use quire::Article;
use quire::SearchRequest;
use quire::corpus::{Config, Corpus};

const EDITION: &str = "analysis/water-shortages/index.html";
const EVENT: &str = "events/gulf-energy-outlook/index.html";

fn site() -> Corpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/think-tank-site");
    let mut corpus = Corpus::new(Config::default());
    for page in [EDITION, EVENT] {
        corpus.add_html(page, &std::fs::read(dir.join(page)).unwrap());
    }
    corpus.finish_html();
    assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
    corpus
}

fn page_source(page: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/think-tank-site");
    std::fs::read_to_string(dir.join(page)).unwrap()
}

/// Text that is on the page but is not the article.
const NOISE: [&str; 24] = [
    "indicates required fields",
    "This field is for validation purposes",
    "By subscribing you agree",
    "Subscription Settings",
    "Stay informed",
    "8 min read",
    "Post on X",
    "Facebook",
    "LinkedIn",
    "Email this page",
    "Print",
    "Skip to content",
    "Open the search panel",
    "Magnifier icon",
    "uses cookies",
    "More from the Media Review",
    "Caviar Quotas",
    "Bazaar Merchants",
    "View All",
    "Visiting Fellow",
    "opinions expressed",
    "Example Avenue",
    "enable JavaScript",
    "Printer friendly",
];

fn all_text(article: &Article) -> String {
    article
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_article_is_read_without_its_chrome() {
    let corpus = site();
    let source = page_source(EDITION);
    let edition = corpus
        .articles()
        .iter()
        .find(|a| a.url == "/analysis/water-shortages/")
        .unwrap();
    let text = all_text(edition);
    for noise in NOISE {
        assert!(source.contains(noise), "the fixture has {noise:?}");
        assert!(!text.contains(noise), "{noise:?} is in the text:\n{text}");
    }
    assert!(text.starts_with("For a third week"), "{text}");
    assert!(
        text.ends_with("drought summers of the previous decade."),
        "{text}"
    );
    // The title loses the site's name that both pages' titles end with.
    assert_eq!(edition.title, "Tehran Papers Weigh a Summer of Water Cuts");
    assert_eq!(edition.date.unwrap().iso(), "2025-07-18", "from JSON-LD");
    assert_eq!(
        edition.authors,
        ["Dana Whitfield"],
        "from the JSON-LD graph"
    );
    assert_eq!(edition.kind.as_deref(), Some("Analysis"));
    assert!(edition.summary.starts_with("The July 18 edition"));
    assert_eq!(edition.meta["tags"], ["Iranian media", "water"]);
    assert_eq!(
        edition.language.as_deref(),
        Some("en"),
        "<html lang=\"en-US\">, normalised"
    );
    let entries: Vec<(String, &str)> = edition
        .entries()
        .map(|(date, anchor, _)| (date.iso(), anchor))
        .collect();
    assert_eq!(
        entries,
        [
            ("2025-07-14".into(), "2025-07-14"),
            ("2025-07-15".into(), "2025-07-15"),
            ("2025-07-16".into(), "2025-07-16"),
            ("2025-07-17".into(), "2025-07-17"),
        ]
    );
    let (_, _, kayhan) = edition.entries().nth(1).unwrap();
    assert!(
        kayhan.ends_with("pumps and pipes for the network."),
        "the nested item belongs to its entry: {kayhan}"
    );

    let event = corpus
        .articles()
        .iter()
        .find(|a| a.url == "/events/gulf-energy-outlook/")
        .unwrap();
    assert_eq!(event.title, "Gulf Energy Outlook");
    assert_eq!(event.kind.as_deref(), Some("Event"));
    let text = all_text(event);
    assert!(
        !text.contains("Post on X") && !text.contains("Copyright"),
        "{text}"
    );
    assert!(
        !text.contains("10:00"),
        "the header is not body text: {text}"
    );
}

#[test]
fn the_noise_is_not_searchable_and_not_in_excerpts() {
    let index = open(&build(site()));
    let search = |text: &str| {
        common::answer(
            &index,
            &SearchRequest {
                typing: false,
                ..SearchRequest::new(text)
            },
        )
    };
    // Words found only in the chrome.
    for word in [
        "validation",
        "subscribing",
        "subscription",
        "facebook",
        "linkedin",
        "cookies",
        "caviar",
        "bazaar",
        "magnifier",
        "javascript",
        "trustees",
        "avenue",
        "instagram",
        "donate",
    ] {
        let results = search(word);
        assert_eq!(results.total, 0, "{word} finds {:?}", results.hits);
        assert_eq!(results.unmatched, [word], "{word}");
    }
    for query in [
        "water cuts",
        "Kayhan",
        "reservoirs",
        "engineers leaks",
        "refinery",
        "Shargh",
        "autumn rains",
    ] {
        let results = search(query);
        assert!(results.total >= 1, "{query}");
        for hit in &results.hits {
            let shown = std::iter::once(hit.excerpt.as_str())
                .chain(hit.entries.iter().map(|e| e.text.as_str()));
            for text in shown {
                for noise in NOISE {
                    assert!(
                        !text.contains(noise),
                        "{noise:?} shown for {query:?}: {text}"
                    );
                }
            }
        }
    }
}

#[test]
fn quire_build_reads_a_folder_of_pages_beside_a_readme_as_a_site() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/think-tank-site");
    let out = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .arg(&dir)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // README.md has no front matter, so it is not a Markdown article: the folder is a site.
    assert!(
        stderr.contains("Indexed 2 of 2 articles (0 skipped)"),
        "{stderr}"
    );
    let search = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("search")
        .arg(out.path())
        .arg("reservoirs")
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&search.stdout);
    assert!(found.contains("/analysis/water-shortages/"), "{found}");
}
