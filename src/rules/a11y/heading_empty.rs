use super::static_value;
use crate::parse::content::Syntax;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a heading with no text: `##` alone on its line, `<h2></h2>`, or a heading
    /// whose only content is an image with `alt=""`. A heading named by `aria-label`, or
    /// whose text is built by a template, is not reported.
    ///
    /// ## Why is this bad?
    /// Screen reader users move through a page by its headings: an empty one is announced
    /// as "heading level 2" and nothing else, a step in the outline that leads nowhere.
    /// RGAA 9.1 requires headings to be relevant, and an empty heading is not.
    ///
    /// ## Example
    /// ```markdown
    /// ##
    ///
    /// Les ateliers reprennent en septembre.
    /// ```
    /// Use instead:
    /// ```markdown
    /// ## Rentrée des ateliers
    ///
    /// Les ateliers reprennent en septembre.
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 9.1: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#9.1
    /// - axe-core, `empty-heading`: https://dequeuniversity.com/rules/axe/4.11/empty-heading
    pub struct HeadingEmpty {
        code: "a11y/heading-empty",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#9.1",
        views: true,
    }
}

impl Check for HeadingEmpty {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        for heading in cx.markup.nodes().filter(|n| level(n.name()).is_some()) {
            if heading.dynamic_text()
                || !heading.text().trim().is_empty()
                || static_value(&heading, "aria-label").is_some()
            {
                continue;
            }
            let written = heading.span();
            let span = match heading.syntax() {
                Syntax::Html => written.start..(written.start + 3).min(written.end),
                Syntax::Markdown => {
                    let text = page.file.text.get(written.clone()).unwrap_or("");
                    written.start..written.start + text.trim_end().len()
                }
            };
            cx.report(
                span,
                format!("empty heading <{}> (RGAA 9.1)", heading.name()),
            )
            .with_label("no text")
            .with_help("write the heading's text, or remove it if the section has none");
        }
    }
}

/// The level of a heading element (`h2` → 2).
pub(super) fn level(name: &str) -> Option<u8> {
    let digit = name.strip_prefix('h')?.parse::<u8>().ok()?;
    (1..=6).contains(&digit).then_some(digit)
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::HeadingEmpty)
            .pass("## Rentrée des ateliers\n\n<h3>Programme</h3>\n\n## {{ titre }}\n")
            .pass("<h2><img src=\"/logo.svg\" alt=\"Les communs numériques\"></h2>\n")
            .pass("#hashtag n'est pas un titre\n")
            .pass("<h2>{% if court %}{% else %}{% endif %}</h2>\n")
            .fail("##\n\nLes ateliers reprennent en septembre.\n")
            .fail("<h2 class=\"fr-h4\"></h2>\n")
            .fail("<h3><img src=\"/deco.svg\" alt=\"\"></h3>\n")
            .run();
    }
}
