use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::LayerSource;

use super::file_of;

declare_rule! {
    /// ## What it does
    /// Reports a navigation entry on a page that is excluded from collections.
    /// The page's front matter declares `eleventyNavigation` and the page sets
    /// `eleventyExcludeFromCollections: true`.
    ///
    /// ## Why is this bad?
    /// eleventy-navigation builds the menu from `collections.all`, which excluded pages
    /// are not in: the entry never appears, and pages that name it as `parent` vanish
    /// with it.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// eleventyExcludeFromCollections: true
    /// eleventyNavigation:
    ///   key: Données personnelles
    /// ---
    /// ```
    /// Use instead (to keep it in the menu):
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Données personnelles
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    /// - https://www.11ty.dev/docs/collections/#how-to-exclude-content-from-collections
    pub struct ExcludedPage {
        code: "nav/excluded-page",
        severity: Warning,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

impl Check for ExcludedPage {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        for excluded in &nav.excluded {
            let entry = &excluded.entry;
            // Only the page's own choice: a folder-wide entry may rightly skip some pages.
            if entry.declared.origin != LayerSource::FrontMatter || entry.declared.computed {
                continue;
            }
            let Some(page) = site.pages.get(entry.page) else {
                continue;
            };
            cx.report(
                file_of(site, entry, &entry.declared),
                entry.declared.name.clone(),
                "this navigation entry never appears: the page is excluded from collections",
            )
            .with_label("not in `collections.all`")
            .with_help(
                "eleventy-navigation only sees pages in `collections.all`; remove \
                         `eleventyNavigation`, or `eleventyExcludeFromCollections` if the page \
                         belongs in the menu",
            )
            .with_related(
                site.origin_file(page, excluded.reason.origin),
                excluded.reason.name.clone(),
                "excluded here",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::ExcludedPage)
            .pass("---\neleventyExcludeFromCollections: true\n---\n")
            .pass("---\neleventyExcludeFromCollections: false\neleventyNavigation:\n  key: A\n---\n")
            .fail("---\neleventyExcludeFromCollections: true\neleventyNavigation:\n  key: Données personnelles\n---\n")
            .run();
    }
}
