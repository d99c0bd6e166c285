//! vigie's link errors against what a real Eleventy build says is broken.
//! `tests/fixtures/links-stress/` is a site with links that work and links broken in every
//! way the `links/*` rules know; `tests/fixtures/links-stress.expected.json` lists the
//! content links (written in the page's own source) that are broken in Eleventy 1.0.2's
//! output, then the broken links of its layouts (which the build shows on every page, and
//! vigie reports once, in the layout), recorded by the oracle, never by hand:
//!
//!     scripts/links-diff --save tests/fixtures/links-stress.expected.json tests/fixtures/links-stress
//!
//! A difference vigie makes on purpose goes in `ACCEPTED`, with its reason.

use std::collections::BTreeSet;
use std::path::Path;

use percent_encoding::percent_decode_str;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// (file, link) pairs where vigie knowingly differs from the built output, and why.
const ACCEPTED: &[(&str, &str, &str)] = &[(
    "brouillon.md",
    "/absent-du-brouillon/",
    "permalink: false: the page is not built, so the build cannot show its links",
)];

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/links-stress"
    ))
}

/// One spelling for every way of writing the same target: percent-decoded, NFC, and
/// `{{ '/x/' | url }}` as `/x/`.
fn key(file: &str, link: &str) -> (String, String) {
    let link = link.trim();
    let literal = link
        .strip_prefix("{{")
        .and_then(|l| l.strip_suffix("}}"))
        .and_then(|l| l.trim().rsplit_once('|'))
        .filter(|(_, filter)| filter.trim() == "url")
        .map(|(value, _)| value.trim().trim_matches(|c| c == '\'' || c == '"'));
    let link = percent_decode_str(literal.unwrap_or(link))
        .decode_utf8_lossy()
        .nfc()
        .collect();
    (file.nfc().collect(), link)
}

/// Where a layout's broken link is, for the comparison: the build does not say which
/// layout wrote it.
const LAYOUT: &str = "(a layout)";

fn expected() -> BTreeSet<(String, String)> {
    let path = fixture().with_file_name("links-stress.expected.json");
    let list: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    list.iter()
        .map(|e| {
            let file = e["file"].as_str().unwrap_or(LAYOUT);
            key(file, e["link"].as_str().unwrap())
        })
        .filter(|(f, l)| {
            !ACCEPTED
                .iter()
                .any(|(af, al, _)| key(af, al) == (f.clone(), l.clone()))
        })
        .collect()
}

/// vigie's `links/*` errors as (file, link), from the JSON report (the `link` field).
fn vigie_errors() -> BTreeSet<(String, String)> {
    let report = vigie::check(fixture()).unwrap();
    let json = vigie::report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("links/")))
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let file = if file.starts_with("_includes/") {
                LAYOUT
            } else {
                file
            };
            key(file, d["link"].as_str().unwrap_or(""))
        })
        .filter(|(f, l)| {
            !ACCEPTED
                .iter()
                .any(|(af, al, _)| key(af, al) == (f.clone(), l.clone()))
        })
        .collect()
}

#[test]
fn link_errors_match_the_eleventy_build() {
    let expected = expected();
    let found = vigie_errors();
    let missed: Vec<_> = expected.difference(&found).collect();
    let invented: Vec<_> = found.difference(&expected).collect();
    assert!(
        missed.is_empty() && invented.is_empty(),
        "broken in the Eleventy build but not reported by vigie: {missed:#?}\n\
         reported by vigie but working in the build: {invented:#?}"
    );
}
