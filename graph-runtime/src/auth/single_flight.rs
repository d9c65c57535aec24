//! The cached access token shared by every request, and the one-refresh-for-all-waiters rule, for the providers
//! that fetch their own tokens ([`ClientCredentials`](super::ClientCredentials),
//! [`DelegatedToken`](super::DelegatedToken)).
//!
//! Hand-written (a lock held across the fetch): the async once-cells of tokio and other crates set a value once,
//! and a token must be replaced when it nears expiry, with a failed fetch's error given to the callers that waited.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::AccessToken;
use crate::error::Error;

/// The longest lifetime believed from a token endpoint: a year, so that no instant arithmetic can overflow.
const MAX_LIFETIME: Duration = Duration::from_secs(365 * 86_400);

/// A token and when to fetch the next one.
pub(crate) struct Fresh {
    pub(crate) token: AccessToken,
    pub(crate) refresh_at: Instant,
}

impl Fresh {
    /// A token fetched at `started` living `expires_in` seconds (an hour when unknown, at most a year). It is
    /// refreshed five minutes before it expires, or halfway through a shorter lifetime.
    pub(crate) fn new(
        secret: impl Into<String>,
        started: Instant,
        expires_in: Option<u64>,
    ) -> Self {
        let lifetime = Duration::from_secs(expires_in.unwrap_or(3600)).min(MAX_LIFETIME);
        let margin = Duration::from_secs(300).min(lifetime / 2);
        Fresh {
            token: AccessToken::new(secret, Some(started + lifetime)),
            refresh_at: started + lifetime - margin,
        }
    }
}

/// The last fetch's outcome.
#[derive(Default)]
struct Slot {
    token: Option<Fresh>,
    /// Why the last fetch failed, if it did.
    failure: Option<String>,
    fetches: u64,
}

/// A cached token that concurrent callers refresh once.
#[derive(Default)]
pub(crate) struct SingleFlight {
    slot: tokio::sync::Mutex<Slot>,
    /// Fetches finished so far (a copy of `Slot::fetches`, readable without the lock).
    fetches: AtomicU64,
}

impl SingleFlight {
    /// Starts with `token` cached.
    pub(crate) fn with(token: Fresh) -> Self {
        SingleFlight {
            slot: tokio::sync::Mutex::new(Slot {
                token: Some(token),
                ..Slot::default()
            }),
            fetches: AtomicU64::new(0),
        }
    }

    /// The cached token while it is fresh, else the result of `fetch`. Holding the lock across the fetch is what
    /// makes one fetch serve every waiter: those queued behind it get its token, or its error if it failed while
    /// they waited.
    pub(crate) async fn token<F, Fut>(&self, fetch: F) -> Result<AccessToken, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Fresh, Error>>,
    {
        let seen = self.fetches.load(Ordering::Acquire);
        let mut slot = self.slot.lock().await;
        if let Some(cached) = &slot.token {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        if let (Some(failure), true) = (&slot.failure, slot.fetches != seen) {
            return Err(Error::auth(failure.clone()));
        }
        let fetched = fetch().await;
        slot.fetches += 1;
        self.fetches.store(slot.fetches, Ordering::Release);
        match fetched {
            Ok(fresh) => {
                let token = fresh.token.clone();
                slot.token = Some(fresh);
                slot.failure = None;
                Ok(token)
            }
            Err(error) => {
                slot.failure = Some(match &error {
                    Error::Auth { message, .. } => message.clone(),
                    other => other.to_string(),
                });
                Err(error)
            }
        }
    }
}
