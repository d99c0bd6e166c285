use crate::diagnostic::Severity;
use crate::parse::yaml::YamlNode;
use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::nav::{CallKind, Entry, Menu, Navigation};

use super::{file_of, page_file};

declare_rule! {
    /// ## What it does
    /// Reports a navigation `key` that two pages use, judged against the menus the site's
    /// templates render (each call of `eleventyNavigation` and
    /// `eleventyNavigationBreadcrumb`, for each page that renders it):
    /// - an error when the duplicate changes what renders: both entries are in one menu and
    ///   the children of that key are attached under each, or a breadcrumb that passes
    ///   through that key has two ways up;
    /// - a warning when both are in one menu with nothing below them (two entries answer to
    ///   one key: confusing, not broken);
    /// - nothing when the two never meet in a menu: side menus of different sections, menus
    ///   filtered by language.
    ///
    /// When vigie finds no call in the templates, the menu is the tree of
    /// `collections.all`, and pages of different languages (their `lang`, or a first folder
    /// such as `fr/`) may share a key: multilingual sites filter the menu by language first.
    ///
    /// ## Why is this bad?
    /// The key identifies a menu entry. eleventy-navigation does not check that it is
    /// unique: both pages appear, every child of that key is listed under each of them, the
    /// active entry is highlighted twice, and breadcrumbs use whichever page comes first.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// # ateliers/index.md
    /// eleventyNavigation:
    ///   key: BlueHats
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
    pub struct DuplicateKey {
        code: "nav/duplicate-key",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

/// Whether two keys name the same entry: `===` in 0.3, a shared comma part in 1.x.
fn same_key(nav: &Navigation, a: &YamlNode, b: &YamlNode) -> bool {
    nav.parent_matches(a, b) || (a.as_str().is_some() && nav.parent_matches(b, a))
}

/// What two entries with one key do to the menus the templates render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Effect {
    /// They never meet in a menu.
    None,
    /// They meet, with nothing nested below.
    Confusing,
    /// The children of the key are attached under each.
    Children,
    /// A breadcrumb through the key goes up two ways.
    Breadcrumb,
}

/// The index of an entry in `nav.entries`.
fn index_of(nav: &Navigation, entry: &Entry) -> usize {
    nav.entries
        .iter()
        .position(|e| std::ptr::eq(e, entry))
        .unwrap_or(usize::MAX)
}

/// What entries `a` and `b` (same key) do to `menu`, and the worst effect.
fn effect(nav: &Navigation, menu: &Menu, a: usize, b: usize, key: &YamlNode) -> Effect {
    let (places_a, places_b) = (nav.places(&menu.roots, a), nav.places(&menu.roots, b));
    if places_a.is_empty() || places_b.is_empty() {
        return Effect::None;
    }
    match menu.kind {
        CallKind::Menu => {
            let nested = places_a
                .iter()
                .chain(&places_b)
                .any(|(_, item)| !item.children.is_empty());
            if nested {
                Effect::Children
            } else {
                Effect::Confusing
            }
        }
        CallKind::Breadcrumb => {
            // dependency-graph keeps one node per key but every parent edge: two ways up.
            let parent_key = |above: &Vec<usize>| {
                above
                    .last()
                    .and_then(|&p| nav.entries.get(p))
                    .and_then(Entry::key_node)
                    .map(YamlNode::display)
            };
            let parents: Vec<_> = places_a
                .iter()
                .chain(&places_b)
                .map(|(above, _)| parent_key(above))
                .collect();
            if parents.iter().all(|p| Some(p) == parents.first()) {
                return Effect::Confusing;
            }
            // A page whose breadcrumb goes through the key: its own, or one below it.
            let through = menu.active.iter().any(|(_, active)| {
                nav.named_like(active)
                    .into_iter()
                    .filter(|&i| {
                        nav.entries
                            .get(i)
                            .and_then(Entry::key_node)
                            .is_some_and(|k| same_key(nav, k, active))
                    })
                    .any(|i| {
                        same_key(nav, active, key)
                            || nav
                                .places(&menu.roots, i)
                                .iter()
                                .any(|(above, _)| above.contains(&a) || above.contains(&b))
                    })
            });
            if through {
                Effect::Breadcrumb
            } else {
                Effect::Confusing
            }
        }
    }
}

impl Check for DuplicateKey {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        // "First" is by file path, which does not move when dates change.
        let mut by_path: Vec<&Entry> = nav
            .entries
            .iter()
            .filter(|e| e.is_known() && e.key_node().is_some())
            .collect();
        by_path.sort_by_key(|e| e.page);
        for entry in &by_path {
            let (Some(key_field), Some(key)) = (&entry.key, entry.key_node()) else {
                continue;
            };
            // Candidates share a name with the key; "first" is the earliest by path.
            let first = nav
                .named_like(key)
                .into_iter()
                .filter_map(|j| nav.entries.get(j))
                .filter(|other| {
                    other.is_known()
                        && other.page < entry.page
                        && (nav.from_templates() || other.lang == entry.lang)
                })
                .filter(|other| {
                    other
                        .key_node()
                        .is_some_and(|k| same_key(nav, k, key) || same_key(nav, key, k))
                })
                .min_by_key(|other| other.page);
            let Some(first) = first else {
                continue;
            };
            let Some(first_key) = &first.key else {
                continue;
            };
            let file = file_of(site, entry, key_field);
            let first_file = file_of(site, first, first_key);
            let name = key.display();
            // A folder data file that sets `key` gives it to each of its pages.
            if file == first_file && key_field.value.span == first_key.value.span {
                cx.report(
                    file,
                    key_field.value.span.clone(),
                    format!("navigation key `{name}` is given to several pages at once"),
                )
                .with_label("every page this data applies to gets this key")
                .with_help(
                    "a key set in a data file applies to every page of its folder, and \
                             each of them becomes a menu entry with that key; set `key` in each \
                             page's front matter instead (the data file can keep `parent`)",
                );
                continue;
            }
            let effect = if nav.from_templates() {
                let (a, b) = (index_of(nav, first), index_of(nav, entry));
                nav.menus
                    .iter()
                    .map(|menu| effect(nav, menu, a, b, key))
                    .max()
                    .unwrap_or(Effect::None)
            } else {
                Effect::Children
            };
            let help = match effect {
                Effect::None => continue,
                Effect::Children => format!(
                    "keys identify menu entries: both pages appear in the menu, the children of \
                     `{name}` are listed under each, and breadcrumbs follow only one of them; \
                     give each page its own key"
                ),
                Effect::Breadcrumb => format!(
                    "both pages are in the tree a breadcrumb reads: it keeps one entry per key \
                     but both parents, so the breadcrumb through `{name}` goes up two ways; \
                     give each page its own key"
                ),
                Effect::Confusing => format!(
                    "both pages appear in one menu under the same key; nothing is nested below \
                     `{name}`, so the menu renders as written, but the key no longer names one \
                     entry: give each page its own key"
                ),
            };
            let mut diagnostic = cx
                .report(
                    file,
                    key_field.value.span.clone(),
                    format!(
                        "navigation key `{name}` is already the key of {}",
                        page_file(site, first)
                    ),
                )
                .with_label("used again here")
                .with_help(help)
                .with_related(first_file, first_key.value.span.clone(), "first used here");
            if effect == Effect::Confusing {
                diagnostic.severity = Severity::Warning;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    const BLUEHATS: &str = "---\neleventyNavigation:\n  key: BlueHats\n  order: 25\n---\n";

    #[test]
    fn cases() {
        RuleTest::new(super::DuplicateKey)
            .pass_site(&[
                ("bluehats/index.md", BLUEHATS),
                (
                    "ateliers/index.md",
                    "---\neleventyNavigation:\n  key: Ateliers\n  parent: BlueHats\n---\n",
                ),
            ])
            // Strict equality: the number 2024 and the string "2024" are different keys.
            .pass_site(&[
                ("a.md", "---\neleventyNavigation:\n  key: 2024\n---\n"),
                ("b.md", "---\neleventyNavigation:\n  key: \"2024\"\n---\n"),
            ])
            // Sites that filter the menu by language reuse keys across languages.
            .pass_site(&[
                (
                    "fr/a.md",
                    "---\nlang: fr\neleventyNavigation:\n  key: Blog\n---\n",
                ),
                (
                    "en/a.md",
                    "---\nlang: en\neleventyNavigation:\n  key: Blog\n---\n",
                ),
            ])
            .pass_site(&[
                ("fr/blog.md", "---\neleventyNavigation:\n  key: Blog\n---\n"),
                ("en/blog.md", "---\neleventyNavigation:\n  key: Blog\n---\n"),
            ])
            .fail_site(&[
                ("bluehats/index.md", BLUEHATS),
                (
                    "ateliers/index.md",
                    "---\ntitle: Ateliers\neleventyNavigation:\n  key: BlueHats\n---\n",
                ),
            ])
            // Side menus by parent: the two `Intro` entries never meet.
            .pass_site(&[
                ("_includes/side.liquid", "{% assign menu = collections.all | eleventyNavigation: eleventyNavigation.parent %}{{ content }}"),
                ("a/index.md", "---\neleventyNavigation:\n  key: Intro\n  parent: A\n---\n"),
                ("b/index.md", "---\neleventyNavigation:\n  key: Intro\n  parent: B\n---\n"),
                ("a/x.md", "---\nlayout: side.liquid\neleventyNavigation:\n  key: X\n  parent: A\n---\n"),
                ("b/y.md", "---\nlayout: side.liquid\neleventyNavigation:\n  key: Y\n  parent: B\n---\n"),
            ])
            // Both in the rendered menu, nothing below: a warning.
            .fail_site(&[
                ("_includes/base.njk", "{% set m = collections.all | eleventyNavigation %}{{ content }}"),
                ("a.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Blog\n---\n"),
                ("b.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Blog\n---\n"),
            ])
            // Both in the rendered menu, with children attached under each: an error.
            .fail_site(&[
                ("_includes/base.njk", "{% set m = collections.all | eleventyNavigation %}{{ content }}"),
                ("a.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Blog\n---\n"),
                ("b.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Blog\n---\n"),
                ("c.md", "---\nlayout: base.njk\neleventyNavigation:\n  key: Post\n  parent: Blog\n---\n"),
            ])
            // A folder data file that gives all its pages the same key.
            .fail_site(&[
                (
                    "posts/posts.json",
                    "{ \"eleventyNavigation\": { \"key\": \"Blog\" } }",
                ),
                ("posts/a.md", "# A"),
                ("posts/b.md", "# B"),
            ])
            .run();
    }
}
