//! Accessibility rules (RGAA 4.1) on the HTML written in pages: frames, images, links.

pub mod frame_title_generic;
pub mod frame_title_missing;
pub mod img_alt_missing;
pub mod new_window;

use crate::parse::content::Element;
use crate::site::Page;

/// The page's `<iframe>` and `<frame>` elements that assistive technologies see.
fn visible_frames(page: &Page) -> impl Iterator<Item = &Element> {
    page.content
        .elements
        .iter()
        .filter(|e| matches!(e.name.as_str(), "iframe" | "frame") && !is_hidden(e))
}

/// The attribute's value when it is written and static; `None` when absent.
/// `Some(None)` means present but built by a template (not judged).
fn static_value<'a>(element: &'a Element, name: &str) -> Option<Option<&'a str>> {
    let attribute = element.attribute(name)?;
    if attribute.dynamic {
        return Some(None);
    }
    Some(Some(attribute.value.as_deref().unwrap_or("")))
}

/// The bytes of `<name` at the start of the tag: a short label for the whole element.
fn tag_name_span(element: &Element) -> std::ops::Range<usize> {
    let end = (element.span.start + 1 + element.name.len()).min(element.span.end);
    element.span.start..end
}

/// `aria-hidden="true"` takes the element out of the accessibility tree: RGAA criteria on
/// its alternative do not apply.
fn is_hidden(element: &Element) -> bool {
    matches!(static_value(element, "aria-hidden"), Some(Some(v)) if v.trim().eq_ignore_ascii_case("true"))
}
