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
    use crate::rules::links::test_support::{render, snapshot};
    use crate::testing::{build_site, inputs, run_rule};

    #[test]
    fn proposes_the_root_relative_link() {
        let text = "[a](https://communs.example.fr/a-propos/#equipe) [b](https://ailleurs.fr/a-propos/) [c](/a-propos/) https://communs.example.fr/a-propos/\n";
        let inputs = inputs(&[
            (
                "_data/metadata.json",
                r#"{ "url": "https://communs.example.fr" }"#,
            ),
            ("page.md", text),
            ("a-propos/index.md", "À propos"),
        ]);
        let site = build_site(&inputs);
        let found = run_rule(&super::SelfAbsolute, &site);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].fix.as_ref().unwrap().replacement,
            "/a-propos/#equipe"
        );
        snapshot("links_self_absolute", &render(&found, &site));
    }
}
