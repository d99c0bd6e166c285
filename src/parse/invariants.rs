//! What the front matter split and the YAML tree promise on any text, as checks that panic
//! with the broken promise: the fuzz targets and the corpus test run them (`crate::fuzzing`).

use std::ops::Range;

use super::front_matter::{self, FrontMatter};
use super::yaml::{Flavor, Value, YamlNode};

/// `text[span]`, or a panic naming `what` when the span is out of the text or cuts a char.
pub fn slice<'a>(text: &'a str, span: &Range<usize>, what: &str) -> &'a str {
    text.get(span.clone()).unwrap_or_else(|| {
        panic!(
            "{what} {span:?} does not slice the text ({} bytes) on char boundaries",
            text.len()
        )
    })
}

/// Panics unless `inner` lies inside `outer`.
pub fn assert_inside(inner: &Range<usize>, outer: &Range<usize>, what: &str) {
    assert!(
        outer.start <= inner.start && inner.end <= outer.end && inner.start <= inner.end,
        "{what} {inner:?} is not inside {outer:?}"
    );
}

/// Splits `text` as a check does and holds every span of the result to the text: the
/// delimiters where they are written, the body to the end of the file, each YAML node and
/// error inside the block.
pub fn check_front_matter(text: &str, flavor: Flavor) {
    let split = front_matter::split(text, flavor);
    slice(text, &split.body, "body");
    assert_eq!(
        split.body.end,
        text.len(),
        "the body runs to the end of the file"
    );
    match &split.front_matter {
        FrontMatter::Absent => {}
        FrontMatter::Unclosed { open } => {
            assert!(slice(text, open, "opening line").starts_with("---"));
            assert!(split.body.is_empty(), "an unclosed block leaves no body");
        }
        FrontMatter::Unevaluated { language, open } => {
            let line = slice(text, open, "opening line");
            assert_eq!(
                line.strip_prefix("---").map(str::trim),
                Some(language.as_str())
            );
        }
        FrontMatter::Parsed(block) => {
            assert!(slice(text, &block.open, "opening line").starts_with("---"));
            slice(text, &block.content, "YAML block");
            assert!(
                block.open.end <= block.content.start,
                "YAML after its `---`"
            );
            assert!(block.content.end <= split.body.start, "body after the YAML");
            match &block.result {
                Ok(parsed) => {
                    if let Some(root) = &parsed.root {
                        check_node(text, root, &block.content);
                    }
                    for duplicate in &parsed.duplicates {
                        for span in [&duplicate.first, &duplicate.second] {
                            slice(text, span, "duplicate key");
                            assert_inside(span, &block.content, "duplicate key");
                        }
                    }
                }
                Err(error) => {
                    let at = error.offset..error.offset;
                    slice(text, &at, "YAML error");
                    assert_inside(&at, &block.content, "YAML error");
                }
            }
        }
    }
}

/// Every node of the tree slices the text inside the block; a plain scalar on one line
/// spans exactly its text (rules point at those bytes).
fn check_node(text: &str, node: &YamlNode, block: &Range<usize>) {
    let written = slice(text, &node.span, "YAML node");
    assert_inside(&node.span, block, "YAML node");
    match &node.value {
        Value::String {
            text: value,
            quoted: false,
        } if !value.is_empty() && !value.contains(char::is_whitespace) => {
            // An alias node spans the `*alias` it is written as; a node spans its tag and
            // anchor (`! key`, `&a key`) before its text.
            let properties = written.starts_with(['!', '&']) && written.ends_with(value.as_str());
            if !written.starts_with('*') && !properties {
                assert_eq!(written, value, "a plain scalar spans its text");
            }
        }
        Value::Seq(items) => {
            for item in items {
                check_node(text, item, block);
            }
        }
        Value::Map(entries) => {
            for (key, value) in entries {
                check_node(text, key, block);
                check_node(text, value, block);
            }
        }
        _ => {}
    }
}
