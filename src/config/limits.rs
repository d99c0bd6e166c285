//! The bounds on what one file can make vigie do (`[limits]` of vigie.toml): past each, a
//! file, a nesting or a page's links are not read further, and `site/limit-reached` says
//! so at the place; a YAML document past its bounds is invalid YAML, at the place too.
//! Each bound is far above what a real site writes.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file read, in bytes.
    pub file_size: u64,
    /// The deepest markup nesting built: browsers stop nesting at 512 too.
    pub nesting: usize,
    /// The links of one page that are checked.
    pub links_per_page: usize,
    /// The values one YAML document (front matter, data file) may hold, aliases expanded:
    /// past it, an alias bomb is refused as invalid YAML instead of filling the memory.
    pub yaml_nodes: usize,
    /// The deepest nesting of one YAML document: deeper, it is refused as invalid YAML.
    pub yaml_depth: usize,
    /// The findings of one rule in one file that are shown; the others are counted.
    pub findings_per_file: usize,
    /// How long one call into the site's JavaScript may run.
    pub javascript_time: Duration,
    /// The memory one JavaScript engine may use, in bytes.
    pub javascript_memory: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: crate::source::inputs::MAX_FILE_SIZE,
            nesting: 512,
            links_per_page: 10_000,
            yaml_nodes: 100_000,
            yaml_depth: 200,
            findings_per_file: 1_000,
            javascript_time: crate::js::Limits::default().time,
            javascript_memory: crate::js::Limits::default().memory,
        }
    }
}
