//! Human output: each diagnostic rendered by miette (file, line, the source excerpt with the
//! span labelled, the code, the help), then a one-line summary.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::Summary;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::source::Sources;
use crate::source::file::{LineIndex, ceil_char_boundary, floor_char_boundary, is_bidi_control};

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
    // A page's text and what rules quote of it are hostile: nothing reaches the terminal
    // that it would act on.
    // Only the files findings point into are read again (made inert, indexed).
    let named: std::collections::HashSet<&str> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.file).chain(d.related.iter().map(|r| &r.file)))
        .map(String::as_str)
        .collect();
    let sources: Sources = sources
        .iter()
        .filter(|(name, _)| named.contains(name.as_str()))
        .map(|(name, text)| match inert(text) {
            Cow::Borrowed(_) => (name.clone(), text.clone()),
            Cow::Owned(safe) => (name.clone(), safe.into()),
        })
        .collect();
    let indexes: HashMap<&str, Arc<LineIndex>> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), Arc::new(LineIndex::new(text))))
        .collect();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let diagnostic = &inert_diagnostic(diagnostic);
        let adapter = Adapter::new(diagnostic, &sources, &indexes);
        if handler.render_report(&mut out, &adapter).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.file, diagnostic.message));
        }
        out.push('\n');
    }
    out
}

/// `text` with each character a terminal would act on — control characters but tabs and
/// line ends, bidi marks — replaced by as many `?` as it has bytes, so that spans still fit.
pub fn inert(text: &str) -> Cow<'_, str> {
    let acts = |(i, c): (usize, char)| {
        (c.is_control()
            && c != '\n'
            && c != '\t'
            && !(c == '\r' && text.as_bytes().get(i + 1) == Some(&b'\n')))
            || is_bidi_control(c)
    };
    if !text.char_indices().any(acts) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if acts((i, c)) {
            safe.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// `diagnostic` with its texts made inert.
fn inert_diagnostic(diagnostic: &Diagnostic) -> Diagnostic {
    let mut safe = diagnostic.clone();
    let fix = |text: &mut String| {
        if let Cow::Owned(inert) = inert(text) {
            *text = inert;
        }
    };
    fix(&mut safe.message);
    safe.help.as_mut().map(fix);
    safe.label.as_mut().map(fix);
    for related in &mut safe.related {
        fix(&mut related.label);
    }
    safe
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

/// A file's text as miette reads it, with columns in characters (miette counts bytes: `é`
/// is one column, as in an editor) and excerpts found through the file's line index (miette
/// reads from the file's start for each one). An excerpt of a long line is the span and a
/// little around it: a page written on one line stays readable, and miette's columns small.
#[derive(Debug)]
struct CharColumns {
    text: Arc<str>,
    lines: Arc<LineIndex>,
}

/// Bytes of context kept on each side of a span in a line longer than `LONG_LINE`.
const AROUND: usize = 80;
const LONG_LINE: usize = 400;

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.text;
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let (first, _) = self.lines.line_column(text, start);
        let (last, _) = self.lines.line_column(text, end);
        let line_start = |line: usize| self.lines.start_of_line(line).unwrap_or(text.len());
        // miette's own reading, on the lines around the span only.
        let mut window_line = first.saturating_sub(before).max(1);
        let mut window = line_start(window_line)..line_start(last + after + 2);
        if window.len() > LONG_LINE + span.len() {
            // A long line: the span itself, with a little of its line around it. miette
            // reads only that: on all of a long line, each finding would cost its length.
            window = floor_char_boundary(text, start.saturating_sub(AROUND).max(line_start(first)))
                ..ceil_char_boundary(text, (end + AROUND).min(line_start(last + 1)));
            window_line = first;
        }
        let shifted = SourceSpan::from((start - window.start, span.len()));
        let around = text.get(window.clone()).ok_or(MietteError::OutOfBounds)?;
        let contents = around.read_span(&shifted, before, after)?;
        let from = window.start + contents.span().offset();
        let to = from + contents.span().len();
        let (line, column) = self.lines.line_column(text, from);
        let data = text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new(
            data.as_bytes(),
            (from, to - from).into(),
            line - 1,
            column - 1,
            contents.line_count() + window_line - 1,
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
    fn new(
        diagnostic: &'a Diagnostic,
        sources: &Sources,
        indexes: &HashMap<&str, Arc<LineIndex>>,
    ) -> Self {
        let source_of = |file: &str| {
            let text = sources.get(file)?.clone();
            let lines = indexes.get(file)?.clone();
            Some(NamedSource::new(file, CharColumns { text, lines }))
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

    #[test]
    fn a_page_written_on_one_long_line_shows_the_span_and_its_surroundings() {
        // Past 65 535 columns miette's own excerpt panics (a format width is a u16).
        let line = format!("{}[lien](/absente/) suite", "é ".repeat(40_000));
        let text: Arc<str> = Arc::from(format!("# Titre\n{line}\nfin\n"));
        let sources: Sources = [("a.md".to_owned(), text.clone())].into_iter().collect();
        let at = text.find("/absente/").unwrap();
        let diagnostic =
            Diagnostic::new("test/code", Severity::Error, "a.md", at..at + 9, "no page");
        let rendered = render(&[diagnostic], &sources, false, 100);
        assert!(rendered.contains("[a.md:2:80008]"), "{rendered}");
        assert!(rendered.contains("[lien](/absente/) suite"), "{rendered}");
        assert!(rendered.len() < 2000, "{rendered}");
    }

    #[test]
    fn nothing_a_terminal_acts_on_gets_through() {
        let text: Arc<str> =
            Arc::from("a\u{1b}]0;pwned\u{7} \u{202e}x\r\ny\rz [k](/nulle\u{1b}[2J/)\n");
        let sources: Sources = [("a.md".to_owned(), text.clone())].into_iter().collect();
        let at = text.find("/nulle").unwrap();
        let diagnostic = Diagnostic::new(
            "test/code",
            Severity::Error,
            "a.md",
            at..at + 11,
            "no page at `/nulle\u{1b}[2J/`",
        )
        .with_help("did you mean \u{9b}31m?");
        let rendered = render(&[diagnostic], &sources, false, 200);
        assert!(
            !rendered.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
            "{rendered:?}"
        );
        assert!(
            !rendered.contains("y\rz"),
            "a lone carriage return is shown inert: {rendered:?}"
        );
        assert!(rendered.contains("a?]0;pwned? ???x"), "{rendered}");
        // Same bytes, so the span still points at the link: line 2, after `y?z [k](`.
        assert!(rendered.contains("[a.md:2:9]"), "{rendered}");
    }
}
