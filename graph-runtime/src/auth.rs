//! Authentication: the [`TokenProvider`] trait, a static bearer token, and the OAuth2 client-credentials flow.
//!
//! The client asks its provider for a token before every request to the configured Graph host, and only then:
//! uploads, blob sessions and nextLinks on other hosts never get it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::HeaderValue;

use crate::client::Cloud;
use crate::error::Error;

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

/// The OAuth2 client-credentials flow with a client secret (an app acting as itself).
///
/// Tokens come from `https://{login host}/{tenant}/oauth2/v2.0/token` with scope `https://{graph host}/.default`,
/// are cached, and are refreshed before they expire (five minutes before, or halfway through a shorter lifetime).
/// Concurrent callers share one refresh: the first fetches, the others wait for its result.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: String,
    scope: String,
    http: reqwest::Client,
    cache: tokio::sync::Mutex<Cache>,
    /// Fetches finished so far (a copy of `Cache::fetches`, readable without the lock).
    fetches: AtomicU64,
}

/// The last fetch's outcome.
#[derive(Default)]
struct Cache {
    token: Option<Cached>,
    /// Why the last fetch failed, if it did.
    failure: Option<String>,
    fetches: u64,
}

struct Cached {
    token: AccessToken,
    refresh_at: Instant,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scope", &self.scope)
            .finish()
    }
}

impl ClientCredentials {
    /// A provider for `cloud`'s login host and Graph host.
    pub fn new(
        cloud: Cloud,
        tenant_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::auth(format!("could not build the token HTTP client: {e}")))?;
        let tenant: String = tenant_id.into();
        let tenant =
            percent_encoding::utf8_percent_encode(&tenant, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        Ok(ClientCredentials {
            token_url: format!("https://{}/{tenant}/oauth2/v2.0/token", cloud.login_host()),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: format!("https://{}/.default", cloud.graph_host()),
            http,
            cache: tokio::sync::Mutex::new(Cache::default()),
            fetches: AtomicU64::new(0),
        })
    }

    /// Uses another token endpoint (a local server in tests, a proxy).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// Requests another scope (the default is `https://{graph host}/.default`).
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    async fn fetch(&self) -> Result<Cached, Error> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.as_str()),
            ("scope", self.scope.as_str()),
        ];
        let body = form
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        let started = Instant::now();
        let unreachable = |e: reqwest::Error| {
            Error::auth(format!(
                "token endpoint {}: {}",
                self.token_url,
                e.without_url()
            ))
        };
        let response = self
            .http
            .post(&self.token_url)
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(unreachable)?;
        let json: serde_json::Value =
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
        let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        if !status.is_success() {
            return Err(Error::auth(format!(
                "token endpoint {} answered {status}: {}: {}",
                self.token_url,
                text("error").unwrap_or_else(|| "no error code".to_owned()),
                text("error_description")
                    .unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned())
            )));
        }
        let Some(access_token) = text("access_token") else {
            return Err(Error::auth(format!(
                "token endpoint {} answered {status} without an access_token",
                self.token_url
            )));
        };
        // `expires_in` is a number, or a string on some endpoints; assume an hour when absent.
        let lifetime = match json.get("expires_in") {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.parse().ok(),
            _ => None,
        }
        .unwrap_or(3600);
        // From the token endpoint: capped at a year, so that no instant arithmetic can overflow.
        let lifetime = Duration::from_secs(lifetime.min(365 * 86_400));
        let margin = Duration::from_secs(300).min(lifetime / 2);
        Ok(Cached {
            token: AccessToken::new(access_token, Some(started + lifetime)),
            refresh_at: started + lifetime - margin,
        })
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            // Holding the lock across the fetch is what makes one refresh serve every waiter: those queued behind
            // it get its token, or its error if it failed while they waited.
            let seen = self.fetches.load(Ordering::Acquire);
            let mut cache = self.cache.lock().await;
            if let Some(cached) = &cache.token {
                if Instant::now() < cached.refresh_at {
                    return Ok(cached.token.clone());
                }
            }
            if let (Some(failure), true) = (&cache.failure, cache.fetches != seen) {
                return Err(Error::auth(failure.clone()));
            }
            let fetched = self.fetch().await;
            cache.fetches += 1;
            self.fetches.store(cache.fetches, Ordering::Release);
            match fetched {
                Ok(fresh) => {
                    let token = fresh.token.clone();
                    cache.token = Some(fresh);
                    cache.failure = None;
                    Ok(token)
                }
                Err(error) => {
                    cache.failure = Some(match &error {
                        Error::Auth { message, .. } => message.clone(),
                        other => other.to_string(),
                    });
                    Err(error)
                }
            }
        })
    }
}

/// Adapts an azure_identity credential (any `azure_core::credentials::TokenCredential`: `ClientSecretCredential`,
/// `ManagedIdentityCredential`, `AzureCliCredential`, ...) as a [`TokenProvider`]. The credential does its own
/// caching; its tokens are requested for `https://{graph host}/.default`.
#[cfg(feature = "azure-identity")]
#[derive(Debug, Clone)]
pub struct AzureIdentity {
    credential: Arc<dyn azure_core::credentials::TokenCredential>,
    scope: String,
}

#[cfg(feature = "azure-identity")]
impl AzureIdentity {
    /// Wraps `credential`, asking it for tokens for `cloud`'s Graph host.
    pub fn new(
        credential: Arc<dyn azure_core::credentials::TokenCredential>,
        cloud: Cloud,
    ) -> Self {
        AzureIdentity {
            credential,
            scope: format!("https://{}/.default", cloud.graph_host()),
        }
    }

    /// Requests another scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }
}

#[cfg(feature = "azure-identity")]
impl TokenProvider for AzureIdentity {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let token = self
                .credential
                .get_token(&[self.scope.as_str()], None)
                .await
                .map_err(|e| Error::auth(format!("the azure_identity credential failed: {e}")))?;
            let remaining = token.expires_on - time::OffsetDateTime::now_utc();
            let expires_at =
                Instant::now() + Duration::try_from(remaining).unwrap_or(Duration::ZERO);
            Ok(AccessToken::new(token.token.secret(), Some(expires_at)))
        })
    }
}

#[cfg(all(test, feature = "azure-identity"))]
mod azure_identity_tests {
    use super::*;
    use azure_core::credentials::{Secret, TokenCredential, TokenRequestOptions};

    /// A credential that records the scopes it was asked for.
    #[derive(Debug, Default)]
    struct Fake {
        scopes: std::sync::Mutex<Vec<String>>,
    }

    // `TokenCredential` is an `async_trait`; this is the signature the macro produces.
    impl TokenCredential for Fake {
        fn get_token<'a, 'b, 'c, 'd, 'async_trait>(
            &'a self,
            scopes: &'b [&'c str],
            _options: Option<TokenRequestOptions<'d>>,
        ) -> Pin<
            Box<
                dyn Future<Output = azure_core::Result<azure_core::credentials::AccessToken>>
                    + Send
                    + 'async_trait,
            >,
        >
        where
            'a: 'async_trait,
            'b: 'async_trait,
            'c: 'async_trait,
            'd: 'async_trait,
            Self: 'async_trait,
        {
            if let Ok(mut seen) = self.scopes.lock() {
                seen.extend(scopes.iter().map(|s| (*s).to_owned()));
            }
            Box::pin(async move {
                let expires_on = time::OffsetDateTime::now_utc() + time::Duration::minutes(10);
                Ok(azure_core::credentials::AccessToken::new(
                    Secret::new("azure-token"),
                    expires_on,
                ))
            })
        }
    }

    #[tokio::test]
    async fn adapts_a_token_credential_for_the_clouds_graph_scope() {
        let fake = Arc::new(Fake::default());
        let provider = AzureIdentity::new(fake.clone(), Cloud::China);
        let token = provider.token().await.expect("token");
        assert_eq!(token.secret(), "azure-token");
        let left = token
            .expires_at()
            .map(|at| at.saturating_duration_since(Instant::now()));
        assert!(
            left.is_some_and(|d| d > Duration::from_secs(500) && d <= Duration::from_secs(600)),
            "{left:?}"
        );
        assert_eq!(
            *fake.scopes.lock().expect("scopes"),
            ["https://microsoftgraph.chinacloudapi.cn/.default"]
        );
    }
}
