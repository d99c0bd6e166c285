use std::ops::Range;

use super::{Directive, Kind, Named};
use crate::diagnostic::Diagnostic;
use crate::rules::{Check, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a suppression comment that silences nothing: no finding of the rules it
    /// names is reported where it applies, or a `vigie-enable` that ends no region. A
    /// comment naming a rule turned off in vigie.toml, or an `external/*` rule (whose
    /// findings depend on the network), is not reported.
    ///
    /// ## Why is this bad?
    /// The problem was fixed, or moved to another line: the comment stays and will silence
    /// the next real problem written there without anyone noticing.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- vigie-disable-next-line a11y/new-window -->
    /// <a href="https://x.fr" target="_blank" title="Programme - nouvelle fenêtre">Programme</a>
    /// ```
    /// Use instead:
    /// ```markdown
    /// <a href="https://x.fr" target="_blank" title="Programme - nouvelle fenêtre">Programme</a>
    /// ```
    ///
    /// ## References
    /// - https://docs.astral.sh/ruff/rules/unused-noqa/
    /// - https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives
    pub struct Unused {
        code: "suppression/unused",
        severity: Warning,
        scope: Site,
        fix: Sometimes,
        safe_fix: true,
    }
}

impl Check for Unused {}

impl Unused {
    /// The finding on a whole comment that does nothing; `removal` is its lines when
    /// nothing else is written on them, which the fix deletes.
    pub fn comment(file: &str, directive: &Directive, removal: Option<Range<usize>>) -> Diagnostic {
        let keyword = directive.kind.keyword();
        let (message, help) = if directive.kind == Kind::Enable {
            (
                format!(
                    "this `{keyword}` comment ends no region: no matching `vigie-disable` is open before it"
                ),
                "remove the comment, or write the `vigie-disable` it should end",
            )
        } else {
            (
                format!(
                    "this `{keyword}` comment silences nothing: no finding {of} is reported where it applies",
                    of = if directive.codes.is_empty() {
                        "of any rule"
                    } else {
                        "it names"
                    },
                ),
                "remove the comment: the problem it silenced is gone or has moved",
            )
        };
        let diagnostic = Self::META
            .diagnostic(file, directive.span.clone(), message)
            .with_label("silences nothing")
            .with_help(help);
        match removal {
            Some(lines) => diagnostic.with_fix(lines, ""),
            None => diagnostic,
        }
    }

    /// The finding on one code of a comment whose other codes are used.
    pub fn code(file: &str, directive: &Directive, named: &Named) -> Diagnostic {
        let code = &named.code;
        let message = if directive.kind == Kind::Enable {
            format!(
                "`vigie-enable {code}` ends no region: no `vigie-disable` of `{code}` is open before it"
            )
        } else {
            format!(
                "`{code}` is not reported where this `{}` comment applies",
                directive.kind.keyword()
            )
        };
        Self::META
            .diagnostic(file, named.span.clone(), message)
            .with_label("silences nothing")
            .with_help(format!("remove `{code}` from the comment"))
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    const NEW_WINDOW: &str = "<a href=\"https://x.fr\" target=\"_blank\">x</a>";

    #[test]
    fn cases() {
        RuleTest::new(super::Unused)
            .whole_check()
            .pass(&format!(
                "<!-- vigie-disable-next-line a11y/new-window -->\n{NEW_WINDOW}\n"
            ))
            .pass(&format!(
                "{NEW_WINDOW} <!-- vigie-disable-line a11y/new-window -->\n"
            ))
            // The network decides whether `external/*` rules report anything.
            .pass("<!-- vigie-disable-next-line external/broken -->\n[x](https://x.fr/)\n")
            // A rule turned off reports nothing anywhere.
            .pass_site(&[
                ("vigie.toml", "[rules]\n\"a11y/new-window\" = \"off\"\n"),
                (
                    "page.md",
                    "<!-- vigie-disable-next-line a11y/new-window -->\n<a href=\"https://x.fr\">y</a>\n",
                ),
            ])
            // Alone on its line: the fix removes the line.
            .fail("Voir :\n\n<!-- vigie-disable-next-line a11y/new-window -->\n<a href=\"https://x.fr\">y</a>\n")
            // Its other code is used: only the unused one is reported, and nothing removed.
            .fail(&format!(
                "<!-- vigie-disable-line a11y/new-window, a11y/frame-title-missing --> {NEW_WINDOW}\n"
            ))
            .fail("Texte\n<!-- vigie-enable a11y/new-window -->\n")
            .run();
    }
}
