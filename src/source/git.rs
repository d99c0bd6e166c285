//! Git's index (`--staged`) and a commit's tree (`--rev`) as sources of inputs, read from
//! git's objects with its plumbing: `ls-files -s` / `ls-tree -r` for the listing, one
//! `cat-file --batch` for the bytes. Nothing is checked out: HEAD, the index and the
//! working tree stay as they were.
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

use super::history::GitHistory;
use super::inputs::resolve_link;
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

/// Reads the site at `root` from git's index or from a commit.
pub struct GitTree {
    root: PathBuf,
    snapshot: Snapshot,
    /// The commit's full SHA, for `Snapshot::Commit`.
    commit: Option<String>,
    /// The blob each listed file's bytes are in (a link: its target's blob).
    blobs: HashMap<String, String>,
}

impl GitTree {
    /// Opens the repository holding `root`; a commit that does not resolve is an error.
    pub fn open(root: &Path, snapshot: Snapshot) -> Result<Self> {
        let inside = git(root, &["rev-parse", "--is-inside-work-tree"]);
        if !matches!(&inside, Ok(out) if out.trim() == "true") {
            return Err(Error::Git {
                path: root.display().to_string(),
                reason: match snapshot {
                    Snapshot::Index => {
                        "`--staged` reads git's index, and this is not in a git repository".into()
                    }
                    Snapshot::Commit(_) => {
                        "`--rev` reads a commit, and this is not in a git repository".into()
                    }
                },
            });
        }
        let commit = match &snapshot {
            Snapshot::Index => None,
            Snapshot::Commit(rev) => {
                // `--end-of-options` keeps a revision such as `--output=x` from being an option.
                let spec = format!("{rev}^{{commit}}");
                let sha = git(
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
                .filter(|sha| !sha.is_empty());
                let Some(sha) = sha else {
                    return Err(Error::Rev {
                        rev: rev.clone(),
                        reason: "it names no commit of this repository".into(),
                    });
                };
                Some(sha)
            }
        };
        Ok(Self {
            root: root.to_path_buf(),
            snapshot,
            commit,
            blobs: HashMap::new(),
        })
    }

    fn origin(&self) -> String {
        match &self.commit {
            None => "git's index".into(),
            Some(sha) => format!("commit {}", &sha[..sha.len().min(12)]),
        }
    }

    /// `mode sha path` of every file, from the index or the commit's tree.
    fn listing(&self) -> Result<Vec<(String, String, String)>> {
        let output = match &self.commit {
            None => git_bytes(&self.root, &["ls-files", "--stage", "-z"]),
            Some(sha) => git_bytes(&self.root, &["ls-tree", "-r", "-z", sha]),
        }
        .map_err(|reason| self.failed(reason))?;
        let mut listed: Vec<(String, String, String)> = Vec::new();
        for record in output.split(|&b| b == 0).filter(|r| !r.is_empty()) {
            let record = String::from_utf8_lossy(record);
            let Some((meta, path)) = record.split_once('\t') else {
                continue;
            };
            let fields: Vec<&str> = meta.split(' ').collect();
            // ls-files: `mode sha stage`; ls-tree: `mode type sha`.
            let (mode, sha, stage) = match self.snapshot {
                Snapshot::Index => (fields[0], fields.get(1).copied(), fields.get(2).copied()),
                Snapshot::Commit(_) => (fields[0], fields.get(2).copied(), Some("0")),
            };
            let Some(sha) = sha else {
                continue;
            };
            // A conflicted path has stages 1–3 and no 0: keep ours (2).
            if !matches!(stage, Some("0" | "2")) {
                continue;
            }
            if listed.last().is_some_and(|(_, _, last)| last == path) {
                continue;
            }
            listed.push((mode.to_owned(), sha.to_owned(), path.to_owned()));
        }
        Ok(listed)
    }

    fn failed(&self, reason: String) -> Error {
        Error::Git {
            path: self.root.display().to_string(),
            reason: format!("git could not list {}: {reason}", self.origin()),
        }
    }
}

impl Reader for GitTree {
    fn list(&mut self) -> Result<Inputs> {
        let rev = self.commit.clone().unwrap_or_else(|| "HEAD".into());
        let mut inputs = Inputs::new(self.origin())
            .with_history(Arc::new(GitHistory::new(self.root.clone(), rev)));
        let listed = self.listing()?;
        let mut links = Vec::new();
        for (mode, sha, path) in listed {
            match mode.as_str() {
                "160000" => inputs.insert(&path, Entry::Unread(Unread::Submodule)),
                "120000" => links.push((path, sha)),
                _ => {
                    inputs.insert(&path, Entry::Unread(Unread::NotRead));
                    self.blobs.insert(path, sha);
                }
            }
        }
        // A link's blob is its target: a link to a file of the tree reads as that file.
        let targets = cat_blobs(&self.root, links.iter().map(|(_, sha)| sha.as_str()))
            .map_err(|reason| self.failed(reason))?;
        for ((path, _), target) in links.into_iter().zip(targets) {
            let target = String::from_utf8_lossy(&target.unwrap_or_default()).into_owned();
            match resolve_link(&path, &target).and_then(|to| self.blobs.get(&to).cloned()) {
                Some(blob) => {
                    inputs.insert(&path, Entry::Unread(Unread::NotRead));
                    self.blobs.insert(path, blob);
                }
                None => inputs.insert(&path, Entry::Unread(Unread::Symlink { target })),
            }
        }
        Ok(inputs)
    }

    fn read(&mut self, inputs: &mut Inputs, paths: &[&str]) -> Result<()> {
        let wanted: Vec<(&str, &str)> = paths
            .iter()
            .filter(|p| matches!(inputs.entry(p), Some(Entry::Unread(Unread::NotRead))))
            .filter_map(|p| Some((*p, self.blobs.get(*p)?.as_str())))
            .collect();
        let blobs = cat_blobs(&self.root, wanted.iter().map(|(_, sha)| *sha))
            .map_err(|reason| self.failed(reason))?;
        for ((path, _), bytes) in wanted.iter().zip(blobs) {
            let entry = match bytes {
                Some(bytes) => Entry::Bytes(bytes.into()),
                // A partial clone may lack the blob: vigie does not let git fetch it.
                None => Entry::Unread(Unread::Failed {
                    reason: "its blob is not in the repository".into(),
                }),
            };
            inputs.insert(path, entry);
        }
        Ok(())
    }

    /// Folders a commit does not hold (`node_modules/`) come from the dependencies installed
    /// on disk, as a build of this commit here would copy them.
    fn list_under(&mut self, inputs: &mut Inputs, dir: &str) {
        if let Ok(mut tree) = super::worktree::WorkingTree::new(&self.root) {
            tree.list_under(inputs, dir);
        }
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

/// The bytes of each blob, in order, through one `git cat-file --batch` (`None`: missing).
fn cat_blobs<'a>(
    root: &Path,
    shas: impl Iterator<Item = &'a str>,
) -> Result<Vec<Option<Vec<u8>>>, String> {
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
                let size: usize = size
                    .parse()
                    .map_err(|_| format!("bad answer from git: {header}"))?;
                let mut bytes = vec![0; size + 1];
                out.read_exact(&mut bytes).map_err(|e| e.to_string())?;
                bytes.pop();
                blobs.push(Some(bytes));
            }
            [_, "missing"] | [_, "ambiguous"] => blobs.push(None),
            _ => return Err(format!("bad answer from git: {header}")),
        }
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}
