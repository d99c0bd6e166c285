//! External links over HTTP, end to end: `vigie check` on a temporary site whose links name
//! real hosts, routed by `--remap` to a server these tests start on 127.0.0.1. No test
//! touches the internet. Each fault gets its verdict; requests are counted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

#[path = "external/server.rs"]
mod server;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use serde_json::Value;
use server::{Reply, Request, Server, ok, redirect, status};

/// A site with `pages` (name, Markdown) and a vigie.toml making retries quick.
fn site(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vigie.toml"),
        "[external]\nretry-wait = 0.02\nmax-retries = 2\n",
    )
    .unwrap();
    for (name, text) in pages {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn vigie(root: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("check")
        .arg(root)
        .args(["--format", "json", "--no-cache"])
        .args(args)
        .env_remove("CI")
        .output()
        .expect("vigie runs")
}

/// Checks `root` through `server`, private addresses allowed (the server is on loopback).
fn check(root: &Path, server: &Server, extra: &[&str]) -> (Vec<Value>, String) {
    let (report, stderr) = report(root, server, extra);
    (report["diagnostics"].as_array().unwrap().clone(), stderr)
}

/// The whole JSON report of `check`.
fn report(root: &Path, server: &Server, extra: &[&str]) -> (Value, String) {
    let remap = server.remap();
    let mut args = vec!["--remap", remap.as_str(), "--allow-private"];
    if !extra.contains(&"--timeout") {
        args.extend(["--timeout", "2"]);
    }
    args.extend_from_slice(extra);
    let output = vigie(root, &args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON on stdout ({e}); stderr: {stderr}"));
    (report, stderr)
}

/// `(link, code)` of the external diagnostics.
fn verdicts(diagnostics: &[Value]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("external/"))
        .map(|d| {
            (
                d["link"].as_str().unwrap_or("").to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn code_of(diagnostics: &[Value], link: &str) -> Option<String> {
    verdicts(diagnostics)
        .into_iter()
        .find(|(l, _)| l == link)
        .map(|(_, c)| c)
}

fn links(urls: &[&str]) -> String {
    urls.iter().map(|u| format!("- <{u}>\n")).collect()
}

#[test]
fn each_fault_gets_its_verdict() {
    let server = Server::start(Duration::ZERO, |r: &Request| match r.path {
        "/www.etalab.gouv.fr/ok" => ok(),
        "/www.etalab.gouv.fr/sans-head" if r.method == "HEAD" => status(405),
        "/www.etalab.gouv.fr/sans-head" => ok(),
        "/www.etalab.gouv.fr/absent" => status(404),
        "/www.etalab.gouv.fr/retire" => status(410),
        "/www.etalab.gouv.fr/ancien" => redirect(301, "https://www.etalab.gouv.fr/intermediaire"),
        "/www.etalab.gouv.fr/intermediaire" => redirect(308, "/nouveau"),
        "/www.etalab.gouv.fr/nouveau" => ok(),
        "/www.etalab.gouv.fr/temporaire" => redirect(302, "/ok"),
        "/www.etalab.gouv.fr/boucle-a" => redirect(302, "/www-boucle-b"),
        "/www.etalab.gouv.fr/www-boucle-b" => redirect(302, "/boucle-a"),
        "/www.etalab.gouv.fr/vers-404" => redirect(301, "/absent"),
        "/mur.gouv.fr/" => Reply::Status(403, vec![("cf-mitigated", "challenge".into())]),
        "/linkedin.com/company/etalab" => status(999),
        "/prive.gouv.fr/" => status(401),
        "/limite.gouv.fr/" if r.before == 0 => {
            Reply::Status(429, vec![("retry-after", "1".into())])
        }
        "/limite.gouv.fr/" => ok(),
        "/instable.gouv.fr/" if r.before == 0 => status(503),
        "/instable.gouv.fr/" => ok(),
        "/panne.gouv.fr/" => status(503),
        "/lent.gouv.fr/" => Reply::Hang,
        "/coupe.gouv.fr/" => Reply::Reset,
        "/corps-lent.gouv.fr/" | "/corps-enorme.gouv.fr/" if r.method == "HEAD" => status(405),
        "/corps-lent.gouv.fr/" => Reply::SlowBody,
        "/corps-enorme.gouv.fr/" => Reply::HugeBody,
        _ => status(404),
    });
    let urls = [
        "https://www.etalab.gouv.fr/ok",
        "https://www.etalab.gouv.fr/sans-head",
        "https://www.etalab.gouv.fr/absent",
        "https://www.etalab.gouv.fr/retire",
        "https://www.etalab.gouv.fr/ancien",
        "https://www.etalab.gouv.fr/temporaire",
        "https://www.etalab.gouv.fr/boucle-a",
        "https://www.etalab.gouv.fr/vers-404",
        "https://mur.gouv.fr/",
        "https://linkedin.com/company/etalab",
        "https://prive.gouv.fr/",
        "https://limite.gouv.fr/",
        "https://instable.gouv.fr/",
        "https://panne.gouv.fr/",
        "https://lent.gouv.fr/",
        "https://coupe.gouv.fr/",
        "https://corps-lent.gouv.fr/",
        "https://corps-enorme.gouv.fr/",
    ];
    let dir = site(&[("page.md", &links(&urls))]);
    let (diagnostics, stderr) = check(dir.path(), &server, &["--timeout", "1"]);
    let expect = [
        ("https://www.etalab.gouv.fr/ok", None),
        ("https://www.etalab.gouv.fr/sans-head", None),
        ("https://www.etalab.gouv.fr/absent", Some("external/broken")),
        ("https://www.etalab.gouv.fr/retire", Some("external/broken")),
        (
            "https://www.etalab.gouv.fr/ancien",
            Some("external/redirect"),
        ),
        ("https://www.etalab.gouv.fr/temporaire", None),
        (
            "https://www.etalab.gouv.fr/boucle-a",
            Some("external/broken"),
        ),
        (
            "https://www.etalab.gouv.fr/vers-404",
            Some("external/broken"),
        ),
        ("https://mur.gouv.fr/", Some("external/unverifiable")),
        (
            "https://linkedin.com/company/etalab",
            Some("external/unverifiable"),
        ),
        ("https://prive.gouv.fr/", Some("external/unverifiable")),
        ("https://limite.gouv.fr/", None),
        ("https://instable.gouv.fr/", None),
        ("https://panne.gouv.fr/", Some("external/flaky")),
        ("https://lent.gouv.fr/", Some("external/flaky")),
        ("https://coupe.gouv.fr/", Some("external/flaky")),
        ("https://corps-lent.gouv.fr/", None),
        ("https://corps-enorme.gouv.fr/", None),
    ];
    for (url, code) in expect {
        assert_eq!(
            code_of(&diagnostics, url).as_deref(),
            code,
            "{url}: {diagnostics:#?}\n{stderr}"
        );
    }
    // The permanent chain gives its end as help and fix; the loop and 404 say why.
    let moved = diagnostics
        .iter()
        .find(|d| d["link"] == "https://www.etalab.gouv.fr/ancien")
        .unwrap();
    assert!(
        moved["help"]
            .as_str()
            .unwrap()
            .contains("https://www.etalab.gouv.fr/nouveau"),
        "{moved:#}"
    );
    let message = |link: &str| {
        diagnostics
            .iter()
            .find(|d| d["link"] == link)
            .map(|d| d["message"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert!(message("https://www.etalab.gouv.fr/boucle-a").contains("redirect loop"));
    assert!(message("https://www.etalab.gouv.fr/vers-404").contains("404"));
    assert!(message("https://mur.gouv.fr/").contains("cf-mitigated"));

    // HEAD first, GET only when HEAD is refused; bodies are not downloaded.
    assert_eq!(server.methods("/www.etalab.gouv.fr/ok"), ["HEAD"]);
    assert_eq!(
        server.methods("/www.etalab.gouv.fr/sans-head"),
        ["HEAD", "GET"]
    );
    assert!(
        server.huge_bytes.load(std::sync::atomic::Ordering::Relaxed) < 64 << 20,
        "the huge body was downloaded"
    );
    // Retries: 429 and 503 once each, then success; persistent faults three times.
    assert_eq!(server.count("/limite.gouv.fr/"), 2);
    assert_eq!(server.count("/instable.gouv.fr/"), 2);
    assert_eq!(server.methods("/panne.gouv.fr/"), ["HEAD", "HEAD", "HEAD"]);
    assert_eq!(server.count("/lent.gouv.fr/"), 3);
    assert_eq!(server.count("/coupe.gouv.fr/"), 3);
    // A redirect hop that is also a link is asked once: `temporaire` → `ok`, `vers-404` → `absent`.
    assert_eq!(
        server.methods("/www.etalab.gouv.fr/absent"),
        ["HEAD", "GET"]
    );
    let retried = ["coupe", "instable", "lent", "limite", "panne"];
    let duplicates = server.duplicates();
    assert!(
        duplicates
            .iter()
            .all(|d| retried.iter().any(|r| d.contains(r))),
        "{duplicates:?}"
    );
}

#[test]
fn every_url_is_requested_once_however_often_and_however_written() {
    let server = Server::start(Duration::from_millis(20), |_: &Request| ok());
    let page = "[a](https://www.etalab.gouv.fr/ok) [b](https://WWW.etalab.gouv.fr:443/ok#x)\n\n<a href=\"https://www.etalab.gouv.fr/ok?\">c</a>\n";
    let other = "[d](https://www.etalab.gouv.fr/ok#y) [e](https://code.gouv.fr/)\n";
    let dir = site(&[("a.md", page), ("b.md", other)]);
    let (diagnostics, stderr) = check(dir.path(), &server, &[]);
    assert!(verdicts(&diagnostics).is_empty(), "{diagnostics:#?}");
    assert_eq!(server.count("/www.etalab.gouv.fr/ok"), 1, "{stderr}");
    assert_eq!(
        server.count("/www.etalab.gouv.fr/ok?"),
        1,
        "a query is another URL"
    );
    assert_eq!(server.count("/code.gouv.fr/"), 1);
    assert!(server.duplicates().is_empty(), "{:?}", server.duplicates());
    assert!(stderr.contains("3 external URLs"), "{stderr}");
}

#[test]
fn the_json_report_sums_up_what_was_asked_and_of_whom() {
    let server = Server::start(Duration::ZERO, |_: &Request| ok());
    let page = "[a](https://www.etalab.gouv.fr/a) [b](https://www.etalab.gouv.fr/b) [c](https://code.gouv.fr/) [d](https://example.org/)\n";
    let dir = site(&[("page.md", page)]);
    let (report, _) = report(dir.path(), &server, &[]);
    let external = &report["external"];
    assert_eq!(external["urls"], 4, "{external:#}");
    assert_eq!(external["checked"], 3);
    assert_eq!(external["skipped"], 1, "example.org is never requested");
    assert_eq!(external["requests"], server.total() as u64);
    assert_eq!(external["per_host"]["www.etalab.gouv.fr"], 2);
    assert_eq!(external["per_host"]["code.gouv.fr"], 1);
    // Offline, nothing was asked: no summary.
    let offline = vigie(dir.path(), &["--offline"]);
    let offline: Value = serde_json::from_slice(&offline.stdout).unwrap();
    assert!(offline.get("external").is_none(), "{offline:#}");
}

#[test]
fn each_occurrence_of_a_broken_url_is_reported_where_it_is_written() {
    let server = Server::start(Duration::ZERO, |_: &Request| status(404));
    let page = "Voir [ici](https://www.etalab.gouv.fr/absent) et [là](https://www.etalab.gouv.fr/absent).\n";
    let dir = site(&[("page.md", page)]);
    let (diagnostics, _) = check(dir.path(), &server, &[]);
    let places: Vec<(u64, u64)> = diagnostics
        .iter()
        .filter(|d| d["code"] == "external/broken")
        .map(|d| {
            (
                d["byte_start"].as_u64().unwrap(),
                d["byte_end"].as_u64().unwrap(),
            )
        })
        .collect();
    let first = page.find("https").unwrap() as u64;
    let second = page.rfind("https").unwrap() as u64;
    let len = "https://www.etalab.gouv.fr/absent".len() as u64;
    assert_eq!(places, [(first, first + len), (second, second + len)]);
    assert_eq!(
        server.methods("/www.etalab.gouv.fr/absent"),
        ["HEAD", "GET"]
    );
}

#[test]
fn requests_to_one_host_respect_its_limit() {
    let server = Server::start(Duration::from_millis(150), |_: &Request| ok());
    let many: Vec<String> = (0..24)
        .map(|i| format!("https://docs.numerique.gouv.fr/page-{i}"))
        .chain((0..4).map(|i| format!("https://git.sr.ht/~etalab/depot-{i}")))
        .collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let dir = site(&[("page.md", &links(&refs))]);
    let (diagnostics, _) = check(dir.path(), &server, &["--max-concurrency", "64"]);
    assert!(verdicts(&diagnostics).is_empty(), "{diagnostics:#?}");
    assert_eq!(server.total(), 28);
    // Unknown hosts: 8 at once at most; git.sr.ht's profile: 2.
    let docs = server.max_in_flight("docs.numerique.gouv.fr");
    assert!((2..=8).contains(&docs), "{docs} in flight");
    assert!(server.max_in_flight("git.sr.ht") <= 2);
}

#[test]
fn a_second_run_asks_nothing_for_cached_successes_and_rechecks_failures() {
    let server = Server::start(Duration::ZERO, |r: &Request| match r.path {
        "/www.etalab.gouv.fr/absent" => status(404),
        _ => ok(),
    });
    let dir = site(&[(
        "page.md",
        "[a](https://www.etalab.gouv.fr/ok) [b](https://code.gouv.fr/) [c](https://www.etalab.gouv.fr/absent)\n",
    )]);
    let cache = dir.path().join("cache/liens.json");
    let cache_arg = cache.to_str().unwrap();
    let remap = server.remap();
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_vigie"))
            .arg("check")
            .arg(dir.path())
            .args([
                "--remap",
                &remap,
                "--allow-private",
                "--cache-file",
                cache_arg,
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    run();
    assert!(cache.exists());
    let first = server.total();
    assert_eq!(first, 4, "HEAD ok, HEAD code.gouv.fr, HEAD+GET absent");
    let stderr = run();
    assert_eq!(server.total(), first + 2, "only the 404 is asked again");
    assert_eq!(server.count("/www.etalab.gouv.fr/ok"), 1);
    assert!(stderr.contains("2 cached"), "{stderr}");
}

#[test]
fn a_cache_file_outside_the_site_in_vigie_toml_is_refused() {
    // vigie.toml is content: a commit or pull request may name any file in it.
    let server = Server::start(Duration::ZERO, |_: &Request| ok());
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(
        root.join("vigie.toml"),
        "[external]\ncache-file = \"../outside.json\"\n",
    )
    .unwrap();
    std::fs::write(root.join("page.md"), "[a](https://www.etalab.gouv.fr/ok)\n").unwrap();
    let remap = server.remap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("check")
        .arg(&root)
        .args(["--remap", &remap, "--allow-private"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("vigie.toml:2:14"), "{stderr}");
    assert!(!outer.path().join("outside.json").exists());
    assert_eq!(server.total(), 0);
}

#[test]
fn private_addresses_are_never_connected_to_without_allow_private() {
    let server = Server::start(Duration::ZERO, |_: &Request| ok());
    let dir = site(&[("page.md", "[a](https://intranet.etalab.gouv.fr/)\n")]);
    let remap = server.remap();
    let output = vigie(dir.path(), &["--remap", &remap]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(server.total(), 0, "a connection was made");
    assert_eq!(
        code_of(diagnostics, "https://intranet.etalab.gouv.fr/").as_deref(),
        Some("external/unverifiable")
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("not checked")
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not checked (private address"), "{stderr}");
}

#[test]
fn a_host_name_resolving_to_loopback_is_refused() {
    let server = Server::start(Duration::ZERO, |r: &Request| match r.path {
        "/www.etalab.gouv.fr/piege" => ok(),
        _ => ok(),
    });
    // The guard runs on the resolved address: a name is no way around it.
    let remap = format!(
        "^https://www\\.etalab\\.gouv\\.fr/(.*)$ http://localhost:{}/www.etalab.gouv.fr/$1",
        server.port
    );
    let dir = site(&[("page.md", "[a](https://www.etalab.gouv.fr/piege)\n")]);
    let output = vigie(dir.path(), &["--remap", &remap]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(server.total(), 0);
    assert_eq!(
        code_of(diagnostics, "https://www.etalab.gouv.fr/piege").as_deref(),
        Some("external/unverifiable")
    );
}

#[test]
fn offline_opens_no_socket_but_keeps_offline_checks() {
    let server = Server::start(Duration::ZERO, |_: &Request| status(404));
    let dir = site(&[(
        "page.md",
        "[a](https://www.etalab.gouv.fr/absent) [b](https://git.sr.ht/etalab/communs) [c](https://code.etalab.gouv.fr/)\n",
    )]);
    let (diagnostics, stderr) = check(dir.path(), &server, &["--offline"]);
    assert_eq!(server.total(), 0);
    assert_eq!(
        verdicts(&diagnostics),
        [
            (
                "https://git.sr.ht/etalab/communs".to_owned(),
                "external/invalid-url".to_owned()
            ),
            (
                "https://code.etalab.gouv.fr/".to_owned(),
                "external/redirect".to_owned()
            ),
        ]
    );
    assert!(!stderr.contains("external URLs"), "{stderr}");
}

#[test]
fn example_domains_are_never_requested() {
    let server = Server::start(Duration::ZERO, |_: &Request| status(404));
    let dir = site(&[(
        "page.md",
        "[a](https://example.org/x) [b](https://docs.example.com/) [c](http://site.test/)\n",
    )]);
    let (diagnostics, _) = check(dir.path(), &server, &[]);
    assert_eq!(server.total(), 0);
    assert!(verdicts(&diagnostics).is_empty());
}

#[test]
fn a_url_has_a_deadline_however_its_redirects_drag_on() {
    // Each answer comes after 0.4 s, well within the 1 s timeout, and redirects again.
    let server = Server::start(Duration::from_millis(400), |r: &Request| {
        let hop: u32 = r.path.rsplit('/').next().unwrap().parse().unwrap_or(0);
        redirect(302, &format!("/{}", hop + 1))
    });
    let dir = site(&[("page.md", "[a](https://lent.gouv.fr/0)\n")]);
    std::fs::write(
        dir.path().join("vigie.toml"),
        "[external]\nmax-retries = 0\nmax-retry-after = 0\n",
    )
    .unwrap();
    let (diagnostics, _) = check(dir.path(), &server, &["--timeout", "1"]);
    let flaky = &diagnostics[0];
    assert_eq!(flaky["code"], "external/flaky", "{diagnostics:#?}");
    assert!(
        flaky["message"].as_str().unwrap().contains("within 2 s"),
        "{flaky:#}"
    );
    // 2 s at 0.4 s an answer: the chain was cut long before its 10 redirects.
    assert!(server.total() <= 6, "{} requests", server.total());
}

#[test]
fn severities_from_vigie_toml_apply() {
    let server = Server::start(Duration::ZERO, |_: &Request| status(503));
    let dir = site(&[("page.md", "[a](https://panne.gouv.fr/)\n")]);
    std::fs::write(
        dir.path().join("vigie.toml"),
        "[external]\nmax-retries = 0\n\n[rules]\n\"external/flaky\" = \"error\"\n",
    )
    .unwrap();
    let (diagnostics, _) = check(dir.path(), &server, &[]);
    assert_eq!(diagnostics[0]["code"], "external/flaky");
    assert_eq!(diagnostics[0]["severity"], "error");
    assert_eq!(server.count("/panne.gouv.fr/"), 1, "max-retries = 0");
}

#[test]
fn embed_titles_are_compared_with_the_decks_real_title_when_asked() {
    let server = Server::start(Duration::ZERO, |r: &Request| {
        if r.path.starts_with(
            "/speakerdeck.com/oembed.json?url=https%3A%2F%2Fspeakerdeck.com%2Fplayer%2F5787",
        ) {
            Reply::Body(
                200,
                r#"{"type": "rich", "title": "Le projet Dynare"}"#.into(),
            )
        } else {
            ok()
        }
    });
    let dir = site(&[(
        "page.md",
        "<iframe title=\"Le projet Celluloid\" src=\"https://speakerdeck.com/player/5787f247aad545a48dcf028570822427\"></iframe>\n",
    )]);
    let (diagnostics, _) = check(dir.path(), &server, &[]);
    assert!(verdicts(&diagnostics).is_empty(), "{diagnostics:#?}");
    assert_eq!(server.total(), 1, "no oEmbed request unless asked");

    let (diagnostics, _) = check(dir.path(), &server, &["--embed-titles"]);
    let found: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["code"] == "external/embed-title")
        .collect();
    assert_eq!(found.len(), 1, "{diagnostics:#?}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("Le projet Dynare")
    );
}

#[test]
fn explain_documents_each_external_code() {
    for code in [
        "external/broken",
        "external/redirect",
        "external/unverifiable",
        "external/flaky",
        "external/invalid-url",
        "external/embed-title",
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_vigie"))
            .args(["explain", code])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{code}");
        assert!(text.contains("## Why is this bad?"), "{code}: {text}");
    }
}

#[test]
fn a_bad_remap_is_a_usage_error() {
    let dir = site(&[("page.md", "x\n")]);
    let output = vigie(dir.path(), &["--remap", "([ http://127.0.0.1/"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a valid regex"));
}

#[test]
fn a_url_whose_text_says_certificate_is_not_taken_for_a_tls_failure() {
    // reqwest's error text includes the URL: words in the path must not pick the verdict.
    let server = Server::start(Duration::ZERO, |r: &Request| match r.path {
        "/coupe.gouv.fr/certificate" => Reply::Reset,
        _ => status(404),
    });
    let dir = site(&[("page.md", &links(&["https://coupe.gouv.fr/certificate"]))]);
    let (diagnostics, stderr) = check(dir.path(), &server, &[]);
    assert_eq!(
        code_of(&diagnostics, "https://coupe.gouv.fr/certificate").as_deref(),
        Some("external/flaky"),
        "{diagnostics:#?}\n{stderr}"
    );
    assert_eq!(server.count("/coupe.gouv.fr/certificate"), 3, "retried");
}

#[test]
fn redirects_to_utf8_locations_are_followed_and_other_schemes_are_not() {
    let server = Server::start(Duration::ZERO, |r: &Request| match r.path {
        "/www.etalab.gouv.fr/accent" => redirect(301, "/caf\u{e9}"),
        "/www.etalab.gouv.fr/caf%C3%A9" => ok(),
        "/www.etalab.gouv.fr/fichier" => redirect(302, "file:///etc/passwd"),
        "/www.etalab.gouv.fr/script" => redirect(302, "javascript:alert(1)"),
        _ => status(404),
    });
    let dir = site(&[(
        "page.md",
        &links(&[
            "https://www.etalab.gouv.fr/accent",
            "https://www.etalab.gouv.fr/fichier",
            "https://www.etalab.gouv.fr/script",
        ]),
    )]);
    let (diagnostics, stderr) = check(dir.path(), &server, &[]);
    let found = verdicts(&diagnostics);
    assert_eq!(
        code_of(&diagnostics, "https://www.etalab.gouv.fr/accent").as_deref(),
        Some("external/redirect"),
        "{found:?}\n{stderr}"
    );
    assert_eq!(server.count("/www.etalab.gouv.fr/caf%C3%A9"), 1);
    for link in [
        "https://www.etalab.gouv.fr/fichier",
        "https://www.etalab.gouv.fr/script",
    ] {
        assert_eq!(
            code_of(&diagnostics, link).as_deref(),
            Some("external/broken"),
            "{link}: {diagnostics:#?}"
        );
    }
    assert_eq!(server.total(), 4, "nothing but the three links and café");
}

#[test]
fn ten_redirects_are_followed_and_eleven_are_too_many() {
    let server = Server::start(Duration::ZERO, |r: &Request| {
        let hop = |prefix: &str| {
            r.path
                .strip_prefix(prefix)
                .and_then(|n| n.parse::<u32>().ok())
        };
        if let Some(n) = hop("/dix.gouv.fr/") {
            return if n < 10 {
                redirect(302, &format!("/{}", n + 1))
            } else {
                ok()
            };
        }
        if let Some(n) = hop("/onze.gouv.fr/") {
            return if n < 11 {
                redirect(302, &format!("/{}", n + 1))
            } else {
                ok()
            };
        }
        status(404)
    });
    let dir = site(&[(
        "page.md",
        &links(&["https://dix.gouv.fr/0", "https://onze.gouv.fr/0"]),
    )]);
    let (diagnostics, _) = check(dir.path(), &server, &[]);
    assert_eq!(
        code_of(&diagnostics, "https://dix.gouv.fr/0"),
        None,
        "{diagnostics:#?}"
    );
    assert_eq!(
        code_of(&diagnostics, "https://onze.gouv.fr/0").as_deref(),
        Some("external/broken")
    );
    assert_eq!(server.count("/onze.gouv.fr/11"), 0);
}

#[test]
fn proxies_from_the_environment_are_not_used() {
    let server = Server::start(Duration::ZERO, |_: &Request| ok());
    let proxy = Server::start(Duration::ZERO, |_: &Request| status(404));
    let proxy_url = format!("http://127.0.0.1:{}", proxy.port);
    let dir = site(&[("page.md", "[a](https://www.etalab.gouv.fr/ok)\n")]);
    let remap = server.remap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vigie"))
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json", "--no-cache", "--allow-private"])
        .args(["--remap", &remap])
        .env_remove("CI")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env("HTTP_PROXY", &proxy_url)
        .env("http_proxy", &proxy_url)
        .env("HTTPS_PROXY", &proxy_url)
        .env("ALL_PROXY", &proxy_url)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(verdicts(report["diagnostics"].as_array().unwrap()).is_empty());
    assert_eq!(proxy.total(), 0, "the request went through the proxy");
    assert_eq!(server.count("/www.etalab.gouv.fr/ok"), 1);
}
