//! Where a signed-in user's tokens are kept between refreshes and runs: the [`TokenCache`] trait and the
//! in-memory default. Nothing is written to disk unless the app gives a cache that does (the README shows a file
//! cache in a few lines; an OS keyring crate fits the same trait).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// What a cache returns when it cannot read or write.
pub type CacheError = Box<dyn std::error::Error + Send + Sync>;

/// Keeps a signed-in user's tokens under a key naming the token endpoint, the app and the scopes (see
/// [`DeviceCodeFlow::cache_key`](super::DeviceCodeFlow::cache_key)).
///
/// [`DeviceCodeFlow::sign_in`](super::DeviceCodeFlow::sign_in) loads from it (a hit means no prompt) and saves
/// after the sign-in; [`DelegatedToken`](super::DelegatedToken) saves after every refresh, so a rotated refresh
/// token replaces the old one. Calls are rare (a sign-in, a refresh an hour), so a blocking file write is fine.
///
/// A file cache (the README's): one user's tokens in a JSON file, with the key they were saved under.
///
/// ```no_run
/// use graph_runtime::{serde_json, CacheError, CachedTokens, TokenCache};
///
/// /// The signed-in user's tokens in a file. It holds a refresh token: keep it readable by the user only.
/// struct FileCache(std::path::PathBuf);
///
/// impl TokenCache for FileCache {
///     fn load(&self, key: &str) -> Result<Option<CachedTokens>, CacheError> {
///         match std::fs::read(&self.0) {
///             Ok(json) => {
///                 let (saved_key, tokens): (String, CachedTokens) = serde_json::from_slice(&json)?;
///                 Ok((saved_key == key).then_some(tokens))
///             }
///             Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
///             Err(e) => Err(e.into()),
///         }
///     }
///     fn save(&self, key: &str, tokens: &CachedTokens) -> Result<(), CacheError> {
///         Ok(std::fs::write(&self.0, serde_json::to_vec(&(key, tokens))?)?)
///     }
/// }
/// ```
pub trait TokenCache: Send + Sync + 'static {
    /// The tokens stored under `key`, if any.
    fn load(&self, key: &str) -> Result<Option<CachedTokens>, CacheError>;
    /// Stores `tokens` under `key`, replacing what was there.
    fn save(&self, key: &str, tokens: &CachedTokens) -> Result<(), CacheError>;
}

impl<C: TokenCache + ?Sized> TokenCache for Arc<C> {
    fn load(&self, key: &str) -> Result<Option<CachedTokens>, CacheError> {
        (**self).load(key)
    }
    fn save(&self, key: &str, tokens: &CachedTokens) -> Result<(), CacheError> {
        (**self).save(key, tokens)
    }
}

/// A signed-in user's tokens, as a cache stores them (serde, for a file or a keyring). Its `Debug` output never
/// shows a token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedTokens {
    /// The access token.
    pub access_token: String,
    /// When it expires, in seconds since the Unix epoch; `None` if unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
    /// The refresh token; `None` if the login host gave none (no `offline_access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl CachedTokens {
    /// Tokens that expire `expires_in` from now.
    pub(crate) fn new(
        access_token: &str,
        expires_in: Option<Duration>,
        refresh_token: Option<&str>,
    ) -> Self {
        let expires_at = expires_in
            .and_then(|d| SystemTime::now().checked_add(d))
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        CachedTokens {
            access_token: access_token.to_owned(),
            expires_at,
            refresh_token: refresh_token.map(str::to_owned),
        }
    }

    /// The access token's remaining lifetime in whole seconds (0 if it has expired), if its expiry is known.
    pub(crate) fn expires_in(&self) -> Option<u64> {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?
            .as_secs();
        self.expires_at.map(|at| at.saturating_sub(now))
    }
}

impl fmt::Debug for CachedTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedTokens")
            .field("access_token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// The default cache: in this process's memory only, gone when it exits. Share one (in an `Arc`) between sign-ins
/// to sign in once per process.
#[derive(Default)]
pub struct MemoryCache {
    entries: Mutex<BTreeMap<String, CachedTokens>>,
}

impl MemoryCache {
    /// An empty cache.
    pub fn new() -> Self {
        MemoryCache::default()
    }
}

impl fmt::Debug for MemoryCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<String> = match self.entries.lock() {
            Ok(entries) => entries.keys().cloned().collect(),
            Err(_) => Vec::new(),
        };
        f.debug_struct("MemoryCache").field("keys", &keys).finish()
    }
}

impl TokenCache for MemoryCache {
    fn load(&self, key: &str) -> Result<Option<CachedTokens>, CacheError> {
        let entries = self
            .entries
            .lock()
            .map_err(|_| "the token cache's lock is poisoned")?;
        Ok(entries.get(key).cloned())
    }

    fn save(&self, key: &str, tokens: &CachedTokens) -> Result<(), CacheError> {
        let mut entries = self
            .entries
            .lock()
            .map_err(|_| "the token cache's lock is poisoned")?;
        entries.insert(key.to_owned(), tokens.clone());
        Ok(())
    }
}
