//! Long-running operations against real servers: a driveItem copy on Graph (127.0.0.1) answers 202 with a monitor
//! on another host (127.0.0.2), polled until it completes or fails.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use common::{Reply, TestServer};
use graph_runtime::{Accepted, Body, Client, Error, RequestSpec};
use serde_json::json;

operation!(COPY_ITEM, Post, "/drives/{drive-id}/items/{item-id}/copy");

fn copy_spec() -> RequestSpec {
    let mut spec = common::get(&COPY_ITEM, "/drives/d1/items/i1/copy");
    spec.body = Body::Json(Bytes::from_static(br#"{"name":"copy.txt"}"#));
    spec
}

/// A monitor answering `answers` in turn (the last one again afterwards).
async fn monitor(ip: &str, answers: Vec<Reply>) -> TestServer {
    let polls = Arc::new(AtomicUsize::new(0));
    TestServer::start(ip, move |_| {
        let n = polls.fetch_add(1, Ordering::SeqCst);
        answers[n.min(answers.len() - 1)].clone()
    })
    .await
}

async fn graph_accepting(location: String) -> (TestServer, Client) {
    let graph = TestServer::start("127.0.0.1", move |r| {
        if r.path().ends_with("/copy") {
            Reply::status(202).header("location", location.clone())
        } else {
            Reply::json(
                200,
                json!({"status": "completed", "resourceId": "on-graph"}),
            )
        }
    })
    .await;
    let client = common::graph_client(&graph);
    (graph, client)
}

#[tokio::test]
async fn a_copy_answers_202_then_the_monitor_reports_in_progress_twice_then_completed_with_the_new_id(
) {
    let monitor = monitor(
        "127.0.0.2",
        vec![
            Reply::json(202, json!({"status": "inProgress", "percentageComplete": 10.0})),
            Reply::json(202, json!({"status": "inProgress", "percentageComplete": 60.0})).header("retry-after", "0"),
            Reply::json(200, json!({"status": "completed", "percentageComplete": 100.0, "resourceId": "01NEWITEM"})),
        ],
    )
    .await;
    let (graph, client) = graph_accepting(monitor.url("/monitor/op-1?sig=pre-authenticated")).await;
    let accepted: Accepted = client.send(copy_spec()).await.expect("202");
    let done = accepted
        .wait(&client)
        .interval(Duration::from_millis(10))
        .await
        .expect("completed");
    assert_eq!(done.resource_id.as_deref(), Some("01NEWITEM"));
    assert_eq!(done.status, "completed");
    assert_eq!(done.polls, 3);
    let polls = monitor.requests();
    assert_eq!(polls.len(), 3);
    assert!(
        polls.iter().all(|p| p.header("authorization").is_none()),
        "no token off the Graph host"
    );
    assert!(polls
        .iter()
        .all(|p| p.uri == "/monitor/op-1?sig=pre-authenticated"));
    assert_eq!(graph.requests().len(), 1);
    assert_eq!(
        graph.requests()[0].header("authorization"),
        Some("Bearer graph-token")
    );
}

#[tokio::test]
async fn a_failed_operation_ends_with_its_error() {
    let monitor = monitor(
        "127.0.0.2",
        vec![Reply::json(
            200,
            json!({"status": "failed", "statusDescription": "Name conflict", "error": {"code": "nameAlreadyExists", "message": "copy.txt exists"}}),
        )],
    )
    .await;
    let (_graph, client) = graph_accepting(monitor.url("/monitor/op-2")).await;
    let accepted: Accepted = client.send(copy_spec()).await.unwrap();
    let error = accepted
        .wait(&client)
        .interval(Duration::from_millis(1))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("nameAlreadyExists"));
    assert!(matches!(&error, Error::LongRunning { status: Some(s), .. } if s == "failed"));
    let text = error.to_string();
    assert!(
        text.contains("Name conflict") && text.contains("/copy"),
        "{text}"
    );
}

#[tokio::test]
async fn a_monitor_on_graph_gets_the_token_and_one_that_never_finishes_times_out() {
    let (graph, client) = graph_accepting("/v1.0/operations/op-3".to_owned()).await;
    let accepted: Accepted = client.send(copy_spec()).await.unwrap();
    let done = accepted
        .wait(&client)
        .interval(Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(done.resource_id.as_deref(), Some("on-graph"));
    assert_eq!(
        graph.requests()[1].header("authorization"),
        Some("Bearer graph-token")
    );

    let monitor = monitor(
        "127.0.0.2",
        vec![Reply::json(200, json!({"status": "running"}))],
    )
    .await;
    let (_graph, client) = graph_accepting(monitor.url("/m")).await;
    let accepted: Accepted = client.send(copy_spec()).await.unwrap();
    let error = accepted
        .wait(&client)
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("not finished"), "{error}");
}

operation!(CREATE_TEAM, Post, "/teams");

/// Starts `operation` at `path` with a JSON `body`, then awaits its monitor, polling without delay.
async fn start_and_wait(
    client: &Client,
    operation: &'static graph_runtime::Operation,
    path: &str,
    body: &'static [u8],
) -> graph_runtime::Completed {
    let mut spec = common::get(operation, path);
    spec.body = Body::Json(Bytes::from_static(body));
    let accepted: Accepted = client.send(spec).await.expect("202");
    accepted
        .wait(client)
        .interval(Duration::ZERO)
        .await
        .expect("the operation ends well")
}

/// Teams answers a new team with `202 Accepted` and `Location: /teams/{id}/operations/{id}`, a path without the API
/// version; Graph refuses that path at the host's root, so the monitor is polled under the client's base URL.
#[tokio::test]
async fn a_location_without_the_api_version_is_polled_under_the_base_url() {
    let graph = TestServer::start("127.0.0.1", |r| match (r.method.as_str(), r.path()) {
        ("POST", "/v1.0/teams") => Reply::status(202)
            .header("location", "/teams/t1/operations/op1")
            .header("content-location", "/teams/t1"),
        ("GET", "/v1.0/teams/t1/operations/op1") => Reply::json(
            200,
            json!({"id": "op1", "status": "succeeded", "targetResourceId": "t1", "targetResourceLocation": "/teams('t1')"}),
        ),
        _ => Reply::json(400, common::graph_error("BadRequest", "Invalid version")),
    })
    .await;
    let client = common::graph_client(&graph);
    let done = start_and_wait(
        &client,
        &CREATE_TEAM,
        "/teams",
        br#"{"displayName":"Team"}"#,
    )
    .await;
    assert_eq!(done.resource_id.as_deref(), Some("t1"));
    let requests = graph.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].uri, "/v1.0/teams/t1/operations/op1");
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer graph-token")
    );
}

operation!(COPY_PAGE, Post, "/me/onenote/pages/{id}/copyToSection");

/// OneNote's copies answer `202 Accepted` with the monitor in `Operation-Location`, not `Location`; the monitor
/// (`onenoteOperation`) reports `running`, then `completed` with the copy's `resourceLocation`.
#[tokio::test]
async fn an_operation_location_header_is_the_monitor() {
    let polls = Arc::new(AtomicUsize::new(0));
    let graph = TestServer::start("127.0.0.1", move |r| {
        let host = r.header("host").unwrap_or_default().to_owned();
        match (r.method.as_str(), r.path()) {
            ("POST", "/v1.0/me/onenote/pages/p1/copyToSection") => Reply::status(202)
                .header("operation-location", format!("http://{host}/v1.0/me/onenote/operations/op-9")),
            ("GET", "/v1.0/me/onenote/operations/op-9") if polls.fetch_add(1, Ordering::SeqCst) == 0 => {
                Reply::json(200, json!({"id": "op-9", "status": "running"}))
            }
            ("GET", "/v1.0/me/onenote/operations/op-9") => Reply::json(
                200,
                json!({"id": "op-9", "status": "completed", "resourceId": "p2", "resourceLocation": format!("http://{host}/v1.0/me/onenote/pages/p2")}),
            ),
            _ => Reply::json(404, common::graph_error("NotFound", "no such path")),
        }
    })
    .await;
    let client = common::graph_client(&graph);
    let done = start_and_wait(
        &client,
        &COPY_PAGE,
        "/me/onenote/pages/p1/copyToSection",
        br#"{"id":"s1"}"#,
    )
    .await;
    assert_eq!(done.resource_id.as_deref(), Some("p2"));
    assert_eq!(
        done.resource_location,
        Some(graph.url("/v1.0/me/onenote/pages/p2"))
    );
    assert_eq!(done.polls, 2);
    let requests = graph.requests();
    assert!(requests[1..]
        .iter()
        .all(|r| r.uri == "/v1.0/me/onenote/operations/op-9"
            && r.header("authorization") == Some("Bearer graph-token")));
}
