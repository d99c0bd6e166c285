//! `vigie nav` on the `nav-*` fixture sites: the menu tree eleventy-navigation renders
//! (levels, order, ties, URLs), what vanishes from it, cycles, and the 0.3 / 1.x ordering
//! differences; then the real communs site when it is present.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use vigie::cli::nav::{run, to_json};
use vigie::cli::{NavArgs, NavFormat};
use vigie::site::nav::{Navigation, Stop};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

/// The one menu `vigie nav --format json` prints for a site without template calls (the
/// tree of `collections.all`), parsed.
fn nav_json(root: &Path) -> Value {
    let all = menus_json(root);
    let menus = all["menus"].as_array().expect("a list of menus");
    assert_eq!(menus.len(), 1, "{all}");
    assert_eq!(menus[0]["template"], Value::Null);
    menus[0]["entries"].clone()
}

/// What `vigie nav --format json` prints, parsed.
fn menus_json(root: &Path) -> Value {
    let args = NavArgs {
        root: root.to_path_buf(),
        format: NavFormat::Json,
        source: Default::default(),
    };
    let mut out = Vec::new();
    run(&args, &mut out).expect("vigie nav runs");
    serde_json::from_slice(&out).expect("vigie nav prints JSON")
}

/// The keys of a JSON menu level, in rendered order.
fn keys(level: &Value) -> Vec<String> {
    level
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item["key"].as_str().unwrap_or("?").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn child<'a>(level: &'a Value, key: &str) -> &'a Value {
    level
        .as_array()
        .and_then(|items| items.iter().find(|item| item["key"] == key))
        .unwrap_or_else(|| panic!("no `{key}` in {level}"))
}

fn navigation(name: &str) -> (vigie::site::Site, Navigation) {
    let (site, _) = vigie::load(&fixture(name), None).expect("fixture loads");
    let nav = Navigation::build(&site);
    (site, nav)
}

#[test]
fn tree_levels_order_and_urls() {
    let menu = nav_json(&fixture("nav-tree"));
    assert_eq!(
        keys(&menu),
        ["Accueil", "Blog", "Guides", "À propos", "Forge"]
    );
    assert_eq!(
        menu[0],
        json!({ "key": "Accueil", "title": "Accueil", "url": "/", "order": 1, "children": [] })
    );
    // Children sorted by `order`, not by file name.
    assert_eq!(
        keys(&child(&menu, "Guides")["children"]),
        ["Utiliser", "Publier"]
    );
    // A title of its own, else the key.
    let about = child(&menu, "À propos");
    assert_eq!(about["title"], "Qui sommes-nous ?");
    assert_eq!(about["url"], "/a-propos/");
    // `permalink: false`, with a `url` of its own.
    assert_eq!(child(&menu, "Forge")["url"], "https://git.sr.ht/~etalab/");
}

#[test]
fn ties_keep_collection_order_by_date_then_path() {
    let menu = nav_json(&fixture("nav-tree"));
    // Same (absent) order: dates decide (front matter `date`, else the one in the file
    // name), against the file names' own order (2023-01-01-dernier, a-recent, b-ancien).
    let blog = &child(&menu, "Blog")["children"];
    assert_eq!(keys(blog), ["Ancien", "Récent", "Dernier"]);
    assert_eq!(blog[0]["order"], Value::Null);
    // No date at all: file creation time; vigie models a fresh clone (then the path).
    assert_eq!(
        keys(&child(&menu, "À propos")["children"]),
        ["Contact", "Équipe"]
    );

    let (_, nav) = navigation("nav-tree");
    let ties = nav.ties();
    let tie_keys: Vec<Vec<String>> = ties
        .iter()
        .map(|t| {
            t.entries
                .iter()
                .map(|&i| nav.entries[i].name().unwrap_or_default())
                .collect()
        })
        .collect();
    assert!(
        tie_keys.contains(&vec!["Contact".into(), "Équipe".into()]),
        "{tie_keys:?}"
    );
    let by_creation = ties
        .iter()
        .find(|t| nav.entries[t.entries[0]].name().as_deref() == Some("Contact"))
        .map(|t| t.decided_by);
    assert_eq!(by_creation, Some(vigie::site::nav::TieBreak::FileCreation));
}

#[test]
fn missing_parents_and_unreachable_cycles_vanish() {
    let (_, nav) = navigation("nav-tree");
    let absent: Vec<String> = (0..nav.entries.len())
        .filter(|&i| !nav.is_rendered(i))
        .filter_map(|i| nav.entries[i].name())
        .collect();
    assert_eq!(absent.len(), 3, "{absent:?}");
    for key in ["Orphelin", "Boucle A", "Boucle B"] {
        assert!(
            absent.iter().any(|a| a == key),
            "{key} should be absent: {absent:?}"
        );
    }
    let cycles = nav.cycles();
    assert_eq!(cycles.len(), 1);
    assert!(cycles[0].iter().all(|&i| !nav.is_rendered(i)));
}

#[test]
fn reachable_cycle_is_cut_where_eleventy_would_recurse_forever() {
    let menu = nav_json(&fixture("nav-cycle"));
    let docs = child(&menu, "Docs");
    let api = child(&docs["children"], "API");
    let again = child(&api["children"], "Docs");
    assert_eq!(again["url"], "/docs-again/");
    assert_eq!(again["children"], json!([]));

    let (_, nav) = navigation("nav-cycle");
    let cut = &nav.roots[0].children[0].children[0];
    assert_eq!(cut.stop, Some(Stop::Cycle));
    assert_eq!(nav.cycles().len(), 1);
}

#[test]
fn version_0_and_1_order_differently() {
    let v0 = nav_json(&fixture("nav-order-v0"));
    let v1 = nav_json(&fixture("nav-order-v1"));
    // 0.3: no order counts as 0, `pinned` means nothing.
    assert_eq!(keys(&v0), ["B", "C", "A", "D"]);
    // 1.x: pinned first, then by order, entries without order last.
    assert_eq!(keys(&v1), ["D", "C", "A", "B"]);
    assert_eq!(navigation("nav-order-v0").1.version, 0);
    assert_eq!(navigation("nav-order-v1").1.version, 1);
}

#[test]
fn check_reports_each_navigation_problem_once() {
    let report = vigie::check(&fixture("nav-tree")).expect("check runs");
    let nav_findings: Vec<(String, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("nav/"))
        .map(|d| (d.code.clone(), d.file.clone()))
        .collect();
    let expected = [
        ("nav/cycle", "boucle-a.md"),
        ("nav/missing-parent", "orphelin.md"),
        ("nav/order-tie", "blog/b-ancien.md"),
        ("nav/order-tie", "contact.md"),
    ];
    assert_eq!(nav_findings.len(), expected.len(), "{nav_findings:#?}");
    for (code, file) in expected {
        assert!(
            nav_findings.iter().any(|(c, f)| c == code && f == file),
            "{code} in {file} missing from {nav_findings:#?}"
        );
    }
}

#[test]
fn text_output_is_an_indented_tree() {
    let args = NavArgs {
        root: fixture("nav-tree"),
        format: NavFormat::Text,
        source: Default::default(),
    };
    let mut out = Vec::new();
    run(&args, &mut out).expect("vigie nav runs");
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(text.starts_with("Accueil  (order 1)  /\n"), "{text}");
    assert!(
        text.contains("\n  Utiliser  (order 1)  /guides/utiliser/\n"),
        "{text}"
    );
    assert!(
        text.contains("Orphelin  orphelin.md  (parent `Guide` matches no key)"),
        "{text}"
    );
}

/// The real site, when the corpus is checked out beside the crate.
#[test]
fn communs_menu_and_no_false_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/communs");
    if !root.is_dir() {
        return;
    }
    let (site, _) = vigie::load(&root, None).expect("communs loads");
    let nav = Navigation::build(&site);
    let menus: Vec<_> = nav.rendered_menus().collect();
    // The base layout's menu, and the site map's.
    assert_eq!(menus.len(), 2, "{menus:#?}");
    let menu = to_json(&nav, &menus[0].roots);
    let shown: Vec<(String, i64)> = menu
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| {
            (
                item["key"].as_str().unwrap_or("?").to_owned(),
                item["order"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    let expected = [
        ("Accueil", 1),
        ("Blog", 5),
        ("Utiliser", 10),
        ("Publier", 20),
        ("BlueHats", 25),
        ("Communs", 30),
        ("Guides", 40),
        ("À propos", 100),
    ];
    let expected: Vec<(String, i64)> = expected.iter().map(|(k, o)| ((*k).into(), *o)).collect();
    assert_eq!(shown, expected);
    assert_eq!(menu[1]["url"], "/blog/");
    let report = vigie::check(&root).expect("check runs");
    let nav_findings: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("nav/"))
        .collect();
    assert!(nav_findings.is_empty(), "{nav_findings:#?}");
}
