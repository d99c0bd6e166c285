#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vigie::fuzzing::check_page(data));
