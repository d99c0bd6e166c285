//! `vigie check --rev` and `--staged` on repositories the tests create: the findings of a
//! commit are those of its checkout, the index is what a pre-commit hook checks, and the
//! repository is left exactly as it was. Skipped (passing) where git cannot run.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice,
    reason = "test code: a panic is a failing test"
)]

#[path = "support/files.rs"]
mod files;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs git in `dir` with a fixed identity; its stdout, or a panic with its stderr.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=vigie",
            "-c",
            "user.email=vigie@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args([
            "-c",
            "core.autocrlf=false",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Whether git can run here; on CI it must, so that no test passes there by skipping.
fn git_works() -> bool {
    let works = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        works || std::env::var_os("CI").is_none(),
        "git is needed on CI"
    );
    works
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// A repository holding `files` in one commit.
fn committed(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "site"]);
    dir
}

/// Copies the demo site (a real site with one of each defect) into `to`.
fn copy_demo(to: &Path) {
    files::copy_dir(&manifest_dir().join("demo"), to);
}

fn vigie(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .args(["--offline", "--format", "json"])
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .output()
        .expect("the vigie binary runs")
}

/// What `vigie args` prints on stdout in `dir`, as it is (no format or flag added).
fn stdout(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the vigie binary runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr with miette's line wrapping undone: words separated by single spaces.
fn words(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `file:line:column code message` of every finding, and the exit code.
fn findings(output: &Output) -> (Vec<String>, Option<i32>) {
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let lines = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (lines, output.status.code())
}

/// What must not change when vigie reads a repository: HEAD, the index, the working tree.
fn state(repo: &Path) -> (String, String, String) {
    (
        git(repo, &["rev-parse", "HEAD"]),
        git(repo, &["status", "--porcelain=v1", "-uall", "--ignored"]),
        git(repo, &["ls-files", "--stage"]),
    )
}

/// A clone of the demo with two commits: the demo, then a page removed (links to it break)
/// and a page edited; plus uncommitted edits on disk.
fn demo_repo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    copy_demo(&origin);
    git(&origin, &["init", "-q"]);
    git(&origin, &["add", "."]);
    git(&origin, &["commit", "-q", "-m", "demo"]);
    std::fs::remove_file(origin.join("contact.md")).unwrap();
    write(
        &origin,
        &[("plan-du-site.md", "# Plan du site\n\n[Agenda](/agendaa/)\n")],
    );
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "contact removed"]);
    let clone = dir.path().join("clone");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            origin.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    // On disk only: neither commit has these.
    write(
        &clone,
        &[
            ("index.md", "# Accueil\n\n[Nulle part](/nulle-part/)\n"),
            ("brouillon.md", "[Ailleurs](/ailleurs/)\n"),
        ],
    );
    (dir, clone)
}

#[test]
fn rev_gives_the_findings_of_a_checkout_and_leaves_the_clone_as_it_was() {
    if !git_works() {
        return;
    }
    let (dir, clone) = demo_repo();
    let before = state(&clone);
    for rev in ["HEAD~1", "HEAD", "main"] {
        let checkout = dir
            .path()
            .join(format!("checkout-{}", rev.replace('~', "-")));
        git(
            dir.path(),
            &[
                "clone",
                "-q",
                clone.to_str().unwrap(),
                checkout.to_str().unwrap(),
            ],
        );
        git(&checkout, &["checkout", "-q", "--detach", rev]);
        let expected = findings(&vigie(&checkout, &["check", "."]));
        let got = findings(&vigie(&clone, &["check", ".", "--rev", rev]));
        assert!(!expected.0.is_empty(), "the demo has findings");
        assert_eq!(got, expected, "--rev {rev}");
    }
    // The two commits differ, and neither is the working tree.
    let old = findings(&vigie(&clone, &["check", ".", "--rev", "HEAD~1"])).0;
    let new = findings(&vigie(&clone, &["check", ".", "--rev", "HEAD"])).0;
    let disk = findings(&vigie(&clone, &["check", "."])).0;
    assert!(new.iter().any(|f| f.contains("/agendaa/")), "{new:#?}");
    assert!(!old.iter().any(|f| f.contains("/agendaa/")), "{old:#?}");
    assert!(disk.iter().any(|f| f.contains("/nulle-part/")), "{disk:#?}");
    assert!(!new.iter().any(|f| f.contains("/nulle-part/")), "{new:#?}");
    // `pages` (and `nav`) read the same states.
    let pages = |rev: &str| stdout(&clone, &["pages", ".", "--format", "json", "--rev", rev]);
    assert!(pages("HEAD~1").contains("contact.md"));
    assert!(!pages("HEAD").contains("contact.md"));
    assert_eq!(
        state(&clone),
        before,
        "HEAD, index and working tree untouched"
    );
}

#[test]
fn staged_reports_what_is_staged_and_not_what_is_only_on_disk() {
    if !git_works() {
        return;
    }
    let dir = committed(&[
        ("index.md", "# Accueil\n\n[Contact](/contact/)\n"),
        ("contact.md", "# Contact\n"),
    ]);
    let repo = dir.path();
    // Staged: a broken link. Then, on disk only: another, and an untracked page.
    write(
        repo,
        &[("contact.md", "# Contact\n\n[Équipe](/equipe-staged/)\n")],
    );
    git(repo, &["add", "contact.md"]);
    write(
        repo,
        &[
            (
                "contact.md",
                "# Contact\n\n[Équipe](/equipe-staged/)\n[Plan](/plan-disk/)\n",
            ),
            ("untracked.md", "[x](/untracked/)\n"),
        ],
    );
    // A file staged for deletion but still on disk is not in the next commit.
    git(repo, &["rm", "-q", "--cached", "index.md"]);
    let before = state(repo);
    let (staged, code) = findings(&vigie(repo, &["check", ".", "--staged"]));
    assert_eq!(code, Some(1), "{staged:#?}");
    assert!(
        staged.iter().any(|f| f.contains("/equipe-staged/")),
        "{staged:#?}"
    );
    assert!(
        !staged.iter().any(|f| f.contains("/plan-disk/")),
        "{staged:#?}"
    );
    assert!(
        !staged.iter().any(|f| f.contains("untracked")),
        "{staged:#?}"
    );
    assert!(
        !staged.iter().any(|f| f.starts_with("index.md")),
        "{staged:#?}"
    );
    let (disk, _) = findings(&vigie(repo, &["check", "."]));
    assert!(disk.iter().any(|f| f.contains("/plan-disk/")), "{disk:#?}");
    assert_eq!(state(repo), before);
}

#[test]
fn a_site_in_a_subfolder_of_the_repository() {
    if !git_works() {
        return;
    }
    let dir = committed(&[
        ("README.md", "[x](/hors-site/)\n"),
        ("site/index.md", "# Accueil\n\n[Contact](/contact/)\n"),
        (
            "site/vigie.toml",
            "[rules]\n\"front-matter/missing-title\" = \"off\"\n",
        ),
    ]);
    let repo = dir.path();
    let site = repo.join("site");
    let (found, code) = findings(&vigie(&site, &["check", ".", "--rev", "HEAD"]));
    assert_eq!(code, Some(1));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("index.md:3:"), "{found:#?}");
    assert_eq!(
        findings(&vigie(&site, &["check", ".", "--staged"])),
        (found, code)
    );
}

#[cfg(unix)]
#[test]
fn links_and_lfs_pointers_in_a_commit_are_handled() {
    if !git_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("site");
    let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
    write(
        &repo,
        &[
            (
                "index.md",
                "# Accueil\n\n[Alias](/alias/) [Lourd](/media/lourd/)\n",
            ),
            ("real.md", "# Réel\n\n[Cassé](/casse/)\n"),
            ("media/lourd.md", pointer),
        ],
    );
    // Outside the site, a page with a broken link: a link to it must not be followed.
    write(dir.path(), &[("secret.md", "[Secret](/secret-casse/)\n")]);
    git(&repo, &["init", "-q"]);
    let link =
        |target: &str, name: &str| std::os::unix::fs::symlink(target, repo.join(name)).unwrap();
    // Names sort the chain before its end: `a.md` → `b.md` → `real.md`.
    link("b.md", "a.md");
    link("real.md", "b.md");
    link("real.md", "alias.md");
    link("../secret.md", "dehors.md");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "odd entries"]);
    let (found, code) = findings(&vigie(&repo, &["check", ".", "--rev", "HEAD"]));
    assert_eq!(code, Some(1), "{found:#?}");
    // Each link reads as its target: its broken link is reported in every file.
    for file in ["a.md", "b.md", "alias.md", "real.md"] {
        let at = format!("{file}:3:");
        assert!(
            found.iter().any(|f| f.starts_with(&at)),
            "{file}: {found:#?}"
        );
    }
    // The link out of the site leads nowhere vigie reads.
    assert!(!found.iter().any(|f| f.contains("secret")), "{found:#?}");
    assert!(!stdout(&repo, &["pages", ".", "--rev", "HEAD"]).contains("dehors"));
    // The pointer is no page content: its page exists at a URL vigie cannot know, so the
    // link to it is no certain error.
    assert!(!found.iter().any(|f| f.starts_with("media/")), "{found:#?}");
    let json: Value =
        serde_json::from_slice(&vigie(&repo, &["check", ".", "--rev", "HEAD"]).stdout).unwrap();
    let to_lfs = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["link"] == "/media/lourd/")
        .expect("a finding");
    assert_eq!(to_lfs["severity"], "warning", "{to_lfs:#}");
    assert!(
        to_lfs["help"].as_str().unwrap().contains("LFS"),
        "{to_lfs:#}"
    );
    // The working tree reads the same links the same way.
    assert_eq!(findings(&vigie(&repo, &["check", "."])).0, found);
    assert_eq!(
        findings(&vigie(&repo, &["check", ".", "--staged"])).0,
        found
    );
}

#[test]
fn a_submodule_is_read_at_its_commit_or_is_unknown() {
    if !git_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The theme, a repository of its own: a layout and a stylesheet, then a later commit.
    let theme = committed(&[
        ("_includes/base.njk", "<main>{{ content | safe }}</main>"),
        ("style.css", "main {}"),
    ]);
    let recorded = git(theme.path(), &["rev-parse", "HEAD"]).trim().to_owned();
    write(
        theme.path(),
        &[("_includes/later.njk", "{{ content | safe }}")],
    );
    git(theme.path(), &["add", "."]);
    git(theme.path(), &["commit", "-q", "-m", "later"]);
    git(theme.path(), &["checkout", "-q", &recorded]);
    let site = dir.path().join("site");
    write(
        &site,
        &[
            (
                ".eleventy.js",
                "module.exports = c => { c.addPassthroughCopy({ 'theme/style.css': 'style.css' }); return { dir: { includes: 'theme/_includes' } }; };",
            ),
            (
                "index.md",
                "---\nlayout: base.njk\ntitle: Accueil\n---\n[Style](/style.css) [Cassé](/casse/)\n",
            ),
            ("plus.md", "---\nlayout: later.njk\ntitle: Plus\n---\n"),
        ],
    );
    git(&site, &["init", "-q"]);
    git(
        &site,
        &[
            "submodule",
            "add",
            "-q",
            theme.path().to_str().unwrap(),
            "theme",
        ],
    );
    git(&site, &["-C", "theme", "checkout", "-q", &recorded]);
    git(&site, &["add", "."]);
    git(&site, &["commit", "-q", "-m", "site with its theme"]);
    let checkout = findings(&vigie(&site, &["check", "."]));
    let (found, code) = findings(&vigie(&site, &["check", ".", "--rev", "HEAD"]));
    assert_eq!(
        (found.clone(), code),
        checkout,
        "--rev reads the submodule at its commit"
    );
    assert!(found.iter().any(|f| f.contains("/casse/")), "{found:#?}");
    // At the recorded commit the theme has no `later.njk`.
    assert!(found.iter().any(|f| f.contains("later.njk")), "{found:#?}");
    assert!(
        !found
            .iter()
            .any(|f| f.contains("base.njk") || f.contains("style.css")),
        "{found:#?}"
    );

    // A clone without `--recurse-submodules`: the theme's files are unknown, so nothing
    // that lives there is reported as certain.
    let clone = dir.path().join("clone");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            site.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    let json: Value =
        serde_json::from_slice(&vigie(&clone, &["check", ".", "--rev", "HEAD"]).stdout).unwrap();
    let errors: Vec<&Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.iter().all(|d| d["link"] == "/casse/"), "{errors:#?}");
    // The clone's working tree has the theme's empty folder: the same verdicts.
    let on_disk: Value = serde_json::from_slice(&vigie(&clone, &["check", "."]).stdout).unwrap();
    assert_eq!(on_disk["diagnostics"], json["diagnostics"]);
}

#[test]
fn staged_leaves_out_files_only_intended_for_adding_and_refuses_conflicts() {
    if !git_works() {
        return;
    }
    let dir = committed(&[("index.md", "# Accueil\n"), ("vide.md", "")]);
    let repo = dir.path();
    write(
        repo,
        &[("nouveau.md", "[x](/nulle-part/)\n"), ("vide2.md", "")],
    );
    git(repo, &["add", "-N", "nouveau.md"]);
    git(repo, &["add", "vide2.md"]);
    let pages = stdout(repo, &["pages", ".", "--staged"]);
    assert!(!pages.contains("nouveau.md"), "{pages}");
    // Empty files really staged or committed stay.
    assert!(
        pages.contains("vide.md") && pages.contains("vide2.md"),
        "{pages}"
    );

    // A merge that stopped on a conflict.
    git(repo, &["reset", "-q", "--hard"]);
    git(repo, &["checkout", "-q", "-b", "autre"]);
    write(repo, &[("index.md", "# Autre\n")]);
    git(repo, &["commit", "-q", "-am", "autre"]);
    git(repo, &["checkout", "-q", "main"]);
    write(repo, &[("index.md", "# Principal\n")]);
    git(repo, &["commit", "-q", "-am", "principal"]);
    let merge = Command::new("git")
        .args([
            "-C",
            repo.to_str().unwrap(),
            "-c",
            "user.name=v",
            "-c",
            "user.email=v@e",
        ])
        .args(["merge", "-q", "autre"])
        .output()
        .unwrap();
    assert!(!merge.status.success(), "the merge conflicts");
    let output = vigie(repo, &["check", ".", "--staged"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        words(&output.stderr).contains("unmerged paths"),
        "{}",
        words(&output.stderr)
    );
    assert!(words(&output.stderr).contains("index.md"));
}

#[test]
fn a_commit_without_a_folder_does_not_see_it_on_disk() {
    if !git_works() {
        return;
    }
    let dir = committed(&[
        (
            ".eleventy.js",
            "module.exports = c => { c.addPassthroughCopy('static'); };",
        ),
        ("index.md", "# Accueil\n\n![Logo](/static/logo.svg)\n"),
    ]);
    let repo = dir.path();
    // Only on disk, never committed (and not ignored by git's listing of the commit).
    write(repo, &[("static/logo.svg", "<svg/>")]);
    let (disk, _) = findings(&vigie(repo, &["check", "."]));
    assert!(!disk.iter().any(|f| f.contains("logo.svg")), "{disk:#?}");
    let (commit, code) = findings(&vigie(repo, &["check", ".", "--rev", "HEAD"]));
    assert_eq!(code, Some(1));
    assert!(
        commit.iter().any(|f| f.contains("/static/logo.svg")),
        "{commit:#?}"
    );
}

#[cfg(unix)]
#[test]
fn names_with_control_characters_cannot_drive_the_terminal() {
    if !git_works() {
        return;
    }
    let dir = committed(&[("index.md", "# Accueil\n")]);
    let repo = dir.path();
    write(
        repo,
        &[("a\u{1b}]0;pwned\u{7}\n::error::b.md", "[x](/nulle-part/)\n")],
    );
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "odd name"]);
    for args in [
        &["check", ".", "--offline"][..],
        &["check", ".", "--offline", "--rev", "HEAD"],
    ] {
        let text = stdout(repo, args);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text}"
        );
        assert!(
            !text.lines().any(|l| l.starts_with("::error::")),
            "{args:?}: {text}"
        );
        assert!(
            text.contains("a\\u{1b}]0;pwned\\u{7}\\u{a}::error::b.md"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn a_site_folder_that_looks_like_a_bare_repository_is_refused() {
    if !git_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path();
    write(outer, &[("site/index.md", "# Accueil\n")]);
    // Committed files that make `site/` look like a bare repository, whose config names a
    // program git would run.
    let marker = outer.join("ran");
    git(&outer.join("site"), &["init", "-q", "--bare", "."]);
    let script = outer.join("site/hooks/evil.sh");
    std::fs::write(&script, format!("#!/bin/sh\ntouch {}\n", marker.display())).unwrap();
    write(
        outer,
        &[(
            "site/config",
            &format!(
                "[core]\n\tbare = true\n\tfsmonitor = {}\n[diff]\n\texternal = {}\n",
                script.display(),
                script.display()
            ),
        )],
    );
    git(outer, &["init", "-q"]);
    git(outer, &["add", "."]);
    git(outer, &["commit", "-q", "-m", "site"]);
    for args in [
        &["check", ".", "--rev", "HEAD"][..],
        &["check", ".", "--staged"],
        &["check", "."],
    ] {
        let output = vigie(&outer.join("site"), args);
        assert!(!marker.exists(), "{args:?} ran a program the site names");
        if args.len() > 2 {
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert!(
                words(&output.stderr).contains("bare repository"),
                "{}",
                words(&output.stderr)
            );
        }
    }
}

#[test]
fn what_cannot_be_read_is_a_clear_error_with_exit_code_2() {
    if !git_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    write(&plain, &[("index.md", "# Accueil\n")]);
    let output = vigie(&plain, &["check", ".", "--staged"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        words(&output.stderr).contains("this is not in a git repository"),
        "{}",
        words(&output.stderr)
    );

    let committed = committed(&[("index.md", "# Accueil\n")]);
    let repo = committed.path();
    for rev in ["nope", "HEAD~5", "--output=x"] {
        let output = vigie(repo, &["check", ".", &format!("--rev={rev}")]);
        assert_eq!(output.status.code(), Some(2), "--rev {rev}");
        let stderr = words(&output.stderr);
        assert!(stderr.contains("names no commit"), "--rev {rev}: {stderr}");
    }
    assert!(!repo.join("x").exists());
    let both = vigie(repo, &["check", ".", "--staged", "--rev", "HEAD"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(words(&both.stderr).contains("cannot be used with"));
}

/// `--rev` runs the JavaScript of that commit, as it is there: the config, the data files
/// and the modules they require come from the commit, not from the disk.
#[test]
fn rev_runs_the_javascript_of_the_commit() {
    if !git_works() {
        return;
    }
    let repo = committed(&[
        (
            ".eleventy.js",
            "const dirs = require('./dirs.js');\nmodule.exports = () => ({ dir: dirs });",
        ),
        ("dirs.js", "module.exports = { input: 'content' };"),
        (
            "content/blog/blog.11tydata.js",
            "module.exports = { permalink: (data) => `/committed/${data.page.fileSlug}/` };",
        ),
        ("content/blog/post.md", "Post"),
    ]);
    // On disk only: another input folder, another permalink.
    write(
        repo.path(),
        &[
            ("dirs.js", "module.exports = { input: 'elsewhere' };"),
            (
                "content/blog/blog.11tydata.js",
                "module.exports = { permalink: (data) => `/on-disk/${data.page.fileSlug}/` };",
            ),
            ("elsewhere/page.md", "Elsewhere"),
        ],
    );
    let committed = stdout(repo.path(), &["pages", ".", "--rev", "HEAD"]);
    assert!(committed.contains("/committed/post/"), "{committed}");
    assert!(!committed.contains("elsewhere"), "{committed}");
    let disk = stdout(repo.path(), &["pages", "."]);
    assert!(disk.contains("elsewhere/page.md"), "{disk}");
    assert!(!disk.contains("/committed/"), "{disk}");
}

/// `--changed-since`: only what the change introduced, wherever it broke things; what was
/// there before stays out, even in a file the change moved or edited above it.
#[test]
fn changed_since_reports_what_the_change_broke() {
    if !git_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "package.json",
        r#"{ "devDependencies": { "@11ty/eleventy": "^2.0.1" } }"#,
    );
    write(
        "index.md",
        "# Accueil\n\nVoir [le guide](/guide/) et [l'ancien](/absent-depuis-toujours/).\n",
    );
    write("guide.md", "# Guide\n\n[Vieux lien cassé](/vieux/)\n");
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "site"]);
    git(root, &["checkout", "-q", "-b", "change"]);
    // The change moves the guide (breaking the home page's link to it) and adds a line above
    // the guide's old broken link.
    git(root, &["mv", "guide.md", "manuel.md"]);
    write(
        "manuel.md",
        "# Manuel\n\nUne ligne ajoutée.\n\n[Vieux lien cassé](/vieux/)\n",
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "change"]);
    let output = vigie(root, &["check", "--changed-since", "main"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap(),
                d["link"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(found, [("index.md", "/guide/")]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("2 findings were already there"));
}

/// What a change breaks in files it does not touch is new: a link into a heading it renamed,
/// a menu entry whose parent it removed.
#[test]
fn changed_since_sees_breakage_in_untouched_files() {
    if !git_works() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
    write(
        "package.json",
        r#"{ "devDependencies": { "@11ty/eleventy": "^2.0.1", "@11ty/eleventy-navigation": "^0.3.5" } }"#,
    );
    write(
        "guide.md",
        "---\neleventyNavigation:\n  key: Guide\n---\n<h2 id=\"installer\">Installer</h2>\n",
    );
    write(
        "etape.md",
        "---\neleventyNavigation:\n  key: Étape\n  parent: Guide\n---\nVoir [l'installation](/guide/#installer).\n",
    );
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "site"]);
    write(
        "guide.md",
        "---\ntitle: Guide\n---\n<h2 id=\"installation\">Installation</h2>\n",
    );
    git(root, &["commit", "-q", "-am", "change"]);
    let output = vigie(root, &["check", "--changed-since", "HEAD~1"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut found: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("etape.md", "links/missing-fragment"),
            ("etape.md", "nav/missing-parent")
        ]
    );
}
