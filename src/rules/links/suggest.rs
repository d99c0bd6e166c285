//! What a broken link could have meant: the page a git rename moved it to, the closest
//! existing URL (same last segment elsewhere, a near spelling, else the deepest folder
//! that still exists). (The closest fragment id is `rules::closest` over `site::ids`.)

use unicode_normalization::UnicodeNormalization;

use crate::site::url::output;
use crate::site::{Cascade, Output, Site};

/// A URL to propose instead of a broken one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// The page was moved or renamed in git history; it now lives at this URL.
    Moved {
        url: String,
        from: String,
        to: String,
    },
    /// The page whose file would be written there has a permalink to another URL.
    Permalink { url: String, file: String },
    /// The page whose file would be written there is not written (`permalink: false`).
    NotWritten { file: String },
    /// A URL spelled or placed like the broken one.
    Similar(String),
    /// Only the beginning of the path still exists.
    Parent(String),
}

impl Suggestion {
    /// The help sentence for a broken link.
    pub fn help(&self) -> String {
        match self {
            Suggestion::Moved { url, from, to } => {
                format!("this page moved to `{url}` (`{from}` was renamed `{to}` in git history)")
            }
            Suggestion::Permalink { url, file } => {
                format!("`{file}` sets its permalink: it is written at `{url}`")
            }
            Suggestion::NotWritten { file } => {
                format!("`{file}` is not written (`permalink: false`): link to another page")
            }
            Suggestion::Similar(url) => format!("did you mean `{url}`?"),
            Suggestion::Parent(url) => format!("the closest page that exists is `{url}`"),
        }
    }
}

/// What to propose for the missing decoded URL path `path`; `assets` adds passthrough files
/// to the candidates; `from`, the linking page's URL, is never proposed.
pub fn for_missing(
    path: &str,
    site: &Site,
    assets: bool,
    from: Option<&str>,
) -> Option<Suggestion> {
    if let Some(found) = moved(path, site).or_else(|| elsewhere(path, site)) {
        return Some(found);
    }
    let index = site.link_index();
    // Same name elsewhere: the page moved to another folder.
    let name = source_name(crate::site::links::name_of(path));
    let moved_folder = site
        .near_index()
        .remembered("same name", path, assets, from, |except| {
            let pages = index.pages_by_name.get(name).into_iter().flatten();
            let files = index.assets_by_name.get(name).into_iter().flatten();
            let files = files.filter(|_| assets);
            same_name(
                path,
                pages.chain(files).filter(|c| Some(c.as_str()) != except),
            )
        });
    moved_folder
        .or_else(|| near_spelling(path, site, assets, from))
        .map(Suggestion::Similar)
        .or_else(|| existing_parent(path, site).map(Suggestion::Parent))
}

/// The page whose source file was renamed in git history from a file that had `path` as URL.
fn moved(path: &str, site: &Site) -> Option<Suggestion> {
    let wanted = path.trim_end_matches('/');
    let input = &site.settings.eleventy.input;
    for rename in crate::site::moves::from_url(site, wanted) {
        let old_input = strip_input(&rename.from, input);
        // Where the old file was written: Eleventy's default URL for its path.
        let old_url = output(
            old_input,
            &Cascade::default(),
            site.settings.eleventy.version,
        );
        let Some(old_url) = old_url.url() else {
            continue;
        };
        if old_url.nfc().collect::<String>().trim_end_matches('/') != wanted {
            continue;
        }
        // The new file may be gone since, or not be written.
        let Some(url) = site
            .pages
            .iter()
            .find(|p| p.file.rel == rename.to)
            .and_then(|p| p.output.url())
        else {
            continue;
        };
        return Some(Suggestion::Moved {
            url: url.to_owned(),
            from: rename.from,
            to: rename.to,
        });
    }
    None
}

/// The page whose file Eleventy would write at `path` without its permalink.
fn elsewhere(path: &str, site: &Site) -> Option<Suggestion> {
    let wanted = path.trim_end_matches('/');
    let &index = site.link_index().by_default_url.get(wanted)?;
    let page = site.pages.get(index)?;
    let file = page.file.rel.clone();
    match &page.output {
        Output::Url { url, .. }
            if url.nfc().collect::<String>().trim_end_matches('/') != wanted =>
        {
            Some(Suggestion::Permalink {
                url: url.clone(),
                file,
            })
        }
        Output::Disabled => Some(Suggestion::NotWritten { file }),
        _ => None,
    }
}

fn strip_input<'a>(path: &'a str, input: &str) -> &'a str {
    if input.is_empty() {
        return path;
    }
    path.strip_prefix(input)
        .and_then(|p| p.strip_prefix('/'))
        .unwrap_or(path)
}

/// A URL ending with the same segment (the page moved to another folder), sharing the most
/// leading segments with `path`.
/// `install.md`, a source file name, stands for the page `install/`.
fn source_name(name: &str) -> &str {
    [".md", ".njk", ".liquid"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(name)
}

/// Of `candidates` (URLs with the same last segment as `path`), the one sharing the most
/// leading segments with `path`.
fn same_name<'a>(path: &str, candidates: impl Iterator<Item = &'a String>) -> Option<String> {
    if source_name(crate::site::links::name_of(path)).is_empty() {
        return None;
    }
    let shared = |c: &str| {
        path.split('/')
            .zip(c.split('/'))
            .take_while(|(a, b)| a == b)
            .count()
    };
    candidates
        .filter(|c| c.trim_end_matches('/') != path.trim_end_matches('/'))
        .max_by_key(|c| (shared(c), std::cmp::Reverse(c.len())))
        .cloned()
}

/// A URL spelled nearly like `path` (a typo, a missing letter), trailing slash ignored:
/// among the pages of its folder, or of the folder spelled nearly like its folder. (Only
/// those: comparing with every URL of a large site costs seconds per broken link.)
fn near_spelling(path: &str, site: &Site, assets: bool, from: Option<&str>) -> Option<String> {
    let near = site.near_index();
    let wanted = path.trim_end_matches('/');
    near.remembered("near spelling", wanted, assets, from, |except| {
        let among = |folder: &str| near.closest_in_folder(folder, wanted, assets, except);
        let parent = crate::site::links::parent_of(wanted);
        let found = among(parent).or_else(|| among(near.folders.closest(parent, Some(parent))?));
        found.map(str::to_owned)
    })
}

/// The deepest folder of `path` that is a page (never the home page alone: it says little).
fn existing_parent(path: &str, site: &Site) -> Option<String> {
    let mut segments: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    while segments.pop().is_some() && !segments.is_empty() {
        let url = format!("/{}/", segments.join("/"));
        if crate::site::links::find_page(&url, site).is_some() {
            return Some(url);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposes_a_page_of_the_same_name_then_a_near_spelling() {
        let inputs = crate::testing::inputs(&[
            ("index.md", "Accueil"),
            ("bluehats/index.md", "BlueHats"),
            ("bluehats/ateliers.md", "Ateliers"),
            ("ateliers/catala.md", "Catala"),
        ]);
        let site = crate::testing::build_site(&inputs);
        let urls = &site.link_index().urls;
        let named = urls
            .iter()
            .filter(|u| crate::site::links::name_of(u) == "ateliers");
        assert_eq!(
            same_name("/ateliers/", named).as_deref(),
            Some("/bluehats/ateliers/")
        );
        let near = |path| near_spelling(path, &site, false, None);
        assert_eq!(
            near("/bluehats/atelier").as_deref(),
            Some("/bluehats/ateliers/")
        );
        // A typo in the folder: the pages of the folder spelled nearly like it.
        assert_eq!(
            near("/bluehat/ateliers/").as_deref(),
            Some("/bluehats/ateliers/")
        );
        assert_eq!(near("/tout-autre-chose/"), None);
    }
}
