//! YAML with byte spans, resolved the way js-yaml (the parser behind Eleventy's front matter)
//! resolves plain scalars: only `true`/`false` are booleans, `YYYY-MM-DD` is a date, and
//! js-yaml 3 (Eleventy 1 and 2) still reads `0755` as octal and `1:30` as 90.
//!
//! Events come from `saphyr-parser`; this module builds the tree and keeps every key's span
//! so that rules can point at the exact bytes. Pure: `&str` in, data out.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::config::limits::Limits;

/// Which js-yaml resolves the scalars: 3 for Eleventy 1–2, 4 for Eleventy 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flavor {
    #[default]
    JsYaml3,
    JsYaml4,
}

impl Flavor {
    /// The js-yaml that parses the front matter of a site built with this Eleventy major.
    pub fn of_eleventy(version: u8) -> Self {
        if version >= 3 {
            Flavor::JsYaml4
        } else {
            Flavor::JsYaml3
        }
    }
}

/// A YAML node and the bytes it covers in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlNode {
    pub value: Value,
    pub span: Range<usize>,
}

/// A date as js-yaml reads it: calendar parts as written (not validated, as js-yaml does
/// not validate them either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub has_time: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string; `quoted` tells whether the author quoted it (quoted strings never resolve).
    String {
        text: String,
        quoted: bool,
    },
    Date(YamlDate),
    Seq(Vec<YamlNode>),
    /// Keys in source order; merge keys (`<<`) already applied.
    Map(Vec<(YamlNode, YamlNode)>),
}

/// Days in `month` (1–12) of `year`, Gregorian calendar.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A mapping key written twice: js-yaml refuses the whole document.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateKey {
    pub key: String,
    pub first: Range<usize>,
    pub second: Range<usize>,
}

/// A syntax error at a byte offset of the file, or a document past vigie's bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub offset: usize,
    pub message: String,
    /// The document went past `[limits] yaml-nodes` or `yaml-depth`: it may be valid.
    pub past_limit: bool,
}

/// The result of parsing one YAML document.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// `None` for an empty document. Shared: a page's front matter is also the first layer
    /// of its data cascade.
    pub root: Option<Arc<YamlNode>>,
    pub duplicates: Vec<DuplicateKey>,
}

impl YamlNode {
    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&YamlNode> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node of `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<(&YamlNode, &YamlNode)> {
        let Value::Map(entries) = &self.value else {
            return None;
        };
        entries
            .iter()
            .rev()
            .find(|(k, _)| k.key_text().as_deref() == Some(key))
            .map(|(k, v)| (k, v))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// The key as JavaScript sees it once js-yaml turns it into an object property.
    pub fn as_key(&self) -> Option<String> {
        self.key_text().map(std::borrow::Cow::into_owned)
    }

    /// `as_key`, borrowed when the key is a string (nearly always): what lookups compare.
    pub fn key_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match &self.value {
            Value::String { text, .. } => Some(Cow::Borrowed(text)),
            Value::Null => Some(Cow::Borrowed("null")),
            Value::Bool(b) => Some(Cow::Owned(b.to_string())),
            Value::Int(i) => Some(Cow::Owned(i.to_string())),
            Value::Float(f) => Some(Cow::Owned(f.to_string())),
            Value::Date(_) | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// Whether JavaScript would treat the value as truthy.
    pub fn is_truthy(&self) -> bool {
        match &self.value {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0 && !f.is_nan(),
            Value::String { text, .. } => !text.is_empty(),
            Value::Date(_) | Value::Seq(_) | Value::Map(_) => true,
        }
    }

    /// A short name of the value's type, for messages ("a number", "a list" …).
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::String { .. } => "a string",
            Value::Date(_) => "a date",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value as compact JSON-like text, for messages and `vigie nav`.
    pub fn display(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::String { text, .. } => text.clone(),
            Value::Date(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            Value::Seq(items) => {
                let parts: Vec<String> = items.iter().map(YamlNode::display).collect();
                format!("[{}]", parts.join(", "))
            }
            Value::Map(_) => "{…}".into(),
        }
    }
}

/// Parses one YAML document written at `base` bytes into its file.
pub fn parse(text: &str, base: usize, flavor: Flavor) -> Result<Parsed, YamlError> {
    parse_within(text, base, flavor, &Limits::default())
}

/// `parse`, building at most `limits.yaml_nodes` nodes (so that an alias bomb cannot
/// exhaust memory) nested at most `limits.yaml_depth` deep (so that `[[[[…` cannot
/// overflow the stack).
pub fn parse_within(
    text: &str,
    base: usize,
    flavor: Flavor,
    limits: &Limits,
) -> Result<Parsed, YamlError> {
    let mut builder = Builder {
        text,
        base,
        flavor,
        max_nodes: limits.yaml_nodes,
        max_depth: limits.yaml_depth,
        offsets: CharOffsets::new(text),
        anchors: HashMap::new(),
        duplicates: Vec::new(),
        nodes: 0,
        depth: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut root = None;
    let mut documents = 0;
    loop {
        let (event, span) = builder.next(&mut parser)?;
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        offset: builder.byte(span.start.index()),
                        message: "expected a single document, found a second one".into(),
                        past_limit: false,
                    });
                }
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            event => root = Some(builder.node(event, span, &mut parser)?),
        }
    }
    Ok(Parsed {
        root: root.map(Arc::new),
        duplicates: builder.duplicates,
    })
}

struct Builder<'a> {
    text: &'a str,
    base: usize,
    flavor: Flavor,
    offsets: CharOffsets,
    anchors: HashMap<usize, YamlNode>,
    duplicates: Vec<DuplicateKey>,
    nodes: usize,
    depth: usize,
    max_nodes: usize,
    max_depth: usize,
}

impl<'a> Builder<'a> {
    fn next(
        &mut self,
        parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>,
    ) -> Result<(Event<'a>, Span), YamlError> {
        match parser.next_event() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(err)) => Err(YamlError {
                offset: self.byte(err.marker().index()),
                message: err.info().to_owned(),
                past_limit: false,
            }),
            None => Ok((Event::StreamEnd, Span::default())),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        self.base + self.offsets.byte(char_index, self.text.len())
    }

    fn span(&self, span: Span) -> Range<usize> {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        start..end
    }

    fn count(&mut self, at: usize) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(YamlError {
                offset: at,
                message: format!(
                    "more than {} values (aliases expanding without end?); if this is meant, raise `yaml-nodes` under `[limits]` in vigie.toml",
                    self.max_nodes
                ),
                past_limit: true,
            });
        }
        Ok(())
    }

    /// saphyr ends a quoted scalar of a flow collection after the blanks that follow it.
    fn trim_trailing_blanks(&self, range: Range<usize>) -> Range<usize> {
        let local = range.start - self.base..range.end - self.base;
        let Some(written) = self.text.get(local) else {
            return range;
        };
        range.start..range.start + written.trim_end_matches([' ', '\t', '\r', '\n']).len()
    }

    fn enter(&mut self, at: usize) -> Result<(), YamlError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(YamlError {
                offset: at,
                message: format!(
                    "nested deeper than {} levels; if this is meant, raise `yaml-depth` under `[limits]` in vigie.toml",
                    self.max_depth
                ),
                past_limit: true,
            });
        }
        Ok(())
    }

    fn node(
        &mut self,
        event: Event<'a>,
        span: Span,
        parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>,
    ) -> Result<YamlNode, YamlError> {
        let range = self.span(span);
        self.count(range.start)?;
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = match tag.as_deref() {
                    Some(tag) if tag.suffix == "str" => Value::String {
                        text: text.into_owned(),
                        quoted: true,
                    },
                    _ if style != ScalarStyle::Plain => Value::String {
                        text: text.into_owned(),
                        quoted: true,
                    },
                    _ => resolve_plain(&text, self.flavor),
                };
                let node = YamlNode {
                    value,
                    span: self.trim_trailing_blanks(range),
                };
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return Err(YamlError {
                        offset: range.start,
                        message: "unknown alias".into(),
                        past_limit: false,
                    });
                };
                self.nodes += weight(&target);
                self.count(range.start)?;
                Ok(YamlNode {
                    value: target.value,
                    span: range,
                })
            }
            Event::SequenceStart(anchor, _) => {
                self.enter(range.start)?;
                let mut items = Vec::new();
                let end = loop {
                    let (event, span) = self.next(parser)?;
                    if let Event::SequenceEnd = event {
                        break self.span(span).end;
                    }
                    items.push(self.node(event, span, parser)?);
                };
                let node = YamlNode {
                    value: Value::Seq(items),
                    span: range.start..end.max(range.end),
                };
                self.depth -= 1;
                self.remember(anchor, &node);
                Ok(node)
            }
            Event::MappingStart(anchor, _) => {
                self.enter(range.start)?;
                let node = self.mapping(range, parser)?;
                self.depth -= 1;
                self.remember(anchor, &node);
                Ok(node)
            }
            _ => Err(YamlError {
                offset: range.start,
                message: "unexpected event".into(),
                past_limit: false,
            }),
        }
    }

    /// Each key of a mapping written again after its first occurrence (keys borrowed from
    /// the entries: no copy of each key's text).
    fn note_duplicates(&mut self, entries: &[(YamlNode, YamlNode)]) {
        let mut seen: HashMap<Cow<'_, str>, &Range<usize>> = HashMap::new();
        for (key, _) in entries {
            let Some(name) = key.key_text() else {
                continue;
            };
            match seen.get(&name) {
                Some(&first) => self.duplicates.push(DuplicateKey {
                    key: name.into_owned(),
                    first: first.clone(),
                    second: key.span.clone(),
                }),
                None => {
                    seen.insert(name, &key.span);
                }
            }
        }
    }

    fn mapping(
        &mut self,
        range: Range<usize>,
        parser: &mut Parser<'a, saphyr_parser::StrInput<'a>>,
    ) -> Result<YamlNode, YamlError> {
        let mut entries: Vec<(YamlNode, YamlNode)> = Vec::new();
        let mut merged: Vec<(YamlNode, YamlNode)> = Vec::new();
        let mut end = range.end;
        loop {
            let (event, span) = self.next(parser)?;
            if let Event::MappingEnd = event {
                end = end.max(self.span(span).end);
                break;
            }
            let key = self.node(event, span, parser)?;
            let (event, span) = self.next(parser)?;
            let value = self.node(event, span, parser)?;
            end = end.max(value.span.end);
            // `<<: *base` merges base's entries; js-yaml allows them to be overridden.
            if matches!(&key.value, Value::String { text, quoted: false } if text == "<<") {
                match value.value {
                    Value::Map(items) => merged.extend(items),
                    Value::Seq(maps) => {
                        for map in maps {
                            if let Value::Map(items) = map.value {
                                merged.extend(items);
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            entries.push((key, value));
        }
        self.note_duplicates(&entries);
        // Merged entries come first so that explicit keys win, as in js-yaml.
        let all = if merged.is_empty() {
            entries
        } else {
            let explicit: Vec<String> = entries.iter().filter_map(|(k, _)| k.as_key()).collect();
            let mut all: Vec<(YamlNode, YamlNode)> = merged
                .into_iter()
                .filter(|(k, _)| k.as_key().is_none_or(|name| !explicit.contains(&name)))
                .collect();
            all.extend(entries);
            all
        };
        Ok(YamlNode {
            value: Value::Map(all),
            span: range.start..end,
        })
    }

    fn remember(&mut self, anchor: usize, node: &YamlNode) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }
}

fn weight(node: &YamlNode) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(weight).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| weight(k) + weight(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// Maps saphyr's character indices to byte offsets.
struct CharOffsets {
    /// Byte offset of each char, only built when the text is not ASCII.
    table: Option<Vec<usize>>,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let table = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Self { table }
    }

    fn byte(&self, char_index: usize, len: usize) -> usize {
        match &self.table {
            None => char_index.min(len),
            Some(table) => table.get(char_index).copied().unwrap_or(len),
        }
    }
}

#[allow(
    clippy::expect_used,
    reason = "a pattern literal, compiled at first use"
)]
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([0-9]{4})-([0-9][0-9])-([0-9][0-9])$|^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?$",
    )
    .expect("valid regex")
});
#[allow(
    clippy::expect_used,
    reason = "a pattern literal, compiled at first use"
)]
static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$|^[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$")
        .expect("valid regex")
});

/// Resolves a plain scalar with js-yaml's default schema.
fn resolve_plain(text: &str, flavor: Flavor) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    if let Some(int) = resolve_int(text, flavor) {
        return Value::Int(int);
    }
    if let Some(caps) = TIMESTAMP.captures(text) {
        let part = |a: usize, b: usize| caps.get(a).or_else(|| caps.get(b)).map(|m| m.as_str());
        let (Some(y), Some(m), Some(d)) = (part(1, 4), part(2, 5), part(3, 6)) else {
            return string(text);
        };
        return Value::Date(YamlDate {
            year: y.parse().unwrap_or(0),
            month: m.parse().unwrap_or(0),
            day: d.parse().unwrap_or(0),
            has_time: caps.get(1).is_none(),
        });
    }
    if FLOAT.is_match(text)
        && text.chars().any(|c| c.is_ascii_digit())
        && let Ok(f) = text.replace('_', "").parse::<f64>()
    {
        return Value::Float(f);
    }
    string(text)
}

fn string(text: &str) -> Value {
    Value::String {
        text: text.to_owned(),
        quoted: false,
    }
}

/// js-yaml's integer rules: `0x`, `0b`, `_` separators; js-yaml 3 adds `0`-octal and
/// sexagesimal (`1:30`), js-yaml 4 has `0o` octal and reads `0123` as decimal.
fn resolve_int(text: &str, flavor: Flavor) -> Option<i64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if body.is_empty() || body.starts_with('_') {
        return None;
    }
    let clean = body.replace('_', "");
    let radix_value = |digits: &str, radix: u32| {
        if digits.is_empty() {
            None
        } else {
            i64::from_str_radix(digits, radix).ok()
        }
    };
    let value = if let Some(hex) = clean.strip_prefix("0x") {
        radix_value(hex, 16)?
    } else if let Some(bin) = clean.strip_prefix("0b") {
        radix_value(bin, 2)?
    } else if let Some(oct) = clean.strip_prefix("0o") {
        if flavor == Flavor::JsYaml3 {
            return None;
        }
        radix_value(oct, 8)?
    } else if flavor == Flavor::JsYaml3 && clean.contains(':') {
        // sexagesimal: [1-9][0-9_]*(:[0-5]?[0-9])+
        let mut parts = clean.split(':');
        let first = parts.next()?;
        if first.starts_with('0') || !first.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut value: i64 = first.parse().ok()?;
        for part in parts {
            if part.is_empty() || part.len() > 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: i64 = part.parse().ok()?;
            if n > 59 {
                return None;
            }
            value = value.checked_mul(60)?.checked_add(n)?;
        }
        value
    } else if !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    } else if flavor == Flavor::JsYaml3
        && let Some(octal) = clean.strip_prefix('0')
        && !octal.is_empty()
    {
        radix_value(octal, 8)?
    } else {
        clean.parse().ok()?
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;

    fn root(text: &str) -> YamlNode {
        Arc::unwrap_or_clone(parse(text, 0, Flavor::JsYaml3).unwrap().root.unwrap())
    }

    #[test]
    fn scalars_resolve_like_js_yaml() {
        let map = root("a: yes\nb: true\nc: 2022-06-02\nd: '2022-06-02'\ne: 0755\nf: 1:30\ng: ~\n");
        assert!(matches!(map.get("a").unwrap().value, Value::String { .. }));
        assert_eq!(map.get("b").unwrap().value, Value::Bool(true));
        assert!(matches!(map.get("c").unwrap().value, Value::Date(_)));
        assert!(matches!(
            map.get("d").unwrap().value,
            Value::String { quoted: true, .. }
        ));
        assert_eq!(map.get("e").unwrap().value, Value::Int(0o755));
        assert_eq!(map.get("f").unwrap().value, Value::Int(90));
        assert_eq!(map.get("g").unwrap().value, Value::Null);
    }

    #[test]
    fn js_yaml_4_reads_leading_zero_as_decimal() {
        let parsed = parse("e: 0755\nf: 1:30\n", 0, Flavor::JsYaml4).unwrap();
        let map = parsed.root.unwrap();
        assert_eq!(map.get("e").unwrap().value, Value::Int(755));
        assert!(matches!(map.get("f").unwrap().value, Value::String { .. }));
    }

    #[test]
    fn date_without_seconds_stays_a_string() {
        let map = root("date: 2018-11-20 16:33 +0100\n");
        assert!(matches!(
            map.get("date").unwrap().value,
            Value::String { .. }
        ));
    }

    #[test]
    fn spans_are_bytes_in_the_file() {
        let text = "titre: Été\nlayout: post\n";
        let parsed = parse(text, 4, Flavor::JsYaml3).unwrap();
        let (key, value) = parsed
            .root
            .unwrap()
            .entry("layout")
            .map(|(k, v)| (k.clone(), v.clone()))
            .unwrap();
        assert_eq!(key.span, 4 + 13..4 + 19);
        assert_eq!(value.span, 4 + 21..4 + 25);
    }

    #[test]
    fn quoted_flow_values_span_only_their_text() {
        let text = "{ \"draft\": \"yes\" }";
        let map = parse(text, 0, Flavor::JsYaml3).unwrap().root.unwrap();
        let draft = map.get("draft").unwrap();
        assert_eq!(&text[draft.span.clone()], "\"yes\"");
    }

    #[test]
    fn duplicate_keys_are_recorded_with_both_spans() {
        let parsed = parse("title: a\ntitle: b\n", 0, Flavor::JsYaml3).unwrap();
        assert_eq!(parsed.duplicates.len(), 1);
        assert_eq!(parsed.duplicates[0].first, 0..5);
        assert_eq!(parsed.duplicates[0].second, 9..14);
    }

    #[test]
    fn merge_keys_are_not_duplicates() {
        let parsed = parse(
            "base: &b {x: 1}\nitem:\n  <<: *b\n  x: 2\n",
            0,
            Flavor::JsYaml3,
        )
        .unwrap();
        assert!(parsed.duplicates.is_empty());
        let item = parsed.root.unwrap();
        let item = item.get("item").unwrap();
        assert_eq!(item.get("x").unwrap().value, Value::Int(2));
    }

    #[test]
    fn syntax_errors_have_a_byte_offset() {
        let err = parse("é: [a, b\nc: d\n", 10, Flavor::JsYaml3).unwrap_err();
        assert!(err.offset >= 10, "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("x: {}\n", "[".repeat(100_000));
        assert!(parse(&text, 0, Flavor::JsYaml3).is_err());
        let text = format!("x: {}\n", "{a: ".repeat(5_000));
        let err = parse(&text, 0, Flavor::JsYaml3).unwrap_err();
        assert!(err.message.contains("nested deeper"), "{err:?}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        assert!(parse(&text, 0, Flavor::JsYaml3).is_err());
    }
}
