//! A signed-in user's tokens as a [`TokenProvider`]: the access token is refreshed with the refresh token before
//! it expires, one refresh serving every waiting request, and a rotated refresh token replaces the old one (in
//! memory and in the [`TokenCache`]).

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use oauth2::basic::BasicClient;
use oauth2::{ClientId, RefreshToken, Scope, TokenResponse, TokenUrl};

use super::cache::{CachedTokens, TokenCache};
use super::endpoint::{parse_url, request_error};
use super::single_flight::{Fresh, SingleFlight};
use super::{TokenFuture, TokenProvider};
use crate::error::Error;

/// The app a user signed in to: where its tokens come from and where they are kept.
pub(crate) struct App {
    pub(crate) token_url: String,
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) cache_key: String,
    pub(crate) cache: Arc<dyn TokenCache>,
    pub(crate) http: reqwest::Client,
}

impl App {
    /// Stores `tokens` in the cache. A cache that fails is reported in the log, not to the request: the tokens
    /// still work in this process.
    pub(crate) fn store(&self, tokens: &CachedTokens) {
        if let Err(error) = self.cache.save(&self.cache_key, tokens) {
            tracing::warn!(
                cache_key = %self.cache_key,
                %error,
                "could not save the signed-in user's tokens to the token cache; the next run will sign in again"
            );
        }
    }

    /// The `oauth2` client for the token endpoint.
    fn oauth(
        &self,
    ) -> Result<
        BasicClient<
            oauth2::EndpointNotSet,
            oauth2::EndpointNotSet,
            oauth2::EndpointNotSet,
            oauth2::EndpointNotSet,
            oauth2::EndpointSet,
        >,
        Error,
    > {
        let token_url = parse_url(&self.token_url, "token", TokenUrl::from_url)?;
        Ok(BasicClient::new(ClientId::new(self.client_id.clone())).set_token_uri(token_url))
    }
}

/// A signed-in user's tokens (from [`DeviceCodeFlow::sign_in`](super::DeviceCodeFlow::sign_in)), refreshed before
/// the access token expires (five minutes before, or halfway through a shorter lifetime). Concurrent requests share
/// one refresh. Its `Debug` output shows the endpoint, app and scopes, never a token.
pub struct DelegatedToken {
    app: App,
    /// The refresh token to send next; replaced when the login host rotates it. Only touched by the one refresh
    /// in flight.
    refresh_token: Mutex<Option<String>>,
    current: SingleFlight,
}

impl fmt::Debug for DelegatedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DelegatedToken")
            .field("token_url", &self.app.token_url)
            .field("client_id", &self.app.client_id)
            .field("scopes", &self.app.scopes)
            .field("can_refresh", &self.can_refresh())
            .finish()
    }
}

impl DelegatedToken {
    /// Starts from `tokens` (just signed in, or from the cache).
    pub(crate) fn new(app: App, tokens: &CachedTokens) -> Self {
        DelegatedToken {
            current: SingleFlight::with(Fresh::new(
                tokens.access_token.as_str(),
                Instant::now(),
                tokens.expires_in(),
            )),
            refresh_token: Mutex::new(tokens.refresh_token.clone()),
            app,
        }
    }

    /// Whether it holds a refresh token (the login host gives one for the `offline_access` scope, which
    /// [`DeviceCodeFlow`](super::DeviceCodeFlow) always asks for).
    pub fn can_refresh(&self) -> bool {
        self.refresh_token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .is_some()
    }

    /// The scopes its tokens were asked for.
    pub fn scopes(&self) -> &[String] {
        &self.app.scopes
    }

    async fn refresh(&self) -> Result<Fresh, Error> {
        let sent = self
            .refresh_token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        let Some(sent) = sent else {
            return Err(Error::auth(format!(
                "the signed-in user's access token for {} expired and there is no refresh token (the login host \
                 gave none: was offline_access refused?); sign in again",
                self.app.client_id
            )));
        };
        let started = Instant::now();
        let response = self
            .app
            .oauth()?
            .exchange_refresh_token(&RefreshToken::new(sent.clone()))
            .add_scopes(self.app.scopes.iter().cloned().map(Scope::new))
            .request_async(&self.app.http)
            .await
            .map_err(|e| request_error(&self.app.token_url, e))?;
        let rotated = response.refresh_token().map(|t| t.secret().clone());
        tracing::debug!(
            token_url = %self.app.token_url,
            rotated = rotated.is_some(),
            "refreshed the signed-in user's access token"
        );
        let refresh_token = rotated.unwrap_or(sent);
        let tokens = CachedTokens::new(
            response.access_token().secret(),
            response.expires_in(),
            Some(&refresh_token),
        );
        *self
            .refresh_token
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(refresh_token);
        self.app.store(&tokens);
        Ok(Fresh::new(
            tokens.access_token,
            started,
            response.expires_in().map(|d| d.as_secs()),
        ))
    }
}

impl TokenProvider for DelegatedToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.current.token(|| self.refresh()))
    }
}
