//! Detects Eleventy settings from the site's own files: the config run by the JavaScript
//! engine (`evaluated`), or read as text where it cannot run; `package.json` and
//! `_data/*.json`.

use std::sync::LazyLock;

use regex::Regex;

use super::settings::{AnchorProfile, MarkdownPlugins, Passthrough, Settings};
use crate::source::Inputs;

/// Config file names Eleventy looks for, in its order of preference.
pub const CONFIG_FILES: [&str; 4] = [
    ".eleventy.js",
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
];

/// Fills `settings.eleventy` from what the site's files say.
pub fn detect(inputs: &Inputs, settings: &mut Settings) {
    detect_versions(inputs, settings);
    if let Some((name, text)) = CONFIG_FILES
        .iter()
        .find_map(|name| Some((*name, inputs.text(name)?)))
    {
        match super::evaluated::evaluate(inputs, name, settings.eleventy.version) {
            Ok(summary) => super::evaluated::apply(&summary, name, settings),
            Err(failure) => {
                settings.js_failures.push(super::JsFailure {
                    file: name.to_owned(),
                    reason: failure.to_string(),
                    fallback: "its settings were read from its text instead".into(),
                });
                detect_config(&text, name, settings);
            }
        }
    } else {
        settings
            .notes
            .push("no Eleventy config file: Eleventy's defaults apply".into());
    }
    record_defaults(settings);
}

/// Says, for `--verbose`, which important settings were not detected and kept a default.
fn record_defaults(settings: &mut Settings) {
    let e = settings.eleventy.clone();
    let markdown = format!(
        "html: {}, breaks: {}, linkify: {}",
        e.markdown.html, e.markdown.breaks, e.markdown.linkify
    );
    let defaults = [
        ("eleventy.version", e.version.to_string()),
        (
            "eleventy.navigation-version",
            e.navigation_version.to_string(),
        ),
        ("eleventy.dir.input", ".".to_owned()),
        ("eleventy.dir.includes", e.includes),
        ("eleventy.dir.data", e.data),
        ("eleventy.dir.output", e.output),
        ("eleventy.template-formats", e.template_formats.join(", ")),
        ("markdown", markdown),
        ("markdown.anchors", e.anchors.as_str().to_owned()),
        (
            "site-url",
            "unknown (absolute links to the site cannot be recognised)".to_owned(),
        ),
    ];
    for (setting, value) in defaults {
        if !settings.provenance.iter().any(|p| p.setting == setting) {
            settings.record(setting, value, "default");
        }
    }
}

fn detect_versions(inputs: &Inputs, settings: &mut Settings) {
    let Some(text) = inputs.text("package.json") else {
        return;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        settings
            .notes
            .push("package.json is not valid JSON: versions not detected".into());
        return;
    };
    let requirement = |name: &str| {
        ["dependencies", "devDependencies"]
            .iter()
            .find_map(|group| json.get(group)?.get(name)?.as_str().map(str::to_owned))
    };
    if let Some(req) = requirement("@11ty/eleventy")
        && let Some(major) = major_version(&req)
    {
        settings.eleventy.version = major.clamp(1, 3);
        settings.record(
            "eleventy.version",
            major.to_string(),
            format!("package.json (\"@11ty/eleventy\": \"{req}\")"),
        );
    }
    if let Some(req) = requirement("@11ty/eleventy-navigation")
        && let Some(major) = major_version(&req)
    {
        settings.eleventy.navigation_version = major.min(1);
        settings.record(
            "eleventy.navigation-version",
            major.to_string(),
            format!("package.json (\"@11ty/eleventy-navigation\": \"{req}\")"),
        );
    }
}

/// The major version a semver requirement such as `^1.0.1`, `~0.3.2` or `3.x` points at.
fn major_version(requirement: &str) -> Option<u8> {
    let digits: String = requirement
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

// The patterns' classes are ASCII (`[A-Za-z0-9_]`, not `\w`): JavaScript's `\w` and `\d`
// are, and a Unicode `\w` takes its regex a millisecond to compile, at every start.

/// A pattern literal of this file, compiled at first use.
#[allow(
    clippy::expect_used,
    reason = "called on this file's pattern literals only, which the tests compile"
)]
fn pattern(literal: &str) -> Regex {
    Regex::new(literal).expect("regex")
}

static DIR_BLOCK: LazyLock<Regex> = LazyLock::new(|| pattern(r"\bdir\s*:\s*\{([^}]*)\}"));
static DIR_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r#"\b(input|includes|layouts|data|output)\s*:\s*["'`]([^"'`]*)["'`]"#)
});
static TEMPLATE_FORMATS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r#"(?:templateFormats\s*:|setTemplateFormats\s*\()\s*(\[[^\]]*\]|["'`][^"'`]*["'`])"#)
});
static STRING: LazyLock<Regex> = LazyLock::new(|| pattern(r#"["'`]([^"'`]*)["'`]"#));
static LAYOUT_ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r#"addLayoutAlias\s*\(\s*["'`]([^"'`]+)["'`]\s*,\s*["'`]([^"'`]+)["'`]"#)
});
static PASSTHROUGH: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"addPassthroughCopy\s*\(\s*(\{[^}]*\}|[^,)]+)"));
static PAIR: LazyLock<Regex> =
    LazyLock::new(|| pattern(r#"["'`]?([^"'`:,{}\s]+)["'`]?\s*:\s*["'`]([^"'`]*)["'`]"#));
static SET_LIBRARY_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r#"setLibrary\s*\(\s*["'`]md["'`]\s*,\s*(?:markdownIt|require\(\s*["'`]markdown-it["'`]\s*\))\s*\(\s*(\{[^}]*\})?"#,
    )
});
static AMEND_SET: LazyLock<Regex> =
    LazyLock::new(|| pattern(r#"amendLibrary\s*\(\s*["'`]md["'`][^;]*?\.set\(\s*(\{[^}]*\})"#));
static SET_LIBRARY: LazyLock<Regex> =
    LazyLock::new(|| pattern(r#"setLibrary\s*\(\s*["'`]md["'`]\s*,\s*([A-Za-z0-9_$]+)"#));
static USE_GITIGNORE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"setUseGitIgnore\s*\(\s*false\s*\)"));
static REQUIRE_ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r#"(?:const|let|var)\s+([A-Za-z0-9_$]+)\s*=\s*require\(\s*["'`]markdown-it-anchor["'`]\s*\)|import\s+([A-Za-z0-9_$]+)\s+from\s+["'`]markdown-it-anchor["'`]"#,
    )
});
static SLUGIFY_OPTION: LazyLock<Regex> = LazyLock::new(|| pattern(r"\bslugify\s*[:,}]"));
static PLUGIN_BINDING: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r#"(?:const|let|var)\s+([A-Za-z0-9_$]+)\s*=\s*require\(\s*["'`](markdown-it-[A-Za-z0-9_-]+)["'`]\s*\)|import\s+([A-Za-z0-9_$]+)\s+from\s+["'`](markdown-it-[A-Za-z0-9_-]+)["'`]"#,
    )
});
static PAIRED_SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r#"add(?:Paired|PairedAsync|PairedNunjucks|PairedLiquid)Shortcode\s*\(\s*["'`]([A-Za-z0-9_-]+)["'`]"#,
    )
});
static ID_ATTRIBUTE_PLUGIN: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"addPlugin\s*\(\s*IdAttributePlugin"));

fn detect_config(text: &str, name: &str, settings: &mut Settings) {
    let text = &strip_comments(text);
    settings.record("eleventy.config", name, "found at the root");
    if let Some(block) = DIR_BLOCK.captures(text) {
        for entry in DIR_ENTRY.captures_iter(&block[1]) {
            let value = normalize_dir(&entry[2]);
            let eleventy = &mut settings.eleventy;
            match &entry[1] {
                "input" => eleventy.input = value.clone(),
                "includes" => eleventy.includes = value.clone(),
                "layouts" => eleventy.layouts = Some(value.clone()),
                "data" => eleventy.data = value.clone(),
                _ => eleventy.output = value.clone(),
            }
            let shown = if value.is_empty() {
                ".".to_owned()
            } else {
                value
            };
            settings.record(&format!("eleventy.dir.{}", &entry[1]), shown, name);
        }
    }
    if let Some(formats) = TEMPLATE_FORMATS.captures(text) {
        let list: Vec<String> = STRING
            .captures_iter(&formats[1])
            .flat_map(|c| {
                c[1].split(',')
                    .map(|f| f.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|f| !f.is_empty())
            .collect();
        if !list.is_empty() {
            settings.record("eleventy.template-formats", list.join(", "), name);
            settings.eleventy.template_formats = list;
        }
    }
    for alias in LAYOUT_ALIAS.captures_iter(text) {
        settings.record(
            &format!("eleventy.layout-alias.{}", &alias[1]),
            &alias[2],
            name,
        );
        settings
            .eleventy
            .layout_aliases
            .insert(alias[1].to_owned(), alias[2].to_owned());
    }
    // Collections the config computes: their members are its code's (names only, here).
    static ADD_COLLECTION: LazyLock<Regex> =
        LazyLock::new(|| pattern(r#"addCollection\(\s*["'`]([^"'`]+)["'`]"#));
    settings
        .eleventy
        .collections
        .extend(ADD_COLLECTION.captures_iter(text).map(|c| c[1].to_owned()));
    detect_passthrough(text, name, settings);
    detect_markdown(text, name, settings);
    if USE_GITIGNORE.is_match(text) {
        settings.eleventy.use_gitignore = false;
        settings.record("eleventy.use-gitignore", "false", name);
    }
}

fn detect_passthrough(text: &str, name: &str, settings: &mut Settings) {
    for call in PASSTHROUGH.captures_iter(text) {
        let arg = call[1].trim();
        if arg.starts_with('{') {
            for pair in PAIR.captures_iter(arg) {
                add_passthrough(settings, &pair[1], Some(&pair[2]), name);
            }
        } else if let Some(source) = STRING.captures(arg) {
            add_passthrough(settings, &source[1], None, name);
        } else {
            settings.notes.push(format!(
                "{name}: addPassthroughCopy({arg}) is not a literal and was not followed"
            ));
        }
    }
}

/// A passthrough copy of `from` to `to`; without a target, the input directory prefix is
/// stripped (as Eleventy does).
pub(super) fn add_passthrough(settings: &mut Settings, from: &str, to: Option<&str>, source: &str) {
    let from = normalize_dir(from);
    let target = match to {
        Some(to) => normalize_dir(to),
        None => from
            .strip_prefix(&format!("{}/", settings.eleventy.input))
            .unwrap_or(&from)
            .to_owned(),
    };
    settings.record(
        &format!("eleventy.passthrough.{from}"),
        format!("/{target}"),
        source,
    );
    settings.eleventy.passthrough.push(Passthrough {
        source: from,
        target,
    });
}

fn detect_markdown(text: &str, name: &str, settings: &mut Settings) {
    // `setLibrary("md", markdownIt({ … }))`, or through a variable.
    let set = if let Some(inline) = SET_LIBRARY_INLINE.captures(text) {
        let options = inline
            .get(1)
            .map_or(String::new(), |m| m.as_str().to_owned());
        Some((options, "setLibrary(\"md\", markdownIt(…))".to_owned()))
    } else if let Some(library) = SET_LIBRARY.captures(text) {
        let variable = &library[1];
        markdown_it_options(text, variable)
            .map(|o| (o, format!("markdown-it options of `{variable}`")))
    } else {
        None
    };
    if let Some((options, how)) = set {
        // A library set by the site starts from markdown-it's own defaults (html off).
        let markdown = &mut settings.eleventy.markdown;
        markdown.html = flag(&options, "html").unwrap_or(false);
        markdown.breaks = flag(&options, "breaks").unwrap_or(false);
        markdown.linkify = flag(&options, "linkify").unwrap_or(false);
        record_markdown(settings, format!("{name} ({how})"));
    }
    // `amendLibrary("md", md => md.set({ linkify: true }))` changes only what it names.
    if let Some(amended) = AMEND_SET.captures(text) {
        let markdown = &mut settings.eleventy.markdown;
        markdown.html = flag(&amended[1], "html").unwrap_or(markdown.html);
        markdown.breaks = flag(&amended[1], "breaks").unwrap_or(markdown.breaks);
        markdown.linkify = flag(&amended[1], "linkify").unwrap_or(markdown.linkify);
        record_markdown(settings, format!("{name} (amendLibrary … .set(…))"));
    }
    let anchor = REQUIRE_ANCHOR
        .captures(text)
        .and_then(|c| c.get(1).or_else(|| c.get(2)).map(|m| m.as_str().to_owned()));
    if let Some(anchor) = anchor {
        let used = Regex::new(&format!(
            r"\.use\(\s*{}\s*(,\s*\{{[^}}]*)?",
            regex::escape(&anchor)
        ))
        .ok()
        .and_then(|re| {
            re.captures(text)
                .map(|c| c.get(1).map_or(String::new(), |m| m.as_str().to_owned()))
        });
        match used {
            Some(options) => {
                let eleventy_slugify = options.contains("getFilter(\"slugify\")")
                    || options.contains("getFilter('slugify')");
                let slugify = match (eleventy_slugify, SLUGIFY_OPTION.is_match(&options)) {
                    (true, _) => AnchorProfile::EleventySlugify,
                    (false, true) => AnchorProfile::SiteSlugify,
                    (false, false) => AnchorProfile::MarkdownItAnchor,
                };
                record_anchors(
                    settings,
                    slugify,
                    anchor_levels(&options),
                    &format!("{name} (.use({anchor}))"),
                );
            }
            None => settings.record(
                "markdown.anchors",
                "none",
                format!("{name} (markdown-it-anchor is required but never .use()d)"),
            ),
        }
    } else if ID_ATTRIBUTE_PLUGIN.is_match(text) {
        settings.eleventy.anchors = AnchorProfile::IdAttribute;
        settings.record(
            "markdown.anchors",
            AnchorProfile::IdAttribute.as_str(),
            format!("{name} (IdAttributePlugin)"),
        );
    }
    detect_markdown_plugins(text, name, settings);
}

/// The markdown-it plugins a config `require`s or imports and then `.use()`s (with
/// markdown-it-container's name), and its paired shortcodes that output code.
fn detect_markdown_plugins(text: &str, name: &str, settings: &mut Settings) {
    let mut plugins = MarkdownPlugins::default();
    for binding in PLUGIN_BINDING.captures_iter(text) {
        let (Some(variable), Some(package)) = (
            binding.get(1).or_else(|| binding.get(3)),
            binding.get(2).or_else(|| binding.get(4)),
        ) else {
            continue;
        };
        let Ok(used) = Regex::new(&format!(
            r#"\.use\(\s*{}\s*(?:,\s*["'`]([A-Za-z0-9_-]+)["'`])?"#,
            regex::escape(variable.as_str())
        )) else {
            continue;
        };
        for call in used.captures_iter(text) {
            plugins.add(package.as_str(), call.get(1).map(|m| m.as_str()));
        }
    }
    if plugins != MarkdownPlugins::default() {
        settings.record("markdown.plugins", plugins.summary(), name);
        settings.eleventy.markdown_plugins = plugins;
    }
    for shortcode in PAIRED_SHORTCODE.captures_iter(text) {
        add_code_shortcode(settings, &shortcode[1], name);
    }
}

/// Keeps a paired shortcode of the site's that, by its name, outputs code.
pub(super) fn add_code_shortcode(settings: &mut Settings, shortcode: &str, source: &str) {
    let lower = shortcode.to_ascii_lowercase();
    let code_like = ["code", "highlight", "prism", "shiki", "syntax", "snippet"]
        .iter()
        .any(|word| lower.contains(word));
    if code_like
        && !settings
            .eleventy
            .code_shortcodes
            .iter()
            .any(|c| c == shortcode)
    {
        settings.record(
            &format!("eleventy.code-shortcode.{shortcode}"),
            "content is code",
            source,
        );
        settings.eleventy.code_shortcodes.push(shortcode.to_owned());
    }
}

/// markdown-it-anchor's `level` option: a number is the lowest level given an id, a list
/// the exact levels.
fn anchor_levels(options: &str) -> Option<Vec<u8>> {
    let captures = ANCHOR_LEVEL.captures(options)?;
    if let Some(list) = captures.get(1) {
        let levels: Vec<u8> = list
            .as_str()
            .split(',')
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        return (!levels.is_empty()).then_some(levels);
    }
    let lowest: u8 = captures.get(2)?.as_str().parse().ok()?;
    Some((lowest..=6).collect())
}

static ANCHOR_LEVEL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"\blevel\s*:\s*(?:\[([0-9,\s]*)\]|([0-9]))"));

/// The value of a `key: true|false` option in an object literal's text.
fn flag(options: &str, key: &str) -> Option<bool> {
    Regex::new(&format!(r"\b{key}\s*:\s*(true|false)"))
        .ok()
        .and_then(|re| re.captures(options).map(|c| &c[1] == "true"))
}

/// markdown-it-anchor is used: with its own `slugify`, Eleventy's or the site's, on these
/// levels.
pub(super) fn record_anchors(
    settings: &mut Settings,
    profile: AnchorProfile,
    levels: Option<Vec<u8>>,
    source: &str,
) {
    settings.eleventy.anchors = profile;
    settings.record("markdown.anchors", profile.as_str(), source);
    if let Some(levels) = levels {
        let shown: Vec<String> = levels.iter().map(u8::to_string).collect();
        settings.record("markdown.anchor-levels", shown.join(", "), source);
        settings.eleventy.anchor_levels = levels;
    }
}

fn record_markdown(settings: &mut Settings, source: String) {
    let m = settings.eleventy.markdown;
    let summary = format!(
        "html: {}, breaks: {}, linkify: {}",
        m.html, m.breaks, m.linkify
    );
    settings.record("markdown", summary, source);
}

/// The text of the options object passed to the `markdownIt(...)` call bound to `variable`.
fn markdown_it_options(text: &str, variable: &str) -> Option<String> {
    let binding = Regex::new(&format!(
        r"(?:const|let|var)\s+{}\s*=\s*(?:markdownIt|require\(\s*['\x22]markdown-it['\x22]\s*\))\s*\(\s*(\{{[^}}]*\}}|[A-Za-z0-9_$]+)?",
        regex::escape(variable)
    ))
    .ok()?;
    let argument = binding
        .captures(text)?
        .get(1)
        .map_or(String::new(), |m| m.as_str().to_owned());
    if argument.starts_with('{') || argument.is_empty() {
        return Some(argument);
    }
    // The options are in a variable of their own: `let options = { … }`.
    let options = Regex::new(&format!(
        r"(?:const|let|var)\s+{}\s*=\s*(\{{[^}}]*\}})",
        regex::escape(&argument)
    ))
    .ok()?;
    options.captures(text).map(|c| c[1].to_owned())
}

/// Whether detection reads the file at `path` (relative to the root): what must be read
/// before the settings are known.
pub fn reads(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    CONFIG_FILES.contains(&path)
        || crate::js::readable(path)
        || path == "package.json"
        || name == ".gitignore"
        || name == ".eleventyignore"
}

/// Joins two relative directories, resolving `.` and `..` segments lexically.
pub fn join_dirs(base: &str, rel: &str) -> String {
    normalize_dir(&format!("{base}/{rel}"))
}

/// `./src/` → `src`, `.` → ``, `a/../b` → `b`; a leading `..` is kept (`../_includes`).
pub fn normalize_dir(dir: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in dir.trim().split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Removes `//` and `/* */` comments, keeping strings intact (enough for config files).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"' | '\'' | '`', _) => {
                quote = Some(c);
                out.push(c);
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMUNS_LIKE: &str = r#"
const markdownIt = require("markdown-it");
const markdownItAnchor = require("markdown-it-anchor");
const markdown = require('markdown-it')({ html: true })
module.exports = function(eleventyConfig) {
  eleventyConfig.addLayoutAlias("post", "layouts/post.njk");
  eleventyConfig.addPassthroughCopy({
    'img': 'img',
    'css': 'css'
  });
  let markdownLibrary = markdownIt({
    html: true,
    breaks: true,
    linkify: true
  });
  eleventyConfig.setLibrary("md", markdownLibrary);
  return {
    templateFormats: ["md", "njk"],
    // pathPrefix: "/",
    dir: { input: ".", includes: "_includes", data: "_data", output: "_site" }
  };
};
"#;

    fn detected(text: &str) -> Settings {
        let mut settings = Settings::default();
        detect_config(text, ".eleventy.js", &mut settings);
        settings
    }

    #[test]
    fn reads_the_communs_style_config() {
        let eleventy = detected(COMMUNS_LIKE).eleventy;
        assert_eq!(eleventy.input, "");
        assert_eq!(eleventy.template_formats, ["md", "njk"]);
        assert_eq!(eleventy.layout_aliases["post"], "layouts/post.njk");
        assert_eq!(eleventy.passthrough.len(), 2);
        assert!(eleventy.markdown.linkify && eleventy.markdown.breaks && eleventy.markdown.html);
        assert_eq!(eleventy.anchors, AnchorProfile::None);
    }

    #[test]
    fn anchor_plugin_counts_only_when_used() {
        let text = r#"const anchor = require("markdown-it-anchor");
            eleventyConfig.amendLibrary("md", md => md.use(anchor, { slugify: eleventyConfig.getFilter("slugify") }));"#;
        assert_eq!(
            detected(text).eleventy.anchors,
            AnchorProfile::EleventySlugify
        );
    }

    #[test]
    fn anchor_levels_are_read() {
        let text = r#"const anchor = require("markdown-it-anchor");
            md.use(anchor, { level: [1, 2, 3, 4], slugify: eleventyConfig.getFilter("slugify") });"#;
        assert_eq!(detected(text).eleventy.anchor_levels, [1, 2, 3, 4]);
        let text = r#"const anchor = require("markdown-it-anchor"); md.use(anchor, { level: 2 });"#;
        assert_eq!(detected(text).eleventy.anchor_levels, [2, 3, 4, 5, 6]);
    }

    #[test]
    fn dirs_keep_parent_segments() {
        let settings = detected(
            r#"return { dir: { input: "content", includes: "../_includes", output: "_site" } }"#,
        );
        assert_eq!(settings.eleventy.input, "content");
        assert_eq!(settings.eleventy.includes, "../_includes");
    }

    #[test]
    fn options_in_a_variable_are_followed() {
        let text = r#"let options = { html: true, linkify: true };
            let md = markdownIt(options);
            eleventyConfig.setLibrary("md", md);"#;
        let markdown = detected(text).eleventy.markdown;
        assert!(markdown.linkify && markdown.html && !markdown.breaks);
    }

    #[test]
    fn inline_library_and_amended_options_are_read() {
        let inline = detected(
            r#"eleventyConfig.setLibrary("md", markdownIt({ html: true, linkify: true }));"#,
        );
        assert!(inline.eleventy.markdown.linkify && !inline.eleventy.markdown.breaks);
        let amended =
            detected(r#"eleventyConfig.amendLibrary("md", (md) => md.set({ breaks: true }));"#);
        let markdown = amended.eleventy.markdown;
        // Eleventy's own library keeps `html: true`; only `breaks` changes.
        assert!(markdown.html && markdown.breaks && !markdown.linkify);
    }

    #[test]
    fn major_versions() {
        assert_eq!(major_version("^1.0.1"), Some(1));
        assert_eq!(major_version("~0.3.2"), Some(0));
        assert_eq!(major_version(">=3.0.0-alpha.1"), Some(3));
    }

    #[test]
    fn markdown_plugins_and_code_shortcodes_are_read_from_the_text() {
        let text = r#"
const markdownItAttrs = require("markdown-it-attrs");
const markdownItContainer = require("markdown-it-container");
import footnote from "markdown-it-footnote";
const markdownItDeflist = require("markdown-it-deflist");
module.exports = function (c) {
  c.amendLibrary("md", (md) => md.use(markdownItAttrs).use(footnote));
  c.amendLibrary("md", (md) => md.use(markdownItContainer, 'callout', {}));
  c.amendLibrary("md", (md) => md.use(markdownItContainer, "alert"));
  c.addPairedShortcode("codeExample", (content) => content);
  c.addPairedShortcode("note", (content) => content);
};
"#;
        let eleventy = detected(text).eleventy;
        let plugins = eleventy.markdown_plugins;
        assert!(plugins.attrs && plugins.footnote);
        // Required but never `.use()`d: not used.
        assert!(!plugins.deflist);
        assert_eq!(plugins.containers, ["callout", "alert"]);
        assert_eq!(eleventy.code_shortcodes, ["codeExample"]);
        assert_eq!(
            detected("").eleventy.markdown_plugins,
            MarkdownPlugins::default()
        );
    }

    #[test]
    fn a_slugify_of_the_site_makes_heading_ids_unknown() {
        let text = "const anchor = require(\"markdown-it-anchor\");\nmodule.exports = (c) => { c.amendLibrary(\"md\", (md) => md.use(anchor, { slugify: (s) => s.toUpperCase() })); };\n";
        assert_eq!(detected(text).eleventy.anchors, AnchorProfile::SiteSlugify);
    }
}
