//! The cache file: successes remembered between runs, keyed by the URL actually requested
//! (after remap), trusted for a maximum age. Failures are never stored, so they are always
//! checked again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::config::settings::CacheFile;
use crate::site::verdict::{Hop, LinkCheck, Verdict};

const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Unix seconds.
    checked_at: u64,
    status: u16,
    /// Where a permanent redirect leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moved_to: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    chain: Vec<Hop>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

/// Cached successes, loaded from and saved to one file.
#[derive(Debug, Default)]
pub struct Cache {
    entries: BTreeMap<String, Entry>,
    /// Something was recorded or forgotten since loading: the file is worth writing.
    changed: bool,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache at `path`; empty when missing, unreadable or of another version.
    pub fn load(path: &Path) -> Self {
        let file: Option<File> = std::fs::read_to_string(path)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok());
        match file {
            Some(file) if file.version == VERSION => Self {
                entries: file.entries,
                changed: false,
            },
            _ => Self::default(),
        }
    }

    /// The cached success for `key`, if younger than `max_age`.
    pub fn get(&self, key: &str, max_age: Duration) -> Option<LinkCheck> {
        let entry = self.entries.get(key)?;
        // An entry from the future (a clock set wrong, a hand-edited file) is not trusted:
        // it would never grow old.
        let age = now().checked_sub(entry.checked_at)?;
        if age > max_age.as_secs() {
            return None;
        }
        let verdict = match &entry.moved_to {
            Some(to) => Verdict::Moved {
                status: entry.chain.first().map_or(301, |h| h.status),
                to: to.clone(),
            },
            None => Verdict::Ok {
                status: entry.status,
            },
        };
        Some(LinkCheck {
            verdict,
            chain: entry.chain.clone(),
            cached: true,
        })
    }

    /// Remembers a fresh result: a success is stored, a failure forgets the entry.
    pub fn record(&mut self, key: &str, check: &LinkCheck) {
        let (status, moved_to) = match &check.verdict {
            Verdict::Ok { status } => (*status, None),
            Verdict::Moved { status, to } => (*status, Some(to.clone())),
            _ => {
                self.changed |= self.entries.remove(key).is_some();
                return;
            }
        };
        self.changed = true;
        self.entries.insert(
            key.to_owned(),
            Entry {
                checked_at: now(),
                status,
                moved_to,
                chain: check.chain.clone(),
            },
        );
    }

    /// Whether the file needs writing.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Writes the cache (through a temporary file, so a crash never leaves half a file).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let file = File {
            version: VERSION,
            entries: self.entries.clone(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, text + "\n")?;
        std::fs::rename(&temporary, path)
    }
}

/// The file successes are remembered in: one in the user's cache folder
/// (`$XDG_CACHE_HOME/vigie/`, `~/.cache/vigie/`) unless told otherwise; relative paths are
/// under `root`. `None`: no cache, or a machine with no home.
pub fn location(setting: &CacheFile, root: &Path) -> Option<PathBuf> {
    match setting {
        CacheFile::Off => None,
        CacheFile::At(path) => Some(root.join(path)),
        CacheFile::UserCache => {
            let set = |name: &str| {
                std::env::var_os(name)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            };
            let base = set("XDG_CACHE_HOME")
                .or_else(|| set("HOME").map(|home| home.join(".cache")))
                .or_else(|| set("LOCALAPPDATA"))?;
            Some(base.join("vigie").join("external-links.json"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_lives_outside_the_site() {
        // The test machine has a home: the default is in its cache folder, absolute.
        let default = location(&CacheFile::UserCache, Path::new("site")).expect("a home");
        assert!(default.is_absolute(), "{}", default.display());
        assert!(
            default.ends_with("vigie/external-links.json"),
            "{}",
            default.display()
        );
        let here = location(&CacheFile::At("c.json".into()), Path::new("site"));
        assert_eq!(here, Some(PathBuf::from("site/c.json")));
        assert_eq!(location(&CacheFile::Off, Path::new("site")), None);
    }

    #[test]
    fn successes_are_kept_failures_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.json");
        let mut cache = Cache::default();
        cache.record(
            "https://a.fr/",
            &LinkCheck::new(Verdict::Ok { status: 200 }),
        );
        cache.record(
            "https://b.fr/",
            &LinkCheck::new(Verdict::Broken {
                reason: "404".into(),
            }),
        );
        cache.save(&path).unwrap();
        let cache = Cache::load(&path);
        let hour = Duration::from_secs(3600);
        assert_eq!(
            cache.get("https://a.fr/", hour).map(|c| c.verdict),
            Some(Verdict::Ok { status: 200 })
        );
        assert!(cache.get("https://a.fr/", hour).unwrap().cached);
        assert_eq!(cache.get("https://b.fr/", hour), None);
    }

    #[test]
    fn old_entries_are_not_trusted() {
        let mut cache = Cache::default();
        cache.record(
            "https://a.fr/",
            &LinkCheck::new(Verdict::Ok { status: 200 }),
        );
        cache.entries.get_mut("https://a.fr/").unwrap().checked_at -= 7200;
        assert_eq!(cache.get("https://a.fr/", Duration::from_secs(3600)), None);
    }

    #[test]
    fn entries_from_the_future_are_not_trusted() {
        let mut cache = Cache::default();
        cache.record(
            "https://a.fr/",
            &LinkCheck::new(Verdict::Ok { status: 200 }),
        );
        cache.entries.get_mut("https://a.fr/").unwrap().checked_at += 10 * 365 * 86_400;
        assert_eq!(cache.get("https://a.fr/", Duration::from_secs(3600)), None);
    }

    #[test]
    fn a_corrupt_or_foreign_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.json");
        for text in [
            "{ not json",
            "{\"version\": 99, \"entries\": {}}",
            "{\"version\": 1, \"entries\": {\"https://a.fr/\": {\"checked_at\": -1}}}",
            "\u{0}\u{ff}",
        ] {
            std::fs::write(&path, text).unwrap();
            let cache = Cache::load(&path);
            assert!(cache.entries.is_empty() && !cache.changed(), "{text}");
        }
        assert!(
            Cache::load(&dir.path().join("missing.json"))
                .entries
                .is_empty()
        );
    }
}
