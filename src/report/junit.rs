//! `--format junit`: JUnit XML, which CI servers (GitLab, Jenkins, builds.sr.ht's
//! reporters) show as test results: one test suite per file, one failing test case per
//! error, a test case per warning or info with its text in `system-out`. A clean check is one
//! passing test case.

use super::{Located, escape_markup as escape};
use crate::diagnostic::Severity;

/// The JUnit report of a check.
pub fn render(located: &[Located<'_>]) -> String {
    let errors = located
        .iter()
        .filter(|l| l.diagnostic.severity == Severity::Error)
        .count();
    let mut files: Vec<&str> = located.iter().map(|l| l.diagnostic.file.as_str()).collect();
    files.dedup();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"vigie\" tests=\"{}\" failures=\"{errors}\">\n",
        located.len().max(1)
    ));
    if located.is_empty() {
        out.push_str("  <testsuite name=\"vigie\" tests=\"1\" failures=\"0\">\n    <testcase name=\"vigie check\" classname=\"vigie\"/>\n  </testsuite>\n");
    }
    for file in files {
        let cases: Vec<&Located<'_>> = located
            .iter()
            .filter(|l| l.diagnostic.file == file)
            .collect();
        let failures = cases
            .iter()
            .filter(|l| l.diagnostic.severity == Severity::Error)
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n",
            escape(file),
            cases.len()
        ));
        for l in cases {
            let d = l.diagnostic;
            let name = format!("{} {}:{}:{}", d.code, d.file, l.line, l.column);
            let mut text = format!("{}:{}:{}: {}", d.file, l.line, l.column, d.message);
            if let Some(help) = &d.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n",
                escape(&name),
                escape(&d.code),
                escape(&d.file),
                l.line
            ));
            match d.severity {
                Severity::Error => out.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(&d.message),
                    escape(&d.code),
                    escape(&text)
                )),
                _ => out.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape(&text)
                )),
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn errors_fail_and_text_is_escaped() {
        let error = Diagnostic::new(
            "html/stray-end-tag",
            Severity::Error,
            "a&b.md",
            0..1,
            "`</p>` closes no <p>\u{1}",
        );
        let warning = Diagnostic::new(
            "a11y/new-window",
            Severity::Warning,
            "a&b.md",
            0..1,
            "new window",
        );
        let sources = crate::source::Sources::new();
        let xml = render(&crate::report::locate(&[error, warning], &sources));
        assert!(
            xml.contains("<testsuites name=\"vigie\" tests=\"2\" failures=\"1\">"),
            "{xml}"
        );
        assert!(
            xml.contains("<testsuite name=\"a&amp;b.md\" tests=\"2\" failures=\"1\">"),
            "{xml}"
        );
        assert!(
            xml.contains("<failure message=\"`&lt;/p&gt;` closes no &lt;p&gt;\""),
            "{xml}"
        );
        assert!(
            xml.contains("<system-out>a&amp;b.md:1:1: new window</system-out>"),
            "{xml}"
        );
        assert!(render(&[]).contains("<testcase name=\"vigie check\""));
    }
}
