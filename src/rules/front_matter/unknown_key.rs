use std::collections::HashMap;

use crate::parse::yaml::{Value, YamlNode};
use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::LayerSource;

declare_rule! {
    /// ## What it does
    /// Reports a front matter key that looks like a misspelt Eleventy key (`tag` for
    /// `tags`, `Layout` for `layout`, `eleventyNavigaton`, `parnet` inside
    /// `eleventyNavigation`) and that no layout or template of the site reads.
    ///
    /// ## Why is this bad?
    /// Eleventy ignores keys it does not know: the page silently loses its layout, its
    /// tags, its place in the menu.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// tag: bluehats
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// tags: bluehats
    /// ---
    /// ```
    ///
    /// ## Options
    /// `[front-matter] known-keys = ["…"]` in vigie.toml lists keys the site uses on purpose.
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/data-configuration/
    pub struct UnknownKey {
        code: "front-matter/unknown-key",
        severity: Warning,
        scope: Site,
        url: "https://www.11ty.dev/docs/data-frontmatter/",
        fix: Always,
    }
}

/// Keys Eleventy and its common plugins give a meaning to.
const ELEVENTY_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "layout",
    "permalink",
    "tags",
    "eleventyNavigation",
    "eleventyExcludeFromCollections",
    "eleventyComputed",
    "eleventyImport",
    "pagination",
    "templateEngineOverride",
    "dynamicPermalink",
    "permalinkBypassOutputDir",
    "renderData",
    "eleventyDataSchema",
    "draft",
    "lang",
];

/// Keys eleventy-navigation reads.
const NAVIGATION_KEYS: &[&str] = &[
    "key", "parent", "order", "title", "url", "excerpt", "pinned",
];

/// Whether `text` names `key` as a whole identifier (`{{ tag }}`, `page.data.tag`).
fn mentions(text: &str, key: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    text.match_indices(key).any(|(at, _)| {
        let before = text.get(..at).and_then(|b| b.chars().next_back());
        let after = text.get(at + key.len()..).and_then(|a| a.chars().next());
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// The known key `key` is probably a misspelling of.
fn misspelt<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    if known.contains(&key) {
        return None;
    }
    let lower = key.to_lowercase();
    known.iter().copied().find(|k| {
        let limit = if k.len() <= 6 { 1 } else { 2 };
        k.to_lowercase() == lower || strsim::damerau_levenshtein(&lower, &k.to_lowercase()) <= limit
    })
}

fn report_unknown(
    cx: &mut SiteContext<'_>,
    file: &str,
    key: &YamlNode,
    name: &str,
    meant: &str,
    within: &str,
) {
    cx.report(
        file,
        key.span.clone(),
        format!("unknown key `{name}`{within}; did you mean `{meant}`?"),
    )
    .with_label(format!("Eleventy ignores `{name}`"))
    .with_help(format!(
        "rename it `{meant}`, or list `{name}` in `[front-matter] known-keys` of vigie.toml"
    ))
    .with_fix(key.span.clone(), meant);
}

fn keys(map: &YamlNode) -> impl Iterator<Item = (&YamlNode, &YamlNode, String)> {
    let entries = match &map.value {
        Value::Map(entries) => entries.as_slice(),
        _ => &[],
    };
    entries
        .iter()
        .filter_map(|(k, v)| k.as_key().map(|name| (k, v, name)))
}

impl Check for UnknownKey {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        // A key that a layout or a template reads is the site's own, whatever it looks like.
        let mut read_by_templates: HashMap<String, bool> = HashMap::new();
        let mut deliberate = |name: &str| {
            if site.settings.known_keys.iter().any(|k| k == name) {
                return true;
            }
            *read_by_templates.entry(name.to_owned()).or_insert_with(|| {
                let layouts = site.layouts.iter().map(|l| &*l.file.text);
                // Markdown prose says "tag" or "data" without reading any key.
                let templates = site.pages.iter().filter(|p| p.extension() != "md");
                let pages =
                    templates.map(|p| p.file.text.get(p.split.body.clone()).unwrap_or_default());
                layouts.chain(pages).any(|text| mentions(text, name))
            })
        };
        for page in &site.pages {
            let Some(layer) = page
                .data
                .layers
                .iter()
                .find(|l| l.origin == LayerSource::FrontMatter)
            else {
                continue;
            };
            for (key, value, name) in keys(&layer.data) {
                let typo = misspelt(&name, ELEVENTY_KEYS);
                if let Some(meant) = typo.filter(|_| !deliberate(&name)) {
                    report_unknown(cx, &page.file.rel, key, &name, meant, "");
                }
                if name != "eleventyNavigation" {
                    continue;
                }
                for (key, _, name) in keys(value) {
                    if let Some(meant) = misspelt(&name, NAVIGATION_KEYS) {
                        let within = " in `eleventyNavigation`";
                        report_unknown(cx, &page.file.rel, key, &name, meant, within);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ELEVENTY_KEYS, misspelt};
    use crate::testing::RuleTest;

    #[test]
    fn misspellings_but_not_other_words() {
        assert_eq!(misspelt("tag", ELEVENTY_KEYS), Some("tags"));
        assert_eq!(misspelt("Layout", ELEVENTY_KEYS), Some("layout"));
        assert_eq!(
            misspelt("eleventyNavigaton", ELEVENTY_KEYS),
            Some("eleventyNavigation")
        );
        assert_eq!(misspelt("image", ELEVENTY_KEYS), None);
        assert_eq!(misspelt("author", ELEVENTY_KEYS), None);
        assert_eq!(misspelt("tags", ELEVENTY_KEYS), None);
    }

    #[test]
    fn cases() {
        RuleTest::new(super::UnknownKey)
            .pass("---\ntitle: A\ntags: x\nimage: /a.png\n---\n")
            .pass_site(&[
                ("_includes/post.njk", "<p>{{ data }}</p>"),
                ("a.md", "---\nlayout: post.njk\ndata: 1\n---\n"),
            ])
            .fail_site(&[
                ("a.md", "---\ntag: x\n---\n"),
                ("b.md", "---\ntag: x\n---\n"),
                ("c.md", "---\ntag: x\n---\n"),
                ("d.md", "---\ntag: x\n---\nA tag, in prose, reads no key\n"),
                ("e.njk", "---\ntag: x\n---\n{{ tags }}\n"),
            ])
            .fail("---\ntitle: A\ntag: bluehats\n---\n")
            .fail("---\neleventyNavigation:\n  key: A\n  parnet: B\n---\n")
            .run();
    }
}
