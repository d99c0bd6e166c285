//! What passthrough copies put in the built site: the URL path of every file they copy.
//! Walks the copied folders once (filesystem I/O belongs to `source`).

use std::collections::HashSet;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::config::Passthrough;

/// The URL paths (unencoded, NFC) of every file the passthrough copies write. Sources
/// are relative to the root; a glob keeps only the file name under an explicit target.
pub fn outputs(root: &Path, copies: &[Passthrough], input: &str) -> HashSet<String> {
    let mut assets = HashSet::new();
    for copy in copies {
        let target = copy.target.trim_matches('/');
        let url_of = |rel: &str| {
            let path = if target.is_empty() {
                format!("/{rel}")
            } else if rel.is_empty() {
                format!("/{target}")
            } else {
                format!("/{target}/{rel}")
            };
            path.nfc().collect::<String>()
        };
        if copy.source.contains(['*', '?', '{', '[']) {
            // `dir/**/*.png`: walk the literal part, keep files the glob matches.
            let Ok(glob) = globset::Glob::new(&copy.source) else {
                continue;
            };
            let matcher = glob.compile_matcher();
            let literal: Vec<&str> = copy
                .source
                .split('/')
                .take_while(|part| !part.contains(['*', '?', '{', '[']))
                .collect();
            let base = literal.join("/");
            for rel in files_under(&root.join(&base)) {
                let full = if base.is_empty() {
                    rel.clone()
                } else {
                    format!("{base}/{rel}")
                };
                if !matcher.is_match(&full) {
                    continue;
                }
                if copy.target.contains(['*', '?', '{', '[']) {
                    // No target given: the matched files keep their place under the input.
                    let kept = full
                        .strip_prefix(&format!("{input}/"))
                        .filter(|_| !input.is_empty())
                        .unwrap_or(&full);
                    assets.insert(format!("/{kept}").nfc().collect());
                } else {
                    let name = rel.rsplit('/').next().unwrap_or(&rel);
                    assets.insert(url_of(name));
                }
            }
            continue;
        }
        let source = root.join(&copy.source);
        if source.is_file() {
            assets.insert(url_of(""));
        } else {
            assets.extend(files_under(&source).iter().map(|rel| url_of(rel)));
        }
    }
    assets
}

/// Every file under `dir`, relative to it with `/` separators (symlinked folders not
/// followed, so a loop cannot hang the walk).
fn files_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push((entry.path(), child)),
                Ok(_) => files.push(child),
                Err(_) => {}
            }
        }
    }
    files
}
