//! The calls of eleventy-navigation's filters written in a template (Nunjucks, Liquid, or a
//! JavaScript template's `this.eleventyNavigation(…)`): which collection they read, through
//! which filters, and which key they ask for. Text only: what a call renders is decided per
//! page in `menus`.
//!
//! May import nothing of vigie's.

use std::ops::Range;

/// What a call renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// `eleventyNavigation`: a menu (its tree).
    Menu,
    /// `eleventyNavigationBreadcrumb`: the ancestors of a key in the tree.
    Breadcrumb,
}

/// The collection a call reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Collection {
    /// `collections.all`.
    All,
    /// `collections.posts`, `collections["posts"]`: the pages tagged so.
    Tag(String),
    /// Anything else (a variable, `collections[tag]`): as written.
    Unknown(String),
}

/// The key a call asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyArg {
    /// No key: the root entries.
    None,
    /// `"Guides"`.
    Literal(String),
    /// A data path evaluated on the page that renders the call: `eleventyNavigation.parent`.
    Data(Vec<String>),
    /// An expression vigie does not evaluate, as written.
    Unknown(String),
}

/// One call of a navigation filter in a template's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCall {
    pub kind: CallKind,
    /// The bytes of the filter's name.
    pub span: Range<usize>,
    pub collection: Collection,
    /// The filters the collection goes through before the plugin, in order.
    pub filters: Vec<String>,
    pub key: KeyArg,
}

const MENU: &str = "eleventyNavigation";
const BREADCRUMB: &str = "eleventyNavigationBreadcrumb";

/// Every call of `eleventyNavigation` or `eleventyNavigationBreadcrumb` in `text`, outside
/// `{% raw %}` blocks. `eleventyNavigationToHtml` / `ToMarkdown` only render a menu another
/// call built, so the call that builds it is the one that counts.
pub fn find(text: &str) -> Vec<RawCall> {
    // Found only once a call is: most texts have none.
    let mut raw: Option<Vec<Range<usize>>> = None;
    let mut calls = Vec::new();
    for at in memchr::memmem::find_iter(text.as_bytes(), MENU) {
        let Some((before, from)) = text.split_at_checked(at) else {
            continue;
        };
        if before.chars().next_back().is_some_and(is_identifier_char) {
            continue;
        }
        let name = identifier(from);
        let kind = match name {
            MENU => CallKind::Menu,
            BREADCRUMB => CallKind::Breadcrumb,
            _ => continue,
        };
        let span = at..at + name.len();
        let call = if before.trim_end().ends_with('|') {
            piped(text, span.clone(), kind)
        } else if before.ends_with("this.") {
            javascript(text, span.clone(), kind)
        } else {
            // Data (`eleventyNavigation.key`, `{% if eleventyNavigation %}`), not a call.
            None
        };
        let Some(call) = call else {
            continue;
        };
        if raw
            .get_or_insert_with(|| raw_blocks(text))
            .iter()
            .any(|r| r.contains(&at))
        {
            continue;
        }
        calls.push(call);
    }
    calls
}

/// `collections.all | f | eleventyNavigation(key)` (Nunjucks) or
/// `collections.all | f | eleventyNavigation: key` (Liquid), inside `{{ }}` or `{% %}`.
fn piped(text: &str, span: Range<usize>, kind: CallKind) -> Option<RawCall> {
    let before = text.get(..span.start)?;
    let open = before.rfind("{{").max(before.rfind("{%"))?;
    let tag_start = open + 2;
    let inside = text.get(tag_start..span.start)?.trim_start_matches('-');
    // The expression: after `set x =`, `assign x =`, `for x in`, else the whole output tag.
    let expression = if let Some((_, rest)) = split_keyword(inside, " in ") {
        rest
    } else if let Some(value) = find_assign(inside).and_then(|eq| inside.get(eq + 1..)) {
        value
    } else {
        inside
    };
    let mut parts = split_top(expression, '|');
    parts.pop(); // what precedes the navigation filter's name: empty
    let [collection, filters @ ..] = parts.as_slice() else {
        return None;
    };
    let collection = collection_of(collection.trim());
    let filters = filters
        .iter()
        .map(|f| identifier(f.trim()).to_owned())
        .collect();
    let rest = text.get(span.end..)?;
    let args = rest
        .split(['}', '%', '|'])
        .next()
        .unwrap_or_default()
        .trim();
    let args = if let Some(inner) = args.strip_prefix('(') {
        inner.rsplit_once(')').map_or(inner, |(inner, _)| inner)
    } else {
        args.strip_prefix(':').unwrap_or_default()
    };
    let first = split_top(args, ',').into_iter().next().unwrap_or("");
    Some(RawCall {
        kind,
        span,
        collection,
        filters,
        key: key_of(first.trim()),
    })
}

/// `this.eleventyNavigation(data.collections.all, "key")` in a JavaScript template.
fn javascript(text: &str, span: Range<usize>, kind: CallKind) -> Option<RawCall> {
    let rest = text.get(span.end..)?.trim_start().strip_prefix('(')?;
    let close = matching_paren(rest)?;
    let args = split_top(rest.get(..close)?, ',');
    let collection = args.first().map(|a| a.trim()).unwrap_or("");
    let collection = collection
        .strip_prefix("data.")
        .or_else(|| collection.strip_prefix("this.ctx."))
        .unwrap_or(collection);
    Some(RawCall {
        kind,
        span,
        collection: collection_of(collection),
        filters: Vec::new(),
        key: key_of(
            args.get(1)
                .map_or("", |a| a.trim())
                .trim_start_matches("data."),
        ),
    })
}

fn collection_of(expression: &str) -> Collection {
    let Some(rest) = expression.strip_prefix("collections") else {
        return Collection::Unknown(expression.to_owned());
    };
    let name = if let Some(name) = rest.strip_prefix('.') {
        name.chars().all(is_identifier_char).then_some(name)
    } else {
        rest.strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .and_then(string_literal)
    };
    match name {
        Some("all") => Collection::All,
        Some(name) if !name.is_empty() => Collection::Tag(name.to_owned()),
        _ => Collection::Unknown(expression.to_owned()),
    }
}

fn key_of(argument: &str) -> KeyArg {
    if argument.is_empty() {
        return KeyArg::None;
    }
    if let Some(text) = string_literal(argument) {
        return KeyArg::Literal(text.to_owned());
    }
    let path: Vec<&str> = argument.split('.').collect();
    if path
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(is_identifier_char))
    {
        return KeyArg::Data(path.into_iter().map(str::to_owned).collect());
    }
    KeyArg::Unknown(argument.to_owned())
}

/// `"x"` or `'x'` without escapes.
fn string_literal(text: &str) -> Option<&str> {
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote) && !inner.contains('\\')).then_some(inner)
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The identifier `text` starts with (empty when it starts with something else).
fn identifier(text: &str) -> &str {
    text.split(|c| !is_identifier_char(c))
        .next()
        .unwrap_or_default()
}

/// `text` split at `separator` outside quotes, parentheses and brackets.
fn split_top(text: &str, separator: char) -> Vec<&str> {
    let (mut depth, mut quote) = (0i32, None);
    text.split(|c: char| {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, c) => return c == separator && depth == 0,
        }
        false
    })
    .collect()
}

/// The first `=` that assigns (not `==`, `!=`, `<=`, `>=`).
fn find_assign(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.match_indices('=').map(|(i, _)| i).find(|&i| {
        let before = i.checked_sub(1).and_then(|b| bytes.get(b));
        bytes.get(i + 1) != Some(&b'=') && !matches!(before, Some(b'=' | b'!' | b'<' | b'>'))
    })
}

/// `for x in EXPR`: the part after the keyword, when the tag starts with `for`.
fn split_keyword<'a>(inside: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let trimmed = inside.trim_start();
    if !trimmed.starts_with("for ") {
        return None;
    }
    trimmed.split_once(keyword)
}

/// The index of the `)` closing an opened `(` at the start of `text` (already consumed).
fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') if depth == 0 => return Some(i),
            (None, ')') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The byte ranges of `{% raw %}…{% endraw %}` blocks (Nunjucks and Liquid).
fn raw_blocks(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(open) = find_tag(text, from, "raw") {
        let end = find_tag(text, open, "endraw").unwrap_or(text.len());
        blocks.push(open..end);
        from = end.max(open + 1);
    }
    blocks
}

/// The start of the next `{% name %}` (with `-` trims) at or after `from`.
fn find_tag(text: &str, from: usize, name: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    rest.match_indices("{%").find_map(|(found, open)| {
        let inner = rest.get(found + open.len()..)?;
        let after_name = inner
            .trim_start_matches('-')
            .trim_start()
            .strip_prefix(name)?;
        let closes = after_name
            .trim_start()
            .trim_start_matches('-')
            .starts_with("%}");
        closes.then_some(from + found)
    })
}

/// The 1-based line of byte `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.bytes().take(at).filter(|b| *b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> RawCall {
        let calls = find(text);
        assert_eq!(calls.len(), 1, "{calls:?}");
        calls.into_iter().next().unwrap()
    }

    #[test]
    fn nunjucks_menu_through_a_filter() {
        let call =
            one("{% set links = collections.all | filterCollectionLang | eleventyNavigation %}");
        assert_eq!(call.kind, CallKind::Menu);
        assert_eq!(call.collection, Collection::All);
        assert_eq!(call.filters, ["filterCollectionLang"]);
        assert_eq!(call.key, KeyArg::None);
    }

    #[test]
    fn liquid_side_menu_by_parent_key() {
        let call = one(
            "{% assign menu = collections.all | eleventyNavigation: eleventyNavigation.parent %}",
        );
        assert_eq!(
            call.key,
            KeyArg::Data(vec!["eleventyNavigation".into(), "parent".into()])
        );
        assert!(call.filters.is_empty());
    }

    #[test]
    fn literal_keys_tags_and_breadcrumbs() {
        let call = one(
            "{{ collections['docs'] | eleventyNavigation(\"Guides\") | eleventyNavigationToHtml | safe }}",
        );
        assert_eq!(call.collection, Collection::Tag("docs".into()));
        assert_eq!(call.key, KeyArg::Literal("Guides".into()));
        let call = one(
            "{% set s = collections.all | eleventyNavigationBreadcrumb(eleventyNavigation.key, { allowMissing: true }) %}",
        );
        assert_eq!(call.kind, CallKind::Breadcrumb);
        assert_eq!(
            call.key,
            KeyArg::Data(vec!["eleventyNavigation".into(), "key".into()])
        );
    }

    #[test]
    fn javascript_templates_and_unknown_collections() {
        let call = one("return this.eleventyNavigation(data.collections.all, \"Docs\");");
        assert_eq!(call.collection, Collection::All);
        assert_eq!(call.key, KeyArg::Literal("Docs".into()));
        let call = one("{% for l in pagination.items | eleventyNavigation %}{% endfor %}");
        assert_eq!(
            call.collection,
            Collection::Unknown("pagination.items".into())
        );
    }

    #[test]
    fn data_and_raw_blocks_are_not_calls() {
        assert!(
            find("{% if eleventyNavigation %}{{ eleventyNavigation.key }}{% endif %}").is_empty()
        );
        assert!(find("{% raw %}{{ collections.all | eleventyNavigation }}{% endraw %}").is_empty());
        assert!(find("eleventyNavigation:\n  key: A\n").is_empty());
    }
}
