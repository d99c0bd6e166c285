use crate::rules::{Check, SiteContext, declare_rule};

use super::file_of;

declare_rule! {
    /// ## What it does
    /// Reports a navigation entry without a `key` (or with an empty one).
    ///
    /// ## Why is this bad?
    /// The entry still appears in the menu, but no other page can name it as `parent`, so
    /// it can never have children; without a `title` either, the menu shows "undefined"
    /// (or an empty link, depending on the template).
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   order: 20
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Publier
    ///   order: 20
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    pub struct MissingKey {
        code: "nav/missing-key",
        severity: Warning,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

impl Check for MissingKey {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        for entry in &nav.entries {
            if !entry.declared.value.is_map() || entry.uncertain.is_some() {
                continue;
            }
            if entry.key_node().is_some() || entry.key.as_ref().is_some_and(|k| !k.is_known()) {
                continue;
            }
            let titled = entry.shown_title().is_some_and(|t| t.is_truthy());
            let message = if titled {
                "navigation entry has no `key`: no page can be placed under it"
            } else {
                "navigation entry has no `key` and no `title`: the menu shows \"undefined\""
            };
            let (file, span, label) = match &entry.key {
                Some(key) => (
                    file_of(site, entry, key),
                    key.value.span.clone(),
                    "empty key",
                ),
                None => (
                    file_of(site, entry, &entry.declared),
                    entry.declared.name.clone(),
                    "no `key` in this mapping",
                ),
            };
            let example = site
                .pages
                .get(entry.page)
                .and_then(|p| p.data.get("title"))
                .map(|(t, _)| t.display())
                .filter(|t| !t.is_empty() && t.chars().count() <= 40)
                .unwrap_or_else(|| "…".into());
            cx.report(file, span, message)
                .with_label(label)
                .with_help(format!(
                    "add `key: {example}` under `eleventyNavigation`: the key is the entry's \
                         name in the menu and what other pages write as `parent`"
                ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::MissingKey)
            .pass("---\neleventyNavigation:\n  key: Publier\n---\n")
            .pass("---\neleventyNavigation: false\n---\n")
            .fail("---\ntitle: Publier les codes sources\neleventyNavigation:\n  order: 20\n---\n")
            .fail("---\neleventyNavigation:\n  key: \"\"\n  title: Publier\n---\n")
            .run();
    }
}
