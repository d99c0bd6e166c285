//! Turns the discovered files into a `Site`: reads and splits every page in parallel,
//! parses data files, assembles each page's data cascade and computes its output URL.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::layout;
use super::model::{Cascade, DataContent, DataFile, Layer, Layout, Origin, Output, Page, Site};
use super::url;
use crate::config::Settings;
use crate::config::eleventy::join_dirs;
use crate::parse::front_matter;
use crate::parse::yaml;
use crate::source::SourceFile;
use crate::source::discover::Discovered;

/// Builds the site model; files that cannot be read become notes, never a failure.
pub fn build(root: &Path, mut settings: Settings, found: Discovered) -> Site {
    let flavor = settings.eleventy.yaml_flavor();
    let input_dir = settings.eleventy.input.clone();
    let read: Vec<Result<SourceFile, String>> = found
        .templates
        .into_par_iter()
        .map(|path| {
            SourceFile::read(root, path.clone())
                .map_err(|err| format!("{}: cannot be read ({err})", path.display()))
        })
        .collect();

    let data_files: Vec<DataFile> = found
        .data_files
        .into_par_iter()
        .filter_map(|path| SourceFile::read(root, path).ok())
        .map(|file| {
            let content = if file.rel.ends_with(".json") {
                match yaml::parse(&file.text, 0, flavor) {
                    Ok(parsed) => DataContent::Parsed(parsed.root.unwrap_or_else(empty_map)),
                    Err(err) => DataContent::Invalid(err),
                }
            } else {
                DataContent::Script
            };
            DataFile { file, content }
        })
        .collect();
    for data in &data_files {
        if matches!(data.content, DataContent::Script) {
            settings.notes.push(format!(
                "{}: JavaScript data file, not evaluated (its values are unknown to vigie)",
                data.file.rel
            ));
        }
    }
    let data_index: HashMap<String, usize> = data_files
        .iter()
        .enumerate()
        .map(|(i, d)| (input_relative(&d.file.rel, &input_dir), i))
        .collect();

    let mut layouts: Vec<Layout> = found
        .layouts
        .par_iter()
        .filter_map(|rel| SourceFile::read(root, root.join(rel)).ok())
        .map(|file| Layout {
            split: front_matter::split(&file.text, flavor),
            file,
        })
        .collect();
    layouts.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));

    let version = settings.eleventy.version;
    let eleventy = &settings.eleventy;
    let mut pages = Vec::with_capacity(read.len());
    for file in read {
        match file {
            Ok(file) => pages.push(file),
            Err(note) => settings.notes.push(note),
        }
    }
    let pages: Vec<Page> = pages
        .into_par_iter()
        .map(|file| {
            let input_path = input_relative(&file.rel, &input_dir);
            let split = front_matter::split(&file.text, flavor);
            let (mut data, scripts) = cascade(&input_path, &split, &data_files, &data_index);
            add_layout_layers(&mut data, eleventy, &layouts);
            let mut output = url::output(&input_path, &data, version);
            // A JavaScript data file that mentions `permalink` may compute the URL.
            let script = scripts
                .iter()
                .map(|&i| &data_files[i].file)
                .find(|f| f.text.contains("permalink"));
            if let (Some(script), None) = (script, data.get("permalink")) {
                output = Output::Unknown {
                    reason: format!(
                        "{} may compute its permalink (JavaScript data is not evaluated)",
                        script.rel
                    ),
                };
            }
            Page {
                file,
                input_path,
                split,
                data,
                output,
            }
        })
        .collect();

    let mut urls: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        if let Some(url) = page.output.url() {
            urls.entry(url.to_owned()).or_default().push(i);
        }
    }
    Site {
        root: root.to_path_buf(),
        settings,
        pages,
        data_files,
        layouts,
        urls,
    }
}

fn empty_map() -> yaml::Node {
    yaml::Node {
        value: yaml::Value::Map(Vec::new()),
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
) -> (Cascade, Vec<usize>) {
    let mut layers = Vec::new();
    if let Some(data) = split.data() {
        layers.push(Layer {
            origin: Origin::FrontMatter,
            data: data.clone(),
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
        for suffix in DATA_SUFFIXES {
            let Some(&i) = index.get(&format!("{stem}{suffix}")) else {
                continue;
            };
            match &data_files[i].content {
                DataContent::Parsed(data) if data.is_map() => layers.push(Layer {
                    origin: Origin::DataFile(i),
                    data: data.clone(),
                }),
                DataContent::Script => scripts.push(i),
                _ => {}
            }
        }
    }
    (Cascade { layers }, scripts)
}

/// Layout front matter comes last in the cascade, nearest layout first.
fn add_layout_layers(data: &mut Cascade, eleventy: &crate::config::Eleventy, layouts: &[Layout]) {
    let Some(key) = data
        .get("layout")
        .and_then(|(value, _)| layout::key_of(value))
    else {
        return;
    };
    for i in layout::chain(key, eleventy, layouts) {
        if let Some(front_matter) = layouts[i].split.data() {
            data.layers.push(Layer {
                origin: Origin::Layout(i),
                data: front_matter.clone(),
            });
        }
    }
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
