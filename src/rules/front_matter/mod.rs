//! Front matter rules: YAML that Eleventy refuses, and values that break the page.

pub mod duplicate_key;
pub mod impossible_date;
pub mod invalid_date;
pub mod invalid_permalink;
pub mod invalid_yaml;
pub mod missing_layout;
pub mod missing_title;
pub mod not_a_mapping;
pub mod unclosed;
pub mod unknown_key;

use std::ops::Range;

use crate::parse::front_matter::FrontMatter;
use crate::site::Page;

/// Where to report a finding about the page as a whole: its opening `---`, or the first
/// line of the file when it has no front matter.
pub fn page_anchor(page: &Page) -> Range<usize> {
    match &page.split.front_matter {
        FrontMatter::Parsed(block) => block.open.clone(),
        FrontMatter::Unclosed { open } | FrontMatter::Unevaluated { open, .. } => open.clone(),
        FrontMatter::Absent => {
            let end = page.file.text.find('\n').unwrap_or(page.file.text.len());
            0..end.min(80)
        }
    }
}
