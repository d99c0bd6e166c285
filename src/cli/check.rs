//! `vigie check`: run every rule and report; external links are checked over HTTP unless
//! `--offline`, with a progress bar on a terminal and a summary line on stderr.

use std::io::IsTerminal;
use std::sync::Arc;

use super::{CheckArgs, Color, ExternalArgs, FailOn, Format, Outcome, write};
use crate::config::settings::ExternalOverrides;
use crate::error::Result;
use crate::report;
use crate::site::verdict::ExternalSummary;

pub fn run(args: &CheckArgs, out: &mut dyn std::io::Write) -> Result<Outcome> {
    let (root, only) = super::root::site_root(&args.paths)?;
    if args.fixes.fix {
        let fixed = super::fix::run(
            &args.fixes,
            &root,
            only.as_deref(),
            options(args, None),
            out,
        )?;
        if args.fixes.diff {
            return Ok(fixed);
        }
    }
    let bar = progress_bar();
    let options = options(args, bar.clone());
    // Never freed: the process ends after the report, and freeing every page's text and
    // tree one by one took 8 % of a 10 000-page check.
    let mut report = std::mem::ManuallyDrop::new(crate::check_with(&root, &options)?);
    if let Some(only) = &only {
        report
            .diagnostics
            .retain(|d| only.iter().any(|p| super::root::is_within(&d.file, p)));
        let (files, pages) = (report.summary.files, report.summary.pages);
        report.summary = report::Summary::count(&report.diagnostics, files, pages);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if args.verbose {
        let mut text = String::from("vigie: detected settings\n");
        let mut provenance: Vec<_> = report.site.settings.provenance.iter().collect();
        provenance.sort_by(|a, b| a.setting.cmp(&b.setting));
        for p in provenance {
            text.push_str(&format!(
                "  {:<34} {}  ({})\n",
                p.setting, p.value, p.source
            ));
        }
        for note in &report.site.settings.notes {
            text.push_str(&format!("  note: {note}\n"));
        }
        for note in report.site.navigation().notes(&report.site) {
            text.push_str(&format!("  note: {note}\n"));
        }
        // Detection goes to stderr so that `--format json` stays parseable; values and notes
        // may come from the site's files (its JavaScript's errors too): inert for the terminal.
        eprint_text(&crate::report::human::inert(&text));
    }
    if let Some(rev) = &args.changed_since {
        let head = args.source.rev.as_deref();
        let (base, known) = super::baseline::at_merge_base(&root, rev, head, options)?;
        let hidden = super::baseline::keep_new(&mut report, &known);
        if !args.quiet {
            eprint_text(&format!(
                "vigie: {hidden} findings were already there at {} (the merge-base with {rev})\n",
                base.get(..12).unwrap_or(&base)
            ));
        }
    }
    if let Some(path) = &args.write_baseline {
        super::baseline::write(path, &report)?;
        if !args.quiet {
            eprint_text(&format!(
                "vigie: {} findings recorded in the baseline {}\n",
                report.diagnostics.len(),
                path.display()
            ));
        }
        return Ok(Outcome::Clean);
    }
    if let Some(path) = &args.baseline {
        let known = super::baseline::read(path)?;
        let hidden = super::baseline::keep_new(&mut report, &known);
        if !args.quiet {
            eprint_text(&format!(
                "vigie: {hidden} findings hidden by the baseline {}\n",
                path.display()
            ));
        }
    }
    let external = &report.site.external.summary;
    if let Some(line) = external_summary(external, args.verbose).filter(|_| !args.quiet) {
        eprint_text(&line);
    }
    if args.statistics {
        write(out, &statistics(&report, args.format))?;
        return Ok(outcome(&report.summary, args.fail_on));
    }
    match args.format {
        Format::Json => {
            let mut value =
                report::json::to_value(&report.diagnostics, &report.sources, &report.summary);
            if external.urls + external.skipped > 0
                && let Some(object) = value.as_object_mut()
            {
                object.insert("external".into(), external_json(external));
            }
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            write(out, &format!("{text}\n"))?;
        }
        Format::Sarif => {
            let rules: Vec<report::sarif::RuleInfo<'_>> = report
                .rules
                .iter()
                .map(|m| report::sarif::RuleInfo {
                    code: &m.code,
                    summary: m.summary(),
                    documentation: m.documentation(),
                    url: m.url.as_deref(),
                    severity: m.severity,
                })
                .collect();
            let located = report::locate(&report.diagnostics, &report.sources);
            let value = report::sarif::to_value(&located, &report.sources, &rules);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            write(out, &format!("{text}\n"))?;
        }
        Format::Github => {
            let located = report::locate(&report.diagnostics, &report.sources);
            write(out, &report::github::render(&located))?;
        }
        Format::Gitlab => {
            let located = report::locate(&report.diagnostics, &report.sources);
            let value = report::gitlab::to_value(&located, &report.sources);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            write(out, &format!("{text}\n"))?;
        }
        Format::Junit => {
            let located = report::locate(&report.diagnostics, &report.sources);
            write(out, &report::junit::render(&located))?;
        }
        Format::Html => {
            let located = report::locate(&report.diagnostics, &report.sources);
            let forge = crate::source::git::origin_and_head(&root).and_then(|(remote, head)| {
                report::html::Forge::of_remote(&remote, &head, &crate::source::git::prefix(&root))
            });
            let page =
                report::html::render(&located, &report.sources, &report.summary, forge.as_ref());
            write(out, &page)?;
        }
        Format::Rdjsonl => {
            let located = report::locate(&report.diagnostics, &report.sources);
            write(out, &report::rdjsonl::render(&located, &report.sources))?;
        }
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let width = terminal_width();
            let text = report::human::render(&report.diagnostics, &report.sources, color, width);
            write(out, &text)?;
            if !args.quiet {
                write(
                    out,
                    &format!("{}\n", report::human::summary_line(&report.summary)),
                )?;
            }
        }
    }
    Ok(outcome(&report.summary, args.fail_on))
}

/// Whether the findings fail the check, at the `--fail-on` threshold.
fn outcome(summary: &report::Summary, fail_on: FailOn) -> Outcome {
    let failing = match fail_on {
        FailOn::Error => summary.errors,
        FailOn::Warning => summary.errors + summary.warnings,
        FailOn::Info => summary.errors + summary.warnings + summary.infos,
    };
    if failing > 0 {
        Outcome::Errors
    } else {
        Outcome::Clean
    }
}

/// `--statistics`: the count of findings per rule, most first, as a table or JSON.
fn statistics(report: &crate::Report, format: Format) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for d in &report.diagnostics {
        *counts.entry((&d.code, d.severity.as_str())).or_default() += 1;
    }
    let fixable = |code: &str| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == code && d.fix.is_some())
            .count()
    };
    let mut rows: Vec<((&str, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|((code, severity), count)| {
                serde_json::json!({ "code": code, "severity": severity, "count": count, "fixable": fixable(code) })
            })
            .collect();
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
    }
    let mut text = String::new();
    for ((code, severity), count) in rows {
        let fixes = match fixable(code) {
            0 => String::new(),
            n => format!("  ({n} fixable)"),
        };
        text.push_str(&format!("{count:>6}  {code:<36} {severity}{fixes}\n"));
    }
    text
}

/// How the check runs, from the command line.
fn options(args: &CheckArgs, bar: Option<indicatif::ProgressBar>) -> crate::CheckOptions {
    crate::CheckOptions {
        online: !args.external.offline,
        external: overrides(&args.external),
        progress: bar.map(|bar| {
            Arc::new(move |done: usize, total: usize| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }) as Arc<dyn Fn(usize, usize) + Send + Sync>
        }),
        snapshot: args.source.snapshot(),
    }
}

/// The command-line values of the check.
fn overrides(args: &ExternalArgs) -> ExternalOverrides {
    ExternalOverrides {
        offline: args.offline,
        timeout: args.timeout,
        max_concurrency: args.max_concurrency,
        remap: args.remap.clone(),
        cache_file: args.cache_file.clone(),
        no_cache: args.no_cache,
        allow_private: args.allow_private,
        embed_titles: args.embed_titles,
    }
}

/// A progress bar on stderr when it is a terminal, none in CI or in a pipe.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} checking external links {pos}/{len} {wide_bar} {elapsed}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// `vigie: 42 external URLs: 30 checked, 10 cached, 2 skipped (…)` and, with `--verbose`,
/// the count per host. Nothing when no external URL was eligible.
fn external_summary(summary: &ExternalSummary, verbose: bool) -> Option<String> {
    if summary.urls == 0 {
        return None;
    }
    let mut parts = vec![
        format!("{} checked", summary.checked),
        format!("{} cached", summary.cached),
        format!("{} skipped", summary.skipped),
    ];
    if summary.no_network > 0 {
        parts.push(format!(
            "{} not checked (network unreachable)",
            summary.no_network
        ));
    }
    if summary.private > 0 {
        parts.push(format!(
            "{} not checked (private address, see --allow-private)",
            summary.private
        ));
    }
    if summary.no_network > 0 && summary.no_network == summary.checked {
        // One line, not a wall of broken links: nothing can be said about them.
        return Some(format!(
            "vigie: {} external URLs could not be checked: no network (every DNS lookup failed); {} cached\n",
            summary.no_network, summary.cached
        ));
    }
    let mut text = format!(
        "vigie: {} external URLs: {}; {} requests\n",
        summary.urls + summary.skipped,
        parts.join(", "),
        summary.requests
    );
    let mut hosts: Vec<(&String, &usize)> = summary.per_host.iter().collect();
    hosts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if verbose {
        for (host, count) in hosts {
            text.push_str(&format!("  {host:<34} {count}\n"));
        }
    } else {
        let top: Vec<String> = hosts
            .iter()
            .take(5)
            .map(|(h, n)| format!("{h} {n}"))
            .collect();
        let more = hosts.len().saturating_sub(5);
        let more = if more > 0 {
            format!(" and {more} more (--verbose)")
        } else {
            String::new()
        };
        text.push_str(&format!("vigie: per host: {}{more}\n", top.join(", ")));
    }
    Some(text)
}

/// The external summary for CI, beside the findings: what was asked, and of whom.
fn external_json(summary: &ExternalSummary) -> serde_json::Value {
    serde_json::json!({
        "urls": summary.urls + summary.skipped,
        "checked": summary.checked,
        "cached": summary.cached,
        "skipped": summary.skipped,
        "not_checked": { "private": summary.private, "no_network": summary.no_network },
        "requests": summary.requests,
        "per_host": summary.per_host,
    })
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

#[allow(clippy::print_stderr)]
pub(super) fn eprint_text(text: &str) {
    eprint!("{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_urls_and_hosts() {
        let mut summary = ExternalSummary {
            urls: 3,
            checked: 2,
            cached: 1,
            skipped: 1,
            requests: 3,
            ..ExternalSummary::default()
        };
        summary.per_host.insert("git.sr.ht".into(), 2);
        summary.per_host.insert("man.sr.ht".into(), 1);
        let text = external_summary(&summary, false).unwrap();
        assert_eq!(
            text,
            "vigie: 4 external URLs: 2 checked, 1 cached, 1 skipped; 3 requests\nvigie: per host: git.sr.ht 2, man.sr.ht 1\n"
        );
        assert_eq!(external_summary(&ExternalSummary::default(), false), None);
    }

    #[test]
    fn no_network_is_one_line_not_a_wall_of_broken_links() {
        let summary = ExternalSummary {
            urls: 40,
            checked: 40,
            no_network: 40,
            ..ExternalSummary::default()
        };
        let text = external_summary(&summary, false).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert!(text.contains("40 external URLs could not be checked: no network"));
    }
}
