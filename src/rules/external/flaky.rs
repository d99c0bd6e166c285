use super::{checked_links, report_link};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::verdict::Verdict;

declare_rule! {
    /// ## What it does
    /// Reports an external link that kept failing in ways that may pass: no answer within
    /// the timeout, a reset connection, a server error (5xx) or a rate limit (429) still
    /// there after the retries (with backoff, honouring `Retry-After`).
    ///
    /// ## Why is this bad?
    /// It may be a server down for an hour or one gone for good. A warning, not an error:
    /// a check should not fail because someone else's server had a bad minute.
    ///
    /// ## Example
    /// ```markdown
    /// [Les statistiques](https://stats.example.gouv.fr/tableau) (answers 503 three times)
    /// ```
    /// Use instead: check the link again later; if it keeps failing, replace or remove it.
    /// ```markdown
    /// [Les statistiques](https://www.data.gouv.fr/fr/datasets/statistiques/)
    /// ```
    ///
    /// ## References
    /// - https://www.rfc-editor.org/rfc/rfc9110#name-retry-after
    pub struct Flaky {
        code: "external/flaky",
        severity: Warning,
        scope: Page,
        url: "https://www.rfc-editor.org/rfc/rfc9110#name-retry-after",
    }
}

impl Check for Flaky {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for (link, _, check) in checked_links(cx.page, cx.site) {
            let Verdict::Flaky { reason } = &check.verdict else {
                continue;
            };
            let message = format!("this link did not answer reliably: {reason}");
            report_link(cx, link, message)
                .with_label("no reliable answer")
                .with_help("check it again later; if it keeps failing, replace or remove it");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::external::test_support::site_with;
    use crate::rules::links::test_support::{render, snapshot};
    use crate::site::verdict::Verdict;
    use crate::testing::run_rule;

    #[test]
    fn timeouts_and_server_errors_warn() {
        let site = site_with(
            "[lent](https://lent.gouv.fr/) [panne](https://panne.gouv.fr/) [ok](https://ok.gouv.fr/)\n",
            &[
                (
                    "https://lent.gouv.fr/",
                    Verdict::Flaky {
                        reason: "no answer within the timeout (3 attempts)".into(),
                    },
                ),
                (
                    "https://panne.gouv.fr/",
                    Verdict::Flaky {
                        reason: "the server fails (503) after 3 attempts".into(),
                    },
                ),
                ("https://ok.gouv.fr/", Verdict::Ok { status: 200 }),
            ],
        );
        let found = run_rule(&super::Flaky, &site);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|d| d.severity == crate::Severity::Warning));
        snapshot("external_flaky", &render(&found, &site));
    }
}
