//! Fuzz target `text_record`: see `quire::fuzzing::text_record`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::text_record(data));
