//! Adapts an azure_identity credential as a [`TokenProvider`] (the `azure-identity` feature).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{AccessToken, TokenFuture, TokenProvider};
use crate::client::Cloud;
use crate::error::Error;

/// Adapts an azure_identity credential (any `azure_core::credentials::TokenCredential`: `ClientSecretCredential`,
/// `ManagedIdentityCredential`, `AzureCliCredential`, ...) as a [`TokenProvider`]. The credential does its own
/// caching; its tokens are requested for `https://{graph host}/.default`.
#[derive(Debug, Clone)]
pub struct AzureIdentity {
    credential: Arc<dyn azure_core::credentials::TokenCredential>,
    scope: String,
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::credentials::{Secret, TokenCredential, TokenRequestOptions};
    use std::future::Future;
    use std::pin::Pin;

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
