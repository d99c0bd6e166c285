//! `cargo bench --bench hostile`: the hostile files of issue 13 at full size, one site each
//! (the file beside one ordinary page), checked by the release binary as a whole process:
//! `vigie check --offline --format json SITE`. Prints each file's wall time, peak RSS (GNU
//! time, when `/usr/bin/time` is there) and what vigie said of it, then the wall time of the
//! same check with the default human report (`--color never`), which renders an excerpt of
//! the file for each finding. `tests/hostile.rs` holds
//! what must be said; this measures how long saying it takes. Nothing here asserts a timing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "bench code, on inputs it makes itself: a panic stops the bench"
)]
#![allow(clippy::print_stdout)]

#[path = "../tests/support/hostile.rs"]
mod hostile_inputs;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const GNU_TIME: &str = "/usr/bin/time";

fn front(body: &str) -> Vec<u8> {
    format!("---\ntitle: T\n---\n{body}\n").into_bytes()
}

/// Each hostile file: its name in the report, file name and bytes.
fn cases() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let links: String = (0..100_000).map(|i| format!("[l{i}](/p{i}/) ")).collect();
    let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"x\"")).collect();
    let headings: String = (0..20_000)
        .map(|i| format!("## Titre {i}\n\n[x](#titre-{})\n\n", i + 1))
        .collect();
    let bomb = hostile_inputs::yaml_alias_bomb();
    vec![
        ("100 000 links in one paragraph", "links.md", front(&links)),
        (
            "600 nested links around 1 MB of text",
            "nested-links.md",
            front(&format!(
                "{}{}",
                "<a href=\"/x/\">".repeat(600),
                "mot ".repeat(250_000)
            )),
        ),
        (
            "100 000 nested <div>s",
            "divs.md",
            front(&format!(
                "{}x{}",
                "<div>".repeat(100_000),
                "</div>".repeat(100_000)
            )),
        ),
        (
            "100 000 unclosed <span>s",
            "spans.md",
            front(&"<span>".repeat(100_000)),
        ),
        (
            "100 000 stray end tags",
            "stray.md",
            front(&format!("<div>{}", "</span>".repeat(100_000))),
        ),
        (
            "a tag of 100 000 attributes",
            "attributes.md",
            front(&format!("<div{attributes}>x</div>")),
        ),
        (
            "20 000 headings and fragment links",
            "headings.md",
            front(&headings),
        ),
        (
            "a 15 MB single line",
            "line.md",
            front(&"mot ".repeat(3_750_000)),
        ),
        (
            "a 30 MB single line (over the limit)",
            "big.md",
            front(&"mot ".repeat(7_500_000)),
        ),
        ("a YAML alias bomb", "bomb.md", bomb.into_bytes()),
        (
            "20 000 levels of YAML",
            "deep.md",
            format!(
                "---\ntitle: T\nx: {}{}\n---\n",
                "[".repeat(20_000),
                "]".repeat(20_000)
            )
            .into_bytes(),
        ),
        (
            "a 200 KB URL",
            "url.md",
            front(&format!(
                "[x](https://example.fr/{}) [y](/{}/)",
                "a".repeat(200_000),
                "b".repeat(200_000)
            )),
        ),
        (
            "a binary file named .md",
            "binary.md",
            (0..=255u8).cycle().take(1 << 20).collect(),
        ),
        (
            "50 000 duplicate ids",
            "ids.md",
            front(&"<p id=\"x\">x</p>\n".repeat(50_000)),
        ),
        (
            "50 000 levels of block quote",
            "quote.md",
            front(&format!("{} x", ">".repeat(50_000))),
        ),
        (
            "JavaScript data that loops forever",
            "_data/loop.js",
            b"module.exports = () => { while (true) {} };\n".to_vec(),
        ),
    ]
}

fn main() {
    let vigie = env!("CARGO_BIN_EXE_vigie");
    println!(
        "{:<40} {:>8} {:>11} {:>8}  findings",
        "hostile file", "wall s", "peak RSS", "human s"
    );
    for (what, name, bytes) in cases() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join(".eleventy.js"),
            "module.exports = () => ({ dir: { input: '.' } });\n",
        )
        .unwrap();
        std::fs::write(root.join("ok.md"), "---\ntitle: OK\n---\n[x](/nowhere/)\n").unwrap();
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let (wall, peak, json) = run(vigie, root, &["--format", "json"]);
        let (human, _, _) = run(vigie, root, &["--color", "never"]);
        let mut codes = BTreeMap::<String, usize>::new();
        for d in json["diagnostics"].as_array().into_iter().flatten() {
            if d["file"].as_str() == Some(name) {
                *codes
                    .entry(d["code"].as_str().unwrap_or("").to_owned())
                    .or_default() += 1;
            }
        }
        println!("{what:<40} {wall:>8.3} {peak:>11} {human:>8.3}  {codes:?}");
    }
}

/// One run with `format` arguments: wall seconds, peak RSS, the JSON report (if JSON).
fn run(vigie: &str, root: &Path, format: &[&str]) -> (f64, String, serde_json::Value) {
    let rss = tempfile::NamedTempFile::new().unwrap();
    let timed = Path::new(GNU_TIME).exists();
    let mut command = if timed {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("%M").arg("-o").arg(rss.path()).arg(vigie);
        c
    } else {
        Command::new(vigie)
    };
    command.args(["check", "--offline"]).args(format).arg(root);
    let started = Instant::now();
    let output = command.output().unwrap();
    let wall = started.elapsed().as_secs_f64();
    let peak = std::fs::read_to_string(rss.path())
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse::<f64>().ok())
        .map_or("n/a".into(), |kib| format!("{:.0} MiB", kib / 1024.0));
    let json = serde_json::from_slice(&output.stdout).unwrap_or_default();
    (wall, peak, json)
}
