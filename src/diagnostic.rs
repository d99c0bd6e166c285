//! The `Diagnostic` type every rule produces: a code, a severity, a message, byte ranges
//! into a source file, a help line, and optionally a docs URL, a link and a fix.
//! Pure data: line and column are computed by reporters only.
//!
//! May import nothing.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place that explains the finding (the first of two duplicate keys, the other
/// page writing the same URL …). It may be in another file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: String,
    pub span: Range<usize>,
    pub label: String,
}

/// A mechanical edit that fixes the finding: replace `span` of the same file by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Range<usize>,
    pub replacement: String,
}

/// One finding, at a byte range of one file (relative to the checked root, `/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub span: Range<usize>,
    /// Text shown under the primary span; defaults to the message.
    pub label: Option<String>,
    pub help: Option<String>,
    pub url: Option<String>,
    /// The link target exactly as written, on every link diagnostic.
    pub link: Option<String>,
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        file: impl Into<String>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            severity,
            message: message.into(),
            file: file.into(),
            span,
            label: None,
            help: None,
            url: None,
            link: None,
            related: Vec::new(),
            fix: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    #[must_use]
    pub fn with_related(
        mut self,
        file: impl Into<String>,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            span,
            label: label.into(),
        });
        self
    }

    #[must_use]
    pub fn with_fix(mut self, span: Range<usize>, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// The order reporters print in: by file, then position, then code.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.file, self.span.start, self.span.end, &self.code)
    }
}

/// Sorts findings by file and position, and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    });
    diagnostics.dedup();
}
