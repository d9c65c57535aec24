//! The Microsoft identity platform's endpoints as the `oauth2` crate sees them: the HTTP client for token requests,
//! the endpoint URLs of a cloud and tenant, and what a failed token request becomes as an [`Error`].
//!
//! The protocol itself (request forms, response parsing, device code polling) is the `oauth2` crate's, run over this
//! crate's own `reqwest::Client` (oauth2 5 implements its `AsyncHttpClient` for reqwest 0.12's client).

use std::error::Error as _;
use std::fmt::Display;
use std::time::Duration;

use oauth2::{ErrorResponseType, HttpClientError, RequestTokenError, StandardErrorResponse};

use crate::client::Cloud;
use crate::error::Error;

/// The client that talks to a token endpoint: rustls, timeouts, and no redirects (a token request must not be
/// forwarded elsewhere with its secrets).
pub(crate) fn http_client() -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::auth(format!("could not build the token HTTP client: {e}")))
}

/// `https://{login host}/{tenant}/oauth2/v2.0/{endpoint}`, the tenant percent-encoded.
pub(crate) fn login_url(cloud: Cloud, tenant: &str, endpoint: &str) -> String {
    let tenant = percent_encoding::utf8_percent_encode(tenant, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "https://{}/{tenant}/oauth2/v2.0/{endpoint}",
        cloud.login_host()
    )
}

/// Parses an endpoint URL given to a provider.
pub(crate) fn parse_url<U>(
    url: &str,
    what: &str,
    wrap: impl FnOnce(url::Url) -> U,
) -> Result<U, Error> {
    url::Url::parse(url).map(wrap).map_err(|e| {
        Error::auth(format!(
            "the {what} URL {url} is not a valid URL ({e}); check the cloud, tenant or the URL given"
        ))
    })
}

/// A failed request to `url` as an [`Error`]. It holds the server's error code and description, or what went wrong
/// on the way; never the request's secrets nor the answer's body (it may hold tokens).
pub(crate) fn request_error<T>(
    url: &str,
    error: RequestTokenError<HttpClientError<reqwest::Error>, StandardErrorResponse<T>>,
) -> Error
where
    T: ErrorResponseType + Display,
{
    match error {
        RequestTokenError::ServerResponse(response) => server_error(
            url,
            &response.error().to_string(),
            response.error_description().map(String::as_str),
        ),
        RequestTokenError::Request(e) => Error::auth(format!(
            "token endpoint {url} could not be reached: {}; check the network and the URL",
            chain(&e)
        )),
        RequestTokenError::Parse(e, _body) if e.inner().is_syntax() || e.inner().is_eof() => {
            Error::auth(format!(
                "token endpoint {url} answered with something that is not JSON (line {} column {}); check the URL",
                e.inner().line(),
                e.inner().column()
            ))
        }
        RequestTokenError::Parse(e, _body) => Error::auth(format!(
            "token endpoint {url} answered JSON that is neither a token response nor an OAuth error (at `{}`)",
            e.path()
        )),
        RequestTokenError::Other(message) => {
            Error::auth(format!("token endpoint {url} answered unexpectedly: {message}"))
        }
    }
}

/// The server's OAuth error `code` with its description, with what to do for the codes a user can act on.
pub(crate) fn server_error(url: &str, code: &str, description: Option<&str>) -> Error {
    let advice = match code {
        "expired_token" => {
            "the device code expired before the sign-in was completed; start the sign-in again and enter the new \
             code before it expires"
        }
        "access_denied" | "authorization_declined" => {
            "the user declined the sign-in (or an administrator blocked it); start the sign-in again and accept"
        }
        "invalid_grant" => {
            "the refresh token is no longer valid (expired, revoked, or the password changed); sign in again"
        }
        "invalid_scope" => "a requested scope is unknown to the login host; check the scopes' spelling",
        "invalid_client" | "unauthorized_client" => {
            "check the client id (and, for a public client's device code flow, that the app registration allows \
             public client flows)"
        }
        _ => "",
    };
    let description = description.unwrap_or("no description");
    Error::auth(if advice.is_empty() {
        format!("token endpoint {url} answered {code}: {description}")
    } else {
        format!("token endpoint {url} answered {code}: {advice} ({description})")
    })
}

/// An HTTP client error and its sources, one after the other.
pub(crate) fn chain(error: &HttpClientError<reqwest::Error>) -> String {
    let mut text = match error {
        HttpClientError::Reqwest(e) => e.to_string(),
        other => other.to_string(),
    };
    let mut source = match error {
        HttpClientError::Reqwest(e) => e.source(),
        other => other.source(),
    };
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
