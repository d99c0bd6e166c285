//! What is wrong with a rule file, at its place, and the `content/invalid-rule` diagnostic
//! it becomes.

use std::borrow::Cow;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{FixAvailability, Rule, RuleMeta, Scope};

/// One problem in a rule file: a byte range of that file and what is wrong there.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Problem {
    pub(super) span: Range<usize>,
    pub(super) message: String,
    pub(super) help: Option<String>,
    /// Another place that explains it (the first rule with the same id …): file, span, label.
    pub(super) related: Option<(String, Range<usize>, String)>,
}

impl Problem {
    pub(super) fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
            help: None,
            related: None,
        }
    }

    #[must_use]
    pub(super) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub(super) fn with_related(mut self, file: &str, span: Range<usize>, label: &str) -> Self {
        self.related = Some((file.to_owned(), span, label.to_owned()));
        self
    }

    /// Gives a related place written without a file (a place of the same file) its file.
    #[must_use]
    pub(super) fn in_file(mut self, file: &str) -> Self {
        if let Some((related, _, _)) = &mut self.related
            && related.is_empty()
        {
            *related = file.to_owned();
        }
        self
    }

    /// The diagnostic reported in `file`.
    pub(super) fn into_diagnostic(self, file: &str) -> Diagnostic {
        let mut diagnostic = INVALID_RULE.diagnostic(file, self.span, self.message);
        if let Some(help) = self.help {
            diagnostic = diagnostic.with_help(help);
        }
        if let Some((file, span, label)) = self.related {
            diagnostic = diagnostic.with_related(file, span, label);
        }
        diagnostic
    }
}

/// Listed by `vigie rules` and `vigie explain` like any rule; its diagnostics come from
/// loading the rule files, not from checking pages.
pub struct InvalidRule;

pub const INVALID_RULE: RuleMeta = RuleMeta {
    code: Cow::Borrowed("content/invalid-rule"),
    severity: Severity::Error,
    scope: Scope::Site,
    docs: Cow::Borrowed(
        "## What it does
Reports a content rule file that vigie cannot use.

A rule file is a `rules/**/*.yml` file at the site's root or a `[[rule]]` table of
vigie.toml. It cannot be used when vigie cannot read its YAML, when it has an unknown field,
a regex or a glob that does not compile, no `id`, `message` or check, or the id of another
rule of the site.

## Why is this bad?
The rule is skipped: the pages it was written to protect are not checked. The other rules
and rule files still run.

## Example
```yaml
id: gazette-tags
mesage: a gazette issue has the `bluehats` tag
front-matter:
  properties:
    tags: { contains: bluehats }
```
Use instead:
```yaml
id: gazette-tags
message: a gazette issue has the `bluehats` tag
front-matter:
  properties:
    tags: { contains: bluehats }
```

## References
- `vigie explain` of any `content/…` rule shows a complete rule file.
",
    ),
    url: None,
    fix: FixAvailability::None,
    views: false,
    safe_fix: false,
};

impl Rule for InvalidRule {
    fn meta(&self) -> &RuleMeta {
        &INVALID_RULE
    }
}
