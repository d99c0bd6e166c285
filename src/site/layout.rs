//! Layout resolution as Eleventy's `TemplateLayoutPathResolver` does it: an
//! `addLayoutAlias` first, then the key under the layouts (or includes) directory, with or
//! without a template extension.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::config::Eleventy;
use crate::config::eleventy::join_dirs;

use super::model::Layout;

/// Extensions Eleventy tries after an extension-less layout key.
pub const EXTENSIONS: [&str; 11] = [
    "njk", "liquid", "md", "html", "11ty.js", "11ty.cjs", "hbs", "mustache", "ejs", "haml", "pug",
];

/// How a layout key resolves: the alias it went through, the first path tried (relative to
/// the root) and the index in `site.layouts` of the file found.
pub struct Resolution {
    pub alias: Option<String>,
    pub path: String,
    pub found: Option<usize>,
}

/// Resolves a layout key among `layouts` (sorted by path).
pub fn resolve(key: &str, eleventy: &Eleventy, layouts: &[Layout]) -> Resolution {
    let alias = eleventy.layout_aliases.get(key).cloned();
    let target = alias.as_deref().unwrap_or(key);
    let path = join_dirs(&layouts_dir(eleventy), target);
    let found = std::iter::once(path.clone())
        .chain(EXTENSIONS.iter().map(|ext| format!("{path}.{ext}")))
        .find_map(|candidate| index_of(layouts, &candidate));
    Resolution { alias, path, found }
}

/// The index of the layout file at `rel` (relative to the root).
pub fn index_of(layouts: &[Layout], rel: &str) -> Option<usize> {
    layouts
        .binary_search_by(|l| l.file.rel.as_str().cmp(rel))
        .ok()
}

/// The directory layouts are looked up in, relative to the root.
pub fn layouts_dir(eleventy: &Eleventy) -> String {
    join_dirs(
        &eleventy.input,
        eleventy.layouts.as_deref().unwrap_or(&eleventy.includes),
    )
}

/// The layout key a `layout` value names, when it names one (`layout: false` does not;
/// a template expression is not evaluated).
pub fn key_of(value: &crate::parse::yaml::YamlNode) -> Option<&str> {
    let key = value.as_str()?;
    (!key.is_empty() && !key.contains("{{") && !key.contains("{%")).then_some(key)
}

/// Layout chains by key, each found once: pages share a handful of layout keys.
#[derive(Debug, Default)]
pub struct Chains(super::memo::Memo<std::sync::Arc<[usize]>>);

impl Chains {
    /// `chain(key, eleventy, layouts)`, found on the key's first request.
    pub fn of(
        &self,
        key: &str,
        eleventy: &Eleventy,
        layouts: &[Layout],
    ) -> std::sync::Arc<[usize]> {
        self.0.get(key, || chain(key, eleventy, layouts).into())
    }
}

/// The chain of layouts a page renders through, starting from `key`: indexes into
/// `layouts`, stopping at a missing layout or a loop.
pub fn chain(key: &str, eleventy: &Eleventy, layouts: &[Layout]) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut next = Some(key.to_owned());
    while let Some(key) = next.take() {
        let Some(i) = resolve(&key, eleventy, layouts).found else {
            break;
        };
        if chain.contains(&i) {
            break;
        }
        chain.push(i);
        next = (layouts.get(i))
            .and_then(|layout| layout.split.data())
            .and_then(|data| data.get("layout"))
            .and_then(key_of)
            .map(str::to_owned);
    }
    chain
}

/// A heading a layout renders before the page's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutHeading {
    /// Index in `site.layouts`.
    pub layout: usize,
    /// The `<hN` bytes in the layout file.
    pub span: Range<usize>,
    pub level: u8,
}

/// The last heading the layouts of `chain` (innermost first) render before the page's
/// `{{ content }}`: the page's own headings continue from its level. `None` when no layout
/// renders one, or a layout does not show where the content goes.
pub fn heading_before_content(chain: &[usize], layouts: &[Layout]) -> Option<LayoutHeading> {
    #[allow(
        clippy::expect_used,
        reason = "a pattern literal: whether it compiles does not depend on the input"
    )]
    static CONTENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{\{-?\s*content\b").expect("valid regex"));
    #[allow(
        clippy::expect_used,
        reason = "a pattern literal: whether it compiles does not depend on the input"
    )]
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<h([1-6])[\s>]").expect("valid regex"));
    for &index in chain {
        let layout = layouts.get(index)?;
        let body = layout.split.body.clone();
        let text = layout.file.text.get(body.clone())?;
        let before = text.get(..CONTENT.find(text)?.start())?;
        if let Some(found) = HEADING.captures_iter(before).last() {
            let whole = found.get(0)?;
            return Some(LayoutHeading {
                layout: index,
                span: body.start + whole.start()..body.start + whole.end() - 1,
                level: found[1].parse().ok()?,
            });
        }
    }
    None
}

/// Where the layouts and includes a page renders through (`files`, indexes into
/// `layouts`: `site.renders`) ask eleventy-navigation for the page's breadcrumb without
/// `allowMissing`: the layout index and the call's bytes. Such a call throws "Node does not
/// exist" when the page's key is not in the menu tree.
pub fn strict_breadcrumb_call(
    files: impl IntoIterator<Item = usize>,
    layouts: &[Layout],
) -> Option<(usize, Range<usize>)> {
    const FILTER: &str = "eleventyNavigationBreadcrumb";
    files.into_iter().find_map(|i| {
        let text = &layouts.get(i)?.file.text;
        text.match_indices(FILTER).find_map(|(at, _)| {
            // The rest of the tag: `| eleventyNavigationBreadcrumb(key, { allowMissing: true }) }}`.
            let call = text.get(at..)?.split(['}', '%']).next()?;
            (!call.contains("allowMissing")).then(|| (i, at..at + FILTER.len()))
        })
    })
}
