use crate::diagnostic::Diagnostic;
use crate::rules::{Check, declare_rule};
use crate::suppress::Named;

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
    use crate::testing::{load_site, run_rule, write_site};

    #[test]
    fn a_misspelt_code_is_reported_with_the_closest_one() {
        let dir = write_site(&[(
            "page.md",
            "<!-- vigie-disable-next-line a11y/new-windows -->\n<a href=\"https://x.fr\" target=\"_blank\">x</a>\n",
        )]);
        let site = load_site(dir.path());
        let found = run_rule(&NewWindow, &site);
        assert_eq!(found.len(), 1, "{found:#?}");
        let after = crate::suppress::apply(&site, found, &crate::rules::builtin());
        let codes: Vec<&str> = after.iter().map(|d| d.code.as_str()).collect();
        // The misspelt comment silences nothing: the finding stays.
        assert_eq!(codes, ["a11y/new-window", "suppression/unknown-rule"]);
        assert_eq!(after[1].span, 29..45);
        assert_eq!(
            after[1].help.as_deref(),
            Some("did you mean `a11y/new-window`?")
        );
        let rendered = crate::report::human::render_plain(&after[1..], &site);
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("suppression_unknown_rule", rendered);
        });
    }
}
