//! Git's index (`--staged`) and a commit's tree (`--rev`) as sources of inputs, read from
//! git's objects with its plumbing: `ls-files -s` / `ls-tree -r` for the listing, one
//! `cat-file --batch` for the bytes. Nothing is checked out: HEAD, the index and the
//! working tree stay as they were. Blobs are read as committed: no smudge or end-of-line
//! filter runs (findings are placed by line and column, which CRLF does not move; a Git
//! LFS pointer is recognised as one). A submodule is read at the commit recorded for it
//! when it is initialized here; otherwise its folder is listed as unknown.
//!
//! Why the `git` program rather than a git crate: it is always there when a repository
//! is, its plumbing output is a stable contract, and it knows every repository format
//! (worktrees, alternates, partial clones, SHA-256) that a crate would have to keep up
//! with; a crate such as gix would also add a hundred crates to build on two cores.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use rayon::prelude::*;

use super::file::escaped_name;
use super::history::GitHistory;
use super::inputs::{MAX_FILE_SIZE, resolve_link};
use super::{Entry, Inputs, Reader, Unread};
use crate::error::{Error, Result};

/// Which state of the repository to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    /// What is staged: the next commit.
    Index,
    /// A commit (anything `git rev-parse` resolves: a SHA, a branch, `HEAD~3`).
    Commit(String),
}

/// Submodules inside submodules are read this deep.
const MAX_SUBMODULE_DEPTH: usize = 3;
/// Links leading to links are followed this far (as the kernel's `ELOOP` bound).
const MAX_LINK_HOPS: usize = 40;

/// The empty blob, which `git add -N` records for a file it only intends to add.
const EMPTY_BLOB: [&str; 2] = [
    "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
    "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813",
];

/// Reads the site at `root` from git's index or from a commit.
pub struct GitTree {
    root: PathBuf,
    /// The commit's full SHA; `None`: the index.
    commit: Option<String>,
    /// The repositories blobs are read from: the site's, then its initialized submodules'.
    repos: Vec<PathBuf>,
    /// The repository (index into `repos`) and blob each listed file's bytes are in (a
    /// link: its target's).
    blobs: HashMap<String, (usize, String)>,
    max_file_size: u64,
}

/// One entry of a listing: its mode, object and escaped path.
struct Listed {
    mode: String,
    sha: String,
    path: String,
}

impl GitTree {
    /// Opens the repository holding `root`; a commit that does not resolve is an error.
    pub fn open(root: &Path, snapshot: Snapshot) -> Result<Self> {
        let flag = match snapshot {
            Snapshot::Index => "--staged",
            Snapshot::Commit(_) => "--rev",
        };
        if !root.is_dir() {
            return Err(Error::Root {
                path: root.display().to_string(),
                reason: "it is not a folder on disk (`--staged` and `--rev` read the repository that holds it)".into(),
            });
        }
        match git(root, &["rev-parse", "--is-inside-work-tree"]) {
            Ok(out) if out.trim() == "true" => {}
            Ok(_) => {
                return Err(git_error(
                    root,
                    format!(
                        "{flag} reads a repository with a working tree, and this is inside a bare one"
                    ),
                ));
            }
            Err(said) if said.contains("not a git repository") => {
                return Err(git_error(
                    root,
                    format!(
                        "{flag} reads git's index and commits, and this is not in a git repository"
                    ),
                ));
            }
            Err(said) => {
                return Err(git_error(
                    root,
                    format!("git refuses to read this repository: {said}"),
                ));
            }
        }
        let commit = match &snapshot {
            Snapshot::Index => None,
            Snapshot::Commit(rev) => Some(resolve_commit(root, rev)?),
        };
        Ok(Self {
            root: root.to_path_buf(),
            commit,
            repos: vec![root.to_path_buf()],
            blobs: HashMap::new(),
            max_file_size: MAX_FILE_SIZE,
        })
    }

    fn origin(&self) -> String {
        match &self.commit {
            None => "git's index".into(),
            Some(sha) => format!("commit {}", short(sha)),
        }
    }

    fn failed(&self, reason: String) -> Error {
        git_error(
            &self.root,
            format!("git could not read {}: {reason}", self.origin()),
        )
    }

    /// The staged files, as the next commit will hold them: a file only intended for
    /// adding (`git add -N`) is not in it, and a conflict must be resolved first.
    fn staged(&self) -> Result<Vec<Listed>> {
        let output = git_bytes(&self.root, &["ls-files", "--stage", "-z"])
            .map_err(|reason| self.failed(reason))?;
        let mut listed = Vec::new();
        let mut conflicted = Vec::new();
        for record in records(&output) {
            // `mode sha stage\tpath`
            let Some((meta, path)) = split_tab(record) else {
                continue;
            };
            let fields: Vec<String> = String::from_utf8_lossy(meta)
                .split(' ')
                .map(str::to_owned)
                .collect();
            let [mode, sha, stage] = fields.as_slice() else {
                continue;
            };
            let path = escaped_name(path);
            if stage != "0" {
                if !conflicted.contains(&path) {
                    conflicted.push(path);
                }
                continue;
            }
            listed.push(Listed {
                mode: mode.clone(),
                sha: sha.clone(),
                path,
            });
        }
        if !conflicted.is_empty() {
            return Err(git_error(
                &self.root,
                format!(
                    "the index has unmerged paths, so there is no next commit to check: {}",
                    conflicted.join(", ")
                ),
            ));
        }
        let intended = self.intended_only(&listed);
        listed.retain(|entry| !intended.contains(&entry.path));
        Ok(listed)
    }

    /// The staged paths that `git add -N` only marked: empty blobs that neither HEAD holds
    /// nor `git diff --cached` sees added.
    fn intended_only(&self, listed: &[Listed]) -> Vec<String> {
        let empty: Vec<&str> = listed
            .iter()
            .filter(|e| EMPTY_BLOB.contains(&e.sha.as_str()))
            .map(|e| e.path.as_str())
            .collect();
        if empty.is_empty() {
            return Vec::new();
        }
        let specs: Vec<String> = empty.iter().map(|p| literal(p)).collect();
        let names = |args: &[&str]| -> Vec<String> {
            let mut full = args.to_vec();
            full.push("--");
            full.extend(specs.iter().map(String::as_str));
            git_bytes(&self.root, &full)
                .map(|out| records(&out).map(escaped_name).collect())
                .unwrap_or_default()
        };
        let added = names(&[
            "diff",
            "--cached",
            "--name-only",
            "--no-renames",
            "-z",
            "--relative",
        ]);
        let in_head = names(&["ls-tree", "-r", "-z", "--name-only", "HEAD"]);
        empty
            .into_iter()
            .filter(|p| !added.iter().any(|a| a == p) && !in_head.iter().any(|h| h == p))
            .map(str::to_owned)
            .collect()
    }

    /// Adds the files of `tree` (a commit or tree of the repository `repo`) below `prefix`,
    /// reading initialized submodules at the commit recorded for them.
    fn add_tree(
        &mut self,
        inputs: &mut Inputs,
        repo: usize,
        listed: Vec<Listed>,
        prefix: &str,
        depth: usize,
        links: &mut HashMap<String, (usize, String)>,
    ) {
        for entry in listed {
            let path = if prefix.is_empty() {
                entry.path
            } else {
                format!("{prefix}/{}", entry.path)
            };
            match entry.mode.as_str() {
                "160000" => self.add_submodule(inputs, &path, &entry.sha, depth, links),
                "120000" => {
                    links.insert(path, (repo, entry.sha));
                }
                _ => {
                    inputs.insert(&path, Entry::Unread(Unread::NotAsked));
                    self.blobs.insert(path, (repo, entry.sha));
                }
            }
        }
    }

    /// The submodule at `path`, read at `commit` when its repository is here and holds it.
    fn add_submodule(
        &mut self,
        inputs: &mut Inputs,
        path: &str,
        commit: &str,
        depth: usize,
        links: &mut HashMap<String, (usize, String)>,
    ) {
        let dir = self.root.join(path);
        // Initialized, the submodule's folder is the top of a work tree of its own.
        let initialized = depth < MAX_SUBMODULE_DEPTH
            && git(&dir, &["rev-parse", "--show-prefix"])
                .is_ok_and(|prefix| prefix.trim().is_empty());
        let listed = initialized
            .then(|| tree_listing(&dir, commit).ok())
            .flatten();
        let Some(listed) = listed else {
            inputs.notes.push(format!(
                "{path}: a git submodule that is not initialized here (or lacks commit {}): its files are unknown",
                short(commit)
            ));
            inputs.insert(path, Entry::Unread(Unread::Submodule));
            return;
        };
        self.repos.push(dir);
        let index = self.repos.len() - 1;
        self.add_tree(inputs, index, listed, path, depth + 1, links);
    }

    /// Each link reads as the file it leads to when that file is in the tree (through
    /// links to folders too); otherwise it leads nowhere vigie reads.
    fn resolve_links(
        &mut self,
        inputs: &mut Inputs,
        links: HashMap<String, (usize, String)>,
    ) -> Result<()> {
        let order: Vec<(String, (usize, String))> = links.into_iter().collect();
        let mut targets: HashMap<String, String> = HashMap::new();
        for (repo, dir) in self.repos.iter().enumerate() {
            let of_repo: Vec<&(String, (usize, String))> =
                order.iter().filter(|(_, (r, _))| *r == repo).collect();
            let shas = of_repo.iter().map(|(_, (_, sha))| sha.as_str());
            let read =
                cat_blobs(dir, shas, self.max_file_size).map_err(|reason| self.failed(reason))?;
            for ((path, _), target) in of_repo.into_iter().zip(read) {
                let target = match target {
                    Blob::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                    Blob::TooLarge(_) | Blob::Missing => String::new(),
                };
                targets.insert(path.clone(), target);
            }
        }
        for (path, target) in &targets {
            match follow(path, &targets, &self.blobs) {
                Some(blob) => {
                    inputs.insert(path, Entry::Unread(Unread::NotAsked));
                    self.blobs.insert(path.clone(), blob);
                }
                None => inputs.insert(
                    path,
                    Entry::Unread(Unread::Symlink {
                        target: escaped_name(target.as_bytes()),
                    }),
                ),
            }
        }
        Ok(())
    }
}

/// The blob `path` reads as: itself, or what the links on its way lead to, inside the root.
fn follow(
    path: &str,
    links: &HashMap<String, String>,
    blobs: &HashMap<String, (usize, String)>,
) -> Option<(usize, String)> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINK_HOPS {
        if let Some(blob) = blobs.get(&current) {
            return Some(blob.clone());
        }
        // The first part of the path that is a link is replaced by where it leads.
        let parts: Vec<&str> = current.split('/').collect();
        let (link, rest, target) = (1..=parts.len()).find_map(|end| {
            let (link, rest) = parts.split_at_checked(end)?;
            let link = link.join("/");
            let target = links.get(&link)?;
            Some((link, rest, target))
        })?;
        let resolved = resolve_link(&link, target)?;
        let rest = rest.join("/");
        current = match (resolved.is_empty(), rest.is_empty()) {
            (_, true) => resolved,
            (true, false) => rest,
            (false, false) => format!("{resolved}/{rest}"),
        };
    }
    None
}

impl Reader for GitTree {
    fn list(&mut self) -> Result<Inputs> {
        let rev = self.commit.clone().unwrap_or_else(|| "HEAD".into());
        let mut inputs = Inputs::new(self.origin())
            .with_history(Arc::new(GitHistory::new(self.root.clone(), rev)));
        let listed = match &self.commit {
            None => self.staged()?,
            Some(sha) => tree_listing(&self.root, sha).map_err(|reason| self.failed(reason))?,
        };
        let mut links = HashMap::new();
        self.add_tree(&mut inputs, 0, listed, "", 0, &mut links);
        self.resolve_links(&mut inputs, links)?;
        if inputs.is_empty() {
            inputs
                .notes
                .push(format!("{} holds no file in this folder", inputs.origin));
        }
        Ok(inputs)
    }

    fn read(&mut self, inputs: &mut Inputs, paths: &[&str]) -> Result<()> {
        for (repo, dir) in self.repos.iter().enumerate() {
            let wanted: Vec<(&str, &str)> = paths
                .iter()
                .filter(|p| matches!(inputs.entry(p), Some(Entry::Unread(Unread::NotAsked))))
                .filter_map(|p| match self.blobs.get(*p) {
                    Some((r, sha)) if *r == repo => Some((*p, sha.as_str())),
                    _ => None,
                })
                .collect();
            let max = self.max_file_size;
            let blobs = cat_blobs(dir, wanted.iter().map(|(_, sha)| *sha), max)
                .map_err(|reason| self.failed(reason))?;
            // Decoded in parallel, as the working tree's files are.
            let entries: Vec<(&str, Entry)> = wanted
                .par_iter()
                .zip(blobs)
                .map(|((path, _), blob)| {
                    let entry = match blob {
                        Blob::Bytes(bytes) => Entry::decoded(path, &bytes),
                        Blob::TooLarge(size) => Entry::Unread(Unread::TooLarge { size, max }),
                        Blob::Missing => Entry::Unread(Unread::Failed {
                            reason: "its blob is not in the repository".into(),
                        }),
                    };
                    (*path, entry)
                })
                .collect();
            for (path, entry) in entries {
                inputs.insert(path, entry);
            }
        }
        Ok(())
    }

    /// `node_modules/` is never committed: a build of this commit here copies the
    /// dependencies installed on disk, so they are listed from there. Any other folder
    /// the commit lacks is absent, as in its checkout.
    fn limit_file_size(&mut self, bytes: u64) {
        self.max_file_size = bytes;
    }

    fn list_under(&mut self, inputs: &mut Inputs, dir: &str) {
        if dir.split('/').next() != Some("node_modules") {
            return;
        }
        if let Ok(mut tree) = super::worktree::WorkingTree::new(&self.root) {
            tree.list_under(inputs, dir);
        }
    }
}

/// The full SHA of the commit `rev` names in the repository at `root`.
/// Where the history of `head` left the one of `rev` (`git merge-base`), as a SHA: the state
/// a change from `rev` started from.
pub fn merge_base(root: &Path, rev: &str, head: &str) -> Result<String> {
    let (rev, head) = (resolve_commit(root, rev)?, resolve_commit(root, head)?);
    git(root, &["merge-base", "--end-of-options", &rev, &head])
        .ok()
        .map(|out| out.trim().to_owned())
        .filter(|sha| !sha.is_empty())
        .ok_or_else(|| Error::Rev {
            rev,
            reason: format!("it has no history in common with `{head}`"),
        })
}

/// The URL of the `origin` remote and the commit HEAD names, when there are.
pub fn origin_and_head(root: &Path) -> Option<(String, String)> {
    let remote = git(root, &["remote", "get-url", "origin"]).ok()?;
    let head = git(root, &["rev-parse", "--verify", "--quiet", "HEAD"]).ok()?;
    Some((remote.trim().to_owned(), head.trim().to_owned()))
}

/// Where `root` lies in its repository (`git rev-parse --show-prefix`: `site/`, or empty).
pub fn prefix(root: &Path) -> String {
    git(root, &["rev-parse", "--show-prefix"])
        .map(|out| out.trim().to_owned())
        .unwrap_or_default()
}

/// The files renamed from `base` to `head` (`None`: the working tree), old path → new path,
/// relative to the repository's top.
pub fn renames(root: &Path, base: &str, head: Option<&str>) -> Vec<(String, String)> {
    let mut args = vec![
        "diff",
        "-M",
        "--name-status",
        "-z",
        "--end-of-options",
        base,
    ];
    if let Some(head) = head {
        args.push(head);
    }
    let Ok(out) = git_bytes(root, &args) else {
        return Vec::new();
    };
    let fields: Vec<String> = out
        .split(|&b| b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    // `status path`, or `status from to` for a rename or a copy.
    let mut renamed = Vec::new();
    let mut rest = fields.as_slice();
    while let [status, tail @ ..] = rest {
        rest = match tail {
            [from, to, after @ ..] if status.starts_with('R') => {
                renamed.push((from.clone(), to.clone()));
                after
            }
            _ if status.starts_with('C') => tail.get(2..).unwrap_or_default(),
            _ => tail.get(1..).unwrap_or_default(),
        };
    }
    renamed
}

fn resolve_commit(root: &Path, rev: &str) -> Result<String> {
    // `--end-of-options` keeps a revision such as `--output=x` from being an option.
    let spec = format!("{rev}^{{commit}}");
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )
    .ok()
    .map(|out| out.trim().to_owned())
    .filter(|sha| !sha.is_empty())
    .ok_or_else(|| Error::Rev {
        rev: rev.to_owned(),
        reason: "it names no commit of this repository".into(),
    })
}

/// Every file of `tree` in the repository at `root`, below `root` (`mode type sha\tpath`).
fn tree_listing(root: &Path, tree: &str) -> Result<Vec<Listed>, String> {
    let output = git_bytes(root, &["ls-tree", "-r", "-z", tree])?;
    Ok(records(&output)
        .filter_map(|record| {
            let (meta, path) = split_tab(record)?;
            let meta = String::from_utf8_lossy(meta);
            let mut fields = meta.split(' ');
            let mode = fields.next()?.to_owned();
            let sha = fields.nth(1)?.to_owned();
            Some(Listed {
                mode,
                sha,
                path: escaped_name(path),
            })
        })
        .collect())
}

/// A commit's name shortened as git shows it.
fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// A record's metadata and path, around its first tab.
fn split_tab(record: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut parts = record.splitn(2, |&b| b == b'\t');
    Some((parts.next()?, parts.next()?))
}

/// The NUL-separated records of `-z` output.
fn records(output: &[u8]) -> impl Iterator<Item = &[u8]> {
    output.split(|&b| b == 0).filter(|r| !r.is_empty())
}

/// `path` as a pathspec that matches only itself.
fn literal(path: &str) -> String {
    format!(":(literal){path}")
}

fn git_error(root: &Path, reason: String) -> Error {
    Error::Git {
        path: root.display().to_string(),
        reason,
    }
}

/// `git` run in `root`, hardened against what a repository's content may try: a folder
/// of the site that looks like a bare repository (its `config` could name programs git
/// runs) is not taken for one, no filesystem monitor or signature program is started, no
/// missing object is fetched over the network, and nothing asks for a password.
pub fn command(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(root)
        .args(["-c", "safe.bareRepository=explicit"])
        .args(["-c", "core.fsmonitor=false"])
        .args(["-c", "log.showSignature=false"])
        .args(["-c", "core.quotePath=false"])
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    command
}

/// Runs git in `root` and returns its standard output as text.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    git_bytes(root, args).map(|out| String::from_utf8_lossy(&out).into_owned())
}

/// Runs git in `root`: its standard output, or what it said on failure.
fn git_bytes(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = command(root)
        .args(args)
        .output()
        .map_err(|err| format!("cannot run git ({err})"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

/// What `cat-file` gave for one blob.
enum Blob {
    Bytes(Vec<u8>),
    /// Larger than the largest file read: skipped over, not held.
    TooLarge(u64),
    /// Not in the repository (a partial clone: vigie does not let git fetch it).
    Missing,
}

/// Each blob, in order, through one `git cat-file --batch`.
fn cat_blobs<'a>(
    root: &Path,
    shas: impl Iterator<Item = &'a str>,
    max: u64,
) -> Result<Vec<Blob>, String> {
    let request: String = shas.map(|sha| format!("{sha}\n")).collect();
    if request.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = command(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot run git ({err})"))?;
    let mut stdin = child.stdin.take().ok_or("no pipe to git")?;
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().ok_or("no pipe from git")?);
    let mut blobs = Vec::new();
    let mut header = String::new();
    loop {
        header.clear();
        if out.read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            break;
        }
        let fields: Vec<&str> = header.split_whitespace().collect();
        match fields.as_slice() {
            [_, _, size] => {
                let size: u64 = size
                    .parse()
                    .map_err(|_| format!("bad answer from git: {header}"))?;
                if size > max {
                    std::io::copy(&mut (&mut out).take(size + 1), &mut std::io::sink())
                        .map_err(|e| e.to_string())?;
                    blobs.push(Blob::TooLarge(size));
                    continue;
                }
                let mut bytes = Vec::new();
                (&mut out)
                    .take(size + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| e.to_string())?;
                bytes.pop();
                blobs.push(Blob::Bytes(bytes));
            }
            [_, "missing"] | [_, "ambiguous"] => blobs.push(Blob::Missing),
            _ => return Err(format!("bad answer from git: {header}")),
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(sha: &str) -> (usize, String) {
        (0, sha.to_owned())
    }

    #[test]
    fn links_lead_through_links_and_linked_folders_inside_the_root_only() {
        let blobs = HashMap::from([
            ("real.md".to_owned(), blob("1")),
            ("docs/x.md".to_owned(), blob("2")),
        ]);
        let links = HashMap::from([
            ("a.md".to_owned(), "b.md".to_owned()),
            ("b.md".to_owned(), "real.md".to_owned()),
            ("z.md".to_owned(), "b.md".to_owned()),
            ("guide".to_owned(), "docs".to_owned()),
            ("via.md".to_owned(), "guide/x.md".to_owned()),
            ("loop.md".to_owned(), "loop.md".to_owned()),
            ("out.md".to_owned(), "../secret.md".to_owned()),
        ]);
        for (link, sha) in [("a.md", "1"), ("z.md", "1"), ("via.md", "2")] {
            assert_eq!(follow(link, &links, &blobs), Some(blob(sha)), "{link}");
        }
        assert_eq!(follow("loop.md", &links, &blobs), None);
        assert_eq!(follow("out.md", &links, &blobs), None);
        assert_eq!(follow("guide", &links, &blobs), None, "a folder is no file");
    }
}
