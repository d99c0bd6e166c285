//! The raw shape of a rule file, read from YAML nodes (or vigie.toml tables converted to
//! nodes) with the span of every value kept. Checks shapes only — a mapping here, a string
//! there, no unknown field — and leaves meanings (regexes, globs, severities) to `compile`.
//!
//! ```yaml
//! id: gazette-tag                # code `content/gazette-tag`; kebab-case
//! severity: warning              # error | warning (default) | info
//! message: "`{key}` has no `bluehats`"   # placeholders: {key} {value} {type} {length}
//! help: add `bluehats` to `tags`         #   {tags}; text rules: {match} {tags}
//! label: …                       # optional: the text under the reported bytes
//! url: https://…                 # optional
//! description: |                 # `vigie explain`: first paragraph = what, rest = why
//!   …
//! files: "gazette/*.md"          # globs from the input dir (string or list); default all
//! exclude: gazette/index.md
//! layouts: [gazette]             # layout keys, aliases and extensions followed
//! tags: "*"                      # globs over the page's tags (every layer's)
//! collections: dated             # only pages in a collection a template lists by date or a feed publishes
//! front-matter:                  # one check: `front-matter` or `text`
//!   required: [date, eleventyNavigation.key]
//!   forbidden: [permalink]
//!   properties:
//!     tags: { type: [string, list], contains: bluehats, items: { pattern: "^[^,]*$" } }
//!     description: { type: string, min-length: 1, max-length: 160, enum: [a, b] }
//! text:                          # matched on the body, multi-line; Markdown code left out
//!   forbidden: '\]\((?P<match>www\.[^)]+)\)'   # each match reported (group `match` if any)
//!   required: 'Licence'          # missing: reported at the front matter
//!   in-code: false
//! tests:
//!   valid: ["---\ntags: bluehats\n---\n"]
//!   invalid:
//!     - { path: gazette/n1.md, text: "---\ntags: autre\n---\n", files: { gazette/gazette.json: "{}" } }
//! ```

use std::ops::Range;

use super::problem::Problem;
use crate::parse::yaml::{Value, YamlNode};

/// A value and the bytes it was written at.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spanned<T> {
    pub(super) value: T,
    pub(super) span: Range<usize>,
}

/// One rule file as written.
#[derive(Debug, Default)]
pub(super) struct RawRule {
    /// The whole rule mapping.
    pub(super) span: Range<usize>,
    pub(super) id: Option<Spanned<String>>,
    pub(super) severity: Option<Spanned<String>>,
    pub(super) message: Option<Spanned<String>>,
    pub(super) help: Option<Spanned<String>>,
    pub(super) label: Option<Spanned<String>>,
    pub(super) url: Option<Spanned<String>>,
    pub(super) description: Option<Spanned<String>>,
    pub(super) files: Vec<Spanned<String>>,
    pub(super) layouts: Vec<Spanned<String>>,
    pub(super) tags: Vec<Spanned<String>>,
    pub(super) collections: Option<Spanned<String>>,
    pub(super) exclude: Vec<Spanned<String>>,
    /// Every check written, with the span of its key (a rule has exactly one).
    pub(super) checks: Vec<(Range<usize>, RawCheck)>,
    pub(super) cases: Vec<RawCase>,
}

#[derive(Debug)]
pub(super) enum RawCheck {
    FrontMatter(RawFrontMatter),
    Text(RawText),
}

#[derive(Debug, Default)]
pub(super) struct RawFrontMatter {
    /// Some field was misspelt: "checks nothing" would only repeat it.
    pub(super) misspelt: bool,
    pub(super) required: Vec<Spanned<String>>,
    pub(super) forbidden: Vec<Spanned<String>>,
    pub(super) properties: Vec<(Spanned<String>, RawSchema)>,
}

/// What a front matter value must look like.
#[derive(Debug, Default)]
pub(super) struct RawSchema {
    pub(super) types: Vec<Spanned<String>>,
    pub(super) allowed: Option<Vec<YamlNode>>,
    pub(super) pattern: Option<Spanned<String>>,
    pub(super) contains: Vec<YamlNode>,
    pub(super) min_length: Option<Spanned<usize>>,
    pub(super) max_length: Option<Spanned<usize>>,
    pub(super) items: Option<Box<RawSchema>>,
}

#[derive(Debug, Default)]
pub(super) struct RawText {
    pub(super) misspelt: bool,
    pub(super) forbidden: Vec<Spanned<String>>,
    pub(super) required: Vec<Spanned<String>>,
    pub(super) in_code: bool,
}

/// A page the rule must accept (`valid`) or report (`invalid`).
#[derive(Debug)]
pub(super) struct RawCase {
    pub(super) valid: bool,
    pub(super) path: Option<Spanned<String>>,
    pub(super) text: String,
    /// Other files of the case's site: data files, layouts …
    pub(super) files: Vec<(Spanned<String>, String)>,
}

const RULE_FIELDS: &[&str] = &[
    "id",
    "severity",
    "message",
    "help",
    "label",
    "url",
    "description",
    "files",
    "layouts",
    "tags",
    "collections",
    "exclude",
    "front-matter",
    "text",
    "tests",
];
const FRONT_MATTER_FIELDS: &[&str] = &["required", "forbidden", "properties"];
const SCHEMA_FIELDS: &[&str] = &[
    "type",
    "enum",
    "pattern",
    "contains",
    "min-length",
    "max-length",
    "items",
];
const TEXT_FIELDS: &[&str] = &["forbidden", "required", "in-code"];
const TESTS_FIELDS: &[&str] = &["valid", "invalid"];
const CASE_FIELDS: &[&str] = &["path", "text", "files"];

/// Reads a rule from its root node, collecting every shape problem.
pub(super) fn read_rule(root: &YamlNode, problems: &mut Vec<Problem>) -> RawRule {
    let mut reader = Reader { problems };
    let mut rule = RawRule {
        span: root.span.clone(),
        ..RawRule::default()
    };
    for (name, key, value) in reader.fields(root, "a rule", RULE_FIELDS) {
        match name.as_str() {
            "id" => rule.id = reader.string(value, "id"),
            "severity" => rule.severity = reader.string(value, "severity"),
            "message" => rule.message = reader.string(value, "message"),
            "help" => rule.help = reader.string(value, "help"),
            "label" => rule.label = reader.string(value, "label"),
            "url" => rule.url = reader.string(value, "url"),
            "description" => rule.description = reader.string(value, "description"),
            "files" => rule.files = reader.strings(value, "files"),
            "layouts" => rule.layouts = reader.strings(value, "layouts"),
            "tags" => rule.tags = reader.strings(value, "tags"),
            "collections" => rule.collections = reader.string(value, "collections"),
            "exclude" => rule.exclude = reader.strings(value, "exclude"),
            "front-matter" => {
                let check = reader.front_matter(value);
                rule.checks
                    .push((key.span.clone(), RawCheck::FrontMatter(check)));
            }
            "text" => {
                let check = reader.text(value);
                rule.checks.push((key.span.clone(), RawCheck::Text(check)));
            }
            "tests" => rule.cases = reader.tests(value),
            _ => {}
        }
    }
    rule
}

struct Reader<'p> {
    problems: &'p mut Vec<Problem>,
}

impl Reader<'_> {
    /// The entries of a mapping whose key is known; reports the others.
    fn fields<'n>(
        &mut self,
        node: &'n YamlNode,
        what: &str,
        known: &[&str],
    ) -> Vec<(String, &'n YamlNode, &'n YamlNode)> {
        let Value::Map(entries) = &node.value else {
            self.problems.push(Problem::new(
                node.span.clone(),
                format!("{what} must be a mapping, found {}", node.kind()),
            ));
            return Vec::new();
        };
        let mut found = Vec::new();
        for (key, value) in entries {
            let name = key.as_key().unwrap_or_default();
            if known.contains(&name.as_str()) {
                found.push((name, key, value));
                continue;
            }
            let help = match crate::rules::closest(&name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("{what} accepts: {}", known.join(", ")),
            };
            self.problems.push(
                Problem::new(
                    key.span.clone(),
                    format!("unknown field `{name}` in {what}"),
                )
                .with_help(help),
            );
        }
        found
    }

    fn string(&mut self, node: &YamlNode, what: &str) -> Option<Spanned<String>> {
        match &node.value {
            Value::String { text, .. } => Some(Spanned {
                value: text.clone(),
                span: node.span.clone(),
            }),
            _ => {
                self.problems.push(Problem::new(
                    node.span.clone(),
                    format!("`{what}` must be a string, found {}", node.kind()),
                ));
                None
            }
        }
    }

    /// A string or a list of strings.
    fn strings(&mut self, node: &YamlNode, what: &str) -> Vec<Spanned<String>> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| self.string(item, what))
                .collect(),
            Value::Null => Vec::new(),
            _ => self.string(node, what).into_iter().collect(),
        }
    }

    fn count(&mut self, node: &YamlNode, what: &str) -> Option<Spanned<usize>> {
        if let Value::Int(n) = node.value
            && let Ok(n) = usize::try_from(n)
        {
            return Some(Spanned {
                value: n,
                span: node.span.clone(),
            });
        }
        self.problems.push(Problem::new(
            node.span.clone(),
            format!("`{what}` must be a whole number, found {}", node.kind()),
        ));
        None
    }

    fn boolean(&mut self, node: &YamlNode, what: &str) -> bool {
        if let Value::Bool(b) = node.value {
            return b;
        }
        self.problems.push(Problem::new(
            node.span.clone(),
            format!("`{what}` must be true or false, found {}", node.kind()),
        ));
        false
    }

    fn front_matter(&mut self, node: &YamlNode) -> RawFrontMatter {
        let mut check = RawFrontMatter::default();
        let before = self.problems.len();
        let fields = self.fields(node, "`front-matter`", FRONT_MATTER_FIELDS);
        check.misspelt = self.problems.len() > before;
        for (name, _, value) in fields {
            match name.as_str() {
                "required" => check.required = self.strings(value, "required"),
                "forbidden" => check.forbidden = self.strings(value, "forbidden"),
                "properties" => check.properties = self.properties(value),
                _ => {}
            }
        }
        check
    }

    fn properties(&mut self, node: &YamlNode) -> Vec<(Spanned<String>, RawSchema)> {
        let Value::Map(entries) = &node.value else {
            self.problems.push(Problem::new(
                node.span.clone(),
                format!(
                    "`properties` must be a mapping of keys, found {}",
                    node.kind()
                ),
            ));
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(key, value)| {
                let name = key.as_key()?;
                let schema = self.schema(value, &format!("`{name}`"));
                Some((
                    Spanned {
                        value: name,
                        span: key.span.clone(),
                    },
                    schema,
                ))
            })
            .collect()
    }

    fn schema(&mut self, node: &YamlNode, what: &str) -> RawSchema {
        let mut schema = RawSchema::default();
        for (name, _, value) in self.fields(node, what, SCHEMA_FIELDS) {
            match name.as_str() {
                "type" => schema.types = self.strings(value, "type"),
                "enum" => schema.allowed = Some(self.scalars(value, "enum")),
                "pattern" => schema.pattern = self.string(value, "pattern"),
                "contains" => schema.contains = self.scalars(value, "contains"),
                "min-length" => schema.min_length = self.count(value, "min-length"),
                "max-length" => schema.max_length = self.count(value, "max-length"),
                "items" => schema.items = Some(Box::new(self.schema(value, "`items`"))),
                _ => {}
            }
        }
        schema
    }

    /// A scalar or a list of scalars (values to compare page values with).
    fn scalars(&mut self, node: &YamlNode, what: &str) -> Vec<YamlNode> {
        let items = match &node.value {
            Value::Seq(items) => items.clone(),
            _ => vec![node.clone()],
        };
        items
            .into_iter()
            .filter(|item| {
                let scalar = !matches!(item.value, Value::Seq(_) | Value::Map(_));
                if !scalar {
                    self.problems.push(Problem::new(
                        item.span.clone(),
                        format!("`{what}` values must be scalars, found {}", item.kind()),
                    ));
                }
                scalar
            })
            .collect()
    }

    fn text(&mut self, node: &YamlNode) -> RawText {
        let mut check = RawText::default();
        let before = self.problems.len();
        let fields = self.fields(node, "`text`", TEXT_FIELDS);
        check.misspelt = self.problems.len() > before;
        for (name, _, value) in fields {
            match name.as_str() {
                "forbidden" => check.forbidden = self.strings(value, "forbidden"),
                "required" => check.required = self.strings(value, "required"),
                "in-code" => check.in_code = self.boolean(value, "in-code"),
                _ => {}
            }
        }
        check
    }

    fn tests(&mut self, node: &YamlNode) -> Vec<RawCase> {
        let mut cases = Vec::new();
        for (name, _, value) in self.fields(node, "`tests`", TESTS_FIELDS) {
            let valid = name == "valid";
            let items: &[YamlNode] = match &value.value {
                Value::Seq(items) => items,
                Value::Null => &[],
                _ => std::slice::from_ref(value),
            };
            for item in items {
                if let Some(case) = self.case(item, valid) {
                    cases.push(case);
                }
            }
        }
        cases
    }

    /// A case: the page's text, or `{ path, text, files }`.
    fn case(&mut self, node: &YamlNode, valid: bool) -> Option<RawCase> {
        if let Value::String { text, .. } = &node.value {
            return Some(RawCase {
                valid,
                path: None,
                text: text.clone(),
                files: Vec::new(),
            });
        }
        let mut case = RawCase {
            valid,
            path: None,
            text: String::new(),
            files: Vec::new(),
        };
        let mut has_text = false;
        for (name, _, value) in self.fields(node, "a test case", CASE_FIELDS) {
            match name.as_str() {
                "path" => case.path = self.string(value, "path"),
                "text" => {
                    has_text = true;
                    case.text = self.string(value, "text").map(|s| s.value)?;
                }
                "files" => case.files = self.case_files(value),
                _ => {}
            }
        }
        if !has_text && node.is_map() {
            self.problems.push(Problem::new(
                node.span.clone(),
                "a test case needs `text`: the page's content",
            ));
            return None;
        }
        node.is_map().then_some(case)
    }

    fn case_files(&mut self, node: &YamlNode) -> Vec<(Spanned<String>, String)> {
        let Value::Map(entries) = &node.value else {
            self.problems.push(Problem::new(
                node.span.clone(),
                format!(
                    "`files` of a test case must map paths to texts, found {}",
                    node.kind()
                ),
            ));
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(key, value)| {
                let path = self.string(key, "files")?;
                let text = self.string(value, &path.value)?;
                Some((path, text.value))
            })
            .collect()
    }
}
