//! Typed `$batch` against a real server on 127.0.0.1 that answers like Graph's JSON batching.

mod common;

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use common::{Recorded, Reply, TestServer};
use graph_runtime::builder::Request;
use graph_runtime::{Body, Client, Error, Page, RequestSpec};
use serde_json::{json, Value};

operation!(GET_USER, Get, "/users/{id}");
operation!(LIST_USERS, Get, "/users");
operation!(CREATE_GROUP, Post, "/groups");
operation!(ADD_MEMBER, Post, "/groups/{id}/members/$ref");
operation!(PUT_PHOTO, Put, "/users/{id}/photo/$value");
operation!(GET_PHOTO, Get, "/users/{id}/photo/$value");

graph_runtime::model! {
    /// A user, declared by hand.
    struct User: "microsoft.graph.user" {
        id: String = "id",
        display_name: String = "displayName",
    }
}

graph_runtime::model! {
    /// A group, declared by hand.
    struct Group: "microsoft.graph.group" {
        id: String = "id",
    }
}

fn spec(op: &'static graph_runtime::Operation, path: &str) -> RequestSpec {
    common::get(op, path)
}

fn typed<T>(client: &Client, spec: RequestSpec) -> Request<'_, T, ()> {
    Request::new(client, spec)
}

/// What the server saw of each POST: the requests' JSON.
type Posts = Arc<Mutex<Vec<Vec<Value>>>>;

/// A Graph-like `$batch` endpoint. `answer(item, times_seen)` answers one item; items are answered in `dependsOn`
/// order, and an item whose dependency did not succeed gets 424.
async fn batch_server(
    answer: impl Fn(&Value, usize) -> (u16, Value, Value) + Send + Sync + 'static,
) -> (TestServer, Posts) {
    let posts: Posts = Arc::default();
    let seen = posts.clone();
    let server = TestServer::start("127.0.0.1", move |r: &Recorded| {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path(), "/v1.0/$batch");
        assert_eq!(r.header("authorization"), Some("Bearer graph-token"));
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        let requests = body["requests"].as_array().unwrap().clone();
        assert!(requests.len() <= 20, "at most 20 per POST");
        let mut posts = seen.lock().unwrap();
        let times = |url: &str| posts.iter().flatten().filter(|q| q["url"] == url).count();
        let mut statuses = std::collections::HashMap::new();
        let mut responses = Vec::new();
        for request in &requests {
            let depends: Vec<&str> = request["dependsOn"]
                .as_array()
                .map(|d| d.iter().map(|v| v.as_str().unwrap()).collect())
                .unwrap_or_default();
            for d in &depends {
                assert!(
                    statuses.contains_key(*d),
                    "dependency {d} is in the same POST, before its dependent"
                );
            }
            let (status, headers, body) =
                if depends.iter().any(|d| !(200..300).contains(&statuses[*d])) {
                    (
                        424,
                        json!({"Content-Type": "application/json"}),
                        common::graph_error("failedDependency", "dependency failed"),
                    )
                } else {
                    answer(request, times(request["url"].as_str().unwrap()))
                };
            statuses.insert(request["id"].as_str().unwrap().to_owned(), status);
            responses.push(
                json!({"id": request["id"], "status": status, "headers": headers, "body": body}),
            );
        }
        posts.push(requests);
        responses.reverse(); // Graph answers in any order.
        Reply::json(200, json!({ "responses": responses }))
    })
    .await;
    (server, posts)
}

const JSON: fn() -> Value = || json!({"Content-Type": "application/json"});

#[tokio::test]
async fn a_batch_of_45_typed_requests_takes_3_posts_retries_a_429_alone_and_honours_depends_on() {
    let (server, posts) = batch_server(|request, seen| {
        let url = request["url"].as_str().unwrap();
        match (request["method"].as_str().unwrap(), url) {
            ("GET", "/users/u-7") if seen == 0 => (
                429,
                json!({"Content-Type": "application/json", "Retry-After": "0"}),
                common::graph_error("TooManyRequests", "slow down"),
            ),
            ("GET", "/users?$top=2&$filter=startswith(displayName,%27A%27)") => (
                200,
                JSON(),
                json!({"value": [{"id": "a1", "displayName": "Adele"}, {"id": "a2", "displayName": "Alex"}]}),
            ),
            ("GET", "/users/missing") => (404, JSON(), common::graph_error("Request_ResourceNotFound", "no such user")),
            ("GET", "/users/u-1/photo/$value") => (200, json!({"Content-Type": "image/png"}), json!("iVBORw0=")),
            ("GET", user) => {
                let id = user.trim_start_matches("/users/");
                (200, JSON(), json!({"id": id, "displayName": format!("User {id}"), "mail": "kept@contoso.com"}))
            }
            ("POST", "/groups") => {
                assert_eq!(request["body"], json!({"displayName": "Team"}));
                assert_eq!(request["headers"]["Content-Type"], "application/json");
                (201, JSON(), json!({"id": "g-1"}))
            }
            ("POST", "/groups/g-1/members/$ref") => (204, json!({}), Value::Null),
            ("PUT", "/users/u-1/photo/$value") => {
                assert_eq!(request["headers"]["Content-Type"], "image/png");
                assert_eq!(request["body"], "AAECAw==", "binary bodies go as base64");
                (200, json!({}), Value::Null)
            }
            other => panic!("unexpected {other:?}"),
        }
    })
    .await;
    let client = common::graph_client(&server);
    let mut batch = client.batch();
    let users: Vec<_> = (0..40)
        .map(|i| {
            batch.add(typed::<User>(
                &client,
                spec(&GET_USER, &format!("/users/u-{i}")),
            ))
        })
        .collect();
    let mut list = spec(&LIST_USERS, "/users");
    list.query.push(("$top".into(), "2".into()));
    list.query
        .push(("$filter".into(), "startswith(displayName,'A')".into()));
    let page = batch.add(typed::<Page<User>>(&client, list));
    let missing = batch.add(typed::<User>(&client, spec(&GET_USER, "/users/missing")));
    let mut create = spec(&CREATE_GROUP, "/groups");
    create.body = Body::Json(Bytes::from_static(br#"{"displayName":"Team"}"#));
    let group = batch.add(typed::<Group>(&client, create));
    let member = batch.add_after(
        typed::<()>(&client, spec(&ADD_MEMBER, "/groups/g-1/members/$ref")),
        &[group.id()],
    );
    let mut photo = spec(&PUT_PHOTO, "/users/u-1/photo/$value");
    photo.body = Body::Bytes {
        data: Bytes::from_static(&[0, 1, 2, 3]),
        content_type: "image/png".into(),
    };
    let upload = batch.add(typed::<()>(&client, photo));
    assert_eq!(batch.len(), 45);
    let summary = batch.send().await.expect("batch");

    let posts = posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 4, "3 POSTs, then one retry POST");
    assert_eq!(
        posts.iter().map(Vec::len).collect::<Vec<_>>(),
        [20, 20, 5, 1]
    );
    assert_eq!(
        posts[3][0]["url"], "/users/u-7",
        "only the throttled item is sent again"
    );
    assert_eq!((summary.posts, summary.retried), (4, 1));
    let all: Vec<&Value> = posts.iter().flatten().collect();
    for url in all.iter().map(|r| r["url"].as_str().unwrap()) {
        assert!(
            !url.contains("v1.0") && url.starts_with('/'),
            "relative URL: {url}"
        );
        let sent = all.iter().filter(|r| r["url"] == url).count();
        assert_eq!(sent, if url == "/users/u-7" { 2 } else { 1 }, "{url}");
    }
    let member_request = all
        .iter()
        .find(|r| r["url"] == "/groups/g-1/members/$ref")
        .unwrap();
    assert_eq!(member_request["dependsOn"], json!([group.id().wire_id()]));

    for (i, user) in users.into_iter().enumerate() {
        let user: User = user.await.expect("user");
        assert_eq!(user.id.as_deref(), Some(format!("u-{i}").as_str()));
        assert_eq!(user.additional["mail"], "kept@contoso.com");
    }
    let page: Page<User> = page.await.expect("page");
    assert_eq!(page.value[1].display_name.as_deref(), Some("Alex"));
    match missing.await {
        Err(Error::Graph {
            status: 404, error, ..
        }) => assert_eq!(error.code, "Request_ResourceNotFound"),
        other => panic!("{other:?}"),
    }
    let group: Group = group.await.expect("group");
    assert_eq!(group.id.as_deref(), Some("g-1"));
    let (): () = member.await.expect("member");
    let (): () = upload.await.expect("photo");
}

#[tokio::test]
async fn binary_answers_are_decoded_from_base64() {
    let (server, _) =
        batch_server(|_, _| (200, json!({"Content-Type": "image/png"}), json!("AAECAw=="))).await;
    let client = common::graph_client(&server);
    let mut batch = client.batch();
    let photo = batch.add(typed::<Bytes>(
        &client,
        spec(&GET_PHOTO, "/users/u-1/photo/$value"),
    ));
    // The batch and its handles are Send: sent from another task, awaited here.
    tokio::spawn(batch.send()).await.unwrap().unwrap();
    assert_eq!(&photo.await.unwrap()[..], &[0, 1, 2, 3]);
}

#[tokio::test]
async fn a_dependent_that_failed_only_because_its_dependency_was_throttled_is_retried_with_it() {
    let (server, posts) = batch_server(|request, seen| match request["url"].as_str().unwrap() {
        "/groups" if seen == 0 => (503, json!({"Retry-After": "0"}), Value::Null),
        "/groups" => (201, JSON(), json!({"id": "g-1"})),
        _ => (204, json!({}), Value::Null),
    })
    .await;
    let client = common::graph_client(&server);
    let mut batch = client.batch();
    let other = batch.add(typed::<()>(&client, spec(&GET_USER, "/users/u-1")));
    let group = batch.add(typed::<Group>(&client, spec(&CREATE_GROUP, "/groups")));
    let member = batch.add_after(
        typed::<()>(&client, spec(&ADD_MEMBER, "/groups/g-1/members/$ref")),
        &[group.id()],
    );
    batch.send().await.unwrap();
    let posts = posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 2);
    let retried: Vec<&str> = posts[1]
        .iter()
        .map(|r| r["url"].as_str().unwrap())
        .collect();
    assert_eq!(retried, ["/groups", "/groups/g-1/members/$ref"]);
    assert_eq!(posts[1][1]["dependsOn"], json!(["2"]));
    other.await.unwrap();
    assert_eq!(group.await.unwrap().id.as_deref(), Some("g-1"));
    member.await.unwrap();
}

#[tokio::test]
async fn invalid_batches_are_refused_before_anything_is_sent() {
    let (server, posts) = batch_server(|_, _| (204, json!({}), Value::Null)).await;
    let client = common::graph_client(&server);
    let mut other_batch = client.batch();
    let foreign = other_batch.add(typed::<()>(&client, spec(&GET_USER, "/users/x")));
    let mut batch = client.batch();
    let mut previous = batch.add(typed::<()>(&client, spec(&GET_USER, "/users/0")));
    let mut handles = Vec::new();
    for i in 1..21 {
        let next = batch.add_after(
            typed::<()>(&client, spec(&GET_USER, &format!("/users/{i}"))),
            &[previous.id()],
        );
        handles.push(std::mem::replace(&mut previous, next));
    }
    let stray = batch.add_after(
        typed::<()>(&client, spec(&GET_USER, "/users/y")),
        &[foreign.id()],
    );
    let error = batch.send().await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("21 requests linked by dependsOn"), "{text}");
    assert!(
        text.contains("request 22") && text.contains("another batch"),
        "{text}"
    );
    assert!(posts.lock().unwrap().is_empty(), "nothing was sent");
    assert!(matches!(stray.await, Err(Error::Batch { .. })));
    assert!(matches!(handles.remove(0).await, Err(Error::Batch { .. })));
    drop(other_batch);
    match foreign.await {
        Err(Error::Batch { message, .. }) => {
            assert!(message.contains("dropped before it was sent"))
        }
        other => panic!("{other:?}"),
    }
}
