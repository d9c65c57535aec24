//! Retries with Kiota-compatible defaults: 429, 503 and 504 are retried up to 3 times (at most 10), honouring
//! `Retry-After` (seconds or an HTTP date) and otherwise backing off exponentially with jitter, under a cap on the
//! total delay. Every retry carries a `Retry-Attempt` header. Waiting is an async sleep.
//!
//! Every [`Body`](crate::Body) is bytes and so replayable; streamed uploads are cut into byte slices, each of
//! which is retried on its own.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

/// The most retries a client may be configured with.
pub const MAX_RETRIES_CAP: u32 = 10;

/// How a client retries throttled and unavailable responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_retries: u32,
    base_delay: Duration,
    max_total_delay: Duration,
}

impl Default for RetryConfig {
    /// 3 retries, a 3 s base delay, 180 s total (Kiota's defaults).
    fn default() -> Self {
        RetryConfig {
            max_retries: 3,
            base_delay: Duration::from_secs(3),
            max_total_delay: Duration::from_secs(180),
        }
    }
}

impl RetryConfig {
    /// No retries at all.
    pub fn none() -> Self {
        RetryConfig {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets the number of retries, capped at [`MAX_RETRIES_CAP`].
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries.min(MAX_RETRIES_CAP);
        self
    }

    /// Sets the first backoff delay used when the server sends no `Retry-After` (doubled on each retry).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets the cap on the total time spent waiting between attempts of one request. A wait that would pass it
    /// (a long `Retry-After`, say) is not made: the last response's error is returned instead.
    pub fn max_total_delay(mut self, delay: Duration) -> Self {
        self.max_total_delay = delay;
        self
    }

    /// The configured number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `retry` (1-based) of a response with `status` and `headers`, or `None` when it
    /// must not be retried (status not retryable, retries used up, or the total delay cap would be passed).
    pub(crate) fn delay(
        &self,
        status: u16,
        headers: &HeaderMap,
        retry: u32,
        waited: Duration,
    ) -> Option<Duration> {
        if !matches!(status, 429 | 503 | 504) || retry > self.max_retries {
            return None;
        }
        let delay = retry_after(headers, SystemTime::now()).unwrap_or_else(|| self.backoff(retry));
        // A `Retry-After` comes from the server: add without overflowing.
        (waited.checked_add(delay)? <= self.max_total_delay).then_some(delay)
    }

    /// Exponential backoff with "equal jitter": half the doubled delay, plus a random part of the other half.
    fn backoff(&self, retry: u32) -> Duration {
        let full = self
            .base_delay
            .saturating_mul(1u32 << (retry.saturating_sub(1)).min(16));
        let half = full / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// `Retry-After` as a delay: whole seconds, or an HTTP date relative to `now`, in any of the three forms HTTP
/// recipients must accept (RFC 9110, section 5.6.7: `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete
/// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime's `Sun Nov  6 08:49:37 1994`), read by `httpdate`.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_str(value).unwrap(),
        );
        h
    }

    #[test]
    fn a_huge_retry_after_is_not_waited_for_and_does_not_overflow() {
        let config = RetryConfig::default();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "18446744073709551615".parse().unwrap());
        assert_eq!(config.delay(429, &headers, 1, Duration::from_secs(1)), None);
    }

    #[test]
    fn retry_after_seconds_and_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_770); // Sun, 06 Nov 1994 08:49:30 GMT
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:49:37 GMT"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:49:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            retry_after(&headers("Sunday, 06-Nov-94 08:49:37 GMT"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Sun Nov  6 08:49:37 1994"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 25:49:37 GMT"), now),
            None
        );
    }

    #[test]
    fn backoff_grows_with_jitter_and_respects_caps() {
        let config = RetryConfig::default()
            .base_delay(Duration::from_millis(100))
            .max_total_delay(Duration::from_secs(1));
        let empty = HeaderMap::new();
        let first = config.delay(503, &empty, 1, Duration::ZERO).unwrap();
        assert!(
            first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
            "{first:?}"
        );
        let third = config.delay(429, &empty, 3, Duration::ZERO).unwrap();
        assert!(
            third >= Duration::from_millis(200) && third <= Duration::from_millis(400),
            "{third:?}"
        );
        assert_eq!(
            config.delay(429, &empty, 4, Duration::ZERO),
            None,
            "3 retries by default"
        );
        assert_eq!(
            config.delay(500, &empty, 1, Duration::ZERO),
            None,
            "500 is not retried"
        );
        assert_eq!(
            config.delay(429, &headers("5"), 1, Duration::ZERO),
            None,
            "over the total cap"
        );
        assert_eq!(
            RetryConfig::default().max_retries(50).retries(),
            MAX_RETRIES_CAP
        );
    }
}
