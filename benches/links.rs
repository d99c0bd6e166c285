//! `cargo bench --bench links`: vigie's whole offline check against lychee's offline pass,
//! side by side in one run, on the same generated site (`common/mod.rs` with a section of
//! internal links on every page: ~13 internal links a page, about 2 % broken, plus the
//! links to the custom-permalink pages). N = 10 000 pages, or `VIGIE_BENCH_PAGES`;
//! `VIGIE_BENCH_DIR` keeps the site there; `VIGIE_BENCH_RUNS` sets the number of timed runs.
//!
//! Both are timed as whole processes (start-up included, JSON report captured, not
//! discarded), warm page cache, after one untimed warm-up each, `RUNS` runs alternating:
//! - vigie: the release binary, `vigie check --offline --format json SITE`: its whole
//!   offline check (front matter, navigation, URLs, content rules, link, markup and
//!   accessibility rules, host profiles), no socket opened;
//! - lychee: `lychee --offline --no-progress --format json --root-dir SITE '**/*.md'`
//!   (`--root-dir` so that root-relative links resolve at all), and a second row with
//!   `--include-fragments --fallback-extensions md`, lychee's closest to vigie's scope.
//!
//! lychee is `LYCHEE`, else /tmp/lychee/bin/lychee, else `lychee` on PATH; without it the
//! lychee rows are skipped. Peak RSS comes from GNU time (`/usr/bin/time`) when present.
//! A measurement, not a test: nothing here asserts a timing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "bench code, on inputs it makes itself: a panic stops the bench"
)]
#![allow(clippy::print_stdout)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{generate, pages_from_env, site_dir, walk_bytes};

/// Timed runs of each tool (`VIGIE_BENCH_RUNS` to change it).
const RUNS: usize = 5;
const GNU_TIME: &str = "/usr/bin/time";

/// One timed run of a command: wall time, peak RSS of the process (KiB), its stdout.
struct Run {
    wall: Duration,
    peak_kib: Option<u64>,
    stdout: Vec<u8>,
}

fn run(program: &Path, args: &[&str], dir: &Path) -> Run {
    let rss_file = tempfile::NamedTempFile::new().expect("temporary file");
    let gnu_time = Path::new(GNU_TIME).exists();
    let mut command = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("%M").arg("-o").arg(rss_file.path());
        c.arg(program);
        c
    } else {
        Command::new(program)
    };
    command.args(args).current_dir(dir);
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
    let wall = started.elapsed();
    // Exit 1 (vigie) and 2 (lychee) mean "found broken things", not failure.
    if !matches!(output.status.code(), Some(0..=2)) {
        panic!(
            "{} failed ({}): {}",
            program.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let peak_kib = gnu_time
        .then(|| std::fs::read_to_string(rss_file.path()).ok())
        .flatten()
        .and_then(|text| text.lines().last()?.trim().parse().ok());
    Run {
        wall,
        peak_kib,
        stdout: output.stdout,
    }
}

/// A tool to time: its name, program and arguments, and how to count what it found.
struct Tool {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    count: fn(&serde_json::Value) -> String,
    runs: Vec<Run>,
}

impl Tool {
    fn time(&mut self, dir: &Path) -> &Run {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        self.runs.push(run(&self.program, &args, dir));
        self.runs.last().unwrap()
    }

    fn median(&self) -> Duration {
        let mut walls: Vec<Duration> = self.runs.iter().map(|r| r.wall).collect();
        walls.sort();
        walls[walls.len() / 2]
    }

    fn peak(&self) -> Option<u64> {
        self.runs.iter().filter_map(|r| r.peak_kib).max()
    }
}

/// vigie: its link diagnostics by code, and every finding.
fn count_vigie(json: &serde_json::Value) -> String {
    let diagnostics = json["diagnostics"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let mut links = std::collections::BTreeMap::<&str, usize>::new();
    for d in diagnostics {
        let code = d["code"].as_str().unwrap_or("");
        if code.starts_with("links/") {
            *links.entry(code).or_default() += 1;
        }
    }
    let total_links: usize = links.values().sum();
    format!(
        "{} diagnostics, {total_links} of them links/* {links:?}",
        diagnostics.len()
    )
}

/// lychee: links extracted, and how they ended.
fn count_lychee(json: &serde_json::Value) -> String {
    let n = |key: &str| json[key].as_u64().unwrap_or(0);
    format!(
        "{} links found: {} ok, {} errors, {} excluded (offline), {} unknown",
        n("total"),
        n("successful"),
        n("errors"),
        n("excludes"),
        n("unknown")
    )
}

fn lychee() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("LYCHEE") {
        return Some(path.into());
    }
    let built = Path::new("/tmp/lychee/bin/lychee");
    if built.exists() {
        return Some(built.into());
    }
    let on_path = Command::new("lychee").arg("--version").output().ok()?;
    on_path.status.success().then(|| "lychee".into())
}

fn main() {
    let pages = pages_from_env();
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = site_dir(dir.path());
    std::fs::create_dir_all(&root).expect("site folder");
    let root = root.canonicalize().expect("site folder"); // lychee wants an absolute root

    let started = Instant::now();
    let planted = generate(&root, pages, true);
    println!(
        "generated {pages} pages ({:.1} MB) in {:.2} s: {} links in the link sections, {} of them broken by construction",
        walk_bytes(&root) as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        planted.internal,
        planted.broken,
    );

    let site = root.to_str().expect("UTF-8 path").to_owned();
    let mut tools = vec![Tool {
        name: "vigie check",
        program: PathBuf::from(env!("CARGO_BIN_EXE_vigie")),
        args: vec![
            "check".into(),
            "--offline".into(),
            "--format".into(),
            "json".into(),
            site.clone(),
        ],
        count: count_vigie,
        runs: Vec::new(),
    }];
    match lychee() {
        Some(program) => {
            let base = [
                "--offline",
                "--no-progress",
                "--format",
                "json",
                "--root-dir",
                &site,
            ];
            let mut offline: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            offline.push("**/*.md".into());
            let mut fragments: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            fragments.extend(
                [
                    "--include-fragments",
                    "--fallback-extensions",
                    "md",
                    "**/*.md",
                ]
                .map(String::from),
            );
            tools.push(Tool {
                name: "lychee --offline",
                program: program.clone(),
                args: offline,
                count: count_lychee,
                runs: Vec::new(),
            });
            tools.push(Tool {
                name: "lychee --offline +frag",
                program,
                args: fragments,
                count: count_lychee,
                runs: Vec::new(),
            });
        }
        None => println!("lychee not found (LYCHEE, /tmp/lychee/bin/lychee, PATH): skipping it"),
    }

    // One untimed warm-up each (page cache, lazy loading), which also tells what it found.
    for tool in &mut tools {
        let warm = tool.time(&root);
        let json: serde_json::Value = serde_json::from_slice(&warm.stdout).unwrap_or_default();
        println!("{:<24} {}", tool.name, (tool.count)(&json));
        tool.runs.clear();
    }
    let runs: usize = std::env::var("VIGIE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(RUNS);
    for _ in 0..runs {
        for tool in &mut tools {
            tool.time(&root);
        }
    }

    println!(
        "{:<24} {:>10} {:>10} {:>12}",
        "", "median s", "best s", "peak RSS"
    );
    for tool in &tools {
        let best = tool.runs.iter().map(|r| r.wall).min().unwrap();
        println!(
            "{:<24} {:>10.3} {:>10.3} {:>12}",
            tool.name,
            tool.median().as_secs_f64(),
            best.as_secs_f64(),
            common::mib(tool.peak()),
        );
    }
    let vigie = tools[0].median().as_secs_f64();
    for tool in &tools[1..] {
        println!(
            "ratio {} / vigie = {:.2} (wall, median of {runs}); vigie is {}",
            tool.name,
            tool.median().as_secs_f64() / vigie,
            if tool.median().as_secs_f64() > vigie {
                "faster"
            } else {
                "SLOWER"
            },
        );
    }
}
