//! Where a site keeps its own URL, when vigie.toml does not say it: the global data a
//! template writes before `page.url` or hands to `absoluteUrl` / `htmlBaseUrl`
//! (`{{ site.baseUrl }}{{ page.url }}`, `absoluteUrl(metadata.url)`), or a `url`-like key
//! of a global data file named `metadata`, `site` or `meta` — JSON, YAML or JavaScript the
//! engine ran. Pure.
//!
//! May import `site::model`, `parse::yaml` and `config`.

use std::sync::LazyLock;

use regex::Regex;

use super::model::{DataContent, DataFile, Layout, Page};
use crate::config::Settings;
use crate::parse::yaml::YamlNode;

/// Global data files (by name, any format) that may hold the site's own URL.
const SITE_DATA_NAMES: [&str; 3] = ["metadata", "site", "meta"];

/// Keys sites name their URL with.
const URL_KEYS: [&str; 7] = [
    "url", "baseUrl", "baseURL", "base_url", "siteUrl", "siteURL", "site_url",
];

/// `{{ site.baseUrl }}{{ page.url }}`, `absoluteUrl(metadata.url)`, `htmlBaseUrl(site.url)`.
#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static USES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)\s*-?\}\}\{\{-?\s*page\.url|(?:absoluteUrl|htmlBaseUrl)\s*(?:\(|:)\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)",
    )
    .expect("regex")
});

/// Sets the site's URL from its global data (files from `global_first` on), if unset.
pub fn find(
    data_files: &[DataFile],
    global_first: usize,
    (pages, layouts): (&[Page], &[Layout]),
    settings: &mut Settings,
) {
    if settings.eleventy.site_url.is_some() {
        return;
    }
    let data_dir =
        crate::config::eleventy::join_dirs(&settings.eleventy.input, &settings.eleventy.data);
    let globals: Vec<(&str, &YamlNode, &DataFile)> = (data_files.iter().skip(global_first))
        .filter_map(|data| {
            let value = match &data.content {
                DataContent::Parsed(value) => value.as_ref(),
                DataContent::Script {
                    evaluated: Some(value),
                } => value.as_ref(),
                _ => return None,
            };
            let inside = data
                .file
                .rel
                .strip_prefix(&data_dir)?
                .trim_start_matches('/');
            let stem = inside.rsplit_once('.').map_or(inside, |(stem, _)| stem);
            // `_data/site.yaml` is `site`; nested folders are not modelled here.
            (!stem.contains('/')).then_some((stem, value, data))
        })
        .collect();
    // What the templates use as the site's URL wins: it is what they write.
    let templates = layouts
        .iter()
        .map(|l| &l.file)
        .chain(pages.iter().map(|p| &p.file));
    for template in templates {
        for caps in USES.captures_iter(&template.text) {
            let Some(path) = caps.get(1).or_else(|| caps.get(2)) else {
                continue;
            };
            let mut names = path.as_str().split('.');
            let Some(first) = names.next() else { continue };
            let Some((_, value, data)) = globals.iter().find(|(stem, _, _)| *stem == first) else {
                continue;
            };
            let found = names.try_fold(*value, |node, name| node.get(name));
            let Some(url) = found.and_then(YamlNode::as_str) else {
                continue;
            };
            let source = format!(
                "{} (`{}`, as {} writes it)",
                data.file.rel,
                path.as_str(),
                template.rel
            );
            if set_site_url(settings, url, &source) {
                return;
            }
        }
    }
    for (stem, value, data) in &globals {
        if !SITE_DATA_NAMES.contains(stem) {
            continue;
        }
        for key in URL_KEYS {
            let Some(url) = value.get(key).and_then(YamlNode::as_str) else {
                continue;
            };
            if set_site_url(settings, url, &format!("{} (\"{key}\")", data.file.rel)) {
                return;
            }
        }
    }
}

/// Takes `url` for the site's own URL when it is an absolute http(s) URL.
fn set_site_url(settings: &mut Settings, url: &str, source: &str) -> bool {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return false;
    }
    // `process.env.URL || "http://localhost:8080"`: the development server, not the site.
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    if matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]") {
        return false;
    }
    settings.eleventy.site_url = Some(url.trim_end_matches('/').to_owned());
    settings.record("site-url", url, source);
    true
}

#[cfg(test)]
mod tests {
    use crate::testing::{build_site, inputs};

    /// The site URL of a site whose config reads YAML data, as Eleventy 1–3 need it to.
    fn site_url(files: &[(&str, &str)]) -> Option<String> {
        let config = (
            ".eleventy.js",
            "const yaml = require('js-yaml');\nmodule.exports = c => {\n  c.addDataExtension('yaml,yml', s => yaml.load(s));\n};\n",
        );
        let files: Vec<(&str, &str)> = files.iter().copied().chain([config]).collect();
        build_site(&inputs(&files)).settings.eleventy.site_url
    }

    #[test]
    fn the_site_url_is_found_where_the_site_keeps_it() {
        assert_eq!(
            site_url(&[
                (
                    "_data/site.yaml",
                    "title: Guide\nbaseUrl: https://guide.example.org/\n"
                ),
                ("index.md", "")
            ]),
            Some("https://guide.example.org".into())
        );
        // What the layout writes before `page.url` wins over a `url` key elsewhere.
        assert_eq!(
            site_url(&[
                ("_data/meta.yml", "url: https://ancien.example.org\n"),
                (
                    "_data/config.yaml",
                    "prod:\n  host: https://vrai.example.org\n"
                ),
                (
                    "_includes/base.njk",
                    "<link rel=\"canonical\" href=\"{{ config.prod.host }}{{ page.url }}\">",
                ),
                ("index.md", ""),
            ]),
            Some("https://vrai.example.org".into())
        );
        // A feed page hands it to `htmlBaseUrl`; the development server is not the site.
        assert_eq!(
            site_url(&[
                (
                    "_data/metadata.yaml",
                    "base: https://blog.example.org/\ndev: http://localhost:8080\n"
                ),
                (
                    "feed.njk",
                    "{{ content | htmlBaseUrl(metadata.dev) }}{{ content | htmlBaseUrl(metadata.base) }}"
                ),
            ]),
            Some("https://blog.example.org".into())
        );
        assert_eq!(
            site_url(&[
                ("_data/metadata.yaml", "url: /relative/\n"),
                (
                    "_includes/feed.njk",
                    "{{ post.url | absoluteUrl(metadata.url) }}"
                ),
                ("index.md", ""),
            ]),
            None
        );
    }
}
