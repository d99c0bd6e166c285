//! Parsers: pure functions from text to data with byte spans into the file (front matter,
//! YAML, the page's content and markup), and the slug functions ids are made with.
//!
//! May import `config` (the site's markdown-it flavour) and `diagnostic`.

pub mod content;
pub mod front_matter;
#[doc(hidden)]
pub mod invariants;
pub mod slug;
pub mod template_tags;
pub mod yaml;

// Parsers move on byte offsets they found in the same text: these read the text there,
// and a wrong offset (past the end, inside a character) reads as nothing instead of panicking.

/// `text` from byte `at` on.
pub(crate) fn text_from(text: &str, at: usize) -> &str {
    text.get(at..).unwrap_or_default()
}

/// `text` before byte `at`.
pub(crate) fn text_before(text: &str, at: usize) -> &str {
    text.get(..at).unwrap_or_default()
}

/// The bytes `range` of `text`.
pub(crate) fn text_at(text: &str, range: std::ops::Range<usize>) -> &str {
    text.get(range).unwrap_or_default()
}
