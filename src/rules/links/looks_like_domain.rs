use super::{looks_like_domain, report_link, resolutions};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::links::Target;

declare_rule! {
    /// ## What it does
    /// Reports a relative link that is really a host name written without `https://`:
    /// `[le livre](opendata.example.org)`, `<a href="www.example.fr">`. Bare text that
    /// markdown-it's `linkify` turns into a link is not concerned (it adds the scheme).
    ///
    /// ## Why is this bad?
    /// Without a scheme, the target is a path relative to the current page: on
    /// `/gazette/n17/`, `opendata.example.org` leads to `/gazette/n17/opendata.example.org`,
    /// a page that does not exist.
    ///
    /// ## Example
    /// ```markdown
    /// [le livre](opendata.example.org)
    /// ```
    /// Use instead:
    /// ```markdown
    /// [le livre](https://opendata.example.org)
    /// ```
    ///
    /// ## References
    /// - https://url.spec.whatwg.org/#relative-url-string
    pub struct LooksLikeDomain {
        code: "links/looks-like-domain",
        severity: Error,
        scope: Page,
        url: "https://url.spec.whatwg.org/#relative-url-string",
        fix: Always,
        views: true,
        safe_fix: true,
    }
}

impl Check for LooksLikeDomain {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        for (i, link) in page.content.links.iter().enumerate() {
            // A page or file of that name would make it a real relative link.
            if !looks_like_domain(link)
                || !resolutions(i, page, site)
                    .iter()
                    .any(|r| matches!(r.target, Target::Missing { .. }))
            {
                continue;
            }
            let target = link.target.trim();
            let message = format!("link target `{target}` is a domain name without `https://`");
            let start = link.span.start;
            report_link(cx, link, message)
                .with_label("read as a page of this site, not as an address")
                .with_help(format!(
                    "write the whole address, `https://{target}`: without it the browser looks for a page of this site"
                ))
                .with_fix(start..start, "https://");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::LooksLikeDomain)
            .pass("[lisez](README.md) README.md [doc](guide.pdf) [photo](./photo.jpg)\n")
            .pass("[site](https://opendata.example.org) [local](./site.fr)\n")
            .fail("[livre](opendata.example.org)\n")
            .fail("[inscription](www.example.fr/inscription)\n")
            .run();
    }
}
