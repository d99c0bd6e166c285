//! `cargo bench --bench layouts`: what checking a site's layouts costs as the site grows.
//! Generates sites of N pages (1 000 and 4 000, or `VIGIE_BENCH_PAGES` and 4× that) that
//! render through one layout, twice: with a bare layout, and with a large one (200
//! root-relative links, 20 relative ones, a footer include, data written into `src`). The
//! difference is the layouts' cost. A layout parsed once and its root-relative links
//! resolved once cost the same at any size; what grows with the pages is the relative links
//! (resolved from every page that shows them) and the data values, one per page. Prints
//! medians; asserts nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "bench code, on inputs it makes itself: a panic stops the bench"
)]
#![allow(clippy::print_stdout)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{mib, peak_kib, write};

const RUNS: usize = 5;

/// A site of `pages` pages through `_includes/base.njk`, large or bare.
fn generate(root: &Path, pages: usize, large: bool) {
    write(
        &root.join("package.json"),
        r#"{ "devDependencies": { "@11ty/eleventy": "^2.0.1" } }"#,
    );
    let mut layout = String::from("<!doctype html>\n<html lang=\"fr\">\n<body>\n<nav>\n");
    if large {
        for i in 0..200 {
            layout.push_str(&format!("<a href=\"/page-{i}/\">Page {i}</a>\n"));
        }
        for i in 0..20 {
            layout.push_str(&format!("<a href=\"../page-{i}/\">Voisine {i}</a>\n"));
        }
        layout.push_str("<img src=\"{{ image }}\" alt=\"\">\n{% include \"footer.njk\" %}\n");
        let mut footer = String::from("<footer>\n");
        for i in 0..50 {
            footer.push_str(&format!("<a href=\"/page-{}/#haut\">Lien {i}</a>\n", i * 7));
        }
        footer.push_str("</footer>\n");
        write(&root.join("_includes/footer.njk"), &footer);
    }
    layout.push_str("</nav>\n<main id=\"haut\">{{ content | safe }}</main>\n</body>\n</html>\n");
    write(&root.join("_includes/base.njk"), &layout);
    write(&root.join("img/photo.png"), "png");
    write(
        &root.join(".eleventy.js"),
        "module.exports = c => { c.addPassthroughCopy('img'); };\n",
    );
    for i in 0..pages {
        let image = if i % 2 == 0 {
            "/img/photo.png"
        } else {
            "/img/absente.png"
        };
        write(
            &root.join(format!("page-{i}.md")),
            &format!(
                "---\nlayout: base.njk\ntitle: Page {i}\nimage: {image}\n---\n# Page {i}\n\nVoir [la suivante](/page-{}/).\n",
                (i + 1) % pages
            ),
        );
    }
}

/// The median time of `vigie::check` on the site at `root`, and its findings.
fn median_check(root: &Path) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let report = vigie::check(root).expect("vigie checks the generated site");
        times.push(started.elapsed());
        findings = report.diagnostics.len();
    }
    times.sort();
    (times[RUNS / 2], findings)
}

fn main() {
    let small: usize = std::env::var("VIGIE_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let mut added = Vec::new();
    for pages in [small, small * 4] {
        let mut medians = Vec::new();
        for large in [false, true] {
            let dir = tempfile::tempdir().expect("temporary directory");
            generate(dir.path(), pages, large);
            let (median, findings) = median_check(dir.path());
            println!(
                "{pages} pages, {} layout: median {:.3} s ({:.1} µs a page), {findings} findings",
                if large { "large" } else { "bare" },
                median.as_secs_f64(),
                median.as_secs_f64() * 1e6 / pages as f64,
            );
            medians.push(median);
        }
        let cost = medians[1].saturating_sub(medians[0]);
        println!(
            "  the large layout adds {:.1} ms ({:.1} µs a page)",
            cost.as_secs_f64() * 1e3,
            cost.as_secs_f64() * 1e6 / pages as f64
        );
        added.push((pages, cost));
    }
    // What parsing the large layout once costs: paid per page, it would be this a page.
    let dir = tempfile::tempdir().expect("temporary directory");
    generate(dir.path(), 1, true);
    let text = std::fs::read_to_string(dir.path().join("_includes/base.njk")).expect("layout");
    let eleventy = vigie::config::Eleventy::default();
    let started = Instant::now();
    for _ in 0..100 {
        std::hint::black_box(vigie::parse::content::extract(
            &text,
            0..text.len(),
            "njk",
            &eleventy,
            &Default::default(),
        ));
    }
    println!(
        "parsing the large layout takes {:.1} µs: vigie parses it once, not once a page",
        started.elapsed().as_secs_f64() * 1e6 / 100.0
    );
    let ((few, a), (many, b)) = (added[0], added[1]);
    println!(
        "layout cost from {few} to {many} pages: ×{:.2} for ×{:.0} pages; peak memory {}",
        b.as_secs_f64() / a.as_secs_f64().max(1e-9),
        many as f64 / few as f64,
        mib(peak_kib()),
    );
}
