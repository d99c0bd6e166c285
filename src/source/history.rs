//! Renames in the site's git history, so a broken link can name the page's new place.
//! Asked only when a broken link needs it, once for all the paths the site's broken links
//! could have meant, and only over the last commits: a path-limited `git log` of a bounded
//! range costs milliseconds even on a long history, where a full `git log -M` of every
//! commit costs seconds.

use std::path::PathBuf;
use std::process::Command;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A file that git's history renamed: `from` (relative to the root) now lives at `to`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rename {
    pub from: String,
    pub to: String,
}

/// Where files moved. The core asks; the answer comes from git, or from nowhere.
pub trait History: Send + Sync + std::fmt::Debug {
    /// Renames, newest first, of files whose old path matches one of `globs` (`*` within
    /// a path segment; `\` escapes), each followed to the newest path it was renamed to.
    fn renames_from(&self, globs: &[String]) -> Vec<Rename>;
}

/// No history: a site outside git, or inputs built in memory.
#[derive(Debug)]
pub struct NoHistory;

impl History for NoHistory {
    fn renames_from(&self, _globs: &[String]) -> Vec<Rename> {
        Vec::new()
    }
}

/// Renames recorded in memory, for tests.
#[derive(Debug)]
pub struct KnownRenames(pub Vec<Rename>);

impl History for KnownRenames {
    fn renames_from(&self, globs: &[String]) -> Vec<Rename> {
        matching(&self.0, globs).cloned().collect()
    }
}

impl AsRef<Rename> for Rename {
    fn as_ref(&self) -> &Rename {
        self
    }
}

/// The renames among `renames` whose old path matches one of `globs`, in their order.
pub fn matching<'a, R: AsRef<Rename>>(
    renames: &'a [R],
    globs: &[String],
) -> impl Iterator<Item = &'a R> + use<'a, R> {
    let matcher = glob_set(globs);
    renames
        .iter()
        .filter(move |r| matcher.is_match(&r.as_ref().from))
}

/// `globs` as git's `:(glob)` pathspecs read them: `*` stays within a segment.
pub fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        if let Ok(glob) = GlobBuilder::new(glob)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
        {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// How many commits back renames are looked for, and how many times one file's renames
/// are followed.
const MAX_COMMITS: usize = 1000;
const MAX_HOPS: usize = 4;

/// The history of the repository holding `root`, up to `rev` (`HEAD` for the working tree
/// and the index).
#[derive(Debug)]
pub struct GitHistory {
    root: PathBuf,
    rev: String,
}

impl GitHistory {
    pub fn new(root: PathBuf, rev: impl Into<String>) -> Self {
        Self {
            root,
            rev: rev.into(),
        }
    }

    fn git(&self) -> Command {
        super::git::command(&self.root)
    }

    /// `rev` and, on a long history, the exclusion of what lies beyond the last commits.
    fn range(&self) -> Vec<String> {
        let limit = format!("{}~{MAX_COMMITS}^{{commit}}", self.rev);
        let oldest = self
            .git()
            .args(["rev-parse", "--verify", "--quiet", &limit])
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned());
        let mut range = vec![self.rev.clone()];
        range.extend(oldest.map(|sha| format!("^{sha}")));
        range
    }

    /// Every rename, newest first, in the commits of `range` that touch a path matching
    /// `globs`: one `git log`, rename detection run on those commits only.
    fn renames_touching(&self, range: &[String], globs: &[String]) -> Vec<Rename> {
        let output = self
            .git()
            .args([
                "log",
                "-M",
                "--full-diff",
                "--diff-filter=R",
                "--name-status",
            ])
            .args(["-z", "--relative", "--format=%x01"])
            .args(range)
            .arg("--")
            .args(globs.iter().map(|g| format!(":(glob){g}")))
            .output();
        match output {
            Ok(out) if out.status.success() => {
                parse_name_status(&String::from_utf8_lossy(&out.stdout))
            }
            _ => Vec::new(),
        }
    }
}

impl History for GitHistory {
    fn renames_from(&self, globs: &[String]) -> Vec<Rename> {
        if globs.is_empty() {
            return Vec::new();
        }
        let range = self.range();
        let mut found: Vec<Rename> = Vec::new();
        for rename in matching(&self.renames_touching(&range, globs), globs) {
            // Newest first: an older rename away from the same path was undone since.
            if !found.iter().any(|r| r.from == rename.from) {
                found.push(rename.clone());
            }
        }
        // Follow the new paths to where they went next, all at once, a few times.
        for _ in 0..MAX_HOPS {
            let targets: Vec<String> = found
                .iter()
                .filter(|r| r.from != r.to)
                .map(|r| escape_glob(&r.to))
                .collect();
            if targets.is_empty() {
                break;
            }
            let touching = self.renames_touching(&range, &targets);
            let next: Vec<&Rename> = matching(&touching, &targets).collect();
            let mut moved = false;
            for rename in found.iter_mut().filter(|r| r.from != r.to) {
                // Renamed back to where it was: `retain` below drops it.
                if let Some(later) = next.iter().find(|n| n.from == rename.to) {
                    moved |= later.to != rename.from;
                    rename.to.clone_from(&later.to);
                }
            }
            if !moved {
                break;
            }
        }
        found.retain(|r| r.from != r.to);
        found
    }
}

/// `path` as a glob that matches only itself.
pub fn escape_glob(path: &str) -> String {
    let mut escaped = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Parses `git log --name-status -z --format=%x01` output: `␁␀R100␀old␀new␀M␀path␀…`.
fn parse_name_status(text: &str) -> Vec<Rename> {
    let mut renames = Vec::new();
    let mut fields = text.split('\0').map(|f| f.trim_matches(['\n', '\u{1}']));
    while let Some(status) = fields.next() {
        if status.starts_with('R') || status.starts_with('C') {
            let (Some(from), Some(to)) = (fields.next(), fields.next()) else {
                break;
            };
            if status.starts_with('R') {
                renames.push(Rename {
                    from: from.to_owned(),
                    to: to.to_owned(),
                });
            }
        } else if !status.is_empty() {
            fields.next();
        }
    }
    renames
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::git;

    #[test]
    fn reads_renames_and_skips_other_changes() {
        let text =
            "\u{1}\0M\0index.md\0R095\0a.md\0b/a.md\0\u{1}\0\nD\0gone.md\0C100\0x.md\0y.md\0";
        assert_eq!(
            parse_name_status(text),
            [Rename {
                from: "a.md".into(),
                to: "b/a.md".into()
            }]
        );
    }

    #[test]
    fn globs_match_within_a_segment_and_escape_literals() {
        let renames = [
            Rename {
                from: "a/b.md".into(),
                to: "c.md".into(),
            },
            Rename {
                from: "a/x/b.md".into(),
                to: "d.md".into(),
            },
            Rename {
                from: "[draft].md".into(),
                to: "e.md".into(),
            },
        ];
        let found: Vec<&Rename> = matching(&renames, &["a/b.*".into()]).collect();
        assert_eq!(found, [&renames[0]]);
        let found: Vec<&Rename> = matching(&renames, &[escape_glob("[draft].md")]).collect();
        assert_eq!(found, [&renames[2]]);
        // The test double filters the same way.
        let known = KnownRenames(renames.to_vec());
        assert_eq!(
            known.renames_from(&["a/*/b.md".into()]),
            [renames[1].clone()]
        );
    }

    #[test]
    fn follows_a_file_through_successive_renames() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "# A page long enough to be recognised\n").unwrap();
        std::fs::write(root.join("index.md"), "# Accueil\n").unwrap();
        let steps: [&[&str]; 9] = [
            &["init", "-q"],
            &["add", "."],
            &["commit", "-q", "-m", "a"],
            &["mv", "a.md", "b.md"],
            &["commit", "-q", "-m", "a → b"],
            &["mv", "b.md", "index2.md"],
            &["commit", "-q", "-m", "b → index2"],
            &["mv", "index2.md", "a.md"],
            &["commit", "-q", "-m", "index2 → a"],
        ];
        if !steps[..7].iter().all(|args| git(root, args)) {
            return;
        }
        let history = GitHistory::new(root.to_path_buf(), "HEAD");
        let found = history.renames_from(&["a.*".into(), "b.*".into()]);
        assert_eq!(
            found,
            [
                Rename {
                    from: "b.md".into(),
                    to: "index2.md".into()
                },
                Rename {
                    from: "a.md".into(),
                    to: "index2.md".into()
                },
            ]
        );
        // Back to its first name: no move to report.
        assert!(steps[7..].iter().all(|args| git(root, args)));
        let found = history.renames_from(&["a.*".into()]);
        assert!(
            found.iter().all(|r| r.from != "a.md" || r.to == "a.md"),
            "{found:?}"
        );
    }

    #[test]
    fn no_repository_means_no_renames() {
        let dir = tempfile::tempdir().unwrap();
        let history = GitHistory::new(dir.path().to_path_buf(), "HEAD");
        assert!(history.renames_from(&["*.md".into()]).is_empty());
    }
}
