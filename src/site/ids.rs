//! Every id a built page has — its content's, then those of the layouts and includes it
//! renders through — found once a page, when a `#fragment` link first asks: a page linked
//! from thousands of others is read once, not once a link, and a layout once, however many
//! pages render through it.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::{Layout, Site};
use crate::parse::content::Anchor;

#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static ID_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\sid\s*=\s*(?:"([^"{}<>]+)"|'([^'{}<>]+)')"#).expect("regex"));

/// Up to this many ids, a page's own are read through rather than searched: most pages
/// have a few, and an index would only cost memory.
const READ_THROUGH: usize = 16;

/// What a page's own ids (`content.anchors`) need to be looked up: nothing for most pages,
/// which have a few; an index by id for a page of thousands, so that each link to it is
/// not a read through them all.
#[derive(Debug, Clone, Default)]
pub struct PageIds {
    /// Indexes into `content.anchors`, sorted by id (empty: read them through).
    by_id: Vec<usize>,
    /// The NFC spelling of each id not written in NFC, sorted: the browser finds those too.
    nfc: Vec<String>,
}

/// The ids a layout or include writes, in its order.
#[derive(Debug, Clone, Default)]
pub struct LayoutIds {
    list: Vec<String>,
    written: HashSet<String>,
    nfc: HashSet<String>,
}

/// Every id of one built page.
#[derive(Debug, Clone, Copy)]
pub struct Ids<'s> {
    anchors: &'s [Anchor],
    own: &'s PageIds,
    index: usize,
    site: &'s Site,
}

impl<'s> Ids<'s> {
    /// Whether the browser finds `fragment` (decoded; `raw` as written in the link).
    pub fn has(&self, fragment: &str, raw: &str) -> bool {
        self.written(fragment)
            || self.written(raw)
            || self
                .own
                .nfc
                .binary_search_by(|n| n.as_str().cmp(fragment))
                .is_ok()
            || self.layouts().any(|l| l.nfc.contains(fragment))
    }

    /// In page order, for suggestions.
    pub fn iter(&self) -> impl Iterator<Item = &'s str> + use<'s> {
        let own = self.anchors.iter().map(|a| a.id.as_str());
        let layouts = self
            .layouts()
            .flat_map(|l| l.list.iter().map(String::as_str));
        own.chain(layouts)
    }

    pub fn len(&self) -> usize {
        self.anchors.len() + self.layouts().map(|l| l.list.len()).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn written(&self, id: &str) -> bool {
        let own = if self.own.by_id.is_empty() {
            self.anchors.iter().any(|a| a.id == id)
        } else {
            let at = |i: &usize| self.anchors.get(*i).map_or("", |a| a.id.as_str());
            self.own.by_id.binary_search_by(|i| at(i).cmp(id)).is_ok()
        };
        own || self.layouts().any(|l| l.written.contains(id))
    }

    fn layouts(&self) -> impl Iterator<Item = &'s LayoutIds> + use<'s> {
        let site = self.site;
        let files = site.renders.files_of_page.get(self.index).into_iter();
        files
            .flatten()
            .filter_map(|file| site.layouts.get(file.layout))
            .map(layout_ids)
    }
}

/// The ids of `site.pages[index]` (none for an index out of range).
pub fn of(index: usize, site: &Site) -> Ids<'_> {
    static NONE: LazyLock<PageIds> = LazyLock::new(PageIds::default);
    let Some(page) = site.pages.get(index) else {
        return Ids {
            anchors: &[],
            own: &NONE,
            index,
            site,
        };
    };
    let anchors = page.content.anchors.as_slice();
    let own = page.ids.get_or_init(|| {
        let mut by_id = Vec::new();
        if anchors.len() > READ_THROUGH {
            by_id = (0..anchors.len()).collect();
            by_id.sort_by(|a, b| {
                let id = |i: &usize| anchors.get(*i).map(|a| a.id.as_str());
                id(a).cmp(&id(b))
            });
        }
        let mut nfc: Vec<String> = not_nfc(anchors.iter().map(|a| a.id.as_str())).collect();
        nfc.sort_unstable();
        PageIds { by_id, nfc }
    });
    Ids {
        anchors,
        own,
        index,
        site,
    }
}

fn layout_ids(layout: &Layout) -> &LayoutIds {
    layout.ids.get_or_init(|| {
        let list: Vec<String> = ID_ATTRIBUTE
            .captures_iter(&layout.file.text)
            .filter_map(|caps| caps.get(1).or_else(|| caps.get(2)))
            .map(|id| id.as_str().to_owned())
            .collect();
        LayoutIds {
            written: list.iter().cloned().collect(),
            nfc: not_nfc(list.iter().map(String::as_str)).collect(),
            list,
        }
    })
}

/// The NFC spelling of each of `ids` not written in NFC.
fn not_nfc<'a>(ids: impl Iterator<Item = &'a str>) -> impl Iterator<Item = String> {
    ids.filter(|id| is_nfc_quick(id.chars()) != IsNormalized::Yes)
        .filter_map(|id| Some(id.nfc().collect::<String>()).filter(|nfc| nfc != id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` ids on the page, one of them written in NFD, and two in its layout.
    fn site(count: usize) -> Site {
        let mut page = String::from("---\nlayout: base.njk\n---\n");
        for i in 0..count {
            page.push_str(&format!("<span id=\"id-{i}\"></span>\n"));
        }
        page.push_str("<span id=\"cafe\u{301}\"></span>\n");
        let layout =
            "<header id=\"haut\"></header><main id=\"conte\u{301}nu\">{{ content }}</main>";
        let inputs = crate::testing::inputs(&[("index.md", &page), ("_includes/base.njk", layout)]);
        crate::testing::build_site(&inputs)
    }

    #[test]
    fn finds_the_ids_of_the_page_and_of_its_layout_read_through_or_indexed() {
        for count in [3, READ_THROUGH * 4] {
            let site = site(count);
            let ids = of(0, &site);
            assert_eq!(ids.len(), count + 3, "{count} ids");
            assert_eq!(ids.iter().next(), Some("id-0"));
            assert_eq!(ids.iter().last(), Some("conte\u{301}nu"));
            for i in [0, count / 2, count - 1] {
                assert!(ids.has(&format!("id-{i}"), ""), "id-{i} of {count}");
            }
            assert!(!ids.has(&format!("id-{count}"), "id-x"));
            assert!(ids.has("haut", "haut"));
            // The browser finds an id by its NFC spelling as well as by the one written.
            assert!(ids.has("caf\u{e9}", "caf%C3%A9"));
            assert!(ids.has("cafe\u{301}", ""));
            assert!(ids.has("cont\u{e9}nu", ""));
            assert!(ids.has("nope", "haut"), "the raw spelling counts too");
            assert!(!ids.has("cafe", "cafe"));
        }
    }

    #[test]
    fn a_page_out_of_range_has_no_ids() {
        let site = site(1);
        assert!(of(7, &site).is_empty());
        assert!(!of(7, &site).has("haut", "haut"));
    }
}
