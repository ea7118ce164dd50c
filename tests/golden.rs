//! The index's bytes are a public format: any change to them must be deliberate. This test
//! builds a small fixed corpus and compares every file with the copy in `tests/golden/`.
//! After an intended format change, bump `format::VERSION` and rewrite the copies with
//! `QUIRE_BLESS=1 cargo test --test golden`.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use quire::corpus::{Config, Corpus, Registers};

const ARTICLES: [(&str, &str); 3] = [
    (
        "edition.md",
        "---\ntitle: Talks in Muscat\ndate: 2025-05-13\nauthor: Ali Alfoneh\nkind: Analysis\nseries: Iran Media Review\nsummary: Both sides agree to continue.\ntags: [talks, Oman]\noutlets: [IRNA]\n---\nThe round took place.\n\n- May 11: Araghchi called the round useful.\n- May 12: IRNA (ایرنا) praised the decision.\n",
    ),
    (
        "event.md",
        "+++\ntitle = \"Zürich roundtable\"\ndate = 2024-01-09\nkind = \"Event\"\n+++\nScholars looked ahead.\n",
    ),
    (
        "undated.md",
        "---\ntitle: About the review\n---\nAn undated page.\n",
    ),
];

fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "{:06x} ", i * 16);
        for b in chunk {
            let _ = write!(out, " {b:02x}");
        }
        out.push('\n');
    }
    out
}

fn build(order: &[usize]) -> quire::build::BuiltIndex {
    let config = Config::parse(
        "quire.toml",
        "filters = [\"kind\", \"author\", \"outlet\", \"leaning\", \"person\", \"year\"]\n",
    )
    .unwrap();
    // Registers, so that the entries' tags are in the bytes too.
    let registers = Registers::parse(
        "outlets.toml",
        "[[outlet]]\nname = \"IRNA\"\nleaning = \"state-controlled\"\naliases = [\"ایرنا\"]\n",
        "people.toml",
        "[[person]]\nname = \"Abbas Araghchi\"\naliases = [\"Araghchi\"]\n",
    )
    .unwrap();
    let mut corpus = Corpus::new(config).with_registers(registers);
    for &i in order {
        corpus.add_markdown(ARTICLES[i].0, ARTICLES[i].1.as_bytes());
    }
    assert!(corpus.errors().is_empty(), "{:?}", corpus.errors());
    common::build(corpus)
}

#[test]
fn index_bytes_match_the_golden_copies() {
    let built = build(&[0, 1, 2]);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("QUIRE_BLESS").is_some();
    let mut expected_files = vec![("quire.json".to_string(), built.manifest_json())];
    for file in &built.files {
        expected_files.push((format!("{}.hex", file.role.name()), hex_dump(&file.bytes)));
    }
    for (name, actual) in &expected_files {
        let path = dir.join(name);
        if bless {
            std::fs::write(&path, actual).unwrap();
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run QUIRE_BLESS=1 cargo test --test golden",
                path.display()
            )
        });
        assert!(
            *actual == golden,
            "{name} differs from tests/golden/{name}: the index format changed. If that is intended, bump format::VERSION and rerun with QUIRE_BLESS=1."
        );
    }
}

#[test]
fn builds_are_deterministic_whatever_the_input_order() {
    let a = build(&[0, 1, 2]);
    let b = build(&[2, 0, 1]);
    assert_eq!(a.manifest, b.manifest);
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.bytes, y.bytes);
    }
}

#[test]
fn file_names_carry_their_content_hash() {
    let built = build(&[0, 1, 2]);
    for file in &built.files {
        let hash = file.name.split('.').nth(1).unwrap();
        assert_eq!(hash.len(), 16);
        assert!(file.name.starts_with(file.role.name()));
    }
    let mut names: Vec<&str> = built.files.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), built.files.len());
}

#[test]
fn the_golden_index_answers_queries() {
    let index = common::open(&build(&[0, 1, 2]));
    let results = common::search(&index, common::query("zurich"));
    assert_eq!(common::ids(&results), ["event"]);
    let results = common::search(&index, common::query("ایرنا"));
    assert_eq!(results.hits[0].entries[0].anchor, "2025-05-12");
}
