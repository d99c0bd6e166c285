//! One walk over a (masked) Markdown body with pulldown-cmark's offset iterator: links and
//! images with the bytes of their destination, headings with their title parts, raw HTML
//! (scanned by `html`), the text runs linkify reads, and where code is (the one answer that
//! suppression comments and text rules read). Spans are relative to the text walked; the
//! caller maps them to the file.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::attrs;
use super::html::{self, HtmlFacts};
use super::linkify;
use super::markup::{Piece, Syntax};
use super::{CodeKind, LinkKind};
use crate::config::{Eleventy, MarkdownPlugins};
use crate::parse::{text_at, text_before, text_from};

/// How the site's markdown-it reads Markdown.
#[derive(Debug, Clone, Copy)]
pub(super) struct Flavor<'a> {
    /// `html: true`: raw HTML is HTML (otherwise escaped text).
    pub html: bool,
    pub linkify: bool,
    /// Eleventy 2+ disables indented code blocks: such text is a paragraph.
    pub indented_code_is_text: bool,
    /// The plugins the site `.use()`s.
    pub plugins: &'a MarkdownPlugins,
}

impl<'a> Flavor<'a> {
    /// The markdown-it `eleventy` configures.
    pub(super) fn of(eleventy: &'a Eleventy) -> Flavor<'a> {
        Flavor {
            html: eleventy.markdown.html,
            linkify: eleventy.markdown.linkify,
            indented_code_is_text: eleventy.version >= 2,
            plugins: &eleventy.markdown_plugins,
        }
    }
}

/// A Markdown link: `span` is where it is reported, `target` the bytes of its destination
/// (the same bytes, except for reference links: use site vs. definition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MarkdownLink {
    pub kind: LinkKind,
    pub span: Range<usize>,
    pub target: Range<usize>,
}

/// A heading and the pieces of its title (text and inline code, as markdown-it-anchor
/// reads it): each piece's source range and its decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawHeading {
    pub level: u8,
    pub span: Range<usize>,
    pub parts: Vec<(Range<usize>, String)>,
    /// The heading sets its own id (`{#id}` of markdown-it-attrs): the anchor plugin
    /// keeps it; its bytes are in `HtmlFacts::anchors`.
    pub id: Option<Range<usize>>,
}

/// Everything the walk found.
#[derive(Debug, Default)]
pub(super) struct Walked {
    pub links: Vec<MarkdownLink>,
    pub html: HtmlFacts,
    pub headings: Vec<RawHeading>,
    pub linkified: Vec<Range<usize>>,
    /// Code as markdown-it reads it, in walk order.
    pub code: Vec<(CodeKind, Range<usize>)>,
    /// Ids a plugin writes (markdown-it-footnote's `fn1`, `fnref1`), at the bytes they come
    /// from.
    pub generated_ids: Vec<(String, Range<usize>)>,
}

/// Walks `text` (a masked Markdown body).
pub(super) fn walk(text: &str, flavor: Flavor) -> Walked {
    let mut walked = Walked::default();
    let containers = &flavor.plugins.containers;
    if containers.is_empty() {
        walk_into(text, flavor, true, &mut walked);
    } else {
        walk_into(
            &without_container_markers(text, containers),
            flavor,
            true,
            &mut walked,
        );
    }
    walked
}

fn options(flavor: Flavor) -> Options {
    let mut options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    if flavor.plugins.footnote {
        options |= Options::ENABLE_FOOTNOTES;
    }
    if flavor.plugins.deflist {
        options |= Options::ENABLE_DEFINITION_LIST;
    }
    options
}

/// markdown-it-container's `::: name …` and `:::` lines blanked (same length): their
/// content stays Markdown, they are neither text nor part of a paragraph (a container
/// interrupts a paragraph, as a blank line does). Lines inside fenced code stay.
fn without_container_markers(text: &str, names: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open: Vec<usize> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let rest = body.trim_start_matches(' ');
        let indent = body.len() - rest.len();
        let marker = |c: u8| rest.bytes().take_while(|&b| b == c).count();
        let after_marker = |c: u8| rest.trim_start_matches(char::from(c));
        if indent < 4 {
            let (ticks, tildes) = (marker(b'`'), marker(b'~'));
            match fence {
                Some((c, n)) if marker(c) >= n && after_marker(c).trim().is_empty() => fence = None,
                Some(_) => {}
                None if ticks >= 3 && !after_marker(b'`').contains('`') => {
                    fence = Some((b'`', ticks))
                }
                None if tildes >= 3 => fence = Some((b'~', tildes)),
                None => {}
            }
        }
        let colons = marker(b':');
        let params = after_marker(b':').trim();
        let is_marker = fence.is_none() && indent < 4 && colons >= 3 && {
            let name = params.split(' ').next().unwrap_or("");
            if params.is_empty() {
                open.last().is_some_and(|&n| colons >= n)
            } else {
                names.iter().any(|n| n == name)
            }
        };
        if is_marker {
            if params.is_empty() {
                open.pop();
            } else {
                open.push(colons);
            }
            out.extend(std::iter::repeat_n(' ', body.len()));
            out.push_str(text_from(line, body.len()));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// State of the walk that decides whether text is linkified.
#[derive(Default)]
struct Context {
    inside_link: usize,
    inside_image: usize,
    inside_code_block: bool,
    /// Raw `<a …>` opened in inline HTML and not yet closed.
    inside_raw_a: usize,
    /// The text run linkify reads next (contiguous Text events).
    run: Option<Range<usize>>,
    /// Inside a table's header row: its cells are `th`.
    inside_table_head: bool,
    /// The inline content of the current block, as markdown-it-attrs reads it.
    inline: Vec<Inline>,
    /// The first markup piece of the current block.
    block_markup: usize,
    /// markdown-it-footnote: labels in the order of their first reference, and how many
    /// references each has had.
    footnotes: Vec<(String, usize)>,
}

/// A token of a block's inline content, as far as markdown-it-attrs looks at it.
#[derive(Debug, Clone)]
enum Inline {
    Text(Range<usize>),
    /// An emphasis, strong, strikethrough or link opens.
    Open,
    Close,
    /// An image or code span (`takes_attrs`: a curly right after it is its own), or
    /// another self-contained token (inline HTML, a line break).
    Atom {
        takes_attrs: bool,
        code: bool,
    },
}

/// The element markdown-it writes for a Markdown block.
fn block_name(tag: &Tag<'_>, context: &Context) -> &'static str {
    match tag {
        Tag::Paragraph => "p",
        Tag::Item => "li",
        Tag::List(Some(_)) => "ol",
        Tag::List(None) => "ul",
        Tag::BlockQuote(_) => "blockquote",
        Tag::Table(_) => "table",
        Tag::TableHead | Tag::TableRow => "tr",
        Tag::TableCell if context.inside_table_head => "th",
        Tag::DefinitionList => "dl",
        Tag::DefinitionListTitle => "dt",
        Tag::DefinitionListDefinition => "dd",
        _ => "td",
    }
}

fn block_end_name(tag: &TagEnd, context: &Context) -> &'static str {
    match tag {
        TagEnd::Paragraph => "p",
        TagEnd::Item => "li",
        TagEnd::List(true) => "ol",
        TagEnd::List(false) => "ul",
        TagEnd::BlockQuote(_) => "blockquote",
        TagEnd::Table => "table",
        TagEnd::TableHead | TagEnd::TableRow => "tr",
        TagEnd::TableCell if context.inside_table_head => "th",
        TagEnd::DefinitionList => "dl",
        TagEnd::DefinitionListTitle => "dt",
        TagEnd::DefinitionListDefinition => "dd",
        _ => "td",
    }
}

fn heading_name(level: u8) -> &'static str {
    match level {
        ..=1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

/// Starts the element markdown-it writes for a construct over `range`; a link or image
/// carries its destination and title.
fn construct(
    walked: &mut Walked,
    name: &'static str,
    range: Range<usize>,
    link: Option<&MarkdownLink>,
    title: &str,
    text: &str,
) {
    let mut attributes = Vec::new();
    if let Some(link) = link {
        attributes.push((
            if name == "img" { "src" } else { "href" },
            link.target.clone(),
        ));
        if let Some(title) = title_bytes(text, link.target.end, title) {
            attributes.push(("title", title));
        }
    }
    walked.html.markup.push(Piece::Construct {
        name,
        span: range,
        attributes,
    });
}

/// Ends a construct, placed right after its last visible character.
fn end(walked: &mut Walked, name: &'static str, range: Range<usize>, text: &str) {
    let written = text.get(range.clone()).unwrap_or("").trim_end().len();
    let at = range.start + written;
    walked.html.markup.push(Piece::End {
        name: name.into(),
        origin: Syntax::Markdown,
        span: at..at,
    });
}

fn text_piece(walked: &mut Walked, text: &str, range: Range<usize>) {
    let at = walked.html.texts.len();
    walked.html.texts.push_str(text);
    walked.html.markup.push(Piece::Text {
        text: at..walked.html.texts.len(),
        span: range,
    });
}

/// Tags of known HTML elements that CommonMark did not take for tags (`alt="a"title="b"`
/// has no space between its attributes): markdown-it shows them as text. Each is read up to
/// its `>`, on the same paragraph, and reported with the tokenizer's writing error.
fn tags_shown_as_text(text: &str, range: &Range<usize>, walked: &mut Walked) {
    for (at, _) in text_at(text, range.clone()).match_indices('<') {
        let start = range.start + at;
        let rest = text_from(text, start + 1);
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if !super::markup::is_known_element(&text_before(rest, name_len).to_ascii_lowercase()) {
            continue;
        }
        // The tag ends at its `>`; another `<` or a blank line first: no tag was meant.
        let Some(end) = rest
            .find(['>', '<'])
            .filter(|&e| rest.as_bytes().get(e) == Some(&b'>'))
        else {
            continue;
        };
        let inside = text_before(rest, end);
        if inside.contains("\n\n") || inside.contains("\n\r\n") {
            continue;
        }
        let tag = text_at(text, start..start + 2 + end);
        html::errors_of_text_tag(tag, start, &mut walked.html);
    }
}

/// The bytes of a link title written after a destination ending at `after`:
/// `"title"`, `'title'` or `(title)`. `None` when the link has no title.
fn title_bytes(text: &str, after: usize, title: &str) -> Option<Range<usize>> {
    if title.is_empty() {
        return None;
    }
    let rest = text.get(after..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let start = after + skipped;
    let closer = match text.as_bytes().get(start)? {
        b'"' => b'"',
        b'\'' => b'\'',
        b'(' => b')',
        _ => return None,
    };
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 1,
            b if b == closer => return Some(start + 1..i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether `event` starts or ends a block: the inline content before it is complete.
fn is_block_boundary(event: &Event<'_>) -> bool {
    let tag_is_block = |tag: &Tag<'_>| {
        !matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        )
    };
    match event {
        Event::Start(tag) => tag_is_block(tag),
        Event::End(end) => !matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Rule => true,
        _ => false,
    }
}

/// markdown-it-attrs on the inline content of one block: a curly right after a link,
/// image, code span or emphasis is theirs; a curly ending the block's last text is the
/// block's. Their ids are anchors; the curlies are no text.
fn apply_attrs(text: &str, context: &mut Context, walked: &mut Walked) -> BlockAttrs {
    let mut found = BlockAttrs::default();
    let mut items = std::mem::take(&mut context.inline);
    let from = context.block_markup;
    context.block_markup = walked.html.markup.len();
    // Whether the item before is one a curly right after belongs to.
    let mut takes_curly = false;
    for item in &mut items {
        let after_taker = std::mem::replace(
            &mut takes_curly,
            matches!(
                item,
                Inline::Close
                    | Inline::Atom {
                        takes_attrs: true,
                        ..
                    }
            ),
        );
        let Inline::Text(range) = item.clone() else {
            continue;
        };
        if !after_taker {
            continue;
        }
        let Some(curly) = attrs::at_start(text_at(text, range.clone())) else {
            continue;
        };
        if let Some(id) = curly.id() {
            walked
                .html
                .anchors
                .push(range.start + id.start..range.start + id.end);
        }
        let cut = range.start + curly.span.end;
        let pieces = walked.html.markup.get_mut(from..).unwrap_or_default();
        remove_text(text, pieces, &mut walked.html.texts, range.start..cut);
        found.removed.push(range.start..cut);
        *item = Inline::Text(cut..range.end);
    }
    // The end of the block: its last text outside inline elements (a code span there
    // keeps the curly as text).
    let mut depth = 0usize;
    let mut last = None;
    for item in items.iter().rev() {
        match item {
            Inline::Atom { code: true, .. } => return found,
            Inline::Close => depth += 1,
            Inline::Open if depth == 0 => return found,
            Inline::Open => depth -= 1,
            Inline::Text(range)
                if depth == 0 && !text_at(text, range.clone()).trim().is_empty() =>
            {
                last = Some(range.clone());
                break;
            }
            _ => {}
        }
    }
    let Some(range) = last else {
        return found;
    };
    let written = text_at(text, range.clone()).trim_end();
    let Some(curly) = attrs::at_end(written) else {
        return found;
    };
    let id = curly
        .id()
        .map(|id| range.start + id.start..range.start + id.end);
    walked.html.anchors.extend(id.clone());
    // The plugin drops the curly and one space or newline before it.
    let mut start = range.start + curly.span.start;
    if text_before(text, start).ends_with([' ', '\n']) {
        start -= 1;
    }
    let removed = start..range.start + written.len();
    let pieces = walked.html.markup.get_mut(from..).unwrap_or_default();
    remove_text(text, pieces, &mut walked.html.texts, removed.clone());
    found.removed.push(removed);
    found.id = id;
    found
}

/// What markdown-it-attrs did to one block.
#[derive(Debug, Default)]
struct BlockAttrs {
    /// The bytes of its curlies (no text).
    removed: Vec<Range<usize>>,
    /// The id the block sets for itself.
    id: Option<Range<usize>>,
}

/// Takes the bytes `removed` out of the text pieces (a curly is no text); a piece's new
/// text is added to `texts`.
fn remove_text(text: &str, pieces: &mut [Piece], texts: &mut String, removed: Range<usize>) {
    for piece in pieces {
        let Piece::Text { text: shown, span } = piece else {
            continue;
        };
        if span.end <= removed.start || span.start >= removed.end {
            continue;
        }
        let start = removed.start.max(span.start);
        let end = removed.end.min(span.end);
        // A piece shown as written loses those bytes; one decoded differently is dropped.
        let as_written = text.get(span.clone()) == texts.get(shown.clone());
        let at = texts.len();
        if as_written {
            texts.push_str(text_at(text, span.start..start));
            texts.push_str(text_at(text, end..span.end));
        }
        *shown = at..texts.len();
    }
}

/// markdown-it-attrs on a fence's info string (```` ```js {#exemple} ````): the id of
/// its `<pre>`.
fn fence_attrs(text: &str, range: &Range<usize>, walked: &mut Walked) {
    let block = text_at(text, range.clone());
    let line = block.split('\n').next().unwrap_or("").trim_end();
    let Some(curly) = attrs::at_end(line) else {
        return;
    };
    if let Some(id) = curly.id() {
        walked
            .html
            .anchors
            .push(range.start + id.start..range.start + id.end);
    }
}

/// markdown-it-footnote's ids for a reference to `label` at `range`: `fnref1` (then
/// `fnref1:1` …) there, and `fn1` for its note, numbered by first reference.
fn footnote_ids(label: &str, range: Range<usize>, context: &mut Context, walked: &mut Walked) {
    let found = context.footnotes.iter().position(|(l, _)| l == label);
    let n = found.unwrap_or_else(|| {
        context.footnotes.push((label.to_owned(), 0));
        context.footnotes.len() - 1
    });
    let Some((_, count)) = context.footnotes.get_mut(n) else {
        return;
    };
    let id = match *count {
        0 => format!("fnref{}", n + 1),
        k => format!("fnref{}:{k}", n + 1),
    };
    if *count == 0 {
        walked
            .generated_ids
            .push((format!("fn{}", n + 1), range.clone()));
    }
    *count += 1;
    walked.generated_ids.push((id, range));
}

fn walk_into(text: &str, flavor: Flavor, top_level: bool, walked: &mut Walked) {
    let parser = Parser::new_ext(text, options(flavor)).into_offset_iter();
    let definitions = definitions(text, &parser);
    let mut context = Context::default();
    let mut heading: Option<RawHeading> = None;
    let mut html_block: Vec<Range<usize>> = Vec::new();
    let mut indented_code: Option<Vec<Range<usize>>> = None;

    for (event, range) in parser {
        if !matches!(event, Event::Text(_)) {
            flush_run(text, flavor, &mut context, walked);
        }
        let block_attrs = match flavor.plugins.attrs && is_block_boundary(&event) {
            true => apply_attrs(text, &mut context, walked),
            false => BlockAttrs::default(),
        };
        if flavor.plugins.attrs && context.inside_image == 0 {
            match &event {
                Event::Start(
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. },
                ) => context.inline.push(Inline::Open),
                Event::End(
                    TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
                ) => context.inline.push(Inline::Close),
                Event::Code(_) => context.inline.push(Inline::Atom {
                    takes_attrs: true,
                    code: true,
                }),
                Event::InlineHtml(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::FootnoteReference(_) => context.inline.push(Inline::Atom {
                    takes_attrs: false,
                    code: false,
                }),
                Event::Text(_) if !context.inside_code_block && indented_code.is_none() => {
                    match context.inline.last_mut() {
                        Some(Inline::Text(last)) if last.end == range.start => last.end = range.end,
                        _ => context.inline.push(Inline::Text(range.clone())),
                    }
                }
                _ => {}
            }
        }
        if flavor.plugins.attrs
            && context.inside_image == 1
            && matches!(event, Event::End(TagEnd::Image))
        {
            context.inline.push(Inline::Atom {
                takes_attrs: true,
                code: false,
            });
        }
        match event {
            Event::FootnoteReference(label) => footnote_ids(&label, range, &mut context, walked),
            Event::Start(Tag::Link {
                link_type,
                id,
                title,
                ..
            }) => {
                context.inside_link += 1;
                let link = markdown_link(text, &range, link_type, &id, &definitions, false);
                construct(walked, "a", range, link.as_ref(), &title, text);
                if context.inside_image == 0 {
                    walked.links.extend(link);
                }
            }
            Event::End(TagEnd::Link) => {
                context.inside_link = context.inside_link.saturating_sub(1);
                end(walked, "a", range, text);
            }
            Event::Start(Tag::Image {
                link_type,
                id,
                title,
                ..
            }) => {
                context.inside_image += 1;
                let link = markdown_link(text, &range, link_type, &id, &definitions, true);
                construct(walked, "img", range, link.as_ref(), &title, text);
                walked.links.extend(link);
            }
            Event::End(TagEnd::Image) => {
                context.inside_image = context.inside_image.saturating_sub(1);
                end(walked, "img", range, text);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                construct(
                    walked,
                    heading_name(level as u8),
                    range.clone(),
                    None,
                    "",
                    text,
                );
                if top_level {
                    heading = Some(RawHeading {
                        level: level as u8,
                        span: range,
                        parts: Vec::new(),
                        id: None,
                    });
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(heading) = heading.as_mut() {
                    for removed in &block_attrs.removed {
                        cut_title(text, &mut heading.parts, removed);
                    }
                    heading.id = block_attrs.id;
                }
                walked.headings.extend(heading.take());
                context.inside_raw_a = 0;
                end(walked, heading_name(level as u8), range, text);
            }
            Event::Start(
                ref tag @ (Tag::Paragraph
                | Tag::Item
                | Tag::List(_)
                | Tag::BlockQuote(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition),
            ) => {
                if matches!(tag, Tag::TableHead) {
                    context.inside_table_head = true;
                }
                let name = block_name(tag, &context);
                construct(walked, name, range, None, "", text);
            }
            Event::End(
                ref tag @ (TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition),
            ) => {
                // markdown-it counts raw `<a>` per inline block: an unclosed one ends there.
                context.inside_raw_a = 0;
                end(walked, block_end_name(tag, &context), range, text);
                if matches!(tag, TagEnd::TableHead) {
                    context.inside_table_head = false;
                }
            }
            Event::SoftBreak | Event::HardBreak => text_piece(walked, " ", range),
            Event::Start(Tag::CodeBlock(kind)) => {
                let indented = matches!(kind, CodeBlockKind::Indented);
                if indented && flavor.indented_code_is_text && top_level {
                    indented_code = Some(Vec::new());
                } else {
                    context.inside_code_block = true;
                    let kind = match indented {
                        true => CodeKind::Indented,
                        false => CodeKind::Fenced,
                    };
                    if !indented && flavor.plugins.attrs {
                        fence_attrs(text, &range, walked);
                    }
                    walked.code.push((kind, range));
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                context.inside_code_block = false;
                if let Some(lines) = indented_code.take() {
                    reparse_as_paragraph(text, &lines, flavor, walked);
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block.clear(),
            Event::Html(_) => html_block.push(range),
            Event::End(TagEnd::HtmlBlock) => {
                if flavor.html {
                    scan_html_block(text, &html_block, &mut walked.html);
                }
                html_block.clear();
            }
            Event::InlineHtml(_) if flavor.html => {
                let source = text_at(text, range.clone());
                match html::start_tag_name(source).as_deref() {
                    Some("a") => context.inside_raw_a += 1,
                    _ if is_end_tag(source, "a") => {
                        context.inside_raw_a = context.inside_raw_a.saturating_sub(1);
                    }
                    _ => {}
                }
                html::scan(source, range.start, &mut walked.html);
            }
            Event::Code(code) => {
                walked.code.push((CodeKind::Inline, range.clone()));
                text_piece(walked, &code, range.clone());
                if let Some(heading) = heading.as_mut()
                    && context.inside_image == 0
                {
                    heading.parts.push((range, code.to_string()));
                }
            }
            Event::Text(content) => {
                if let Some(lines) = indented_code.as_mut() {
                    lines.push(range);
                    continue;
                }
                if context.inside_code_block {
                    continue;
                }
                text_piece(walked, &content, range.clone());
                if flavor.html {
                    tags_shown_as_text(text, &range, walked);
                }
                if let Some(heading) = heading.as_mut()
                    && context.inside_image == 0
                {
                    heading.parts.push((range.clone(), content.to_string()));
                }
                if flavor.linkify
                    && context.inside_link == 0
                    && context.inside_image == 0
                    && context.inside_raw_a == 0
                {
                    context.run = match context.run.take() {
                        Some(run) if run.end == range.start => Some(run.start..range.end),
                        Some(run) => {
                            walked.linkified.extend(linkify_run(text, run));
                            Some(range)
                        }
                        None => Some(range),
                    };
                }
            }
            _ => {}
        }
    }
    flush_run(text, flavor, &mut context, walked);
}

fn flush_run(text: &str, flavor: Flavor, context: &mut Context, walked: &mut Walked) {
    if let Some(run) = context.run.take()
        && flavor.linkify
    {
        walked.linkified.extend(linkify_run(text, run));
    }
}

fn linkify_run(text: &str, run: Range<usize>) -> impl Iterator<Item = Range<usize>> {
    let base = run.start;
    linkify::find(text.get(run).unwrap_or(""))
        .into_iter()
        .map(move |r| base + r.start..base + r.end)
}

fn is_end_tag(source: &str, name: &str) -> bool {
    source
        .strip_prefix("</")
        .and_then(|rest| rest.split_at_checked(name.len()))
        .is_some_and(|(n, after)| {
            n.eq_ignore_ascii_case(name)
                && after.starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
        })
}

/// Scans the lines of one HTML block as one piece of HTML: the container prefixes between
/// them (`> ` of a blockquote) are blanked so offsets stay those of the text.
fn scan_html_block(text: &str, lines: &[Range<usize>], facts: &mut HtmlFacts) {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return;
    };
    let block = first.start..last.end;
    let contiguous = lines
        .iter()
        .zip(lines.iter().skip(1))
        .all(|(a, b)| a.end == b.start);
    if contiguous {
        html::scan(text_at(text, block.clone()), block.start, facts);
        return;
    }
    let mut copy = vec![b' '; block.len()];
    for line in lines {
        let to = copy.get_mut(line.start - block.start..line.end - block.start);
        if let (Some(to), Some(from)) = (to, text.as_bytes().get(line.clone())) {
            to.copy_from_slice(from);
        }
    }
    // Gaps are whole characters replaced by spaces: still UTF-8.
    if let Ok(copy) = String::from_utf8(copy) {
        html::scan(&copy, block.start, facts);
    }
}

/// Eleventy 2+ (`code` rule disabled): indented lines are paragraph text. Their content,
/// without indentation, is parsed again and what it finds is mapped back. Headings and
/// block structure of that text are not kept (markdown-it sees one paragraph).
fn reparse_as_paragraph(text: &str, lines: &[Range<usize>], flavor: Flavor, walked: &mut Walked) {
    // Segments: (offset in `joined`, offset in `text`, length).
    let mut joined = String::new();
    let mut segments: Vec<(usize, usize, usize)> = Vec::new();
    for range in lines {
        let mut at = range.start;
        for line in text_at(text, range.clone()).split_inclusive('\n') {
            let trimmed = line.trim_start_matches([' ', '\t']);
            let skipped = line.len() - trimmed.len();
            segments.push((joined.len(), at + skipped, trimmed.len()));
            joined.push_str(trimmed);
            at += line.len();
        }
    }
    let mut inner = Walked::default();
    walk_into(&joined, flavor, false, &mut inner);
    let map = |offset: usize, is_end: bool| -> usize {
        let i = segments.partition_point(|&(start, _, len)| {
            if is_end {
                start + len < offset
            } else {
                start + len <= offset
            }
        });
        segments
            .get(i)
            .or(segments.last())
            .map_or(0, |&(start, source, len)| {
                source + offset.saturating_sub(start).min(len)
            })
    };
    let map_range = |r: &Range<usize>| {
        let start = map(r.start, false);
        start..map(r.end, true).max(start)
    };
    walked
        .links
        .extend(inner.links.iter().map(|link| MarkdownLink {
            kind: link.kind.clone(),
            span: map_range(&link.span),
            target: map_range(&link.target),
        }));
    walked
        .linkified
        .extend(inner.linkified.iter().map(map_range));
    // markdown-it sees one paragraph: whatever code the text holds is a code span.
    walked.code.extend(
        inner
            .code
            .iter()
            .map(|(_, range)| (CodeKind::Inline, map_range(range))),
    );
    walked
        .html
        .anchors
        .extend(inner.html.anchors.iter().map(map_range));
    walked
        .html
        .links
        .extend(inner.html.links.into_iter().map(|mut link| {
            link.span = map_range(&link.span);
            link
        }));
    let first_element = walked.html.elements.len();
    let first_text = walked.html.texts.len();
    walked.html.texts.push_str(&inner.html.texts);
    walked
        .html
        .elements
        .extend(inner.html.elements.into_iter().map(|mut element| {
            element.span = map_range(&element.span);
            for attribute in &mut element.attributes {
                attribute.span = map_range(&attribute.span);
                attribute.value = attribute.value.as_ref().map(map_range);
            }
            element
        }));
    walked
        .html
        .markup
        .extend(inner.html.markup.into_iter().map(|piece| {
            match piece {
                Piece::Tag {
                    element,
                    self_closing,
                } => Piece::Tag {
                    element: first_element + element,
                    self_closing,
                },
                Piece::Construct {
                    name,
                    span,
                    attributes,
                } => Piece::Construct {
                    name,
                    span: map_range(&span),
                    attributes: attributes
                        .into_iter()
                        .map(|(name, value)| (name, map_range(&value)))
                        .collect(),
                },
                Piece::End { name, origin, span } => Piece::End {
                    name,
                    origin,
                    span: map_range(&span),
                },
                Piece::Text { text, span } => Piece::Text {
                    text: first_text + text.start..first_text + text.end,
                    span: map_range(&span),
                },
                Piece::Error {
                    code,
                    span,
                    shown_as_text,
                } => Piece::Error {
                    code,
                    span: map_range(&span),
                    shown_as_text,
                },
            }
        }));
}

/// Takes a curly of markdown-it-attrs out of a heading's title.
fn cut_title(text: &str, parts: &mut Vec<(Range<usize>, String)>, removed: &Range<usize>) {
    parts.retain(|(range, _)| range.start < removed.start || range.end > removed.end);
    for (range, shown) in parts.iter_mut() {
        if range.end <= removed.start || range.start >= removed.end {
            continue;
        }
        let (start, end) = (removed.start.max(range.start), removed.end.min(range.end));
        if text.get(range.clone()) == Some(shown.as_str()) {
            let (before, after) = (
                text_at(text, range.start..start),
                text_at(text, end..range.end),
            );
            *shown = format!("{before}{after}");
        }
    }
}

/// A destination as markdown-it reads it: a backslash before ASCII punctuation is
/// dropped (CommonMark's backslash escapes).
pub(super) fn unescape(written: &str) -> String {
    // Most destinations have no backslash: a copy.
    if !written.contains('\\') {
        return written.to_owned();
    }
    let mut out = String::with_capacity(written.len());
    let mut chars = written.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Normalizes a reference label as CommonMark matches them: case-folded, whitespace runs
/// collapsed.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Each reference definition's destination bytes, by normalized label.
fn definitions(
    text: &str,
    parser: &pulldown_cmark::OffsetIter<'_>,
) -> HashMap<String, Range<usize>> {
    parser
        .reference_definitions()
        .iter()
        .filter_map(|(label, definition)| {
            let span = definition.span.clone();
            let source = text.get(span.clone())?;
            // `[label]: dest "title"` — the destination follows the first `]:`.
            let colon = source.find("]:")? + 2;
            Some((label_key(label), destination(text, span.start + colon)))
        })
        .collect()
}

/// The link of a `Start(Link)`/`Start(Image)` event over `range`.
fn markdown_link(
    text: &str,
    range: &Range<usize>,
    link_type: LinkType,
    id: &str,
    definitions: &HashMap<String, Range<usize>>,
    image: bool,
) -> Option<MarkdownLink> {
    let kind = if image {
        LinkKind::Image
    } else {
        LinkKind::Markdown
    };
    match link_type {
        LinkType::Inline => {
            let open = inline_destination_start(text, range, image)?;
            let target = destination(text, open);
            Some(MarkdownLink {
                kind,
                span: target.clone(),
                target,
            })
        }
        LinkType::Autolink | LinkType::Email => {
            let inner = range.start + 1..range.end.saturating_sub(1).max(range.start + 1);
            Some(MarkdownLink {
                kind: LinkKind::Autolink,
                span: inner.clone(),
                target: inner,
            })
        }
        LinkType::Reference
        | LinkType::Collapsed
        | LinkType::Shortcut
        | LinkType::ReferenceUnknown
        | LinkType::CollapsedUnknown
        | LinkType::ShortcutUnknown => {
            let target = definitions.get(&label_key(id))?.clone();
            Some(MarkdownLink {
                kind,
                span: range.clone(),
                target,
            })
        }
        LinkType::WikiLink { .. } => None,
    }
}

/// The offset just after the `(` of an inline link: past the bracketed text, which may
/// hold nested brackets, escapes and code spans.
fn inline_destination_start(text: &str, range: &Range<usize>, image: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = range.start + if image { 2 } else { 1 };
    let mut depth = 1usize;
    while i < range.end
        && let Some(&b) = bytes.get(i)
    {
        match b {
            b'\\' => i += 1,
            b'`' => {
                let run = bytes.iter().skip(i).take_while(|&&b| b == b'`').count();
                let closing = "`".repeat(run);
                let after = i + run;
                match text_at(text, after..range.end).find(&closing) {
                    Some(at) => i = after + at + run - 1,
                    None => i = after - 1,
                }
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return (bytes.get(i + 1) == Some(&b'(')).then_some(i + 2);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The destination bytes starting at or after `from` (after `(` or `]:`): `<…>` without
/// its brackets, or a run without spaces and with balanced parentheses. Empty (at the
/// place) when there is none.
fn destination(text: &str, from: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut newlines = 0;
    while let Some(&b @ (b' ' | b'\t' | b'\n' | b'\r')) = bytes.get(i) {
        if b == b'\n' {
            newlines += 1;
            if newlines > 1 {
                break;
            }
        }
        i += 1;
    }
    if bytes.get(i) == Some(&b'<') {
        let start = i + 1;
        let mut j = start;
        while let Some(&b) = bytes.get(j)
            && !matches!(b, b'>' | b'\n' | b'<')
        {
            j += if b == b'\\' { 2 } else { 1 };
        }
        let end = j.min(bytes.len());
        return start..end;
    }
    let start = i;
    let mut depth = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b if b.is_ascii_whitespace() || b.is_ascii_control() => break,
            _ => {}
        }
        i += 1;
    }
    start..i.min(bytes.len())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;

    const NO_PLUGINS: &MarkdownPlugins = &MarkdownPlugins {
        attrs: false,
        footnote: false,
        deflist: false,
        containers: Vec::new(),
    };

    const FLAVOR: Flavor = Flavor {
        html: true,
        linkify: true,
        indented_code_is_text: false,
        plugins: NO_PLUGINS,
    };

    #[test]
    fn destinations_of_inline_links() {
        let text = "[a [b] `](x)`](/é/ \"t\") ![i](<a b.png>) [v]() [p](/a_(b)) [c]( /d/\n'e')";
        let walked = walk(text, FLAVOR);
        let targets: Vec<&str> = walked
            .links
            .iter()
            .map(|l| &text[l.target.clone()])
            .collect();
        assert_eq!(targets, vec!["/é/", "a b.png", "", "/a_(b)", "/d/"]);
        assert_eq!(walked.links[1].kind, LinkKind::Image);
        assert!(walked.links[2].span.is_empty());
        assert_eq!(
            &text[walked.links[2].span.start - 1..walked.links[2].span.end + 1],
            "()"
        );
    }

    #[test]
    fn reference_links_report_the_use_and_read_the_definition() {
        let text = "Voir [le guide][Guide] et [guide].\n\n[guide]: <https://x.fr/guide> \"G\"\n";
        let walked = walk(text, FLAVOR);
        assert_eq!(walked.links.len(), 2);
        for link in &walked.links {
            assert_eq!(&text[link.target.clone()], "https://x.fr/guide");
        }
        assert_eq!(&text[walked.links[0].span.clone()], "[le guide][Guide]");
        assert_eq!(&text[walked.links[1].span.clone()], "[guide]");
    }

    #[test]
    fn indented_text_is_a_paragraph_from_eleventy_2() {
        let text = "Intro\n\n    Voir [ici](/ici/) et www.insee.fr\n    <a href=\"/b/\">b</a>\n";
        let code = walk(text, FLAVOR);
        assert!(code.links.is_empty() && code.linkified.is_empty() && code.html.links.is_empty());
        let flavor = Flavor {
            indented_code_is_text: true,
            ..FLAVOR
        };
        let walked = walk(text, flavor);
        assert_eq!(&text[walked.links[0].target.clone()], "/ici/");
        assert_eq!(&text[walked.linkified[0].clone()], "www.insee.fr");
        assert_eq!(&text[walked.html.links[0].span.clone()], "/b/");
    }

    #[test]
    fn an_unclosed_raw_a_stops_linkify_only_in_its_paragraph() {
        let text = "Un <a href=\"/x/\">www.a.fr\n\nPuis www.b.fr\n";
        let walked = walk(text, FLAVOR);
        let linkified: Vec<&str> = walked.linkified.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(linkified, vec!["www.b.fr"]);
    }

    #[test]
    fn html_blocks_in_blockquotes_keep_offsets() {
        let text = "> <div>\n> <a href=\"/x/\">x</a>\n> </div>\n";
        let walked = walk(text, FLAVOR);
        assert_eq!(&text[walked.html.links[0].span.clone()], "/x/");
    }
}
