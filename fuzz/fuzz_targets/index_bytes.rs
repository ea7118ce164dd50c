//! Fuzz target `index_bytes`: see `quire::fuzzing::index_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::index_bytes(data));
