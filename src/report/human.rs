//! Human output: each diagnostic rendered by miette (file, line, the source excerpt with the
//! span labelled, the code, the help), then a one-line summary.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::{Sources, Summary};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::source::file::line_column;

/// Renders diagnostics for a terminal (`color`) or a log.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_context_lines(1)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let adapter = Adapter::new(diagnostic, sources);
        if handler.render_report(&mut out, &adapter).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.file, diagnostic.message));
        }
        out.push('\n');
    }
    out
}

/// The last line: what was checked and what was found.
pub fn summary_line(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let found = if summary.errors + summary.warnings + summary.infos == 0 {
        "no problems".to_owned()
    } else {
        let mut parts = vec![
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
        ];
        if summary.infos > 0 {
            parts.push(plural(summary.infos, "info"));
        }
        parts.join(", ")
    };
    format!(
        "vigie: {found} in {} ({})",
        plural(summary.pages, "page"),
        plural(summary.files, "file")
    )
}

/// A file's text whose columns count characters, not bytes (miette counts bytes):
/// `é` is one column, as in an editor.
#[derive(Debug)]
struct CharColumns(Arc<str>);

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.0.as_ref().read_span(span, before, after)?;
        let (_, column) = line_column(&self.0, contents.span().offset());
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line(),
            column - 1,
            contents.line_count(),
        )))
    }
}

/// A `Diagnostic` seen through miette's trait. A related place in another file is shown
/// as a nested note (`note` set), with that file's excerpt.
struct Adapter<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<CharColumns>>,
    note: Option<&'a Related>,
    labels: Vec<LabeledSpan>,
    related: Vec<Adapter<'a>>,
}

impl<'a> Adapter<'a> {
    fn new(diagnostic: &'a Diagnostic, sources: &Sources) -> Self {
        let source_of = |file: &str| {
            sources
                .get(file)
                .map(|text| NamedSource::new(file, CharColumns(text.clone())))
        };
        let label = diagnostic
            .label
            .clone()
            .unwrap_or_else(|| "here".to_owned());
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(label),
            to_span(&diagnostic.span),
        )];
        let mut related = Vec::new();
        for other in &diagnostic.related {
            let span = LabeledSpan::new_with_span(Some(other.label.clone()), to_span(&other.span));
            if other.file == diagnostic.file {
                labels.push(span);
            } else {
                related.push(Adapter {
                    diagnostic,
                    source: source_of(&other.file),
                    note: Some(other),
                    labels: vec![span],
                    related: Vec::new(),
                });
            }
        }
        Self {
            diagnostic,
            source: source_of(&diagnostic.file),
            note: None,
            labels,
            related,
        }
    }
}

fn to_span(range: &std::ops::Range<usize>) -> SourceSpan {
    (range.start, range.end.saturating_sub(range.start)).into()
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.note {
            Some(note) => f.write_str(&note.label),
            None => f.write_str(&self.diagnostic.message),
        }
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.note
            .is_none()
            .then(|| Box::new(&self.diagnostic.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.note.is_some() {
            return Some(miette::Severity::Advice);
        }
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        if self.note.is_some() {
            return None;
        }
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        None
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.clone().into_iter()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_columns_count_characters() {
        let text: Arc<str> = Arc::from("éàü x\n");
        let sources: Sources = [("a.md".to_owned(), text)].into_iter().collect();
        // "x" is the fifth character but the eighth byte.
        let diagnostic = Diagnostic::new("test/code", Severity::Error, "a.md", 7..8, "bad x");
        let rendered = render(&[diagnostic], &sources, false, 80);
        assert!(rendered.contains("[a.md:1:5]"), "{rendered}");
    }
}
