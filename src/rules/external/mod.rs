//! External link rules: what the HTTP check found about each external link
//! (`site::verdict`, stored in the site before the rules run) and what host profiles
//! say offline (`site::hosts`). Pure: a rule never opens a socket. Without an online
//! check, only the offline rules (`invalid-url`, known moves) report anything.

pub mod broken;
pub mod embed_title;
pub mod flaky;
pub mod invalid_url;
pub mod redirect;
pub mod unverifiable;

use url::Url;

use crate::parse::content::Link;
use crate::rules::{PageContext, Report};
use crate::site::external::{External, externals};
use crate::site::verdict::LinkCheck;
use crate::site::{Page, Site};

/// Each external link of `page` with its normalised URL and the verdict on it, when the
/// online check gave one. Every occurrence of a URL gets its own diagnostic.
fn checked_links<'a>(
    page: &'a Page,
    site: &'a Site,
) -> impl Iterator<Item = (&'a Link, Url, &'a LinkCheck)> + 'a {
    let results = &site.external;
    // Offline, there is no verdict to look for: no need to parse every URL.
    let links = if results.by_url.is_empty() {
        &[][..]
    } else {
        &page.content.links[..]
    };
    links
        .iter()
        .zip(externals(page, site))
        .filter_map(move |(link, external)| {
            let Some(External::Url(url)) = external else {
                return None;
            };
            let check = results.get(url.as_str())?;
            Some((link, url.clone(), check))
        })
}

/// A finding on the bytes of the link's target, carrying the URL as written.
fn report_link<'c>(cx: &'c mut PageContext<'_>, link: &Link, message: String) -> Report<'c> {
    let mut report = cx.report(link.span.clone(), message);
    report.link = Some(link.target.clone());
    report
}

/// Whether the link's bytes in the file are its target, so a fix may replace them (not so
/// for a reference link, whose span is the use site).
fn replaceable(page: &Page, link: &Link) -> bool {
    page.file.text.get(link.span.clone()) == Some(link.target.as_str())
}

/// `to`, with the fragment the link was written with when `to` has none.
fn with_fragment(to: &str, written: &str) -> String {
    match written.split_once('#') {
        Some((_, fragment)) if !to.contains('#') && !fragment.is_empty() => {
            format!("{to}#{fragment}")
        }
        _ => to.to_owned(),
    }
}
