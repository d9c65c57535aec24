//! The client: configuration, and the one non-generic path that turns a [`RequestSpec`] into HTTP requests
//! (URL, headers, token, retries, tracing).

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, HeaderValue};
use tracing::Instrument;
use url::Url;

use crate::auth::{StaticToken, TokenProvider};
use crate::error::Error;
use crate::request::{has_dot_segment, Body, Method, Operation, RequestSpec, QUERY};
use crate::response::{FromResponse, Pending, RawResponse, ResponseFuture};
use crate::retry::RetryConfig;

/// A national cloud: which Graph host and which login host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cloud {
    /// `graph.microsoft.com`, login `login.microsoftonline.com`.
    #[default]
    Global,
    /// US Government L4: `graph.microsoft.us`, login `login.microsoftonline.us`.
    UsGovL4,
    /// US Government L5 (DoD): `dod-graph.microsoft.us`, login `login.microsoftonline.us`.
    UsGovL5,
    /// China (21Vianet): `microsoftgraph.chinacloudapi.cn`, login `login.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// The Graph host.
    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "graph.microsoft.com",
            Cloud::UsGovL4 => "graph.microsoft.us",
            Cloud::UsGovL5 => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The Microsoft Entra login host tokens for this cloud come from.
    pub fn login_host(self) -> &'static str {
        match self {
            Cloud::Global => "login.microsoftonline.com",
            Cloud::UsGovL4 | Cloud::UsGovL5 => "login.microsoftonline.us",
            Cloud::China => "login.chinacloudapi.cn",
        }
    }
}

/// The Graph API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    /// `v1.0`.
    #[default]
    V1,
    /// `beta`.
    Beta,
}

impl ApiVersion {
    /// The version as it appears in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

/// A Microsoft Graph client. Cheap to clone (all clones share one connection pool); `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    /// The base URL without a trailing slash (`https://graph.microsoft.com/v1.0`).
    base: String,
    /// The base URL, parsed once: what nextLinks are resolved against.
    base_url: Url,
    /// The only origin (scheme, host, port) the token is sent to: the base URL's.
    graph_origin: url::Origin,
    token: Option<Arc<dyn TokenProvider>>,
    retry: RetryConfig,
    /// Whether JWT tokens' permissions are checked before sending (see [`crate::preflight`]).
    preflight: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base)
            .field("authenticated", &self.inner.token.is_some())
            .field("retry", &self.inner.retry)
            .field("preflight", &self.inner.preflight)
            .finish()
    }
}

/// Builds a [`Client`].
#[must_use]
pub struct ClientBuilder {
    cloud: Cloud,
    version: ApiVersion,
    base_url: Option<String>,
    token: Option<Arc<dyn TokenProvider>>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    retry: RetryConfig,
    preflight: bool,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("cloud", &self.cloud)
            .field("version", &self.version)
            .field("base_url", &self.base_url)
            .field("authenticated", &self.token.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            cloud: Cloud::Global,
            version: ApiVersion::V1,
            base_url: None,
            token: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(100),
            user_agent: concat!("graph-docs/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryConfig::default(),
            preflight: false,
        }
    }
}

impl ClientBuilder {
    /// The national cloud (default [`Cloud::Global`]).
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// The API version (default [`ApiVersion::V1`]).
    pub fn version(mut self, version: ApiVersion) -> Self {
        self.version = version;
        self
    }

    /// A custom base URL (a local server, a proxy): replaces cloud and version. Paths are appended to it, so include
    /// the version if the server expects one (`http://127.0.0.1:8080/v1.0`).
    pub fn base_url(mut self, url: &str) -> Self {
        self.base_url = Some(url.to_owned());
        self
    }

    /// Where tokens come from. Without one, requests are sent without `Authorization`.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.token = Some(Arc::new(provider));
        self
    }

    /// The OAuth2 client-credentials flow with a client secret, against the login host of the cloud set with
    /// [`cloud`](ClientBuilder::cloud) (call that first). For another token endpoint or scope, build a
    /// [`ClientCredentials`](crate::ClientCredentials) and pass it to [`token_provider`](ClientBuilder::token_provider).
    pub fn client_credentials(
        self,
        tenant_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Result<Self, Error> {
        let provider =
            crate::auth::ClientCredentials::new(self.cloud, tenant_id, client_id, client_secret)?;
        Ok(self.token_provider(provider))
    }

    /// A fixed bearer token.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// The TCP/TLS connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The timeout of one attempt, from sending to the end of the body (default 100 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `graph-docs/{version}`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How throttled and unavailable responses are retried (default [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Pre-flight (default off): when the token is a JWT, refuse before sending a request whose operation's page
    /// lists none of the token's permissions, with an [`Error::MissingPermission`] naming the least privileged
    /// permission to add and the page. Opaque tokens and operations without documented permissions are sent as
    /// usual; see [`crate::preflight`].
    pub fn preflight(mut self, on: bool) -> Self {
        self.preflight = on;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base = match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!(
                "https://{}/{}",
                self.cloud.graph_host(),
                self.version.as_str()
            ),
        };
        let parsed = Url::parse(&base)
            .map_err(|e| Error::config(None, format!("base URL `{base}` is not a URL ({e}); give one like `https://graph.microsoft.com/v1.0`")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(Error::config(
                None,
                format!("base URL `{base}` must be http(s) with a host"),
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::config(
                None,
                format!("base URL `{base}` must not have a query or fragment"),
            ));
        }
        let graph_origin = parsed.origin();
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent)
            // Redirects (302 from `/content` downloads) are followed; reqwest drops `Authorization` when one
            // leads to another host or port.
            .redirect(reqwest::redirect::Policy::limited(10))
            .build()
            .map_err(|e| Error::config(None, format!("could not build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                base_url: parsed,
                graph_origin,
                token: self.token,
                retry: self.retry,
                preflight: self.preflight,
            }),
        })
    }
}

impl Client {
    /// A builder with the defaults: global cloud, v1.0, no token, 3 retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// Sends a request (with retries) and reads the whole response. The one non-generic core path: generated
    /// code calls this (through [`send`](Client::send)) for every operation. A non-2xx status is an [`Error`].
    pub fn execute(&self, spec: RequestSpec) -> ResponseFuture {
        let inner = Arc::clone(&self.inner);
        Box::pin(async move {
            let url = inner.url_for(&spec)?;
            let request = Outgoing {
                operation: spec.operation,
                method: spec.operation.method,
                url: &url,
                headers: &spec.headers,
                body: &spec.body,
                with_token: true,
            };
            inner.send(&request).await
        })
    }

    /// [`execute`](Client::execute), decoded as `T`.
    pub fn send<T: FromResponse>(&self, spec: RequestSpec) -> Pending<T> {
        Pending::new(self.execute(spec))
    }

    pub(crate) fn inner(&self) -> &Arc<Inner> {
        &self.inner
    }
}

/// One request as the core path sends it.
pub(crate) struct Outgoing<'a> {
    pub(crate) operation: &'static Operation,
    pub(crate) method: Method,
    pub(crate) url: &'a Url,
    pub(crate) headers: &'a [(Cow<'static, str>, String)],
    pub(crate) body: &'a Body,
    /// Whether the token may be attached. Even then it is attached only when `url` is on the Graph origin.
    pub(crate) with_token: bool,
}

impl Inner {
    /// The absolute URL of a spec: base + encoded path + encoded query.
    pub(crate) fn url_for(&self, spec: &RequestSpec) -> Result<Url, Error> {
        if !spec.path.starts_with('/') || has_dot_segment(&spec.path) {
            return Err(Error::config(
                Some(spec.operation),
                format!(
                    "path `{}` is refused: it must start with `/` and hold no `.` or `..` segment (a path parameter or an entity path would otherwise address another resource; pass the entity path as `/segment/...` without a scheme, host, query or dot segments)",
                    spec.path
                ),
            ));
        }
        let mut url = String::with_capacity(self.base.len() + spec.path.len() + 64);
        url.push_str(&self.base);
        url.push_str(&spec.path);
        let mut separator = '?';
        for (key, value) in &spec.query {
            url.push(separator);
            separator = '&';
            url.extend(percent_encoding::utf8_percent_encode(key, QUERY));
            url.push('=');
            url.extend(percent_encoding::utf8_percent_encode(value, QUERY));
        }
        Url::parse(&url).map_err(|e| {
            Error::config(
                Some(spec.operation),
                format!("URL `{url}` is not valid: {e}"),
            )
        })
    }

    /// Whether `url` is on the configured Graph origin (scheme, host, port; a default port written out is the
    /// same origin).
    pub(crate) fn is_graph_origin(&self, url: &Url) -> bool {
        url.origin() == self.graph_origin
    }

    /// The base URL, parsed: what a nextLink is resolved against.
    pub(crate) fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// Sends `request`, retrying 429/503/504 as configured; returns the successful response or the error.
    pub(crate) async fn send(&self, request: &Outgoing<'_>) -> Result<RawResponse, Error> {
        let client_request_id = client_request_id();
        let mut waited = Duration::ZERO;
        let mut attempt: u32 = 0;
        loop {
            let span = tracing::info_span!(
                "graph.request",
                method = request.method.as_str(),
                path_template = request.operation.path_template,
                operation = request.operation.name,
                attempt,
                client_request_id = client_request_id.to_str().unwrap_or_default(),
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let (status, headers, body) = self
                .attempt(request, &client_request_id, attempt)
                .instrument(span.clone())
                .await?;
            span.record("status", status.as_u16());
            if let Some(id) = headers.get("request-id").and_then(|v| v.to_str().ok()) {
                span.record("request_id", id);
            }
            if status.is_success() {
                return Ok(RawResponse {
                    status,
                    headers,
                    body,
                    operation: request.operation,
                });
            }
            match self
                .retry
                .delay(status.as_u16(), &headers, attempt + 1, waited)
            {
                Some(delay) => {
                    span.in_scope(|| {
                        tracing::debug!(delay_ms = delay.as_millis() as u64, "retrying")
                    });
                    tokio::time::sleep(delay).await;
                    waited += delay;
                    attempt += 1;
                }
                None => {
                    return Err(Error::from_status(
                        request.operation,
                        status.as_u16(),
                        body,
                        attempt,
                    ))
                }
            }
        }
    }

    /// One HTTP exchange, body read in full.
    async fn attempt(
        &self,
        request: &Outgoing<'_>,
        client_request_id: &HeaderValue,
        attempt: u32,
    ) -> Result<(http::StatusCode, http::HeaderMap, Bytes), Error> {
        let op = request.operation;
        let http_request = self.prepare(request, client_request_id, attempt).await?;
        let mut response = self
            .http
            .execute(http_request)
            .await
            .map_err(|e| Error::transport(op, e))?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::transport(op, e))?;
        Ok((status, headers, body))
    }

    /// The HTTP request of one attempt: URL, method, `client-request-id`, `Retry-Attempt`, the token (on the Graph
    /// origin only), the spec's headers and the body.
    pub(crate) async fn prepare(
        &self,
        request: &Outgoing<'_>,
        client_request_id: &HeaderValue,
        attempt: u32,
    ) -> Result<reqwest::Request, Error> {
        let op = request.operation;
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut http_request = reqwest::Request::new(method, request.url.clone());
        let headers = http_request.headers_mut();
        headers.reserve(request.headers.len() + 4);
        headers.insert("client-request-id", client_request_id.clone());
        if attempt > 0 {
            headers.insert("retry-attempt", HeaderValue::from(attempt));
        }
        if request.with_token && self.is_graph_origin(request.url) {
            if let Some(provider) = &self.token {
                let token = provider.token().await.map_err(|e| e.for_operation(op))?;
                if self.preflight {
                    crate::preflight::check(op, token.secret())?;
                }
                let value = token.header_value().map_err(|e| e.for_operation(op))?;
                headers.insert(http::header::AUTHORIZATION, value);
            }
        }
        for (name, value) in request.headers {
            let name = HeaderName::try_from(name.as_ref()).map_err(|_| {
                Error::config(Some(op), format!("`{name}` is not a valid header name"))
            })?;
            if name == http::header::AUTHORIZATION {
                return Err(Error::config(
                    Some(op),
                    "set the token through the client's token provider, not a header",
                ));
            }
            headers.append(name, header_value(op, value)?);
        }
        let body = match request.body {
            Body::Empty => matches!(request.method, Method::Post | Method::Put | Method::Patch)
                .then(Bytes::new),
            Body::Json(bytes) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                Some(bytes.clone())
            }
            Body::Bytes { data, content_type } => {
                headers.insert(http::header::CONTENT_TYPE, header_value(op, content_type)?);
                Some(data.clone())
            }
        };
        // Empty content (a POST without parameters, `POST {uploadUrl}` to commit an upload, an empty file's PUT) is
        // sent with `Content-Length: 0`, as the docs write it: hyper sends an empty body without the header, and
        // front ends that require a length answer `411 Length Required`.
        if body.as_ref().is_some_and(Bytes::is_empty) {
            headers.insert(http::header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        *http_request.body_mut() = body.map(reqwest::Body::from);
        Ok(http_request)
    }

    /// The HTTP client (for responses read as a stream).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The retry configuration.
    pub(crate) fn retry(&self) -> &RetryConfig {
        &self.retry
    }
}

fn header_value(op: &'static Operation, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::config(Some(op), format!("`{value}` is not a valid header value")))
}

/// A random (version 4) UUID for `client-request-id`. It identifies, it does not protect, so its bits come from
/// `fastrand`'s per-thread generator (seeded once from the operating system's randomness), not from a syscall
/// per request.
pub(crate) fn client_request_id() -> HeaderValue {
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let text = uuid::Builder::from_random_bytes(fastrand::u128(..).to_be_bytes())
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut text);
    HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static(
        "00000000-0000-4000-8000-000000000000",
    ))
}
