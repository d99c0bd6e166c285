//! Resolved settings: what vigie believes about the site (detected from its own files, then
//! overridden by `vigie.toml`), each value with where it came from.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Severity;

/// How Markdown headings get their `id`s on this site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorProfile {
    /// No anchor plugin is enabled: headings have no id.
    None,
    /// markdown-it-anchor with its default slugify (`encodeURIComponent`).
    MarkdownItAnchor,
    /// markdown-it-anchor (or IdAttributePlugin) with Eleventy's `slugify` filter.
    EleventySlugify,
    /// GitHub-style slugs.
    Github,
}

impl AnchorProfile {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorProfile::None => "none",
            AnchorProfile::MarkdownItAnchor => "markdown-it-anchor",
            AnchorProfile::EleventySlugify => "eleventy-slugify",
            AnchorProfile::Github => "github",
        }
    }
}

/// The markdown-it options the site's Markdown library is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownOptions {
    pub html: bool,
    pub breaks: bool,
    pub linkify: bool,
}

/// A passthrough copy: files under `source` (relative to the root) are served at `target`
/// (a URL path under the output directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passthrough {
    pub source: String,
    pub target: String,
}

/// What vigie knows of the Eleventy project. Directories are relative paths with `/`
/// separators and no leading `./` or trailing `/`; `""` is the directory itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Eleventy {
    /// Major version of `@11ty/eleventy` (1, 2 or 3).
    pub version: u8,
    /// Major version of `@11ty/eleventy-navigation` (0 for 0.3.x, 1 for 1.x).
    pub navigation_version: u8,
    /// Input directory, relative to the root.
    pub input: String,
    /// Includes directory, relative to the input directory (may start with `../`).
    pub includes: String,
    /// Layouts directory when it differs from includes, relative to the input directory.
    pub layouts: Option<String>,
    /// Data directory, relative to the input directory.
    pub data: String,
    /// Output directory, relative to the root.
    pub output: String,
    pub template_formats: Vec<String>,
    pub layout_aliases: BTreeMap<String, String>,
    pub passthrough: Vec<Passthrough>,
    pub markdown: MarkdownOptions,
    pub anchors: AnchorProfile,
    /// Heading levels the anchor plugin gives ids to (markdown-it-anchor's `level`).
    pub anchor_levels: Vec<u8>,
    /// The public URL of the site (`https://example.org`), for absolute self links.
    pub site_url: Option<String>,
    pub use_gitignore: bool,
}

impl Default for Eleventy {
    fn default() -> Self {
        Self {
            version: 2,
            navigation_version: 0,
            input: String::new(),
            includes: "_includes".into(),
            layouts: None,
            data: "_data".into(),
            output: "_site".into(),
            template_formats: ["md", "njk", "html", "liquid"].map(String::from).to_vec(),
            layout_aliases: BTreeMap::new(),
            passthrough: Vec::new(),
            markdown: MarkdownOptions {
                html: true,
                breaks: false,
                linkify: false,
            },
            anchors: AnchorProfile::None,
            anchor_levels: vec![1, 2, 3, 4, 5, 6],
            site_url: None,
            use_gitignore: true,
        }
    }
}

impl Eleventy {
    /// The js-yaml flavour that parses this site's front matter.
    pub fn yaml_flavor(&self) -> crate::parse::yaml::Flavor {
        if self.version >= 3 {
            crate::parse::yaml::Flavor::JsYaml4
        } else {
            crate::parse::yaml::Flavor::JsYaml3
        }
    }
}

/// One detected or configured value and where it came from, for `--verbose`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub setting: String,
    pub value: String,
    pub source: String,
}

/// Everything a check runs with.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub eleventy: Eleventy,
    /// Severity overrides by rule code; `None` turns the rule off.
    pub severities: HashMap<String, Option<Severity>>,
    /// Front matter keys the site uses on purpose, never reported as unknown.
    pub known_keys: Vec<String>,
    /// How each setting was arrived at.
    pub provenance: Vec<Provenance>,
    /// Facts worth telling with `--verbose` (JavaScript data files not evaluated …).
    pub notes: Vec<String>,
}

impl Settings {
    pub fn record(&mut self, setting: &str, value: impl Into<String>, source: impl Into<String>) {
        let (value, source) = (value.into(), source.into());
        self.provenance.retain(|p| p.setting != setting);
        self.provenance.push(Provenance {
            setting: setting.to_owned(),
            value,
            source,
        });
    }

    /// The severity a rule runs at, or `None` when it is turned off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.severities.get(code) {
            Some(configured) => *configured,
            None => Some(default),
        }
    }
}
