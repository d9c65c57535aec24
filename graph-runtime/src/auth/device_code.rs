//! The device code flow (OAuth 2.0 device authorization grant, RFC 8628): the app shows a code, the user enters
//! it at the login host's page on any device and signs in, and the app polls the token endpoint until it gets the
//! user's tokens. For command-line tools and devices without a browser.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{
    AsyncHttpClient, ClientId, DeviceAuthorizationResponse, DeviceAuthorizationUrl,
    ExtraDeviceAuthorizationFields, HttpRequest, Scope, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::cache::{CachedTokens, MemoryCache, TokenCache};
use super::endpoint::{chain, http_client, login_url, parse_url, request_error};
use super::refresh::{App, DelegatedToken};
use crate::client::Cloud;
use crate::error::Error;

/// Scopes of the login host itself, sent as they are; any other short name is a Graph permission.
const OPENID_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// Signs a user in with the device code flow against a cloud's login host, for Microsoft Graph.
///
/// ```no_run
/// # async fn demo() -> Result<(), graph_runtime::Error> {
/// use graph_runtime::{Client, Cloud, DeviceCodeFlow};
///
/// let user = DeviceCodeFlow::new(Cloud::Global, "organizations", "00000000-0000-0000-0000-000000000000")
///     .scopes(["User.Read", "Mail.Read"])
///     .sign_in(|prompt| eprintln!("{}", prompt.message))
///     .await?;
/// let client = Client::builder().token_provider(user).build()?;
/// # Ok(()) }
/// ```
///
/// Scopes are the app's choice (a generated client's permission manifest has the least privileged ones:
/// `.scopes(graph::PERMISSIONS.delegated_work.iter())`): short names (`Mail.Read`) are the cloud's Graph permissions
/// (`https://{graph host}/Mail.Read`); `openid`, `profile`, `email` and full URIs are sent as given;
/// `offline_access` is always added, so that the user signs in once and the access token is refreshed. With no
/// scope, `https://{graph host}/.default` (the permissions the app registration lists) is asked for.
pub struct DeviceCodeFlow {
    cloud: Cloud,
    device_authorization_url: String,
    token_url: String,
    client_id: String,
    scopes: Vec<String>,
    cache: Arc<dyn TokenCache>,
    poll_unit: Duration,
}

impl fmt::Debug for DeviceCodeFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCodeFlow")
            .field("device_authorization_url", &self.device_authorization_url)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("scopes", &self.normalized_scopes())
            .field("poll_unit", &self.poll_unit)
            .finish()
    }
}

/// What the user must do to sign in: open [`verification_uri`](Self::verification_uri) and enter
/// [`user_code`](Self::user_code) before [`expires_in`](Self::expires_in) has passed. The user code is meant to
/// be shown; the device code that the app polls with is never in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCodePrompt {
    /// The code the user enters.
    pub user_code: String,
    /// The page where the user enters it.
    pub verification_uri: String,
    /// The page with the code already filled in, when the login host gives one (for a QR code).
    pub verification_uri_complete: Option<String>,
    /// The login host's own instructions (in the user's language), or ours when it gives none.
    pub message: String,
    /// How long the code is valid.
    pub expires_in: Duration,
}

/// The member of Microsoft's device authorization answer that RFC 8628 lacks.
#[derive(Debug, Clone, Deserialize, Serialize)]
struct MessageField {
    #[serde(default)]
    message: Option<String>,
}

impl ExtraDeviceAuthorizationFields for MessageField {}

impl DeviceCodeFlow {
    /// The flow for `client_id` (an app registration that allows public client flows) in `tenant` (a tenant id or
    /// domain, or `organizations`, `consumers`, `common`), against `cloud`'s login host.
    pub fn new(cloud: Cloud, tenant: impl Into<String>, client_id: impl Into<String>) -> Self {
        let tenant = tenant.into();
        DeviceCodeFlow {
            cloud,
            device_authorization_url: login_url(cloud, &tenant, "devicecode"),
            token_url: login_url(cloud, &tenant, "token"),
            client_id: client_id.into(),
            scopes: Vec::new(),
            cache: Arc::new(MemoryCache::new()),
            poll_unit: Duration::from_secs(1),
        }
    }

    /// Adds scopes to ask for (see the type's documentation for how names are read).
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Keeps the tokens in `cache` (the default is a fresh [`MemoryCache`]): a sign-in finds the user's tokens there
    /// and does not prompt, and every refresh saves there.
    pub fn cache(mut self, cache: impl TokenCache) -> Self {
        self.cache = Arc::new(cache);
        self
    }

    /// Uses another device authorization endpoint (a local server in tests, a proxy).
    pub fn device_authorization_url(mut self, url: impl Into<String>) -> Self {
        self.device_authorization_url = url.into();
        self
    }

    /// Uses another token endpoint (a local server in tests, a proxy).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// How long one second of the server's polling interval is waited (default one second, as RFC 8628 says). Only
    /// for tests against a local endpoint: a real login host answers `slow_down` when polled faster.
    pub fn poll_interval_unit(mut self, unit: Duration) -> Self {
        self.poll_unit = unit;
        self
    }

    /// The key the user's tokens are cached under: the token endpoint, the client id and the scopes.
    pub fn cache_key(&self) -> String {
        format!(
            "{} {} {}",
            self.token_url,
            self.client_id,
            self.normalized_scopes().join(" ")
        )
    }

    /// The scopes sent: the app's, Graph permissions qualified with the cloud's Graph host, `offline_access`
    /// added, sorted, each once.
    fn normalized_scopes(&self) -> Vec<String> {
        let graph = self.cloud.graph_host();
        let mut scopes: BTreeSet<String> = self
            .scopes
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s.contains("://") || OPENID_SCOPES.contains(&s) {
                    s.to_owned()
                } else {
                    format!("https://{graph}/{s}")
                }
            })
            .collect();
        if scopes.iter().all(|s| OPENID_SCOPES.contains(&s.as_str())) {
            scopes.insert(format!("https://{graph}/.default"));
        }
        scopes.insert("offline_access".to_owned());
        scopes.into_iter().collect()
    }

    /// Signs the user in: the tokens cached under [`cache_key`](Self::cache_key) if there are any (no prompt),
    /// else the device code flow, calling `prompt` once with what to show the user. Polling honours the login
    /// host's interval and `slow_down`, keeps waiting on `authorization_pending`, and stops with an error naming
    /// the cause on `expired_token`, `access_denied` (the user declined) or any other answer.
    pub async fn sign_in(
        self,
        prompt: impl FnOnce(&DeviceCodePrompt),
    ) -> Result<DelegatedToken, Error> {
        let app = App {
            token_url: self.token_url.clone(),
            client_id: self.client_id.clone(),
            scopes: self.normalized_scopes(),
            cache_key: self.cache_key(),
            cache: self.cache.clone(),
            http: http_client()?,
        };
        match app.cache.load(&app.cache_key) {
            // Usable: a refresh token, or an access token that has not expired.
            Ok(Some(tokens))
                if tokens.refresh_token.is_some() || tokens.expires_in() != Some(0) =>
            {
                tracing::debug!(cache_key = %app.cache_key, "signed in from the token cache");
                return Ok(DelegatedToken::new(app, &tokens));
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(
                cache_key = %app.cache_key,
                %error,
                "could not read the token cache; signing in again"
            ),
        }
        let tokens = self.run(&app, prompt).await?;
        app.store(&tokens);
        Ok(DelegatedToken::new(app, &tokens))
    }

    /// The device authorization request, the prompt, then polling until the user's tokens come.
    async fn run(
        &self,
        app: &App,
        prompt: impl FnOnce(&DeviceCodePrompt),
    ) -> Result<CachedTokens, Error> {
        let oauth = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_device_authorization_url(parse_url(
                &self.device_authorization_url,
                "device authorization",
                DeviceAuthorizationUrl::from_url,
            )?)
            .set_token_uri(parse_url(&self.token_url, "token", TokenUrl::from_url)?);
        let details: DeviceAuthorizationResponse<MessageField> = oauth
            .exchange_device_code()
            .add_scopes(app.scopes.iter().cloned().map(Scope::new))
            .request_async(&app.http)
            .await
            .map_err(|e| request_error(&self.device_authorization_url, e))?;
        let shown = DeviceCodePrompt {
            user_code: details.user_code().secret().clone(),
            verification_uri: details.verification_uri().to_string(),
            verification_uri_complete: details
                .verification_uri_complete()
                .map(|uri| uri.secret().clone()),
            message: details.extra_fields().message.clone().unwrap_or_else(|| {
                format!(
                    "To sign in, open {} and enter the code {}.",
                    details.verification_uri().as_str(),
                    details.user_code().secret()
                )
            }),
            expires_in: details.expires_in(),
        };
        tracing::info!(
            verification_uri = %shown.verification_uri,
            interval_secs = details.interval().as_secs(),
            expires_in_secs = shown.expires_in.as_secs(),
            "device code issued; waiting for the user to sign in"
        );
        prompt(&shown);

        // The server's interval (grown by `slow_down`) scaled by the unit, never past the code's lifetime.
        let (unit, longest) = (self.poll_unit, details.expires_in());
        let sleep = move |interval: Duration| {
            let wait = Duration::try_from_secs_f64(interval.as_secs_f64() * unit.as_secs_f64())
                .unwrap_or(longest)
                .min(longest);
            tokio::time::sleep(wait)
        };
        // oauth2 retries a poll that could not be sent (with a growing interval) until the code expires; say so.
        // (Each poll's future owns what it uses, so that the sign-in's future is `Send` for any caller.)
        let logged = |request: HttpRequest| {
            let (http, token_url) = (app.http.clone(), self.token_url.clone());
            async move {
                let answer = http.call(request).await;
                if let Err(error) = &answer {
                    let error = chain(error);
                    tracing::warn!(%token_url, %error, "could not poll the token endpoint; retrying");
                }
                answer
            }
        };
        let response = oauth
            .exchange_device_access_token(&details)
            .request_async(&logged, sleep, None)
            .await
            .map_err(|e| request_error(&self.token_url, e))?;
        tracing::info!(token_url = %self.token_url, "the user signed in");
        Ok(CachedTokens::new(
            response.access_token().secret(),
            response.expires_in(),
            response.refresh_token().map(|t| t.secret().as_str()),
        ))
    }
}
