//! Authentication: the [`TokenProvider`] trait and its providers.
//!
//! * [`StaticToken`]: a fixed bearer token.
//! * [`ClientCredentials`]: an app acting as itself (client secret).
//! * [`DeviceCodeFlow`]: a user signs in on another device (the device authorization grant); it gives a
//!   [`DelegatedToken`], refreshed with the user's refresh token, its tokens kept in a [`TokenCache`].
//! * `AzureIdentity` (the `azure-identity` feature): any azure_identity credential.
//!
//! The client asks its provider for a token before every request to the configured Graph host, and only then:
//! uploads, blob sessions and nextLinks on other hosts never get it. The OAuth protocol is the `oauth2` crate's.

#[cfg(feature = "azure-identity")]
mod azure_identity;
mod cache;
mod client_credentials;
mod device_code;
mod endpoint;
mod refresh;
mod single_flight;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use http::HeaderValue;

use crate::error::Error;

#[cfg(feature = "azure-identity")]
pub use azure_identity::AzureIdentity;
pub use cache::{CacheError, CachedTokens, MemoryCache, TokenCache};
pub use client_credentials::ClientCredentials;
pub use device_code::{DeviceCodeFlow, DeviceCodePrompt};
pub use refresh::DelegatedToken;

/// What [`TokenProvider::token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, Error>> + Send + 'a>>;

/// Supplies bearer tokens for Graph. Implementations cache and refresh as they see fit; the client calls
/// [`token`](TokenProvider::token) once per request.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token valid for the configured Graph host.
    fn token(&self) -> TokenFuture<'_>;
}

/// A bearer token and when it expires. Its `Debug` output never shows the value.
#[derive(Clone)]
pub struct AccessToken {
    secret: Arc<str>,
    /// `Bearer {secret}`, built once (marked sensitive); `None` if the value cannot be a header.
    header: Option<HeaderValue>,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// A token; `expires_at` is `None` when unknown (never refreshed).
    pub fn new(secret: impl Into<String>, expires_at: Option<Instant>) -> Self {
        let secret: Arc<str> = Arc::from(secret.into());
        let header = HeaderValue::try_from(format!("Bearer {secret}"))
            .ok()
            .map(|mut value| {
                value.set_sensitive(true);
                value
            });
        AccessToken {
            secret,
            header,
            expires_at,
        }
    }

    /// The `Authorization` header value.
    pub(crate) fn header_value(&self) -> Result<HeaderValue, Error> {
        self.header.clone().ok_or_else(|| {
            Error::auth(
                "the token holds characters a header cannot carry; check where it comes from"
                    .to_owned(),
            )
        })
    }

    /// The token's value. Send it only to the Graph host it was issued for.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// When it expires, if known.
    pub fn expires_at(&self) -> Option<Instant> {
        self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A fixed bearer token (from the environment, a CLI login, ...). Never refreshed.
#[derive(Clone, Debug)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Wraps a token value.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(AccessToken::new(token, None))
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}
