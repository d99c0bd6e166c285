use crate::parse::front_matter::FrontMatter;
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::{LayerSource, Output, Page};

use super::page_anchor;

declare_rule! {
    /// ## What it does
    /// Reports an HTML page rendered through a layout that has no `title`, neither in its
    /// front matter nor in its data files.
    ///
    /// ## Why is this bad?
    /// Layouts put `title` in the `<title>` element, the main heading, the navigation and
    /// feeds. Without it the page is announced as "undefined" or with the site name only,
    /// which fails RGAA criterion 8.5 (each page has a title).
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// layout: page
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// layout: page
    /// title: Ateliers BlueHats
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.5
    pub struct MissingTitle {
        code: "front-matter/missing-title",
        severity: Warning,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.5",
    }
}

/// Whether the page is written as an HTML document.
fn renders_html(page: &Page) -> bool {
    match &page.output {
        Output::Url { path, .. } => path.ends_with(".html") || path.ends_with(".htm"),
        Output::Unknown { .. } => true,
        Output::Disabled | Output::Invalid => false,
    }
}

impl Check for MissingTitle {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        // Front matter that failed or that vigie cannot read is reported elsewhere.
        if let FrontMatter::Parsed(block) = &page.split.front_matter {
            if block.result.is_err() {
                return;
            }
        } else if !matches!(page.split.front_matter, FrontMatter::Absent) {
            return;
        }
        // Only a layout turns `title` into the page's title.
        if !page.data.get("layout").is_some_and(|(l, _)| l.is_truthy()) || !renders_html(page) {
            return;
        }
        let (message, span, label) = match page.data.get("title") {
            Some((title, _)) if title.is_truthy() => return,
            Some((title, LayerSource::FrontMatter)) => {
                ("page title is empty", title.span.clone(), "empty title")
            }
            _ => (
                "page has no title",
                page_anchor(page),
                "front matter without `title`",
            ),
        };
        cx.report(span, message)
                .with_label(label)
                .with_help("add `title: …` to the front matter: the layout uses it for <title>, the main heading and the menu");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::MissingTitle)
            .pass("---\nlayout: layouts/page.njk\ntitle: Ateliers\n---\n")
            .pass("---\ntitle: No layout\n---\n")
            .pass("No front matter and no layout\n")
            .pass("---\nlayout: layouts/page.njk\npermalink: /feed.xml\n---\n")
            .pass_site(&[
                ("_includes/layouts/page.njk", ""),
                (
                    "posts/posts.json",
                    "{ \"layout\": \"layouts/page.njk\", \"title\": \"Actualité\" }",
                ),
                ("posts/a.md", "Body"),
            ])
            .fail("---\nlayout: layouts/page.njk\n---\n")
            .fail("---\nlayout: layouts/page.njk\ntitle: \"\"\n---\n")
            .run();
    }
}
