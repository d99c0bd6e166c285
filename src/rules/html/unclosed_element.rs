use crate::parse::content::ProblemKind;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an HTML element whose end tag is missing: an `<a>`, `<div>`, `<span>` …
    /// that the markup leaves open until a parent ends, a Markdown block ends, or the page
    /// ends. It is reported at its own start tag. Elements whose end tag HTML allows to
    /// leave out (`<p>`, `<li>`, `<td>` …) and void elements (`<img>`, `<br>`) are not
    /// reported. Pages that branch or include with template tags (`{% if %}`,
    /// `{% include %}`) are not judged.
    ///
    /// ## Why is this bad?
    /// Browsers repair the markup in ways the author did not mean: an `<a>` left open is
    /// re-opened around the following paragraphs, so the rest of the page becomes one link
    /// for a screen reader. RGAA 8.2 asks for a valid source, closing tags included.
    ///
    /// ## Example
    /// ```html
    /// <p>Voici des informations pour <a href="https://man.sr.ht/~etalab/veille.md">organiser votre veille.</p>
    /// ```
    /// Use instead:
    /// ```html
    /// <p>Voici des informations pour <a href="https://man.sr.ht/~etalab/veille.md">organiser votre veille</a>.</p>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 8.2: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2
    /// - html-validate, `close-order`: https://html-validate.org/rules/close-order.html
    pub struct UnclosedElement {
        code: "html/unclosed-element",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2",
        views: true,
    }
}

impl Check for UnclosedElement {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        for problem in &cx.markup.tree.problems {
            let ProblemKind::Unclosed {
                name,
                closed_by,
                self_closing,
            } = &problem.kind
            else {
                continue;
            };
            if super::balanced_by_another_file(cx, name, false) {
                continue;
            }
            let message = if *self_closing {
                format!(
                    "`<{name} … />` is not closed: `/>` does not end a <{name}> in HTML (RGAA 8.2)"
                )
            } else {
                format!("<{name}> is never closed (RGAA 8.2)")
            };
            let mut diagnostic = cx
                .report(problem.span.clone(), message)
                .with_label(format!("<{name}> opened here"))
                .with_help(format!("write `</{name}>` where the element should end"));
            if let Some(closed_by) = closed_by {
                let label = match page.file.text.get(closed_by.clone()) {
                    Some(tag) if tag.starts_with("</") => format!("`{tag}` ends it here"),
                    _ => "the Markdown block ends it here".to_owned(),
                };
                diagnostic = diagnostic.with_related(&page.file.rel, closed_by.clone(), label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::UnclosedElement)
            .pass("<div class=\"fr-highlight\">\n  <p>Texte <a href=\"/x/\">lien</a>.</p>\n</div>\n")
            .pass("<ul>\n<li>un\n<li>deux\n</ul>\n\n<p>Fin <img src=\"/a.png\" alt=\"\"><br>\n")
            .pass("<div>\n\n## Un titre en Markdown\n\nDu *texte*.\n\n</div>\n")
            .pass("{% if lien %}<a href=\"/x/\">{% else %}<a href=\"/y/\">{% endif %}texte</a>\n")
            .fail("<div class=\"fr-highlight\">\n  <p>Voici des informations pour <a href=\"https://man.sr.ht/~etalab/veille.md\" title=\"Veille\">organiser votre veille.</p>\n</div>\n")
            .fail("Un paragraphe avec <span class=\"fr-badge\">nouveau\n\nPuis un autre.\n")
            .fail("<iframe src=\"https://x.fr/v\" title=\"Vidéo\" />\n\nLa suite.\n")
            .fail("<section>\n\nTexte.\n")
            .run();
    }

    /// A header include opens what a footer include closes: the built page is balanced.
    #[test]
    fn layouts_are_judged_with_what_is_rendered_with_them() {
        use crate::rules::html::stray_end_tag::StrayEndTag;
        use crate::testing::{build_site, inputs, run_rule};
        let site = |footer: &'static str| {
            [
                ("page.md", "---\nlayout: base.njk\n---\n# Titre\n"),
                (
                    "_includes/base.njk",
                    "<body>{% include \"header.njk\" %}{{ content | safe }}{% include \"footer.njk\" %}</body>",
                ),
                ("_includes/header.njk", "<div class=\"page\">\n<main>\n"),
                ("_includes/footer.njk", footer),
            ]
        };
        let found = |rule: &dyn crate::rules::Rule, footer| {
            let site = build_site(&inputs(&site(footer)));
            run_rule(rule, &site)
                .into_iter()
                .map(|d| (d.file, d.message))
                .collect::<Vec<_>>()
        };
        let balanced = "</main>\n</div>\n";
        assert!(found(&super::UnclosedElement, balanced).is_empty());
        assert!(found(&StrayEndTag, balanced).is_empty());
        assert_eq!(
            found(&super::UnclosedElement, "</main>\n"),
            [(
                "_includes/header.njk".to_owned(),
                "<div> is never closed (RGAA 8.2)".to_owned()
            )]
        );
        assert_eq!(
            found(&StrayEndTag, "</main>\n</div>\n</p>\n"),
            [(
                "_includes/footer.njk".to_owned(),
                "`</p>` closes no open <p> (RGAA 8.2)".to_owned()
            )]
        );
    }
}
