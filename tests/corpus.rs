//! vigie on its first real user, communs.numerique.gouv.fr (Eleventy 1 + DSFR), expected at
//! `../shared/corpora/communs` beside the crate. What its maintainer knows of the site:
//! which pages exist and at which URL, how Eleventy is configured, and that the site builds
//! (so vigie must report no front matter, layout or output error). When the corpus is
//! absent, the tests say so and pass.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use vigie::Severity;
use vigie::config::AnchorProfile;
use vigie::site::Output;

fn corpus() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/communs");
    if root.join(".eleventy.js").is_file() {
        Some(root)
    } else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "note: {} is absent: the communs corpus tests are skipped",
                root.display()
            );
        }
        None
    }
}

/// Page file (relative to the root) → URL, or a description of why it has none.
fn urls(report: &vigie::Report) -> BTreeMap<String, String> {
    report
        .site
        .pages
        .iter()
        .map(|page| {
            let url = match &page.output {
                Output::Url { url, .. } => url.clone(),
                other => format!("{other:?}"),
            };
            (page.file.rel.clone(), url)
        })
        .collect()
}

#[test]
fn every_page_is_found_at_its_eleventy_url() {
    let Some(root) = corpus() else { return };
    let report = vigie::check(&root).expect("vigie runs on communs");
    let urls = urls(&report);
    assert!(urls.len() >= 81, "{} pages: {urls:#?}", urls.len());
    assert_eq!(report.summary.pages, urls.len());

    // .eleventyignore lists README.md: it is not a page.
    assert!(!urls.contains_key("README.md"), "{urls:#?}");
    // Layouts, includes and global data are not pages either.
    assert!(
        urls.keys()
            .all(|f| !f.starts_with("_includes/") && !f.starts_with("_data/")),
        "{urls:#?}"
    );

    for (file, url) in [
        ("index.njk", "/"),
        // Non-ASCII folder names stay as written in the URL (Eleventy does not slugify them).
        ("accessibilité/index.md", "/accessibilité/"),
        ("données-personnelles/index.md", "/données-personnelles/"),
        ("404.md", "/404.html"),
        ("sitemap.xml.njk", "/sitemap.xml"),
        // A permalink without a leading slash, to a dot file.
        ("feed/htaccess.njk", "/feed/.htaccess"),
        // `permalink: "{{ metadata.feed.path }}"`, from _data/metadata.json.
        ("feed/feed.njk", "/feed/feed.xml"),
        ("blog.njk", "/blog/"),
        ("plan-du-site.njk", "/plan-du-site/"),
        ("ateliers/index.md", "/ateliers/"),
        ("ateliers/catala.md", "/ateliers/catala/"),
        ("gazette/bluehats_17.md", "/gazette/bluehats_17/"),
        (
            "posts/le-sill-et-codegouvfr-font-peau-neuve.md",
            "/posts/le-sill-et-codegouvfr-font-peau-neuve/",
        ),
    ] {
        assert_eq!(urls.get(file).map(String::as_str), Some(url), "{file}");
    }

    // Every page has a URL, and no two pages share one: the site builds.
    assert!(
        urls.values().all(|u| u.starts_with('/')),
        "pages without a known URL: {:#?}",
        urls.iter()
            .filter(|(_, u)| !u.starts_with('/'))
            .collect::<Vec<_>>()
    );
    let mut seen = BTreeMap::new();
    for (file, url) in &urls {
        if let Some(other) = seen.insert(url, file) {
            panic!("{other} and {file} both write {url}");
        }
    }
}

#[test]
fn the_eleventy_configuration_is_detected() {
    let Some(root) = corpus() else { return };
    let (site, _) = vigie::load(&root, None).expect("vigie loads communs");
    let eleventy = &site.settings.eleventy;
    assert_eq!(eleventy.version, 1);
    assert_eq!(eleventy.navigation_version, 0);
    assert_eq!(
        eleventy.site_url.as_deref(),
        Some("https://communs.numerique.gouv.fr")
    );
    // `markdownIt({ html: true, breaks: true, linkify: true })` set with setLibrary.
    assert!(eleventy.markdown.html);
    assert!(eleventy.markdown.breaks);
    assert!(eleventy.markdown.linkify);
    // markdown-it-anchor is required but never `.use()`d: headings have no ids.
    assert_eq!(eleventy.anchors, AnchorProfile::None);
    for (alias, target) in [
        ("post", "layouts/post.njk"),
        ("gazette", "layouts/gazette.njk"),
        ("page", "layouts/page.njk"),
    ] {
        assert_eq!(
            eleventy.layout_aliases.get(alias).map(String::as_str),
            Some(target)
        );
    }
    let passthrough: Vec<&str> = eleventy
        .passthrough
        .iter()
        .map(|p| p.source.as_str())
        .collect();
    assert_eq!(passthrough, ["img", "css", "js", "fonts", "favicon"]);
}

#[test]
fn layouts_resolve_through_their_aliases() {
    let Some(root) = corpus() else { return };
    let (site, _) = vigie::load(&root, None).expect("vigie loads communs");
    let mut through_alias = 0;
    for page in &site.pages {
        let Some((layout, _)) = page.data.get("layout") else {
            continue;
        };
        let Some(key) = layout.as_str() else { continue };
        let resolution = site.resolve_layout(key);
        assert!(
            resolution.found.is_some(),
            "{}: layout `{key}` not found (tried {})",
            page.file.rel,
            resolution.path
        );
        through_alias += usize::from(resolution.alias.is_some());
    }
    // 42 `layout: page`, 17 `layout: gazette`, 5 `layout: post`.
    assert!(through_alias >= 64, "{through_alias} pages use an alias");
}

#[test]
fn a_site_that_builds_has_no_front_matter_or_output_error() {
    let Some(root) = corpus() else { return };
    let report = vigie::check(&root).expect("vigie runs on communs");
    let build_breaking: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Error
                && (d.code.starts_with("front-matter/") || d.code.starts_with("site/"))
        })
        .map(|d| format!("{} {}: {}", d.code, d.file, d.message))
        .collect();
    assert!(build_breaking.is_empty(), "{build_breaking:#?}");
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == "front-matter/missing-layout"),
        "layout aliases must resolve"
    );
    // The one link written without a scheme (`](opendata.ricou.eu.org)`), a real defect.
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.file == "gazette/bluehats_17.md"
                && d.message.contains("opendata.ricou.eu.org")),
        "{:#?}",
        report
            .diagnostics
            .iter()
            .map(|d| (&d.code, &d.file))
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_menu_is_the_one_the_site_shows() {
    let Some(root) = corpus() else { return };
    let output = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("nav")
        .arg(&root)
        .output()
        .expect("vigie nav runs");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let top: Vec<&str> = text
        .lines()
        .take_while(|line| !line.is_empty())
        .filter(|line| !line.starts_with(' ') && !line.starts_with("Menu at "))
        .map(|line| line.split("  ").next().unwrap_or(line))
        .collect();
    assert_eq!(
        top,
        [
            "Accueil",
            "Blog",
            "Utiliser",
            "Publier",
            "BlueHats",
            "Communs",
            "Guides",
            "À propos"
        ],
        "{text}"
    );
    assert!(text.contains("À propos  (order 100)  /a-propos/"), "{text}");
}

/// The links that Eleventy 1 builds broken on the real site, found by
/// `scripts/links-diff ../shared/corpora/communs` (78 HTML files, 4856 URLs): vigie's link
/// errors must be exactly these, nothing missed, nothing invented. A layout's broken link
/// is reported once, in the layout (the build shows `/contact/` broken on the 75 pages
/// whose content does not link there too, the favicons on all 76).
const COMMUNS_BROKEN: [(&str, &str); 8] = [
    ("_includes/layouts/base.njk", "/contact/"),
    (
        "_includes/layouts/base.njk",
        "/favicons/apple-touch-icon.png",
    ),
    ("_includes/layouts/base.njk", "/favicons/favicon.ico"),
    ("_includes/layouts/base.njk", "/favicons/favicon.svg"),
    (
        "_includes/layouts/base.njk",
        "/favicons/manifest.webmanifest",
    ),
    ("gazette/bluehats_17.md", "opendata.ricou.eu.org"),
    (
        "plan-action-logiciels-libres-et-communs-numeriques/index.md",
        "/publications/tech-gouv-strategie-et-feuille-de-route-2019-2021/",
    ),
    ("plan-du-site.njk", "/contact/"),
];

#[test]
fn link_errors_are_exactly_the_links_the_build_breaks() {
    let Some(root) = corpus() else {
        return;
    };
    let report = vigie::check(&root).expect("check");
    let found: std::collections::BTreeSet<(&str, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("links/") && d.severity == vigie::Severity::Error)
        .map(|d| (d.file.as_str(), d.link.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(found, COMMUNS_BROKEN.into_iter().collect());
}

/// `(file, line)` of every diagnostic of `code`.
fn places(report: &vigie::Report, code: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let text = &report.sources[&d.file];
            (
                d.file.clone(),
                1 + text[..d.span.start].matches('\n').count(),
            )
        })
        .collect();
    found.sort();
    found
}

/// `(file, line)` of every tag `<name …>` of the Markdown pages that lacks `attribute`,
/// found by a plain scan of the files: an oracle independent of vigie's parsers.
fn tags_without(root: &std::path::Path, name: &str, attribute: &str) -> Vec<(String, usize)> {
    let tag = regex::Regex::new(&format!(r"(?s)<{name}\b[^>]*>")).unwrap();
    let has = regex::Regex::new(&format!(r"\s{attribute}\s*=")).unwrap();
    let mut found = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") || path.ends_with("README.md") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for m in tag.find_iter(&text) {
            if !has.is_match(m.as_str()) {
                found.push((rel.clone(), 1 + text[..m.start()].matches('\n').count()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn frames_and_images_without_alternatives_are_reported_at_their_lines() {
    let Some(root) = corpus() else { return };
    let report = vigie::check(&root).expect("vigie runs on communs");
    let frames = tags_without(&root, "iframe", "title");
    assert_eq!(frames.len(), 30, "the Dailymotion embeds: {frames:#?}");
    assert_eq!(places(&report, "a11y/frame-title-missing"), frames);
    // Iframes with a title (the Speaker Deck ones) are not reported.
    let titled = regex::Regex::new(r"<iframe\b[^>]*\stitle=").unwrap();
    let with_title: usize = report
        .site
        .pages
        .iter()
        .map(|p| titled.find_iter(&p.file.text).count())
        .sum();
    assert!(with_title >= 10, "{with_title}");
    let images = tags_without(&root, "img", "alt");
    assert_eq!(images.len(), 2, "{images:#?}");
    assert_eq!(places(&report, "a11y/img-alt-missing"), images);
}

#[test]
fn the_unclosed_link_of_the_about_page_is_reported_at_its_start_tag() {
    let Some(root) = corpus() else { return };
    let report = vigie::check(&root).expect("vigie runs on communs");
    let unclosed: Vec<&vigie::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "html/unclosed-element")
        .collect();
    assert_eq!(unclosed.len(), 1, "{unclosed:#?}");
    let text = &report.sources["a-propos/index.md"];
    let start = text
        .find("<a href=\"https://man.sr.ht/~etalab/logiciels-libres/veille.md\"")
        .unwrap();
    assert_eq!(unclosed[0].file, "a-propos/index.md");
    assert_eq!(unclosed[0].span.start, start);
    assert!(text[unclosed[0].span.clone()].ends_with("Lien externe\">"));
    // Nothing else in the site's markup is malformed.
    for code in [
        "html/stray-end-tag",
        "html/duplicate-attribute",
        "html/attribute-syntax",
        "html/duplicate-id",
    ] {
        assert_eq!(places(&report, code), vec![], "{code}");
    }
}
