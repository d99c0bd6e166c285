use crate::parse::front_matter::FrontMatter;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports front matter that parses as YAML but is not a mapping of keys to values
    /// (a bare string, a list).
    ///
    /// ## Why is this bad?
    /// Eleventy expects an object: a string or a list gives the page no `title`, `layout`
    /// or `permalink`, and usually means a missing `key:` or a stray dash.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// - title: Ateliers
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: Ateliers
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/data-frontmatter/
    pub struct NotAMapping {
        code: "front-matter/not-a-mapping",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/data-frontmatter/",
    }
}

impl Check for NotAMapping {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let FrontMatter::Parsed(block) = &cx.page.split.front_matter else {
            return;
        };
        // An empty block is `{}`; only a non-empty non-mapping is wrong.
        let Some(root) = block.root() else {
            return;
        };
        if root.is_map() {
            return;
        }
        cx.report(
            root.span.clone(),
            format!(
                "front matter is {}, not a mapping of keys to values",
                root.kind()
            ),
        )
        .with_label(format!("this is {}", root.kind()))
        .with_help("write one `key: value` per line, such as `title: …`");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::NotAMapping)
            .pass("---\ntitle: A\n---\n")
            .pass("---\n---\nEmpty front matter is fine\n")
            .fail("---\n- title: Ateliers\n---\n")
            .fail("---\njust a sentence\n---\n")
            .run();
    }
}
