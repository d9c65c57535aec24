//! The OAuth2 client-credentials flow with a client secret (an app acting as itself).

use std::fmt;
use std::time::Instant;

use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, Scope, TokenResponse, TokenUrl};

use super::endpoint::{http_client, login_url, parse_url, request_error};
use super::single_flight::{Fresh, SingleFlight};
use super::{TokenFuture, TokenProvider};
use crate::client::Cloud;
use crate::error::Error;

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
    cache: SingleFlight,
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
        Ok(ClientCredentials {
            token_url: login_url(cloud, &tenant_id.into(), "token"),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scope: format!("https://{}/.default", cloud.graph_host()),
            http: http_client()?,
            cache: SingleFlight::default(),
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

    async fn fetch(&self) -> Result<Fresh, Error> {
        let token_url = parse_url(&self.token_url, "token", TokenUrl::from_url)?;
        let oauth = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.clone()))
            .set_auth_type(AuthType::RequestBody)
            .set_token_uri(token_url);
        let started = Instant::now();
        let response = oauth
            .exchange_client_credentials()
            .add_scope(Scope::new(self.scope.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| request_error(&self.token_url, e))?;
        Ok(Fresh::new(
            response.access_token().secret().as_str(),
            started,
            response.expires_in().map(|d| d.as_secs()),
        ))
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.token(|| self.fetch()))
    }
}
