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

/// Where a text's lines start, and how many characters come before every `STRIDE`th byte:
/// a byte offset becomes a line and a column in `O(log lines + STRIDE)`, however long the
/// line and however many findings the file has.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    chars_before_stride: Vec<usize>,
    bom: bool,
}

const STRIDE: usize = 1024;

/// Whether `byte` starts a character (is not a UTF-8 continuation byte).
fn starts_char(byte: u8) -> bool {
    (byte as i8) >= -0x40
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        let mut chars_before_stride = Vec::with_capacity(bytes.len() / STRIDE + 2);
        let mut chars = 0;
        for chunk in bytes.chunks(STRIDE) {
            chars_before_stride.push(chars);
            // Counted in a byte per part of 255 (it cannot overflow), which vectorizes.
            let starts = chunk
                .chunks(255)
                .map(|part| part.iter().map(|&b| u8::from(starts_char(b))).sum::<u8>());
            chars += starts.map(usize::from).sum::<usize>();
        }
        chars_before_stride.push(chars);
        Self {
            line_starts,
            chars_before_stride,
            bom: text.starts_with('\u{feff}'),
        }
    }

    /// Characters of `text` before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let stride = offset / STRIDE;
        let counted = self.chars_before_stride.get(stride).copied().unwrap_or(0);
        let rest = text
            .as_bytes()
            .get(stride * STRIDE..offset)
            .unwrap_or_default();
        counted + rest.iter().filter(|&&b| starts_char(b)).count()
    }

    /// The byte where 1-based `line` starts, if the text has that line.
    pub fn start_of_line(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The byte where the line holding `offset` starts.
    pub fn line_start(&self, offset: usize) -> usize {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }

    /// Line and column (both 1-based, the column in characters, a BOM no column) of byte
    /// `offset` of `text`, the text this index was built from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_start(offset);
        let mut column = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        if start == 0 && self.bom && offset > 0 {
            column -= 1;
        }
        (line, column)
    }
}

/// Lines and columns of the files diagnostics point into, each file's index built once,
/// when first asked: what reporters locate findings with.
pub struct Lines<'s> {
    sources: &'s Sources,
    indexes: std::cell::RefCell<HashMap<&'s str, std::rc::Rc<LineIndex>>>,
}

impl<'s> Lines<'s> {
    pub fn new(sources: &'s Sources) -> Self {
        Self {
            sources,
            indexes: Default::default(),
        }
    }

    /// The text of `file` (empty when it is not among the sources).
    pub fn text(&self, file: &str) -> &'s str {
        self.sources.get(file).map_or("", |text| text)
    }

    fn index(&self, file: &str) -> std::rc::Rc<LineIndex> {
        let text = self.text(file);
        let Some((name, _)) = self.sources.get_key_value(file) else {
            return std::rc::Rc::new(LineIndex::new(text));
        };
        self.indexes
            .borrow_mut()
            .entry(name.as_str())
            .or_insert_with(|| std::rc::Rc::new(LineIndex::new(text)))
            .clone()
    }

    /// Line and column (1-based, in characters) of byte `offset` of `file`.
    pub fn line_column(&self, file: &str, offset: usize) -> (usize, usize) {
        self.index(file).line_column(self.text(file), offset)
    }

    /// The 1-based column of byte `offset` of `file`, counted in bytes.
    pub fn byte_column(&self, file: &str, offset: usize) -> usize {
        let offset = offset.min(self.text(file).len());
        offset - self.index(file).line_start(offset) + 1
    }
}

/// The smallest char boundary not before `index` (the text's end past it).
pub fn ceil_char_boundary(text: &str, mut index: usize) -> usize {
    while index < text.len() && !text.is_char_boundary(index) {
        index += 1;
    }
    index.min(text.len())
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

    /// The reference the index is held to: read the text up to the offset.
    fn line_column(text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = text.get(..offset).unwrap_or(text);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_text = match before.rsplit_once('\n') {
            Some((_, line_text)) => line_text,
            // A BOM is not something an editor shows: it is no column of the first line.
            None => before.strip_prefix('\u{feff}').unwrap_or(before),
        };
        let column = line_text.chars().count() + 1;
        (line, column)
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "é\nàb";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // "à" is two bytes: "b" is the second character of line 2
        assert_eq!(line_column(text, 5), (2, 2));
    }

    #[test]
    fn the_index_agrees_with_reading_up_to_the_offset() {
        let long = format!("{}é\n{}", "a".repeat(3000), "ü".repeat(1500));
        let texts = [
            "",
            "é\nàb",
            "\u{feff}---\r\ntitle: x\r\n",
            "\u{feff}",
            "a\n\n\nb",
            long.as_str(),
        ];
        for text in texts {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_column(text, offset),
                    line_column(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
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
