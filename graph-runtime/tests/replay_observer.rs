//! The replay server on a chosen address, with an observer of every request: what it answered with (the example's
//! page:line) and, for a miss, the closest example.
#![cfg(feature = "replay")]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use graph_runtime::example::{DocExample, ExampleRequest, ExampleResponse};
use graph_runtime::replay::{RecordedRequest, ReplayServer};

static EXAMPLES: &[DocExample] = &[DocExample {
    name: "get_me",
    source: "api/user-get.md:60",
    request: ExampleRequest {
        method: "GET",
        url: "https://graph.microsoft.com/v1.0/me",
        headers: &[],
        body: None,
    },
    response: Some(ExampleResponse {
        status: 200,
        headers: &[("Content-Type", "application/json")],
        body: Some(r#"{"displayName": "Adele Vance"}"#),
    }),
}];

#[tokio::test]
async fn observes_answers_and_misses_with_the_closest_example() {
    let seen: Arc<Mutex<Vec<RecordedRequest>>> = Arc::default();
    let log = Arc::clone(&seen);
    let server = ReplayServer::builder()
        .addr(SocketAddr::from(([127, 0, 0, 1], 0)))
        .on_request(move |request| log.lock().unwrap().push(request.clone()))
        .start(EXAMPLES)
        .await
        .unwrap();
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
    for path in ["/v1.0/me", "/beta/me", "/me", "/v1.0/me/messages"] {
        reqwest::get(format!("{}{path}", server.base_url()))
            .await
            .unwrap();
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen, server.requests());
    let served: Vec<Option<&str>> = seen.iter().map(|r| r.served_by).collect();
    assert_eq!(
        served,
        [
            Some("api/user-get.md:60"),
            Some("api/user-get.md:60"),
            Some("api/user-get.md:60"),
            None
        ]
    );
    assert!(seen[..3].iter().all(|r| r.closest.is_none()));
    let closest = seen[3].closest.as_deref().unwrap();
    assert!(
        closest.starts_with(
            "`get_me` at api/user-get.md:60 (GET https://graph.microsoft.com/v1.0/me): "
        ),
        "{closest}"
    );
    assert_eq!(seen[3].status, 404);
    server.shutdown().await;
}

#[tokio::test]
async fn refuses_an_unspecified_address() {
    let error = ReplayServer::builder()
        .addr(SocketAddr::from(([0, 0, 0, 0], 0)))
        .start(EXAMPLES)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("127.0.0.1:0"), "{error}");
}
