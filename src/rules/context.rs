//! What a rule checks and reports through. `report` starts a diagnostic that already has the
//! rule's code, default severity and URL, and the file: a rule writes only what it found.

use std::ops::{Deref, DerefMut, Range};

use super::{FixAvailability, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::parse::content::PageMarkup;
use crate::site::{Page, Site};

/// One page under a page rule, and where its findings go.
pub struct PageContext<'a> {
    pub page: &'a Page,
    /// The page's start tags and markup tree (`lint` takes them from the page, and drops
    /// them once its rules have run: read them here, not in `page.content`). Of a page's
    /// tree, the site keeps only the links and headings (`parse::content::READ_BY_RULES`).
    pub markup: PageMarkup<'a>,
    pub site: &'a Site,
    meta: &'a RuleMeta,
    out: &'a mut Vec<Diagnostic>,
}

impl PageContext<'_> {
    /// A finding in the page's own file.
    pub fn report(&mut self, span: Range<usize>, message: impl Into<String>) -> Report<'_> {
        let page = self.page;
        self.report_in(&page.file.rel, span, message)
    }

    /// A finding in another file of the page's data: a folder data file, a layout.
    pub fn report_in(
        &mut self,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Report<'_> {
        Report::start(self.meta, self.out, file, span, message)
    }
}

/// The site under a site rule, and where its findings go.
pub struct SiteContext<'a> {
    pub site: &'a Site,
    meta: &'a RuleMeta,
    out: &'a mut Vec<Diagnostic>,
}

impl SiteContext<'_> {
    /// A finding in `file` (relative to the root).
    pub fn report(
        &mut self,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Report<'_> {
        Report::start(self.meta, self.out, file, span, message)
    }
}

/// A finding being written. It joins the rule's findings when dropped, so that
/// `cx.report(span, message).with_help(help);` is a whole report.
pub struct Report<'c> {
    /// Always `Some` until dropped.
    diagnostic: Option<Diagnostic>,
    out: &'c mut Vec<Diagnostic>,
}

impl<'c> Report<'c> {
    /// A finding of the rule `meta` in `file`, joining `out` when dropped.
    fn start(
        meta: &RuleMeta,
        out: &'c mut Vec<Diagnostic>,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            diagnostic: Some(meta.diagnostic(file, span, message)),
            out,
        }
    }

    fn map(mut self, f: impl FnOnce(Diagnostic) -> Diagnostic) -> Self {
        self.diagnostic = self.diagnostic.take().map(f);
        self
    }

    pub fn with_label(self, label: impl Into<String>) -> Self {
        self.map(|d| d.with_label(label))
    }

    pub fn with_help(self, help: impl Into<String>) -> Self {
        self.map(|d| d.with_help(help))
    }

    pub fn with_related(
        self,
        file: impl Into<String>,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        self.map(|d| d.with_related(file, span, label))
    }

    pub fn with_fix(self, span: Range<usize>, replacement: impl Into<String>) -> Self {
        self.map(|d| d.with_fix(span, replacement))
    }
}

impl Deref for Report<'_> {
    type Target = Diagnostic;

    #[allow(
        clippy::expect_used,
        reason = "`diagnostic` is `Some` from `Report::start` until the drop"
    )]
    fn deref(&self) -> &Diagnostic {
        self.diagnostic
            .as_ref()
            .expect("a report holds its diagnostic")
    }
}

impl DerefMut for Report<'_> {
    #[allow(
        clippy::expect_used,
        reason = "`diagnostic` is `Some` from `Report::start` until the drop"
    )]
    fn deref_mut(&mut self) -> &mut Diagnostic {
        self.diagnostic
            .as_mut()
            .expect("a report holds its diagnostic")
    }
}

impl Drop for Report<'_> {
    fn drop(&mut self) {
        self.out.extend(self.diagnostic.take());
    }
}

/// Runs a page rule on one page whose markup is `markup`, adding its findings to `out`.
pub fn run_page(
    rule: &dyn Rule,
    page: &Page,
    markup: PageMarkup<'_>,
    site: &Site,
    out: &mut Vec<Diagnostic>,
) {
    let (meta, start) = (rule.meta(), out.len());
    rule.check_page(&mut PageContext {
        page,
        markup,
        site,
        meta,
        out,
    });
    debug_assert_fixes_declared(meta, out.get(start..).unwrap_or_default());
}

/// Runs a page rule on a view (`site.views`): a finding on a link that, on every page
/// showing it, only may render (a test vigie cannot evaluate) is a warning at most.
pub fn run_view(
    rule: &dyn Rule,
    view: &Page,
    markup: PageMarkup<'_>,
    site: &Site,
    out: &mut Vec<Diagnostic>,
) {
    let start = out.len();
    run_page(rule, view, markup, site, out);
    let crate::site::Role::Shown { showing, .. } = &view.role else {
        return;
    };
    for diagnostic in out.iter_mut().skip(start) {
        let unsure = view
            .content
            .links
            .iter()
            .zip(showing)
            .find(|(link, _)| {
                link.span.start <= diagnostic.span.start && diagnostic.span.end <= link.span.end
            })
            .is_some_and(|(_, shown)| shown.maybe.len() == shown.pages.len());
        if unsure && diagnostic.severity == crate::diagnostic::Severity::Error {
            diagnostic.severity = crate::diagnostic::Severity::Warning;
        }
    }
}

/// Runs a site rule, adding its findings to `out`.
pub fn run_site(rule: &dyn Rule, site: &Site, out: &mut Vec<Diagnostic>) {
    let (meta, start) = (rule.meta(), out.len());
    rule.check_site(&mut SiteContext { site, meta, out });
    debug_assert_fixes_declared(meta, out.get(start..).unwrap_or_default());
}

/// A fix from a rule whose declaration has no `fix:` is a bug of the rule: what the rule
/// says of itself (`vigie explain`) would be wrong. Debug builds, so tests, stop on it.
fn debug_assert_fixes_declared(meta: &RuleMeta, found: &[Diagnostic]) {
    debug_assert!(
        meta.fix != FixAvailability::None || found.iter().all(|d| d.fix.is_none()),
        "`{}` attaches a fix, but its declaration has no `fix:`",
        meta.code
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::{Check, SiteContext, declare_rule};
    use crate::testing::RuleTest;

    declare_rule! {
        /// ## What it does
        /// Offers a fix that its declaration does not announce.
        struct Undeclared {
            code: "test/undeclared-fix",
            severity: Warning,
            scope: Site,
        }
    }

    impl Check for Undeclared {
        fn check_site(&self, cx: &mut SiteContext<'_>) {
            cx.report("page.md", 0..1, "a finding")
                .with_fix(0..1, "a fix");
        }
    }

    #[test]
    #[should_panic(
        expected = "`test/undeclared-fix` attaches a fix, but its declaration has no `fix:`"
    )]
    fn a_fix_the_declaration_does_not_announce_stops_the_tests() {
        RuleTest::new(Undeclared).fail("# Accueil\n").run();
    }
}
