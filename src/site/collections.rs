//! How the templates use collections: which ones a template lists by date — a loop over it
//! that writes an item's date or reverses it (newest first) — or a feed publishes, so that a
//! page of it without `date` is misplaced or re-announced. Pure: reads template texts.
//!
//! May import `site::model` and `site::shown`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::model::{Layout, Page};
use super::shown::{BINDING, collection_of, loops};

/// The names of the collections the site shows by date (`all` included when a sitemap's
/// `lastmod` or a list of every page writes dates).
pub fn dated(pages: &[Page], layouts: &[Layout]) -> HashSet<String> {
    let texts: Vec<(&str, &str)> = pages
        .iter()
        .map(|p| (p.file.rel.as_str(), &*p.file.text))
        .chain(layouts.iter().map(|l| (l.file.rel.as_str(), &*l.file.text)))
        .collect();
    // `{% set posts = collections.posts %}` in one file reaches the includes of another.
    let sets: HashMap<String, String> = texts
        .iter()
        .flat_map(|(_, text)| BINDING.captures_iter(text))
        .filter_map(|c| Some((c[1].to_owned(), c.get(2)?.as_str().trim().to_owned())))
        .collect();
    let mut dated = HashSet::new();
    for (rel, text) in &texts {
        for found in loops(text) {
            let Some(name) = collection_of(&found.over, &sets) else {
                continue;
            };
            let body = &text[found.span.clone()];
            let item = &found.variable;
            let writes_date = [format!("{item}.date"), format!("{item}.data.date")]
                .iter()
                .any(|d| body.contains(d.as_str()));
            let newest_first = found.over.contains("reverse");
            if writes_date || newest_first || is_feed(rel, text) {
                dated.insert(name.to_owned());
            }
        }
        // A feed's own date comes from its newest item.
        for caps in NEWEST.captures_iter(text) {
            if let Some(name) = caps.get(1).or_else(|| caps.get(2)) {
                dated.insert(name.as_str().to_owned());
            }
        }
    }
    dated
}

/// `getNewestCollectionItemDate(collections.x)` or `collections.x | getNewestCollectionItemDate`.
static NEWEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"getNewestCollectionItemDate\(\s*collections\.([\w-]+)|collections\.([\w-]+)\s*\|\s*getNewestCollectionItemDate")
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
        ]));
        let mut dated: Vec<String> = super::dated(&site.pages, &site.layouts)
            .into_iter()
            .collect();
        dated.sort();
        assert_eq!(dated, ["actus", "notes", "posts"]);
    }
}
