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

/// `text` in Unicode normal form C, borrowed when it already is (ASCII, most French text):
/// the quick check costs a table lookup a character, the normalizer much more.
pub fn composed(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        IsNormalized::No | IsNormalized::Maybe => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}
