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

/// What one call renders for one page: which menu (its root key and language; its
/// entries follow from the call's collection and that language).
enum Rendered {
    Menu {
        root: Option<YamlNode>,
        lang: Option<String>,
    },
    Unsure(String),
}

/// A distinct menu: its call, language and root key (`Prim::of`).
type MenuKey = (usize, Option<String>, Option<Prim>);

/// A collection (its tag; `None` for all) in a language.
type CollectionKey = (Option<String>, Option<String>);

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
    // Every page of a site renders its layout's menu: the menu of a page is looked up, and
    // its tree built once, or a large site would cost pages × entries.
    let mut menu_of: HashMap<MenuKey, usize> = HashMap::new();
    let mut unsure_of: HashMap<(usize, String), usize> = HashMap::new();
    // Menus of one collection in one language differ by their root only: one tree each.
    let mut trees: HashMap<CollectionKey, (Vec<usize>, Tree<'_>)> = HashMap::new();
    let mut entry_of_page: HashMap<usize, usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        entry_of_page.entry(entry.page).or_insert(i);
    }
    for (page_index, page) in site.pages.iter().enumerate() {
        if page.unread.is_some() || matches!(page.output, Output::Disabled) {
            continue;
        }
        for file in files.rendered_by(site, page_index) {
            for &call_index in by_file.get(&file).into_iter().flatten() {
                let Some(call) = calls.get(call_index) else {
                    continue;
                };
                let page = (page_index, page);
                match render(site, entries, &call.raw, page, &entry_of_page) {
                    Rendered::Unsure(reason) => match unsure_of.entry((call_index, reason)) {
                        std::collections::hash_map::Entry::Occupied(known) => {
                            if let Some(u) = unsure.get_mut(*known.get()) {
                                u.pages.push(page_index);
                            }
                        }
                        std::collections::hash_map::Entry::Vacant(new) => {
                            unsure.push(Unsure {
                                call: call_index,
                                pages: vec![page_index],
                                reason: new.key().1.clone(),
                            });
                            new.insert(unsure.len() - 1);
                        }
                    },
                    Rendered::Menu { root, lang } => {
                        // A breadcrumb reads the whole tree; the key is the page's own.
                        let kind = call.raw.kind;
                        let (root, active) = match kind {
                            CallKind::Menu => (root, None),
                            CallKind::Breadcrumb => (None, root),
                        };
                        let key = (call_index, lang, root.as_ref().and_then(Prim::of));
                        let index = *menu_of.entry(key).or_insert_with_key(|(_, lang, _)| {
                            let collection = match &call.raw.collection {
                                Collection::Tag(tag) => Some(tag.clone()),
                                _ => None,
                            };
                            let (members, tree) =
                                trees.entry((collection, lang.clone())).or_insert_with(|| {
                                    let members =
                                        members(site, entries, &call.raw, lang, &mut tagged);
                                    let tree = Tree::of_members(entries, &members, version);
                                    (members, tree)
                                });
                            let mut roots = match &root {
                                Some(key) => tree.build_from(key),
                                None => tree.build(),
                            };
                            remap(&mut roots, members);
                            menus.push(Menu {
                                call: Some(call_index),
                                kind,
                                root,
                                lang: lang.clone(),
                                pages: Vec::new(),
                                active: Vec::new(),
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

/// Turns a collection tree's entry indexes (positions in `members`) into indexes into
/// `Navigation::entries`.
fn remap(items: &mut [Item], members: &[usize]) {
    for item in items {
        if let Some(&entry) = members.get(item.entry) {
            item.entry = entry;
        }
        remap(&mut item.children, members);
    }
}

/// Which menu `call` renders on `page` (its index and itself).
fn render(
    site: &Site,
    entries: &[Entry],
    call: &RawCall,
    page: (usize, &Page),
    entry_of_page: &HashMap<usize, usize>,
) -> Rendered {
    if let Collection::Unknown(expression) = &call.collection {
        return Rendered::Unsure(format!(
            "the collection `{expression}` is not one vigie can follow"
        ));
    }
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
        KeyArg::Data(path) => match data_key(site, entries, page, path, entry_of_page) {
            Ok(root) => root,
            Err(reason) => return Rendered::Unsure(reason),
        },
        KeyArg::Unknown(expression) => {
            return Rendered::Unsure(format!("the key `{expression}` is not evaluated"));
        }
    };
    let root = root.filter(YamlNode::is_truthy);
    Rendered::Menu { root, lang }
}

/// The entries of `call`'s collection, in the language `lang` when it filters by one.
fn members(
    site: &Site,
    entries: &[Entry],
    call: &RawCall,
    lang: &Option<String>,
    tagged: &mut HashMap<String, Vec<usize>>,
) -> Vec<usize> {
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
        Collection::Unknown(_) => Vec::new(),
    };
    if let Some(lang) = lang {
        members.retain(|&i| {
            entries
                .get(i)
                .is_some_and(|e| e.lang.as_deref() == Some(lang.as_str()))
        });
    }
    members
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
    entry_of_page: &HashMap<usize, usize>,
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
        let Some(entry) = entry_of_page.get(&page_index).and_then(|&i| entries.get(i)) else {
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
