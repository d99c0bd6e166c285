//! The site model: pages, URLs, data cascade, navigation, computed once for every rule.
//! Pure apart from `build`, which reads the files discovery found.

pub mod assets;
pub mod build;
pub mod discover;
pub mod layout;
pub mod links;
pub mod model;
pub mod nav;
pub mod slug;
pub mod url;
pub mod verdict;

pub use build::build;
pub use model::{Cascade, DataContent, DataFile, LayerSource, Layout, Output, Page, Site};
