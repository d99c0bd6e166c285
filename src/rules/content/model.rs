//! A compiled data rule: which pages it selects, what it checks, and its own test cases.

use globset::GlobSet;
use regex::Regex;

use crate::parse::yaml::Value;
use crate::rules::RuleMeta;

/// A rule written as data, ready to run.
#[derive(Debug)]
pub struct DataRule {
    pub(super) meta: RuleMeta,
    pub(super) id: String,
    /// Where the id is written, to point at a second rule with the same id.
    pub(super) id_span: std::ops::Range<usize>,
    /// The message as written, `{placeholders}` included.
    pub(super) message: String,
    pub(super) help: Option<String>,
    /// The text under the reported bytes, instead of what the check found there.
    pub(super) label: Option<String>,
    pub(super) select: Selector,
    pub(super) check: Check,
    pub(super) cases: Vec<Case>,
    /// Where the rule was written (`rules/…yml`, `vigie.toml`).
    pub(super) file: String,
}

impl DataRule {
    /// The id written in the file (the code is `content/<id>`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The file the rule was written in.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The rule's own valid and invalid pages.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }
}

/// Which pages a rule looks at. Empty lists select every page.
#[derive(Debug, Default)]
pub(super) struct Selector {
    /// Globs over the path relative to the input directory.
    pub(super) files: Option<GlobSet>,
    pub(super) exclude: Option<GlobSet>,
    /// The globs as written, for `vigie explain`.
    pub(super) files_written: Vec<String>,
    pub(super) exclude_written: Vec<String>,
    /// Layout keys as written (`post`, `layouts/post.njk`); aliases are followed.
    pub(super) layouts: Vec<String>,
    /// Globs over the page's tags (`*`: any tag, i.e. the page is in a collection).
    pub(super) tags: Option<GlobSet>,
    pub(super) tags_written: Vec<String>,
    /// Only pages in a collection that a template lists by date or a feed publishes.
    pub(super) dated: bool,
}

#[derive(Debug)]
pub(super) enum Check {
    FrontMatter(FrontMatterCheck),
    Text(TextCheck),
}

/// Keys of the page's data (front matter and data files), by dotted path.
#[derive(Debug, Default)]
pub(super) struct FrontMatterCheck {
    pub(super) required: Vec<KeyPath>,
    pub(super) forbidden: Vec<KeyPath>,
    pub(super) properties: Vec<(KeyPath, Schema)>,
}

/// `eleventyNavigation.key` → `["eleventyNavigation", "key"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KeyPath {
    pub(super) text: String,
    pub(super) parts: Vec<String>,
}

impl KeyPath {
    pub(super) fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            parts: text.split('.').map(str::to_owned).collect(),
        }
    }
}

/// What a value must look like; every part is optional.
#[derive(Debug, Default)]
pub(super) struct Schema {
    pub(super) types: Vec<Type>,
    /// `enum`: the only values allowed.
    pub(super) allowed: Vec<Value>,
    pub(super) pattern: Option<Regex>,
    /// Values the list (or the union of every layer's list, like `tags`) must hold.
    pub(super) contains: Vec<Value>,
    pub(super) min_length: Option<usize>,
    pub(super) max_length: Option<usize>,
    pub(super) items: Option<Box<Schema>>,
}

/// A value's type as js-yaml produces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Type {
    String,
    Number,
    Boolean,
    Date,
    List,
    Mapping,
    Null,
}

impl Type {
    pub(super) const NAMES: [&'static str; 7] = [
        "string", "number", "boolean", "date", "list", "mapping", "null",
    ];

    pub(super) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "string" => Type::String,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "date" => Type::Date,
            "list" => Type::List,
            "mapping" => Type::Mapping,
            "null" => Type::Null,
            _ => return None,
        })
    }

    pub(super) fn accepts(self, value: &Value) -> bool {
        matches!(
            (self, value),
            (Type::String, Value::String { .. })
                | (Type::Number, Value::Int(_) | Value::Float(_))
                | (Type::Boolean, Value::Bool(_))
                | (Type::Date, Value::Date(_))
                | (Type::List, Value::Seq(_))
                | (Type::Mapping, Value::Map(_))
                | (Type::Null, Value::Null)
        )
    }

    /// As in messages: "a string", "null".
    pub(super) fn described(self) -> &'static str {
        match self {
            Type::String => "a string",
            Type::Number => "a number",
            Type::Boolean => "a boolean",
            Type::Date => "a date",
            Type::List => "a list",
            Type::Mapping => "a mapping",
            Type::Null => "null",
        }
    }
}

/// Patterns matched on the page's body (Markdown code left out unless `in-code`).
#[derive(Debug, Default)]
pub(super) struct TextCheck {
    pub(super) forbidden: Vec<Regex>,
    pub(super) required: Vec<Regex>,
    pub(super) in_code: bool,
}

/// A page the rule must accept (`valid`) or report (`invalid`), with the other files of
/// its site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub valid: bool,
    /// The page's path relative to the site root (`page.md` unless the case says).
    pub path: String,
    pub text: String,
    pub files: Vec<(String, String)>,
}
