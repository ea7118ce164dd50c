//! Fuzz target `manifest`: see `quire::fuzzing::manifest`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::manifest(data));
