//! Retry policy: which failures are worth another try, and how long to wait before it.
//!
//! Randomness for jitter comes from a seed the host passed to the driver; each call draws
//! from its own generator (splitmix64), so runs are reproducible under a fixed seed.

use crate::error::Error;

/// What to do about a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// 40001/40014/42001: the token was refused; the request did not run.
    InvalidToken,
    /// 45011: the per-minute limit; wait for the next minute.
    RateLimited,
    /// −1, a catalogue-retryable errcode, a transport failure, HTTP 5xx/429.
    Transient,
    /// Anything else (45009, 61004/40164 and every business error included): fail now.
    Fatal,
}

/// Errcodes meaning "the token you sent is not (or no longer) valid".
pub(crate) const INVALID_TOKEN: [i64; 3] = [40001, 40014, 42001];

pub(crate) fn verdict(error: &Error) -> Verdict {
    match error {
        Error::Api(e) => match e.errcode {
            c if INVALID_TOKEN.contains(&c) => Verdict::InvalidToken,
            45011 => Verdict::RateLimited,
            // Daily quota and IP whitelist: waiting or repeating cannot help.
            45009 | 61004 | 40164 => Verdict::Fatal,
            _ if e.retryable() => Verdict::Transient,
            _ => Verdict::Fatal,
        },
        Error::Transport { .. } => Verdict::Transient,
        Error::HttpStatus { status } if *status >= 500 || *status == 429 => Verdict::Transient,
        _ => Verdict::Fatal,
    }
}

/// A small deterministic generator (splitmix64) for jitter.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `lo..=hi` (`lo` when the range is empty).
    pub(crate) fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo;
        lo + self.next_u64() % span.saturating_add(1)
    }
}

/// Exponential backoff with "equal jitter": the `attempt`-th retry (1-based) waits a random
/// time in `[d/2, d]` where `d = min(base × 2^(attempt−1), max)`.
pub(crate) fn backoff(rng: &mut Rng, base_ms: u64, max_ms: u64, attempt: u32) -> u64 {
    let exp = attempt.saturating_sub(1).min(32);
    let d = base_ms.saturating_mul(1u64 << exp).min(max_ms);
    rng.between(d / 2, d)
}

/// Milliseconds from `now_ms` to the start of the next minute, plus up to 1 s of jitter so
/// that many waiters do not all fire at once.
pub(crate) fn until_next_minute(rng: &mut Rng, now_ms: u64) -> u64 {
    60_000 - now_ms % 60_000 + rng.between(0, 1_000)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ApiError;

    #[test]
    fn backoff_is_bounded_and_jittered() {
        let mut rng = Rng::new(7);
        for attempt in 1..40 {
            let d = backoff(&mut rng, 200, 5_000, attempt);
            let cap = (200u64 << (attempt - 1).min(32)).min(5_000);
            assert!(d >= cap / 2 && d <= cap, "{attempt}: {d}");
        }
    }

    #[test]
    fn next_minute_waits_for_the_boundary() {
        let mut rng = Rng::new(1);
        let d = until_next_minute(&mut rng, 1_700_000_099_500);
        assert!((500..=1_500).contains(&d), "{d}");
    }

    #[test]
    fn verdicts_follow_the_catalogue() {
        let api = |c| Error::Api(ApiError::new("open.get", c, "x"));
        assert_eq!(verdict(&api(-1)), Verdict::Transient);
        assert_eq!(verdict(&api(42001)), Verdict::InvalidToken);
        assert_eq!(verdict(&api(45011)), Verdict::RateLimited);
        assert_eq!(verdict(&api(45009)), Verdict::Fatal);
        assert_eq!(verdict(&api(61004)), Verdict::Fatal);
        assert_eq!(verdict(&api(89002)), Verdict::Fatal);
        assert_eq!(
            verdict(&Error::HttpStatus { status: 502 }),
            Verdict::Transient
        );
        assert_eq!(verdict(&Error::HttpStatus { status: 404 }), Verdict::Fatal);
    }
}
