//! Entry points for fuzzing: each takes arbitrary bytes, runs one part of vigie on them as a
//! check does, and panics when it panics, or when a fact it returns breaks its promise (a
//! span that does not slice the file on char boundaries …). The `cargo fuzz` targets of
//! `fuzz/` and the corpus test `tests/fuzz_regressions.rs` both call these, so a corpus
//! file holds the code to the same checks under `cargo test`.
//!
//! The content targets read the first two bytes as the site's settings (see `Page`), the
//! rest as the page's file.
//!
//! May import every module.
#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "fuzzing harness: a panic here is the finding it exists to report"
)]

use std::path::Path;

use crate::config::{AnchorProfile, Eleventy, MarkdownPlugins};
use crate::parse::content::{self, invariants};
use crate::parse::front_matter;
use crate::parse::invariants::slice;
use crate::parse::yaml::Flavor;
use crate::source::{Entry, Inputs, SourceFile};

/// The names of the targets, as `fuzz/` and the corpus folders spell them.
pub const TARGETS: [&str; 5] = [
    "front_matter",
    "markdown_links",
    "markup",
    "position_map",
    "check_page",
];

/// Runs the target `name` on `data`; `false` for a name that is no target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "front_matter" => front_matter(data),
        "markdown_links" => markdown_links(data),
        "markup" => markup(data),
        "position_map" => position_map(data),
        "check_page" => check_page(data),
        _ => return false,
    }
    true
}

/// A file as a check reads it: bytes that are not UTF-8 become `?`.
fn decoded(bytes: &[u8]) -> String {
    SourceFile::from_bytes("page", bytes).text.to_string()
}

/// The front matter of a file, read by both js-yaml flavours.
pub fn front_matter(data: &[u8]) {
    let text = decoded(data);
    for flavor in [Flavor::JsYaml3, Flavor::JsYaml4] {
        crate::parse::invariants::check_front_matter(&text, flavor);
    }
}

/// A page and the settings it is read with, from fuzz bytes: the first byte sets the
/// markdown-it options and plugins, the second the Eleventy version, the anchor plugin and
/// the template language; the rest is the file.
struct Page {
    eleventy: Eleventy,
    extension: &'static str,
    text: String,
}

impl Page {
    fn from(data: &[u8]) -> Self {
        let flags = data.first().copied().unwrap_or(0);
        let kind = data.get(1).copied().unwrap_or(0);
        let bit = |n: u8| flags & (1 << n) != 0;
        let mut eleventy = Eleventy {
            version: [2, 1, 3][usize::from(kind & 3) % 3],
            anchors: [
                AnchorProfile::None,
                AnchorProfile::MarkdownItAnchor,
                AnchorProfile::EleventySlugify,
                AnchorProfile::Github,
                AnchorProfile::IdAttribute,
                AnchorProfile::SiteSlugify,
            ][usize::from(kind >> 2 & 7) % 6],
            markdown_plugins: MarkdownPlugins {
                attrs: bit(2),
                footnote: bit(3),
                deflist: bit(4),
                containers: if bit(5) {
                    vec!["callout".into()]
                } else {
                    Vec::new()
                },
            },
            code_shortcodes: if bit(6) {
                vec!["exemple".into()]
            } else {
                Vec::new()
            },
            ..Eleventy::default()
        };
        eleventy.markdown.linkify = bit(0);
        eleventy.markdown.html = !bit(1);
        if bit(7) {
            eleventy.anchor_levels = vec![2, 3];
        }
        Self {
            eleventy,
            extension: ["md", "njk", "html", "liquid"][usize::from(kind >> 5 & 3)],
            text: decoded(data.get(2..).unwrap_or_default()),
        }
    }

    /// The body's bytes, after the front matter, as a check splits it.
    fn body(&self) -> std::ops::Range<usize> {
        let flavor = Flavor::of_eleventy(self.eleventy.version);
        front_matter::split(&self.text, flavor).body
    }

    fn content(&self, extension: &str) -> content::Content {
        content::extract(
            &self.text,
            self.body(),
            extension,
            &self.eleventy,
            &Default::default(),
        )
    }
}

/// The links, anchors, headings and code of a Markdown page.
pub fn markdown_links(data: &[u8]) {
    let page = Page::from(data);
    let content = page.content("md");
    invariants::check_links(&page.text, &page.body(), &content);
}

/// The start tags and markup tree of a page in the language its settings byte names.
pub fn markup(data: &[u8]) {
    let page = Page::from(data);
    let content = page.content(page.extension);
    invariants::check_markup(&page.text, &page.body(), &content);
    invariants::check_links(&page.text, &page.body(), &content);
    invariants::check_pruned(&content);
}

/// The map from the text the template syntax renders to back to the page's body.
pub fn position_map(data: &[u8]) {
    let page = Page::from(data);
    let body = &page.text[page.body()];
    invariants::check_position_map(body, page.extension, &page.eleventy);
}

/// A whole check of a site made of the page (its settings byte names its language and the
/// site's Eleventy) and a layout; every finding must point into its file on char
/// boundaries, and the reports must render.
pub fn check_page(data: &[u8]) {
    let page = Page::from(data);
    let name = format!("page.{}", page.extension);
    let package = format!(
        "{{\"devDependencies\": {{\"@11ty/eleventy\": \"^{}.0.0\"}}}}",
        page.eleventy.version
    );
    let mut inputs = Inputs::from_files([
        ("package.json", package.as_str()),
        (
            "_includes/layouts/page.njk",
            "<h1>{{ title }}</h1>{{ content | safe }}",
        ),
    ]);
    inputs.insert(
        &name,
        Entry::decoded(&name, data.get(2..).unwrap_or_default()),
    );
    let Ok(report) = crate::check_inputs(&inputs, Path::new("."), &Default::default()) else {
        return;
    };
    for diagnostic in &report.diagnostics {
        let text = |file: &str| report.sources.get(file).map(|t| t.to_string());
        if let Some(text) = text(&diagnostic.file) {
            slice(&text, &diagnostic.span, &diagnostic.code);
            if let Some(fix) = &diagnostic.fix {
                slice(&text, &fix.span, "fix");
            }
        }
        for related in &diagnostic.related {
            if let Some(text) = text(&related.file) {
                slice(&text, &related.span, &related.label);
            }
        }
    }
    crate::report::human::render(&report.diagnostics, &report.sources, false, 100);
    crate::report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
}
