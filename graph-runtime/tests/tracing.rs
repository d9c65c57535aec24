//! A span per request, with method, path template, attempt, status and request-id, and never the token.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::capture::Capture;
use common::{fast_retry, get, graph_error, Reply, TestServer};
use graph_runtime::Client;

operation!(GET_USER, Get, "/users/{id}");

const TOKEN: &str = "very-secret-token";

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
    let _recording = capture.record_this_thread();
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
