//! markdown-it-attrs' curly attributes (`{#id .class key=val}`): where a text holds them
//! and which attributes they set, with the bytes of each value. Read from the plugin's
//! `utils.js` (markdown-it-attrs 5.0.1): the same delimiters, quotes and minimum lengths.

use std::ops::Range;

/// One `key=value` of a curly; `value` is the bytes of the value in the text given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attr {
    pub key: String,
    pub value: Range<usize>,
}

/// A curly found in a text: its bytes (`{` to `}`) and its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Curly {
    pub span: Range<usize>,
    pub attrs: Vec<Attr>,
}

impl Curly {
    /// The `id` it sets (the last one wins, as `attrSet` overrides), as value bytes.
    pub(super) fn id(&self) -> Option<Range<usize>> {
        self.attrs
            .iter()
            .rev()
            .find(|a| a.key == "id")
            .map(|a| a.value.clone())
    }
}

fn is_unescaped_quote(bytes: &[u8], i: usize) -> bool {
    let Some((b'"', before)) = bytes.get(..=i).and_then(<[u8]>::split_last) else {
        return false;
    };
    before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0
}

/// The first `}` at or after `from` outside double quotes.
fn right_delimiter(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        if is_unescaped_quote(bytes, i) {
            quoted = !quoted;
        } else if !quoted && b == b'}' {
            return Some(i);
        }
    }
    None
}

/// The last `{` outside double quotes.
fn left_delimiter(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quoted = false;
    let mut found = None;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unescaped_quote(bytes, i) {
            quoted = !quoted;
        } else if !quoted && b == b'{' {
            found = Some(i);
        }
    }
    found
}

/// `{b}` at least; `{.a}` and `{#a}` need a name.
fn long_enough(curly: &[u8]) -> bool {
    match curly.get(1) {
        Some(b'.' | b'#') => curly.len() >= 4,
        _ => curly.len() >= 3,
    }
}

/// A curly that ends `text` (`Titre {#titre}`): headings, paragraphs, list items, fence
/// info strings.
pub(super) fn at_end(text: &str) -> Option<Curly> {
    let start = left_delimiter(text)?;
    let end = right_delimiter(text, start + 2)?;
    let curly = text.as_bytes().get(start..=end);
    (end + 1 == text.len() && curly.is_some_and(long_enough)).then(|| Curly {
        span: start..end + 1,
        attrs: parse(text, start),
    })
}

/// A curly that starts `text` (`{.a}` right after a link, image, code span or emphasis).
pub(super) fn at_start(text: &str) -> Option<Curly> {
    if !text.starts_with('{') {
        return None;
    }
    let end = right_delimiter(text, 2)?;
    let curly = text.as_bytes().get(..=end);
    if text.as_bytes().get(end + 1) == Some(&b'}') || !curly.is_some_and(long_enough) {
        return None;
    }
    // The plugin cuts the text after the first `}`, quoted or not.
    let cut = text.find('}').map_or(end + 1, |i| i + 1);
    Some(Curly {
        span: 0..cut,
        attrs: parse(text, 0),
    })
}

/// The attributes of the curly opening at `start` (getAttrs).
fn parse(text: &str, start: usize) -> Vec<Attr> {
    let bytes = text.as_bytes();
    let mut attrs = Vec::new();
    let mut key = String::new();
    let mut value: Option<Range<usize>> = None;
    let mut parsing_key = true;
    let mut quoted = false;
    let value_start = |i: usize, value: &mut Option<Range<usize>>| {
        let range = value.get_or_insert(i..i);
        range.end = i + 1;
    };
    let mut push = |key: &mut String, value: &mut Option<Range<usize>>, at: usize| {
        attrs.push(Attr {
            key: std::mem::take(key),
            value: value.take().unwrap_or(at..at),
        });
    };
    let mut i = start + 1;
    while let Some(&c) = bytes.get(i) {
        if !quoted && c == b'}' {
            if !key.is_empty() {
                push(&mut key, &mut value, i);
            }
            break;
        }
        if c == b'=' && parsing_key {
            parsing_key = false;
        } else if c == b'.' && key.is_empty() {
            key = match bytes.get(i + 1) {
                Some(b'.') => {
                    i += 1;
                    "css-module".into()
                }
                _ => "class".into(),
            };
            parsing_key = false;
        } else if c == b'#' && key.is_empty() {
            key = "id".into();
            parsing_key = false;
        } else if is_unescaped_quote(bytes, i) && value.is_none() && !quoted {
            quoted = true;
        } else if is_unescaped_quote(bytes, i) && quoted {
            quoted = false;
        } else if c == b' ' && !quoted {
            if !key.is_empty() {
                push(&mut key, &mut value, i);
                parsing_key = true;
            }
        } else if parsing_key {
            if !matches!(
                c,
                b'\t' | b'\n' | b'\x0c' | b' ' | b'/' | b'>' | b'"' | b'\'' | b'='
            ) {
                // Whole characters: a key's bytes are copied as they come.
                if let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
                    key.push(c);
                    i += c.len_utf8();
                    continue;
                }
            }
        } else {
            value_start(i, &mut value);
        }
        i += 1;
    }
    attrs
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;

    fn described(text: &str, curly: &Curly) -> Vec<(String, String)> {
        curly
            .attrs
            .iter()
            .map(|a| (a.key.clone(), text[a.value.clone()].to_owned()))
            .collect()
    }

    #[test]
    fn curlies_at_the_end_as_the_plugin_reads_them() {
        let text = "Quality indicators {#quality-indicators}";
        let curly = at_end(text).unwrap();
        assert_eq!(&text[curly.span.clone()], "{#quality-indicators}");
        assert_eq!(&text[curly.id().unwrap()], "quality-indicators");
        let text = "Other {.cls #other data-x=1 title=\"a } b\"}";
        let curly = at_end(text).unwrap();
        assert_eq!(
            described(text, &curly),
            [
                ("class".into(), "cls".into()),
                ("id".into(), "other".into()),
                ("data-x".into(), "1".into()),
                ("title".into(), "a } b".into())
            ]
        );
        // markdown-it-attrs 5.0.1 reads `{not attrs}` as two bare attributes.
        let text = "Plain text {not attrs}";
        let curly = at_end(text).unwrap();
        assert_eq!(curly.id(), None);
        assert_eq!(curly.attrs.len(), 2);
        for no in [
            "Hash {#}",
            "Empty {}",
            "Open {#a",
            "{#a} then text",
            "a {#b}c",
        ] {
            assert_eq!(at_end(no), None, "{no}");
        }
    }

    #[test]
    fn curlies_at_the_start() {
        let text = "{#lid .c} suite";
        let curly = at_start(text).unwrap();
        assert_eq!(&text[curly.span.clone()], "{#lid .c}");
        assert_eq!(&text[curly.id().unwrap()], "lid");
        assert_eq!(at_start("{{x}}"), None);
        assert_eq!(at_start(" {#a}"), None);
        assert_eq!(at_start("{#}"), None);
    }
}
