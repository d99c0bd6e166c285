use crate::parse::yaml::Value;
use crate::rules::{Check, SiteContext, declare_rule};
use crate::site::nav::{Navigation, Stop};

use super::file_of;

declare_rule! {
    /// ## What it does
    /// Reports a navigation `key` that YAML does not read as a string.
    /// A date (`2024-01-01`), a boolean, a list, a mapping, and, with eleventy-navigation
    /// 1.x, a number (`2024`).
    ///
    /// ## Why is this bad?
    /// eleventy-navigation 1.x calls `key.split(",")`: on anything but a string the build
    /// fails with "key.split is not a function". With 0.3, no `parent` can ever name a date,
    /// list or mapping key (each is a new object, never `===` to another), and the menu
    /// shows it converted to text.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: 2024
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: "2024"
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    pub struct InvalidKey {
        code: "nav/invalid-key",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

/// Whether the build throws on the entry: 1.x reached it and called `key.split`.
fn crashes(nav: &Navigation, entry: usize) -> bool {
    let mut lists = nav.sibling_lists().into_iter();
    lists.any(|items| {
        items
            .iter()
            .any(|item| item.entry == entry && item.stop == Some(Stop::KeyNotAString))
    })
}

impl Check for InvalidKey {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        for (i, entry) in nav.entries.iter().enumerate() {
            let (Some(field), Some(key)) = (&entry.key, entry.key_node()) else {
                continue;
            };
            if !field.is_known() {
                continue;
            }
            let reported = match &key.value {
                Value::String { .. } => false,
                // 0.3 compares numbers with `===`: `parent: 2024` works.
                Value::Int(_) | Value::Float(_) => nav.version == 1,
                _ => true,
            };
            if !reported {
                continue;
            }
            let effect = if crashes(nav, i) {
                "eleventy-navigation 1.x calls `key.split(\",\")` on it and the build fails with \
                 \"key.split is not a function\""
            } else if nav.version == 1 {
                "eleventy-navigation 1.x calls `key.split(\",\")` on it, which fails the build as \
                 soon as the entry is in the menu"
            } else if matches!(key.value, Value::Date(_)) {
                "no `parent` can ever name it, and the menu shows it as a JavaScript date \
                 (\"Mon Jan 01 2024 …\")"
            } else if matches!(key.value, Value::Bool(_)) {
                "the menu shows it as text, and only `parent: true` can name it"
            } else {
                "no `parent` can ever name it, and the menu shows it converted to text"
            };
            cx.report(
                file_of(site, entry, field),
                key.span.clone(),
                format!(
                    "navigation key `{}` is {}, not a string",
                    key.display(),
                    key.kind()
                ),
            )
            .with_label(format!("YAML reads this as {}", key.kind()))
            .with_help(format!(
                "{effect}; quote it so that YAML keeps it a string: `key: \"{}\"`",
                key.display()
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    const V1: (&str, &str) = ("vigie.toml", "[site]\nnavigation-version = 1\n");

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidKey)
            .pass("---\neleventyNavigation:\n  key: Blog\n---\n")
            .pass("---\neleventyNavigation:\n  key: 2024\n---\n")
            .pass_site(&[
                V1,
                ("a.md", "---\neleventyNavigation:\n  key: \"2024\"\n---\n"),
            ])
            .fail("---\neleventyNavigation:\n  key: 2024-01-01\n---\n")
            .fail_site(&[V1, ("a.md", "---\neleventyNavigation:\n  key: 2024\n---\n")])
            .run();
    }
}
