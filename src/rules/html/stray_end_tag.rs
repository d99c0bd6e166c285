use crate::parse::content::ProblemKind;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an end tag that closes no open element: `</a>` without its `<a>`, `</div>`
    /// once the `<div>` is already closed, `</br>`. Pages that branch or include with
    /// template tags (`{% if %}`, `{% include %}`) are not judged.
    ///
    /// ## Why is this bad?
    /// A stray end tag is usually what is left of a copy and paste: the element it meant to
    /// close is elsewhere, or was already closed, and browsers repair the markup by
    /// guessing (a stray `</p>` even creates an empty paragraph). RGAA 8.2 asks for a valid
    /// source.
    ///
    /// ## Example
    /// ```html
    /// <p>Rendez-vous le 12 mai.</p></p>
    /// ```
    /// Use instead:
    /// ```html
    /// <p>Rendez-vous le 12 mai.</p>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 8.2: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2
    /// - html-validate, `close-order`: https://html-validate.org/rules/close-order.html
    pub struct StrayEndTag {
        code: "html/stray-end-tag",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2",
        views: true,
    }
}

impl Check for StrayEndTag {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for problem in &cx.markup.tree.problems {
            let ProblemKind::Stray { name } = &problem.kind else {
                continue;
            };
            if super::balanced_by_another_file(cx, name, true) {
                continue;
            }
            cx.report(
                problem.span.clone(),
                format!("`</{name}>` closes no open <{name}> (RGAA 8.2)"),
            )
            .with_label("nothing to close")
            .with_help(format!(
                "remove it, or add the `<{name}>` it was meant to close"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::StrayEndTag)
            .pass("<div>\n<p>Texte</p>\n</div>\n")
            .pass("<details>\n<summary>Plus</summary>\n\nDu **Markdown**.\n\n</details>\n")
            .pass("{% include \"encadre-debut.njk\" %}\nTexte.\n</div>\n")
            .fail("<p>Rendez-vous le 12 mai.</p></p>\n")
            .fail("Un lien [ici](/x/)</a> en trop.\n")
            .run();
    }
}
