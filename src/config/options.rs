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
    /// The bounds on what one file can make vigie do.
    pub limits: Option<LimitsOptions>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LimitsOptions {
    pub file_size_mib: Option<u64>,
    pub nesting: Option<usize>,
    pub links_per_page: Option<usize>,
    pub yaml_nodes: Option<usize>,
    pub yaml_depth: Option<usize>,
    pub findings_per_file: Option<usize>,
    pub javascript_seconds: Option<f64>,
    pub javascript_memory_mib: Option<usize>,
}

impl LimitsOptions {
    /// Sets the limits given; a zero or negative one is refused (the key, and why).
    pub fn apply(self, limits: &mut super::limits::Limits) -> Result<(), (&'static str, String)> {
        let positive = |key: &'static str, ok: bool| {
            if ok {
                Ok(())
            } else {
                Err((key, format!("`{key}` must be more than 0")))
            }
        };
        if let Some(mib) = self.file_size_mib {
            positive("file-size-mib", mib > 0)?;
            limits.file_size = mib.saturating_mul(1 << 20);
        }
        // Counts: a positive number, taken as it is.
        let counts = [
            ("nesting", self.nesting, &mut limits.nesting),
            (
                "links-per-page",
                self.links_per_page,
                &mut limits.links_per_page,
            ),
            ("yaml-nodes", self.yaml_nodes, &mut limits.yaml_nodes),
            ("yaml-depth", self.yaml_depth, &mut limits.yaml_depth),
            (
                "findings-per-file",
                self.findings_per_file,
                &mut limits.findings_per_file,
            ),
        ];
        for (key, given, limit) in counts {
            if let Some(count) = given {
                positive(key, count > 0)?;
                *limit = count;
            }
        }
        if let Some(seconds) = self.javascript_seconds {
            positive("javascript-seconds", seconds > 0.0 && seconds.is_finite())?;
            limits.javascript_time = std::time::Duration::from_secs_f64(seconds.min(3600.0));
        }
        if let Some(mib) = self.javascript_memory_mib {
            positive("javascript-memory-mib", mib > 0)?;
            limits.javascript_memory = mib.saturating_mul(1 << 20);
        }
        Ok(())
    }
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
