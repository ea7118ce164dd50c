//! Fuzz target `corpus`: see `quire::fuzzing::corpus`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::corpus(data));
