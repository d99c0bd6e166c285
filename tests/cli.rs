//! The `vigie` binary as a user runs it: exit codes, the JSON contract (DESIGN.md §4), the
//! human report, `explain` and `rules`. Sites: the demo at the repository root and the
//! `tests/fixtures/sites/cli-*` mini sites; odd file names and bytes are made at test time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

#[path = "support/files.rs"]
mod files;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn demo() -> PathBuf {
    manifest_dir().join("demo")
}

fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/sites").join(name)
}

/// Runs `vigie` with a fixed terminal width and no colour.
fn vigie<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .current_dir(manifest_dir())
        .output()
        .expect("the vigie binary runs")
}

fn check(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec![std::ffi::OsStr::new("check"), root.as_os_str()];
    // External links are checked over HTTP by default; these tests stay off the network.
    args.push(std::ffi::OsStr::new("--offline"));
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    vigie(args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// stderr with miette's line wrapping undone: words separated by single spaces.
fn stderr_words(output: &Output) -> String {
    stderr(output)
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .unwrap_or_else(|| panic!("vigie was killed: {output:?}"))
}

fn json(root: &Path) -> (i32, Value) {
    let output = check(root, &["--format", "json"]);
    let value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&output), stderr(&output)));
    (code(&output), value)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics array")
}

/// `(code, file, line, column)` of every diagnostic, in report order.
fn places(report: &Value) -> Vec<(String, String, u64, u64)> {
    diagnostics(report)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Line and column of a byte offset as an editor shows them: 1-based, columns in
/// characters, a BOM is no column. Written here independently of vigie.
fn editor_position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_text = before.rsplit('\n').next().unwrap_or("");
    let line_text = if line == 1 {
        line_text.trim_start_matches('\u{feff}')
    } else {
        line_text
    };
    (line as u64, line_text.chars().count() as u64 + 1)
}

// ───────────────────────────── exit codes ─────────────────────────────

#[test]
fn a_clean_site_exits_0_and_says_so() {
    let output = check(&fixture("cli-clean"), &["--color", "never"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "vigie: no problems in 2 pages (2 files)\n");

    let (code, report) = json(&fixture("cli-clean"));
    assert_eq!(code, 0);
    assert!(diagnostics(&report).is_empty(), "{report:#}");
    assert_eq!(
        report["summary"],
        serde_json::json!({ "files": 2, "pages": 2, "errors": 0, "warnings": 0, "infos": 0 })
    );
}

#[test]
fn warnings_alone_exit_0() {
    let output = check(&fixture("cli-warnings"), &["--color", "never"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("front-matter/missing-title"), "{text}");
    assert!(
        text.ends_with("vigie: 0 errors, 1 warning in 1 page (1 file)\n"),
        "{text}"
    );
}

#[test]
fn errors_exit_1() {
    assert_eq!(code(&check(&demo(), &[])), 1);
    assert_eq!(code(&check(&fixture("cli-errors"), &[])), 1);
}

#[test]
fn a_missing_root_exits_2_with_a_message() {
    let root = manifest_dir().join("tests/fixtures/sites/no-such-site");
    for format in ["human", "json"] {
        let output = check(&root, &["--format", format]);
        assert_eq!(code(&output), 2);
        assert!(output.stdout.is_empty(), "{}", stdout(&output));
        assert!(
            stderr(&output).contains("no-such-site"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn an_unknown_vigie_toml_option_exits_2_and_points_at_it() {
    let output = check(&fixture("cli-bad-config"), &[]);
    assert_eq!(code(&output), 2);
    assert!(output.stdout.is_empty());
    let err = stderr_words(&output);
    assert!(err.contains("unknown field `inptu`"), "{err}");
    assert!(err.contains("vigie.toml:2:1"), "{err}");
}

#[test]
fn an_unknown_rule_code_in_vigie_toml_exits_2_with_a_suggestion() {
    let output = check(&fixture("cli-unknown-rule"), &["--format", "json"]);
    assert_eq!(code(&output), 2);
    assert!(output.stdout.is_empty(), "no half-written JSON");
    let err = stderr_words(&output);
    assert!(
        err.contains("unknown rule `front-matter/missing-titel`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `front-matter/missing-title`?"),
        "{err}"
    );
}

#[test]
fn a_usage_error_exits_2() {
    let output = vigie(["check", "demo", "--format", "xml"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("xml"), "{}", stderr(&output));
    assert_eq!(code(&vigie(["--help"])), 0);
}

// ───────────────────────────── JSON contract ─────────────────────────────

#[test]
fn json_follows_the_contract() {
    let (code, report) = json(&demo());
    assert_eq!(code, 1);
    let top: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["version", "tool", "diagnostics", "summary"]);
    assert_eq!(report["version"], 1);
    assert_eq!(
        report["tool"],
        serde_json::json!({ "name": "vigie", "version": env!("CARGO_PKG_VERSION") })
    );

    let required = [
        "code",
        "severity",
        "message",
        "help",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
    ];
    let optional = ["link", "url", "fix", "related"];
    let mut counts = [0u64; 3];
    for d in diagnostics(&report) {
        let object = d.as_object().unwrap();
        for key in required {
            assert!(object.contains_key(key), "`{key}` missing in {d}");
        }
        for key in object.keys() {
            assert!(
                required.contains(&key.as_str()) || optional.contains(&key.as_str()),
                "unexpected `{key}` in {d}"
            );
        }
        let code = d["code"].as_str().unwrap();
        assert!(
            code.split_once('/')
                .is_some_and(|(g, n)| !g.is_empty() && !n.is_empty()),
            "{code}"
        );
        match d["severity"].as_str().unwrap() {
            "error" => counts[0] += 1,
            "warning" => counts[1] += 1,
            "info" => counts[2] += 1,
            other => panic!("severity {other}"),
        }
        assert!(!d["message"].as_str().unwrap().is_empty());
        assert!(d["help"].is_string() || d["help"].is_null());
        let file = d["file"].as_str().unwrap();
        assert!(
            !file.contains('\\') && !file.starts_with('/') && !file.starts_with("./"),
            "{file}"
        );
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().unwrap() >= 1, "{key} in {d}");
        }
        let (start, end) = (
            d["byte_start"].as_u64().unwrap() as usize,
            d["byte_end"].as_u64().unwrap() as usize,
        );
        assert!(start <= end, "{d}");
        // Positions agree with the file itself, columns in characters.
        let text = std::fs::read_to_string(demo().join(file)).unwrap();
        assert!(end <= text.len(), "{d}");
        assert_eq!(
            editor_position(&text, start),
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
            "start of {d}"
        );
        assert_eq!(
            editor_position(&text, end),
            (
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap()
            ),
            "end of {d}"
        );
    }
    let summary = &report["summary"];
    let keys: Vec<&str> = summary
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["files", "pages", "errors", "warnings", "infos"]);
    assert_eq!(summary["errors"], counts[0]);
    assert_eq!(summary["warnings"], counts[1]);
    assert_eq!(summary["infos"], counts[2]);
    // 20 pages; README.md is in .eleventyignore; posts.json and metadata.json are data.
    assert_eq!(summary["pages"], 20);
    assert_eq!(summary["files"], 22);
}

#[test]
fn json_points_at_each_demo_defect() {
    let (_, report) = json(&demo());
    let found = places(&report);
    let expected = [
        ("front-matter/missing-title", "accessibilite.md", 1, 1),
        ("front-matter/invalid-permalink", "agenda.njk", 4, 12),
        ("nav/order-tie", "demarches/elections.md", 7, 10),
        ("nav/missing-parent", "demarches/urbanisme.md", 6, 11),
        // `title: Séances du conseil: …`: the colon is character 26, byte 27.
        (
            "front-matter/invalid-yaml",
            "mairie/conseil-municipal.md",
            3,
            26,
        ),
        ("front-matter/duplicate-key", "mairie/horaires.md", 5, 1),
        ("nav/duplicate-key", "mairie/nous-ecrire.md", 5, 8),
        ("front-matter/missing-layout", "plan-du-site.md", 2, 9),
        (
            "front-matter/invalid-date",
            "posts/2022-06-02-ouverture-mediatheque.md",
            3,
            7,
        ),
        (
            "front-matter/unknown-key",
            "posts/2022-09-15-forum-associations.md",
            4,
            1,
        ),
        ("front-matter/unclosed", "posts/2023-01-10-voeux.md", 1, 1),
    ];
    for (code, file, line, column) in expected {
        assert!(
            found
                .iter()
                .any(|f| f == &(code.to_owned(), file.to_owned(), line, column)),
            "no {code} at {file}:{line}:{column} in {found:#?}"
        );
    }
    // The output conflict names both pages.
    let conflict = diagnostics(&report)
        .iter()
        .find(|d| d["code"] == "site/output-conflict")
        .expect("an output conflict");
    let message = conflict["message"].as_str().unwrap();
    assert!(
        message.contains("mentions-legales.md") && message.contains("donnees-personnelles.md"),
        "{message}"
    );
    assert!(message.contains("/mentions-legales/"), "{message}");

    let yaml = diagnostics(&report)
        .iter()
        .find(|d| d["code"] == "front-matter/invalid-yaml")
        .unwrap();
    assert_eq!(
        (yaml["end_line"].as_u64(), yaml["end_column"].as_u64()),
        (Some(3), Some(27))
    );
    let text = std::fs::read_to_string(demo().join("mairie/conseil-municipal.md")).unwrap();
    let span =
        yaml["byte_start"].as_u64().unwrap() as usize..yaml["byte_end"].as_u64().unwrap() as usize;
    assert_eq!(&text[span], ":");

    let layout = diagnostics(&report)
        .iter()
        .find(|d| d["code"] == "front-matter/missing-layout")
        .unwrap();
    assert!(
        layout["help"]
            .as_str()
            .unwrap()
            .contains("did you mean `page`?"),
        "{layout}"
    );
}

#[test]
fn diagnostics_are_sorted_by_file_then_position() {
    for root in [demo(), fixture("cli-errors")] {
        let (_, report) = json(&root);
        let keys: Vec<(String, u64)> = diagnostics(&report)
            .iter()
            .map(|d| {
                (
                    d["file"].as_str().unwrap().to_owned(),
                    d["byte_start"].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(keys.len() > 2);
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
}

#[test]
fn a_broken_file_does_not_hide_findings_in_other_files() {
    let (code, report) = json(&fixture("cli-errors"));
    assert_eq!(code, 1);
    assert_eq!(
        places(&report),
        [
            ("front-matter/invalid-yaml", "broken.md", 3, 16),
            ("front-matter/invalid-date", "pages/été.md", 4, 7),
            // After `Fête de l’été` (13 characters, 18 bytes) on the same line.
            ("nav/missing-parent", "pages/été.md", 5, 51),
        ]
        .map(|(c, f, l, col)| (c.to_owned(), f.to_owned(), l, col))
    );
    assert_eq!(report["summary"]["pages"], 3);
}

// ───────────────────────────── human output ─────────────────────────────

#[test]
fn human_output_has_the_code_the_place_and_the_summary() {
    let output = check(&fixture("cli-errors"), &["--color", "never"]);
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}'), "no colour codes: {text}");
    for expected in [
        "front-matter/invalid-yaml",
        "[broken.md:3:16]",
        "front-matter/invalid-date",
        "[pages/été.md:4:7]",
        "nav/missing-parent",
        "help: ",
    ] {
        assert!(text.contains(expected), "`{expected}` missing in:\n{text}");
    }
    assert!(
        text.ends_with("\nvigie: 3 errors, 0 warnings in 3 pages (3 files)\n"),
        "{text}"
    );
    // Findings come in the order of the JSON report.
    let yaml = text.find("front-matter/invalid-yaml").unwrap();
    let date = text.find("front-matter/invalid-date").unwrap();
    assert!(yaml < date);
}

/// DESIGN.md §4: human columns count characters, like the JSON ones (miette alone would
/// count bytes: `é` and `’` would push the column right).
#[test]
fn human_columns_count_characters() {
    let text = stdout(&check(&fixture("cli-errors"), &["--color", "never"]));
    assert!(text.contains("[pages/été.md:5:51]"), "{text}");
    let text = stdout(&check(&demo(), &["--color", "never"]));
    assert!(
        text.contains("[mairie/conseil-municipal.md:3:26]"),
        "{text}"
    );
}

#[test]
fn the_demo_reads_well() {
    let output = check(&demo(), &["--color", "never"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(
        text.ends_with("vigie: 17 errors, 8 warnings in 20 pages (22 files)\n"),
        "{text}"
    );
    insta::assert_snapshot!("demo_human", text);
}

#[test]
fn verbose_says_what_was_detected_on_stderr() {
    let output = check(&demo(), &["--format", "json", "--verbose"]);
    let report: Value = serde_json::from_str(&stdout(&output)).expect("stdout stays JSON");
    assert_eq!(report["version"], 1);
    let err = stderr(&output);
    for expected in [
        "eleventy.version",
        "package.json (\"@11ty/eleventy\": \"^1.0.2\")",
        "eleventy.layout-alias.page",
        "linkify: true",
        "https://www.vigie-sur-loire.example.fr",
        "_data/metadata.json",
    ] {
        assert!(err.contains(expected), "`{expected}` missing in:\n{err}");
    }
}

// ───────────────────────────── odd files ─────────────────────────────

#[cfg(unix)]
#[test]
fn non_utf8_names_and_bytes_do_not_crash() {
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("_includes")).unwrap();
    std::fs::write(root.join("_includes/page.njk"), "{{ content | safe }}").unwrap();
    // A Latin-1 file name: `café.md`.
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(root.join(name), "---\ntitle: Café\nlayout: nope.njk\n---\n").unwrap();
    // Latin-1 bytes in the front matter and the body, then a defect further down.
    let mut bytes = b"---\ntitle: Caf\xe9 \xe0 la mairie\nlayout: page.njk\n".to_vec();
    bytes.extend_from_slice(b"date: 2024-1-1\n---\n\nCaf\xe9\xff\xfe.\n");
    std::fs::write(root.join("octets.md"), bytes).unwrap();

    let (code, report) = json(root);
    assert_eq!(code, 1, "{report:#}");
    let found = places(&report);
    assert!(
        found.contains(&(
            "front-matter/missing-layout".into(),
            "caf\\xe9.md".into(),
            3,
            9
        )),
        "{found:#?}"
    );
    // The replacement character is one character: the date's column is unchanged.
    assert!(
        found.contains(&("front-matter/invalid-date".into(), "octets.md".into(), 4, 7)),
        "{found:#?}"
    );

    let output = check(root, &["--color", "never"]);
    assert_eq!(self::code(&output), 1);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("octets.md:4:7"), "{text}");
}

// ───────────────────────────── explain and rules ─────────────────────────────

#[test]
fn explain_prints_the_rule_docs() {
    let output = vigie(["explain", "front-matter/missing-layout"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(
        text.starts_with("# front-matter/missing-layout (error)\n"),
        "{text}"
    );
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "layout: layouts/pgae.njk",
        "## References",
        "See https://www.11ty.dev/docs/layouts/",
    ] {
        assert!(text.contains(section), "`{section}` missing in:\n{text}");
    }
}

#[test]
fn explain_says_whether_a_rule_offers_a_fix() {
    let fixed = stdout(&vigie(["explain", "links/self-absolute"]));
    assert!(
        fixed.contains("\nEvery finding comes with a fix"),
        "{fixed}"
    );
    let sometimes = stdout(&vigie(["explain", "external/redirect"]));
    assert!(
        sometimes.contains("\nSome findings come with a fix"),
        "{sometimes}"
    );
    let none = stdout(&vigie(["explain", "a11y/heading-empty"]));
    assert!(!none.contains("with a fix"), "{none}");
}

#[test]
fn explain_of_an_unknown_code_exits_2() {
    let output = vigie(["explain", "front-matter/missing-layuot"]);
    assert_eq!(code(&output), 2);
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("did you mean") && stderr(&output).contains("missing-layout`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn rules_say_which_fix_and_which_need_the_network() {
    let text = stdout(&vigie(["rules"]));
    let columns = |code: &str| -> String {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{code} ")))
            .unwrap();
        line[37..60]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(columns("links/self-absolute"), "warning fix");
    assert_eq!(columns("front-matter/unknown-key"), "warning unsafe");
    assert_eq!(columns("external/broken"), "error online");
    assert_eq!(columns("links/missing-page"), "error");
}

#[test]
fn rules_lists_every_rule_with_its_severity() {
    let output = vigie(["rules"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let listed: Vec<(&str, &str)> = text
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            (words.next().unwrap(), words.next().unwrap())
        })
        .collect();
    for rule in vigie::rules::builtin() {
        let meta = rule.meta();
        assert!(
            listed
                .iter()
                .any(|(c, s)| *c == meta.code && *s == meta.severity.as_str()),
            "`{}` missing in:\n{text}",
            meta.code
        );
    }
    for (code, severity) in &listed {
        assert!(code.contains('/'), "{code}");
        assert!(
            ["error", "warning", "info"].contains(severity),
            "{severity}"
        );
    }
    let mut sorted: Vec<&str> = listed.iter().map(|(c, _)| *c).collect();
    sorted.sort_unstable();
    assert_eq!(listed.iter().map(|(c, _)| *c).collect::<Vec<_>>(), sorted);
}

// ───────────────────────────── the README stays true ─────────────────────────────

#[test]
fn the_readme_lists_every_rule_with_its_severity() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    // Table rows: | `code` | severity | what it reports |
    let mut documented: Vec<(String, String)> = readme
        .lines()
        .filter_map(|line| {
            let mut cells = line.strip_prefix("| `")?.split('|');
            let code = cells.next()?.trim().trim_end_matches('`');
            let severity = cells.next()?.trim();
            code.contains('/')
                .then(|| (code.to_owned(), severity.to_owned()))
        })
        .collect();
    documented.sort();
    let mut listed: Vec<(String, String)> = stdout(&vigie(["rules"]))
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            (
                words.next().unwrap().to_owned(),
                words.next().unwrap().to_owned(),
            )
        })
        .collect();
    listed.sort();
    assert_eq!(
        documented, listed,
        "README.md's rule tables differ from `vigie rules`"
    );
}

#[test]
fn the_readme_shows_the_demo_summary() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let text = stdout(&check(&demo(), &["--color", "never"]));
    let summary = text.lines().last().unwrap();
    assert!(
        readme.contains(&format!("\n{summary}\n")),
        "README.md should show `{summary}`"
    );
}

/// `vigie pages --format json`: one entry per output, a paginated template once per page
/// it writes with its page number, `url` null only when vigie cannot know it.
#[test]
fn pages_lists_every_output_of_a_paginated_template() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("_data/letters.json", r#"["a", "b", "c"]"#);
    write(
        "letters.njk",
        "---\npagination:\n  data: letters\n  size: 2\n---\n",
    );
    write(
        "unknown.njk",
        "---js\n{ permalink: () => require('slugs').make('x') }\n---\n",
    );
    write("index.md", "Home");
    let output = vigie(["pages", "--format", "json", root.to_str().unwrap()]);
    let pages: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows: Vec<(String, Value, Value)> = pages
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap().to_owned(),
                p["url"].clone(),
                p["page_number"].clone(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("index.md".to_owned(), Value::from("/"), Value::Null),
            (
                "letters.njk".to_owned(),
                Value::from("/letters/"),
                Value::from(0)
            ),
            (
                "letters.njk".to_owned(),
                Value::from("/letters/1/"),
                Value::from(1)
            ),
            ("unknown.njk".to_owned(), Value::Null, Value::Null),
        ]
    );
}

/// Every machine format carries every finding of the demo, at the same places as the JSON.
#[test]
fn ci_formats_carry_every_finding() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&check(&demo(), &["--format", "json"]))).unwrap();
    let findings = json["diagnostics"].as_array().unwrap();
    let places: Vec<(String, u64)> = findings
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();

    let output = check(&demo(), &["--format", "sarif"]);
    assert_eq!(code(&output), 1, "errors still fail the run");
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    let sarif_places: Vec<(String, u64)> = results
        .iter()
        .map(|r| {
            let place = &r["locations"][0]["physicalLocation"];
            let uri = place["artifactLocation"]["uri"].as_str().unwrap();
            let file = percent_encoding::percent_decode_str(uri)
                .decode_utf8()
                .unwrap()
                .into_owned();
            (file, place["region"]["startLine"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(sarif_places, places);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }

    let github = stdout(&check(&demo(), &["--format", "github"]));
    assert_eq!(github.lines().count(), findings.len());
    let (file, line) = &places[0];
    assert!(
        github
            .lines()
            .next()
            .unwrap()
            .contains(&format!("file={file},line={line},")),
        "{github}"
    );
    assert!(github.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));

    let gitlab: serde_json::Value =
        serde_json::from_str(&stdout(&check(&demo(), &["--format", "gitlab"]))).unwrap();
    let mut fingerprints: Vec<&str> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), findings.len());
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        findings.len(),
        "fingerprints are unique"
    );

    let rdjsonl = stdout(&check(&demo(), &["--format", "rdjsonl"]));
    let lines: Vec<serde_json::Value> = rdjsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), findings.len());
    assert_eq!(lines[0]["location"]["path"], places[0].0.as_str());

    let junit = stdout(&check(&demo(), &["--format", "junit"]));
    let errors = findings.iter().filter(|d| d["severity"] == "error").count();
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert_eq!(junit.matches("<failure ").count(), errors);
    assert_eq!(junit.matches("<testcase ").count(), findings.len());
}

/// A CI job pointed at the wrong folder fails: no template there is not "no problems".
#[test]
fn a_root_that_is_not_a_site_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md.txt"), "pas un site\n").unwrap();
    let output = check(dir.path(), &[]);
    assert_eq!(code(&output), 2, "{output:?}");
    let text = stderr(&output);
    assert!(
        text.contains("is not an Eleventy site: no template under `.`"),
        "{text}"
    );
    assert!(text.contains(".md"), "it says what it looked for: {text}");
}

/// `--fail-on`, `--quiet` and `--statistics` on a site whose only finding is a warning.
#[test]
fn thresholds_quiet_and_statistics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("_includes")).unwrap();
    std::fs::write(
        dir.path().join("_includes/base.njk"),
        "<main>{{ content | safe }}</main>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("index.md"),
        "---\nlayout: base.njk\n---\n# Accueil\n",
    )
    .unwrap();
    let plain = check(dir.path(), &["--color", "never"]);
    assert_eq!(code(&plain), 0, "a warning does not fail by default");
    assert!(stdout(&plain).contains("1 warning"), "{}", stdout(&plain));
    assert_eq!(code(&check(dir.path(), &["--fail-on", "warning"])), 1);
    assert_eq!(code(&check(dir.path(), &["--fail-on", "error"])), 0);
    let quiet = stdout(&check(dir.path(), &["--quiet", "--color", "never"]));
    assert!(
        quiet.contains("front-matter/missing-title") && !quiet.contains("vigie: "),
        "{quiet}"
    );
    let statistics = stdout(&check(dir.path(), &["--statistics"]));
    assert_eq!(
        statistics.trim(),
        "1  front-matter/missing-title           warning"
    );
}

/// Run from a folder of the site, or given files, vigie finds the site's root upward and
/// reports the findings of those files only, judged with the whole site.
#[test]
fn paths_are_checked_with_the_whole_site_as_context() {
    let files_of = |output: &Output| -> std::collections::BTreeSet<String> {
        let json: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap().to_owned())
            .collect()
    };
    let from_folder = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(["check", "--offline", "--format", "json"])
        .current_dir(demo().join("mairie"))
        .output()
        .unwrap();
    let found = files_of(&from_folder);
    assert!(
        !found.is_empty() && found.iter().all(|f| f.starts_with("mairie/")),
        "{found:?}"
    );
    // `/mairie/horaire/` is broken because of the whole site, not the folder alone.
    let whole = files_of(&check(&demo(), &["--format", "json"]));
    assert!(whole.len() > found.len());
    let given = vigie([
        "check",
        "--offline",
        "--format",
        "json",
        "demo/mairie/index.md",
        "demo/contact.md",
    ]);
    let found = files_of(&given);
    assert!(
        found
            .iter()
            .all(|f| f == "mairie/index.md" || f == "contact.md"),
        "{found:?}"
    );
    assert!(found.contains("mairie/index.md"));
}

/// A baseline hides today's findings, even after lines move, and only those.
#[test]
fn a_baseline_hides_what_was_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    files::copy_dir(&demo(), &site);
    let baseline = dir.path().join("baseline.json");
    let baseline_arg = baseline.to_str().unwrap();
    let written = check(&site, &["--write-baseline", baseline_arg]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    let clean = check(&site, &["--baseline", baseline_arg, "--format", "json"]);
    assert_eq!(code(&clean), 0, "{}", stdout(&clean));
    assert!(stderr(&clean).contains("findings hidden by the baseline"));
    // Lines added above old findings, and one new broken link.
    let page = site.join("mairie/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let (front, body) = text.split_at(text.find("\n---\n").unwrap() + 5);
    std::fs::write(
        &page,
        format!("{front}Une ligne.\n\nEt [une autre](/nulle-part/).\n\n{body}"),
    )
    .unwrap();
    let after = check(&site, &["--baseline", baseline_arg, "--format", "json"]);
    assert_eq!(code(&after), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&after)).unwrap();
    let links: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["link"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(links, ["/nulle-part/"]);
    let broken = check(
        &site,
        &[
            "--baseline",
            dir.path().join("absent.json").to_str().unwrap(),
        ],
    );
    assert_eq!(code(&broken), 2);
}

/// `--fix --diff` shows, `--fix` writes the safe fixes and checks again, `--unsafe-fixes`
/// adds the others; nothing is written without `--fix`.
#[test]
fn fixes_are_shown_then_applied() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    files::copy_dir(&demo(), &site);
    let codes = |output: &Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d.get("fix").is_some())
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut before = codes(&check(&site, &["--format", "json"]));
    before.sort();
    assert_eq!(
        before,
        [
            "external/redirect",
            "front-matter/unknown-key",
            "links/looks-like-domain",
            "links/self-absolute"
        ]
    );
    let snapshot = |root: &Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    };
    let untouched = snapshot(&site);
    let diff = check(&site, &["--fix", "--diff"]);
    assert_eq!(code(&diff), 1);
    let text = stdout(&diff);
    assert!(text.contains("--- a/") && text.contains("\n+"), "{text}");
    assert_eq!(snapshot(&site), untouched, "--diff writes nothing");

    let fixed = check(&site, &["--fix", "--format", "json"]);
    assert!(
        stderr(&fixed).contains("fixed 3 findings"),
        "{}",
        stderr(&fixed)
    );
    assert_eq!(
        codes(&fixed),
        ["front-matter/unknown-key"],
        "only the unsafe fix is left"
    );
    let unsafe_fixed = check(&site, &["--fix", "--unsafe-fixes", "--format", "json"]);
    assert!(codes(&unsafe_fixed).is_empty());
    assert!(
        snapshot(&site)
            .iter()
            .all(|(p, _)| !p.to_string_lossy().contains(".vigie-fix")),
        "no temporary file is left"
    );
}

#[test]
fn completions_and_the_man_page_name_every_subcommand() {
    let bash = stdout(&vigie(["completions", "bash"]));
    let man = stdout(&vigie(["man"]));
    for subcommand in ["check", "nav", "pages", "explain", "rules"] {
        assert!(bash.contains(subcommand), "{subcommand} in {bash}");
        assert!(man.contains(subcommand), "{subcommand} in the man page");
    }
    assert!(bash.contains("--changed-since"));
    assert!(man.starts_with(".ie") && man.contains(".TH vigie 1"));
    assert_eq!(
        code(&vigie(["completions", "tcsh"])),
        2,
        "an unknown shell is refused"
    );
}

/// `vigie init` writes a commented vigie.toml that changes nothing, and never overwrites.
#[test]
fn init_writes_what_was_detected_once() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    files::copy_dir(&demo(), &site);
    let before = stdout(&check(&site, &["--color", "never"]));
    let output = vigie(["init", site.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let written = std::fs::read_to_string(site.join("vigie.toml")).unwrap();
    assert!(
        written.contains("# url = \"https://www.vigie-sur-loire.example.fr\""),
        "{written}"
    );
    assert_eq!(
        stdout(&check(&site, &["--color", "never"])).lines().last(),
        before.lines().last()
    );
    std::fs::write(site.join("vigie.toml"), "# mine\n").unwrap();
    assert_eq!(code(&vigie(["init", site.to_str().unwrap()])), 2);
    assert_eq!(
        std::fs::read_to_string(site.join("vigie.toml")).unwrap(),
        "# mine\n"
    );
}

/// The README's CI examples are YAML that CI servers can read, and call vigie with flags it
/// has.
#[test]
fn the_readme_ci_examples_are_valid() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|rest| rest.split("\n```").next())
        .filter(|block| block.contains("vigie check"))
        .collect();
    assert!(
        blocks.len() >= 3,
        "the sourcehut, GitHub and GitLab examples"
    );
    for block in blocks {
        let parsed =
            vigie::parse::yaml::parse(block, 0, vigie::parse::yaml::Flavor::of_eleventy(2));
        assert!(parsed.is_ok(), "{block}");
        for line in block.lines().filter(|l| l.contains("vigie check")) {
            let command = &line[line.find("vigie check").unwrap()..];
            let args: Vec<&str> = command
                .split_whitespace()
                .skip(2)
                .take_while(|a| *a != ">")
                .filter(|a| a.starts_with("--"))
                .collect();
            let help = stdout(&vigie(["check", "--help"]));
            for flag in args {
                assert!(
                    help.contains(flag),
                    "`{flag}` of `{command}` is not a flag of vigie check"
                );
            }
        }
    }
}

/// The HTML report holds every finding of the demo, one section per file.
#[test]
fn the_html_report_holds_every_finding() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&check(&demo(), &["--format", "json"]))).unwrap();
    let findings = json["diagnostics"].as_array().unwrap();
    let files: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    let output = check(&demo(), &["--format", "html"]);
    assert_eq!(code(&output), 1);
    let page = stdout(&output);
    assert!(page.starts_with("<!doctype html>") && page.trim_end().ends_with("</html>"));
    assert_eq!(page.matches("<article ").count(), findings.len());
    assert_eq!(page.matches("<section ").count(), files.len());
    for file in files {
        assert!(
            page.contains(&format!("<section data-file=\"{file}\">")),
            "{file}"
        );
    }
}

/// The README's JSON example is the demo's real output: its diagnostic and its summary.
#[test]
fn the_readme_json_example_is_the_real_output() {
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).unwrap();
    let example = readme
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .unwrap();
    let example: serde_json::Value = serde_json::from_str(example).unwrap();
    let real: serde_json::Value =
        serde_json::from_str(&stdout(&check(&demo(), &["--format", "json"]))).unwrap();
    assert_eq!(example["summary"], real["summary"]);
    let shown = &example["diagnostics"][0];
    assert!(
        real["diagnostics"].as_array().unwrap().contains(shown),
        "{shown:#}"
    );
}
