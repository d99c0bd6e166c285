//! The network edge: checks the site's external URLs over HTTP before the rules run and
//! hands back verdicts (`site::verdict::LinkChecks`) that the `external/*` rules read from
//! the site (`Site::external`). What is pure about external links — which URL a link asks
//! for, host profiles, verdicts — lives in the site model; this module does the I/O
//! (sockets, the cache file) and is used by `lib.rs` only.
//!
//! May import `site`, `config` and `parse`.

pub mod cache;
pub mod client;
pub mod guard;
pub mod pool;
pub mod retry;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use url::Url;

use crate::config::settings::ExternalSettings;
use crate::site::external;
use crate::site::hosts;
use crate::site::verdict::{LinkChecks, NotChecked, Verdict};
use cache::Cache;
use client::{Checker, Outcome};

/// Called after each URL with `(done, total)`: the command line draws a progress bar.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Checks `urls` (unique, normalised) over HTTP; `embeds` are iframe URLs whose real titles
/// are fetched when `embed_titles` is on. Relative cache paths are under `root`.
pub fn check(
    urls: &[Url],
    embeds: &[Url],
    settings: &ExternalSettings,
    root: &Path,
    progress: Option<Progress<'_>>,
) -> Result<LinkChecks, String> {
    let mut results = LinkChecks {
        online: true,
        ..LinkChecks::default()
    };
    let checker = Arc::new(Checker::new(settings)?);
    let cache_path = cache::location(&settings.cache_file, root);
    let mut cache = cache_path.as_deref().map(Cache::load).unwrap_or_default();

    let mut to_request = Vec::new();
    for url in urls {
        let host = url.host_str().unwrap_or("").to_owned();
        let excluded = settings.exclude.iter().any(|r| r.is_match(url.as_str()));
        if excluded || external::is_reserved_host(&host) {
            results.summary.skipped += 1;
            continue;
        }
        results.summary.urls += 1;
        *results.summary.per_host.entry(host).or_default() += 1;
        let key = checker
            .remapped(url)
            .map_or_else(|_| url.to_string(), |u| u.to_string());
        match cache_path
            .as_ref()
            .and_then(|_| cache.get(&key, settings.max_cache_age))
        {
            Some(cached) => {
                results.summary.cached += 1;
                results.by_url.insert(url.to_string(), cached);
            }
            None => to_request.push((url.clone(), key)),
        }
    }

    if to_request.is_empty() && !settings.embed_titles {
        return Ok(results);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the HTTP runtime: {e}"))?;
    let outcomes = runtime.block_on(request_all(&checker, to_request, progress));
    results.summary.checked = outcomes.len();

    // Every lookup failed and no server answered: unknown hosts, or no network at all?
    let no_network = all_lookups_failed(&outcomes) && !runtime.block_on(guard::dns_works());
    for (url, key, mut outcome) in outcomes {
        if no_network && outcome.dns_failed {
            outcome.check.verdict = Verdict::NotChecked(NotChecked::NoNetwork);
        }
        match &outcome.check.verdict {
            Verdict::NotChecked(NotChecked::NoNetwork) => results.summary.no_network += 1,
            Verdict::NotChecked(NotChecked::PrivateAddress { .. }) => results.summary.private += 1,
            _ => {}
        }
        if !matches!(outcome.check.verdict, Verdict::NotChecked(_)) {
            cache.record(&key, &outcome.check);
        }
        results.by_url.insert(url.to_string(), outcome.check);
    }

    if settings.embed_titles {
        results.embed_titles = runtime.block_on(embed_titles(&checker, embeds, &results));
    }
    results.summary.requests = checker.requests();
    if let Some(path) = cache_path.filter(|_| cache.changed()) {
        // A cache that cannot be written only costs requests next time.
        let _ = cache.save(&path);
    }
    Ok(results)
}

/// Checks every URL concurrently (the checker's pool limits requests in flight, globally
/// and per host), telling `progress` as each finishes.
async fn request_all(
    checker: &Arc<Checker>,
    to_request: Vec<(Url, String)>,
    progress: Option<Progress<'_>>,
) -> Vec<(Url, String, Outcome)> {
    let total = to_request.len();
    let mut tasks = tokio::task::JoinSet::new();
    for (url, key) in to_request {
        let checker = checker.clone();
        tasks.spawn(async move {
            let outcome = checker.check(&url).await;
            (url, key, outcome)
        });
    }
    let mut done = Vec::with_capacity(total);
    while let Some(joined) = tasks.join_next().await {
        if let Ok(outcome) = joined {
            done.push(outcome);
        }
        if let Some(progress) = progress {
            progress(done.len(), total);
        }
    }
    done
}

/// No server answered and every failure was a DNS lookup.
fn all_lookups_failed(outcomes: &[(Url, String, Outcome)]) -> bool {
    !outcomes.is_empty() && outcomes.iter().all(|(_, _, o)| !o.reached && o.dns_failed)
}

/// The real titles of embedded pages whose host has an oEmbed endpoint.
async fn embed_titles(
    checker: &Checker,
    embeds: &[Url],
    results: &LinkChecks,
) -> HashMap<String, String> {
    let mut titles = HashMap::new();
    for url in embeds {
        let reachable = results
            .get(url.as_str())
            .is_some_and(|c| c.verdict.is_success());
        let endpoint = url
            .host_str()
            .and_then(hosts::for_host)
            .and_then(|p| p.oembed.as_deref());
        let (true, Some(endpoint)) = (reachable, endpoint) else {
            continue;
        };
        let encoded: String =
            url::form_urlencoded::byte_serialize(url.as_str().as_bytes()).collect();
        let Ok(oembed) = Url::parse(&endpoint.replace("{url}", &encoded)) else {
            continue;
        };
        let Some(body) = checker.small_body(&oembed, 256 * 1024).await else {
            continue;
        };
        let title = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("title")?.as_str().map(str::to_owned));
        if let Some(title) = title.map(|t| plain_text(&t)).filter(|t| !t.is_empty()) {
            titles.insert(url.to_string(), title);
        }
    }
    titles
}

/// A provider's text as one plain line: it is printed to a terminal and written into the
/// page by a fix, so no control characters (escape sequences) and no line breaks.
fn plain_text(text: &str) -> String {
    text.split(char::is_control)
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::verdict::LinkCheck;

    fn outcome(dns_failed: bool, reached: bool) -> (Url, String, Outcome) {
        let url = Url::parse("https://a.gouv.fr/").unwrap();
        let check = LinkCheck::new(Verdict::Broken {
            reason: "the host `a.gouv.fr` does not exist (DNS)".into(),
        });
        let outcome = Outcome {
            check,
            dns_failed,
            reached,
        };
        (url, String::new(), outcome)
    }

    #[test]
    fn no_network_is_suspected_only_when_every_lookup_failed() {
        assert!(all_lookups_failed(&[
            outcome(true, false),
            outcome(true, false)
        ]));
        assert!(!all_lookups_failed(&[
            outcome(true, false),
            outcome(false, true)
        ]));
        assert!(!all_lookups_failed(&[]));
    }

    #[test]
    fn provider_titles_lose_their_control_characters() {
        assert_eq!(
            plain_text("Le projet\u{1b}[2J\u{1b}]0;pwned\u{7}\n Dynare\u{9b}31m"),
            "Le projet [2J ]0;pwned Dynare 31m"
        );
        assert_eq!(plain_text("\u{1b}\u{7}\t"), "");
    }
}
