//! Fuzz target `many_shards`: see `quire::fuzzing::many_shards`. The index is built from
//! `../shared/corpora/bbc.jsonl.gz` beside the repository when it is there (2,060 articles),
//! else from a generated corpus.
#![no_main]

use std::sync::OnceLock;

fn corpus() -> Option<&'static [u8]> {
    static BYTES: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    BYTES
        .get_or_init(|| {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpora/bbc.jsonl.gz");
            let bytes = std::fs::read(path).ok();
            if bytes.is_none() {
                eprintln!("{path} is absent: fuzzing an index of generated articles instead");
            }
            bytes
        })
        .as_deref()
}

libfuzzer_sys::fuzz_target!(
    // Built before the first input: under the sanitizers, building 2,060 articles takes
    // longer than an input may.
    init: {
        quire::fuzzing::many_shards_index(corpus());
    },
    |data: &[u8]| quire::fuzzing::many_shards(data, corpus())
);
