use crate::parse::yaml::{Value, YamlDate, days_in_month};
use crate::rules::{Check, PageContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an unquoted `date` whose day does not exist, such as `2024-02-30` or
    /// `2022-06-31`.
    ///
    /// ## Why is this bad?
    /// js-yaml does not check the calendar: it rolls the date over (`2024-02-30` becomes
    /// 1 March 2024) and Eleventy builds the page with a date nobody wrote. The page is
    /// then sorted, listed and announced in feeds under the wrong day.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// date: 2024-02-30
    /// ---
    /// ```
    /// Use instead:
    /// ```markdown
    /// ---
    /// date: 2024-02-29
    /// ---
    /// ```
    ///
    /// ## References
    /// - https://www.11ty.dev/docs/dates/
    pub struct ImpossibleDate {
        code: "front-matter/impossible-date",
        severity: Warning,
        scope: Page,
        url: "https://www.11ty.dev/docs/dates/",
    }
}

/// The day JavaScript's `Date.UTC` lands on for a date whose parts overflow.
fn rolled_over(date: &YamlDate) -> (i32, u32, u32) {
    let (mut year, mut month) = (
        date.year + (date.month as i32 - 1) / 12,
        (date.month - 1) % 12 + 1,
    );
    let mut day = date.day;
    while day > days_in_month(i64::from(year), month) {
        day -= days_in_month(i64::from(year), month);
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
    }
    (year, month, day)
}

impl Check for ImpossibleDate {
    fn check_page(&self, cx: &mut PageContext<'_>) {
        let page = cx.page;
        let Some((date, origin)) = page.data.get("date") else {
            return;
        };
        let Value::Date(written) = &date.value else {
            return;
        };
        // A month 0 or day 0 goes backwards; both are rare enough to name plainly.
        if written.month == 0 || written.day == 0 {
            return;
        }
        if written.month <= 12
            && written.day <= days_in_month(i64::from(written.year), written.month)
        {
            return;
        }
        let (year, month, day) = rolled_over(written);
        cx.report_in(
            cx.site.origin_file(page, origin),
            date.span.clone(),
            format!("date `{}` does not exist", date.display()),
        )
        .with_label(format!("read as {year:04}-{month:02}-{day:02}"))
        .with_help(
            "js-yaml silently rolls the date over to a later day; write the day that was meant",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::RuleTest;

    #[test]
    fn cases() {
        RuleTest::new(super::ImpossibleDate)
            .pass("---\ndate: 2024-02-29\n---\n")
            .pass("---\ndate: 2022-12-31\n---\n")
            .pass("---\ndate: \"2024-02-30\"\n---\n")
            .fail("---\ndate: 2023-02-29\n---\n")
            .fail("---\ndate: 2022-06-31\n---\n")
            .fail("---\ndate: 2022-13-01\n---\n")
            .run();
    }
}
