//! Test support: build a site in memory from the same `Inputs` a check reads, run one
//! rule, assert its pass and fail cases, and snapshot the rendered failures.

use crate::diagnostic::{self, Diagnostic};
use crate::rules::{FixAvailability, Rule, Scope};
use crate::site::Site;
use crate::source::Inputs;

/// The inputs of a site made of `files` (path, text), all in memory.
pub(crate) fn inputs(files: &[(&str, &str)]) -> Inputs {
    Inputs::from_files(files.iter().copied())
}

/// Builds the site model of the inputs, as `vigie check` does.
pub(crate) fn build_site(inputs: &Inputs) -> Site {
    let loaded = crate::config::load(inputs).expect("config");
    crate::site::build(loaded.settings, inputs)
}

/// Plain rendering of findings on `site`, for snapshots.
pub(crate) fn render_plain(diagnostics: &[Diagnostic], site: &Site) -> String {
    crate::report::human::render(diagnostics, &crate::sources_of(site), false, 100)
}

/// Runs one rule on a site.
pub(crate) fn run_rule(rule: &dyn Rule, site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match rule.meta().scope {
        Scope::Page => {
            for page in site.pages.iter().filter(|p| p.unread.is_none()) {
                crate::rules::run_page(rule, page, site, &mut out);
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
    pass: Vec<Vec<(String, String)>>,
    fail: Vec<Vec<(String, String)>>,
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
        }
    }

    fn page(text: &str) -> Vec<(String, String)> {
        vec![
            ("page.md".to_owned(), text.to_owned()),
            (LAYOUT.0.to_owned(), LAYOUT.1.to_owned()),
        ]
    }

    fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
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

    #[must_use]
    pub(crate) fn pass_site(mut self, files: &[(&str, &str)]) -> Self {
        self.pass.push(Self::owned(files));
        self
    }

    #[must_use]
    pub(crate) fn fail_site(mut self, files: &[(&str, &str)]) -> Self {
        self.fail.push(Self::owned(files));
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
        let snapshot = code.replace(['/', '-'], "_");
        let mut fixed = false;
        for files in &self.pass {
            let found = self.diagnostics(files);
            assert!(
                found.iter().all(|d| d.code != code),
                "{code} should pass on {files:?}, found {found:#?}"
            );
        }
        let mut rendered = String::new();
        for files in &self.fail {
            let site = site_of_owned(files);
            let found = run_rule(&self.rule, &site);
            assert!(
                found.iter().any(|d| d.code == code),
                "{code} should fail on {files:?}"
            );
            let mine = || found.iter().filter(|d| d.code == code);
            assert!(
                meta.fix != FixAvailability::Always || mine().all(|d| d.fix.is_some()),
                "{code} declares `fix: Always`, but a finding on {files:?} has none"
            );
            fixed |= mine().any(|d| d.fix.is_some());
            rendered.push_str(&render_plain(&found, &site));
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

    fn diagnostics(&self, files: &[(String, String)]) -> Vec<Diagnostic> {
        run_rule(&self.rule, &site_of_owned(files))
    }
}

fn site_of_owned(files: &[(String, String)]) -> Site {
    build_site(&Inputs::from_files(
        files.iter().map(|(a, b)| (a.as_str(), b.as_str())),
    ))
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
