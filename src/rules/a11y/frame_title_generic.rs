use super::{visible_frames, written_attribute};
use crate::parse::slug::eleventy_slugify;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `<iframe>` or `<frame>` whose `title` says nothing about its content: a
    /// word like `iframe`, `vidéo`, `video`, `player`, `lecteur`, `embed`, `contenu`,
    /// `frame`, `titre`, `sans titre` (case, accents and spaces ignored), the default of an
    /// embed code ("YouTube video player", "Dailymotion Video Player"), the DSFR's
    /// placeholder (« [A MODIFIER | titre de l'iframe] »), or the frame's own `src`. A
    /// title built by a template is not judged.
    ///
    /// ## Why is this bad?
    /// The title is what a screen reader announces for the frame. "Vidéo" on every embed
    /// of a page does not tell which talk each one shows.
    ///
    /// ## Example
    /// ```html
    /// <iframe src="https://tube.fr/videos/embed/abc" title="vidéo"></iframe>
    /// ```
    /// Use instead:
    /// ```html
    /// <iframe src="https://tube.fr/videos/embed/abc" title="Vidéo : atelier BlueHats du 12 mai"></iframe>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 2.2: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#2.2
    pub struct FrameTitleGeneric {
        code: "a11y/frame-title-generic",
        severity: Warning,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#2.2",
        views: true,
    }
}

/// Titles that name the kind of thing, not the thing (already normalised).
const GENERIC: &[&str] = &[
    "iframe",
    "video",
    "player",
    "lecteur",
    "embed",
    "contenu",
    "frame",
    "titre",
    "sanstitre",
    "videoplayer",
    "lecteurvideo",
    // What the providers' embed codes write.
    "youtubevideoplayer",
    "dailymotionvideoplayer",
];

/// The DSFR documentation's placeholder, « [A MODIFIER | titre de l'iframe] » (normalised).
const PLACEHOLDER: &str = "amodifier";

/// Lowercase, without accents, spaces or punctuation: `Vidéo ` → `video`, `Sans titre` →
/// `sanstitre` (Eleventy's slugify already folds case and accents).
fn normalise(text: &str) -> String {
    eleventy_slugify(text, 3).replace('-', "")
}

impl Check for FrameTitleGeneric {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for element in visible_frames(cx.markup) {
            let Some((attribute, title)) = written_attribute(element, "title") else {
                continue;
            };
            let normalised = normalise(title);
            // An empty title is a11y/frame-title-missing's.
            if normalised.is_empty() {
                continue;
            }
            let src = element.attribute("src").and_then(|a| a.value.as_deref());
            let said = if src.is_some_and(|src| src.trim() == title.trim()) {
                "its address"
            } else if normalised.contains(PLACEHOLDER) {
                "the DSFR's placeholder"
            } else if GENERIC.contains(&normalised.as_str()) {
                "a generic word"
            } else {
                continue;
            };
            cx.report(
                attribute.value_span.clone(),
                format!(
                    "{} title \"{}\" does not say what it shows (RGAA 2.2)",
                    element.name,
                    title.trim()
                ),
            )
            .with_label(format!("title is {said}"))
            .with_help(
                "name the content: \"Vidéo : <sujet>\", \"Diaporama : <titre de la présentation>\"",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::FrameTitleGeneric)
            .pass("<iframe src=\"https://x.fr/v\" title=\"Vidéo : atelier Catala\"></iframe>\n")
            .pass("<iframe src=\"https://x.fr/v\" title=\"{{ titre }}\"></iframe>\n")
            .pass("<iframe src=\"https://x.fr/v\"></iframe>\n")
            .pass("<iframe src=\"https://x.fr/v\" title=\"\"></iframe>\n")
            .fail("<iframe src=\"https://x.fr/v\" title=\" Vidéo \"></iframe>\n")
            .fail("<iframe src=\"https://x.fr/v\" title=\"Sans titre\"></iframe>\n")
            .fail("<iframe src=\"https://x.fr/v\" title=\"https://x.fr/v\"></iframe>\n")
            .fail("<iframe src=\"https://www.youtube.com/embed/x\" title=\"YouTube video player\"></iframe>\n")
            .fail("<iframe class=\"fr-responsive-vid\" src=\"https://x.fr/v\" title=\"[A MODIFIER | titre de l’iframe]\"></iframe>\n")
            .run();
    }
}
