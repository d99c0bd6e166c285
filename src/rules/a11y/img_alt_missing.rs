use super::{NAMING, any_attribute, is_hidden, static_value, tag_name_span, written_attribute};
use crate::parse::content::Element;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an HTML `<img>` with no `alt` attribute at all, an `<area href>` without
    /// `alt`, and an `<input type="image">` without `alt`; also an `alt` made only of
    /// spaces, which is neither an alternative nor the empty `alt` of a decorative image.
    /// `alt=""` marks a decorative image and is accepted; so are, as axe-core does, an
    /// `aria-label`, `aria-labelledby` or `title` that names the image, `role="presentation"`
    /// and `aria-hidden="true"`. Markdown images (`![texte](…)`) always get an `alt`.
    ///
    /// ## Why is this bad?
    /// Without `alt`, a screen reader reads the file name (`IMG_2043.jpg`) instead of what
    /// the image says, and a blind reader cannot tell whether it matters.
    ///
    /// ## Example
    /// ```html
    /// <img src="/img/schema-communs.png">
    /// ```
    /// Use instead:
    /// ```html
    /// <img src="/img/schema-communs.png" alt="Schéma : les trois piliers d'un commun">
    /// <img src="/img/separateur.png" alt="">
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 1.1: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#1.1
    pub struct ImgAltMissing {
        code: "a11y/img-alt-missing",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#1.1",
        fix: Sometimes,
        views: true,
    }
}

/// Whether the element is an image that needs an `alt` (RGAA 1.1.1, 1.1.2, 1.1.3).
fn needs_alt(element: &Element) -> bool {
    match element.name.as_str() {
        "img" => true,
        "area" => element.attribute("href").is_some(),
        "input" => element
            .attribute("type")
            .and_then(|a| a.value.as_deref())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("image")),
        _ => false,
    }
}

/// An image named by ARIA or `title`, or presented as decoration by its role, as axe-core
/// accepts it.
fn is_named_otherwise(element: &Element) -> bool {
    let presentational = matches!(static_value(element, "role"), Some(Some(role)) if matches!(role.trim(), "presentation" | "none"));
    presentational || any_attribute(element, NAMING, |value| !value.trim().is_empty())
}

impl Check for ImgAltMissing {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for element in cx.markup.elements {
            if !needs_alt(element) || is_hidden(element) || is_named_otherwise(element) {
                continue;
            }
            let what = match element.name.as_str() {
                "input" => "<input type=\"image\">",
                "area" => "<area>",
                _ => "<img>",
            };
            let _diagnostic = match written_attribute(element, "alt") {
                None if element.attribute("alt").is_some() => continue, // built by a template
                Some((_, alt)) if alt.is_empty() || !alt.trim().is_empty() => continue,
                Some((alt, _)) => cx.report(alt.span.clone(),
                        format!("{what} whose alt is only spaces (RGAA 1.1)"),
                    )
                    .with_label("neither a text nor empty")
                    .with_fix(alt.value_span.clone(), "")
                    .with_help("write what the image tells, or alt=\"\" (nothing between the quotes) if it is decorative"),
                None => cx.report(tag_name_span(element),
                        format!("{what} without an alt attribute (RGAA 1.1)"),
                    )
                    .with_label("no alt")
                    .with_help("add alt=\"…\" saying what the image tells, or alt=\"\" if it is decorative"),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::ImgAltMissing)
            .pass("<img src=\"/a.png\" alt=\"Schéma\">\n")
            .pass("<img src=\"/a.png\" alt=\"\">\n")
            .pass("<img src=\"/a.png\" alt>\n")
            .pass("![Schéma](/a.png)\n")
            .pass("<area shape=\"rect\" coords=\"0,0,1,1\">\n<input type=\"text\">\n")
            .pass("<img src=\"/a.png\" role=\"presentation\"> <img src=\"/b.png\" aria-label=\"Schéma\">\n")
            .pass("<img src=\"/a.png\" alt=\"{{ alt }}\">\n")
            .fail("<img src=\"/deco.png\" alt=\" \">\n")
            .fail("Logo : <img src=\"/logo.png\" width=\"40\">\n")
            .fail("<map name=\"m\"><area href=\"/a/\" coords=\"0,0,1,1\"></map>\n")
            .fail("<form><input type=\"IMAGE\" src=\"/ok.png\"></form>\n")
            .run();
    }
}
