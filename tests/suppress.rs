//! Inline suppression comments end to end: `vigie::check` on a mini site drops the findings
//! a comment silences, in its own file only, and reports the comments themselves.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::path::Path;

const PAGE: &str = "\
---
title: Vidéos
---
<!-- vigie-disable-next-line a11y/frame-title-missing -- player imposed by the host -->
<iframe src=\"https://x.fr/v\"></iframe>

<iframe src=\"https://x.fr/w\"></iframe>

<!-- vigie-disable-next-line a11y/new-window -->
Rien ici.
";

/// The same text without the comment's effect: another file, same lines.
const OTHER: &str = "\
---
title: Autres vidéos
---

<iframe src=\"https://x.fr/v\"></iframe>
";

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `(file, line, code)` of every finding of the check.
fn findings(root: &Path) -> Vec<(String, usize, String)> {
    let report = vigie::check(root).unwrap();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let text = &report.sources[&d.file];
            let line = text[..d.span.start].matches('\n').count() + 1;
            (d.file.clone(), line, d.code.clone())
        })
        .collect()
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "videos.md", PAGE);
    write(dir.path(), "autres.md", OTHER);
    dir
}

#[test]
fn a_comment_silences_the_frame_below_it_and_nothing_else() {
    let dir = site();
    let found = findings(dir.path());
    let frames: Vec<(&str, usize)> = found
        .iter()
        .filter(|(_, _, code)| code == "a11y/frame-title-missing")
        .map(|(file, line, _)| (file.as_str(), *line))
        .collect();
    // Line 5 of videos.md is silenced; line 7 and the other file are not.
    assert_eq!(frames, [("autres.md", 5), ("videos.md", 7)], "{found:#?}");
    let unused: Vec<usize> = found
        .iter()
        .filter(|(_, _, code)| code == "suppression/unused")
        .map(|(_, line, _)| *line)
        .collect();
    assert_eq!(unused, [9], "{found:#?}");
}

#[test]
fn rules_severities_apply_to_the_comment_findings() {
    let dir = site();
    write(
        dir.path(),
        "vigie.toml",
        "[rules]\n\"suppression/unused\" = \"error\"\n\"a11y/new-window\" = \"off\"\n",
    );
    let report = vigie::check(dir.path()).unwrap();
    // The new-window comment names a rule turned off: it is not unused.
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.code != "suppression/unused"),
        "{:#?}",
        report.diagnostics
    );
    write(
        dir.path(),
        "vigie.toml",
        "[rules]\n\"suppression/unused\" = \"error\"\n",
    );
    let report = vigie::check(dir.path()).unwrap();
    let unused = report
        .diagnostics
        .iter()
        .find(|d| d.code == "suppression/unused")
        .expect("the new-window comment silences nothing");
    assert_eq!(unused.severity, vigie::Severity::Error);
}
