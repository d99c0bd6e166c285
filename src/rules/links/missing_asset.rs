use super::report_missing;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an image, a script, a style sheet or a file link (`.pdf`, `.png`, `.xml` …)
    /// that nothing in the built site provides: neither a passthrough copy
    /// (`addPassthroughCopy`) nor a page written at that path (a feed, a sitemap).
    ///
    /// ## Why is this bad?
    /// The image shows as broken, the download fails. A file in the source folder is not
    /// published unless a passthrough copy names it.
    ///
    /// ## Example
    /// ```markdown
    /// ![Logo](/img/logo-bluehats.png)
    /// ```
    /// Use instead (the file is `img/logo_bluehats.png`):
    /// ```markdown
    /// ![Logo](/img/logo_bluehats.png)
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/copy/
    pub struct MissingAsset {
        code: "links/missing-asset",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/copy/",
        views: true,
    }
}

impl Check for MissingAsset {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        report_missing(cx, true);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    /// A site that copies `img/` through, whose `page.md` is `page`.
    fn site(page: &str) -> [(&str, &str); 6] {
        [
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy({ 'img': 'img' }); };",
            ),
            ("page.md", page),
            ("feed/feed.njk", "---\npermalink: /feed/feed.xml\n---\n"),
            ("img/x.png", "png"),
            ("img/logo.svg", "svg"),
            ("docs/guide.pdf", "pdf: in the sources, but not copied"),
        ]
    }

    #[test]
    fn cases() {
        RuleTest::new(super::MissingAsset)
            .pass_site(&site("![x](/img/x.png) <img src=\"/img/logo.svg\">\n"))
            // A file a page writes, and a missing page (`links/missing-page`'s business).
            .pass_site(&site("[flux](/feed/feed.xml) [page](/nulle-part/)\n"))
            .fail_site(&site("![y](/img/y.png)\n"))
            .fail_site(&site("[guide](/docs/guide.pdf)\n"))
            .fail_site(&site("<img src=\"/img/logo\">\n"))
            .run();
    }
}
