use super::{static_value, tag_name_span, visible_frames};
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `<iframe>` or `<frame>` with no `title`, or an empty one. A title built by
    /// a template (`title="{{ titre }}"`) is not judged; a frame with `aria-hidden="true"`
    /// is out of scope (RGAA 2.1, note).
    ///
    /// ## Why is this bad?
    /// A screen reader announces a frame by its title. Without one, the reader only hears
    /// "frame" and must enter it to guess what the embedded video or slides are about.
    ///
    /// ## Example
    /// ```html
    /// <iframe src="https://speakerdeck.com/player/abc"></iframe>
    /// ```
    /// Use instead:
    /// ```html
    /// <iframe src="https://speakerdeck.com/player/abc" title="Présentation : les communs numériques"></iframe>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 2.1: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#2.1
    pub struct FrameTitleMissing {
        code: "a11y/frame-title-missing",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#2.1",
        views: true,
    }
}

impl Check for FrameTitleMissing {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for element in visible_frames(cx.markup) {
            let (span, message) = match static_value(element, "title") {
                // Built by a template: vigie cannot know it.
                Some(None) => continue,
                Some(Some(title)) if !title.trim().is_empty() => continue,
                Some(Some(_)) => (
                    element
                        .attribute("title")
                        .map_or(tag_name_span(element), |a| a.span.clone()),
                    format!("{} with an empty title (RGAA 2.1)", element.name),
                ),
                None => (
                    tag_name_span(element),
                    format!("{} without a title (RGAA 2.1)", element.name),
                ),
            };
            cx.report(span, message)
                    .with_label("no accessible name")
                    .with_help("add a `title` saying what the frame shows, e.g. title=\"Vidéo : présentation du projet\"");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::FrameTitleMissing)
            .pass("<iframe src=\"https://x.fr/v\" title=\"Vidéo : atelier\"></iframe>\n")
            .pass("<iframe src=\"https://x.fr/v\" title=\"{{ titre }}\"></iframe>\n")
            .pass("<iframe src=\"https://x.fr/v\" aria-hidden=\"true\"></iframe>\n")
            .pass("<p>Pas de cadre</p>\n")
            .fail("Voir :\n\n<iframe width=\"560\" src=\"https://speakerdeck.com/player/a\" allowfullscreen></iframe>\n")
            .fail("<iframe src=\"https://x.fr/v\" title=\" \"></iframe>\n")
            .run();
    }
}
