//! The site's JavaScript data, run by the engine: `*.11tydata.js` and `_data/*.js` files and
//! `---js` front matter become data of the cascade; then every page's computed data,
//! pagination and permalink are computed as Eleventy does (`js/data.js`), and each page gets
//! its outputs. Where a file cannot run, its values stay unknown and a `JsFailure` says why.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value as Json, json};

use super::model::{DataContent, DataFile, LayerSource, Output, Page};
use super::url::{self, PathFacts};
use crate::config::eleventy::join_dirs;
use crate::config::{JsFailure, Settings};
use crate::js::{Engine, Failure, Files, Host, Limits, Model};
use crate::parse::front_matter::FrontMatter;
use crate::parse::yaml::{Value, YamlDate, YamlNode};
use crate::source::Inputs;
use crate::source::file::floor_char_boundary;

/// Whether the site has JavaScript that decides its data or URLs.
pub fn needed(settings: &Settings, data_files: &[DataFile], pages: &[Page]) -> bool {
    settings.eleventy.config_data
        || data_files
            .iter()
            .any(|d| matches!(d.content, DataContent::Script { .. }))
        || pages.iter().any(|p| {
            js_front_matter(p).is_some()
                || p.data.get("pagination").is_some()
                || p.data.get("eleventyComputed").is_some()
                || p.data
                    .get("permalink")
                    .and_then(|(v, _)| v.as_str())
                    .is_some_and(|t| t.contains('|') || t.contains("{%"))
        })
}

/// The engine, with the site's config run again so that its filters, collections and
/// global data are live. None (and a failure recorded) when it cannot start.
pub fn start(inputs: &Inputs, settings: &mut Settings) -> Option<Engine> {
    let version = settings.eleventy.version;
    let host = Host {
        files: Files::of(inputs),
        slugify: Some(Box::new(move |text| {
            crate::parse::slug::eleventy_slugify(text, version)
        })),
        version,
    };
    let config = config_file(settings);
    let limits = Limits {
        time: settings.limits.javascript_time,
        memory: settings.limits.javascript_memory,
        ..Limits::default()
    };
    let started = Engine::new(host, limits, Model::Site).and_then(|engine| {
        engine.call("evaluateConfig", &json!({ "path": config }))?;
        Ok(engine)
    });
    match started {
        Ok(engine) => Some(engine),
        Err(failure) => {
            settings.js_failures.push(JsFailure {
                file: config.unwrap_or_default(),
                reason: failure.to_string(),
                fallback: "JavaScript data, computed data and pagination were not run".into(),
            });
            None
        }
    }
}

/// The config file the engine ran (none when there is none, or it could not run).
fn config_file(settings: &Settings) -> Option<String> {
    let config = settings
        .provenance
        .iter()
        .find(|p| p.setting == "eleventy.config")?;
    settings
        .eleventy
        .config_evaluated
        .then(|| config.value.clone())
}

/// Runs every JavaScript data file; each one that gives a value becomes data vigie reads.
pub fn load_data_files(engine: &Engine, data_files: &mut [DataFile], settings: &mut Settings) {
    for data in data_files.iter_mut() {
        let DataContent::Script { evaluated } = &mut data.content else {
            continue;
        };
        // A format of `addDataExtension` goes to the site's parser as text.
        let script = [".js", ".cjs", ".mjs"]
            .iter()
            .any(|e| data.file.rel.ends_with(e));
        let text = (!script).then_some(&*data.file.text);
        match engine.call(
            "loadDataFile",
            &json!({ "path": data.file.rel, "text": text }),
        ) {
            Ok(answer) => {
                let value = answer.get("value").unwrap_or(&Json::Null);
                let mut node = to_yaml(value, &data.file.text, 0);
                if !node.is_map() {
                    node = YamlNode {
                        value: Value::Map(Vec::new()),
                        span: 0..0,
                    };
                }
                *evaluated = Some(Arc::new(node));
                settings
                    .notes
                    .push(format!("{}: JavaScript data, run", data.file.rel));
            }
            Err(failure) => settings.js_failures.push(failed(&data.file.rel, &failure)),
        }
    }
}

/// The text of a page's `---js` front matter, if it has one.
pub fn js_front_matter(page: &Page) -> Option<&str> {
    let FrontMatter::Unevaluated { language, open } = &page.split.front_matter else {
        return None;
    };
    if language != "js" && language != "javascript" {
        return None;
    }
    let head = page.file.text.get(open.end..page.split.body.start)?;
    Some(head.rsplit_once("---").map_or(head, |(js, _)| js))
}

/// Runs `---js` front matter; its value becomes the page's front matter layer.
pub fn load_front_matter(engine: &Engine, page: &mut Page, settings: &mut Settings) -> bool {
    let Some(text) = js_front_matter(page) else {
        return false;
    };
    let FrontMatter::Unevaluated { open, .. } = &page.split.front_matter else {
        return false;
    };
    let start = open.start;
    match engine.call(
        "evalFrontMatter",
        &json!({ "id": page.file.rel, "text": text }),
    ) {
        Ok(answer) => {
            let value = answer.get("value").unwrap_or(&Json::Null);
            let node = to_yaml(value, &page.file.text, start);
            if node.is_map() {
                page.data.layers.insert(
                    0,
                    super::model::Layer {
                        origin: LayerSource::FrontMatter,
                        data: Arc::new(node),
                    },
                );
            }
            true
        }
        Err(failure) => {
            settings.js_failures.push(failed(&page.file.rel, &failure));
            false
        }
    }
}

fn failed(file: &str, failure: &Failure) -> JsFailure {
    JsFailure {
        file: file.to_owned(),
        reason: failure.to_string(),
        fallback: "its values are unknown to vigie".into(),
    }
}

/// Computes every page's data and outputs in the engine, and sets them on the pages.
pub fn compute_pages(
    engine: &Engine,
    pages: &mut [Page],
    data_files: &[DataFile],
    global_first: usize,
    settings: &mut Settings,
    evaluated_front_matter: &[bool],
) {
    let version = settings.eleventy.version;
    let eleventy = &settings.eleventy;
    let data_dir = join_dirs(&eleventy.input, &eleventy.data);
    let (local_data, global_data) = data_files
        .split_at_checked(global_first)
        .unwrap_or((data_files, &[]));
    let global: Vec<Json> = global_data
        .iter()
        .rev()
        .map(|d| global_layer(d, &data_dir))
        .collect();
    let input = &eleventy.input;
    let i18n = eleventy.has_plugin("I18nPlugin");
    let argument_pages: Vec<Json> = pages
        .iter()
        .enumerate()
        .map(|(id, page)| {
            page_argument(
                id,
                page,
                local_data,
                input,
                i18n,
                evaluated_front_matter.get(id) == Some(&true),
                version,
            )
        })
        .collect();
    let per_page = Duration::from_millis(20) * u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let time = engine.limits().time + per_page;
    let answer = match engine.call_within(
        "computePages",
        &json!({ "global": global, "pages": argument_pages }),
        time,
    ) {
        Ok(answer) => answer,
        Err(failure) => {
            // What JavaScript would have decided stays unknown (never the static guess);
            // global JavaScript data reaches every page.
            let reason = format!("computing the pages' data: {failure}");
            let global_scripts = global_data
                .iter()
                .any(|d| matches!(d.content, DataContent::Script { .. }));
            for page in pages
                .iter_mut()
                .filter(|p| global_scripts || depends_on_javascript(p, data_files))
            {
                page.output = Output::Unknown {
                    reason: format!("{}: {reason}", page.file.rel),
                };
            }
            let file = config_file(settings).or_else(|| {
                data_files
                    .iter()
                    .find(|d| matches!(d.content, DataContent::Script { .. }))
                    .map(|d| d.file.rel.clone())
            });
            match file {
                Some(file) => settings.js_failures.push(JsFailure {
                    file,
                    reason,
                    fallback: "the URLs that depend on JavaScript are unknown".into(),
                }),
                None => settings.notes.push(reason),
            }
            return;
        }
    };
    for (name, reason) in answer
        .get("collectionsUnknown")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
    {
        settings.notes.push(format!(
            "collection `{name}` could not be computed: {}",
            reason.as_str().unwrap_or_default()
        ));
    }
    for result in answer
        .get("pages")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let Some(page) = result
            .get("id")
            .and_then(Json::as_u64)
            .and_then(|id| pages.get_mut(id as usize))
        else {
            continue;
        };
        apply(page, result, version);
    }
}

/// Whether a page's URL may come from JavaScript: its data files or front matter are
/// JavaScript, it is paginated, or it has computed data.
fn depends_on_javascript(page: &Page, data_files: &[DataFile]) -> bool {
    page.front_matter_ran
        || page
            .scripts
            .iter()
            .filter_map(|&i| data_files.get(i))
            .any(|d| matches!(d.content, DataContent::Script { .. }))
        || page.data.get("pagination").is_some()
        || page.data.get("eleventyComputed").is_some()
}

/// A page's outputs and computed data from the engine's answer.
fn apply(page: &mut Page, result: &Json, version: u8) {
    let facts = PathFacts::new(&page.input_path, version);
    if result["skipped"] == true {
        page.output = Output::Disabled;
        return;
    }
    let computed = to_yaml(&result["computed"], "", 0);
    if computed.is_map() && computed_has_entries(&computed) {
        page.data.layers.insert(
            0,
            super::model::Layer {
                origin: LayerSource::FrontMatter,
                data: Arc::new(computed),
            },
        );
    }
    if let Some(reason) = result["unknown"].as_str() {
        page.output = Output::Unknown {
            reason: format!("{}: {reason}", page.file.rel),
        };
        return;
    }
    let Some(outputs) = result["outputs"].as_array() else {
        return;
    };
    let mut patterns = Vec::new();
    let resolved: Vec<Output> = outputs
        .iter()
        .map(|output| {
            let number = output["pageNumber"].as_u64().unwrap_or(0);
            match &output["permalink"] {
                Json::Null => default_output(&facts, number, version),
                Json::Bool(false) => Output::Disabled,
                Json::String(permalink) => url::from_permalink(permalink, version),
                Json::Object(why) if why.contains_key("invalid") => Output::Invalid,
                Json::Object(why) => {
                    if let Some(pattern) = why.get("pattern").and_then(Json::as_str) {
                        patterns.push(pattern.to_owned());
                    }
                    Output::Unknown {
                        reason: format!(
                            "{}: {}",
                            page.file.rel,
                            why.get("unknown")
                                .and_then(Json::as_str)
                                .unwrap_or("unknown")
                        ),
                    }
                }
                _ => Output::Invalid,
            }
        })
        .collect();
    page.url_patterns = patterns;
    if result["paginated"] == true {
        page.output = resolved.first().cloned().unwrap_or(Output::Disabled);
        page.pagination = resolved;
    } else if let Some(first) = resolved.into_iter().next() {
        page.output = first;
    }
}

/// For `--verbose`: what the engine decided of a page, when it changed what the static
/// data said.
pub fn decided(page: &Page, before: &Output) -> Option<String> {
    let shown = |output: &Output| match output {
        Output::Url { url, .. } => url.clone(),
        Output::Disabled => "not written".to_owned(),
        Output::Unknown { reason } => format!("unknown ({reason})"),
        Output::Invalid => "an invalid permalink".to_owned(),
    };
    if !page.pagination.is_empty() {
        let urls: Vec<String> = page.pagination.iter().map(shown).collect();
        return Some(format!(
            "{}: paginated, {} page(s): {}",
            page.file.rel,
            urls.len(),
            urls.join(", ")
        ));
    }
    (page.output != *before).then(|| {
        format!(
            "{}: its JavaScript data decides its URL: {}",
            page.file.rel,
            shown(&page.output)
        )
    })
}

fn computed_has_entries(node: &YamlNode) -> bool {
    matches!(&node.value, Value::Map(entries) if !entries.is_empty())
}

/// Eleventy's URL for page `number` of a template without a permalink: `/blog/`, then
/// `/blog/1/`, `/blog/2/` …
fn default_output(facts: &PathFacts, number: u64, version: u8) -> Output {
    let first = url::default_output(facts);
    if number == 0 {
        return first;
    }
    match first {
        Output::Url { path, .. } => {
            let dir = path.strip_suffix("index.html").unwrap_or(&path);
            url::from_permalink(&format!("{dir}{number}/"), version)
        }
        other => other,
    }
}

/// A global data file for the engine, with its place in the data (`key`).
fn global_layer(data: &DataFile, data_dir: &str) -> Json {
    let key = super::build::global_key(&data.file.rel, data_dir);
    match &data.content {
        DataContent::Script { .. } => json!({ "js": data.file.rel, "key": key }),
        DataContent::Parsed(node) => json!({ "data": to_json(node), "key": key }),
        // Beyond what vigie's YAML parser takes (a JSON file of more than its node limit):
        // the engine parses it (its memory is limited).
        DataContent::Invalid(_) if data.file.rel.ends_with(".json") => {
            json!({ "json": &*data.file.text, "key": key })
        }
        DataContent::Invalid(_) => json!({ "data": {} }),
    }
}

/// What the engine needs of a page: its path facts and its layers but the global ones
/// (`local_data`: the template and directory data files), which it has once for all.
fn page_argument(
    id: usize,
    page: &Page,
    local_data: &[DataFile],
    input: &str,
    i18n: bool,
    evaluated_front_matter: bool,
    version: u8,
) -> Json {
    let facts = PathFacts::new(&page.input_path, version);
    let layers: Vec<Json> = page
        .data
        .layers
        .iter()
        .filter_map(|layer| match layer.origin {
            LayerSource::FrontMatter if evaluated_front_matter => {
                Some(json!({ "frontMatter": page.file.rel }))
            }
            LayerSource::DataFile(i) => {
                let data_file = local_data.get(i)?;
                match &data_file.content {
                    DataContent::Script { evaluated: Some(_) } => {
                        Some(json!({ "js": data_file.file.rel }))
                    }
                    DataContent::Script { evaluated: None } => None,
                    _ => Some(json!({ "data": to_json(&layer.data) })),
                }
            }
            _ => Some(json!({ "data": to_json(&layer.data) })),
        })
        .collect();
    let extension = page.extension();
    let default_url = match url::default_output(&facts) {
        Output::Url { url, .. } => Json::from(url),
        _ => Json::Null,
    };
    let first_folder = page.input_path.split_once('/').map(|(f, _)| f);
    let lang = first_folder.filter(|f| i18n && is_language_code(f));
    let root_relative = join_dirs(input, &page.input_path);
    json!({
        "id": id,
        "inputPath": format!("./{root_relative}"),
        "fileSlug": facts.file_slug,
        "filePathStem": facts.file_path_stem,
        "outputFileExtension": "html",
        "templateSyntax": extension,
        "extension": extension,
        "lang": lang,
        "defaultUrl": default_url,
        "layers": layers,
    })
}

/// `fr`, `en-GB`: what the i18n plugin takes for a language folder.
fn is_language_code(folder: &str) -> bool {
    let (lang, region) = folder.split_once('-').unwrap_or((folder, ""));
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A data value as JSON for the engine: dates as `{ "$date": … }`.
pub fn to_json(node: &YamlNode) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String { text, .. } => Json::from(text.as_str()),
        Value::Date(date) => json!({
            "$date": format!("{:04}-{:02}-{:02}T00:00:00.000Z", date.year, date.month, date.day)
        }),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .filter_map(|(k, v)| Some((k.as_key()?, to_json(v))))
                .collect(),
        ),
    }
}

/// The engine's JSON as data: placed, where the key can be found, at the key's name in
/// `text` (after `from`); unknown values and functions are left out.
fn to_yaml(json: &Json, text: &str, from: usize) -> YamlNode {
    let here = from..from;
    let value = match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::String {
            text: s.clone(),
            quoted: true,
        },
        Json::Array(items) => Value::Seq(
            items
                .iter()
                .filter(|item| known(item))
                .map(|item| to_yaml(item, text, from))
                .collect(),
        ),
        Json::Object(map) => {
            if let Some(date) = map.get("$date").and_then(Json::as_str) {
                Value::Date(parse_date(date))
            } else {
                let mut entries = Vec::new();
                for (key, value) in map {
                    if !known(value) {
                        continue;
                    }
                    let at = locate(text, key, from);
                    let key_node = YamlNode {
                        value: Value::String {
                            text: key.clone(),
                            quoted: true,
                        },
                        span: at.clone(),
                    };
                    entries.push((key_node, to_yaml(value, text, at.start)));
                }
                Value::Map(entries)
            }
        }
    };
    let span = match &value {
        Value::Map(_) | Value::Seq(_) => here,
        _ => from..from,
    };
    YamlNode { value, span }
}

fn known(json: &Json) -> bool {
    !json
        .as_object()
        .is_some_and(|m| m.contains_key("$unknown") || m.contains_key("$function"))
}

fn parse_date(iso: &str) -> YamlDate {
    let part = |range: std::ops::Range<usize>| iso.get(range).unwrap_or_default();
    YamlDate {
        year: part(0..4).parse().unwrap_or(1970),
        month: part(5..7).parse().unwrap_or(1),
        day: part(8..10).parse().unwrap_or(1),
        has_time: !iso.ends_with("T00:00:00.000Z"),
    }
}

/// Where `key` is written as a property name in `text`, searching from `from` over at most
/// `LOCATE_WINDOW` bytes (a key is written near its parent; a huge file must not make each
/// key cost its whole length).
fn locate(text: &str, key: &str, from: usize) -> std::ops::Range<usize> {
    let Some(rest) = text.get(from..) else {
        return from..from;
    };
    if key.is_empty() {
        return from..from;
    }
    let rest = rest
        .get(..floor_char_boundary(rest, LOCATE_WINDOW))
        .unwrap_or(rest);
    for (start, _) in rest.match_indices(key) {
        let end = start + key.len();
        let before = rest.get(..start).and_then(|b| b.chars().next_back());
        let after = rest.get(end..).unwrap_or_default();
        let after = after.trim_start_matches(['"', '\'']).trim_start();
        let boundary = before.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '$');
        if boundary && after.starts_with(':') {
            return from + start..from + end;
        }
    }
    from..from
}

const LOCATE_WINDOW: usize = 16 << 10;

#[cfg(test)]
mod tests {
    use crate::site::{Output, Site};
    use crate::testing::{build_site, inputs};

    fn urls(site: &Site, file: &str) -> Vec<String> {
        let page = site.pages.iter().find(|p| p.file.rel == file).unwrap();
        page.outputs()
            .iter()
            .map(|o| match o {
                Output::Url { url, .. } => url.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    /// Every file of the site's JavaScript ran.
    fn assert_ran(site: &Site) {
        assert!(
            site.settings.js_failures.is_empty(),
            "{:?}",
            site.settings.js_failures
        );
    }

    const CONFIG: &str = r#"import { feedPlugin } from "@11ty/eleventy-plugin-rss";
export default async function (c) {
  c.addPreprocessor("drafts", "*", (data) => { if (data.draft && process.env.ELEVENTY_RUN_MODE === "build") return false; });
  c.addFilter("shout", (s) => String(s).toUpperCase());
  c.addCollection("recent", (api) => api.getFilteredByGlob("content/blog/*.md").sort((a, b) => b.date - a.date));
  c.addGlobalData("site.name", async () => "Demo");
  c.addPlugin(feedPlugin, { outputPath: "/feed.xml", collection: { name: "posts" } });
}
export const config = { dir: { input: "content", data: "../_data" } };"#;

    fn blog() -> Site {
        build_site(&inputs(&[
            (
                "package.json",
                r#"{ "type": "module", "devDependencies": { "@11ty/eleventy": "^3.0.0" } }"#,
            ),
            ("eleventy.config.js", CONFIG),
            (
                "_data/authors.js",
                "export default async () => ({ ada: { name: 'Ada L' }, bob: { name: 'Bob' } });",
            ),
            ("_data/colors.json", r#"["red", "green", "blue", "skip"]"#),
            (
                "content/blog/blog.11tydata.js",
                "export default { tags: ['posts'], layout: 'post.njk' };",
            ),
            (
                "content/blog/a.md",
                "---\ntitle: A\ndate: 2024-01-01\n---\n",
            ),
            (
                "content/blog/b.md",
                "---\ntitle: B\ndate: 2024-02-01\n---\n",
            ),
            (
                "content/blog/c.md",
                "---\ntitle: C\ndate: 2024-03-01\n---\n",
            ),
            ("content/blog/draft.md", "---\ntitle: D\ndraft: true\n---\n"),
            (
                "content/blog.njk",
                "---\npagination:\n  data: collections.posts\n  size: 2\npermalink: \"/blog/{% if pagination.pageNumber > 0 %}page-{{ pagination.pageNumber + 1 }}/{% endif %}\"\n---\n",
            ),
            (
                "content/authors.njk",
                "---\npagination:\n  data: authors\n  size: 1\n  alias: author\n  resolve: values\npermalink: \"/authors/{{ author.name | slugify }}/\"\n---\n",
            ),
            (
                "content/colors.njk",
                "---\npagination:\n  data: colors\n  size: 1\n  alias: color\n  filter: skip\n  reverse: true\npermalink: \"/c/{{ color | shout }}/\"\n---\n",
            ),
            (
                "content/computed.md",
                "---\ntitle: Hello World\neleventyComputed:\n  title: \"{{ title }}!\"\n  heading: \"{{ title | shout }}\"\n  permalink: \"/{{ title | slugify }}/\"\n---\n",
            ),
            (
                "content/menu.njk",
                "---js\n{ title: 'Menu', eleventyNavigation: { key: 'Menu', order: 2 }, permalink: (data) => `/${data.site.name.toLowerCase()}/menu/` }\n---\n",
            ),
            (
                "content/statements.njk",
                "---js\nconst title = 'Statements';\nfunction permalink(data) { return `/s/${data.page.fileSlug}/`; }\n---\n",
            ),
            (
                "content/recent.njk",
                "---\npagination:\n  data: collections.recent\n  size: 1\n  alias: post\npermalink: \"/recent/{{ post.fileSlug }}/\"\n---\n",
            ),
        ]))
    }

    #[test]
    fn pagination_over_collections_data_and_objects() {
        let site = blog();
        assert_ran(&site);
        // Three posts (the draft is dropped by the preprocessor), two per page.
        assert_eq!(urls(&site, "content/blog.njk"), ["/blog/", "/blog/page-2/"]);
        assert_eq!(
            urls(&site, "content/authors.njk"),
            ["/authors/ada-l/", "/authors/bob/"]
        );
        // `filter` drops a value, `reverse` turns the order around.
        assert_eq!(
            urls(&site, "content/colors.njk"),
            ["/c/BLUE/", "/c/GREEN/", "/c/RED/"]
        );
        // A collection of the config's, sorted newest first.
        assert_eq!(
            urls(&site, "content/recent.njk"),
            ["/recent/c/", "/recent/b/", "/recent/a/"]
        );
        assert_eq!(urls(&site, "content/blog/draft.md"), ["Disabled"]);
        assert_eq!(urls(&site, "content/blog/a.md"), ["/blog/a/"]);
    }

    #[test]
    fn computed_data_and_javascript_front_matter() {
        let site = blog();
        // A computed key sees its own value as written, and the computed keys above it.
        assert_eq!(urls(&site, "content/computed.md"), ["/hello-world/"]);
        let computed = site
            .pages
            .iter()
            .find(|p| p.file.rel == "content/computed.md")
            .unwrap();
        let value = |key: &str| {
            computed
                .data
                .get(key)
                .unwrap()
                .0
                .as_str()
                .map(str::to_owned)
        };
        assert_eq!(value("title").as_deref(), Some("Hello World!"));
        assert_eq!(value("heading").as_deref(), Some("HELLO WORLD!"));
        // addGlobalData with a dotted name and an async function.
        assert_eq!(urls(&site, "content/menu.njk"), ["/demo/menu/"]);
        let menu = site
            .pages
            .iter()
            .find(|p| p.file.rel == "content/menu.njk")
            .unwrap();
        assert!(menu.front_matter_ran);
        let nav = menu.data.get("eleventyNavigation").unwrap().0;
        assert_eq!(nav.get("key").and_then(|k| k.as_str()), Some("Menu"));
        // Eleventy 3's `---js` with statements: its declarations are the data.
        assert_eq!(urls(&site, "content/statements.njk"), ["/s/statements/"]);
        // The RSS plugin's feed is an output of the site.
        assert!(site.assets.contains("/feed.xml"));
    }

    #[test]
    fn data_extensions_and_ignores_of_the_config() {
        let config = r#"module.exports = (c) => {
  c.addDataExtension("yaml", (text) => require("js-yaml").load(text));
  c.addDataExtension("txt", { parser: (text) => ({ motto: text.trim() }) });
  c.ignores.add("drafts/**");
};"#;
        let site = build_site(&inputs(&[
            (".eleventy.js", config),
            ("_data/site.yaml", "name: Demo\n"),
            ("_data/motto.txt", "Carpe diem\n"),
            (
                "blog/blog.yaml",
                "permalink: \"/news/{{ page.fileSlug }}/\"\n",
            ),
            ("blog/a.md", "---\ntitle: \"{{ site.name }}\"\n---\n"),
            ("drafts/x.md", "X"),
            (
                "index.njk",
                "---\npermalink: \"/{{ motto.motto | slugify }}/\"\n---\n",
            ),
        ]));
        assert_ran(&site);
        assert_eq!(urls(&site, "blog/a.md"), ["/news/a/"]);
        assert_eq!(urls(&site, "index.njk"), ["/carpe-diem/"]);
        assert!(site.pages.iter().all(|p| p.file.rel != "drafts/x.md"));
    }

    #[test]
    fn the_site_cannot_replace_what_vigie_asks_the_engine() {
        let site = build_site(&inputs(&[
            (
                "_data/evil.js",
                "try { globalThis.__vigie.computePages = () => '{}'; } catch (e) {}\ntry { __vigie = null; } catch (e) {}\nJSON.stringify = () => '{\"pages\": []}';\nmodule.exports = {};",
            ),
            ("a.md", "---\npermalink: \"/{{ 'x' | slugify }}/\"\n---\n"),
        ]));
        assert_ran(&site);
        assert_eq!(urls(&site, "a.md"), ["/x/"]);
    }

    #[test]
    fn eleventy_details_that_decide_urls() {
        let config = r#"module.exports = (c) => {
  c.addGlobalData("site", { author: "Ada" });
  c.addFilter("initial", (s) => String(s)[0]);
};"#;
        let site = build_site(&inputs(&[
            (".eleventy.js", config),
            ("_data/site.json", r#"{ "section": "news" }"#),
            (
                "_data/later.js",
                "module.exports = (async () => ({ year: 2024 }))();",
            ),
            (
                "_data/byconfig.js",
                "module.exports = (data) => ({ by: data.site.author });",
            ),
            ("posts/posts.json", r#"{ "tags": ["posts"] }"#),
            ("posts/a.md", "---\ntags: posts\ntitle: Hello World\n---\n"),
            ("posts/b.md", "---\ntags: [posts, posts]\n---\n"),
            ("posts/c.md", "---\ntags: posts\n---\n"),
            // Eleventy dedupes tags: 3 posts, 2 a page, 2 pages.
            (
                "list.njk",
                "---\npagination:\n  data: collections.posts\n  size: 2\n---\n",
            ),
            // Computed data runs for each page of a pagination.
            (
                "tag.njk",
                "---\npagination:\n  data: names\n  size: 1\n  alias: name\nnames: [alpha, beta]\neleventyComputed:\n  permalink: \"/names/{{ name }}/\"\n---\n",
            ),
            // `before`, then `reverse`, then `filter`.
            (
                "order.njk",
                "---js\n{ names: ['a', 'b', 'c'], pagination: { data: 'names', size: 1, alias: 'n', before: (items) => items.map((i) => i + i), reverse: true, filter: ['cc'] }, permalink: (data) => `/order/${data.pagination.pageNumber}-${data.n}/` }\n---\n",
            ),
            // addGlobalData merges into the global data files; filters bind tighter than `+`.
            (
                "merged.njk",
                "---\npermalink: \"/{{ site.section }}/{{ 'x' + site.author | initial }}/{{ later.year }}/{{ byconfig.by }}/\"\n---\n",
            ),
            (
                "serverless.md",
                "---\npermalink:\n  serverless: /api/\n---\n",
            ),
            // Written empty, a permalink is falsy: the default URL (Eleventy 1.0.2 and 3.1.8).
            ("empty.md", "---\npermalink: \"\"\n---\n"),
        ]));
        assert_ran(&site);
        assert_eq!(urls(&site, "list.njk"), ["/list/", "/list/1/"]);
        assert_eq!(urls(&site, "tag.njk"), ["/names/alpha/", "/names/beta/"]);
        assert_eq!(urls(&site, "order.njk"), ["/order/0-bb/", "/order/1-aa/"]);
        assert_eq!(urls(&site, "merged.njk"), ["/news/xA/2024/Ada/"]);
        assert_eq!(urls(&site, "serverless.md"), ["Disabled"]);
        assert_eq!(urls(&site, "empty.md"), ["/empty/"]);
    }

    #[test]
    fn a_drafts_preprocessor_alone_is_run() {
        let config = r#"module.exports = (c) => {
  c.addPreprocessor("drafts", "md", (data) => { if (data.draft) return false; });
};"#;
        let site = build_site(&inputs(&[
            (".eleventy.js", config),
            ("draft.md", "---\ndraft: true\n---\n"),
            ("kept.md", "Kept"),
        ]));
        assert_eq!(urls(&site, "draft.md"), ["Disabled"]);
        assert_eq!(urls(&site, "kept.md"), ["/kept/"]);
    }

    #[test]
    fn global_json_beyond_the_yaml_parser_s_limit_reaches_the_engine() {
        let entries: Vec<String> = (0..40_000).map(|i| format!("[{i}, {i}]")).collect();
        let big = format!("[{}]", entries.join(","));
        let site = build_site(&inputs(&[
            ("_data/big.json", big.as_str()),
            (
                "p/p.11tydata.js",
                "module.exports = { permalink: (d) => `/p/${d.big.length}/` };",
            ),
            ("p/a.md", "A"),
        ]));
        assert_eq!(urls(&site, "p/a.md"), ["/p/40000/"]);
    }

    #[test]
    fn a_permalink_from_an_unknown_package_stays_unknown() {
        let site = build_site(&inputs(&[
            (
                "a/a.11tydata.js",
                "const slug = require('slugger');\nmodule.exports = { permalink: (d) => `/a/${slug(d.page.fileSlug)}/` };",
            ),
            ("a/x.md", "X"),
        ]));
        let page = &site.pages[0];
        let Output::Unknown { reason } = &page.output else {
            panic!("{:?}", page.output);
        };
        assert!(reason.contains("slugger"), "{reason}");
    }
}
