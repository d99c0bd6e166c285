//! Rules: the `Rule` trait, its metadata, and the registry (one line per rule).
//! A rule reads the site model and reports through its context; it never reads files or prints.
//!
//! May import `site`, `parse`, `config`, `source` and `diagnostic`.

pub mod a11y;
pub mod content;
mod context;
pub mod external;
pub mod front_matter;
pub mod html;
pub mod links;
pub mod nav;
pub mod site;
pub mod suppression;

use std::borrow::Cow;
use std::ops::Range;

pub use context::{PageContext, Report, SiteContext, run_page, run_site, run_view};

use crate::diagnostic::{Diagnostic, Severity};

/// Whether a rule looks at one page at a time (run in parallel) or at the whole site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Page,
    Site,
}

/// Whether a rule's findings come with a fix (`Diagnostic::fix`). A rule that attaches a fix
/// says so in its declaration: the tests fail otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// What `vigie rules` and `vigie explain` show of a rule.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// `group/kebab-name`: a contract, never changed once released.
    pub code: Cow<'static, str>,
    pub severity: Severity,
    pub scope: Scope,
    /// The rule's documentation in Markdown (`## What it does` …).
    pub docs: Cow<'static, str>,
    /// Reference URL (RGAA criterion, Eleventy docs …) when there is one.
    pub url: Option<Cow<'static, str>>,
    pub fix: FixAvailability,
    /// A page rule that also checks what pages show of other files (layouts, includes,
    /// data values written into links: `site.views`).
    pub views: bool,
    /// Its fixes keep what the page means (`--fix` applies them; others need
    /// `--unsafe-fixes`).
    pub safe_fix: bool,
}

impl RuleMeta {
    /// A diagnostic of this rule at its default severity.
    pub fn diagnostic(
        &self,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::new(self.code.clone(), self.severity, file, span, message);
        match &self.url {
            Some(url) => diagnostic.with_url(url.clone()),
            None => diagnostic,
        }
    }

    /// The documentation as written, without the space `///` leaves at each line start.
    pub fn documentation(&self) -> String {
        let lines: Vec<&str> = self
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        lines.join("\n").trim().to_owned()
    }

    /// The first sentence of the docs' `## What it does` section, on one line.
    pub fn summary(&self) -> String {
        let Some(section) = self.docs.split("## What it does").nth(1) else {
            return String::new();
        };
        let paragraph: Vec<&str> = section
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let paragraph = paragraph.join(" ");
        match paragraph.split_once(". ") {
            Some((first, _)) => format!("{first}."),
            None => paragraph,
        }
    }
}

/// A rule as the registry runs it. Built-in rules get it from `declare_rule!` and `Check`;
/// rules defined at run time (`content`) implement it directly.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;

    fn check_page(&self, _cx: &mut PageContext<'_>) {}

    fn check_site(&self, _cx: &mut SiteContext<'_>) {}
}

/// The metadata of a rule, as `declare_rule!` writes it from the declaration.
pub trait Declared {
    const META: &'static RuleMeta;
}

/// What a rule file writes: its checking code. Page rules implement `check_page`, site
/// rules `check_site`.
pub trait Check: Send + Sync {
    fn check_page(&self, _cx: &mut PageContext<'_>) {}

    fn check_site(&self, _cx: &mut SiteContext<'_>) {}
}

impl<T: Declared + Check> Rule for T {
    fn meta(&self) -> &RuleMeta {
        T::META
    }

    fn check_page(&self, cx: &mut PageContext<'_>) {
        Check::check_page(self, cx);
    }

    fn check_site(&self, cx: &mut SiteContext<'_>) {
        Check::check_site(self, cx);
    }
}

/// Declares a rule struct whose doc comment becomes its `vigie explain` text.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            severity: $severity:ident,
            scope: $scope:ident $(,)?
            $(url: $url:literal $(,)?)?
            $(fix: $fix:ident $(,)?)?
            $(views: $views:literal $(,)?)?
            $(safe_fix: $safe:literal $(,)?)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            $vis const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: std::borrow::Cow::Borrowed($code),
                severity: $crate::diagnostic::Severity::$severity,
                scope: $crate::rules::Scope::$scope,
                docs: std::borrow::Cow::Borrowed(concat!($($doc, "\n"),*)),
                url: declare_rule!(@url $($url)?),
                fix: declare_rule!(@fix $($fix)?),
                views: declare_rule!(@views $($views)?),
                safe_fix: declare_rule!(@views $($safe)?),
            };
        }

        impl $crate::rules::Declared for $name {
            const META: &'static $crate::rules::RuleMeta = &Self::META;
        }
    };
    (@url $url:literal) => { Some(std::borrow::Cow::Borrowed($url)) };
    (@url) => { None };
    (@fix $fix:ident) => { $crate::rules::FixAvailability::$fix };
    (@fix) => { $crate::rules::FixAvailability::None };
    (@views $views:literal) => { $views };
    (@views) => { false };
}
pub(crate) use declare_rule;

/// Every built-in Rust rule, in code order.
pub fn builtin() -> Vec<Box<dyn Rule>> {
    let rules: Vec<Box<dyn Rule>> = vec![
        Box::new(a11y::frame_title_generic::FrameTitleGeneric),
        Box::new(a11y::frame_title_missing::FrameTitleMissing),
        Box::new(a11y::heading_empty::HeadingEmpty),
        Box::new(a11y::heading_order::HeadingOrder),
        Box::new(a11y::img_alt_missing::ImgAltMissing),
        Box::new(a11y::link_empty::LinkEmpty),
        Box::new(a11y::link_text_generic::LinkTextGeneric),
        Box::new(a11y::link_title_mismatch::LinkTitleMismatch),
        Box::new(a11y::new_window::NewWindow),
        Box::new(external::broken::Broken),
        Box::new(external::embed_title::EmbedTitle),
        Box::new(external::flaky::Flaky),
        Box::new(external::invalid_url::InvalidUrl),
        Box::new(external::redirect::Redirect),
        Box::new(external::unverifiable::Unverifiable),
        Box::new(front_matter::duplicate_key::DuplicateKey),
        Box::new(front_matter::impossible_date::ImpossibleDate),
        Box::new(front_matter::invalid_date::InvalidDate),
        Box::new(front_matter::invalid_permalink::InvalidPermalink),
        Box::new(front_matter::invalid_yaml::InvalidYaml),
        Box::new(front_matter::missing_layout::MissingLayout),
        Box::new(front_matter::missing_title::MissingTitle),
        Box::new(front_matter::not_a_mapping::NotAMapping),
        Box::new(front_matter::unclosed::Unclosed),
        Box::new(front_matter::unknown_key::UnknownKey),
        Box::new(html::attribute_syntax::AttributeSyntax),
        Box::new(html::duplicate_attribute::DuplicateAttribute),
        Box::new(html::duplicate_id::DuplicateId),
        Box::new(html::obsolete_attribute::ObsoleteAttribute),
        Box::new(html::stray_end_tag::StrayEndTag),
        Box::new(html::unclosed_element::UnclosedElement),
        Box::new(links::empty::Empty),
        Box::new(links::invalid_mailto::InvalidMailto),
        Box::new(links::looks_like_domain::LooksLikeDomain),
        Box::new(links::missing_asset::MissingAsset),
        Box::new(links::missing_fragment::MissingFragment),
        Box::new(links::missing_page::MissingPage),
        Box::new(links::self_absolute::SelfAbsolute),
        Box::new(site::invalid_data_file::InvalidDataFile),
        Box::new(site::invalid_encoding::InvalidEncoding),
        Box::new(site::javascript_failed::JavascriptFailed),
        Box::new(site::limit_reached::LimitReached),
        Box::new(site::output_conflict::OutputConflict),
        Box::new(suppression::unknown_rule::UnknownRule),
        Box::new(suppression::unused::Unused),
    ];
    rules.into_iter().chain(nav::rules()).collect()
}

/// Why nothing can be said of what lies in `folder` (an uninitialized submodule), and how
/// to let vigie see it: the help of findings that may be false for that reason.
pub fn unknown_folder_help(folder: &str) -> String {
    format!(
        "`{folder}` is a git submodule that is not initialized here, so what it holds is unknown: `git submodule update --init` lets vigie read it"
    )
}

pub use crate::site::near::closest;
