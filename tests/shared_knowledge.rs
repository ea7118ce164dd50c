//! What Rust and JavaScript both know, held together: a test here fails when one side
//! changes without the other. (The entry-date grammar has its own shared fixture,
//! `tests/fixtures/entry-dates.json`, checked by `src/date.rs` and `tests/js/`.)

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use quire::{Error, Index, Location, Manifest, ManifestFile, Role};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// One error of every variant: adding a variant breaks the `match` below until it has an
/// example, and so a kind for the test to check.
fn every_kind() -> BTreeSet<&'static str> {
    let at = Location::new("a.md", Some(1));
    let message = String::new;
    let examples = [
        Error::corpus(at.clone(), None, ""),
        Error::Config {
            at,
            message: message(),
        },
        Error::WrongVersion {
            file: message(),
            found: 1,
            expected: 2,
        },
        Error::NotAnIndex { file: message() },
        Error::Checksum { file: message() },
        Error::Corrupt {
            file: message(),
            detail: message(),
        },
        Error::Manifest { message: message() },
        Error::Build { message: message() },
        Error::Query { message: message() },
        Error::Read {
            file: message(),
            message: message(),
        },
    ];
    for example in &examples {
        match example {
            Error::Corpus { .. }
            | Error::Config { .. }
            | Error::WrongVersion { .. }
            | Error::NotAnIndex { .. }
            | Error::Checksum { .. }
            | Error::Corrupt { .. }
            | Error::Manifest { .. }
            | Error::Build { .. }
            | Error::Query { .. }
            | Error::Read { .. } => {}
        }
    }
    examples.iter().map(Error::kind).collect()
}

/// The `name: 'kind',` lines of `export const <name> = { ... };` in a JavaScript file.
fn js_object_keys(source: &str, name: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("export const {name} = {{"))
        .unwrap_or_else(|| panic!("no `export const {name}` in the file"));
    let body = &source[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("};").unwrap()];
    body.lines()
        .filter_map(|line| line.trim().split_once(':'))
        .map(|(key, _)| key.trim().trim_matches('\'').to_string())
        .collect()
}

/// The quoted strings of `export const <name> = [ ... ];`.
fn js_array(source: &str, name: &str) -> BTreeSet<String> {
    let start = source
        .find(&format!("export const {name} = ["))
        .unwrap_or_else(|| panic!("no `export const {name}` in the file"));
    let body = &source[start..];
    let body = &body[body.find('[').unwrap() + 1..body.find("];").unwrap()];
    body.split(',')
        .map(|item| item.trim().trim_matches('\'').to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

#[test]
fn every_error_kind_is_known_to_the_browser_side() {
    let errors = read("www/quire-errors.js");
    let in_browser = js_object_keys(&errors, "ENGINE_KINDS");
    let not_in_browser = js_array(&errors, "ENGINE_KINDS_NOT_IN_BROWSER");
    let rust = every_kind();
    let javascript: BTreeSet<String> = in_browser.union(&not_in_browser).cloned().collect();
    let rust: BTreeSet<String> = rust.into_iter().map(String::from).collect();
    assert_eq!(
        rust, javascript,
        "Rust's Error::kind() values and www/quire-errors.js (ENGINE_KINDS and \
         ENGINE_KINDS_NOT_IN_BROWSER) disagree: add the new kind on the other side"
    );
    assert!(in_browser.is_disjoint(&not_in_browser));
}

/// Every key of a manifest, with every optional key present.
fn manifest_keys() -> BTreeSet<String> {
    let manifest = Manifest {
        format: "quire-index".into(),
        version: quire::VERSION,
        documents: 1,
        entries: 1,
        terms: 1,
        languages: vec!["en".into()],
        all_stemmers: false,
        checksum: String::new(),
        files: vec![
            // A file of a role of few files is listed in full, with every key a file can
            // have...
            ManifestFile {
                role: Role::Meta.name().into(),
                name: "meta.0123456789abcdef.qi".into(),
                bytes: 1,
                first_term: Some("a".into()),
                first_doc: Some(0),
                docs: Some(1),
            },
            // ... the files of the many-file roles compactly, by role.
            ManifestFile {
                role: Role::Terms.name().into(),
                name: "terms.0123456789abcd00.qi".into(),
                bytes: 1,
                first_term: Some("a".into()),
                first_doc: None,
                docs: None,
            },
            ManifestFile {
                role: Role::Lexicon.name().into(),
                name: "lexicon.0123456789abcd00.qi".into(),
                bytes: 1,
                first_term: Some("a".into()),
                first_doc: None,
                docs: None,
            },
            ManifestFile {
                role: Role::Positions.name().into(),
                name: "positions.0123456789abcd00.qi".into(),
                bytes: 1,
                first_term: None,
                first_doc: None,
                docs: None,
            },
            ManifestFile {
                role: Role::Docs.name().into(),
                name: "docs.0123456789abcd00.qi".into(),
                bytes: 1,
                first_term: None,
                first_doc: Some(0),
                docs: Some(1),
            },
        ],
    };
    let json = serde_json::to_value(&manifest).unwrap();
    let mut keys: BTreeSet<String> = json.as_object().unwrap().keys().cloned().collect();
    keys.extend(json["files"][0].as_object().unwrap().keys().cloned());
    for role in ["termsFiles", "lexiconFiles", "positionsFiles", "docsFiles"] {
        assert!(json[role].is_object(), "{role} is listed compactly: {json}");
        keys.extend(json[role].as_object().unwrap().keys().cloned());
    }
    keys
}

#[test]
fn the_browser_engine_reads_every_manifest_key_that_quire_build_writes() {
    let wasm = read("src/wasm.rs");
    let start = wasm.find("fn manifest_from_js").unwrap();
    let end = start + wasm[start..].find("\n}\n").unwrap();
    let reader = &wasm[start..end];
    // The keys the reader asks for: the string literals given to its field readers.
    let mut read: BTreeSet<String> = BTreeSet::new();
    for call in ["field(", "text(", "number(", "count("] {
        for (at, _) in reader.match_indices(call) {
            let rest = &reader[at..];
            if let Some(open) = rest.find('"') {
                let key = &rest[open + 1..];
                let key = &key[..key.find('"').unwrap()];
                if rest[..open].contains(',') {
                    read.insert(key.to_string());
                }
            }
        }
    }
    assert_eq!(
        read,
        manifest_keys(),
        "src/wasm.rs (manifest_from_js) and the Manifest that quire build writes disagree on \
         the keys of quire.json"
    );
}

#[test]
fn the_worker_bounds_text_records_by_the_engines_limit() {
    let worker = read("www/quire-worker.js");
    let line = worker
        .lines()
        .find(|line| line.starts_with("export const MAX_TEXT_BYTES = "))
        .expect("quire-worker.js exports MAX_TEXT_BYTES");
    let value = line
        .trim_start_matches("export const MAX_TEXT_BYTES = ")
        .trim_end_matches(';')
        .split('*')
        .map(|factor| factor.trim().parse::<usize>().unwrap())
        .product::<usize>();
    assert_eq!(value, quire::limits::MAX_TEXT_BYTES);
}

#[test]
fn the_worker_loads_the_engines_that_build_wasm_builds_when_the_manifest_says() {
    let worker = read("www/quire-worker.js");
    let script = read("scripts/build-wasm.sh");
    // The two modules, by the names build-wasm.sh gives them (`name:cargo flags`).
    for (name, features) in [("quire", ""), ("quire_all", "--features all-stemmers")] {
        assert!(
            script.contains(&format!("\"{name}:{features}\"")),
            "scripts/build-wasm.sh builds no {name} module with `{features}`"
        );
        assert!(
            worker.contains(&format!("loadWasm('{name}')")),
            "www/quire-worker.js never loads {name}"
        );
    }
    // The manifest key that chooses between them.
    assert!(manifest_keys().contains("allStemmers"));
    assert!(worker.contains("manifest.value.allStemmers"));
}

#[test]
fn the_worker_fetches_at_start_up_every_file_the_engine_loads_before_a_search() {
    let built = common::build(common::read_folder(&common::sample_dir()));
    let index = Index::new(built.manifest.clone()).unwrap();
    let roles: BTreeSet<String> = index
        .files_to_load()
        .iter()
        .map(|name| {
            let file = built.manifest.files.iter().find(|f| f.name == *name);
            file.expect("a listed file").role.clone()
        })
        .collect();
    assert!(!roles.is_empty());
    // The worker fetches these as soon as the manifest is read, before the engine can say.
    let fetched = js_array(&read("www/quire-worker.js"), "STARTUP_ROLES");
    assert!(
        roles.is_subset(&fetched),
        "Index::files_to_load() asks for files of {roles:?}; STARTUP_ROLES of \
         www/quire-worker.js fetches {fetched:?} at start-up: add the missing roles"
    );
}

/// The browser tests expand the manifest's compact lists themselves (`listedFiles` in
/// `tests/browser/helpers.mjs`), so they name files by groups as the format does.
#[test]
fn the_browser_tests_name_files_by_groups_as_the_format_does() {
    let helpers = read("tests/browser/helpers.mjs");
    for (name, value) in [
        ("NAME_GROUP_FILES", quire::format::NAME_GROUP_FILES),
        ("GROUP_HASH_DIGITS", quire::format::GROUP_HASH_DIGITS),
    ] {
        let line = format!("export const {name} = {value};");
        assert!(
            helpers.contains(&line),
            "tests/browser/helpers.mjs should say `{line}`, as src/format.rs does"
        );
    }
}
