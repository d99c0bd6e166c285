use super::{checked_links, report_link};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::verdict::Verdict;

declare_rule! {
    /// ## What it does
    /// Reports an external link whose page is gone: the server answers 404 or 410, the host
    /// name does not exist, or redirects go round in a loop or end on a 4xx page. Each
    /// unique URL is requested once (HEAD, then GET when HEAD is refused), with retries;
    /// the message gives the redirect chain.
    ///
    /// ## Why is this bad?
    /// The reader follows the link and lands on an error page. Sites are reorganised,
    /// services close, domains lapse: a link that worked when written rots silently.
    ///
    /// ## Example
    /// ```markdown
    /// Voir [le forum](https://forum.etalab.gouv.fr/t/journee-bluehats/4614).
    /// ```
    /// Use instead, once you have found where the content went (or an archived copy):
    /// ```markdown
    /// Voir [le compte rendu](https://web.archive.org/web/2020/https://forum.etalab.gouv.fr/t/journee-bluehats/4614).
    /// ```
    ///
    /// ## References
    /// - https://www.rfc-editor.org/rfc/rfc9110#name-404-not-found
    pub struct Broken {
        code: "external/broken",
        severity: Error,
        scope: Page,
        url: "https://www.rfc-editor.org/rfc/rfc9110#name-404-not-found",
        views: true,
    }
}

impl Check for Broken {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for (link, url, check) in checked_links(cx.page, cx.site) {
            let Verdict::Broken { reason } = &check.verdict else {
                continue;
            };
            let _diagnostic = report_link(cx, link, format!("broken link: {reason}"))
                .with_label("broken")
                .with_help(format!(
                    "link to where the content went, or to an archived copy (https://web.archive.org/web/*/{url}), or remove the link"
                ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::site::verdict::Verdict;
    use crate::testing::{RuleTest, build_site, inputs, run_rule};

    #[test]
    fn cases() {
        let gone = Verdict::Broken {
            reason: "the page does not exist (404 Not Found)".into(),
        };
        RuleTest::new(super::Broken)
            .verdicts(&[
                ("https://www.etalab.gouv.fr/disparu", gone),
                ("https://code.gouv.fr/", Verdict::Ok { status: 200 }),
            ])
            .pass("[ok](https://code.gouv.fr/) [pas vérifié](https://www.etalab.gouv.fr/autre)\n")
            // Every occurrence is reported at its place, however the URL is written.
            .fail("[a](https://www.etalab.gouv.fr/disparu) et [b](https://WWW.etalab.gouv.fr/disparu#x)\n")
            .fail("<a href=\"https://www.etalab.gouv.fr/disparu\">Etalab</a>\n")
            .run();
    }

    #[test]
    fn offline_there_is_no_verdict_and_nothing_to_report() {
        let site = build_site(&inputs(&[(
            "page.md",
            "[a](https://www.etalab.gouv.fr/disparu)\n",
        )]));
        assert!(run_rule(&super::Broken, &site).is_empty());
    }
}
