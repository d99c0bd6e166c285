use crate::parse::content::ProblemKind;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports the writing errors the HTML tokenizer finds in a tag: two attributes with no
    /// space between them (`alt="vélo"title="vélo"`), a quote or `=` inside an unquoted
    /// value or an attribute name, `=` with no value, attributes on an end tag, a tag with
    /// no closing `>`. In Markdown, such a tag is not a tag at all: markdown-it shows it
    /// to the reader as text, and vigie says so. Errors next to a template expression are
    /// not judged.
    ///
    /// ## Why is this bad?
    /// Browsers recover from these errors by guessing, and the guess is often not what was
    /// meant: `title="a"b"` gives an attribute named `b"`, a tag without `>` swallows the
    /// text after it. RGAA 8.2 lists exactly these « règles d'écriture » as failures.
    ///
    /// ## Example
    /// ```html
    /// <img src="/img/velo.png" alt="Un vélo"title="Un vélo">
    /// ```
    /// Use instead:
    /// ```html
    /// <img src="/img/velo.png" alt="Un vélo">
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 8.2 and the glossary « Règles d'écriture »: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2
    /// - WHATWG, parse errors: https://html.spec.whatwg.org/multipage/parsing.html#parse-errors
    pub struct AttributeSyntax {
        code: "html/attribute-syntax",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2",
        views: true,
    }
}

/// What each tokenizer error means, and what to do.
fn explain(code: &str) -> (&'static str, &'static str) {
    match code {
        "missing-whitespace-between-attributes" => (
            "two attributes with no space between them",
            "put a space between the closing quote and the next attribute",
        ),
        "unexpected-character-in-unquoted-attribute-value" => (
            "a quote, `<`, `=` or backtick inside an unquoted attribute value",
            "put the value in double quotes",
        ),
        "unexpected-equals-sign-before-attribute-name" => (
            "`=` where an attribute name should start",
            "remove the extra `=`",
        ),
        "unexpected-character-in-attribute-name" => (
            "a quote or `<` inside an attribute name, often a value with one quote too many",
            "check the quotes of the attribute before",
        ),
        "missing-attribute-value" => (
            "`=` with no value after it",
            "write the value in quotes, or remove the `=`",
        ),
        "end-tag-with-attributes" => (
            "attributes on an end tag",
            "move the attributes to the start tag",
        ),
        "eof-in-tag" => ("a tag with no closing `>`", "end the tag with `>`"),
        _ => (
            "a `/` inside a tag, not right before its `>`",
            "remove the `/`, or move it right before `>`",
        ),
    }
}

impl Check for AttributeSyntax {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        for problem in &cx.markup.tree.problems {
            let ProblemKind::Syntax {
                code,
                shown_as_text,
            } = &problem.kind
            else {
                continue;
            };
            let (what, help) = explain(code);
            let message = if *shown_as_text {
                format!(
                    "malformed tag: {what}, so markdown-it shows the whole tag as text (RGAA 8.2)"
                )
            } else {
                format!("malformed tag: {what} (RGAA 8.2)")
            };
            cx.report(problem.span.clone(), message)
                .with_label(*code)
                .with_help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::AttributeSyntax)
            .pass("<img src=\"/img/velo.png\" alt=\"Un vélo\" title=\"Un vélo\">\n")
            .pass("<a href=\"{{ url }}\"{{ attrs }}>lien</a> <a href=/x/>x</a>\n")
            .pass("Un texte avec a < b et a=b, <b et <em>c</em>, <vélo\"x\">.\n")
            .fail("<img src=\"/img/velo.png\" alt=\"Un vélo\"title=\"Un vélo\">\n")
            .fail("<figure class=\"fr-content-media\">\n  <img src=\"/img/velo.png\" alt=\"Un vélo\"title=\"Un vélo\">\n</figure>\n")
            .fail("<p>\n  Lire <a href=\"/x/\" title=\"Le \"guide\"\">guide</a>\n</p>\n")
            .fail("<div class=>x</div>\n")
            .run();
    }
}
