//! The core path against a real server: auth header, request ids, query encoding, retries, errors, decoding.

mod common;

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use common::{fast_retry, get, graph_error, Reply, TestServer};
use graph_runtime::{Accepted, Client, Error, Page, RawResponse, RetryConfig};
use serde::Deserialize;

operation!(GET_USER, Get, "/users/{id | userPrincipalName}");
operation!(DELETE_USER, Delete, "/users/{id}");
operation!(CREATE_USER, Post, "/users");

const TOKEN: &str = "secret-token-value-123";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.url("/v1.0"))
        .bearer_token(TOKEN)
        .user_agent("graph-docs-tests")
        .retry(fast_retry())
        .build()
        .expect("client")
}

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
}

#[tokio::test]
async fn sends_token_request_id_user_agent_and_encoded_query() {
    let server = TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"id": "1", "displayName": "Ann"}))
    })
    .await;
    let client = client(&server);
    let mut spec = get(&GET_USER, "/users/a%2Fb");
    spec.query
        .push((Cow::Borrowed("$select"), "id,displayName".to_owned()));
    spec.query.push((
        Cow::Borrowed("$filter"),
        "startswith(displayName,'A&B =x#')".to_owned(),
    ));
    spec.headers
        .push((Cow::Borrowed("ConsistencyLevel"), "eventual".to_owned()));
    let user: serde_json::Value = client.send(spec.clone()).await.expect("user");
    assert_eq!(user["displayName"], "Ann");
    let raw: RawResponse = client.send(spec).await.expect("raw");
    assert_eq!(
        raw.json::<User>().expect("typed"),
        User {
            id: "1".into(),
            display_name: "Ann".into()
        }
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(
        first.header("authorization"),
        Some("Bearer secret-token-value-123")
    );
    assert_eq!(first.header("user-agent"), Some("graph-docs-tests"));
    assert_eq!(first.header("consistencylevel"), Some("eventual"));
    assert_eq!(first.path(), "/v1.0/users/a%2Fb");
    assert_eq!(
        first.query(),
        "$select=id,displayName&$filter=startswith(displayName,%27A%26B%20%3Dx%23%27)"
    );
    let ids: Vec<_> = requests
        .iter()
        .map(|r| {
            r.header("client-request-id")
                .expect("client-request-id")
                .to_owned()
        })
        .collect();
    for id in &ids {
        uuid::Uuid::parse_str(id).expect("client-request-id is a UUID");
    }
    assert_ne!(ids[0], ids[1], "a new client-request-id per request");
    assert!(first.header("retry-attempt").is_none());
}

#[tokio::test]
async fn token_appears_in_no_debug_or_error_output() {
    let server = TestServer::start("127.0.0.1", |_| {
        Reply::json(
            401,
            graph_error("InvalidAuthenticationToken", "Access token is empty."),
        )
    })
    .await;
    let client = client(&server);
    assert!(!format!("{client:?}").contains(TOKEN));
    let token = graph_runtime::AccessToken::new(TOKEN, None);
    assert!(!format!("{token:?}").contains(TOKEN));
    assert!(!format!("{:?}", graph_runtime::StaticToken::new(TOKEN)).contains(TOKEN));
    let error = client
        .send::<()>(get(&GET_USER, "/users/1"))
        .await
        .expect_err("401");
    assert!(!format!("{error}").contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
    assert_eq!(error.code(), Some("InvalidAuthenticationToken"));
}

#[tokio::test]
async fn graph_error_body_is_parsed_and_names_the_request() {
    let server = TestServer::start("127.0.0.1", |_| {
        let mut body = graph_error("Request_ResourceNotFound", "Resource 'x' does not exist.");
        body["error"]["target"] = "id".into();
        body["error"]["details"] =
            serde_json::json!([{"code": "NotFound", "message": "no user", "target": "x"}]);
        Reply::json(404, body).header("request-id", "abc")
    })
    .await;
    let error = client(&server)
        .send::<()>(get(&GET_USER, "/users/x"))
        .await
        .expect_err("404");
    let Error::Graph {
        status,
        error: graph,
        retries,
        operation,
    } = &error
    else {
        panic!("not a Graph error: {error:?}")
    };
    assert_eq!((*status, *retries, operation.name), (404, 0, "GET_USER"));
    assert_eq!(graph.code, "Request_ResourceNotFound");
    assert_eq!(graph.message, "Resource 'x' does not exist.");
    assert_eq!(graph.target.as_deref(), Some("id"));
    assert_eq!(graph.details[0].code, "NotFound");
    let inner = graph.inner_error.as_ref().expect("innerError");
    assert_eq!(
        inner.request_id.as_deref(),
        Some("11111111-2222-3333-4444-555555555555")
    );
    assert_eq!(
        inner.client_request_id.as_deref(),
        Some("66666666-7777-8888-9999-000000000000")
    );
    assert_eq!(inner.date.as_deref(), Some("2024-05-01T10:00:00"));
    let text = error.to_string();
    assert!(
        text.contains("GET /users/{id | userPrincipalName}")
            && text.contains("api/test-page.md:12"),
        "{text}"
    );
    assert!(
        text.contains("Request_ResourceNotFound") && text.contains("11111111-2222"),
        "{text}"
    );
    assert!(error.permission_hint().is_none());
}

#[tokio::test]
async fn forbidden_names_the_documented_permissions() {
    let server = TestServer::start("127.0.0.1", |_| {
        Reply::json(
            403,
            graph_error("Authorization_RequestDenied", "Insufficient privileges."),
        )
    })
    .await;
    let error = client(&server)
        .send::<()>(get(&GET_USER, "/users/x"))
        .await
        .expect_err("403");
    let hint = error.permission_hint().expect("hint on 403");
    assert!(
        hint.contains("User.Read, User.ReadWrite.All")
            && hint.contains("application: User.Read.All"),
        "{hint}"
    );
    assert!(error.to_string().contains("User.Read.All"));
}

#[tokio::test]
async fn unexpected_status_without_graph_body() {
    let server = TestServer::start("127.0.0.1", |_| Reply::text(418, "<html>teapot</html>")).await;
    let error = client(&server)
        .send::<()>(get(&GET_USER, "/users/x"))
        .await
        .expect_err("418");
    match &error {
        Error::UnexpectedStatus {
            status: 418, body, ..
        } => assert_eq!(&body[..], b"<html>teapot</html>"),
        other => panic!("{other:?}"),
    }
}

fn http_date(at: SystemTime) -> String {
    let at = time::OffsetDateTime::from(at);
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    at.format(format).expect("format date")
}

async fn throttled_then_ok(
    retry_after: impl Fn() -> String + Send + Sync + 'static,
) -> (Duration, Vec<common::Recorded>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start("127.0.0.1", move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::json(429, graph_error("TooManyRequests", "Slow down"))
                .header("retry-after", retry_after())
        } else {
            Reply::json(200, serde_json::json!({"id": "1", "displayName": "Ann"}))
        }
    })
    .await;
    let started = Instant::now();
    let user: serde_json::Value = client(&server)
        .send(get(&GET_USER, "/users/1"))
        .await
        .expect("success after 429");
    assert_eq!(user["id"], "1");
    (started.elapsed(), server.requests())
}

#[tokio::test]
async fn retry_after_in_seconds_then_success() {
    let (elapsed, requests) = throttled_then_ok(|| "1".to_owned()).await;
    assert!(elapsed >= Duration::from_millis(950), "waited {elapsed:?}");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("retry-attempt"), Some("1"));
    assert_eq!(
        requests[0].header("client-request-id"),
        requests[1].header("client-request-id")
    );
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer secret-token-value-123")
    );
}

#[tokio::test]
async fn retry_after_as_http_date_then_success() {
    // Whole seconds: the date two seconds ahead is 1 to 2 s away.
    let (elapsed, requests) =
        throttled_then_ok(|| http_date(SystemTime::now() + Duration::from_secs(2))).await;
    assert!(elapsed >= Duration::from_millis(950), "waited {elapsed:?}");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("retry-attempt"), Some("1"));
}

#[tokio::test]
async fn unavailable_until_retries_run_out_keeps_the_last_graph_error() {
    let calls = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start("127.0.0.1", move |_| {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        Reply::json(
            503,
            graph_error("serviceNotAvailable", &format!("attempt {n}")),
        )
    })
    .await;
    let error = client(&server)
        .send::<()>(get(&GET_USER, "/users/1"))
        .await
        .expect_err("503");
    let requests = server.requests();
    assert_eq!(requests.len(), 4, "1 try + 3 retries by default");
    let attempts: Vec<_> = requests
        .iter()
        .map(|r| r.header("retry-attempt").map(str::to_owned))
        .collect();
    assert_eq!(
        attempts,
        [None, Some("1".into()), Some("2".into()), Some("3".into())]
    );
    match &error {
        Error::Graph {
            status: 503,
            error,
            retries: 3,
            ..
        } => {
            assert_eq!(error.code, "serviceNotAvailable");
            assert_eq!(error.message, "attempt 3", "the last response's error");
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("gave up after 3 retries"));
}

#[tokio::test]
async fn retry_count_is_configurable_and_500_is_not_retried() {
    let server = TestServer::start("127.0.0.1", |r| {
        if r.path().ends_with("/busy") {
            Reply::status(504)
        } else {
            Reply::status(500)
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url(""))
        .retry(fast_retry().max_retries(5))
        .build()
        .expect("client");
    let error = client
        .send::<()>(get(&GET_USER, "/busy"))
        .await
        .expect_err("504");
    assert!(
        matches!(
            error,
            Error::UnexpectedStatus {
                status: 504,
                retries: 5,
                ..
            }
        ),
        "{error:?}"
    );
    let error = client
        .send::<()>(get(&GET_USER, "/broken"))
        .await
        .expect_err("500");
    assert!(
        matches!(
            error,
            Error::UnexpectedStatus {
                status: 500,
                retries: 0,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 7);
    let none = Client::builder()
        .base_url(&server.url(""))
        .retry(RetryConfig::none())
        .build()
        .expect("client");
    none.send::<()>(get(&GET_USER, "/busy"))
        .await
        .expect_err("504");
    assert_eq!(server.requests().len(), 8);
}

#[tokio::test]
async fn retry_after_beyond_the_total_cap_is_not_waited_for() {
    let server = TestServer::start("127.0.0.1", |_| {
        Reply::json(429, graph_error("TooManyRequests", "later")).header("retry-after", "3600")
    })
    .await;
    let started = Instant::now();
    let error = client(&server)
        .send::<()>(get(&GET_USER, "/users/1"))
        .await
        .expect_err("429");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(error.code(), Some("TooManyRequests"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_reset_mid_body_is_a_transport_error() {
    let body = serde_json::json!({"value": vec!["x".repeat(100); 100]}).to_string();
    let server = TestServer::start("127.0.0.1", move |_| {
        Reply::text(200, body.clone()).cut_after(1000)
    })
    .await;
    let error = client(&server)
        .send::<serde_json::Value>(get(&GET_USER, "/users"))
        .await
        .expect_err("cut");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("GET /users/{id | userPrincipalName}"),
        "{error}"
    );
}

#[tokio::test]
async fn truncated_and_invalid_json_are_decode_errors_with_the_raw_body() {
    let server = TestServer::start("127.0.0.1", |r| {
        match r.path().trim_start_matches("/v1.0") {
            "/truncated" => Reply::text(
                200,
                r#"{"value": [{"id": "1", "displayName": "A"}, {"id": "#,
            ),
            "/invalid" => Reply::text(200, r#"{"value": [{"id": "1", "displayName": 42}]}"#),
            _ => Reply::text(200, "not json"),
        }
    })
    .await;
    let client = client(&server);
    let error = client
        .send::<Page<User>>(get(&GET_USER, "/truncated"))
        .await
        .expect_err("truncated");
    match &error {
        Error::Decode {
            status: 200,
            body,
            message,
            ..
        } => {
            assert!(body.starts_with(br#"{"value""#), "{body:?}");
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let error = client
        .send::<Page<User>>(get(&GET_USER, "/invalid"))
        .await
        .expect_err("invalid");
    match &error {
        Error::Decode { path, body, .. } => {
            assert_eq!(path, "value[0].displayName");
            assert_eq!(&body[..], br#"{"value": [{"id": "1", "displayName": 42}]}"#);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("value[0].displayName"));
    let error = client
        .send::<serde_json::Value>(get(&GET_USER, "/other"))
        .await
        .expect_err("not json");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn decodes_unit_bytes_accepted_and_sends_bodies() {
    let server = TestServer::start("127.0.0.1", |r| match r.method.as_str() {
        "DELETE" => Reply::status(204),
        "POST" => Reply::status(202)
            .header("location", "https://graph.microsoft.com/v1.0/operations/1")
            .header("retry-after", "5"),
        _ => Reply::text(200, "raw"),
    })
    .await;
    let client = client(&server);
    let mut delete = get(&DELETE_USER, "/users/1");
    delete.body = graph_runtime::Body::Empty;
    client.send::<()>(delete).await.expect("204");
    let mut post = get(&CREATE_USER, "/users");
    post.body = graph_runtime::Body::Json(bytes::Bytes::from_static(br#"{"displayName":"Ann"}"#));
    let accepted: Accepted = client.send(post).await.expect("202");
    assert_eq!(
        accepted.location.as_deref(),
        Some("https://graph.microsoft.com/v1.0/operations/1")
    );
    assert_eq!(accepted.retry_after, Some(5));
    let raw: bytes::Bytes = client.send(get(&GET_USER, "/x")).await.expect("bytes");
    assert_eq!(&raw[..], b"raw");
    let requests = server.requests();
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
    assert_eq!(&requests[1].body[..], br#"{"displayName":"Ann"}"#);
}

#[tokio::test]
async fn an_optional_body_is_none_for_no_content_and_decoded_when_sent() {
    // An update that answers `204 No Content`, or `200 OK` with the value when `Prefer: return=representation`
    // asks for it.
    let server = TestServer::start("127.0.0.1", |r| match r.header("prefer") {
        Some("return=representation") => {
            Reply::json(200, serde_json::json!({"id": "1", "displayName": "Ann"}))
        }
        _ => Reply::status(204),
    })
    .await;
    let updates = client(&server);
    let quiet: Option<serde_json::Value> =
        updates.send(get(&GET_USER, "/users/1")).await.expect("204");
    assert_eq!(quiet, None);
    let mut asked = get(&GET_USER, "/users/1");
    asked
        .headers
        .push((Cow::Borrowed("Prefer"), "return=representation".to_owned()));
    let sent: Option<serde_json::Value> = updates.send(asked).await.expect("200");
    assert_eq!(
        sent,
        Some(serde_json::json!({"id": "1", "displayName": "Ann"}))
    );
    // A body that does not decode is still an error, not `None`.
    let server = TestServer::start("127.0.0.1", |_| Reply::text(200, "not json")).await;
    let error = client(&server)
        .send::<Option<serde_json::Value>>(get(&GET_USER, "/users/1"))
        .await
        .expect_err("not json");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn timeout_is_its_own_error() {
    let server = TestServer::start("127.0.0.1", |_| {
        Reply::status(200).delay(Duration::from_secs(5))
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url(""))
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let error = client
        .send::<()>(get(&GET_USER, "/slow"))
        .await
        .expect_err("timeout");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn dot_segments_are_refused_not_sent() {
    let server = TestServer::start("127.0.0.1", |_| Reply::status(200)).await;
    let client = client(&server);
    let mut path = graph_runtime::PathBuilder::new();
    path.push_literal("/users/");
    path.push_segment("..");
    path.push_literal("/manager");
    let error = client
        .send::<()>(get(&GET_USER, &path.finish()))
        .await
        .expect_err("dot segment");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(server.requests().is_empty());
}

/// A generated table of one operation, as the code generator emits it.
static TABLE: graph_runtime::Operations = graph_runtime::Operations::new(
    "\nupdate\tPATCH\t/users/{id}/todo/lists/{listId}\t/users/{0}/todo/lists/{1}\tapi/todolist-update.md:20\t+Tasks.ReadWrite\t-\t-\n",
);

#[tokio::test]
async fn generated_calls_find_their_operation_by_index_and_refuse_one_past_the_table() {
    use graph_runtime::builder::Request;
    let server = TestServer::start("127.0.0.1", |_| Reply::status(204)).await;
    let client = client(&server);
    let body = serde_json::json!({"displayName": "Q3 plans"});
    let request: Request<'_, (), ()> = Request::json(&client, &TABLE, 0, &["a/b", "l 1"], &body);
    assert_eq!(request.spec().path, "/users/a%2Fb/todo/lists/l%201");
    assert_eq!(request.spec().operation.source, "api/todolist-update.md:20");
    assert_eq!(
        request.spec().operation.permissions.delegated_work,
        graph_runtime::Scopes::Listed("Tasks.ReadWrite")
    );
    request.await.expect("sent");
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "PATCH");
    assert_eq!(seen[0].uri, "/v1.0/users/a%2Fb/todo/lists/l%201");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&seen[0].body).expect("JSON body"),
        body
    );

    let request: Request<'_, (), ()> = Request::ids(&client, &TABLE, 1, &["a", "l"]);
    let error = request.await.expect_err("index past the table");
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(
        error.to_string().contains("regenerate-the-client"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn clouds_and_versions_make_base_urls() {
    use graph_runtime::{ApiVersion, Cloud};
    let url = |cloud, version| {
        Client::builder()
            .cloud(cloud)
            .version(version)
            .build()
            .expect("client")
            .base_url()
            .to_owned()
    };
    assert_eq!(
        url(Cloud::Global, ApiVersion::V1),
        "https://graph.microsoft.com/v1.0"
    );
    assert_eq!(
        url(Cloud::UsGovL4, ApiVersion::Beta),
        "https://graph.microsoft.us/beta"
    );
    assert_eq!(
        url(Cloud::UsGovL5, ApiVersion::V1),
        "https://dod-graph.microsoft.us/v1.0"
    );
    assert_eq!(
        url(Cloud::China, ApiVersion::V1),
        "https://microsoftgraph.chinacloudapi.cn/v1.0"
    );
    assert!(Client::builder().base_url("not a url").build().is_err());
    assert!(Client::builder().base_url("ftp://host/x").build().is_err());
}

#[tokio::test]
async fn redirects_to_another_host_are_followed_without_the_token() {
    let downloads = TestServer::start("127.0.0.2", |_| Reply::text(200, "file bytes")).await;
    let target = downloads.url("/download/file.txt?sig=abc");
    let graph = TestServer::start("127.0.0.1", move |_| {
        Reply::status(302).header("location", target.clone())
    })
    .await;
    let content: bytes::Bytes = client(&graph)
        .send(get(&GET_USER, "/me/drive/items/1/content"))
        .await
        .expect("download");
    assert_eq!(&content[..], b"file bytes");
    assert_eq!(
        graph.requests()[0].header("authorization"),
        Some("Bearer secret-token-value-123")
    );
    let sent = downloads.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("authorization"), None);
}

#[test]
fn public_types_are_send_sync_and_unpin_where_generated_code_needs_it() {
    fn send_sync<T: Send + Sync + Clone>() {}
    fn send_unpin<T: Send + Unpin>() {}
    fn error<T: std::error::Error + Send + Sync + 'static>() {}
    send_sync::<Client>();
    send_unpin::<graph_runtime::Pending<()>>();
    send_unpin::<graph_runtime::Pending<std::rc::Rc<()>>>();
    send_unpin::<graph_runtime::PageStream<serde_json::Value>>();
    send_unpin::<graph_runtime::ItemStream<serde_json::Value>>();
    error::<Error>();
}

operation!(PUT_CONTENT, Put, "/me/drive/items/{id}/content");

/// Empty content goes out with `Content-Length: 0`, once, whether the request has no body (an action without
/// parameters) or an empty one (an empty file); other content with its length.
#[tokio::test]
async fn empty_content_is_sent_with_content_length_zero() {
    let server = TestServer::start("127.0.0.1", |_| Reply::status(204)).await;
    let client = client(&server);
    let mut action = get(
        &CREATE_USER,
        "/users/u1/microsoft.graph.revokeSignInSessions",
    );
    action.body = graph_runtime::Body::Empty;
    let empty_file = graph_runtime::RequestSpec {
        body: graph_runtime::Body::Bytes {
            data: bytes::Bytes::new(),
            content_type: Cow::Borrowed("text/plain"),
        },
        ..get(&PUT_CONTENT, "/me/drive/items/i1/content")
    };
    let file = graph_runtime::RequestSpec {
        body: graph_runtime::Body::Bytes {
            data: bytes::Bytes::from_static(b"hello"),
            content_type: Cow::Borrowed("text/plain"),
        },
        ..get(&PUT_CONTENT, "/me/drive/items/i2/content")
    };
    for spec in [action, empty_file, file] {
        client.execute(spec).await.expect("204");
    }
    let lengths: Vec<Vec<String>> = server
        .requests()
        .iter()
        .map(|r| {
            r.headers
                .get_all("content-length")
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(lengths, [vec!["0"], vec!["0"], vec!["5"]]);
}
