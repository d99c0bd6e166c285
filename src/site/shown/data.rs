//! The data values that templates write into URL attributes — `src="{{ image }}"`,
//! `href="{{ link | url }}"`, `{{ image or linkImage }}`, `{{ image | default: x }}`,
//! `{{ post.data.image }}` in a `{% for post in collections.posts %}` loop — as links
//! written where the value is, in the front matter or data file that sets it; and, where no
//! alternative is set, the empty link the attribute renders, at the template.
//!
//! Only what vigie can evaluate becomes a link: a whole attribute that is one expression of
//! data paths through filters that keep the value (`url`, `safe`, `trim`, `default`), a loop
//! over a tag's collection, and a string whose bytes in its file are exactly its value.
//! Names the templates on the page's path bind (loop variables, `set`, macro and include
//! parameters), collections the config computes, and data JavaScript computes are unknown.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::super::condition::{self, Engine, Scope, Truth};
use super::super::model::{DataContent, DataFile, LayerSource, Layout, Page, Role, Showing};
use super::super::render::{Renders, shows_anything};
use super::local_view;
use crate::config::Eleventy;
use crate::parse::content::{Content, Link, LinkKind};
use crate::parse::front_matter::{FrontMatter, Split};
use crate::parse::template_tags::{self, Tags};
use crate::parse::yaml::{Value, YamlNode};
use crate::source::SourceFile;

/// A data path: `image`, `metadata.feed.path`, `post.data.image`.
type Path = Vec<String>;

/// How an alternative gives way to the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gives {
    /// `a or b`: when `a` is falsy (JavaScript's truth).
    Falsy,
    /// Nunjucks' `a | default(b)`: only when `a` is undefined.
    Undefined,
    /// Liquid's `a | default: b`: when `a` is nil, false or empty.
    LiquidEmpty,
}

/// A template attribute that writes data.
#[derive(Debug, Clone, PartialEq)]
struct Write {
    /// The paths in order, each with how it gives way to the next (the last never does).
    alternatives: Vec<(Path, Gives)>,
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

/// `{{ image or linkImage | url }}` → `image`, `linkImage`; `None` for anything vigie
/// cannot evaluate (literals, arithmetic, filters that change the value).
fn parse_write(target: &str, engine: Engine) -> Option<(Vec<(Path, Gives)>, bool)> {
    let inner = target.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    let inner = inner.trim_matches(|c: char| c == '-' || c.is_whitespace());
    if inner.contains(['{', '}', '\'', '"', '[', '+', '~']) {
        return None;
    }
    let mut alternatives: Vec<(Path, Gives)> = Vec::new();
    let mut filtered = false;
    for alternative in inner.split(" or ") {
        if let Some(last) = alternatives.last_mut() {
            last.1 = Gives::Falsy;
        }
        let mut parts = alternative.split('|').map(str::trim);
        alternatives.push((path(parts.next()?)?, Gives::Falsy));
        for filter in parts {
            match filter.split_once([':', '(']) {
                None if matches!(filter, "url" | "safe" | "trim") => filtered = true,
                Some((name, argument)) if matches!(name.trim(), "default" | "d") => {
                    let argument = argument.trim().strip_suffix(')').unwrap_or(argument.trim());
                    // `default(x, true)` gives way when falsy, as `or` does.
                    let (argument, boolean) = match argument.split_once(',') {
                        Some((argument, flag)) => (argument.trim(), flag.trim() == "true"),
                        None => (argument, false),
                    };
                    let gives = match (filter.contains(':'), boolean, engine) {
                        (true, _, _) => Gives::LiquidEmpty,
                        (false, true, _) => Gives::Falsy,
                        (false, false, Engine::Liquid) => return None,
                        (false, false, _) => Gives::Undefined,
                    };
                    if let Some(last) = alternatives.last_mut() {
                        last.1 = gives;
                    }
                    alternatives.push((path(argument)?, Gives::Falsy));
                }
                _ => return None,
            }
        }
    }
    (!inner.contains('(') || alternatives.len() > 1).then_some((alternatives, filtered))
}

/// `a.b.c` as its names; `None` unless it is one.
fn path(text: &str) -> Option<Path> {
    template_tags::data_path(text).map(|names| names.into_iter().map(str::to_owned).collect())
}

/// What one template file writes of data, read once.
struct Template<'t> {
    tags: &'t Tags,
    writes: Vec<Write>,
    engine: Engine,
}

impl<'t> Template<'t> {
    fn of(rel: &str, tags: &'t Tags, content: &Content) -> Self {
        let engine = Engine::of(rel);
        let writes = content
            .links
            .iter()
            .filter(|l| l.dynamic && matches!(l.kind, LinkKind::Html { .. }))
            .filter_map(|l| {
                let (alternatives, filtered) = parse_write(&l.target, engine)?;
                Some(Write {
                    alternatives,
                    filtered,
                    kind: l.kind.clone(),
                    span: l.span.clone(),
                })
            })
            .collect();
        Template {
            tags,
            writes,
            engine,
        }
    }
}

/// The collection an expression loops over, when it keeps every member: `collections.x`,
/// `collections['x']`, a variable set to one, through `reverse` or `sort`.
pub(in crate::site) fn collection_of<'a>(
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

/// The `{% set x = … %}` of every file a page renders; a name set two ways is left out.
pub(in crate::site) fn sets_on_path<'a>(
    tags: impl Iterator<Item = &'a Tags>,
) -> HashMap<String, String> {
    let mut sets: HashMap<String, String> = HashMap::new();
    let mut twice = HashSet::new();
    for (name, value) in tags.flat_map(|t| t.sets.iter()) {
        match sets.get(name) {
            Some(known) if known != value => {
                twice.insert(name.clone());
            }
            _ => {
                sets.insert(name.clone(), value.clone());
            }
        }
    }
    sets.retain(|name, _| !twice.contains(name));
    sets
}

/// What a data path holds on a page, as far as vigie can know.
enum Lookup<'a> {
    Set(&'a YamlNode, LayerSource),
    Undefined,
    Unknown,
}

/// What a write shows for one page's data: a value, nothing (the attribute renders empty),
/// or something vigie cannot know.
enum Pick<'a> {
    Value(&'a YamlNode, LayerSource),
    Unset,
    Unknown,
}

/// The site's data as the writes read it.
struct Data<'a> {
    pages: &'a [Page],
    layouts: &'a [Layout],
    data_files: &'a [DataFile],
    /// Global names JavaScript computes (a `_data/*.js` file, whatever it returned).
    computed: HashSet<&'a str>,
    config_data: bool,
}

impl<'a> Data<'a> {
    fn lookup(&self, page: usize, path: &[String]) -> Lookup<'a> {
        let (Some(page), [first, rest @ ..]) = (self.pages.get(page), path) else {
            return Lookup::Unknown;
        };
        let Some((mut node, origin)) = page.data.get(first) else {
            // JavaScript that did not run, or the config's global data, may set it.
            let unknown = !page.scripts.is_empty()
                || self.computed.contains(first.as_str())
                || self.config_data;
            return if unknown {
                Lookup::Unknown
            } else {
                Lookup::Undefined
            };
        };
        if let LayerSource::DataFile(i) = origin
            && self
                .data_files
                .get(i)
                .is_some_and(|d| matches!(d.content, DataContent::Script { .. }))
        {
            return Lookup::Unknown;
        }
        for name in rest {
            match node.get(name) {
                Some(next) => node = next,
                None if node.is_map() => return Lookup::Undefined,
                None => return Lookup::Unknown,
            }
        }
        Lookup::Set(node, origin)
    }

    /// The alternative that renders, as the template language picks it.
    fn pick(&self, page: usize, alternatives: &[(&[String], Gives)]) -> Pick<'a> {
        for (i, (path, gives)) in alternatives.iter().enumerate() {
            let last = i + 1 == alternatives.len();
            match self.lookup(page, path) {
                Lookup::Unknown => return Pick::Unknown,
                Lookup::Undefined if last => return Pick::Unset,
                Lookup::Undefined => {}
                Lookup::Set(node, origin) => {
                    let gives_way = match gives {
                        Gives::Falsy => !node.is_truthy(),
                        Gives::Undefined => false,
                        Gives::LiquidEmpty => {
                            matches!(node.value, Value::Null | Value::Bool(false))
                                || node.as_str() == Some("")
                        }
                    };
                    if last || !gives_way {
                        return Pick::Value(node, origin);
                    }
                }
            }
        }
        Pick::Unset
    }

    /// The value as a link written in its file, when its bytes there are exactly its value.
    fn link(
        &self,
        page: usize,
        value: &YamlNode,
        origin: LayerSource,
        write: &Write,
    ) -> Option<(Origin, Link)> {
        let Value::String { text, .. } = &value.value else {
            return None;
        };
        let (origin, file_text) = match origin {
            LayerSource::FrontMatter => {
                // `---js` and computed data have no exact bytes in the file.
                let written = self.pages.get(page)?;
                if !matches!(written.split.front_matter, FrontMatter::Parsed(_)) {
                    return None;
                }
                (Origin::Page(page), &written.file.text)
            }
            LayerSource::DataFile(i) => {
                let data_file = self.data_files.get(i)?;
                let DataContent::Parsed(_) = data_file.content else {
                    return None;
                };
                (Origin::Data(i), &data_file.file.text)
            }
            LayerSource::Layout(i) => (Origin::Layout(i), &self.layouts.get(i)?.file.text),
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
    let unquoted = ['"', '\'']
        .into_iter()
        .find_map(|quote| written.strip_prefix(quote)?.strip_suffix(quote));
    (unquoted == Some(text)).then(|| span.start + 1..span.end - 1)
}

/// The file a finding goes in: a page's (its front matter or its template), a data file, a
/// layout's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Origin {
    Page(usize),
    Data(usize),
    Layout(usize),
}

/// One link found, gathered with every page that shows it.
struct Entry {
    link: Link,
    pages: Vec<usize>,
    /// Pages gathered by loops that show it on every page rendering them.
    groups: Vec<Arc<[usize]>>,
    /// Pages on which it only may render (a test vigie cannot evaluate).
    maybe: Vec<usize>,
    condition: Option<String>,
    related: (String, Range<usize>, String),
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

/// What a write shows for one member of a collection (or the page itself).
type Shown<'a> = (usize, Pick<'a>);

/// Every data view of the site, one per file of data, by path.
pub(super) fn views(
    pages: &[Page],
    layouts: &[Layout],
    data_files: &[DataFile],
    renders: &Renders,
    eleventy: &Eleventy,
) -> Vec<Page> {
    let templates: Vec<Template> = layouts
        .iter()
        .zip(&renders.layout_tags)
        .map(|(l, tags)| Template::of(&l.file.rel, tags, &l.content))
        .collect();
    let data_dir = crate::config::eleventy::join_dirs(&eleventy.input, &eleventy.data);
    let computed = data_files
        .iter()
        .filter(|d| matches!(d.content, DataContent::Script { .. }))
        .filter_map(|d| d.file.rel.strip_prefix(&data_dir))
        .map(|rest| rest.trim_start_matches('/'))
        .filter_map(|name| name.split(['.', '/']).next())
        .collect();
    let data = Data {
        pages,
        layouts,
        data_files,
        computed,
        config_data: eleventy.config_data,
    };
    let members = Members::of(pages);
    let mut entries: HashMap<(Origin, usize, usize), Entry> = HashMap::new();
    // A loop over a collection in a layout shows the same values on every page that renders
    // it: its values are read once, and the pages gathered.
    type Uses<'a> = (Arc<Vec<Shown<'a>>>, Vec<usize>);
    let mut loops: HashMap<(usize, usize, String), Uses<'_>> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        if !shows_anything(page) {
            continue;
        }
        let (Some(tags), Some(files)) = (
            renders.page_tags.get(index),
            renders.files_of_page.get(index),
        ) else {
            continue;
        };
        let own = Template::of(&page.file.rel, tags, &page.content);
        let layouts = files.iter().filter(|f| !f.isolated).filter_map(|f| {
            let template = templates.get(f.layout)?;
            Some((template, Origin::Layout(f.layout), Some(f.layout)))
        });
        let path: Vec<(&Template, Origin, Option<usize>)> =
            std::iter::once((&own, Origin::Page(index), None))
                .chain(layouts)
                .collect();
        let sets = sets_on_path(path.iter().map(|(t, _, _)| t.tags));
        let bound = bound_on_path(&path, page);
        for (template, template_origin, layout) in &path {
            for (w, write) in template.writes.iter().enumerate() {
                let at = write.span.start;
                let Some(first) = write.alternatives.first().and_then(|(p, _)| p.first()) else {
                    continue;
                };
                let first = first.as_str();
                let within = template
                    .tags
                    .loops
                    .iter()
                    .filter(|l| l.span.contains(&at) && l.variable == first)
                    .min_by_key(|l| l.span.len());
                let shown: Arc<Vec<Shown<'_>>> = match within {
                    Some(within) => {
                        let Some(collection) = collection_of(&within.over, &sets) else {
                            continue;
                        };
                        if eleventy.collections.iter().any(|c| c == collection) {
                            continue;
                        }
                        let Some(paths) = item_paths(write, first) else {
                            continue;
                        };
                        let read = || {
                            let members = members.of_collection(collection);
                            Arc::new(members.iter().map(|&m| (m, data.pick(m, &paths))).collect())
                        };
                        let branched = template.tags.branches.iter().any(|b| b.span.contains(&at))
                            || template.tags.in_macro(at);
                        match layout {
                            // The same on every page that renders it: gathered once, below.
                            Some(l) if !branched => {
                                let uses = loops
                                    .entry((*l, w, collection.to_owned()))
                                    .or_insert_with(|| (read(), Vec::new()));
                                uses.1.push(index);
                                continue;
                            }
                            _ => read(),
                        }
                    }
                    None => {
                        let readable = write.alternatives.iter().all(|(p, _)| {
                            p.first().is_some_and(|name| {
                                !NOT_DATA.contains(&name.as_str()) && !bound.contains(name.as_str())
                            })
                        });
                        if !readable {
                            continue;
                        }
                        let paths: Vec<(&[String], Gives)> = write
                            .alternatives
                            .iter()
                            .map(|(p, g)| (p.as_slice(), *g))
                            .collect();
                        Arc::new(vec![(index, data.pick(index, &paths))])
                    }
                };
                for (member, pick) in shown.iter() {
                    let scope = Scope {
                        binding: within.and(pages.get(*member)).map(|item| (first, item)),
                        locals: &template.tags.bound,
                        engine: template.engine,
                    };
                    let in_macro = template.tags.in_macro(at);
                    let truth =
                        match condition::renders_at(&template.tags.branches, at, page, scope) {
                            _ if in_macro => Truth::Unknown,
                            truth => truth,
                        };
                    if truth == Truth::No {
                        continue;
                    }
                    let Some(found) = found_link(
                        &data,
                        *template_origin,
                        write,
                        *member,
                        pick,
                        within.is_some(),
                    ) else {
                        continue;
                    };
                    let entry = entry_of(&mut entries, found);
                    if entry.pages.last() != Some(&index) {
                        entry.pages.push(index);
                        if truth == Truth::Unknown {
                            entry.maybe.push(index);
                            entry
                                .condition
                                .get_or_insert_with(|| template.tags.conditions_at(at));
                        }
                    }
                }
            }
        }
    }
    for ((layout, w, _), (shown, on)) in loops {
        let on: Arc<[usize]> = on.into();
        let Some(write) = templates.get(layout).and_then(|t| t.writes.get(w)) else {
            continue;
        };
        for (member, pick) in shown.iter() {
            if let Some(found) =
                found_link(&data, Origin::Layout(layout), write, *member, pick, true)
            {
                entry_of(&mut entries, found).groups.push(on.clone());
            }
        }
    }
    group(entries, pages, layouts, data_files)
}

/// A link found and where it goes: its file, the link, the place it points at too.
type Found = (Origin, Link, (String, Range<usize>, String));

fn entry_of(
    entries: &mut HashMap<(Origin, usize, usize), Entry>,
    (origin, link, related): Found,
) -> &mut Entry {
    entries
        .entry((origin, link.span.start, link.span.end))
        .or_insert_with(|| Entry {
            link,
            pages: Vec::new(),
            groups: Vec::new(),
            maybe: Vec::new(),
            condition: None,
            related,
        })
}

/// What `pick` (a member's data, for the write in the template at `template`) shows as a
/// link: the value, where it is written; or the empty attribute, at the template.
fn found_link(
    data: &Data<'_>,
    template: Origin,
    write: &Write,
    member: usize,
    pick: &Pick<'_>,
    in_loop: bool,
) -> Option<Found> {
    match pick {
        Pick::Unknown => None,
        Pick::Value(value, origin) => {
            let (origin, link) = data.link(member, value, *origin, write)?;
            let related = (
                rel_of(template, data.pages, data.layouts),
                write.span.clone(),
                "shown as a link here".to_owned(),
            );
            Some((origin, link, related))
        }
        // Through `url`, nothing renders as something else than nothing.
        Pick::Unset if write.filtered => None,
        Pick::Unset => {
            let offset = usize::from(in_loop) * 2;
            let names: Vec<String> = write
                .alternatives
                .iter()
                .map(|(p, _)| {
                    let from = offset.min(p.len().saturating_sub(1));
                    format!("`{}`", p.get(from..).unwrap_or_default().join("."))
                })
                .collect();
            let lacking = data.pages.get(member)?;
            let link = Link {
                kind: write.kind.clone(),
                target: String::new(),
                span: write.span.clone(),
                dynamic: false,
            };
            let related = (
                lacking.file.rel.clone(),
                front_matter_open(lacking),
                format!("sets no {}", names.join(" nor ")),
            );
            Some((template, link, related))
        }
    }
}

/// The names bound anywhere on a page's path (loop variables, sets, macro and include
/// parameters, the pagination alias): they may be what an include reads, not page data.
fn bound_on_path<'t>(
    path: &[(&'t Template, Origin, Option<usize>)],
    page: &'t Page,
) -> HashSet<&'t str> {
    path.iter()
        .flat_map(|(t, _, _)| {
            t.tags
                .bound
                .iter()
                .chain(t.tags.includes.iter().flat_map(|i| &i.passes))
                .map(String::as_str)
        })
        .chain(
            page.data
                .get("pagination")
                .and_then(|(p, _)| p.get("alias"))
                .and_then(YamlNode::as_str),
        )
        .collect()
}

/// `post.data.image or post.data.cover` → `image`, `cover`: every alternative must read the
/// loop's item's data.
fn item_paths<'w>(write: &'w Write, item: &str) -> Option<Vec<(&'w [String], Gives)>> {
    write
        .alternatives
        .iter()
        .map(|(p, g)| match p.as_slice() {
            [first, data, rest @ ..] if first == item && data == "data" && !rest.is_empty() => {
                Some((rest, *g))
            }
            _ => None,
        })
        .collect()
}

fn rel_of(origin: Origin, pages: &[Page], layouts: &[Layout]) -> String {
    let file = match origin {
        Origin::Page(i) => pages.get(i).map(|p| &p.file),
        Origin::Layout(i) => layouts.get(i).map(|l| &l.file),
        Origin::Data(_) => None,
    };
    file.map_or_else(String::new, |f| f.rel.clone())
}

/// The bytes of a page's opening `---`, where a finding about its data points.
fn front_matter_open(page: &Page) -> Range<usize> {
    match &page.split.front_matter {
        FrontMatter::Parsed(block) => block.open.clone(),
        _ => 0..0,
    }
}

/// One view per file, its links in source order, each with the pages that show it.
fn group(
    entries: HashMap<(Origin, usize, usize), Entry>,
    pages: &[Page],
    layouts: &[Layout],
    data_files: &[DataFile],
) -> Vec<Page> {
    let mut by_file: BTreeMap<&str, (&SourceFile, Vec<Entry>)> = BTreeMap::new();
    for ((origin, _, _), entry) in entries {
        let file = match origin {
            Origin::Page(i) => pages.get(i).map(|p| &p.file),
            Origin::Data(i) => data_files.get(i).map(|d| &d.file),
            Origin::Layout(i) => layouts.get(i).map(|l| &l.file),
        };
        let Some(file) = file else {
            continue;
        };
        by_file
            .entry(&file.rel)
            .or_insert_with(|| (file, Vec::new()))
            .1
            .push(entry);
    }
    by_file
        .into_values()
        .map(|(file, mut entries)| {
            entries.sort_by_key(|e| (e.link.span.start, e.link.span.end));
            let file = file.clone();
            let mut content = Content::default();
            let mut showing = Vec::new();
            for entry in entries {
                content.links.push(entry.link);
                let shown_on: Arc<[usize]> = match (&entry.pages[..], &entry.groups[..]) {
                    ([], [one]) => one.clone(),
                    _ => {
                        let mut all = entry.pages;
                        all.extend(entry.groups.iter().flat_map(|g| g.iter().copied()));
                        all.sort_unstable();
                        all.dedup();
                        all.into()
                    }
                };
                showing.push(Showing {
                    pages: shown_on,
                    maybe: entry.maybe.into(),
                    condition: entry.condition,
                    related: Some(entry.related),
                    targets: OnceLock::new(),
                });
            }
            let split = Split {
                front_matter: FrontMatter::Absent,
                body: 0..0,
            };
            local_view(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(target: &str) -> Option<Vec<String>> {
        parse_write(target, Engine::Nunjucks)
            .map(|(alternatives, _)| alternatives.iter().map(|(p, _)| p.join(".")).collect())
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
            "{{ f(x) }}",
        ] {
            assert_eq!(paths(unknown), None, "{unknown}");
        }
        // How each gives way to the next: Nunjucks' `default` only when undefined.
        let gives = |t: &str, e| {
            parse_write(t, e)
                .unwrap()
                .0
                .iter()
                .map(|(_, g)| *g)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            gives("{{ a | default(b) }}", Engine::Nunjucks)[0],
            Gives::Undefined
        );
        assert_eq!(
            gives("{{ a | default(b, true) }}", Engine::Nunjucks)[0],
            Gives::Falsy
        );
        assert_eq!(
            gives("{{ a | default: b }}", Engine::Liquid)[0],
            Gives::LiquidEmpty
        );
        assert_eq!(gives("{{ a or b }}", Engine::Nunjucks)[0], Gives::Falsy);
    }

    #[test]
    fn loops_know_their_collection() {
        let sets: HashMap<String, String> =
            [("postslist".to_owned(), "collections.posts".to_owned())].into();
        assert_eq!(collection_of("postslist | reverse", &sets), Some("posts"));
        assert_eq!(collection_of("collections['a-b']", &sets), Some("a-b"));
        assert_eq!(collection_of("collections.posts | head(3)", &sets), None);
        assert_eq!(collection_of("pagination.items", &sets), None);
    }
}
