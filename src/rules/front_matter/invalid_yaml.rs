use crate::parse::front_matter::FrontMatter;
use crate::rules::{Check, PageContext, declare_rule};
use crate::source::file::floor_char_boundary;

declare_rule! {
    /// ## What it does
    /// Reports front matter that is not valid YAML, at the character where parsing fails.
    ///
    /// ## Why is this bad?
    /// Eleventy reads front matter with js-yaml and stops the whole build on the first
    /// page it cannot parse.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Rencontres : logiciels libres
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// title: "Rencontres : logiciels libres"
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/data-frontmatter/
    pub struct InvalidYaml {
        code: "front-matter/invalid-yaml",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/data-frontmatter/",
    }
}

fn report_invalid(cx: &mut PageContext<'_>, offset: usize, reason: &str) {
    let text = &cx.page.file.text;
    let start = floor_char_boundary(text, offset);
    let end = text
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(start, |c| start + c.len_utf8());
    cx.report(start..end, format!("front matter is not valid YAML: {reason}"))
        .with_label(reason.to_owned())
        .with_help(
            "Eleventy stops the build here; quote values that contain `: `, `#` or start with a special character",
        );
}

impl Check for InvalidYaml {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        // Only a closed YAML block can fail to parse (unclosed blocks have their own rule).
        let FrontMatter::Parsed(block) = &cx.page.split.front_matter else {
            return;
        };
        let Err(error) = &block.result else {
            return;
        };
        report_invalid(cx, error.offset, &error.message);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidYaml)
            .pass("---\ntitle: \"Rencontres : libres\"\n---\n")
            .pass("no front matter\n")
            .fail("---\ntitle: Rencontres : libres\n---\n")
            .fail("---\ntitle: [a, b\nlayout: post\n---\n")
            .run();
    }
}
