//! Settings from the Eleventy config as the JavaScript engine ran it: what the recording
//! `eleventyConfig` kept (directories, formats, passthrough copies, layout aliases, the
//! markdown-it library and its plugins, the official plugins, ignores, virtual templates).

use serde::Deserialize;
use serde_json::Value;

use super::eleventy::normalize_dir;
use super::settings::{AnchorProfile, MarkdownPlugins, Settings};
use crate::js::{Engine, Failure, Files, Host, Limits, Model};
use crate::source::Inputs;

/// What `__vigie.evaluateConfig` answers (`config.js`'s `summary`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Summary {
    pub dir: serde_json::Map<String, Value>,
    pub path_prefix: Option<String>,
    pub template_formats: Option<Vec<String>>,
    pub added_formats: Vec<String>,
    pub passthrough: Vec<Copy>,
    pub layout_aliases: serde_json::Map<String, Value>,
    pub markdown: Markdown,
    pub plugins: Vec<Plugin>,
    pub unknown_plugins: Vec<String>,
    pub unknown_packages: Vec<String>,
    pub ignores_added: Vec<String>,
    pub use_git_ignore: Option<bool>,
    pub virtual_templates: Vec<Virtual>,
    pub unmodelled: Vec<String>,
    pub data_extensions: Vec<String>,
    pub global_data: Vec<String>,
    pub preprocessors: Vec<String>,
    pub collections: Vec<String>,
    pub filters: Vec<String>,
    pub paired_shortcodes: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Copy {
    pub from: Option<String>,
    pub to: Option<String>,
    pub unknown: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Markdown {
    /// The library is a value vigie could not follow (from a package it does not model).
    pub unknown: Option<String>,
    /// The site set its own markdown-it (options start from markdown-it's defaults).
    pub own: bool,
    pub options: serde_json::Map<String, Value>,
    pub plugins: Vec<MarkdownPlugin>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MarkdownPlugin {
    pub name: String,
    pub options: serde_json::Map<String, Value>,
    /// The first argument after the plugin when it is a string (markdown-it-container's
    /// name).
    pub container: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Plugin {
    pub name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Virtual {
    pub path: String,
    pub permalink: Option<String>,
}

/// Runs the config `name` in the engine.
pub fn evaluate(inputs: &Inputs, name: &str, version: u8) -> Result<Summary, Failure> {
    let host = Host {
        files: Files::of(inputs),
        slugify: None,
        version,
    };
    let engine = Engine::new(host, Limits::default(), Model::Config)?;
    let answer = engine.call("evaluateConfig", &serde_json::json!({ "path": name }))?;
    serde_json::from_value(answer).map_err(|e| Failure::Engine(format!("config summary: {e}")))
}

/// Puts what the config said into the settings, with `name (run)` as provenance.
pub fn apply(summary: &Summary, name: &str, settings: &mut Settings) {
    let source = format!("{name} (run)");
    settings.eleventy.config_evaluated = true;
    settings.record(
        "eleventy.config",
        name,
        "found at the root, run by vigie's JavaScript engine",
    );
    for (key, value) in &summary.dir {
        let Some(dir) = value.as_str() else {
            continue;
        };
        let dir = normalize_dir(dir);
        let eleventy = &mut settings.eleventy;
        match key.as_str() {
            "input" => eleventy.input = dir.clone(),
            "includes" => eleventy.includes = dir.clone(),
            "layouts" => eleventy.layouts = Some(dir.clone()),
            "data" => eleventy.data = dir.clone(),
            "output" => eleventy.output = dir.clone(),
            _ => continue,
        }
        let shown = if dir.is_empty() { ".".to_owned() } else { dir };
        settings.record(&format!("eleventy.dir.{key}"), shown, &source);
    }
    let mut formats = summary
        .template_formats
        .clone()
        .unwrap_or_else(|| settings.eleventy.template_formats.clone());
    for added in &summary.added_formats {
        if !formats.contains(added) {
            formats.push(added.clone());
        }
    }
    if summary.template_formats.is_some() || !summary.added_formats.is_empty() {
        settings.record("eleventy.template-formats", formats.join(", "), &source);
        settings.eleventy.template_formats = formats;
    }
    for (alias, target) in &summary.layout_aliases {
        if let Some(target) = target.as_str() {
            settings.record(&format!("eleventy.layout-alias.{alias}"), target, &source);
            settings
                .eleventy
                .layout_aliases
                .insert(alias.clone(), target.to_owned());
        }
    }
    apply_passthrough(summary, &source, settings);
    apply_markdown(summary, &source, settings);
    if summary.use_git_ignore == Some(false) {
        settings.eleventy.use_gitignore = false;
        settings.record("eleventy.use-gitignore", "false", &source);
    }
    for plugin in &summary.plugins {
        if !settings.eleventy.has_plugin(&plugin.name) {
            settings.eleventy.plugins.push(plugin.name.clone());
        }
    }
    if !settings.eleventy.plugins.is_empty() {
        settings.record(
            "eleventy.plugins",
            settings.eleventy.plugins.join(", "),
            &source,
        );
    }
    for ignore in &summary.ignores_added {
        let glob = ignore.trim_start_matches("./").to_owned();
        settings.record(&format!("eleventy.ignores.{glob}"), "ignored", &source);
        settings.eleventy.ignores.push(glob);
    }
    for template in &summary.virtual_templates {
        if let Some(permalink) = &template.permalink {
            settings.record(
                &format!("eleventy.virtual.{}", template.path),
                permalink,
                &source,
            );
            settings
                .eleventy
                .virtual_outputs
                .push((template.path.clone(), permalink.clone()));
        }
    }
    // Global data and preprocessors of the config change pages' data (drafts): the pages
    // are then computed by the engine even when no data file is JavaScript.
    settings.eleventy.config_data =
        !summary.global_data.is_empty() || !summary.preprocessors.is_empty();
    settings.eleventy.collections = summary.collections.clone();
    for extension in &summary.data_extensions {
        let extension = extension.trim_start_matches('.').to_owned();
        settings.record(
            &format!("eleventy.data-extension.{extension}"),
            "data files",
            &source,
        );
        settings.eleventy.data_extensions.push(extension);
    }
    if let Some(prefix) = &summary.path_prefix {
        settings.record("eleventy.path-prefix", prefix, &source);
    }
    for plugin in &summary.unknown_plugins {
        settings.notes.push(format!(
            "{name}: plugin `{plugin}` is not one vigie models: what it adds (filters, collections, templates) is unknown"
        ));
    }
    for package in summary
        .unknown_packages
        .iter()
        .filter(|p| !summary.unknown_plugins.contains(p))
    {
        settings.notes.push(format!(
            "{name}: package `{package}` is not run: values computed from it are unknown"
        ));
    }
    if !summary.unmodelled.is_empty() {
        settings.notes.push(format!(
            "{name}: config calls vigie does not model (ignored): {}",
            summary.unmodelled.join(", ")
        ));
    }
}

fn apply_passthrough(summary: &Summary, source: &str, settings: &mut Settings) {
    for copy in &summary.passthrough {
        match copy.from.as_deref().filter(|_| !copy.unknown) {
            Some(from) => {
                super::eleventy::add_passthrough(settings, from, copy.to.as_deref(), source)
            }
            None => settings.notes.push(format!(
                "{source}: a passthrough copy vigie could not follow"
            )),
        }
    }
}

fn apply_markdown(summary: &Summary, source: &str, settings: &mut Settings) {
    let markdown = &summary.markdown;
    if let Some(unknown) = &markdown.unknown {
        settings.notes.push(format!(
            "{source}: the markdown library comes from {unknown}, which vigie does not run: Eleventy's defaults are assumed"
        ));
        return;
    }
    let flag = |key: &str, default: bool| {
        markdown
            .options
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(default)
    };
    let options = &mut settings.eleventy.markdown;
    // A library of the site's starts from markdown-it's defaults (html off).
    options.html = flag("html", !markdown.own);
    options.breaks = flag("breaks", false);
    options.linkify = flag("linkify", false);
    let m = *options;
    settings.record(
        "markdown",
        format!(
            "html: {}, breaks: {}, linkify: {}",
            m.html, m.breaks, m.linkify
        ),
        source,
    );
    let anchor = markdown
        .plugins
        .iter()
        .find(|p| p.name == "markdown-it-anchor");
    if let Some(anchor) = anchor {
        let profile = match anchor.options.get("slugify").and_then(Value::as_str) {
            Some("eleventy") => AnchorProfile::EleventySlugify,
            // A function of the site's: vigie does not run it for each heading.
            Some(_) => AnchorProfile::SiteSlugify,
            None => AnchorProfile::MarkdownItAnchor,
        };
        super::eleventy::record_anchors(
            settings,
            profile,
            anchor.options.get("level").and_then(levels),
            &format!("{source} (.use(markdown-it-anchor))"),
        );
    } else if summary
        .plugins
        .iter()
        .any(|p| p.name == "IdAttributePlugin")
    {
        settings.eleventy.anchors = AnchorProfile::IdAttribute;
        settings.record(
            "markdown.anchors",
            AnchorProfile::IdAttribute.as_str(),
            format!("{source} (IdAttributePlugin)"),
        );
    }
    let mut plugins = MarkdownPlugins::default();
    for plugin in &markdown.plugins {
        plugins.add(&plugin.name, plugin.container.as_deref());
    }
    settings.eleventy.markdown_plugins = plugins;
    let mut others: Vec<String> = Vec::new();
    for plugin in &markdown.plugins {
        let name = match plugin.name.as_str() {
            "markdown-it-anchor" => continue,
            "markdown-it-container" => format!(
                "markdown-it-container ({})",
                settings.eleventy.markdown_plugins.containers.join(", ")
            ),
            name => name.to_owned(),
        };
        if !others.contains(&name) {
            others.push(name);
        }
    }
    if !others.is_empty() {
        settings.record("markdown.plugins", others.join(", "), source);
    }
    for shortcode in &summary.paired_shortcodes {
        super::eleventy::add_code_shortcode(settings, shortcode, source);
    }
}

/// markdown-it-anchor's `level`: a number is the lowest level given an id, a list the
/// exact levels.
fn levels(level: &Value) -> Option<Vec<u8>> {
    match level {
        Value::Number(n) => {
            let lowest = u8::try_from(n.as_u64()?).ok()?.clamp(1, 6);
            Some((lowest..=6).collect())
        }
        Value::Array(list) => {
            let levels: Vec<u8> = list
                .iter()
                .filter_map(|l| u8::try_from(l.as_u64()?).ok())
                .collect();
            (!levels.is_empty()).then_some(levels)
        }
        _ => None,
    }
}
