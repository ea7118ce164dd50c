//! `quire search ... | head`: a reader that stops reading is not a crash.

use std::io::Read;
use std::process::{Command, Stdio};

#[test]
fn search_output_into_a_closed_pipe_ends_quietly() {
    // More output than a pipe holds (64 kB), so that the writer meets the hang-up.
    let out = tempfile::tempdir().unwrap();
    let corpus = out.path().join("notes.jsonl");
    let summary = "Talks about the nuclear file went on. ".repeat(60);
    let lines: String = (0..150)
        .map(|i| format!("{{\"id\":\"n{i}\",\"title\":\"Note {i} on Iran\",\"summary\":\"{summary}\",\"body\":\"Iran.\"}}\n"))
        .collect();
    std::fs::write(&corpus, lines).unwrap();
    let index = out.path().join("index");
    let built = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "build",
            corpus.to_str().unwrap(),
            "--out",
            index.to_str().unwrap(),
            "--quiet",
        ])
        .status()
        .unwrap();
    assert!(built.success());
    for extra in [&[][..], &["--json"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["search", index.to_str().unwrap(), "iran", "--limit", "100"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then hang up, as `head -c 1` would.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{extra:?}: {stderr}");
        assert!(
            output.status.success(),
            "{extra:?}: {:?} {stderr}",
            output.status
        );
    }
}
