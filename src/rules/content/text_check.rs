//! The `text` check: forbidden patterns reported at each match, required patterns reported
//! at the page's front matter when missing. Markdown code — where the page's one Markdown
//! walk found it (`Content::code`) — is blanked out first (same byte offsets) unless the
//! rule says `in-code: true`.

use std::borrow::Cow;
use std::ops::Range;

use super::engine::{Finding, Vars};
use super::model::TextCheck;
use crate::parse::content::Code;
use crate::rules::front_matter::page_anchor;
use crate::site::{LayerSource, Page};

/// The group of a forbidden pattern that is reported, when the pattern has one.
const MATCH_GROUP: &str = "match";

pub(super) fn check(check: &TextCheck, page: &Page) -> Vec<Finding> {
    let body = page.split.body.clone();
    let Some(text) = page.file.text.get(body.clone()) else {
        return Vec::new();
    };
    let searched = match check.in_code {
        true => Cow::Borrowed(text),
        false => blank(text, body.start, &page.content.code),
    };
    let mut findings = Vec::new();
    for pattern in &check.forbidden {
        let grouped = pattern.capture_names().any(|n| n == Some(MATCH_GROUP));
        let hits: Vec<regex::Match> = if grouped {
            pattern
                .captures_iter(&searched)
                .filter_map(|c| c.name(MATCH_GROUP).or_else(|| c.get(0)))
                .collect()
        } else {
            pattern.find_iter(&searched).collect()
        };
        for hit in hits {
            if hit.range().is_empty() {
                continue;
            }
            // A match may begin inside blanked code: widen it to whole characters.
            let range = char_bounds(text, hit.range());
            findings.push(Finding {
                origin: LayerSource::FrontMatter,
                span: body.start + range.start..body.start + range.end,
                label: None,
                at_value: false,
                vars: Vars {
                    matched: text.get(range).map(str::to_owned),
                    ..Vars::default()
                },
            });
        }
    }
    for pattern in &check.required {
        if !pattern.is_match(&searched) {
            findings.push(Finding {
                origin: LayerSource::FrontMatter,
                span: page_anchor(page),
                label: Some(format!("no text of the page matches `{pattern}`")),
                at_value: false,
                vars: Vars::default(),
            });
        }
    }
    findings
}

/// The body `text` (starting at `offset` in the file) with its `code` replaced by spaces,
/// line breaks kept, byte for byte.
fn blank<'a>(text: &'a str, offset: usize, code: &[Code]) -> Cow<'a, str> {
    if code.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut regions = code.iter().peekable();
    let mut blanked = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let at = offset + i;
        while regions.next_if(|r| r.span.end <= at).is_some() {}
        let in_code = regions.peek().is_some_and(|r| r.span.start <= at);
        match in_code && c != '\n' && c != '\r' {
            true => blanked.extend(std::iter::repeat_n(' ', c.len_utf8())),
            false => blanked.push(c),
        }
    }
    Cow::Owned(blanked)
}

/// `range` widened to the character boundaries of `text`.
fn char_bounds(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::content::CodeKind;

    #[test]
    fn blanked_code_keeps_offsets_and_line_breaks() {
        let text = "é `ça` x\n```\nb\r\n```\n";
        let code = |start: usize, end: usize| Code {
            kind: CodeKind::Inline,
            span: 10 + start..10 + end,
        };
        let blanked = blank(text, 10, &[code(3, 8), code(11, 21)]);
        assert_eq!(blanked, "é       x\n   \n \r\n   \n");
        assert_eq!(blanked.len(), text.len());
    }

    #[test]
    fn ranges_are_widened_to_whole_characters() {
        assert_eq!(char_bounds("aé b", 2..4), 1..4);
        assert_eq!(char_bounds("aé", 2..9), 1..3);
    }
}
