use std::collections::HashMap;
use std::ops::Range;

use crate::parse::content::AnchorSource;
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `id` used twice in a page's content: two elements with the same `id`
    /// attribute, or an `id` equal to the one the site's anchor plugin generates for a
    /// heading (markdown-it-anchor numbers its own duplicates, but does not see the ids
    /// written in HTML). Ids built by a template are not judged, nor pages that branch or
    /// include with template tags (`{% if %}`, `{% include %}`): two branches may well
    /// write the same id.
    ///
    /// ## Why is this bad?
    /// A link to `#contexte` goes to the first element with that id only; labels,
    /// `aria-labelledby` and `aria-describedby` pointing at the id name the wrong element
    /// for assistive technologies. RGAA 8.2 requires unique ids.
    ///
    /// ## Example
    /// ```markdown
    /// ## Contexte
    ///
    /// <div id="contexte">…</div>
    /// ```
    /// Use instead:
    /// ```markdown
    /// ## Contexte
    ///
    /// <div id="contexte-details">…</div>
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 8.2: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2
    /// - html-validate, `no-dup-id`: https://html-validate.org/rules/no-dup-id.html
    pub struct DuplicateId {
        code: "html/duplicate-id",
        severity: Error,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#8.2",
        views: true,
    }
}

impl Check for DuplicateId {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let content = &page.content;
        if cx.markup.tree.branches {
            return;
        }
        // (span, generated from a heading) of every id, in source order.
        let mut ids: Vec<(&str, Range<usize>, bool)> = cx
            .markup
            .elements
            .iter()
            .filter_map(|e| e.attribute("id"))
            .filter(|a| !a.dynamic)
            .filter_map(|a| Some((a.value.as_deref()?, a.value_span.clone(), false)))
            .filter(|(id, _, _)| !id.is_empty())
            .collect();
        ids.extend(
            content
                .anchors
                .iter()
                .filter(|a| a.source == AnchorSource::Heading)
                .map(|a| (a.id.as_str(), a.span.clone(), true)),
        );
        ids.sort_by_key(|(_, span, _)| span.start);
        let mut first: HashMap<&str, (Range<usize>, bool)> = HashMap::new();
        for (id, span, heading) in ids {
            let Some((earlier, earlier_heading)) = first.get(id).cloned() else {
                first.insert(id, (span, heading));
                continue;
            };
            let whose = |heading: bool| {
                if heading {
                    "the id generated for this heading"
                } else {
                    "first used here"
                }
            };
            cx.report(
                span,
                format!("the id `{id}` is already used in this page (RGAA 8.2)"),
            )
            .with_label(if heading {
                "this heading gets the same id"
            } else {
                "used again"
            })
            .with_related(&page.file.rel, earlier, whose(earlier_heading))
            .with_help("give each element its own id; links to `#id` reach the first one only");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        const ANCHORS: &str = "const anchor = require(\"markdown-it-anchor\");\nmodule.exports = function (c) { c.setLibrary(\"md\", require(\"markdown-it\")({ html: true }).use(anchor, { slugify: c.getFilter(\"slugify\") })); };\n";
        RuleTest::new(super::DuplicateId)
            .pass("<div id=\"a\"></div><div id=\"b\"></div><a name=\"a\"></a>\n")
            .pass("<div id=\"{{ slug }}\"></div><div id=\"{{ slug }}\"></div>\n")
            .pass("{% if court %}<div id=\"resume\">Court</div>{% else %}<div id=\"resume\">Long</div>{% endif %}\n")
            .pass_site(&[
                (".eleventy.js", ANCHORS),
                ("page.md", "## Contexte\n\n## Contexte\n"),
            ])
            .fail("<section id=\"agenda\">\n\n<div id=\"agenda\"></div>\n\n</section>\n")
            .fail_site(&[
                (".eleventy.js", ANCHORS),
                (
                    "page.md",
                    "## Contexte\n\n<div id=\"contexte\">Détails</div>\n",
                ),
            ])
            .run();
    }
}
