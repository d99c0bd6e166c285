//! Test support: build a site in memory from the same `Inputs` a check reads, run one
//! rule, assert its pass and fail cases, and snapshot the rendered failures.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{self, Diagnostic};
use crate::rules::{FixAvailability, Rule, Scope};
use crate::site::Site;
use crate::site::verdict::{LinkCheck, LinkChecks, Verdict};
use crate::source::Sources;
use crate::source::{Entry, Inputs};

/// The inputs of a site made of `files` (path, text), all in memory.
pub(crate) fn inputs(files: &[(&str, &str)]) -> Inputs {
    Inputs::from_files(files.iter().copied())
}

/// Builds the site model of the inputs, as `vigie check` does.
pub(crate) fn build_site(inputs: &Inputs) -> Site {
    let loaded = crate::config::load(inputs).expect("config");
    crate::site::build(loaded.settings, inputs)
}

/// Runs git in `dir` with a fixed identity; false when git is missing or fails (a test
/// that needs git then has nothing to test).
pub(crate) fn git(dir: &std::path::Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
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
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs one rule on a site.
pub(crate) fn run_rule(rule: &dyn Rule, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match rule.meta().scope {
        Scope::Page => {
            for page in site.pages.iter().filter(|p| p.unread.is_none()) {
                crate::rules::run_page(rule, page, page.content.page_markup(), site, &mut out);
            }
            // As `lint` does: what pages show of layouts and data, for the rules that check it.
            for view in site.views.iter().filter(|_| rule.meta().views) {
                crate::rules::run_view(rule, view, view.content.page_markup(), site, &mut out);
            }
        }
        Scope::Site => crate::rules::run_site(rule, site, &mut out),
    }
    diagnostic::sort(&mut out);
    out
}

/// Pass and fail cases of one rule. A case is a whole site; `pass`/`fail` take the text of
/// a single page `page.md` with a `_includes/layouts/page.njk` layout beside it.
pub(crate) struct RuleTest<R: Rule> {
    rule: R,
    pass: Vec<Inputs>,
    fail: Vec<Inputs>,
    /// What the online check found, for every case (by default none: offline).
    external: LinkChecks,
    /// Run `vigie check` as a whole rather than the rule alone.
    whole_check: bool,
}

const LAYOUT: (&str, &str) = (
    "_includes/layouts/page.njk",
    "<h1>{{ title }}</h1>{{ content | safe }}",
);

impl<R: Rule> RuleTest<R> {
    pub(crate) fn new(rule: R) -> Self {
        Self {
            rule,
            pass: Vec::new(),
            fail: Vec::new(),
            external: LinkChecks::default(),
            whole_check: false,
        }
    }

    fn page(text: &str) -> Inputs {
        inputs(&[("page.md", text), LAYOUT])
    }

    #[must_use]
    pub(crate) fn pass(mut self, page: &str) -> Self {
        self.pass.push(Self::page(page));
        self
    }

    #[must_use]
    pub(crate) fn fail(mut self, page: &str) -> Self {
        self.fail.push(Self::page(page));
        self
    }

    /// A failing page `page.md` made of `bytes`, which need not be UTF-8.
    #[must_use]
    pub(crate) fn fail_bytes(mut self, bytes: &[u8]) -> Self {
        let mut case = Self::page("");
        case.insert("page.md", Entry::decoded("page.md", bytes));
        self.fail.push(case);
        self
    }

    #[must_use]
    pub(crate) fn pass_site(mut self, files: &[(&str, &str)]) -> Self {
        self.pass.push(inputs(files));
        self
    }

    #[must_use]
    pub(crate) fn fail_site(mut self, files: &[(&str, &str)]) -> Self {
        self.fail.push(inputs(files));
        self
    }

    /// Every case as if the online check had run and given these verdicts (URLs normalised
    /// as the check does): what the `external/*` rules read, with no network.
    #[must_use]
    pub(crate) fn verdicts(mut self, verdicts: &[(&str, Verdict)]) -> Self {
        self.external.online = true;
        for (url, verdict) in verdicts {
            let check = LinkCheck::new(verdict.clone());
            self.external.by_url.insert(normalized(url), check);
        }
        self
    }

    /// Every case as if the decks' providers had given these titles (`embed-titles`).
    #[must_use]
    pub(crate) fn embed_titles(mut self, titles: &[(&str, &str)]) -> Self {
        for (url, title) in titles {
            let title = (*title).to_owned();
            self.external.embed_titles.insert(normalized(url), title);
        }
        self
    }

    /// Runs the whole offline check on every case and keeps the rule's findings: for rules
    /// reported outside `check_page` and `check_site` (`suppression/*`, by
    /// `suppression::apply`, which sees every other rule's findings).
    #[must_use]
    pub(crate) fn whole_check(mut self) -> Self {
        self.whole_check = true;
        self
    }

    /// Asserts every case and snapshots the rendered failures, named for the rule's code
    /// (`a11y/heading-empty` → `a11y_heading_empty`). The fixes found must match the
    /// declaration: one on every finding for `fix: Always`, one at least else.
    pub(crate) fn run(self) {
        let meta = self.rule.meta();
        let code = meta.code.clone();
        assert!(
            !self.fail.is_empty(),
            "{code} has no failing case: add one with `.fail(…)` or `.fail_site(…)`"
        );
        assert!(
            !(self.whole_check && self.external.online),
            "the whole check runs offline: it takes no verdicts"
        );
        let snapshot = code.replace(['/', '-'], "_");
        let mut fixed = false;
        for case in &self.pass {
            let (found, _) = self.findings(case);
            assert!(
                found.is_empty(),
                "{code} should pass on {:?}, found {found:#?}",
                files(case)
            );
        }
        let mut rendered = String::new();
        for case in &self.fail {
            let (found, sources) = self.findings(case);
            assert!(!found.is_empty(), "{code} should fail on {:?}", files(case));
            assert!(
                meta.fix != FixAvailability::Always || found.iter().all(|d| d.fix.is_some()),
                "{code} declares `fix: Always`, but a finding on {:?} has none",
                files(case)
            );
            fixed |= found.iter().any(|d| d.fix.is_some());
            for diagnostic in &found {
                rendered.push_str(&render(diagnostic, &sources));
            }
            rendered.push_str("\n────────\n");
        }
        assert!(
            meta.fix == FixAvailability::None || fixed,
            "{code} declares a fix, but no failing case gets one: add one that does"
        );
        insta::with_settings!({ snapshot_path => "rules/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(snapshot.as_str(), rendered);
        });
    }

    /// The rule's findings on a case, and the texts they point into.
    fn findings(&self, case: &Inputs) -> (Vec<Diagnostic>, Sources) {
        let (mut found, sources) = if self.whole_check {
            let options = crate::CheckOptions::default();
            let report = crate::check_inputs(case, Path::new("."), &options).expect("a check");
            (report.diagnostics, report.sources)
        } else {
            let mut site = build_site(case);
            site.external = Arc::new(self.external.clone());
            (run_rule(&self.rule, &site), crate::sources_of(&site))
        };
        let code = &self.rule.meta().code;
        found.retain(|d| d.code == *code);
        (found, sources)
    }
}

/// The key the online check files `url` under.
fn normalized(url: &str) -> String {
    crate::site::external::normalize(url)
        .expect("a valid URL")
        .to_string()
}

/// A case's files, for a failing assertion.
fn files(case: &Inputs) -> Vec<(&str, std::borrow::Cow<'_, str>)> {
    case.paths()
        .map(|path| (path, case.text(path).unwrap_or_default()))
        .collect()
}

/// One finding as `vigie check` prints it, then what the terminal does not show: the link
/// as written (what `--format json` reports) and the fix, with the bytes it replaces.
fn render(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let shown = crate::report::human::render(std::slice::from_ref(diagnostic), sources, false, 100);
    // The blank line that ends a finding goes after the extra lines.
    let mut out = shown.strip_suffix('\n').unwrap_or(&shown).to_owned();
    if let Some(link) = &diagnostic.link {
        out.push_str(&format!("  link: {link:?}\n"));
    }
    if let Some(fix) = &diagnostic.fix {
        let text = sources.get(&diagnostic.file).map_or("", |t| &**t);
        let replaced = text.get(fix.span.clone()).unwrap_or_default();
        out.push_str(&format!(
            "  fix: {:?} {replaced:?} → {:?}\n",
            fix.span, fix.replacement
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::RuleTest;
    use crate::rules::a11y::heading_empty::HeadingEmpty;

    #[test]
    #[should_panic(expected = "a11y/heading-empty has no failing case")]
    fn a_rule_test_without_a_failing_case_fails() {
        RuleTest::new(HeadingEmpty).pass("## Programme\n").run();
    }
}
