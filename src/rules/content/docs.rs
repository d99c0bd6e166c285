//! The `vigie explain` text of a data rule, in the same sections as a Rust rule's doc
//! comment: its description, what it checks, and its own test cases as the example.

use std::fmt::Write;

use super::model::{Case, Check, DataRule, Schema, Type};
use crate::parse::yaml::{Value, YamlNode};

/// The Markdown docs of `rule`. The description's first paragraph says what the rule
/// does (its first line is the `vigie rules` summary), the rest why it matters.
pub(super) fn build(rule: &DataRule, description: Option<&str>) -> String {
    let description = description.map(str::trim).filter(|d| !d.is_empty());
    let (what, why) = match description {
        Some(text) => match text.split_once("\n\n") {
            Some((what, why)) => (what.to_owned(), Some(why.trim().to_owned())),
            None => (text.to_owned(), None),
        },
        None => (rule.message.clone(), None),
    };
    let mut docs = format!("## What it does\n{what}\n\n");
    if let Some(why) = why {
        let _ = write!(docs, "## Why is this bad?\n{why}\n\n");
    }
    let _ = write!(docs, "## Message\n{}\n", rule.message);
    if let Some(help) = &rule.help {
        let _ = write!(docs, "\nHelp: {help}\n");
    }
    docs.push_str("\n## What it checks\n");
    docs.push_str(&selection(rule));
    docs.push_str(&checks(&rule.check));
    let invalid = rule.cases.iter().find(|c| !c.valid);
    let valid = rule.cases.iter().find(|c| c.valid);
    if invalid.is_some() || valid.is_some() {
        docs.push_str("\n## Example\n");
        if let Some(case) = invalid {
            docs.push_str(&fenced(case));
        }
        if let Some(case) = valid {
            docs.push_str(if invalid.is_some() {
                "Use instead:\n"
            } else {
                "Accepted:\n"
            });
            docs.push_str(&fenced(case));
        }
    }
    docs.push_str("\n## References\n");
    if let Some(url) = &rule.meta.url {
        let _ = writeln!(docs, "- {url}");
    }
    let _ = writeln!(docs, "- Rule file: `{}`", rule.file);
    docs
}

fn selection(rule: &DataRule) -> String {
    let list = |items: &[String]| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = String::new();
    let select = &rule.select;
    if !select.files_written.is_empty() {
        let _ = writeln!(text, "- Pages: {}", list(&select.files_written));
    }
    if !select.layouts.is_empty() {
        let _ = writeln!(text, "- Pages with the layout {}", list(&select.layouts));
    }
    if select.tags_written == ["*"] {
        text.push_str("- Pages in a collection (with any tag)\n");
    } else if !select.tags_written.is_empty() {
        let _ = writeln!(
            text,
            "- Pages with a tag matching {}",
            list(&select.tags_written)
        );
    }
    if select.dated {
        text.push_str(
            "- Pages in a collection that a template lists by date or a feed publishes\n",
        );
    }
    if !select.exclude_written.is_empty() {
        let _ = writeln!(text, "- Except: {}", list(&select.exclude_written));
    }
    if text.is_empty() {
        text.push_str("- Every page\n");
    }
    text
}

fn checks(check: &Check) -> String {
    let mut text = String::new();
    match check {
        Check::FrontMatter(check) => {
            for key in &check.required {
                let _ = writeln!(text, "- `{}` is required", key.text);
            }
            for key in &check.forbidden {
                let _ = writeln!(text, "- `{}` is not allowed", key.text);
            }
            for (key, schema) in &check.properties {
                let _ = writeln!(text, "- `{}`: {}", key.text, schema_text(schema));
            }
        }
        Check::Text(check) => {
            for regex in &check.forbidden {
                let _ = writeln!(text, "- The page's text must not match `{regex}`");
            }
            for regex in &check.required {
                let _ = writeln!(text, "- The page's text must match `{regex}`");
            }
            if !check.in_code {
                text.push_str("- Markdown code (fenced blocks, `code` spans, indented blocks for Eleventy 1) is left out\n");
            }
        }
    }
    text
}

fn schema_text(schema: &Schema) -> String {
    let mut parts = Vec::new();
    if !schema.types.is_empty() {
        parts.push(types_text(&schema.types));
    }
    if !schema.allowed.is_empty() {
        parts.push(format!("one of {}", values_text(&schema.allowed)));
    }
    if let Some(pattern) = &schema.pattern {
        parts.push(format!("a string matching `{pattern}`"));
    }
    if !schema.contains.is_empty() {
        parts.push(format!("contains {}", values_text(&schema.contains)));
    }
    if let Some(min) = schema.min_length {
        parts.push(format!("at least {min} characters or items"));
    }
    if let Some(max) = schema.max_length {
        parts.push(format!("at most {max} characters or items"));
    }
    if let Some(items) = &schema.items {
        parts.push(format!("each item {}", schema_text(items)));
    }
    parts.join("; ")
}

/// "a string, a list or null".
pub(super) fn types_text(types: &[Type]) -> String {
    let names: Vec<&str> = types.iter().map(|t| t.described()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

fn values_text(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| {
            let node = YamlNode {
                value: v.clone(),
                span: 0..0,
            };
            format!("`{}`", node.display())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A case in a fence longer than any backtick run of its text.
fn fenced(case: &Case) -> String {
    let longest = case
        .text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let language = match case.path.rsplit_once('.') {
        Some((_, "md")) => "markdown",
        Some((_, ext)) => ext,
        None => "",
    };
    let mut text = String::new();
    if case.path != super::compile::DEFAULT_CASE_PATH {
        let _ = writeln!(text, "In `{}`:", case.path);
    }
    let _ = writeln!(text, "{fence}{language}");
    text.push_str(case.text.trim_end_matches('\n'));
    let _ = write!(text, "\n{fence}\n");
    text
}
