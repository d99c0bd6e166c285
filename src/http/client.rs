//! One URL's check: HEAD (GET when HEAD is refused), redirects followed one hop at a time
//! so that each hop is remapped, guarded, limited per host and kept in the chain; retries
//! with backoff. Bodies are never read: a verdict needs the status and headers only.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use tokio::sync::OnceCell;
use url::Url;

use super::guard::{self, GuardedResolver, Refusal};
use super::pool::Pool;
use super::retry;
use crate::config::settings::ExternalSettings;
use crate::site::hosts;
use crate::site::verdict::{Hop, LinkCheck, NotChecked, Verdict};

/// More redirects than this and the link is broken (browsers stop at about 20).
pub const MAX_REDIRECTS: usize = 10;

/// What a server answered, as far as a verdict needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub retry_after: Option<Duration>,
    /// A bot wall announced in the headers (`cf-mitigated: challenge` …).
    pub challenge: Option<String>,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Refused(Refusal),
    Timeout,
    /// The connection was reset or closed mid-answer.
    Reset,
    ConnectionRefused,
    NetworkUnreachable,
    Tls(String),
    Other(String),
}

impl Failure {
    /// Worth another try.
    fn is_transient(&self) -> bool {
        matches!(self, Failure::Timeout | Failure::Reset)
    }

    fn verdict(&self, attempts: u32) -> Verdict {
        let after = if attempts > 1 {
            format!(" ({attempts} attempts)")
        } else {
            String::new()
        };
        match self {
            Failure::Refused(Refusal::Private { host, ip }) => {
                Verdict::NotChecked(NotChecked::PrivateAddress {
                    host: host.clone(),
                    ip: ip.to_string(),
                })
            }
            Failure::Refused(Refusal::UnknownHost { host }) => Verdict::Broken {
                reason: format!("the host `{host}` does not exist (DNS)"),
            },
            Failure::Refused(Refusal::Lookup { host, message }) => Verdict::Flaky {
                reason: format!("the DNS lookup of `{host}` failed: {message}"),
            },
            Failure::Timeout => Verdict::Flaky {
                reason: format!("no answer within the timeout{after}"),
            },
            Failure::Reset => Verdict::Flaky {
                reason: format!("the connection was reset{after}"),
            },
            Failure::ConnectionRefused => Verdict::Flaky {
                reason: "the server refused the connection".into(),
            },
            Failure::NetworkUnreachable => Verdict::NotChecked(NotChecked::NoNetwork),
            Failure::Tls(message) => Verdict::Unverifiable {
                reason: format!("the TLS handshake failed: {message}"),
            },
            Failure::Other(message) => Verdict::Flaky {
                reason: message.clone(),
            },
        }
    }
}

/// How many retries, and how long between them.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base: Duration,
    pub max_retry_after: Duration,
}

/// Runs `attempt` until it succeeds, fails for good, or retries run out; returns the last
/// result and the number of attempts. Retried: timeouts, resets, 408, 429 and 5xx.
pub async fn with_retries<F, Fut>(
    policy: RetryPolicy,
    seed: u64,
    mut attempt: F,
) -> (Result<Answer, Failure>, u32)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Answer, Failure>>,
{
    let mut retries = 0;
    loop {
        let result = attempt().await;
        let retry_after = match &result {
            Ok(a) if a.status == 408 || a.status == 429 || (500..600).contains(&a.status) => {
                a.retry_after
            }
            Err(failure) if failure.is_transient() => None,
            _ => return (result, retries + 1),
        };
        if retries >= policy.max_retries {
            return (result, retries + 1);
        }
        let wait = retry::delay(
            retries,
            retry_after,
            policy.base,
            policy.max_retry_after,
            seed,
        );
        tokio::time::sleep(wait).await;
        retries += 1;
    }
}

/// The outcome of checking one URL, with what the run needs to tell "no network" apart.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub check: LinkCheck,
    /// The last failure was a DNS lookup that found nothing.
    pub dns_failed: bool,
    /// Some server answered.
    pub reached: bool,
}

/// Checks URLs with one HTTP client, shared per-host limits and a request counter.
pub struct Checker {
    client: reqwest::Client,
    pool: Pool,
    settings: ExternalSettings,
    requests: AtomicU64,
    /// Answers by URL for this run: a redirect hop that is also a link of the site (or of
    /// another chain) is requested once, even when two tasks want it at the same time.
    answers: Mutex<HashMap<String, Arc<OnceCell<Attempted>>>>,
}

/// The last result for a URL and the attempts it took.
type Attempted = (Result<Answer, Failure>, u32);

impl Checker {
    pub fn new(settings: &ExternalSettings) -> Result<Self, String> {
        // reqwest is built without a default TLS provider: ring compiles fast and needs no C
        // toolchain beyond cc. Installing twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private: settings.allow_private,
            }))
            .no_proxy()
            .user_agent(concat!(
                "vigie/",
                env!("CARGO_PKG_VERSION"),
                " (link check)"
            ))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Self {
            client,
            pool: Pool::new(settings.max_concurrency),
            settings: settings.clone(),
            requests: AtomicU64::new(0),
            answers: Mutex::default(),
        })
    }

    /// HTTP requests sent so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The address actually requested for `url`: the first matching remap applied.
    pub fn remapped(&self, url: &Url) -> Result<Url, String> {
        remap(url, &self.settings.remap)
    }

    /// Checks `url`, following redirects, within the URL's deadline: a server that answers
    /// each request just before its timeout, redirect after redirect, cannot hold the run.
    pub async fn check(&self, url: &Url) -> Outcome {
        let deadline = self.deadline();
        match tokio::time::timeout(deadline, self.follow(url)).await {
            Ok(outcome) => outcome,
            Err(_) => Outcome {
                check: LinkCheck {
                    verdict: Verdict::Flaky {
                        reason: format!(
                            "no final answer within {} s, redirects and retries included",
                            deadline.as_secs_f64()
                        ),
                    },
                    chain: Vec::new(),
                    cached: false,
                },
                dns_failed: false,
                reached: false,
            },
        }
    }

    /// The most time one URL may take in all: what one address may take (a HEAD and a GET
    /// per attempt, each `Retry-After` honoured), shared by the whole redirect chain.
    fn deadline(&self) -> Duration {
        let s = &self.settings;
        let attempts = s.max_retries.saturating_add(1);
        s.timeout
            .saturating_mul(2)
            .saturating_mul(attempts)
            .saturating_add(s.max_retry_after.saturating_mul(s.max_retries))
    }

    /// Follows `url`'s redirects to a verdict.
    async fn follow(&self, url: &Url) -> Outcome {
        let mut chain: Vec<Hop> = Vec::new();
        let mut current = url.clone();
        let mut seen: HashSet<String> = HashSet::new();
        let mut reached = false;
        loop {
            seen.insert(current.to_string());
            let (answer, attempts) = self.fetch_with_retries(&current).await;
            let answer = match answer {
                Ok(answer) => answer,
                Err(failure) => {
                    let dns_failed = matches!(
                        failure,
                        Failure::Refused(Refusal::UnknownHost { .. } | Refusal::Lookup { .. })
                    );
                    return Outcome {
                        check: LinkCheck {
                            verdict: failure.verdict(attempts),
                            chain,
                            cached: false,
                        },
                        dns_failed,
                        reached,
                    };
                }
            };
            reached = true;
            let broken = |reason: String, chain: Vec<Hop>| Outcome {
                check: LinkCheck {
                    verdict: Verdict::Broken { reason },
                    chain,
                    cached: false,
                },
                dns_failed: false,
                reached: true,
            };
            let Some(location) = answer
                .location
                .as_deref()
                .filter(|_| is_redirect(answer.status))
            else {
                let verdict = final_verdict(&answer, &chain, &current, attempts);
                return Outcome {
                    check: LinkCheck {
                        verdict,
                        chain,
                        cached: false,
                    },
                    dns_failed: false,
                    reached,
                };
            };
            chain.push(Hop {
                url: current.to_string(),
                status: answer.status,
            });
            let Ok(mut next) = current.join(location) else {
                return broken(
                    format!(
                        "it redirects to an invalid address (`{}`)",
                        location.escape_debug()
                    ),
                    chain,
                );
            };
            next.set_fragment(None);
            // A browser follows no redirect to `file:`, `javascript:` …: nor does vigie.
            if !matches!(next.scheme(), "http" | "https") {
                return broken(
                    format!("it redirects to a non-HTTP address (`{}`)", next.scheme()),
                    chain,
                );
            }
            if seen.contains(next.as_str()) {
                let text = chain_text(&chain, next.as_str());
                return broken(format!("redirect loop: {text}"), chain);
            }
            if chain.len() > MAX_REDIRECTS {
                return broken(format!("more than {MAX_REDIRECTS} redirects"), chain);
            }
            // Credentials written in the link go to its own host only.
            if next.host_str() != url.host_str() {
                let _ = next.set_username("");
                let _ = next.set_password(None);
            }
            current = next;
        }
    }

    /// The answer for `url`, asked once per run.
    async fn fetch_with_retries(&self, url: &Url) -> Attempted {
        let cell = {
            let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
            answers.entry(url.to_string()).or_default().clone()
        };
        cell.get_or_init(|| self.fetch_uncached(url)).await.clone()
    }

    async fn fetch_uncached(&self, url: &Url) -> Attempted {
        let policy = RetryPolicy {
            max_retries: self.settings.max_retries,
            base: self.settings.retry_wait,
            max_retry_after: self.settings.max_retry_after,
        };
        let seed = url
            .as_str()
            .bytes()
            .fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(b));
        with_retries(policy, seed, || self.fetch(url)).await
    }

    /// One attempt: HEAD, then GET when the server refuses HEAD.
    async fn fetch(&self, url: &Url) -> Result<Answer, Failure> {
        let requested = self.remapped(url).map_err(Failure::Other)?;
        if let Some(host) = requested.host() {
            guard::check_literal(&host, self.settings.allow_private).map_err(Failure::Refused)?;
        }
        // Limits follow the host the link names, whatever remap does with it.
        let _slot = self.pool.acquire(url.host_str().unwrap_or("")).await;
        let head = self.send(Method::HEAD, &requested).await?;
        if matches!(head.status, 403 | 404 | 405 | 501) {
            return self.send(Method::GET, &requested).await;
        }
        Ok(head)
    }

    async fn send(&self, method: Method, url: &Url) -> Result<Answer, Failure> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let response = self
            .client
            .request(method, url.clone())
            .header(reqwest::header::ACCEPT, "text/html,*/*;q=0.8")
            .send()
            .await
            .map_err(|e| classify(&e))?;
        let headers = response.headers();
        let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
        Ok(Answer {
            status: response.status().as_u16(),
            // Servers send raw UTF-8 in `Location` (`/café`); the URL parser encodes it.
            location: headers
                .get(LOCATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            retry_after: text(RETRY_AFTER)
                .and_then(|v| retry::parse_retry_after(v, SystemTime::now())),
            challenge: challenge(headers),
        })
        // The response is dropped here, its body unread.
    }

    /// The body of `url` (GET), at most `limit` bytes; for oEmbed titles.
    pub async fn small_body(&self, url: &Url, limit: usize) -> Option<String> {
        let requested = self.remapped(url).ok()?;
        if let Some(host) = requested.host() {
            guard::check_literal(&host, self.settings.allow_private).ok()?;
        }
        let _slot = self.pool.acquire(url.host_str().unwrap_or("")).await;
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut response = self.client.get(requested).send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        let mut body = Vec::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            body.extend_from_slice(&chunk);
            if body.len() > limit {
                return None;
            }
        }
        String::from_utf8(body).ok()
    }
}

/// Applies the first remap whose pattern matches `url`.
pub fn remap(url: &Url, remaps: &[crate::config::settings::Remap]) -> Result<Url, String> {
    let Some(rule) = remaps.iter().find(|r| r.pattern.is_match(url.as_str())) else {
        return Ok(url.clone());
    };
    let rewritten = rule
        .pattern
        .replace(url.as_str(), rule.replacement.as_str());
    Url::parse(&rewritten).map_err(|e| format!("the remap of `{url}` gives `{rewritten}`: {e}"))
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

fn is_permanent(status: u16) -> bool {
    matches!(status, 301 | 308)
}

fn chain_text(chain: &[Hop], last: &str) -> String {
    let mut text: Vec<String> = chain
        .iter()
        .map(|h| format!("{} ({})", h.url, h.status))
        .collect();
    text.push(last.to_owned());
    text.join(" → ")
}

/// The verdict on the last answer of a chain.
fn final_verdict(answer: &Answer, chain: &[Hop], last: &Url, attempts: u32) -> Verdict {
    let status = answer.status;
    let accepted = last
        .host_str()
        .and_then(hosts::for_host)
        .is_some_and(|p| p.accept.contains(&status));
    if accepted || (100..400).contains(&status) {
        // Only leading permanent hops say where the link should point now: a 301 to a
        // login page's 302 still moved the page.
        let permanent = chain.iter().take_while(|h| is_permanent(h.status)).count();
        return match permanent {
            0 => Verdict::Ok { status },
            n => Verdict::Moved {
                status: chain.first().map_or(status, |h| h.status),
                to: chain.get(n).map_or(last.to_string(), |h| h.url.clone()),
            },
        };
    }
    let via = if chain.is_empty() {
        String::new()
    } else {
        format!(" after redirects ({})", chain_text(chain, last.as_str()))
    };
    let after = if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    };
    match status {
        401 => Verdict::Unverifiable {
            reason: format!("it asks for a login (401){via}"),
        },
        403 => Verdict::Unverifiable {
            reason: match &answer.challenge {
                Some(wall) => format!("a bot wall answers instead of the page ({wall})"),
                None => format!("the server refuses robots (403 Forbidden){via}"),
            },
        },
        404 => Verdict::Broken {
            reason: format!("the page does not exist (404 Not Found){via}"),
        },
        410 => Verdict::Broken {
            reason: format!("the page was removed (410 Gone){via}"),
        },
        // Retried like 429 and 5xx: still failing after the retries is flaky, not gone.
        408 => Verdict::Flaky {
            reason: format!("the server still times out (408 Request Timeout){after}"),
        },
        429 => Verdict::Flaky {
            reason: format!("the server still limits requests (429 Too Many Requests){after}"),
        },
        500..600 => Verdict::Flaky {
            reason: format!("the server fails ({status}){after}"),
        },
        400..500 => Verdict::Broken {
            reason: format!("the server answers {status}{via}"),
        },
        // 999 (LinkedIn) and other non-standard codes are bot walls.
        _ => Verdict::Unverifiable {
            reason: format!("the server answers the non-standard status {status}, a bot wall"),
        },
    }
}

/// A bot wall named by the response headers.
fn challenge(headers: &HeaderMap) -> Option<String> {
    let has = |name: &str| headers.contains_key(name);
    let value = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    if has("cf-mitigated") {
        return Some(format!(
            "Cloudflare, cf-mitigated: {}",
            value("cf-mitigated")
        ));
    }
    if has("x-amzn-waf-action") {
        return Some("AWS WAF challenge".into());
    }
    if has("x-datadome") || value("server").contains("datadome") {
        return Some("DataDome".into());
    }
    if value("server") == "cloudflare" {
        return Some("Cloudflare".into());
    }
    None
}

/// What a reqwest error means for the verdict.
fn classify(err: &reqwest::Error) -> Failure {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(refusal) = e.downcast_ref::<Refusal>() {
            return Failure::Refused(refusal.clone());
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            match io.kind() {
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
                    return Failure::Reset;
                }
                ConnectionRefused => return Failure::ConnectionRefused,
                TimedOut => return Failure::Timeout,
                NetworkUnreachable | HostUnreachable => return Failure::NetworkUnreachable,
                _ => {}
            }
        }
        // reqwest's own text ends with the URL, whose words say nothing of the failure.
        if e.is::<reqwest::Error>() {
            source = e.source();
            continue;
        }
        let text = e.to_string();
        if text.contains("certificate") || text.contains("handshake") {
            return Failure::Tls(text);
        }
        if text.contains("connection closed before message completed")
            || text.contains("connection reset")
        {
            return Failure::Reset;
        }
        source = e.source();
    }
    if err.is_timeout() {
        Failure::Timeout
    } else if err.is_body() || err.is_decode() {
        Failure::Reset
    } else {
        Failure::Other(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> Answer {
        Answer {
            status,
            location: None,
            retry_after: None,
            challenge: None,
        }
    }

    const POLICY: RetryPolicy = RetryPolicy {
        max_retries: 2,
        base: Duration::from_millis(500),
        max_retry_after: Duration::from_secs(60),
    };

    /// A scripted server: each attempt takes the next answer.
    async fn run(script: Vec<Result<Answer, Failure>>) -> (Result<Answer, Failure>, u32, Duration) {
        let script = Mutex::new(script.into_iter());
        let start = tokio::time::Instant::now();
        let (result, attempts) = with_retries(POLICY, 3, || {
            let next = script.lock().unwrap().next().expect("an answer left");
            async move { next }
        })
        .await;
        (result, attempts, start.elapsed())
    }

    #[tokio::test(start_paused = true)]
    async fn a_503_then_200_is_retried_after_the_backoff() {
        let (result, attempts, waited) = run(vec![Ok(answer(503)), Ok(answer(200))]).await;
        assert_eq!(result, Ok(answer(200)));
        assert_eq!(attempts, 2);
        assert!(
            waited >= POLICY.base && waited <= POLICY.base.mul_f64(1.5),
            "{waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_honoured_and_capped() {
        let mut limited = answer(429);
        limited.retry_after = Some(Duration::from_secs(30));
        let (result, attempts, waited) = run(vec![Ok(limited), Ok(answer(200))]).await;
        assert_eq!((result.map(|a| a.status), attempts), (Ok(200), 2));
        assert_eq!(waited, Duration::from_secs(30));

        let mut greedy = answer(429);
        greedy.retry_after = Some(Duration::from_secs(86_400));
        let (_, _, waited) = run(vec![Ok(greedy), Ok(answer(200))]).await;
        assert_eq!(waited, POLICY.max_retry_after);
    }

    #[tokio::test(start_paused = true)]
    async fn timeouts_stop_after_the_last_retry_and_404_is_never_retried() {
        let (result, attempts, _) = run(vec![
            Err(Failure::Timeout),
            Err(Failure::Timeout),
            Err(Failure::Timeout),
        ])
        .await;
        assert_eq!((result, attempts), (Err(Failure::Timeout), 3));
        let (result, attempts, waited) = run(vec![Ok(answer(404))]).await;
        assert_eq!((result.map(|a| a.status), attempts), (Ok(404), 1));
        assert_eq!(waited, Duration::ZERO);
    }

    #[test]
    fn permanent_redirects_give_the_new_address() {
        let last = Url::parse("https://new.example.fr/page").unwrap();
        let hop = |url: &str, status| Hop {
            url: url.into(),
            status,
        };
        let moved = final_verdict(
            &answer(200),
            &[hop("http://a.fr/", 301), hop("https://a.fr/", 302)],
            &last,
            1,
        );
        assert_eq!(
            moved,
            Verdict::Moved {
                status: 301,
                to: "https://a.fr/".into()
            }
        );
        let temporary = final_verdict(&answer(200), &[hop("https://a.fr/", 302)], &last, 1);
        assert_eq!(temporary, Verdict::Ok { status: 200 });
        let to_404 = final_verdict(&answer(404), &[hop("https://a.fr/", 301)], &last, 1);
        assert!(matches!(to_404, Verdict::Broken { .. }));
        let wall = final_verdict(&answer(999), &[], &last, 1);
        assert!(matches!(wall, Verdict::Unverifiable { .. }));
        let slow = final_verdict(&answer(408), &[], &last, 3);
        assert!(matches!(slow, Verdict::Flaky { .. }), "{slow:?}");
    }
}
