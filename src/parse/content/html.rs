//! Link attributes (`a[href]`, `img[src]`, `img[srcset]` …) and fragment ids (`id`,
//! `a[name]`) of raw HTML, with the exact bytes of each value. html5gum finds the tags
//! (skipping comments, script and style text); each tag's own source is then read
//! attribute by attribute, so values keep their bytes as written (entities undecoded).

use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::markup::{Piece, Syntax};
use crate::parse::{text_at, text_from};

/// A link attribute found in HTML: spans are relative to the text given to `scan`, plus
/// its base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HtmlLink {
    pub attribute: UrlAttribute,
    pub span: Range<usize>,
    /// Written without a value (`<a href>`): the empty span is right after the name.
    pub bare: bool,
}

/// One attribute of a start tag: spans relative to the text given to `scan`, plus its base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HtmlAttribute {
    pub name: String,
    /// The value's bytes (quotes excluded); `None` for a bare attribute (`<input disabled>`).
    pub value: Option<Range<usize>>,
    /// The whole attribute, name to end of value.
    pub span: Range<usize>,
}

/// One start tag, with all its attributes (duplicates included, in source order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HtmlElement {
    pub name: String,
    pub span: Range<usize>,
    pub attributes: Vec<HtmlAttribute>,
}

/// What a piece of HTML holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct HtmlFacts {
    pub links: Vec<HtmlLink>,
    /// Every start tag of the markup, for rules on elements and attributes.
    pub elements: Vec<HtmlElement>,
    /// Spans of `id` values (any element) and `name` values of `<a>`.
    pub anchors: Vec<Range<usize>>,
    /// The markup stream: tags, text and writing errors in document order (the Markdown
    /// walk adds its constructs between them).
    pub markup: Vec<Piece>,
    /// The text of the stream's text pieces, one after another.
    pub texts: String,
}

/// The tokenizer errors that are writing errors in a tag (RGAA's « règles d'écriture »).
/// Duplicate attributes are found from the attributes themselves, with both places.
fn is_writing_error(code: &str) -> bool {
    matches!(
        code,
        "missing-whitespace-between-attributes"
            | "unexpected-character-in-unquoted-attribute-value"
            | "unexpected-equals-sign-before-attribute-name"
            | "unexpected-character-in-attribute-name"
            | "missing-attribute-value"
            | "end-tag-with-attributes"
            | "eof-in-tag"
            | "unexpected-solidus-in-tag"
    )
}

/// Which attributes of which elements hold a URL, as `UrlAttribute` names them.
const LINK_ATTRIBUTES: [(&str, &str); 17] = [
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("embed", "src"),
    ("script", "src"),
    ("track", "src"),
    ("input", "src"),
    ("img", "srcset"),
    ("source", "srcset"),
    ("video", "poster"),
    ("object", "data"),
    ("form", "action"),
];

/// An attribute of an element that holds a URL (`a[href]`, `img[srcset]` …), as an index
/// into `LINK_ATTRIBUTES`: a link's kind takes two bytes, not two pointers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct UrlAttribute(u8);

impl UrlAttribute {
    fn find(element: &str, attribute: &str) -> Option<Self> {
        let index = LINK_ATTRIBUTES
            .iter()
            .position(|&(e, a)| e == element && a == attribute)?;
        u8::try_from(index).ok().map(Self)
    }

    fn names(self) -> (&'static str, &'static str) {
        LINK_ATTRIBUTES
            .get(usize::from(self.0))
            .copied()
            .unwrap_or(("", ""))
    }

    /// Lowercase, as `a`.
    pub fn element(self) -> &'static str {
        self.names().0
    }

    /// Lowercase, as `href`.
    pub fn attribute(self) -> &'static str {
        self.names().1
    }

    /// Whether it is the `attribute` of `element` (`is("iframe", "src")`).
    pub fn is(self, element: &str, attribute: &str) -> bool {
        self.names() == (element, attribute)
    }
}

impl std::fmt::Debug for UrlAttribute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.element(), self.attribute())
    }
}

/// The writing errors of `tag` (at `base`), a `<name …>` that Markdown left as text because
/// it is not written as a tag: markdown-it shows it to the reader as it is.
pub(super) fn errors_of_text_tag(tag: &str, base: usize, facts: &mut HtmlFacts) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let first = Tokenizer::new_with_emitter(tag, emitter).find_map(|token| match token {
        Ok(Token::Error(error)) if is_writing_error(error.value.as_str()) => Some(error),
        _ => None,
    });
    if let Some(error) = first {
        let span = error_span(tag, error.span.start..error.span.end);
        facts.markup.push(Piece::Error {
            code: error.value.as_str(),
            span: base + span.start..base + span.end,
            shown_as_text: true,
        });
    }
}

/// Scans `html`, whose first byte is at `base` in the caller's coordinates.
pub(super) fn scan(html: &str, base: usize, facts: &mut HtmlFacts) {
    let capped = cap_attributes(html);
    let html: &str = &capped;
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let Some(source) = html.get(tag.span.start..tag.span.end) else {
                    continue;
                };
                read_tag(source, base + tag.span.start, tag.self_closing, facts);
            }
            Token::EndTag(tag) => facts.markup.push(Piece::End {
                name: String::from_utf8_lossy(&tag.name)
                    .to_ascii_lowercase()
                    .into(),
                origin: Syntax::Html,
                span: base + tag.span.start..base + tag.span.end,
            }),
            Token::String(text) => {
                let at = facts.texts.len();
                facts.texts.push_str(&String::from_utf8_lossy(&text.value));
                facts.markup.push(Piece::Text {
                    text: at..facts.texts.len(),
                    span: base + text.span.start..base + text.span.end,
                });
            }
            // One error a tag: the first explains the others (a stray quote causes two).
            Token::Error(error)
                if is_writing_error(error.value.as_str())
                    && !matches!(facts.markup.last(), Some(Piece::Error { .. })) =>
            {
                let span = error_span(html, error.span.start..error.span.end);
                facts.markup.push(Piece::Error {
                    code: error.value.as_str(),
                    span: base + span.start..base + span.end,
                    shown_as_text: false,
                });
            }
            _ => {}
        }
    }
}

/// Quoted attribute values read in one tag: html5gum recurses once for each, so a tag of
/// 20 000 of them overflows the stack (a few hundred in a debug build). No real tag comes
/// near.
const MAX_QUOTED_VALUES: usize = 100;

/// `html` with what follows the `MAX_QUOTED_VALUES`th quoted value of a tag blanked to
/// spaces up to the tag's end (line ends kept): offsets stay those of the file.
fn cap_attributes(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    // Most pages have fewer quotes in all than one tag may hold.
    if bytes.iter().filter(|&&b| b == b'"' || b == b'\'').count() <= 2 * MAX_QUOTED_VALUES {
        return html.into();
    }
    let mut capped = bytes.to_vec();
    let mut in_tag = false;
    let mut quote: Option<u8> = None;
    let mut values = 0;
    let mut cut_from: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (in_tag, quote) {
            (false, _) => {
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                if b == b'<' && next.is_ascii_alphabetic() {
                    (in_tag, values, cut_from) = (true, 0, None);
                }
            }
            (true, Some(q)) if b == q => {
                quote = None;
                values += 1;
                if values == MAX_QUOTED_VALUES {
                    cut_from = Some(i + 1);
                }
            }
            (true, Some(_)) => {}
            (true, None) if b == b'"' || b == b'\'' => quote = Some(b),
            (true, None) if b == b'>' => in_tag = false,
            (true, None) => {}
        }
        if let Some(from) = cut_from
            && i >= from
            && in_tag
            && b != b'\n'
            && let Some(byte) = capped.get_mut(i)
        {
            *byte = b' ';
        }
    }
    // Whole characters were blanked (from an ASCII quote to an ASCII `>`): still UTF-8.
    String::from_utf8(capped).map_or(html.into(), std::borrow::Cow::Owned)
}

/// html5gum places an error one byte before the end of the char it is about, which is
/// inside that char when it is not ASCII: the span moves back to where the char starts.
fn error_span(html: &str, span: Range<usize>) -> Range<usize> {
    let floor = |at: usize| {
        let mut at = at.min(html.len());
        while !html.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(span.start);
    start..floor(span.end).max(start)
}

/// The name of the start tag `<name …` (lowercase), if `source` is one.
pub(super) fn start_tag_name(source: &str) -> Option<String> {
    let rest = source.strip_prefix('<')?;
    let name = rest
        .split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .next()
        .unwrap_or_default();
    (!name.is_empty() && name.starts_with(|c: char| c.is_ascii_alphabetic()))
        .then(|| name.to_ascii_lowercase())
}

/// Reads the attributes of the start tag `source` (at `base`), keeping the first of
/// duplicates as browsers do.
fn read_tag(source: &str, base: usize, self_closing: bool, facts: &mut HtmlFacts) {
    let Some(element) = start_tag_name(source) else {
        return;
    };
    facts.markup.push(Piece::Tag {
        element: facts.elements.len(),
        self_closing,
    });
    let bytes = source.as_bytes();
    let mut i = 1 + element.len();
    let mut seen: Vec<String> = Vec::new();
    facts.elements.push(HtmlElement {
        name: element.clone(),
        span: base..base + source.len(),
        attributes: Vec::new(),
    });
    let mut attributes = Vec::new();
    loop {
        while bytes
            .get(i)
            .is_some_and(|&b| b.is_ascii_whitespace() || b == b'/')
        {
            i += 1;
        }
        if bytes.get(i).is_none_or(|&b| b == b'>') {
            if let Some(last) = facts.elements.last_mut() {
                last.attributes = attributes;
            }
            return;
        }
        // The name runs to whitespace, `/`, `>` or `=` (a leading `=` belongs to it).
        let name_start = i;
        i += 1;
        while bytes.get(i).is_some_and(|b| {
            !matches!(
                b,
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        }) {
            i += 1;
        }
        let name = text_at(source, name_start..i).to_ascii_lowercase();
        let mut j = i;
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        let written = bytes.get(j) == Some(&b'=');
        let value = if written {
            j += 1;
            while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = text_from(source, j + 1)
                        .find(char::from(q))
                        .map_or(bytes.len(), |e| j + 1 + e);
                    let value = j + 1..end;
                    i = (end + 1).min(bytes.len());
                    value
                }
                _ => {
                    let end = text_from(source, j)
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(bytes.len(), |e| j + e);
                    i = end;
                    j..end
                }
            }
        } else {
            // `<a href>`: an empty value, placed right after the name.
            i..i
        };
        let absolute = base + value.start..base + value.end;
        attributes.push(HtmlAttribute {
            name: name.clone(),
            value: written.then(|| absolute.clone()),
            span: base + name_start..base + i,
        });
        if seen.contains(&name) {
            continue;
        }
        if name == "id" || (name == "name" && element == "a") {
            facts.anchors.push(absolute.clone());
        }
        match UrlAttribute::find(&element, &name) {
            Some(attribute) if attribute.attribute() == "srcset" => {
                for candidate in srcset_urls(text_at(source, value.clone())) {
                    facts.links.push(HtmlLink {
                        attribute,
                        span: absolute.start + candidate.start..absolute.start + candidate.end,
                        bare: false,
                    });
                }
            }
            Some(attribute) => facts.links.push(HtmlLink {
                attribute,
                span: absolute,
                bare: !written,
            }),
            None => {}
        }
        seen.push(name);
    }
}

/// The URL of each `srcset` candidate (`a.png 1x, b.png 2x`), relative to the value.
fn srcset_urls(value: &str) -> Vec<Range<usize>> {
    let bytes = value.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while bytes
            .get(i)
            .is_some_and(|&b| b.is_ascii_whitespace() || b == b',')
        {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
            i += 1;
        }
        let mut end = i;
        let ended_by_comma = end > start && bytes.get(end - 1) == Some(&b',');
        while end > start && bytes.get(end - 1) == Some(&b',') {
            end -= 1;
        }
        urls.push(start..end);
        if !ended_by_comma {
            // Skip the descriptors (`2x`, `640w`), parentheses included, to the next comma.
            let mut depth = 0usize;
            while let Some(&b) = bytes.get(i) {
                match b {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
    }
    urls
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;

    #[test]
    fn a_tag_with_twenty_thousand_attributes_is_read_up_to_the_cap() {
        let attributes: String = (0..20_000).map(|i| format!(" a{i}=\"x\"")).collect();
        let html = format!("<div{attributes} id=\"last\">x</div><a href=\"/after/\">a</a>");
        let mut facts = HtmlFacts::default();
        scan(&html, 0, &mut facts);
        let div = facts.elements.first().expect("the div");
        assert_eq!(div.attributes.len(), MAX_QUOTED_VALUES);
        assert!(
            facts
                .links
                .iter()
                .any(|l| &html[l.span.clone()] == "/after/")
        );
    }

    fn found(html: &str) -> Vec<(String, String, &str)> {
        let mut facts = HtmlFacts::default();
        scan(html, 0, &mut facts);
        facts
            .links
            .iter()
            .map(|l| {
                (
                    l.attribute.element().into(),
                    l.attribute.attribute().into(),
                    &html[l.span.clone()],
                )
            })
            .collect()
    }

    #[test]
    fn link_attributes_keep_their_bytes() {
        let html = r#"<p>Été <a class=x HREF="/é?a=1&amp;b=2" href="/dup">lien</a>
<img src='/img/vélo.png' alt="v"><iframe src=https://x.fr/v title=t></iframe>
<video poster="/p.jpg"><source src="/v.mp4"></video><a href="">vide</a><a href>nu</a>"#;
        assert_eq!(
            found(html),
            vec![
                ("a".into(), "href".into(), "/é?a=1&amp;b=2"),
                ("img".into(), "src".into(), "/img/vélo.png"),
                ("iframe".into(), "src".into(), "https://x.fr/v"),
                ("video".into(), "poster".into(), "/p.jpg"),
                ("source".into(), "src".into(), "/v.mp4"),
                ("a".into(), "href".into(), ""),
                ("a".into(), "href".into(), ""),
            ]
        );
    }

    #[test]
    fn srcset_candidates_each_have_a_span() {
        let html = r#"<img srcset="/a.png 1x, /b,c.png 2x,/d.png" src="/a.png">"#;
        let got: Vec<&str> = found(html).into_iter().map(|(_, _, t)| t).collect();
        assert_eq!(got, vec!["/a.png", "/b,c.png", "/d.png", "/a.png"]);
    }

    #[test]
    fn comments_and_scripts_hold_no_links() {
        let html =
            "<!-- <a href=\"/x/\"> --><script>let s = '<a href=\"/y/\">'</script><a href=\"/z/\">";
        let got: Vec<&str> = found(html).into_iter().map(|(_, _, t)| t).collect();
        assert_eq!(got, vec!["/z/"]);
    }

    #[test]
    fn ids_and_names_are_anchors() {
        let html = r#"<h2 id="contexte">C</h2><a name="haut"></a><input name="q">"#;
        let mut facts = HtmlFacts::default();
        scan(html, 10, &mut facts);
        let ids: Vec<&str> = facts
            .anchors
            .iter()
            .map(|s| &html[s.start - 10..s.end - 10])
            .collect();
        assert_eq!(ids, vec!["contexte", "haut"]);
    }

    #[test]
    fn writing_errors_before_a_non_ascii_char_are_at_its_start() {
        let html = "<v e=\"\"ۋy>";
        let mut facts = HtmlFacts::default();
        scan(html, 0, &mut facts);
        let errors: Vec<(usize, usize)> = facts
            .markup
            .iter()
            .filter_map(|p| match p {
                Piece::Error { span, .. } => Some((span.start, span.end)),
                _ => None,
            })
            .collect();
        assert_eq!(errors, [(7, 7)], "at the `ۋ` that needs a space before it");
    }

    #[test]
    fn elements_keep_every_attribute_with_its_bytes() {
        let html =
            "<!-- <img src=x> --><IFRAME Title=\"Vidéo\" allowfullscreen src=a title=b></iframe>";
        let mut facts = HtmlFacts::default();
        scan(html, 5, &mut facts);
        assert_eq!(facts.elements.len(), 1);
        let iframe = &facts.elements[0];
        assert_eq!(iframe.name, "iframe");
        assert!(html[iframe.span.start - 5..iframe.span.end - 5].starts_with("<IFRAME"));
        let got: Vec<(&str, Option<&str>, &str)> = iframe
            .attributes
            .iter()
            .map(|a| {
                (
                    a.name.as_str(),
                    a.value.as_ref().map(|v| &html[v.start - 5..v.end - 5]),
                    &html[a.span.start - 5..a.span.end - 5],
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("title", Some("Vidéo"), "Title=\"Vidéo\""),
                ("allowfullscreen", None, "allowfullscreen"),
                ("src", Some("a"), "src=a"),
                ("title", Some("b"), "title=b"),
            ]
        );
    }
}
