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
    /// How external links are checked over HTTP.
    pub external: Option<ExternalOptions>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExternalOptions {
    /// Never check external links over the network.
    pub offline: Option<bool>,
    /// Seconds per request.
    pub timeout: Option<f64>,
    pub max_concurrency: Option<usize>,
    /// `'REGEX REPLACEMENT'` rewrites applied before requesting, in order.
    pub remap: Option<Vec<String>>,
    /// Path of the cache file, relative to the site's root and inside it.
    pub cache_file: Option<String>,
    /// `false` turns the cache off.
    pub cache: Option<bool>,
    /// How long a success is trusted, in hours.
    pub max_cache_age_hours: Option<f64>,
    pub allow_private: Option<bool>,
    pub max_retries: Option<u32>,
    /// Seconds before the first retry (doubled each time).
    pub retry_wait: Option<f64>,
    /// Longest `Retry-After` honoured, in seconds.
    pub max_retry_after: Option<f64>,
    /// Regexes of URLs never requested.
    pub exclude: Option<Vec<String>>,
    /// Compare embedded decks' iframe titles with their real titles (oEmbed).
    pub embed_titles: Option<bool>,
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
