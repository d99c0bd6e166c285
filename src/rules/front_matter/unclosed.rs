use crate::parse::front_matter::FrontMatter;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a front matter block opened with `---` that no `---` line closes.
    ///
    /// ## Why is this bad?
    /// Eleventy (gray-matter) then reads the whole file as YAML: the build fails, or the
    /// page renders with an empty body and its content silently disappears.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Ateliers
    ///
    /// ## Programme
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: Ateliers
    /// ---
    ///
    /// ## Programme
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/data-frontmatter/
    pub struct Unclosed {
        code: "front-matter/unclosed",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/data-frontmatter/",
    }
}

impl Check for Unclosed {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let FrontMatter::Unclosed { open } = &cx.page.split.front_matter else {
            return;
        };
        cx.report(open.clone(), "front matter is opened here but never closed")
                .with_label("opened here, no closing `---` follows")
                .with_help("add a line `---` after the last front matter key; until then the whole file is read as YAML");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::Unclosed)
            .pass("---\ntitle: A\n---\nBody\n")
            .pass("Body only\n")
            .fail("---\ntitle: Ateliers\n\n## Programme\n")
            .run();
    }
}
