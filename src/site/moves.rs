//! Where moved pages went: the renames in git history of the files the site's broken links
//! could have meant, asked of the history once for the whole site, on first use.

use std::collections::BTreeSet;

use super::Site;
use super::links::{Target, resolve};
use crate::source::history::{Rename, escape_glob, glob_set};

/// Every rename of a file that a missing link's URL could have come from.
pub(super) fn collect(site: &Site) -> Vec<Rename> {
    if site.history.is_none() {
        return Vec::new();
    }
    let input = &site.settings.eleventy.input;
    let mut globs = BTreeSet::new();
    for page in site.pages.iter().filter(|p| p.unread.is_none()) {
        for link in &page.content.links {
            if let Target::Missing { path, .. } = resolve(link, page, site) {
                globs.extend(old_sources(path.trim_end_matches('/'), input));
            }
        }
    }
    if globs.is_empty() {
        return Vec::new();
    }
    site.history
        .renames_from(&globs.into_iter().collect::<Vec<_>>())
}

/// The renames of `site` away from a file Eleventy would have written at the URL path
/// `wanted` (no trailing slash), newest first.
pub fn from_url<'a>(site: &'a Site, wanted: &str) -> impl Iterator<Item = &'a Rename> {
    let moves = site.moves();
    // Most checks have no rename to match: compile no globs for them.
    let matcher =
        (!moves.is_empty()).then(|| glob_set(&old_sources(wanted, &site.settings.eleventy.input)));
    moves
        .iter()
        .filter(move |r| matcher.as_ref().is_some_and(|m| m.is_match(&r.from)))
}

/// Globs of the files Eleventy would have written at the URL path `wanted` without a
/// permalink: `a/b.*`, `a/b/index.*`, `a/b/b.*`, under the input folder.
fn old_sources(wanted: &str, input: &str) -> Vec<String> {
    let stem = escape_glob(wanted.trim_start_matches('/'));
    let last = stem.rsplit('/').next().unwrap_or(&stem).to_owned();
    let mut globs = if stem.is_empty() {
        vec!["index.*".to_owned()]
    } else {
        vec![
            format!("{stem}.*"),
            format!("{stem}/index.*"),
            format!("{stem}/{last}.*"),
        ]
    };
    if !input.is_empty() {
        let input = escape_glob(input);
        for glob in &mut globs {
            *glob = format!("{input}/{glob}");
        }
    }
    globs
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use crate::source::history::{History, Rename, matching};

    /// Renames known in advance, and every question asked about them.
    #[derive(Debug, Default)]
    struct Asked {
        renames: Vec<Rename>,
        calls: AtomicUsize,
        globs: Mutex<Vec<Vec<String>>>,
    }

    impl History for Asked {
        fn renames_from(&self, globs: &[String]) -> Vec<Rename> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.globs.lock().unwrap().push(globs.to_vec());
            matching(&self.renames, globs).cloned().collect()
        }
    }

    /// The whole check of `files` with `history`, then the site's renames asked again.
    fn check(files: &[(&str, &str)], history: &Arc<Asked>) -> crate::Report {
        let inputs = crate::testing::inputs(files).with_history(history.clone());
        let options = crate::CheckOptions::default();
        let report = crate::check_inputs(&inputs, Path::new("."), &options).unwrap();
        report.site.moves();
        report
    }

    #[test]
    fn the_history_is_asked_once_about_every_broken_link() {
        let history = Arc::new(Asked {
            renames: vec![
                Rename {
                    from: "ateliers/catala.md".into(),
                    to: "rencontres/catala.md".into(),
                },
                Rename {
                    from: "vieux.md".into(),
                    to: "neuf.md".into(),
                },
            ],
            ..Asked::default()
        });
        let report = check(
            &[
                (
                    "index.md",
                    "[a](/ateliers/catala/) [b](/autre/) [c](/ateliers/catala/)",
                ),
                ("suite.md", "[a](/ateliers/catala/) [d](/neuf/)"),
                ("rencontres/catala.md", "# Catala"),
                ("neuf.md", "# Neuf"),
            ],
            &history,
        );
        // One question for the whole check, about the sources of every broken link, each
        // once; none about links that resolve.
        assert_eq!(history.calls.load(Ordering::SeqCst), 1);
        assert_eq!(
            *history.globs.lock().unwrap(),
            [[
                "ateliers/catala.*",
                "ateliers/catala/catala.*",
                "ateliers/catala/index.*",
                "autre.*",
                "autre/autre.*",
                "autre/index.*",
            ]]
        );
        let site = &report.site;
        // Only renames a broken link could have meant are kept.
        assert_eq!(site.moves().len(), 1, "{:?}", site.moves());
        let found: Vec<&Rename> = super::from_url(site, "/ateliers/catala").collect();
        assert_eq!(found[0].to, "rencontres/catala.md");
        assert_eq!(super::from_url(site, "/autre").count(), 0);
        let told = report.diagnostics.iter().filter(|d| {
            d.help
                .as_deref()
                .is_some_and(|h| h.starts_with("this page moved to `/rencontres/catala/`"))
        });
        assert_eq!(told.count(), 3, "{:#?}", report.diagnostics);
    }

    #[test]
    fn a_site_with_no_broken_link_asks_nothing() {
        let history = Arc::new(Asked::default());
        let report = check(
            &[
                ("index.md", "[a](/neuf/) [b](https://example.org/)"),
                ("neuf.md", "# Neuf"),
            ],
            &history,
        );
        assert!(report.site.moves().is_empty());
        assert_eq!(history.calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn old_sources_escape_what_globs_would_read() {
        assert_eq!(
            super::old_sources("/a/[b]", "src"),
            [
                "src/a/\\[b\\].*",
                "src/a/\\[b\\]/index.*",
                "src/a/\\[b\\]/\\[b\\].*"
            ]
        );
        assert_eq!(super::old_sources("", ""), ["index.*"]);
    }
}
