//! `--format github`: GitHub Actions workflow commands, one per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which GitHub shows
//! as annotations on the lines of a pull request. Properties and messages are escaped as
//! GitHub's toolkit escapes them (`%`, CR, LF; and `:` `,` in properties).

use super::Located;
use crate::diagnostic::Severity;

/// The workflow commands of every finding, one a line.
pub fn render(located: &[Located<'_>]) -> String {
    let mut out = String::new();
    for l in located {
        let d = l.diagnostic;
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&d.file),
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            property(&format!("vigie {}", d.code)),
            data(&message),
        ));
    }
    out
}

/// A command's message: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as a message, and `:` and `,` too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn commands_are_escaped_as_github_reads_them() {
        let d = Diagnostic::new(
            "links/missing-page",
            Severity::Error,
            "a,b/été:1.md",
            4..9,
            "no page at `/x/` (100%)",
        )
        .with_help("write the address\nof the page");
        let located = Located {
            diagnostic: &d,
            line: 2,
            column: 3,
            end_line: 2,
            end_column: 8,
            byte_column: 4,
            end_byte_column: 9,
        };
        assert_eq!(
            render(&[located]),
            "::error file=a%2Cb/été%3A1.md,line=2,col=3,endLine=2,endColumn=8,title=vigie links/missing-page::no page at `/x/` (100%25)%0Ahelp: write the address%0Aof the page\n"
        );
    }
}
