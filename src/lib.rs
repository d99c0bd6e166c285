//! vigie checks the content of Eleventy sites — front matter, navigation, links, inline
//! HTML — before they are built, and reports each problem at its exact place.
//!
//! `check` is the whole pipeline: discover → load → parse → site model → rules → report.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod js;
pub mod parse;
pub mod report;
pub mod rules;
pub mod site;
pub mod source;

#[cfg(test)]
mod testing;

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, Result};
use report::Summary;
use rules::{Rule, Scope};
use site::Site;
use source::git::{GitTree, Snapshot};
use source::worktree::WorkingTree;
use source::{Inputs, Reader, Sources};

/// The outcome of a check: sorted findings, the texts they point into, and counts.
#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    pub summary: Summary,
    pub site: Site,
    /// What every rule of the check says of itself (for reports that list rules: SARIF).
    pub rules: Vec<rules::RuleMeta>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

/// Reads everything a check of the site needs from `reader`, in two steps: the listing and
/// the files settings come from, then the files those settings say Eleventy reads.
pub fn read_inputs(reader: &mut dyn Reader) -> Result<Inputs> {
    read_site(reader).map(|(inputs, _)| inputs)
}

/// `read_inputs`, with the settings it read them by (the config runs once per check).
pub fn read_site(reader: &mut dyn Reader) -> Result<(Inputs, config::Loaded)> {
    let mut inputs = reader.list()?;
    let first: Vec<String> = inputs
        .paths()
        .filter(|p| config::reads(p) || rules::content::reads(p) || site::build::reads(p))
        .map(str::to_owned)
        .collect();
    reader.read(
        &mut inputs,
        &first.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let loaded = config::load(&inputs)?;
    let settings = &loaded.settings;
    reader.limit_file_size(settings.limits.file_size);
    // A passthrough copy may come from a folder the listing leaves out (`node_modules`).
    for copy in &settings.eleventy.passthrough {
        let base = site::assets::literal_base(&copy.source);
        if !base.is_empty() && !inputs.contains(&base) && !inputs.is_dir(&base) {
            reader.list_under(&mut inputs, &base);
        }
    }
    let found = site::discover::discover(&inputs, &settings.eleventy);
    reader.read(&mut inputs, &found.all().collect::<Vec<_>>())?;
    Ok((inputs, loaded))
}

/// The reader of the site at `root` in the state `snapshot` names (`None`: on disk).
pub fn reader(root: &Path, snapshot: Option<&Snapshot>) -> Result<Box<dyn Reader>> {
    Ok(match snapshot {
        None => Box::new(WorkingTree::new(root)?),
        Some(snapshot) => Box::new(GitTree::open(root, snapshot.clone())?),
    })
}

/// Builds the site model of the site at `root` (on disk, or the state `snapshot` names),
/// and the rules of its `vigie.toml`.
pub fn load(root: &Path, snapshot: Option<&Snapshot>) -> Result<(Site, Vec<toml::Value>)> {
    let (inputs, loaded) = read_site(reader(root, snapshot)?.as_mut())?;
    Ok((site::build(loaded.settings, &inputs), loaded.rules))
}

/// How a check reaches beyond the site's files.
#[derive(Clone, Default)]
pub struct CheckOptions {
    /// Check external links over HTTP (unless `--offline` or `[external] offline`).
    pub online: bool,
    /// Command-line values that win over `[external]` of vigie.toml.
    pub external: config::settings::ExternalOverrides,
    /// Told `(done, total)` after each URL checked: the command line draws a progress bar.
    pub progress: Option<Arc<dyn Fn(usize, usize) + Send + Sync>>,
    /// Check git's index or a commit instead of the files on disk.
    pub snapshot: Option<Snapshot>,
}

impl std::fmt::Debug for CheckOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOptions")
            .field("online", &self.online)
            .field("external", &self.external)
            .field("snapshot", &self.snapshot)
            .finish_non_exhaustive()
    }
}

/// Checks the site at `root` with every rule, offline: no socket is opened, external links
/// get only their offline checks. What tests and embedders call; `vigie check` uses
/// `check_with`.
pub fn check(root: &Path) -> Result<Report> {
    check_with(root, &CheckOptions::default())
}

/// Checks the site at `root` (on disk, or the state `options.snapshot` names); with
/// `options.online`, its external links are first checked over HTTP and the `external/*`
/// rules read the verdicts.
pub fn check_with(root: &Path, options: &CheckOptions) -> Result<Report> {
    let (inputs, loaded) = read_site(reader(root, options.snapshot.as_ref())?.as_mut())?;
    check_loaded(&inputs, loaded, root, options)
}

/// Checks a site given as inputs; `root` is where relative cache paths of the HTTP check
/// live.
pub fn check_inputs(inputs: &Inputs, root: &Path, options: &CheckOptions) -> Result<Report> {
    check_loaded(inputs, config::load(inputs)?, root, options)
}

/// `check_inputs` with the settings already read.
fn check_loaded(
    inputs: &Inputs,
    loaded: config::Loaded,
    root: &Path,
    options: &CheckOptions,
) -> Result<Report> {
    let mut settings = loaded.settings;
    options.external.apply(&mut settings);
    let mut site = site::build(settings, inputs);
    // A job pointed at the wrong folder must fail, not pass on nothing.
    if site.pages.is_empty() {
        let eleventy = &site.settings.eleventy;
        let input = if eleventy.input.is_empty() {
            "."
        } else {
            &eleventy.input
        };
        return Err(Error::NotASite {
            path: root.display().to_string(),
            input: input.to_owned(),
            formats: eleventy
                .template_formats
                .iter()
                .map(|f| format!(".{f}"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    if options.online && !site.settings.external.offline {
        let (urls, embeds) = site::external::site_urls(&site);
        let progress = options.progress.as_deref().map(|p| p as http::Progress<'_>);
        let results = http::check(&urls, &embeds, &site.settings.external, root, progress)
            .map_err(|reason| Error::Root {
                path: root.display().to_string(),
                reason,
            })?;
        site.external = Arc::new(results);
    }
    let data = rules::content::load(inputs, &loaded.rules);
    let mut all: Vec<Box<dyn Rule>> = rules::builtin();
    all.extend(data.rules);
    validate_rule_codes(inputs, &site, &all)?;

    let mut diagnostics = lint(&mut site, &all);
    // Problems in rule files obey `[rules]` like any finding.
    diagnostics.extend(apply_severities(&site.settings, data.diagnostics));
    // Inline comments see every finding, so that they can report those that silence nothing.
    let (kept, about_comments) = rules::suppression::apply(&site, diagnostics, &all);
    diagnostics = kept;
    diagnostics.extend(apply_severities(&site.settings, about_comments));
    diagnostic::sort(&mut diagnostics);
    let limit = site.settings.limits.findings_per_file;
    let (kept, notices) = rules::site::limit_reached::cap_findings(diagnostics, limit);
    diagnostics = kept;
    if !notices.is_empty() {
        diagnostics.extend(apply_severities(&site.settings, notices));
        diagnostic::sort(&mut diagnostics);
    }

    let mut sources = sources_of(&site);
    sources.extend(data.sources);
    let summary = Summary::count(
        &diagnostics,
        site.pages.len() + site.data_files.len(),
        site.pages.len(),
    );
    Ok(Report {
        diagnostics,
        sources,
        summary,
        site,
        rules: all.iter().map(|r| r.meta().clone()).collect(),
    })
}

/// Runs `rules` on the site: page rules in parallel over pages, then site rules; applies
/// the configured severities and drops rules turned off. Each page's markup is taken from
/// it and dropped once its rules have run: only they read it, and it takes as much room as
/// the texts.
pub fn lint(site: &mut Site, rules: &[Box<dyn Rule>]) -> Vec<Diagnostic> {
    let markups: Vec<_> = (site.pages.iter_mut().chain(site.views.iter_mut()))
        .map(|page| page.content.take_markup())
        .collect();
    let site = &*site;
    let active: Vec<&dyn Rule> = rules
        .iter()
        .map(AsRef::as_ref)
        .filter(|rule| {
            let meta = rule.meta();
            site.settings.severity(&meta.code, meta.severity).is_some()
        })
        .collect();
    let page_rules: Vec<&dyn Rule> = active
        .iter()
        .copied()
        .filter(|r| r.meta().scope == Scope::Page)
        .collect();
    let view_rules: Vec<&dyn Rule> = page_rules
        .iter()
        .copied()
        .filter(|r| r.meta().views)
        .collect();
    let pages = site.pages.par_iter().map(|page| (page, &page_rules));
    let views = site.views.par_iter().map(|view| (view, &view_rules));
    let on_pages = || -> Vec<Diagnostic> {
        pages
            .chain(views)
            .zip(markups)
            .filter(|((page, _), _)| page.unread.is_none())
            .flat_map_iter(|((page, rules), markup)| {
                let (mut out, markup) = (Vec::new(), markup.view());
                for rule in rules {
                    match page.role {
                        site::Role::Template => {
                            rules::run_page(*rule, page, markup, site, &mut out);
                        }
                        site::Role::Shown { .. } => {
                            rules::run_view(*rule, page, markup, site, &mut out);
                        }
                    }
                }
                out
            })
            .collect()
    };
    let on_site = || {
        let mut out = Vec::new();
        for rule in active.iter().filter(|r| r.meta().scope == Scope::Site) {
            rules::run_site(*rule, site, &mut out);
        }
        out
    };
    // Built before the rules: its build is split over the threads, and a thread waiting
    // for its part could take up a page's rules, which wait for the index it is building:
    // a deadlock. (A lazy value whose build runs in parallel must not be one that page
    // rules wait for.)
    site.link_index();
    // Site rules run beside page rules: one thread walks the navigation while the others
    // check pages. Findings are sorted below, so their order here does not matter.
    let (mut diagnostics, on_site) = rayon::join(on_pages, on_site);
    diagnostics.extend(on_site);
    let mut diagnostics = apply_severities(&site.settings, diagnostics);
    diagnostic::sort(&mut diagnostics);
    diagnostics
}

/// Gives each diagnostic the severity `[rules]` sets for its code, dropping those turned off.
fn apply_severities(settings: &config::Settings, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut diagnostic| {
            diagnostic.severity = settings.severity(&diagnostic.code, diagnostic.severity)?;
            Some(diagnostic)
        })
        .collect()
}

/// Codes named in `vigie.toml` must exist: a typo there would silently keep a rule on.
fn validate_rule_codes(inputs: &Inputs, site: &Site, rules: &[Box<dyn Rule>]) -> Result<()> {
    let mut codes: Vec<&String> = site.settings.severities.keys().collect();
    codes.sort();
    for code in codes {
        if rules.iter().any(|r| r.meta().code == code.as_str()) {
            continue;
        }
        let text = inputs.text(config::CONFIG_FILE).unwrap_or_default();
        let known = rules.iter().map(|r| r.meta().code.as_ref());
        let hint = rules::closest(code, known)
            .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
        return Err(config::config_error(
            &text,
            code,
            format!("unknown rule `{code}`{hint}"),
        ));
    }
    Ok(())
}

/// The text of every page, data file and layout, by name.
pub fn sources_of(site: &Site) -> Sources {
    site.pages
        .iter()
        .map(|p| &p.file)
        .chain(site.data_files.iter().map(|d| &d.file))
        .chain(site.layouts.iter().map(|l| &l.file))
        .chain(&site.scripts)
        .map(|f| (f.rel.clone(), f.text.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The link index is built in parallel. Were it built by the first page rule that asks,
    /// a thread waiting for its part could take up another page's rules, which wait for the
    /// index that same thread is building: with 16 threads, 2 checks in 14 of the 1 000- and
    /// 10 000-page benchmark sites hung so.
    #[test]
    fn lint_builds_the_link_index_before_any_rule_runs() {
        let inputs = testing::inputs(&[("a.md", "# A\n"), ("b.md", "[A](/a/)\n")]);
        let mut site = testing::build_site(&inputs);
        assert!(site.links.get().is_none(), "built before lint");
        lint(&mut site, &[]);
        assert!(site.links.get().is_some(), "lint did not build it");
    }
}
