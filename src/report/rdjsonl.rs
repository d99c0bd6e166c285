//! `--format rdjsonl`: reviewdog's Diagnostic Format, one JSON object a line, which
//! reviewdog turns into review comments on Gitea, Forgejo, GitLab, Bitbucket … Columns
//! count UTF-8 bytes, as reviewdog's format says; a fix becomes a suggestion.

use serde_json::{Value, json};

use super::{Located, set};
use crate::diagnostic::Severity;
use crate::source::Sources;
use crate::source::file::Lines;

fn position(line: usize, column: usize) -> Value {
    json!({ "line": line, "column": column })
}

/// One line per finding.
pub fn render(located: &[Located<'_>], sources: &Sources) -> String {
    let lines = Lines::new(sources);
    let mut out = String::new();
    for l in located {
        let d = l.diagnostic;
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let severity = match d.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        };
        let mut value = json!({
            "message": message,
            "location": {
                "path": d.file,
                "range": {
                    "start": position(l.line, l.byte_column),
                    "end": position(l.end_line, l.end_byte_column),
                },
            },
            "severity": severity,
            "source": { "name": "vigie" },
            "code": { "value": d.code },
        });
        if let Some(url) = &d.url
            && let Some(code) = value.get_mut("code")
        {
            set(code, "url", url.clone());
        }
        if let Some(fix) = &d.fix {
            let fixed = Located {
                diagnostic: d,
                ..crate::report::locate_span(d, &fix.span, &lines)
            };
            set(
                &mut value,
                "suggestions",
                json!([{
                    "range": {
                        "start": position(fixed.line, fixed.byte_column),
                        "end": position(fixed.end_line, fixed.end_byte_column),
                    },
                    "text": fix.replacement,
                }]),
            );
        }
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn columns_count_bytes_and_fixes_are_suggestions() {
        let text = "é [x](https://site.fr/a/)\n";
        let start = text.find("https").unwrap();
        let d = Diagnostic::new(
            "links/self-absolute",
            Severity::Warning,
            "p.md",
            start..start + 15,
            "absolute",
        )
        .with_fix(start..start + 15, "");
        let sources: Sources = [("p.md".to_owned(), std::sync::Arc::<str>::from(text))]
            .into_iter()
            .collect();
        let line = render(
            &crate::report::locate(std::slice::from_ref(&d), &sources),
            &sources,
        );
        let value: Value = serde_json::from_str(line.trim()).unwrap();
        // `é` is two bytes: the link starts at byte column 8, character column 7.
        assert_eq!(value["location"]["range"]["start"]["column"], 8);
        assert_eq!(value["location"]["range"]["end"]["column"], 23);
        assert_eq!(value["severity"], "WARNING");
        assert_eq!(value["suggestions"][0]["text"], "");
        assert_eq!(value["suggestions"][0]["range"]["start"]["column"], 8);
    }
}
