use super::{replaceable, report_link};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::external::{External, externals};
use crate::site::hosts;

declare_rule! {
    /// ## What it does
    /// Reports an external address that cannot work as written, without any request: an
    /// http(s) URL that does not parse (no host, a space in the host, a bad port), and
    /// addresses that break the shape their host's profile (`rules/hosts/`) gives: a
    /// Speaker Deck player id is 32 hexadecimal digits, a git.sr.ht repository is
    /// `~owner/repo`, a lists.sr.ht address is `~owner/list@lists.sr.ht`.
    ///
    /// ## Why is this bad?
    /// The link leads nowhere, or to the wrong place: a deck player with a truncated id
    /// shows an error inside the page, a list address without its `~` bounces.
    ///
    /// ## Example
    /// ```markdown
    /// Écrivez à [la liste](mailto:etalab/logiciels-libres@lists.sr.ht), code sur
    /// [git.sr.ht](https://git.sr.ht/etalab/communs.numerique.gouv.fr).
    /// ```
    /// Use instead:
    /// ```markdown
    /// Écrivez à [la liste](mailto:~etalab/logiciels-libres@lists.sr.ht), code sur
    /// [git.sr.ht](https://git.sr.ht/~etalab/communs.numerique.gouv.fr).
    /// ```
    ///
    /// ## References
    /// - https://url.spec.whatwg.org/#url-parsing
    /// - https://man.sr.ht/lists.sr.ht/
    pub struct InvalidUrl {
        code: "external/invalid-url",
        severity: Error,
        scope: Page,
        url: "https://url.spec.whatwg.org/#url-parsing",
        fix: Sometimes,
        views: true,
    }
}

impl Check for InvalidUrl {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        for (link, external) in page.content.links.iter().zip(externals(page, cx.site)) {
            if link.dynamic {
                continue;
            }
            let (address, host) = match external {
                Some(External::Invalid(reason)) => {
                    let message = format!("invalid URL: {reason}");
                    report_link(cx, link, message)
                        .with_label("invalid")
                        .with_help(
                            "write the full address as the browser shows it: `https://host/path`",
                        );
                    continue;
                }
                // The URL is parsed already: its host needs no second parse.
                Some(External::Url(url)) => (url.as_str(), url.host_str().map(str::to_owned)),
                // Email addresses have shapes too (`~owner/list@lists.sr.ht`).
                None if link.target.contains('@') => {
                    let address = link.target.trim();
                    (address, hosts::host_of(address))
                }
                None => continue,
            };
            let address = address.to_owned();
            let Some(profile) = host.and_then(|h| hosts::for_host(&h)) else {
                continue;
            };
            let Some(shape) = profile.shapes.iter().find(|s| s.rejects(&address)) else {
                continue;
            };
            let report = report_link(cx, link, shape.message.clone())
                .with_label("invalid for this host")
                .with_help(shape.help.clone());
            if let Some(fixed) = shape
                .fixed(&link.target)
                .filter(|_| replaceable(page, link))
            {
                report
                    .with_help(format!("write `{fixed}`"))
                    .with_fix(link.span.clone(), fixed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn addresses_that_cannot_work_as_written() {
        RuleTest::new(super::InvalidUrl)
            .pass("[a](https://git.sr.ht/~etalab/communs.numerique.gouv.fr) [b](https://git.sr.ht/~etalab/)\n")
            .pass("[liste](mailto:~etalab/logiciels-libres@lists.sr.ht)\n")
            .pass("<iframe title=\"Projet\" src=\"https://speakerdeck.com/player/eb46084c2d324ca0bd7d2dac776da8dd\"></iframe>\n")
            .pass("[ok](https://fr.wikipedia.org/wiki/Logiciel_libre) [tel](tel:+33100000000)\n")
            .fail("[sans hôte](https://) et [espace](https://exa mple.gouv.fr/)\n")
            .fail("[port](https://code.gouv.fr:99999/)\n")
            .fail("[dépôt](https://git.sr.ht/etalab/communs.numerique.gouv.fr)\n")
            .fail("[liste](mailto:etalab/logiciels-libres@lists.sr.ht)\n")
            .fail("<iframe title=\"Projet\" src=\"https://speakerdeck.com/player/eb46084c2d324ca0\"></iframe>\n")
            .run();
    }
}
