//! The raw `vigie.toml`: every field optional, unknown keys refused.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::settings::AnchorProfile;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// What Eleventy does, when detection gets it wrong.
    pub site: Option<SiteOptions>,
    pub markdown: Option<MarkdownOptions>,
    /// Severity per rule code: `"error"`, `"warning"`, `"info"` or `"off"`.
    pub rules: Option<HashMap<String, String>>,
    pub front_matter: Option<FrontMatterOptions>,
    /// Content rules written in the same shape as `rules/*.yml`.
    pub rule: Option<Vec<toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteOptions {
    pub url: Option<String>,
    pub eleventy_version: Option<u8>,
    pub navigation_version: Option<u8>,
    pub input: Option<String>,
    pub includes: Option<String>,
    pub layouts: Option<String>,
    pub data: Option<String>,
    pub output: Option<String>,
    pub template_formats: Option<Vec<String>>,
    pub layout_aliases: Option<BTreeMap<String, String>>,
    /// Source (relative to the root) → target URL path.
    pub passthrough: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarkdownOptions {
    pub html: Option<bool>,
    pub breaks: Option<bool>,
    pub linkify: Option<bool>,
    pub anchors: Option<AnchorProfile>,
    /// Heading levels that get ids (markdown-it-anchor's `level`), e.g. `[1, 2, 3, 4]`.
    pub anchor_levels: Option<Vec<u8>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatterOptions {
    /// Keys the site uses on purpose (never reported as unknown).
    pub known_keys: Option<Vec<String>>,
}
