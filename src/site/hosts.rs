//! Host profiles: what vigie knows of the hosts a site links to, written as data in
//! `rules/hosts/*.toml` and embedded at compile time (one file a host or family): request
//! limits, statuses that mean "fine", offline shape checks and known moves. Pure.

use std::sync::OnceLock;
use std::time::Duration;

use regex::Regex;
use serde::Deserialize;

/// The profile files, by path; a test checks each compiles.
pub const FILES: &[(&str, &str)] = &[
    (
        "rules/hosts/etalab.toml",
        include_str!("../../rules/hosts/etalab.toml"),
    ),
    (
        "rules/hosts/sourcehut.toml",
        include_str!("../../rules/hosts/sourcehut.toml"),
    ),
    (
        "rules/hosts/speakerdeck.toml",
        include_str!("../../rules/hosts/speakerdeck.toml"),
    ),
];

/// Limits for hosts no profile names.
pub const DEFAULT_MAX_CONCURRENCY: usize = 8;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ProfileFile {
    /// Exact host names, or `*.domain` for every subdomain.
    hosts: Vec<String>,
    max_concurrency: Option<usize>,
    interval_ms: Option<u64>,
    /// Statuses that mean the page is there (a host that answers 403 to every robot …).
    #[serde(default)]
    accept: Vec<u16>,
    oembed: Option<String>,
    #[serde(default)]
    shape: Vec<ShapeFile>,
    #[serde(default, rename = "move")]
    moves: Vec<MoveFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ShapeFile {
    applies: String,
    expect: Option<String>,
    message: String,
    help: String,
    fix_find: Option<String>,
    fix_replace: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveFile {
    from: String,
    to: String,
}

/// An offline check of how a host's addresses are written.
#[derive(Debug)]
pub struct Shape {
    /// The addresses the check is about.
    pub applies: Regex,
    /// What they must look like; without it, every address `applies` matches is wrong.
    pub expect: Option<Regex>,
    pub message: String,
    pub help: String,
    /// A mechanical correction: `find` replaced by `replace` (`$1` groups).
    pub fix: Option<(Regex, String)>,
}

impl Shape {
    /// Whether `address` is written wrong for this host.
    pub fn rejects(&self, address: &str) -> bool {
        self.applies.is_match(address) && self.expect.as_ref().is_none_or(|e| !e.is_match(address))
    }

    /// The corrected address, when the profile knows how.
    pub fn fixed(&self, address: &str) -> Option<String> {
        let (find, replace) = self.fix.as_ref()?;
        find.is_match(address)
            .then(|| find.replace(address, replace.as_str()).into_owned())
    }
}

/// A known permanent move: addresses matching `from` now live at `to` (`$1` groups).
#[derive(Debug)]
pub struct Move {
    pub from: Regex,
    pub to: String,
}

/// What vigie knows of one host or family of hosts.
#[derive(Debug)]
pub struct Profile {
    /// The file it comes from.
    pub file: &'static str,
    pub hosts: Vec<String>,
    pub max_concurrency: usize,
    /// Time between two requests to the same host.
    pub interval: Duration,
    pub accept: Vec<u16>,
    /// oEmbed endpoint with `{url}` for the percent-encoded page address.
    pub oembed: Option<String>,
    pub shapes: Vec<Shape>,
    pub moves: Vec<Move>,
}

impl Profile {
    fn matches(&self, host: &str) -> bool {
        self.hosts
            .iter()
            .any(|pattern| match pattern.strip_prefix("*.") {
                Some(domain) => host
                    .strip_suffix(domain)
                    .is_some_and(|sub| sub.ends_with('.')),
                None => host == pattern,
            })
    }

    /// The new address of `url` if the profile knows it moved.
    pub fn moved(&self, url: &str) -> Option<String> {
        self.moves
            .iter()
            .find(|m| m.from.is_match(url))
            .map(|m| m.from.replace(url, m.to.as_str()).into_owned())
    }
}

/// Compiles one profile file; the error names the file and the problem.
pub fn compile(file: &'static str, text: &str) -> Result<Profile, String> {
    let raw: ProfileFile = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    let regex = |pattern: &str| Regex::new(pattern).map_err(|e| format!("{file}: {e}"));
    let mut shapes = Vec::new();
    for shape in raw.shape {
        let fix = match (shape.fix_find, shape.fix_replace) {
            (Some(find), Some(replace)) => Some((regex(&find)?, replace)),
            (None, None) => None,
            _ => return Err(format!("{file}: `fix-find` and `fix-replace` go together")),
        };
        shapes.push(Shape {
            applies: regex(&shape.applies)?,
            expect: shape.expect.as_deref().map(regex).transpose()?,
            message: shape.message,
            help: shape.help,
            fix,
        });
    }
    let moves = raw
        .moves
        .into_iter()
        .map(|m| {
            Ok(Move {
                from: regex(&m.from)?,
                to: m.to,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Profile {
        file,
        hosts: raw.hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
        max_concurrency: raw
            .max_concurrency
            .unwrap_or(DEFAULT_MAX_CONCURRENCY)
            .max(1),
        interval: Duration::from_millis(raw.interval_ms.unwrap_or(0)),
        accept: raw.accept,
        oembed: raw.oembed,
        shapes,
        moves,
    })
}

/// Every built-in profile (compiled once; a broken file is a bug caught by tests).
pub fn all() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|(file, text)| compile(file, text).ok())
            .collect()
    })
}

/// The profile of `host`, if one names it.
pub fn for_host(host: &str) -> Option<&'static Profile> {
    let host = host.to_ascii_lowercase();
    all().iter().find(|p| p.matches(&host))
}

/// The host an address is about: that of a URL, or the domain of an email address.
pub fn host_of(address: &str) -> Option<String> {
    if let Ok(url) = url::Url::parse(address)
        && let Some(host) = url.host_str()
    {
        return Some(host.to_ascii_lowercase());
    }
    let domain = address.rsplit_once('@')?.1;
    let domain = domain.split(['?', '>', '/']).next()?;
    (!domain.is_empty()).then(|| domain.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_file_compiles() {
        for (file, text) in FILES {
            compile(file, text).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(all().len(), FILES.len());
    }

    #[test]
    fn every_file_of_rules_hosts_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/hosts");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| format!("rules/hosts/{}", e.file_name().to_string_lossy()))
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = FILES.iter().map(|(f, _)| (*f).to_owned()).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn hosts_find_their_profile() {
        assert_eq!(
            for_host("git.sr.ht").map(|p| p.file),
            Some("rules/hosts/sourcehut.toml")
        );
        assert_eq!(
            for_host("SILL.etalab.gouv.fr").map(|p| p.file),
            Some("rules/hosts/etalab.toml")
        );
        assert!(for_host("notetalab.gouv.fr").is_none());
        assert_eq!(for_host("git.sr.ht").unwrap().max_concurrency, 2);
    }

    #[test]
    fn shapes_and_moves() {
        let deck = for_host("speakerdeck.com").unwrap();
        let rejects = |address: &str| deck.shapes.iter().any(|s| s.rejects(address));
        assert!(!rejects(
            "https://speakerdeck.com/player/eb46084c2d324ca0bd7d2dac776da8dd"
        ));
        assert!(rejects(
            "https://speakerdeck.com/player/eb46084c2d324ca0bd7d2dac776da8"
        ));
        assert!(!rejects(
            "https://speakerdeck.com/bluehats/le-projet-dynare"
        ));

        let srht = for_host("git.sr.ht").unwrap();
        let shape = srht
            .shapes
            .iter()
            .find(|s| s.rejects("https://git.sr.ht/etalab/communs"))
            .expect("a git.sr.ht owner without ~");
        assert_eq!(
            shape.fixed("https://git.sr.ht/etalab/communs").as_deref(),
            Some("https://git.sr.ht/~etalab/communs")
        );
        let list = |a: &str| srht.shapes.iter().any(|s| s.rejects(a));
        assert!(!list("mailto:~etalab/logiciels-libres@lists.sr.ht"));
        assert!(list("mailto:etalab/logiciels-libres@lists.sr.ht"));
        assert!(list("logiciels-libres@lists.sr.ht"));
        assert!(!list("https://git.sr.ht/~etalab/communs"));

        let etalab = for_host("code.etalab.gouv.fr").unwrap();
        assert_eq!(
            etalab.moved("https://code.etalab.gouv.fr/").as_deref(),
            Some("https://code.gouv.fr/")
        );
        assert_eq!(etalab.moved("https://code.etalab.gouv.fr/x/y"), None);
        assert_eq!(
            host_of("mailto:~a/b@Lists.sr.ht").as_deref(),
            Some("lists.sr.ht")
        );
    }
}
