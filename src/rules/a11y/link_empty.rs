use super::{NAMING, any_attribute, visible_links};
use crate::parse::content::{Node, Syntax};
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a link with no name: no text between `<a>` and `</a>` (nor in `[` `]`), no
    /// image alternative inside it, no `aria-label`, `aria-labelledby` or `title`. Text
    /// built by a template is not judged; `<a id>` without `href` is an anchor, not a link.
    ///
    /// ## Why is this bad?
    /// A screen reader announces such a link by its address, or as "link" alone: the reader
    /// cannot know where it goes. It is what is left of an icon link whose image has
    /// `alt=""`, or of a link whose text was removed. RGAA 6.2 requires a name for every
    /// link.
    ///
    /// ## Example
    /// ```html
    /// <a href="https://twitter.com/numerique_gouv"><img src="/img/twitter.svg" alt=""></a>
    /// ```
    /// Use instead:
    /// ```html
    /// <a href="https://twitter.com/numerique_gouv"><img src="/img/twitter.svg" alt="La DINUM sur Twitter"></a>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 6.2: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#6.2
    /// - axe-core, `link-name`: https://dequeuniversity.com/rules/axe/4.11/link-name
    pub struct LinkEmpty {
        code: "a11y/link-empty",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#6.2",
        views: true,
    }
}

/// Whether the link has a name, or one vigie cannot know.
fn is_named(link: &Node<'_>) -> bool {
    if link.dynamic_text() || !link.text().trim().is_empty() {
        return true;
    }
    any_attribute(link, NAMING, |value| !value.trim().is_empty())
}

impl Check for LinkEmpty {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for link in visible_links(cx.markup).filter(|l| !is_named(l)) {
            let written = link.span();
            let span = match link.syntax() {
                // `<a`: the start tag can be long.
                Syntax::Html => written.start..(written.start + 2).min(written.end),
                Syntax::Markdown => written,
            };
            let target = link
                .attribute("href")
                .and_then(|h| h.value.as_deref())
                .unwrap_or("");
            cx.report(span,
                        format!("link to `{target}` has no text: a screen reader announces only its address (RGAA 6.2)"),
                    )
                    .with_label("link with no name")
                    .with_help("write the destination as the link's text, or give the image inside it an `alt` that names it");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::LinkEmpty)
            .pass("[Le guide](/guide/) et <a href=\"/x/\">x</a>\n")
            .pass("<a href=\"/\"><img src=\"/logo.svg\" alt=\"Accueil\"></a>\n")
            .pass("[![Accueil](/logo.svg)](/)\n")
            .pass("<a href=\"/x/\" aria-label=\"Fermer\"><span class=\"fr-icon\"></span></a>\n")
            .pass("<a href=\"/x/\">{{ titre }}</a> <a id=\"haut\"></a>\n")
            .pass("<a href=\"/x/\"><img src=\"/logo.svg\" alt=\"{{ site.nom }}\"></a>\n")
            .pass("<a href=\"/\" class=\"fr-logo\">{% include \"logo.svg\" %}</a>\n")
            .fail("<a href=\"https://twitter.com/numerique_gouv\"><img src=\"/img/twitter.svg\" alt=\"\"></a>\n")
            .fail("Voir [](/guide/).\n")
            .fail("<a class=\"fr-link\" href=\"/contacts/\">  </a>\n")
            .run();
    }
}
