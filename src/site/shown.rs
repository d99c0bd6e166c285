//! What pages show of files that are not their content, as page-shaped views the rules
//! read: each layout or include some page renders through (its links and markup, parsed
//! once), and the data values that templates write into URL attributes —
//! `src="{{ image }}"`, `href="{{ link | url }}"`, `{{ image or linkImage }}`,
//! `{{ post.data.image }}` in a `{% for post in collections.posts %}` loop — as links
//! written where the value is, in the front matter or data file that sets it.
//!
//! Only what vigie can evaluate becomes a link: a whole attribute that is one expression of
//! data paths through filters that keep the value (`url`, `safe`, `trim`, `default`), a
//! loop over a collection named in the templates, and a string whose bytes in its file are
//! exactly its value. Pure: reads the site model. May import `site::model`, `site::render`,
//! `parse` and `config`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::{Arc, LazyLock, OnceLock};

use regex::Regex;

use super::condition::{self, Truth};
use super::model::{
    Cascade, DataContent, DataFile, LayerSource, Layout, Output, Page, Role, Showing,
};
use super::render::Renders;
use crate::parse::content::{Content, Link, LinkKind};
use crate::parse::front_matter::{FrontMatter, Split};
use crate::parse::yaml::{Value, YamlNode};

/// Every view of the site: layouts and includes first (by path), then data values (by file).
pub fn views(
    pages: &[Page],
    layouts: &[Layout],
    data_files: &[DataFile],
    renders: &Renders,
    input_dir: &str,
    config_data: bool,
) -> Vec<Page> {
    let mut views: Vec<Page> = layouts
        .iter()
        .enumerate()
        .filter(|(i, _)| !renders.pages_of_file[*i].is_empty())
        .map(|(i, layout)| layout_view(i, layout, &renders.pages_of_file[i], pages, input_dir))
        .collect();
    views.extend(data_views(pages, layouts, data_files, renders, config_data));
    views
}

fn layout_view(
    index: usize,
    layout: &Layout,
    pages: &[usize],
    all: &[Page],
    input_dir: &str,
) -> Page {
    let branches = condition::branches(&layout.file.text);
    let locals = local_names(&layout.file.text);
    let scope = condition::Scope {
        binding: None,
        locals: &locals,
    };
    let every: Arc<[usize]> = pages.into();
    let showing = layout
        .content
        .links
        .iter()
        .map(|link| {
            let at = link.span.start;
            if !branches.iter().any(|b| b.span.contains(&at)) {
                return Showing {
                    pages: every.clone(),
                    related: None,
                    unsure: None,
                    targets: OnceLock::new(),
                };
            }
            // A link inside `{% if %}` shows on the pages whose data makes it render.
            let mut shown = Vec::new();
            let mut certain = false;
            for &p in pages {
                match condition::renders_at(&branches, at, &all[p], scope) {
                    Truth::Yes => {
                        certain = true;
                        shown.push(p);
                    }
                    Truth::Unknown => shown.push(p),
                    Truth::No => {}
                }
            }
            let unsure = (!certain).then(|| {
                branches
                    .iter()
                    .filter(|b| b.span.contains(&at))
                    .flat_map(|b| b.tests.iter().map(|t| t.condition.clone()))
                    .collect::<Vec<_>>()
                    .join(" and ")
            });
            Showing {
                pages: shown.into(),
                related: None,
                unsure,
                targets: OnceLock::new(),
            }
        })
        .collect();
    view(
        layout.file.clone(),
        layout.split.clone(),
        layout.content.clone(),
        input_dir,
        Role::Shown {
            layout: Some(index),
            showing,
        },
    )
}

fn view(
    file: crate::source::SourceFile,
    split: Split,
    content: Content,
    input_dir: &str,
    role: Role,
) -> Page {
    let input_path = file
        .rel
        .strip_prefix(input_dir)
        .map_or(file.rel.as_str(), |rest| rest.trim_start_matches('/'))
        .to_owned();
    Page {
        input_path,
        file,
        split,
        data: Cascade::default(),
        output: Output::Disabled,
        scripts: Vec::new(),
        content,
        unread: None,
        pagination: Vec::new(),
        front_matter_ran: false,
        url_patterns: Vec::new(),
        role,
    }
}

/// A data path: `image`, `metadata.feed.path`, `post.data.image`.
type Path = Vec<String>;

/// A template attribute that writes data: the alternatives it shows, the first set one
/// winning (`image or linkImage`, `image | default: linkImage`).
#[derive(Debug, Clone, PartialEq)]
struct Write {
    alternatives: Vec<Path>,
    /// Through a filter other than `default`: what an unset value becomes is the filter's
    /// (Eleventy 1's `url` makes it `.`), not an empty attribute.
    filtered: bool,
    kind: LinkKind,
    /// The attribute value's bytes in the template.
    span: Range<usize>,
}

/// Names a template expression reads that are not the page's data.
const NOT_DATA: [&str; 10] = [
    "pkg",
    "page",
    "collections",
    "pagination",
    "eleventy",
    "content",
    "loop",
    "forloop",
    "super",
    "caller",
];

/// `{{ image or linkImage | url }}` → `[[image], [linkImage]]` and whether a filter other
/// than `default` applies; `None` for anything vigie cannot evaluate (literals, arithmetic,
/// filters that change the value).
fn parse_write(target: &str) -> Option<(Vec<Path>, bool)> {
    let inner = target.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    let inner = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
    if inner.contains(['{', '}', '\'', '"', '(', '[', '+', '~']) && !default_call(inner) {
        return None;
    }
    let mut alternatives = Vec::new();
    let mut filtered = false;
    for alternative in inner.split(" or ") {
        let mut parts = alternative.split('|').map(str::trim);
        alternatives.push(path(parts.next()?)?);
        for filter in parts {
            match filter.split_once([':', '(']) {
                None if matches!(filter, "url" | "safe" | "trim") => filtered = true,
                Some((name, argument)) if matches!(name.trim(), "default" | "d") => {
                    alternatives.push(path(argument.trim().trim_end_matches(')').trim())?);
                }
                _ => return None,
            }
        }
    }
    Some((alternatives, filtered))
}

/// Whether the only parentheses are those of Nunjucks' `default(…)`.
fn default_call(inner: &str) -> bool {
    !inner.contains(['{', '}', '\'', '"', '[', '+', '~'])
        && inner.matches('(').count()
            == inner.matches("default(").count() + inner.matches("d(").count()
}

/// `a.b.c` as its names; `None` unless it is one.
fn path(text: &str) -> Option<Path> {
    let names: Vec<String> = text.split('.').map(str::to_owned).collect();
    let valid = names.iter().all(|n| {
        let mut chars = n.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    });
    (valid && !matches!(names[0].as_str(), "true" | "false" | "null" | "none")).then_some(names)
}

static FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%-?\s*(?:for\s+(\w+)(?:\s*,\s*\w+)?\s+in\s+([^%]*?)|(endfor))\s*-?%\}")
        .expect("regex")
});
pub(super) static BINDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{%-?\s*(?:set|assign|capture)\s+(\w+)(?:\s*=\s*([^%]*?))?\s*-?%\}")
        .expect("regex")
});
static MACRO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*macro\s+\w+\s*\(([^)]*)\)").expect("regex"));

/// A `{% for %}` loop of a template: its variable, what it loops over, its bytes.
pub(super) struct Loop {
    pub variable: String,
    pub over: String,
    pub span: Range<usize>,
}

pub(super) fn loops(text: &str) -> Vec<Loop> {
    let mut open: Vec<(String, String, usize)> = Vec::new();
    let mut found = Vec::new();
    for caps in FOR.captures_iter(text) {
        let at = caps.get(0).map_or(0, |m| m.start());
        if caps.get(3).is_some() {
            if let Some((variable, over, start)) = open.pop() {
                let end = caps.get(0).map_or(at, |m| m.end());
                found.push(Loop {
                    variable,
                    over,
                    span: start..end,
                });
            }
        } else {
            open.push((caps[1].to_owned(), caps[2].trim().to_owned(), at));
        }
    }
    found
}

/// The names a template binds itself (`{% set %}`, `{% assign %}`, macro parameters):
/// never the page's data there.
fn bound_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = BINDING
        .captures_iter(text)
        .map(|c| c[1].to_owned())
        .collect();
    for caps in MACRO.captures_iter(text) {
        names.extend(
            caps[1]
                .split(',')
                .filter_map(|p| p.split('=').next())
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
        );
    }
    names
}

/// The names a template binds (loop variables, `{% set %}`, macro parameters).
fn local_names(text: &str) -> Vec<String> {
    let mut names = bound_names(text);
    names.extend(loops(text).into_iter().map(|l| l.variable));
    names.sort();
    names.dedup();
    names
}

/// The collection an expression loops over, when it keeps every member: `collections.x`,
/// `collections['x']`, a variable set to one, through `reverse` or `sort`.
pub(super) fn collection_of<'a>(
    expression: &'a str,
    sets: &'a HashMap<String, String>,
) -> Option<&'a str> {
    let mut parts = expression.split('|').map(str::trim);
    let base = parts.next()?;
    let base = base.strip_suffix(" reversed").unwrap_or(base).trim();
    if !parts.all(|f| matches!(f, "reverse" | "sort")) {
        return None;
    }
    if let Some(name) = base.strip_prefix("collections.") {
        return path(name).filter(|p| p.len() == 1).map(|_| name);
    }
    if let Some(rest) = base.strip_prefix("collections[") {
        let name = rest.strip_suffix(']')?.trim_matches(['\'', '"']);
        return (!name.is_empty() && !name.contains(['\'', '"'])).then_some(name);
    }
    let set = sets.get(base)?;
    if set == expression {
        return None;
    }
    collection_of(set, sets)
}

/// What one template file writes of data, parsed once.
struct Template {
    writes: Vec<Write>,
    loops: Vec<Loop>,
    bound: Vec<String>,
    sets: Vec<(String, String)>,
    branches: Vec<condition::Branch>,
    /// Its loop variables and bound names: not the page's data in its tests.
    locals: Vec<String>,
}

impl Template {
    fn of(text: &str, content: &Content) -> Self {
        let writes = content
            .links
            .iter()
            .filter(|l| l.dynamic && matches!(l.kind, LinkKind::Html { .. }))
            .filter_map(|l| {
                let (alternatives, filtered) = parse_write(&l.target)?;
                Some(Write {
                    alternatives,
                    filtered,
                    kind: l.kind.clone(),
                    span: l.span.clone(),
                })
            })
            .collect();
        let sets = BINDING
            .captures_iter(text)
            .filter_map(|c| Some((c[1].to_owned(), c.get(2)?.as_str().trim().to_owned())))
            .collect();
        Template {
            writes,
            loops: loops(text),
            bound: bound_names(text),
            sets,
            branches: condition::branches(text),
            locals: local_names(text),
        }
    }
}

/// One data value shown as a link, before grouping by file.
struct Found {
    file: usize,
    link: Link,
    page: usize,
    related: (String, Range<usize>, String),
    /// It renders under a condition vigie cannot evaluate there.
    unsure: Option<String>,
}

/// Where a file of data lives: a page's front matter, a data file, a layout's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Origin {
    Page(usize),
    Data(usize),
    Layout(usize),
}

fn data_views(
    pages: &[Page],
    layouts: &[Layout],
    data_files: &[DataFile],
    renders: &Renders,
    config_data: bool,
) -> Vec<Page> {
    let templates: Vec<Template> = layouts
        .iter()
        .map(|l| Template::of(&l.file.text, &l.content))
        .collect();
    let members = Members::of(pages);
    let passed = passed_names(pages, layouts);
    let cx = Lookup {
        pages,
        layouts,
        data_files,
    };
    let mut origins: Vec<Origin> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    let mut file_of = |origin: Origin| match origins.iter().position(|o| *o == origin) {
        Some(i) => i,
        None => {
            origins.push(origin);
            origins.len() - 1
        }
    };
    for (index, page) in pages.iter().enumerate() {
        if renders.pages_of_file.is_empty() || page.unread.is_some() || !shows(page) {
            continue;
        }
        let own = Template::of(&page.file.text, &page.content);
        let files: Vec<(&Template, Origin, &str)> =
            std::iter::once((&own, Origin::Page(index), page.file.rel.as_str()))
                .chain(
                    renders.files_of_page[index]
                        .iter()
                        .filter(|f| !f.isolated)
                        .map(|f| {
                            let rel = layouts[f.layout].file.rel.as_str();
                            (&templates[f.layout], Origin::Layout(f.layout), rel)
                        }),
                )
                .collect();
        // `{% set posts = collections.posts %}` anywhere the page renders reaches its includes.
        let sets: HashMap<String, String> = files
            .iter()
            .flat_map(|(t, _, _)| t.sets.iter().cloned())
            .collect();
        let alias = page
            .data
            .get("pagination")
            .and_then(|(p, _)| p.get("alias"))
            .and_then(YamlNode::as_str);
        for (template, template_origin, rel) in &files {
            for write in &template.writes {
                let shown = Shown {
                    write,
                    template,
                    index,
                    sets: &sets,
                    members: &members,
                };
                for candidate in shown.candidates(&cx) {
                    let unsure = match candidate.truth {
                        Truth::No => continue,
                        Truth::Yes => None,
                        Truth::Unknown => Some(shown.conditions()),
                    };
                    match candidate.value {
                        Some(value) => {
                            let Some((origin, link)) = cx.link(candidate.member, value, write)
                            else {
                                continue;
                            };
                            found.push(Found {
                                file: file_of(origin),
                                link,
                                page: index,
                                related: (
                                    (*rel).to_owned(),
                                    write.span.clone(),
                                    "shown as a link here".to_owned(),
                                ),
                                unsure,
                            });
                        }
                        None => {
                            // Set by something vigie does not see, maybe: then it is not empty.
                            let first = write.alternatives[0][0].as_str();
                            let maybe_passed = write.filtered
                                || passed.iter().any(|p| p == first)
                                || alias == Some(first)
                                || (config_data && !candidate.in_loop);
                            if maybe_passed {
                                continue;
                            }
                            let member = &pages[candidate.member];
                            let names: Vec<String> = write
                                .alternatives
                                .iter()
                                .map(|p| {
                                    format!(
                                        "`{}`",
                                        p[if candidate.in_loop { 2 } else { 0 }..].join(".")
                                    )
                                })
                                .collect();
                            found.push(Found {
                                file: file_of(*template_origin),
                                link: Link {
                                    kind: write.kind.clone(),
                                    target: String::new(),
                                    span: write.span.clone(),
                                    dynamic: false,
                                },
                                page: index,
                                related: (
                                    member.file.rel.clone(),
                                    front_matter_open(member),
                                    format!("sets no {}", names.join(" nor ")),
                                ),
                                unsure,
                            });
                        }
                    }
                }
            }
        }
    }
    group(found, &origins, pages, layouts, data_files)
}

/// The bytes of a page's opening `---`, where a finding about its data points.
fn front_matter_open(page: &Page) -> Range<usize> {
    match &page.split.front_matter {
        FrontMatter::Parsed(block) => block.open.clone(),
        _ => 0..0,
    }
}

/// Names passed to includes as parameters (`{% include 'card', image: x %}`,
/// `{% render 'card' image: x %}`): inside those, they are not the page's data.
fn passed_names(pages: &[Page], layouts: &[Layout]) -> Vec<String> {
    static PASSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{%-?\s*(?:include|render)\s[^%]*?[\s,](\w+)\s*[:=]").expect("regex")
    });
    let mut names: Vec<String> = pages
        .iter()
        .map(|p| &*p.file.text)
        .chain(layouts.iter().map(|l| &*l.file.text))
        .flat_map(|text| PASSED.captures_iter(text).map(|c| c[1].to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether a page is written somewhere (or may be).
fn shows(page: &Page) -> bool {
    page.outputs()
        .iter()
        .any(|o| matches!(o, Output::Url { .. } | Output::Unknown { .. }))
}

/// The pages of each tag's collection, and of `all`.
struct Members {
    by_tag: HashMap<String, Vec<usize>>,
    all: Vec<usize>,
}

impl Members {
    fn of(pages: &[Page]) -> Self {
        let mut by_tag: HashMap<String, Vec<usize>> = HashMap::new();
        let mut all = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            let excluded = page
                .data
                .get("eleventyExcludeFromCollections")
                .is_some_and(|(v, _)| v.is_truthy());
            if excluded || page.unread.is_some() {
                continue;
            }
            all.push(i);
            for tag in page.data.tags() {
                by_tag.entry(tag).or_default().push(i);
            }
        }
        Members { by_tag, all }
    }

    fn of_collection(&self, name: &str) -> &[usize] {
        if name == "all" {
            return &self.all;
        }
        self.by_tag.get(name).map_or(&[], Vec::as_slice)
    }
}

/// What a write shows on page `index`: for the page itself, or for each member of the
/// collection a loop around it goes over.
struct Shown<'s> {
    write: &'s Write,
    template: &'s Template,
    index: usize,
    sets: &'s HashMap<String, String>,
    members: &'s Members,
}

/// One value a write shows, or `None` when no alternative is set (the attribute renders
/// empty), with whether its `{% if %}` lets it render.
struct Candidate<'a> {
    member: usize,
    value: Option<(&'a YamlNode, LayerSource)>,
    truth: Truth,
    in_loop: bool,
}

impl Shown<'_> {
    fn candidates<'a>(&self, cx: &Lookup<'a>) -> Vec<Candidate<'a>> {
        let (write, template) = (self.write, self.template);
        let page = &cx.pages[self.index];
        let at = write.span.start;
        // Every alternative must be read the same way: all the page's data, or all one loop's.
        let first = &write.alternatives[0][0];
        if let Some(within) = template
            .loops
            .iter()
            .filter(|l| l.span.contains(&at) && l.variable == *first)
            .min_by_key(|l| l.span.len())
        {
            let data_paths: Option<Vec<&[String]>> = write
                .alternatives
                .iter()
                .map(|p| (p.len() > 2 && p[0] == *first && p[1] == "data").then(|| &p[2..]))
                .collect();
            let (Some(paths), Some(collection)) =
                (data_paths, collection_of(&within.over, self.sets))
            else {
                return Vec::new();
            };
            return self
                .members
                .of_collection(collection)
                .iter()
                .filter_map(|&member| {
                    let value = cx.first_set(member, &paths);
                    if value.is_none() && !cx.surely_unset(member, &paths) {
                        return None;
                    }
                    let scope = condition::Scope {
                        binding: Some((first.as_str(), &cx.pages[member])),
                        locals: &template.locals,
                    };
                    Some(Candidate {
                        member,
                        value,
                        truth: condition::renders_at(&template.branches, at, page, scope),
                        in_loop: true,
                    })
                })
                .collect();
        }
        let readable = write.alternatives.iter().all(|p| {
            let name = p[0].as_str();
            !NOT_DATA.contains(&name)
                && !template.bound.iter().any(|b| b == name)
                && !template
                    .loops
                    .iter()
                    .any(|l| l.variable == name && l.span.contains(&at))
        });
        if !readable {
            return Vec::new();
        }
        let paths: Vec<&[String]> = write.alternatives.iter().map(Vec::as_slice).collect();
        let value = cx.first_set(self.index, &paths);
        if value.is_none() && !cx.surely_unset(self.index, &paths) {
            return Vec::new();
        }
        vec![Candidate {
            member: self.index,
            value,
            truth: condition::renders_at(
                &template.branches,
                at,
                page,
                condition::Scope {
                    binding: None,
                    locals: &template.locals,
                },
            ),
            in_loop: false,
        }]
    }

    /// The conditions around the write, as written.
    fn conditions(&self) -> String {
        let at = self.write.span.start;
        self.template
            .branches
            .iter()
            .filter(|b| b.span.contains(&at))
            .flat_map(|b| b.tests.iter().map(|t| t.condition.clone()))
            .collect::<Vec<_>>()
            .join(" and ")
    }
}

struct Lookup<'a> {
    pages: &'a [Page],
    layouts: &'a [Layout],
    data_files: &'a [DataFile],
}

impl<'a> Lookup<'a> {
    /// Whether no path is set in the page's data, as far as vigie can know: no JavaScript
    /// that did not run may set it.
    fn surely_unset(&self, page: usize, paths: &[&[String]]) -> bool {
        let page = &self.pages[page];
        page.scripts.is_empty()
            && !page.front_matter_ran
            && paths.iter().all(|path| {
                let mut node = match page.data.get(&path[0]) {
                    Some((node, _)) => node,
                    None => return true,
                };
                for name in &path[1..] {
                    match node.get(name) {
                        Some(next) => node = next,
                        None => return node.is_map(),
                    }
                }
                !node.is_truthy()
            })
    }

    /// The first path that is set in the page's data (JavaScript's `a or b`), and the
    /// layer it was written in.
    fn first_set(&self, page: usize, paths: &[&[String]]) -> Option<(&'a YamlNode, LayerSource)> {
        paths.iter().find_map(|path| {
            let data = &self.pages[page].data;
            let (mut node, origin) = data.get(&path[0])?;
            for name in &path[1..] {
                node = node.get(name)?;
            }
            node.is_truthy().then_some((node, origin))
        })
    }

    /// The value as a link written in its file, when its bytes there are exactly its value.
    fn link(
        &self,
        page: usize,
        (value, origin): (&YamlNode, LayerSource),
        write: &Write,
    ) -> Option<(Origin, Link)> {
        let Value::String { text, .. } = &value.value else {
            return None;
        };
        let (origin, file_text) = match origin {
            LayerSource::FrontMatter => {
                // `---js` and computed data have no exact bytes in the file.
                let written = &self.pages[page];
                if !matches!(written.split.front_matter, FrontMatter::Parsed(_)) {
                    return None;
                }
                (Origin::Page(page), &written.file.text)
            }
            LayerSource::DataFile(i) => {
                let DataContent::Parsed(_) = self.data_files[i].content else {
                    return None;
                };
                (Origin::Data(i), &self.data_files[i].file.text)
            }
            LayerSource::Layout(i) => (Origin::Layout(i), &self.layouts[i].file.text),
        };
        let span = exact_span(file_text, &value.span, text)?;
        Some((
            origin,
            Link {
                kind: write.kind.clone(),
                target: text.clone(),
                span,
                dynamic: false,
            },
        ))
    }
}

/// The bytes of a string value in its file, inside its quotes, if they are exactly `text`.
fn exact_span(file: &str, span: &Range<usize>, text: &str) -> Option<Range<usize>> {
    let written = file.get(span.clone())?;
    if written == text {
        return Some(span.clone());
    }
    let quoted = (written.starts_with('"') && written.ends_with('"'))
        || (written.starts_with('\'') && written.ends_with('\''));
    (quoted && written.len() >= 2 && &written[1..written.len() - 1] == text)
        .then(|| span.start + 1..span.end - 1)
}

/// One view per file of data, each link once with every page that shows it.
fn group(
    found: Vec<Found>,
    origins: &[Origin],
    pages: &[Page],
    layouts: &[Layout],
    data_files: &[DataFile],
) -> Vec<Page> {
    let mut by_file: BTreeMap<String, (Origin, LinksAt)> = BTreeMap::new();
    for found in found {
        let origin = origins[found.file];
        let file = match origin {
            Origin::Page(i) => &pages[i].file,
            Origin::Data(i) => &data_files[i].file,
            Origin::Layout(i) => &layouts[i].file,
        };
        let (_, links) = by_file
            .entry(file.rel.clone())
            .or_insert_with(|| (origin, BTreeMap::new()));
        let entry = links
            .entry((found.link.span.start, found.link.span.end))
            .or_insert_with(|| Entry {
                link: found.link,
                pages: Vec::new(),
                related: found.related,
                unsure: found.unsure.clone(),
            });
        // Certain on one page is certain.
        if found.unsure.is_none() {
            entry.unsure = None;
        }
        if !entry.pages.contains(&found.page) {
            entry.pages.push(found.page);
        }
    }
    by_file
        .into_values()
        .map(|(origin, links)| {
            let file = match origin {
                Origin::Page(i) => pages[i].file.clone(),
                Origin::Data(i) => data_files[i].file.clone(),
                Origin::Layout(i) => layouts[i].file.clone(),
            };
            let mut content = Content::default();
            let mut showing = Vec::new();
            for entry in links.into_values() {
                let mut shown_on = entry.pages;
                shown_on.sort_unstable();
                content.links.push(entry.link);
                showing.push(Showing {
                    pages: shown_on.into(),
                    related: Some(entry.related),
                    unsure: entry.unsure,
                    targets: OnceLock::new(),
                });
            }
            let split = Split {
                front_matter: FrontMatter::Absent,
                body: 0..0,
            };
            view(
                file,
                split,
                content,
                "",
                Role::Shown {
                    layout: None,
                    showing,
                },
            )
        })
        .collect()
}

/// A file's shown links by their bytes.
type LinksAt = BTreeMap<(usize, usize), Entry>;

struct Entry {
    link: Link,
    pages: Vec<usize>,
    related: (String, Range<usize>, String),
    unsure: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(target: &str) -> Option<Vec<String>> {
        parse_write(target)
            .map(|(alternatives, _)| alternatives.iter().map(|p| p.join(".")).collect())
    }

    #[test]
    fn writes_of_data_are_read_as_far_as_vigie_can_evaluate_them() {
        assert_eq!(paths("{{ image }}").unwrap(), ["image"]);
        assert_eq!(paths("{{- link | url -}}").unwrap(), ["link"]);
        assert_eq!(
            paths("{{ image or linkImage }}").unwrap(),
            ["image", "linkImage"]
        );
        assert_eq!(
            paths("{{ image | default: linkImage }}").unwrap(),
            ["image", "linkImage"]
        );
        assert_eq!(
            paths("{{ image | default(linkImage) }}").unwrap(),
            ["image", "linkImage"]
        );
        assert_eq!(paths("{{ post.data.image }}").unwrap(), ["post.data.image"]);
        for unknown in [
            "{{ '/img/' + image }}",
            "{{ image | resize }}",
            "{{ 'literal' }}",
            "/tags/{{ tag }}/",
            "{{ a }}{{ b }}",
            "{{ items[0] }}",
            "{{ true }}",
        ] {
            assert_eq!(paths(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn loops_know_their_collection() {
        let text =
            "{% for post in postslist | reverse %}<img src=\"{{ post.data.image }}\">{% endfor %}";
        let found = loops(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].variable, "post");
        let sets: HashMap<String, String> =
            [("postslist".to_owned(), "collections.posts".to_owned())].into();
        assert_eq!(collection_of(&found[0].over, &sets), Some("posts"));
        assert_eq!(collection_of("collections['a-b']", &sets), Some("a-b"));
        assert_eq!(collection_of("collections.posts | head(3)", &sets), None);
        assert_eq!(collection_of("pagination.items", &sets), None);
    }

    /// `(file, line, severity, message)` of what `rule` finds on `files`.
    fn found(
        rule: &dyn crate::rules::Rule,
        files: &[(&str, &str)],
    ) -> Vec<(String, usize, String, String)> {
        let site = crate::testing::build_site(&crate::testing::inputs(files));
        crate::testing::run_rule(rule, &site)
            .into_iter()
            .map(|d| {
                let text = &site
                    .pages
                    .iter()
                    .map(|p| &p.file)
                    .chain(site.layouts.iter().map(|l| &l.file))
                    .chain(site.data_files.iter().map(|d| &d.file))
                    .find(|f| f.rel == d.file)
                    .unwrap()
                    .text;
                let line = text[..d.span.start].matches('\n').count() + 1;
                (d.file, line, format!("{:?}", d.severity), d.message)
            })
            .collect()
    }

    const BASE: (&str, &str) = (
        "_includes/base.njk",
        "<html>\n<a href=\"/contact/\">Contact</a>\n<a href=\"plan/\">Plan</a>\n{% if type == 'news' %}<a href=\"/actualites/\">Actualités</a>{% endif %}\n{% if weird(x) %}<a href=\"/ailleurs/\">?</a>{% endif %}\n{{ content | safe }}\n<img src=\"{{ image or linkImage }}\" alt=\"\">\n</html>\n",
    );

    #[test]
    fn a_layout_link_is_checked_once_in_the_layout() {
        let files = [
            BASE,
            ("index.md", "---\nlayout: base.njk\n---\n"),
            ("a-propos.md", "---\nlayout: base.njk\n---\n"),
            ("plan.md", "---\nlayout: base.njk\n---\n"),
        ];
        let found = found(&crate::rules::links::missing_page::MissingPage, &files);
        let expected = [
            (
                "_includes/base.njk",
                2,
                "Error",
                "no page at `/contact/` (on the 3 pages that show it)",
            ),
            // `plan/` is `/plan/` from the home page, `/a-propos/plan/` and `/plan/plan/` elsewhere.
            (
                "_includes/base.njk",
                3,
                "Error",
                "no page at `plan/` (`/a-propos/plan/`) (on 2 of the 3 pages that show it, such as `/a-propos/`)",
            ),
            // No page is `type: news`: `/actualites/` never renders. `weird(x)` may hold.
            (
                "_includes/base.njk",
                5,
                "Warning",
                "no page at `/ailleurs/` (on the 3 pages that show it)",
            ),
        ];
        let expected: Vec<(String, usize, String, String)> = expected
            .iter()
            .map(|(f, l, s, m)| ((*f).to_owned(), *l, (*s).to_owned(), (*m).to_owned()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn data_that_templates_write_into_links_is_checked_where_it_is_written() {
        let files = [
            BASE,
            (
                "posts/a.md",
                "---\nlayout: base.njk\ntags: posts\nimage: /img/absente.png\n---\n",
            ),
            (
                "posts/b.md",
                "---\nlayout: base.njk\ntags: posts\nlinkImage: \"/img/b.png\"\n---\n",
            ),
            (
                "posts/c.md",
                "---\ntags: posts\nimage: /img/liste.png\n---\n",
            ),
            ("img/b.png", ""),
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy('img'); };",
            ),
            (
                "blog.njk",
                "{% set list = collections.posts %}{% include \"list.njk\" %}",
            ),
            (
                "_includes/list.njk",
                "{% for post in list | reverse %}<img src=\"{{ post.data.image }}\" alt=\"\">{% endfor %}",
            ),
        ];
        let found = found(&crate::rules::links::missing_asset::MissingAsset, &files);
        let files_lines: Vec<(&str, usize)> =
            found.iter().map(|(f, l, _, _)| (f.as_str(), *l)).collect();
        // a's image shows on its own page and on the blog; c's only on the blog; b's exists.
        assert_eq!(
            files_lines,
            [("posts/a.md", 4), ("posts/c.md", 3)],
            "{found:?}"
        );
        assert_eq!(
            found[0].3,
            "no file at `/img/absente.png` (on the 2 pages that show it)"
        );
    }
}
