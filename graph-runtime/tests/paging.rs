//! Paging streams against a real server: nextLink following, headers on every page, count, deltaLink, loops and
//! foreign hosts.

mod common;

use std::borrow::Cow;

use common::{get, Reply, TestServer};
use futures_util::{StreamExt, TryStreamExt};
use graph_runtime::{Client, Error, Page};
use serde::Deserialize;

operation!(LIST_USERS, Get, "/users");

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: u32,
}

/// Serves `pages` pages of 10 users at `/v1.0/users?page=N`; the last page carries a deltaLink.
async fn paged_server(pages: u32) -> TestServer {
    TestServer::start("127.0.0.1", move |r| {
        let page: u32 = r
            .query()
            .split('&')
            .find_map(|kv| kv.strip_prefix("page=")?.parse().ok())
            .unwrap_or(0);
        let items: Vec<_> = (page * 10..page * 10 + 10)
            .map(|id| serde_json::json!({"id": id}))
            .collect();
        let mut body = serde_json::json!({"@odata.context": "ctx", "value": items});
        if page == 0 {
            body["@odata.count"] = (pages * 10).into();
        }
        if page + 1 < pages {
            let host = r.header("host").unwrap_or_default();
            body["@odata.nextLink"] = format!(
                "http://{host}/v1.0/users?page={}&$skiptoken=a%2Fb",
                page + 1
            )
            .into();
        } else {
            body["@odata.deltaLink"] = "http://127.0.0.1/v1.0/users/delta?$deltatoken=final".into();
        }
        Reply::json(200, body)
    })
    .await
}

fn spec() -> graph_runtime::RequestSpec {
    let mut spec = get(&LIST_USERS, "/users");
    spec.query
        .push((Cow::Borrowed("$count"), "true".to_owned()));
    spec.headers
        .push((Cow::Borrowed("ConsistencyLevel"), "eventual".to_owned()));
    spec
}

fn client_for(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.url("/v1.0"))
        .bearer_token("tok")
        .build()
        .expect("client")
}

#[tokio::test]
async fn follows_100_pages_with_headers_count_and_delta_link() {
    let server = paged_server(100).await;
    let client = client_for(&server);
    let spec = spec();
    let mut pages = client.page_stream::<User>(spec.clone());
    let mut seen = 0;
    while let Some(page) = pages.next().await {
        let page: Page<User> = page.expect("page");
        assert_eq!(page.value.len(), 10);
        assert_eq!(page.value[0].id, seen * 10);
        assert_eq!(
            page.count,
            Some(1000),
            "the first page's count is kept on every page"
        );
        assert_eq!(
            page.additional.get("@odata.context"),
            Some(&serde_json::json!("ctx"))
        );
        seen += 1;
    }
    assert_eq!(seen, 100);
    assert_eq!(pages.odata_count(), Some(1000));
    assert_eq!(
        pages.delta_link(),
        Some("http://127.0.0.1/v1.0/users/delta?$deltatoken=final")
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 100);
    assert!(
        requests
            .iter()
            .all(|r| r.header("consistencylevel") == Some("eventual")),
        "ConsistencyLevel on every page"
    );
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer tok")));
    assert_eq!(requests[0].uri, "/v1.0/users?$count=true");
    assert_eq!(
        requests[1].uri, "/v1.0/users?page=1&$skiptoken=a%2Fb",
        "the nextLink is sent as given"
    );

    let mut items = client.item_stream::<User>(spec);
    let ids: Vec<u32> = (&mut items)
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .expect("items");
    assert_eq!(ids, (0..1000).collect::<Vec<_>>());
    assert_eq!(items.odata_count(), Some(1000));
    assert!(items.delta_link().is_some());
}

#[tokio::test]
async fn a_repeated_next_link_is_an_error_not_a_loop() {
    let server = TestServer::start("127.0.0.1", |r| {
        let base = format!("http://{}/v1.0/users", r.header("host").unwrap_or_default());
        // page 0 -> 1 -> 2 -> 1 -> ...
        let next = if r.query().contains("page=2") {
            "page=1"
        } else if r.query().contains("page=1") {
            "page=2"
        } else {
            "page=1"
        };
        Reply::json(
            200,
            serde_json::json!({"value": [{"id": 1}], "@odata.nextLink": format!("{base}?{next}")}),
        )
    })
    .await;
    let pages: Vec<_> = client_for(&server)
        .page_stream::<User>(get(&LIST_USERS, "/users"))
        .collect()
        .await;
    assert_eq!(pages.len(), 4, "three pages, then the error");
    assert!(pages[..3].iter().all(Result::is_ok));
    match &pages[3] {
        Err(Error::Paging { message, .. }) => {
            assert!(message.contains("already requested"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_next_link_back_to_the_first_page_is_caught_without_requesting_it() {
    let server = TestServer::start("127.0.0.1", |r| {
        let first = format!(
            "http://{}/v1.0/users?$top=5",
            r.header("host").unwrap_or_default()
        );
        Reply::json(
            200,
            serde_json::json!({"value": [{"id": 1}], "@odata.nextLink": first}),
        )
    })
    .await;
    let mut spec = get(&LIST_USERS, "/users");
    spec.query.push(("$top".into(), "5".to_owned()));
    let pages: Vec<_> = client_for(&server)
        .page_stream::<User>(spec)
        .collect()
        .await;
    assert_eq!(pages.len(), 2, "the first page, then the error");
    match &pages[1] {
        Err(Error::Paging { message, .. }) => {
            assert!(message.contains("already requested"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.requests().len(),
        1,
        "the loop costs no extra request"
    );
}

async fn pages_via(graph: &TestServer, follow: bool) -> Vec<Result<Page<User>, Error>> {
    client_for(graph)
        .page_stream::<User>(get(&LIST_USERS, "/users"))
        .follow_foreign_links(follow)
        .collect()
        .await
}

#[tokio::test]
async fn next_links_on_other_hosts_never_get_the_token() {
    let foreign = TestServer::start("127.0.0.2", |_| {
        Reply::json(200, serde_json::json!({"value": [{"id": 2}]}))
    })
    .await;
    let next = foreign.url("/v1.0/users?page=1");
    let graph = TestServer::start("127.0.0.1", move |_| {
        Reply::json(
            200,
            serde_json::json!({"value": [{"id": 1}], "@odata.nextLink": next}),
        )
    })
    .await;

    // By default: an error, and nothing is sent to the other host.
    let pages = pages_via(&graph, false).await;
    assert_eq!(pages.len(), 2);
    match &pages[1] {
        Err(Error::Paging { message, .. }) => {
            assert!(message.contains("another host"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert!(foreign.requests().is_empty());

    // Opted in: followed, without the token.
    let pages = pages_via(&graph, true).await;
    assert_eq!(pages.len(), 2);
    assert_eq!(
        pages[1].as_ref().expect("foreign page").value,
        vec![User { id: 2 }]
    );
    let sent = foreign.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("authorization"), None);
    assert!(graph
        .requests()
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer tok")));
}

#[tokio::test]
async fn same_address_by_name_or_on_another_port_is_another_host() {
    let other_port = TestServer::start("127.0.0.1", |_| {
        Reply::json(200, serde_json::json!({"value": []}))
    })
    .await;
    let by_port = other_port.url("/v1.0/users?page=1");
    let graph = TestServer::start("127.0.0.1", move |r| {
        let next = if r.query().contains("by=name") {
            // `localhost` resolves to the same server, but it is not the host the client was configured with.
            format!(
                "http://localhost:{}/v1.0/users?page=1",
                r.header("host")
                    .and_then(|h| h.rsplit(':').next())
                    .unwrap_or("0")
            )
        } else {
            by_port.clone()
        };
        Reply::json(
            200,
            serde_json::json!({"value": [], "@odata.nextLink": next}),
        )
    })
    .await;
    let client = client_for(&graph);
    for query in ["by=port", "by=name"] {
        let mut spec = get(&LIST_USERS, "/users");
        spec.query.push((
            Cow::Borrowed("by"),
            query.trim_start_matches("by=").to_owned(),
        ));
        let pages: Vec<_> = client.page_stream::<User>(spec).collect().await;
        assert!(
            matches!(pages.last(), Some(Err(Error::Paging { .. }))),
            "{query}: {pages:?}"
        );
    }
    assert!(other_port.requests().is_empty());
    assert_eq!(
        graph.requests().len(),
        2,
        "only the first page of each stream"
    );
}

operation!(USERS_DELTA, Get, "/users/delta");

/// A delta query: the first round's two pages end with deltaLink `d1`; the round from `d1` holds the changes and
/// ends with `d2`.
async fn delta_server() -> TestServer {
    TestServer::start("127.0.0.1", |r| {
        let link = |query: &str| {
            format!(
                "http://{}/v1.0/users/delta?{query}",
                r.header("host").unwrap_or_default()
            )
        };
        let (ids, next) = match r.query() {
            "" => (vec![1, 2], ("@odata.nextLink", link("$skiptoken=s1"))),
            "$skiptoken=s1" => (vec![3], ("@odata.deltaLink", link("$deltatoken=d1"))),
            "$deltatoken=d1" => (vec![2], ("@odata.deltaLink", link("$deltatoken=d2"))),
            other => return Reply::json(400, common::graph_error("badToken", other)),
        };
        let value: Vec<_> = ids
            .into_iter()
            .map(|id| serde_json::json!({"id": id}))
            .collect();
        let mut body = serde_json::json!({ "value": value });
        body[next.0] = next.1.into();
        Reply::json(200, body)
    })
    .await
}

#[tokio::test]
async fn a_delta_link_starts_the_next_round_and_a_foreign_one_is_refused() {
    let server = delta_server().await;
    let client = client_for(&server);
    let mut spec = get(&USERS_DELTA, "/users/delta");
    spec.headers
        .push((Cow::Borrowed("Prefer"), "odata.maxpagesize=2".to_owned()));

    let mut first = client.item_stream::<User>(spec.clone());
    let ids: Vec<u32> = (&mut first)
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .expect("first round");
    assert_eq!(ids, [1, 2, 3]);
    let d1 = first.delta_link().expect("deltaLink").to_owned();
    assert_eq!(d1, server.url("/v1.0/users/delta?$deltatoken=d1"));

    let before = server.requests().len();
    let mut changes = client.item_stream::<User>(spec.clone()).from_link(&d1);
    let ids: Vec<u32> = (&mut changes)
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .expect("next round");
    assert_eq!(ids, [2], "only the round from the deltaLink");
    assert_eq!(
        changes.delta_link(),
        Some(server.url("/v1.0/users/delta?$deltatoken=d2").as_str())
    );
    let requests = server.requests();
    assert_eq!(requests.len(), before + 1);
    let round = &requests[before];
    assert_eq!(
        round.uri, "/v1.0/users/delta?$deltatoken=d1",
        "the link as given, not the request"
    );
    assert_eq!(round.header("authorization"), Some("Bearer tok"));
    assert_eq!(
        round.header("prefer"),
        Some("odata.maxpagesize=2"),
        "the request's headers"
    );

    // A deltaLink on another host is not requested: the token must not go there.
    let foreign = TestServer::start("127.0.0.2", |_| {
        Reply::json(200, serde_json::json!({"value": []}))
    })
    .await;
    let mut pages = client
        .page_stream::<User>(spec)
        .from_link(foreign.url("/v1.0/users/delta?$deltatoken=d1"));
    let error = pages.next().await.expect("an item").expect_err("refused");
    assert!(
        matches!(&error, Error::Paging { message, .. } if message.contains("another host")),
        "{error:?}"
    );
    assert!(foreign.requests().is_empty());

    // An empty link (a deltaLink never saved) is an error, not a request for the base URL.
    let before = server.requests().len();
    let error = client
        .page_stream::<User>(get(&USERS_DELTA, "/users/delta"))
        .from_link("")
        .next()
        .await
        .expect("an item")
        .expect_err("refused");
    assert!(
        matches!(&error, Error::Paging { message, .. } if message.contains("empty")),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), before);
}
