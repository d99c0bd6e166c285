//! The working tree as a source of inputs: the files on disk under the root, as they are
//! now. Symbolic links are followed only to files inside the root; linked folders are not
//! walked, so that a loop cannot hang the walk.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::file::relative_name;
use super::history::GitHistory;
use super::inputs::MAX_FILE_SIZE;
use super::{Entry, Inputs, Reader, Unread, stays_inside};
use crate::error::{Error, Result};

/// Reads the site at `root` from disk.
pub struct WorkingTree {
    root: PathBuf,
    /// The root with its symbolic links resolved, to tell where a link leads.
    canonical: PathBuf,
    /// The real paths of files whose names vigie escapes (not UTF-8, control characters).
    escaped: HashMap<String, PathBuf>,
    max_file_size: u64,
}

impl WorkingTree {
    pub fn new(root: &Path) -> Result<Self> {
        if !root.is_dir() {
            let reason = if root.exists() {
                "it is a file, not a directory"
            } else {
                "it does not exist"
            };
            return Err(Error::Root {
                path: root.display().to_string(),
                reason: reason.into(),
            });
        }
        let canonical = root.canonicalize().map_err(|source| Error::Io {
            path: root.display().to_string(),
            source,
        })?;
        Ok(Self {
            root: root.to_path_buf(),
            canonical,
            escaped: HashMap::new(),
            max_file_size: MAX_FILE_SIZE,
        })
    }

    /// The entry of a symbolic link: readable when it leads to a file inside the root.
    fn link_entry(&self, path: &Path) -> Entry {
        let target = std::fs::read_link(path)
            .map(|t| t.to_string_lossy().into_owned())
            .unwrap_or_default();
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.canonical) && real.is_file() => {
                Entry::Unread(Unread::NotAsked)
            }
            _ => Entry::Unread(Unread::Symlink { target }),
        }
    }

    fn walk(&mut self, dir: &Path, inputs: &mut Inputs) {
        let walker = ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .sort_by_file_name(std::cmp::Ord::cmp)
            .filter_entry(|entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !(is_dir
                    && entry.depth() > 0
                    && matches!(entry.file_name().to_str(), Some(".git" | "node_modules")))
            })
            .build();
        for entry in walker.flatten() {
            let Some(kind) = entry.file_type() else {
                continue;
            };
            let rel = relative_name(&self.root, entry.path());
            if self.root.join(&rel) != entry.path() {
                self.escaped.insert(rel.clone(), entry.path().to_path_buf());
            }
            if kind.is_file() {
                inputs.insert(&rel, Entry::Unread(Unread::NotAsked));
            } else if kind.is_symlink() {
                inputs.insert(&rel, self.link_entry(entry.path()));
            }
        }
    }
}

/// The bytes of the file at `path`, up to `max` (checked while reading, so that a file
/// growing meanwhile cannot pass).
fn read_capped(rel: &str, path: &Path, max: u64) -> Entry {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| {
        // Sized once from the file's length, not grown while reading.
        let size = file.metadata().map_or(0, |m| m.len()).min(max);
        bytes.reserve_exact(usize::try_from(size).unwrap_or(0).saturating_add(1));
        file.take(max + 1).read_to_end(&mut bytes)
    });
    match read {
        Err(err) => Entry::Unread(Unread::Failed {
            reason: err.to_string(),
        }),
        Ok(_) if bytes.len() as u64 > max => {
            let size = std::fs::metadata(path).map_or(max + 1, |m| m.len());
            Entry::Unread(Unread::TooLarge { size, max })
        }
        Ok(_) => Entry::decoded(rel, &bytes),
    }
}

impl Reader for WorkingTree {
    fn list(&mut self) -> Result<Inputs> {
        let mut inputs = Inputs::new("the working tree");
        // Outside a repository no git process is started at all.
        if self
            .canonical
            .ancestors()
            .any(|dir| dir.join(".git").exists())
        {
            inputs = inputs.with_history(Arc::new(GitHistory::new(self.root.clone(), "HEAD")));
        }
        self.walk(&self.root.clone(), &mut inputs);
        Ok(inputs)
    }

    fn read(&mut self, inputs: &mut Inputs, paths: &[&str]) -> Result<()> {
        let wanted: Vec<&str> = paths
            .iter()
            .copied()
            .filter(|p| matches!(inputs.entry(p), Some(Entry::Unread(Unread::NotAsked))))
            .collect();
        let read: Vec<(&str, Entry)> = wanted
            .into_par_iter()
            .map(|rel| {
                let path = self
                    .escaped
                    .get(rel)
                    .cloned()
                    .unwrap_or_else(|| self.root.join(rel));
                (rel, read_capped(rel, &path, self.max_file_size))
            })
            .collect();
        let read: Vec<(String, Entry)> = read.into_iter().map(|(p, e)| (p.to_owned(), e)).collect();
        for (rel, entry) in read {
            inputs.insert(&rel, entry);
        }
        Ok(())
    }

    fn limit_file_size(&mut self, bytes: u64) {
        self.max_file_size = bytes;
    }

    fn list_under(&mut self, inputs: &mut Inputs, dir: &str) {
        let dir = dir.trim_matches('/');
        if dir.is_empty() || !stays_inside(dir) {
            return;
        }
        let path = self.root.join(dir);
        // A folder reached through a link outside the root is not listed.
        if !path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&self.canonical))
        {
            return;
        }
        self.walk(&path, inputs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn lists_everything_but_git_and_node_modules_then_reads_what_is_asked() {
        let dir = tree(&[
            ("index.md", "# Accueil"),
            (".eleventy.js", "module.exports = {}"),
            ("node_modules/x/readme.md", ""),
            (".git/HEAD", "ref: refs/heads/main"),
            ("img/logo.png", "png"),
        ]);
        let mut reader = WorkingTree::new(dir.path()).unwrap();
        let mut inputs = reader.list().unwrap();
        assert_eq!(
            inputs.paths().collect::<Vec<_>>(),
            [".eleventy.js", "img/logo.png", "index.md"]
        );
        reader.read(&mut inputs, &["index.md"]).unwrap();
        assert_eq!(inputs.text("index.md").as_deref(), Some("# Accueil"));
        assert_eq!(inputs.text("img/logo.png"), None);
        reader.list_under(&mut inputs, "node_modules/x");
        assert!(inputs.contains("node_modules/x/readme.md"));
        reader.list_under(&mut inputs, "../");
        assert_eq!(inputs.len(), 4);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_inside_the_root_only() {
        let outside = tree(&[("secret.md", "secret")]);
        let dir = tree(&[("real.md", "real")]);
        std::os::unix::fs::symlink("real.md", dir.path().join("alias.md")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("leak.md"))
            .unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("loop")).unwrap();
        let mut reader = WorkingTree::new(dir.path()).unwrap();
        let mut inputs = reader.list().unwrap();
        reader.read(&mut inputs, &["alias.md", "leak.md"]).unwrap();
        assert_eq!(inputs.text("alias.md").as_deref(), Some("real"));
        assert!(inputs.text("leak.md").is_none());
        assert!(matches!(
            inputs.entry("loop"),
            Some(Entry::Unread(Unread::Symlink { .. }))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_file_names_are_listed() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tree(&[]);
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(dir.path().join(name), "# x").unwrap();
        let mut reader = WorkingTree::new(dir.path()).unwrap();
        let mut inputs = reader.list().unwrap();
        let paths: Vec<String> = inputs.paths().map(str::to_owned).collect();
        assert_eq!(paths.len(), 1);
        // An escaped name is no path on disk: its bytes are read through the listing.
        reader.read(&mut inputs, &[paths[0].as_str()]).unwrap();
        assert_eq!(inputs.text(&paths[0]).as_deref(), Some("# x"));
    }
}
