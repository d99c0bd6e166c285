//! The `front-matter` check: required and forbidden keys, and the shape of values, read
//! from the page's whole data cascade (front matter, data files, layouts).

use super::docs::types_text;
use super::engine::{Finding, Vars, length};
use super::model::{FrontMatterCheck, KeyPath, Schema};
use crate::parse::yaml::{Value, YamlNode};
use crate::rules::front_matter::page_anchor;
use crate::site::{Cascade, LayerSource, Page};

/// A key found in the cascade: its key node, value node and layer.
struct Found<'a> {
    key: &'a YamlNode,
    value: &'a YamlNode,
    origin: LayerSource,
}

pub(super) fn check(check: &FrontMatterCheck, page: &Page) -> Vec<Finding> {
    let mut findings = Vec::new();
    for key in &check.required {
        match lookup(&page.data, key) {
            None => findings.push(Finding {
                origin: LayerSource::FrontMatter,
                span: page_anchor(page),
                label: Some(format!(
                    "no `{}` in the front matter or the data files",
                    key.text
                )),
                at_value: false,
                vars: Vars::of(&key.text, None),
            }),
            Some(found) if found.value.value == Value::Null => findings.push(Finding {
                origin: found.origin,
                span: found.key.span.clone(),
                label: Some(format!("`{}` is empty", key.text)),
                at_value: false,
                vars: Vars::of(&key.text, None),
            }),
            Some(_) => {}
        }
    }
    for key in &check.forbidden {
        if let Some(found) = lookup(&page.data, key) {
            findings.push(Finding {
                origin: found.origin,
                span: found.key.span.clone(),
                label: Some(format!("`{}` is not allowed here", key.text)),
                at_value: false,
                vars: Vars::of(&key.text, Some(found.value)),
            });
        }
    }
    for (key, schema) in &check.properties {
        if let Some(found) = lookup(&page.data, key) {
            check_value(schema, &key.text, found.value, found.origin, &mut findings);
        }
        if !schema.contains.is_empty() {
            check_contains(schema, key, page, &mut findings);
        }
    }
    findings
}

/// The value at `path` in the highest layer that has it (deep merge: a nested key may come
/// from a lower layer than its parent).
fn lookup<'a>(cascade: &'a Cascade, path: &KeyPath) -> Option<Found<'a>> {
    cascade.layers.iter().find_map(|layer| {
        let (first, rest) = path.parts.split_first()?;
        let (mut key, mut value) = layer.data.entry(first)?;
        for part in rest {
            (key, value) = value.entry(part)?;
        }
        Some(Found {
            key,
            value,
            origin: layer.origin,
        })
    })
}

fn check_value(
    schema: &Schema,
    key: &str,
    node: &YamlNode,
    origin: LayerSource,
    out: &mut Vec<Finding>,
) {
    let mut fail = |label: String| {
        out.push(Finding {
            origin,
            span: node.span.clone(),
            label: Some(label),
            at_value: true,
            vars: Vars::of(key, Some(node)),
        });
    };
    if !schema.types.is_empty() && !schema.types.iter().any(|t| t.accepts(&node.value)) {
        fail(format!(
            "{}, expected {}",
            node.kind(),
            types_text(&schema.types)
        ));
        return;
    }
    if !schema.allowed.is_empty() && !schema.allowed.iter().any(|v| same(v, &node.value)) {
        let allowed: Vec<String> = schema.allowed.iter().map(display).collect();
        fail(format!(
            "`{}` is not one of {}",
            node.display(),
            allowed.join(", ")
        ));
    }
    if let (Some(pattern), Some(text)) = (&schema.pattern, node.as_str())
        && !pattern.is_match(text)
    {
        fail(format!("does not match `{pattern}`"));
    }
    if let Some(n) = length(node) {
        let unit = if node.as_str().is_some() {
            "characters"
        } else {
            "items"
        };
        if let Some(min) = schema.min_length.filter(|&min| n < min) {
            fail(format!("{n} {unit}, at least {min} expected"));
        }
        if let Some(max) = schema.max_length.filter(|&max| n > max) {
            fail(format!("{n} {unit}, at most {max} expected"));
        }
    }
    if let (Some(items), Value::Seq(list)) = (&schema.items, &node.value) {
        for item in list {
            check_value(items, key, item, origin, out);
        }
    }
}

/// `contains`: every layer's list counts, as Eleventy concatenates arrays (`tags` from
/// `posts/posts.json` and from the front matter).
fn check_contains(schema: &Schema, key: &KeyPath, page: &Page, out: &mut Vec<Finding>) {
    let mut items: Vec<&Value> = Vec::new();
    for layer in &page.data.layers {
        let found = key.parts.split_first().and_then(|(first, rest)| {
            rest.iter()
                .try_fold(layer.data.get(first)?, |node, part| node.get(part))
        });
        match found.map(|n| &n.value) {
            Some(Value::Seq(list)) => items.extend(list.iter().map(|n| &n.value)),
            Some(Value::Null) | None => {}
            Some(scalar) => items.push(scalar),
        }
    }
    let winner = lookup(&page.data, key);
    for wanted in &schema.contains {
        if items.iter().any(|v| same(v, wanted)) {
            continue;
        }
        let (origin, span, label) = match &winner {
            Some(found) => (
                found.origin,
                found.value.span.clone(),
                format!("`{}` has no `{}`", key.text, display(wanted)),
            ),
            None => (
                LayerSource::FrontMatter,
                page_anchor(page),
                format!("no `{}` (it must hold `{}`)", key.text, display(wanted)),
            ),
        };
        out.push(Finding {
            origin,
            at_value: winner.is_some(),
            span,
            label: Some(label),
            vars: Vars::of(&key.text, winner.as_ref().map(|f| f.value)),
        });
    }
}

/// Scalar equality as a rule author means it: `1` and `1.0` are equal, quoting is not
/// part of a string's value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String { text: a, .. }, Value::String { text: b, .. }) => a == b,
        (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => (*a as f64) == *b,
        _ => a == b,
    }
}

fn display(value: &Value) -> String {
    YamlNode {
        value: value.clone(),
        span: 0..0,
    }
    .display()
}
