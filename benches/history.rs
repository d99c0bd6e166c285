//! `cargo bench --bench history`: what a long git history costs a check. Generates the
//! synthetic site of `common/mod.rs` (N = 3 000 pages, or
//! `VIGIE_BENCH_PAGES`), makes it a git repository whose history holds ~6 600 commits
//! (`VIGIE_BENCH_COMMITS`), written in one `git fast-import` stream: the skeleton, one
//! commit a page, edits of random pages, drafts added and deleted, and renames of pages,
//! so that some broken links name a page's old path and vigie asks git where it went:
//! `s999/t99/page-N.md` for even N was renamed to a page of the site (for N = 0, 10, 20,
//! 30, 40 through `archives/page-N.md`: two renames to follow), and the site plants broken
//! links to `/s999/t99/page-N/`. The renames are spread over the whole history, old and
//! recent; odd N, the relative links to missing pages, missing fragments and missing
//! assets have no rename to find. Most edits touch one page, some a few,
//! one in a hundred 30 to 60; three folders of 50 pages are moved whole, one commit each.
//!
//! The last commit's tree is the working tree, and the index is HEAD's. The repository is
//! left as `git fast-import` wrote it (one pack, no commit-graph, as a fresh clone);
//! `VIGIE_BENCH_GC=1` runs `git gc` first, which writes a commit-graph, as git's upkeep
//! does in a repository worked in. Then it times whole processes of the release binary
//! (start-up included, JSON report captured), warm page cache, one untimed warm-up each,
//! `VIGIE_BENCH_RUNS` (5) runs alternating:
//! - `vigie check --offline` on the working tree of the repository;
//! - the same on a copy of the working tree without `.git` (no history to ask);
//! - `vigie check --offline --rev HEAD` (the commit's tree, read from git's objects);
//! - `vigie check --offline --staged` (git's index).
//!
//! and prints median, min and max wall time, each row against the copy without `.git`
//! (the aim: with `.git` within 20 % of without). The warm-up runs under git's
//! own tracing (`GIT_TRACE2_EVENT`) to count, per git command, the processes each check
//! started and the seconds they ran (summed: they may overlap, and a `cat-file --batch`
//! lives as long as vigie reads through it), and counts the findings whose help names a
//! git rename. `VIGIE_BENCH_DIR` keeps the repository (`DIR/repo`) and the copy
//! (`DIR/plain`) there; the copy must not be inside a git repository. Needs `git` on PATH.
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

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{FOLDERS_PER_SECTION, PAGES_PER_FOLDER, Rng, generate, site_dir, walk_bytes};

const PAGES: usize = 3_000;
const COMMITS: usize = 6_600;
const RUNS: usize = 5;
/// Pages created and deleted again in the history (deletions that are not renames).
const DRAFTS: usize = 60;

fn from_env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

/// The source file of page `n`, as `common::generate` writes it.
fn page_file(n: usize) -> String {
    let per_section = PAGES_PER_FOLDER * FOLDERS_PER_SECTION;
    format!(
        "s{:03}/t{:02}/page-{}.md",
        n / per_section,
        n / PAGES_PER_FOLDER % FOLDERS_PER_SECTION,
        n % PAGES_PER_FOLDER
    )
}

/// One commit of the history.
#[derive(Clone)]
enum Op {
    /// Every file that is not a page.
    Skeleton,
    /// Page `n` is created (at its first path).
    Add(usize),
    /// These pages are edited (at their current paths).
    Edit(Vec<usize>),
    /// These pages move to the next path of their journeys.
    Rename(Vec<usize>),
    /// Draft `i` is created, or deleted.
    DraftAdd(usize),
    DraftDelete(usize),
}

/// What the history writes: the operations in order, and the paths each renamed page had.
struct Plan {
    ops: Vec<Op>,
    /// For a renamed page: its paths, first to last (the last is its file in the site).
    journeys: BTreeMap<usize, Vec<String>>,
}

/// Folders moved whole in one commit each, from `rubriques/`: folder numbers.
const MOVED_FOLDERS: [usize; 3] = [1, 21, 41];

fn plan(pages: usize, commits: usize) -> Plan {
    // Renamed pages: an even N in 0..50 names `s999/t99/page-N.md`, the path of the
    // broken links the site plants; the page it became is spread over the site.
    let mut journeys = BTreeMap::new();
    for n in (0..PAGES_PER_FOLDER).step_by(2) {
        let page = (n * pages / PAGES_PER_FOLDER + 3).min(pages - 1);
        if journeys.contains_key(&page) {
            continue;
        }
        let mut paths = vec![format!("s999/t99/page-{n}.md")];
        if n % 10 == 0 {
            paths.push(format!("archives/page-{n}.md"));
        }
        paths.push(page_file(page));
        journeys.insert(page, paths);
    }
    // Whole folders moved in one commit (a restructuring), where no page above is.
    let mut folder_moves = Vec::new();
    for folder in MOVED_FOLDERS {
        let members: Vec<usize> = (folder * PAGES_PER_FOLDER..(folder + 1) * PAGES_PER_FOLDER)
            .filter(|&n| n < pages)
            .collect();
        if members.is_empty() || members.iter().any(|n| journeys.contains_key(n)) {
            continue;
        }
        for &n in &members {
            journeys.insert(
                n,
                vec![
                    format!("rubriques/r{folder}/page-{}.md", n % PAGES_PER_FOLDER),
                    page_file(n),
                ],
            );
        }
        folder_moves.push(members);
    }
    // The commits after the skeleton and one per page: renames and drafts at given places
    // (a fraction of the way), edits in between.
    let mut placed: Vec<(f64, Op)> = Vec::new();
    let single: Vec<(usize, usize)> = journeys
        .iter()
        .filter(|(_, j)| j[0].starts_with("s999/"))
        .map(|(&p, j)| (p, j.len()))
        .collect();
    for (i, &(page, len)) in single.iter().enumerate() {
        // Spread over the whole history, old and recent; a second hop halfway to the end.
        let at = 0.02 + 0.96 * (i as f64 + 0.5) / single.len() as f64;
        placed.push((at, Op::Rename(vec![page])));
        if len > 2 {
            placed.push(((at + 1.0) / 2.0, Op::Rename(vec![page])));
        }
    }
    for (i, members) in folder_moves.into_iter().enumerate() {
        placed.push((0.3 + 0.3 * i as f64, Op::Rename(members)));
    }
    for i in 0..DRAFTS {
        let at = (i as f64 + 0.5) / DRAFTS as f64 * 0.9;
        placed.push((at, Op::DraftAdd(i)));
        placed.push((at + 0.05, Op::DraftDelete(i)));
    }
    let rest = commits.saturating_sub(1 + pages);
    let edits = rest.saturating_sub(placed.len());
    let mut rng = Rng(0x6157_0000_1057_0003);
    for i in 0..edits {
        // Most edits touch one page, some a few, one in a hundred a folder's worth.
        let touched = match rng.below(100) {
            0 => 30 + rng.below(31),
            1..=9 => 5 + rng.below(6),
            10..=29 => 2 + rng.below(3),
            _ => 1,
        };
        let mut list: Vec<usize> = (0..touched).map(|_| rng.below(pages)).collect();
        list.sort_unstable();
        list.dedup();
        placed.push(((i as f64 + 0.5) / edits as f64, Op::Edit(list)));
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut ops = vec![Op::Skeleton];
    ops.extend((0..pages).map(Op::Add));
    ops.extend(placed.into_iter().map(|(_, op)| op));
    Plan { ops, journeys }
}

/// The text of a page before its last edit: `version` changes it a little each time.
fn draft(text: &str, version: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // Some versions lack the end of the page, others have a line the final text lost.
    let keep = if version.is_multiple_of(2) {
        lines.len() * 2 / 3
    } else {
        lines.len()
    };
    let mut out = lines[..keep.max(1)].join("\n");
    writeln!(out, "\n\nRévision {version} : à relire avant publication.").unwrap();
    out
}

fn data(stream: &mut Vec<u8>, bytes: &[u8]) {
    stream.extend_from_slice(format!("data {}\n", bytes.len()).as_bytes());
    stream.extend_from_slice(bytes);
    stream.push(b'\n');
}

fn modify(stream: &mut Vec<u8>, path: &str, bytes: &[u8]) {
    stream.extend_from_slice(format!("M 100644 inline {path}\n").as_bytes());
    data(stream, bytes);
}

/// The `git fast-import` stream of the history whose last tree is the site at `root`;
/// returns it and the number of commits and renames.
fn history_stream(
    root: &Path,
    files: &[String],
    pages: usize,
    commits: usize,
) -> (Vec<u8>, usize, usize) {
    let Plan { ops, journeys } = plan(pages, commits);
    let page_files: std::collections::HashSet<String> = (0..pages).map(page_file).collect();
    let read = |rel: &str| std::fs::read(root.join(rel)).expect("read a generated file");
    // The last commit that writes each page's bytes writes its final text.
    let mut last_write = vec![0; pages];
    for (i, op) in ops.iter().enumerate() {
        match op {
            Op::Add(n) => last_write[*n] = i,
            Op::Edit(list) => list.iter().for_each(|&n| last_write[n] = i),
            _ => {}
        }
    }
    let mut hop: BTreeMap<usize, usize> = BTreeMap::new();
    let path_of = |n: usize, hop: &BTreeMap<usize, usize>| match journeys.get(&n) {
        Some(paths) => paths[hop.get(&n).copied().unwrap_or(0)].clone(),
        None => page_file(n),
    };
    let mut stream = Vec::with_capacity(pages * 4000 + ops.len() * 8000);
    let mut renames = 0;
    let start = 1_420_070_400; // 2015-01-01
    for (i, op) in ops.iter().enumerate() {
        let mut body = Vec::new();
        let write_page = |body: &mut Vec<u8>, n: usize, hop: &BTreeMap<usize, usize>| {
            let path = path_of(n, hop);
            let text = read(&page_file(n));
            let bytes = if last_write[n] == i {
                text
            } else {
                draft(&String::from_utf8_lossy(&text), i).into_bytes()
            };
            modify(body, &path, &bytes);
            path
        };
        let message = match op {
            Op::Skeleton => {
                for rel in files.iter().filter(|f| !page_files.contains(*f)) {
                    modify(&mut body, rel, &read(rel));
                }
                "Le squelette du site".to_owned()
            }
            Op::Add(n) => format!("Ajoute {}", write_page(&mut body, *n, &hop)),
            Op::Edit(list) => {
                let paths: Vec<String> = list
                    .iter()
                    .map(|&n| write_page(&mut body, n, &hop))
                    .collect();
                match paths.as_slice() {
                    [one] => format!("Relit {one}"),
                    _ => format!("Relit {} pages", paths.len()),
                }
            }
            Op::Rename(list) => {
                let mut moved = Vec::new();
                for &n in list {
                    let from = path_of(n, &hop);
                    *hop.entry(n).or_default() += 1;
                    let to = path_of(n, &hop);
                    body.extend_from_slice(format!("R {from} {to}\n").as_bytes());
                    renames += 1;
                    moved.push((from, to));
                }
                match moved.as_slice() {
                    [(from, to)] => format!("Déplace {from} vers {to}"),
                    _ => format!("Déplace {} pages", moved.len()),
                }
            }
            Op::DraftAdd(d) => {
                let path = format!("brouillons/note-{d}.md");
                let text =
                    format!("---\ntitle: Note {d}\n---\n\nUne note de travail, à supprimer.\n");
                modify(&mut body, &path, text.as_bytes());
                format!("Ajoute {path}")
            }
            Op::DraftDelete(d) => {
                let path = format!("brouillons/note-{d}.md");
                body.extend_from_slice(format!("D {path}\n").as_bytes());
                format!("Supprime {path}")
            }
        };
        let when = start + i as u64 * 7_200;
        stream.extend_from_slice(b"commit refs/heads/main\n");
        let who = "Bench <bench@example.org>";
        stream.extend_from_slice(
            format!("author {who} {when} +0000\ncommitter {who} {when} +0000\n").as_bytes(),
        );
        data(&mut stream, message.as_bytes());
        stream.extend_from_slice(&body);
        stream.push(b'\n');
    }
    stream.extend_from_slice(b"done\n");
    (stream, ops.len(), renames)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The files under `root` (relative, `/`-separated, sorted), `.git` left out.
fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read folder").flatten() {
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        if path.is_dir() {
            list_files(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

/// One configuration to time: its name, the site and the options.
struct Case {
    name: &'static str,
    site: PathBuf,
    options: &'static [&'static str],
    walls: Vec<Duration>,
}

impl Case {
    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_vigie"));
        command
            .args(["check", "--offline", "--format", "json"])
            .args(self.options)
            .arg(&self.site)
            .stdin(Stdio::null());
        command
    }

    fn run(&mut self) -> Vec<u8> {
        let started = Instant::now();
        let output = self.command().output().expect("vigie runs");
        self.walls.push(started.elapsed());
        // Exit 1 means "found errors", not failure.
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{} failed ({}): {}",
            self.name,
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    }

    fn stats(&self) -> (f64, f64, f64) {
        let mut walls: Vec<f64> = self.walls.iter().map(Duration::as_secs_f64).collect();
        walls.sort_by(f64::total_cmp);
        (walls[walls.len() / 2], walls[0], walls[walls.len() - 1])
    }
}

/// What a check found: diagnostics, those about links, and the "moved" suggestions.
fn findings(json: &[u8]) -> String {
    let json: serde_json::Value = serde_json::from_slice(json).unwrap_or_default();
    let diagnostics = json["diagnostics"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    let links = diagnostics
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("links/")))
        .count();
    let moved = diagnostics
        .iter()
        .filter(|d| {
            d["help"]
                .as_str()
                .is_some_and(|h| h.contains("in git history"))
        })
        .count();
    format!(
        "{} diagnostics, {links} links/*, {moved} with a git rename suggestion",
        diagnostics.len()
    )
}

/// The git processes a `GIT_TRACE2_EVENT` file recorded: per command, how many and the
/// seconds they ran, summed (a `cat-file --batch` lives as long as its reader keeps it).
fn git_processes(trace: &Path) -> String {
    let text = std::fs::read_to_string(trace).unwrap_or_default();
    // Per process (trace2's session id): its command and its run time.
    let mut processes: BTreeMap<String, (String, f64)> = BTreeMap::new();
    for line in text.lines() {
        let Ok(event) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let sid = event["sid"].as_str().unwrap_or_default().to_owned();
        let process = processes.entry(sid).or_insert_with(|| ("?".into(), 0.0));
        match event["event"].as_str() {
            Some("cmd_name") => process.0 = event["name"].as_str().unwrap_or("?").to_owned(),
            Some("exit") => process.1 = event["t_abs"].as_f64().unwrap_or(0.0),
            _ => {}
        }
    }
    let mut by_name = BTreeMap::<&str, (usize, f64)>::new();
    for (name, seconds) in processes.values() {
        let entry = by_name.entry(name).or_default();
        entry.0 += 1;
        entry.1 += seconds;
    }
    let list: Vec<String> = by_name
        .iter()
        .map(|(name, (n, s))| format!("{n} {name} {s:.2} s"))
        .collect();
    format!("{} git processes ({})", processes.len(), list.join(", "))
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        if entry.file_name() == ".git" {
            continue;
        }
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_tree(&source, &target);
        } else {
            std::fs::copy(&source, &target).expect("copy file");
        }
    }
}

fn main() {
    let pages = from_env("VIGIE_BENCH_PAGES", PAGES);
    let commits = from_env("VIGIE_BENCH_COMMITS", COMMITS);
    let runs = from_env("VIGIE_BENCH_RUNS", RUNS);
    let dir = tempfile::tempdir().expect("temporary directory");
    let base = site_dir(dir.path());
    let (repo, plain) = (base.join("repo"), base.join("plain"));
    for folder in [&repo, &plain] {
        assert!(
            !folder.exists(),
            "{} exists: remove it, or name another VIGIE_BENCH_DIR",
            folder.display()
        );
    }

    let started = Instant::now();
    let planted = generate(&repo, pages);
    let mut files = Vec::new();
    list_files(&repo, &repo, &mut files);
    files.sort();
    println!(
        "generated {pages} pages ({:.1} MB, {} files) in {:.2} s: {} internal links in the pages, {} of them broken by construction",
        walk_bytes(&repo) as f64 / 1e6,
        files.len(),
        started.elapsed().as_secs_f64(),
        planted.internal,
        planted.broken.len(),
    );

    let started = Instant::now();
    let (stream, written, renames) = history_stream(&repo, &files, pages, commits);
    let stream_file = base.join("history.fi");
    std::fs::write(&stream_file, &stream).expect("write the stream");
    git(&repo, &["init", "-q", "-b", "main"]);
    let status = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(std::fs::File::open(&stream_file).expect("the stream"))
        .status()
        .expect("git fast-import runs");
    assert!(status.success(), "git fast-import: {status}");
    std::fs::remove_file(&stream_file).ok();
    // The index is HEAD's; the working tree is already the last commit's tree.
    git(&repo, &["reset", "-q"]);
    let dirty = git(&repo, &["status", "--porcelain"]).lines().count();
    let gc = std::env::var_os("VIGIE_BENCH_GC").is_some_and(|v| v != "0");
    if gc {
        // As a repository that git's own upkeep has packed: one pack, a commit-graph.
        git(&repo, &["gc", "--quiet"]);
    }
    let counted = git(&repo, &["rev-list", "--count", "HEAD"]);
    let objects = git(&repo, &["count-objects", "-v"]);
    let pack_kib = objects
        .lines()
        .find_map(|l| l.strip_prefix("size-pack: "))
        .unwrap_or("?");
    println!(
        "history: {} commits ({written} written, {renames} renames, {DRAFTS} drafts added then deleted) by one git fast-import in {:.2} s{}; pack {pack_kib} KiB; {}",
        counted.trim(),
        started.elapsed().as_secs_f64(),
        if gc {
            ", then git gc (commit-graph)"
        } else {
            " (no git gc: no commit-graph, as a fresh clone)"
        },
        if dirty == 0 {
            "working tree = index = HEAD".to_owned()
        } else {
            format!("{dirty} paths differ from HEAD (unexpected)")
        },
    );

    copy_tree(&repo, &plain);
    let outside = Command::new("git")
        .arg("-C")
        .arg(&plain)
        .args(["rev-parse", "--git-dir"])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| !o.status.success());
    if !outside {
        println!(
            "warning: {} is inside a git repository: the row without .git has a history too",
            plain.display()
        );
    }

    let mut cases = vec![
        Case {
            name: "working tree, with .git",
            site: repo.clone(),
            options: &[],
            walls: Vec::new(),
        },
        Case {
            name: "working tree, no .git",
            site: plain.clone(),
            options: &[],
            walls: Vec::new(),
        },
        Case {
            name: "--rev HEAD",
            site: repo.clone(),
            options: &["--rev", "HEAD"],
            walls: Vec::new(),
        },
        Case {
            name: "--staged",
            site: repo.clone(),
            options: &["--staged"],
            walls: Vec::new(),
        },
    ];

    // One untimed warm-up each, under git's tracing: what it found, what git it ran.
    for case in &cases {
        let trace = base.join("trace2.json");
        std::fs::remove_file(&trace).ok();
        let output = case
            .command()
            .env("GIT_TRACE2_EVENT", &trace)
            .output()
            .expect("vigie runs");
        println!(
            "{:<24} {}; {}",
            case.name,
            findings(&output.stdout),
            git_processes(&trace)
        );
        std::fs::remove_file(&trace).ok();
    }
    for _ in 0..runs {
        for case in &mut cases {
            case.run();
        }
    }

    let (plain_median, _, _) = cases[1].stats();
    println!(
        "{:<24} {:>9} {:>9} {:>9} {:>10}",
        "", "median s", "min s", "max s", "/ no .git"
    );
    for case in &cases {
        let (median, min, max) = case.stats();
        println!(
            "{:<24} {median:>9.3} {min:>9.3} {max:>9.3} {:>10.2}",
            case.name,
            median / plain_median
        );
    }
    println!(
        "ratio with .git / without .git = {:.2} (medians of {runs} runs; the issue's aim: at most 1.20)",
        cases[0].stats().0 / plain_median
    );
}
