use crate::rules::front_matter::page_anchor;
use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::{Page, Site};

declare_rule! {
    /// ## What it does
    /// Reports two pages that Eleventy would write to the same output file, because of
    /// their permalinks or of a file named like its folder next to an `index.md`.
    ///
    /// ## Why is this bad?
    /// Eleventy stops the build: "Output conflict: multiple input files are writing to …".
    ///
    /// ## Example
    /// `ateliers/index.md` and `ateliers/ateliers.md` both write `/ateliers/index.html`.
    /// Use instead: remove one, or give one a distinct `permalink`.
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/permalinks/
    pub struct OutputConflict {
        code: "site/output-conflict",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/permalinks/",
    }
}

/// Where to point for the page's URL: its permalink when it has one, else its front matter.
fn url_place(page: &Page, site: &Site) -> (String, std::ops::Range<usize>) {
    match page.data.get("permalink") {
        Some((node, origin)) => (site.origin_file(page, origin).to_owned(), node.span.clone()),
        None => (page.file.rel.clone(), page_anchor(page)),
    }
}

impl Check for OutputConflict {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        for (url, writers) in &site.urls {
            let [first, others @ ..] = writers.as_slice() else {
                continue;
            };
            let Some(first) = site.pages.get(*first) else {
                continue;
            };
            for other in others.iter().filter_map(|&other| site.pages.get(other)) {
                // Blame the page whose permalink moved it onto the other's URL.
                let (page, earlier) = match (has_permalink(other), has_permalink(first)) {
                    (false, true) => (first, other),
                    _ => (other, first),
                };
                let (file, span) = url_place(page, site);
                let (earlier_file, earlier_span) = url_place(earlier, site);
                cx.report(
                    &file,
                    span,
                    format!(
                        "`{}` and `{}` are both written to `{url}`",
                        page.file.rel, earlier.file.rel
                    ),
                )
                .with_label(format!("writes {url}"))
                .with_related(
                    earlier_file,
                    earlier_span,
                    format!("`{}` writes {url} too", earlier.file.rel),
                )
                .with_help("give one of them a distinct `permalink`, or remove one");
            }
        }
    }
}

fn has_permalink(page: &Page) -> bool {
    page.data.get("permalink").is_some()
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::OutputConflict)
            .pass_site(&[("a.md", "A"), ("b.md", "B")])
            .pass_site(&[
                ("a.md", "---\npermalink: false\n---\n"),
                ("b.md", "---\npermalink: false\n---\n"),
            ])
            .fail_site(&[("ateliers/index.md", "A"), ("ateliers/ateliers.md", "B")])
            .fail_site(&[
                ("a-propos.md", "A"),
                ("z.md", "---\npermalink: /a-propos/\n---\n"),
            ])
            .fail_site(&[("a.md", "---\npermalink: /z/\n---\n"), ("z.md", "Z")])
            .fail_site(&[
                ("a.md", "---\npermalink: /x/\n---\n"),
                ("b.md", "---\npermalink: /x/index.html\n---\n"),
            ])
            .run();
    }
}
