//! What a broken link could have meant: the page a git rename moved it to, the closest
//! existing URL (same last segment elsewhere, a near spelling, else the deepest folder
//! that still exists), the closest fragment id.

use unicode_normalization::UnicodeNormalization;

use crate::rules::closest;
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
    let mut candidates: Vec<String> = site.urls.keys().map(|u| u.nfc().collect()).collect();
    if assets {
        candidates.extend(site.assets.iter().cloned());
    }
    candidates.retain(|c| Some(c.as_str()) != from);
    candidates.sort();
    same_name(path, &candidates)
        .or_else(|| near_spelling(path, &candidates))
        .map(Suggestion::Similar)
        .or_else(|| existing_parent(path, site).map(Suggestion::Parent))
}

/// The page whose source file was renamed in git history from a file that had `path` as URL.
fn moved(path: &str, site: &Site) -> Option<Suggestion> {
    let wanted = path.trim_end_matches('/');
    let input = &site.settings.eleventy.input;
    let mut renames: Vec<(&String, &String)> = site.renames.iter().collect();
    renames.sort();
    for (old, new) in renames {
        let old_input = strip_input(old, input);
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
            .find(|p| p.file.rel == *new)
            .and_then(|p| p.output.url())
        else {
            continue;
        };
        return Some(Suggestion::Moved {
            url: url.to_owned(),
            from: old.clone(),
            to: new.clone(),
        });
    }
    None
}

/// The page whose file Eleventy would write at `path` without its permalink.
fn elsewhere(path: &str, site: &Site) -> Option<Suggestion> {
    let wanted = path.trim_end_matches('/');
    let version = site.settings.eleventy.version;
    site.pages.iter().find_map(|page| {
        let default = output(&page.input_path, &Cascade::default(), version);
        let default: String = default.url()?.nfc().collect();
        if default.trim_end_matches('/') != wanted {
            return None;
        }
        let file = page.file.rel.clone();
        match &page.output {
            Output::Url { url, .. } => Some(Suggestion::Permalink {
                url: url.clone(),
                file,
            }),
            Output::Disabled => Some(Suggestion::NotWritten { file }),
            _ => None,
        }
    })
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
fn same_name(path: &str, candidates: &[String]) -> Option<String> {
    let last = |p: &str| {
        p.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_owned()
    };
    // `install.md`, a source file name, is the page `install/`.
    let name = last(path);
    let name = [".md", ".njk", ".liquid"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .map_or(name.clone(), str::to_owned);
    if name.is_empty() {
        return None;
    }
    let shared = |c: &str| {
        path.split('/')
            .zip(c.split('/'))
            .take_while(|(a, b)| a == b)
            .count()
    };
    candidates
        .iter()
        .filter(|c| last(c) == name && c.trim_end_matches('/') != path.trim_end_matches('/'))
        .max_by_key(|c| (shared(c), std::cmp::Reverse(c.len())))
        .cloned()
}

/// A URL spelled nearly like `path` (a typo, a missing letter), trailing slash ignored.
fn near_spelling(path: &str, candidates: &[String]) -> Option<String> {
    let wanted = path.trim_end_matches('/');
    let trimmed: Vec<&str> = candidates.iter().map(|c| c.trim_end_matches('/')).collect();
    let found = closest(wanted, trimmed.iter().copied())?;
    candidates
        .iter()
        .find(|c| c.trim_end_matches('/') == found)
        .cloned()
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

/// The id of `ids` closest to `wanted`.
pub fn closest_id<'a>(wanted: &str, ids: &'a [String]) -> Option<&'a str> {
    closest(wanted, ids.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn proposes_a_page_of_the_same_name_then_a_near_spelling() {
        let c = urls(&[
            "/",
            "/bluehats/",
            "/bluehats/ateliers/",
            "/ateliers/catala/",
        ]);
        assert_eq!(
            same_name("/ateliers/", &c).as_deref(),
            Some("/bluehats/ateliers/")
        );
        assert_eq!(
            near_spelling("/bluehats/atelier", &c).as_deref(),
            Some("/bluehats/ateliers/")
        );
        assert_eq!(near_spelling("/tout-autre-chose/", &c), None);
    }
}
