//! The built-in data rules (`rules/**/*.yml`): every file is embedded, compiles, and its own
//! valid and invalid cases pass through the real pipeline (`vigie::check` on a temporary
//! site), with the reports of the invalid cases snapshotted for review.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::collections::BTreeSet;
use std::path::Path;

use vigie::rules::Rule;
use vigie::rules::content::{Case, DataRule, builtin, compile_file};

fn rule_files_on_disk(dir: &Path, root: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        // Word lists and host profiles are data of Rust rules, not content rules.
        if path.ends_with("rules/words") || path.ends_with("rules/hosts") {
            continue;
        }
        if path.is_dir() {
            rule_files_on_disk(&path, root, found);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            found.insert(rel);
        }
    }
}

fn builtin_rules() -> Vec<DataRule> {
    builtin::FILES
        .iter()
        .map(|(name, text)| {
            compile_file(name, text)
                .unwrap_or_else(|diagnostics| panic!("{name} does not compile: {diagnostics:#?}"))
        })
        .collect()
}

/// Runs vigie on a site made of the case's page and files.
fn run_case(case: &Case) -> vigie::Report {
    let dir = tempfile::tempdir().unwrap();
    let files = std::iter::once((case.path.as_str(), case.text.as_str()))
        .chain(case.files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    vigie::check(dir.path()).unwrap()
}

#[test]
fn every_file_of_rules_is_embedded() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut on_disk = BTreeSet::new();
    rule_files_on_disk(&manifest.join("rules"), manifest, &mut on_disk);
    let embedded: BTreeSet<String> = builtin::FILES
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    assert!(on_disk.len() >= 5, "rule files found: {on_disk:?}");
    let missing: Vec<&String> = on_disk.difference(&embedded).collect();
    assert!(
        missing.is_empty(),
        "add these to src/rules/content/builtin.rs: {missing:?}"
    );
    let stale: Vec<&String> = embedded.difference(&on_disk).collect();
    assert!(stale.is_empty(), "embedded but not in rules/: {stale:?}");
}

#[test]
fn every_builtin_rule_has_valid_and_invalid_cases_and_docs() {
    for rule in builtin_rules() {
        let code = &rule.meta().code;
        assert!(
            rule.cases().iter().any(|c| c.valid),
            "{code} has no valid case"
        );
        assert!(
            rule.cases().iter().any(|c| !c.valid),
            "{code} has no invalid case"
        );
        assert!(rule.file().starts_with("rules/"), "{}", rule.file());
        let docs = &rule.meta().docs;
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            assert!(docs.contains(section), "{code} lacks `{section}`:\n{docs}");
        }
        assert!(!rule.meta().summary().is_empty(), "{code} has no summary");
    }
}

#[test]
fn builtin_cases_pass_through_the_real_pipeline() {
    let mut failures = Vec::new();
    let mut rendered = String::new();
    for rule in builtin_rules() {
        let code = rule.meta().code.to_string();
        for case in rule.cases() {
            let report = run_case(case);
            let found: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.code == code)
                .cloned()
                .collect();
            if case.valid && !found.is_empty() {
                failures.push(format!(
                    "{code}: valid case reported:\n{}\n{found:#?}",
                    case.text
                ));
            }
            if !case.valid && found.is_empty() {
                failures.push(format!("{code}: invalid case not reported:\n{}", case.text));
            }
            if !case.valid {
                rendered.push_str(&vigie::report::human::render(
                    &found,
                    &report.sources,
                    false,
                    100,
                ));
                rendered.push_str("────────\n");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    insta::assert_snapshot!("builtin_invalid_cases", rendered);
}
