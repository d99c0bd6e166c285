//! Reporters: turn sorted diagnostics into text for people (miette), vigie's JSON, or what
//! CI servers and forges read (SARIF, GitHub workflow commands, GitLab Code Quality, JUnit,
//! reviewdog's rdjsonl).
//! They write to the `Write` they are given; the CLI decides where that goes.
//!
//! May import `diagnostic` and `source` (the texts diagnostics point into).

pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjsonl;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Sources;
use crate::source::file::Lines;

/// A finding with its place in lines and columns: 1-based; columns in characters, and in
/// bytes for the formats that count those.
#[derive(Debug, Clone, Copy)]
pub struct Located<'d> {
    pub diagnostic: &'d Diagnostic,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_column: usize,
    pub end_byte_column: usize,
}

/// Every finding with its place in the text it points into.
pub fn locate<'d>(diagnostics: &'d [Diagnostic], sources: &Sources) -> Vec<Located<'d>> {
    let lines = Lines::new(sources);
    diagnostics
        .iter()
        .map(|d| locate_span(d, &d.span, &lines))
        .collect()
}

/// The place of `span` in the file of `diagnostic`.
pub fn locate_span<'d>(
    diagnostic: &'d Diagnostic,
    span: &std::ops::Range<usize>,
    lines: &Lines<'_>,
) -> Located<'d> {
    let file = diagnostic.file.as_str();
    let (line, column) = lines.line_column(file, span.start);
    let (end_line, end_column) = lines.line_column(file, span.end);
    let byte_column = |at: usize| lines.byte_column(file, at);
    Located {
        diagnostic,
        line,
        column,
        end_line,
        end_column,
        byte_column: byte_column(span.start),
        end_byte_column: byte_column(span.end),
    }
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub pages: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn count(diagnostics: &[Diagnostic], files: usize, pages: usize) -> Self {
        let of = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        Self {
            files,
            pages,
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
            infos: of(Severity::Info),
        }
    }
}

/// A fingerprint for each finding that stays the same when lines move or other parts of the
/// file change: the rule, the file, the bytes reported, and how many times the same finding
/// occurs before it in that file. What GitLab and baselines recognise a finding by.
pub fn fingerprints(diagnostics: &[Diagnostic], sources: &Sources) -> Vec<String> {
    fingerprints_renamed(diagnostics, sources, &Default::default())
}

/// `fingerprints`, with files named as `renames` (old path → new path) says: the findings of
/// a state before a file moved, recognised in the state after.
pub fn fingerprints_renamed(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    renames: &std::collections::HashMap<String, String>,
) -> Vec<String> {
    let mut seen: std::collections::HashMap<(&str, &str, &str), usize> = Default::default();
    diagnostics
        .iter()
        .map(|d| {
            let text = sources.get(&d.file).map_or("", |t| t);
            let written = text.get(d.span.clone()).unwrap_or("");
            let file = renames.get(&d.file).unwrap_or(&d.file);
            let occurrence = seen
                .entry((&d.code, file, written))
                .and_modify(|n| *n += 1)
                .or_insert(0);
            gitlab::fingerprint(&[&d.code, file, written, &occurrence.to_string()])
        })
        .collect()
}

/// Sets `key` of `object`, a JSON object a reporter builds with `json!` (nothing else is
/// changed: a `Value` that is not an object has no key to set).
pub(crate) fn set(object: &mut serde_json::Value, key: &str, value: impl Into<serde_json::Value>) {
    if let Some(object) = object.as_object_mut() {
        object.insert(key.to_owned(), value.into());
    }
}

/// Text for XML or HTML: `&`, `<`, `>` and quotes escaped, control characters XML 1.0
/// forbids (all but tab and line breaks) left out.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}
