//! vigie's link errors against what a real Eleventy build says is broken.
//! `tests/fixtures/links-stress/` is a site with links that work and links broken in every
//! way the `links/*` rules know; `tests/fixtures/links-stress.expected.json` lists the
//! content links (written in the page's own source) that are broken in Eleventy 1.0.2's
//! output, then the broken links of its layouts (which the build shows on every page, and
//! vigie reports once, in the layout), recorded by the oracle, never by hand:
//!
//!     scripts/links-diff --save tests/fixtures/links-stress.expected.json tests/fixtures/links-stress
//!
//! `tests/fixtures/templates-render/` is recorded the same way, from Eleventy 2.0.1, and
//! `tests/fixtures/heading-ids/` (Markdown heading ids) from Eleventy 3.1.8, and
//! `tests/fixtures/heading-ids-v2/` (the same, encoded ids) from Eleventy 2.0.1, and
//! `tests/fixtures/passthrough/` (passthrough copies) from Eleventy 3.1.8.
//!
//! A difference vigie makes on purpose goes in `ACCEPTED`, with its reason.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

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

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
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

fn accepted(file: &str, link: &str) -> bool {
    ACCEPTED
        .iter()
        .any(|(af, al, _)| key(af, al) == key(file, link))
}

/// The oracle's verdict: broken content links as (file, link), and the targets of broken
/// layout links (the build does not say which layout wrote them).
fn expected(name: &str) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let path = fixture(name).with_file_name(format!("{name}.expected.json"));
    let list: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut content = BTreeSet::new();
    let mut layout = BTreeSet::new();
    for entry in &list {
        let link = entry["link"].as_str().unwrap();
        match entry["file"].as_str() {
            Some(file) if !accepted(file, link) => {
                content.insert(key(file, link));
            }
            Some(_) => {}
            None => {
                layout.insert(key("", link).1);
            }
        }
    }
    (content, layout)
}

/// vigie's `links/*` errors as (file, link), from the JSON report (the `link` field).
fn vigie_errors(name: &str) -> BTreeSet<(String, String)> {
    let report = vigie::check(&fixture(name)).unwrap();
    let json = vigie::report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("links/")))
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            key(
                d["file"].as_str().unwrap(),
                d["link"].as_str().unwrap_or(""),
            )
        })
        .filter(|(f, l)| !accepted(f, l))
        .collect()
}

/// Content links must be reported in their page, layout links once wherever vigie says
/// they are written (the layout, or the data file a listing shows a value of).
fn assert_matches_the_build(name: &str) {
    let (content, layout) = expected(name);
    let found = vigie_errors(name);
    let missed: Vec<_> = content.difference(&found).collect();
    let found_links: BTreeSet<&String> = found.iter().map(|(_, l)| l).collect();
    let missed_layout: Vec<_> = layout.iter().filter(|l| !found_links.contains(l)).collect();
    let invented: Vec<_> = found
        .iter()
        .filter(|e| !content.contains(*e) && !layout.contains(&e.1))
        .collect();
    assert!(
        missed.is_empty() && missed_layout.is_empty() && invented.is_empty(),
        "{name}: broken in the Eleventy build but not reported by vigie: {missed:#?} {missed_layout:#?}\n\
         reported by vigie but working in the build: {invented:#?}"
    );
}

#[test]
fn link_errors_match_the_eleventy_build() {
    assert_matches_the_build("links-stress");
}

/// `tests/fixtures/templates-render/` (Eleventy 2.0.1): what the templates render — layout
/// links, data values written into `src`, markdown-it-attrs ids, the site URL in YAML data.
#[test]
fn link_errors_of_what_the_templates_render_match_the_eleventy_build() {
    assert_matches_the_build("templates-render");
}

/// `tests/fixtures/heading-ids/` (Eleventy 3.1.8, markdown-it-anchor 9.2.0 with Eleventy's
/// `slugify` filter, markdown-it-attrs): tricky headings, each linked with the id the build
/// gives and with a wrong spelling, from the same page and from another.
#[test]
fn link_errors_on_heading_ids_match_the_eleventy_build() {
    assert_matches_the_build("heading-ids");
}

/// `tests/fixtures/heading-ids-v2/` (Eleventy 2.0.1, markdown-it-anchor 8.6.7 with its
/// default slugify, which writes ids percent-encoded): the same headings, linked encoded,
/// as written, decoded and wrong.
#[test]
fn link_errors_on_encoded_heading_ids_match_the_eleventy_build() {
    assert_matches_the_build("heading-ids-v2");
}

/// `tests/fixtures/passthrough/` (Eleventy 3.1.8): passthrough copies of every shape (a
/// folder, globs with and without a target, object remaps, a file by name or renamed, a
/// trailing slash, `./`, a dot folder, a file from node_modules), linked where the build
/// puts them and where it does not (source paths, subfolders a `*` does not reach,
/// extensions a glob leaves out), root-relative and relative, encoded, with `?v=1` and `#x`.
#[test]
fn link_errors_on_passthrough_copies_match_the_eleventy_build() {
    assert_matches_the_build("passthrough");
}
