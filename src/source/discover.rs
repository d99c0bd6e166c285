//! Finds the files Eleventy would build: template formats under the input directory, minus
//! what Eleventy ignores (`node_modules`, `.git`, the output, includes, layouts and data
//! directories, the root `.gitignore`, `.eleventyignore` at the root and in the input).

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::config::Eleventy;
use crate::config::eleventy::join_dirs;

/// What discovery found, each list sorted by path.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Templates Eleventy renders (by `templateFormats`).
    pub templates: Vec<PathBuf>,
    /// Template and directory data files (`x.11tydata.json`, `dir/dir.json`, `*.11tydata.js`).
    pub data_files: Vec<PathBuf>,
    /// Layout and include files (any extension), relative to the root.
    pub layouts: Vec<String>,
    /// Global data files (`_data/**/*.json`, `*.js`), relative to the root.
    pub global_data: Vec<String>,
}

/// Walks `root` as Eleventy would with these settings.
pub fn discover(root: &Path, eleventy: &Eleventy) -> Discovered {
    let input = root.join(&eleventy.input);
    let excluded: Vec<PathBuf> = [
        join_dirs(&eleventy.input, &eleventy.includes),
        join_dirs(&eleventy.input, &eleventy.data),
        eleventy.output.clone(),
    ]
    .into_iter()
    .chain(
        eleventy
            .layouts
            .iter()
            .map(|l| join_dirs(&eleventy.input, l)),
    )
    .filter(|dir| !dir.is_empty())
    .map(|dir| root.join(dir))
    .collect();
    let gitignore = eleventy.use_gitignore.then(|| gitignore(root));
    let eleventyignore = eleventyignore(root, &eleventy.input);

    let walker = ignore::WalkBuilder::new(&input)
        .standard_filters(false)
        .hidden(true)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .filter_entry(move |entry| {
            let path = entry.path();
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if is_dir && entry.file_name() == "node_modules" {
                return false;
            }
            if excluded.iter().any(|dir| path == dir) {
                return false;
            }
            if let Some(gi) = &gitignore
                && gi.matched(path, is_dir).is_ignore()
            {
                return false;
            }
            true
        })
        .build();

    let mut found = Discovered::default();
    let mut other_json = Vec::new();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.into_path();
        let rel = crate::source::file::relative_name(root, &path);
        if eleventyignore.is_match(&rel) {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if is_data_file(&path, &name) {
            found.data_files.push(path);
        } else if is_template(&name, &eleventy.template_formats) {
            found.templates.push(path);
        } else if name.ends_with(".json") {
            other_json.push(path);
        }
    }
    // `x.json` beside a template `x.md` is that template's data file.
    found
        .data_files
        .extend(other_json.into_iter().filter(|json| {
            let stem = json.with_extension("");
            found
                .templates
                .iter()
                .any(|t| t.parent() == json.parent() && t.file_stem() == stem.file_name())
        }));
    found.data_files.sort();
    found.layouts = files_under(root, &layout_dirs(eleventy));
    let data_dir = join_dirs(&eleventy.input, &eleventy.data);
    found.global_data = files_under(root, &[data_dir])
        .into_iter()
        .filter(|f| {
            [".json", ".js", ".cjs", ".mjs"]
                .iter()
                .any(|ext| f.ends_with(ext))
        })
        .collect();
    found
}

fn is_template(name: &str, formats: &[String]) -> bool {
    let Some((_, extension)) = name.rsplit_once('.') else {
        return false;
    };
    formats.iter().any(|f| f == extension)
}

/// `x.11tydata.{json,js,cjs,mjs}`, or a JSON file named like its folder (`posts/posts.json`).
fn is_data_file(path: &Path, name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(extension, "json" | "js" | "cjs" | "mjs") {
        return false;
    }
    if stem.ends_with(".11tydata") {
        return true;
    }
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .map(|f| f.to_string_lossy());
    extension == "json" && folder.is_some_and(|folder| folder == stem)
}

fn gitignore(root: &Path) -> Gitignore {
    let mut builder = GitignoreBuilder::new(root);
    builder.add(root.join(".gitignore"));
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// `.eleventyignore` at the root and in the input directory, as Eleventy reads them: one
/// glob per line, `#` comments, `!` negations dropped, a directory ignores its contents.
fn eleventyignore(root: &Path, input: &str) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    let mut places = vec![String::new()];
    if !input.is_empty() {
        places.push(input.to_owned());
    }
    for base in places {
        let Ok(text) = std::fs::read_to_string(root.join(&base).join(".eleventyignore")) else {
            continue;
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let pattern = join_dirs(&base, line);
            let is_dir = root.join(&pattern).is_dir();
            for glob in [pattern.clone(), format!("{pattern}/**")] {
                if glob.ends_with("/**") && !is_dir {
                    continue;
                }
                if let Ok(glob) = GlobBuilder::new(&glob).literal_separator(true).build() {
                    builder.add(glob);
                }
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// The includes and layouts directories, relative to the root.
fn layout_dirs(eleventy: &Eleventy) -> Vec<String> {
    let mut dirs = vec![join_dirs(&eleventy.input, &eleventy.includes)];
    dirs.extend(
        eleventy
            .layouts
            .iter()
            .map(|l| join_dirs(&eleventy.input, l)),
    );
    dirs
}

/// Every file under `dirs`, relative to the root, sorted.
fn files_under(root: &Path, dirs: &[String]) -> Vec<String> {
    let mut files = Vec::new();
    for dir in dirs {
        let walker = ignore::WalkBuilder::new(root.join(dir))
            .standard_filters(false)
            .hidden(true)
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|t| t.is_file()) {
                files.push(crate::source::file::relative_name(root, entry.path()));
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn names(root: &Path, paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| crate::source::file::relative_name(root, p))
            .collect()
    }

    #[test]
    fn finds_templates_and_skips_what_eleventy_ignores() {
        let dir = site(&[
            ("index.md", ""),
            ("README.md", ""),
            ("docs/README.md", ""),
            ("accessibilité/index.md", ""),
            ("a b/page.njk", ""),
            ("_includes/layouts/base.njk", ""),
            ("_data/metadata.json", "{}"),
            ("_site/index.html", ""),
            ("node_modules/x/readme.md", ""),
            ("drafts/wip.md", ""),
            ("style.css", ""),
            ("posts/posts.json", "{}"),
            ("posts/a.md", ""),
            ("posts/a.json", "{}"),
            ("posts/other.json", "{}"),
            (".eleventyignore", "README.md\n# comment\n!docs\n"),
            (".gitignore", "drafts/\n"),
        ]);
        let found = discover(dir.path(), &Eleventy::default());
        assert_eq!(
            names(dir.path(), &found.templates),
            [
                "a b/page.njk",
                "accessibilité/index.md",
                "docs/README.md",
                "index.md",
                "posts/a.md"
            ]
        );
        assert_eq!(
            names(dir.path(), &found.data_files),
            ["posts/a.json", "posts/posts.json"]
        );
        assert_eq!(found.layouts, ["_includes/layouts/base.njk"]);
        assert_eq!(found.global_data, ["_data/metadata.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_file_names_are_found() {
        use std::os::unix::ffi::OsStrExt;
        let dir = site(&[]);
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(dir.path().join(name), "# x").unwrap();
        let found = discover(dir.path(), &Eleventy::default());
        assert_eq!(found.templates.len(), 1);
    }
}
