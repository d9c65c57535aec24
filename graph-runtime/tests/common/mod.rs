//! A small real HTTP/1.1 server on loopback for the integration tests: it records every request and answers with
//! whatever the test's handler returns (including bodies cut off mid-way and delayed answers).
#![allow(dead_code)] // each test binary uses part of the helper

pub mod capture;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream;
use http_body_util::{BodyExt, Either, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn path(&self) -> &str {
        self.uri.split('?').next().unwrap_or("")
    }

    pub fn query(&self) -> &str {
        self.uri.split_once('?').map(|(_, q)| q).unwrap_or("")
    }
}

/// What the handler answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// Send only this many body bytes (with the full Content-Length declared), then drop the connection.
    pub cut_after: Option<usize>,
    pub delay: Duration,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            cut_after: None,
            delay: Duration::ZERO,
        }
    }

    pub fn json(status: u16, value: serde_json::Value) -> Self {
        Reply::text(status, value.to_string()).header("content-type", "application/json")
    }

    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Reply {
            body: Bytes::from(body.into()),
            ..Reply::status(status)
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub fn cut_after(mut self, bytes: usize) -> Self {
        self.cut_after = Some(bytes);
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// A Graph-style error body.
pub fn graph_error(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2024-05-01T10:00:00",
                "request-id": "11111111-2222-3333-4444-555555555555",
                "client-request-id": "66666666-7777-8888-9999-000000000000"
            }
        }
    })
}

type Handler = Arc<dyn Fn(&Recorded) -> Reply + Send + Sync>;

/// A running server; it stops when the test's runtime ends.
#[derive(Clone)]
pub struct TestServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Starts a server on `ip` (any free port) answering with `handler`.
    pub async fn start(
        ip: &str,
        handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        // Before anything in this test binary logs: see `capture::install`.
        capture::install();
        let listener = tokio::net::TcpListener::bind((ip, 0))
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let recorded = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request: hyper::Request<Incoming>| {
                        let handler = handler.clone();
                        let recorded = recorded.clone();
                        async move { Ok::<_, Infallible>(answer(request, &handler, &recorded).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        TestServer { addr, requests }
    }

    /// `http://{addr}` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Everything received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests lock").clone()
    }
}

type ReplyBody = Either<
    Full<Bytes>,
    StreamBody<stream::Iter<std::vec::IntoIter<Result<Frame<Bytes>, std::io::Error>>>>,
>;

async fn answer(
    request: hyper::Request<Incoming>,
    handler: &Handler,
    recorded: &Mutex<Vec<Recorded>>,
) -> hyper::Response<ReplyBody> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let request = Recorded {
        method: parts.method.to_string(),
        uri: parts
            .uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    };
    let reply = handler(&request);
    recorded.lock().expect("requests lock").push(request);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut builder = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        builder = builder.header(name, value);
    }
    let body = match reply.cut_after {
        None => Either::Left(Full::new(reply.body)),
        Some(n) => {
            builder = builder.header("content-length", reply.body.len().to_string());
            let frames = vec![
                Ok(Frame::data(reply.body.slice(..n.min(reply.body.len())))),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "cut off",
                )),
            ];
            Either::Right(StreamBody::new(stream::iter(frames)))
        }
    };
    builder.body(body).expect("valid test response")
}

/// A test operation with the given method and template.
#[macro_export]
macro_rules! operation {
    ($name:ident, $method:ident, $template:expr) => {
        static $name: graph_runtime::Operation = graph_runtime::Operation {
            name: stringify!($name),
            method: graph_runtime::Method::$method,
            path_template: $template,
            path: "",
            source: "api/test-page.md:12",
            permissions: graph_runtime::Permissions {
                delegated_work: graph_runtime::Scopes::Listed("User.Read User.ReadWrite.All"),
                delegated_personal: graph_runtime::Scopes::NotSupported,
                application: graph_runtime::Scopes::Listed("User.Read.All"),
            },
        };
    };
}

/// A GET spec for `op` at `path`.
pub fn get(op: &'static graph_runtime::Operation, path: &str) -> graph_runtime::RequestSpec {
    graph_runtime::RequestSpec {
        operation: op,
        path: path.to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        body: graph_runtime::Body::Empty,
    }
}

/// Retries that take milliseconds.
pub fn fast_retry() -> graph_runtime::RetryConfig {
    graph_runtime::RetryConfig::default()
        .base_delay(Duration::from_millis(5))
        .max_total_delay(Duration::from_secs(10))
}

/// A client for `server`'s `/v1.0` with the bearer token `graph-token` and fast retries.
pub fn graph_client(server: &TestServer) -> graph_runtime::Client {
    graph_runtime::Client::builder()
        .base_url(&server.url("/v1.0"))
        .bearer_token("graph-token")
        .retry(fast_retry())
        .build()
        .expect("client")
}
