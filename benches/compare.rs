//! `cargo bench --bench compare`: vigie side by side with lychee and rumdl, in one run, on
//! the generated Eleventy 2 site of `common/mod.rs`, at each size of `VIGIE_BENCH_SIZES`
//! (pages, comma-separated, default `1000,10000`; `VIGIE_BENCH_PAGES=N` for one size).
//!
//! Each tool is timed as a whole process (start-up included, its report captured, not
//! discarded), warm page cache, after one untimed warm-up that also says what it found,
//! `VIGIE_BENCH_RUNS` runs (5) alternating between the tools:
//! - `vigie check --offline --format json SITE`, the release binary: its whole offline
//!   check (front matter, navigation, URLs, content rules, links, markup, accessibility);
//! - `lychee --offline --no-progress --format json --root-dir SITE '**/*.md'`, and a row
//!   with `--include-fragments --fallback-extensions md`, lychee's closest to vigie's scope
//!   (lychee reads the Markdown as files: it knows no permalink nor output URL);
//! - `rumdl check --no-cache --output-format json SITE`, its default rules.
//!
//! Printed per tool: wall time (median), CPU time (user + sys of the median run, from GNU
//! time), pages per second (the site's pages ÷ median wall), peak RSS (the largest of the
//! runs), wall and CPU as multiples of vigie's, and how many of the planted broken links
//! it reported (vigie: its `links/*` errors, matched by file and link as written; lychee:
//! its errors on a planted link's line whose URL ends as that link does; rumdl: its MD051
//! and MD057 warnings that quote a planted link on its line), then a Markdown table.
//!
//! lychee is `LYCHEE`, else /tmp/lychee/bin/lychee, else on PATH; rumdl is `RUMDL`, else
//! /tmp/rumdl/bin/rumdl, else on PATH; a missing one is skipped, and so are CPU and RSS
//! without `/usr/bin/time`. `VIGIE_BENCH_DIR=DIR` keeps each site in `DIR/N` (a site
//! already there is regenerated), with `DIR/N.planted.json`, the planted broken links in
//! `scripts/links-diff --save`'s format, to compare with a real build.
//! `VIGIE_BENCH_RUNS=0` generates and counts without timing; `VIGIE_BENCH_RUNS=1` times
//! the run that counts, without a warm-up (the page cache is warm from the generation).
//!
//! A measurement, not a test: nothing here asserts a timing.
//!
//! The site, checked once with a real build on 2026-12-02: Eleventy 2.0.1 (markdown-it
//! 13.0.2, markdown-it-anchor 8.6.7, eleventy-navigation 0.3.5) built it as it is, and
//! `scripts/links-diff --save` crawled the output. 1 000 pages: 1 003 HTML files, 33 566
//! URLs, 281 broken links; 10 000 pages: 10 012 HTML files, 425 629 URLs, 2 858 broken
//! links; both times the broken ones are exactly the planted ones (same file, link, kind
//! and line as `N.planted.json`), none in the layouts, and vigie agreed on every one (0
//! missed, 0 invented). To do it again: `VIGIE_BENCH_DIR=/tmp/b VIGIE_BENCH_SIZES=1000
//! VIGIE_BENCH_RUNS=0 cargo bench --bench compare`, `scripts/links-diff --save
//! /tmp/b/built.json /tmp/b/1000`, then `diff /tmp/b/built.json /tmp/b/1000.planted.json`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "bench code, on inputs it makes itself: a panic stops the bench"
)]
#![allow(clippy::print_stdout)]

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Planted, generate, walk_bytes};

const RUNS: usize = 5;
const GNU_TIME: &str = "/usr/bin/time";

/// One timed run: wall time, CPU seconds (user + sys) and peak RSS (KiB) when GNU time
/// measured them, and stdout.
struct Run {
    wall: Duration,
    cpu: Option<f64>,
    peak_kib: Option<u64>,
    stdout: Vec<u8>,
}

fn run(program: &Path, args: &[String], dir: &Path) -> Run {
    let stats = tempfile::NamedTempFile::new().expect("temporary file");
    let gnu_time = Path::new(GNU_TIME).exists();
    let mut command = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("%U %S %M").arg("-o").arg(stats.path());
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
    // Exit 1 (vigie, rumdl) and 2 (lychee) mean "found broken things", not failure.
    if !matches!(output.status.code(), Some(0..=2)) {
        panic!(
            "{} failed ({}): {}",
            program.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let (mut cpu, mut peak_kib) = (None, None);
    if let Ok(text) = std::fs::read_to_string(stats.path()) {
        // GNU time writes "Command exited with non-zero status N" first when it is not 0.
        let fields: Vec<&str> = text.lines().last().unwrap_or("").split(' ').collect();
        if let [user, sys, rss] = fields[..] {
            cpu = user
                .parse::<f64>()
                .ok()
                .zip(sys.parse::<f64>().ok())
                .map(|(u, s)| u + s);
            peak_kib = rss.parse().ok();
        }
    }
    Run {
        wall,
        cpu,
        peak_kib,
        stdout: output.stdout,
    }
}

/// What a tool's warm-up run found: the planted broken links it reported, and the rest.
struct Found {
    planted: usize,
    /// Link errors on anything else: links that work in the built site.
    false_errors: usize,
    other: String,
}

/// A tool to time: its name, program and arguments, how to read what it found.
struct Tool {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    count: fn(&[u8], &Site) -> Found,
    runs: Vec<Run>,
}

impl Tool {
    fn median(&self) -> &Run {
        let mut runs: Vec<&Run> = self.runs.iter().collect();
        runs.sort_by_key(|r| r.wall);
        runs[runs.len() / 2]
    }

    fn peak(&self) -> Option<u64> {
        self.runs.iter().filter_map(|r| r.peak_kib).max()
    }
}

/// The generated site and what it planted.
struct Site {
    root: PathBuf,
    planted: Planted,
    /// (file, link as written) of each planted broken link.
    broken: HashSet<(String, String)>,
    /// The planted broken links of each (file, line).
    broken_lines: HashMap<(String, usize), Vec<String>>,
}

/// vigie: its `links/*` errors that are planted ones, the others, every finding by code.
fn count_vigie(stdout: &[u8], site: &Site) -> Found {
    let json: serde_json::Value = serde_json::from_slice(stdout).unwrap_or_default();
    let diagnostics = json["diagnostics"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let (mut planted, mut other_links) = (0, 0);
    let mut codes = BTreeMap::<&str, usize>::new();
    for d in diagnostics {
        let code = d["code"].as_str().unwrap_or("");
        *codes.entry(code).or_default() += 1;
        if code.starts_with("links/") && d["severity"] == "error" {
            let key = (
                d["file"].as_str().unwrap_or("").to_owned(),
                d["link"].as_str().unwrap_or("").to_owned(),
            );
            if site.broken.contains(&key) {
                planted += 1;
            } else {
                other_links += 1;
            }
        }
    }
    Found {
        planted,
        false_errors: other_links,
        other: format!(
            "{} pages; findings by code {codes:?}",
            json["summary"]["pages"]
        ),
    }
}

/// What of a planted link shows in a tool's resolved URL: its fragment, else its last
/// path segment (`/s999/t99/page-3/` → `page-3`).
fn tail(link: &str) -> String {
    match link.split_once('#') {
        Some((_, fragment)) => format!("#{fragment}"),
        None => link
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_owned(),
    }
}

/// lychee: its errors on the line of a planted link whose resolved URL ends as that link
/// does, and the rest.
fn count_lychee(stdout: &[u8], site: &Site) -> Found {
    let json: serde_json::Value = serde_json::from_slice(stdout).unwrap_or_default();
    let n = |key: &str| json[key].as_u64().unwrap_or(0);
    let mut planted = HashSet::new();
    if let Some(map) = json["error_map"].as_object() {
        for (source, list) in map {
            let file = relative_to(source, &site.root);
            for error in list.as_array().map_or(&[][..], Vec::as_slice) {
                let line = error["span"]["line"].as_u64().unwrap_or(0) as usize;
                let url = error["url"].as_str().unwrap_or("");
                let url = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
                let url = url.trim_end_matches('/');
                for link in site
                    .broken_lines
                    .get(&(file.clone(), line))
                    .into_iter()
                    .flatten()
                {
                    let tail = tail(link);
                    if url.ends_with(&tail) || url.ends_with(&format!("{tail}.md")) {
                        planted.insert((file.clone(), link.clone()));
                    }
                }
            }
        }
    }
    Found {
        planted: planted.len(),
        false_errors: (n("errors") as usize).saturating_sub(planted.len()),
        other: format!(
            "{} links: {} ok, {} errors, {} excluded (offline), {} unknown",
            n("total"),
            n("successful"),
            n("errors"),
            n("excludes"),
            n("unknown")
        ),
    }
}

/// `path` relative to the site's root when it is under it (tools print either).
fn relative_to(path: &str, root: &Path) -> String {
    Path::new(path)
        .strip_prefix(root)
        .map_or(path.to_owned(), |p| p.to_string_lossy().into_owned())
}

/// rumdl: its link rules' warnings (MD051 fragments, MD057 relative files) that quote a
/// planted link on its line, and its warnings by rule.
fn count_rumdl(stdout: &[u8], site: &Site) -> Found {
    let json: serde_json::Value = serde_json::from_slice(stdout).unwrap_or_default();
    let warnings = json.as_array().map_or(&[][..], Vec::as_slice);
    let mut rules = BTreeMap::<&str, usize>::new();
    let mut planted = HashSet::new();
    let mut link_warnings = 0;
    for w in warnings {
        let rule = w["rule"].as_str().unwrap_or("");
        *rules.entry(rule).or_default() += 1;
        if rule == "MD051" || rule == "MD057" {
            link_warnings += 1;
            let file = relative_to(w["file"].as_str().unwrap_or(""), &site.root);
            let line = w["line"].as_u64().unwrap_or(0) as usize;
            let message = w["message"].as_str().unwrap_or("");
            for link in site
                .broken_lines
                .get(&(file.clone(), line))
                .into_iter()
                .flatten()
            {
                // MD051 quotes the fragment, MD057 the link.
                let fragment = link.split_once('#').map(|(_, f)| format!("'#{f}'"));
                if message.contains(&format!("'{link}'"))
                    || fragment.is_some_and(|f| message.contains(&f))
                {
                    planted.insert((file.clone(), link.clone()));
                }
            }
        }
    }
    Found {
        planted: planted.len(),
        false_errors: link_warnings - planted.len(),
        other: format!("{} warnings, by rule {rules:?}", warnings.len()),
    }
}

/// A program from `variable`, else at `built`, else on PATH.
fn find_tool(variable: &str, built: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(path.into());
    }
    if Path::new(built).exists() {
        return Some(built.into());
    }
    let on_path = Command::new(name).arg("--version").output().ok()?;
    on_path.status.success().then(|| name.into())
}

fn tools(site: &str) -> Vec<Tool> {
    let strings = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut tools = vec![Tool {
        name: "vigie check --offline",
        program: PathBuf::from(env!("CARGO_BIN_EXE_vigie")),
        args: strings(&["check", "--offline", "--format", "json", site]),
        count: count_vigie,
        runs: Vec::new(),
    }];
    match find_tool("LYCHEE", "/tmp/lychee/bin/lychee", "lychee") {
        Some(program) => {
            let base = [
                "--offline",
                "--no-progress",
                "--format",
                "json",
                "--root-dir",
                site,
            ];
            tools.push(Tool {
                name: "lychee --offline",
                program: program.clone(),
                args: strings(&[&base[..], &["**/*.md"]].concat()),
                count: count_lychee,
                runs: Vec::new(),
            });
            let fragments = [
                "--include-fragments",
                "--fallback-extensions",
                "md",
                "**/*.md",
            ];
            tools.push(Tool {
                name: "lychee --offline +frag",
                program,
                args: strings(&[&base[..], &fragments[..]].concat()),
                count: count_lychee,
                runs: Vec::new(),
            });
        }
        None => println!("lychee not found (LYCHEE, /tmp/lychee/bin/lychee, PATH): skipped"),
    }
    match find_tool("RUMDL", "/tmp/rumdl/bin/rumdl", "rumdl") {
        Some(program) => tools.push(Tool {
            name: "rumdl check",
            program,
            args: strings(&["check", "--no-cache", "--output-format", "json", site]),
            count: count_rumdl,
            runs: Vec::new(),
        }),
        None => println!("rumdl not found (RUMDL, /tmp/rumdl/bin/rumdl, PATH): skipped"),
    }
    tools
}

/// The machine, for the table's caption: cores, CPU model, memory, load.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map_or("unknown CPU", |l| l.trim_start_matches([' ', '\t', ':']));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram_kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    format!(
        "{cores} cores, {model}, {:.0} GiB RAM",
        ram_kib as f64 / 1024.0 / 1024.0
    )
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The planted broken links in `scripts/links-diff --save`'s format, one a line.
fn planted_json(planted: &Planted) -> String {
    let mut rows: Vec<&common::Broken> = planted.broken.iter().collect();
    rows.sort_by(|a, b| (&a.file, &a.link).cmp(&(&b.file, &b.link)));
    // Spaced as Python's `json.dumps`, so that `diff` compares the two files.
    let string = |s: &str| serde_json::Value::from(s).to_string();
    let rows: Vec<String> = rows
        .iter()
        .map(|b| {
            format!(
                "{{\"file\": {}, \"link\": {}, \"kind\": {}, \"line\": {}}}",
                string(&b.file),
                string(&b.link),
                string(b.kind),
                b.line
            )
        })
        .collect();
    format!("[\n {}\n]\n", rows.join(",\n "))
}

fn sizes() -> Vec<usize> {
    let parse = |v: String| -> Vec<usize> {
        v.split(',')
            .filter_map(|s| s.trim().replace('_', "").parse().ok())
            .filter(|&n| n > 0)
            .collect()
    };
    let sizes = std::env::var("VIGIE_BENCH_SIZES")
        .or_else(|_| std::env::var("VIGIE_BENCH_PAGES"))
        .map(parse)
        .unwrap_or_default();
    if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    }
}

/// One row of the results.
struct Row {
    pages: usize,
    tool: &'static str,
    wall: f64,
    cpu: Option<f64>,
    peak_kib: Option<u64>,
    wall_ratio: f64,
    cpu_ratio: Option<f64>,
    planted: String,
    false_errors: usize,
}

fn main() {
    let runs: usize = std::env::var("VIGIE_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RUNS);
    let keep = std::env::var_os("VIGIE_BENCH_DIR").map(PathBuf::from);
    let temporary = tempfile::tempdir().expect("temporary directory");
    println!(
        "machine: {}; load average {} at the start; {}",
        machine(),
        load(),
        today()
    );
    let mut rows = Vec::new();
    for pages in sizes() {
        let root = keep
            .as_ref()
            .unwrap_or(&temporary.path().to_path_buf())
            .join(pages.to_string());
        if root.exists() {
            std::fs::remove_dir_all(&root).expect("remove the previous site");
        }
        std::fs::create_dir_all(&root).expect("site folder");
        let root = root.canonicalize().expect("site folder"); // lychee wants an absolute root
        let started = Instant::now();
        let planted = generate(&root, pages);
        let mut kinds = BTreeMap::<&str, usize>::new();
        for b in &planted.broken {
            *kinds.entry(b.kind).or_default() += 1;
        }
        println!(
            "\n{pages} pages: generated in {:.2} s, {:.1} MB, {} pages for Eleventy, {} internal links in them, {} broken on purpose ({:.1} %: {kinds:?})",
            started.elapsed().as_secs_f64(),
            walk_bytes(&root) as f64 / 1e6,
            planted.pages,
            planted.internal,
            planted.broken.len(),
            100.0 * planted.broken.len() as f64 / planted.internal as f64,
        );
        if let Some(dir) = &keep {
            let path = dir.join(format!("{pages}.planted.json"));
            std::fs::write(&path, planted_json(&planted)).expect("write the planted links");
            println!(
                "kept in {}, planted links in {}",
                root.display(),
                path.display()
            );
        }
        let site = Site {
            broken: planted
                .broken
                .iter()
                .map(|b| (b.file.clone(), b.link.clone()))
                .collect(),
            broken_lines: planted.broken.iter().fold(HashMap::new(), |mut lines, b| {
                lines
                    .entry((b.file.clone(), b.line))
                    .or_insert_with(Vec::new)
                    .push(b.link.clone());
                lines
            }),
            root: root.clone(),
            planted,
        };
        let mut tools = tools(root.to_str().expect("UTF-8 path"));
        let mut found = Vec::new();
        for tool in &mut tools {
            let warm = run(&tool.program, &tool.args, &root);
            let f = (tool.count)(&warm.stdout, &site);
            println!(
                "{:<24} flagged {} of the {} planted broken links, and {} links that work; {}",
                tool.name,
                f.planted,
                site.planted.broken.len(),
                f.false_errors,
                f.other
            );
            found.push(f);
            if runs == 1 {
                // One run: the one that counted (no warm-up), for sizes where a run is long.
                tool.runs.push(warm);
            }
        }
        if runs == 0 {
            continue;
        }
        let more = if runs == 1 { 0 } else { runs };
        for _ in 0..more {
            for tool in &mut tools {
                tool.runs.push(run(&tool.program, &tool.args, &root));
            }
        }
        let vigie = tools[0].median();
        let (vigie_wall, vigie_cpu) = (vigie.wall.as_secs_f64(), vigie.cpu);
        for (tool, f) in tools.iter().zip(&found) {
            let median = tool.median();
            let wall = median.wall.as_secs_f64();
            rows.push(Row {
                pages: site.planted.pages,
                tool: tool.name,
                wall,
                cpu: median.cpu,
                peak_kib: tool.peak(),
                wall_ratio: wall / vigie_wall,
                cpu_ratio: median.cpu.zip(vigie_cpu).map(|(c, v)| c / v),
                planted: format!("{} / {}", f.planted, site.planted.broken.len()),
                false_errors: f.false_errors,
            });
        }
    }
    if rows.is_empty() {
        return;
    }
    let opt = |v: Option<f64>, digits: usize| v.map_or("n/a".into(), |v| format!("{v:.digits$}"));
    let mut table = String::from(
        "| pages | tool | wall s | CPU s | pages/s | peak RSS MiB | wall × vigie | CPU × vigie | planted flagged | working flagged |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in &rows {
        writeln!(
            table,
            "| {} | {} | {:.3} | {} | {:.0} | {} | {:.2} | {} | {} | {} |",
            r.pages,
            r.tool,
            r.wall,
            opt(r.cpu, 2),
            r.pages as f64 / r.wall,
            opt(r.peak_kib.map(|k| k as f64 / 1024.0), 1),
            r.wall_ratio,
            opt(r.cpu_ratio, 2),
            r.planted,
            r.false_errors,
        )
        .unwrap();
    }
    println!(
        "\nmedian of {runs} runs, whole processes, warm cache; {}; load average {} at the end; {}\n\n{table}",
        machine(),
        load(),
        today()
    );
}
