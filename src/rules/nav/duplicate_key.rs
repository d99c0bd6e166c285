use crate::parse::yaml::YamlNode;
use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::nav::{Entry, Navigation};

use super::{file_of, page_file};

declare_rule! {
    /// ## What it does
    /// Reports a navigation `key` that two pages use.
    /// Pages of different languages (their `lang`, or a first folder such as `fr/`) may
    /// share a key: multilingual sites filter the menu by language first.
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
                .map(|j| &nav.entries[j])
                .filter(|other| {
                    other.is_known() && other.page < entry.page && other.lang == entry.lang
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
            let _diagnostic = cx
                .report(
                    file,
                    key_field.value.span.clone(),
                    format!(
                        "navigation key `{name}` is already the key of {}",
                        page_file(site, first)
                    ),
                )
                .with_label("used again here")
                .with_help(format!(
                    "keys identify menu entries: both pages appear in the menu, the children of \
                     `{name}` are listed under each, and breadcrumbs follow only one of them; \
                     give each page its own key"
                ))
                .with_related(first_file, first_key.value.span.clone(), "first used here");
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
