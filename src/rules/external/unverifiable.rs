use super::{checked_links, report_link};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::verdict::{NotChecked, Verdict};

declare_rule! {
    /// ## What it does
    /// Reports an external link vigie could not verify: a login stands in the way (401), a
    /// bot wall answers instead of the page (403 with `cf-mitigated: challenge`, Cloudflare,
    /// AWS WAF, LinkedIn's 999), the TLS handshake fails, or the address is private
    /// (loopback, intranet, link-local), which vigie never connects to without
    /// `--allow-private`.
    ///
    /// ## Why is this bad?
    /// It may be fine in a browser and broken for everyone: nobody knows until someone
    /// looks. A warning rather than an error, so a bot wall does not fail every check.
    ///
    /// ## Example
    /// ```markdown
    /// [Notre page](https://www.linkedin.com/company/etalab/) (answers 999 to robots)
    /// ```
    /// Use instead: open the link in a browser once; if it works, keep it, or turn the
    /// rule off for such hosts in `vigie.toml` with `[external] exclude`:
    /// ```toml
    /// [external]
    /// exclude = ['^https://www\.linkedin\.com/']
    /// ```
    ///
    /// ## References
    /// - https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/
    pub struct Unverifiable {
        code: "external/unverifiable",
        severity: Warning,
        scope: Page,
        url: "https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/",
        views: true,
    }
}

impl Check for Unverifiable {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for (link, _, check) in checked_links(cx.page, cx.site) {
            let (message, help) = match &check.verdict {
                Verdict::Unverifiable { reason } => (
                    format!("could not verify this link: {reason}"),
                    "open it in a browser; if it works, keep it, or list it in `[external] exclude`".to_owned(),
                ),
                Verdict::NotChecked(NotChecked::PrivateAddress { host, ip }) => (
                    format!("not checked: `{host}` is the non-public address {ip}"),
                    "vigie never connects to private addresses; pass `--allow-private` if this link is meant for an intranet".to_owned(),
                ),
                _ => continue,
            };
            report_link(cx, link, message)
                .with_label("not verified")
                .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::site::verdict::{NotChecked, Verdict};
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::Unverifiable)
            .verdicts(&[
                (
                    "https://mur.gouv.fr/",
                    Verdict::Unverifiable {
                        reason: "a bot wall answers instead of the page (Cloudflare, cf-mitigated: challenge)".into(),
                    },
                ),
                (
                    "https://intranet.gouv.fr/",
                    Verdict::NotChecked(NotChecked::PrivateAddress {
                        host: "intranet.gouv.fr".into(),
                        ip: "10.0.0.3".into(),
                    }),
                ),
                (
                    "https://hors.gouv.fr/",
                    Verdict::NotChecked(NotChecked::NoNetwork),
                ),
                ("https://ok.gouv.fr/", Verdict::Ok { status: 200 }),
            ])
            .pass("[ok](https://ok.gouv.fr/)\n")
            // Without a network, nothing can be said of a link.
            .pass("[hors ligne](https://hors.gouv.fr/)\n")
            .fail("[mur](https://mur.gouv.fr/)\n")
            .fail("[intranet](https://intranet.gouv.fr/)\n")
            .run();
    }
}
