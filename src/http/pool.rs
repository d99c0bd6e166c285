//! Politeness per host: at most `max_concurrency` requests in flight to one host, and
//! `interval` between the starts of two requests to it (from its profile); and the global
//! limit of requests in flight, taken last so that a request waiting for its host never
//! holds a slot another host could use.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::site::hosts;

struct HostSlots {
    in_flight: Arc<Semaphore>,
    /// When the next request to this host may start.
    next_start: tokio::sync::Mutex<Instant>,
    interval: std::time::Duration,
}

/// Per-host limits, created on first use, and the global one.
pub struct Pool {
    hosts: Mutex<HashMap<String, Arc<HostSlots>>>,
    global: Arc<Semaphore>,
}

/// The right to send one request: its host's slot and a global one.
pub struct Slot {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

impl Pool {
    pub fn new(max_concurrency: usize) -> Self {
        Self {
            hosts: Mutex::default(),
            // `--max-concurrency` is any usize; a semaphore panics past MAX_PERMITS.
            global: Arc::new(Semaphore::new(
                max_concurrency.clamp(1, Semaphore::MAX_PERMITS),
            )),
        }
    }

    fn slots(&self, host: &str) -> Arc<HostSlots> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        hosts
            .entry(host.to_owned())
            .or_insert_with(|| {
                let profile = hosts::for_host(host);
                Arc::new(HostSlots {
                    in_flight: Arc::new(Semaphore::new(
                        profile
                            .map_or(hosts::DEFAULT_MAX_CONCURRENCY, |p| p.max_concurrency)
                            .clamp(1, Semaphore::MAX_PERMITS),
                    )),
                    next_start: tokio::sync::Mutex::new(Instant::now()),
                    interval: profile.map(|p| p.interval).unwrap_or_default(),
                })
            })
            .clone()
    }

    /// Waits for a free slot of `host`, its spacing, then a global slot; both are held until
    /// the returned slot is dropped.
    #[allow(
        clippy::expect_used,
        reason = "acquiring fails only on a closed semaphore, and nothing closes them"
    )]
    pub async fn acquire(&self, host: &str) -> Slot {
        let slots = self.slots(host);
        let permit = slots
            .in_flight
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        if !slots.interval.is_zero() {
            let mut next = slots.next_start.lock().await;
            let now = Instant::now();
            if *next > now {
                tokio::time::sleep_until(*next).await;
            }
            *next = Instant::now() + slots.interval;
        }
        let global = self
            .global
            .clone()
            .acquire_owned()
            .await
            .expect("the global semaphore is never closed");
        Slot {
            _host: permit,
            _global: global,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn any_global_limit_is_a_valid_semaphore() {
        for max in [0, 1, usize::MAX] {
            let pool = Pool::new(max);
            drop(pool.acquire("code.gouv.fr").await);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn requests_to_a_spaced_host_start_its_interval_apart() {
        // speakerdeck.com: 2 at once, 200 ms apart.
        let pool = Arc::new(Pool::new(32));
        let start = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..3 {
            let slot = pool.acquire("speakerdeck.com").await;
            starts.push(start.elapsed());
            drop(slot);
        }
        assert_eq!(
            starts,
            [
                Duration::ZERO,
                Duration::from_millis(200),
                Duration::from_millis(400)
            ]
        );
        // Another host is not held back.
        let other = Instant::now();
        drop(pool.acquire("code.gouv.fr").await);
        assert_eq!(other.elapsed(), Duration::ZERO);
    }
}
