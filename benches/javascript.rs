//! `cargo bench --bench javascript`: what running a site's JavaScript costs. Generates two
//! Eleventy sites of N posts (N = 2 000, or `VIGIE_BENCH_PAGES`) that Eleventy writes at the
//! same URLs: one says everything in JSON and YAML (a permalink per post, a page per tag),
//! the other in JavaScript (`.eleventy.js` with a filter and a collection, `_data/site.js`,
//! a `posts.11tydata.js` whose permalink is a function, `eleventyComputed`, a tag page
//! paginated over `collections`). Prints the median check time of each, the ratio, and the
//! time of `lychee --offline` on the same files when lychee is installed (`LYCHEE`, else
//! `lychee` on PATH). A measurement, not a test: nothing here asserts a timing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "bench code, on inputs it makes itself: a panic stops the bench"
)]
#![allow(clippy::print_stdout)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const TAGS: usize = 20;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

fn generate(root: &Path, posts: usize, javascript: bool) {
    if javascript {
        write(
            &root.join(".eleventy.js"),
            "module.exports = (c) => {\n  c.addFilter(\"tagUrl\", (t) => `/tags/${t}/`);\n  c.addCollection(\"recent\", (api) => api.getFilteredByTag(\"posts\").slice(-10));\n  return { dir: { input: \".\" } };\n};\n",
        );
        write(
            &root.join("_data/site.js"),
            "module.exports = async () => ({ title: \"Bench\", url: \"https://bench.example\" });\n",
        );
        write(
            &root.join("posts/posts.11tydata.js"),
            "module.exports = {\n  tags: [\"posts\"],\n  permalink(data) { return `/posts/${this.slugify(data.title)}/`; },\n  eleventyComputed: { heading: (data) => data.title.toUpperCase() },\n};\n",
        );
        write(
            &root.join("tags.njk"),
            "---\npagination:\n  data: collections\n  size: 1\n  alias: tag\n  filter: [all, posts, recent]\npermalink: \"{{ tag | tagUrl }}\"\n---\n",
        );
    } else {
        write(
            &root.join("_data/site.json"),
            "{ \"title\": \"Bench\", \"url\": \"https://bench.example\" }\n",
        );
        for t in 0..TAGS {
            write(
                &root.join(format!("tags/t{t}.md")),
                &format!("---\npermalink: /tags/t{t}/\n---\n"),
            );
        }
    }
    for i in 0..posts {
        let permalink = if javascript {
            String::new()
        } else {
            format!(
                "permalink: /posts/post-{i}/\ntags: [posts, t{}]\n",
                i % TAGS
            )
        };
        let tags = if javascript {
            format!("tags: [t{}]\n", i % TAGS)
        } else {
            String::new()
        };
        let next = (i + 1) % posts;
        write(
            &root.join(format!("posts/p{i}.md")),
            &format!(
                "---\ntitle: Post {i}\ndate: 2024-01-{:02}\n{tags}{permalink}---\n# Post {i}\n\nSee [the next one](/posts/post-{next}/) and [its tag](/tags/t{}/).\n",
                i % 28 + 1,
                i % TAGS
            ),
        );
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn check(root: &Path) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut outputs = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let report = vigie::check(root).expect("vigie checks the site");
        times.push(started.elapsed());
        outputs = report.site.pages.iter().map(|p| p.outputs().len()).sum();
        let broken = report
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with("links/"))
            .count();
        assert_eq!(broken, 0, "the generated site has no broken link");
    }
    (median(times), outputs)
}

fn lychee(root: &Path) -> Option<Duration> {
    let program = std::env::var("LYCHEE").unwrap_or_else(|_| "lychee".into());
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        Command::new(&program)
            .args(["--offline", "--no-progress", "--root-dir"])
            .arg(root)
            .arg("**/*.md")
            .current_dir(root)
            .output()
            .ok()?;
        times.push(started.elapsed());
    }
    Some(median(times))
}

fn main() {
    let posts: usize = std::env::var("VIGIE_BENCH_PAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let dir = tempfile::tempdir().expect("temporary directory");
    let (static_root, js_root) = (dir.path().join("static"), dir.path().join("javascript"));
    generate(&static_root, posts, false);
    generate(&js_root, posts, true);
    let (plain, plain_outputs) = check(&static_root);
    let (js, js_outputs) = check(&js_root);
    println!("{posts} posts, {TAGS} tag pages; median of {RUNS} runs of vigie::check");
    println!(
        "  JSON/YAML data    {:>8.1} ms  ({plain_outputs} outputs)",
        plain.as_secs_f64() * 1e3
    );
    println!(
        "  JavaScript data   {:>8.1} ms  ({js_outputs} outputs)",
        js.as_secs_f64() * 1e3
    );
    println!(
        "  ratio             {:>8.2}",
        js.as_secs_f64() / plain.as_secs_f64()
    );
    match lychee(&static_root) {
        Some(time) => println!(
            "  lychee --offline  {:>8.1} ms  (links only, same Markdown)",
            time.as_secs_f64() * 1e3
        ),
        None => println!("  lychee --offline  not installed"),
    }
}
