//! What the HTTP check concluded about each external URL: pure data, produced by the
//! network edge before linting and read by the `external/*` rules.

use std::collections::{BTreeMap, HashMap};

/// Why a URL was not requested at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotChecked {
    /// The host resolves (or is written as) a loopback, private or link-local address, and
    /// `--allow-private` was not given.
    PrivateAddress { host: String, ip: String },
    /// The machine has no working network (every DNS lookup failed): nothing can be said.
    NoNetwork,
}

/// One redirect step: `url` answered `status` and pointed elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hop {
    pub url: String,
    pub status: u16,
}

/// The verdict on one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It answers (2xx, or a status its host profile accepts), maybe after temporary
    /// redirects.
    Ok {
        status: u16,
    },
    /// It answers after a permanent redirect (301, 308): `to` is the address to link to.
    Moved {
        status: u16,
        to: String,
    },
    /// It is gone: 404, 410, unknown host, redirect loop, redirect to a 4xx.
    Broken {
        reason: String,
    },
    /// A bot wall or a login stands in the way (401, 403 challenges, 999, TLS trouble).
    Unverifiable {
        reason: String,
    },
    /// It kept failing in ways that may pass: timeouts, resets, 5xx, 429 after retries.
    Flaky {
        reason: String,
    },
    NotChecked(NotChecked),
}

impl Verdict {
    /// Successes are what the cache may keep.
    pub fn is_success(&self) -> bool {
        matches!(self, Verdict::Ok { .. } | Verdict::Moved { .. })
    }
}

/// The verdict on one URL with how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCheck {
    pub verdict: Verdict,
    /// The redirects followed, in order (empty when the URL answered directly).
    pub chain: Vec<Hop>,
    /// Served from the cache file: no request was sent.
    pub cached: bool,
}

impl LinkCheck {
    pub fn new(verdict: Verdict) -> Self {
        Self {
            verdict,
            chain: Vec::new(),
            cached: false,
        }
    }
}

/// Counts for the summary line of an online check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalSummary {
    /// Unique URLs (after normalisation) eligible for checking.
    pub urls: usize,
    /// URLs requested in this run.
    pub checked: usize,
    /// URLs answered from the cache file.
    pub cached: usize,
    /// URLs skipped: reserved example domains, `exclude` patterns.
    pub skipped: usize,
    /// URLs refused because they resolve to a non-public address.
    pub private: usize,
    /// URLs left unchecked because the machine has no network.
    pub no_network: usize,
    /// HTTP requests sent (HEAD and GET, retries and redirects included).
    pub requests: u64,
    /// Unique URLs by host.
    pub per_host: BTreeMap<String, usize>,
}

/// Every URL checked in a run, by normalised URL (`target::normalize`).
#[derive(Debug, Clone, Default)]
pub struct LinkChecks {
    pub by_url: HashMap<String, LinkCheck>,
    pub summary: ExternalSummary,
    /// Titles of embedded decks from their provider's oEmbed endpoint, by normalised URL
    /// (only with `embed-titles`).
    pub embed_titles: HashMap<String, String>,
    /// Whether an online check ran at all.
    pub online: bool,
}

impl LinkChecks {
    pub fn get(&self, url: &str) -> Option<&LinkCheck> {
        self.by_url.get(url)
    }
}
