//! The `quire` program end to end: each bad-input case gets a message naming the file, line
//! and field, a non-zero exit, and leaves the previous output untouched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn quire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .output()
        .expect("quire runs")
}

/// `quire build <corpus> --out <out>`, with `--quiet` when `quiet`.
fn build(corpus: &Path, out: &Path, quiet: bool) -> Output {
    let (corpus, out) = (corpus.to_str().unwrap(), out.to_str().unwrap());
    let mut args = vec!["build", corpus, "--out", out];
    if quiet {
        args.push("--quiet");
    }
    quire(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const GOOD: &str = "---\ntitle: Talks in Muscat\ndate: 2025-05-13\nkind: Analysis\n---\n- May 11: The fourth round took place in Muscat.\n";

/// A corpus folder with one good article plus the given files.
fn corpus(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.md"), GOOD).unwrap();
    for (name, content) in files {
        fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

/// Every file of a folder with its bytes, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .map(|p| (p.clone(), fs::read(&p).unwrap()))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Builds a good index into a fresh folder, then runs a build of `bad` into it and checks
/// that it fails with `expected` in its message and leaves the folder as it was.
fn assert_bad_build(bad: &tempfile::TempDir, expected: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let index = out.path().join("index");
    let good = corpus(&[]);
    let first = build(good.path(), &index, true);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let before = snapshot(&index);
    assert!(before.len() >= 7);

    let run = build(bad.path(), &index, false);
    let stderr = text(&run.stderr);
    assert!(!run.status.success(), "the build should fail: {stderr}");
    for needle in expected {
        assert!(stderr.contains(needle), "expected `{needle}` in:\n{stderr}");
    }
    assert_eq!(
        snapshot(&index),
        before,
        "a failed build must leave the output untouched"
    );
    // No staging folder is left behind either.
    let leftovers: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn front_matter_that_does_not_parse() {
    let bad = corpus(&[("broken.md", b"---\ntitle: A\ntags: [a, b\n---\nText\n")]);
    assert_bad_build(&bad, &["broken.md:", "YAML front matter does not parse"]);
}

#[test]
fn a_missing_title() {
    let bad = corpus(&[("untitled.md", b"---\ndate: 2025-01-01\n---\nText\n")]);
    assert_bad_build(&bad, &["untitled.md:1: field `title`: missing"]);
}

#[test]
fn a_duplicate_id() {
    let bad = corpus(&[("other.md", b"---\nid: good\ntitle: Another\n---\nText\n")]);
    assert_bad_build(&bad, &["field `id`: duplicate id `good`", "good.md"]);
}

#[test]
fn an_impossible_date() {
    let bad = corpus(&[(
        "feb.md",
        b"---\ntitle: A\nauthor: X\ndate: 2025-02-30\n---\nText\n",
    )]);
    assert_bad_build(&bad, &["feb.md:4: field `date`", "not a real date"]);
}

#[test]
fn a_file_that_is_not_utf8() {
    let bad = corpus(&[("latin1.md", b"---\ntitle: Caf\xe9\n---\nText\n")]);
    assert_bad_build(&bad, &["latin1.md:2:", "not UTF-8", "re-save it as UTF-8"]);
}

#[test]
fn a_bad_json_line() {
    let bad = tempfile::tempdir().unwrap();
    fs::write(
        bad.path().join("articles.jsonl"),
        "{\"id\":\"1\",\"title\":\"A\",\"body\":\"x\"}\n{\"id\":\"2\",\"body\":\"y\"}\n",
    )
    .unwrap();
    assert_bad_build(&bad, &["articles.jsonl:2: field `title`"]);
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let bad = corpus(&[
        ("a.md", b"---\ndate: 2025-01-01\n---\n"),
        ("b.md", b"---\ntitle: B\ndate: 2025-13-01\n---\n"),
    ]);
    let run = quire(&["check", bad.path().to_str().unwrap()]);
    let stderr = text(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains("a.md:") && stderr.contains("b.md:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("2 problems in the corpus"), "{stderr}");
}

#[test]
fn build_summary_search_and_rebuild() {
    let out = tempfile::tempdir().unwrap();
    let index = out.path().join("site/quire");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/iran-media-review");
    let run = build(&sample, &index, false);
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("Indexed 10 of 11 articles (1 skipped)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("README.md:1: skipped: no front matter"),
        "{stderr}"
    );
    for role in ["meta", "terms", "positions", "columns", "facets", "docs"] {
        assert!(
            stderr.contains(&format!("  {role}.")),
            "the summary lists the {role} file: {stderr}"
        );
    }
    let first = snapshot(&index);

    let run = quire(&["search", index.to_str().unwrap(), "Haji-Babaei"]);
    let stdout = text(&run.stdout);
    assert!(run.status.success());
    assert!(
        stdout.starts_with("1 result for \"Haji-Babaei\""),
        "{stdout}"
    );
    assert!(stdout.contains("#2025-01-29-3"), "{stdout}");

    // Editions and an event match: the counts say how many entries and articles, like the
    // widget (the numbers themselves are checked in tests/media_review.rs).
    let run = quire(&["search", index.to_str().unwrap(), "rome"]);
    let stdout = text(&run.stdout);
    let json = quire(&["search", index.to_str().unwrap(), "rome", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let (entries, articles) = (
        json["entryTotal"].as_u64().unwrap(),
        json["articleTotal"].as_u64().unwrap(),
    );
    assert!(entries > 1 && articles == 1, "{json}");
    assert!(
        stdout.starts_with(&format!(
            "{} results for \"rome\" ({entries} entries and 1 article)\n",
            json["total"]
        )),
        "{stdout}"
    );
    assert!(stdout.contains("Event (1 article)"), "{stdout}");

    let run = quire(&[
        "search",
        index.to_str().unwrap(),
        "talks",
        "--filter",
        "kind=Event",
        "--sort",
        "-date",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).expect("--json prints JSON");
    let dates: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert!(!dates.is_empty());
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert!(
        json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["kind"] == "Event")
    );

    // The same corpus again: same names, nothing new.
    let run = build(&sample, &index, true);
    assert!(run.status.success());
    assert_eq!(snapshot(&index), first);
}

#[test]
fn search_errors_say_what_to_do() {
    let run = quire(&["search", "/nonexistent/quire", "x"]);
    assert!(!run.status.success());
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("no index at /nonexistent/quire") && stderr.contains("quire build"),
        "{stderr}"
    );

    let out = tempfile::tempdir().unwrap();
    let good = corpus(&[]);
    build(good.path(), out.path(), true);
    let run = quire(&[
        "search",
        out.path().to_str().unwrap(),
        "x",
        "--filter",
        "kind",
    ]);
    assert!(text(&run.stderr).contains("FACET=VALUE"));
    let run = quire(&[
        "search",
        out.path().to_str().unwrap(),
        "x",
        "--sort",
        "colour",
    ]);
    assert!(text(&run.stderr).contains("unknown sort `colour`"));

    // A damaged file is reported as such.
    let terms = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("terms.")
        })
        .unwrap();
    let mut bytes = fs::read(&terms).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    fs::write(&terms, bytes).unwrap();
    let run = quire(&["search", out.path().to_str().unwrap(), "muscat"]);
    assert!(!run.status.success());
    assert!(
        text(&run.stderr).contains("checksum mismatch"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn help_lists_every_subcommand() {
    let run = quire(&["--help"]);
    let stdout = text(&run.stdout);
    for sub in ["build", "search", "check"] {
        assert!(stdout.contains(sub), "{stdout}");
    }
}

#[test]
fn an_empty_corpus() {
    let empty = tempfile::tempdir().unwrap();
    fs::write(empty.path().join("notes.txt"), "not an article").unwrap();
    assert_bad_build(
        &empty,
        &["no articles found in", ".md files with front matter"],
    );
}

#[test]
fn an_unreadable_file() {
    // A dangling symlink cannot be read, whoever runs the build (even root).
    let bad = corpus(&[]);
    std::os::unix::fs::symlink("/nonexistent/target.md", bad.path().join("gone.md")).unwrap();
    assert_bad_build(
        &bad,
        &["gone.md: cannot read this file", "check its permissions"],
    );
}

#[test]
fn a_symlink_loop_is_walked_once() {
    let dir = corpus(&[]);
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(
        dir.path().join("sub/other.md"),
        "---\ntitle: Other\n---\nText\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = build(dir.path(), out.path(), false);
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("Indexed 2 of 2 articles"),
        "each article once: {stderr}"
    );
}

#[test]
fn an_oversized_article_is_skipped_and_counted() {
    let dir = corpus(&[(
        "huge.md",
        format!("---\ntitle: Huge\n---\n{}", "word ".repeat(400)).as_bytes(),
    )]);
    fs::write(dir.path().join("quire.toml"), "max_article_bytes = 1000\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = build(dir.path(), out.path(), false);
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("huge.md:1: skipped: 2020 bytes, over the limit of 1000 bytes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Indexed 1 of 2 articles (1 skipped)"),
        "{stderr}"
    );
}

#[test]
fn list_items_that_look_like_entries_but_whose_date_does_not_read_are_warned_about() {
    let dir = corpus(&[(
        "edition.md",
        b"---\ntitle: An edition\ndate: 2025-03-07\n---\nIntro.\n\n- February 30: impossible.\n- Janury 29: a typo.\n- March 3: an entry.\n- May 12\xe2\x80\x9313: a range.\n",
    )]);
    let run = quire(&["check", dir.path().to_str().unwrap()]);
    let (stdout, stderr) = (text(&run.stdout), text(&run.stderr));
    assert!(run.status.success(), "warnings are not errors: {stderr}");
    assert!(
        stderr.contains("warning: edition.md:7: this list item is not read as a dated entry: `February 30` is not a real date (February 2025 has 28 days)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: edition.md:8: ")
            && stderr.contains("`Janury` is not a month; write `January 29:`"),
        "{stderr}"
    );
    assert!(
        stdout.contains("(3 entries; 2 list items not read as entries, see the warnings)"),
        "{stdout}"
    );
    let out = tempfile::tempdir().unwrap();
    let run = build(dir.path(), out.path(), false);
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("3 entries; 2 list items not read as entries"),
        "{stderr}"
    );
}

/// The names listed by a manifest file.
fn listed(manifest: &Path) -> Vec<String> {
    let manifest: quire::Manifest = serde_json::from_slice(&fs::read(manifest).unwrap()).unwrap();
    manifest.files.into_iter().map(|f| f.name).collect()
}

#[test]
fn rebuilds_keep_old_generations_until_pruned() {
    let dir = corpus(&[]);
    let out = tempfile::tempdir().unwrap();
    let index = out.path().to_str().unwrap();
    let rebuild = || {
        let run = build(dir.path(), out.path(), true);
        assert!(run.status.success(), "{}", text(&run.stderr));
        listed(&out.path().join("quire.json"))
    };
    let first = rebuild();
    fs::write(
        dir.path().join("second.md"),
        "---\ntitle: Second\n---\nMore text\n",
    )
    .unwrap();
    let second = rebuild();
    fs::write(
        dir.path().join("third.md"),
        "---\ntitle: Third\n---\nEven more\n",
    )
    .unwrap();
    let third = rebuild();
    assert_ne!(first, second);
    assert_eq!(listed(&out.path().join("quire.previous.json")), second);

    // A page that loaded the first manifest still finds every file it names, unchanged.
    for name in &first {
        assert!(
            out.path().join(name).is_file(),
            "{name} of the first build is gone"
        );
    }

    // Pruning keeps the current and the previous generation, and nothing else.
    let run = quire(&["prune", index, "--dry-run"]);
    assert!(
        text(&run.stdout).contains("Would remove"),
        "{}",
        text(&run.stdout)
    );
    let run = quire(&["prune", index]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let kept: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".qi"))
        .collect();
    for name in second.iter().chain(&third) {
        assert!(kept.contains(name), "{name} was pruned");
    }
    let only_first: Vec<&String> = first
        .iter()
        .filter(|n| !second.contains(n) && !third.contains(n))
        .collect();
    assert!(!only_first.is_empty());
    for name in only_first {
        assert!(!kept.contains(name), "{name} should be pruned");
    }
    // Files that are not Quire's are never touched.
    fs::write(out.path().join("notes.qi"), "mine").unwrap();
    quire(&["prune", index, "--no-previous"]);
    assert!(out.path().join("notes.qi").is_file());
    let kept = fs::read_dir(out.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".qi")
        })
        .count();
    assert_eq!(kept, third.len() + 1);
    // The index still answers.
    let run = quire(&["search", index, "third"]);
    assert!(
        text(&run.stdout).starts_with("1 result"),
        "{}",
        text(&run.stdout)
    );
}
