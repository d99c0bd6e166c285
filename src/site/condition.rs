//! Which parts of a template render on a page: whether a page's data makes the tests of the
//! branches around a byte hold (`parse::template_tags` finds them). Simple tests are
//! evaluated (`type == 'news'`, `not draft`, `image and title`, `page.url == '/'`), with
//! the template language's idea of truth; anything else is unknown, never guessed. Pure.
//! May import `site::model` and `parse`.

use super::model::Page;
use crate::parse::template_tags::{Branch, Test};
use crate::parse::yaml::{Value, YamlNode};

/// The template language a test is written in: they disagree on what is true.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Engine {
    /// JavaScript's truth: `""` and `0` are false.
    Nunjucks,
    /// Only `nil` and `false` are false.
    Liquid,
    /// A Markdown or HTML file, whose engine the config chooses (Liquid by default).
    #[default]
    Unknown,
}

impl Engine {
    /// The engine of the template file `rel`.
    pub fn of(rel: &str) -> Self {
        match rel.rsplit_once('.').map(|(_, ext)| ext) {
            Some("njk") => Engine::Nunjucks,
            Some("liquid") => Engine::Liquid,
            _ => Engine::Unknown,
        }
    }
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
    pub engine: Engine,
}

/// Whether the byte at `at` renders on `page`, as far as the branches around it say.
pub fn renders_at(branches: &[Branch], at: usize, page: &Page, scope: Scope<'_>) -> Truth {
    let mut truth = Truth::Yes;
    for branch in branches.iter().filter(|b| b.span.contains(&at)) {
        for test in &branch.tests {
            let Test::Condition { condition, holds } = test else {
                truth = Truth::Unknown;
                continue;
            };
            match evaluate(condition, page, scope) {
                Some(value) if value != *holds => return Truth::No,
                Some(_) => {}
                None => truth = Truth::Unknown,
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
    let (empty, value) = match operand(text, page, scope)? {
        Operand::Missing => return Some(false),
        Operand::Bool(b) => return Some(b),
        Operand::Text(text) => (text.is_empty(), true),
        Operand::Number(n) => (n == 0.0, true),
        Operand::Node(node) => return Some(node.is_truthy()),
    };
    // `""` and `0` are false in Nunjucks, true in Liquid.
    match (empty, scope.engine) {
        (false, _) | (true, Engine::Liquid) => Some(value),
        (true, Engine::Nunjucks) => Some(false),
        (true, Engine::Unknown) => None,
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
    let mut names = crate::parse::template_tags::data_path(text)?;
    let mut page = page;
    // `post.data.x` of a loop's item is that page's data; `post.url` and the rest are not data.
    if let Some((variable, item)) = scope.binding
        && names.first() == Some(&variable)
    {
        let [_, "data", _, ..] = names.as_slice() else {
            return None;
        };
        page = item;
        names.drain(..2);
    }
    // The page's URL is known; `collections`, loop variables … are not the page's data.
    if names == ["page", "url"] {
        return Some(
            page.output
                .url()
                .map_or(Operand::Missing, |u| Operand::Text(u.to_owned())),
        );
    }
    let [first, rest @ ..] = names.as_slice() else {
        return None;
    };
    let local = scope.locals.iter().any(|l| l == first);
    if local
        || matches!(
            *first,
            "page" | "collections" | "pagination" | "eleventy" | "loop"
        )
    {
        return None;
    }
    let Some((mut node, _)) = page.data.get(first) else {
        // Data that JavaScript may set is unknown, not missing.
        return page.scripts.is_empty().then_some(Operand::Missing);
    };
    for name in rest {
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
        let found = crate::parse::template_tags::scan(TEMPLATE).branches;
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
        // `0` is false in Nunjucks, true in Liquid, unknown where the engine is.
        assert_eq!(eval("n"), None);
        let engine = |engine| Scope {
            engine,
            ..Scope::default()
        };
        assert_eq!(evaluate("n", page, engine(Engine::Nunjucks)), Some(false));
        assert_eq!(evaluate("n", page, engine(Engine::Liquid)), Some(true));
        assert_eq!(eval("absent"), Some(false));
        assert_eq!(eval("meta.lang == \"fr\""), Some(true));
        assert_eq!(eval("meta.lang != 'fr' or title"), Some(true));
        assert_eq!(eval("title and absent"), Some(false));
        assert_eq!(eval("page.url == '/p/'"), Some(true));
        assert_eq!(eval("page.url == '/'"), Some(false));
        let locals = ["entry".to_owned()];
        let scope = Scope {
            locals: &locals,
            ..Scope::default()
        };
        assert_eq!(evaluate("entry.url == page.url", page, scope), None);
        assert_eq!(eval("title | length"), None);
        assert_eq!(eval("absent or page.fileSlug"), None);
        // A loop's item: its data, not the page's.
        let item = Scope {
            binding: Some(("post", page)),
            ..Scope::default()
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
