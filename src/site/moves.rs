//! Where moved pages went: the renames in git history of the files a broken link could
//! have meant. The history is asked only for a link that is broken, and remembers what
//! git told it, so that a check costs two or three git processes however many links
//! are broken.

use super::Site;
use crate::source::history::{Rename, escape_glob};

/// The renames away from a file Eleventy would have written at the URL path `wanted` (no
/// trailing slash), newest first.
pub fn from_url(site: &Site, wanted: &str) -> Vec<Rename> {
    if site.history.is_none() {
        return Vec::new();
    }
    site.history
        .renames_from(&old_sources(wanted, &site.settings.eleventy.input))
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

    /// The whole check of `files` with `history`.
    fn check(files: &[(&str, &str)], history: &Arc<Asked>) -> crate::Report {
        let inputs = crate::testing::inputs(files).with_history(history.clone());
        let options = crate::CheckOptions::default();
        crate::check_inputs(&inputs, Path::new("."), &options).unwrap()
    }

    #[test]
    fn the_history_is_asked_about_broken_links_only() {
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
                    "[a](/ateliers/catala/) [b](/autre/) [c](/neuf/)",
                ),
                ("rencontres/catala.md", "# Catala"),
                ("neuf.md", "# Neuf"),
            ],
            &history,
        );
        // One question per broken link, about the files it could have meant; none about
        // the link that resolves.
        let mut asked = history.globs.lock().unwrap().clone();
        asked.sort();
        assert_eq!(
            asked,
            [
                [
                    "ateliers/catala.*",
                    "ateliers/catala/index.*",
                    "ateliers/catala/catala.*"
                ],
                ["autre.*", "autre/index.*", "autre/autre.*"],
            ]
        );
        let told = report.diagnostics.iter().filter(|d| {
            d.help
                .as_deref()
                .is_some_and(|h| h.starts_with("this page moved to `/rencontres/catala/`"))
        });
        assert_eq!(told.count(), 1, "{:#?}", report.diagnostics);
    }

    #[test]
    fn a_site_with_no_broken_link_asks_nothing() {
        let history = Arc::new(Asked::default());
        check(
            &[
                ("index.md", "[a](/neuf/) [b](https://example.org/)"),
                ("neuf.md", "# Neuf"),
            ],
            &history,
        );
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
