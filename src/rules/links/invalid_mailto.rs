use super::report_link;
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::links::{Target, targets};

declare_rule! {
    /// ## What it does
    /// Reports a `mailto:` link whose addresses do not look like e-mail addresses
    /// (`name@domain.tld`, several separated by commas): `mailto:`, `mailto:contact`,
    /// `mailto:contact@`, `mailto:a b@x.fr`.
    ///
    /// ## Why is this bad?
    /// The reader's mail client opens with no recipient, or one that bounces. vigie checks the
    /// syntax only: it never contacts a mail server.
    ///
    /// ## Example
    /// ```markdown
    /// Écrivez-nous : [contact](mailto:logiciels-libres)
    /// ```
    /// Use instead:
    /// ```markdown
    /// Écrivez-nous : [contact](mailto:logiciels-libres@data.gouv.fr)
    /// ```
    ///
    /// ## References
    /// - https://www.rfc-editor.org/rfc/rfc6068
    pub struct InvalidMailto {
        code: "links/invalid-mailto",
        severity: Error,
        scope: Page,
        url: "https://www.rfc-editor.org/rfc/rfc6068",
        views: true,
    }
}

/// `local@domain.tld`: no spaces, commas or semicolons, one `@`, a dot in the domain.
fn is_address(address: &str) -> bool {
    let forbidden = |c: char| c.is_whitespace() || matches!(c, '@' | ',' | ';');
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let Some((name, tld)) = domain.rsplit_once('.') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(forbidden)
        && !name.is_empty()
        && !name.contains(forbidden)
        && !tld.is_empty()
        && !tld.contains(forbidden)
        && !tld.contains('.')
}

impl Check for InvalidMailto {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        for (link, target) in page.content.links.iter().zip(targets(page, cx.site)) {
            let Target::Mailto { addresses } = target else {
                continue;
            };
            let bad = addresses.split(',').map(str::trim).find(|a| !is_address(a));
            let Some(bad) = bad else {
                continue;
            };
            let message = if addresses.trim().is_empty() {
                "`mailto:` link without an address".to_owned()
            } else {
                format!("`{bad}` is not an e-mail address")
            };
            report_link(cx, link, message)
                .with_label("not an e-mail address")
                .with_help(
                    "write a whole address after `mailto:`, such as `mailto:contact@example.org`",
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_address;
    use crate::testing::RuleTest;

    #[test]
    fn tells_addresses() {
        assert!(is_address("logiciels-libres@data.gouv.fr"));
        assert!(!is_address("logiciels-libres"));
        assert!(!is_address("a@b"));
        assert!(!is_address("a b@x.fr"));
        assert!(!is_address(""));
    }

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidMailto)
            .pass("[ok](mailto:a@b.fr?subject=Bonjour)\n")
            .pass("[deux](mailto:a@b.fr,c@d.org)\n")
            .fail("Écrivez-nous : [contact](mailto:logiciels-libres)\n")
            .fail("[rien](mailto:)\n")
            .fail("<a href=\"mailto:a@b.fr,contact@\">deux</a>\n")
            .run();
    }
}
