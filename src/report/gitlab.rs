//! `--format gitlab`: GitLab Code Quality (a JSON array of issues, the subset of Code
//! Climate's format GitLab reads), each with its fingerprint (`report::fingerprints`).

use serde_json::{Value, json};

use super::Located;
use crate::diagnostic::Severity;
use crate::source::Sources;

/// The Code Quality report of a check.
pub fn to_value(located: &[Located<'_>], sources: &Sources) -> Value {
    let diagnostics: Vec<crate::diagnostic::Diagnostic> =
        located.iter().map(|l| l.diagnostic.clone()).collect();
    let fingerprints = super::fingerprints(&diagnostics, sources);
    let issues: Vec<Value> = located
        .iter()
        .zip(fingerprints)
        .map(|(l, fingerprint)| {
            let d = l.diagnostic;
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            json!({
                "type": "issue",
                "check_name": d.code,
                "description": d.message,
                "content": { "body": d.help.clone().unwrap_or_default() },
                "categories": ["Bug Risk"],
                "severity": severity,
                "fingerprint": fingerprint,
                "location": {
                    "path": d.file,
                    "lines": { "begin": l.line, "end": l.end_line },
                },
            })
        })
        .collect();
    Value::Array(issues)
}

/// FNV-1a (64 bits) of the parts, in hex: stable across runs, platforms and versions.
pub(super) fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    fn report(text: &str, spans: &[std::ops::Range<usize>]) -> Vec<String> {
        let diagnostics: Vec<Diagnostic> = spans
            .iter()
            .map(|s| {
                Diagnostic::new(
                    "links/missing-page",
                    Severity::Error,
                    "a.md",
                    s.clone(),
                    "no page",
                )
            })
            .collect();
        let sources: Sources = [("a.md".to_owned(), std::sync::Arc::<str>::from(text))]
            .into_iter()
            .collect();
        let value = to_value(&crate::report::locate(&diagnostics, &sources), &sources);
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn fingerprints_are_unique_and_survive_moved_lines() {
        let before = report("[a](/x/) [b](/x/)\n", &[4..7, 13..16]);
        assert_ne!(before[0], before[1], "the same link twice: two issues");
        let moved = "Un paragraphe ajouté.\n\n[a](/x/) [b](/x/)\n";
        let at = moved.find("[a]").unwrap();
        let after = report(moved, &[at + 4..at + 7, at + 13..at + 16]);
        assert_eq!(before, after);
        // Parts are separated: moving a character from one to the next changes it.
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["a"]).len(), 16);
    }
}
