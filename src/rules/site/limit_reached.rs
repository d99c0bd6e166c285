use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::parse::content::Limit;
use crate::rules::{Check, Rule, SiteContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports where a file went past one of vigie's limits (`[limits]` of vigie.toml),
    /// and what was not checked from there: a file larger than `file-size-mib` (16 MiB) is
    /// not read at all; elements nested deeper than `nesting` (512 levels, where browsers
    /// stop nesting too) are not built; links past `links-per-page` (10 000) are not
    /// checked; past `findings-per-file` (1 000) findings of one rule in one file, the
    /// others are counted, not shown.
    ///
    /// ## Why is this bad?
    /// No real page comes near these limits: a file that does is generated, pasted by
    /// mistake, or written to stall the checks of whoever reads it. What lies past the
    /// limit is unknown to vigie, so a broken link or markup there is not reported.
    ///
    /// ## Example
    /// A page of 100 000 nested `<div>`s, or of 100 000 links on one line.
    /// Use instead: split the content into pages, or raise the limit in vigie.toml:
    /// ```toml
    /// [limits]
    /// links-per-page = 50000
    /// ```
    ///
    /// ## References
    /// - https://html.spec.whatwg.org/multipage/parsing.html#tree-construction (browsers
    ///   cap the depth of the tree they build)
    pub struct LimitReached {
        code: "site/limit-reached",
        severity: Warning,
        scope: Site,
    }
}

impl Check for LimitReached {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        for page in site.pages.iter().chain(&site.views) {
            for reached in &page.content.limits_reached {
                let (message, label, key) = match reached.limit {
                    Limit::Nesting(levels) => (
                        format!(
                            "elements are nested deeper than {levels} levels here: the markup inside is not checked"
                        ),
                        format!("level {}", levels + 1),
                        "nesting",
                    ),
                    Limit::LinksPerPage { limit, total } => (
                        format!("this page has {total} links: only the first {limit} are checked"),
                        "the first link not checked".to_owned(),
                        "links-per-page",
                    ),
                    Limit::FileSize { size, max } => (
                        format!(
                            "this file is {} MiB, larger than the {} MiB vigie reads: it is not checked, and its URL is unknown",
                            size >> 20,
                            max >> 20
                        ),
                        "not read".to_owned(),
                        "file-size-mib",
                    ),
                };
                cx.report(&page.file.rel, reached.span.clone(), message)
                    .with_label(label)
                    .with_help(format!(
                        "if this is meant, raise `{key}` under `[limits]` in vigie.toml"
                    ));
            }
        }
    }
}

/// Keeps the first `limit` findings of each rule in each file of `diagnostics` (sorted by
/// file), and says at the first one left out how many were: a file written to flood the
/// report (100 000 stray end tags) cannot make writing it take minutes and gigabytes.
/// Returns what is kept, and those notices.
pub fn cap_findings(
    diagnostics: Vec<Diagnostic>,
    limit: usize,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    // The first finding left out of each rule and file, and how many are.
    let mut left_out: Vec<(Diagnostic, usize)> = Vec::new();
    let mut kept = Vec::with_capacity(diagnostics.len());
    // Per code in the current file: findings seen, and where its first one left out is.
    let mut seen: HashMap<String, (usize, Option<usize>)> = HashMap::new();
    let mut file = String::new();
    for diagnostic in diagnostics {
        if diagnostic.file != file {
            seen.clear();
            file.clone_from(&diagnostic.file);
        }
        let (count, first_left_out) = match seen.get_mut(diagnostic.code.as_str()) {
            Some(entry) => entry,
            None => seen.entry(diagnostic.code.clone()).or_insert((0, None)),
        };
        *count += 1;
        if *count <= limit {
            kept.push(diagnostic);
        } else if let Some((_, n)) = first_left_out.and_then(|i| left_out.get_mut(i)) {
            *n += 1;
        } else {
            *first_left_out = Some(left_out.len());
            left_out.push((diagnostic, 1));
        }
    }
    let meta = LimitReached.meta();
    let notices = left_out
        .into_iter()
        .map(|(first, n)| {
            let message = format!(
                "{n} more `{}` findings in this file are not shown: only the first {limit} of a rule in a file are",
                first.code
            );
            meta.diagnostic(&first.file, first.span, message)
                .with_label("the first not shown")
                .with_help(
                    "fix those shown and check again, or raise `findings-per-file` under `[limits]` in vigie.toml",
                )
        })
        .collect();
    (kept, notices)
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn each_rule_in_each_file_keeps_its_first_findings() {
        use crate::diagnostic::{Diagnostic, Severity};
        let finding = |code: &str, file: &str, at: usize| {
            Diagnostic::new(code, Severity::Error, file, at..at + 1, "m")
        };
        let mut all = Vec::new();
        for at in 0..5 {
            all.push(finding("a/x", "f.md", at * 10));
            all.push(finding("a/y", "f.md", at * 10 + 1));
        }
        all.push(finding("a/x", "g.md", 0));
        all.push(finding("a/x", "g.md", 1));
        crate::diagnostic::sort(&mut all);
        let (kept, notices) = super::cap_findings(all, 2);
        let kept: Vec<_> = kept
            .iter()
            .map(|d| (d.code.as_str(), d.file.as_str(), d.span.start))
            .collect();
        assert_eq!(
            kept,
            [
                ("a/x", "f.md", 0),
                ("a/y", "f.md", 1),
                ("a/x", "f.md", 10),
                ("a/y", "f.md", 11),
                ("a/x", "g.md", 0),
                ("a/x", "g.md", 1)
            ]
        );
        let notices: Vec<_> = notices
            .iter()
            .map(|d| (d.code.as_str(), d.span.start, d.message.as_str()))
            .collect();
        assert_eq!(
            notices,
            [
                (
                    "site/limit-reached",
                    20,
                    "3 more `a/x` findings in this file are not shown: only the first 2 of a rule in a file are"
                ),
                (
                    "site/limit-reached",
                    21,
                    "3 more `a/y` findings in this file are not shown: only the first 2 of a rule in a file are"
                ),
            ]
        );
    }

    #[test]
    fn cases() {
        let deep = format!("{}x{}", "<div>".repeat(600), "</div>".repeat(600));
        let links: String = (0..10_001).map(|i| format!("[l](/p{i}/) ")).collect();
        RuleTest::new(super::LimitReached)
            .pass(&format!("{}x{}", "<div>".repeat(500), "</div>".repeat(500)))
            .fail(&deep)
            .fail(&links)
            .run();
    }
}
