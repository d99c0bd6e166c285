//! `[[rule]]` tables of vigie.toml as YAML nodes, so that they go through the same reader
//! as rule files. Spans come from re-reading vigie.toml with toml's spanned parser; when
//! that is not possible, the values come without positions (every span at the table).

use toml::de::{DeTable, DeValue};

use crate::parse::yaml::{Value, YamlNode};

/// One node per `[[rule]]` table, with spans into `text` (the vigie.toml file).
pub(super) fn rules(config: &[toml::Value], text: &str) -> Vec<YamlNode> {
    if let Some(spanned) = spanned_rules(text)
        && spanned.len() == config.len()
    {
        return spanned;
    }
    let mut headers = text
        .match_indices("[[rule]]")
        .map(|(at, h)| at..at + h.len());
    config
        .iter()
        .map(|value| plain(value, headers.next().unwrap_or(0..0)))
        .collect()
}

fn spanned_rules(text: &str) -> Option<Vec<YamlNode>> {
    let document = DeTable::parse(text).ok()?;
    let rules = document.get_ref().get("rule")?;
    let DeValue::Array(items) = rules.get_ref() else {
        return None;
    };
    Some(
        items
            .iter()
            .map(|item| spanned(item.get_ref(), item.span()))
            .collect(),
    )
}

fn spanned(value: &DeValue<'_>, span: std::ops::Range<usize>) -> YamlNode {
    let value = match value {
        DeValue::String(s) => string(s),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or_else(|_| string(i.as_str()), Value::Int),
        DeValue::Float(f) => f
            .as_str()
            .parse()
            .map_or_else(|_| string(f.as_str()), Value::Float),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => string(&d.to_string()),
        DeValue::Array(items) => Value::Seq(
            items
                .iter()
                .map(|item| spanned(item.get_ref(), item.span()))
                .collect(),
        ),
        DeValue::Table(table) => Value::Map(
            table
                .iter()
                .map(|(key, value)| {
                    let key = YamlNode {
                        value: string(key.get_ref()),
                        span: key.span(),
                    };
                    (key, spanned(value.get_ref(), value.span()))
                })
                .collect(),
        ),
    };
    YamlNode { value, span }
}

/// A value without positions: every node points at `span`.
fn plain(value: &toml::Value, span: std::ops::Range<usize>) -> YamlNode {
    let node = |value| YamlNode {
        value,
        span: span.clone(),
    };
    node(match value {
        toml::Value::String(s) => string(s),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => string(&d.to_string()),
        toml::Value::Array(items) => {
            Value::Seq(items.iter().map(|i| plain(i, span.clone())).collect())
        }
        toml::Value::Table(table) => Value::Map(
            table
                .iter()
                .map(|(k, v)| (node(string(k)), plain(v, span.clone())))
                .collect(),
        ),
    })
}

fn string(text: &str) -> Value {
    Value::String {
        text: text.to_owned(),
        quoted: true,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]

    use super::*;

    const TOML: &str = "[site]\ninput = \"src\"\n\n[[rule]]\nid = \"gazette-tag\"\nfiles = [\"gazette/*.md\"]\nfront-matter = { required = [\"date\"] }\n";

    #[test]
    fn rule_tables_keep_their_spans() {
        let config: toml::Table = toml::from_str(TOML).unwrap();
        let values = config["rule"].as_array().unwrap().clone();
        let nodes = rules(&values, TOML);
        assert_eq!(nodes.len(), 1);
        let (key, id) = nodes[0].entry("id").unwrap();
        assert_eq!(&TOML[key.span.clone()], "id");
        assert_eq!(&TOML[id.span.clone()], "\"gazette-tag\"");
        let required = nodes[0]
            .get("front-matter")
            .unwrap()
            .get("required")
            .unwrap();
        let Value::Seq(items) = &required.value else {
            panic!("{required:?}")
        };
        assert_eq!(&TOML[items[0].span.clone()], "\"date\"");
    }

    #[test]
    fn without_the_text_values_point_at_the_table_header() {
        let config: toml::Table = toml::from_str(TOML).unwrap();
        let values = config["rule"].as_array().unwrap().clone();
        let text = "[[rule]]\nid = \n";
        let nodes = rules(&values, text);
        assert_eq!(nodes[0].get("id").unwrap().as_str(), Some("gazette-tag"));
        assert_eq!(nodes[0].get("id").unwrap().span, 0..8);
    }
}
