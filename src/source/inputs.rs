//! `Inputs`: everything a check reads, whichever source it came from (the working tree,
//! git's index, a commit). The pure core reads only this value; the readers in this module's
//! siblings fill it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::SourceFile;
use super::history::{History, NoHistory};

/// The files of the site's tree, by path relative to the checked root (`/` separators,
/// sorted), and a way to ask git where files moved.
#[derive(Clone)]
pub struct Inputs {
    entries: BTreeMap<String, Entry>,
    history: Arc<dyn History>,
    /// What the files are, for messages: `the working tree`, `git's index`, `commit 1a2b3c4`.
    pub origin: String,
    /// What the reader could not read as a checkout would have it, for `--verbose`.
    pub notes: Vec<String>,
}

/// One path of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A file read and decoded (`Entry::decoded`): the site model shares its text.
    Read(SourceFile),
    /// A file that exists but whose bytes are not here: listed only (an asset the check
    /// needs to know exists), or not readable as content.
    Unread(Unread),
}

/// Why a listed file's bytes are not in the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// Not asked for (yet): only its existence matters so far.
    NotAsked,
    /// Larger than the largest file vigie reads (`max`, `[limits] file-size-mib`).
    TooLarge { size: u64, max: u64 },
    /// A Git LFS pointer: the real content lives on an LFS server.
    LfsPointer,
    /// A git submodule: its files belong to another repository.
    Submodule,
    /// A symbolic link that leads to no file of the site (`target` as written).
    Symlink { target: String },
    /// The bytes could not be read.
    Failed { reason: String },
}

impl Entry {
    /// The entry of a file read as `bytes`: decoded (readers call this in parallel), or a
    /// Git LFS pointer.
    pub fn decoded(path: &str, bytes: &[u8]) -> Entry {
        if is_lfs_pointer(bytes) {
            Entry::Unread(Unread::LfsPointer)
        } else {
            Entry::Read(SourceFile::from_bytes(path.trim_start_matches("./"), bytes))
        }
    }
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inputs")
            .field("origin", &self.origin)
            .field("files", &self.entries.len())
            .finish_non_exhaustive()
    }
}

impl Default for Inputs {
    /// No file at all.
    fn default() -> Self {
        Self::new("memory")
    }
}

impl Inputs {
    /// Inputs with no history, from a listing (the readers fill the bytes in later).
    pub fn new(origin: impl Into<String>) -> Self {
        Self {
            entries: BTreeMap::new(),
            history: Arc::new(NoHistory),
            origin: origin.into(),
            notes: Vec::new(),
        }
    }

    /// A whole site in memory, every file read: what tests and embedders build.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut inputs = Self::new("memory");
        for (path, text) in files {
            inputs.insert(path, Entry::decoded(path, text.as_bytes()));
        }
        inputs
    }

    #[must_use]
    pub fn with_history(mut self, history: Arc<dyn History>) -> Self {
        self.history = history;
        self
    }

    pub fn history(&self) -> &Arc<dyn History> {
        &self.history
    }

    /// Adds or replaces the entry at `path` (relative, `/` separators).
    pub fn insert(&mut self, path: &str, entry: Entry) {
        let path = path.trim_start_matches("./");
        self.entries.insert(path.to_owned(), entry);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every path with its entry, sorted.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries
            .iter()
            .map(|(path, entry)| (path.as_str(), entry))
    }

    /// Every path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    /// Paths below the folder `dir` (`""`: the whole tree), relative to the root.
    pub fn under<'a>(&'a self, dir: &str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{}/", dir.trim_end_matches('/'))
        };
        self.entries
            .range(prefix.clone()..)
            .map(|(path, _)| path.as_str())
            .take_while(move |path| path.starts_with(&prefix))
    }

    /// Whether `path` is a folder of the tree: some file lies below it.
    pub fn is_dir(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        !path.is_empty() && self.under(path).next().is_some()
    }

    /// Folders whose files are not in the inputs at all (submodules that are not
    /// initialized): anything below them may exist.
    pub fn unknown_folders(&self) -> impl Iterator<Item = &str> {
        self.entries()
            .filter(|(_, entry)| matches!(entry, Entry::Unread(Unread::Submodule)))
            .map(|(path, _)| path)
    }

    /// The text of `path`, when its bytes were read; each byte that is not UTF-8 is one `?`,
    /// as in `SourceFile`, so that offsets into the text are offsets into the file.
    pub fn text(&self, path: &str) -> Option<Cow<'_, str>> {
        match self.entries.get(path)? {
            Entry::Read(file) => Some(Cow::Borrowed(&file.text)),
            Entry::Unread(_) => None,
        }
    }

    /// `path` as a source file, or why it cannot be read.
    pub fn file(&self, path: &str) -> Result<SourceFile, String> {
        match self.entries.get(path) {
            None => Err("not in the site".into()),
            Some(Entry::Read(file)) => Ok(file.clone()),
            Some(Entry::Unread(why)) => Err(why.to_string()),
        }
    }
}

impl std::fmt::Display for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unread::NotAsked => f.write_str("not read"),
            Unread::TooLarge { size, max } => write!(
                f,
                "{} MiB, larger than the {} MiB vigie reads of a file (`[limits] file-size-mib`)",
                size / (1024 * 1024),
                max / (1024 * 1024)
            ),
            Unread::LfsPointer => f.write_str("a Git LFS pointer, its content is not in git"),
            Unread::Submodule => f.write_str("a git submodule, not checked"),
            Unread::Symlink { target } => {
                write!(
                    f,
                    "a symbolic link to `{target}`, which is no file of the site"
                )
            }
            Unread::Failed { reason } => write!(f, "cannot be read ({reason})"),
        }
    }
}

/// The largest file whose bytes a reader reads: far above any page, and a bound on what a
/// hostile tree can make vigie hold in memory.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// The first line of every Git LFS pointer file.
const LFS_HEADER: &[u8] = b"version https://git-lfs.github.com/spec/v1\n";

/// A pointer is small text that starts with the LFS header (the spec caps it below 1 KiB).
fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < 1024 && bytes.starts_with(LFS_HEADER)
}

/// The path `target` of a symbolic link at `link` names, relative to the root; `None` when
/// it leaves the root (or is absolute).
pub fn resolve_link(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_lists_a_folder_and_not_its_namesakes() {
        let inputs = Inputs::from_files([
            ("a/x.md", ""),
            ("a/y/z.md", ""),
            ("a-b/c.md", ""),
            ("ab.md", ""),
        ]);
        assert_eq!(
            inputs.under("a").collect::<Vec<_>>(),
            ["a/x.md", "a/y/z.md"]
        );
        assert!(inputs.is_dir("a/y"));
        assert!(!inputs.is_dir("a/x.md"));
        assert_eq!(inputs.under("").count(), 4);
    }

    #[test]
    fn lfs_pointers_are_not_content() {
        let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n";
        let inputs = Inputs::from_files([("big.md", pointer)]);
        assert_eq!(
            inputs.entry("big.md"),
            Some(&Entry::Unread(Unread::LfsPointer))
        );
        assert!(inputs.file("big.md").unwrap_err().contains("LFS"));
    }

    #[test]
    fn links_resolve_inside_the_root_only() {
        assert_eq!(resolve_link("a/b.md", "c.md").as_deref(), Some("a/c.md"));
        assert_eq!(
            resolve_link("a/b.md", "../c/d.md").as_deref(),
            Some("c/d.md")
        );
        assert_eq!(resolve_link("a/b.md", "../../etc/passwd"), None);
        assert_eq!(resolve_link("b.md", "/etc/passwd"), None);
    }
}
