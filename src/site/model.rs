//! The site model every rule reads: pages with their data cascade and output URL, data
//! files, layouts, and the URL index. Built once by `site::build`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use crate::config::Settings;
use crate::parse::front_matter::Split;
use crate::parse::yaml::{YamlError, YamlNode};
use crate::source::SourceFile;

/// Where a value of the data cascade was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerSource {
    /// The page's own front matter.
    FrontMatter,
    /// `site.data_files[i]`.
    DataFile(usize),
    /// The front matter of `site.layouts[i]`, a layout the page renders through.
    Layout(usize),
}

/// One level of the data cascade: a mapping and where it comes from.
#[derive(Debug, Clone)]
pub struct Layer {
    pub origin: LayerSource,
    /// A mapping, shared between the pages it applies to.
    pub data: Arc<YamlNode>,
}

/// A page's data, highest priority first: front matter, template data file, directory
/// data files from the deepest folder up, the front matter of its layouts, then global
/// data (`_data/`). (JavaScript data is not evaluated.)
#[derive(Debug, Clone, Default)]
pub struct Cascade {
    pub layers: Vec<Layer>,
}

impl Cascade {
    /// The value of a top-level key as Eleventy resolves it, and where it was written.
    pub fn get(&self, key: &str) -> Option<(&YamlNode, LayerSource)> {
        self.layers
            .iter()
            .find_map(|layer| layer.data.get(key).map(|node| (node, layer.origin)))
    }

    /// The key node and value node of `key` in the layer that wins.
    pub fn entry(&self, key: &str) -> Option<(&YamlNode, &YamlNode, LayerSource)> {
        self.layers
            .iter()
            .find_map(|layer| layer.data.entry(key).map(|(k, v)| (k, v, layer.origin)))
    }

    /// Every layer's value for `key`, highest priority first (deep merge concatenates
    /// arrays such as `tags`).
    pub fn all(&self, key: &str) -> impl Iterator<Item = (&YamlNode, LayerSource)> {
        self.layers
            .iter()
            .filter_map(move |layer| layer.data.get(key).map(|node| (node, layer.origin)))
    }

    /// The page's tags: the union of every layer's `tags` (string or list of strings).
    pub fn tags(&self) -> Vec<String> {
        let mut tags = Vec::new();
        for (node, _) in self.all("tags") {
            match &node.value {
                crate::parse::yaml::Value::Seq(items) => {
                    tags.extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned)));
                }
                _ => tags.extend(node.as_str().map(str::to_owned)),
            }
        }
        tags.sort();
        tags.dedup();
        tags
    }
}

/// Where Eleventy writes a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// `page.url` (unencoded, as Eleventy has it) and the path under the output directory.
    Url { url: String, path: String },
    /// `permalink: false`: rendered, never written.
    Disabled,
    /// A permalink vigie cannot compute (a template expression it does not model, a
    /// JavaScript data function). The reason says which.
    Unknown { reason: String },
    /// The permalink value is invalid (`true`, a number …): Eleventy stops the build.
    Invalid,
}

impl Output {
    pub fn url(&self) -> Option<&str> {
        match self {
            Output::Url { url, .. } => Some(url),
            _ => None,
        }
    }
}

/// A template Eleventy renders.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: SourceFile,
    /// Path relative to the input directory, `/` separators.
    pub input_path: String,
    pub split: Split,
    pub data: Cascade,
    pub output: Output,
    /// JavaScript template and directory data files that apply to the page (indexes into
    /// `site.data_files`): what they set is unknown unless the engine ran them.
    pub scripts: Vec<usize>,
    /// Links, fragment ids and headings of the page's own content.
    pub content: crate::parse::content::Content,
    /// Why the file's content is unknown (a Git LFS pointer, a submodule, an unreadable
    /// file): its URL is unknown too, and no rule judges its (empty) text.
    pub unread: Option<String>,
    /// Every output of a paginated template, by page number (`output` is the first);
    /// empty for a template that is not paginated.
    pub pagination: Vec<Output>,
    /// Its `---js` front matter ran: the front matter layer holds its value.
    pub front_matter_ran: bool,
    /// The shapes of the URLs it writes when vigie cannot render its permalink
    /// (`/calendar/*.ics`: `*` stands for one or more characters but `/`).
    pub url_patterns: Vec<String>,
    /// A template, or what other pages show of a file.
    pub role: Role,
    /// What each of `content.links` resolves to and, for an external one, its URL: worked
    /// out once, when a rule first asks (`links::targets`, `external::externals`).
    pub link_targets: OnceLock<Vec<super::links::Target>>,
    pub external_urls: OnceLock<Vec<Option<Arc<super::external::External>>>>,
    /// Every id of the built page (`ids::of`), found when a fragment link first asks.
    pub ids: OnceLock<super::ids::PageIds>,
}

/// What a `Page` value stands for.
#[derive(Debug, Clone, Default)]
pub enum Role {
    /// A template Eleventy renders, written at its own URLs.
    #[default]
    Template,
    /// What pages' outputs show of a file that is not their content: a layout or include
    /// (`layout`: its index in `site.layouts`), or the data values templates write into
    /// URL attributes (`src="{{ image }}"`), in the front matter or data file that sets
    /// them. It has no URL of its own; `showing[i]` says where `content.links[i]` shows.
    Shown {
        layout: Option<usize>,
        showing: Vec<Showing>,
    },
}

/// Where a link written outside a page's content shows.
#[derive(Debug, Clone)]
pub struct Showing {
    /// The pages whose output shows it (indexes into `site.pages`), in page order.
    pub pages: Arc<[usize]>,
    /// Those of `pages` on which it only may render: a test vigie cannot evaluate (said in
    /// `condition`, as written) decides.
    pub maybe: Arc<[usize]>,
    pub condition: Option<String>,
    /// For a data value: another place the finding points at (the template attribute that
    /// writes it, the page that sets no value) and what to say there.
    pub related: Option<(String, std::ops::Range<usize>, String)>,
    /// Where it resolves, from each of `pages` (or once, when that does not depend on the
    /// page): computed by the first rule that asks, shared by the others.
    pub targets: OnceLock<Vec<super::links::Target>>,
}

impl Page {
    /// Every output the page writes: the pages of a paginated template, else its one output.
    pub fn outputs(&self) -> &[Output] {
        if self.pagination.is_empty() {
            std::slice::from_ref(&self.output)
        } else {
            &self.pagination
        }
    }

    /// The page's file extension, lowercase (`md`, `njk` …): Eleventy picks a template's
    /// engine whatever the case its extension is written in.
    pub fn extension(&self) -> std::borrow::Cow<'_, str> {
        extension_of(&self.input_path)
    }
}

/// The extension of a template's path, lowercase (`Shout.MD` → `md`).
pub fn extension_of(path: &str) -> std::borrow::Cow<'_, str> {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    if extension.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(extension.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(extension)
    }
}

/// What a data file holds.
#[derive(Debug, Clone)]
pub enum DataContent {
    Parsed(Arc<YamlNode>),
    Invalid(YamlError),
    /// JavaScript data, with its value once the engine ran it (None: not run, or failed).
    Script {
        evaluated: Option<Arc<YamlNode>>,
    },
}

/// A data file: a template or directory data file, or a global one under `_data/`.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub file: SourceFile,
    pub content: DataContent,
}

/// A layout or include file, with its own front matter.
#[derive(Debug, Clone)]
pub struct Layout {
    pub file: SourceFile,
    pub split: Split,
    /// Its front matter mapping, shared with the cascades it joins.
    pub data: Option<Arc<YamlNode>>,
    /// Its links, ids and markup, parsed once however many pages render through it.
    pub content: crate::parse::content::Content,
    /// The ids it writes (`ids::of`), found when a fragment link first asks.
    pub ids: OnceLock<super::ids::LayoutIds>,
}

/// The whole site, parsed once.
#[derive(Debug)]
pub struct Site {
    pub settings: Settings,
    pub pages: Vec<Page>,
    pub data_files: Vec<DataFile>,
    /// Layout and include files, sorted by path.
    pub layouts: Vec<Layout>,
    /// What pages show of files that are not their content (layouts and includes, data
    /// values written into links): page rules that say so check them as pages.
    pub views: Vec<Page>,
    /// Which layouts and includes each page renders through.
    pub renders: super::render::Renders,
    /// The collections a template lists by date or a feed publishes.
    pub dated_collections: HashSet<String>,
    /// The JavaScript files that could not run (`settings.js_failures`), for their findings.
    pub scripts: Vec<SourceFile>,
    /// Output URL → indexes of the pages writing it.
    pub urls: HashMap<String, Vec<usize>>,
    /// The navigation tree, built on first use and shared by every rule.
    pub nav: OnceLock<super::nav::Navigation>,
    /// Lookups for link resolution, built on first use.
    pub links: OnceLock<super::links::LinkIndex>,
    /// Built on the first broken link: the URLs grouped for near-spelling searches.
    pub near: OnceLock<super::near::NearIndex>,
    /// Each external URL as written, parsed once however many pages write it.
    pub parsed_urls: super::external::ParsedUrls,
    /// Each layout key's chain of layouts (`layout::chain`), worked out once.
    pub layout_chains: super::layout::Chains,
    /// Image files of the site (relative to the root), when the image transform plugin
    /// reads `<img>` sources from them.
    pub images: HashSet<String>,
    /// URL paths of the files passthrough copies write (unencoded, NFC): `/img/logo.png`.
    pub assets: HashSet<String>,
    /// Where git's history says files moved, asked only when a broken link needs it.
    pub history: Arc<dyn crate::source::history::History>,
    /// Folders (relative to the root) whose files vigie could not list: uninitialized git
    /// submodules. What lies in them, or is copied or written from them, is unknown.
    pub unknown_folders: Vec<String>,

    /// What the HTTP check found, set before the rules run (empty when offline): the
    /// `external/*` rules read it.
    pub external: std::sync::Arc<crate::site::verdict::LinkChecks>,
}

impl Site {
    /// The file (relative to the root) a cascade value was written in.
    pub fn origin_file<'a>(&'a self, page: &'a Page, origin: LayerSource) -> &'a str {
        match origin {
            LayerSource::FrontMatter => &page.file.rel,
            LayerSource::DataFile(i) => self.data_files.get(i).map_or("", |d| &d.file.rel),
            LayerSource::Layout(i) => self.layouts.get(i).map_or("", |l| &l.file.rel),
        }
    }

    /// The navigation as eleventy-navigation renders it (built once).
    pub fn navigation(&self) -> &super::nav::Navigation {
        self.nav.get_or_init(|| super::nav::Navigation::build(self))
    }

    /// The unknown folder `path` (relative to the root) lies in, if any.
    pub fn unknown_folder_of(&self, path: &str) -> Option<&str> {
        self.unknown_folders
            .iter()
            .find(|folder| {
                path.strip_prefix(folder.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .map(String::as_str)
    }

    /// The lookups link rules resolve with (built once; `lint` builds it before the rules
    /// run, as its build is parallel).
    pub fn link_index(&self) -> &super::links::LinkIndex {
        self.links
            .get_or_init(|| super::links::LinkIndex::build(self))
    }

    pub fn near_index(&self) -> &super::near::NearIndex {
        self.near.get_or_init(|| {
            super::near::NearIndex::build(
                self.link_index().urls.iter(),
                self.assets.iter(),
                super::links::parent_of,
            )
        })
    }

    /// The layouts a page whose layout is `key` renders through (`layout::chain`).
    pub fn layout_chain(&self, key: &str) -> Arc<[usize]> {
        (self.layout_chains).of(key, &self.settings.eleventy, &self.layouts)
    }

    /// Resolves a layout key as Eleventy does.
    pub fn resolve_layout(&self, key: &str) -> super::layout::Resolution {
        super::layout::resolve(key, &self.settings.eleventy, &self.layouts)
    }

    /// The page that writes `url`, if exactly known.
    pub fn page_at(&self, url: &str) -> Option<&Page> {
        self.urls
            .get(url)
            .and_then(|pages| pages.first())
            .and_then(|&i| self.pages.get(i))
    }
}
