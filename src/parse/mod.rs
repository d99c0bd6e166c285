//! Parsers: pure functions from text to data with byte spans into the file.
//! May import `source::file` types only.

pub mod content;
pub mod front_matter;
pub mod yaml;
