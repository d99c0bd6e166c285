//! Settings for a check: Eleventy detection from the texts of the site's files, then
//! `vigie.toml` on top. Pure: the texts come from `Inputs`.
//!
//! May import `source`, `js`, `diagnostic` and `error`.

pub mod eleventy;
pub mod evaluated;
pub mod limits;
pub mod options;
pub mod settings;

use miette::NamedSource;

use crate::diagnostic::Severity;
use crate::error::{Error, Result};
use crate::source::Inputs;
use options::Options;
pub use settings::{AnchorProfile, Eleventy, JsFailure, MarkdownPlugins, Passthrough, Settings};

pub const CONFIG_FILE: &str = "vigie.toml";

/// Settings and the content rules declared in `vigie.toml`.
#[derive(Debug, Default)]
pub struct Loaded {
    pub settings: Settings,
    pub rules: Vec<toml::Value>,
}

/// Detects the site's settings and applies `vigie.toml` when present.
pub fn load(inputs: &Inputs) -> Result<Loaded> {
    let mut settings = Settings::default();
    eleventy::detect(inputs, &mut settings);
    let Some(text) = inputs.text(CONFIG_FILE) else {
        return Ok(Loaded {
            settings,
            rules: Vec::new(),
        });
    };
    let text = text.into_owned();
    let options: Options = toml::from_str(&text).map_err(|err| Error::Config {
        message: err.message().to_owned(),
        span: err.span().map(Into::into),
        source_code: NamedSource::new(CONFIG_FILE, text.clone()),
    })?;
    apply(options, &mut settings, &text)
}

fn apply(options: Options, settings: &mut Settings, text: &str) -> Result<Loaded> {
    let from = CONFIG_FILE;
    if let Some(site) = options.site {
        let e = &mut settings.eleventy;
        let mut set = Vec::new();
        if let Some(url) = site.url {
            e.site_url = Some(url.trim_end_matches('/').to_owned());
            set.push(("site-url".to_owned(), url));
        }
        if let Some(v) = site.eleventy_version {
            e.version = v.clamp(1, 3);
            set.push(("eleventy.version".to_owned(), v.to_string()));
        }
        if let Some(v) = site.navigation_version {
            e.navigation_version = v.min(1);
            set.push(("eleventy.navigation-version".to_owned(), v.to_string()));
        }
        for (name, value, field) in [
            ("input", site.input, &mut e.input),
            ("includes", site.includes, &mut e.includes),
            ("data", site.data, &mut e.data),
            ("output", site.output, &mut e.output),
        ] {
            if let Some(value) = value {
                *field = eleventy::normalize_dir(&value);
                set.push((format!("eleventy.dir.{name}"), value));
            }
        }
        if let Some(layouts) = site.layouts {
            e.layouts = Some(eleventy::normalize_dir(&layouts));
            set.push(("eleventy.dir.layouts".to_owned(), layouts));
        }
        if let Some(formats) = site.template_formats {
            set.push(("eleventy.template-formats".to_owned(), formats.join(", ")));
            e.template_formats = formats;
        }
        if let Some(aliases) = site.layout_aliases {
            for (alias, target) in aliases {
                set.push((format!("eleventy.layout-alias.{alias}"), target.clone()));
                e.layout_aliases.insert(alias, target);
            }
        }
        if let Some(copies) = site.passthrough {
            // The list replaces what was detected, so its provenance does too.
            settings
                .provenance
                .retain(|p| !p.setting.starts_with("eleventy.passthrough."));
            let e = &mut settings.eleventy;
            e.passthrough = copies
                .into_iter()
                .map(|(source, target)| Passthrough {
                    source: eleventy::normalize_dir(&source),
                    target: eleventy::normalize_dir(&target),
                })
                .collect();
            for copy in &e.passthrough {
                set.push((
                    format!("eleventy.passthrough.{}", copy.source),
                    format!("/{}", copy.target),
                ));
            }
        }
        for (setting, value) in set {
            settings.record(&setting, value, from);
        }
    }
    if let Some(markdown) = options.markdown {
        let m = &mut settings.eleventy.markdown;
        m.html = markdown.html.unwrap_or(m.html);
        m.breaks = markdown.breaks.unwrap_or(m.breaks);
        m.linkify = markdown.linkify.unwrap_or(m.linkify);
        let summary = format!(
            "html: {}, breaks: {}, linkify: {}",
            m.html, m.breaks, m.linkify
        );
        settings.record("markdown", summary, from);
        if let Some(levels) = markdown.anchor_levels {
            let shown: Vec<String> = levels.iter().map(u8::to_string).collect();
            settings.record("markdown.anchor-levels", shown.join(", "), from);
            settings.eleventy.anchor_levels = levels;
        }
        if let Some(anchors) = markdown.anchors {
            settings.eleventy.anchors = anchors;
            settings.record("markdown.anchors", anchors.as_str(), from);
        }
    }
    for (code, level) in options.rules.unwrap_or_default() {
        let severity = match level.as_str() {
            "off" => None,
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            other => {
                return Err(config_error(
                    text,
                    other,
                    format!(
                        "`{other}` is not a severity for `{code}` (use error, warning, info or off)"
                    ),
                ));
            }
        };
        settings.severities.insert(code, severity);
    }
    if let Some(external) = options.external {
        settings::apply_external(settings, external)
            .map_err(|(needle, message)| config_error(text, &needle, message))?;
    }
    if let Some(front_matter) = options.front_matter {
        settings.known_keys = front_matter.known_keys.unwrap_or_default();
    }
    if let Some(limits) = options.limits {
        limits
            .apply(&mut settings.limits)
            .map_err(|(needle, message)| config_error(text, needle, message))?;
    }
    Ok(Loaded {
        settings: std::mem::take(settings),
        rules: options.rule.unwrap_or_default(),
    })
}

/// Whether settings are read from the file at `path`: what must be read first.
pub fn reads(path: &str) -> bool {
    path == CONFIG_FILE || eleventy::reads(path)
}

/// A config error pointing at the first place `needle` is written.
pub fn config_error(text: &str, needle: &str, message: String) -> Error {
    let span = text
        .find(&format!("\"{needle}\""))
        .map(|at| (at, needle.len() + 2).into());
    Error::Config {
        message,
        span,
        source_code: NamedSource::new(CONFIG_FILE, text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Inputs;

    #[test]
    fn limits_are_set_and_a_zero_limit_refused() {
        let load_with = |toml: &str| {
            let inputs = Inputs::from_files([("index.md", "x"), ("vigie.toml", toml)]);
            load(&inputs).map(|loaded| loaded.settings.limits)
        };
        let limits = load_with("[limits]\nnesting = 64\nlinks-per-page = 3\nfile-size-mib = 1\njavascript-seconds = 0.5\n").unwrap();
        assert_eq!(
            (limits.nesting, limits.links_per_page, limits.file_size),
            (64, 3, 1 << 20)
        );
        assert_eq!(
            limits.javascript_time,
            std::time::Duration::from_millis(500)
        );
        let yaml = load_with("[limits]\nyaml-nodes = 50\nyaml-depth = 4\n").unwrap();
        assert_eq!((yaml.yaml_nodes, yaml.yaml_depth), (50, 4));
        let refused = load_with("[limits]\nnesting = 0\n").unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("`nesting` must be more than 0"),
            "{refused}"
        );
    }

    #[test]
    fn vigie_toml_overrides_detection() {
        let inputs = Inputs::from_files([
            (
                ".eleventy.js",
                "module.exports = () => ({ dir: { input: 'src' } })",
            ),
            (
                "vigie.toml",
                "[site]\nurl = \"https://example.org/\"\ninput = \"content\"\nlayout-aliases = { post = \"layouts/post.njk\" }\n\n[markdown]\nlinkify = true\nanchors = \"github\"\n\n[rules]\n\"front-matter/missing-title\" = \"off\"\n",
            ),
        ]);
        let settings = load(&inputs).unwrap().settings;
        assert_eq!(settings.eleventy.input, "content");
        assert_eq!(
            settings.eleventy.site_url.as_deref(),
            Some("https://example.org")
        );
        assert_eq!(settings.eleventy.layout_aliases["post"], "layouts/post.njk");
        assert!(settings.eleventy.markdown.linkify);
        assert_eq!(settings.eleventy.anchors, AnchorProfile::Github);
        assert_eq!(
            settings.severity("front-matter/missing-title", Severity::Warning),
            None
        );
        let input = settings
            .provenance
            .iter()
            .find(|p| p.setting == "eleventy.dir.input")
            .unwrap();
        assert_eq!(input.source, CONFIG_FILE);
    }

    #[test]
    fn unknown_option_is_a_config_error_with_a_span() {
        let inputs = Inputs::from_files([("vigie.toml", "[site]\ninptu = \"src\"\n")]);
        let Err(Error::Config { span, message, .. }) = load(&inputs) else {
            panic!("expected a config error");
        };
        assert!(message.contains("inptu"), "{message}");
        assert_eq!(span.map(|s| s.offset()), Some(7));
    }

    #[test]
    fn bad_severity_is_a_config_error() {
        let inputs = Inputs::from_files([(
            "vigie.toml",
            "[rules]\n\"front-matter/missing-title\" = \"loud\"\n",
        )]);
        assert!(matches!(load(&inputs), Err(Error::Config { .. })));
    }
}
