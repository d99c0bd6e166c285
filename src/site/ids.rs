//! Every id a built page has — its content's, then those of the layouts and includes it
//! renders through — found once a page, when a `#fragment` link first asks: a page linked
//! from thousands of others is read once, not once a link.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::Site;

#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static ID_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sid\s*=\s*(?:"([^"{}<>]+)"|'([^'{}<>]+)')"#).expect("regex"));

/// The ids of one built page.
#[derive(Debug, Clone, Default)]
pub struct PageIds {
    /// In page order, for suggestions.
    pub list: Vec<String>,
    written: HashSet<String>,
    nfc: HashSet<String>,
}

impl PageIds {
    /// Whether the browser finds `fragment` (decoded; `raw` as written in the link).
    pub fn has(&self, fragment: &str, raw: &str) -> bool {
        self.written.contains(fragment) || self.written.contains(raw) || self.nfc.contains(fragment)
    }
}

/// The ids of `site.pages[index]` (none for an index out of range).
pub fn of(index: usize, site: &Site) -> &PageIds {
    static NONE: LazyLock<PageIds> = LazyLock::new(PageIds::default);
    let Some(page) = site.pages.get(index) else {
        return &NONE;
    };
    page.ids.get_or_init(|| {
        let mut list: Vec<String> = page.content.anchors.iter().map(|a| a.id.clone()).collect();
        let files = site.renders.files_of_page.get(index).into_iter().flatten();
        for layout in files.filter_map(|file| site.layouts.get(file.layout)) {
            for caps in ID_ATTRIBUTE.captures_iter(&layout.file.text) {
                if let Some(id) = caps.get(1).or_else(|| caps.get(2)) {
                    list.push(id.as_str().to_owned());
                }
            }
        }
        PageIds {
            written: list.iter().cloned().collect(),
            nfc: list.iter().map(|id| id.nfc().collect()).collect(),
            list,
        }
    })
}
