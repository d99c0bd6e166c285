//! Finds the files Eleventy would build: template formats under the input directory, minus
//! what Eleventy ignores (`node_modules`, `.git`, the output, includes, layouts and data
//! directories, the root `.gitignore`, `.eleventyignore` at the root and in the input).

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::config::Eleventy;
use crate::config::eleventy::join_dirs;
use crate::source::Inputs;

/// What discovery found, each list sorted by path (relative to the root).
#[derive(Debug, Default)]
pub struct Discovered {
    /// Templates Eleventy renders (by `templateFormats`).
    pub templates: Vec<String>,
    /// Template and directory data files (`x.11tydata.json`, `dir/dir.json`, `*.11tydata.js`).
    pub data_files: Vec<String>,
    /// Layout and include files (any extension).
    pub layouts: Vec<String>,
    /// Global data files (`_data/**/*.json`, `*.js`).
    pub global_data: Vec<String>,
}

impl Discovered {
    /// Every file the site model reads.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.templates
            .iter()
            .chain(&self.data_files)
            .chain(&self.layouts)
            .chain(&self.global_data)
            .map(String::as_str)
    }
}

/// The files of `inputs` Eleventy would read with these settings.
pub fn discover(inputs: &Inputs, eleventy: &Eleventy) -> Discovered {
    let excluded: Vec<String> = [
        join_dirs(&eleventy.input, &eleventy.includes),
        join_dirs(&eleventy.input, &eleventy.data),
        crate::config::eleventy::normalize_dir(&eleventy.output),
    ]
    .into_iter()
    .chain(
        eleventy
            .layouts
            .iter()
            .map(|l| join_dirs(&eleventy.input, l)),
    )
    .filter(|dir| !dir.is_empty())
    .collect();
    let gitignore = eleventy.use_gitignore.then(|| gitignore(inputs));
    let eleventyignore = eleventyignore(inputs, &eleventy.input, &eleventy.ignores);

    let mut found = Discovered::default();
    let mut other_json = Vec::new();
    for rel in inputs.under(&eleventy.input) {
        let folders = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let below_input = rel
            .strip_prefix(&eleventy.input)
            .map_or(rel, |r| r.trim_start_matches('/'));
        if below_input
            .split('/')
            .any(|part| part.starts_with('.') || part == "node_modules")
        {
            continue;
        }
        if excluded.iter().any(|dir| is_below(rel, dir)) {
            continue;
        }
        if let Some(gi) = &gitignore
            && gi.matched_path_or_any_parents(rel, false).is_ignore()
        {
            continue;
        }
        if eleventyignore.is_match(rel) {
            continue;
        }
        if is_data_file(folders, name, &eleventy.data_extensions) {
            found.data_files.push(rel.to_owned());
        } else if is_template(name, &eleventy.template_formats) {
            found.templates.push(rel.to_owned());
        } else if name.ends_with(".json") {
            other_json.push(rel);
        }
    }
    // `x.json` beside a template `x.md` is that template's data file.
    found.data_files.extend(
        other_json
            .into_iter()
            .filter(|json| {
                let stem = json.strip_suffix(".json").unwrap_or(json);
                found
                    .templates
                    .iter()
                    .any(|t| t.rsplit_once('.').is_some_and(|(t, _)| t == stem))
            })
            .map(str::to_owned),
    );
    found.data_files.sort();
    found.layouts = files_under(inputs, &layout_dirs(eleventy));
    let data_dir = join_dirs(&eleventy.input, &eleventy.data);
    found.global_data = files_under(inputs, &[data_dir])
        .into_iter()
        .filter(|f| {
            let extension = f.rsplit_once('.').map_or("", |(_, e)| e);
            ["json", "js", "cjs", "mjs"].contains(&extension)
                || eleventy.data_extensions.iter().any(|e| e == extension)
        })
        .collect();
    found
}

/// `path` is `dir` or lies below it.
fn is_below(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn is_template(name: &str, formats: &[String]) -> bool {
    let Some((_, extension)) = name.rsplit_once('.') else {
        return false;
    };
    // Eleventy's glob matches any case (`Shout.MD` is a Markdown page).
    formats.iter().any(|f| f.eq_ignore_ascii_case(extension))
}

/// `x.11tydata.{json,js,cjs,mjs}` (or an extension of `addDataExtension`), or a JSON file
/// (or one of those extensions) named like its folder (`posts/posts.json`).
fn is_data_file(folders: &str, name: &str, added: &[String]) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let added = added.iter().any(|e| e == extension);
    if !matches!(extension, "json" | "js" | "cjs" | "mjs") && !added {
        return false;
    }
    if stem.ends_with(".11tydata") {
        return true;
    }
    let folder = folders.rsplit('/').next().filter(|f| !f.is_empty());
    (extension == "json" || added) && folder == Some(stem)
}

/// The root `.gitignore`, read from the inputs.
fn gitignore(inputs: &Inputs) -> Gitignore {
    let mut builder = GitignoreBuilder::new("");
    if let Some(text) = inputs.text(".gitignore") {
        for line in text.lines() {
            let _ = builder.add_line(None, line);
        }
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// `.eleventyignore` at the root and in the input directory, as Eleventy reads them: one
/// glob per line, `#` comments, `!` negations dropped, a directory ignores its contents;
/// and the config's `ignores.add` globs (relative to the root).
fn eleventyignore(inputs: &Inputs, input: &str, added: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in added {
        // A folder ignores its contents.
        let mut globs = vec![pattern.clone()];
        if inputs.is_dir(pattern) {
            globs.push(format!("{pattern}/**"));
        }
        for glob in globs {
            if let Ok(glob) = GlobBuilder::new(&glob).literal_separator(true).build() {
                builder.add(glob);
            }
        }
    }
    let mut places = vec![String::new()];
    if !input.is_empty() {
        places.push(input.to_owned());
    }
    for base in places {
        let Some(text) = inputs.text(&join_dirs(&base, ".eleventyignore")) else {
            continue;
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let pattern = join_dirs(&base, line);
            let is_dir = inputs.is_dir(&pattern);
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

/// Every file under `dirs` (hidden ones left out), sorted.
fn files_under(inputs: &Inputs, dirs: &[String]) -> Vec<String> {
    let mut files: Vec<String> = dirs
        .iter()
        .flat_map(|dir| {
            inputs.under(dir).filter(move |rel| {
                let below = rel.get(dir.len()..).unwrap_or_default();
                let below = below.trim_start_matches('/');
                !below.split('/').any(|part| part.starts_with('.'))
            })
        })
        .map(str::to_owned)
        .collect();
    files.sort();
    files.dedup();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_templates_and_skips_what_eleventy_ignores() {
        let inputs = Inputs::from_files([
            ("index.md", ""),
            ("README.md", ""),
            ("docs/README.md", ""),
            ("accessibilité/index.md", ""),
            ("a b/page.njk", ""),
            ("_includes/layouts/base.njk", ""),
            ("_includes/.hidden.njk", ""),
            ("_data/metadata.json", "{}"),
            ("_site/index.html", ""),
            ("node_modules/x/readme.md", ""),
            ("drafts/wip.md", ""),
            (".github/ISSUE.md", ""),
            ("style.css", ""),
            ("posts/posts.json", "{}"),
            ("posts/a.md", ""),
            ("posts/Shout.MD", ""),
            ("posts/a.json", "{}"),
            ("posts/other.json", "{}"),
            (".eleventyignore", "README.md\n# comment\n!docs\n"),
            (".gitignore", "drafts/\n"),
        ]);
        let found = discover(&inputs, &Eleventy::default());
        assert_eq!(
            found.templates,
            [
                "a b/page.njk",
                "accessibilité/index.md",
                "docs/README.md",
                "index.md",
                "posts/Shout.MD",
                "posts/a.md"
            ]
        );
        assert_eq!(found.data_files, ["posts/a.json", "posts/posts.json"]);
        assert_eq!(found.layouts, ["_includes/layouts/base.njk"]);
        assert_eq!(found.global_data, ["_data/metadata.json"]);
    }

    #[test]
    fn an_input_folder_limits_the_templates() {
        let inputs = Inputs::from_files([
            ("src/index.md", ""),
            ("src/_includes/base.njk", ""),
            ("README.md", ""),
            ("srcx/other.md", ""),
        ]);
        let eleventy = Eleventy {
            input: "src".into(),
            ..Eleventy::default()
        };
        let found = discover(&inputs, &eleventy);
        assert_eq!(found.templates, ["src/index.md"]);
        assert_eq!(found.layouts, ["src/_includes/base.njk"]);
    }
}
