//! Built HTML sites: a Hugo site made from the sample corpus at test time answers every query
//! of `tests/sample.rs` exactly as the Markdown build does, through the library and through
//! `quire build public/`.
//!
//! Needs Debian's `hugo` (`scripts/setup.sh --browser` installs it); skips with a message
//! when it is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build, open, read_folder, sample_dir};
use quire::corpus::{Config, Corpus, Registers};
use quire::{Index, SearchRequest};
use serde_json::Value;

fn hugo_available() -> bool {
    Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Builds the fixture theme with the sample corpus as its content; returns the project folder
/// (with `public/` in it, and the sample's quire.toml and registers beside `public/`).
fn hugo_site() -> Option<tempfile::TempDir> {
    if !hugo_available() {
        eprintln!("skipped: hugo is not installed (scripts/setup.sh --browser installs Debian's)");
        return None;
    }
    let project = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hugo-site");
    copy_tree(&fixture, project.path());
    let content = project.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    for entry in std::fs::read_dir(sample_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        if name.ends_with(".md") && (bytes.starts_with(b"---") || bytes.starts_with(b"+++")) {
            std::fs::write(content.join(&name), bytes).unwrap();
        } else if name.ends_with(".toml") {
            std::fs::write(project.path().join(&name), bytes).unwrap();
        }
    }
    let output = Command::new("hugo")
        .arg("--quiet")
        .arg("--source")
        .arg(project.path())
        .arg("--destination")
        .arg(project.path().join("public"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "hugo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(project)
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The pages under `dir`, as (path relative to it with `/`, absolute path), sorted.
fn pages(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((relative, path));
            }
        }
    }
    out.sort();
    out
}

/// Reads a built site the way the CLI does, with the sample's configuration and registers.
fn read_site(public: &Path) -> Corpus {
    let sample = sample_dir();
    let read = |name: &str| std::fs::read_to_string(sample.join(name)).unwrap();
    let config = Config::parse("quire.toml", &read("quire.toml")).unwrap();
    let registers = Registers::parse(
        "outlets.toml",
        &read("outlets.toml"),
        "people.toml",
        &read("people.toml"),
    )
    .unwrap();
    let mut corpus = Corpus::new(config).with_registers(registers);
    for (relative, path) in pages(public) {
        corpus.add_html(&relative, &std::fs::read(path).unwrap());
    }
    corpus.finish_html();
    corpus
}

/// The queries of tests/sample.rs, with their filters, sorts, date ranges and pages.
fn sample_requests() -> Vec<SearchRequest> {
    let finished = |text: &str| SearchRequest {
        typing: false,
        ..SearchRequest::new(text)
    };
    let mut requests: Vec<SearchRequest> = [
        "Pezeshkian message Washington",
        "Amwaj",
        "Rome",
        "zarif",
        "zarif houthi",
        "negotiation",
        "NEGOTIATIONS",
        "عراقچی",
        "عراقچي",
        "Araghchi",
        "Khamenei gre",
        "Haji-Babaei",
        "talks",
        "vocabulary resistance",
        "Takht-Ravanchi",
        "\"fourth round\"",
        "fourth round",
        "\"round fourth\"",
        "talks -khamenei",
        "talks khamenei",
        "Hodeidah OR Amwaj",
        "title:talks",
        "outlet:shargh",
        "xqzvw",
        "the of",
        "Iran",
        "",
    ]
    .iter()
    .map(|q| finished(q))
    .collect();
    requests.push(SearchRequest::new("Khamenei gre"));
    requests.push(SearchRequest::new("negotia"));
    for (facet, value) in [
        ("kind", "Event"),
        ("kind", "Analysis"),
        ("outlet", "Shargh"),
        ("leaning", "reformist"),
        ("person", "Abbas Araghchi"),
        ("series", "Iran Media Review"),
        ("tags", "nuclear negotiations"),
        ("year", "2025"),
    ] {
        let mut request = finished("talks");
        request.filter(facet, value);
        requests.push(request.clone());
        request.query.clear();
        requests.push(request);
    }
    for sort in ["newest", "oldest", "relevance"] {
        let mut request = finished("Iran");
        request.limit = 100;
        request.sort = sort.into();
        requests.push(request);
    }
    let mut request = finished("Iran");
    request.date_from = Some("2025-05".into());
    request.date_to = Some("2025-05-09".into());
    requests.push(request);
    for offset in [0, 3, 9] {
        let mut request = finished("");
        request.limit = 3;
        request.offset = offset;
        requests.push(request);
    }
    requests
}

/// A search's results as JSON, without the ids (file stems in one build, paths in the other).
fn answer(index: &Index, request: &SearchRequest) -> Value {
    let results = common::answer(index, request);
    let mut json = serde_json::to_value(&results).unwrap();
    for hit in json["hits"].as_array_mut().unwrap() {
        hit.as_object_mut().unwrap().remove("id");
    }
    json
}

#[test]
fn a_hugo_site_answers_like_the_markdown_corpus() {
    let Some(project) = hugo_site() else {
        return;
    };
    let public = project.path().join("public");
    let site = read_site(&public);
    assert!(site.errors().is_empty(), "{:?}", site.errors());
    assert!(site.warnings.is_empty(), "{:?}", site.warnings);
    // The home page, the tag pages and their listing have no data-quire-body.
    assert!(site.skipped.len() >= 10, "{:?}", site.skipped);
    assert!(
        site.skipped
            .iter()
            .all(|(_, why)| why.contains("data-quire-body")),
        "{:?}",
        site.skipped
    );
    let html_articles = site.articles().to_vec();
    let markdown = read_folder(&sample_dir());
    assert_eq!(html_articles.len(), markdown.articles().len());
    for article in &html_articles {
        let twin = markdown
            .articles()
            .iter()
            .find(|a| a.url == article.url)
            .unwrap_or_else(|| panic!("no Markdown article at {}", article.url));
        assert_eq!(article.title, twin.title);
        assert_eq!(article.date, twin.date);
        assert_eq!(article.authors, twin.authors);
        assert_eq!(article.kind, twin.kind);
        assert_eq!(article.summary, twin.summary);
        assert_eq!(article.entries().count(), twin.entries().count());
        let texts = |a: &quire::Article| -> Vec<String> {
            a.blocks.iter().map(|b| b.text.clone()).collect()
        };
        assert_eq!(texts(article), texts(twin), "{}", article.url);
    }

    let html_built = build(site);
    let markdown_built = build(markdown);
    assert_eq!(html_built.manifest.terms, markdown_built.manifest.terms);
    let (html_index, markdown_index) = (open(&html_built), open(&markdown_built));
    let requests = sample_requests();
    for request in &requests {
        assert_eq!(
            answer(&html_index, request),
            answer(&markdown_index, request),
            "query {:?} with filters {:?}",
            request.query,
            request.filters
        );
    }
    // The comparison is not between two empty answers.
    assert_eq!(
        answer(&html_index, &requests[0])["hits"][0]["url"],
        "/analysis/khamenei-greenlights-iran-u-s-talks-will-trump/"
    );
}

#[test]
fn quire_build_detects_the_site_and_reads_the_settings_beside_it() {
    let Some(project) = hugo_site() else {
        return;
    };
    let public = project.path().join("public");
    let out = project.path().join("index");
    let output = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "build".as_ref(),
            public.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let total = pages(&public).len();
    assert!(
        stderr.contains(&format!(
            "Indexed 10 of {total} articles ({} skipped)",
            total - 10
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("index.html: skipped: no data-quire-body element"),
        "{stderr}"
    );
    // The registers beside public/ tagged the entries: the outlet facet answers.
    let search = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["search".as_ref(), out.as_os_str(), "outlet:shargh".as_ref()])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&search.stdout);
    assert!(found.starts_with("2 results"), "{found}");

    // Forced formats: the same folder read as Markdown has no article.
    let forced = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "check".as_ref(),
            public.as_os_str(),
            "--format".as_ref(),
            "markdown".as_ref(),
        ])
        .output()
        .unwrap();
    assert!(!forced.status.success());
    assert!(
        String::from_utf8_lossy(&forced.stderr).contains("no articles found"),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
}
