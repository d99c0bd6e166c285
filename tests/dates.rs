//! vigie's `page.date` against the one a real Eleventy build gave for the same site.
//! `tests/fixtures/eleventy-dates/` holds one `.njk` page per case (dates in the path: in the
//! name, in a folder, two, an impossible first one, one inside other characters; `date` in
//! front matter: YAML dates and timestamps, quoted ISO strings), each with the permalink
//! `/<case>/{{ page.date.getTime() }}/`, so the URL shows Eleventy's date in milliseconds
//! (`NaN` for an Invalid Date). The expected maps were recorded from Eleventy 1.0.2 and 3.1.8
//! with `TZ=UTC scripts/eleventy-diff SITE tests/fixtures/eleventy-dates.vN.json`, SITE a copy
//! whose package.json pins that version (the same URLs came out with TZ=Pacific/Chatham).
//! Left out: pages dated by the file's creation time or by git (machine-dependent), and dates
//! Eleventy refuses (the whole build would stop); `src/site/nav/dates.rs` tests those.
//! A fixture apart from `eleventy-urls/`: vigie leaves a permalink using `page.date` unknown,
//! which `tests/urls.rs` does not accept.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failing test"
)]

#[path = "support/files.rs"]
mod files;

use std::collections::BTreeMap;
use std::path::Path;

use vigie::site::nav::{PageDate, page_date};

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/eleventy-dates"
    ))
}

/// Eleventy's `page.date.getTime()` for each input, read back from its URL.
fn expected(version: u8) -> BTreeMap<String, String> {
    let path = fixture().with_file_name(format!("eleventy-dates.v{version}.json"));
    let urls: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    urls.into_iter()
        .map(|(file, url)| {
            let time = url.trim_end_matches('/').rsplit('/').next().unwrap();
            (file, time.to_owned())
        })
        .collect()
}

/// vigie's date for every page, written as `getTime()` would print it.
fn vigie_dates(version: u8) -> BTreeMap<String, String> {
    let site = files::load_as_version(fixture(), version);
    site.pages
        .iter()
        .map(|page| {
            let time = match page_date(&site, page) {
                PageDate::Written(ms) | PageDate::InPath(ms) => format!("{ms}"),
                PageDate::Invalid => "NaN".to_owned(),
                other => format!("{other:?}"),
            };
            (page.file.rel.clone(), time)
        })
        .collect()
}

#[test]
fn dates_match_eleventy_1() {
    assert_eq!(vigie_dates(1), expected(1));
}

#[test]
fn dates_match_eleventy_3() {
    assert_eq!(vigie_dates(3), expected(3));
}
