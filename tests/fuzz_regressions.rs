//! The fuzz corpora as a regression suite on stable: every file kept in `fuzz/corpus/<target>/`
//! (minimised inputs that reach distinct code) and `fuzz/regressions/<target>/` (inputs that
//! once crashed, hung or broke a promise) runs through the same checks as the `cargo fuzz`
//! target of that name (`vigie::fuzzing`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `fuzz/<kind>/<target>/`, sorted (none when the folder is absent).
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fuzz_dir().join(kind).join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every input of `fuzz/<kind>/<target>/` through the target; how many ran, and the
/// failures by file.
fn failures(kind: &str, target: &str) -> (usize, Vec<String>) {
    let mut ran = 0;
    let mut failed = Vec::new();
    for file in inputs(kind, target) {
        let data = std::fs::read(&file).unwrap();
        ran += 1;
        match catch_unwind(AssertUnwindSafe(|| vigie::fuzzing::run(target, &data))) {
            Ok(true) => {}
            Ok(false) => failed.push(format!("{target}: no such target")),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failed.push(format!("{}: {message}", file.display()));
            }
        }
    }
    (ran, failed)
}

/// The kept corpus and the past failures of `target` keep its promises.
fn holds(target: &str) {
    let (ran, mut failed) = failures("corpus", target);
    assert!(
        ran > 0,
        "no corpus for {target} under {}",
        fuzz_dir().display()
    );
    failed.extend(failures("regressions", target).1);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn front_matter() {
    holds("front_matter");
}

#[test]
fn markdown_links() {
    holds("markdown_links");
}

#[test]
fn markup() {
    holds("markup");
}

#[test]
fn position_map() {
    holds("position_map");
}

#[test]
fn check_page() {
    holds("check_page");
}

/// Every target has its test above, and every folder of the corpus is a target's.
#[test]
fn every_target_is_tested() {
    assert_eq!(vigie::fuzzing::TARGETS.len(), 5);
    for kind in ["corpus", "regressions"] {
        for entry in std::fs::read_dir(fuzz_dir().join(kind)).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                vigie::fuzzing::TARGETS.contains(&name.as_str()),
                "{kind}/{name}"
            );
        }
    }
}

/// The test can fail: an input that breaks a promise is caught, with its file.
#[test]
fn a_broken_promise_is_reported() {
    let outcome = catch_unwind(|| {
        vigie::parse::invariants::slice("é", &(0..1), "half a char");
    });
    assert!(outcome.is_err());
    assert!(!vigie::fuzzing::run("no_such_target", b""));
}
