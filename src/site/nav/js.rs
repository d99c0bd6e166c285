//! The JavaScript semantics eleventy-navigation relies on, applied to the YAML values js-yaml
//! hands it: truthiness, `===`, numeric coercion (`a.order - b.order`), string order, and
//! V8's `Array.prototype.sort`.

use std::cmp::Ordering;

use crate::parse::yaml::{Value, YamlNode};

/// Whether a value that may be `undefined` (absent) is truthy.
pub(crate) fn truthy(node: Option<&YamlNode>) -> bool {
    node.is_some_and(YamlNode::is_truthy)
}

/// A primitive that `===` can compare by value; objects (dates, lists, mappings) are never
/// `===` to a value js-yaml built elsewhere, so they have no key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Prim {
    Str(String),
    /// An `f64` by bits, `-0` folded into `0`; `NaN` has no key (it equals nothing).
    Num(u64),
    Bool(bool),
    Null,
}

impl Prim {
    pub(crate) fn of(node: &YamlNode) -> Option<Prim> {
        match &node.value {
            Value::String { text, .. } => Some(Prim::Str(text.clone())),
            Value::Int(i) => Prim::number(*i as f64),
            Value::Float(f) => Prim::number(*f),
            Value::Bool(b) => Some(Prim::Bool(*b)),
            Value::Null => Some(Prim::Null),
            Value::Date(_) | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    fn number(f: f64) -> Option<Prim> {
        if f.is_nan() {
            return None;
        }
        let f = if f == 0.0 { 0.0 } else { f };
        Some(Prim::Num(f.to_bits()))
    }
}

/// `a === b` for two YAML values.
pub(crate) fn strict_equals(a: &YamlNode, b: &YamlNode) -> bool {
    matches!((Prim::of(a), Prim::of(b)), (Some(x), Some(y)) if x == y)
}

/// `Number(value)`: what `a.order - b.order` turns a value into.
pub(crate) fn to_number(node: &YamlNode) -> f64 {
    match &node.value {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        Value::String { text, .. } => string_to_number(text),
        Value::Date(d) => super::dates::epoch_ms(d.year, d.month, d.day, 0, 0, 0, 0),
        // `[x]` becomes `String(x)`, `[]` becomes `""`; anything longer is NaN.
        Value::Seq(items) => match items.as_slice() {
            [] => 0.0,
            [item] => match &item.value {
                Value::Null => 0.0,
                Value::Seq(_) | Value::Map(_) | Value::Date(_) => f64::NAN,
                _ => to_number(item),
            },
            _ => f64::NAN,
        },
        Value::Map(_) => f64::NAN,
    }
}

/// `Number(text)`: trimmed; empty is 0; decimal, `0x`/`0o`/`0b` and `Infinity` literals.
pub(crate) fn string_to_number(text: &str) -> f64 {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = trimmed.strip_prefix(prefix) {
            return u64::from_str_radix(digits, radix).map_or(f64::NAN, |v| v as f64);
        }
    }
    let (sign, body) = if let Some(body) = trimmed.strip_prefix('-') {
        (-1.0, body)
    } else {
        (1.0, trimmed.strip_prefix('+').unwrap_or(trimmed))
    };
    if body == "Infinity" {
        return sign * f64::INFINITY;
    }
    if !is_decimal_literal(body) {
        return f64::NAN;
    }
    body.parse::<f64>().map_or(f64::NAN, |v| sign * v)
}

/// `123`, `1.5`, `.5`, `5.`, `1e3`: what JavaScript's `StringToNumber` accepts (Rust's own
/// parser also takes `inf` and `nan`, which JavaScript does not).
fn is_decimal_literal(text: &str) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// JavaScript's `<` on strings: UTF-16 code units, not bytes.
pub(crate) fn compare_strings(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Whether `name` is an array index, which `Object.values` lists first, in numeric order.
pub(crate) fn array_index(name: &str) -> Option<u32> {
    let value: u32 = name.parse().ok()?;
    (value != u32::MAX && value.to_string() == name).then_some(value)
}

/// `Array.prototype.sort` as V8 (Node 11+) runs it: a first ascending (or strictly
/// descending, then reversed) run, then binary insertion of the rest; a comparator result of
/// `NaN` counts as 0. This is V8's exact path below 64 items; above, V8 merges runs, which
/// gives the same result whenever the comparator is consistent.
#[allow(
    clippy::indexing_slicing,
    reason = "V8's algorithm as written, on indexes below `items.len()`: `n >= 2`, `run <= n`, `mid < start < n`, `left <= start`"
)]
pub(crate) fn v8_sort<T: Copy>(items: &mut [T], compare: impl Fn(T, T) -> f64) {
    let cmp = |a: T, b: T| {
        let order = compare(a, b);
        if order.is_nan() { 0.0 } else { order }
    };
    let n = items.len();
    if n < 2 {
        return;
    }
    // CountAndMakeRun(0, n)
    let descending = cmp(items[1], items[0]) < 0.0;
    let mut run = 2;
    while run < n {
        let order = cmp(items[run], items[run - 1]);
        if (descending && order >= 0.0) || (!descending && order < 0.0) {
            break;
        }
        run += 1;
    }
    if descending {
        items[..run].reverse();
    }
    // BinaryInsertionSort(0, run, n)
    for start in run..n {
        let pivot = items[start];
        let (mut left, mut right) = (0, start);
        while left < right {
            let mid = left + ((right - left) >> 1);
            if cmp(pivot, items[mid]) < 0.0 {
                right = mid;
            } else {
                left = mid + 1;
            }
        }
        items.copy_within(left..start, left + 1);
        items[left] = pivot;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::{Flavor, parse};

    fn value(yaml: &str) -> YamlNode {
        parse(&format!("v: {yaml}\n"), 0, Flavor::JsYaml3)
            .unwrap()
            .root
            .unwrap()
            .get("v")
            .unwrap()
            .clone()
    }

    #[test]
    fn numbers_coerce_like_javascript() {
        assert_eq!(to_number(&value("\"10\"")), 10.0);
        assert_eq!(to_number(&value("\" 7 \"")), 7.0);
        assert_eq!(to_number(&value("\"0x10\"")), 16.0);
        assert_eq!(to_number(&value("\"\"")), 0.0);
        assert_eq!(to_number(&value("true")), 1.0);
        assert_eq!(to_number(&value("~")), 0.0);
        assert_eq!(to_number(&value("[5]")), 5.0);
        for nan in [
            "abc",
            "\"inf\"",
            "\"nan\"",
            "\"1_000\"",
            "[1, 2]",
            "{a: 1}",
            ".nan",
        ] {
            assert!(to_number(&value(nan)).is_nan(), "{nan}");
        }
        assert_eq!(to_number(&value("\"-Infinity\"")), f64::NEG_INFINITY);
    }

    #[test]
    fn strict_equality_never_mixes_types() {
        assert!(strict_equals(&value("2024"), &value("2024")));
        assert!(strict_equals(&value("2024"), &value("2024.0")));
        assert!(!strict_equals(&value("2024"), &value("\"2024\"")));
        assert!(!strict_equals(&value("2022-01-01"), &value("2022-01-01")));
        assert!(!strict_equals(&value("Blog"), &value("blog")));
    }

    #[test]
    fn v8_sort_is_stable_and_nan_means_equal() {
        let mut items = [(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        v8_sort(&mut items, |a, b| f64::from(a.0 - b.0));
        assert_eq!(items.map(|i| i.1), ['d', 'b', 'e', 'a', 'c']);
        // A strictly descending first run is reversed; equal items never are.
        let mut items = [(2, 'a'), (1, 'b'), (1, 'c')];
        v8_sort(&mut items, |a, b| f64::from(a.0 - b.0));
        assert_eq!(items.map(|i| i.1), ['b', 'c', 'a']);
        // NaN (an order of "abc") compares equal to everything: it stays where it was, and
        // it splits the items around it.
        let mut items = [(f64::NAN, 'x'), (2.0, 'a'), (1.0, 'b')];
        v8_sort(&mut items, |a, b| a.0 - b.0);
        assert_eq!(items.map(|i| i.1), ['x', 'b', 'a']);
    }

    #[test]
    fn array_indexes_are_canonical() {
        assert_eq!(array_index("2024"), Some(2024));
        assert_eq!(array_index("02"), None);
        assert_eq!(array_index("a"), None);
        assert_eq!(array_index("4294967295"), None);
    }
}
