//! The `text` check: forbidden patterns reported at each match, required patterns reported
//! at the page's front matter when missing. Markdown code is blanked out first (same byte
//! offsets) unless the rule says `in-code: true`.

use std::borrow::Cow;
use std::ops::Range;

use super::engine::{Finding, Vars};
use super::markdown_code;
use super::model::TextCheck;
use crate::rules::front_matter::page_anchor;
use crate::site::{LayerSource, Page};

/// The group of a forbidden pattern that is reported, when the pattern has one.
const MATCH_GROUP: &str = "match";

pub(super) fn check(check: &TextCheck, page: &Page) -> Vec<Finding> {
    let body = page.split.body.clone();
    let Some(text) = page.file.text.get(body.clone()) else {
        return Vec::new();
    };
    let searched: Cow<str> = if check.in_code || page.extension() != "md" {
        Cow::Borrowed(text)
    } else {
        markdown_code::blank(text)
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
                    matched: Some(text[range].to_owned()),
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

    #[test]
    fn ranges_are_widened_to_whole_characters() {
        assert_eq!(char_bounds("aé b", 2..4), 1..4);
        assert_eq!(char_bounds("aé", 2..9), 1..3);
    }
}
