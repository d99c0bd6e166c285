//! The page as the browser will see its markup: one tree of elements built from the
//! Markdown constructs (links, images, headings, lists, tables, as synthetic elements)
//! and the raw HTML tags between them, each node at its bytes in the source file. An HTML
//! node is its start tag in the page's elements, by index: the tree does not copy it.
//! Nothing is repaired: an element the markup leaves open, an end tag that closes
//! nothing and the tokenizer's writing errors are kept as problems at their place.
//! Once built, a site's page keeps only the nodes rules read (`READ_BY_RULES`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use super::{Attribute, Element};

/// Where an element was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// A raw HTML tag.
    Html,
    /// A Markdown construct (`[text](url)`, `## title`, `- item` …) markdown-it renders
    /// as this element.
    Markdown,
}

/// What an element of the tree was written as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Written {
    /// A raw HTML start tag: its index in the page's elements, which hold its name, bytes
    /// and attributes.
    Html(usize),
    /// A Markdown construct, as the element markdown-it renders it.
    Markdown {
        /// Lowercase.
        name: &'static str,
        /// The whole construct.
        span: Range<usize>,
        /// What markdown-it writes.
        attributes: Box<[Attribute]>,
    },
}

impl Written {
    fn syntax(&self) -> Syntax {
        match self {
            Written::Html(_) => Syntax::Html,
            Written::Markdown { .. } => Syntax::Markdown,
        }
    }

    /// The element's name, bytes and attributes; an HTML tag's are its element's.
    fn parts<'a>(
        &'a self,
        elements: &'a [Element],
    ) -> (&'a str, &'a Range<usize>, &'a [Attribute]) {
        match self {
            Written::Html(element) => match elements.get(*element) {
                Some(element) => (&element.name, &element.span, &element.attributes),
                None => ("", &(0..0), &[]),
            },
            Written::Markdown {
                name,
                span,
                attributes,
            } => (name, span, attributes),
        }
    }
}

/// One element of the page's markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MarkupNode {
    pub(super) written: Written,
    /// The enclosing element, by index, `NO_PARENT` at the top (a page has fewer than
    /// 2³² − 1 nodes: it is in memory, and a node takes more than a byte). With
    /// `dynamic_text`, one word.
    pub(super) parent: u32,
    /// The text a reader gets from the element's content: text, image alternatives and
    /// `aria-label`s of descendants, entities decoded, as bytes of `Markup::texts`. Kept
    /// for links, buttons and headings only.
    pub(super) text: Range<u32>,
    /// Part of that text is a template expression: it is not known before the build.
    pub(super) dynamic_text: bool,
}

const NO_PARENT: u32 = u32::MAX;

impl MarkupNode {
    fn parent(&self) -> Option<usize> {
        (self.parent != NO_PARENT).then_some(self.parent as usize)
    }
}

/// One node of the tree as rules read it, an HTML one through its element.
#[derive(Clone, Copy)]
pub struct Node<'a> {
    pub(super) index: usize,
    pub(super) tree: &'a Markup,
    pub(super) elements: &'a [Element],
}

impl<'a> Node<'a> {
    #[allow(
        clippy::indexing_slicing,
        reason = "a `Node` is made for an index of `nodes` only: `nodes()` over its length, \
                  the builder for the nodes it pushed, `parent` for one pushed before"
    )]
    fn node(&self) -> &'a MarkupNode {
        &self.tree.nodes[self.index]
    }

    fn parts(&self) -> (&'a str, &'a Range<usize>, &'a [Attribute]) {
        self.node().written.parts(self.elements)
    }

    /// Lowercase.
    pub fn name(&self) -> &'a str {
        self.parts().0
    }

    pub fn syntax(&self) -> Syntax {
        self.node().written.syntax()
    }

    /// The start tag's bytes (HTML), or the whole construct (Markdown).
    pub fn span(&self) -> Range<usize> {
        self.parts().1.clone()
    }

    /// HTML: as written. Markdown: what markdown-it writes (`href`, `title`, `src`, `alt`).
    pub fn attributes(&self) -> &'a [Attribute] {
        self.parts().2
    }

    /// The first attribute named `name` (lowercase), as browsers keep it.
    pub fn attribute(&self, name: &str) -> Option<&'a Attribute> {
        self.attributes().iter().find(|a| a.name == name)
    }

    /// The enclosing element.
    pub fn parent(&self) -> Option<Node<'a>> {
        let index = self.node().parent()?;
        Some(Node { index, ..*self })
    }

    /// The text a reader gets from the element's content (links, buttons, headings).
    pub fn text(&self) -> &'a str {
        self.tree.text(self.node())
    }

    /// Part of the text is a template expression: it is not known before the build.
    pub fn dynamic_text(&self) -> bool {
        self.node().dynamic_text
    }
}

/// What is wrong with the markup, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// An element whose end tag is missing: `span` is its start tag; `closed_by` is the
    /// tag or Markdown block end that closes it implicitly (`None`: the page's end).
    Unclosed {
        name: String,
        closed_by: Option<Range<usize>>,
        /// Written `<iframe … />`: HTML ignores `/>` on elements that are not void.
        self_closing: bool,
    },
    /// An end tag that closes no open element.
    Stray { name: String },
    /// A WHATWG tokenizer error in a tag (`missing-whitespace-between-attributes` …);
    /// `shown_as_text` when the error made Markdown leave the whole tag as text.
    Syntax {
        code: &'static str,
        shown_as_text: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Range<usize>,
}

/// The markup tree of a page and its problems.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markup {
    /// In document order; parents come before their children. Read through
    /// `Content::nodes`.
    pub(super) nodes: Vec<MarkupNode>,
    /// The text read inside the elements that keep theirs, in document order: a node's
    /// text is the part read while it was open, so that nested links and headings share
    /// their bytes (a copy each made 600 nested `<a>`s around 1 MB of text take 1.7 GB).
    pub(super) texts: String,
    /// Writing errors, and nesting errors unless the page `branches`.
    pub problems: Vec<Problem>,
    /// The page branches, loops or includes with template tags (`{% if %}`, `{% for %}`,
    /// `{% include %}`): which tags end up open or closed is only known after the build, so
    /// no element is reported unclosed or stray.
    pub branches: bool,
    /// The first start tag nested deeper than the builder's limit: below it, elements are
    /// not built (their end tags are taken as theirs), so their markup is not checked.
    pub too_deep: Option<Range<usize>>,
}

/// The elements page rules read from the tree (`PageContext::markup`): links and headings.
/// The rest of the tree serves to build it (texts, nesting problems) and is then dropped
/// (`Markup::keep_read_by_rules`); a rule that reads another element adds it here.
pub const READ_BY_RULES: &[&str] = &["a", "h1", "h2", "h3", "h4", "h5", "h6"];

impl Markup {
    /// Keeps only the nodes `READ_BY_RULES` names, in document order, each under its
    /// nearest kept ancestor: most of a page's nodes are paragraphs, lists and inline
    /// markup that no rule reads once the tree is built (the whole tree was a third of what
    /// a 10 000-page check holds once its pages are built).
    pub fn keep_read_by_rules(&mut self, elements: &[Element]) {
        // For each node, the new index of itself or of its nearest kept ancestor.
        let mut kept_at: Vec<u32> = Vec::with_capacity(self.nodes.len());
        let mut next = 0u32;
        let nodes = std::mem::take(&mut self.nodes);
        for mut node in nodes {
            let nearest = node
                .parent()
                .and_then(|parent| kept_at.get(parent).copied())
                .unwrap_or(NO_PARENT);
            let (name, _, _) = node.written.parts(elements);
            if READ_BY_RULES.contains(&name) {
                node.parent = nearest;
                kept_at.push(next);
                next += 1;
                self.nodes.push(node);
            } else {
                kept_at.push(nearest);
            }
        }
        self.nodes.shrink_to_fit();
        self.texts.shrink_to_fit();
    }

    /// A node's text.
    fn text(&self, node: &MarkupNode) -> &str {
        let range = &node.text;
        (self.texts)
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default()
    }
}

/// Where `texts` ends, as a node's text range holds it (a page's texts are at most its
/// file's bytes, which `[limits] file-size` keeps far below 4 GiB).
fn end_of(texts: &str) -> u32 {
    u32::try_from(texts.len()).unwrap_or(u32::MAX)
}

/// One piece of the markup stream, in document order, spans in the rendered body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// An HTML start tag: its index in the page's elements.
    Tag { element: usize, self_closing: bool },
    /// The start of a Markdown construct, with the attributes markdown-it gives it (their
    /// values' bytes).
    Construct {
        name: &'static str,
        span: Range<usize>,
        attributes: Vec<(&'static str, Range<usize>)>,
    },
    /// An HTML end tag, or the end of a Markdown construct (whose name is always known).
    End {
        name: Cow<'static, str>,
        origin: Syntax,
        span: Range<usize>,
    },
    /// Text as the reader gets it (decoded): its bytes in the stream's texts (one buffer
    /// a page, not a `String` a piece).
    Text {
        text: Range<usize>,
        span: Range<usize>,
    },
    /// A tokenizer error; `shown_as_text` when Markdown left the tag as text for it.
    Error {
        code: &'static str,
        span: Range<usize>,
        shown_as_text: bool,
    },
}

/// How the caller's spans become the file's: the file span of a rendered span, and
/// whether it touches a template expression.
pub(super) trait SpanMap {
    fn to_file(&self, span: &Range<usize>) -> Range<usize>;
    fn is_dynamic(&self, span: &Range<usize>) -> bool;
    /// Whether template syntax (`{{ }}`, `{% %}`) stands in these bytes of the file.
    fn touches_template(&self, file_span: &Range<usize>) -> bool;
    /// The source bytes of a rendered span, as written.
    fn written(&self, span: &Range<usize>) -> String;
}

/// The elements of HTML that authors write in pages (void ones included): a `<name` of one
/// of these in Markdown text was meant as a tag.
pub(super) fn is_known_element(name: &str) -> bool {
    is_void(name)
        || keeps_text(name)
        || closes_paragraph(name)
        || has_optional_end(name)
        || matches!(
            name,
            "abbr"
                | "audio"
                | "b"
                | "cite"
                | "code"
                | "em"
                | "i"
                | "iframe"
                | "kbd"
                | "mark"
                | "picture"
                | "q"
                | "s"
                | "small"
                | "span"
                | "strong"
                | "sub"
                | "summary"
                | "sup"
                | "svg"
                | "time"
                | "u"
                | "video"
        )
}

/// Elements that have no end tag.
pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
    )
}

/// Elements whose end tag HTML lets authors leave out.
fn has_optional_end(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

/// Start tags that close an open `<p>`.
fn closes_paragraph(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
            | "search"
    )
}

fn is_foreign(name: &str) -> bool {
    name == "svg" || name == "math"
}

/// For an element whose start tag implicitly ends an open sibling: the siblings it ends,
/// and the elements that bound the search (the sibling must be open inside them).
fn ends_sibling(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    match name {
        "li" => Some((&["li"], &["ul", "ol", "menu"])),
        "dt" | "dd" => Some((&["dt", "dd"], &["dl"])),
        "tr" => Some((&["tr", "td", "th"], &["table", "thead", "tbody", "tfoot"])),
        "td" | "th" => Some((&["td", "th"], &["tr", "table"])),
        "thead" | "tbody" | "tfoot" => Some((
            &[
                "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup",
            ],
            &["table"],
        )),
        "option" => Some((&["option"], &["select", "datalist", "optgroup"])),
        "optgroup" => Some((&["optgroup", "option"], &["select"])),
        _ => None,
    }
}

/// Elements whose text rules read (link names, heading contents).
fn keeps_text(name: &str) -> bool {
    matches!(
        name,
        "a" | "button" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

/// Builds the tree from the stream, whose text pieces are in `texts`; `elements` are the
/// page's HTML start tags, already in file coordinates and in their final order, as the
/// nodes keep their indices.
pub(super) fn build(
    pieces: Vec<Piece>,
    texts: &str,
    elements: &[Element],
    place: &dyn SpanMap,
    branches: bool,
    max_depth: usize,
) -> Markup {
    let mut builder = Builder {
        markup: Markup {
            branches,
            ..Markup::default()
        },
        open: Vec::new(),
        keeping_text: Vec::new(),
        open_foreign: 0,
        self_closed: HashSet::new(),
        max_depth,
        below_limit: 0,
        place,
        elements,
    };
    for piece in pieces {
        match piece {
            Piece::Tag {
                element,
                self_closing,
            } => {
                if element < elements.len() {
                    builder.open_element(Written::Html(element), self_closing);
                }
            }
            Piece::Construct {
                name,
                span,
                attributes,
            } => {
                let attributes = attributes
                    .into_iter()
                    .map(|(name, value)| {
                        let value_span = place.to_file(&value);
                        Attribute {
                            name: name.into(),
                            value: Some(place.written(&value)),
                            span: value_span.clone(),
                            value_span,
                            dynamic: place.is_dynamic(&value),
                        }
                    })
                    .collect::<Box<[_]>>();
                let span = place.to_file(&span);
                builder.open_element(
                    Written::Markdown {
                        name,
                        span,
                        attributes,
                    },
                    false,
                );
            }
            Piece::End { name, origin, span } => {
                builder.close_element(&name, origin, place.to_file(&span));
            }
            // Text only matters inside an element that keeps it.
            Piece::Text { text, span } if !builder.keeping_text.is_empty() => {
                let dynamic = place.is_dynamic(&span);
                builder.add_text(texts.get(text).unwrap_or_default(), dynamic);
            }
            Piece::Text { .. } => {}
            Piece::Error {
                code,
                span,
                shown_as_text,
            } => {
                if !place.is_dynamic(&(span.start.saturating_sub(1)..span.end + 1)) {
                    builder.markup.problems.push(Problem {
                        kind: ProblemKind::Syntax {
                            code,
                            shown_as_text,
                        },
                        span: place.to_file(&span),
                    });
                }
            }
        }
    }
    builder.finish();
    builder.markup
}

struct Builder<'a> {
    markup: Markup,
    /// Indices of the open elements, outermost first.
    open: Vec<usize>,
    /// The open elements whose text rules read (`keeps_text`), outermost first, each with
    /// where its text starts in `Markup::texts`: text is added there only while one is open.
    keeping_text: Vec<(usize, u32)>,
    /// How many open elements are `<svg>` or `<math>`.
    open_foreign: usize,
    /// Open elements written with `/>`, by node index.
    self_closed: HashSet<usize>,
    /// The deepest nesting built; past it, how many start tags are open but not built.
    max_depth: usize,
    below_limit: usize,
    place: &'a dyn SpanMap,
    elements: &'a [Element],
}

impl Builder<'_> {
    fn node(&self, index: usize) -> Node<'_> {
        Node {
            index,
            tree: &self.markup,
            elements: self.elements,
        }
    }

    fn open_element(&mut self, written: Written, self_closing: bool) {
        let origin = written.syntax();
        let (name, span, attributes) = written.parts(self.elements);
        let void = is_void(name) && origin == Syntax::Html;
        if self.open.len() >= self.max_depth {
            // Each nesting level costs every later tag a step: a page of 100 000 nested
            // `<div>`s would take minutes. Browsers stop nesting at 512 too.
            if self.markup.too_deep.is_none() {
                self.markup.too_deep = Some(span.clone());
            }
            if !void && !self_closing {
                self.below_limit += 1;
            }
            return;
        }
        if origin == Syntax::Html {
            self.implicit_ends(name, span);
        }
        let foreign = self.open_foreign > 0 || is_foreign(name);
        // What this element gives its ancestors' names: an image's alternative, a label.
        let given = match name {
            "img" | "area" if origin == Syntax::Html => named_by(attributes, "alt"),
            _ => None,
        }
        .or_else(|| named_by(attributes, "aria-label"));
        let keeps = keeps_text(name) || (name == "img" && origin == Syntax::Markdown);
        let foreign_here = is_foreign(name);
        let index = self.markup.nodes.len();
        self.markup.nodes.push(MarkupNode {
            written,
            parent: self
                .open
                .last()
                .and_then(|&p| u32::try_from(p).ok())
                .unwrap_or(NO_PARENT),
            text: 0..0,
            dynamic_text: false,
        });
        if let Some((given, dynamic)) = given {
            self.add_text(&given, dynamic);
        }
        if void || (self_closing && foreign) {
            return;
        }
        if self_closing {
            self.self_closed.insert(index);
        }
        if keeps {
            self.keeping_text.push((index, end_of(&self.markup.texts)));
        }
        self.open_foreign += usize::from(foreign_here);
        self.open.push(index);
    }

    /// The open `<p>`, `<li>` … that this start tag ends without an end tag.
    fn implicit_ends(&mut self, name: &str, span: &Range<usize>) {
        if closes_paragraph(name)
            && let Some(&top) = self.open.last()
            && self.node(top).name() == "p"
        {
            self.pop_to(self.open.len() - 1, Some(span.clone()));
        }
        let Some((siblings, bounds)) = ends_sibling(name) else {
            return;
        };
        let mut ended = None;
        for (depth, &index) in self.open.iter().enumerate().rev() {
            let open = self.node(index).name();
            if bounds.contains(&open) {
                break;
            }
            if siblings.contains(&open) {
                ended = Some(depth);
                break;
            }
        }
        if let Some(depth) = ended {
            self.pop_to(depth, Some(span.clone()));
        }
    }

    fn close_element(&mut self, name: &str, origin: Syntax, span: Range<usize>) {
        if self.below_limit > 0 {
            // Taken as the end of an element past the nesting limit, which was not built.
            self.below_limit -= 1;
            return;
        }
        // A Markdown construct ends its own element; an HTML end tag, the nearest open
        // element of its name.
        let found = self.open.iter().rposition(|&i| {
            let node = self.node(i);
            node.name() == name && (origin == Syntax::Html || node.syntax() == Syntax::Markdown)
        });
        match found {
            Some(depth) => self.pop_to(depth, Some(span)),
            // markdown-it always ends what it starts: a construct already ended by an HTML
            // tag leaves nothing to report; nor does a page whose other branch may open it.
            None if origin == Syntax::Markdown || self.markup.branches => {}
            None => self.markup.problems.push(Problem {
                kind: ProblemKind::Stray {
                    name: name.to_owned(),
                },
                span,
            }),
        }
    }

    /// Closes the open elements from `depth` up, where `closed_by` starts; those above it
    /// were left open.
    fn pop_to(&mut self, depth: usize, closed_by: Option<Range<usize>>) {
        let at = closed_by.as_ref().map_or(usize::MAX, |s| s.start);
        let Some(&outermost) = self.open.get(depth) else {
            return;
        };
        // Node indices grow with depth: the popped ones are the largest.
        while self
            .keeping_text
            .last()
            .is_some_and(|&(i, _)| i >= outermost)
            && let Some((index, start)) = self.keeping_text.pop()
        {
            self.text_ends(index, start);
        }
        // Innermost first; all but the element at `depth` were left open.
        while self.open.len() > depth
            && let Some(index) = self.open.pop()
        {
            let foreign = is_foreign(self.node(index).name());
            self.open_foreign -= usize::from(foreign);
            self.ended(index, at);
            if index != outermost {
                self.unclosed(index, closed_by.clone());
            }
        }
    }

    /// An element whose content holds a template tag (`<a>{% include "logo.svg" %}</a>`,
    /// `## {% include "titre.njk" %}`) has a name vigie cannot know.
    fn ended(&mut self, index: usize, at: usize) {
        let node = self.node(index);
        // A Markdown construct's span is all of it; an HTML node's, its start tag.
        let content = match node.syntax() {
            Syntax::Html => node.span().end..at.max(node.span().end),
            Syntax::Markdown => node.span(),
        };
        if keeps_text(node.name())
            && self.place.touches_template(&content)
            && let Some(node) = self.markup.nodes.get_mut(index)
        {
            node.dynamic_text = true;
        }
    }

    fn unclosed(&mut self, index: usize, closed_by: Option<Range<usize>>) {
        let node = self.node(index);
        if node.syntax() == Syntax::Markdown
            || has_optional_end(node.name())
            || self.markup.branches
        {
            return;
        }
        let problem = Problem {
            kind: ProblemKind::Unclosed {
                name: node.name().to_owned(),
                closed_by,
                self_closing: self.self_closed.contains(&index),
            },
            span: node.span(),
        };
        self.markup.problems.push(problem);
    }

    /// Adds `text` to the open elements that keep theirs.
    fn add_text(&mut self, text: &str, dynamic: bool) {
        if self.keeping_text.is_empty() {
            return;
        }
        self.markup.texts.push_str(text);
        for &(index, _) in &self.keeping_text {
            if let Some(node) = self.markup.nodes.get_mut(index) {
                node.dynamic_text |= dynamic;
            }
        }
    }

    /// The element at `index`, whose text started at `start`, is closed: its text is
    /// what was read since.
    fn text_ends(&mut self, index: usize, start: u32) {
        let end = end_of(&self.markup.texts);
        if let Some(node) = self.markup.nodes.get_mut(index) {
            node.text = start..end;
        }
    }

    fn finish(&mut self) {
        for (index, start) in std::mem::take(&mut self.keeping_text) {
            self.text_ends(index, start);
        }
        let open = std::mem::take(&mut self.open);
        for &index in open.iter().rev() {
            self.ended(index, usize::MAX);
            self.unclosed(index, None);
        }
    }
}

/// The text an attribute gives a name, spaced from its neighbours, when it is written and
/// not empty; `true` when a template builds it (its text is unknown).
fn named_by(attributes: &[Attribute], name: &str) -> Option<(String, bool)> {
    let attribute = attributes.iter().find(|a| a.name == name)?;
    if attribute.dynamic {
        return Some((String::new(), true));
    }
    let value = attribute.value.as_deref()?;
    (!value.trim().is_empty()).then(|| (format!(" {value} "), false))
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_node_is_eight_words() {
        // 540 000 nodes on 10 000 pages: each word is 4 MB there.
        assert_eq!(std::mem::size_of::<super::MarkupNode>(), 64);
    }

    use super::*;

    /// Spans are the file's; no template.
    struct Plain;

    impl SpanMap for Plain {
        fn to_file(&self, span: &Range<usize>) -> Range<usize> {
            span.clone()
        }
        fn is_dynamic(&self, _: &Range<usize>) -> bool {
            false
        }
        fn touches_template(&self, _: &Range<usize>) -> bool {
            false
        }
        fn written(&self, _: &Range<usize>) -> String {
            String::new()
        }
    }

    /// A stream written piece by piece, each piece at offset `at`.
    #[derive(Default)]
    struct Stream {
        elements: Vec<Element>,
        pieces: Vec<Piece>,
        texts: String,
    }

    impl Stream {
        fn tag(
            mut self,
            name: &str,
            at: usize,
            attributes: Vec<Attribute>,
            self_closing: bool,
        ) -> Self {
            self.pieces.push(Piece::Tag {
                element: self.elements.len(),
                self_closing,
            });
            self.elements.push(Element {
                name: name.into(),
                span: at..at + 1,
                attributes,
            });
            self
        }
        fn open(self, name: &str, at: usize) -> Self {
            self.tag(name, at, Vec::new(), false)
        }
        fn end(mut self, name: &str, origin: Syntax, at: usize) -> Self {
            self.pieces.push(Piece::End {
                name: name.to_owned().into(),
                origin,
                span: at..at + 1,
            });
            self
        }
        fn close(self, name: &str, at: usize) -> Self {
            self.end(name, Syntax::Html, at)
        }
        fn md(mut self, name: &'static str, at: usize) -> Self {
            self.pieces.push(Piece::Construct {
                name,
                span: at..at + 1,
                attributes: Vec::new(),
            });
            self
        }
        fn md_end(self, name: &str, at: usize) -> Self {
            self.end(name, Syntax::Markdown, at)
        }
        fn text(mut self, text: &str) -> Self {
            let at = self.texts.len();
            self.texts.push_str(text);
            self.pieces.push(Piece::Text {
                text: at..self.texts.len(),
                span: 0..0,
            });
            self
        }
        fn build(self) -> Markup {
            build(self.pieces, &self.texts, &self.elements, &Plain, false, 512)
        }
    }

    /// Each link of a nest reads the whole text inside it, but the text is kept once: a
    /// copy per open link made 600 nested `<a>`s around 1 MB of text take 1.7 GB.
    #[test]
    fn nested_links_share_the_text_they_hold() {
        let mut stream = Stream::default();
        // As deep as the builder nests (512).
        for at in 0..500 {
            stream = stream.open("a", at);
        }
        let markup = stream.text("lien ").text("commun").build();
        assert_eq!(markup.nodes.len(), 500);
        assert!(
            (markup.nodes.iter()).all(|node| markup.text(node) == "lien commun"),
            "every link reads the whole text"
        );
        assert_eq!(markup.texts, "lien commun");
    }

    fn problems(markup: &Markup) -> Vec<(String, usize)> {
        markup
            .problems
            .iter()
            .map(|p| {
                let what = match &p.kind {
                    ProblemKind::Unclosed { name, .. } => format!("unclosed {name}"),
                    ProblemKind::Stray { name } => format!("stray {name}"),
                    ProblemKind::Syntax { code, .. } => (*code).to_owned(),
                };
                (what, p.span.start)
            })
            .collect()
    }

    #[test]
    fn an_a_left_open_in_a_paragraph_is_reported_at_its_start_tag() {
        // <div><p>… <a href>organiser votre veille.</p></div>
        let markup = Stream::default()
            .open("div", 0)
            .open("p", 5)
            .open("a", 10)
            .text("organiser")
            .close("p", 30)
            .close("div", 40)
            .build();
        assert_eq!(problems(&markup), vec![("unclosed a".into(), 10)]);
        match &markup.problems[0].kind {
            ProblemKind::Unclosed { closed_by, .. } => assert_eq!(closed_by, &Some(30..31)),
            other => panic!("{other:?}"),
        }
        assert_eq!(markup.text(&markup.nodes[2]), "organiser");
    }

    #[test]
    fn nesting_past_the_limit_is_not_built_and_its_end_tags_are_its_own() {
        let mut stream = Stream::default();
        for at in 0..6 {
            stream = stream.open("div", at);
        }
        stream = stream.open("a", 6).text("lien");
        for at in 7..14 {
            stream = stream.close(if at == 7 { "a" } else { "div" }, at);
        }
        let markup = build(
            stream.pieces,
            &stream.texts,
            &stream.elements,
            &Plain,
            false,
            3,
        );
        assert_eq!(markup.too_deep, Some(3..4));
        assert_eq!(markup.nodes.len(), 3);
        assert_eq!(problems(&markup), vec![]);
        // Under the limit, the same stream is built whole.
        let mut stream = Stream::default();
        for at in 0..3 {
            stream = stream.open("div", at);
        }
        let markup = stream.open("a", 3).text("lien").close("a", 4).build();
        assert_eq!(
            (markup.too_deep.clone(), markup.text(&markup.nodes[3])),
            (None, "lien")
        );
    }

    #[test]
    fn optional_end_tags_and_void_elements_are_not_problems() {
        let markup = Stream::default()
            .open("ul", 0)
            .open("li", 1)
            .open("li", 2)
            .close("ul", 3)
            .open("p", 4)
            .open("img", 5)
            .open("br", 6)
            .open("div", 7)
            .close("div", 8)
            .open("p", 9)
            .build();
        assert_eq!(problems(&markup), vec![]);
        assert_eq!(
            markup.nodes[2].parent(),
            Some(0),
            "the second li is a sibling"
        );
        assert_eq!(
            markup.nodes[6].parent(),
            None,
            "the div ended the paragraph"
        );
    }

    #[test]
    fn stray_end_tags_and_elements_open_at_the_end() {
        let markup = Stream::default()
            .close("span", 0)
            .open("section", 1)
            .open("em", 2)
            .build();
        assert_eq!(
            problems(&markup),
            vec![
                ("stray span".into(), 0),
                ("unclosed em".into(), 2),
                ("unclosed section".into(), 1)
            ]
        );
    }

    #[test]
    fn markdown_constructs_end_what_html_left_open_inside_them() {
        let markup = Stream::default()
            .md("p", 0)
            .open("span", 3)
            .md("a", 9)
            .text("ici")
            .md_end("a", 20)
            .md_end("p", 25)
            .close("span", 30)
            .build();
        assert_eq!(
            problems(&markup),
            vec![("unclosed span".into(), 3), ("stray span".into(), 30)]
        );
        assert_eq!(markup.text(&markup.nodes[2]), "ici");
    }

    #[test]
    fn names_gather_alternatives_and_labels() {
        let alt = Attribute {
            name: "alt".into(),
            value: Some("Logo de la DINUM".into()),
            span: 0..0,
            value_span: 0..0,
            dynamic: false,
        };
        let markup = Stream::default()
            .open("a", 0)
            .tag("img", 1, vec![alt], true)
            .close("a", 3)
            .build();
        assert_eq!(markup.text(&markup.nodes[0]).trim(), "Logo de la DINUM");
        assert!(markup.problems.is_empty());
    }

    #[test]
    fn a_self_closing_iframe_stays_open_but_svg_children_close() {
        let markup = Stream::default()
            .open("svg", 2)
            .tag("path", 3, Vec::new(), true)
            .close("svg", 5)
            .tag("iframe", 0, Vec::new(), true)
            .build();
        assert_eq!(problems(&markup), vec![("unclosed iframe".into(), 0)]);
        assert!(matches!(
            markup.problems[0].kind,
            ProblemKind::Unclosed {
                self_closing: true,
                ..
            }
        ));
    }
}
