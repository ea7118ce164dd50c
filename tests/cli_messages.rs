//! The `quire` program's messages as a new user meets them (issue 14, item 5, and rows 4 and
//! 12): one message per problem with one line number, flags named, counts in words, help for
//! every argument, every skipped article explained, nothing ignored in silence.

use std::fs;
use std::process::{Command, Output};

fn quire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .output()
        .expect("quire runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

/// `quire build <corpus> --out <a new folder>`, with its summary (not `--quiet`).
fn build_into_new_folder(corpus: &std::path::Path) -> Output {
    let out = tempfile::tempdir().unwrap();
    quire(&[
        "build",
        corpus.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ])
}

const GOOD: &str =
    "---\ntitle: Talks in Muscat\ndate: 2025-05-13\nkind: Analysis\n---\nThe round in Muscat.\n";

fn built(files: &[(&str, &str)]) -> (tempfile::TempDir, tempfile::TempDir) {
    let corpus = folder(files);
    let out = tempfile::tempdir().unwrap();
    let run = quire(&[
        "build",
        corpus.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    (corpus, out)
}

#[test]
fn a_yaml_error_is_one_message_with_one_line_number() {
    let corpus = folder(&[("a.md", "---\ntitle: A\ntags: [a, b\n---\nText\n")]);
    let run = quire(&["check", corpus.path().to_str().unwrap()]);
    let stderr = text(&run.stderr);
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with(
            "error: a.md:3: the YAML front matter does not parse (column 7): unclosed bracket"
        ),
        "{stderr}"
    );
    assert_eq!(first.matches("error").count(), 1, "{first}");
    assert!(!first.contains("line 2"), "{first}");
}

#[test]
fn counts_read_as_words() {
    let one = folder(&[("a.md", "---\ndate: 2025-01-01\n---\n")]);
    let stderr = text(&quire(&["check", one.path().to_str().unwrap()]).stderr);
    assert!(
        stderr.contains("error: 1 problem in the corpus (1 article read)"),
        "{stderr}"
    );
    assert!(!stderr.contains("(s)"), "{stderr}");
}

#[test]
fn date_flags_are_named_with_their_problem() {
    let (_corpus, out) = built(&[("good.md", GOOD)]);
    let index = out.path().to_str().unwrap();
    for (flag, value, expected) in [
        (
            "--from",
            "2025-13",
            "--from `2025-13` is not a real date (there is no month 13)",
        ),
        (
            "--to",
            "0000",
            "--to `0000` is not a real date (there is no year 0000)",
        ),
        (
            "--from",
            "May 2025",
            "--from `May 2025` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
    ] {
        let run = quire(&["search", index, "muscat", flag, value]);
        let stderr = text(&run.stderr);
        assert!(!run.status.success());
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("query:"), "{stderr}");
    }
    let run = quire(&[
        "search", index, "muscat", "--from", "2025-5", "--to", "2025",
    ]);
    assert!(
        text(&run.stdout).starts_with("1 result"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn filter_values_match_whatever_their_case_and_unknown_ones_are_explained() {
    let (_corpus, out) = built(&[("good.md", GOOD)]);
    let index = out.path().to_str().unwrap();
    for filter in ["kind=analysis", "Kind=ANALYSIS", "kind=Analysis"] {
        let run = quire(&["search", index, "muscat", "--filter", filter]);
        assert!(
            text(&run.stdout).starts_with("1 result"),
            "{filter}: {}{}",
            text(&run.stdout),
            text(&run.stderr)
        );
        assert!(text(&run.stderr).is_empty(), "{}", text(&run.stderr));
    }
    let run = quire(&["search", index, "muscat", "--filter", "kind=Analyses"]);
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains(
            "warning: --filter kind=Analyses: no document has this value, so nothing matches; kind has: Analysis"
        ),
        "{stderr}"
    );
}

#[test]
fn help_describes_every_argument() {
    for command in ["check", "search", "build", "prune"] {
        let help = text(&quire(&[command, "--help"]).stdout);
        let lines: Vec<&str> = help.lines().collect();
        let mut undescribed = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            // An argument: two spaces, then `-x, --name`, `--name` or `<NAME>`; its
            // description follows on the line (short help) or on the next, indented deeper
            // (long help).
            let Some(rest) = line.strip_prefix("  ") else {
                continue;
            };
            if !(rest.starts_with('-') || rest.starts_with('<')) {
                continue;
            }
            // `[default: 10]` alone is no description.
            let inline = rest
                .trim()
                .split_once("  ")
                .is_some_and(|(_, said)| !said.trim().starts_with('['));
            let below = lines
                .get(i + 1)
                .is_some_and(|next| next.starts_with("      ") && !next.trim().is_empty());
            if !inline && !below {
                undescribed.push(rest.trim().to_string());
            }
        }
        assert!(
            undescribed.is_empty(),
            "quire {command} --help leaves undescribed: {undescribed:?}\n{help}"
        );
    }
}

#[test]
fn a_missing_index_names_the_path_and_the_fix_without_the_raw_os_text() {
    let run = quire(&["search", "/nonexistent/quire", "x"]);
    let stderr = text(&run.stderr);
    assert_eq!(
        stderr.trim(),
        "error: no index at /nonexistent/quire (it has no quire.json); build one with `quire build <corpus> --out /nonexistent/quire`"
    );
}

#[test]
fn upper_case_extensions_are_articles_too() {
    let lines = "{\"id\":\"j\",\"title\":\"From JSON Lines\",\"body\":\"x\"}\n";
    let corpus = folder(&[
        ("upper.MD", GOOD),
        ("long.Markdown", &GOOD.replace("Talks", "Long talks")),
        ("LINES.JSONL", lines),
    ]);
    let run = build_into_new_folder(corpus.path());
    let stderr = text(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("Indexed 3 of 3 articles"), "{stderr}");
}

#[test]
fn when_every_article_is_skipped_the_reasons_are_shown() {
    let draft = "---\ntitle: A draft\ndraft: true\n---\nText\n";
    let corpus = folder(&[("draft.md", draft), ("notes.md", "No front matter here.\n")]);
    let run = quire(&["check", corpus.path().to_str().unwrap()]);
    let stderr = text(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains("warning: draft.md:1: skipped: draft (draft: true)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: notes.md:1: skipped: no front matter"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nothing to index in")
            && stderr.contains("2 articles read, and every one was skipped"),
        "{stderr}"
    );
    assert!(!stderr.contains("expected .md files"), "{stderr}");

    // An oversized JSON line, alone in its file.
    let big = folder(&[
        (
            "big.jsonl",
            &format!(
                "{{\"id\":\"1\",\"title\":\"Big\",\"body\":\"{}\"}}\n",
                "x".repeat(2000)
            ),
        ),
        ("quire.toml", "max_article_bytes = 1000\n"),
    ]);
    let run = build_into_new_folder(&big.path().join("big.jsonl"));
    let stderr = text(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains("big.jsonl:1: skipped: 2035 bytes, over the limit of 1000 bytes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 article read, and it was skipped"),
        "{stderr}"
    );
}

#[test]
fn verbose_lists_every_entry_that_names_no_outlet() {
    let entries: String = (1..=9)
        .map(|day| format!("- May {day}: A paper nobody registered wrote this.\n"))
        .collect();
    let corpus = folder(&[
        (
            "edition.md",
            &format!("---\ntitle: Edition\ndate: 2025-05-13\n---\n{entries}"),
        ),
        (
            "outlets.toml",
            "[[outlet]]\nname = \"Shargh\"\nleaning = \"reformist\"\n",
        ),
    ]);
    let path = corpus.path().to_str().unwrap();
    let short = text(&quire(&["check", path]).stderr);
    assert!(
        short.contains("9 entries name no outlet")
            && short.contains("and 4 more (--verbose lists them all)"),
        "{short}"
    );
    let long = text(&quire(&["check", path, "--verbose"]).stderr);
    for day in 1..=9 {
        assert!(
            long.contains(&format!("edition.md#2025-05-0{day}")),
            "{day}: {long}"
        );
    }
    assert!(!long.contains("more"), "{long}");
}

#[test]
fn prune_counts_in_words() {
    let (_corpus, out) = built(&[("good.md", GOOD)]);
    let run = quire(&["prune", out.path().to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(
        stdout.contains("Removed 0 old index files, 0 bytes"),
        "{stdout}"
    );
}

#[test]
fn counts_of_one_read_in_the_singular() {
    let corpus = folder(&[("a.md", GOOD)]);
    let run = quire(&["check", corpus.path().to_str().unwrap()]);
    let stdout = text(&run.stdout);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        stdout.starts_with("ok: 1 article (0 entries) read from"),
        "{stdout}"
    );
    let run = build_into_new_folder(corpus.path());
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("Indexed 1 of 1 article (0 skipped), 0 entries,"),
        "{stderr}"
    );
}
