//! When to try again: exponential backoff with jitter, or the server's `Retry-After`
//! (seconds or an HTTP-date), capped.

use std::time::{Duration, SystemTime};

/// Parses a `Retry-After` value at time `now`; a date in the past is "now".
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// The wait before retry number `attempt` (0 for the first retry): the server's
/// `Retry-After` capped at `cap`, or `base · 2^attempt` plus up to 50 % jitter.
pub fn delay(
    attempt: u32,
    retry_after: Option<Duration>,
    base: Duration,
    cap: Duration,
    seed: u64,
) -> Duration {
    if let Some(wanted) = retry_after {
        return wanted.min(cap);
    }
    let backoff = base.saturating_mul(1 << attempt.min(16));
    // Jitter spreads retries of many URLs so they do not hit a host at the same instant.
    let jitter = backoff.mul_f64((mix(seed ^ u64::from(attempt)) % 1000) as f64 / 2000.0);
    backoff.saturating_add(jitter).min(cap.max(base))
}

/// A cheap, well-spread hash (splitmix64) for jitter.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        let now = httpdate::parse_http_date("Sun, 29 Nov 2026 06:00:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 29 Nov 2026 06:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 29 Nov 2026 05:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_retry_after_is_capped() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(60);
        for seed in 0..50 {
            let first = delay(0, None, base, cap, seed);
            let second = delay(1, None, base, cap, seed);
            assert!(first >= base && first <= base.mul_f64(1.5), "{first:?}");
            assert!(
                second >= base * 2 && second <= base.mul_f64(3.0),
                "{second:?}"
            );
        }
        assert_eq!(delay(0, Some(Duration::from_secs(3600)), base, cap, 1), cap);
        assert_eq!(
            delay(3, Some(Duration::from_secs(2)), base, cap, 1),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn absurd_settings_and_headers_do_not_overflow() {
        // `retry-wait` is any finite number of seconds: the backoff saturates, no panic.
        let huge = Duration::from_secs(u64::MAX / 4);
        for attempt in [0, 5, 16, 1000, u32::MAX] {
            assert_eq!(delay(attempt, None, huge, huge, 7), huge);
        }
        let now = httpdate::parse_http_date("Sun, 29 Nov 2026 06:00:00 GMT").unwrap();
        let far = parse_retry_after("18446744073709551615", now);
        assert_eq!(far, Some(Duration::from_secs(u64::MAX)));
        let cap = Duration::from_secs(60);
        assert_eq!(delay(0, far, Duration::from_millis(100), cap, 1), cap);
        assert_eq!(parse_retry_after("99999999999999999999999", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }
}
