//! Hostile input, one file at a time, each beside a page with a known broken link: vigie
//! says what is wrong with the hostile file at its place (or that it went past a limit),
//! never panics, never hangs, and still reports the other page's finding. The sizes here
//! are those that exercise each bound; `benches/hostile.rs` times the full-size files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

#[path = "support/hostile.rs"]
mod hostile_inputs;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The neighbour every case has: its broken link must survive whatever the other file is.
const NEIGHBOUR: (&str, &[u8]) = (
    "ok.md",
    b"---\ntitle: OK\n---\n# OK\n\n[cass\xc3\xa9](/nowhere/)\n",
);

/// One finding: code, file, line, column, severity.
type Finding = (String, String, u64, u64, String);

fn check(files: &[(&str, &[u8])]) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), files);
    findings(dir.path())
}

fn write_site(root: &Path, files: &[(&str, &[u8])]) {
    std::fs::write(
        root.join(".eleventy.js"),
        "module.exports = () => ({ dir: { input: '.' } });\n",
    )
    .unwrap();
    for (name, bytes) in files.iter().chain([&NEIGHBOUR]) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

fn findings(root: &Path) -> Vec<Finding> {
    let report = vigie::check(root).expect("vigie checks a hostile site");
    let json = vigie::report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
    let found: Vec<Finding> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d: &Value| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        found
            .iter()
            .any(|(code, file, line, column, _)| code == "links/missing-page"
                && file == "ok.md"
                && (*line, *column) == (6, 9)),
        "the neighbour's finding is gone: {found:?}"
    );
    found
}

/// The findings about `file` with `code`, as `(line, column, severity)`.
fn at(found: &[Finding], code: &str, file: &str) -> Vec<(u64, u64, String)> {
    found
        .iter()
        .filter(|(c, f, ..)| c == code && f == file)
        .map(|(_, _, line, column, severity)| (*line, *column, severity.clone()))
        .collect()
}

fn page(body: &str) -> Vec<u8> {
    format!("---\ntitle: T\n---\n{body}").into_bytes()
}

#[test]
fn bytes_that_are_not_utf8_are_shown_where_they_are() {
    let found = check(&[("bad.md", b"---\ntitle: T\n---\n# caf\xe9 [x](/a/)\n")]);
    assert_eq!(
        at(&found, "site/invalid-encoding", "bad.md"),
        [(4, 6, "warning".into())]
    );
    assert_eq!(
        at(&found, "links/missing-page", "bad.md"),
        [(4, 12, "error".into())]
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_checked_under_an_escaped_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &[]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(dir.path().join(name), page("[a](/nope/)\n")).unwrap();
    let found = findings(dir.path());
    assert_eq!(
        at(&found, "links/missing-page", "caf\\xe9.md"),
        [(4, 5, "error".into())]
    );
}

#[test]
fn a_bom_and_crlf_keep_lines_and_columns() {
    let bom = "\u{feff}---\ntitle: T\n---\n# B\n\n[x](/missing/)\n";
    let crlf = "---\r\ntitle: T\r\n---\r\n# C\r\n\r\n[é](/missing/)\r\n";
    let found = check(&[("bom.md", bom.as_bytes()), ("crlf.md", crlf.as_bytes())]);
    assert_eq!(
        at(&found, "links/missing-page", "bom.md"),
        [(6, 5, "error".into())]
    );
    assert_eq!(
        at(&found, "links/missing-page", "crlf.md"),
        [(6, 5, "error".into())]
    );
}

#[test]
fn front_matter_that_is_unclosed_not_a_mapping_or_repeated_is_reported() {
    let found = check(&[
        ("open.md", b"---\ntitle: T\n# never closed\n"),
        ("list.md", b"---\n- a\n- b\n---\n# L\n"),
        ("scalar.md", b"---\njust a string\n---\n# S\n"),
        ("twice.md", b"---\ntitle: T\ntitle: U\n---\n# K\n"),
    ]);
    assert_eq!(at(&found, "front-matter/unclosed", "open.md").len(), 1);
    assert_eq!(at(&found, "front-matter/not-a-mapping", "list.md").len(), 1);
    assert_eq!(
        at(&found, "front-matter/not-a-mapping", "scalar.md").len(),
        1
    );
    assert_eq!(
        at(&found, "front-matter/duplicate-key", "twice.md").len(),
        1
    );
}

#[test]
fn yaml_bombs_and_deep_nesting_are_refused_not_expanded() {
    let bomb = hostile_inputs::yaml_alias_bomb() + "# Y\n";
    let deep = format!(
        "---\ntitle: T\nx: {}{}\n---\n# D\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let found = check(&[("bomb.md", bomb.as_bytes()), ("deep.md", deep.as_bytes())]);
    assert_eq!(at(&found, "front-matter/invalid-yaml", "bomb.md").len(), 1);
    assert_eq!(at(&found, "front-matter/invalid-yaml", "deep.md").len(), 1);
}

#[test]
fn the_yaml_bounds_are_those_of_vigie_toml_in_front_matter_and_data_files() {
    let nested = |levels: usize| format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
    let front_matter = |x: &str| format!("---\ntitle: T\nx: {x}\n---\n# P\n").into_bytes();
    let found = check(&[
        ("vigie.toml", b"[limits]\nyaml-depth = 4\nyaml-nodes = 40\n"),
        ("shallow.md", &front_matter(&nested(3))),
        ("deep.md", &front_matter(&nested(4))),
        (
            "many.md",
            &front_matter(&format!("[{}]", ["1"; 40].join(", "))),
        ),
        (
            "_data/deep.json",
            format!("{{\"x\": {}}}", nested(4)).as_bytes(),
        ),
    ]);
    assert_eq!(at(&found, "front-matter/invalid-yaml", "shallow.md"), []);
    assert_eq!(
        at(&found, "front-matter/invalid-yaml", "deep.md"),
        [(3, 7, "error".into())]
    );
    assert_eq!(at(&found, "front-matter/invalid-yaml", "many.md").len(), 1);
    assert_eq!(
        at(&found, "site/invalid-data-file", "_data/deep.json").len(),
        1,
        "{found:?}"
    );
    // The defaults take the same files.
    let found = check(&[
        ("deep.md", &front_matter(&nested(4))),
        (
            "_data/deep.json",
            format!("{{\"x\": {}}}", nested(4)).as_bytes(),
        ),
    ]);
    assert!(
        !found.iter().any(|(code, ..)| code.contains("invalid")),
        "{found:?}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_named_not_read() {
    let big = page(&"mot ".repeat(600_000));
    let found = check(&[
        ("vigie.toml", b"[limits]\nfile-size-mib = 1\n"),
        ("big.md", &big),
    ]);
    assert_eq!(
        at(&found, "site/limit-reached", "big.md"),
        [(1, 1, "warning".into())]
    );
}

#[test]
fn links_past_the_limit_of_a_page_are_named_not_checked() {
    let links: String = (0..80).map(|i| format!("[l](/p{i}/) ")).collect();
    let found = check(&[
        ("vigie.toml", b"[limits]\nlinks-per-page = 50\n"),
        ("links.md", &page(&links)),
    ]);
    assert_eq!(at(&found, "links/missing-page", "links.md").len(), 50);
    assert_eq!(
        at(&found, "site/limit-reached", "links.md"),
        [(4, 545, "warning".into())]
    );
}

#[test]
fn findings_past_the_limit_of_a_rule_in_a_file_are_counted_not_shown() {
    let stray = format!("<div>{}", "</span>".repeat(2_500));
    let missing: String = (0..30).map(|i| format!("[l](/p{i}/) ")).collect();
    let found = check(&[
        (
            "vigie.toml",
            b"[limits]\nfindings-per-file = 20\nlinks-per-page = 100\n",
        ),
        ("stray.md", &page(&stray)),
        ("links.md", &page(&missing)),
        ("other.md", &page(&missing.replace("/p", "/q"))),
    ]);
    assert_eq!(at(&found, "html/stray-end-tag", "stray.md").len(), 20);
    assert_eq!(at(&found, "html/unclosed-element", "stray.md").len(), 1);
    // At the 21st, which starts after 20 `</span>` past the `<div>`.
    assert_eq!(
        at(&found, "site/limit-reached", "stray.md"),
        [(4, 6 + 20 * 7, "warning".into())]
    );
    assert_eq!(at(&found, "links/missing-page", "links.md").len(), 20);
    assert_eq!(at(&found, "site/limit-reached", "links.md").len(), 1);
    // Each file has its own count.
    assert_eq!(at(&found, "links/missing-page", "other.md").len(), 20);
    // 100 000 findings in one file, through the human report (which once took minutes).
    let flood = format!("<div>{}", "</span>".repeat(100_000));
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &[("flood.md", &page(&flood))]);
    let output = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(["check", "--offline", "--color", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr) + String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("99000 more `html/stray-end-tag` findings in this file are not shown"),
        "{}",
        &text[text.len().saturating_sub(2000)..]
    );
}

#[test]
fn markup_nested_past_the_limit_is_named_and_not_built() {
    let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
    let unclosed = "<span>".repeat(100_000);
    let found = check(&[("deep.md", &page(&deep)), ("unclosed.md", &page(&unclosed))]);
    assert_eq!(
        at(&found, "site/limit-reached", "deep.md"),
        [(4, 2561, "warning".into())]
    );
    assert!(at(&found, "html/stray-end-tag", "deep.md").is_empty());
    // The spans left open are reported up to the limit (the paragraph holding them is one
    // of the 512 levels), not one by one past it.
    assert_eq!(
        at(&found, "html/unclosed-element", "unclosed.md").len(),
        511
    );
}

#[test]
fn binary_empty_and_nul_files_do_not_stop_the_check() {
    let binary: Vec<u8> = (0..=255u8).cycle().take(64 * 1024).collect();
    let found = check(&[
        ("binary.md", &binary),
        ("empty.md", b""),
        (
            "nul.md",
            b"---\ntitle: T\n---\n# N\x00UL\n\n\x00[y](/missing/)\x00\n",
        ),
    ]);
    assert_eq!(at(&found, "site/invalid-encoding", "binary.md").len(), 1);
    assert_eq!(at(&found, "links/missing-page", "nul.md").len(), 1);
}

#[test]
fn long_urls_bad_escapes_and_ip_literals_get_their_findings() {
    let long = format!(
        "[x](https://example.fr/{}) [y](/{}/)\n\n[a](/%zz/) [b](http://[::1]:80/) [c](http://[::1/) [d](http://[gggg::1]/)\n",
        "a".repeat(200_000),
        "b".repeat(200_000)
    );
    let found = check(&[("urls.md", &page(&long))]);
    // The 200 KB internal link, and the malformed escape.
    assert_eq!(at(&found, "links/missing-page", "urls.md").len(), 2);
    // `[::1]` is a valid host; `[::1` and `[gggg::1]` are not.
    assert_eq!(at(&found, "external/invalid-url", "urls.md").len(), 2);
}

#[test]
fn a_comment_or_a_fence_left_open_hides_what_it_holds_and_only_that() {
    let comment = page(&format!(
        "<!-- never closed\n[x](/missing/)\n{}",
        "text\n".repeat(1000)
    ));
    let fence = page(&format!("```js\n[x](/missing/)\n{}", "code\n".repeat(1000)));
    let found = check(&[("comment.md", &comment), ("fence.md", &fence)]);
    assert!(at(&found, "links/missing-page", "comment.md").is_empty());
    assert!(at(&found, "links/missing-page", "fence.md").is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_do_not_hang_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path(), &[("sub/page.md", &page("# P\n"))]);
    let root = dir.path();
    std::os::unix::fs::symlink("loop2", root.join("loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", root.join("loop2")).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/target.md", root.join("dangling.md")).unwrap();
    findings(root);
}

#[test]
fn navigation_cycles_and_self_parents_are_reported() {
    let nav = |key: &str, parent: &str| {
        format!("---\ntitle: {key}\neleventyNavigation:\n  key: {key}\n  parent: {parent}\n---\n")
            .into_bytes()
    };
    let found = check(&[
        ("a.md", &nav("A", "B")),
        ("b.md", &nav("B", "A")),
        ("c.md", &nav("C", "C")),
    ]);
    let cycles = found
        .iter()
        .filter(|(code, ..)| code == "nav/cycle")
        .count();
    assert!(cycles >= 2, "{found:?}");
}

#[test]
fn javascript_that_never_ends_is_stopped_at_its_limit() {
    let found = check(&[
        ("vigie.toml", b"[limits]\njavascript-seconds = 0.3\n"),
        (
            "_data/loop.js",
            b"module.exports = () => { while (true) {} };\n",
        ),
        (
            "_data/alloc.js",
            b"const a = []; while (true) { a.push('x'.repeat(1e6)); }\n",
        ),
    ]);
    assert_eq!(
        at(&found, "site/javascript-failed", "_data/loop.js").len(),
        1
    );
    assert_eq!(
        at(&found, "site/javascript-failed", "_data/alloc.js").len(),
        1
    );
}
