//! Renames in the site's git history, so a broken link can name the page's new place.
//! Asked only when a broken link needs it, and only about the paths that link could have
//! meant: a path-limited `git log` costs little even on a long history, where a full
//! `git log -M` of every commit costs seconds.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

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
        let matchers: Vec<globset::GlobMatcher> = globs
            .iter()
            .filter_map(|g| {
                globset::GlobBuilder::new(g)
                    .literal_separator(true)
                    .backslash_escape(true)
                    .build()
                    .ok()
            })
            .map(|g| g.compile_matcher())
            .collect();
        self.0
            .iter()
            .filter(|r| matchers.iter().any(|m| m.is_match(&r.from)))
            .cloned()
            .collect()
    }
}

/// How many renames of one file are followed, and how many deleting commits looked at.
const MAX_HOPS: usize = 8;
const MAX_COMMITS: usize = 8;

/// The history of the repository holding `root`, up to `rev` (`HEAD` for the working tree
/// and the index). Answers are remembered: each question runs git once.
#[derive(Debug)]
pub struct GitHistory {
    root: PathBuf,
    rev: String,
    answers: Mutex<HashMap<Vec<String>, Vec<Rename>>>,
}

impl GitHistory {
    pub fn new(root: PathBuf, rev: impl Into<String>) -> Self {
        Self {
            root,
            rev: rev.into(),
            answers: Mutex::new(HashMap::new()),
        }
    }

    fn git(&self) -> Command {
        let mut command = Command::new("git");
        command
            .arg("-C")
            .arg(&self.root)
            .args(["-c", "core.quotePath=false"]);
        command
    }

    /// The commits (newest first) that deleted or renamed away a path matching `specs`.
    fn deleting_commits(&self, specs: &[String]) -> Vec<String> {
        let output = self
            .git()
            .args(["log", "--diff-filter=D", "--no-renames", "--format=%H"])
            .arg(format!("--max-count={MAX_COMMITS}"))
            .arg(&self.rev)
            .arg("--")
            .args(specs)
            .output();
        match output {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The renames `commit` made, relative to the root.
    fn renames_in(&self, commit: &str) -> Vec<Rename> {
        let output = self
            .git()
            .args(["diff-tree", "-r", "-M", "--name-status", "-z", "--relative"])
            .arg(format!("{commit}^"))
            .arg(commit)
            .output();
        match output {
            Ok(out) if out.status.success() => {
                parse_name_status(&String::from_utf8_lossy(&out.stdout))
            }
            _ => Vec::new(),
        }
    }

    fn ask(&self, globs: &[String]) -> Vec<Rename> {
        let specs: Vec<String> = globs.iter().map(|g| format!(":(glob){g}")).collect();
        let mut found = Vec::new();
        for commit in self.deleting_commits(&specs) {
            let matchers = KnownRenames(self.renames_in(&commit));
            for rename in matchers.renames_from(globs) {
                if !found.iter().any(|r: &Rename| r.from == rename.from) {
                    found.push(rename);
                }
            }
        }
        // Follow each new path to where it went next, if it moved again.
        for rename in &mut found {
            for _ in 0..MAX_HOPS {
                let exact = vec![escape_glob(&rename.to)];
                let specs = vec![format!(":(glob){}", exact[0])];
                let Some(next) = self
                    .deleting_commits(&specs)
                    .first()
                    .and_then(|c| KnownRenames(self.renames_in(c)).renames_from(&exact).pop())
                else {
                    break;
                };
                if next.to == rename.from {
                    break;
                }
                rename.to = next.to;
            }
        }
        found.retain(|r| r.from != r.to);
        found
    }
}

impl History for GitHistory {
    fn renames_from(&self, globs: &[String]) -> Vec<Rename> {
        let key = globs.to_vec();
        if let Some(answer) = self.answers.lock().ok().and_then(|a| a.get(&key).cloned()) {
            return answer;
        }
        let answer = self.ask(globs);
        if let Ok(mut answers) = self.answers.lock() {
            answers.insert(key, answer.clone());
        }
        answer
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

/// Parses `git diff-tree --name-status -z` output: `R100␀old␀new␀M␀path␀…`.
fn parse_name_status(text: &str) -> Vec<Rename> {
    let mut renames = Vec::new();
    let mut fields = text.split('\0');
    while let Some(status) = fields.next() {
        let status = status.trim_matches('\n');
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

    #[test]
    fn reads_renames_and_skips_other_changes() {
        let text = "M\0index.md\0R095\0a.md\0b/a.md\0D\0gone.md\0C100\0x.md\0y.md\0";
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
        let known = KnownRenames(vec![
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
        ]);
        let found = known.renames_from(&["a/b.*".into()]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            known.renames_from(&[escape_glob("[draft].md")])[0].to,
            "e.md"
        );
    }

    #[test]
    fn no_repository_means_no_renames() {
        let dir = tempfile::tempdir().unwrap();
        let history = GitHistory::new(dir.path().to_path_buf(), "HEAD");
        assert!(history.renames_from(&["*.md".into()]).is_empty());
    }
}
