//! A local Graph made of doc examples (feature `replay`).
//!
//! [`ReplayServer`] binds `127.0.0.1:0` and answers every request that matches a documented example with that
//! example's response. It is what the README's main job runs against, and what your own tests can run against:
//! no network, no credentials.
//!
//! # Using it from your tests
//!
//! Generate the client with `examples: true`, so the macro also emits `EXAMPLES: &[DocExample]` (every example of
//! every page, with its page and line), start the server over them, and point the client's base URL at it:
//!
//! ```ignore
//! graph_docs_macro::generate! { docs: "docs", examples: true }
//!
//! #[tokio::test]
//! async fn reads_a_connector() -> Result<(), Box<dyn std::error::Error>> {
//!     let server = graph_runtime::replay::ReplayServer::start(EXAMPLES).await?;
//!     let client = graph_runtime::Client::builder().base_url(server.base_url()).build()?;
//!     let connector = industry_data::industry_data_connector::get(&client, "any-id").await?;
//!     assert_eq!(connector.display_name.as_deref(), Some("Student information system export"));
//!     assert_eq!(server.requests()[0].target, "/external/industryData/dataConnectors/any-id");
//!     server.shutdown().await;
//!     Ok(())
//! }
//! ```
//!
//! You can serve your own examples too, alone or beside the generated ones (`EXAMPLES.iter().chain(MINE)`): a
//! [`DocExample`] is plain `'static` data.
//!
//! ```no_run
//! use graph_runtime::example::{DocExample, ExampleRequest, ExampleResponse};
//! use graph_runtime::replay::ReplayServer;
//!
//! static MINE: &[DocExample] = &[DocExample {
//!     name: "get_me",
//!     source: "my-tests.rs:1",
//!     request: ExampleRequest { method: "GET", url: "https://graph.microsoft.com/v1.0/me", headers: &[], body: None },
//!     response: Some(ExampleResponse {
//!         status: 200,
//!         headers: &[("Content-Type", "application/json")],
//!         body: Some(r#"{"displayName": "Adele Vance"}"#),
//!     }),
//! }];
//!
//! # async fn run() -> std::io::Result<()> {
//! let server = ReplayServer::start(MINE).await?;
//! let me = reqwest::get(format!("{}/v1.0/me", server.base_url())).await.map_err(std::io::Error::other)?;
//! assert_eq!(me.status(), 200);
//! # Ok(()) }
//! ```
//!
//! # Matching
//!
//! * The method must be the same.
//! * The path is compared segment by segment, after dropping the host and a `/v1.0` or `/beta` prefix on both sides.
//!   Keys are generalised: in the example, a `{placeholder}`, a segment containing a GUID, an email address or user
//!   principal name, a number, an opaque id (four or more digits, base64 padding, `!`), and the positional key of a
//!   key segment (`items('...')`) match any non-empty value. Named function arguments (`(period='D7')`) must be equal.
//! * A path that ends with a function call matches that call written either way: `delta(token='abc')` in the example
//!   also matches `delta?token=abc`, as a generated query setter sends it (OData lets a function's parameters be
//!   passed as query options; conformance reads the examples the same way).
//! * The query is compared as a multiset of decoded pairs, without regard to order; a `{placeholder}` value matches any
//!   value.
//! * When the example has a request body, the request's must be equal to it as JSON (as trimmed text when the
//!   example's body is not JSON; a trailing comma is tolerated). An example without a body accepts any.
//! * When several examples match, the one whose literal text agrees most wins; ties go to the first example.
//! * Examples with an empty request block or no paired response are never served.
//!
//! A request that matches nothing gets a Graph-style `404` error whose message names the closest example (its page
//! and line) and the first difference.
//!
//! # Uploads
//!
//! Before a response is sent, every `sessionUrl` in its JSON body (the seed's `fileUploadSession`, an Azure Blob
//! container SAS URL) is rewritten to `{base_url}/blob/{container}?{SAS}` and every `uploadUrl` (driveItem upload
//! sessions) to `{base_url}/upload/{n}`. The server then accepts Put Blob, Put Block and Put Block List (and Get Blob)
//! on `{base_url}/blob/{container}/{file name}?{SAS}`, checking the SAS `sig` it handed out and refusing any
//! `Authorization` header, and Content-Range slices on upload URLs. [`ReplayServer::uploaded`] lists what was
//! committed. `@odata.nextLink` and `@odata.deltaLink` values on graph.microsoft.com are pointed at the server too,
//! and so is the `Location` of a redirect (reports answer `302` to a download URL): a client following it gets a
//! `404` from the server, never a request to another host.

mod batch;
mod matching;
mod storage;

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::example::DocExample;
use matching::{Candidate, Target};
pub use storage::UploadedFile;
use storage::{BlobRequest, Storage};

/// The largest request body the server reads (uploads included).
const MAX_BODY: usize = 512 * 1024 * 1024;

/// A running replay server. Dropping it (or [`shutdown`](ReplayServer::shutdown)) stops it.
#[derive(Debug)]
pub struct ReplayServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

/// One request the server received. Its `Debug` output hides the `Authorization` header's value.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method (`GET`).
    pub method: String,
    /// The path and query as received (`/external/industryData/dataConnectors/x/...?resetSession=true`).
    pub target: String,
    /// The headers as received (lower-case names), in order.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Vec<u8>,
    /// The status the server answered with.
    pub status: u16,
    /// The example that answered it (`page.md:line`), if one did.
    pub served_by: Option<&'static str>,
    /// When no example matched: the closest one (`name` at `page.md:line`, its request line) and the first
    /// difference, as the 404's message says.
    pub closest: Option<String>,
}

impl std::fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| match k.eq_ignore_ascii_case("authorization") {
                true => (k.as_str(), "<redacted>"),
                false => (k.as_str(), v.as_str()),
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("target", &self.target)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .field("status", &self.status)
            .field("served_by", &self.served_by)
            .field("closest", &self.closest)
            .finish()
    }
}

/// An answer before it becomes a hyper response.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

/// Called with every request the server answered, once answered.
type Observer = Arc<dyn Fn(&RecordedRequest) + Send + Sync>;

/// State shared by the connection tasks.
struct Shared {
    candidates: Vec<Candidate>,
    base_url: String,
    state: Mutex<State>,
    observer: Option<Observer>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("candidates", &self.candidates.len())
            .field("base_url", &self.base_url)
            .field("observed", &self.observer.is_some())
            .finish_non_exhaustive()
    }
}

/// Starts a [`ReplayServer`] on a chosen address, or with an observer of every request
/// ([`ReplayServer::builder`]).
#[must_use]
pub struct ReplayBuilder {
    addr: SocketAddr,
    observer: Option<Observer>,
}

impl std::fmt::Debug for ReplayBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplayBuilder")
            .field("addr", &self.addr)
            .field("observed", &self.observer.is_some())
            .finish()
    }
}

impl ReplayBuilder {
    /// The address to bind (default `127.0.0.1:0`, a free port). It must be a specific IP address, not
    /// `0.0.0.0` or `::`: the server hands out upload URLs on it.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Calls `observer` with every request once it is answered (e.g. to log it), from the connection's task.
    pub fn on_request(
        mut self,
        observer: impl Fn(&RecordedRequest) + Send + Sync + 'static,
    ) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// Binds the address and starts serving `examples` on the current tokio runtime.
    pub async fn start(
        self,
        examples: impl IntoIterator<Item = &'static DocExample>,
    ) -> std::io::Result<ReplayServer> {
        if self.addr.ip().is_unspecified() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} is no specific address; give one such as 127.0.0.1:{}, since the upload URLs the server hands out name it",
                    self.addr.ip(),
                    self.addr.port()
                ),
            ));
        }
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            candidates: examples.into_iter().filter_map(Candidate::new).collect(),
            base_url: format!("http://{addr}"),
            state: Mutex::new(State::default()),
            observer: self.observer,
        });
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared), stopped));
        Ok(ReplayServer {
            addr,
            shared,
            stop,
            task: Some(task),
        })
    }
}

/// Mutable state.
#[derive(Debug, Default)]
struct State {
    storage: Storage,
    requests: Vec<RecordedRequest>,
}

impl ReplayServer {
    /// Binds `127.0.0.1:0` and starts serving `examples` (e.g. the generated `EXAMPLES`) on the current tokio runtime.
    pub async fn start(
        examples: impl IntoIterator<Item = &'static DocExample>,
    ) -> std::io::Result<ReplayServer> {
        ReplayServer::builder().start(examples).await
    }

    /// A builder: another address than `127.0.0.1:0`, an observer of every request.
    pub fn builder() -> ReplayBuilder {
        ReplayBuilder {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            observer: None,
        }
    }

    /// The URL to give a client as its base URL: `http://127.0.0.1:{port}`. Paths are accepted with or without a
    /// `/v1.0` or `/beta` prefix.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many examples can be served (those with a request line and a paired response).
    pub fn servable_examples(&self) -> usize {
        self.shared.candidates.len()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.state).requests.clone()
    }

    /// Every file committed so far: blobs (by container and name), then completed `uploadUrl` sessions.
    pub fn uploaded(&self) -> Vec<UploadedFile> {
        lock(&self.shared.state).storage.uploaded()
    }

    /// The committed blob named `name` in any container, if there is one.
    pub fn uploaded_file(&self, name: &str) -> Option<UploadedFile> {
        self.uploaded().into_iter().find(|f| f.name == name)
    }

    /// Stops accepting connections, closes open ones and waits for the server task to end.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take() {
            // The task only ends by the stop signal; a join error means it panicked or was cancelled, and there is
            // nothing left to stop either way.
            let _ = task.await;
        }
    }
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

/// Locks the state; a poisoned lock still holds consistent data (every update is a single insert or push).
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Accepts connections until told to stop; open connections are aborted when it returns.
async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stopped.wait_for(|stop| *stop) => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let shared = Arc::clone(&shared);
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let shared = Arc::clone(&shared);
                        async move { Ok::<_, Infallible>(handle(&shared, req).await) }
                    });
                    // A connection error (client went away mid-request) only ends that connection.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Answers one request and records it.
async fn handle(shared: &Shared, req: hyper::Request<Incoming>) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(e) => {
            let reply = graph_error(
                413,
                "requestBodyUnreadable",
                &format!("The request body could not be read: {e}"),
            );
            return into_response(reply, &headers);
        }
    };
    let (reply, served_by, closest) = if method == "POST" && batch::is_batch_path(&path) {
        (batch::answer(shared, &body), None, None)
    } else {
        answer(shared, &method, &path, query.as_deref(), &headers, &body)
    };
    let record = RecordedRequest {
        method,
        target: query.map_or_else(|| path.clone(), |q| format!("{path}?{q}")),
        headers: headers.clone(),
        body,
        status: reply.status,
        served_by,
        closest,
    };
    record_request(shared, record);
    into_response(reply, &headers)
}

/// Shows a request to the observer, if any, and records it.
fn record_request(shared: &Shared, record: RecordedRequest) {
    if let Some(observer) = &shared.observer {
        observer(&record);
    }
    lock(&shared.state).requests.push(record);
}

/// The answer to one request (alone, or an item of a `$batch`), the example that gave it, and when none matched,
/// the closest example.
fn answer(
    shared: &Shared,
    method: &str,
    path: &str,
    query: Option<&str>,
    headers: &[(String, String)],
    body: &[u8],
) -> (Reply, Option<&'static str>, Option<String>) {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    if let Some(rest) = path.strip_prefix("/blob/") {
        let target = Target::from_wire(rest, query);
        let (container, name) = match target.segments.split_first() {
            Some((container, name)) => (container.clone(), name.join("/")),
            None => (String::new(), String::new()),
        };
        let request = BlobRequest {
            method,
            container: &container,
            name: &name,
            query: &target.query,
            headers,
            body: body.to_vec(),
        };
        (lock(&shared.state).storage.blob(request), None, None)
    } else if let Some(number) = path.strip_prefix("/upload/") {
        let reply = match number.parse() {
            Ok(number) => {
                let range = header("content-range");
                lock(&shared.state).storage.upload_session(
                    number,
                    method,
                    range.as_deref(),
                    body.to_vec(),
                )
            }
            Err(_) => graph_error(
                404,
                "itemNotFound",
                "The replay server handed out no upload session with this URL.",
            ),
        };
        (reply, None, None)
    } else if path == REDIRECTED {
        let to = Target::from_wire("", query)
            .query
            .into_iter()
            .find(|(k, _)| k == "to");
        let to = to.map_or_else(String::new, |(_, v)| v);
        let message = format!("The example's response redirects to {to}; the replay server does not serve other hosts.");
        (graph_error(404, "itemNotFound", &message), None, None)
    } else {
        let target = Target::from_wire(path, query);
        match best_match(&shared.candidates, method, &target, body) {
            Some(candidate) => (
                serve(shared, candidate.example),
                Some(candidate.example.source),
                None,
            ),
            None => {
                let closest = closest_example(&shared.candidates, method, &target);
                (no_match(closest.as_deref(), method, &target), None, closest)
            }
        }
    }
}

/// The matching example whose literal text agrees most; the first on ties.
fn best_match<'a>(
    candidates: &'a [Candidate],
    method: &str,
    target: &Target,
    body: &[u8],
) -> Option<&'a Candidate> {
    let mut best: Option<(usize, &Candidate)> = None;
    for candidate in candidates {
        if let Ok(score) = candidate.check(method, target, body) {
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, candidate));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// For a request no example matches: the closest example (`name` at `page.md:line` (its request line)) and the
/// first difference; `None` when the server has no servable example.
fn closest_example(candidates: &[Candidate], method: &str, target: &Target) -> Option<String> {
    let mut closest: Option<(usize, &Candidate)> = None;
    for candidate in candidates {
        let score = candidate.closeness(method, target);
        if closest.is_none_or(|(s, _)| score > s) {
            closest = Some((score, candidate));
        }
    }
    let (_, c) = closest?;
    let why = match c.check(method, target, &[]) {
        Err(mismatch) => mismatch.to_string(),
        Ok(_) => "the body differs from the example's (compared as JSON)".to_owned(),
    };
    Some(format!(
        "`{}` at {} ({} {}): {why}",
        c.example.name, c.example.source, c.example.request.method, c.example.request.url
    ))
}

/// The 404 for a request no example matches, naming the closest example and the first difference.
fn no_match(closest: Option<&str>, method: &str, target: &Target) -> Reply {
    let request = format!("{method} {}", target.path_and_query());
    let message = match closest {
        None => {
            format!("No doc example matches {request}: the replay server has no servable examples.")
        }
        Some(closest) => format!("No doc example matches {request}. The closest is {closest}."),
    };
    graph_error(404, "ResourceNotFound", &message)
}

/// An example's response, with upload and paging URLs pointed at this server.
fn serve(shared: &Shared, example: &'static DocExample) -> Reply {
    let Some(response) = example.response else {
        return graph_error(
            500,
            "replayExampleWithoutResponse",
            &format!("{} has no response.", example.source),
        );
    };
    let mut headers: Vec<(&'static str, String)> = Vec::new();
    let mut content_type = None;
    for (name, value) in response.headers {
        match name.to_ascii_lowercase().as_str() {
            "content-length" | "transfer-encoding" | "connection" => {}
            "content-type" => content_type = Some(value.to_string()),
            "location" if (300..400).contains(&response.status) && is_absolute(value) => {
                let to: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
                headers.push((name, format!("{}{REDIRECTED}?to={to}", shared.base_url)));
            }
            _ => headers.push((name, value.to_string())),
        }
    }
    let text = response.body.map(str::trim).unwrap_or_default();
    let body = match crate::example::example_json(text) {
        Ok(mut json) if !text.is_empty() => {
            rewrite_urls(&mut json, shared);
            content_type.get_or_insert_with(|| "application/json".to_owned());
            json.to_string().into_bytes()
        }
        _ => text.as_bytes().to_vec(),
    };
    if let Some(content_type) = content_type {
        headers.push(("content-type", content_type));
    }
    Reply {
        status: response.status,
        headers,
        body,
    }
}

/// Where redirects to other hosts are pointed, so that a client following one stays on this server.
const REDIRECTED: &str = "/redirected";

/// Whether a header value is an absolute http(s) URL.
fn is_absolute(value: &str) -> bool {
    value.starts_with("https://") || value.starts_with("http://")
}

/// Points `sessionUrl`, `uploadUrl`, `@odata.nextLink` and `@odata.deltaLink` values at this server.
fn rewrite_urls(json: &mut serde_json::Value, shared: &Shared) {
    match json {
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|item| rewrite_urls(item, shared))
        }
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value.as_str().map(url::Url::parse)) {
                    ("sessionUrl", Some(Ok(url))) => {
                        let mut state = lock(&shared.state);
                        let container = url
                            .path_segments()
                            .and_then(|mut s| s.find(|s| !s.is_empty()));
                        let container =
                            container.map_or_else(|| "session".to_owned(), str::to_owned);
                        let query = state.storage.issue_container(&container, url.query());
                        *value = format!("{}/blob/{container}?{query}", shared.base_url).into();
                    }
                    ("uploadUrl", Some(Ok(_))) => {
                        let number = lock(&shared.state).storage.issue_upload_session();
                        *value = format!("{}/upload/{number}", shared.base_url).into();
                    }
                    ("@odata.nextLink" | "@odata.deltaLink", Some(Ok(url)))
                        if url
                            .host_str()
                            .is_some_and(|h| h.starts_with("graph.microsoft")) =>
                    {
                        let rest = &url[url::Position::BeforePath..];
                        *value = format!("{}{rest}", shared.base_url).into();
                    }
                    _ => rewrite_urls(value, shared),
                }
            }
        }
        _ => {}
    }
}

/// A Graph-style JSON error.
pub(crate) fn graph_error(status: u16, code: &str, message: &str) -> Reply {
    let date = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let body = serde_json::json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": { "date": date, "request-id": uuid::Uuid::new_v4().to_string() },
        }
    });
    Reply {
        status,
        headers: vec![("content-type", "application/json".to_owned())],
        body: body.to_string().into_bytes(),
    }
}

/// Turns a reply into a hyper response, echoing `client-request-id` as Graph does.
fn into_response(
    reply: Reply,
    request_headers: &[(String, String)],
) -> hyper::Response<Full<Bytes>> {
    let status = hyper::StatusCode::from_u16(reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = hyper::Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = status;
    let echoed = request_headers
        .iter()
        .filter(|(k, _)| k == "client-request-id")
        .map(|(k, v)| (k.as_str(), v));
    let headers = reply.headers.iter().map(|(k, v)| (*k, v)).chain(echoed);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
