//! `vigie check --fix`: applies the fixes findings carry to the files on disk — each file
//! written whole to a temporary file beside it, then renamed over it, only when its bytes
//! are still those vigie read — or prints them as a unified diff (`--diff`).

use std::path::Path;

use super::{FixArgs, Outcome, write};
use crate::error::{Error, Result};

/// Checks the site, applies its fixes (or prints them), and says what it did on stderr.
pub fn run(
    args: &FixArgs,
    root: &Path,
    only: Option<&[String]>,
    options: crate::CheckOptions,
    out: &mut dyn std::io::Write,
) -> Result<Outcome> {
    let report = crate::check_with(root, &options)?;
    let safe = |code: &str| report.rules.iter().any(|r| r.code == code && r.safe_fix);
    let mut by_file: std::collections::BTreeMap<&str, Vec<&crate::diagnostic::Fix>> =
        Default::default();
    let mut left = 0;
    for d in &report.diagnostics {
        let Some(fix) = &d.fix else { continue };
        let wanted =
            only.is_none_or(|only| only.iter().any(|p| super::root::is_within(&d.file, p)));
        if !wanted {
            continue;
        }
        if safe(&d.code) || args.unsafe_fixes {
            by_file.entry(&d.file).or_default().push(fix);
        } else {
            left += 1;
        }
    }
    let (mut fixed, mut files) = (0, 0);
    for (file, fixes) in by_file {
        let Some(read) = report.sources.get(file) else {
            continue;
        };
        let path = root.join(file);
        // The file as it is now: a name vigie had to escape, or a file changed since, is left.
        let Ok(now) = std::fs::read(&path) else {
            continue;
        };
        if now != read.as_bytes() {
            continue;
        }
        let (text, applied) = crate::fix::apply(read, &fixes);
        if applied == 0 {
            continue;
        }
        if args.diff {
            let diff = similar::TextDiff::from_lines(&**read, &text);
            let unified = diff
                .unified_diff()
                .context_radius(2)
                .header(&format!("a/{file}"), &format!("b/{file}"))
                .to_string();
            write(out, &unified)?;
        } else {
            write_atomically(&path, text.as_bytes())?;
        }
        fixed += applied;
        files += 1;
    }
    let verb = if args.diff { "would fix" } else { "fixed" };
    let mut line = format!("vigie: {verb} {fixed} findings in {files} files");
    if left > 0 {
        line.push_str(&format!(" ({left} more with --unsafe-fixes)"));
    }
    super::check::eprint_text(&format!("{line}\n"));
    Ok(if fixed > 0 && args.diff {
        Outcome::Errors
    } else {
        Outcome::Clean
    })
}

/// Replaces the file at `path` with `bytes`: written beside it, then renamed over it, so that
/// it is never half-written; its permissions are kept.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed = |source: std::io::Error| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.vigie-fix"));
    std::fs::write(&temporary, bytes).map_err(failed)?;
    if let Ok(metadata) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&temporary, metadata.permissions());
    }
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        failed(error)
    })
}
