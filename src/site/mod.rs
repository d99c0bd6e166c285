//! The site model: pages, URLs, data cascade, navigation, computed once for every rule,
//! and what is known of external links (which URL each asks for, host profiles, the HTTP
//! verdicts). Pure: `build` reads only `Inputs`.
//!
//! May import `config`, `parse`, `js`, `source` and `diagnostic`.

pub mod assets;
pub mod build;
pub mod collections;
pub mod condition;
pub mod discover;
pub mod external;
pub mod hosts;
pub mod ids;
pub mod javascript;
pub mod layout;
pub mod links;
pub mod memo;
pub mod model;
pub mod moves;
pub mod nav;
pub mod near;
pub mod render;
pub mod shown;
pub mod site_url;
pub mod url;
pub mod verdict;

pub use build::build;
pub use model::{
    Cascade, DataContent, DataFile, LayerSource, Layout, Output, Page, Role, Showing, Site,
};
