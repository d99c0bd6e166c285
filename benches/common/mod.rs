//! The synthetic Eleventy site the benchmarks check (shared by `check` and `links`): it
//! looks like communs grown large: sections `sNNN/tNN/page-K.md` (50 pages a folder),
//! directory data files, layout aliases, dates, tags, `eleventyNavigation` on one page in
//! ten, a custom permalink on one in a hundred, ~2.5 KB of Markdown with links, lists and
//! inline HTML, and about 1 % of pages with a defect. Deterministic: every run writes the
//! same bytes.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

pub(crate) const PAGES_PER_FOLDER: usize = 50;
pub(crate) const FOLDERS_PER_SECTION: usize = 20;

/// A small deterministic generator (xorshift64*), so that every run checks the same site.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
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

pub(crate) fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(rng.pick(WORDS));
    }
    text
}

pub(crate) fn write(path: &Path, text: &str) {
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

/// The URL path of page `n` as Eleventy writes it, and whether that URL exists (pages
/// `page-7` have a custom permalink, so their default URL is a broken link).
fn page_path(n: usize) -> (String, bool) {
    let (s, t, p) = (
        n / (PAGES_PER_FOLDER * FOLDERS_PER_SECTION),
        n / PAGES_PER_FOLDER % FOLDERS_PER_SECTION,
        n % PAGES_PER_FOLDER,
    );
    (format!("/s{s:03}/t{t:02}/page-{p}/"), p % 100 != 7)
}

/// Counts of the links a link section planted: all internal ones, and those broken.
#[derive(Default, Debug, Clone, Copy)]
pub(crate) struct Planted {
    pub(crate) internal: usize,
    pub(crate) broken: usize,
}

/// A section of internal links for page `n` (drawn from its own generator, so that the
/// rest of the page is the same with or without it): an explicit `<h2 id="resume">` that
/// fragments aim at, root-relative and relative page links, fragments, images and PDFs;
/// about one link in fifty is broken on purpose (missing page, fragment or file).
fn link_section(rng: &mut Rng, n: usize, pages: usize, planted: &mut Planted) -> String {
    let mut text = String::with_capacity(1200);
    // `label` is the link text; a label starting with `!` makes an image.
    let mut link = |rng: &mut Rng, text: &mut String, label: &str, target: String, ok: bool| {
        let broken = rng.below(50) == 0;
        let target = if broken {
            // The same kind of target, missing: a page, a fragment, a file.
            match target.rsplit_once('#') {
                Some((page, _)) => format!("{page}#absent"),
                None if target.ends_with(".png") => "/assets/img/photo-999.png".into(),
                None if target.ends_with(".pdf") => "/assets/doc-99.pdf".into(),
                None => format!("/s999/t99/page-{}/", rng.below(50)),
            }
        } else {
            target
        };
        planted.internal += 1;
        planted.broken += usize::from(broken || !ok);
        let (bang, label) = match label.strip_prefix('!') {
            Some(alt) => ("!", alt),
            None => ("", label),
        };
        write!(text, "{bang}[{label}]({target}) ").unwrap();
    };
    text.push_str("\n<h2 id=\"resume\">Résumé</h2>\n\n");
    let here = page_path(n).0;
    let (folder_url, _) = here.rsplit_once("/page-").unwrap();
    let (section_url, _) = folder_url.rsplit_once('/').unwrap();
    for _ in 0..2 {
        let (url, ok) = page_path(rng.below(pages));
        link(rng, &mut text, "voir aussi", url, ok);
    }
    // Relative to the page's URL: a sibling, then a page of another folder of the section.
    let sibling = n - n % PAGES_PER_FOLDER + rng.below(PAGES_PER_FOLDER);
    let (url, ok) = page_path(sibling.min(pages - 1));
    link(
        rng,
        &mut text,
        "à côté",
        format!("../{}", url.rsplit('/').nth(1).unwrap()) + "/",
        ok,
    );
    let folder = rng.below(FOLDERS_PER_SECTION);
    let other = (n / (PAGES_PER_FOLDER * FOLDERS_PER_SECTION) * FOLDERS_PER_SECTION + folder)
        * PAGES_PER_FOLDER
        + rng.below(PAGES_PER_FOLDER);
    if other < pages {
        let (url, ok) = page_path(other);
        let rel = url.strip_prefix(section_url).unwrap();
        link(
            rng,
            &mut text,
            "dans la section",
            format!("../..{rel}#resume"),
            ok,
        );
    }
    let (url, ok) = page_path(rng.below(pages));
    link(rng, &mut text, "le résumé", format!("{url}#resume"), ok);
    link(rng, &mut text, "plus haut", "#resume".into(), true);
    text.push_str("\n\n");
    let photo = rng.below(50);
    link(
        rng,
        &mut text,
        "!photo",
        format!("/assets/img/photo-{photo}.png"),
        true,
    );
    let doc = rng.below(10);
    link(
        rng,
        &mut text,
        "la fiche (PDF)",
        format!("/assets/doc-{doc}.pdf"),
        true,
    );
    link(
        rng,
        &mut text,
        "la section",
        format!("{section_url}/"),
        true,
    );
    text.push_str("\n\nContact : [écrire](mailto:contact@example.fr).\n");
    text
}

/// Writes a site of `pages` pages in `root`. With `links`, each page also gets a section of
/// internal links (and the site the images and PDFs they name); the rest is the same.
pub(crate) fn generate(root: &Path, pages: usize, links: bool) -> Planted {
    write_skeleton(root);
    let mut planted = Planted::default();
    let mut link_rng = Rng(0x11ee_5eed_0000_0002);
    if links {
        for i in 0..50 {
            write(&root.join(format!("assets/img/photo-{i}.png")), "PNG");
        }
        for i in 0..10 {
            write(&root.join(format!("assets/doc-{i}.pdf")), "%PDF-1.4");
        }
    }
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
        let mut text = page(&mut rng, section, folder, k, pages);
        if links {
            text.push_str(&link_section(&mut link_rng, n, pages, &mut planted));
        }
        write(&folder_dir.join(format!("page-{k}.md")), &text);
    }
    planted
}

/// Peak resident memory of this process so far, in KiB (Linux only).
pub(crate) fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub(crate) fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// Total size of the files under `dir`, in bytes.
pub(crate) fn walk_bytes(dir: &Path) -> u64 {
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

/// How many pages to generate: `VIGIE_BENCH_PAGES` (underscores allowed), else 10 000.
pub(crate) fn pages_from_env() -> usize {
    std::env::var("VIGIE_BENCH_PAGES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(10_000)
}

/// Where to generate the site: `VIGIE_BENCH_DIR` to keep it (to look at it or run vigie on
/// it), else the given temporary directory.
pub(crate) fn site_dir(temporary: &Path) -> std::path::PathBuf {
    std::env::var_os("VIGIE_BENCH_DIR")
        .map_or_else(|| temporary.to_path_buf(), std::path::PathBuf::from)
}
