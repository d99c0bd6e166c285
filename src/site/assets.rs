//! What passthrough copies put in the built site: the URL path of every file they copy,
//! from the listing of the inputs.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::config::Passthrough;
use crate::source::Inputs;

/// The URL paths (unencoded, NFC) of every file the passthrough copies write. Sources
/// are relative to the root; a glob keeps only the file name under an explicit target.
pub fn outputs(inputs: &Inputs, copies: &[Passthrough], input: &str) -> HashSet<String> {
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
            // Eleventy globs with fast-glob, where `*` stops at a `/` (only `**` crosses
            // folders): `docs/*.pdf` does not copy `docs/sub/deep.pdf`.
            let Ok(glob) = globset::GlobBuilder::new(&copy.source)
                .literal_separator(true)
                .build()
            else {
                continue;
            };
            let matcher = glob.compile_matcher();
            let base = literal_base(&copy.source);
            for rel in files_under(inputs, &base) {
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
        if inputs.contains(&copy.source) {
            assets.insert(url_of(""));
        } else {
            assets.extend(
                files_under(inputs, &copy.source)
                    .iter()
                    .map(|rel| url_of(rel)),
            );
        }
    }
    assets
}

/// The part of a passthrough source before its first glob segment: `img/**/*.png` → `img`.
pub fn literal_base(source: &str) -> String {
    let literal: Vec<&str> = source
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '{', '[']))
        .collect();
    literal.join("/")
}

/// Every file under the folder `dir`, relative to it with `/` separators.
fn files_under(inputs: &Inputs, dir: &str) -> Vec<String> {
    let dir = dir.trim_matches('/');
    inputs
        .under(dir)
        .map(|rel| {
            let below = rel.get(dir.len()..).unwrap_or_default();
            below.trim_start_matches('/').to_owned()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(source: &str, target: &str) -> Passthrough {
        Passthrough {
            source: source.to_owned(),
            target: target.to_owned(),
        }
    }

    /// Recorded from Eleventy 3.1.8 (tests/fixtures/passthrough): a `*` does not match
    /// into subfolders, with or without a target; `**` does, and a target flattens.
    #[test]
    fn a_single_star_stays_in_its_folder() {
        let inputs = Inputs::from_files([
            ("docs/guide.pdf", "x"),
            ("docs/sub/deep.pdf", "x"),
            ("src/js/app.js", "x"),
            ("src/js/sub/deep.js", "x"),
            ("vendor/a/b/lib.js", "x"),
        ]);
        let copies = [
            copy("docs/*.pdf", "docs/*.pdf"),
            copy("src/js/*.js", "js"),
            copy("vendor/**/*.js", "lib"),
        ];
        let mut found: Vec<String> = outputs(&inputs, &copies, "").into_iter().collect();
        found.sort();
        assert_eq!(found, ["/docs/guide.pdf", "/js/app.js", "/lib/lib.js"]);
    }
}
