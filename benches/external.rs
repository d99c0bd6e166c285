//! External link checking, vigie against lychee, on the same links served by a local server
//! with added latency: 500 unique URLs on 50 hosts, each written twice across 50 pages,
//! routed to 127.0.0.1 by each tool's `--remap`. Prints wall time and the requests the
//! server received per tool (and any URL asked twice). Run: `cargo bench --bench external`.
//! lychee is looked for at `$LYCHEE`, then `/tmp/lychee/bin/lychee`; skipped when missing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "bench code, on inputs it makes itself: a panic stops the bench"
)]
#![allow(clippy::print_stdout)]

#[path = "../tests/external/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use server::{Request, Server};

const HOSTS: usize = 50;
const PER_HOST: usize = 10;
const PAGES: usize = 50;
const LATENCY: Duration = Duration::from_millis(50);

/// A site of `PAGES` pages linking every URL twice, on two different pages.
fn write_site(dir: &Path) -> usize {
    let urls: Vec<String> = (0..HOSTS * PER_HOST)
        .map(|i| {
            format!(
                "https://h{}.numerique.gouv.fr/page-{}",
                i % HOSTS,
                i / HOSTS
            )
        })
        .collect();
    let mut pages = vec![String::from("# Liens\n\n"); PAGES];
    for (i, url) in urls.iter().enumerate() {
        pages[i % PAGES].push_str(&format!("- [lien {i}]({url})\n"));
        pages[(i + 1) % PAGES].push_str(&format!("- [encore {i}]({url})\n"));
    }
    for (i, text) in pages.iter().enumerate() {
        std::fs::write(dir.join(format!("page-{i}.md")), text).unwrap();
    }
    urls.len()
}

struct Run {
    wall: Duration,
    requests: usize,
    duplicates: usize,
    ok: bool,
}

fn run(mut command: Command) -> Run {
    let server = Server::start(LATENCY, |_: &Request| server::ok());
    let remap = server.remap();
    command.args(["--remap", &remap]);
    let start = Instant::now();
    let output = command.output().expect("the tool runs");
    let wall = start.elapsed();
    if !output.status.success() {
        println!(
            "  (exit {:?}) {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    Run {
        wall,
        requests: server.total(),
        duplicates: server.duplicates().len(),
        ok: output.status.success(),
    }
}

fn lychee() -> Option<PathBuf> {
    let path = std::env::var_os("LYCHEE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/lychee/bin/lychee"));
    path.exists().then_some(path)
}

fn report(name: &str, runs: &[Run]) {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let median = walls[walls.len() / 2];
    let last = runs.last().unwrap();
    println!(
        "{name:<44} median {:>7.3} s (min {:.3}, max {:.3})  requests {:>4}  URLs asked twice {}{}",
        median.as_secs_f64(),
        walls[0].as_secs_f64(),
        walls[walls.len() - 1].as_secs_f64(),
        last.requests,
        last.duplicates,
        if runs.iter().all(|r| r.ok) {
            ""
        } else {
            "  (failed)"
        }
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let urls = write_site(dir.path());
    println!(
        "{urls} unique URLs on {HOSTS} hosts, each written twice over {PAGES} pages; {} ms per answer",
        LATENCY.as_millis()
    );
    let rounds = 3;
    let lychee = lychee();
    if lychee.is_none() {
        println!("lychee: skipped (not found; set LYCHEE=/path/to/lychee)");
    }
    let files: Vec<PathBuf> = (0..PAGES)
        .map(|i| dir.path().join(format!("page-{i}.md")))
        .collect();
    // lychee applies its per-host limits to the remapped host (127.0.0.1, one host here):
    // its host concurrency is set to the global one so that both tools have N in flight.
    for concurrency in ["32", "8"] {
        let runs: Vec<Run> = (0..rounds)
            .map(|_| {
                let mut command = Command::new(env!("CARGO_BIN_EXE_vigie"));
                command.arg("check").arg(dir.path()).args([
                    "--no-cache",
                    "--allow-private",
                    "--max-concurrency",
                    concurrency,
                    "--format",
                    "json",
                ]);
                run(command)
            })
            .collect();
        report(&format!("vigie, {concurrency} in flight (HEAD)"), &runs);
        let Some(lychee) = &lychee else { continue };
        let runs: Vec<Run> = (0..rounds)
            .map(|_| {
                let mut command = Command::new(lychee);
                command
                    .args(["--no-progress", "--max-concurrency", concurrency])
                    .args(["--host-concurrency", concurrency])
                    .args(["--host-request-interval", "0ms"])
                    .args(&files);
                run(command)
            })
            .collect();
        report(&format!("lychee, {concurrency} in flight (GET)"), &runs);
    }
    if let Some(lychee) = &lychee {
        let mut command = Command::new(lychee);
        command.arg("--no-progress").args(&files);
        report(
            "lychee, its defaults (10 per host, 50 ms apart)",
            &[run(command)],
        );
    }
}
