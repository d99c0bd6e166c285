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
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::UnknownRule)
            .whole_check()
            .pass("<!-- vigie-disable-next-line a11y/new-window -->\n<a href=\"https://x.fr\" target=\"_blank\">x</a>\n")
            .pass("<!-- vigie-disable-next-line a11y/* -- vidéo DINUM -->\n<a href=\"https://x.fr\" target=\"_blank\">x</a>\n")
            .fail("<!-- vigie-disable-next-line a11y/new-windows -->\n<a href=\"https://x.fr\" target=\"_blank\">x</a>\n")
            .fail("<!-- vigie-disable nope/* -->\n<a href=\"https://x.fr\" target=\"_blank\">x</a>\n<!-- vigie-enable nope/* -->\n")
            .run();
    }
}
