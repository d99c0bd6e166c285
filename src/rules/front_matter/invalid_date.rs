use std::sync::LazyLock;

use regex::Regex;

use crate::parse::yaml::{Value, YamlNode, days_in_month};
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `date` that Eleventy refuses. Refused are strings such as `2021-4-14` or
    /// `2018-11-20 16:33 +0100`, which are neither one of Eleventy's keywords
    /// (`Last Modified`, `Created`, `git Last Modified`, `git Created`) nor an ISO 8601 date
    /// that Luxon accepts, and quoted calendar dates that do not exist (`"2021-02-30"`).
    ///
    /// ## Why is this bad?
    /// Eleventy stops the build: "date front matter value (…) is invalid". js-yaml only
    /// turns `YYYY-MM-DD` and full `YYYY-MM-DD HH:MM:SS` timestamps into dates; anything
    /// else stays a string and goes to Luxon, which is strict.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// date: 2022-6-2
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// date: 2022-06-02
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/dates/
    pub struct InvalidDate {
        code: "front-matter/invalid-date",
        severity: Error,
        scope: Page,
        url: "https://www.11ty.dev/docs/dates/",
    }
}

#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?: (?P<y>[0-9]{4}) (?: -(?P<m>[0-9]{2}) (?: -(?P<d>[0-9]{2}) )? )?
          | (?P<by>[0-9]{4})(?P<bm>[0-9]{2})(?P<bd>[0-9]{2})
          | [0-9]{4}-?W[0-9]{2}(?:-?[1-7])?
          | [0-9]{4}-?[0-9]{3}
        )
        (?: (?P<t>[Tt]) (?P<h>[0-9]{2})
            (?: :?(?P<min>[0-9]{2}) (?: :?(?P<s>[0-9]{2}) (?:[.,](?P<f>[0-9]+))? )? )?
            (?: (?P<z>[Zz]) | [+-][0-9]{2}(?::?[0-9]{2})? )?
        )?$",
    )
    .expect("regex")
});

/// Why Luxon's `DateTime.fromISO` refuses `text`, or `None` when it accepts it (or may:
/// what Eleventy 2 and 3 install depends on the site's lock file).
fn iso_problem(text: &str, version: u8) -> Option<&'static str> {
    let Some(caps) = ISO_DATE.captures(text) else {
        return Some("not an ISO 8601 date (write YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with a `T`)");
    };
    let number = |names: [&str; 2]| {
        names
            .iter()
            .find_map(|n| caps.name(n))
            .and_then(|m| m.as_str().parse::<u32>().ok())
    };
    let year = number(["y", "by"]).unwrap_or(2000);
    if let Some(month) = number(["m", "bm"]) {
        if !(1..=12).contains(&month) {
            return Some("the month does not exist");
        }
        if let Some(day) = number(["d", "bd"])
            && (day == 0 || day > days_in_month(i64::from(year), month))
        {
            return Some("the day does not exist in that month");
        }
    }
    let out_of = |name: &str, max: u32| number([name, name]).is_some_and(|v| v > max);
    // The hour 24 is the end of the day, `24:00:00.000` only.
    let past_midnight = number(["h", "h"]) == Some(24)
        && (out_of("min", 0)
            || out_of("s", 0)
            || caps
                .name("f")
                .is_some_and(|f| f.as_str().bytes().any(|b| b != b'0')));
    if out_of("h", 24) || out_of("min", 59) || out_of("s", 59) || past_midnight {
        return Some("the time does not exist");
    }
    // Luxon reads a lowercase `t` and `z` from 3.7.0 on (3.6.1 refuses them). Eleventy 2
    // and 3 install a Luxon 3, which one the lock file says; Eleventy 1's Luxon 2 refuses.
    let lowercase = |name: &str| {
        caps.name(name)
            .is_some_and(|m| m.as_str().bytes().any(|b| b.is_ascii_lowercase()))
    };
    if version < 2 && (lowercase("t") || lowercase("z")) {
        return Some("Eleventy 1's Luxon reads only an uppercase `T` and `Z`");
    }
    None
}

/// Eleventy's date keywords, compared case-insensitively.
fn is_keyword(text: &str, version: u8) -> bool {
    let lower = text.to_lowercase();
    matches!(
        lower.as_str(),
        "last modified" | "created" | "git last modified"
    ) || (version >= 2 && lower == "git created")
}

/// Why Eleventy refuses this `date`, or `None`.
fn date_problem(node: &YamlNode, version: u8) -> Option<String> {
    match &node.value {
        // Falsy values mean "no date"; real YAML dates are used as they are.
        Value::Null | Value::Bool(false) | Value::Date(_) => None,
        Value::String { text, .. } if text.is_empty() || is_keyword(text, version) => None,
        Value::String { text, .. } => iso_problem(text, version).map(str::to_owned),
        Value::Int(_) | Value::Float(_) if version >= 3 => {
            Some("Eleventy 3 only accepts a date or a string".into())
        }
        Value::Int(_) | Value::Float(_) => iso_problem(&node.display(), version).map(str::to_owned),
        Value::Bool(true) | Value::Seq(_) | Value::Map(_) => {
            Some(format!("{} is not a date", node.kind()))
        }
    }
}

impl Check for InvalidDate {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let site = cx.site;
        let Some((date, origin)) = page.data.get("date") else {
            return;
        };
        let Some(problem) = date_problem(date, site.settings.eleventy.version) else {
            return;
        };
        cx.report_in(
            site.origin_file(page, origin),
            date.span.clone(),
            format!("date `{}` is invalid: {problem}", date.display()),
        )
        .with_label("Eleventy refuses this date")
        .with_help(
            "Eleventy stops the build on this page; write the date as YYYY-MM-DD (e.g. 2022-06-02)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::iso_problem;
    use crate::testing::RuleTest;

    #[test]
    fn luxon_iso_subset() {
        for ok in [
            "2022",
            "2022-06",
            "2022-06-02",
            "20220602",
            "2022-06-02T10:00",
            "2022-06-02T10:00:00.5+01:00",
            "2024-02-29",
            "2022-W05-1",
            "2022-06-02T24:00",
            "2022-06-02T24:00:00.000Z",
        ] {
            for version in [1, 2, 3] {
                assert_eq!(iso_problem(ok, version), None, "{ok}");
            }
        }
        for bad in [
            "2021-4-14",
            "2018-11-20 16:33 +0100",
            "2021-02-30",
            "2022-13-01",
            "02/06/2022",
            "demain",
            "2022-06-02T24:01",
            "2022-06-02T24:00:01",
            "2022-06-02T24:00:00.5",
        ] {
            for version in [1, 2, 3] {
                assert!(iso_problem(bad, version).is_some(), "{bad}");
            }
        }
        // Probed: Luxon 2.5.2, 3.5.0 and 3.6.1 refuse a lowercase `t` or `z`; 3.7.0 reads them.
        for lowercase in ["2022-06-02t10:00", "2022-06-02T10:00z"] {
            assert!(iso_problem(lowercase, 1).is_some(), "{lowercase}");
            assert_eq!(iso_problem(lowercase, 3), None, "{lowercase}");
        }
    }

    #[test]
    fn cases() {
        RuleTest::new(super::InvalidDate)
            .pass("---\ndate: 2022-06-02\n---\n")
            .pass("---\ndate: 2022-06-02 10:00:00\n---\n")
            .pass("---\ndate: Last Modified\n---\n")
            .pass("---\ndate: \"2022-06-02T10:00:00Z\"\n---\n")
            .fail("---\ndate: 2022-6-2\n---\n")
            .fail("---\ndate: 2018-11-20 16:33 +0100\n---\n")
            .fail("---\ndate: \"2021-02-30\"\n---\n")
            .fail("---\ndate: [2022]\n---\n")
            .run();
    }
}
