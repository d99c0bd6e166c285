//! The rule files shipped in vigie (the top-level `rules/` folder), embedded at compile time.
//! `tests/data_rules.rs` fails when a file of `rules/` is missing here.

macro_rules! rule_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../../", $path)))),*]
    };
}

/// `(path, text)` of every built-in rule file, by path.
pub const FILES: &[(&str, &str)] = rule_files![
    "rules/front-matter/boolean-as-string.yml",
    "rules/front-matter/comma-separated-tags.yml",
    "rules/front-matter/description-too-long.yml",
    "rules/front-matter/tags-not-strings.yml",
    "rules/front-matter/tagged-page-without-date.yml",
    "rules/text/merge-conflict-marker.yml",
];
