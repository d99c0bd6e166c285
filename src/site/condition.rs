//! Which parts of a template render on a page: the `{% if %}` / `{% elif %}` / `{% else %}`
//! / `{% unless %}` branches around a byte, and whether a page's data makes them hold.
//! Simple tests are evaluated (`type == 'news'`, `not draft`, `image and title`); anything
//! else is unknown, never guessed. Pure. May import `site::model` and `parse::yaml`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::model::Page;
use crate::parse::yaml::{Value, YamlNode};

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%-?\s*(if|elif|elseif|elsif|else|endif|unless|endunless)\b(.*?)-?%\}")
        .expect("regex")
});

/// A test a branch needs: the condition holds, or fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test {
    pub condition: String,
    pub holds: bool,
}

/// The body of one branch and the tests it renders under (its own and those before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub span: Range<usize>,
    pub tests: Vec<Test>,
}

/// Every branch of `text`, nested ones included.
pub fn branches(text: &str) -> Vec<Branch> {
    struct Open {
        earlier: Vec<String>,
        start: usize,
        tests: Vec<Test>,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut found = Vec::new();
    for caps in TAG.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        let condition = caps[2].trim().to_owned();
        let close = |open: &mut Open, found: &mut Vec<Branch>| {
            found.push(Branch {
                span: open.start..whole.start(),
                tests: std::mem::take(&mut open.tests),
            });
        };
        match &caps[1] {
            "if" | "unless" => open.push(Open {
                earlier: vec![condition.clone()],
                start: whole.end(),
                tests: vec![Test {
                    condition,
                    holds: &caps[1] == "if",
                }],
            }),
            "elif" | "elseif" | "elsif" => {
                let Some(current) = open.last_mut() else {
                    continue;
                };
                close(current, &mut found);
                current.tests = failing(&current.earlier);
                current.tests.push(Test {
                    condition: condition.clone(),
                    holds: true,
                });
                current.earlier.push(condition);
                current.start = whole.end();
            }
            "else" => {
                let Some(current) = open.last_mut() else {
                    continue;
                };
                close(current, &mut found);
                current.tests = failing(&current.earlier);
                current.start = whole.end();
            }
            _ => {
                if let Some(mut current) = open.pop() {
                    close(&mut current, &mut found);
                }
            }
        }
    }
    found
}

fn failing(conditions: &[String]) -> Vec<Test> {
    conditions
        .iter()
        .map(|c| Test {
            condition: c.clone(),
            holds: false,
        })
        .collect()
}

/// Whether something renders on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    Yes,
    No,
    /// vigie cannot evaluate a condition it depends on.
    Unknown,
}

/// A loop variable and the page it stands for (`post` in `{% for post in collections.x %}`):
/// `post.data.image` is that page's data.
pub type Binding<'a> = Option<(&'a str, &'a Page)>;

/// What a template binds itself, around the tests: its loop variables and `{% set %}`
/// names, which are not the page's data (a test on them is unknown).
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub binding: Binding<'a>,
    pub locals: &'a [String],
}

/// Whether the byte at `at` renders on `page`, as far as the branches around it say.
pub fn renders_at(branches: &[Branch], at: usize, page: &Page, scope: Scope<'_>) -> Truth {
    let mut truth = Truth::Yes;
    for branch in branches.iter().filter(|b| b.span.contains(&at)) {
        for test in &branch.tests {
            match (evaluate(&test.condition, page, scope), test.holds) {
                (Some(value), holds) if value != holds => return Truth::No,
                (Some(_), _) => {}
                (None, _) => truth = Truth::Unknown,
            }
        }
    }
    truth
}

/// The truth of a condition on the page's data; `None` when vigie cannot tell.
pub fn evaluate(condition: &str, page: &Page, scope: Scope<'_>) -> Option<bool> {
    let condition = condition.trim();
    if condition.contains(['(', ')', '[', '|']) {
        return None;
    }
    // `and` binds tighter than `or`, in Nunjucks as in Liquid (which reads right to left,
    // the same for these).
    let mut any_unknown = false;
    for alternative in condition.split(" or ") {
        let mut all = Some(true);
        for part in alternative.split(" and ") {
            match (all, atom(part.trim(), page, scope)) {
                (_, Some(false)) => {
                    all = Some(false);
                    break;
                }
                (Some(true), None) => all = None,
                _ => {}
            }
        }
        match all {
            Some(true) => return Some(true),
            None => any_unknown = true,
            Some(false) => {}
        }
    }
    (!any_unknown).then_some(false)
}

fn atom(text: &str, page: &Page, scope: Scope<'_>) -> Option<bool> {
    if let Some(rest) = text.strip_prefix("not ") {
        return atom(rest.trim(), page, scope).map(|v| !v);
    }
    for (operator, equal) in [("===", true), ("!==", false), ("==", true), ("!=", false)] {
        if let Some((left, right)) = text.split_once(operator) {
            let (left, right) = (
                operand(left.trim(), page, scope)?,
                operand(right.trim(), page, scope)?,
            );
            return Some((left == right) == equal);
        }
    }
    match operand(text, page, scope)? {
        Operand::Missing => Some(false),
        Operand::Text(text) => Some(!text.is_empty()),
        Operand::Node(node) => Some(node.is_truthy()),
        Operand::Number(n) => Some(n != 0.0),
        Operand::Bool(b) => Some(b),
    }
}

#[derive(Debug, PartialEq)]
enum Operand<'a> {
    Missing,
    Text(String),
    Number(f64),
    Bool(bool),
    Node(&'a YamlNode),
}

fn operand<'a>(text: &str, page: &'a Page, scope: Scope<'a>) -> Option<Operand<'a>> {
    if let Some(quote) = text.chars().next().filter(|c| matches!(c, '\'' | '"')) {
        let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
        return (!inner.contains(quote)).then(|| Operand::Text(inner.to_owned()));
    }
    match text {
        "true" => return Some(Operand::Bool(true)),
        "false" => return Some(Operand::Bool(false)),
        _ => {}
    }
    if let Ok(n) = text.parse::<f64>() {
        return Some(Operand::Number(n));
    }
    let mut names: Vec<&str> = text.split('.').collect();
    let mut page = page;
    // `post.data.x` of a loop's item is that page's data; `post.url` and the rest are not data.
    if let Some((variable, item)) = scope.binding
        && names[0] == variable
    {
        if names.len() < 3 || names[1] != "data" {
            return None;
        }
        page = item;
        names.drain(..2);
    }
    let valid = names.iter().all(|n| {
        let mut chars = n.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    // The page's URL is known; `collections`, loop variables … are not the page's data.
    if names == ["page", "url"] {
        return Some(
            page.output
                .url()
                .map_or(Operand::Missing, |u| Operand::Text(u.to_owned())),
        );
    }
    let local = scope.locals.iter().any(|l| l == names[0]);
    if !valid
        || local
        || matches!(
            names[0],
            "page" | "collections" | "pagination" | "eleventy" | "loop"
        )
    {
        return None;
    }
    let Some((mut node, _)) = page.data.get(names[0]) else {
        // Data that JavaScript may set is unknown, not missing.
        return page.scripts.is_empty().then_some(Operand::Missing);
    };
    for name in &names[1..] {
        match node.get(name) {
            Some(next) => node = next,
            None if node.is_map() => return Some(Operand::Missing),
            None => return None,
        }
    }
    Some(match &node.value {
        Value::String { text, .. } => Operand::Text(text.clone()),
        Value::Int(n) => Operand::Number(*n as f64),
        Value::Float(n) => Operand::Number(*n),
        Value::Bool(b) => Operand::Bool(*b),
        Value::Null => Operand::Missing,
        _ => Operand::Node(node),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{build_site, inputs};

    const TEMPLATE: &str = "<a href=\"/\">A</a>{% if type == 'news' %}<a href=\"/n/\">N</a>{% elseif type == 'publication' %}<a href=\"/p/\">P</a>{% else %}<a href=\"/o/\">O</a>{% endif %}{% if weird(x) %}<a href=\"/w/\">W</a>{% endif %}";

    #[test]
    fn branches_render_where_the_page_data_makes_them_hold() {
        let site = build_site(&inputs(&[
            ("news.md", "---\ntype: news\n---\n"),
            ("other.md", "---\ntitle: Autre\n---\n"),
        ]));
        let found = branches(TEMPLATE);
        let at = |link: &str| TEMPLATE.find(link).unwrap();
        let page = |rel: &str| site.pages.iter().find(|p| p.file.rel == rel).unwrap();
        let (news, other) = (page("news.md"), page("other.md"));
        let renders_at =
            |f: &[Branch], at: usize, page: &Page| renders_at(f, at, page, Scope::default());
        assert_eq!(renders_at(&found, at("/\""), news), Truth::Yes);
        assert_eq!(renders_at(&found, at("/n/"), news), Truth::Yes);
        assert_eq!(renders_at(&found, at("/n/"), other), Truth::No);
        assert_eq!(renders_at(&found, at("/p/"), news), Truth::No);
        assert_eq!(renders_at(&found, at("/o/"), news), Truth::No);
        assert_eq!(renders_at(&found, at("/o/"), other), Truth::Yes);
        assert_eq!(renders_at(&found, at("/w/"), other), Truth::Unknown);
    }

    #[test]
    fn simple_tests_are_evaluated() {
        let site = build_site(&inputs(&[(
            "p.md",
            "---\ntitle: T\ndraft: false\nn: 0\nmeta:\n  lang: fr\n---\n",
        )]));
        let page = &site.pages[0];
        let eval = |c: &str| evaluate(c, page, Scope::default());
        assert_eq!(eval("title"), Some(true));
        assert_eq!(eval("not draft"), Some(true));
        assert_eq!(eval("n"), Some(false));
        assert_eq!(eval("absent"), Some(false));
        assert_eq!(eval("meta.lang == \"fr\""), Some(true));
        assert_eq!(eval("meta.lang != 'fr' or title"), Some(true));
        assert_eq!(eval("title and absent"), Some(false));
        assert_eq!(eval("page.url == '/p/'"), Some(true));
        assert_eq!(eval("page.url == '/'"), Some(false));
        let locals = ["entry".to_owned()];
        let scope = Scope {
            binding: None,
            locals: &locals,
        };
        assert_eq!(evaluate("entry.url == page.url", page, scope), None);
        assert_eq!(eval("title | length"), None);
        assert_eq!(eval("absent or page.fileSlug"), None);
        // A loop's item: its data, not the page's.
        let item = Scope {
            binding: Some(("post", page)),
            locals: &[],
        };
        assert_eq!(
            evaluate("post.data.title", &site.pages[0], item),
            Some(true)
        );
        assert_eq!(
            evaluate("post.data.image", &site.pages[0], item),
            Some(false)
        );
        assert_eq!(evaluate("post.url", &site.pages[0], item), None);
    }
}
