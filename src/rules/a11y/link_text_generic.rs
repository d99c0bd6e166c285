use std::collections::HashSet;
use std::sync::LazyLock;

use super::{comparable, comparable_within, static_value, visible_links};
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a link whose whole text says nothing of where it goes: « ici », « cliquez
    /// ici », « ce lien », « en savoir plus », « lire la suite », "click here", "read
    /// more" … (case and punctuation ignored). The list is data, in vigie's
    /// `rules/words/generic-link-text.txt`. A link with an `aria-label` is named by it and
    /// not reported.
    ///
    /// ## Why is this bad?
    /// Screen reader users often move from link to link, or list a page's links: they hear
    /// « ici, ici, en savoir plus » with no sentence around. RGAA 6.1 accepts a link made
    /// explicit by its context (sentence, list item, heading), hence a warning; but a
    /// link that names its destination is clear everywhere.
    ///
    /// ## Example
    /// ```markdown
    /// Le programme de la journée est [ici](/rencontres/programme/).
    /// ```
    /// Use instead:
    /// ```markdown
    /// Lire [le programme de la journée](/rencontres/programme/).
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 6.1: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#6.1
    /// - WCAG 2.4.9, Link Purpose (Link Only): https://www.w3.org/WAI/WCAG21/Understanding/link-purpose-link-only
    pub struct LinkTextGeneric {
        code: "a11y/link-text-generic",
        severity: Warning,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#6.1",
        views: true,
    }
}

/// The word list, one phrase a line, `#` comments.
const WORDS: &str = include_str!("../../../rules/words/generic-link-text.txt");

static GENERIC: LazyLock<HashSet<String>> = LazyLock::new(|| {
    WORDS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(comparable)
        .filter(|phrase| !phrase.is_empty())
        .collect()
});

/// The longest phrase of the list: a link text whose comparable form is longer is none.
static LONGEST: LazyLock<usize> =
    LazyLock::new(|| GENERIC.iter().map(String::len).max().unwrap_or(0));

impl Check for LinkTextGeneric {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for link in visible_links(cx.markup) {
            if link.dynamic_text()
                || static_value(&link, "aria-label").is_some()
                || static_value(&link, "aria-labelledby").is_some()
            {
                continue;
            }
            if !comparable_within(link.text(), *LONGEST).is_some_and(|text| GENERIC.contains(&text))
            {
                continue;
            }
            let text = link.text().trim();
            cx.report(link.span(),
                        format!("link text « {text} » says nothing of where the link goes (RGAA 6.1)"),
                    )
                    .with_label("read alone, this says nothing")
                    .with_help(format!(
                        "name the destination in the link: « [le programme de la journée](…) » rather than « [{text}](…) »; RGAA accepts « {text} » only where the sentence or list item around says where it goes"
                    ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::LinkTextGeneric)
            .pass("Lire [le programme de la journée](https://example.org/programme).\n")
            .pass("<a href=\"/x/\" aria-label=\"Lire la suite de l'article sur les communs\">Lire la suite</a>\n")
            .pass("Un [lien vers le SILL](https://sill.code.gouv.fr) et [{{ texte }}](/x/).\n")
            .fail("Inscrivez-vous [ici](https://example.org/inscription).\n")
            .fail("- *Le projet Dynare*, [lien](https://speakerdeck.com/bluehats/le-projet-dynare)\n")
            .fail("<p><a class=\"fr-link\" href=\"/blog/\">En savoir plus…</a></p>\n")
            .fail("[Click here!](https://example.org)\n")
            .run();
    }
}
