//! Accessibility rules (RGAA 4.1) on the HTML written in pages and the elements Markdown
//! renders: frames, images, links, headings.

pub mod frame_title_generic;
pub mod frame_title_missing;
pub mod heading_empty;
pub mod heading_order;
pub mod img_alt_missing;
pub mod link_empty;
pub mod link_text_generic;
pub mod link_title_mismatch;
pub mod new_window;

use crate::parse::content::{Attribute, Element, Node, PageMarkup};

/// An element with attributes: an HTML start tag, or a node of the markup tree.
trait Tag {
    fn attributes(&self) -> &[Attribute];
}

impl Tag for Element {
    fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }
}

impl Tag for Node<'_> {
    fn attributes(&self) -> &[Attribute] {
        Node::attributes(self)
    }
}

/// The page's `<iframe>` and `<frame>` elements that assistive technologies see.
fn visible_frames(markup: PageMarkup<'_>) -> impl Iterator<Item = &Element> {
    markup
        .elements
        .iter()
        .filter(|e| matches!(e.name.as_str(), "iframe" | "frame") && !is_hidden(*e))
}

/// The page's links (`<a href>` and Markdown links) that assistive technologies see.
fn visible_links(markup: PageMarkup<'_>) -> impl Iterator<Item = Node<'_>> {
    markup
        .nodes()
        .filter(|n| n.name() == "a" && n.attribute("href").is_some() && !is_hidden(n))
}

/// The attribute's value when it is written and static; `None` when absent.
/// `Some(None)` means present but built by a template (not judged).
fn static_value<'a>(tag: &'a impl Tag, name: &str) -> Option<Option<&'a str>> {
    let attribute = tag.attributes().iter().find(|a| a.name == name)?;
    if attribute.dynamic {
        return Some(None);
    }
    Some(Some(attribute.value.as_deref().unwrap_or("")))
}

/// Whether one of the attributes `names` is written with a value that passes `test`, or is
/// built by a template (vigie cannot judge it, so it gets the benefit of the doubt).
fn any_attribute(tag: &impl Tag, names: &[&str], test: impl Fn(&str) -> bool) -> bool {
    names.iter().any(|name| match static_value(tag, name) {
        Some(None) => true,
        Some(Some(value)) => test(value),
        None => false,
    })
}

/// The attributes that give an element its accessible name besides its content.
const NAMING: &[&str] = &["aria-label", "aria-labelledby", "title"];

/// The attribute and its value, when it is written and static (not built by a template).
fn written_attribute<'a>(tag: &'a impl Tag, name: &str) -> Option<(&'a Attribute, &'a str)> {
    let attribute = tag.attributes().iter().find(|a| a.name == name)?;
    (!attribute.dynamic).then(|| (attribute, attribute.value.as_deref().unwrap_or("")))
}

/// The bytes of `<name` at the start of the tag: a short label for the whole element.
fn tag_name_span(element: &Element) -> std::ops::Range<usize> {
    let end = (element.span.start + 1 + element.name.len()).min(element.span.end);
    element.span.start..end
}

/// `aria-hidden="true"` takes the element out of the accessibility tree: RGAA criteria on
/// its alternative do not apply.
fn is_hidden(tag: &impl Tag) -> bool {
    matches!(static_value(tag, "aria-hidden"), Some(Some(v)) if v.trim().eq_ignore_ascii_case("true"))
}

/// Text as RGAA compares link names (glossary « Intitulé de lien »): entities decoded,
/// Unicode NFC, lowercase, apostrophes unified, punctuation and spacing ignored; accents
/// kept (« Jeremie » is not « Jérémie »).
fn comparable(text: &str) -> String {
    comparable_within(text, usize::MAX).unwrap_or_default()
}

/// `comparable(text)` when it is at most `max` bytes long, else `None`, found without
/// building more of it: most link texts are longer than any phrase they are compared to.
fn comparable_within(text: &str, max: usize) -> Option<String> {
    let decoded = if text.contains('&') {
        std::borrow::Cow::Owned(crate::site::links::decode_entities(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    if decoded.is_ascii() {
        // Most link texts: lowercased without the general case mapping.
        return fold_comparable(decoded.chars().map(|c| c.to_ascii_lowercase()), max);
    }
    let composed = crate::parse::composed(&decoded);
    fold_comparable(composed.chars().flat_map(char::to_lowercase), max)
}

/// The comparable form of `lowercase`, already decoded, normalized and lowercased, up to
/// `max` bytes.
fn fold_comparable(lowercase: impl Iterator<Item = char>, max: usize) -> Option<String> {
    let mut out = String::new();
    for c in lowercase {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        // A space at the end may still be trimmed: one byte more is not yet too long.
        if out.len() > max.saturating_add(1) {
            return None;
        }
    }
    out.truncate(out.trim_end().len());
    (out.len() <= max).then_some(out)
}

/// A text cut to `max` characters for a message, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparable_text_keeps_accents_and_drops_punctuation() {
        assert_eq!(
            comparable("Présentation d’Esup-Pod&nbsp;!"),
            "présentation d esup pod"
        );
        assert_eq!(comparable("L'Esup-Pod"), comparable("l’esup pod"));
        assert_ne!(comparable("Jérémie"), comparable("Jeremie"));
        // Bounded: the same text when it fits, none when it does not, trailing space aside.
        assert_eq!(
            comparable_within("Lire la suite !", 13).as_deref(),
            Some("lire la suite")
        );
        assert_eq!(comparable_within("Lire la suite !", 12), None);
        assert_eq!(
            comparable_within("ici&nbsp;&nbsp;&nbsp;", 3).as_deref(),
            Some("ici")
        );
        assert_eq!(excerpt("un  deux trois", 7), "un deux…");
    }
}
