use crate::parse::front_matter::FrontMatter;
use crate::parse::yaml::DuplicateKey as Duplicate;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in the same mapping of the front matter.
    ///
    /// ## Why is this bad?
    /// js-yaml, which Eleventy uses, refuses the document ("duplicated mapping key") and
    /// the build stops. Even where a parser accepts it, only one of the two values survives.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Ateliers
    /// layout: page
    /// title: Ateliers BlueHats
    /// ---
    /// ```
    /// Use instead: keep one `title`.
    ///
    /// ## References
    /// - https://github.com/nodeca/js-yaml (duplicated mapping key)
    pub struct DuplicateKey {
        code: "front-matter/duplicate-key",
        severity: Error,
        scope: Page,
    }
}

fn report_duplicate(cx: &mut PageContext<'_>, duplicate: &Duplicate) {
    let file = &cx.page.file.rel;
    cx.report(
        duplicate.second.clone(),
        format!("key `{}` is written twice", duplicate.key),
    )
    .with_label("written again here")
    .with_related(file, duplicate.first.clone(), "first written here")
    .with_help("keep one of the two; js-yaml stops the build on duplicated keys");
}

impl Check for DuplicateKey {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let FrontMatter::Parsed(block) = &cx.page.split.front_matter else {
            return;
        };
        let Ok(parsed) = &block.result else {
            return;
        };
        for duplicate in &parsed.duplicates {
            report_duplicate(cx, duplicate);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::DuplicateKey)
            .pass("---\ntitle: A\nlayout: page\n---\n")
            .pass("---\nbase: &b {x: 1}\nitem:\n  <<: *b\n  x: 2\n---\n")
            .fail("---\ntitle: Ateliers\nlayout: page\ntitle: Ateliers BlueHats\n---\n")
            .fail("---\neleventyNavigation:\n  key: A\n  order: 1\n  order: 2\n---\n")
            .run();
    }
}
