//! vigie's output URLs against the ones a real Eleventy build gave for the same site.
//! `tests/fixtures/eleventy-urls/` holds URL edge cases (`slugs/`: dates in `page.fileSlug`;
//! `stems/`: dates and `index` in `page.filePathStem`; `perma/`: permalink shapes, directory
//! data permalinks, `permalink: false`/`null`/`""`, odd file names); the expected maps were recorded from
//! Eleventy 1.0.2 and 3.1.8 with `scripts/eleventy-diff SITE save.json`, SITE a copy whose
//! package.json pins that version.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

#[path = "support/files.rs"]
mod files;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use vigie::site::Output;

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/eleventy-urls"
    ))
}

fn expected(version: u8) -> BTreeMap<String, Value> {
    let path = fixture().with_file_name(format!("eleventy-urls.v{version}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// vigie's URL for every page it found: a string, or `false` for `permalink: false`.
fn vigie_urls(version: u8) -> BTreeMap<String, Value> {
    let site = files::load_as_version(fixture(), version);
    site.pages
        .iter()
        .map(|page| {
            let url = match &page.output {
                Output::Url { url, .. } => Value::from(url.as_str()),
                Output::Disabled => Value::Bool(false),
                other => panic!("{}: {other:?}", page.file.rel),
            };
            (page.file.rel.clone(), url)
        })
        .collect()
}

#[test]
fn urls_match_eleventy_1() {
    assert_eq!(vigie_urls(1), expected(1));
}

#[test]
fn urls_match_eleventy_3() {
    assert_eq!(vigie_urls(3), expected(3));
}
