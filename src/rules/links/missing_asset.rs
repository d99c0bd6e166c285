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
    }
}

impl Check for MissingAsset {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        report_missing(cx, true);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::links::test_support::{render, snapshot};
    use crate::testing::{build_site, inputs, run_rule};

    #[test]
    fn finds_passthrough_copies_and_non_html_pages() {
        let text = "![x](/img/x.png) ![y](/img/y.png) [flux](/feed/feed.xml) [guide](/docs/guide.pdf) <img src=\"/img/logo\"> [page](/nulle-part/)\n";
        let inputs = inputs(&[
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy({ 'img': 'img' }); };",
            ),
            ("page.md", text),
            ("feed/feed.njk", "---\npermalink: /feed/feed.xml\n---\n"),
            ("img/x.png", "png"),
            ("img/logo.svg", "svg"),
            ("docs/guide.pdf", "pdf: in the sources, but not copied"),
        ]);
        let site = build_site(&inputs);
        let found = run_rule(&super::MissingAsset, &site);
        let links: Vec<_> = found.iter().filter_map(|d| d.link.as_deref()).collect();
        assert_eq!(links, ["/img/y.png", "/docs/guide.pdf", "/img/logo"]);
        assert_eq!(found[0].help.as_deref(), Some("did you mean `/img/x.png`?"));
        snapshot("links_missing_asset", &render(&found, &site));
    }
}
