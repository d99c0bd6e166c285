//! The synthetic Eleventy 2 site the benchmarks check (`compare`, `check`, `history`). A
//! site that Eleventy 2 builds as it is: `eleventy.config.js` with markdown-it (`html`,
//! `linkify`) and markdown-it-anchor (Eleventy's `slugify`, so heading ids are real),
//! eleventy-navigation, layouts base → page/post/section, assets copied through.
//!
//! Pages `sNNN/tNN/page-K.md` (50 a folder, 20 folders a section), a section index
//! `sNNN/index.md` with its directory data, a home page and a legal page. Each page has
//! front matter (title, layout alias, date, tags, description; `eleventyNavigation` with
//! parent and order on one in ten; a custom `permalink` on `page-7` of each folder), ~3 KB
//! of Markdown and about 16 internal links: root-relative pages, relative pages written
//! relative to the page's *output* URL (so a permalinked page's relative links climb from
//! `/p/…/`), fragments to real heading ids (section headings, a repeated `Exemple` whose
//! second id is `exemple-1`, headings with `’`, `&`, `œ`), an explicit `<h2 id="resume">`,
//! same-page fragments, Markdown and HTML images, PDFs; inline HTML with `<iframe title>`,
//! `<figure><img alt>` and `<a href>`; external links (Markdown, linkified `www.`, iframes)
//! and a `mailto:`. One internal link in 50 is broken on purpose (a missing page, fragment
//! or asset, each recorded in `Planted`), and one page in 100 has a defect Eleventy builds
//! anyway (a navigation parent misspelt, `tag:` for `tags:`, an image without `alt`, an
//! iframe without `title`).
//!
//! Deterministic: every run writes the same bytes, and each page's text comes from its own
//! generator (seeded by its number), so a page can link to another's headings.
//!
//! Checked once with a real build (Eleventy 2.0.1, markdown-it 13.0.2, markdown-it-anchor
//! 8.6.7, eleventy-navigation 0.3.5): see `compare.rs` for the result.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

pub(crate) const PAGES_PER_FOLDER: usize = 50;
pub(crate) const FOLDERS_PER_SECTION: usize = 20;
const PAGES_PER_SECTION: usize = PAGES_PER_FOLDER * FOLDERS_PER_SECTION;
const PHOTOS: usize = 50;
const DOCS: usize = 10;
/// One internal link in this many is broken on purpose.
const BROKEN_ONE_IN: usize = 50;

/// A small deterministic generator (xorshift64*), so that every run checks the same site.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    /// The generator of one part (`salt`) of page `n`: splitmix64, never zero.
    pub(crate) fn for_page(n: usize, salt: u64) -> Rng {
        let mut z = (n as u64)
            .wrapping_add(salt)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

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
/// Headings whose ids show what Eleventy's slugify does (`’` and `&`, `œ`, `?`, brackets).
const SPECIAL_HEADINGS: &[&str] = &[
    "Déclaration d’accessibilité",
    "Sécurité & accessibilité",
    "Le cœur du sujet",
    "Qu’est-ce qu’un commun ?",
    "Données ouvertes (open data)",
];

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

/// Eleventy 2's `slugify` filter (@sindresorhus/slugify 1.x) on the generator's own words:
/// letters transliterated, `&` read as "and", every other run of non-alphanumerics a `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut spelled = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'é' | 'è' | 'ê' | 'ë' => spelled.push('e'),
            'à' | 'â' => spelled.push('a'),
            'î' | 'ï' => spelled.push('i'),
            'ô' => spelled.push('o'),
            'ù' | 'û' | 'ü' => spelled.push('u'),
            'ç' => spelled.push('c'),
            'œ' => spelled.push_str("oe"),
            '&' => spelled.push_str(" and "),
            c => spelled.extend(c.to_lowercase()),
        }
    }
    let mut slug = String::with_capacity(spelled.len());
    for c in spelled.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Where page `n` lives: section, folder, number in the folder.
fn place(n: usize) -> (usize, usize, usize) {
    (
        n / PAGES_PER_SECTION,
        n / PAGES_PER_FOLDER % FOLDERS_PER_SECTION,
        n % PAGES_PER_FOLDER,
    )
}

/// The source file of page `n`.
pub(crate) fn page_file(n: usize) -> String {
    let (s, f, k) = place(n);
    format!("s{s:03}/t{f:02}/page-{k}.md")
}

/// Page `page-7` of each folder has a custom permalink.
fn permalinked(n: usize) -> bool {
    n % PAGES_PER_FOLDER == 7
}

/// The URL Eleventy writes page `n` at.
pub(crate) fn page_url(n: usize) -> String {
    let (s, f, k) = place(n);
    if permalinked(n) {
        format!("/p/{s}/{f}/{k}/")
    } else {
        format!("/s{s:03}/t{f:02}/page-{k}/")
    }
}

fn section_url(section: usize) -> String {
    format!("/s{section:03}/")
}

/// `to` written relative to the folder URL `from` (both root-relative): what a link in
/// the page served at `from` must say to reach `to`.
pub(crate) fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let (to_path, fragment) = match to.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (to, None),
    };
    let folder = to_path.ends_with('/');
    let to_parts: Vec<&str> = to_path.split('/').filter(|s| !s.is_empty()).collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    if folder && common < to_parts.len() {
        out.push('/');
    }
    if out.is_empty() {
        out.push_str("./");
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The headings of page `n`, as markdown-it-anchor gives them ids: the text of each
/// section heading, whether the page repeats an `Exemple` heading, its special heading.
struct Outline {
    sections: [String; 4],
    examples: bool,
    special: Option<&'static str>,
}

const HEADINGS: u64 = 0x4ead_1265_0000_0001;
const BODY: u64 = 0xb0d1_0000_0000_0002;

fn outline(n: usize) -> Outline {
    let mut rng = Rng::for_page(n, HEADINGS);
    let sections =
        std::array::from_fn(|h| format!("{} {}", capitalized(&sentence(&mut rng, 3)), h + 1));
    let examples = n.is_multiple_of(5);
    let special = (n % 7 == 3).then(|| SPECIAL_HEADINGS[n / 7 % SPECIAL_HEADINGS.len()]);
    Outline {
        sections,
        examples,
        special,
    }
}

impl Outline {
    /// The ids markdown-it-anchor gives, in the page's order (a repeated text gets `-1`).
    fn ids(&self) -> Vec<String> {
        let mut ids = vec![slugify(&self.sections[0]), slugify(&self.sections[1])];
        if self.examples {
            ids.push("exemple".into());
        }
        ids.push(slugify(&self.sections[2]));
        if self.examples {
            ids.push("exemple-1".into());
        }
        ids.push(slugify(&self.sections[3]));
        if let Some(special) = self.special {
            ids.push(slugify(special));
        }
        ids
    }
}

/// One planted broken link: where it is written and what a real build says of it.
#[derive(Debug, Clone)]
pub(crate) struct Broken {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) link: String,
    /// `page`, `fragment` or `asset`, as `scripts/links-diff` names them.
    pub(crate) kind: &'static str,
}

/// What the generator wrote: pages, internal links, the broken ones.
#[derive(Default, Debug, Clone)]
pub(crate) struct Planted {
    /// Pages Eleventy writes (the generated pages, section indexes, home, legal page).
    pub(crate) pages: usize,
    /// Internal links written in the pages' Markdown and HTML (not the layouts').
    pub(crate) internal: usize,
    pub(crate) broken: Vec<Broken>,
}

/// The kind of target a link has, which says how to break it.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Page,
    Fragment,
    Image,
    Pdf,
}

/// A page's text being written, with the links it plants.
struct PageText<'a> {
    n: usize,
    url: String,
    text: String,
    rng: Rng,
    planted: &'a mut Planted,
    /// Byte offsets of the broken links, turned into lines at the end.
    broken: Vec<(usize, String, &'static str)>,
}

impl PageText<'_> {
    /// Decides whether this link is broken, and returns the target to write. `broken` is
    /// what to write instead.
    fn target(
        &mut self,
        ok: String,
        kind: Target,
        broken: impl FnOnce(&mut Rng) -> String,
    ) -> String {
        self.planted.internal += 1;
        if self.rng.below(BROKEN_ONE_IN) != 0 {
            return ok;
        }
        let link = broken(&mut self.rng);
        let kind = match kind {
            Target::Page => "page",
            Target::Fragment => "fragment",
            Target::Image | Target::Pdf => "asset",
        };
        // Offsets are found when the link is written: the text searched from here on.
        self.broken.push((self.text.len(), link.clone(), kind));
        link
    }

    /// A link to page `m`, root-relative or relative to this page's URL.
    fn page_link(&mut self, m: usize, relative_link: bool) -> String {
        let target = page_url(m);
        let ok = if relative_link {
            relative(&self.url, &target)
        } else {
            target
        };
        let (s, f, k) = place(self.n);
        let here = self.url.clone();
        self.target(ok, Target::Page, |rng| {
            if relative_link {
                // A page past the end of its folder (a number mistyped).
                relative(
                    &here,
                    &format!("/s{s:03}/t{f:02}/page-{}/", 50 + k + rng.below(50)),
                )
            } else {
                // `/s999/…`: `history` renames pages from these paths.
                format!("/s999/t99/page-{}/", rng.below(PAGES_PER_FOLDER))
            }
        })
    }

    /// A link to a heading of page `m` (this page when `m` is `n`).
    fn fragment_link(&mut self, m: usize, relative_link: bool) -> String {
        let target_outline = outline(m);
        let ids = target_outline.ids();
        let id = ids[self.rng.below(ids.len())].clone();
        let base = if m == self.n {
            String::new()
        } else if relative_link {
            relative(&self.url, &page_url(m))
        } else {
            page_url(m)
        };
        let ok = format!("{base}#{id}");
        let sections = target_outline.sections.clone();
        self.target(ok, Target::Fragment, |rng| {
            // The id a writer guesses: the heading before it was renumbered, or as typed.
            let heading = &sections[rng.below(4)];
            let stale = match rng.below(2) {
                0 => slugify(heading.rsplit_once(' ').unwrap().0),
                _ => heading.to_lowercase().replace(' ', "-"),
            };
            let stale = if stale.is_ascii() && ids.contains(&stale) {
                "sommaire".to_owned()
            } else {
                stale
            };
            format!("{base}#{stale}")
        })
    }

    fn image(&mut self, relative_link: bool) -> String {
        let photo = self.rng.below(PHOTOS);
        let url = format!("/assets/img/photo-{photo}.png");
        let here = self.url.clone();
        let spell = move |url: &str| {
            if relative_link {
                relative(&here, url)
            } else {
                url.to_owned()
            }
        };
        let ok = spell(&url);
        // The photo under the wrong extension.
        self.target(ok, Target::Image, |_| {
            spell(&format!("/assets/img/photo-{photo}.jpg"))
        })
    }

    fn pdf(&mut self) -> String {
        let doc = self.rng.below(DOCS);
        self.target(format!("/assets/docs/doc-{doc}.pdf"), Target::Pdf, |rng| {
            format!("/assets/docs/doc-{}.pdf", DOCS + rng.below(DOCS))
        })
    }
}

/// A page of the site other than `n` (the generated pages only).
fn other(rng: &mut Rng, n: usize, pages: usize) -> usize {
    let m = rng.below(pages);
    if m == n { (m + 1) % pages } else { m }
}

/// Page `n`: front matter and body; pushes its broken links to `planted`.
fn page(n: usize, pages: usize, planted: &mut Planted) -> String {
    let (section, folder, k) = place(n);
    let mut p = PageText {
        n,
        url: page_url(n),
        text: String::with_capacity(4096),
        rng: Rng::for_page(n, BODY),
        planted,
        broken: Vec::new(),
    };
    let outline = outline(n);
    // One page in 100 has a defect that Eleventy builds anyway.
    let defect = if p.rng.below(100) == 0 {
        1 + p.rng.below(4)
    } else {
        0
    };
    let title = format!("{} {n}", capitalized(&sentence(&mut p.rng, 3)));
    let t = &mut p.text;
    t.push_str("---\n");
    writeln!(t, "title: \"{title}\"").unwrap();
    writeln!(
        t,
        "layout: {}",
        if k.is_multiple_of(3) { "post" } else { "page" }
    )
    .unwrap();
    writeln!(
        t,
        "date: 20{:02}-{:02}-{:02}",
        15 + k % 9,
        1 + k % 12,
        1 + k % 28
    )
    .unwrap();
    let (a, b) = (p.rng.pick(TAGS), p.rng.pick(TAGS));
    if defect == 2 {
        writeln!(t, "tag: {a}").unwrap();
    } else {
        writeln!(t, "tags:\n  - {a}\n  - {b}").unwrap();
    }
    writeln!(t, "description: {}", sentence(&mut p.rng, 12)).unwrap();
    if k.is_multiple_of(10) {
        let parent = if defect == 1 { "Sction" } else { "Section" };
        writeln!(
            t,
            "eleventyNavigation:\n  key: Page {section}-{folder}-{k}\n  parent: {parent} {section}\n  order: {}",
            folder * 100 + k
        )
        .unwrap();
    }
    if permalinked(n) {
        writeln!(t, "permalink: {}", p.url).unwrap();
    }
    t.push_str("---\n\n");

    let intro = sentence(&mut p.rng, 30);
    let up = p.target(
        relative(&p.url, &section_url(section)),
        Target::Page,
        |_| "/s999/".to_owned(),
    );
    writeln!(p.text, "{intro} [la section]({up}).\n").unwrap();

    for h in 0..4 {
        writeln!(p.text, "## {}\n", outline.sections[h]).unwrap();
        let m = other(&mut p.rng, n, pages);
        let link = match h {
            // Root-relative, then relative to the page's URL (a sibling), and so on.
            0 | 2 => p.page_link(m, false),
            1 => {
                let sibling = (n - k + p.rng.below(PAGES_PER_FOLDER)).min(pages - 1);
                p.page_link(sibling, true)
            }
            _ => p.page_link(m, true),
        };
        let (before, label, after) = (
            sentence(&mut p.rng, 25),
            sentence(&mut p.rng, 3),
            sentence(&mut p.rng, 20),
        );
        let site = p.rng.pick(WORDS);
        let end = sentence(&mut p.rng, 12);
        writeln!(
            p.text,
            "{before} [{label}]({link}) {after} [la source](https://code.gouv.fr/{site}) {end}.\n"
        )
        .unwrap();
        let items = (sentence(&mut p.rng, 8), sentence(&mut p.rng, 8));
        let host = p.rng.pick(WORDS);
        writeln!(
            p.text,
            "- {}\n- {}\n- voir www.{host}.gouv.fr\n",
            items.0, items.1
        )
        .unwrap();
        match h {
            1 => {
                let image = p.image(false);
                let alt = sentence(&mut p.rng, 3);
                writeln!(p.text, "![{alt}]({image})\n").unwrap();
                if outline.examples {
                    writeln!(p.text, "### Exemple\n\n{}.\n", sentence(&mut p.rng, 15)).unwrap();
                }
            }
            2 => {
                let m = other(&mut p.rng, n, pages);
                let root = p.fragment_link(m, false);
                let m = other(&mut p.rng, n, pages);
                let rel = p.fragment_link(m, true);
                writeln!(
                    p.text,
                    "Voir [{}]({root}) et [{}]({rel}).\n",
                    sentence(&mut p.rng, 2),
                    sentence(&mut p.rng, 2)
                )
                .unwrap();
                if outline.examples {
                    writeln!(p.text, "### Exemple\n\n{}.\n", sentence(&mut p.rng, 15)).unwrap();
                }
            }
            3 => {
                let own = p.fragment_link(n, false);
                let pdf = p.pdf();
                writeln!(p.text, "[Plus haut]({own}), [la fiche (PDF)]({pdf}).\n").unwrap();
                if n.is_multiple_of(2) {
                    let image = p.image(true);
                    writeln!(p.text, "![schéma {n}]({image})\n").unwrap();
                }
            }
            _ => {}
        }
    }

    // Inline HTML: a figure, a video, a link to another page's summary.
    if n.is_multiple_of(3) || defect == 3 {
        let src = p.image(false);
        let alt = if defect == 3 {
            String::new()
        } else {
            format!(" alt=\"{}\"", sentence(&mut p.rng, 4))
        };
        writeln!(
            p.text,
            "<figure>\n<img src=\"{src}\"{alt} width=\"640\" height=\"480\">\n<figcaption>{}</figcaption>\n</figure>\n",
            sentence(&mut p.rng, 6)
        )
        .unwrap();
    }
    if n.is_multiple_of(4) || defect == 4 {
        let title = if defect == 4 {
            String::new()
        } else {
            format!(" title=\"Vidéo : {}\"", sentence(&mut p.rng, 3))
        };
        writeln!(
            p.text,
            "<iframe src=\"https://video.example.fr/embed/{n}\"{title} width=\"560\" height=\"315\" allowfullscreen></iframe>\n"
        )
        .unwrap();
    }
    if n % 3 == 1 {
        let m = other(&mut p.rng, n, pages);
        let base = page_url(m);
        let href = p.target(format!("{base}#resume"), Target::Fragment, |_| {
            format!("{base}#sommaire")
        });
        writeln!(
            p.text,
            "<p>Lire <a href=\"{href}\">le résumé de la page {m}</a>.</p>\n"
        )
        .unwrap();
    }
    if let Some(special) = outline.special {
        writeln!(p.text, "## {special}\n\n{}.\n", sentence(&mut p.rng, 20)).unwrap();
    }

    p.text.push_str("<h2 id=\"resume\">Résumé</h2>\n\n");
    let m = other(&mut p.rng, n, pages);
    let also = p.page_link(m, false);
    let m = other(&mut p.rng, n, pages);
    let base = page_url(m);
    let summary = p.target(format!("{base}#resume"), Target::Fragment, |_| {
        format!("{base}#sommaire")
    });
    let folder_page = section * PAGES_PER_SECTION
        + p.rng.below(FOLDERS_PER_SECTION) * PAGES_PER_FOLDER
        + p.rng.below(PAGES_PER_FOLDER);
    let folder_page = if folder_page < pages && folder_page != n {
        folder_page
    } else {
        m
    };
    let nearby = p.page_link(folder_page, true);
    let end = sentence(&mut p.rng, 10);
    writeln!(
        p.text,
        "{end} : [voir aussi]({also}), [le résumé de la page {m}]({summary}), [dans la section]({nearby}), [l’accueil](/).\n\nContact : [écrire](mailto:contact@example.fr).",
    )
    .unwrap();
    p.planted.internal += 1; // the home page

    // Lines of the broken links: each searched from where it was decided.
    let file = page_file(n);
    for (from, link, kind) in std::mem::take(&mut p.broken) {
        let at = from + p.text[from..].find(&link).expect("the link is written");
        let line = 1 + p.text.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        p.planted.broken.push(Broken {
            file: file.clone(),
            line,
            link,
            kind,
        });
    }
    p.text
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A 1×1 PNG, so that images are images.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

const CONFIG: &str = r#"const markdownIt = require("markdown-it");
const markdownItAnchor = require("markdown-it-anchor");
const eleventyNavigation = require("@11ty/eleventy-navigation");

module.exports = function (eleventyConfig) {
  eleventyConfig.addPlugin(eleventyNavigation);
  eleventyConfig.addLayoutAlias("page", "layouts/page.njk");
  eleventyConfig.addLayoutAlias("post", "layouts/post.njk");
  eleventyConfig.addLayoutAlias("section", "layouts/section.njk");
  eleventyConfig.addPassthroughCopy("assets");
  const markdownLibrary = markdownIt({ html: true, linkify: true }).use(markdownItAnchor, {
    level: [2, 3],
    slugify: eleventyConfig.getFilter("slugify"),
  });
  eleventyConfig.setLibrary("md", markdownLibrary);
  return {
    templateFormats: ["md", "njk"],
    dir: { input: ".", includes: "_includes", data: "_data", output: "_site" },
  };
};
"#;

/// The menu: the sections, from their own small collection (a menu over `collections.all`
/// would cost Eleventy the whole site on every page).
const BASE: &str = r##"<!doctype html>
<html lang="{{ metadata.language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ metadata.title }}</title>
<meta name="description" content="{{ description }}">
<link rel="stylesheet" href="/assets/css/site.css">
<link rel="canonical" href="{{ metadata.url }}{{ page.url }}">
</head>
<body>
<a href="#contenu">Aller au contenu</a>
<header>
<a href="/"><img src="/assets/img/logo.png" alt="{{ metadata.title }} : accueil"></a>
<nav aria-label="Rubriques">
<ul>
{%- for entry in collections.rubrique | eleventyNavigation("Accueil") %}
<li><a href="{{ entry.url }}"{% if entry.url == page.url %} aria-current="page"{% endif %}>{{ entry.title }}</a></li>
{%- endfor %}
</ul>
</nav>
</header>
{{ content | safe }}
<footer><a href="/mentions-legales/">Mentions légales</a></footer>
</body>
</html>
"##;

const PAGE: &str = r#"---
layout: layouts/base.njk
---
<main id="contenu">
{%- if sectionUrl %}
<nav aria-label="Fil d’Ariane"><a href="/">Accueil</a> › <a href="{{ sectionUrl }}">Section {{ section }}</a></nav>
{%- endif %}
<h1>{{ title }}</h1>
{{ content | safe }}
</main>
"#;

const POST: &str = r#"---
layout: layouts/page.njk
---
<p>Publié le <time datetime="{{ page.date.toISOString() }}">{{ page.date.toLocaleDateString("fr-FR") }}</time></p>
{{ content | safe }}
"#;

/// A section's index lists the pages whose navigation parent it is.
const SECTION: &str = r#"---
layout: layouts/page.njk
---
{{ content | safe }}
<ul>
{%- for entry in collections.all | eleventyNavigation(eleventyNavigation.key) %}
<li><a href="{{ entry.url }}">{{ entry.title }}</a></li>
{%- endfor %}
</ul>
"#;

/// Writes the site's configuration, layouts, data and assets.
fn write_skeleton(root: &Path, sections: usize) {
    write(&root.join("eleventy.config.js"), CONFIG);
    write(
        &root.join("package.json"),
        r#"{
  "private": true,
  "scripts": { "build": "eleventy" },
  "devDependencies": {
    "@11ty/eleventy": "^2.0.1",
    "@11ty/eleventy-navigation": "^0.3.5",
    "markdown-it": "^13.0.2",
    "markdown-it-anchor": "^8.6.7"
  }
}
"#,
    );
    write(
        &root.join("_data/metadata.json"),
        r#"{ "title": "Synthétique", "url": "https://synth.example.fr", "language": "fr" }"#,
    );
    write(&root.join("_includes/layouts/base.njk"), BASE);
    write(&root.join("_includes/layouts/page.njk"), PAGE);
    write(&root.join("_includes/layouts/post.njk"), POST);
    write(&root.join("_includes/layouts/section.njk"), SECTION);
    write(&root.join(".eleventyignore"), "README.md\n");
    write(
        &root.join("README.md"),
        "# Synthétique\n\nA generated site: `npx @11ty/eleventy` builds it.\n",
    );
    write(
        &root.join("assets/css/site.css"),
        "body { font-family: sans-serif; max-width: 48rem; margin: auto; }\n",
    );
    let png = |path: &Path| {
        std::fs::create_dir_all(path.parent().unwrap()).expect("create folder");
        std::fs::write(path, PNG).expect("write file");
    };
    png(&root.join("assets/img/logo.png"));
    for i in 0..PHOTOS {
        png(&root.join(format!("assets/img/photo-{i}.png")));
    }
    for i in 0..DOCS {
        write(
            &root.join(format!("assets/docs/doc-{i}.pdf")),
            "%PDF-1.4\n%%EOF\n",
        );
    }
    let mut home = String::from(
        "---\ntitle: Accueil\nlayout: page\ndescription: Le site synthétique.\neleventyNavigation:\n  key: Accueil\n---\n\nLes rubriques du site :\n\n",
    );
    for s in 0..sections {
        writeln!(home, "- [Section {s}](s{s:03}/)").unwrap();
    }
    home.push_str("\nVoir aussi les [mentions légales](/mentions-legales/).\n");
    write(&root.join("index.md"), &home);
    write(
        &root.join("mentions-legales.md"),
        "---\ntitle: Mentions légales\nlayout: page\ndescription: Qui publie ce site.\n---\n\nCe site est généré pour mesurer [vigie](https://www.11ty.dev/).\n",
    );
}

/// Writes a site of `pages` generated pages (plus section indexes, home and legal page) in
/// `root`, and tells what it planted.
pub(crate) fn generate(root: &Path, pages: usize) -> Planted {
    assert!(pages > 0, "at least one page");
    let sections = pages.div_ceil(PAGES_PER_SECTION);
    write_skeleton(root, sections);
    let mut planted = Planted {
        pages: pages + sections + 2,
        internal: sections + 1, // the home page's
        broken: Vec::new(),
    };
    for n in 0..pages {
        let (section, folder, k) = place(n);
        let section_dir = root.join(format!("s{section:03}"));
        if folder == 0 && k == 0 {
            // The section's index page (the navigation parent) and directory data.
            write(
                &section_dir.join(format!("s{section:03}.json")),
                &format!(
                    "{{ \"tags\": [\"section-{section}\"], \"section\": {section}, \"sectionUrl\": \"/s{section:03}/\" }}"
                ),
            );
            let mut index = format!(
                "---\ntitle: Section {section}\nlayout: section\ntags: rubrique\ndescription: Les pages de la section {section}.\neleventyNavigation:\n  key: Section {section}\n  parent: Accueil\n  order: {section}\n---\n\nLes dossiers de la section :\n\n"
            );
            for f in 0..FOLDERS_PER_SECTION {
                if section * PAGES_PER_SECTION + f * PAGES_PER_FOLDER < pages {
                    writeln!(index, "- [Dossier {f}](t{f:02}/page-0/)").unwrap();
                    planted.internal += 1;
                }
            }
            write(&section_dir.join("index.md"), &index);
        }
        let folder_dir = section_dir.join(format!("t{folder:02}"));
        if k == 0 {
            write(
                &folder_dir.join(format!("t{folder:02}.json")),
                &format!("{{ \"folder\": {folder} }}"),
            );
        }
        let text = page(n, pages, &mut planted);
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
