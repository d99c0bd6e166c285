//! The fuzz corpora as a regression suite on stable: every file kept in `fuzz/corpus/<target>/`
//! (minimised inputs that reach distinct code) and `fuzz/regressions/<target>/` (inputs that
//! once crashed, hung or broke a promise) runs through the same checks as the `cargo fuzz`
//! target of that name (`vigie::fuzzing`).

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

/// Runs each input through its target; the failures, by file.
fn failures(kind: &str) -> (usize, Vec<String>) {
    let mut ran = 0;
    let mut failed = Vec::new();
    for target in vigie::fuzzing::TARGETS {
        for file in inputs(kind, target) {
            let data = std::fs::read(&file).unwrap();
            ran += 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| vigie::fuzzing::run(target, &data)));
            match outcome {
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
    }
    (ran, failed)
}

#[test]
fn every_corpus_input_keeps_its_targets_promises() {
    let (ran, failed) = failures("corpus");
    assert!(ran > 0, "no corpus under {}", fuzz_dir().display());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_input_that_once_failed_passes_now() {
    let (_, failed) = failures("regressions");
    assert!(failed.is_empty(), "{}", failed.join("\n"));
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
