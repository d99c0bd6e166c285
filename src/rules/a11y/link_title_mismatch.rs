use super::{comparable, excerpt, visible_links, written_attribute};
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a link whose `title` (an HTML `title`, or a Markdown link title
    /// `[texte](url "titre")`) does not contain the link's visible text. Case, punctuation
    /// and spacing are ignored, accents are not. A title that starts or ends with the text
    /// and adds the site's conventions, « - Lien externe », « - nouvelle fenêtre », is fine.
    ///
    /// ## Why is this bad?
    /// Some screen readers and voice-control users get the title instead of the text: a
    /// voice-control user who says « revoir » cannot activate a link whose name is
    /// « Présentation d'Esup-Pod ». RGAA's glossary (« Intitulé de lien », note 2) says a
    /// title that does not repeat at least the visible text makes the link not explicit
    /// (criterion 6.1).
    ///
    /// ## Example
    /// ```markdown
    /// [revoir](https://dai.ly/x85y300 "Présentation d'Esup-Pod - Lien externe")
    /// ```
    /// Use instead:
    /// ```markdown
    /// [revoir la présentation d'Esup-Pod](https://dai.ly/x85y300 "revoir la présentation d'Esup-Pod - Lien externe")
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 6.1: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#6.1
    /// - RGAA glossary, « Intitulé (ou nom accessible) de lien », note 2
    pub struct LinkTitleMismatch {
        code: "a11y/link-title-mismatch",
        severity: Warning,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#6.1",
        views: true,
    }
}

impl Check for LinkTitleMismatch {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for link in visible_links(cx.markup) {
            let Some((attribute, title)) = written_attribute(&link, "title") else {
                continue;
            };
            let text = comparable(link.text());
            let compared = comparable(title);
            if link.dynamic_text() || text.is_empty() || compared.is_empty() {
                continue;
            }
            if compared.contains(&text) {
                continue;
            }
            let shown = excerpt(link.text(), 60);
            cx.report(attribute.value_span.clone(),
                        format!(
                            "link title « {} » does not contain the link text « {shown} » (RGAA 6.1)",
                            excerpt(title, 80)
                        ),
                    )
                    .with_label("does not repeat the visible text")
                    .with_help(format!(
                        "start the title with the visible text (« {shown} - … »), make the visible text say what the title says, or remove the title"
                    ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::LinkTitleMismatch)
            .pass("[Etalab](https://www.etalab.gouv.fr/ \"Etalab - Lien externe\")\n")
            .pass("<a href=\"https://x.fr\" target=\"_blank\" title=\"L’atelier du 12 mai - nouvelle fenêtre\">l'atelier du 12&nbsp;mai</a>\n")
            .pass("[le guide](/guide/) <a href=\"/x/\" title=\"{{ t }}\">x</a>\n")
            .pass("[texte][ref]\n\n[ref]: /x/ \"Le texte complet\"\n")
            .fail("- *Esup-Pod* ([revoir](https://dai.ly/x85y300 \"Présentation d’Esup-Pod, Nicolas Can - Lien externe\"))\n")
            .fail("<a href=\"https://man.sr.ht/~etalab/veille.md\" title=\"Organiser votre veille - Lien externe\">la veille</a>\n")
            .fail("Le [guide][ref].\n\n[ref]: /x/ \"Autre chose\"\n")
            .fail("Avec [Jérémie Fabre](https://x.fr \"Jeremie Fabre - Lien externe\").\n")
            .run();
    }
}
