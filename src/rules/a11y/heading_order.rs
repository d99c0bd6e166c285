use std::ops::Range;

use super::heading_empty::level;
use crate::parse::content::{PageMarkup, Syntax};
use crate::rules::{Check, PageContext, declare_rule};
use crate::site::Page;
use crate::site::layout::{heading_before_content, key_of};

declare_rule! {
    /// ## What it does
    /// Reports a heading more than one level below the heading before it: an `<h4>` right
    /// after an `<h2>`. Counting starts from the heading the page's layout renders before
    /// `{{ content }}`: with `<h1>{{ title }}</h1>` in the layout, the content starts at
    /// `##`, and a first `###` is reported. Going back up any number of levels is fine.
    /// Markdown (`##`) and HTML (`<h3>`) headings are read together, in order. Pages that
    /// include, loop or branch with template tags, and Nunjucks or Liquid pages that print
    /// expressions, are not judged: a heading may come from where vigie cannot see.
    ///
    /// ## Why is this bad?
    /// Screen reader users read a page through its outline: a skipped level suggests a
    /// missing section, or a heading chosen for its size rather than its place. RGAA 9.1
    /// asks for a relevant hierarchy; its glossary tolerates a skip when the structure stays
    /// coherent, hence a warning. Use CSS classes (`fr-h4`) for size.
    ///
    /// ## Example
    /// ```markdown
    /// ## Les ateliers
    ///
    /// #### Atelier du 12 mai
    /// ```
    /// Use instead:
    /// ```markdown
    /// ## Les ateliers
    ///
    /// ### Atelier du 12 mai
    /// ```
    ///
    /// ## References
    /// - RGAA 4.1, criterion 9.1: https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#9.1
    /// - axe-core, `heading-order`: https://dequeuniversity.com/rules/axe/4.11/heading-order
    pub struct HeadingOrder {
        code: "a11y/heading-order",
        severity: Warning,
        scope: Page,
        url: "https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#9.1",
    }
}

/// Whether every heading of the page is written in it. Includes, loops and branches
/// (`{% include %}`, `{% for %}`) may add or drop headings, and in a Nunjucks or Liquid
/// page an expression (`{{ carte(projet) }}`) may write one.
fn knows_its_headings(page: &Page, markup: PageMarkup<'_>) -> bool {
    let markdown = matches!(&*page.extension(), "md" | "markdown");
    let body = page.file.text.get(page.split.body.clone()).unwrap_or("");
    !markup.tree.branches && (markdown || !body.contains("{{"))
}

impl Check for HeadingOrder {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        if !knows_its_headings(page, cx.markup) {
            return;
        }
        let layouts = page
            .data
            .get("layout")
            .and_then(|(value, _)| key_of(value))
            .map(|key| site.layout_chain(key))
            .unwrap_or_default();
        // The heading before: (file, span, level).
        let mut previous: Option<(&str, Range<usize>, u8)> =
            heading_before_content(&layouts, &site.layouts).and_then(|h| {
                Some((
                    site.layouts.get(h.layout)?.file.rel.as_str(),
                    h.span,
                    h.level,
                ))
            });
        for heading in cx.markup.nodes() {
            let Some(level) = level(heading.name()) else {
                continue;
            };
            let written = heading.span();
            let span = match heading.syntax() {
                Syntax::Html => written.start..(written.start + 3).min(written.end),
                Syntax::Markdown => {
                    let text = page.file.text.get(written.clone()).unwrap_or("");
                    let line = text.lines().next().unwrap_or("").trim_end();
                    written.start..written.start + line.len()
                }
            };
            if let Some((file, before, before_level)) = &previous
                && level > before_level + 1
            {
                let expected = before_level + 1;
                let from_layout = *file != page.file.rel;
                let label = if from_layout {
                    format!("the layout renders <h{before_level}> before the content")
                } else {
                    format!("the heading before is <h{before_level}>")
                };
                cx.report(span.clone(),
                            format!(
                                "<h{level}> follows <h{before_level}>: level {expected} is skipped (RGAA 9.1)"
                            ),
                        )
                        .with_label(format!("expected <h{expected}> or higher"))
                        .with_related(*file, before.clone(), label)
                        .with_help(format!(
                            "make it <h{expected}> (`{}` in Markdown), and use a CSS class such as `fr-h{level}` if it is the size that matters",
                            "#".repeat(usize::from(expected))
                        ));
            }
            previous = Some((page.file.rel.as_str(), span, level));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    const LAYOUT: (&str, &str) = (
        "_includes/layouts/post.njk",
        "---\nlayout: layouts/base.njk\n---\n<h1>{{ title }}</h1>\n{{ content | safe }}\n<h2>Voir aussi</h2>\n",
    );
    const BASE: (&str, &str) = (
        "_includes/layouts/base.njk",
        "<header><p class=\"fr-header__service-title\">Communs</p></header>\n<main>{{ content | safe }}</main>\n",
    );

    #[test]
    fn cases() {
        RuleTest::new(super::HeadingOrder)
            .pass("# Titre\n\n## Partie\n\n### Détail\n\n# Autre\n\n## Fin\n")
            .pass_site(&[
                ("page.md", "---\nlayout: layouts/post.njk\n---\n## Partie\n\n<h3>Détail</h3>\n\n## Partie 2\n"),
                LAYOUT,
                BASE,
            ])
            .pass("### Un premier titre sans layout\n\n#### Puis un sous-titre\n")
            .fail_site(&[
                ("page.md", "---\nlayout: layouts/post.njk\n---\n### Trop bas après le h1 du layout\n"),
                LAYOUT,
                BASE,
            ])
            .pass_site(&[(
                "index.njk",
                "<h1>Accueil</h1>\n{{ carte(projet) }}\n<h3>Détail</h3>\n",
            )])
            .pass("# Titre\n\n{% include \"partie.md\" %}\n\n### Détail\n")
            .fail_site(&[("index.njk", "<h1>Accueil</h1>\n<h3>Détail</h3>\n")])
            .fail("## Les ateliers\n\n<h4 class=\"fr-card__title\">Atelier du 12 mai</h4>\n")
            .run();
    }
}
