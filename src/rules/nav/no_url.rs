use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::Output;
use crate::site::nav::NavUrl;

use super::{entry_name, entry_place, file_of};

declare_rule! {
    /// ## What it does
    /// Reports a menu entry that links nowhere.
    /// Its page has `permalink: false` and the entry has no `url` of its own (or an empty
    /// one). Entries with children are menu groups and are not reported.
    ///
    /// ## Why is this bad?
    /// eleventy-navigation takes the entry's URL from the page, and a page that is not
    /// written has none: the menu shows a link without a target (`href="false"` in
    /// templates that print `entry.url`).
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// permalink: false
    /// eleventyNavigation:
    ///   key: Forge
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// permalink: false
    /// eleventyNavigation:
    ///   key: Forge
    ///   url: https://git.sr.ht/~etalab/
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    pub struct NoUrl {
        code: "nav/no-url",
        severity: Warning,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

impl Check for NoUrl {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        // Data vigie cannot read may give an entry children, which make it a menu group.
        if !nav.opaque.is_empty() {
            return;
        }
        for (i, entry) in nav.entries.iter().enumerate() {
            if entry.link != NavUrl::None || !nav.is_rendered(i) || !entry.is_known() {
                continue;
            }
            if !nav.children_of(i).is_empty() {
                continue;
            }
            let Some(page) = site.pages.get(entry.page) else {
                continue;
            };
            let why = match (&entry.url, &page.output) {
                (Some(url), _) if url.value.display().is_empty() || !url.value.is_truthy() => {
                    "its `url` is empty"
                }
                (_, Output::Disabled) => "the page has `permalink: false` and the entry no `url`",
                _ => "the page has no URL",
            };
            let (file, span) = match &entry.url {
                Some(url) => (file_of(site, entry, url), url.value.span.clone()),
                None => entry_place(site, entry),
            };
            let mut diagnostic = cx
                .report(
                    file,
                    span,
                    format!("menu entry {} links nowhere: {why}", entry_name(entry)),
                )
                .with_label("no URL for this entry")
                .with_help(
                    "add `url: /…/` under `eleventyNavigation` to link it somewhere, or remove \
                     `eleventyNavigation` from this page",
                );
            if let Some((key, _, origin)) = page.data.entry("permalink") {
                diagnostic = diagnostic.with_related(
                    site.origin_file(page, origin),
                    key.span.clone(),
                    "the page is not written",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::NoUrl)
            .pass("---\neleventyNavigation:\n  key: Forge\n---\n")
            .pass("---\npermalink: false\neleventyNavigation:\n  key: Forge\n  url: https://git.sr.ht/~etalab/\n---\n")
            // A menu group: its children carry the links.
            .pass_site(&[
                ("about.md", "---\npermalink: false\neleventyNavigation:\n  key: À propos\n---\n"),
                ("contact.md", "---\neleventyNavigation:\n  key: Contact\n  parent: À propos\n---\n"),
            ])
            .fail("---\npermalink: false\neleventyNavigation:\n  key: Forge\n---\n")
            .run();
    }
}
