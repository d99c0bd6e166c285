use super::{first_wrong, mark_unsure, related, report_link, resolutions, shown_on};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::links::Target;

declare_rule! {
    /// ## What it does
    /// Reports a link with no target at all: `[texte]()`, `<a href="">`, `<img src="">`.
    ///
    /// ## Why is this bad?
    /// An empty `href` links to the page itself: the reader clicks and nothing happens. It is
    /// almost always an address forgotten while writing. An empty `src` makes the browser
    /// request the page again as an image.
    ///
    /// ## Example
    /// ```markdown
    /// Voir [le programme]().
    /// ```
    /// Use instead:
    /// ```markdown
    /// Voir [le programme](/rencontres/programme/).
    /// ```
    ///
    /// ## References
    /// - https://html.spec.whatwg.org/multipage/links.html#attr-hyperlink-href
    pub struct Empty {
        code: "links/empty",
        severity: Error,
        scope: Page,
        url: "https://html.spec.whatwg.org/multipage/links.html#attr-hyperlink-href",
        views: true,
    }
}

impl Check for Empty {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let (page, site) = (cx.page, cx.site);
        for (i, link) in page.content.links.iter().enumerate() {
            let empty = first_wrong(resolutions(i, page, site), |r| {
                (*r.target == Target::Empty).then_some(())
            });
            let Some((resolved, ())) = empty else {
                continue;
            };
            let message = format!("link has no target{}", shown_on(&resolved));
            let mut diagnostic = report_link(cx, link, message)
                .with_label("empty link target")
                .with_help("write the address the link leads to, or remove the link");
            mark_unsure(&mut diagnostic, &resolved);
            if let Some((file, span, label)) = related(page, i) {
                diagnostic = diagnostic.with_related(file.clone(), span.clone(), label.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::Empty)
            .pass("[plein](/page/) <a href=\"/page/\">x</a> ![logo](/logo.png)\n")
            .fail("Voir [le programme]().\n")
            .fail("<a href=\"\">x</a>\n")
            .fail("<img src=\"\" alt=\"Logo\">\n")
            .run();
    }
}
