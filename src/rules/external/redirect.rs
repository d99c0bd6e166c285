use super::{checked_links, replaceable, report_link, with_fragment};
use crate::parse::content::{Link, LinkKind};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::external::{External, externals};
use crate::site::hosts;
use crate::site::verdict::Verdict;

declare_rule! {
    /// ## What it does
    /// Reports an external link that permanently redirects (301, 308) and gives the final
    /// address as help and as a fix. Offline too, for moves a host profile knows
    /// (`rules/hosts/`: `code.etalab.gouv.fr` is now `code.gouv.fr`). Temporary redirects
    /// (302, 303, 307) are followed silently.
    ///
    /// ## Why is this bad?
    /// Each redirect costs the reader a round trip, and redirects are kept only as long as
    /// the old domain is: when `etalab.gouv.fr` lapses, every old link breaks at once.
    ///
    /// ## Example
    /// ```markdown
    /// [Le catalogue](https://code.etalab.gouv.fr/)
    /// ```
    /// Use instead:
    /// ```markdown
    /// [Le catalogue](https://code.gouv.fr/)
    /// ```
    ///
    /// ## References
    /// - https://www.rfc-editor.org/rfc/rfc9110#name-301-moved-permanently
    pub struct Redirect {
        code: "external/redirect",
        severity: Warning,
        scope: Page,
        url: "https://www.rfc-editor.org/rfc/rfc9110#name-301-moved-permanently",
        fix: Sometimes,
        views: true,
        safe_fix: true,
    }
}

impl Redirect {
    fn report(cx: &mut PageContext<'_>, link: &Link, to: &str, message: String) {
        let page = cx.page;
        let to = with_fragment(to, &link.target);
        // Bare text stays bare: `code.etalab.gouv.fr` becomes `code.gouv.fr`.
        let bare_text = link.kind == LinkKind::Linkify && !link.target.contains("://");
        let to = if bare_text {
            let bare = to.split_once("://").map_or(to.as_str(), |(_, rest)| rest);
            bare.strip_suffix('/')
                .filter(|host| !host.contains('/'))
                .unwrap_or(bare)
                .to_owned()
        } else {
            to
        };
        let report = report_link(cx, link, message)
            .with_label("moved")
            .with_help(if bare_text {
                format!("write `{to}` instead: markdown-it links it as it is")
            } else {
                format!("link to `{to}` directly")
            });
        if replaceable(page, link) && stays_one_link(&to) {
            report.with_fix(link.span.clone(), to);
        }
    }
}

/// Whether the address a server redirected to can replace a link's target as it is:
/// nothing that would end a Markdown destination or a quoted attribute early and write the
/// rest of the server's text into the page (`x)![…](…)`, `x'onclick='…`).
fn stays_one_link(to: &str) -> bool {
    let mut depth = 0usize;
    for c in to.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return false,
            ')' => depth -= 1,
            '\'' | '"' | '<' | '>' | '`' | '\\' => return false,
            c if c.is_whitespace() || c.is_control() => return false,
            _ => {}
        }
    }
    depth == 0
}

/// Whether `to` is `written` with `https://`, maybe a final `/`: nothing the author wrote.
fn only_upgraded(written: &str, to: &str) -> bool {
    let bare = |url: &str| {
        let lower = url.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .unwrap_or(&lower)
            .to_owned();
        rest.trim_end_matches('/').to_owned()
    };
    to.starts_with("https://") && bare(written) == bare(to)
}

impl Check for Redirect {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        let mut reported = Vec::new();
        for (link, _, check) in checked_links(page, site) {
            let Verdict::Moved { status, to } = &check.verdict else {
                continue;
            };
            // Bare `www.x.fr` is linked as `http://www.x.fr` by linkify: its upgrade to
            // https is the host's business, not the author's.
            if link.kind == LinkKind::Linkify && only_upgraded(&link.target, to) {
                continue;
            }
            let message = format!("this address moved permanently ({status}) to `{to}`");
            Self::report(cx, link, to, message);
            reported.push(link.span.clone());
        }
        // Known moves, offline or when the online check did not say otherwise.
        for (link, external) in page.content.links.iter().zip(externals(page, site)) {
            let Some(External::Url(url)) = external else {
                continue;
            };
            let checked = site.external.get(url.as_str());
            if reported.contains(&link.span) || checked.is_some_and(|c| c.verdict.is_success()) {
                continue;
            }
            let Some(profile) = url.host_str().and_then(hosts::for_host) else {
                continue;
            };
            let Some(to) = profile.moved(url.as_str()) else {
                continue;
            };
            let message = format!("this address moved to `{to}` ({})", profile.file);
            Self::report(cx, link, &to, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::site::verdict::Verdict;
    use crate::testing::RuleTest;

    /// `.eleventy.js` of a site whose markdown-it links bare addresses (linkify).
    const LINKIFY: (&str, &str) = (
        ".eleventy.js",
        "const md = require(\"markdown-it\")({ html: true, linkify: true });\nmodule.exports = function (c) { c.setLibrary(\"md\", md); };\n",
    );

    #[test]
    fn cases() {
        let moved = |to: &str| Verdict::Moved {
            status: 301,
            to: to.into(),
        };
        let ok = Verdict::Ok { status: 200 };
        RuleTest::new(super::Redirect)
            .verdicts(&[
                (
                    "http://www.etalab.gouv.fr/licence",
                    moved("https://www.etalab.gouv.fr/licence-ouverte/"),
                ),
                ("https://ok.gouv.fr/", ok.clone()),
                // A known move, but the old address answers: the online check wins.
                ("https://sill.etalab.gouv.fr/", ok),
                (
                    "http://www.service-public.fr/",
                    moved("https://www.service-public.fr/"),
                ),
                // New addresses that would break out of the link: no fix.
                (
                    "https://a.gouv.fr/",
                    moved("https://a.gouv.fr/x)![i](https://t.fr/p.png"),
                ),
                (
                    "https://b.gouv.fr/",
                    moved("https://fr.wikipedia.org/wiki/A_(b)"),
                ),
                (
                    "https://c.gouv.fr/",
                    moved("https://c.gouv.fr/x'onclick='alert(1)"),
                ),
            ])
            .pass("[ok](https://ok.gouv.fr/) [sill](https://sill.etalab.gouv.fr/)\n")
            // Bare `www.x.fr` is linked as `http://…` by linkify: its upgrade is the host's.
            .pass_site(&[LINKIFY, ("page.md", "Voir www.service-public.fr\n")])
            // The fragment written is kept.
            .fail("[a](http://www.etalab.gouv.fr/licence#art-2)\n")
            // A known move, found offline.
            .fail("[catalogue](https://code.etalab.gouv.fr/)\n")
            // A bare domain that moved is rewritten bare.
            .fail_site(&[
                LINKIFY,
                ("page.md", "## Du nouveau sur code.etalab.gouv.fr\n"),
            ])
            .fail("[a](https://a.gouv.fr/)\n")
            .fail("[b](https://b.gouv.fr/)\n")
            .fail("<a href='https://c.gouv.fr/'>c</a>\n")
            .run();
    }

    #[test]
    fn a_bare_domain_upgraded_to_https_is_not_the_authors_business() {
        assert!(super::only_upgraded(
            "www.service-public.fr",
            "https://www.service-public.fr/"
        ));
        assert!(!super::only_upgraded(
            "www.service-public.fr",
            "https://www.service-public.gouv.fr/"
        ));
    }
}
