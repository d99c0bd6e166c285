//! What a page's own content holds for link checking: every link it writes (Markdown,
//! autolinks, linkified text, HTML attributes), with the exact bytes of its target, and
//! every fragment id it defines (explicit `id`/`name`, heading ids of the site's anchor
//! plugin), and where a Markdown page's code is. Pure: text and settings in, data out.

use std::ops::Range;

use crate::config::limits::Limits;
use crate::config::{AnchorProfile, Eleventy};

mod anchors;
mod attrs;
mod html;
#[doc(hidden)]
pub mod invariants;
mod linkify;
mod markdown;
mod markup;
mod template;

pub use html::UrlAttribute;
pub use markup::{Markup, Node, Problem, ProblemKind, READ_BY_RULES, Syntax};

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
    Html(UrlAttribute),
}

/// One link of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// The target as written in the source (a Markdown destination without its backslash
    /// escapes, as markdown-it reads it).
    pub target: String,
    /// The bytes of the target in the file (for an empty target, where it would be).
    pub span: Range<usize>,
    /// Built from a template expression (`{{ … }}`, `{% … %}`): not judged.
    pub dynamic: bool,
}

/// Where a fragment id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorSource {
    /// An `id` or `name` attribute written in HTML, a `{#id}` of markdown-it-attrs, or an
    /// id a markdown-it plugin writes (markdown-it-footnote's `fn1`, `fnref1`).
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

/// One attribute of an HTML start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Lowercase; borrowed for the attributes a Markdown construct has (`href`, `src`,
    /// `title`), which are most of a page's.
    pub name: std::borrow::Cow<'static, str>,
    /// The value as written (entities undecoded); `None` for a bare attribute.
    pub value: Option<String>,
    /// The attribute's bytes in the file, name to end of value.
    pub span: Range<usize>,
    /// The value's bytes in the file (an empty span after the name for a bare attribute).
    pub value_span: Range<usize>,
    /// The value holds a template expression (`{{ … }}`): not judged.
    pub dynamic: bool,
}

/// One HTML start tag written in the page's own content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Lowercase.
    pub name: String,
    /// The start tag's bytes in the file.
    pub span: Range<usize>,
    /// In source order, duplicates included.
    pub attributes: Vec<Attribute>,
}

impl Element {
    /// The first attribute named `name` (lowercase), as browsers keep it.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }
}

/// What kind of Markdown code a region is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A block between ``` or ~~~ fences, fences included.
    Fenced,
    /// A block indented by four spaces (Eleventy 1: Eleventy 2+ reads such lines as text).
    Indented,
    /// A `code` span, backticks included.
    Inline,
    /// A paired shortcode that outputs code (`{% highlight js %}…{% endhighlight %}`),
    /// its tags included; on any page.
    Shortcode,
}

/// A region of Markdown code: what is written there is shown to readers as is, so it is an
/// example, never a suppression comment nor text that text rules judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub kind: CodeKind,
    /// The region's bytes in the file.
    pub span: Range<usize>,
}

/// Links, anchors and headings of one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub links: Vec<Link>,
    pub anchors: Vec<Anchor>,
    pub headings: Vec<Heading>,
    /// Some `id`/`name` is written with a template expression (`id="{{ slug }}"`): the page
    /// has ids vigie cannot know, so a missing fragment may exist after all.
    pub dynamic_ids: bool,
    /// Every HTML start tag of the page's own markup, in source order; the markup tree's
    /// HTML nodes are these, by index. Of a page, `lint` takes both (`take_markup`).
    pub elements: Vec<Element>,
    /// The page's elements as a tree (Markdown constructs and HTML tags), and what is
    /// wrong with their nesting and writing.
    pub markup: Markup,
    /// The code of a Markdown page in source order; other pages have only their code
    /// shortcodes.
    pub code: Vec<Code>,
    /// The limits (`[limits]`) this page went past: what was not read, from where.
    pub limits_reached: Vec<LimitReached>,
}

/// A limit a page went past, at the first thing not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitReached {
    pub limit: Limit,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Elements nested deeper than this are not built: their markup is not checked.
    Nesting(usize),
    /// Only this many of the page's `total` links are checked.
    LinksPerPage { limit: usize, total: usize },
    /// The file is `size` bytes, more than the `max` read: it is not read at all.
    FileSize { size: u64, max: u64 },
}

impl Content {
    /// Gives back what the vectors grew beyond their length: every page's content is kept
    /// until the last rule has run, and growth by doubling left a quarter of it unused.
    pub fn shrink_to_fit(&mut self) {
        self.links.shrink_to_fit();
        self.anchors.shrink_to_fit();
        self.headings.shrink_to_fit();
        self.elements.shrink_to_fit();
        self.markup.nodes.shrink_to_fit();
        self.markup.problems.shrink_to_fit();
        self.code.shrink_to_fit();
    }

    /// Keeps, of the markup tree, only what page rules read (`markup::READ_BY_RULES`): the
    /// site does so for every page and layout, whose content it keeps until the last rule
    /// has run.
    pub fn prune_markup(&mut self) {
        self.markup.keep_read_by_rules(&self.elements);
    }

    /// The nodes of the markup tree, in document order, an HTML one read from its element.
    pub fn nodes(&self) -> impl Iterator<Item = Node<'_>> {
        self.page_markup().nodes()
    }

    /// Its start tags and markup tree, as page rules read them.
    pub fn page_markup(&self) -> PageMarkup<'_> {
        PageMarkup {
            elements: &self.elements,
            tree: &self.markup,
        }
    }

    /// Takes its start tags and markup tree, leaving none: `lint` drops them once the
    /// page's rules have run.
    pub fn take_markup(&mut self) -> OwnedMarkup {
        OwnedMarkup {
            elements: std::mem::take(&mut self.elements),
            tree: std::mem::take(&mut self.markup),
        }
    }
}

/// A page's HTML start tags and markup tree: the largest part of its content, and read only
/// by rules on that page (through `PageContext::markup`).
#[derive(Debug, Clone, Copy)]
pub struct PageMarkup<'a> {
    pub elements: &'a [Element],
    pub tree: &'a Markup,
}

impl<'a> PageMarkup<'a> {
    /// The nodes of the markup tree, in document order, an HTML one read from its element.
    pub fn nodes(self) -> impl Iterator<Item = Node<'a>> {
        let (tree, elements) = (self.tree, self.elements);
        (0..tree.nodes.len()).map(move |index| Node {
            index,
            tree,
            elements,
        })
    }
}

/// What `Content::take_markup` takes.
#[derive(Debug, Default)]
pub struct OwnedMarkup {
    elements: Vec<Element>,
    tree: Markup,
}

impl OwnedMarkup {
    pub fn view(&self) -> PageMarkup<'_> {
        PageMarkup {
            elements: &self.elements,
            tree: &self.tree,
        }
    }
}

/// Extracts the content facts of a page whose body is `text[body]`; `extension` is the
/// template's (`md`, `njk`, `html`, `liquid`; other kinds yield nothing).
///
/// Span conventions (offsets into the whole file):
/// - inline links, images, autolinks, HTML attributes, linkified text: `span` holds exactly
///   the `target` bytes (an empty span at the place for an empty target);
/// - reference links (`[texte][ref]`, `[ref]`): `span` is the use site (the whole
///   `[…][…]`), `target` the destination written in the definition;
/// - `srcset`: one link per candidate URL, each with its own span;
/// - linkify: `target` is the text as written (`www.insee.fr`, `contact@x.fr`); markdown-it
///   links it as `http://…` or `mailto:…`.
pub fn extract(
    text: &str,
    body: Range<usize>,
    extension: &str,
    eleventy: &Eleventy,
    limits: &Limits,
) -> Content {
    let Some(source) = text.get(body.clone()) else {
        return Content::default();
    };
    let rendered = template::render(source, &eleventy.code_shortcodes);
    let base = body.start;
    let mut content = Content::default();
    // Spans found in the rendered text, mapped to the source, then to the file.
    let link = |kind: LinkKind, span: Range<usize>, target: Range<usize>| {
        let (span, target) = (rendered.to_source(&span), rendered.to_source(&target));
        let written = source.get(target.clone()).unwrap_or("");
        Link {
            // markdown-it removes backslash escapes from a destination (`\#testing` links
            // to `#testing`); autolinks and HTML keep theirs.
            target: match kind {
                LinkKind::Markdown | LinkKind::Image => markdown::unescape(written),
                _ => written.to_owned(),
            },
            kind,
            dynamic: rendered.is_dynamic(&span) || rendered.is_dynamic(&target),
            span: base + span.start..base + span.end,
        }
    };
    let html_facts = match extension {
        "md" | "markdown" => {
            let walked = markdown::walk(&rendered.text, markdown::Flavor::of(eleventy));
            for found in walked.links {
                content
                    .links
                    .push(link(found.kind, found.span, found.target));
            }
            for span in walked.linkified {
                content
                    .links
                    .push(link(LinkKind::Linkify, span.clone(), span));
            }
            for (id, span) in walked.generated_ids {
                let span = rendered.to_source(&span);
                content.anchors.push(Anchor {
                    id,
                    span: base + span.start..base + span.end,
                    source: AnchorSource::Attribute,
                });
            }
            let mut ids = anchors::HeadingIds::new(eleventy.anchors, eleventy.version);
            for heading in walked.headings {
                let title = heading_title(source, &rendered, &heading.parts);
                let span = rendered.to_source(&heading.span);
                let span = base + span.start..base + span.end;
                // Headings outside the plugin's `level` get no id and take no slug
                // (IdAttributePlugin gives every heading one).
                let numbered = eleventy.anchors == AnchorProfile::IdAttribute
                    || eleventy.anchor_levels.contains(&heading.level);
                if let Some(written) = &heading.id {
                    // The plugin keeps an id the heading sets (its anchor comes with the
                    // page's attributes).
                    if numbered {
                        let written = rendered.to_source(written);
                        ids.reserve(source.get(written).unwrap_or(""));
                    }
                } else if numbered && !ids.known() {
                    content.dynamic_ids = true;
                } else if let Some(id) = numbered.then(|| ids.next(&title)).flatten() {
                    content.anchors.push(Anchor {
                        id,
                        span: span.clone(),
                        source: AnchorSource::Heading,
                    });
                }
                content.headings.push(Heading {
                    level: heading.level,
                    text: title,
                    span,
                });
            }
            for (kind, span) in walked.code {
                let span = rendered.to_source(&span);
                let span = base + span.start..base + span.end;
                content.code.push(Code { kind, span });
            }
            content.code.sort_by_key(|c| (c.span.start, c.span.end));
            walked.html
        }
        "njk" | "html" | "liquid" => {
            let mut facts = html::HtmlFacts::default();
            html::scan(&rendered.text, 0, &mut facts);
            facts
        }
        _ => return content,
    };
    for found in html_facts.links {
        let kind = LinkKind::Html(found.attribute);
        let mut found_link = link(kind, found.span.clone(), found.span.clone());
        if found.bare && found.span.start > 0 {
            // Where its attribute's empty value is: right after the name, also when a
            // vanished `{% … %}` follows it.
            let name_end = rendered
                .to_source(&(found.span.start - 1..found.span.start))
                .end;
            found_link.span = base + name_end..base + name_end;
        }
        content.links.push(found_link);
    }
    let mut elements = Vec::with_capacity(html_facts.elements.len());
    for element in html_facts.elements {
        let to_file = |span: &Range<usize>| {
            let span = rendered.to_source(span);
            base + span.start..base + span.end
        };
        let attributes = element
            .attributes
            .iter()
            .map(|attribute| {
                let span = to_file(&attribute.span);
                // A bare attribute's empty value is right after its name, even where a
                // vanished `{% … %}` follows it (an empty range maps to after that).
                let in_source = match &attribute.value {
                    Some(value) => rendered.to_source(value),
                    None => span.end - base..span.end - base,
                };
                Attribute {
                    name: attribute.name.clone().into(),
                    value: attribute
                        .value
                        .as_ref()
                        .map(|_| source.get(in_source.clone()).unwrap_or("").to_owned()),
                    span,
                    value_span: base + in_source.start..base + in_source.end,
                    dynamic: attribute.value.is_some() && rendered.is_dynamic(&in_source),
                }
            })
            .collect();
        elements.push(Element {
            name: element.name,
            span: to_file(&element.span),
            attributes,
        });
    }
    for span in &rendered.code {
        content.code.push(Code {
            kind: CodeKind::Shortcode,
            span: base + span.start..base + span.end,
        });
    }
    content.code.sort_by_key(|c| (c.span.start, c.span.end));
    let mut markup = html_facts.markup;
    content.elements = in_source_order(elements, &mut markup);
    let place = BodySpans {
        rendered: &rendered,
        source,
        base,
    };
    content.markup = markup::build(
        markup,
        &html_facts.texts,
        &content.elements,
        &place,
        has_branches(source),
        limits.nesting,
    );
    if let Some(span) = &content.markup.too_deep {
        content.limits_reached.push(LimitReached {
            limit: Limit::Nesting(limits.nesting),
            span: span.clone(),
        });
    }
    for span in html_facts.anchors {
        let span = rendered.to_source(&span);
        if rendered.is_dynamic(&span) {
            content.dynamic_ids = true;
            continue;
        }
        content.anchors.push(Anchor {
            id: source.get(span.clone()).unwrap_or("").to_owned(),
            span: base + span.start..base + span.end,
            source: AnchorSource::Attribute,
        });
    }
    content.links.sort_by_key(|l| (l.span.start, l.span.end));
    content.anchors.sort_by_key(|a| (a.span.start, a.span.end));
    let total = content.links.len();
    if let Some(first_left) = content.links.get(limits.links_per_page) {
        content.limits_reached.push(LimitReached {
            limit: Limit::LinksPerPage {
                limit: limits.links_per_page,
                total,
            },
            span: first_left.span.clone(),
        });
        content.links.truncate(limits.links_per_page);
    }
    content
}

/// The elements sorted by their place in the file, and the stream's tags renumbered to
/// match: the tree's nodes refer to their element by its final index.
fn in_source_order(elements: Vec<Element>, markup: &mut [markup::Piece]) -> Vec<Element> {
    let mut numbered: Vec<(usize, Element)> = elements.into_iter().enumerate().collect();
    numbered.sort_by_key(|(_, e)| (e.span.start, e.span.end));
    let mut position = vec![0; numbered.len()];
    for (new, (old, _)) in numbered.iter().enumerate() {
        if let Some(slot) = position.get_mut(*old) {
            *slot = new;
        }
    }
    for piece in markup {
        if let markup::Piece::Tag { element, .. } = piece {
            // An index the walk never gave stays out of range: `build` skips it.
            *element = position.get(*element).copied().unwrap_or(usize::MAX);
        }
    }
    numbered.into_iter().map(|(_, e)| e).collect()
}

/// Maps spans of the rendered body to the file.
struct BodySpans<'a> {
    rendered: &'a template::Rendered,
    source: &'a str,
    base: usize,
}

impl markup::SpanMap for BodySpans<'_> {
    fn to_file(&self, span: &Range<usize>) -> Range<usize> {
        let span = self.rendered.to_source(span);
        self.base + span.start..self.base + span.end
    }

    fn is_dynamic(&self, span: &Range<usize>) -> bool {
        self.rendered.is_dynamic(&self.rendered.to_source(span))
    }

    fn touches_template(&self, file_span: &Range<usize>) -> bool {
        let end = self.base + self.source.len();
        let start = file_span.start.clamp(self.base, end) - self.base;
        let span = start..file_span.end.clamp(self.base, end) - self.base;
        !span.is_empty() && self.rendered.is_dynamic(&span)
    }

    fn written(&self, span: &Range<usize>) -> String {
        let span = self.rendered.to_source(span);
        self.source.get(span).unwrap_or("").to_owned()
    }
}

/// Whether the body branches, loops or pulls in other templates (`{% if %}`, `{% for %}`,
/// `{% include %}` …): then which tags it leaves open is only known after the build.
fn has_branches(source: &str) -> bool {
    // `{` found as a char (memchr), not `{%` as a string: a page is scanned at memory speed.
    source.match_indices('{').any(|(at, _)| {
        let Some(tag) = source.get(at + 1..).and_then(|rest| rest.strip_prefix('%')) else {
            return false;
        };
        let tag = tag.trim_start_matches('-').trim_start();
        [
            "if ", "for ", "unless ", "case ", "macro ", "call ", "elif ", "elsif ", "else",
            "include ", "render ", "extends ", "block ", "import ", "from ",
        ]
        .iter()
        .any(|keyword| tag.starts_with(keyword))
    })
}

/// A heading's title as the anchor plugin reads it; a piece written with a template
/// expression shows its source (`{{ titre }}`), not the mask.
fn heading_title(
    source: &str,
    rendered: &template::Rendered,
    parts: &[(Range<usize>, String)],
) -> String {
    let mut title = String::new();
    for (range, text) in parts {
        let range = rendered.to_source(range);
        if rendered.is_dynamic(&range) {
            title.push_str(source.get(range).unwrap_or(text));
        } else {
            title.push_str(text);
        }
    }
    title
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;
    use crate::config::AnchorProfile;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_link_is_six_words() {
        // 190 000 links on 10 000 pages: each word is 1.5 MB there.
        assert_eq!(std::mem::size_of::<Link>(), 48);
    }

    fn eleventy(version: u8, linkify: bool, anchors: AnchorProfile) -> Eleventy {
        let mut eleventy = Eleventy {
            version,
            anchors,
            ..Eleventy::default()
        };
        eleventy.markdown.linkify = linkify;
        eleventy
    }

    /// Extracts a Markdown file (front matter split as gray-matter does).
    fn md(text: &str, eleventy: &Eleventy) -> Content {
        let split = crate::parse::front_matter::split(
            text,
            crate::parse::yaml::Flavor::of_eleventy(eleventy.version),
        );
        extract(text, split.body, "md", eleventy, &Limits::default())
    }

    /// Extracts a whole Nunjucks text with the default settings.
    fn njk(text: &str) -> Content {
        extract(
            text,
            0..text.len(),
            "njk",
            &Eleventy::default(),
            &Limits::default(),
        )
    }

    /// `(kind, target, dynamic)` of each link, checking every span holds its target.
    fn links(text: &str, content: &Content) -> Vec<(String, String, bool)> {
        content
            .links
            .iter()
            .map(|link| {
                let kind = match &link.kind {
                    LinkKind::Html(attribute) => format!("{attribute:?}"),
                    other => format!("{other:?}"),
                };
                if !matches!(kind.as_str(), "Markdown" | "Image") || !link.span.is_empty() {
                    // Reference links report the use site; all others their exact bytes.
                    if text[link.span.clone()] != link.target {
                        assert!(text[link.span.clone()].starts_with('['), "{link:?}");
                    }
                }
                (kind, link.target.clone(), link.dynamic)
            })
            .collect()
    }

    fn owned(expected: &[(&str, &str, bool)]) -> Vec<(String, String, bool)> {
        expected
            .iter()
            .map(|&(k, t, d)| (k.to_owned(), t.to_owned(), d))
            .collect()
    }

    #[test]
    fn links_of_a_french_page_with_bom_crlf_and_templates() {
        let text = "\u{feff}---\r\ntitle: Accueil\r\n---\r\n# Données\r\n\r\nVoir [la page « à propos »](/à-propos/ \"Titre\") et [le site]({{ '/x/' | url }}).\r\n\r\n`[pas](/code/)` <!-- [pas](/commentaire/) <a href=\"/c/\"> -->\r\n\r\n```\r\n[pas](/bloc/)\r\n```\r\n\r\n{% raw %}[brut](/raw/) {{ pas }}{% endraw %} <https://é.fr/a> ![logo](/img/é.png)\r\n";
        let content = md(text, &eleventy(1, false, AnchorProfile::None));
        assert_eq!(
            links(text, &content),
            owned(&[
                ("Markdown", "/à-propos/", false),
                ("Markdown", "{{ '/x/' | url }}", true),
                ("Markdown", "/raw/", false),
                ("Autolink", "https://é.fr/a", false),
                ("Image", "/img/é.png", false),
            ])
        );
        assert_eq!(content.headings.len(), 1);
        assert_eq!(content.headings[0].text, "Données");
        assert!(text[content.headings[0].span.clone()].starts_with("# Données"));
        assert!(content.anchors.is_empty());
    }

    #[test]
    fn linkify_follows_the_site_option() {
        let text = "Voir www.insee.fr, le README.md, code.gouv.fr et écrire à contact@code.gouv.fr.\n\n[www.lien.fr](/x/) <a href=\"/y/\">www.brut.fr</a> `www.code.fr`\n";
        let on = md(text, &eleventy(1, true, AnchorProfile::None));
        assert_eq!(
            links(text, &on),
            owned(&[
                ("Linkify", "www.insee.fr", false),
                ("Linkify", "README.md", false),
                ("Linkify", "code.gouv.fr", false),
                ("Linkify", "contact@code.gouv.fr", false),
                ("Markdown", "/x/", false),
                ("a[href]", "/y/", false),
            ])
        );
        let off = md(text, &eleventy(1, false, AnchorProfile::None));
        assert_eq!(off.links.len(), 2);
    }

    #[test]
    fn reference_links_read_their_definition() {
        let text = "Le [guide][ref] puis [ref].\n\n[ref]: /guide-é/\n";
        let content = md(text, &Eleventy::default());
        for link in &content.links {
            assert_eq!(link.target, "/guide-é/");
        }
        let uses: Vec<&str> = content
            .links
            .iter()
            .map(|l| &text[l.span.clone()])
            .collect();
        assert_eq!(uses, vec!["[guide][ref]", "[ref]"]);
    }

    #[test]
    fn html_in_markdown_srcset_empty_targets_and_unclosed_a() {
        let text = "<p>Un <a href=\"/x/\" id=\"lien\">lien non fermé\n<p>Suite</p>\n\n<img srcset=\"/a.png 1x, /b.png 2x\" src=\"/a.png\"> [vide]() <a href=\"\">v</a>\n";
        let content = md(text, &Eleventy::default());
        assert_eq!(
            links(text, &content),
            owned(&[
                ("a[href]", "/x/", false),
                ("img[srcset]", "/a.png", false),
                ("img[srcset]", "/b.png", false),
                ("img[src]", "/a.png", false),
                ("Markdown", "", false),
                ("a[href]", "", false),
            ])
        );
        let empty = &content.links[4];
        assert_eq!(&text[empty.span.start - 1..empty.span.end + 1], "()");
        assert_eq!(content.anchors.len(), 1);
        assert_eq!(content.anchors[0].id, "lien");
        assert_eq!(&text[content.anchors[0].span.clone()], "lien");
    }

    /// `(kind, bytes)` of each code region of a Markdown page, for Eleventy `version`.
    fn code(text: &str, version: u8) -> Vec<(CodeKind, &str)> {
        md(text, &eleventy(version, false, AnchorProfile::None))
            .code
            .iter()
            .map(|c| (c.kind, &text[c.span.clone()]))
            .collect()
    }

    #[test]
    fn code_regions_are_where_markdown_it_sees_code() {
        let text = "---\ntitle: T\n---\nRun `npm start` and ``a ` b``\nor `x\ny`.\n\n    indented `span`\n\n- Item\n\n  ```sh\n  curl localhost\n  ```\n\n<div>`not code` in HTML</div>\n\na `b\n\nc` d\n\n~~~\nunclosed\n";
        use CodeKind::*;
        let spans = [
            (Inline, "`npm start`"),
            (Inline, "``a ` b``"),
            (Inline, "`x\ny`"),
        ];
        let blocks = [
            (Fenced, "```sh\n  curl localhost\n  ```"),
            (Fenced, "~~~\nunclosed\n"),
        ];
        let eleventy_1 = [&spans[..], &[(Indented, "indented `span`\n")], &blocks].concat();
        assert_eq!(code(text, 1), eleventy_1);
        // Eleventy 2+ reads indented lines as a paragraph: only its code span is code.
        let eleventy_2 = [&spans[..], &[(Inline, "`span`")], &blocks].concat();
        assert_eq!(code(text, 2), eleventy_2);
    }

    #[test]
    fn code_regions_hold_the_template_syntax_written_in_them() {
        let text = "`{{ x }}` and `{% raw %}{#{% endraw %}`\n";
        let found: Vec<&str> = code(text, 2).into_iter().map(|(_, c)| c).collect();
        assert_eq!(found, ["`{{ x }}`", "`{% raw %}{#{% endraw %}`"]);
        let nunjucks = njk(text);
        assert!(nunjucks.code.is_empty());
    }

    #[test]
    fn nunjucks_pages_are_html() {
        let text = "---\nlayout: base\n---\n<h1 id=\"top\">{{ title }}</h1>\n<a href=\"{{ page.url }}\">ici</a> <a href=\"/é/\">là</a>\n{# <a href=\"/commentaire/\"> #}\n[pas du Markdown](/x/)";
        let split = crate::parse::front_matter::split(text, Default::default());
        let content = extract(
            text,
            split.body,
            "njk",
            &Eleventy::default(),
            &Limits::default(),
        );
        assert_eq!(
            links(text, &content),
            owned(&[
                ("a[href]", "{{ page.url }}", true),
                ("a[href]", "/é/", false)
            ])
        );
        assert_eq!(content.anchors[0].id, "top");
        assert!(!content.dynamic_ids);
        let text = "<h2 id=\"{{ slug }}\">x</h2>";
        let content = njk(text);
        assert!(content.anchors.is_empty() && content.dynamic_ids);
    }

    #[test]
    fn heading_ids_follow_the_profile() {
        let text = "# Déclaration d’accessibilité\n\n## Contexte\n\n## Contexte\n\n### Le *cœur* du `sujet` ![image](/i.png)\n\nSous-titre\n---\n";
        let ids = |profile, version| -> Vec<String> {
            md(text, &eleventy(version, false, profile))
                .anchors
                .into_iter()
                .map(|a| a.id)
                .collect()
        };
        assert!(ids(AnchorProfile::None, 1).is_empty());
        assert_eq!(
            ids(AnchorProfile::MarkdownItAnchor, 2),
            vec![
                "d%C3%A9claration-d%E2%80%99accessibilit%C3%A9",
                "contexte",
                "contexte-1",
                "le-c%C5%93ur-du-sujet",
                "sous-titre"
            ]
        );
        assert_eq!(
            ids(AnchorProfile::EleventySlugify, 2),
            vec![
                "declaration-d-accessibilite",
                "contexte",
                "contexte-1",
                "le-coeur-du-sujet",
                "sous-titre"
            ]
        );
        assert_eq!(
            ids(AnchorProfile::EleventySlugify, 3)[3],
            "le-c-ur-du-sujet"
        );
        assert_eq!(
            ids(AnchorProfile::Github, 2),
            vec![
                "déclaration-daccessibilité",
                "contexte",
                "contexte-1",
                "le-cœur-du-sujet-",
                "sous-titre"
            ]
        );
        // markdown-it-anchor's `level: [2]`: other headings get no id and take no slug.
        let mut only_h2 = eleventy(2, false, AnchorProfile::EleventySlugify);
        only_h2.anchor_levels = vec![2];
        let h2: Vec<String> = md(text, &only_h2)
            .anchors
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(h2, vec!["contexte", "contexte-1", "sous-titre"]);
        let content = md(text, &Eleventy::default());
        let levels: Vec<u8> = content.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, vec![1, 2, 2, 3, 2]);
        assert_eq!(content.headings[3].text, "Le cœur du sujet ");
    }

    #[test]
    fn markup_reads_markdown_and_html_together_at_their_bytes() {
        let text = "---\ntitle: T\n---\n## Les *ateliers*\n\n- [revoir](https://dai.ly/x \"Présentation - Lien externe\")\n- [guide][g]\n\n| A | B |\n|---|---|\n| <span>x | y |\n\n> <div>\n> <p>Un <a href=\"/v/\">lien non fermé.</p>\n> </div>\n\n[g]: /guide/ 'Le guide'\n";
        let content = md(text, &Eleventy::default());
        let nodes: Vec<Node<'_>> = content.nodes().collect();
        let names: Vec<&str> = nodes.iter().map(|n| n.name()).collect();
        assert_eq!(
            names,
            [
                "h2",
                "ul",
                "li",
                "a",
                "li",
                "a",
                "table",
                "tr",
                "th",
                "th",
                "tr",
                "td",
                "span",
                "td",
                "blockquote",
                "div",
                "p",
                "a"
            ]
        );
        let heading = nodes[0];
        assert_eq!(heading.text(), "Les ateliers");
        assert_eq!(heading.syntax(), Syntax::Markdown);
        let revoir = nodes[3];
        assert_eq!(revoir.text(), "revoir");
        let title = revoir.attribute("title").unwrap();
        assert_eq!(
            &text[title.value_span.clone()],
            "Présentation - Lien externe"
        );
        let guide = nodes[5];
        assert_eq!(
            &text[guide.attribute("title").unwrap().value_span.clone()],
            "Le guide"
        );
        assert_eq!(
            &text[guide.attribute("href").unwrap().value_span.clone()],
            "/guide/"
        );
        let raw_a = nodes[17];
        assert_eq!(raw_a.syntax(), Syntax::Html);
        let paragraph = raw_a.parent().unwrap();
        assert_eq!(&text[paragraph.span()], "<p>");
        assert_eq!(paragraph.parent().unwrap().name(), "div");
        assert_eq!(raw_a.text(), "lien non fermé.");
        let problems: Vec<(&ProblemKind, &str)> = content
            .markup
            .problems
            .iter()
            .map(|p| (&p.kind, &text[p.span.clone()]))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(matches!(problems[0].0, ProblemKind::Unclosed { name, .. } if name == "span"));
        assert_eq!(problems[0].1, "<span>");
        assert!(matches!(problems[1].0, ProblemKind::Unclosed { name, .. } if name == "a"));
        assert_eq!(problems[1].1, "<a href=\"/v/\">");
    }

    #[test]
    fn pruned_markup_keeps_links_and_headings_under_their_nearest_kept_ancestor() {
        let text = "## Le [guide](/guide/)\n\n- *[revoir](/r/)*\n\n<div><p>Un <a href=\"/v/\">lien</a></p></div>\n";
        let mut content = md(text, &Eleventy::default());
        let full = content.nodes().count();
        content.prune_markup();
        let nodes: Vec<Node<'_>> = content.nodes().collect();
        let names: Vec<&str> = nodes.iter().map(|n| n.name()).collect();
        assert_eq!(names, ["h2", "a", "a", "a"]);
        assert!(full > nodes.len(), "{full} nodes before");
        // The heading's link is under the heading; the others, under nothing kept.
        assert_eq!(nodes[1].parent().map(|p| p.name()), Some("h2"));
        assert!(nodes[2].parent().is_none() && nodes[3].parent().is_none());
        // What rules read of a kept node is unchanged: its text, bytes and attributes.
        assert_eq!(nodes[0].text(), "Le guide");
        assert_eq!(&text[nodes[3].span()], "<a href=\"/v/\">");
        assert_eq!(
            nodes[2].attribute("href").map(|a| a.value.as_deref()),
            Some(Some("/r/"))
        );
        assert_eq!(nodes[3].text(), "lien");
    }

    #[test]
    fn indented_html_is_markup_from_eleventy_2() {
        // Eleventy 2+ reads indented lines as a paragraph: their tags are markup, at their
        // bytes in the file.
        let text = "Intro\n\n    <span class=\"x\">[lien](/x/)\n    <img src=\"/a.png\">\n";
        let content = md(text, &eleventy(2, false, AnchorProfile::None));
        let html: Vec<(&str, &str)> = content
            .nodes()
            .filter(|n| n.syntax() == Syntax::Html)
            .map(|n| (n.name(), &text[n.span()]))
            .collect();
        assert_eq!(
            html,
            [
                ("span", "<span class=\"x\">"),
                ("img", "<img src=\"/a.png\">")
            ]
        );
        let unclosed: Vec<&str> = content
            .markup
            .problems
            .iter()
            .map(|p| &text[p.span.clone()])
            .collect();
        assert_eq!(unclosed, ["<span class=\"x\">"]);
        let link = content.nodes().find(|n| n.name() == "a").unwrap();
        assert_eq!(link.text(), "lien");
        // Eleventy 1 keeps them in a code block: no markup at all.
        let code = md(text, &eleventy(1, false, AnchorProfile::None));
        assert!(code.nodes().all(|n| n.syntax() == Syntax::Markdown));
    }

    #[test]
    fn no_panic_on_random_input() {
        // A small deterministic generator: pieces that stress every parser.
        let pieces = [
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "<a href=\"",
            "\"",
            "{{",
            "}}",
            "{%",
            "%}",
            "{#",
            "#}",
            "{% raw %}",
            "{% endraw %}",
            "`",
            "```\n",
            "\n",
            "\r\n",
            "    ",
            "é",
            "www.",
            ".fr",
            "@",
            "http://",
            "<!--",
            "-->",
            "# ",
            "![",
            "srcset=\"",
            ",",
            " ",
            "\u{feff}",
            "---\n",
            "[r]: ",
            "<img ",
            "'",
            "\\",
            "||",
            "> ",
            "- ",
            "x",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            for extension in ["md", "njk"] {
                for version in [1, 3] {
                    let settings = eleventy(version, true, AnchorProfile::MarkdownItAnchor);
                    let content = extract(
                        &text,
                        0..text.len(),
                        extension,
                        &settings,
                        &Limits::default(),
                    );
                    for link in &content.links {
                        assert!(text.get(link.span.clone()).is_some(), "{text:?} {link:?}");
                    }
                    // One element per start tag, in source order.
                    for pair in content.elements.windows(2) {
                        assert!(pair[0].span.end <= pair[1].span.start, "{text:?} {pair:?}");
                    }
                    // Every element is one HTML node of the tree, in order, and no node
                    // another's; each node is the start tag at its bytes.
                    let tags: Vec<usize> = content
                        .markup
                        .nodes
                        .iter()
                        .filter_map(|n| match n.written {
                            markup::Written::Html(element) => Some(element),
                            markup::Written::Markdown { .. } => None,
                        })
                        .collect();
                    assert_eq!(tags, Vec::from_iter(0..content.elements.len()), "{text:?}");
                    for node in content.nodes().filter(|n| n.syntax() == Syntax::Html) {
                        let written = text.get(node.span()).unwrap_or_default();
                        let start = format!("<{}", node.name());
                        assert!(
                            written.to_ascii_lowercase().starts_with(&start),
                            "{text:?} {:?}",
                            node.span()
                        );
                    }
                    for problem in &content.markup.problems {
                        assert!(text.get(problem.span.clone()).is_some(), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_bare_attribute_before_a_statement_has_its_value_after_its_name() {
        let text = "<input disabled{% if x %}{% endif %}>";
        let content = njk(text);
        let disabled = &content.elements[0].attributes[0];
        assert_eq!(&text[disabled.span.clone()], "disabled");
        assert_eq!(disabled.value_span, disabled.span.end..disabled.span.end);
        let text = "<a href{% if x %}{% endif %}>";
        let content = njk(text);
        let href = &content.elements[0].attributes[0];
        assert_eq!(
            content.links[0].span, href.value_span,
            "the link is its value"
        );
        assert_eq!(href.value_span, 7..7);
    }

    #[test]
    fn raw_at_the_start_of_a_line_does_not_make_code() {
        let text = "{% raw %}[brut](/raw/) {{ pas }}{% endraw %}\n\n{%- if x -%}\n    [ici](/ici/)\n{% endif %}";
        let content = md(text, &eleventy(1, false, AnchorProfile::None));
        assert_eq!(
            links(text, &content),
            owned(&[("Markdown", "/raw/", false), ("Markdown", "/ici/", false)])
        );
    }

    #[test]
    fn headings_written_with_expressions_show_their_source() {
        let text = "## Bonjour {{ nom }}\n";
        let content = md(text, &eleventy(2, false, AnchorProfile::EleventySlugify));
        assert_eq!(content.headings[0].text, "Bonjour {{ nom }}");
        assert_eq!(content.anchors[0].id, "bonjour-nom");
    }

    #[test]
    fn pathological_inputs_finish() {
        let settings = eleventy(3, true, AnchorProfile::MarkdownItAnchor);
        let pieces = [
            "{% raw %}",
            "{{",
            "{%",
            "[a](",
            "<a href=\"",
            "    [a](/b/) ",
            "# a\n",
            "![",
            "[x]: /y\n[x]\n",
            "<!--",
            "\"a",
            "<div>\n",
            "<img srcset=\",",
            "www.a.fr ",
            "a.",
        ];
        for piece in pieces {
            let text = piece.repeat(3_000);
            for extension in ["md", "njk"] {
                let content = extract(
                    &text,
                    0..text.len(),
                    extension,
                    &settings,
                    &Limits::default(),
                );
                assert!(
                    content
                        .links
                        .iter()
                        .all(|l| text.get(l.span.clone()).is_some())
                );
            }
        }
    }

    /// Eleventy 2 with markdown-it-anchor (`level: [1, 2, 3, 4]`, its own slugify),
    /// markdown-it-attrs, markdown-it-footnote and markdown-it-container (`callout`).
    fn plugins() -> Eleventy {
        let mut eleventy = eleventy(2, false, AnchorProfile::MarkdownItAnchor);
        eleventy.anchor_levels = vec![1, 2, 3, 4];
        eleventy.markdown_plugins = crate::config::MarkdownPlugins {
            attrs: true,
            footnote: true,
            deflist: true,
            containers: vec!["callout".into()],
        };
        eleventy
    }

    fn ids(content: &Content) -> Vec<(&str, AnchorSource)> {
        content
            .anchors
            .iter()
            .map(|a| (a.id.as_str(), a.source))
            .collect()
    }

    /// The ids and links of this page as markdown-it 15.0.3, markdown-it-anchor 10.0.0,
    /// markdown-it-attrs 5.0.1, markdown-it-footnote 4.0.0 and markdown-it-container
    /// 4.0.0 render it (in document order there: `fn1`, `fn2` come last).
    #[test]
    fn plugins_give_the_ids_and_links_markdown_it_renders() {
        let text = "# Intro {.lead}\n\n## Same\n\n## Same {#same-1}\n\n## Same\n\nVoir [x](\\#testing \"t\\\"q\") et [y](/a\\_b/) et ![i](/i\\(1\\).png).\n\nNote[^a] et[^b] puis[^a].\n\n[^a]: A.\n[^b]: B.\n\n::: callout Titre\n## Dans le callout\n:::\n\n```js {#exemple .x}\nlet a = 1;\n```\n";
        let content = md(text, &plugins());
        let mut rendered: Vec<&str> = content.anchors.iter().map(|a| a.id.as_str()).collect();
        rendered.sort();
        let mut expected = [
            "intro",
            "same",
            "same-1",
            "same-2",
            "fnref1",
            "fnref2",
            "fnref1:1",
            "dans-le-callout",
            "exemple",
            "fn1",
            "fn2",
        ];
        expected.sort();
        assert_eq!(rendered, expected);
        let written = content.anchors.iter().find(|a| a.id == "same-1").unwrap();
        assert_eq!(written.source, AnchorSource::Attribute);
        assert_eq!(&text[written.span.clone()], "same-1");
        let targets: Vec<&str> = content.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["#testing", "/a_b/", "/i(1).png"]);
        // The span is still the bytes written.
        assert_eq!(&text[content.links[0].span.clone()], "\\#testing");
        // The curly is no text of the heading; the container's line is no text at all.
        assert_eq!(content.headings[0].text, "Intro");
        assert_eq!(content.headings[4].text, "Dans le callout");
        let paragraphs: Vec<&str> = content
            .nodes()
            .filter(|n| n.name() == "p")
            .map(|n| &text[n.span()])
            .collect();
        assert!(
            paragraphs.iter().all(|p| !p.contains(":::")),
            "{paragraphs:?}"
        );
        // Without the plugins: the curly is text, `[^a]` a shortcut link to nothing.
        let bare = md(text, &eleventy(2, false, AnchorProfile::MarkdownItAnchor));
        assert_eq!(bare.headings[0].text, "Intro {.lead}");
        assert!(!bare.anchors.iter().any(|a| a.id.starts_with("fn")));
    }

    #[test]
    fn attrs_on_headings_links_images_and_blocks() {
        let text = "### Quality indicators {#quality-indicators}\n\n## Autre {.cls #autre data-x=1}\n\n[lien](/x/){#lid .c} ![image](/i.png){#iid} fin {#pid}\n\n- item {#li1}\n\n##### Hors niveau {#cinq}\n\n## `code` {#pas-pour-le-code}\n\n## Fin `code`{.c}\n";
        let content = md(text, &plugins());
        assert_eq!(
            ids(&content),
            [
                ("quality-indicators", AnchorSource::Attribute),
                ("autre", AnchorSource::Attribute),
                ("lid", AnchorSource::Attribute),
                ("iid", AnchorSource::Attribute),
                ("pid", AnchorSource::Attribute),
                ("li1", AnchorSource::Attribute),
                ("cinq", AnchorSource::Attribute),
                ("pas-pour-le-code", AnchorSource::Attribute),
                // A curly right after a code span is the code's: the heading is slugged.
                ("fin-code", AnchorSource::Heading),
            ]
        );
        let link = content.nodes().find(|n| n.name() == "a").unwrap();
        assert_eq!(link.text(), "lien");
    }

    #[test]
    fn a_site_slugify_makes_heading_ids_unknown() {
        let mut site = plugins();
        site.anchors = AnchorProfile::SiteSlugify;
        let content = md("## Titre\n\n## Autre {#autre}\n", &site);
        assert_eq!(ids(&content), [("autre", AnchorSource::Attribute)]);
        assert!(content.dynamic_ids);
    }

    #[test]
    fn id_attribute_plugin_numbers_from_two_on_every_level() {
        let mut site = eleventy(3, false, AnchorProfile::IdAttribute);
        site.anchor_levels = vec![2];
        let content = md("# Titre\n\n## Titre\n\n###### Titre\n", &site);
        let found: Vec<&str> = content.anchors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(found, ["titre", "titre-2", "titre-3"]);
    }

    #[test]
    fn code_shortcodes_and_comments_are_not_markup() {
        let text = "<div id=\"a\"></div>\n\n{% highlight \"html\" %}\n<div id=\"a\"><a href=\"/x/\">x</a></div>\n{% endhighlight %}\n\n{% comment %}<p id=\"c\"></p>{% endcomment %}{# <p id=\"d\"> #}\n\n{% exemple %}[l](/l/){% endexemple %}\n";
        let site = Eleventy {
            code_shortcodes: vec!["exemple".into()],
            ..Eleventy::default()
        };
        for extension in ["md", "njk"] {
            let content = extract(text, 0..text.len(), extension, &site, &Limits::default());
            let found: Vec<&str> = content.anchors.iter().map(|a| a.id.as_str()).collect();
            assert_eq!(found, ["a"], "{extension}");
            assert!(content.links.is_empty(), "{extension}");
            assert_eq!(content.elements.len(), 1, "{extension}");
            let code: Vec<(CodeKind, &str)> = content
                .code
                .iter()
                .map(|c| (c.kind, &text[c.span.clone()]))
                .collect();
            assert_eq!(code.len(), 2, "{extension} {code:?}");
            assert!(code.iter().all(|(kind, _)| *kind == CodeKind::Shortcode));
        }
    }

    #[test]
    fn headings_and_links_from_includes_are_not_known_empty() {
        let text = "## {% include \"titre.njk\" %}\n\n[{% icone \"x\" %}](/x/)\n\n##\n";
        let content = md(text, &Eleventy::default());
        let nodes: Vec<(&str, bool)> = content
            .nodes()
            .filter(|n| matches!(n.name(), "h2" | "a"))
            .map(|n| (n.name(), n.dynamic_text()))
            .collect();
        assert_eq!(nodes, [("h2", true), ("a", true), ("h2", false)]);
    }
}
