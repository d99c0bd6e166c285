#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vigie::fuzzing::markdown_links(data));
