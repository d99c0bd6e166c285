//! Files of the site: discovery (what Eleventy would build), loading, what passthrough
//! copies write, and renames in git history. With `config`, the only module that touches
//! the filesystem (or runs a process) for the site.

pub mod discover;
pub mod file;
pub mod history;
pub mod passthrough;

pub use file::SourceFile;
