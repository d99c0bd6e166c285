//! What a page's content facts promise on any text, as checks that panic with the broken
//! promise: the fuzz targets and the corpus test run them (`crate::fuzzing`). Each fact
//! slices the file on char boundaries; beyond that only what the types document is held.
#![allow(
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "fuzzing harness: a panic here is the finding it exists to report"
)]

use std::ops::Range;

use super::html::{self, HtmlFacts};
use super::markdown::{self, Walked};
use super::markup::{Piece, Written};
use super::{AnchorSource, Content, LinkKind, Node, ProblemKind, READ_BY_RULES, Syntax, template};
use crate::config::Eleventy;
use crate::parse::invariants::{assert_inside, slice};

/// The links, anchors, headings and code of a page whose body is `text[body]`.
pub fn check_links(text: &str, body: &Range<usize>, content: &Content) {
    for link in &content.links {
        let written = slice(text, &link.span, "link");
        assert_inside(&link.span, body, "link");
        match &link.kind {
            // Inline: the destination's bytes, read without their escapes; a reference:
            // the use site `[…]`, its target the definition's.
            LinkKind::Markdown | LinkKind::Image => assert!(
                markdown::unescape(written) == link.target
                    || written.starts_with('[')
                    || written.starts_with("!["),
                "{link:?} spans {written:?}"
            ),
            LinkKind::Autolink | LinkKind::Linkify => {
                assert_eq!(written, link.target, "{link:?}");
                assert!(!written.is_empty(), "{link:?} links nothing");
            }
            LinkKind::Html(url_attribute) => {
                let (element, attribute) = (url_attribute.element(), url_attribute.attribute());
                assert_eq!(written, link.target, "{link:?}");
                // The value of that attribute of a start tag of that element.
                let holder = content.elements.iter().find(|e| {
                    e.name == element
                        && e.attributes.iter().any(|a| {
                            a.name == attribute
                                && a.value_span.start <= link.span.start
                                && link.span.end <= a.value_span.end
                        })
                });
                assert!(holder.is_some(), "{link:?} is in no {element}[{attribute}]");
            }
        }
    }
    let starts: Vec<(usize, usize)> = content
        .links
        .iter()
        .map(|l| (l.span.start, l.span.end))
        .collect();
    assert!(starts.is_sorted(), "links in source order");
    for anchor in &content.anchors {
        slice(text, &anchor.span, "anchor");
        assert_inside(&anchor.span, body, "anchor");
        if anchor.source == AnchorSource::Heading {
            assert!(
                content.headings.iter().any(|h| h.span == anchor.span),
                "{anchor:?} is at no heading"
            );
        }
    }
    for heading in &content.headings {
        slice(text, &heading.span, "heading");
        assert_inside(&heading.span, body, "heading");
        assert!((1..=6).contains(&heading.level), "{heading:?}");
    }
    for code in &content.code {
        slice(text, &code.span, "code");
        assert_inside(&code.span, body, "code");
    }
    let code: Vec<(usize, usize)> = content
        .code
        .iter()
        .map(|c| (c.span.start, c.span.end))
        .collect();
    assert!(code.is_sorted(), "code in source order");
}

/// The start tags and the markup tree of a page whose body is `text[body]`: each element
/// is its start tag at its bytes, each attribute inside it, each node of the tree one of
/// them or a Markdown construct, each problem at a tag.
pub fn check_markup(text: &str, body: &Range<usize>, content: &Content) {
    for pair in content.elements.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "{pair:?} overlap");
    }
    for element in &content.elements {
        let written = slice(text, &element.span, "start tag");
        assert_inside(&element.span, body, "start tag");
        assert_starts_with_tag(written, &element.name, "<");
        for attribute in &element.attributes {
            slice(text, &attribute.span, "attribute");
            let value = slice(text, &attribute.value_span, "attribute value");
            assert_inside(&attribute.span, &element.span, "attribute");
            assert_inside(&attribute.value_span, &attribute.span, "attribute value");
            assert!(!attribute.name.is_empty(), "{attribute:?} has no name");
            if let Some(written) = &attribute.value {
                assert_eq!(written, value, "{attribute:?} holds its bytes");
            }
        }
    }
    let tags: Vec<usize> = content
        .markup
        .nodes
        .iter()
        .filter_map(|n| match n.written {
            Written::Html(element) => Some(element),
            Written::Markdown { .. } => None,
        })
        .collect();
    assert_eq!(
        tags,
        Vec::from_iter(0..content.elements.len()),
        "each start tag is one node, in order"
    );
    for node in content.nodes() {
        let span = node.span();
        slice(text, &span, "node");
        assert_inside(&span, body, "node");
        if let Some(parent) = node.parent() {
            assert!(parent.index < node.index, "a parent before its children");
        }
        if node.syntax() == Syntax::Markdown {
            for attribute in node.attributes() {
                slice(text, &attribute.value_span, "construct attribute");
                assert_inside(&attribute.value_span, body, "construct attribute");
            }
        }
    }
    for problem in &content.markup.problems {
        let written = slice(text, &problem.span, "problem");
        assert_inside(&problem.span, body, "problem");
        match &problem.kind {
            ProblemKind::Unclosed {
                name, closed_by, ..
            } => {
                assert_starts_with_tag(written, name, "<");
                if let Some(closed_by) = closed_by {
                    slice(text, closed_by, "closing place");
                    assert_inside(closed_by, body, "closing place");
                }
            }
            ProblemKind::Stray { .. } => assert!(written.starts_with('<'), "{problem:?}"),
            ProblemKind::Syntax { .. } => {}
        }
    }
}

/// Panics unless pruning the tree (`Content::prune_markup`) keeps exactly its nodes that
/// rules read, in order, as they were (name, bytes, text), each after its parent.
pub fn check_pruned(content: &Content) {
    let facts = |n: Node<'_>| (n.name().to_owned(), n.span(), n.text().to_owned());
    let wanted: Vec<_> = content
        .nodes()
        .filter(|n| READ_BY_RULES.contains(&n.name()))
        .map(facts)
        .collect();
    let mut pruned = content.clone();
    pruned.prune_markup();
    assert_eq!(pruned.nodes().map(facts).collect::<Vec<_>>(), wanted);
    for node in pruned.nodes() {
        if let Some(parent) = node.parent() {
            assert!(parent.index < node.index, "a parent before its children");
        }
    }
}

/// Panics unless `written` starts with `<name` (case aside) — unless template syntax stands
/// in those bytes (`<{{ tag }}>`): then only the `<` is known.
fn assert_starts_with_tag(written: &str, name: &str, open: &str) {
    assert!(written.starts_with(open), "{written:?} is no tag");
    let head = written.get(..open.len() + name.len()).unwrap_or(written);
    if !head.contains('{') {
        assert!(
            head.eq_ignore_ascii_case(&format!("{open}{name}")),
            "{written:?} is not the tag of {name}"
        );
    }
}

/// Renders the template syntax of `source` away and reads the rendered text as a check
/// does (Markdown for `md`, HTML otherwise); every span found there must map back to bytes
/// that slice `source` on char boundaries and hold the token's text: equal to it where no
/// template syntax stands, and otherwise holding its letters in order (an expression's
/// filler standing for any byte of it).
pub fn check_position_map(source: &str, extension: &str, eleventy: &Eleventy) {
    let rendered = template::render(source, &eleventy.code_shortcodes);
    let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
    match extension {
        "md" | "markdown" => {
            let walked = markdown::walk(&rendered.text, markdown::Flavor::of(eleventy));
            walked_spans(&walked, &mut spans);
        }
        _ => {
            let mut facts = HtmlFacts::default();
            html::scan(&rendered.text, 0, &mut facts);
            html_spans(&facts, &mut spans);
        }
    }
    for span in &rendered.code {
        slice(source, span, "code shortcode");
    }
    for (what, span) in spans {
        let token = slice(&rendered.text, &span, what);
        let mapped = rendered.to_source(&span);
        let written = slice(source, &mapped, what);
        if rendered.is_dynamic(&mapped) {
            assert!(
                holds_in_order(written, token),
                "{what} {span:?} {token:?} maps to {mapped:?} {written:?}"
            );
        } else {
            assert_eq!(written, token, "{what} {span:?} maps to {mapped:?}");
        }
    }
}

/// Whether `written` holds the bytes of `token` in order, an expression's filler (`x`)
/// standing for any byte.
fn holds_in_order(written: &str, token: &str) -> bool {
    let mut rest = written.bytes();
    token
        .bytes()
        .all(|wanted| rest.any(|b| wanted == template::OUTPUT_FILLER || b == wanted))
}

fn walked_spans(walked: &Walked, spans: &mut Vec<(&'static str, Range<usize>)>) {
    for link in &walked.links {
        spans.push(("link", link.span.clone()));
        spans.push(("link target", link.target.clone()));
    }
    spans.extend(walked.linkified.iter().map(|s| ("linkified", s.clone())));
    for heading in &walked.headings {
        spans.push(("heading", heading.span.clone()));
        spans.extend(heading.parts.iter().map(|(s, _)| ("title part", s.clone())));
        spans.extend(heading.id.iter().map(|s| ("heading id", s.clone())));
    }
    spans.extend(walked.code.iter().map(|(_, s)| ("code", s.clone())));
    spans.extend(
        walked
            .generated_ids
            .iter()
            .map(|(_, s)| ("generated id", s.clone())),
    );
    html_spans(&walked.html, spans);
}

fn html_spans(facts: &HtmlFacts, spans: &mut Vec<(&'static str, Range<usize>)>) {
    spans.extend(facts.links.iter().map(|l| ("html link", l.span.clone())));
    spans.extend(facts.anchors.iter().map(|s| ("id", s.clone())));
    for element in &facts.elements {
        spans.push(("start tag", element.span.clone()));
        for attribute in &element.attributes {
            spans.push(("attribute", attribute.span.clone()));
            spans.extend(
                attribute
                    .value
                    .iter()
                    .map(|v| ("attribute value", v.clone())),
            );
        }
    }
    for piece in &facts.markup {
        match piece {
            Piece::Tag { .. } => {}
            Piece::Construct {
                span, attributes, ..
            } => {
                spans.push(("construct", span.clone()));
                spans.extend(
                    attributes
                        .iter()
                        .map(|(_, v)| ("construct attribute", v.clone())),
                );
            }
            Piece::End { span, .. } => spans.push(("end", span.clone())),
            Piece::Text { span, .. } => spans.push(("text", span.clone())),
            Piece::Error { span, .. } => spans.push(("tokenizer error", span.clone())),
        }
    }
}
