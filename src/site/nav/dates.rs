//! The date Eleventy gives a page (`page.date`), which orders `collections.all` and so
//! decides the menu order of entries whose `order` ties. Dates Eleventy reads from the file
//! system or git at build time are unknown to vigie, and differ between machines.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

use super::js::compare_strings;
use crate::parse::yaml::Value;
use crate::site::url::is_date_at;
use crate::site::{LayerSource, Page, Site};

/// Where a page's date comes from, and its value when vigie can know it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageDate {
    /// `date` in the data (YAML date or ISO string): milliseconds since 1970, UTC.
    Written(f64),
    /// A `YYYY-MM-DD` in the file path.
    InPath(f64),
    /// The first `YYYY-MM-DD` in the file path is no real day (`2021-13-45`): Eleventy reads
    /// it anyway and gets an Invalid Date (`NaN`), which compares equal to every date, so
    /// where the page lands in `collections.all` is the sort's doing.
    Invalid,
    /// No date: Eleventy takes the file's creation time.
    FileCreated,
    /// `date: Last Modified` or `Created`: a file system time.
    FileTime,
    /// `date: git Last Modified` or `git Created`: read from git history.
    Git,
    /// A date Eleventy refuses (`front-matter/invalid-date` reports it) or vigie does not
    /// read (ISO week dates …).
    Unread,
}

impl PageDate {
    /// The instant, when vigie knows it.
    pub fn known(self) -> Option<f64> {
        match self {
            PageDate::Written(ms) | PageDate::InPath(ms) => Some(ms),
            _ => None,
        }
    }

    /// Whether the date depends on the machine that builds the site.
    pub fn is_machine_dependent(self) -> bool {
        matches!(self, PageDate::FileCreated | PageDate::FileTime)
    }
}

/// `collections.all` order: by date, then by input path. Dates vigie cannot know sort after
/// known ones, as in a fresh clone where every file was just created.
pub(super) fn collection_order(a: (PageDate, &str), b: (PageDate, &str)) -> Ordering {
    let by_date = match (a.0.known(), b.0.known()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_date.then_with(|| compare_strings(a.1, b.1))
}

/// The date Eleventy 1–3 maps for `page` (`Template#getMappedDate`). Public for
/// `tests/dates.rs`, which compares it with real Eleventy builds.
pub fn page_date(site: &Site, page: &Page) -> PageDate {
    let Some((date, origin)) = page.data.get("date").filter(|(d, _)| d.is_truthy()) else {
        return path_date(&page.file.rel).unwrap_or(PageDate::FileCreated);
    };
    match &date.value {
        // js-yaml keeps only calendar parts in the model: read the time from the source.
        Value::Date(_) => {
            let text = origin_text(site, page, origin);
            text.get(date.span.clone())
                .and_then(yaml_timestamp)
                .map_or(PageDate::Unread, PageDate::Written)
        }
        Value::String { text, .. } => match text.to_lowercase().as_str() {
            "last modified" | "created" => PageDate::FileTime,
            "git last modified" => PageDate::Git,
            // Eleventy 1 has no `git Created`: Luxon refuses it and the build stops.
            "git created" if site.settings.eleventy.version >= 2 => PageDate::Git,
            _ => iso_date(text).map_or(PageDate::Unread, PageDate::Written),
        },
        _ => PageDate::Unread,
    }
}

/// The text of the file a cascade value was written in.
fn origin_text<'a>(site: &'a Site, page: &'a Page, origin: LayerSource) -> &'a str {
    match origin {
        LayerSource::FrontMatter => &page.file.text,
        LayerSource::DataFile(i) => site.data_files.get(i).map_or("", |d| &d.file.text),
        LayerSource::Layout(i) => site.layouts.get(i).map_or("", |l| &l.file.text),
    }
}

/// The first `YYYY-MM-DD` anywhere in the path, read by Luxon; `None` when there is none.
/// Eleventy takes the first one whatever it holds: when it is no real day, the page's date is
/// Invalid, neither a later date in the path nor the file's creation time.
fn path_date(path: &str) -> Option<PageDate> {
    let bytes = path.as_bytes();
    let at = (0..bytes.len()).find(|&at| is_date_at(bytes, at))?;
    // ASCII digits: the ranges are on character boundaries.
    let number = |from: usize, to: usize| path.get(at + from..at + to)?.parse::<u32>().ok();
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    Some(if valid_day(year, month, day) {
        PageDate::InPath(epoch_ms(year as i32, month, day, 0, 0, 0, 0))
    } else {
        PageDate::Invalid
    })
}

#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static YAML_TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::?([0-9][0-9]))?))?)?$",
    )
    .expect("regex")
});

/// A js-yaml timestamp (`2022-06-02`, `2022-06-02 10:00:00 +01:00`) as `Date.UTC` makes it.
fn yaml_timestamp(text: &str) -> Option<f64> {
    let caps = YAML_TIMESTAMP.captures(text.trim())?;
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    // js-yaml calls `Date.UTC`, which reads the years 0–99 as 1900–1999.
    let year = i32::try_from(num(1)?).ok()?;
    let year = if year < 100 { year + 1900 } else { year };
    let (month, day) = (num(2)?, num(3)?);
    let (hour, minute, second) = (
        num(4).unwrap_or(0),
        num(5).unwrap_or(0),
        num(6).unwrap_or(0),
    );
    let millis = caps.get(7).map_or(0, |m| {
        let digits: String = m.as_str().chars().chain("000".chars()).take(3).collect();
        digits.parse().unwrap_or(0)
    });
    let utc = epoch_ms(year, month, day, hour, minute, second, millis);
    Some(utc - offset_ms(caps.get(9).map(|m| m.as_str()), num(10), num(11)))
}

#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([0-9]{4})(?:-?([0-9]{2})(?:-?([0-9]{2}))?)?(?:T([0-9]{2})(?::?([0-9]{2})(?::?([0-9]{2})(?:[.,]([0-9]+))?)?)?(Z|([-+])([0-9]{2})(?::?([0-9]{2}))?)?)?$",
    )
    .expect("regex")
});

/// A calendar ISO 8601 string as Luxon's `DateTime.fromISO(s, { zone: "utc" })` reads it.
fn iso_date(text: &str) -> Option<f64> {
    let caps = ISO.captures(text)?;
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let year = num(1)?;
    let (month, day) = (num(2).unwrap_or(1), num(3).unwrap_or(1));
    let (hour, minute, second) = (
        num(4).unwrap_or(0),
        num(5).unwrap_or(0),
        num(6).unwrap_or(0),
    );
    let millis = caps.get(7).map_or(0, |m| {
        let digits: String = m.as_str().chars().chain("000".chars()).take(3).collect();
        digits.parse().unwrap_or(0)
    });
    // Luxon takes the hour 24 only as `24:00:00.000`, the end of the day.
    let end_of_day = hour == 24 && minute == 0 && second == 0 && millis == 0;
    if !valid_day(year, month, day) || (hour > 23 && !end_of_day) || minute > 59 || second > 59 {
        return None;
    }
    let utc = epoch_ms(year as i32, month, day, hour, minute, second, millis);
    Some(utc - offset_ms(caps.get(9).map(|m| m.as_str()), num(10), num(11)))
}

/// The offset of `±HH:MM` in milliseconds (0 for `Z` or none).
fn offset_ms(sign: Option<&str>, hours: Option<u32>, minutes: Option<u32>) -> f64 {
    let Some(sign) = sign else {
        return 0.0;
    };
    let magnitude = f64::from(hours.unwrap_or(0) * 60 + minutes.unwrap_or(0)) * 60_000.0;
    if sign == "-" { -magnitude } else { magnitude }
}

fn valid_day(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `Date.UTC(year, month - 1, day, …)`: out-of-range months and days roll over as in
/// JavaScript.
pub(crate) fn epoch_ms(
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    millis: u32,
) -> f64 {
    let months = i64::from(year) * 12 + i64::from(month) - 1;
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    // Days from civil (Howard Hinnant), for 1 January of the month's year.
    let y_adj = if m <= 2 { y - 1 } else { y };
    let era = y_adj.div_euclid(400);
    let yoe = y_adj - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468 + i64::from(day) - 1;
    let seconds =
        days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second);
    seconds as f64 * 1000.0 + f64::from(millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_matches_date_utc() {
        assert_eq!(epoch_ms(1970, 1, 1, 0, 0, 0, 0), 0.0);
        assert_eq!(epoch_ms(2022, 6, 2, 0, 0, 0, 0), 1_654_128_000_000.0);
        assert_eq!(epoch_ms(2024, 2, 29, 12, 0, 0, 0), 1_709_208_000_000.0);
        assert_eq!(
            epoch_ms(2021, 13, 1, 0, 0, 0, 0),
            epoch_ms(2022, 1, 1, 0, 0, 0, 0)
        );
    }

    #[test]
    fn timestamps_and_iso_strings() {
        let midnight = epoch_ms(2022, 6, 2, 0, 0, 0, 0);
        assert_eq!(yaml_timestamp("2022-06-02"), Some(midnight));
        assert_eq!(
            yaml_timestamp("2022-06-02 10:00:00 +01:00"),
            Some(midnight + 9.0 * 3_600_000.0)
        );
        assert_eq!(iso_date("2022-06-02"), Some(midnight));
        assert_eq!(iso_date("2022-06-02T10:00Z"), Some(midnight + 36_000_000.0));
        assert_eq!(iso_date("2022-06"), Some(epoch_ms(2022, 6, 1, 0, 0, 0, 0)));
        assert_eq!(iso_date("2022-02-30"), None);
        assert_eq!(iso_date("02/06/2022"), None);
    }

    #[test]
    fn dates_in_paths() {
        let day = PageDate::InPath(epoch_ms(2021, 4, 14, 0, 0, 0, 0));
        assert_eq!(path_date("posts/2021-04-14-ateliers.md"), Some(day));
        assert_eq!(path_date("2021-04-14/index.md"), Some(day));
        assert_eq!(path_date("x2021-04-14y.md"), Some(day));
        assert_eq!(path_date("posts/ateliers.md"), None);
        // The first one counts, even when it is no real day (tests/dates.rs has more).
        assert_eq!(path_date("posts/2021-02-30-x.md"), Some(PageDate::Invalid));
        assert_eq!(
            path_date("2021-13-45-x/2021-04-14-y.md"),
            Some(PageDate::Invalid)
        );
    }

    #[test]
    fn as_js_yaml_and_luxon_read_them() {
        // Probed on Node 20, TZ=UTC, with what Eleventy 1.0.2 / 3.1.8 install: js-yaml 3.15.2
        // (gray-matter's) / 4.3.2, Luxon 2.5.2 / 3.7.2 (`DateTime.fromISO(s, { zone: "utc" })`),
        // all alike. The builds of tests/dates.rs agree on 0099-01-01 and 24:00.
        assert_eq!(yaml_timestamp("0099-01-01"), Some(915_148_800_000.0));
        assert_eq!(yaml_timestamp("0001-01-01"), Some(-2_177_452_800_000.0));
        assert_eq!(
            yaml_timestamp("2022-06-02 10:00:00.1234"),
            Some(1_654_164_000_123.0)
        );
        assert_eq!(iso_date("0099-01-01"), Some(-59_042_995_200_000.0));
        assert_eq!(iso_date("2022-06-02T24:00"), Some(1_654_214_400_000.0));
        assert_eq!(iso_date("2022-06-02T24:00:01"), None);
        assert_eq!(iso_date("2022-06-02T23:59:60"), None);
        assert_eq!(iso_date("2022-06-02T10"), Some(1_654_164_000_000.0));
        assert_eq!(iso_date("2022-06-02T10:00+0130"), Some(1_654_158_600_000.0));
        assert_eq!(
            iso_date("2022-06-02T10:00:00,5Z"),
            Some(1_654_164_000_500.0)
        );
        assert_eq!(iso_date("202206"), Some(1_654_041_600_000.0));
        assert_eq!(iso_date("2022-06-02 10:00"), None);
    }

    #[test]
    fn git_created_is_eleventy_2_and_later() {
        // Eleventy 1.0.2 stops: "date front matter value (git Created) is invalid" (a probe).
        for (version, expected) in [(1, PageDate::Unread), (3, PageDate::Git)] {
            let package =
                format!(r#"{{ "devDependencies": {{ "@11ty/eleventy": "^{version}.0.0" }} }}"#);
            let inputs = crate::testing::inputs(&[
                ("package.json", &package),
                ("a.md", "---\ndate: git Created\n---\n"),
            ]);
            let site = crate::testing::build_site(&inputs);
            assert_eq!(site.settings.eleventy.version, version);
            let page = site.pages.first().expect("a page");
            assert_eq!(page_date(&site, page), expected, "Eleventy {version}");
        }
    }

    #[test]
    fn unknown_dates_sort_after_known_ones_then_by_path() {
        let known = PageDate::Written(0.0);
        let order = |a, b| collection_order(a, b);
        assert_eq!(
            order((PageDate::FileCreated, "a.md"), (known, "b.md")),
            Ordering::Greater
        );
        assert_eq!(
            order(
                (PageDate::FileCreated, "b.md"),
                (PageDate::FileCreated, "a.md")
            ),
            Ordering::Greater
        );
        assert_eq!(order((known, "b.md"), (known, "a.md")), Ordering::Greater);
    }
}
