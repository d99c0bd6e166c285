use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::nav::Entry;

use super::file_of;

declare_rule! {
    /// ## What it does
    /// Reports an `eleventyNavigation` that is not a mapping of `key`, `parent`, `order` ….
    /// A string, `true`, a list. Also reports `eleventyNavigation: false` (or `null`) meant
    /// to take a page out of a menu that a folder's data file or a layout puts it in.
    ///
    /// ## Why is this bad?
    /// Any truthy value makes an entry: a string or `true` puts the page at the top of the
    /// menu with no key and the title "undefined". And Eleventy's deep merge never
    /// replaces a mapping with a value that is not one: `eleventyNavigation: false` is
    /// ignored and the page stays in the menu.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// eleventyNavigation: Publier
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Publier
    /// ---
    /// ```
    /// And to take one page of a folder out of the menu, `override:eleventyNavigation: false`.
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    /// - https://www.11ty.dev/docs/data-deep-merge/
    pub struct NotAMapping {
        code: "nav/not-a-mapping",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

fn report_scalar(cx: &mut SiteContext<'_>, entry: &Entry) {
    let site = cx.site;
    let value = &entry.declared.value;
    let help = match value.as_str() {
        Some(text) => format!(
            "write the fields below it, e.g. `eleventyNavigation:` then `  key: {text}` on the \
             next line"
        ),
        None => "write the fields below it: `eleventyNavigation:` then `  key: …` on the next \
                 line, or `eleventyNavigation: false` for no entry"
            .into(),
    };
    cx.report(
        file_of(site, entry, &entry.declared),
        value.span.clone(),
        format!(
            "`eleventyNavigation` is {}, not a mapping: the page appears at the top of the \
             menu as \"undefined\"",
            value.kind()
        ),
    )
    .with_label(format!("this is {}", value.kind()))
    .with_help(help);
}

fn report_ignored_false(cx: &mut SiteContext<'_>, entry: &Entry) {
    let site = cx.site;
    let Some(ignored) = &entry.ignored else {
        return;
    };
    let lower = file_of(site, entry, &entry.declared);
    cx.report(
        file_of(site, entry, ignored),
        ignored.value.span.clone(),
        format!(
            "`eleventyNavigation: {}` does not take this page out of the menu",
            ignored.value.display()
        ),
    )
    .with_label("ignored by Eleventy's deep merge")
    .with_help(format!(
        "Eleventy merges data, and never replaces a mapping with a value that is not \
                 one: the entry set in {lower} stays; write `override:eleventyNavigation: {}` \
                 to replace it",
        ignored.value.display()
    ))
    .with_related(lower, entry.declared.name.clone(), "the entry is set here");
}

impl Check for NotAMapping {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let nav = cx.site.navigation();
        for entry in nav.entries.iter().filter(|e| e.uncertain.is_none()) {
            if entry.declared.computed {
                continue;
            }
            if entry.declared.value.is_map() {
                report_ignored_false(cx, entry);
            } else {
                report_scalar(cx, entry);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::NotAMapping)
            .pass("---\neleventyNavigation:\n  key: Publier\n---\n")
            .pass("---\neleventyNavigation: false\n---\n")
            .pass_site(&[
                (
                    "posts/posts.json",
                    "{ \"eleventyNavigation\": { \"parent\": \"Blog\" } }",
                ),
                (
                    "posts/a.md",
                    "---\noverride:eleventyNavigation: false\n---\n",
                ),
            ])
            .fail("---\neleventyNavigation: Publier\n---\n")
            .fail("---\neleventyNavigation: true\n---\n")
            .fail_site(&[
                (
                    "posts/posts.json",
                    "{ \"eleventyNavigation\": { \"key\": \"Article\", \"parent\": \"Blog\" } }",
                ),
                (
                    "posts/a.md",
                    "---\ntitle: Brouillon\neleventyNavigation: false\n---\n",
                ),
            ])
            .run();
    }
}
