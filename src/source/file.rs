//! `SourceFile`: one file of the site, its path relative to the checked root and its text.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The texts of the files diagnostics point into, by name relative to the root: what
/// reporters turn byte offsets into lines and columns with.
pub type Sources = HashMap<String, Arc<str>>;

/// A file of the site. `text` is the file's bytes decoded as UTF-8, BOM kept, and each
/// byte that is not UTF-8 replaced by one `?`, so that byte offsets are offsets into the
/// file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the checked root, `/` separators, escaped (`file::escaped_name`).
    pub rel: String,
    pub text: Arc<str>,
    /// Offsets of the bytes that were not UTF-8 (replaced by `?` in `text`).
    pub invalid_utf8: Vec<usize>,
}

impl SourceFile {
    pub fn new(rel: String, text: impl Into<Arc<str>>) -> Self {
        Self {
            rel,
            text: text.into(),
            invalid_utf8: Vec::new(),
        }
    }

    /// A file from its bytes; bytes that are not UTF-8 are replaced rather than refused.
    pub fn from_bytes(rel: &str, bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::new(rel.to_owned(), text),
            Err(_) => {
                let (text, invalid_utf8) = decode_keeping_offsets(bytes);
                Self {
                    invalid_utf8,
                    ..Self::new(rel.to_owned(), text)
                }
            }
        }
    }
}

/// Decodes UTF-8, turning each invalid byte into one `?` so that offsets do not move.
fn decode_keeping_offsets(bytes: &[u8]) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for _ in chunk.invalid() {
            invalid.push(text.len());
            text.push('?');
        }
    }
    (text, invalid)
}

/// `path` relative to `root`, with `/` separators, as shown to people and in JSON (each
/// part through `escaped_name`).
pub fn relative_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(part) => Some(escaped_name(&os_bytes(part))),
            _ => None,
        })
        .collect();
    parts.join("/")
}

#[cfg(unix)]
fn os_bytes(part: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    part.as_bytes().into()
}

#[cfg(not(unix))]
fn os_bytes(part: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    part.to_string_lossy().into_owned().into_bytes().into()
}

/// A file name as vigie keys and shows it: UTF-8 as written, but each control character
/// and each byte that is not UTF-8 escaped (`\x1b`, `\xe9`; `\` itself as `\\`), so that
/// no name can drive a terminal or forge a line of output, and two names never merge.
pub fn escaped_name(bytes: &[u8]) -> String {
    let mut name = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => name.push_str("\\\\"),
                c if c.is_control() || is_bidi_control(c) => name.extend(c.escape_unicode()),
                c => name.push(c),
            }
        }
        for byte in chunk.invalid() {
            name.push_str(&format!("\\x{byte:02x}"));
        }
    }
    name
}

/// The marks that reorder text on screen (`U+202E` shows `gpj.md` as `dm.jpg`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Line and column (both 1-based, column counted in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut line_text = &before[line_start..];
    if line_start == 0 {
        // A BOM is not something an editor shows: it is no column of the first line.
        line_text = line_text.strip_prefix('\u{feff}').unwrap_or(line_text);
    }
    let column = line_text.chars().count() + 1;
    (line, column)
}

/// The largest char boundary not after `index`.
pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "é\nàb";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // "à" is two bytes: "b" is the second character of line 2
        assert_eq!(line_column(text, 5), (2, 2));
    }

    #[test]
    fn a_bom_is_no_column() {
        let text = "\u{feff}---\r\ntitle: x\r\n";
        assert_eq!(line_column(text, 3), (1, 1));
        assert_eq!(line_column(text, 6), (1, 4));
        assert_eq!(line_column(text, 8), (2, 1));
    }

    #[test]
    fn invalid_bytes_keep_offsets() {
        let bytes = b"caf\xe9 \xff\xfe ok \xc3\xa9";
        let (text, invalid) = decode_keeping_offsets(bytes);
        assert_eq!(text, "caf? ?? ok é");
        assert_eq!(invalid, [3, 5, 6]);
        assert_eq!(text.len(), bytes.len());
    }

    #[test]
    fn names_are_escaped_and_never_merge() {
        assert_eq!(escaped_name("é b.md".as_bytes()), "é b.md");
        assert_eq!(escaped_name(b"caf\xe9.md"), "caf\\xe9.md");
        assert_ne!(escaped_name(b"caf\xe9.md"), escaped_name(b"caf\xea.md"));
        assert_eq!(
            escaped_name(b"a\x1b]0;pwned\x07\nb.md"),
            "a\\u{1b}]0;pwned\\u{7}\\u{a}b.md"
        );
        assert_eq!(escaped_name(b"a\\b"), "a\\\\b");
        assert_ne!(escaped_name(b"caf\\xe9.md"), escaped_name(b"caf\xe9.md"));
    }

    #[test]
    fn relative_name_uses_slashes() {
        let root = Path::new("/site");
        assert_eq!(relative_name(root, Path::new("/site/a b/é.md")), "a b/é.md");
    }
}
