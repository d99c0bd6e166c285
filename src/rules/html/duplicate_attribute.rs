use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an attribute written twice on the same start tag (`class`, `title`,
    /// `href` …), case ignored, at its second occurrence.
    ///
    /// ## Why is this bad?
    /// Browsers keep the first value and silently drop the second: the author who added
    /// `title="… - nouvelle fenêtre"` at the end of a tag that already had a `title` never
    /// sees it applied. RGAA 8.2 counts duplicate attributes as invalid source.
    ///
    /// ## Example
    /// ```html
    /// <a href="https://www.etalab.gouv.fr" title="Etalab" target="_blank" title="Etalab - nouvelle fenêtre">Etalab</a>
    /// ```
    /// Use instead:
    /// ```html
    /// <a href="https://www.etalab.gouv.fr" target="_blank" title="Etalab - nouvelle fenêtre">Etalab</a>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 8.2: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2
    /// - WHATWG, `duplicate-attribute`: https://html.spec.whatwg.org/multipage/parsing.html#parse-error-duplicate-attribute
    pub struct DuplicateAttribute {
        code: "html/duplicate-attribute",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2",
        views: true,
    }
}

impl Check for DuplicateAttribute {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        for element in cx.markup.elements {
            for (i, attribute) in element.attributes.iter().enumerate() {
                let Some(first) =
                    (element.attributes.iter().take(i)).find(|a| a.name == attribute.name)
                else {
                    continue;
                };
                cx.report(
                    attribute.span.clone(),
                    format!(
                        "`{}` is written twice on this <{}>: browsers ignore the second (RGAA 8.2)",
                        attribute.name, element.name
                    ),
                )
                .with_label("ignored")
                .with_related(
                    &page.file.rel,
                    first.span.clone(),
                    "the value browsers keep",
                )
                .with_help("keep one of the two, with the value you mean");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::DuplicateAttribute)
            .pass("<a href=\"/x/\" title=\"X\" class=\"fr-link\">X</a>\n")
            .fail("<a href=\"https://www.etalab.gouv.fr\" title=\"Etalab\" target=\"_blank\" TITLE=\"Etalab - nouvelle fenêtre\">Etalab</a>\n")
            .run();
    }
}
