use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::nav::{Entry, Navigation, Tie, TieBreak, order_number};

use super::{and_list, entry_name, entry_place, file_of};

declare_rule! {
    /// ## What it does
    /// Reports sibling menu entries that eleventy-navigation cannot order among themselves.
    /// They have the same `order`, or none (with eleventy-navigation 1.x, entries without
    /// `order` all come last, in no order of their own).
    /// Only ties inside a menu the templates render count, sub-menus and side menus
    /// (`eleventyNavigation: eleventyNavigation.parent`) included; entries that no template
    /// renders together never tie. When vigie finds no call of the plugin in the templates,
    /// the menu is the tree of `collections.all`.
    ///
    /// ## Why is this bad?
    /// Tied entries keep the order of `collections.all`: by page date, then by file path. A
    /// page without a `date` (in its data or its file name) is dated by its file's
    /// creation time, which differs between a laptop, a fresh clone and the CI server: the
    /// menu changes from one build to the next. Dates decide otherwise, so that editing a
    /// post's date reorders the menu.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// # utiliser/index.md
    /// eleventyNavigation:
    ///   key: Utiliser
    /// ---
    /// ---
    /// # publier/index.md
    /// eleventyNavigation:
    ///   key: Publier
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Utiliser
    ///   order: 10
    /// ---
    /// ---
    /// eleventyNavigation:
    ///   key: Publier
    ///   order: 20
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    /// - https://www.11ty.dev/docs/collections/#sorting
    pub struct OrderTie {
        code: "nav/order-tie",
        severity: Warning,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

/// "the same order (10)" or "no `order`".
fn shared_order(nav: &Navigation, entries: &[&Entry]) -> String {
    let written: Vec<Option<f64>> = entries
        .iter()
        .map(|e| e.order.as_ref().map(|o| order_number(&o.value)))
        .collect();
    if written.iter().all(Option::is_none) {
        return "no `order`".into();
    }
    let value = written.iter().flatten().next().copied().unwrap_or(0.0);
    let shown = if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    };
    if nav.version == 0 && written.iter().any(Option::is_none) {
        format!("the same order ({shown}; no `order` counts as 0)")
    } else {
        format!("the same order ({shown})")
    }
}

fn decided_by(tie: &Tie) -> (&'static str, &'static str) {
    match tie.decided_by {
        TieBreak::FileCreation => (
            "on when their files were created",
            "a page without a `date` is dated by its file's creation time, which differs \
             between a laptop, a fresh clone and the CI server",
        ),
        TieBreak::FileTime => (
            "on file system times",
            "`date: Last Modified` and `date: Created` are file system times, which differ \
             between machines",
        ),
        TieBreak::Git => (
            "on the git history",
            "`date: git Last Modified` follows every commit to these files",
        ),
        TieBreak::Dates | TieBreak::InputPath => (
            "on their page dates",
            "editing a page's `date` (or the date in its file name) reorders the menu",
        ),
    }
}

impl Check for OrderTie {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        for tie in nav.ties() {
            if tie.decided_by == TieBreak::InputPath {
                continue;
            }
            let entries: Vec<&Entry> = (tie.entries.iter())
                .filter_map(|&i| nav.entries.get(i))
                .collect();
            let Some((first, others)) = entries.split_first() else {
                continue;
            };
            let names: Vec<String> = entries.iter().map(|e| entry_name(e)).collect();
            let (on, why) = decided_by(&tie);
            let place = |entry: &Entry| match &entry.order {
                Some(order) => (file_of(site, entry, order), order.value.span.clone()),
                None => entry_place(site, entry),
            };
            let (file, span) = place(first);
            let mut diagnostic = cx
                .report(
                    file,
                    span,
                    format!(
                        "{} have {}: their order in the menu depends {on}",
                        and_list(&names),
                        shared_order(nav, &entries)
                    ),
                )
                .with_label("tied with its siblings")
                .with_help(format!(
                    "{why}; give each entry a distinct `order` (for example 10, 20, 30)"
                ));
            for other in others {
                let (file, span) = place(other);
                diagnostic = diagnostic.with_related(file, span, "same order");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::OrderTie)
            .pass_site(&[
                (
                    "utiliser.md",
                    "---\neleventyNavigation:\n  key: Utiliser\n  order: 10\n---\n",
                ),
                (
                    "publier.md",
                    "---\neleventyNavigation:\n  key: Publier\n  order: 20\n---\n",
                ),
            ])
            // Same order, same date: the file path decides, which does not change.
            .pass_site(&[
                (
                    "a.md",
                    "---\ndate: 2022-06-02\neleventyNavigation:\n  key: A\n---\n",
                ),
                (
                    "b.md",
                    "---\ndate: 2022-06-02\neleventyNavigation:\n  key: B\n---\n",
                ),
            ])
            // Siblings only: entries at different levels never tie.
            .pass_site(&[
                ("a.md", "---\neleventyNavigation:\n  key: A\n---\n"),
                (
                    "b.md",
                    "---\neleventyNavigation:\n  key: B\n  parent: A\n---\n",
                ),
            ])
            .fail_site(&[
                (
                    "utiliser.md",
                    "---\neleventyNavigation:\n  key: Utiliser\n---\n",
                ),
                (
                    "publier.md",
                    "---\neleventyNavigation:\n  key: Publier\n---\n",
                ),
                (
                    "guides.md",
                    "---\neleventyNavigation:\n  key: Guides\n  order: 0\n---\n",
                ),
            ])
            .fail_site(&[
                (
                    "posts/2021-04-14-ateliers.md",
                    "---\neleventyNavigation:\n  key: Ateliers\n  order: 10\n---\n",
                ),
                (
                    "posts/bilan.md",
                    "---\ndate: 2022-01-10\neleventyNavigation:\n  key: Bilan\n  order: 10\n---\n",
                ),
            ])
            .run();
    }
}
