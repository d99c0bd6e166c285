//! Renames in the site's git history, so a broken link can name the page's new place.
//! Asked only when a broken link needs it, once for all the paths the site's broken links
//! could have meant, and only over the commits since the 1,000th first-parent ancestor
//! (`rev~1000` counts first parents only: the last 1,000 commits of a linear history, more
//! where branches were merged). Three git processes answer, however many links are broken:
//! `rev-parse` of the range's end, a `git log` of the range's deletions without rename
//! detection (cheap), then one `git diff-tree -M` of only the commits that deleted a file;
//! a full `git log -M` of every commit costs seconds on a long history.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

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
    /// a path segment; `\` escapes), each followed through the renames of its new path made
    /// after it, to where its content went.
    fn renames_from(&self, globs: &[String]) -> Vec<Rename>;

    /// Whether there is no history at all to ask (then nothing is worth collecting).
    fn is_none(&self) -> bool {
        false
    }
}

/// No history: a site outside git, or inputs built in memory.
#[derive(Debug)]
pub struct NoHistory;

impl History for NoHistory {
    fn renames_from(&self, _globs: &[String]) -> Vec<Rename> {
        Vec::new()
    }

    fn is_none(&self) -> bool {
        true
    }
}

/// Renames recorded in memory, for tests.
#[cfg(test)]
#[derive(Debug)]
pub struct KnownRenames(pub Vec<Rename>);

#[cfg(test)]
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

/// How far back renames are looked for: the commits since the `MAX_COMMITS`th first-parent
/// ancestor (`rev~1000` counts first parents only; commits merged in since count too). And
/// how many times one file's renames are followed.
const MAX_COMMITS: usize = 1000;
const MAX_HOPS: usize = 4;

/// How many globs, and how many bytes of them, one question may hold (each broken link
/// brings three): a bound on the matching a hostile page can cause. Globs beyond are left
/// out: the links they come from are not told where their page moved (the other
/// suggestions still apply).
const MAX_GLOBS: usize = 2000;
const MAX_GLOB_BYTES: usize = 256 * 1024;

/// The globs of `globs` worth matching, the first `MAX_GLOBS` of them within
/// `MAX_GLOB_BYTES`: those below the root only. A path outside the repository (absolute,
/// or too many `..`) names no file of it, a `..` inside it leaves the root, and an empty
/// glob or `.` would match every path.
fn worth_matching(globs: &[String]) -> Vec<String> {
    let mut kept = Vec::new();
    let mut bytes = 0;
    for glob in globs {
        let path = unescape_glob(glob);
        let below_root = path.split('/').any(|part| !part.is_empty() && part != ".");
        if !below_root || !super::stays_inside(&path) || glob.contains('\0') {
            continue;
        }
        bytes += glob.len() + ":(glob)".len();
        if kept.len() == MAX_GLOBS || bytes > MAX_GLOB_BYTES {
            break;
        }
        kept.push(glob.clone());
    }
    kept
}

/// The history of the repository holding `root`, up to `rev` (`HEAD` for the working tree
/// and the index).
#[derive(Debug)]
pub struct GitHistory {
    root: PathBuf,
    rev: String,
    /// What git answered, asked once each: every question of a check reads the same
    /// history (the range, its deletions, their positions, the renames of each commit).
    range: OnceLock<Vec<String>>,
    deletions: OnceLock<Vec<(String, String)>>,
    positions: OnceLock<HashMap<String, usize>>,
    renames: OnceLock<HashMap<String, Vec<Rename>>>,
}

impl GitHistory {
    pub fn new(root: PathBuf, rev: impl Into<String>) -> Self {
        Self {
            root,
            rev: rev.into(),
            range: OnceLock::new(),
            deletions: OnceLock::new(),
            positions: OnceLock::new(),
            renames: OnceLock::new(),
        }
    }

    fn git(&self) -> Command {
        super::git::command(&self.root)
    }

    /// `rev` and, on a long history, the exclusion of its `MAX_COMMITS`th first-parent
    /// ancestor and what that reaches.
    fn range(&self) -> &[String] {
        self.range.get_or_init(|| self.ask_range())
    }

    fn ask_range(&self) -> Vec<String> {
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

    /// The commits of `range` in a topological listing, newest first: a commit comes
    /// before its parents, so a rename made after another has a smaller position.
    /// The position of each commit that deleted a file, newest first in topological
    /// order (a commit before its parents): a rename made after another comes first. Only
    /// such commits make renames.
    fn positions(&self) -> &HashMap<String, usize> {
        self.positions.get_or_init(|| {
            let mut positions = HashMap::new();
            for (commit, _) in self.deletions() {
                let next = positions.len();
                positions.entry(commit.clone()).or_insert(next);
            }
            positions
        })
    }

    /// Every rename, with its commit, in the commits of `range` that deleted a path matching
    /// `globs`: the commits are found in memory among `deletions`, and rename detection
    /// runs on those commits only. A `git log` given the globs as pathspecs instead costs
    /// seconds once there are hundreds of them: git matches every path of every commit
    /// against each.
    fn renames_touching(&self, globs: &[String]) -> Vec<(String, Rename)> {
        // Most broken links name no deleted file: their globs' literal starts tell, before
        // any glob is compiled.
        let starts: Vec<String> = globs.iter().map(|g| literal_start(g)).collect();
        let candidates: Vec<&(String, String)> = self
            .deletions()
            .iter()
            .filter(|(_, path)| starts.iter().any(|start| path.starts_with(start.as_str())))
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let matcher = glob_set(globs);
        let mut commits: Vec<&str> = candidates
            .into_iter()
            .filter(|(_, path)| matcher.is_match(path))
            .map(|(commit, _)| commit.as_str())
            .collect();
        commits.dedup();
        if commits.is_empty() {
            return Vec::new();
        }
        let renames = self.renames();
        commits
            .iter()
            .flat_map(|c| {
                let made = renames.get(*c).into_iter().flatten();
                made.map(|r| ((*c).to_owned(), r.clone()))
            })
            .collect()
    }

    /// The renames of every commit that deleted a file, asked on the first broken link
    /// that may need one: a single process, however many links follow.
    fn renames(&self) -> &HashMap<String, Vec<Rename>> {
        self.renames.get_or_init(|| {
            let commits: Vec<&str> = self.positions().keys().map(String::as_str).collect();
            let mut renames: HashMap<String, Vec<Rename>> = HashMap::new();
            for (commit, rename) in self.detect_renames(&commits) {
                renames.entry(commit).or_default().push(rename);
            }
            renames
        })
    }

    /// The renames `commits` made: rename detection, the costly part, on those commits
    /// only, through one `git diff-tree --stdin`.
    fn detect_renames(&self, commits: &[&str]) -> Vec<(String, Rename)> {
        let request: String = commits.iter().map(|c| format!("{c}\n")).collect();
        let child = self
            .git()
            .args(["diff-tree", "--stdin", "-r", "-M", "--diff-filter=R"])
            .args(["--name-status", "-z", "--relative", "--format=%x01%H"])
            .args(["--no-ext-diff", "--no-textconv"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            return Vec::new();
        };
        if let Some(mut stdin) = child.stdin.take() {
            // Written from another thread: git answers while it reads.
            std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        }
        match child.wait_with_output() {
            Ok(out) if out.status.success() => {
                parse_name_status(&String::from_utf8_lossy(&out.stdout))
            }
            _ => Vec::new(),
        }
    }

    /// Every file deleted (or renamed away: no rename detection here) in `range`, with
    /// its commit, newest first; one `git log` without pathspecs, asked once.
    fn deletions(&self) -> &[(String, String)] {
        self.deletions.get_or_init(|| {
            let range = self.range();
            let output = self
                .git()
                .args([
                    "log",
                    "--topo-order",
                    "--diff-filter=D",
                    "--no-renames",
                    "--name-only",
                ])
                .args(["-z", "--relative", "--format=%x01%H"])
                .args(range)
                .output();
            let Ok(out) = output.map(|o| {
                if o.status.success() {
                    o.stdout
                } else {
                    Vec::new()
                }
            }) else {
                return Vec::new();
            };
            let mut deleted = Vec::new();
            let mut commit = String::new();
            for field in String::from_utf8_lossy(&out).split('\0') {
                let field = field.trim_start_matches('\n');
                if let Some(sha) = field.strip_prefix('\u{1}') {
                    commit = sha.trim().to_owned();
                } else if !field.is_empty() {
                    deleted.push((commit.clone(), field.to_owned()));
                }
            }
            deleted
        })
    }
}

/// A rename and when it was made: its commit's position in `GitHistory::positions`.
#[derive(Debug, Clone)]
struct Made {
    at: usize,
    rename: Rename,
}

impl AsRef<Rename> for Made {
    fn as_ref(&self) -> &Rename {
        &self.rename
    }
}

/// `renames` in the order they were made, newest first; those of a commit outside
/// `positions` (none should be) are left out, as they could not be ordered.
fn in_order(renames: Vec<(String, Rename)>, positions: &HashMap<String, usize>) -> Vec<Made> {
    let mut made: Vec<Made> = renames
        .into_iter()
        .filter_map(|(commit, rename)| {
            let at = *positions.get(&commit)?;
            Some(Made { at, rename })
        })
        .collect();
    made.sort_by_key(|m| m.at);
    made
}

impl History for GitHistory {
    fn renames_from(&self, globs: &[String]) -> Vec<Rename> {
        let globs = &worth_matching(globs);
        if globs.is_empty() {
            return Vec::new();
        }
        let listed = self.renames_touching(globs);
        if listed.is_empty() {
            return Vec::new();
        }
        let positions = self.positions();
        let mut found: Vec<Made> = Vec::new();
        let listed = in_order(listed, positions);
        for made in matching(&listed, globs) {
            // Newest first: an older rename away from the same path was undone since.
            if !found.iter().any(|f| f.rename.from == made.rename.from) {
                found.push(made.clone());
            }
        }
        // Follow the new paths to where they went next, all at once, a few times. `at`
        // becomes the position of the last rename followed.
        for _ in 0..MAX_HOPS {
            let targets: Vec<String> = found
                .iter()
                .filter(|f| f.rename.from != f.rename.to)
                .map(|f| escape_glob(&f.rename.to))
                .collect();
            let targets = worth_matching(&targets);
            if targets.is_empty() {
                break;
            }
            let touching = in_order(self.renames_touching(&targets), positions);
            let next: Vec<&Made> = matching(&touching, &targets).collect();
            let mut moved = false;
            for followed in found.iter_mut().filter(|f| f.rename.from != f.rename.to) {
                let rename = &mut followed.rename;
                // The first rename away from its new path made after the one that took it
                // there: an older one moved another file, and so may a newer one, if the
                // path was renamed away and taken again since.
                let later = next
                    .iter()
                    .filter(|n| n.rename.from == rename.to && n.at < followed.at)
                    .max_by_key(|n| n.at);
                // Renamed back to where it was: `retain` below drops it.
                if let Some(later) = later {
                    moved |= later.rename.to != rename.from;
                    rename.to.clone_from(&later.rename.to);
                    followed.at = later.at;
                }
            }
            if !moved {
                break;
            }
        }
        found.retain(|f| f.rename.from != f.rename.to);
        found.into_iter().map(|f| f.rename).collect()
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

/// `glob` without its escaping backslashes: the one path it matches when it has no wildcard.
/// The path a glob's matches all start with: what comes before its first wildcard.
fn literal_start(glob: &str) -> String {
    let wild = glob
        .char_indices()
        .scan(false, |escaped, (i, c)| {
            let wildcard = !*escaped && matches!(c, '*' | '?' | '[' | '{');
            *escaped = !*escaped && c == '\\';
            Some((i, wildcard))
        })
        .find(|(_, wildcard)| *wildcard)
        .map_or(glob.len(), |(i, _)| i);
    unescape_glob(glob.get(..wild).unwrap_or(glob))
}

fn unescape_glob(glob: &str) -> String {
    let mut path = String::with_capacity(glob.len());
    let mut chars = glob.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => path.extend(chars.next().or(Some(c))),
            c => path.push(c),
        }
    }
    path
}

/// Parses `git diff-tree --name-status -z --format=%x01%H` output, each rename with its commit:
/// `␁sha␀\nR100␀old␀new␀M␀path␀␁sha␀…`.
fn parse_name_status(text: &str) -> Vec<(String, Rename)> {
    let mut renames = Vec::new();
    let mut commit = "";
    let mut fields = text.split('\0');
    while let Some(field) = fields.next() {
        let status = field.trim_start_matches('\n');
        if let Some(sha) = status.strip_prefix('\u{1}') {
            commit = sha.trim();
        } else if status.starts_with('R') || status.starts_with('C') {
            let (Some(from), Some(to)) = (fields.next(), fields.next()) else {
                break;
            };
            if status.starts_with('R') {
                let rename = Rename {
                    from: from.to_owned(),
                    to: to.to_owned(),
                };
                renames.push((commit.to_owned(), rename));
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
        let text = "\u{1}c1\0\nM\0index.md\0R095\0a.md\0b/a.md\0\u{1}c2\0\nD\0gone.md\0C100\0x.md\0y.md\0\u{1}c3\0\nR100\0y.md\0z.md\0";
        let rename = |from: &str, to: &str| Rename {
            from: from.into(),
            to: to.into(),
        };
        assert_eq!(
            parse_name_status(text),
            [
                ("c1".to_owned(), rename("a.md", "b/a.md")),
                ("c3".to_owned(), rename("y.md", "z.md"))
            ]
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
    fn a_glob_starts_with_its_literal_part() {
        assert_eq!(literal_start("a/b.*"), "a/b.");
        assert_eq!(literal_start("a/\\[b\\]/index.*"), "a/[b]/index.");
        assert_eq!(literal_start("*.md"), "");
        assert_eq!(literal_start("a/b.md"), "a/b.md");
    }

    #[test]
    fn follows_a_file_through_successive_renames() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "# A page long enough to be recognised\n").unwrap();
        std::fs::write(
            root.join("b.md"),
            "# Another page, quite unlike the first one\n",
        )
        .unwrap();
        std::fs::write(root.join("index.md"), "# Accueil\n").unwrap();
        let steps: [&[&str]; 11] = [
            &["init", "-q"],
            &["add", "."],
            &["commit", "-q", "-m", "a, b"],
            &["mv", "b.md", "c.md"],
            &["commit", "-q", "-m", "b → c"],
            &["mv", "a.md", "b.md"],
            &["commit", "-q", "-m", "a → b"],
            &["mv", "b.md", "index2.md"],
            &["commit", "-q", "-m", "b → index2"],
            &["mv", "index2.md", "a.md"],
            &["commit", "-q", "-m", "index2 → a"],
        ];
        if !git(root, steps[0]) {
            return;
        }
        let rename = |from: &str, to: &str| Rename {
            from: from.into(),
            to: to.into(),
        };
        // A history is asked about one state: each step gets its own.
        let history = || GitHistory::new(root.to_path_buf(), "HEAD");
        // b.md went to c.md before a.md took its name: a.md's content is at b.md.
        assert!(steps[1..7].iter().all(|args| git(root, args)));
        assert_eq!(
            history().renames_from(&["a.*".into()]),
            [rename("a.md", "b.md")]
        );
        assert!(steps[7..9].iter().all(|args| git(root, args)));
        let found = history().renames_from(&["a.*".into(), "b.*".into()]);
        assert_eq!(
            found,
            [rename("b.md", "index2.md"), rename("a.md", "index2.md")]
        );
        // Back to its first name: no move to report.
        assert!(steps[9..].iter().all(|args| git(root, args)));
        assert_eq!(history().renames_from(&["a.*".into()]), []);
    }

    #[test]
    fn a_rename_is_followed_to_the_next_rename_of_its_new_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "# A page long enough to be recognised\n").unwrap();
        std::fs::write(
            root.join("x.md"),
            "# Another page, quite unlike the first one\n",
        )
        .unwrap();
        let steps: [&[&str]; 11] = [
            &["init", "-q"],
            &["add", "."],
            &["commit", "-q", "-m", "a, x"],
            &["mv", "a.md", "b.md"],
            &["commit", "-q", "-m", "a → b"],
            &["mv", "b.md", "c.md"],
            &["commit", "-q", "-m", "b → c"],
            &["mv", "x.md", "b.md"],
            &["commit", "-q", "-m", "x → b"],
            &["mv", "b.md", "y.md"],
            &["commit", "-q", "-m", "b → y"],
        ];
        if !git(root, steps[0]) {
            return;
        }
        assert!(steps[1..].iter().all(|args| git(root, args)));
        let history = GitHistory::new(root.to_path_buf(), "HEAD");
        // The newest rename away from b.md moved x.md's content, not a.md's.
        assert_eq!(
            history.renames_from(&["a.*".into()]),
            [Rename {
                from: "a.md".into(),
                to: "c.md".into()
            }]
        );
    }

    #[test]
    fn globs_worth_matching_stay_below_the_root_and_are_bounded() {
        let globs: Vec<String> = [
            "a.*",
            "",
            ".",
            "./",
            "../a.*",
            "a/../../b.*",
            "/etc/passwd",
            "\\/etc/passwd",
            "a\0b",
            "a\\\\b.*",
            "\\.\\./x",
            "./b.*",
            "a/\\[b\\].*",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(worth_matching(&globs), ["a.*", "./b.*", "a/\\[b\\].*"]);
        let many: Vec<String> = (0..5000).map(|n| format!("p{n}.*")).collect();
        assert_eq!(worth_matching(&many), many[..MAX_GLOBS]);
        let long: Vec<String> = (0..200)
            .map(|n| format!("{n}{}", "x".repeat(4000)))
            .collect();
        let kept = worth_matching(&long);
        assert!(
            kept.len() < 100 && kept[..] == long[..kept.len()],
            "{}",
            kept.len()
        );
    }

    /// A repository where `a.md` was renamed `b.md`; `None` without git.
    fn renamed_a_to_b() -> Option<tempfile::TempDir> {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "# A page long enough to be recognised\n").unwrap();
        let steps: [&[&str]; 5] = [
            &["init", "-q"],
            &["add", "."],
            &["commit", "-q", "-m", "a"],
            &["mv", "a.md", "b.md"],
            &["commit", "-q", "-m", "a → b"],
        ];
        if !git(root, steps[0]) {
            return None;
        }
        assert!(steps[1..].iter().all(|args| git(root, args)));
        Some(dir)
    }

    #[test]
    fn a_glob_git_would_refuse_spoils_nothing() {
        let Some(dir) = renamed_a_to_b() else {
            return;
        };
        let history = GitHistory::new(dir.path().to_path_buf(), "HEAD");
        let globs = ["../a.*", "/a.*", "", "a.*"].map(String::from);
        let found = history.renames_from(&globs);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn thousands_of_globs_are_still_answered() {
        let Some(dir) = renamed_a_to_b() else {
            return;
        };
        let history = GitHistory::new(dir.path().to_path_buf(), "HEAD");
        // Three times what a Linux command line holds.
        let padding = "x".repeat(60);
        let globs: Vec<String> = std::iter::once("a.*".to_owned())
            .chain((0..100_000).map(|n| format!("{padding}/{n}.*")))
            .collect();
        let found = history.renames_from(&globs);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn no_repository_means_no_renames() {
        let dir = tempfile::tempdir().unwrap();
        let history = GitHistory::new(dir.path().to_path_buf(), "HEAD");
        assert!(history.renames_from(&["*.md".into()]).is_empty());
    }
}
