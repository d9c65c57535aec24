//! The client-credentials flow against a real token endpoint on loopback.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{get, Reply, TestServer};
use graph_runtime::{Client, ClientCredentials, Cloud, Error};

operation!(GET_ME, Get, "/me");

fn form(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_token_fetch_serves_100_concurrent_requests_then_refreshes_on_expiry() {
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let login = TestServer::start("127.0.0.1", move |_| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        // A slow endpoint, so that every request is waiting while the first fetch is in flight.
        Reply::json(200, serde_json::json!({"token_type": "Bearer", "expires_in": 2, "access_token": format!("token-{n}")}))
            .delay(Duration::from_millis(200))
    })
    .await;
    let graph = TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"id": "me"}))
    })
    .await;
    let provider = ClientCredentials::new(
        Cloud::UsGovL4,
        "contoso.onmicrosoft.com",
        "app-id",
        "s3cr3t&=value",
    )
    .expect("provider")
    .token_url(login.url("/contoso.onmicrosoft.com/oauth2/v2.0/token"));
    assert!(!format!("{provider:?}").contains("s3cr3t"));
    let client = Client::builder()
        .base_url(&graph.url("/v1.0"))
        .token_provider(provider)
        .build()
        .expect("client");

    let requests = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.send::<serde_json::Value>(get(&GET_ME, "/me")).await })
    });
    for handle in requests.collect::<Vec<_>>() {
        handle.await.expect("task").expect("request");
    }
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "one token fetch for 100 concurrent requests"
    );
    let sent = graph.requests();
    assert_eq!(sent.len(), 100);
    assert!(sent
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer token-0")));

    let token_request = &login.requests()[0];
    assert_eq!(token_request.method, "POST");
    assert_eq!(
        token_request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let fields = form(&token_request.body);
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(field("grant_type"), Some("client_credentials"));
    assert_eq!(field("client_id"), Some("app-id"));
    assert_eq!(field("client_secret"), Some("s3cr3t&=value"));
    assert_eq!(field("scope"), Some("https://graph.microsoft.us/.default"));

    // A 2 s token is refreshed after half its lifetime.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client
        .send::<serde_json::Value>(get(&GET_ME, "/me"))
        .await
        .expect("after expiry");
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "refreshed once expired");
    assert_eq!(
        graph
            .requests()
            .last()
            .and_then(|r| r.header("authorization").map(str::to_owned))
            .as_deref(),
        Some("Bearer token-1")
    );
    client
        .send::<serde_json::Value>(get(&GET_ME, "/me"))
        .await
        .expect("cached again");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn token_endpoint_errors_are_reported_without_the_secret() {
    let login = TestServer::start("127.0.0.1", |_| {
        Reply::json(401, serde_json::json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}))
            .delay(Duration::from_millis(100))
    })
    .await;
    let graph = TestServer::start("127.0.0.1", |_| Reply::status(200)).await;
    let provider = ClientCredentials::new(Cloud::Global, "tenant", "app", "wrong-secret")
        .expect("provider")
        .token_url(login.url("/tenant/oauth2/v2.0/token"));
    let client = Client::builder()
        .base_url(&graph.url(""))
        .token_provider(provider)
        .build()
        .expect("client");
    let attempts: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send::<()>(get(&GET_ME, "/me")).await })
        })
        .collect();
    let mut errors = Vec::new();
    for attempt in attempts {
        errors.push(attempt.await.expect("task").expect_err("auth fails"));
    }
    assert_eq!(
        login.requests().len(),
        1,
        "waiters share the failed fetch's error"
    );
    let error = errors.remove(0);
    let text = error.to_string();
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    assert!(
        text.contains("invalid_client") && text.contains("AADSTS7000215"),
        "{text}"
    );
    assert!(!text.contains("wrong-secret"));
    assert!(
        text.starts_with("GET /me (GET_ME, from api/test-page.md:12): authentication failed"),
        "{text}"
    );
    assert!(
        graph.requests().is_empty(),
        "nothing is sent without a token"
    );
}

#[test]
fn default_token_url_and_scope_follow_the_cloud() {
    let client = Client::builder()
        .cloud(Cloud::UsGovL5)
        .client_credentials("tenant", "app", "secret")
        .expect("provider")
        .build()
        .expect("client");
    assert_eq!(client.base_url(), "https://dod-graph.microsoft.us/v1.0");
    let provider =
        ClientCredentials::new(Cloud::China, "tenant", "app", "secret").expect("provider");
    let debug = format!("{provider:?}");
    assert!(
        debug.contains("https://login.chinacloudapi.cn/tenant/oauth2/v2.0/token"),
        "{debug}"
    );
    assert!(
        debug.contains("https://microsoftgraph.chinacloudapi.cn/.default"),
        "{debug}"
    );
    let provider =
        ClientCredentials::new(Cloud::UsGovL5, "tenant", "app", "secret").expect("provider");
    let debug = format!("{provider:?}");
    assert!(
        debug.contains("https://login.microsoftonline.us/")
            && debug.contains("https://dod-graph.microsoft.us/.default")
    );
    assert!(!debug.contains("\"secret\""));
}

#[tokio::test]
async fn a_huge_expires_in_is_capped_not_an_overflow() {
    let login = TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"token_type": "Bearer", "expires_in": u64::MAX, "access_token": "long-lived"}))
    })
    .await;
    let graph = TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"id": "me"}))
    })
    .await;
    let provider = ClientCredentials::new(Cloud::Global, "contoso", "app-id", "secret")
        .expect("provider")
        .token_url(login.url("/token"));
    let client = Client::builder()
        .base_url(&graph.url("/v1.0"))
        .token_provider(provider)
        .build()
        .expect("client");
    for _ in 0..2 {
        client
            .send::<serde_json::Value>(get(&GET_ME, "/me"))
            .await
            .expect("request");
    }
    assert_eq!(login.requests().len(), 1, "the token is cached");
    assert!(graph
        .requests()
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer long-lived")));
}
