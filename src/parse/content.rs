//! What a page's own content holds for link checking: every link it writes (Markdown,
//! autolinks, linkified text, HTML attributes), with the exact bytes of its target, and
//! every fragment id it defines (explicit `id`/`name`, heading ids of the site's anchor
//! plugin). Pure: text and settings in, data out.

use std::ops::Range;

use crate::config::Eleventy;

/// Where a link was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](target)` or `[text][ref]` resolved to its definition.
    Markdown,
    /// `![alt](target)`.
    Image,
    /// `<https://…>` or `<mail@example.org>`.
    Autolink,
    /// A bare URL, domain or email that markdown-it's `linkify` turns into a link.
    Linkify,
    /// An HTML attribute: `a[href]`, `img[src]`, `img[srcset]`, `iframe[src]` …
    Html { element: String, attribute: String },
}

/// One link of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// The target exactly as written in the source.
    pub target: String,
    /// The bytes of the target in the file (for an empty target, where it would be).
    pub span: Range<usize>,
    /// Built from a template expression (`{{ … }}`, `{% … %}`): not judged.
    pub dynamic: bool,
}

/// Where a fragment id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorSource {
    /// An `id` or `name` attribute written in HTML (or `{#id}` attributes).
    Attribute,
    /// Generated from a heading by the site's anchor plugin.
    Heading,
}

/// A fragment target the page defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    pub span: Range<usize>,
    pub source: AnchorSource,
}

/// A heading of the page's content, with the id the site gives it (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub span: Range<usize>,
}

/// Links, anchors and headings of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub links: Vec<Link>,
    pub anchors: Vec<Anchor>,
    pub headings: Vec<Heading>,
}

/// Extracts the content facts of a page whose body is `text[body]`; `extension` is the
/// template's (`md`, `njk`, `html`, `liquid`).
pub fn extract(
    _text: &str,
    _body: Range<usize>,
    _extension: &str,
    _eleventy: &Eleventy,
) -> Content {
    Content::default()
}
