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
    use crate::rules::Rule;
    use crate::source::Entry;
    use crate::testing::{build_site, inputs, run_rule};

    #[test]
    fn cases() {
        let mut inputs = inputs(&[("ok.md", "Données")]);
        let latin1: &[u8] = b"---\ntitle: Donn\xe9es\n---\nEt\xe9\n";
        inputs.insert("latin1.md", Entry::Bytes(latin1.into()));
        let site = build_site(&inputs);
        let found = run_rule(&super::InvalidEncoding, &site);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].file, "latin1.md");
        assert_eq!(found[0].span, 15..16);
        assert_eq!(found[0].code, super::InvalidEncoding.meta().code);
        let rendered = crate::testing::render_plain(&found, &site);
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("invalid_encoding", rendered);
        });
    }
}
