//! Everything a check reads, and the edge that reads it: `Inputs` (the site's files, by
//! path, with their bytes) from one of three sources behind one `Reader` interface — the
//! working tree, git's index (`--staged`), a commit (`--rev`); renames in git history; and
//! the source map reporters use (`SourceFile`, line and column of a byte offset).
//!
//! May import `error` only: every other module reads its inputs from here.

pub mod file;
pub mod git;
pub mod history;
pub mod inputs;
pub mod worktree;

pub use file::{SourceFile, Sources};
pub use inputs::{Entry, Inputs, Unread};

use crate::error::Result;

/// A source of inputs. Reading happens in steps, because what to read depends on what was
/// read: first the listing of the tree, then the bytes the settings say Eleventy reads.
pub trait Reader {
    /// Every file of the tree, bytes not read yet; `node_modules` and `.git` left out.
    fn list(&mut self) -> Result<Inputs>;

    /// Reads the bytes of `paths` (entries of the listing) into `inputs`.
    fn read(&mut self, inputs: &mut Inputs, paths: &[&str]) -> Result<()>;

    /// Adds to the listing the files below `dir`, a folder the listing leaves out (a
    /// passthrough copy of `node_modules/…`). Nothing outside the root is ever listed.
    fn list_under(&mut self, inputs: &mut Inputs, dir: &str);

    /// The largest file whose bytes later reads read (`MAX_FILE_SIZE` until told).
    fn limit_file_size(&mut self, bytes: u64);
}

/// Whether a relative path stays inside the root: no `..`, no absolute path.
pub fn stays_inside(path: &str) -> bool {
    !path.starts_with('/') && !path.split('/').any(|part| part == "..") && !path.contains('\\')
}
