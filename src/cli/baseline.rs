//! Baselines: the fingerprints of a check's findings written to a file
//! (`--write-baseline`), and the findings a later check leaves out because a baseline, or
//! the state a change started from (`--changed-since`), holds them.

use std::collections::HashSet;

use crate::error::Result;
use crate::report;

/// Drops the findings whose fingerprint `known` holds; how many it dropped.
pub(super) fn keep_new(report: &mut crate::Report, known: &HashSet<String>) -> usize {
    let fingerprints = report::fingerprints(&report.diagnostics, &report.sources);
    let before = report.diagnostics.len();
    let mut kept = fingerprints.iter().map(|f| !known.contains(f.as_str()));
    report.diagnostics.retain(|_| kept.next().unwrap_or(true));
    let (files, pages) = (report.summary.files, report.summary.pages);
    report.summary = report::Summary::count(&report.diagnostics, files, pages);
    before - report.diagnostics.len()
}

/// Writes the fingerprints of the report's findings (with what each is, for people reading
/// the file), sorted, as JSON.
pub(super) fn write(path: &std::path::Path, report: &crate::Report) -> Result<()> {
    let fingerprints = report::fingerprints(&report.diagnostics, &report.sources);
    let mut rows: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .zip(&fingerprints)
        .map(|(d, f)| serde_json::json!({ "fingerprint": f, "code": d.code, "file": d.file, "message": d.message }))
        .collect();
    rows.sort_by(|a, b| a["fingerprint"].as_str().cmp(&b["fingerprint"].as_str()));
    let value = serde_json::json!({ "version": 1, "tool": "vigie", "findings": rows });
    let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    std::fs::write(path, text).map_err(|source| crate::Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// The fingerprints a baseline file holds.
pub(super) fn read(path: &std::path::Path) -> Result<HashSet<String>> {
    let failed = |reason: String| crate::Error::Baseline {
        path: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| failed(e.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| failed(format!("not JSON: {e}")))?;
    let findings = value
        .get("findings")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| failed("no `findings` list: not a vigie baseline".into()))?;
    Ok(findings
        .iter()
        .filter_map(|f| f.get("fingerprint")?.as_str().map(str::to_owned))
        .collect())
}

/// The fingerprints of the findings of the site at the merge-base of `rev` and `head`
/// (HEAD when `None`), its files named as they are now (git's renames), and that base.
pub(super) fn at_merge_base(
    root: &std::path::Path,
    rev: &str,
    head: Option<&str>,
    options: crate::CheckOptions,
) -> Result<(String, HashSet<String>)> {
    use crate::source::git;
    let base = git::merge_base(root, rev, head.unwrap_or("HEAD"))?;
    let before = crate::CheckOptions {
        snapshot: Some(git::Snapshot::Commit(base.clone())),
        progress: None,
        ..options
    };
    // A site that did not exist yet had no findings.
    let base_report = match crate::check_with(root, &before) {
        Ok(report) => report,
        Err(crate::Error::NotASite { .. }) => return Ok((base, HashSet::new())),
        Err(error) => return Err(error),
    };
    let prefix = git::prefix(root);
    let renames: std::collections::HashMap<String, String> = git::renames(root, &base, head)
        .into_iter()
        .filter_map(|(from, to)| {
            Some((
                from.strip_prefix(&prefix)?.to_owned(),
                to.strip_prefix(&prefix)?.to_owned(),
            ))
        })
        .collect();
    let known =
        report::fingerprints_renamed(&base_report.diagnostics, &base_report.sources, &renames)
            .into_iter()
            .collect();
    Ok((base, known))
}
