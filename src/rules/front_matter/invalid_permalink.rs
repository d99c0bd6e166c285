use crate::parse::yaml::Value;
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::Output;

declare_rule! {
    /// ## What it does
    /// Reports a `permalink` that is neither a string, `false`, nor an object with a
    /// `build` key: `permalink: true`, a number, a list.
    ///
    /// ## Why is this bad?
    /// Eleventy throws "`permalink: true` is not a supported feature"; Eleventy 3 also
    /// refuses any other non-string value ("Expected permalink value to be a string"),
    /// and earlier versions fail later in a way that depends on the template engine.
    /// Eleventy 3.1 also stops on an extension-less output file unless
    /// `eleventyAllowMissingExtension` is set.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// permalink: true
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// permalink: /ateliers/
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/permalinks/
    pub struct InvalidPermalink {
        code: "front-matter/invalid-permalink",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/permalinks/",
    }
}

impl Check for InvalidPermalink {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        let Some((permalink, origin)) = page.data.get("permalink") else {
            return;
        };
        let file = site.origin_file(page, origin);
        match &page.output {
            Output::Invalid => {
                let message = match &permalink.value {
                    Value::Bool(true) => "`permalink: true` is not a supported feature".to_owned(),
                    _ => format!("permalink is {}, not a string", permalink.kind()),
                };
                cx.report_in(file, permalink.span.clone(), message)
                        .with_label("Eleventy cannot write the page with this")
                        .with_help("write the URL as a string (`permalink: /ateliers/`), or `permalink: false` to not write the page");
            }
            Output::Url { path, .. }
                if site.settings.eleventy.version >= 3 && lacks_extension(path) =>
            {
                if page
                    .data
                    .get("eleventyAllowMissingExtension")
                    .is_some_and(|(v, _)| v.is_truthy())
                {
                    return;
                }
                cx.report_in(file, permalink.span.clone(), format!("permalink `/{path}` has no file extension"))
                        .with_label("Eleventy 3 refuses this")
                        .with_help("end the permalink with `/` (served as `…/index.html`) or add an extension; or set `eleventyAllowMissingExtension: true`");
            }
            _ => {}
        }
    }
}

/// Eleventy 3 refuses to write a file without an extension (`/foo` rather than `/foo/`).
fn lacks_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    !name.contains('.')
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidPermalink)
            .pass("---\npermalink: /ateliers/\n---\n")
            .pass("---\npermalink: false\n---\n")
            .pass("---\npermalink:\n  build: /x/\n---\n")
            .fail("---\npermalink: true\n---\n")
            .fail("---\npermalink: 2022\n---\n")
            .pass_site(&[
                (
                    "package.json",
                    r#"{ "devDependencies": { "@11ty/eleventy": "^3.1.0" } }"#,
                ),
                ("a.md", "---\npermalink: /a.xml\n---\n"),
                ("b.md", "---\npermalink: /b/\n---\n"),
                (
                    "c.md",
                    "---\npermalink: /c\neleventyAllowMissingExtension: true\n---\n",
                ),
            ])
            .pass_site(&[("old.md", "---\npermalink: /foo\n---\n")])
            .fail_site(&[
                (
                    "package.json",
                    r#"{ "devDependencies": { "@11ty/eleventy": "^3.1.0" } }"#,
                ),
                ("foo.md", "---\npermalink: /foo\n---\n"),
            ])
            .run();
    }
}
