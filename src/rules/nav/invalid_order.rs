use crate::parse::yaml::{Value, YamlNode};
use crate::rules::{Check, SiteContext, declare_rule};

use super::file_of;

declare_rule! {
    /// ## What it does
    /// Reports a navigation `order` that is not a number.
    /// A word, an empty string, `.nan`, a boolean, a date, a list or a mapping. Numeric
    /// strings such as `"10"` work and are not reported.
    ///
    /// ## Why is this bad?
    /// eleventy-navigation sorts with `a.order - b.order`. A word gives `NaN`, which the
    /// sort reads as "equal to everything": the entry lands wherever the sort happens to
    /// leave it, and the entries around it may lose their order too. Booleans and dates
    /// silently become 0, 1 or a timestamp.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Guides
    ///   order: quarante
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// eleventyNavigation:
    ///   key: Guides
    ///   order: 40
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/plugins/navigation/
    pub struct InvalidOrder {
        code: "nav/invalid-order",
        severity: Error,
        scope: Site,
        url: "https://www.11ty.dev/docs/plugins/navigation/",
    }
}

/// What the sort makes of a value that is not a number, or `None` when it is one.
fn problem(order: &YamlNode) -> Option<String> {
    let nan = "the sort then finds this entry equal to every other one, so its place in the \
               menu is unpredictable";
    match &order.value {
        Value::Null | Value::Int(_) => None,
        Value::Float(f) if !f.is_nan() => None,
        Value::Float(_) => Some(format!(
            "eleventy-navigation subtracts orders, and `.nan` is `NaN`: {nan}"
        )),
        Value::String { text, .. } if text.trim().is_empty() => {
            Some("an empty string silently counts as 0".into())
        }
        Value::String { text, .. } => crate::site::nav::order_number(order).is_nan().then(|| {
            format!(
                "eleventy-navigation subtracts orders, and `{text}` is not a number (`NaN`): {nan}"
            )
        }),
        Value::Bool(b) => Some(format!(
            "YAML reads `{b}` as a boolean, which silently counts as {}",
            u8::from(*b)
        )),
        Value::Date(_) => Some(format!(
            "YAML reads `{}` as a date, which the sort turns into a timestamp in milliseconds",
            order.display()
        )),
        Value::Seq(_) | Value::Map(_) => Some(format!(
            "eleventy-navigation subtracts orders, and {} gives `NaN`: {nan}",
            order.kind()
        )),
    }
}

/// The value for a message: `quarante`, or `""` for an empty string.
fn shown(order: &YamlNode) -> String {
    match order.as_str() {
        Some(text) if text.trim().is_empty() => format!("\"{text}\""),
        _ => format!("`{}`", order.display()),
    }
}

impl Check for InvalidOrder {
    fn check_site(&self, cx: &mut SiteContext<'_>) {
        let site = cx.site;
        let nav = site.navigation();
        for entry in &nav.entries {
            let Some(order) = entry.order.as_ref().filter(|o| o.is_known()) else {
                continue;
            };
            let Some(why) = problem(&order.value) else {
                continue;
            };
            cx.report(
                file_of(site, entry, order),
                order.value.span.clone(),
                format!("navigation order {} is not a number", shown(&order.value)),
            )
            .with_label(format!("this is {}", order.value.kind()))
            .with_help(format!("{why}; write a number, such as `order: 10`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidOrder)
            .pass("---\neleventyNavigation:\n  key: A\n  order: 10\n---\n")
            .pass("---\neleventyNavigation:\n  key: A\n  order: \"10\"\n---\n")
            .pass("---\neleventyNavigation:\n  key: A\n  order: -1.5\n---\n")
            .pass("---\neleventyNavigation:\n  key: A\n---\n")
            .fail("---\neleventyNavigation:\n  key: Guides\n  order: quarante\n---\n")
            .fail("---\neleventyNavigation:\n  key: Guides\n  order: \"\"\n---\n")
            .fail("---\neleventyNavigation:\n  key: Guides\n  order: true\n---\n")
            .fail("---\neleventyNavigation:\n  key: Guides\n  order: 2022-06-02\n---\n")
            .fail("---\neleventyNavigation:\n  key: Guides\n  order: [1, 2]\n---\n")
            .run();
    }
}
