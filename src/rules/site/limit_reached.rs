use crate::parse::content::Limit;
use crate::rules::{Check, SiteContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports where a file went past one of vigie's limits (`[limits]` of vigie.toml),
    /// and what was not checked from there: a file larger than `file-size-mib` (16 MiB) is
    /// not read at all; elements nested deeper than `nesting` (512 levels, where browsers
    /// stop nesting too) are not built; links past `links-per-page` (10 000) are not
    /// checked.
    ///
    /// ## Why is this bad?
    /// No real page comes near these limits: a file that does is generated, pasted by
    /// mistake, or written to stall the checks of whoever reads it. What lies past the
    /// limit is unknown to vigie, so a broken link or markup there is not reported.
    ///
    /// ## Example
    /// A page of 100 000 nested `<div>`s, or of 100 000 links on one line.
    /// Use instead: split the content into pages, or raise the limit in vigie.toml:
    /// ```toml
    /// [limits]
    /// links-per-page = 50000
    /// ```
    ///
    /// ## References
    /// - https://html.spec.whatwg.org/multipage/parsing.html#tree-construction (browsers
    ///   cap the depth of the tree they build)
    pub struct LimitReached {
        code: "site/limit-reached",
        severity: Warning,
        scope: Site,
    }
}

impl Check for LimitReached {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        for page in site.pages.iter().chain(&site.views) {
            for reached in &page.content.limits_reached {
                let (message, label, key) = match reached.limit {
                    Limit::Nesting(levels) => (
                        format!(
                            "elements are nested deeper than {levels} levels here: the markup inside is not checked"
                        ),
                        format!("level {}", levels + 1),
                        "nesting",
                    ),
                    Limit::LinksPerPage { limit, total } => (
                        format!("this page has {total} links: only the first {limit} are checked"),
                        "the first link not checked".to_owned(),
                        "links-per-page",
                    ),
                    Limit::FileSize { size, max } => (
                        format!(
                            "this file is {} MiB, larger than the {} MiB vigie reads: it is not checked, and its URL is unknown",
                            size >> 20,
                            max >> 20
                        ),
                        "not read".to_owned(),
                        "file-size-mib",
                    ),
                };
                cx.report(&page.file.rel, reached.span.clone(), message)
                    .with_label(label)
                    .with_help(format!(
                        "if this is meant, raise `{key}` under `[limits]` in vigie.toml"
                    ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        let deep = format!("{}x{}", "<div>".repeat(600), "</div>".repeat(600));
        let links: String = (0..10_001).map(|i| format!("[l](/p{i}/) ")).collect();
        RuleTest::new(super::LimitReached)
            .pass(&format!("{}x{}", "<div>".repeat(500), "</div>".repeat(500)))
            .fail(&deep)
            .fail(&links)
            .run();
    }
}
