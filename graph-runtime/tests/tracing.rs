//! A span per request, with method, path template, attempt, status and request-id, and never the token.

mod common;

use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::{fast_retry, get, graph_error, Reply, TestServer};
use graph_runtime::Client;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

operation!(GET_USER, Get, "/users/{id}");

const TOKEN: &str = "very-secret-token";

/// A span's name and its fields, in the order recorded.
type SpanRecord = (String, Vec<(String, String)>);

/// Every span's name and fields, and every event's fields.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<SpanRecord>>>,
    events: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().expect("spans");
        spans.push((span.metadata().name().to_owned(), fields));
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().expect("spans");
        if let Some((_, fields)) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.events
            .lock()
            .expect("events")
            .push(format!("{fields:?}"));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn one_span_per_attempt_with_status_and_request_id_never_the_token() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start("127.0.0.1", move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::json(503, graph_error("serviceNotAvailable", "busy"))
                .header("request-id", "req-1")
        } else {
            Reply::json(200, serde_json::json!({"id": "1"})).header("request-id", "req-2")
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url("/v1.0"))
        .bearer_token(TOKEN)
        .retry(fast_retry())
        .build()
        .expect("client");
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    client
        .send::<serde_json::Value>(get(&GET_USER, "/users/1"))
        .await
        .expect("user");

    let spans = capture.spans.lock().expect("spans").clone();
    let requests: Vec<_> = spans
        .iter()
        .filter(|(name, _)| name == "graph.request")
        .collect();
    assert_eq!(requests.len(), 2, "one span per attempt: {spans:?}");
    let field = |i: usize, name: &str| {
        requests[i]
            .1
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    for (i, (status, request_id)) in [("503", "req-1"), ("200", "req-2")].into_iter().enumerate() {
        assert_eq!(field(i, "method").as_deref(), Some("GET"));
        assert_eq!(field(i, "path_template").as_deref(), Some("/users/{id}"));
        assert_eq!(field(i, "attempt"), Some(i.to_string()));
        assert_eq!(field(i, "status").as_deref(), Some(status));
        assert_eq!(field(i, "request_id").as_deref(), Some(request_id));
        assert!(field(i, "client_request_id").is_some());
    }
    let everything = format!("{spans:?} {:?}", capture.events.lock().expect("events"));
    assert!(!everything.contains(TOKEN), "{everything}");
}
