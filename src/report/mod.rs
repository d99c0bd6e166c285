//! Reporters: turn sorted diagnostics into text for people (miette) or JSON for machines.
//! They write to the `Write` they are given; the CLI decides where that goes.
//!
//! May import `diagnostic` and `source` (the texts diagnostics point into).

pub mod human;
pub mod json;

use crate::diagnostic::{Diagnostic, Severity};

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
