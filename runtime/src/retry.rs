//! When a failed attempt is tried again, and how long to wait first.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How the client retries failed attempts.
///
/// The default makes at most 3 attempts within 10 seconds, waiting 100 ms,
/// then 200 ms (doubling, capped at 2 s, each with random jitter), and
/// honours a `Retry-After` of up to 10 s. What is retried:
///
/// - a connection that failed before any byte of the request was written
///   (any method: the server cannot have seen it);
/// - HTTP 429 and 503 (the server refused the work), waiting `Retry-After`
///   when it is given;
/// - other 5xx and timeouts only for idempotent calls (`GET`, `PUT`,
///   `DELETE`, or an endpoint declared `idempotent`): a `POST` that may have
///   reached the server is never sent twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) max_total: Duration,
    pub(crate) max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            max_total: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// No retries: every call makes exactly one attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The maximum number of attempts, including the first (at least 1).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The wait before the first retry; it doubles for each further one.
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The longest computed backoff between two attempts.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// No retry starts when it would begin later than this after the call
    /// started.
    pub fn max_total(mut self, d: Duration) -> Self {
        self.max_total = d;
        self
    }

    /// The longest `Retry-After` honoured; a longer one ends the retries and
    /// the 429/503 is returned.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// The number of attempts this policy allows.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1`, given the server's
    /// `Retry-After`. `None` means: do not retry.
    pub(crate) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.max_delay);
        // Full jitter on the upper half: a wait in [capped/2, capped].
        let half = capped / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let extra = if nanos == 0 { 0 } else { jitter() % nanos };
        Some(half + Duration::from_nanos(extra))
    }
}

/// What kind of failure an attempt ended with, for the retry decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The request was never written: always safe to retry.
    NotSent,
    /// 429 or 503: the server did not do the work.
    Refused,
    /// Other 5xx, a timeout or a broken connection after sending: only
    /// idempotent calls are retried.
    MaybeProcessed,
    /// Anything else (4xx, decode errors): never retried.
    Final,
}

impl Failure {
    pub(crate) fn retryable(self, idempotent: bool) -> bool {
        match self {
            Failure::NotSent | Failure::Refused => true,
            Failure::MaybeProcessed => idempotent,
            Failure::Final => false,
        }
    }
}

/// A cheap, lock-free pseudo-random number for jitter (splitmix64 over a
/// counter seeded from the clock). Not for anything security related.
fn jitter() -> u64 {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    let mut z = STATE
        .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
        .wrapping_add(seed);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_bounds_and_is_capped() {
        let p = RetryPolicy::default();
        for _ in 0..100 {
            let d1 = p.delay(1, None).unwrap();
            assert!(
                d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100),
                "{d1:?}"
            );
            let d2 = p.delay(2, None).unwrap();
            assert!(
                d2 >= Duration::from_millis(100) && d2 <= Duration::from_millis(200),
                "{d2:?}"
            );
            let d9 = p.delay(9, None).unwrap();
            assert!(d9 <= Duration::from_secs(2), "{d9:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(1))),
            Some(Duration::from_secs(1))
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(3600))), None);
    }

    #[test]
    fn the_default_policy_is_the_documented_one() {
        let p = RetryPolicy::default();
        assert_eq!(p.attempts(), 3);
        assert_eq!(p.base_delay, Duration::from_millis(100));
        assert_eq!(p.max_delay, Duration::from_secs(2));
        assert_eq!(p.max_total, Duration::from_secs(10));
        assert_eq!(p.max_retry_after, Duration::from_secs(10));
        assert_eq!(RetryPolicy::none().attempts(), 1);
        assert_eq!(RetryPolicy::none().max_attempts(0).attempts(), 1);
        assert_eq!(RetryPolicy::none().max_attempts(7).attempts(), 7);
    }

    #[test]
    fn each_wait_lies_in_the_upper_half_of_its_doubled_delay() {
        let p = RetryPolicy::default()
            .base_delay(Duration::from_millis(10))
            .max_delay(Duration::from_millis(60));
        // attempt -> the computed delay d; every wait is in [d/2, d].
        let cases = [(1, 10), (2, 20), (3, 40), (4, 60), (5, 60), (40, 60)];
        for (attempt, ms) in cases {
            let d = Duration::from_millis(ms);
            for _ in 0..200 {
                let w = p.delay(attempt, None).unwrap();
                assert!(w >= d / 2 && w <= d, "attempt {attempt}: {w:?}");
            }
        }
        // A huge base does not overflow: it is capped.
        let big = RetryPolicy::default()
            .base_delay(Duration::from_secs(u64::MAX / 4))
            .max_delay(Duration::from_secs(1));
        let w = big.delay(u32::MAX, None).unwrap();
        assert!(w >= Duration::from_millis(500) && w <= Duration::from_secs(1));
    }

    #[test]
    fn waits_are_jittered_across_the_whole_upper_half() {
        // No seed can be injected: 2000 waits of the same attempt must
        // spread over [50 ms, 100 ms]. A fixed wait, or one that only
        // takes a few values, fails; the odds of a fair generator failing
        // are below 1e-90.
        let p = RetryPolicy::default();
        let waits: Vec<Duration> = (0..2000).map(|_| p.delay(1, None).unwrap()).collect();
        let lowest = *waits.iter().min().unwrap();
        let highest = *waits.iter().max().unwrap();
        assert!(lowest < Duration::from_millis(55), "{lowest:?}");
        assert!(highest > Duration::from_millis(95), "{highest:?}");
        let mut distinct = waits.clone();
        distinct.sort();
        distinct.dedup();
        assert!(distinct.len() > 1900, "{} distinct waits", distinct.len());
        // Each tenth of the range gets a share (200 expected in each).
        let mut buckets = [0u32; 10];
        for w in &waits {
            let i = ((w.as_nanos() - 50_000_000) * 10 / 50_000_001) as usize;
            buckets[i] += 1;
        }
        assert!(buckets.iter().all(|&n| n > 100), "{buckets:?}");
        // Two waits in a row differ (attempts of concurrent calls do not
        // retry in lockstep).
        assert!(waits.windows(2).filter(|w| w[0] == w[1]).count() < 5);
    }

    #[test]
    fn every_bit_of_the_jitter_source_is_balanced() {
        // Each of the 64 bits is set in about half of 4000 draws (standard
        // deviation 0.8 %): a generator that leaves bits stuck or biased
        // (a weakened mixing step) fails; a fair one fails with odds below
        // 1e-20.
        let draws: Vec<u64> = (0..4000).map(|_| jitter()).collect();
        for bit in 0..64 {
            let set = draws.iter().filter(|d| (*d >> bit) & 1 == 1).count();
            assert!((1700..=2300).contains(&set), "bit {bit} set {set} times");
        }
    }

    #[test]
    fn a_zero_base_delay_retries_at_once() {
        let p = RetryPolicy::default().base_delay(Duration::ZERO);
        for attempt in [1, 2, 3, 17, u32::MAX] {
            assert_eq!(p.delay(attempt, None), Some(Duration::ZERO), "{attempt}");
        }
        // A 1 ns delay: half is 0, so no jitter either (and no division by 0).
        let p = RetryPolicy::default()
            .base_delay(Duration::from_nanos(1))
            .max_delay(Duration::from_nanos(1));
        assert_eq!(p.delay(1, None), Some(Duration::ZERO));
    }

    #[test]
    fn a_custom_max_retry_after_is_the_bound() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(2));
        let two = Duration::from_secs(2);
        assert_eq!(p.delay(1, Some(two)), Some(two));
        assert_eq!(p.delay(1, Some(two + Duration::from_nanos(1))), None);
        assert_eq!(p.delay(1, Some(Duration::from_secs(3))), None);
        // Retry-After replaces the backoff, whatever the attempt.
        assert_eq!(p.delay(9, Some(Duration::ZERO)), Some(Duration::ZERO));
        // A longer bound lets a longer Retry-After through.
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(60));
        let wait = Duration::from_secs(30);
        assert_eq!(p.delay(1, Some(wait)), Some(wait));
        // Zero: any positive Retry-After ends the retries.
        let p = RetryPolicy::default().max_retry_after(Duration::ZERO);
        assert_eq!(p.delay(1, Some(Duration::from_secs(1))), None);
        assert_eq!(p.delay(1, Some(Duration::ZERO)), Some(Duration::ZERO));
    }

    #[test]
    fn only_idempotent_calls_retry_maybe_processed_failures() {
        assert!(Failure::NotSent.retryable(false));
        assert!(Failure::Refused.retryable(false));
        assert!(!Failure::MaybeProcessed.retryable(false));
        assert!(Failure::MaybeProcessed.retryable(true));
        assert!(!Failure::Final.retryable(true));
        assert!(!Failure::Final.retryable(false));
        assert!(Failure::NotSent.retryable(true));
        assert!(Failure::Refused.retryable(true));
    }
}
