//! Parsers: pure functions from text to data with byte spans into the file (front matter,
//! YAML, the page's content and markup), and the slug functions ids are made with.
//!
//! May import `config` (the site's markdown-it flavour) and `diagnostic`.

pub mod content;
pub mod front_matter;
#[doc(hidden)]
pub mod invariants;
pub mod slug;
pub mod template_tags;
pub mod yaml;
