//! Where the site is: its root found from the paths given (or the current folder), as git
//! finds `.git`, and which of its files were asked for. Reads the file system only to see
//! which files exist.

use crate::error::Result;

/// The site's root for `paths`, and the files and folders (relative to it) whose findings
/// are asked for (`None`: the whole site). A path that is the root of a site (its Eleventy
/// config or `package.json` is there) is the whole site; otherwise the root is the nearest
/// folder above that has an Eleventy config, else a `package.json`, else the folder given.
pub(super) fn site_root(
    paths: &[std::path::PathBuf],
) -> Result<(std::path::PathBuf, Option<Vec<String>>)> {
    let absolute: Vec<std::path::PathBuf> = paths
        .iter()
        .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let (Some(given), Some(first)) = (paths.first(), absolute.first()) else {
        return Ok((".".into(), None));
    };
    // A path that does not exist is the root's own error to report.
    if !first.exists() {
        return Ok((given.clone(), None));
    }
    let start = if first.is_dir() {
        first.clone()
    } else {
        first
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    };
    let root = ["config", "package.json"]
        .iter()
        .find_map(|marker| start.ancestors().find(|dir| has_marker(dir, marker)))
        .map_or(start.clone(), std::path::Path::to_path_buf);
    let only: Vec<String> = absolute
        .iter()
        .filter_map(|p| p.strip_prefix(&root).ok())
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    if only.len() < absolute.len() {
        return Err(crate::Error::Root {
            path: paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            reason: format!(
                "these paths are not all in the site at `{}`",
                root.display()
            ),
        });
    }
    let whole = only.iter().any(String::is_empty);
    Ok((root, (!whole).then_some(only)))
}

/// Whether `dir` has `marker`: an Eleventy config (`config`), or that file.
fn has_marker(dir: &std::path::Path, marker: &str) -> bool {
    if marker == "config" {
        return [
            ".eleventy.js",
            "eleventy.config.js",
            "eleventy.config.cjs",
            "eleventy.config.mjs",
            "eleventy.config.ts",
        ]
        .iter()
        .any(|name| dir.join(name).is_file());
    }
    dir.join(marker).is_file()
}

/// Whether the file `file` (relative to the root) is `path` or lies in the folder `path`.
pub fn is_within(file: &str, path: &str) -> bool {
    file.strip_prefix(path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
