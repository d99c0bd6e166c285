use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a page whose bytes are not UTF-8, at the first byte that is not, typically
    /// a file saved as Latin-1 or Windows-1252 by an old editor.
    ///
    /// ## Why is this bad?
    /// Eleventy reads templates as UTF-8: every such byte is shown on the site as `�`,
    /// so accented letters (`é`, `à`, `ç`) turn into replacement characters.
    ///
    /// ## Example
    /// `Données` saved in Latin-1 is the bytes `44 6F 6E 6E E9 65 73`; the `E9` is not UTF-8.
    /// Use instead: save the file as UTF-8 (most editors have "Save with encoding").
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/languages/
    pub struct InvalidEncoding {
        code: "site/invalid-encoding",
        severity: Warning,
        scope: Page,
    }
}

impl Check for InvalidEncoding {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let Some(&first) = page.file.invalid_utf8.first() else {
            return;
        };
        let count = page.file.invalid_utf8.len();
        let bytes = if count == 1 {
            "1 byte is".to_owned()
        } else {
            format!("{count} bytes are")
        };
        cx.report(
            first..first + 1,
            format!("file is not saved as UTF-8: {bytes} not UTF-8, the first here"),
        )
        .with_label("not UTF-8 (shown here as `?`)")
        .with_help("save the file as UTF-8; Eleventy shows each such byte as `�` on the site");
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidEncoding)
            .pass("---\ntitle: Données\n---\nÉté\n")
            // Latin-1: `é` is the one byte E9.
            .fail_bytes(b"---\ntitle: Donn\xe9es\n---\nEt\xe9\n")
            .fail_bytes(b"Cr\xe9ation\n")
            .run();
    }
}
