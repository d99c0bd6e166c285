//! Every mini site `tests/fixtures/sites/<case>/` that has an `expect` file: what vigie
//! understood of it (each page and its URL) and what it reports (the JSON diagnostics:
//! code, place, message), as a reviewed snapshot. `expect` says in a sentence what the case
//! shows and becomes the snapshot's description; cases without it belong to other tests
//! (`cli.rs`, `nav.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::fmt::Write as _;
use std::path::Path;

use vigie::site::Output;

fn render(root: &Path) -> String {
    let report = match vigie::check(root) {
        Ok(report) => report,
        // Cases where vigie must refuse to run (a broken vigie.toml …).
        Err(error) => return format!("vigie could not run: {error}\n"),
    };
    let mut text = String::from("pages:\n");
    for page in &report.site.pages {
        let url = match &page.output {
            Output::Url { url, .. } => url.clone(),
            Output::Disabled => "(permalink: false)".into(),
            Output::Unknown { reason } => format!("(unknown: {reason})"),
            Output::Invalid => "(invalid permalink)".into(),
        };
        writeln!(text, "  {}  {url}", page.file.rel).unwrap();
    }
    let json = vigie::report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
    text.push_str("diagnostics:\n");
    for d in json["diagnostics"].as_array().unwrap() {
        writeln!(
            text,
            "  {}:{}:{}  {}  {}\n    {}",
            d["file"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap(),
        )
        .unwrap();
    }
    let summary: Vec<String> = json["summary"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(key, value)| format!("{key}: {value}"))
        .collect();
    writeln!(text, "summary: {}", summary.join(", ")).unwrap();
    text
}

#[test]
fn sites() {
    insta::glob!("fixtures/sites/*", |path| {
        let Ok(expect) = std::fs::read_to_string(path.join("expect")) else {
            return;
        };
        let rendered = render(path);
        let mut settings = insta::Settings::clone_current();
        settings.set_omit_expression(true);
        settings.set_description(expect.trim());
        settings.bind(|| insta::assert_snapshot!(rendered));
    });
}

/// `render` is only as good as what it shows: a site with a known defect renders it.
#[test]
fn render_shows_pages_and_places() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/frontmatter-crlf-bom");
    let text = render(&root);
    assert!(text.contains("  index.md  /\n"), "{text}");
    assert!(
        text.contains("  index.md:4:1  error  front-matter/duplicate-key\n"),
        "{text}"
    );
    // The BOM is no column: the `---` after it is at column 1.
    assert!(
        text.contains("  unclosed.md:1:1  error  front-matter/unclosed\n"),
        "{text}"
    );
}
