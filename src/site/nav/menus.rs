//! The menus a site's templates render: each call of the navigation plugin found in pages,
//! layouts and includes, evaluated for every page that renders it (through its layout chain
//! and includes) with that page's data, grouped into distinct menus (same call, same root
//! key, same language). What vigie cannot evaluate makes the call unsure for that page,
//! never a guess. Which files a page renders is `site.renders`'.
//!
//! May import `site::model` (and what it holds), `site::nav` and `parse::yaml`.

use rayon::prelude::*;
use std::collections::HashMap;

use super::calls::{self, CallKind, Collection, KeyArg, RawCall};
use super::js::Prim;
use super::tree::Tree;
use super::{Entry, Item, language};
use crate::parse::yaml::YamlNode;
use crate::site::{DataContent, Output, Page, Site};

/// A call of the navigation plugin in a template file.
#[derive(Debug, Clone)]
pub struct Call {
    /// The template file (relative to the root).
    pub file: String,
    /// 1-based line of the filter's name.
    pub line: usize,
    pub raw: RawCall,
}

/// A menu (or the tree a breadcrumb reads) as one call renders it for some pages.
#[derive(Debug, Clone)]
pub struct Menu {
    /// Index into `Navigation::calls`; `None` for the one tree of `collections.all` that
    /// stands for the menu when no template call is found.
    pub call: Option<usize>,
    pub kind: CallKind,
    /// The key whose children the menu shows; `None` for the root entries.
    pub root: Option<YamlNode>,
    /// The language its collection is filtered by.
    pub lang: Option<String>,
    /// The pages that render it (indexes into `site.pages`).
    pub pages: Vec<usize>,
    /// For a breadcrumb: each page's active key.
    pub active: Vec<(usize, YamlNode)>,
    /// The entries of its collection (indexes into `Navigation::entries`).
    pub members: Vec<usize>,
    /// Its items, in rendered order (entry indexes into `Navigation::entries`).
    pub roots: Vec<Item>,
}

/// A call vigie cannot evaluate for some pages: what it renders there is unknown.
#[derive(Debug, Clone)]
pub struct Unsure {
    pub call: usize,
    pub pages: Vec<usize>,
    pub reason: String,
}

/// What one call renders for one page.
enum Rendered {
    Menu {
        root: Option<YamlNode>,
        lang: Option<String>,
        members: Vec<usize>,
    },
    Unsure(String),
}

/// Finds the calls, and the menus they render.
pub(super) fn build(
    site: &Site,
    entries: &[Entry],
    version: u8,
) -> (Vec<Call>, Vec<Menu>, Vec<Unsure>) {
    let files = Files;
    let mut calls = Vec::new();
    // Calls per template file: pages first (by index), then layouts.
    let mut by_file: HashMap<FileRef, Vec<usize>> = HashMap::new();
    let found: Vec<_> = files
        .texts(site)
        .into_par_iter()
        .map(|(file, text, from)| {
            (
                file,
                text,
                from,
                calls::find(text.get(from..).unwrap_or_default()),
            )
        })
        .collect();
    for (file, text, from, found) in found {
        for raw in found {
            let raw = RawCall {
                span: raw.span.start + from..raw.span.end + from,
                ..raw
            };
            by_file.entry(file).or_default().push(calls.len());
            calls.push(Call {
                file: files.rel(site, file).to_owned(),
                line: calls::line_of(text, raw.span.start),
                raw,
            });
        }
    }
    let mut menus: Vec<Menu> = Vec::new();
    let mut unsure: Vec<Unsure> = Vec::new();
    if calls.is_empty() {
        return (calls, menus, unsure);
    }
    // A tag collection's entries are the same on every page that shows it: found once.
    let mut tagged: HashMap<String, Vec<usize>> = HashMap::new();
    for (page_index, page) in site.pages.iter().enumerate() {
        if page.unread.is_some() || matches!(page.output, Output::Disabled) {
            continue;
        }
        for file in files.rendered_by(site, page_index) {
            for &call_index in by_file.get(&file).into_iter().flatten() {
                let Some(call) = calls.get(call_index) else {
                    continue;
                };
                match render(site, entries, &call.raw, (page_index, page), &mut tagged) {
                    Rendered::Unsure(reason) => {
                        match unsure
                            .iter_mut()
                            .find(|u| u.call == call_index && u.reason == reason)
                        {
                            Some(u) => u.pages.push(page_index),
                            None => unsure.push(Unsure {
                                call: call_index,
                                pages: vec![page_index],
                                reason,
                            }),
                        }
                    }
                    Rendered::Menu {
                        root,
                        lang,
                        members,
                    } => {
                        // A breadcrumb reads the whole tree; the key is the page's own.
                        let kind = call.raw.kind;
                        let (root, active) = match kind {
                            CallKind::Menu => (root, None),
                            CallKind::Breadcrumb => (None, root),
                        };
                        let key = root.as_ref().and_then(Prim::of);
                        let found = menus.iter().position(|m| {
                            m.call == Some(call_index)
                                && m.lang == lang
                                && m.root.as_ref().and_then(Prim::of) == key
                        });
                        let index = found.unwrap_or_else(|| {
                            let roots = tree_of(entries, &members, root.as_ref(), version);
                            menus.push(Menu {
                                call: Some(call_index),
                                kind,
                                root,
                                lang,
                                pages: Vec::new(),
                                active: Vec::new(),
                                members,
                                roots,
                            });
                            menus.len() - 1
                        });
                        if let Some(menu) = menus.get_mut(index) {
                            menu.pages.push(page_index);
                            menu.active.extend(active.map(|key| (page_index, key)));
                        }
                    }
                }
            }
        }
    }
    // Stable order: by call, then language, then root key.
    menus.sort_by_cached_key(|m| {
        (
            m.call,
            m.lang.clone(),
            m.root.as_ref().map(YamlNode::display),
        )
    });
    (calls, menus, unsure)
}

/// The tree eleventy-navigation builds from `members` for `root` (the root entries when it
/// is falsy), with entry indexes into `entries`.
fn tree_of(
    entries: &[Entry],
    members: &[usize],
    root: Option<&YamlNode>,
    version: u8,
) -> Vec<Item> {
    let subset: Vec<Entry> = members
        .iter()
        .filter_map(|&i| entries.get(i))
        .cloned()
        .collect();
    let tree = Tree::new(&subset, version);
    let mut items = match root {
        Some(key) => tree.build_from(key),
        None => tree.build(),
    };
    remap(&mut items, members);
    items
}

fn remap(items: &mut [Item], members: &[usize]) {
    for item in items {
        if let Some(&entry) = members.get(item.entry) {
            item.entry = entry;
        }
        remap(&mut item.children, members);
    }
}

/// What `call` renders on `page` (its index and itself).
fn render(
    site: &Site,
    entries: &[Entry],
    call: &RawCall,
    page: (usize, &Page),
    tagged: &mut HashMap<String, Vec<usize>>,
) -> Rendered {
    let mut members: Vec<usize> = match &call.collection {
        Collection::All => (0..entries.len()).collect(),
        Collection::Tag(tag) => tagged
            .entry(tag.clone())
            .or_insert_with(|| {
                let in_collection = |e: &&Entry| {
                    site.pages
                        .get(e.page)
                        .is_some_and(|p| p.data.tags().contains(tag))
                };
                let entries = entries.iter().enumerate();
                entries
                    .filter(|(_, e)| in_collection(e))
                    .map(|(i, _)| i)
                    .collect()
            })
            .clone(),
        Collection::Unknown(expression) => {
            return Rendered::Unsure(format!(
                "the collection `{expression}` is not one vigie can follow"
            ));
        }
    };
    let mut lang = None;
    for filter in &call.filters {
        if !is_language_filter(filter) {
            return Rendered::Unsure(format!(
                "the filter `{filter}` may change which entries the menu shows"
            ));
        }
        let Some(page_lang) = language(page.1) else {
            return Rendered::Unsure(format!(
                "`{filter}` filters by the page's language, which vigie does not know for this page"
            ));
        };
        members.retain(|&i| {
            entries
                .get(i)
                .is_some_and(|e| e.lang.as_deref() == Some(page_lang.as_str()))
        });
        lang = Some(page_lang);
    }
    let root = match &call.key {
        KeyArg::None => None,
        KeyArg::Literal(text) => Some(YamlNode {
            value: crate::parse::yaml::Value::String {
                text: text.clone(),
                quoted: true,
            },
            span: 0..0,
        }),
        KeyArg::Data(path) => match data_key(site, entries, page, path) {
            Ok(root) => root,
            Err(reason) => return Rendered::Unsure(reason),
        },
        KeyArg::Unknown(expression) => {
            return Rendered::Unsure(format!("the key `{expression}` is not evaluated"));
        }
    };
    let root = root.filter(YamlNode::is_truthy);
    Rendered::Menu {
        root,
        lang,
        members,
    }
}

/// A filter that keeps the entries of the page's language (the DSFR's
/// `filterCollectionLang`): named for it.
fn is_language_filter(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains("lang") || lower.contains("locale")
}

/// A data path's value on `page` (its index and itself): `Ok(None)` when undefined (the
/// plugin then shows the root entries), `Err` when vigie cannot know it.
fn data_key(
    site: &Site,
    entries: &[Entry],
    (page_index, page): (usize, &Page),
    path: &[String],
) -> Result<Option<YamlNode>, String> {
    let shown = path.join(".");
    let unevaluated = page.scripts.iter().any(|&i| {
        site.data_files
            .get(i)
            .is_some_and(|file| matches!(file.content, DataContent::Script { evaluated: None }))
    });
    if unevaluated {
        return Err(format!(
            "`{shown}` may come from JavaScript data vigie did not run"
        ));
    }
    if path.first().map(String::as_str) == Some("eleventyNavigation") {
        let Some(entry) = entries.iter().find(|e| e.page == page_index) else {
            // A page outside the menu (or excluded from collections): undefined, unless
            // its `eleventyNavigation` is written somewhere vigie reads as data.
            return match page.data.get("eleventyNavigation") {
                Some((value, _)) if value.is_truthy() => {
                    Err(format!("`{shown}` of a page outside collections"))
                }
                _ => Ok(None),
            };
        };
        let field = match path.get(1).map(String::as_str) {
            Some("key") => &entry.key,
            Some("parent") => &entry.parent,
            _ => return Err(format!("`{shown}` is not evaluated")),
        };
        if path.len() > 2 || !entry.is_known() || field.as_ref().is_some_and(|f| !f.is_known()) {
            return Err(format!("`{shown}` is computed at build time"));
        }
        return Ok(field.as_ref().map(|f| f.value.clone()));
    }
    if path.first().map(String::as_str) == Some("page") {
        return Err(format!("`{shown}` is not evaluated"));
    }
    let [first, rest @ ..] = path else {
        return Ok(None);
    };
    let mut value = page.data.get(first).map(|(v, _)| v);
    for part in rest {
        value = value.and_then(|v| v.get(part));
    }
    Ok(value.cloned())
}

/// A template file: a page's or a layout's (include).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FileRef {
    Page(usize),
    Layout(usize),
}

/// The template files of the site; what each page renders through is `site.renders`'.
struct Files;

impl Files {
    /// Every template's text and where its template part starts (a page's body; a JavaScript
    /// template's whole text).
    fn texts<'a>(&self, site: &'a Site) -> Vec<(FileRef, &'a str, usize)> {
        let pages = site.pages.iter().enumerate().map(|(i, p)| {
            let from = if p.extension() == "js" || p.input_path.ends_with(".11ty.cjs") {
                0
            } else {
                p.split.body.start
            };
            (FileRef::Page(i), &*p.file.text, from.min(p.file.text.len()))
        });
        let layouts = site
            .layouts
            .iter()
            .enumerate()
            .map(|(i, l)| (FileRef::Layout(i), &*l.file.text, 0));
        pages.chain(layouts).collect()
    }

    fn rel<'a>(&self, site: &'a Site, file: FileRef) -> &'a str {
        let file = match file {
            FileRef::Page(i) => site.pages.get(i).map(|p| &p.file),
            FileRef::Layout(i) => site.layouts.get(i).map(|l| &l.file),
        };
        file.map_or("", |f| &f.rel)
    }

    /// The files a page renders: its own, its layout chain, and every include they pull in.
    fn rendered_by(&self, site: &Site, page: usize) -> Vec<FileRef> {
        let files = site
            .renders
            .files_of_page
            .get(page)
            .map_or(&[][..], Vec::as_slice);
        std::iter::once(FileRef::Page(page))
            .chain(files.iter().map(|f| FileRef::Layout(f.layout)))
            .collect()
    }
}
