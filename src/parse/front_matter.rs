//! Splits a template into front matter and body exactly as gray-matter (Eleventy's front
//! matter reader) does, and parses YAML/JSON front matter with spans into the file.

use std::ops::Range;

use super::yaml::{self, Flavor, Parsed, YamlError, YamlNode};
use crate::config::limits::Limits;

/// What the top of a file holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FrontMatter {
    /// The file does not start with `---`.
    Absent,
    /// `---` opens a block that nothing closes: gray-matter reads the whole file as YAML
    /// and the page renders empty.
    Unclosed { open: Range<usize> },
    /// `---js` and other languages vigie does not evaluate.
    Unevaluated {
        language: String,
        open: Range<usize>,
    },
    /// A YAML (or `---json`) block.
    Parsed(Block),
}

/// A closed front matter block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The opening `---` line (without its line break).
    pub open: Range<usize>,
    /// The YAML between the delimiters.
    pub content: Range<usize>,
    pub result: Result<Parsed, YamlError>,
}

impl Block {
    /// The root node when the YAML parsed and is not empty.
    pub fn root(&self) -> Option<&YamlNode> {
        self.result.as_ref().ok().and_then(|p| p.root.as_deref())
    }
}

/// A file split into its front matter and the byte range of its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub front_matter: FrontMatter,
    pub body: Range<usize>,
}

impl Split {
    /// The root mapping when the front matter is a parsed YAML mapping.
    pub fn data(&self) -> Option<&YamlNode> {
        self.mapping().map(|node| &**node)
    }

    /// `data`, shared rather than copied (the cascade's front matter layer).
    pub fn shared_data(&self) -> Option<std::sync::Arc<YamlNode>> {
        self.mapping().cloned()
    }

    fn mapping(&self) -> Option<&std::sync::Arc<YamlNode>> {
        match &self.front_matter {
            FrontMatter::Parsed(block) => block.result.as_ref().ok()?.root.as_ref(),
            _ => None,
        }
        .filter(|n| n.is_map())
    }
}

const BOM: &str = "\u{feff}";

/// Splits `text` as gray-matter 4 does and parses the YAML with the given flavor.
pub fn split(text: &str, flavor: Flavor) -> Split {
    split_within(text, flavor, &Limits::default())
}

/// `split`, its YAML read within `limits` (`yaml_nodes`, `yaml_depth`).
pub fn split_within(text: &str, flavor: Flavor, limits: &Limits) -> Split {
    let rest = text.strip_prefix(BOM).unwrap_or(text);
    let start = text.len() - rest.len();
    // Front matter only when the file starts with `---` and the fourth char is not `-`.
    let Some(after_dashes) = rest
        .strip_prefix("---")
        .filter(|after| !after.starts_with('-'))
    else {
        return Split {
            front_matter: FrontMatter::Absent,
            body: start..text.len(),
        };
    };
    let first_line_end = rest.find('\n').map_or(text.len(), |i| start + i);
    let open = start..trim_cr(text, start, first_line_end);
    let language = after_dashes.split('\n').next().unwrap_or_default();
    let language = language.trim().to_owned();
    let content_start = (first_line_end + 1).min(text.len());

    // The block closes at the first "\n---" after the opening line.
    let Some(close) = text
        .get(first_line_end..)
        .and_then(|rest| rest.find("\n---"))
        .map(|i| first_line_end + i)
    else {
        return Split {
            front_matter: FrontMatter::Unclosed { open },
            body: text.len()..text.len(),
        };
    };
    let content = content_start.min(close)..close;
    let after = text.get(close + 4..).unwrap_or_default();
    let after = after.strip_prefix('\r').unwrap_or(after);
    let after = after.strip_prefix('\n').unwrap_or(after);
    let body = text.len() - after.len()..text.len();

    let front_matter = match language.as_str() {
        "" | "yaml" | "yml" | "json" => FrontMatter::Parsed(Block {
            open,
            result: parse_block(text, content.clone(), flavor, limits),
            content,
        }),
        _ => FrontMatter::Unevaluated { language, open },
    };
    Split { front_matter, body }
}

fn parse_block(
    text: &str,
    content: Range<usize>,
    flavor: Flavor,
    limits: &Limits,
) -> Result<Parsed, YamlError> {
    let yaml = text.get(content.clone()).unwrap_or_default();
    // A block holding only comments is `{}` for gray-matter.
    let only_comments = yaml
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'));
    if only_comments {
        return Ok(Parsed {
            root: None,
            duplicates: Vec::new(),
        });
    }
    yaml::parse_within(yaml, content.start, flavor, limits)
}

fn trim_cr(text: &str, start: usize, end: usize) -> usize {
    if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]
    use super::*;

    fn parse(text: &str) -> Split {
        split(text, Flavor::JsYaml3)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let split = parse(text);
        let FrontMatter::Parsed(block) = &split.front_matter else {
            panic!("{split:?}")
        };
        assert_eq!(&text[block.content.clone()], "title: A");
        assert_eq!(&text[split.body.clone()], "# Body\n");
        assert_eq!(
            split.data().unwrap().get("title").unwrap().as_str(),
            Some("A")
        );
    }

    #[test]
    fn crlf_and_bom_keep_file_offsets() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody";
        let split = parse(text);
        let data = split.data().unwrap();
        let title = data.get("title").unwrap();
        assert_eq!(&text[title.span.clone()], "A");
        assert_eq!(&text[split.body.clone()], "Body");
    }

    #[test]
    fn four_dashes_is_not_front_matter() {
        assert_eq!(
            parse("----\ntitle: A\n----\n").front_matter,
            FrontMatter::Absent
        );
    }

    #[test]
    fn missing_close_is_unclosed() {
        let split = parse("---\ntitle: A\n\n# Body\n");
        assert_eq!(split.front_matter, FrontMatter::Unclosed { open: 0..3 });
    }

    #[test]
    fn js_front_matter_is_not_evaluated() {
        let split = parse("---js\n{ title: 'A' }\n---\n");
        assert!(
            matches!(split.front_matter, FrontMatter::Unevaluated { ref language, .. } if language == "js")
        );
    }

    #[test]
    fn comment_only_block_is_empty() {
        let split = parse("---\n# nothing\n---\nBody");
        let FrontMatter::Parsed(block) = split.front_matter else {
            panic!()
        };
        assert!(block.root().is_none());
        assert!(block.result.is_ok());
    }

    #[test]
    fn never_panics_on_garbage() {
        // Random sequences of the pieces front matter is made of.
        const PIECES: [&str; 16] = [
            "---", "\n", "\r\n", "\u{feff}", "é", ": ", "- ", "[", "]", "{", "}", "&a ", "*a",
            "\t", "'", "key",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            let split = split(&text, Flavor::JsYaml3);
            assert!(
                split.body.start <= split.body.end && split.body.end <= text.len(),
                "{text:?}"
            );
            if let FrontMatter::Parsed(Block {
                result: Err(err), ..
            }) = &split.front_matter
            {
                assert!(err.offset <= text.len(), "{text:?}: {err:?}");
            }
        }
    }

    #[test]
    fn yaml_error_offset_is_in_the_file() {
        let text = "---\ntitle: [oops\n---\n";
        let FrontMatter::Parsed(block) = parse(text).front_matter else {
            panic!()
        };
        let err = block.result.unwrap_err();
        assert!(err.offset >= 4 && err.offset <= text.len(), "{err:?}");
    }
}
