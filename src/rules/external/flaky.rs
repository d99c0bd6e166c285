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
        views: true,
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
    use crate::site::verdict::Verdict;
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        let flaky = |reason: &str| Verdict::Flaky {
            reason: reason.into(),
        };
        RuleTest::new(super::Flaky)
            .verdicts(&[
                (
                    "https://lent.gouv.fr/",
                    flaky("no answer within the timeout (3 attempts)"),
                ),
                (
                    "https://panne.gouv.fr/",
                    flaky("the server fails (503) after 3 attempts"),
                ),
                ("https://ok.gouv.fr/", Verdict::Ok { status: 200 }),
            ])
            .pass("[ok](https://ok.gouv.fr/)\n")
            .fail("[lent](https://lent.gouv.fr/)\n")
            .fail("[panne](https://panne.gouv.fr/)\n")
            .run();
    }
}
