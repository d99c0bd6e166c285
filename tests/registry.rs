//! Guards on the rule registry: every rule file is registered, documented and tested, and
//! codes are unique and well formed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use vigie::rules::builtin;

/// Every `src/rules/<group>/<rule>.rs` that declares a rule, with the code it declares.
fn rule_files() -> Vec<(PathBuf, String)> {
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut found = Vec::new();
    for group in std::fs::read_dir(&rules_dir).unwrap().flatten() {
        if !group.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(group.path()).unwrap().flatten() {
            let path = file.path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if !text.contains("declare_rule!") {
                continue;
            }
            let code = text
                .split("code: \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("a declared rule has a code")
                .to_owned();
            found.push((path, code));
        }
    }
    found.sort();
    found
}

#[test]
fn every_rule_file_is_registered() {
    let registered: HashSet<String> = builtin()
        .iter()
        .map(|r| r.meta().code.to_string())
        .collect();
    let files = rule_files();
    assert!(files.len() >= 10, "rule files found: {files:?}");
    for (path, code) in files {
        assert!(
            registered.contains(&code),
            "{} declares `{code}` but is not in rules::builtin()",
            path.display()
        );
    }
}

#[test]
fn every_rule_file_has_a_failing_case() {
    for (path, code) in rule_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let rule_test = text.contains("RuleTest::new(")
            && [".fail(", ".fail_site(", ".fail_bytes("]
                .iter()
                .any(|case| text.contains(case));
        assert!(
            rule_test,
            "{} ({code}) has no `RuleTest` with a failing case (`.fail(…)`)",
            path.display()
        );
    }
}

#[test]
fn codes_are_unique_and_group_slash_kebab() {
    let mut seen = HashSet::new();
    for rule in builtin() {
        let code = rule.meta().code.to_string();
        assert!(seen.insert(code.clone()), "`{code}` is registered twice");
        let (group, name) = code
            .split_once('/')
            .unwrap_or_else(|| panic!("`{code}` has no group"));
        let kebab = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        assert!(
            kebab(group) && kebab(name),
            "`{code}` is not group/kebab-name"
        );
    }
}

#[test]
fn every_rule_is_documented() {
    for rule in builtin() {
        let meta = rule.meta();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            assert!(
                meta.docs.contains(section),
                "`{}` lacks `{section}`",
                meta.code
            );
        }
        assert_eq!(
            meta.docs.matches("```").count() % 2,
            0,
            "`{}` has an unclosed fence",
            meta.code
        );
        assert!(!meta.summary().is_empty(), "`{}` has no summary", meta.code);
    }
}
