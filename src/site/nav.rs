//! The `eleventyNavigation` tree exactly as eleventy-navigation renders it from
//! `collections.all`, with the semantics of the plugin version the site uses (0.3.x or 1.x):
//! which pages are entries, which level each lands on, the order of each level (V8's stable
//! sort of the plugin's comparator over `collections.all` order), and where the plugin
//! would recurse forever or throw. Pure: reads the site model only.
//! May import `site::model`, `parse::yaml`.

pub mod calls;
mod dates;
mod js;
pub mod menus;
mod merge;
mod tree;

use std::collections::HashMap;
use std::ops::Range;

use js::Prim;
use rayon::prelude::*;

use crate::parse::front_matter::FrontMatter;
use crate::parse::yaml::{Value, YamlNode};
use crate::site::{DataContent, DataFile, LayerSource, Output, Page, Site};

pub use calls::CallKind;
pub use dates::{PageDate, page_date};
pub use menus::{Call, Menu, Unsure};

/// `Number(value)`: what the plugin's `a.order - b.order` makes of an order.
pub fn order_number(order: &YamlNode) -> f64 {
    js::to_number(order)
}

/// One field of a page's `eleventyNavigation`, where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The span of the field's name (`order` in `order: 10`); for the whole value, of
    /// `eleventyNavigation`.
    pub name: Range<usize>,
    pub value: YamlNode,
    pub origin: LayerSource,
    /// Set by `eleventyComputed`, evaluated at build time.
    pub computed: bool,
}

impl Field {
    /// Whether vigie knows the value Eleventy will use: computed values that are templates
    /// (`"{{ title }}"`) or functions are only known at build time.
    pub fn is_known(&self) -> bool {
        !self.computed
            || match &self.value.value {
                Value::String { text, .. } => !text.contains("{{") && !text.contains("{%"),
                _ => true,
            }
    }

    /// The file (relative to the root) the field was written in.
    pub fn file<'a>(&self, site: &'a Site, page: &'a Page) -> &'a str {
        site.origin_file(page, self.origin)
    }
}

/// Where a menu entry links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavUrl {
    Url(String),
    /// No link: `permalink: false` and no `url` of its own (or an empty one).
    None,
    /// A URL vigie cannot compute (computed permalink, JavaScript data).
    Unknown(String),
}

impl NavUrl {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            NavUrl::Url(url) => Some(url),
            _ => None,
        }
    }
}

/// A page whose `eleventyNavigation` is truthy: an entry the plugin reads.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into `site.pages`.
    pub page: usize,
    /// The `eleventyNavigation` value that won the cascade (`name` spans its key).
    pub declared: Field,
    /// A higher layer's non-mapping value that deep merge ignored: `eleventyNavigation:
    /// false` in front matter does not remove an entry a folder's data file sets.
    pub ignored: Option<Field>,
    pub key: Option<Field>,
    pub parent: Option<Field>,
    pub order: Option<Field>,
    pub title: Option<Field>,
    pub url: Option<Field>,
    pub pinned: Option<Field>,
    /// `page.date`, which orders `collections.all` and so breaks ties.
    pub date: PageDate,
    /// Where the menu links to, with this plugin version's fallback to the page URL.
    pub link: NavUrl,
    /// JavaScript vigie does not evaluate that may change this entry.
    pub uncertain: Option<String>,
    /// The page's language: `lang` in its data, else a language-like first folder
    /// (`fr/…`). Multilingual sites filter the menu by language before the plugin sees
    /// it, so entries of different languages never meet.
    pub lang: Option<String>,
}

impl Entry {
    /// The key when it is truthy (an entry without one can have no children).
    pub fn key_node(&self) -> Option<&YamlNode> {
        self.key
            .as_ref()
            .map(|f| &f.value)
            .filter(|k| k.is_truthy())
    }

    /// The parent when it is truthy (a falsy parent puts the entry at the root).
    pub fn parent_node(&self) -> Option<&YamlNode> {
        self.parent
            .as_ref()
            .map(|f| &f.value)
            .filter(|p| p.is_truthy())
    }

    /// The title the plugin shows: `title`, or `key` when the title is falsy
    /// (`if (!entry.title) entry.title = entry.key`); `None` renders "undefined".
    pub fn shown_title(&self) -> Option<&YamlNode> {
        let title = self.title.as_ref().map(|f| &f.value);
        title
            .filter(|t| t.is_truthy())
            .or_else(|| self.key.as_ref().map(|f| &f.value))
            .or(title)
    }

    /// A short name for messages: the key, else the title, else `None`.
    pub fn name(&self) -> Option<String> {
        self.key_node()
            .or_else(|| {
                self.title
                    .as_ref()
                    .map(|f| &f.value)
                    .filter(|t| t.is_truthy())
            })
            .map(YamlNode::display)
    }

    /// Whether vigie knows every field that places and orders this entry.
    pub fn is_known(&self) -> bool {
        self.uncertain.is_none()
            && [&self.key, &self.parent, &self.order, &self.pinned]
                .into_iter()
                .flatten()
                .all(Field::is_known)
    }

    /// The span to point at for the entry as a whole: its `key`, else `eleventyNavigation`.
    pub fn anchor(&self) -> (&Field, Range<usize>) {
        match &self.key {
            Some(key) => (key, key.value.span.clone()),
            None => (&self.declared, self.declared.name.clone()),
        }
    }
}

/// Why the plugin cannot build an item's children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Its key is already an ancestor's: the plugin recurses until "Maximum call stack
    /// size exceeded".
    Cycle,
    /// eleventy-navigation 1.x calls `key.split(",")`: a TypeError on a non-string key.
    KeyNotAString,
    /// vigie stopped expanding a chain this deep.
    TooDeep,
}

/// An entry as rendered, with its children in rendered order.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Index into `Navigation::entries`.
    pub entry: usize,
    pub children: Vec<Item>,
    pub stop: Option<Stop>,
}

/// A page that is not in `collections.all` yet declares a navigation entry.
#[derive(Debug, Clone)]
pub struct Excluded {
    pub entry: Entry,
    /// The `eleventyExcludeFromCollections` value and where it was written.
    pub reason: Field,
}

/// Siblings the plugin's comparator finds equal: `collections.all` order decides.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    /// Entries in rendered order.
    pub entries: Vec<usize>,
    pub decided_by: TieBreak,
}

/// What orders tied siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieBreak {
    /// At least one has no date: the file's creation time, different on every clone.
    FileCreation,
    /// `date: Last Modified` / `Created`: file system times.
    FileTime,
    /// `date: git Last Modified` / `git Created`: the git history.
    Git,
    /// Their dates (written or in the file name), which differ.
    Dates,
    /// Same date: the input path, alphabetically.
    InputPath,
}

/// The navigation of a site.
#[derive(Debug, Clone)]
pub struct Navigation {
    /// 0 for eleventy-navigation 0.3.x, 1 for 1.x.
    pub version: u8,
    /// Every entry, in `collections.all` order (date, then input path).
    pub entries: Vec<Entry>,
    /// The menu: root items in rendered order.
    pub roots: Vec<Item>,
    /// Entries on pages left out of collections (never in the menu).
    pub excluded: Vec<Excluded>,
    /// Pages whose navigation vigie cannot know (`---js` front matter, JavaScript data
    /// that mentions `eleventyNavigation`), with the reason.
    pub opaque: Vec<(usize, String)>,
    /// The calls of the plugin the templates make (empty: none found, and `menus` holds
    /// the one tree of `collections.all`).
    pub calls: Vec<Call>,
    /// What the calls render, each distinct menu once; breadcrumbs' trees too.
    pub menus: Vec<Menu>,
    /// Calls vigie cannot evaluate for some pages.
    pub unsure: Vec<Unsure>,
    /// Whether each entry appears in a rendered menu (`roots` when no call is found).
    rendered: Vec<bool>,
    /// Entries by each name their key answers to (the key; in 1.x also each comma part),
    /// so that looking a key up does not scan every entry.
    by_name: HashMap<Prim, Vec<usize>>,
}

impl Navigation {
    /// Builds the navigation of `site` with the plugin version it uses.
    pub fn build(site: &Site) -> Navigation {
        let version = site.settings.eleventy.navigation_version.min(1);
        let mut entries = Vec::new();
        let mut excluded = Vec::new();
        let mut opaque = Vec::new();
        let global_script = unevaluated_global_nav_script(site);
        let read: Vec<_> = (site.pages.par_iter().enumerate())
            .map(|(index, page)| {
                let uncertain = opaque_reason(site, page, global_script);
                let opaque = uncertain.clone().map(|reason| (index, reason));
                let entry = entry_of(site, index, page, version, uncertain)
                    .map(|entry| (entry, excluded_from_collections(page)));
                (opaque, entry)
            })
            .collect();
        for (uncertain, entry) in read {
            opaque.extend(uncertain);
            match entry {
                Some((entry, Some(reason))) => excluded.push(Excluded { entry, reason }),
                Some((entry, None)) => entries.push(entry),
                None => {}
            }
        }
        let input_path = |e: &Entry| site.pages.get(e.page).map_or("", |p| &p.input_path);
        entries.sort_by(|a, b| {
            dates::collection_order((a.date, input_path(a)), (b.date, input_path(b)))
        });
        let roots = tree::Tree::new(&entries, version).build();
        let (calls, mut menus, unsure) = menus::build(site, &entries, version);
        if calls.is_empty() {
            menus.push(Menu {
                call: None,
                kind: CallKind::Menu,
                root: None,
                lang: None,
                pages: Vec::new(),
                active: Vec::new(),
                roots: roots.clone(),
            });
        }
        let mut rendered = vec![false; entries.len()];
        for menu in menus.iter().filter(|m| m.kind == CallKind::Menu) {
            mark(&menu.roots, &mut rendered);
        }
        let mut by_name: HashMap<Prim, Vec<usize>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            for name in entry
                .key_node()
                .map(|k| names(k, version))
                .unwrap_or_default()
            {
                by_name.entry(name).or_default().push(i);
            }
        }
        Navigation {
            version,
            entries,
            roots,
            excluded,
            opaque,
            calls,
            menus,
            unsure,
            rendered,
            by_name,
        }
    }

    /// Entries whose key shares a name with `node` (candidates for `parent_matches` either
    /// way), in `entries` order.
    pub fn named_like(&self, node: &YamlNode) -> Vec<usize> {
        let mut found: Vec<usize> = names(node, self.version)
            .iter()
            .filter_map(|name| self.by_name.get(name))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether entry `i` appears in the menu.
    pub fn is_rendered(&self, i: usize) -> bool {
        self.rendered.get(i).copied().unwrap_or(false)
    }

    /// Whether `parent` names `key` with this plugin version (`===`, or 1.x comma lists).
    pub fn parent_matches(&self, parent: &YamlNode, key: &YamlNode) -> bool {
        tree::parent_matches(parent, key, self.version)
    }

    /// Entries whose key `parent` names.
    pub fn parents_of(&self, parent: &YamlNode) -> Vec<usize> {
        self.named_like(parent)
            .into_iter()
            .filter(|&i| {
                self.entries
                    .get(i)
                    .and_then(Entry::key_node)
                    .is_some_and(|key| self.parent_matches(parent, key))
            })
            .collect()
    }

    /// Entries (by index) whose `parent` names entry `i`'s key, rendered or not.
    pub fn children_of(&self, i: usize) -> Vec<usize> {
        let Some(key) = self.entries.get(i).and_then(Entry::key_node) else {
            return Vec::new();
        };
        tree::Tree::new(&self.entries, self.version)
            .children_of(key)
            .unwrap_or_default()
    }

    /// Groups of entries whose `parent` links form a cycle, each sorted by index.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let tree = tree::Tree::new(&self.entries, self.version);
        let successors = |i: usize| {
            self.entries
                .get(i)
                .and_then(Entry::key_node)
                .and_then(|key| tree.children_of(key).ok())
                .unwrap_or_default()
        };
        tree::cycles(self.entries.len(), &successors)
    }

    /// Whether the templates' calls decide the menus (else the one tree of
    /// `collections.all` stands for them).
    pub fn from_templates(&self) -> bool {
        !self.calls.is_empty()
    }

    /// Why some menu the templates render is unknown to vigie, if one is: then no entry is
    /// surely absent from every menu.
    pub fn unsure_menu(&self) -> Option<&Unsure> {
        self.unsure.iter().find(|u| {
            self.calls
                .get(u.call)
                .is_some_and(|call| call.raw.kind == CallKind::Menu)
        })
    }

    /// Each place entry `i` holds in the forest `roots`: the entries above it, outermost
    /// first, and its item.
    pub fn places<'a>(&self, roots: &'a [Item], i: usize) -> Vec<(Vec<usize>, &'a Item)> {
        fn walk<'a>(
            items: &'a [Item],
            i: usize,
            above: &mut Vec<usize>,
            found: &mut Vec<(Vec<usize>, &'a Item)>,
        ) {
            for item in items {
                if item.entry == i {
                    found.push((above.clone(), item));
                }
                above.push(item.entry);
                walk(&item.children, i, above, found);
                above.pop();
            }
        }
        let mut found = Vec::new();
        walk(roots, i, &mut Vec::new(), &mut found);
        found
    }

    /// What `--verbose` says of the menus: where they come from, and each call vigie could
    /// not evaluate (no certain finding depends on it).
    pub fn notes(&self, site: &Site) -> Vec<String> {
        if !self.from_templates() {
            return vec![
                "navigation: no call of eleventy-navigation found in the templates; the menu \
                 is the tree of collections.all"
                    .into(),
            ];
        }
        let mut notes = vec![format!(
            "navigation: {} call(s) of eleventy-navigation in the templates render {} menu(s)",
            self.calls.len(),
            self.rendered_menus().count()
        )];
        for unsure in &self.unsure {
            let Some(call) = self.calls.get(unsure.call) else {
                continue;
            };
            let one = match unsure.pages.as_slice() {
                [one] => site.pages.get(*one),
                _ => None,
            };
            let pages = one.map_or_else(
                || format!("{} pages", unsure.pages.len()),
                |page| page.file.rel.clone(),
            );
            notes.push(format!(
                "navigation: {}:{} on {pages} not evaluated ({}): no certain finding depends on it",
                call.file, call.line, unsure.reason
            ));
        }
        notes
    }

    /// The menus templates render (not breadcrumbs' trees).
    pub fn rendered_menus(&self) -> impl Iterator<Item = &Menu> {
        self.menus.iter().filter(|m| m.kind == CallKind::Menu)
    }

    /// Every list of rendered siblings: the roots, then each item's children.
    pub fn sibling_lists(&self) -> Vec<&[Item]> {
        sibling_lists(&self.roots)
    }

    /// Rendered siblings whose order the comparator cannot tell apart, when their
    /// positions are known to vigie: in each rendered menu, each tie once.
    pub fn ties(&self) -> Vec<Tie> {
        let mut ties: Vec<Tie> = Vec::new();
        for menu in self.rendered_menus() {
            for tie in self.ties_in(&menu.roots) {
                if !ties.iter().any(|t| t.entries == tie.entries) {
                    ties.push(tie);
                }
            }
        }
        ties
    }

    fn ties_in(&self, roots: &[Item]) -> Vec<Tie> {
        let mut ties = Vec::new();
        for siblings in sibling_lists(roots) {
            let mut groups: Vec<(TieClass, Vec<usize>)> = Vec::new();
            for item in siblings {
                let Some(entry) = self.entries.get(item.entry).filter(|e| e.is_known()) else {
                    continue;
                };
                let Some((tier, order)) = tree::tie_class(entry, self.version) else {
                    continue;
                };
                let class = (tier, order, entry.lang.as_deref());
                match groups.iter_mut().find(|(c, _)| *c == class) {
                    Some((_, group)) => group.push(item.entry),
                    None => groups.push((class, vec![item.entry])),
                }
            }
            for (_, group) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
                let decided_by = self.tie_break(&group);
                ties.push(Tie {
                    entries: group,
                    decided_by,
                });
            }
        }
        ties
    }

    fn tie_break(&self, group: &[usize]) -> TieBreak {
        let dates: Vec<PageDate> = group
            .iter()
            .filter_map(|&i| self.entries.get(i))
            .map(|e| e.date)
            .collect();
        if dates.contains(&PageDate::FileCreated) {
            TieBreak::FileCreation
        } else if dates.contains(&PageDate::FileTime) {
            TieBreak::FileTime
        } else if dates.contains(&PageDate::Git) {
            TieBreak::Git
        } else if dates.contains(&PageDate::Invalid) {
            // `NaN - x` is no 0, so the input path is never asked: the sort decides.
            TieBreak::Dates
        } else if dates
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.known() != b.known()))
        {
            TieBreak::Dates
        } else {
            TieBreak::InputPath
        }
    }
}

/// Every list of siblings of a forest: the roots, then each item's children.
fn sibling_lists(roots: &[Item]) -> Vec<&[Item]> {
    let mut lists = vec![roots];
    let mut i = 0;
    while let Some(&list) = lists.get(i) {
        let children = list.iter().map(|item| item.children.as_slice());
        lists.extend(children.filter(|c| !c.is_empty()));
        i += 1;
    }
    lists
}

/// Entries tie when the comparator finds them equal, within one language:
/// (tier, order bits, language).
type TieClass<'a> = (u8, u64, Option<&'a str>);

/// The names a key answers to: its value; in 1.x, also each part of a comma list.
fn names(key: &YamlNode, version: u8) -> Vec<Prim> {
    let mut names: Vec<Prim> = Prim::of(key).into_iter().collect();
    if let (1, Some(text)) = (version, key.as_str()) {
        names.extend(text.split(',').map(|part| Prim::Str(part.to_owned())));
    }
    names
}

fn mark(items: &[Item], rendered: &mut [bool]) {
    for item in items {
        if let Some(slot) = rendered.get_mut(item.entry) {
            *slot = true;
        }
        mark(&item.children, rendered);
    }
}

/// The entry of `page`, when its merged `eleventyNavigation` is truthy.
fn entry_of(
    site: &Site,
    index: usize,
    page: &Page,
    version: u8,
    uncertain: Option<String>,
) -> Option<Entry> {
    let merged = merge::merge(&page.data.layers);
    // A computed `eleventyNavigation` (a template, a function) makes an entry vigie
    // cannot read; otherwise only a truthy value does.
    let (declared, uncertain) = match &merged.computed_whole {
        Some(computed) => (
            merged.declared.clone().unwrap_or_else(|| computed.clone()),
            uncertain.or_else(|| {
                Some("`eleventyComputed.eleventyNavigation` is computed at build time".into())
            }),
        ),
        None => (
            merged.declared.clone().filter(|d| d.value.is_truthy())?,
            uncertain,
        ),
    };
    let field = |name: &str| merged.field(name).cloned();
    let url = field("url");
    Some(Entry {
        page: index,
        link: link(url.as_ref(), &page.output, version),
        declared,
        ignored: merged.ignored.clone(),
        key: field("key"),
        parent: field("parent"),
        order: field("order"),
        title: field("title"),
        url,
        pinned: field("pinned"),
        date: dates::page_date(site, page),
        uncertain,
        lang: language(page),
    })
}

/// `lang` from the data, else the first folder when it looks like a language tag.
fn language(page: &Page) -> Option<String> {
    if let Some((lang, _)) = page.data.get("lang")
        && let Some(text) = lang.as_str()
    {
        return Some(text.to_owned());
    }
    let (first, _) = page.input_path.split_once('/')?;
    let (primary, region) = first.split_once(['-', '_']).unwrap_or((first, ""));
    let is_primary = primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase());
    let is_region = region.is_empty()
        || (2..=4).contains(&region.len()) && region.bytes().all(|b| b.is_ascii_alphanumeric());
    (is_primary && is_region).then(|| first.to_owned())
}

/// 0.3: `nav.url || page.url`; 1.x: `nav.url ?? page.url`, linked only when truthy.
fn link(own: Option<&Field>, output: &Output, version: u8) -> NavUrl {
    if let Some(own) = own {
        let falls_back = if version == 0 {
            !own.value.is_truthy()
        } else {
            matches!(own.value.value, Value::Null)
        };
        if !falls_back {
            return match own.value.is_truthy() {
                true if !own.is_known() => NavUrl::Unknown("computed at build time".into()),
                true => NavUrl::Url(own.value.display()),
                false => NavUrl::None,
            };
        }
    }
    match output {
        Output::Url { url, .. } if !url.is_empty() => NavUrl::Url(url.clone()),
        Output::Url { .. } | Output::Disabled => NavUrl::None,
        Output::Unknown { reason } => NavUrl::Unknown(reason.clone()),
        Output::Invalid => NavUrl::Unknown("the permalink is invalid".into()),
    }
}

/// `eleventyExcludeFromCollections: true` keeps a page out of `collections.all`.
fn excluded_from_collections(page: &Page) -> Option<Field> {
    let (name, value, origin) = page.data.entry("eleventyExcludeFromCollections")?;
    value.is_truthy().then(|| Field {
        name: name.span.clone(),
        value: value.clone(),
        origin,
        computed: false,
    })
}

/// Why vigie cannot know this page's navigation: data it does not evaluate that mentions
/// `eleventyNavigation`.
fn opaque_reason(site: &Site, page: &Page, global: Option<&DataFile>) -> Option<String> {
    if let FrontMatter::Unevaluated { language, .. } = &page.split.front_matter
        && !page.front_matter_ran
    {
        let head = page.file.text.get(..page.split.body.start).unwrap_or("");
        if head.contains("eleventyNavigation") || head.contains("eleventyComputed") {
            return Some(format!("`---{language}` front matter is not evaluated"));
        }
    }
    let mentions_nav = |d: &&DataFile| {
        matches!(d.content, DataContent::Script { evaluated: None })
            && d.file.text.contains("eleventyNavigation")
    };
    let local = page
        .scripts
        .iter()
        .filter_map(|&i| site.data_files.get(i))
        .find(mentions_nav);
    local
        .or(global)
        .map(|d| format!("{} is JavaScript data, not evaluated", d.file.rel))
}

/// The global data script, not evaluated, that may set `eleventyNavigation` or
/// `eleventyComputed` for every page (looked for once, not once a page).
fn unevaluated_global_nav_script(site: &Site) -> Option<&DataFile> {
    site.data_files
        .iter()
        .filter(|d| matches!(d.content, DataContent::Script { evaluated: None }))
        .find(|d| is_global_nav_script(site, &d.file.rel))
}

/// A global data script that sets `eleventyNavigation` or `eleventyComputed` for every page.
fn is_global_nav_script(site: &Site, script: &str) -> bool {
    let eleventy = &site.settings.eleventy;
    let data_dir = crate::config::eleventy::join_dirs(&eleventy.input, &eleventy.data);
    script
        .strip_prefix(&format!("{data_dir}/"))
        .is_some_and(|name| {
            name.starts_with("eleventyNavigation.") || name.starts_with("eleventyComputed.")
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::string_slice, reason = "test code: a panic is a failing test")]

    use super::*;
    use crate::testing::{build_site, inputs};

    fn keys(nav: &Navigation, items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|item| {
                let entry = &nav.entries[item.entry];
                let name = entry.name().unwrap_or_default();
                if item.children.is_empty() {
                    name
                } else {
                    format!("{name}[{}]", keys(nav, &item.children).join(" "))
                }
            })
            .collect()
    }

    fn menu(files: &[(&str, &str)]) -> (Navigation, Vec<String>) {
        let inputs = inputs(files);
        let site = build_site(&inputs);
        let nav = Navigation::build(&site);
        let shown = keys(&nav, &nav.roots);
        (nav, shown)
    }

    fn page(key: &str, extra: &str) -> String {
        format!("---\neleventyNavigation:\n  key: {key}\n{extra}---\n")
    }

    #[test]
    fn levels_follow_parent_and_order() {
        let (_, shown) = menu(&[
            ("a.md", &page("A", "  order: 2\n")),
            ("b.md", &page("B", "  order: 1\n")),
            ("c.md", &page("C", "  parent: A\n")),
            ("d.md", "---\ntitle: not in the menu\n---\n"),
        ]);
        assert_eq!(shown, ["B", "A[C]"]);
    }

    #[test]
    fn a_number_parent_never_matches_a_string_key() {
        let (nav, shown) = menu(&[
            ("a.md", &page("\"2024\"", "")),
            ("b.md", &page("B", "  parent: 2024\n")),
        ]);
        assert_eq!(shown, ["2024"]);
        assert!(nav.is_rendered(0) && !nav.is_rendered(1));
    }

    #[test]
    fn reachable_cycles_stop_instead_of_recursing() {
        let (nav, shown) = menu(&[
            ("a.md", &page("A", "")),
            ("b.md", &page("B", "  parent: A\n")),
            ("c.md", &page("A", "  parent: B\n")),
        ]);
        assert_eq!(shown, ["A[B[A]]"]);
        assert_eq!(nav.roots[0].children[0].children[0].stop, Some(Stop::Cycle));
        assert_eq!(nav.cycles().len(), 1);
    }

    #[test]
    fn excluded_pages_are_not_entries() {
        let (nav, shown) = menu(&[
            ("a.md", &page("A", "")),
            (
                "b.md",
                "---\neleventyExcludeFromCollections: true\neleventyNavigation:\n  key: B\n---\n",
            ),
        ]);
        assert_eq!(shown, ["A"]);
        assert_eq!(nav.excluded.len(), 1);
    }

    #[test]
    fn javascript_data_that_sets_navigation_makes_entries_uncertain() {
        let (nav, _) = menu(&[
            ("blog/a.md", &page("A", "")),
            (
                "blog/blog.11tydata.js",
                "module.exports = { eleventyNavigation: { parent: 'Blog' } };",
            ),
            ("docs/d.md", &page("D", "")),
            (
                "docs/docs.11tydata.js",
                "module.exports = { eleventyNavigation: { parent: require('no-such-package').name } };",
            ),
            ("other.md", &page("O", "")),
        ]);
        // The data file that ran gives its value; the one that could not is opaque.
        let field =
            |f: &Option<Field>| f.as_ref().and_then(|f| f.value.as_str().map(str::to_owned));
        let entry = |key: &str| {
            nav.entries
                .iter()
                .find(|e| field(&e.key).as_deref() == Some(key))
                .unwrap()
        };
        assert_eq!(field(&entry("A").parent).as_deref(), Some("Blog"));
        assert!(entry("A").uncertain.is_none());
        assert_eq!(field(&entry("D").parent), None);
    }

    #[test]
    fn v1_sorts_entries_without_order_last_and_pinned_first() {
        let files = [
            ("a.md", page("A", "")),
            ("b.md", page("B", "  order: 5\n")),
            ("c.md", page("C", "  order: 9\n  pinned: true\n")),
        ];
        let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let (_, v0) = menu(&borrowed);
        assert_eq!(v0, ["A", "B", "C"]);
        let mut with_config = borrowed.clone();
        with_config.push(("vigie.toml", "[site]\nnavigation-version = 1\n"));
        let (_, v1) = menu(&with_config);
        assert_eq!(v1, ["C", "B", "A"]);
    }

    const V1: (&str, &str) = ("vigie.toml", "[site]\nnavigation-version = 1\n");

    fn link_of(files: &[(&str, &str)]) -> NavUrl {
        let (nav, _) = menu(files);
        nav.entries[0].link.clone()
    }

    #[test]
    fn url_falls_back_with_or_in_0_3_and_nullish_in_1_x() {
        let empty_url = page("A", "  url: \"\"\n");
        assert_eq!(link_of(&[("a.md", &empty_url)]), NavUrl::Url("/a/".into()));
        assert_eq!(link_of(&[V1, ("a.md", &empty_url)]), NavUrl::None);
        let not_written = format!("---\npermalink: false\n{}", &page("A", "")[4..]);
        assert_eq!(link_of(&[("a.md", &not_written)]), NavUrl::None);
        let own = page("A", "  url: https://example.org/\n");
        assert_eq!(
            link_of(&[V1, ("a.md", &own)]),
            NavUrl::Url("https://example.org/".into())
        );
    }

    #[test]
    fn string_orders_coerce_and_nan_stays_in_place() {
        let (_, shown) = menu(&[
            ("a.md", &page("A", "  order: \"10\"\n")),
            ("b.md", &page("B", "  order: 9\n")),
        ]);
        assert_eq!(shown, ["B", "A"]);
        // "abc" - x is NaN, "equal" to everything: V8 leaves it first, where it was.
        let (_, shown) = menu(&[
            ("a.md", &page("A", "  order: abc\n")),
            ("b.md", &page("B", "  order: 2\n")),
            ("c.md", &page("C", "  order: 1\n")),
        ]);
        assert_eq!(shown, ["A", "C", "B"]);
    }

    #[test]
    fn v1_comma_keys_gather_children_and_non_string_keys_throw() {
        let (_, shown) = menu(&[
            V1,
            ("a.md", &page("\"x,y\"", "")),
            ("b.md", &page("B", "  parent: y\n")),
            ("c.md", &page("C", "  parent: x\n")),
        ]);
        assert_eq!(shown, ["x,y[B C]"]);
        // `Object.values` order: array-index keys ascending, then the others as first met.
        let (_, shown) = menu(&[
            V1,
            ("a.md", &page("\"n,1,0\"", "")),
            ("b.md", &page("B", "  parent: n\n")),
            ("c.md", &page("C", "  parent: \"1\"\n")),
            ("d.md", &page("D", "  parent: \"0\"\n")),
            ("e.md", &page("E", "  parent: n\n")),
        ]);
        assert_eq!(shown, ["n,1,0[D C B E]"]);
        let (nav, _) = menu(&[V1, ("a.md", &page("2024", ""))]);
        assert_eq!(nav.roots[0].stop, Some(Stop::KeyNotAString));
        let (nav, _) = menu(&[("a.md", &page("2024", ""))]);
        assert_eq!(nav.roots[0].stop, None);
    }

    #[test]
    fn title_falls_back_to_the_key_when_falsy() {
        let (nav, _) = menu(&[("a.md", &page("Blog", "  title: \"\"\n"))]);
        assert_eq!(
            nav.entries[0]
                .shown_title()
                .map(YamlNode::display)
                .as_deref(),
            Some("Blog")
        );
    }

    #[test]
    fn languages_never_tie_with_each_other() {
        let (nav, _) = menu(&[
            ("fr/index.md", &page("Accueil", "  order: 1\n")),
            ("en/index.md", &page("Home", "  order: 1\n")),
            ("fr/a.md", &page("A", "  order: 2\n")),
            ("fr/b.md", &page("B", "  order: 2\n")),
        ]);
        let langs: Vec<Option<&str>> = nav.entries.iter().map(|e| e.lang.as_deref()).collect();
        assert!(langs.contains(&Some("en")) && langs.contains(&Some("fr")));
        let ties = nav.ties();
        assert_eq!(ties.len(), 1, "{ties:?}");
        assert_eq!(ties[0].entries.len(), 2);
    }

    #[test]
    fn invalid_path_dates_leave_the_tie_to_the_sort() {
        let (nav, _) = menu(&[
            ("2021-13-45-a.md", &page("A", "")),
            ("2021-02-30-b.md", &page("B", "")),
        ]);
        let ties = nav.ties();
        assert_eq!(ties.len(), 1, "{ties:?}");
        assert_eq!(ties[0].decided_by, TieBreak::Dates);
    }
}
