//! Input path → output URL, as Eleventy computes `page.url` (research/content.md §A1):
//! `index.md`, a file named like its folder, permalink strings (rendered when they use the
//! common `{{ page.fileSlug }}`-style expressions), `permalink: false`.

use std::sync::LazyLock;

use regex::Regex;

use super::model::{Cascade, Output};
use crate::parse::slug::eleventy_slugify;
use crate::parse::yaml::{Value, YamlNode};

/// The parts of `page` Eleventy derives from the input path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathFacts {
    /// Folders between the input directory and the file (`a/b`, or `` at the root).
    pub subdir: String,
    /// File name without its template extension (`sitemap.xml` for `sitemap.xml.njk`).
    pub base: String,
    pub file_slug: String,
    pub file_path_stem: String,
}

impl PathFacts {
    pub fn new(input_path: &str, version: u8) -> Self {
        let (subdir, name) = input_path.rsplit_once('/').unwrap_or(("", input_path));
        // Eleventy removes a template extension as its formats spell it, lowercase:
        // `Shout.MD` is built, at `/Shout.MD/` (1.0.2 and 3.1.8 alike).
        let base = name
            .rsplit_once('.')
            .filter(|(_, extension)| !extension.bytes().any(|b| b.is_ascii_uppercase()))
            .map_or(name, |(stem, _)| stem)
            .to_owned();
        let slug = strip_date_prefix(&base);
        let file_path_stem = path_stem(subdir, &slug);
        // Eleventy tests the slug once dated, so `2021-05-01-index.md` is an index too.
        let file_slug = if slug == "index" {
            let folder = subdir.rsplit('/').next().unwrap_or_default();
            // Eleventy 1 keeps the folder's date; 2 and 3 strip it.
            if version >= 2 {
                strip_date_prefix(folder)
            } else {
                folder.to_owned()
            }
        } else {
            slug
        };
        Self {
            subdir: subdir.to_owned(),
            base,
            file_slug,
            file_path_stem,
        }
    }
}

/// `filePathStem`: the folders, then the name with its date stripped as for `fileSlug` (but an
/// `index` stays `index`, and folders keep their dates), joined as Node's `path.join` does,
/// so an empty or `.` name leaves the folder (`/.` at the root), all versions alike.
fn path_stem(subdir: &str, slug: &str) -> String {
    let mut parts: Vec<&str> = subdir.split('/').filter(|part| !part.is_empty()).collect();
    match slug {
        "" | "." => {}
        ".." => {
            if parts.pop().is_none() {
                parts.push("..");
            }
        }
        _ => parts.push(slug),
    }
    if parts.is_empty() {
        return "/.".to_owned();
    }
    format!("/{}", parts.join("/"))
}

/// `YYYY-MM-DD` starts at byte `at` of `text`, in ASCII digits (JavaScript's `\d`). Read by
/// hand: the regex took longer to compile than every name of a site takes to search.
pub fn is_date_at(text: &[u8], at: usize) -> bool {
    const SHAPE: &[u8; 10] = b"0000-00-00";
    text.get(at..at.saturating_add(SHAPE.len()))
        .is_some_and(|part| {
            part.iter().zip(SHAPE).all(|(&byte, &shape)| match shape {
                b'0' => byte.is_ascii_digit(),
                _ => byte == shape,
            })
        })
}

/// `fileSlug` is what follows the first `YYYY-MM-DD-` found anywhere in the name, up to a line
/// break: Eleventy keeps `/\d{4}-\d{2}-\d{2}-(.*)/`'s group, so what precedes the date goes too.
fn strip_date_prefix(name: &str) -> String {
    let bytes = name.as_bytes();
    let dated =
        (0..bytes.len()).find(|&at| is_date_at(bytes, at) && bytes.get(at + 10) == Some(&b'-'));
    let Some(rest) = dated.and_then(|at| name.get(at + 11..)) else {
        return name.to_owned();
    };
    // JavaScript's `.` stops at these.
    let line_end = rest
        .find(['\n', '\r', '\u{2028}', '\u{2029}'])
        .unwrap_or(rest.len());
    rest.get(..line_end).unwrap_or(rest).to_owned()
}

/// Computes where Eleventy writes the page at `input_path` with this data.
pub fn output(input_path: &str, data: &Cascade, version: u8) -> Output {
    let facts = PathFacts::new(input_path, version);
    let Some((permalink, _)) = data.get("permalink") else {
        return default_output(&facts);
    };
    match &permalink.value {
        Value::Bool(false) => Output::Disabled,
        Value::Null => default_output(&facts),
        // An empty string is falsy to Eleventy (1 and 3 alike): the page keeps its default URL.
        Value::String { text, .. } if text.is_empty() => default_output(&facts),
        Value::String { text, .. } => match render(text, &facts, data, version) {
            Ok(rendered) => from_permalink(&rendered, version),
            Err(reason) => Output::Unknown { reason },
        },
        Value::Map(entries) => match permalink.get("build") {
            _ if entries.is_empty() => default_output(&facts),
            Some(YamlNode {
                value: Value::Bool(false),
                ..
            }) => Output::Disabled,
            Some(YamlNode {
                value: Value::String { text, .. },
                ..
            }) => match render(text, &facts, data, version) {
                Ok(rendered) => from_permalink(&rendered, version),
                Err(reason) => Output::Unknown { reason },
            },
            _ => Output::Unknown {
                reason: "permalink object without a `build` string".into(),
            },
        },
        _ => Output::Invalid,
    }
}

/// No permalink: `subdir/` + (`base/` unless `index` or the folder's own name) + `index.html`
/// for HTML-producing engines; `subdir/base` as is otherwise.
pub(crate) fn default_output(facts: &PathFacts) -> Output {
    let folder = facts.subdir.rsplit('/').next().unwrap_or("");
    let mut path = String::new();
    if !facts.subdir.is_empty() {
        path.push_str(&facts.subdir);
        path.push('/');
    }
    if facts.base != "index" && facts.base != folder {
        path.push_str(&facts.base);
        path.push('/');
    }
    path.push_str("index.html");
    Output::Url {
        // Always `…/index.html`, which every version collapses alike.
        url: url_of(&path, 1),
        path,
    }
}

pub fn from_permalink(permalink: &str, version: u8) -> Output {
    let permalink = permalink.trim();
    // Eleventy normalises the path: `//` and `./` collapse, `..` climbs.
    let mut path = crate::config::eleventy::normalize_dir(permalink);
    if path.is_empty() || permalink.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Output::Url {
        url: url_of(&path, version),
        path,
    }
}

/// `page.url` of an output path: `/…/index.html` collapses to `/…/`. Eleventy 2 and 3 also
/// collapse an extension-less `/…/index` (`TemplatePermalink.normalizePathToUrl`, the same in
/// 2.0.1 and 3.1.8); Eleventy 1 keeps it as written (both built: `/perma/idxnoext/index`).
fn url_of(path: &str, version: u8) -> String {
    let url = format!("/{path}");
    let suffixes: &[&str] = if version >= 2 {
        &["/index.html", "/index"]
    } else {
        &["/index.html"]
    };
    for suffix in suffixes {
        if let Some(dir) = url.strip_suffix(suffix) {
            return format!("{dir}/");
        }
    }
    url
}

#[allow(
    clippy::expect_used,
    reason = "a pattern literal: whether it compiles does not depend on the input"
)]
static EXPRESSION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{-?\s*(.*?)\s*-?\}\}").expect("regex"));

/// Renders the template expressions of a permalink that vigie models: variables from `page`
/// and the data cascade, with the filters `slugify`, `slug`, `lower`, `url`.
fn render(
    template: &str,
    facts: &PathFacts,
    data: &Cascade,
    version: u8,
) -> Result<String, String> {
    if template.contains("{%") {
        return Err(format!("permalink `{template}` uses a template tag"));
    }
    let mut out = String::new();
    let mut last = 0;
    for caps in EXPRESSION.captures_iter(template) {
        let whole = caps.get_match();
        out.push_str(template.get(last..whole.start()).unwrap_or_default());
        last = whole.end();
        let mut parts = caps[1].split('|').map(str::trim);
        let variable = parts.next().unwrap_or("");
        let mut value = lookup(variable, facts, data)
            .ok_or_else(|| format!("permalink uses `{variable}`, which vigie cannot evaluate"))?;
        for filter in parts {
            value = match filter.split([':', '(']).next().unwrap_or("").trim() {
                "slugify" | "slug" => eleventy_slugify(&value, version),
                "lower" | "lowercase" | "downcase" => value.to_lowercase(),
                "url" | "safe" | "strip" | "trim" => value.trim().to_owned(),
                other => {
                    return Err(format!(
                        "permalink uses the filter `{other}`, which vigie does not model"
                    ));
                }
            };
        }
        out.push_str(&value);
    }
    out.push_str(template.get(last..).unwrap_or_default());
    Ok(out)
}

fn lookup(variable: &str, facts: &PathFacts, data: &Cascade) -> Option<String> {
    if let Some(quoted) = variable
        .strip_prefix(['"', '\''])
        .and_then(|v| v.strip_suffix(['"', '\'']))
    {
        return Some(quoted.to_owned());
    }
    match variable {
        "page.fileSlug" => return Some(facts.file_slug.clone()),
        "page.filePathStem" => return Some(facts.file_path_stem.clone()),
        _ => {}
    }
    let mut path = variable.split('.');
    let (mut node, _) = data.get(path.next()?)?;
    for key in path {
        node = node.get(key)?;
    }
    match &node.value {
        Value::String { text, .. } => Some(text.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(node.display()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::yaml::{Flavor, parse};
    use crate::site::model::{Layer, LayerSource};

    fn url(input_path: &str, front_matter: &str) -> Output {
        let data = parse(front_matter, 0, Flavor::JsYaml3)
            .unwrap()
            .root
            .unwrap_or_else(|| {
                std::sync::Arc::new(YamlNode {
                    value: Value::Map(Vec::new()),
                    span: 0..0,
                })
            });
        let cascade = Cascade {
            layers: vec![Layer {
                origin: LayerSource::FrontMatter,
                data,
            }],
        };
        output(input_path, &cascade, 2)
    }

    fn url_str(input_path: &str, front_matter: &str) -> String {
        url(input_path, front_matter)
            .url()
            .unwrap_or("-")
            .to_owned()
    }

    #[test]
    fn follows_eleventy_default_urls() {
        assert_eq!(url_str("index.md", ""), "/");
        assert_eq!(url_str("about.md", ""), "/about/");
        assert_eq!(url_str("a-propos/index.md", ""), "/a-propos/");
        assert_eq!(url_str("ateliers/catala.md", ""), "/ateliers/catala/");
        assert_eq!(url_str("sitemap/sitemap.njk", ""), "/sitemap/");
        assert_eq!(
            url_str("posts/2021-05-01-hello.md", ""),
            "/posts/2021-05-01-hello/"
        );
        assert_eq!(url_str("accessibilité/index.md", ""), "/accessibilité/");
        assert_eq!(url_str("sitemap.xml.njk", ""), "/sitemap.xml/");
    }

    #[test]
    fn follows_permalinks() {
        assert_eq!(
            url_str("sitemap.xml.njk", "permalink: /sitemap.xml"),
            "/sitemap.xml"
        );
        assert_eq!(url_str("404.md", "permalink: 404.html"), "/404.html");
        assert_eq!(
            url_str("feed/htaccess.njk", "permalink: feed/.htaccess"),
            "/feed/.htaccess"
        );
        assert_eq!(url_str("foo.md", "permalink: /foo"), "/foo");
        assert_eq!(url("about.md", "permalink: false"), Output::Disabled);
        assert_eq!(url("about.md", "permalink: true"), Output::Invalid);
        assert_eq!(url("about.md", "permalink: 12"), Output::Invalid);
        assert_eq!(url_str("about.md", "permalink: {}"), "/about/");
        assert_eq!(url_str("stem.md", "permalink: /p//stem/"), "/p/stem/");
        assert_eq!(url_str("root.md", "permalink: /"), "/");
    }

    #[test]
    fn empty_permalink_keeps_the_default_url() {
        // Eleventy 1.0.2 and 3.1.8 (the eleventy-urls fixture's perma/empty.md).
        assert_eq!(
            url_str("perma/empty.md", "permalink: \"\""),
            "/perma/empty/"
        );
        assert_eq!(
            url_str("perma/nulled.md", "permalink: null"),
            "/perma/nulled/"
        );
    }

    #[test]
    fn bare_index_collapses_from_eleventy_2_on() {
        // perma/idxnoext.md of the fixture, as Eleventy 1.0.2 and 3.1.8 built it (2.0.1 from its
        // source: the same normalizePathToUrl as 3.1.8).
        let at = |version| {
            from_permalink("/perma/idxnoext/index", version)
                .url()
                .map(str::to_owned)
        };
        assert_eq!(at(1).as_deref(), Some("/perma/idxnoext/index"));
        assert_eq!(at(2).as_deref(), Some("/perma/idxnoext/"));
        assert_eq!(at(3).as_deref(), Some("/perma/idxnoext/"));
        for version in [1, 3] {
            let url = |permalink| from_permalink(permalink, version).url().map(str::to_owned);
            assert_eq!(url("/perma/sub/index.html").as_deref(), Some("/perma/sub/"));
            assert_eq!(
                url("/perma/page/index.htm").as_deref(),
                Some("/perma/page/index.htm")
            );
            assert_eq!(url("/perma/a/../up/").as_deref(), Some("/perma/up/"));
        }
    }

    #[test]
    fn renders_common_permalink_expressions() {
        assert_eq!(
            url_str(
                "posts/2021-05-01-hello.md",
                "permalink: \"/blog/{{ page.fileSlug }}/\""
            ),
            "/blog/hello/"
        );
        assert_eq!(
            url_str(
                "x.md",
                "title: Cœur & âme\npermalink: \"/{{ title | slugify }}/\""
            ),
            "/coeur-and-ame/"
        );
        assert!(matches!(
            url("x.md", "permalink: \"/{{ page.date | date: '%Y' }}/\""),
            Output::Unknown { .. }
        ));
    }

    #[test]
    fn an_uppercase_extension_stays_in_the_url() {
        // perma/names/Shout.MD of the eleventy-urls fixture, as Eleventy 1.0.2 and 3.1.8 built it.
        assert_eq!(url_str("names/Shout.MD", ""), "/names/Shout.MD/");
        assert_eq!(PathFacts::new("names/Shout.MD", 3).file_slug, "Shout.MD");
        assert_eq!(url_str("names/v1.2.md", ""), "/names/v1.2/");
    }

    #[test]
    fn file_slug_of_index_is_its_folder() {
        let slug = |path: &str, version| PathFacts::new(path, version).file_slug;
        assert_eq!(slug("posts/2020-01-01-news/index.md", 2), "news");
        assert_eq!(slug("posts/2020-01-01-news/index.md", 3), "news");
        assert_eq!(slug("posts/2020-01-01-news/index.md", 1), "2020-01-01-news");
        assert_eq!(slug("index.md", 1), "");
        assert_eq!(slug("index.md", 3), "");
        // Dated, the name still reads `index`.
        assert_eq!(slug("posts/2021-05-01-index.md", 1), "posts");
        assert_eq!(slug("posts/2021-05-01-index.md", 3), "posts");
        assert_eq!(slug("2021-05-01-index.md", 3), "");
    }

    #[test]
    fn file_slug_keeps_what_follows_the_first_date() {
        let slug = |path: &str| PathFacts::new(path, 3).file_slug;
        assert_eq!(slug("2021-05-01-hello.md"), "hello");
        assert_eq!(slug("news-2021-05-01-hello.md"), "hello");
        assert_eq!(slug("12021-05-01-hello.md"), "hello");
        assert_eq!(slug("2021-05-01-2022-06-02-x.md"), "2022-06-02-x");
        assert_eq!(slug("2021-05-01.md"), "2021-05-01");
        assert_eq!(slug("2021-05-01-.md"), "");
        assert_eq!(slug("2021-5-01-hello.md"), "2021-5-01-hello");
        assert_eq!(slug("२०२१-05-01-hello.md"), "२०२१-05-01-hello");
        assert_eq!(slug("2021-05-01-a\nb.md"), "a");
    }

    #[test]
    fn file_path_stem_strips_the_name_date_only() {
        // As Eleventy 1.0.2 and 3.1.8 built them: the fixture's stems/, and a probe for the root
        // and for `.` names.
        for version in [1, 3] {
            let stem = |path: &str| PathFacts::new(path, version).file_path_stem;
            assert_eq!(stem("s/2021-05-01-stemmed.md"), "/s/stemmed");
            assert_eq!(stem("s/x-2021-05-01-y.md"), "/s/y");
            assert_eq!(
                stem("s/2021-05-01-2022-06-02-twice.md"),
                "/s/2022-06-02-twice"
            );
            assert_eq!(stem("s/2021-05-01.md"), "/s/2021-05-01");
            assert_eq!(stem("s/plain.md"), "/s/plain");
            assert_eq!(stem("d/2021-05-01-index.md"), "/d/index");
            assert_eq!(stem("d/index.md"), "/d/index");
            assert_eq!(stem("2021-05-01-dir/index.md"), "/2021-05-01-dir/index");
            assert_eq!(stem("2021-05-01-a/2022-06-02-b.md"), "/2021-05-01-a/b");
            assert_eq!(stem("s/2021-05-01-.md"), "/s");
            assert_eq!(stem("s/2021-05-01-..md"), "/s");
            assert_eq!(stem("s/2021-05-01-...md"), "/."); // Node: path.join("s", "..")
            assert_eq!(stem("2021-05-01-root.md"), "/root");
            assert_eq!(stem("2021-05-01-index.md"), "/index");
            assert_eq!(stem("index.md"), "/index");
            assert_eq!(stem("2021-05-01-.md"), "/.");
            assert_eq!(stem("sitemap.xml.njk"), "/sitemap.xml");
        }
    }
}
