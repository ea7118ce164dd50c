//! Replays the saved corpora of the fuzz targets (`fuzz/corpus/<target>/`) through the same
//! entry points, so that every input the fuzzers kept, including any that once crashed,
//! stays a regression test without needing cargo-fuzz.

use std::path::Path;

fn replay(target: &str, run: impl Fn(&[u8])) {
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

#[test]
fn manifest_corpus() {
    replay("manifest", quire::fuzzing::manifest);
}

/// The bbc corpus beside the repository, as the `many_shards` target reads it; without it,
/// the target's generated corpus (the saved inputs then hit other bytes, but still must not
/// crash).
fn shared_corpus() -> Option<&'static [u8]> {
    static BYTES: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    BYTES
        .get_or_init(|| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc.jsonl.gz");
            let bytes = std::fs::read(&path).ok();
            if bytes.is_none() {
                eprintln!(
                    "{} is absent: replaying many_shards on a generated corpus",
                    path.display()
                );
            }
            bytes
        })
        .as_deref()
}

#[test]
fn many_shards_corpus() {
    replay("many_shards", |data| {
        quire::fuzzing::many_shards(data, shared_corpus())
    });
}

#[test]
fn text_record_corpus() {
    replay("text_record", quire::fuzzing::text_record);
}
