//! Turns the inputs into a `Site`: discovers the files Eleventy reads, splits every page
//! in parallel, parses data files and layouts, assembles each page's data cascade and
//! computes its output URL. Pure: everything comes from `Inputs`.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::layout;
use super::model::{
    Cascade, DataContent, DataFile, Layer, LayerSource, Layout, Output, Page, Site,
};
use super::url;
use crate::config::eleventy::join_dirs;
use crate::config::limits::Limits;
use crate::config::{Eleventy, Settings};
use crate::parse::content::{Limit, LimitReached};
use crate::parse::front_matter::{self, FrontMatter};
use crate::parse::yaml::{self, Flavor, Value, YamlNode};
use crate::source::{Entry, Inputs, SourceFile, Unread};

/// Builds the site model from the inputs; files that cannot be read become notes, never
/// a failure.
pub fn build(mut settings: Settings, inputs: &Inputs) -> Site {
    let found = super::discover::discover(inputs, &settings.eleventy);
    settings.notes.extend(inputs.notes.iter().cloned());
    settings.notes.push(format!(
        "files read from {}: {} in the tree, {} that Eleventy reads",
        inputs.origin,
        inputs.len(),
        found.all().count()
    ));
    let flavor = Flavor::of_eleventy(settings.eleventy.version);
    let files = read_templates(inputs, &found.templates, &mut settings.notes);

    let local_count = found.data_files.len();
    let data_paths: Vec<String> = found
        .data_files
        .into_iter()
        .chain(found.global_data)
        .collect();
    let data_files = read_data_files(
        inputs,
        &data_paths,
        flavor,
        &settings.limits,
        &mut settings.notes,
    );
    let limits = &settings.limits;
    let layouts = read_layouts(inputs, &found.layouts, flavor, &settings.eleventy, limits);

    let input_dir = &settings.eleventy.input;
    let local_index: HashMap<String, usize> = data_files
        .iter()
        .take(local_count)
        .enumerate()
        .map(|(i, d)| (input_relative(&d.file.rel, input_dir), i))
        .collect();
    let data_dir = join_dirs(input_dir, &settings.eleventy.data);
    let global = global_layers(&data_files, local_count, &data_dir);

    let eleventy = &settings.eleventy;
    let suffixes = data_suffixes(&eleventy.data_extensions);
    let layout_chains = layout::Chains::default();
    let pages: Vec<Page> = files
        .into_par_iter()
        .map(|(file, unread)| {
            let input_path = input_relative(&file.rel, input_dir);
            let split = front_matter::split_within(&file.text, flavor, limits);
            let extension = super::model::extension_of(&input_path);
            let mut content = crate::parse::content::extract(
                &file.text,
                split.body.clone(),
                &extension,
                eleventy,
                limits,
            );
            content.prune_markup();
            content.shrink_to_fit();
            if let Some(Entry::Unread(Unread::TooLarge { size, max })) = inputs.entry(&file.rel) {
                content.limits_reached.push(LimitReached {
                    limit: Limit::FileSize {
                        size: *size,
                        max: *max,
                    },
                    span: 0..0,
                });
            }
            let (mut data, scripts) =
                cascade(&input_path, &split, &data_files, &local_index, &suffixes);
            add_layout_layers(&mut data, eleventy, &layouts, &layout_chains);
            data.layers.extend(global.iter().cloned());
            let mut output = url::output(&input_path, &data, eleventy.version);
            // A JavaScript data file that mentions `permalink` may compute the URL.
            let script = scripts
                .iter()
                .filter_map(|&i| data_files.get(i))
                .map(|d| &d.file)
                .find(|f| f.text.contains("permalink"));
            if let (Some(script), None) = (script, data.get("permalink")) {
                output = Output::Unknown {
                    reason: format!(
                        "{} may compute its permalink (JavaScript data is not evaluated)",
                        script.rel
                    ),
                };
            }
            if let Some(why) = &unread {
                output = Output::Unknown {
                    reason: format!("{} is {why}", file.rel),
                };
            }
            Page {
                file,
                input_path,
                split,
                data,
                output,
                scripts,
                content,
                unread,
                pagination: Vec::new(),
                front_matter_ran: false,
                url_patterns: Vec::new(),
                role: super::model::Role::Template,
                link_targets: OnceLock::new(),
                external_urls: OnceLock::new(),
                ids: OnceLock::new(),
            }
        })
        .collect();
    let mut pages = pages;
    let mut data_files = data_files;
    if super::javascript::needed(&settings, &data_files, &pages) {
        run_javascript(
            inputs,
            &mut settings,
            &mut pages,
            &mut data_files,
            (&layouts, &layout_chains),
            (&local_index, local_count, &data_dir),
        );
    }

    super::site_url::find(&data_files, local_count, (&pages, &layouts), &mut settings);
    for page in &pages {
        if let FrontMatter::Unevaluated { language, .. } = &page.split.front_matter
            && !page.front_matter_ran
        {
            settings.notes.push(format!(
                "{}: `---{language}` front matter is not evaluated (its values are unknown to vigie)",
                page.file.rel
            ));
        }
    }
    let mut urls: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        for url in page.outputs().iter().filter_map(Output::url) {
            let writers = urls.entry(url.to_owned()).or_default();
            if !writers.contains(&i) {
                writers.push(i);
            }
        }
    }
    let mut assets = super::assets::outputs(
        inputs,
        &settings.eleventy.passthrough,
        &settings.eleventy.input,
    );
    // Templates the config adds (the RSS plugin's feeds) are files of the output too.
    for (_, permalink) in &settings.eleventy.virtual_outputs {
        if let Some(url) = url::from_permalink(permalink, settings.eleventy.version).url() {
            assets.insert(url.to_owned());
        }
    }
    for failure in &settings.js_failures {
        settings.notes.push(format!(
            "{}: not run ({}); {}",
            failure.file, failure.reason, failure.fallback
        ));
    }
    let scripts = settings
        .js_failures
        .iter()
        .filter_map(|f| inputs.file(&f.file).ok())
        .collect();
    let images = if settings.eleventy.has_plugin("eleventyImageTransformPlugin") {
        inputs
            .paths()
            .filter(|p| is_image(p))
            .map(str::to_owned)
            .collect()
    } else {
        std::collections::HashSet::new()
    };
    let unknown_folders = unknown_folders(inputs, &settings.eleventy);

    let renders = super::render::Renders::build(&pages, &layouts, &settings.eleventy);
    let (dated_collections, views) = rayon::join(
        || super::collections::dated(&pages, &layouts, &renders),
        || super::shown::views(&pages, &layouts, &data_files, &renders, &settings.eleventy),
    );
    Site {
        settings,
        pages,
        data_files,
        layouts,
        views,
        renders,
        dated_collections,
        scripts,
        images,
        urls,
        nav: std::sync::OnceLock::new(),
        links: std::sync::OnceLock::new(),
        near: std::sync::OnceLock::new(),
        parsed_urls: super::external::ParsedUrls::default(),
        layout_chains,
        assets,
        history: inputs.history().clone(),
        unknown_folders,
        external: std::sync::Arc::default(),
    }
}

/// Runs the site's JavaScript: data files and `---js` front matter first, then each
/// page's cascade again with their values, then computed data, pagination and permalinks.
fn run_javascript(
    inputs: &Inputs,
    settings: &mut Settings,
    pages: &mut [Page],
    data_files: &mut [DataFile],
    (layouts, chains): (&[Layout], &layout::Chains),
    (local_index, local_count, data_dir): (&HashMap<String, usize>, usize, &str),
) {
    use super::javascript;
    let Some(engine) = javascript::start(inputs, settings) else {
        return;
    };
    javascript::load_data_files(&engine, data_files, settings);
    let global = global_layers(data_files, local_count, data_dir);
    let suffixes = data_suffixes(&settings.eleventy.data_extensions);
    let mut ran = Vec::with_capacity(pages.len());
    for page in pages.iter_mut() {
        let (data, scripts) = cascade(
            &page.input_path,
            &page.split,
            data_files,
            local_index,
            &suffixes,
        );
        page.data = data;
        page.scripts = scripts;
        page.front_matter_ran = javascript::load_front_matter(&engine, page, settings);
        ran.push(page.front_matter_ran);
        add_layout_layers(&mut page.data, &settings.eleventy, layouts, chains);
        page.data.layers.extend(global.iter().cloned());
        if page.unread.is_none() {
            page.output = url::output(&page.input_path, &page.data, settings.eleventy.version);
        }
    }
    let before: Vec<Output> = pages.iter().map(|p| p.output.clone()).collect();
    javascript::compute_pages(&engine, pages, data_files, local_count, settings, &ran);
    for (page, before) in pages.iter().zip(before) {
        if let Some(note) = javascript::decided(page, &before) {
            settings.notes.push(note);
        }
    }
}

/// The formats eleventy-img reads.
fn is_image(path: &str) -> bool {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    [
        "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "tif", "tiff",
    ]
    .iter()
    .any(|e| extension.eq_ignore_ascii_case(e))
}

/// Whether the build reads the file at `path` whatever the settings (`.gitmodules`).
pub fn reads(path: &str) -> bool {
    path == ".gitmodules"
}

/// Submodules whose files vigie does not have: those a reader could not list, and those
/// `.gitmodules` names whose folder holds no file (not initialized in this working tree).
fn unknown_folders(inputs: &Inputs, eleventy: &Eleventy) -> Vec<String> {
    let mut folders: Vec<String> = inputs.unknown_folders().map(str::to_owned).collect();
    // Packages npm installs are copied from `node_modules`, which a clone does not have:
    // what is copied from there is unknown (`links::resolve` does not call it missing).
    let copies_packages = eleventy.passthrough.iter().any(|copy| {
        super::assets::literal_base(&copy.source)
            .trim_start_matches("./")
            .starts_with("node_modules/")
    });
    if copies_packages && !inputs.is_dir("node_modules") {
        folders.push("node_modules".to_owned());
    }
    let declared = inputs.text(".gitmodules").unwrap_or_default();
    for line in declared.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let path = value.trim().trim_matches('/');
        if key.trim() == "path"
            && !path.is_empty()
            && !inputs.is_dir(path)
            && !folders.iter().any(|f| f == path)
        {
            folders.push(path.to_owned());
        }
    }
    folders.sort();
    folders
}

/// Decodes templates in parallel. One whose content is not in the inputs (a Git LFS
/// pointer, an unreadable file) is kept, empty, with the reason: it is still a page
/// Eleventy writes, at a URL vigie cannot know. A link that leads out of the site is no
/// page of it.
fn read_templates(
    inputs: &Inputs,
    paths: &[String],
    notes: &mut Vec<String>,
) -> Vec<(SourceFile, Option<String>)> {
    let read: Vec<(SourceFile, Option<String>, bool)> = paths
        .par_iter()
        .map(|path| match inputs.file(path) {
            Ok(file) => (file, None, true),
            Err(why) => {
                let outside = matches!(
                    inputs.entry(path),
                    Some(Entry::Unread(Unread::Symlink { .. }))
                );
                (SourceFile::new(path.clone(), ""), Some(why), !outside)
            }
        })
        .collect();
    for (file, why, _) in &read {
        if let Some(why) = why {
            notes.push(format!("{}: not checked: {why}", file.rel));
        }
    }
    read.into_iter()
        .filter(|(_, _, kept)| *kept)
        .map(|(file, why, _)| (file, why))
        .collect()
}

/// Decodes files in parallel; one that cannot be read becomes a note.
fn read_all(inputs: &Inputs, paths: &[String], notes: &mut Vec<String>) -> Vec<SourceFile> {
    let read: Vec<Result<SourceFile, String>> = paths
        .par_iter()
        .map(|path| {
            inputs
                .file(path)
                .map_err(|why| format!("{path}: not checked: {why}"))
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for file in read {
        match file {
            Ok(file) => files.push(file),
            Err(note) => notes.push(note),
        }
    }
    files
}

/// Parses JSON data files (with spans, through the YAML parser: JSON is YAML); JavaScript
/// data files are kept as text, not evaluated.
fn read_data_files(
    inputs: &Inputs,
    paths: &[String],
    flavor: Flavor,
    limits: &Limits,
    notes: &mut Vec<String>,
) -> Vec<DataFile> {
    let data_files: Vec<DataFile> = read_all(inputs, paths, notes)
        .into_par_iter()
        .map(|file| {
            let yaml = file.rel.ends_with(".yaml") || file.rel.ends_with(".yml");
            let content = if file.rel.ends_with(".json") || yaml {
                match yaml::parse_within(&file.text, 0, flavor, limits) {
                    Ok(parsed) => DataContent::Parsed(
                        parsed.root.unwrap_or_else(|| Arc::new(map(Vec::new()))),
                    ),
                    Err(err) => DataContent::Invalid(err),
                }
            } else {
                // JavaScript, or a format only the site's own parser reads (`addDataExtension`).
                DataContent::Script { evaluated: None }
            };
            DataFile { file, content }
        })
        .collect();
    data_files
}

fn read_layouts(
    inputs: &Inputs,
    rels: &[String],
    flavor: Flavor,
    eleventy: &Eleventy,
    limits: &Limits,
) -> Vec<Layout> {
    let mut layouts: Vec<Layout> = rels
        .par_iter()
        .filter_map(|rel| inputs.file(rel).ok())
        .map(|file| {
            let split = front_matter::split_within(&file.text, flavor, limits);
            let data = split.shared_data();
            let extension = file.rel.rsplit_once('.').map_or("", |(_, ext)| ext);
            // Markup templates only: a JavaScript layout's text is code.
            let content = if matches!(extension, "njk" | "liquid" | "html" | "md" | "markdown") {
                let mut content = crate::parse::content::extract(
                    &file.text,
                    split.body.clone(),
                    extension,
                    eleventy,
                    limits,
                );
                // Its views are checked as pages are: on the same nodes.
                content.prune_markup();
                content
            } else {
                crate::parse::content::Content::default()
            };
            Layout {
                file,
                split,
                data,
                content,
                ids: std::sync::OnceLock::new(),
            }
        })
        .collect();
    layouts.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    layouts
}

fn map(entries: Vec<(YamlNode, YamlNode)>) -> YamlNode {
    YamlNode {
        value: Value::Map(entries),
        span: 0..0,
    }
}

/// `rel` (relative to the root) made relative to the input directory.
fn input_relative(rel: &str, input_dir: &str) -> String {
    if input_dir.is_empty() {
        return rel.to_owned();
    }
    rel.strip_prefix(input_dir)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or(rel)
        .to_owned()
}

/// Front matter, then the template data file, then directory data files deepest first;
/// and the JavaScript data files that also apply (not evaluated).
fn cascade(
    input_path: &str,
    split: &front_matter::Split,
    data_files: &[DataFile],
    index: &HashMap<String, usize>,
    suffixes: &[String],
) -> (Cascade, Vec<usize>) {
    let mut layers = Vec::new();
    if let Some(data) = split.shared_data() {
        layers.push(Layer {
            origin: LayerSource::FrontMatter,
            data,
        });
    }
    let (dir, name) = input_path.rsplit_once('/').unwrap_or(("", input_path));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let mut stems = vec![join_dirs(dir, stem)];
    let mut folder = dir;
    while !folder.is_empty() {
        let last = folder.rsplit('/').next().unwrap_or(folder);
        stems.push(format!("{folder}/{last}"));
        folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
    let mut scripts = Vec::new();
    for stem in stems {
        for suffix in suffixes {
            let Some(&i) = index.get(&format!("{stem}{suffix}")) else {
                continue;
            };
            let Some(data_file) = data_files.get(i) else {
                continue;
            };
            match &data_file.content {
                DataContent::Parsed(data) if data.is_map() => layers.push(Layer {
                    origin: LayerSource::DataFile(i),
                    data: data.clone(),
                }),
                DataContent::Script {
                    evaluated: Some(data),
                } if data.is_map() => {
                    layers.push(Layer {
                        origin: LayerSource::DataFile(i),
                        data: data.clone(),
                    });
                    scripts.push(i);
                }
                DataContent::Script { .. } => scripts.push(i),
                _ => {}
            }
        }
    }
    (Cascade { layers }, scripts)
}

/// Data file names Eleventy looks for after a template or folder stem, in priority order.
/// (A plain `folder/folder.js` is not a data file: only JSON drops the `.11tydata` suffix.)
const DATA_SUFFIXES: [&str; 5] = [
    ".11tydata.js",
    ".11tydata.cjs",
    ".11tydata.mjs",
    ".11tydata.json",
    ".json",
];

/// `DATA_SUFFIXES`, then those of the config's data extensions (`.11tydata.yaml`, `.yaml`).
fn data_suffixes(extensions: &[String]) -> Vec<String> {
    let mut suffixes: Vec<String> = DATA_SUFFIXES.iter().map(|s| (*s).to_owned()).collect();
    for extension in extensions {
        suffixes.push(format!(".11tydata.{extension}"));
        suffixes.push(format!(".{extension}"));
    }
    suffixes
}

/// Layout front matter comes after directory data, nearest layout first.
fn add_layout_layers(
    data: &mut Cascade,
    eleventy: &Eleventy,
    layouts: &[Layout],
    chains: &layout::Chains,
) {
    let Some(key) = data
        .get("layout")
        .and_then(|(value, _)| layout::key_of(value))
    else {
        return;
    };
    for &i in chains.of(key, eleventy, layouts).iter() {
        if let Some(front_matter) = layouts.get(i).and_then(|l| l.data.as_ref()) {
            data.layers.push(Layer {
                origin: LayerSource::Layout(i),
                data: front_matter.clone(),
            });
        }
    }
}

/// Global data, lowest in the cascade: `_data/a/b.json` is `{ a: { b: … } }`.
fn global_layers(data_files: &[DataFile], first: usize, data_dir: &str) -> Vec<Layer> {
    let mut layers = Vec::new();
    for (i, data) in data_files.iter().enumerate().skip(first) {
        let (DataContent::Parsed(node)
        | DataContent::Script {
            evaluated: Some(node),
        }) = &data.content
        else {
            continue;
        };
        let mut value = YamlNode::clone(node);
        for key in global_key(&data.file.rel, data_dir).into_iter().rev() {
            let key = YamlNode {
                value: Value::String {
                    text: key.to_owned(),
                    quoted: true,
                },
                span: 0..0,
            };
            value = map(vec![(key, value)]);
        }
        layers.push(Layer {
            origin: LayerSource::DataFile(i),
            data: Arc::new(value),
        });
    }
    layers
}

/// Where global data file `rel` sits in the data: `_data/a/b.json` → `["a", "b"]`.
pub(super) fn global_key<'a>(rel: &'a str, data_dir: &str) -> Vec<&'a str> {
    let below = if data_dir.is_empty() {
        Some(rel)
    } else {
        rel.strip_prefix(data_dir).and_then(|r| r.strip_prefix('/'))
    };
    let below = below.unwrap_or(rel);
    let path = below.rsplit_once('.').map_or(below, |(stem, _)| stem);
    path.split('/').collect()
}

#[cfg(test)]
mod tests {
    use crate::site::Output;
    use crate::testing::{build_site, inputs};

    fn url_of<'a>(site: &'a crate::site::Site, file: &str) -> &'a Output {
        &site
            .pages
            .iter()
            .find(|p| p.file.rel == file)
            .unwrap()
            .output
    }

    #[test]
    fn passthrough_copies_are_indexed_by_url() {
        let inputs = inputs(&[
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy({ 'public': '/' }); c.addPassthroughCopy('docs/*.pdf'); c.addPassthroughCopy({ 'vendor/**/*.js': 'js' }); };",
            ),
            ("public/favicon.ico", ""),
            ("public/img/logo.png", ""),
            ("docs/a.pdf", ""),
            ("docs/b.txt", ""),
            ("vendor/lib/x/y.js", ""),
        ]);
        let site = build_site(&inputs);
        let mut assets: Vec<&str> = site.assets.iter().map(String::as_str).collect();
        assets.sort();
        assert_eq!(
            assets,
            ["/docs/a.pdf", "/favicon.ico", "/img/logo.png", "/js/y.js"]
        );
    }

    /// Eleventy builds `Shout.MD` as Markdown: its links are Markdown links.
    #[test]
    fn an_uppercase_extension_picks_the_engine_all_the_same() {
        let site = build_site(&inputs(&[(
            "Shout.MD",
            "[lien](/ailleurs/) `[code](/non/)`\n",
        )]));
        let page = site.pages.first().unwrap();
        assert_eq!(page.extension(), "md");
        let targets: Vec<&str> = page
            .content
            .links
            .iter()
            .map(|l| l.target.as_str())
            .collect();
        assert_eq!(targets, ["/ailleurs/"]);
    }

    #[test]
    fn global_data_reaches_permalinks() {
        let inputs = inputs(&[
            (
                "_data/metadata.json",
                r#"{ "feed": { "path": "/feed/feed.xml" } }"#,
            ),
            (
                "feed/feed.njk",
                "---\npermalink: \"{{ metadata.feed.path }}\"\n---\n",
            ),
        ]);
        let site = build_site(&inputs);
        assert_eq!(url_of(&site, "feed/feed.njk").url(), Some("/feed/feed.xml"));
    }

    #[test]
    fn cascade_order_is_front_matter_then_data_files_then_layouts() {
        let inputs = inputs(&[
            (
                "_includes/base.njk",
                "---\ntitle: From layout\ntags: [layout]\n---\n",
            ),
            (
                "posts/posts.json",
                r#"{ "layout": "base.njk", "tags": ["posts"], "permalink": "/blog/{{ page.fileSlug }}/" }"#,
            ),
            ("posts/2022-01-02-hello.md", "---\ntags: hello\n---\n"),
        ]);
        let site = build_site(&inputs);
        let page = &site.pages[0];
        assert_eq!(page.output.url(), Some("/blog/hello/"));
        assert_eq!(
            page.data.get("title").unwrap().0.as_str(),
            Some("From layout")
        );
        assert_eq!(page.data.tags(), ["hello", "layout", "posts"]);
    }

    #[test]
    fn javascript_data_that_sets_permalinks_is_run() {
        let inputs = inputs(&[
            (
                "fr/fr.11tydata.js",
                "module.exports = { lang: 'fr', permalink(data) { return `/${data.lang}/${this.slugify(data.title)}/`; } }",
            ),
            ("fr/about.md", "---\ntitle: À propos\n---\nAbout"),
            (
                "en/en.11tydata.js",
                "module.exports = () => { throw new Error('no'); }",
            ),
            ("en/about.md", "About"),
        ]);
        let site = build_site(&inputs);
        assert_eq!(url_of(&site, "fr/about.md").url(), Some("/fr/a-propos/"));
        let fr = site
            .pages
            .iter()
            .find(|p| p.file.rel == "fr/about.md")
            .unwrap();
        assert_eq!(fr.data.get("lang").unwrap().0.as_str(), Some("fr"));
        // A data file that throws: its values are unknown, and the failure is kept.
        assert_eq!(url_of(&site, "en/about.md").url(), Some("/en/about/"));
        let failure = &site.settings.js_failures[0];
        assert_eq!(failure.file, "en/en.11tydata.js");
        assert!(failure.reason.contains("no"), "{failure:?}");
    }
}
