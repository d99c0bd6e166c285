//! `cargo bench --bench check`: generates the synthetic Eleventy 2 site of N pages in a
//! temporary directory (N = 10 000, or `VIGIE_BENCH_PAGES`; `VIGIE_BENCH_DIR` keeps the site
//! in that directory instead), runs `vigie::check` on it and prints pages per second, wall
//! time and peak memory. A measurement, not a test: nothing here asserts a timing.
//! The site is described in `common/mod.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "bench code, on inputs it makes itself: a panic stops the bench"
)]
#![allow(clippy::print_stdout)]

mod common;

use std::time::{Duration, Instant};

use common::{generate, mib, pages_from_env, peak_kib, site_dir, walk_bytes};

const RUNS: usize = 3;

fn main() {
    // `cargo bench` passes `--bench`; a filter argument would be ignored.
    let pages = pages_from_env();
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = site_dir(dir.path());
    let root = root.as_path();

    let started = Instant::now();
    generate(root, pages);
    let generated = started.elapsed();
    let bytes: u64 = walk_bytes(root);
    println!(
        "generated {pages} pages ({:.1} MB) in {:.2} s; peak memory so far {}",
        bytes as f64 / 1e6,
        generated.as_secs_f64(),
        mib(peak_kib())
    );

    let mut times: Vec<Duration> = Vec::new();
    let mut checked_pages = 0;
    for run in 1..=RUNS {
        let started = Instant::now();
        let report = vigie::check(root).expect("vigie checks the synthetic site");
        let checked = started.elapsed();
        let json =
            vigie::report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
        let json_text = serde_json::to_string(&json).expect("JSON");
        let total = started.elapsed();
        let s = &report.summary;
        println!(
            "run {run}: check {:.3} s, + JSON report {:.3} s; {} pages, {} files, {} errors, {} warnings, {} infos ({} KB of JSON)",
            checked.as_secs_f64(),
            (total - checked).as_secs_f64(),
            s.pages,
            s.files,
            s.errors,
            s.warnings,
            s.infos,
            json_text.len() / 1000,
        );
        times.push(checked);
        checked_pages = s.pages;
        if run == 1 {
            let mut codes = std::collections::BTreeMap::<&str, usize>::new();
            for d in &report.diagnostics {
                *codes.entry(d.code.as_ref()).or_default() += 1;
            }
            println!("  findings by rule: {codes:?}");
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "vigie::check on {checked_pages} pages: median {:.3} s (best {:.3} s) = {:.0} pages/s; peak memory (VmHWM) {}; {} threads",
        median.as_secs_f64(),
        times[0].as_secs_f64(),
        checked_pages as f64 / median.as_secs_f64(),
        mib(peak_kib()),
        rayon::current_num_threads(),
    );
}
