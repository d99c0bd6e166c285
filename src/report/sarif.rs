//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it — one run, every rule
//! vigie has (its summary as short description, its documentation as help, its URL), one
//! result per finding with `ruleId`, a level, the file relative to the checked root
//! (`uriBaseId: %SRCROOT%`, which code scanning resolves to the checkout), 1-based regions with columns in Unicode code points (`columnKind`), the
//! related places, and the fix as a replacement where the finding carries one.

use serde_json::{Value, json};

use super::{Located, set};
use crate::diagnostic::Severity;
use crate::source::Sources;
use crate::source::file::Lines;

/// A rule as SARIF describes it.
pub struct RuleInfo<'r> {
    pub code: &'r str,
    pub summary: String,
    pub documentation: String,
    pub url: Option<&'r str>,
    pub severity: Severity,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF log of a check.
pub fn to_value(located: &[Located<'_>], sources: &Sources, rules: &[RuleInfo<'_>]) -> Value {
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": { "text": r.documentation, "markdown": r.documentation },
                "defaultConfiguration": { "level": level(r.severity) },
            });
            if let Some(url) = r.url {
                set(&mut rule, "helpUri", url);
            }
            rule
        })
        .collect();
    let lines = Lines::new(sources);
    let results: Vec<Value> = located.iter().map(|l| result(l, &lines, rules)).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vigie",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn location(file: &str, region: Value) -> Value {
    json!({ "physicalLocation": {
        "artifactLocation": { "uri": uri(file), "uriBaseId": "%SRCROOT%" },
        "region": region,
    }})
}

/// A relative path as a URI reference: percent-encoded where a URI needs it.
fn uri(file: &str) -> String {
    let mut out = String::new();
    for byte in file.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn region(lines: &Lines<'_>, file: &str, span: &std::ops::Range<usize>) -> Value {
    let (start_line, start_column) = lines.line_column(file, span.start);
    let (end_line, end_column) = lines.line_column(file, span.end);
    json!({ "startLine": start_line, "startColumn": start_column,
            "endLine": end_line, "endColumn": end_column })
}

fn result(l: &Located<'_>, lines: &Lines<'_>, rules: &[RuleInfo<'_>]) -> Value {
    let d = l.diagnostic;
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\n\nhelp: ");
        message.push_str(help);
    }
    let mut result = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [location(&d.file, json!({
            "startLine": l.line, "startColumn": l.column,
            "endLine": l.end_line, "endColumn": l.end_column,
        }))],
    });
    if let Some(index) = rules.iter().position(|r| r.code == d.code) {
        set(&mut result, "ruleIndex", index);
    }
    if !d.related.is_empty() {
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| {
                let mut place = location(&r.file, region(lines, &r.file, &r.span));
                set(&mut place, "id", id);
                set(&mut place, "message", json!({ "text": r.label }));
                place
            })
            .collect();
        set(&mut result, "relatedLocations", related);
    }
    if let Some(fix) = &d.fix {
        set(
            &mut result,
            "fixes",
            json!([{
                "description": { "text": d.help.clone().unwrap_or_else(|| d.message.clone()) },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri(&d.file), "uriBaseId": "%SRCROOT%" },
                    "replacements": [{
                        "deletedRegion": region(lines, &d.file, &fix.span),
                        "insertedContent": { "text": fix.replacement },
                    }],
                }],
            }]),
        );
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn a_result_has_what_code_scanning_needs() {
        let text = "---\ntitle: Été\n---\nVoir https://communs.example.fr/a-propos/ ici\n";
        let start = text.find("https").unwrap();
        let end = start + "https://communs.example.fr".len();
        let d = Diagnostic::new(
            "links/self-absolute",
            Severity::Warning,
            "pages/été.md",
            start..end + 10,
            "absolute link",
        )
        .with_help("make it root-relative")
        .with_fix(start..end, "");
        let sources: Sources = [("pages/été.md".to_owned(), std::sync::Arc::<str>::from(text))]
            .into_iter()
            .collect();
        let located = crate::report::locate(std::slice::from_ref(&d), &sources);
        let rules = [RuleInfo {
            code: "links/self-absolute",
            summary: "An absolute link to the site itself.".into(),
            documentation: "## What it does".into(),
            url: Some("https://example.org/doc"),
            severity: Severity::Warning,
        }];
        let log = to_value(&located, &sources, &rules);
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["helpUri"],
            "https://example.org/doc"
        );
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "links/self-absolute");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["level"], "warning");
        let place = &result["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], "pages/%C3%A9t%C3%A9.md");
        assert_eq!(place["region"]["startLine"], 4);
        assert_eq!(place["region"]["startColumn"], 6);
        let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["deletedRegion"]["startColumn"], 6);
        assert_eq!(replacement["deletedRegion"]["endColumn"], 6 + 26);
        assert_eq!(replacement["insertedContent"]["text"], "");
    }
}
