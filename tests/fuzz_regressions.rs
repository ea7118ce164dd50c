//! Replays the saved corpora of the fuzz targets (`fuzz/corpus/<target>/`) through the same
//! entry points, so that every input the fuzzers kept, including any that once crashed,
//! stays a regression test without needing cargo-fuzz.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        run(&std::fs::read(&path).unwrap());
        inputs += 1;
    }
    assert!(inputs > 0, "no saved inputs in {}", dir.display());
}

#[test]
fn index_bytes_corpus() {
    replay("index_bytes", quire::fuzzing::index_bytes);
}

#[test]
fn query_corpus() {
    replay("query", quire::fuzzing::query);
}

#[test]
fn corpus_corpus() {
    replay("corpus", quire::fuzzing::corpus);
}
