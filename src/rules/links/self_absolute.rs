use super::report_link;
use crate::parse::content::LinkKind;
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::links::site_relative;

declare_rule! {
    /// ## What it does
    /// Reports an absolute URL to the site's own domain (`url` of `_data/metadata.json`, or
    /// `[site] url` of `vigie.toml`) where a root-relative link would do:
    /// `https://communs.numerique.gouv.fr/a-propos/` → `/a-propos/`.
    ///
    /// ## Why is this bad?
    /// An absolute link leaves the preview or staging copy of the site for production, breaks
    /// when the domain changes, and cannot follow a `pathPrefix`. vigie checks the page it
    /// points at either way (`links/missing-page`).
    ///
    /// ## Example
    /// ```markdown
    /// [À propos](https://communs.numerique.gouv.fr/a-propos/)
    /// ```
    /// Use instead:
    /// ```markdown
    /// [À propos](/a-propos/)
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/filters/url/
    pub struct SelfAbsolute {
        code: "links/self-absolute",
        severity: Warning,
        scope: Page,
        url: "https://www.11ty.dev/docs/filters/url/",
        fix: Always,
        safe_fix: true,
    }
}

impl Check for SelfAbsolute {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let site = cx.site;
        for link in &cx.page.content.links {
            // A bare URL in text (linkify, `<…>`) is shown as written: a path would not be a link.
            if link.dynamic || matches!(link.kind, LinkKind::Linkify | LinkKind::Autolink) {
                continue;
            }
            let Some(rest) = site_relative(&link.target, site) else {
                continue;
            };
            let relative = if rest.starts_with('/') {
                rest.to_owned()
            } else {
                format!("/{rest}")
            };
            let message = "absolute link to this site's own domain".to_owned();
            report_link(cx, link, message)
                .with_label("same site")
                .with_help(format!(
                    "link to `{relative}`: it works on every copy of the site"
                ))
                .with_fix(link.span.clone(), relative);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    /// A site at `https://communs.example.fr` whose `page.md` is `page`.
    fn site(page: &str) -> [(&str, &str); 3] {
        [
            (
                "_data/metadata.json",
                r#"{ "url": "https://communs.example.fr" }"#,
            ),
            ("page.md", page),
            ("a-propos/index.md", "À propos"),
        ]
    }

    #[test]
    fn cases() {
        RuleTest::new(super::SelfAbsolute)
            .pass_site(&site(
                "[b](https://ailleurs.fr/a-propos/) [c](/a-propos/)\n",
            ))
            // Written bare, the address is text as well as a link: a path would not do.
            .pass_site(&site("https://communs.example.fr/a-propos/\n"))
            .fail_site(&site("[a](https://communs.example.fr/a-propos/#equipe)\n"))
            .fail_site(&site(
                "<a href=\"https://communs.example.fr\">Accueil</a>\n",
            ))
            .run();
    }
}
