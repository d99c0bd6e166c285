use std::ops::Range;

use crate::parse::yaml::YamlNode;
use crate::rules::{Check, SiteContext, closest, declare_rule};
use crate::site::nav::{Entry, Navigation};
use crate::site::{Site, layout};

use super::{file_of, page_file, written};

declare_rule! {
    /// ## What it does
    /// Reports an `eleventyNavigation` `parent` that names no existing `key`, when no menu
    /// the templates render shows the entry.
    /// A template may ask for the children of a key that no page defines
    /// (`collections.all | eleventyNavigation: eleventyNavigation.parent`): eleventy-navigation
    /// renders them all the same, so such entries are fine. When vigie finds no call of the
    /// plugin in the templates, the menu is the tree of `collections.all`; when it cannot
    /// evaluate a call, it reports nothing.
    ///
    /// ## Why is this bad?
    /// eleventy-navigation silently drops the entry, and everything below it, from the
    /// menu. It compares `parent` and `key` with `===`: case, spaces and type count, so
    /// `parent: 2024` (a number for YAML) never matches `key: "2024"` (a string). A page
    /// excluded from collections (`eleventyExcludeFromCollections`) is not there either.
    /// When a layout of the page calls `eleventyNavigationBreadcrumb` without
    /// `allowMissing: true`, the build stops with "Node does not exist".
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Ateliers
    ///   parent: Bluehats
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Ateliers
    ///   parent: BlueHats
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    pub struct MissingParent {
        code: "nav/missing-parent",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

/// A key with the same text but another YAML type (`2024` and `"2024"`), with its entry.
fn same_text_other_type<'a>(
    site: &Site,
    nav: &'a Navigation,
    entry: &Entry,
    parent: &YamlNode,
) -> Option<&'a Entry> {
    let field = entry.parent.as_ref()?;
    let written_parent = written(site, entry, field, parent.span.clone())?.trim();
    let unquoted = |s: &str| s.trim_matches(|c| c == '"' || c == '\'').to_owned();
    nav.entries.iter().find(|other| {
        let Some((key_field, key)) = other.key.as_ref().zip(other.key_node()) else {
            return false;
        };
        let same_text = written(site, other, key_field, key.span.clone())
            .is_some_and(|k| unquoted(k.trim()) == unquoted(written_parent));
        same_text && std::mem::discriminant(&key.value) != std::mem::discriminant(&parent.value)
    })
}

/// What to tell the author, and the place that shows it.
struct Hint {
    text: String,
    related: Option<(String, Range<usize>, &'static str)>,
}

impl Hint {
    fn text(text: String) -> Self {
        Self {
            text,
            related: None,
        }
    }

    fn at(text: String, file: &str, span: Range<usize>, label: &'static str) -> Self {
        Self {
            text,
            related: Some((file.to_owned(), span, label)),
        }
    }
}

/// What the author most likely meant, and what to write.
fn hint(site: &Site, nav: &Navigation, entry: &Entry, parent: &YamlNode) -> Hint {
    let name = parent.display();
    if let Some(other) = same_text_other_type(site, nav, entry, parent)
        && let Some(key) = &other.key
    {
        let fix = if parent.as_str().is_none() {
            format!("quote the parent: `parent: \"{name}\"`")
        } else {
            format!("quote the key: `key: \"{name}\"`")
        };
        let text = format!(
            "YAML reads `parent: {name}` as {} and the key of {} as {}; eleventy-navigation \
             compares them with `===`, so they never match: {fix}",
            parent.kind(),
            page_file(site, other),
            key.value.kind(),
        );
        return Hint::at(
            text,
            file_of(site, other, key),
            key.value.span.clone(),
            "the same key, of another type",
        );
    }
    if let Some(excluded) = nav.excluded.iter().find(|x| {
        x.entry
            .key_node()
            .is_some_and(|key| nav.parent_matches(parent, key))
    }) && let Some(page) = site.pages.get(excluded.entry.page)
    {
        let text = format!(
            "`{name}` is the key of {}, which sets `eleventyExcludeFromCollections`: the plugin \
             only sees pages in collections, so this entry has no parent",
            page_file(site, &excluded.entry)
        );
        return Hint::at(
            text,
            site.origin_file(page, excluded.reason.origin),
            excluded.reason.name.clone(),
            "excluded from collections here",
        );
    }
    if nav.version == 1 && name.contains(',') {
        return Hint::text(format!(
            "eleventy-navigation 1.x reads a key with commas as several keys, so a parent never \
             matches `{name}` as a whole: name one of them"
        ));
    }
    let keys: Vec<(String, &Entry)> = nav
        .entries
        .iter()
        .filter_map(|e| e.key_node().map(|k| (k.display(), e)))
        .collect();
    if let Some(suggestion) = closest(&name, keys.iter().map(|(k, _)| k.as_str()))
        && let Some((_, other)) = keys.iter().find(|(k, _)| k == suggestion)
        && let Some(key) = &other.key
    {
        let text = format!(
            "did you mean `{suggestion}` (the key of {})? keys are compared exactly, case and \
             spaces included",
            page_file(site, other)
        );
        return Hint::at(
            text,
            file_of(site, other, key),
            key.value.span.clone(),
            "the closest key",
        );
    }
    let roots: Vec<String> = nav
        .roots
        .iter()
        .filter_map(|item| {
            nav.entries
                .get(item.entry)?
                .key_node()
                .map(YamlNode::display)
        })
        .collect();
    let mut text = format!("no page has `key: {name}`: add that page, or name an existing key");
    if !roots.is_empty() && roots.len() <= 10 {
        text.push_str(&format!(" (top-level keys: {})", roots.join(", ")));
    }
    Hint::text(text)
}

impl Check for MissingParent {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        // A page vigie cannot read may hold the key: then no parent is surely missing.
        if !nav.opaque.is_empty()
            || nav
                .entries
                .iter()
                .any(|e| e.key.as_ref().is_some_and(|k| !k.is_known()))
        {
            return;
        }
        // A menu vigie cannot evaluate may show any entry.
        if nav.from_templates() && nav.unsure_menu().is_some() {
            return;
        }
        for (index, entry) in nav.entries.iter().enumerate() {
            if !entry.is_known() {
                continue;
            }
            let (Some(field), Some(parent)) = (&entry.parent, entry.parent_node()) else {
                continue;
            };
            if !nav.parents_of(parent).is_empty() {
                continue;
            }
            // A template that asks for the children of `parent` shows it anyway.
            if nav.from_templates() && nav.is_rendered(index) {
                continue;
            }
            let hint = hint(site, nav, entry, parent);
            // A layout that asks for this page's breadcrumb makes the build fail.
            let files = site
                .renders
                .files_of_page
                .get(entry.page)
                .map_or(&[][..], Vec::as_slice);
            let breadcrumb =
                layout::strict_breadcrumb_call(files.iter().map(|f| f.layout), &site.layouts);
            let consequence = match breadcrumb {
                Some(_) => {
                    "Eleventy stops the build when the layout asks for this page's breadcrumb"
                }
                None => "this entry and its children vanish from the menu",
            };
            let mut diagnostic = cx
                .report(
                    file_of(site, entry, field),
                    parent.span.clone(),
                    format!(
                        "parent `{}` matches no key: {consequence}",
                        parent.display()
                    ),
                )
                .with_label("no entry has this key")
                .with_help(hint.text);
            if let Some((i, span)) = breadcrumb
                && let Some(layout) = site.layouts.get(i)
            {
                diagnostic = diagnostic.with_related(
                    &layout.file.rel,
                    span,
                    "throws \"Node does not exist\" for an entry outside the menu (no `allowMissing: true`)",
                );
            }
            if let Some((file, span, label)) = hint.related {
                diagnostic = diagnostic.with_related(file, span, label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    const BLUEHATS: &str = "---\neleventyNavigation:\n  key: BlueHats\n---\n";

    #[test]
    fn cases() {
        RuleTest::new(super::MissingParent)
            .pass_site(&[
                ("bluehats.md", BLUEHATS),
                (
                    "ateliers.md",
                    "---\neleventyNavigation:\n  key: Ateliers\n  parent: BlueHats\n---\n",
                ),
            ])
            .pass_site(&[
                ("y.md", "---\neleventyNavigation:\n  key: 2024\n---\n"),
                (
                    "p.md",
                    "---\neleventyNavigation:\n  key: Bilan\n  parent: 2024\n---\n",
                ),
            ])
            .fail_site(&[
                ("_includes/base.njk", "{% include \"crumbs.njk\" %}{{ content }}"),
                ("_includes/crumbs.njk", "{% set crumbs = collections.all | eleventyNavigationBreadcrumb(eleventyNavigation.key) %}"),
                ("bluehats.md", BLUEHATS),
                ("ateliers.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Ateliers\n  parent: Bluehats\n---\n"),
            ])
            // A side menu asks for the children of `Guide`, which no page defines.
            .pass_site(&[
                ("_includes/side.liquid", "{% assign menu = collections.all | eleventyNavigation: eleventyNavigation.parent %}{{ content }}"),
                ("a.md", "---\nlayout: side.liquid\neleventyNavigation:\n  key: Installer\n  parent: Guide\n---\n"),
            ])
            // A menu whose collection vigie cannot follow may show the entry.
            .pass_site(&[
                ("_includes/base.njk", "{% set m = collections.all | myFilter | eleventyNavigation %}{{ content }}"),
                ("a.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Installer\n  parent: Guide\n---\n"),
            ])
            // Only the root menu is rendered: the entry below a missing key vanishes.
            .fail_site(&[
                ("_includes/base.njk", "{% set m = collections.all | eleventyNavigation %}{{ content }}"),
                ("a.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Installer\n  parent: Guide\n---\n"),
            ])
            // A page vigie cannot evaluate may define the key.
            .pass_site(&[
                ("bluehats.njk", "---js\n{ eleventyNavigation: { key: 'BlueHats' } }\n---\n"),
                (
                    "ateliers.md",
                    "---\neleventyNavigation:\n  key: Ateliers\n  parent: BlueHats\n---\n",
                ),
            ])
            .fail_site(&[
                ("bluehats.md", BLUEHATS),
                (
                    "ateliers.md",
                    "---\neleventyNavigation:\n  key: Ateliers\n  parent: Bluehats\n---\n",
                ),
            ])
            .fail_site(&[
                ("annees/2024.md", "---\neleventyNavigation:\n  key: \"2024\"\n---\n"),
                (
                    "bilan.md",
                    "---\neleventyNavigation:\n  key: Bilan\n  parent: 2024\n---\n",
                ),
            ])
            .fail_site(&[
                (
                    "archives.md",
                    "---\neleventyExcludeFromCollections: true\neleventyNavigation:\n  key: Archives\n---\n",
                ),
                (
                    "2019.md",
                    "---\neleventyNavigation:\n  key: \"2019\"\n  parent: Archives\n---\n",
                ),
            ])
            .fail_site(&[
                ("a.md", "---\neleventyNavigation:\n  key: Accueil\n---\n"),
                (
                    "b.md",
                    "---\neleventyNavigation:\n  key: Contact\n  parent: Rencontres\n---\n",
                ),
            ])
            .run();
    }
}
