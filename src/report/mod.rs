//! Reporters: turn sorted diagnostics into text for people (miette) or JSON for machines.
//! They write to the `Write` they are given; the CLI decides where that goes.

pub mod human;
pub mod json;

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Severity};

/// The texts of the files diagnostics point into, by name relative to the root.
pub type Sources = HashMap<String, Arc<str>>;

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
