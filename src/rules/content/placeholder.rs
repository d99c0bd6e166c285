//! `{key}`-style placeholders in a data rule's message and help. `{{ title }}` (Nunjucks)
//! is left alone: only a lone `{word}` is a placeholder.

use std::ops::Range;

/// Placeholders a front matter rule fills in.
pub(super) const FRONT_MATTER: &[&str] = &["key", "value", "type", "length", "tags"];
/// Placeholders a text rule fills in.
pub(super) const TEXT: &[&str] = &["match", "tags"];

/// Every `{name}` of `template`, with its byte range.
pub(super) fn find(template: &str) -> Vec<(Range<usize>, &str)> {
    let bytes = template.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(open) = template.get(at..).and_then(|rest| rest.find('{')) {
        let open = at + open;
        at = open + 1;
        let Some((name, _)) = template
            .get(open + 1..)
            .and_then(|rest| rest.split_once('}'))
        else {
            break;
        };
        let close = open + 1 + name.len();
        let before = open.checked_sub(1).and_then(|i| bytes.get(i));
        let lone = before != Some(&b'{') && bytes.get(close + 1) != Some(&b'}');
        let word = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if lone && word {
            found.push((open..close + 1, name));
            at = close + 1;
        }
    }
    found
}

/// `template` with each placeholder replaced by `value(name)`, when it has one.
pub(super) fn render(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut last = 0;
    for (range, name) in find(template) {
        if let Some(replacement) = value(name) {
            out.push_str(template.get(last..range.start).unwrap_or_default());
            out.push_str(&replacement);
            last = range.end;
        }
    }
    out.push_str(template.get(last..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lone_words_only() {
        let found = find("`{key}` is {type}; write {{ title }} or {{x}} or {Nope} {}");
        let names: Vec<&str> = found.iter().map(|(_, n)| *n).collect();
        assert_eq!(names, ["key", "type"]);
        assert_eq!(found[0].0, 1..6);
    }

    #[test]
    fn renders_known_values_and_keeps_the_rest() {
        let text = render("`{key}` is {type} ({other})", |name| match name {
            "key" => Some("draft".into()),
            "type" => Some("a string".into()),
            _ => None,
        });
        assert_eq!(text, "`draft` is a string ({other})");
    }
}
