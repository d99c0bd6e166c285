//! The block structure of a Nunjucks or Liquid template, read without rendering it: its
//! loops, its branches and the tests they render under, the names it binds, the files it
//! includes (with the parameters it passes), its macro bodies. `{% raw %}` and comments are
//! skipped: what they hold is text, not tags. Blocks vigie does not model (`case`/`when`,
//! `switch`, a loop's `else`) make their bodies render under an unknown test. Pure.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A tag and its arguments; `(?s)`: tags may span lines. Names are ASCII words, as tags and
/// variables are written: a Unicode `\w` takes the regex a millisecond to compile.
#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{%-?\s*([A-Za-z0-9_]+)(.*?)-?%\}").expect("regex"));

/// What a branch needs to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// The condition, as written, holds (or fails, `holds: false`).
    Condition { condition: String, holds: bool },
    /// Something vigie does not evaluate (a `{% when %}`, a loop's `{% else %}`).
    Unknown(String),
}

/// The body of one branch and the tests it renders under (its own and the earlier ones').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub span: Range<usize>,
    pub tests: Vec<Test>,
}

/// A `{% for variable in over %}` loop: its bytes, tags included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loop {
    pub variable: String,
    pub over: String,
    pub span: Range<usize>,
}

/// `{% include "name" %}` and its kin, with the names it passes (`{% include 'card',
/// image: x %}`, `{% render 'card' with x as image %}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// `include`, `import`, `from`, `extends`, `render` or `layout`.
    pub tag: String,
    /// The quoted name; `None` when it is a variable.
    pub name: Option<String>,
    pub passes: Vec<String>,
}

/// What a template's tags say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    pub loops: Vec<Loop>,
    pub branches: Vec<Branch>,
    /// `{% set x = … %}` / `{% assign x = … %}` with what is assigned (trimmed; empty for a
    /// block `set` or `capture`).
    pub sets: Vec<(String, String)>,
    /// Every name the template binds: sets, loop variables, macro parameters.
    pub bound: Vec<String>,
    pub includes: Vec<Include>,
    /// The bodies of `{% macro %}`s: they render only where the macro is called.
    pub macros: Vec<Range<usize>>,
}

impl Tags {
    /// Whether the byte at `at` lies in a macro's body.
    pub fn in_macro(&self, at: usize) -> bool {
        self.macros.iter().any(|m| m.contains(&at))
    }

    /// What the byte at `at` renders under, as written (`type == 'news' and not (draft)`).
    pub fn conditions_at(&self, at: usize) -> String {
        if self.in_macro(at) {
            return "the macro is called".to_owned();
        }
        let tests: Vec<String> = self
            .branches
            .iter()
            .filter(|b| b.span.contains(&at))
            .flat_map(|b| &b.tests)
            .map(|t| match t {
                Test::Condition {
                    condition,
                    holds: true,
                } => condition.clone(),
                Test::Condition { condition, .. } => format!("not ({condition})"),
                Test::Unknown(what) => what.clone(),
            })
            .collect();
        tests.join(" and ")
    }
}

/// An open block while scanning.
struct Open {
    kind: &'static str,
    start: usize,
    /// For branches: the conditions before, as written, and whether the block is `unless`.
    earlier: Vec<String>,
    unless: bool,
    tests: Vec<Test>,
    /// For loops: the variable, the iterable, where the `{% for %}` tag starts.
    variable: String,
    over: String,
    tag_start: usize,
}

impl Open {
    fn new(kind: &'static str, start: usize) -> Self {
        Self {
            kind,
            start,
            earlier: Vec::new(),
            unless: false,
            tests: Vec::new(),
            variable: String::new(),
            over: String::new(),
            tag_start: start,
        }
    }
}

/// `post.data.image` as its names, when `text` is a dotted path of identifiers (what a
/// template reads of its data); `None` for anything else (literals, calls, indexes).
pub fn data_path(text: &str) -> Option<Vec<&str>> {
    let names: Vec<&str> = text.split('.').collect();
    let valid = names.iter().all(|n| {
        let mut chars = n.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    });
    let literal = matches!(
        names.first(),
        Some(&("true" | "false" | "null" | "none" | "nil"))
    );
    (valid && !literal).then_some(names)
}

/// Scans `text`.
pub fn scan(text: &str) -> Tags {
    let mut tags = Tags::default();
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while let Some(found) = TAG.captures_at(text, at) {
        let Some(whole) = found.get(0) else { break };
        // A `{# … #}` comment before the tag hides what it holds.
        if let Some(comment) = text.get(at..whole.start()).and_then(|t| t.find("{#"))
            && let Some(end) = text.get(at + comment..).and_then(|t| t.find("#}"))
        {
            at = at + comment + end + 2;
            continue;
        }
        at = whole.end();
        let name = &found[1];
        let args = found[2].trim();
        match name {
            "raw" | "comment" => {
                let end = format!("end{name}");
                match end_tag(text, at, &end) {
                    Some(after) => at = after,
                    None => break,
                }
            }
            "if" | "unless" => {
                let mut block = Open::new("if", whole.end());
                block.unless = name == "unless";
                block.earlier.push(args.to_owned());
                block.tests.push(Test::Condition {
                    condition: args.to_owned(),
                    holds: name == "if",
                });
                open.push(block);
            }
            "elif" | "elseif" | "elsif" | "else" => {
                let Some(block) = open.last_mut() else {
                    continue;
                };
                close(block, whole.start(), &mut tags.branches);
                block.start = whole.end();
                match block.kind {
                    "if" => {
                        // After `unless c`, an `else` renders when `c` holds.
                        block.tests = block
                            .earlier
                            .iter()
                            .map(|c| Test::Condition {
                                condition: c.clone(),
                                holds: block.unless,
                            })
                            .collect();
                        if name != "else" {
                            block.tests.push(Test::Condition {
                                condition: args.to_owned(),
                                holds: true,
                            });
                            block.earlier.push(args.to_owned());
                        }
                    }
                    "for" => {
                        block.tests = vec![Test::Unknown(format!("{} is empty", block.over))];
                    }
                    _ => block.tests = vec![Test::Unknown(format!("{name} {args}"))],
                }
            }
            "case" | "switch" => {
                let mut block = Open::new("case", whole.end());
                block.tests = vec![Test::Unknown(format!("{name} {args}"))];
                open.push(block);
            }
            "when" => {
                if let Some(block) = open.last_mut().filter(|b| b.kind == "case") {
                    close(block, whole.start(), &mut tags.branches);
                    block.start = whole.end();
                    block.tests = vec![Test::Unknown(format!("when {args}"))];
                }
            }
            "for" => {
                let Some((variables, over)) = args.split_once(" in ") else {
                    continue;
                };
                let mut block = Open::new("for", whole.end());
                block.tag_start = whole.start();
                let mut names = variables.split(',').map(str::trim);
                block.variable = names.next().unwrap_or_default().to_owned();
                tags.bound.extend(names.map(str::to_owned));
                block.over = over.trim().to_owned();
                tags.bound.push(block.variable.clone());
                open.push(block);
            }
            "macro" => {
                if let Some((_, params)) = args.split_once('(') {
                    let params = params.split(')').next().unwrap_or_default();
                    tags.bound.extend(
                        params
                            .split(',')
                            .filter_map(|p| p.split('=').next())
                            .map(|p| p.trim().to_owned())
                            .filter(|p| !p.is_empty()),
                    );
                }
                open.push(Open::new("macro", whole.end()));
            }
            "set" | "assign" | "capture" => {
                let (bound, value) = match args.split_once('=') {
                    Some((bound, value)) => (bound.trim(), value.trim()),
                    None => (args, ""),
                };
                for bound in bound.split(',').map(str::trim).filter(|b| !b.is_empty()) {
                    tags.bound.push(bound.to_owned());
                    tags.sets.push((bound.to_owned(), value.to_owned()));
                }
            }
            "include" | "import" | "from" | "extends" | "render" | "layout" => {
                tags.includes.push(include(name, args));
            }
            "endif" | "endunless" | "endcase" | "endswitch" | "endfor" | "endmacro" => {
                let kind = match name {
                    "endif" | "endunless" => "if",
                    "endcase" | "endswitch" => "case",
                    "endfor" => "for",
                    _ => "macro",
                };
                // Close what is open up to the matching block; a stray end tag closes nothing.
                let Some(depth) = open.iter().rposition(|b| b.kind == kind) else {
                    continue;
                };
                while open.len() > depth {
                    let Some(mut block) = open.pop() else { break };
                    close(&mut block, whole.start(), &mut tags.branches);
                    match block.kind {
                        "for" => tags.loops.push(Loop {
                            variable: block.variable,
                            over: block.over,
                            span: block.tag_start..whole.end(),
                        }),
                        "macro" => tags.macros.push(block.start..whole.start()),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    tags.bound.sort();
    tags.bound.dedup();
    tags
}

/// The end of `{% end… %}` after `from`, if any.
fn end_tag(text: &str, from: usize, end: &str) -> Option<usize> {
    let mut at = from;
    while let Some(found) = TAG.captures_at(text, at) {
        let whole = found.get(0)?;
        if &found[1] == end {
            return Some(whole.end());
        }
        at = whole.end();
    }
    None
}

/// Ends the current branch of `block` at `end`, when it has tests.
fn close(block: &mut Open, end: usize, branches: &mut Vec<Branch>) {
    if !block.tests.is_empty() {
        branches.push(Branch {
            span: block.start..end,
            tests: std::mem::take(&mut block.tests),
        });
    }
}

/// `'card', image: x, title: y` / `"card" with x as image` / `"x.njk" import y`.
fn include(tag: &str, args: &str) -> Include {
    let quote = args.chars().next().filter(|c| matches!(c, '"' | '\''));
    let (name, rest) = match quote {
        Some(q) => match args.strip_prefix(q).and_then(|inner| inner.split_once(q)) {
            Some((name, rest)) => (Some(name.to_owned()), rest),
            None => (None, ""),
        },
        None => (None, args),
    };
    #[allow(
        clippy::expect_used,
        reason = "a pattern literal: whether it compiles does not depend on the input"
    )]
    static PASSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([A-Za-z0-9_]+)\s*[:=]|\bas\s+([A-Za-z0-9_]+)").expect("regex")
    });
    let passes = PASSED
        .captures_iter(rest)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_owned())
        .collect();
    Include {
        tag: tag.to_owned(),
        name,
        passes,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]

    use super::*;

    fn test(condition: &str, holds: bool) -> Test {
        Test::Condition {
            condition: condition.into(),
            holds,
        }
    }

    fn tests_at<'a>(tags: &'a Tags, text: &str, at: &str) -> Vec<&'a Test> {
        let at = text.find(at).unwrap();
        tags.branches
            .iter()
            .filter(|b| b.span.contains(&at))
            .flat_map(|b| &b.tests)
            .collect()
    }

    #[test]
    fn branches_say_what_they_render_under() {
        let text = "{% if a %}A{% elseif b %}B{% else %}C{% endif %}{% unless h %}U{% else %}V{% endunless %}{%- if x and\n y -%}M{% endif %}";
        let tags = scan(text);
        assert_eq!(tests_at(&tags, text, "A"), [&test("a", true)]);
        assert_eq!(
            tests_at(&tags, text, "B"),
            [&test("a", false), &test("b", true)]
        );
        assert_eq!(
            tests_at(&tags, text, "C"),
            [&test("a", false), &test("b", false)]
        );
        assert_eq!(tests_at(&tags, text, "U"), [&test("h", false)]);
        assert_eq!(tests_at(&tags, text, "V"), [&test("h", true)]);
        assert_eq!(tests_at(&tags, text, "M"), [&test("x and\n y", true)]);
    }

    #[test]
    fn blocks_vigie_does_not_model_are_unknown_and_raw_is_text() {
        let text = "{% if show %}{% for i in items %}I{% else %}E{% endfor %}L{% endif %}{% case k %}{% when 'a' %}W{% endcase %}{% raw %}{% if z %}R{% endraw %}{# {% if c %} #}T";
        let tags = scan(text);
        assert_eq!(tests_at(&tags, text, "L"), [&test("show", true)]);
        let at_e = tests_at(&tags, text, "E");
        assert!(at_e.contains(&&test("show", true)), "{at_e:?}");
        assert!(
            at_e.iter().any(|t| matches!(t, Test::Unknown(_))),
            "{at_e:?}"
        );
        assert!(matches!(tests_at(&tags, text, "W")[..], [Test::Unknown(_)]));
        assert!(tests_at(&tags, text, "R").is_empty());
        assert!(tests_at(&tags, text, "T").is_empty());
        assert_eq!(tags.loops.len(), 1);
        assert_eq!(tags.loops[0].over, "items");
        assert!(text[tags.loops[0].span.clone()].starts_with("{% for"));
    }

    #[test]
    fn names_bound_and_files_included() {
        let text = "{% set hero = '/a.png' %}{% macro card(image, alt='') %}M{% endmacro %}{% for k, v in obj %}{% endfor %}{% include 'card', heading: 'Hi', picture: x %}{% render \"logo\" with site as brand %}{% include variable %}";
        let tags = scan(text);
        assert_eq!(tags.bound, ["alt", "hero", "image", "k", "v"]);
        assert_eq!(tags.sets, [("hero".to_owned(), "'/a.png'".to_owned())]);
        assert_eq!(tags.macros.len(), 1);
        let includes: Vec<(Option<&str>, &[String])> = tags
            .includes
            .iter()
            .map(|i| (i.name.as_deref(), i.passes.as_slice()))
            .collect();
        assert_eq!(
            includes,
            [
                (
                    Some("card"),
                    &["heading".to_owned(), "picture".to_owned()][..]
                ),
                (Some("logo"), &["brand".to_owned()][..]),
                (None, &[][..]),
            ]
        );
    }
}
