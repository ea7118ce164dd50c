//! Fuzz target `query`: see `quire::fuzzing::query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::query(data));
