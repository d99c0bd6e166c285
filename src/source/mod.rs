//! Files of the site: discovery (what Eleventy would build) and loading.
//! The only module besides `config` that touches the filesystem for site content.

pub mod discover;
pub mod file;

pub use file::SourceFile;
