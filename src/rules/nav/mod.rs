//! Navigation rules: `eleventyNavigation` keys, parents and order, with the semantics of the
//! eleventy-navigation version the site uses. Each reads `site::nav::Navigation`.

pub mod cycle;
pub mod duplicate_key;
pub mod excluded_page;
pub mod invalid_key;
pub mod invalid_order;
pub mod missing_key;
pub mod missing_parent;
pub mod no_url;
pub mod not_a_mapping;
pub mod order_tie;

use std::ops::Range;

use crate::rules::Rule;
use crate::site::Site;
use crate::site::nav::{Entry, Field};

/// Every navigation rule.
pub fn rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(cycle::Cycle),
        Box::new(duplicate_key::DuplicateKey),
        Box::new(excluded_page::ExcludedPage),
        Box::new(invalid_key::InvalidKey),
        Box::new(invalid_order::InvalidOrder),
        Box::new(missing_key::MissingKey),
        Box::new(missing_parent::MissingParent),
        Box::new(no_url::NoUrl),
        Box::new(not_a_mapping::NotAMapping),
        Box::new(order_tie::OrderTie),
    ]
}

/// The file (relative to the root) a field of `entry` was written in.
fn file_of<'a>(site: &'a Site, entry: &Entry, field: &Field) -> &'a str {
    site.pages
        .get(entry.page)
        .map_or("", |page| site.origin_file(page, field.origin))
}

/// The page file of an entry, for messages.
fn page_file<'a>(site: &'a Site, entry: &Entry) -> &'a str {
    site.pages
        .get(entry.page)
        .map_or("", |p| p.file.rel.as_str())
}

/// The bytes of `span` in the file a field was written in, as the author wrote them.
fn written<'a>(
    site: &'a Site,
    entry: &Entry,
    field: &Field,
    span: Range<usize>,
) -> Option<&'a str> {
    let page = site.pages.get(entry.page)?;
    let text: &str = match field.origin {
        crate::site::LayerSource::FrontMatter => &page.file.text,
        crate::site::LayerSource::DataFile(i) => &site.data_files.get(i)?.file.text,
        crate::site::LayerSource::Layout(i) => &site.layouts.get(i)?.file.text,
    };
    text.get(span)
}

/// Where to point for an entry as a whole, and the file: its `key` value, else the
/// `eleventyNavigation` key.
fn entry_place<'a>(site: &'a Site, entry: &Entry) -> (&'a str, Range<usize>) {
    let (field, span) = entry.anchor();
    (file_of(site, entry, field), span)
}

/// `Blog`, or `(no key)`, for messages.
fn entry_name(entry: &Entry) -> String {
    entry
        .name()
        .map_or_else(|| "(no key)".to_owned(), |n| format!("`{n}`"))
}

/// A list for messages: "`A`", "`A` and `B`", "`A`, `B` and `C`".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::and_list;

    #[test]
    fn lists_read_as_sentences() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["A"])), "A");
        assert_eq!(and_list(&s(&["A", "B", "C"])), "A, B and C");
    }
}
