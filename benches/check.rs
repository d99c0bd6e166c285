//! `cargo bench --bench check`: generates a synthetic Eleventy 1 site of N pages in a
//! temporary directory (N = 10 000, or `VIGIE_BENCH_PAGES`; `VIGIE_BENCH_DIR` keeps the site
//! in that directory instead), runs `vigie::check` on it and prints pages per second, wall
//! time and peak memory. A measurement, not a test: nothing here asserts a timing.
//!
//! The site looks like communs grown large: sections `sNN/tNN/page-K.md` (50 pages a
//! folder), directory data files, layout aliases, dates, tags, `eleventyNavigation` on one
//! page in ten, a custom permalink on one in a hundred, ~2.5 KB of Markdown with links,
//! lists and inline HTML, and about 1 % of pages with a defect.

#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const PAGES_PER_FOLDER: usize = 50;
const FOLDERS_PER_SECTION: usize = 20;
const RUNS: usize = 3;

/// A small deterministic generator (xorshift64*), so that every run checks the same site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "logiciel",
    "libre",
    "commun",
    "numérique",
    "administration",
    "mutualisation",
    "code",
    "source",
    "ouvert",
    "contribution",
    "communauté",
    "atelier",
    "données",
    "accessibilité",
    "service",
    "public",
    "interministériel",
    "gouvernance",
    "licence",
    "réutilisation",
];
const TAGS: &[&str] = &["bluehats", "ateliers", "gazette", "posts", "guides"];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(rng.pick(WORDS));
    }
    text
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

/// Writes the site's configuration, layouts and global data.
fn write_skeleton(root: &Path) {
    write(
        &root.join(".eleventy.js"),
        r#"const markdownIt = require("markdown-it");
module.exports = function (eleventyConfig) {
  eleventyConfig.addLayoutAlias("page", "layouts/page.njk");
  eleventyConfig.addLayoutAlias("post", "layouts/post.njk");
  eleventyConfig.addPassthroughCopy({ assets: "assets" });
  const markdownLibrary = markdownIt({ html: true, breaks: true, linkify: true });
  eleventyConfig.setLibrary("md", markdownLibrary);
  return { dir: { input: ".", includes: "_includes", data: "_data", output: "_site" } };
};
"#,
    );
    write(
        &root.join("package.json"),
        r#"{ "devDependencies": { "@11ty/eleventy": "^1.0.2", "@11ty/eleventy-navigation": "^0.3.5" } }"#,
    );
    write(
        &root.join("_data/metadata.json"),
        r#"{ "title": "Synthétique", "url": "https://synth.example.fr" }"#,
    );
    write(
        &root.join("_includes/layouts/base.njk"),
        "<!doctype html><html lang=\"fr\"><title>{{ title }}</title>{{ content | safe }}</html>\n",
    );
    for layout in ["page", "post"] {
        write(
            &root.join(format!("_includes/layouts/{layout}.njk")),
            "---\nlayout: layouts/base.njk\n---\n<main><h1>{{ title }}</h1>{{ content | safe }}</main>\n",
        );
    }
    write(&root.join(".eleventyignore"), "README.md\n");
    write(&root.join("README.md"), "# not a page\n");
}

/// One page: front matter and body, with a planted defect on about 1 page in 100.
fn page(rng: &mut Rng, section: usize, folder: usize, k: usize, pages: usize) -> String {
    let mut text = String::with_capacity(3000);
    let title = format!("{} {k}", sentence(rng, 3));
    let defect = if rng.below(100) == 0 {
        1 + rng.below(7)
    } else {
        0
    };
    text.push_str("---\n");
    match defect {
        1 => writeln!(text, "title: Atelier {k}: {}", sentence(rng, 2)).unwrap(),
        _ => writeln!(text, "title: \"{title}\"").unwrap(),
    }
    let layout = if k.is_multiple_of(3) { "post" } else { "page" };
    match defect {
        2 => text.push_str("layout: pgae\n"),
        _ => writeln!(text, "layout: {layout}").unwrap(),
    }
    match defect {
        3 => writeln!(text, "date: 2022-{}-{}", 1 + k % 9, 1 + k % 9).unwrap(),
        _ => writeln!(
            text,
            "date: 20{:02}-{:02}-{:02}",
            15 + k % 9,
            1 + k % 12,
            1 + k % 28
        )
        .unwrap(),
    }
    match defect {
        4 => writeln!(text, "tag: {}", rng.pick(TAGS)).unwrap(),
        _ => writeln!(
            text,
            "tags:\n  - {}\n  - {}",
            rng.pick(TAGS),
            rng.pick(TAGS)
        )
        .unwrap(),
    }
    if defect == 5 {
        writeln!(text, "title: {title} (bis)").unwrap();
    }
    writeln!(text, "description: {}", sentence(rng, 12)).unwrap();
    if k.is_multiple_of(10) {
        let parent = if defect == 6 {
            format!("Sction {section}")
        } else {
            format!("Section {section}")
        };
        writeln!(
            text,
            "eleventyNavigation:\n  key: Page {section}-{folder}-{k}\n  parent: {parent}\n  order: {}",
            folder * 100 + k
        )
        .unwrap();
    }
    if k % 100 == 7 {
        writeln!(text, "permalink: /p/{section}/{folder}/{k}/").unwrap();
    }
    if defect != 7 {
        text.push_str("---\n");
    }
    text.push('\n');
    // ~2.5 KB of Markdown: headings, paragraphs with internal and external links, a list,
    // inline HTML now and then.
    for h in 0..4 {
        writeln!(text, "## {} {h}\n", sentence(rng, 4)).unwrap();
        let target = rng.below(pages);
        let (s, t, p) = (
            target / (PAGES_PER_FOLDER * FOLDERS_PER_SECTION),
            target / PAGES_PER_FOLDER % FOLDERS_PER_SECTION,
            target % PAGES_PER_FOLDER,
        );
        writeln!(
            text,
            "{} [{}](/s{s:03}/t{t:02}/page-{p}/) {} [la source](https://code.gouv.fr/{}) {}.\n",
            sentence(rng, 25),
            sentence(rng, 3),
            sentence(rng, 20),
            rng.pick(WORDS),
            sentence(rng, 15),
        )
        .unwrap();
        writeln!(
            text,
            "- {}\n- {}\n- voir www.{}.gouv.fr\n",
            sentence(rng, 8),
            sentence(rng, 8),
            rng.pick(WORDS)
        )
        .unwrap();
    }
    if k.is_multiple_of(4) {
        text.push_str(
            "<iframe src=\"https://video.example.fr/embed/1\" title=\"Vidéo\"></iframe>\n",
        );
    }
    text
}

fn generate(root: &Path, pages: usize) {
    write_skeleton(root);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let per_section = PAGES_PER_FOLDER * FOLDERS_PER_SECTION;
    for n in 0..pages {
        let (section, folder, k) = (
            n / per_section,
            n / PAGES_PER_FOLDER % FOLDERS_PER_SECTION,
            n % PAGES_PER_FOLDER,
        );
        let section_dir = root.join(format!("s{section:03}"));
        let folder_dir = section_dir.join(format!("t{folder:02}"));
        if folder == 0 && k == 0 {
            // The section's index page (the navigation parent) and directory data.
            write(
                &section_dir.join(format!("s{section:03}.json")),
                &format!("{{ \"tags\": [\"section-{section}\"], \"section\": {section} }}"),
            );
            write(
                &section_dir.join("index.md"),
                &format!(
                    "---\ntitle: Section {section}\nlayout: page\neleventyNavigation:\n  key: Section {section}\n  order: {section}\n---\n\nLes pages de la section.\n"
                ),
            );
        }
        if k == 0 {
            write(
                &folder_dir.join(format!("t{folder:02}.json")),
                &format!("{{ \"folder\": {folder} }}"),
            );
        }
        let text = page(&mut rng, section, folder, k, pages);
        write(&folder_dir.join(format!("page-{k}.md")), &text);
    }
}

/// Peak resident memory of this process so far, in KiB (Linux only).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument would be ignored.
    let pages: usize = std::env::var("VIGIE_BENCH_PAGES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(10_000);
    // `VIGIE_BENCH_DIR` keeps the generated site there, to look at it or run vigie on it.
    let dir = tempfile::tempdir().expect("temporary directory");
    let kept = std::env::var_os("VIGIE_BENCH_DIR").map(std::path::PathBuf::from);
    let root = kept.as_deref().unwrap_or(dir.path());

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

fn walk_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            total += walk_bytes(&path);
        } else {
            total += entry.metadata().map_or(0, |m| m.len());
        }
    }
    total
}
