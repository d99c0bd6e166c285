use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports presentational attributes in HTML written in pages: `frameborder`,
    /// `scrolling`, `marginwidth`, `marginheight`, `allowtransparency` on `<iframe>`;
    /// `align`, `valign`, `bgcolor`, `hspace`, `vspace`, `nowrap`, `cellpadding`,
    /// `cellspacing` anywhere; `border` on `<img>`/`<table>`; `width`/`height` on
    /// `<table>`, `<td>`, `<th>` (they stay valid on `<img>`, `<iframe>`, `<video>`).
    /// The help names the CSS that does the same (no automatic fix: the CSS may be needed).
    ///
    /// ## Why is this bad?
    /// RGAA 10.1 asks that presentation be done with style sheets only, so a reader can
    /// override it (zoom, high contrast, own style sheet). These attributes are also
    /// obsolete in HTML: the embed codes of video sites still paste them.
    ///
    /// ## Example
    /// ```html
    /// <iframe src="https://www.dailymotion.com/embed/video/x1" frameborder="0" title="Vidéo : atelier"></iframe>
    /// ```
    /// Use instead:
    /// ```html
    /// <iframe src="https://www.dailymotion.com/embed/video/x1" style="border: 0" title="Vidéo : atelier"></iframe>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 10.1: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#10.1
    /// - https://html.spec.whatwg.org/multipage/obsolete.html#non-conforming-features
    pub struct ObsoleteAttribute {
        code: "html/obsolete-attribute",
        severity: Warning,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#10.1",
        views: true,
    }
}

/// The CSS that replaces `attribute` on `element`, when the attribute is presentational
/// there.
fn css_for(element: &str, attribute: &str) -> Option<&'static str> {
    let css = match (element, attribute) {
        ("iframe", "frameborder") => "`border: 0`",
        ("iframe", "scrolling") => "`overflow` (or nothing: most embeds need no scrollbar setting)",
        ("iframe", "marginwidth" | "marginheight") => "the embedded page's own `margin`",
        ("iframe", "allowtransparency") => "nothing: iframes are transparent by default",
        (_, "align") => "`text-align`, `float` or a DSFR layout class",
        (_, "valign") => "`vertical-align`",
        (_, "bgcolor") => "`background-color`",
        (_, "hspace" | "vspace") => "`margin`",
        (_, "nowrap") => "`white-space: nowrap`",
        ("table", "cellpadding") => "`padding` on the cells",
        ("table", "cellspacing") => "`border-spacing`",
        ("img" | "table", "border") => "`border`",
        ("table" | "td" | "th", "width") => "`width`",
        ("table" | "td" | "th", "height") => "`height`",
        _ => return None,
    };
    Some(css)
}

impl Check for ObsoleteAttribute {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for element in cx.markup.elements {
            for attribute in &element.attributes {
                let Some(css) = css_for(&element.name, &attribute.name) else {
                    continue;
                };
                cx.report(
                    attribute.span.clone(),
                    format!(
                        "presentational attribute `{}` on <{}> (RGAA 10.1)",
                        attribute.name, element.name
                    ),
                )
                .with_label("presentation belongs in CSS")
                // No automatic fix: removing `frameborder="0"` without the CSS
                // brings the browser's default border back.
                .with_help(format!("remove it; if its effect is needed, use {css}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::ObsoleteAttribute)
            .pass("<iframe src=\"https://x.fr/v\" width=\"560\" height=\"315\" title=\"Vidéo\" allowfullscreen></iframe>\n")
            .pass("<img src=\"/a.png\" alt=\"\" width=\"40\" height=\"40\">\n")
            .pass("<p class=\"fr-mt-2w\">Texte</p>\n")
            .fail("<iframe src=\"https://x.fr/v\" frameborder=\"0\" scrolling=no title=\"Vidéo\"></iframe>\n")
            .fail("<table border=\"1\" cellpadding=\"4\"><tr><td valign=\"top\" width=\"50%\">a</td></tr></table>\n")
            .fail("<p ALIGN=center>Centré</p>\n")
            .run();
    }
}
