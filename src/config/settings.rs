//! Resolved settings: what vigie believes about the site (detected from its own files, then
//! overridden by `vigie.toml`), each value with where it came from.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use crate::diagnostic::Severity;

/// How Markdown headings get their `id`s on this site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorProfile {
    /// No anchor plugin is enabled: headings have no id.
    None,
    /// markdown-it-anchor with its default slugify (`encodeURIComponent`).
    MarkdownItAnchor,
    /// markdown-it-anchor with Eleventy's `slugify` filter.
    EleventySlugify,
    /// GitHub-style slugs.
    Github,
    /// Eleventy 3's IdAttributePlugin: Eleventy's `slugify` on every h1–h6 without an id,
    /// a repeated id numbered `-2`, `-3` … (its own scheme, not markdown-it-anchor's).
    IdAttribute,
    /// markdown-it-anchor with a `slugify` function of the site's own, which vigie does
    /// not run: headings have ids vigie cannot know.
    SiteSlugify,
}

impl AnchorProfile {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorProfile::None => "none",
            AnchorProfile::MarkdownItAnchor => "markdown-it-anchor",
            AnchorProfile::EleventySlugify => "eleventy-slugify",
            AnchorProfile::Github => "github",
            AnchorProfile::IdAttribute => "id-attribute",
            AnchorProfile::SiteSlugify => "site-slugify",
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

/// The markdown-it plugins the site `.use()`s that change what a page's ids and links are
/// (markdown-it-anchor is `Eleventy::anchors`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownPlugins {
    /// markdown-it-attrs: `{#id .class key=val}` after headings, links, images, blocks.
    pub attrs: bool,
    /// markdown-it-footnote: `[^1]` references and definitions, ids `fn1`, `fnref1` ….
    pub footnote: bool,
    /// markdown-it-deflist: `Term` then `: definition`.
    pub deflist: bool,
    /// markdown-it-container's names (`callout` for `::: callout` … `:::`).
    pub containers: Vec<String>,
}

impl MarkdownPlugins {
    /// Takes note of the plugin `name` used with `options` (the first arguments after the
    /// plugin: markdown-it-container's name).
    pub fn add(&mut self, name: &str, container: Option<&str>) {
        match name {
            "markdown-it-attrs" => self.attrs = true,
            "markdown-it-footnote" => self.footnote = true,
            "markdown-it-deflist" => self.deflist = true,
            "markdown-it-container" => {
                if let Some(container) =
                    container.filter(|c| !self.containers.iter().any(|k| k == c))
                {
                    self.containers.push(container.to_owned());
                }
            }
            _ => {}
        }
    }

    /// Shown by `vigie check --verbose`.
    pub fn summary(&self) -> String {
        let mut used: Vec<String> = Vec::new();
        for (on, name) in [
            (self.attrs, "markdown-it-attrs"),
            (self.footnote, "markdown-it-footnote"),
            (self.deflist, "markdown-it-deflist"),
        ] {
            if on {
                used.push(name.to_owned());
            }
        }
        if !self.containers.is_empty() {
            used.push(format!(
                "markdown-it-container ({})",
                self.containers.join(", ")
            ));
        }
        used.join(", ")
    }
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
    pub markdown_plugins: MarkdownPlugins,
    /// Paired shortcodes of the site's that output code (`addPairedShortcode("code", …)`):
    /// their content is not markup. The syntax highlighter's `highlight` always is.
    pub code_shortcodes: Vec<String>,
    /// The public URL of the site (`https://example.org`), for absolute self links.
    pub site_url: Option<String>,
    pub use_gitignore: bool,
    /// The official plugins the config adds, by their export name
    /// (`InputPathToUrlTransformPlugin`, `eleventyImageTransformPlugin` …).
    pub plugins: Vec<String>,
    /// Globs the config adds to Eleventy's ignores (`eleventyConfig.ignores.add`),
    /// relative to the root.
    pub ignores: Vec<String>,
    /// The templates the config or its plugins add (the RSS plugin's feeds): their path
    /// relative to the input directory, and their permalink.
    pub virtual_outputs: Vec<(String, String)>,
    /// File extensions the config adds for data files (`addDataExtension("yaml", …)`).
    pub data_extensions: Vec<String>,
    /// Whether the config was run by the JavaScript engine (rather than read as text).
    pub config_evaluated: bool,
    /// Whether the config adds global data or preprocessors (`addGlobalData`,
    /// `addPreprocessor`): what pages' data is depends on running it.
    pub config_data: bool,
    /// The collections the config defines (`addCollection`): their members are its code's.
    pub collections: Vec<String>,
}

impl Eleventy {
    /// Whether the config adds the official plugin exported as `name`.
    pub fn has_plugin(&self, name: &str) -> bool {
        self.plugins.iter().any(|p| p == name)
    }
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
            markdown_plugins: MarkdownPlugins::default(),
            code_shortcodes: Vec::new(),
            site_url: None,
            use_gitignore: true,
            plugins: Vec::new(),
            ignores: Vec::new(),
            virtual_outputs: Vec::new(),
            data_extensions: Vec::new(),
            config_evaluated: false,
            config_data: false,
            collections: Vec::new(),
        }
    }
}

/// A file of the site's JavaScript that vigie's engine could not run: the finding
/// `site/javascript-failed` reports it at the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsFailure {
    /// Relative to the root.
    pub file: String,
    pub reason: String,
    /// What vigie did instead (read the file as text, left its values unknown …).
    pub fallback: String,
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
    /// The site's JavaScript files that could not be run.
    pub js_failures: Vec<JsFailure>,
    /// How external links are checked over HTTP (`[external]`, then the command line).
    pub external: ExternalSettings,
    /// The bounds on what one file can make vigie do (`[limits]`).
    pub limits: super::limits::Limits,
}

/// A rewrite applied to a URL before it is requested: `pattern` replaced by `replacement`
/// (`$1` groups). Tests route real host names to a local server with it.
#[derive(Debug, Clone)]
pub struct Remap {
    pub pattern: regex::Regex,
    pub replacement: String,
}

impl Remap {
    /// Parses `'REGEX REPLACEMENT'` (separated by whitespace).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let Some((pattern, replacement)) = text.split_once(char::is_whitespace) else {
            return Err(format!(
                "`{text}` is not `REGEX REPLACEMENT` (two parts separated by a space)"
            ));
        };
        let pattern = regex::Regex::new(pattern)
            .map_err(|e| format!("`{pattern}` is not a valid regex: {e}"))?;
        Ok(Self {
            pattern,
            replacement: replacement.trim().to_owned(),
        })
    }
}

/// External link checking, resolved from `[external]` and the command line.
#[derive(Debug, Clone)]
pub struct ExternalSettings {
    /// Never open a socket: only offline checks run.
    pub offline: bool,
    /// Per request (connect, headers).
    pub timeout: Duration,
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    /// Tried in order; the first that matches rewrites the URL.
    pub remap: Vec<Remap>,
    /// Where successes are remembered between runs.
    pub cache_file: CacheFile,
    /// How long a cached success is trusted.
    pub max_cache_age: Duration,
    /// Connect to loopback, private and link-local addresses too.
    pub allow_private: bool,
    /// Retries after a timeout, a reset, a 5xx or a 429.
    pub max_retries: u32,
    /// First wait before a retry; doubled each time, with jitter.
    pub retry_wait: Duration,
    /// Longest `Retry-After` honoured.
    pub max_retry_after: Duration,
    /// URLs never requested (regexes).
    pub exclude: Vec<regex::Regex>,
    /// Fetch the real titles of embedded decks (oEmbed) to compare with iframe titles.
    pub embed_titles: bool,
}

/// Where successes are remembered between runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheFile {
    /// One file in the user's cache folder, shared by every site, so that vigie writes
    /// nothing in a site's repository (the HTTP edge finds the folder).
    UserCache,
    /// This file (relative: to the site's root).
    At(PathBuf),
    /// No cache.
    Off,
}

impl Default for ExternalSettings {
    fn default() -> Self {
        Self {
            offline: false,
            timeout: Duration::from_secs(20),
            max_concurrency: 32,
            remap: Vec::new(),
            cache_file: CacheFile::UserCache,
            max_cache_age: Duration::from_secs(24 * 3600),
            allow_private: false,
            max_retries: 2,
            retry_wait: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
            exclude: Vec::new(),
            embed_titles: false,
        }
    }
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

/// Applies `[external]` of vigie.toml; an error is `(text to point at, message)`.
pub fn apply_external(
    settings: &mut Settings,
    options: super::options::ExternalOptions,
) -> Result<(), (String, String)> {
    let from = super::CONFIG_FILE;
    let seconds = |value: f64, name: &str| {
        if value.is_finite() && value >= 0.0 {
            Ok(Duration::from_secs_f64(value))
        } else {
            Err((
                name.to_owned(),
                format!("`{name}` must be a number of seconds"),
            ))
        }
    };
    let mut set: Vec<(&str, String)> = Vec::new();
    let e = &mut settings.external;
    if let Some(offline) = options.offline {
        e.offline = offline;
        set.push(("external.offline", offline.to_string()));
    }
    if let Some(timeout) = options.timeout {
        e.timeout = seconds(timeout, "timeout")?;
        set.push(("external.timeout", format!("{timeout} s")));
    }
    if let Some(max) = options.max_concurrency {
        e.max_concurrency = max.max(1);
        set.push(("external.max-concurrency", max.to_string()));
    }
    let remaps = options.remap.unwrap_or_default();
    for text in &remaps {
        let remap = Remap::parse(text).map_err(|message| (text.clone(), message))?;
        e.remap.push(remap);
    }
    if !remaps.is_empty() {
        set.push(("external.remap", remaps.join(" ; ")));
    }
    if let Some(file) = options.cache_file {
        if let Some(why) = outside_root(&file) {
            return Err((
                file.clone(),
                format!(
                    "`cache-file` must stay inside the site, and `{file}` {why} (vigie.toml is \
                     content any commit may change; `--cache-file` on the command line may name \
                     any file)"
                ),
            ));
        }
        e.cache_file = CacheFile::At(PathBuf::from(&file));
        set.push(("external.cache-file", file));
    }
    if options.cache == Some(false) {
        e.cache_file = CacheFile::Off;
        set.push(("external.cache", "false".into()));
    }
    if let Some(hours) = options.max_cache_age_hours {
        e.max_cache_age = seconds(hours * 3600.0, "max-cache-age-hours")?;
        set.push(("external.max-cache-age-hours", hours.to_string()));
    }
    if let Some(allow) = options.allow_private {
        e.allow_private = allow;
        set.push(("external.allow-private", allow.to_string()));
    }
    if let Some(retries) = options.max_retries {
        e.max_retries = retries;
        set.push(("external.max-retries", retries.to_string()));
    }
    if let Some(wait) = options.retry_wait {
        e.retry_wait = seconds(wait, "retry-wait")?;
        set.push(("external.retry-wait", format!("{wait} s")));
    }
    if let Some(cap) = options.max_retry_after {
        e.max_retry_after = seconds(cap, "max-retry-after")?;
        set.push(("external.max-retry-after", format!("{cap} s")));
    }
    let excludes = options.exclude.unwrap_or_default();
    for pattern in &excludes {
        let regex = regex::Regex::new(pattern).map_err(|err| {
            (
                pattern.clone(),
                format!("`{pattern}` is not a valid regex: {err}"),
            )
        })?;
        e.exclude.push(regex);
    }
    if !excludes.is_empty() {
        set.push(("external.exclude", excludes.join(" ; ")));
    }
    if let Some(titles) = options.embed_titles {
        e.embed_titles = titles;
        set.push(("external.embed-titles", titles.to_string()));
    }
    for (setting, value) in set {
        settings.record(setting, value, from);
    }
    Ok(())
}

/// Why `path`, relative to the site's root, names a file outside it: absolute (`/…`, `\\…`,
/// `C:…`), or more `..` than folders before them. `\\` separates too, as on Windows, where
/// the same vigie.toml may be checked.
fn outside_root(path: &str) -> Option<&'static str> {
    let drive = matches!(path.as_bytes(), [letter, b':', ..] if letter.is_ascii_alphabetic());
    if drive || path.starts_with(['/', '\\']) || std::path::Path::new(path).is_absolute() {
        return Some("is an absolute path");
    }
    let mut depth = 0usize;
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return Some("climbs out of the site's root"),
            ".." => depth -= 1,
            // Git's own files: the cache's JSON would overwrite the repository's config.
            part if part.eq_ignore_ascii_case(".git") => return Some("is inside `.git`"),
            _ => depth += 1,
        }
    }
    None
}

/// Command-line values that win over `[external]` of vigie.toml.
#[derive(Debug, Clone, Default)]
pub struct ExternalOverrides {
    pub offline: bool,
    pub timeout: Option<Duration>,
    pub max_concurrency: Option<usize>,
    /// Tried before those of vigie.toml.
    pub remap: Vec<Remap>,
    pub cache_file: Option<PathBuf>,
    pub no_cache: bool,
    pub allow_private: bool,
    pub embed_titles: bool,
}

impl ExternalOverrides {
    pub fn apply(&self, settings: &mut Settings) {
        let from = "command line";
        let e = &mut settings.external;
        let mut set: Vec<(&str, String)> = Vec::new();
        if self.offline {
            e.offline = true;
            set.push(("external.offline", "true".into()));
        }
        if let Some(timeout) = self.timeout {
            e.timeout = timeout;
            set.push(("external.timeout", format!("{} s", timeout.as_secs_f64())));
        }
        if let Some(max) = self.max_concurrency {
            e.max_concurrency = max.max(1);
            set.push(("external.max-concurrency", max.to_string()));
        }
        if !self.remap.is_empty() {
            let mut remap = self.remap.clone();
            remap.append(&mut e.remap);
            e.remap = remap;
            let shown: Vec<String> = self
                .remap
                .iter()
                .map(|r| format!("{} {}", r.pattern, r.replacement))
                .collect();
            set.push(("external.remap", shown.join(" ; ")));
        }
        if let Some(file) = &self.cache_file {
            e.cache_file = CacheFile::At(file.clone());
            set.push(("external.cache-file", file.display().to_string()));
        }
        if self.no_cache {
            e.cache_file = CacheFile::Off;
            set.push(("external.cache", "false".into()));
        }
        if self.allow_private {
            e.allow_private = true;
            set.push(("external.allow-private", "true".into()));
        }
        if self.embed_titles {
            e.embed_titles = true;
            set.push(("external.embed-titles", "true".into()));
        }
        for (setting, value) in set {
            settings.record(setting, value, from);
        }
    }
}

#[cfg(test)]
mod external_tests {
    use super::*;
    use crate::testing::inputs;

    #[test]
    fn external_options_come_from_vigie_toml_then_the_command_line() {
        let inputs = inputs(&[(
            "vigie.toml",
            "[external]\ntimeout = 5\nmax-concurrency = 4\nremap = ['^https://a\\.fr/(.*)$ https://b.fr/$1']\ncache = false\nexclude = ['linkedin']\n",
        )]);
        let mut settings = crate::config::load(&inputs).unwrap().settings;
        let e = &settings.external;
        assert_eq!(e.timeout, Duration::from_secs(5));
        assert_eq!(e.max_concurrency, 4);
        assert_eq!(e.cache_file, CacheFile::Off);
        assert_eq!(e.remap.len(), 1);
        assert_eq!(e.exclude.len(), 1);
        let overrides = ExternalOverrides {
            timeout: Some(Duration::from_millis(300)),
            remap: vec![Remap::parse("^https://c\\.fr/ http://127.0.0.1:1/").unwrap()],
            ..ExternalOverrides::default()
        };
        overrides.apply(&mut settings);
        let e = &settings.external;
        assert_eq!(e.timeout, Duration::from_millis(300));
        assert_eq!(e.remap[0].replacement, "http://127.0.0.1:1/");
        assert_eq!(e.remap.len(), 2);
        let timeout = settings
            .provenance
            .iter()
            .find(|p| p.setting == "external.timeout")
            .unwrap();
        assert_eq!(timeout.source, "command line");
    }

    #[test]
    fn a_cache_file_in_vigie_toml_stays_inside_the_site() {
        // A backslash is itself in a literal string (`'…'`); only a `"…"` string gets a span.
        for (file, at) in [
            ("\"/home/u/.bashrc\"", Some(24)),
            ("\"../../x\"", Some(24)),
            ("\"cache/../../x.json\"", Some(24)),
            ("'..\\x.json'", None),
            ("'\\\\server\\x.json'", None),
            ("\"C:x.json\"", Some(24)),
            ("\".git/config\"", Some(24)),
            ("\"a/.GIT/x\"", Some(24)),
        ] {
            let text = format!("[external]\ncache-file = {file}\n");
            let Err(crate::error::Error::Config { span, message, .. }) =
                crate::config::load(&inputs(&[("vigie.toml", &text)]))
            else {
                panic!("{file} is refused");
            };
            assert!(message.contains("inside the site"), "{message}");
            assert_eq!(span.map(|s| s.offset()), at, "{file}");
        }
        for file in ["cache/links.json", "./a/../links.json", ".cache.json"] {
            let text = format!("[external]\ncache-file = \"{file}\"\n");
            let settings = crate::config::load(&inputs(&[("vigie.toml", &text)]))
                .unwrap()
                .settings;
            assert_eq!(settings.external.cache_file, CacheFile::At(file.into()));
        }
        // The command line may name any file.
        let mut settings = crate::config::load(&inputs(&[])).unwrap().settings;
        let overrides = ExternalOverrides {
            cache_file: Some("/var/cache/liens.json".into()),
            ..ExternalOverrides::default()
        };
        overrides.apply(&mut settings);
        let wanted = CacheFile::At("/var/cache/liens.json".into());
        assert_eq!(settings.external.cache_file, wanted);
    }

    #[test]
    fn a_bad_remap_in_vigie_toml_is_a_config_error() {
        let inputs = inputs(&[("vigie.toml", "[external]\nremap = [\"([ x\"]\n")]);
        assert!(matches!(
            crate::config::load(&inputs),
            Err(crate::error::Error::Config { .. })
        ));
    }
}
