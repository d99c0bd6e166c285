use super::Named;
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a code in a `vigie-disable…` or `vigie-enable` comment that names no rule,
    /// with the closest code when there is one. `group/*` is known when the group has rules.
    ///
    /// ## Why is this bad?
    /// A misspelt code silences nothing: the comment looks like it hides a finding, and the
    /// finding is still reported (or, once fixed, the comment is forgotten there).
    ///
    /// ## Example
    /// ```markdown
    /// <!-- vigie-disable-next-line a11y/new-windows -->
    /// <a href="https://x.fr" target="_blank">Programme</a>
    /// ```
    /// Use instead:
    /// ```markdown
    /// <!-- vigie-disable-next-line a11y/new-window -->
    /// <a href="https://x.fr" target="_blank">Programme</a>
    /// ```
    ///
    /// ## References
    /// - `vigie rules` lists every code.
    /// - https://eslint.org/docs/latest/use/configure/rules#disabling-rules
    pub struct UnknownRule {
        code: "suppression/unknown-rule",
        severity: Warning,
        scope: Site,
    }
}

impl Check for UnknownRule {}

impl UnknownRule {
    /// The finding on a code of a comment that names no rule.
    pub fn diagnostic(file: &str, named: &Named, closest: Option<&str>) -> Diagnostic {
        let help = match closest {
            Some(code) => format!("did you mean `{code}`?"),
            None => "`vigie rules` lists every code".to_owned(),
        };
        Self::META
            .diagnostic(
                file,
                named.span.clone(),
                format!(
                    "`{}` is not a vigie rule: the comment silences nothing for it",
                    named.code
                ),
            )
            .with_label("unknown rule")
            .with_help(help)
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::a11y::new_window::NewWindow;
    use crate::testing::{build_site, inputs, run_rule};

    #[test]
    fn a_misspelt_code_is_reported_with_the_closest_one() {
        let inputs = inputs(&[(
            "page.md",
            "<!-- vigie-disable-next-line a11y/new-windows -->\n<a href=\"https://x.fr\" target=\"_blank\">x</a>\n",
        )]);
        let site = build_site(&inputs);
        let found = run_rule(&NewWindow, &site);
        assert_eq!(found.len(), 1, "{found:#?}");
        let (kept, about) =
            crate::rules::suppression::apply(&site, found, &crate::rules::builtin());
        // The misspelt comment silences nothing: the finding stays.
        assert_eq!(kept.len(), 1, "{kept:#?}");
        let codes: Vec<&str> = about.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["suppression/unknown-rule"]);
        assert_eq!(about[0].span, 29..45);
        assert_eq!(
            about[0].help.as_deref(),
            Some("did you mean `a11y/new-window`?")
        );
        let rendered = crate::testing::render_plain(&about, &site);
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("suppression_unknown_rule", rendered);
        });
    }
}
