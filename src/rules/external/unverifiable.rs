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
    use crate::rules::external::test_support::site_with;
    use crate::rules::links::test_support::{render, snapshot};
    use crate::site::verdict::{NotChecked, Verdict};
    use crate::testing::run_rule;

    #[test]
    fn bot_walls_and_private_addresses_warn_and_no_network_says_nothing() {
        let site = site_with(
            "[mur](https://mur.gouv.fr/) [intranet](https://intranet.gouv.fr/) [hors ligne](https://hors.gouv.fr/)\n",
            &[
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
            ],
        );
        let found = run_rule(&super::Unverifiable, &site);
        let links: Vec<_> = found.iter().filter_map(|d| d.link.as_deref()).collect();
        assert_eq!(links, ["https://mur.gouv.fr/", "https://intranet.gouv.fr/"]);
        snapshot("external_unverifiable", &render(&found, &site));
    }
}
