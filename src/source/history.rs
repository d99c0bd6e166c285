//! Renames in the site's git history, so a broken link can name the page's new place.
//! Edge I/O: runs `git log` once while the site is built; any failure means "no history".

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Old path → newest path (relative to `root`) of every file renamed in the history of the
/// git repository holding `root`. Empty when git is missing or `root` is not in a repository.
pub fn renames(root: &Path) -> HashMap<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotePath=false", "log", "--name-status", "-M"])
        .args(["--diff-filter=R", "--format=", "-z", "--relative"])
        .output();
    match output {
        Ok(output) if output.status.success() => parse(&String::from_utf8_lossy(&output.stdout)),
        _ => HashMap::new(),
    }
}

/// Parses `git log --name-status -z` output, newest commit first: `R100␀old␀new␀…`.
/// A file renamed twice maps from both old names to its newest path.
pub fn parse(log: &str) -> HashMap<String, String> {
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut fields = log.split('\0').map(|f| f.trim_matches('\n'));
    while let Some(status) = fields.next() {
        if !status.starts_with('R') {
            continue;
        }
        let (Some(old), Some(new)) = (fields.next(), fields.next()) else {
            break;
        };
        // Newer renames come first: `new` may itself have moved on since.
        let newest = renames.get(new).cloned().unwrap_or_else(|| new.to_owned());
        renames.entry(old.to_owned()).or_insert(newest);
    }
    // A name that came back into use (renamed away, then re-created) is not a rename.
    renames.retain(|old, newest| old != newest);
    renames
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_successive_renames_to_the_newest_path() {
        // Newest first: b → c, then a → b.
        let log = "R100\0b.md\0c.md\0\nR095\0a.md\0b.md\0";
        let renames = parse(log);
        assert_eq!(renames.get("a.md").map(String::as_str), Some("c.md"));
        assert_eq!(renames.get("b.md").map(String::as_str), Some("c.md"));
    }

    #[test]
    fn no_repository_means_no_renames() {
        let dir = tempfile::tempdir().unwrap();
        assert!(renames(dir.path()).is_empty());
    }
}
