//! How the templates use collections: which ones a template lists by date — a loop over it
//! that writes an item's date or reverses it (newest first) — or a feed publishes, so that a
//! page of it without `date` is misplaced or re-announced. Pure: reads template texts.
//!
//! May import `site::model`, `site::render`, `site::shown` and `parse`.

use std::collections::HashSet;
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use super::model::{Layout, Page};
use super::render::Renders;
use super::shown::{collection_of, sets_on_path};
use crate::parse::template_tags::Tags;

/// The names of the collections the site shows by date (`all` included when a sitemap's
/// `lastmod` or a list of every page writes dates). A loop's collection is read with the
/// `{% set %}`s of the files its page renders (`{% set list = collections.posts %}` in a page,
/// the loop in its include); `{% raw %}` examples are not loops.
pub fn dated(pages: &[Page], layouts: &[Layout], renders: &Renders) -> HashSet<String> {
    let layout_tags = &renders.layout_tags;
    let on_pages: Vec<Vec<String>> = (pages.par_iter().enumerate())
        .map(|(index, page)| {
            let mut dated = Vec::new();
            let Some(own) = renders.page_tags.get(index) else {
                return dated;
            };
            let files = renders
                .files_of_page
                .get(index)
                .map_or(&[][..], Vec::as_slice);
            let path: Vec<(&str, &str, &Tags)> =
                std::iter::once((page.file.rel.as_str(), &*page.file.text, own))
                    .chain(files.iter().filter_map(|f| {
                        let layout = layouts.get(f.layout)?;
                        let tags = layout_tags.get(f.layout)?;
                        Some((layout.file.rel.as_str(), &*layout.file.text, tags))
                    }))
                    .collect();
            let sets = sets_on_path(path.iter().map(|(_, _, tags)| *tags));
            for (rel, text, tags) in &path {
                for found in &tags.loops {
                    let Some(name) = collection_of(&found.over, &sets) else {
                        continue;
                    };
                    let body = text.get(found.span.clone()).unwrap_or_default();
                    let item = &found.variable;
                    let writes_date = [format!("{item}.date"), format!("{item}.data.date")]
                        .iter()
                        .any(|d| body.contains(d.as_str()));
                    let newest_first = found.over.contains("reverse");
                    if writes_date || newest_first || is_feed(rel, text) {
                        dated.push(name.to_owned());
                    }
                }
            }
            dated
        })
        .collect();
    let mut dated: HashSet<String> = on_pages.into_iter().flatten().collect();
    // A feed's own date comes from its newest item.
    let texts = pages
        .iter()
        .map(|p| &*p.file.text)
        .chain(layouts.iter().map(|l| &*l.file.text));
    for text in texts {
        for caps in NEWEST.captures_iter(text) {
            if let Some(name) = caps.get(1).or_else(|| caps.get(2)) {
                dated.insert(name.as_str().to_owned());
            }
        }
    }
    dated
}

/// `getNewestCollectionItemDate(collections.x)` or `collections.x | getNewestCollectionItemDate`.
#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static NEWEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"getNewestCollectionItemDate\(\s*collections\.([[A-Za-z0-9_]-]+)|collections\.([[A-Za-z0-9_]-]+)\s*\|\s*getNewestCollectionItemDate")
        .expect("regex")
});

/// An Atom, RSS or JSON feed template.
fn is_feed(rel: &str, text: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.contains("feed")
        || text.contains("<feed")
        || text.contains("<rss")
        || text.contains("jsonfeed")
}

#[cfg(test)]
mod tests {
    use crate::testing::{build_site, inputs};

    #[test]
    fn collections_listed_by_date_or_published_in_a_feed() {
        let site = build_site(&inputs(&[
            (
                "blog.njk",
                "{% set list = collections.posts %}{% include \"list.njk\" %}",
            ),
            (
                "_includes/list.njk",
                "{% for post in list %}<time>{{ post.date | readableDate }}</time>{% endfor %}",
            ),
            (
                "actus.njk",
                "{% for item in collections.actus | reverse %}{{ item.data.title }}{% endfor %}",
            ),
            (
                "feed.njk",
                "---\npermalink: /feed.xml\n---\n<feed><updated>{{ collections.notes | getNewestCollectionItemDate | dateToRfc3339 }}</updated></feed>",
            ),
            (
                "guides.njk",
                "{% for guide in collections.guides %}<a href=\"{{ guide.url }}\">{{ guide.data.title }}</a>{% endfor %}",
            ),
            // The same name set to another collection elsewhere; a loop shown as an example.
            (
                "docs.njk",
                "{% set list = collections.docs %}{% for d in list %}{{ d.data.title }}{% endfor %}",
            ),
            (
                "exemple.md",
                "{% raw %}{% for note in collections.exemples | reverse %}{% endraw %}",
            ),
        ]));
        let mut dated: Vec<String> = super::dated(&site.pages, &site.layouts, &site.renders)
            .into_iter()
            .collect();
        dated.sort();
        assert_eq!(dated, ["actus", "notes", "posts"]);
    }
}
