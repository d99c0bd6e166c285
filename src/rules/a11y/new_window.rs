use super::{any_attribute, visible_links, written_attribute};
use crate::parse::content::Node;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `<a target="_blank">` (or `_new`) that does not warn that it opens a new
    /// window: none of « nouvelle fenêtre », « nouvel onglet », "new window", "new tab"
    /// (case ignored) in its text, `title` or `aria-label`. A `target`, `title` or text
    /// built by a template is not judged.
    ///
    /// ## Why is this bad?
    /// A reader who is not warned loses the Back button and, with a screen reader or a
    /// magnifier, may not notice the new window at all. The DSFR asks for
    /// `title="<intitulé> - nouvelle fenêtre"` on such links. RGAA has no criterion for it
    /// (13.2 only forbids windows opened without a user action): this is a DSFR convention
    /// and WCAG technique G201, hence a warning. `target="_new"` also reuses one named window and gets no
    /// DSFR external-link icon.
    ///
    /// ## Example
    /// ```html
    /// <a href="https://www.openstreetmap.fr" target="_new">OpenStreetMap</a>
    /// ```
    /// Use instead:
    /// ```html
    /// <a href="https://www.openstreetmap.fr" target="_blank" rel="noopener" title="OpenStreetMap - nouvelle fenêtre">OpenStreetMap</a>
    /// ```
    ///
    /// ## References
    /// - WCAG technique G201: https://www.w3.org/WAI/WCAG21/Techniques/general/G201
    /// - RGAA 4.1, criterion 13.2 (automatic opening only): https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#13.2
    /// - DSFR, Lien externe: `title="[intitulé du lien] - nouvelle fenêtre"`
    pub struct NewWindow {
        code: "a11y/new-window",
        severity: Warning,
        scope: Page,
        url: "https://www.w3.org/WAI/WCAG21/Techniques/general/G201",
        views: true,
    }
}

/// Words that tell the reader a new window or tab opens.
const WARNINGS: &[&str] = &["nouvelle fenêtre", "nouvel onglet", "new window", "new tab"];

/// Whether the link's text, title or label warns of the new window, or is not known.
fn warns(link: &Node<'_>) -> bool {
    let said = |text: &str| {
        let text = text.to_lowercase();
        WARNINGS.iter().any(|w| text.contains(w))
    };
    link.dynamic_text() || said(link.text()) || any_attribute(link, &["title", "aria-label"], said)
}

/// The DSFR's words in the language of the pages the link shows on (their `lang` data,
/// French by default): a layout's link may show on French and English pages.
fn words(cx: &PageContext<'_>) -> (&'static str, &'static str) {
    let english = |page: &crate::site::Page| {
        page.data
            .get("lang")
            .and_then(|(lang, _)| lang.as_str())
            .is_some_and(|lang| lang.starts_with("en"))
    };
    let (mut french, mut en) = (false, false);
    let shown_on: &[usize] = match &cx.page.role {
        crate::site::Role::Shown {
            layout: Some(l), ..
        } => cx
            .site
            .renders
            .pages_of_file
            .get(*l)
            .map_or(&[], Vec::as_slice),
        _ => &[],
    };
    if shown_on.is_empty() {
        (french, en) = (!english(cx.page), english(cx.page));
    }
    for page in shown_on.iter().filter_map(|&p| cx.site.pages.get(p)) {
        let is_english = english(page);
        en |= is_english;
        french |= !is_english;
    }
    match (french, en) {
        (true, true) => ("nouvelle fenêtre", "; \"new window\" on its English pages"),
        (false, true) => ("new window", ""),
        _ => ("nouvelle fenêtre", ""),
    }
}

impl Check for NewWindow {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for link in visible_links(cx.markup) {
            let Some((attribute, target)) = written_attribute(&link, "target") else {
                continue;
            };
            let target = target.trim().to_lowercase();
            if (target != "_blank" && target != "_new") || warns(&link) {
                continue;
            }
            let (words, english) = words(cx);
            let help = if target == "_new" {
                format!(
                    "write target=\"_blank\" and add title=\"<link text> - {words}\"{english} (DSFR: `_new` reuses one window and gets no external-link icon), or drop `target`"
                )
            } else {
                format!(
                    "add title=\"<link text> - {words}\"{english} (DSFR), or drop `target` to open in the same window"
                )
            };
            cx.report(
                attribute.span.clone(),
                format!("link opens a new window without saying so (`target=\"{target}\"`, DSFR)"),
            )
            .with_label("opens a new window")
            .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::NewWindow)
            .pass("<a href=\"https://x.fr\" target=\"_blank\" title=\"X - Nouvelle fenêtre\">X</a>\n")
            .pass("<a href=\"https://x.fr\" target=\"_blank\" title=\"X (new tab)\">X</a>\n")
            .pass("<a href=\"https://x.fr\" target=\"_self\">X</a> <a href=\"/y/\">Y</a>\n")
            .pass("<a href=\"https://x.fr\" target=\"_blank\" title=\"{{ t }}\">X</a>\n")
            .pass("<a href=\"https://x.fr\" target=\"_blank\">X (nouvelle fenêtre)</a>\n")
            .fail("<a target=\"_new\" href=\"https://www.openstreetmap.fr\" class=\"fr-card__link\">OSM</a>\n")
            .fail("<a href=\"https://x.fr\" target=_blank title=\"Site X\">X</a>\n")
            // An English page (`lang: en`) is told the DSFR's English words.
            .fail("---\nlang: en\n---\n<a href=\"https://x.fr\" target=\"_blank\">X</a>\n")
            .run();
    }

    /// A layout's link on French and English pages: both words.
    #[test]
    fn a_layout_link_is_told_in_the_languages_of_its_pages() {
        use crate::testing::{build_site, inputs, run_rule};
        let site = build_site(&inputs(&[
            (
                "_includes/base.njk",
                "<a href=\"https://x.fr\" target=\"_blank\">x</a>{{ content | safe }}",
            ),
            ("fr.md", "---\nlayout: base.njk\nlang: fr\n---\n"),
            ("en.md", "---\nlayout: base.njk\nlang: en\n---\n"),
        ]));
        let found = run_rule(&super::NewWindow, &site);
        assert_eq!(found.len(), 1);
        let help = found[0].help.as_deref().unwrap();
        assert!(
            help.contains("nouvelle fenêtre\"; \"new window\" on its English pages"),
            "{help}"
        );
    }
}
