use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::nav::{Entry, Navigation};

use super::file_of;

declare_rule! {
    /// ## What it does
    /// Reports navigation entries whose `parent` links go round in a circle.
    /// `A` under `B` and `B` under `A`, or an entry that is its own parent.
    ///
    /// ## Why is this bad?
    /// When the circle hangs from the menu, eleventy-navigation follows it forever and the
    /// build fails with "Maximum call stack size exceeded", far from the page at fault.
    /// When it does not, every entry of the circle silently vanishes from the menu.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// # guides/index.md
    /// eleventyNavigation:
    ///   key: Guides
    ///   parent: Publier
    /// ---
    /// ---
    /// # publier/index.md
    /// eleventyNavigation:
    ///   key: Publier
    ///   parent: Guides
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// # publier/index.md
    /// eleventyNavigation:
    ///   key: Publier
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    pub struct Cycle {
        code: "nav/cycle",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

/// "`A` is under `B`, which is under `A`", following `parent` from `start`.
fn describe(nav: &Navigation, members: &[usize], start: usize) -> String {
    let name = |i: usize| {
        nav.entries
            .get(i)
            .and_then(Entry::key_node)
            .map_or(String::new(), |k| k.display())
    };
    let mut chain = vec![start];
    let mut current = start;
    while chain.len() <= members.len() {
        let Some(parent) = nav.entries.get(current).and_then(Entry::parent_node) else {
            break;
        };
        let Some(&next) = members.iter().find(|&&m| {
            nav.entries
                .get(m)
                .and_then(Entry::key_node)
                .is_some_and(|key| nav.parent_matches(parent, key))
        }) else {
            break;
        };
        chain.push(next);
        if next == start {
            break;
        }
        current = next;
    }
    let Some(&second) = chain.get(1) else {
        return format!("`{}` is part of a cycle", name(start));
    };
    if second == start {
        return format!("`{}` is its own parent", name(start));
    }
    let mut text = format!("`{}` is under `{}`", name(start), name(second));
    for &i in chain.iter().skip(2) {
        text.push_str(&format!(", which is under `{}`", name(i)));
    }
    text
}

impl Check for Cycle {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        for members in nav.cycles() {
            let entries: Option<Vec<&Entry>> = members
                .iter()
                .map(|&i| nav.entries.get(i).filter(|e| e.is_known()))
                .collect();
            let Some(entries) = entries else {
                continue;
            };
            // Report at the member first by file path, pointing at the others.
            let Some((&start, &entry)) = members.iter().zip(&entries).min_by_key(|(_, e)| e.page)
            else {
                continue;
            };
            let Some(parent) = &entry.parent else {
                continue;
            };
            let reachable = members.iter().any(|&i| nav.is_rendered(i));
            let (label, help) = if members.len() == 1 && !reachable {
                (
                    "an entry cannot be under itself",
                    "to show this entry, the plugin would first have to show its parent, which \
                     is the entry itself: it never does, and the entry silently vanishes; name \
                     the entry it belongs under, or remove `parent` to put it at the top",
                )
            } else if reachable {
                (
                    "Eleventy follows this forever",
                    "eleventy-navigation follows parents without end and the build fails with \
                     \"Maximum call stack size exceeded\"; change one `parent` so that the chain \
                     ends at a top-level entry",
                )
            } else {
                (
                    "never reached from the top of the menu",
                    "no top-level entry leads into this circle, so all of its entries silently \
                     vanish from the menu; change one `parent` so that the chain ends at a \
                     top-level entry",
                )
            };
            let mut diagnostic = cx
                .report(
                    file_of(site, entry, parent),
                    parent.value.span.clone(),
                    format!("navigation cycle: {}", describe(nav, &members, start)),
                )
                .with_label(label)
                .with_help(help);
            let others = members.iter().zip(&entries).filter(|&(&i, _)| i != start);
            for (_, other) in others {
                if let Some(parent) = &other.parent {
                    diagnostic = diagnostic.with_related(
                        file_of(site, other, parent),
                        parent.value.span.clone(),
                        "part of the cycle",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::Cycle)
            .pass_site(&[
                (
                    "publier.md",
                    "---\neleventyNavigation:\n  key: Publier\n---\n",
                ),
                (
                    "guides.md",
                    "---\neleventyNavigation:\n  key: Guides\n  parent: Publier\n---\n",
                ),
            ])
            // Reached from the top: the build would crash.
            .fail_site(&[
                (
                    "accueil.md",
                    "---\neleventyNavigation:\n  key: Accueil\n---\n",
                ),
                (
                    "guides.md",
                    "---\neleventyNavigation:\n  key: Guides\n  parent: Publier\n---\n",
                ),
                (
                    "publier.md",
                    "---\neleventyNavigation:\n  key: Publier\n  parent: Guides\n---\n",
                ),
                (
                    "racine.md",
                    "---\neleventyNavigation:\n  key: Guides\n---\n",
                ),
            ])
            // Unreachable: both entries silently vanish.
            .fail_site(&[
                (
                    "guides.md",
                    "---\neleventyNavigation:\n  key: Guides\n  parent: Publier\n---\n",
                ),
                (
                    "publier.md",
                    "---\neleventyNavigation:\n  key: Publier\n  parent: Guides\n---\n",
                ),
            ])
            .fail("---\neleventyNavigation:\n  key: Blog\n  parent: Blog\n---\n")
            .run();
    }
}
