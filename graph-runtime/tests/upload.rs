//! driveItem upload sessions and Azure Blob SAS uploads against real servers on another loopback host.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::{fast_retry, Reply, TestServer};
use graph_runtime::{Client, Error};

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 251) as u8).collect()
}

async fn graph_client() -> (TestServer, Client) {
    let graph = TestServer::start("127.0.0.1", |_| Reply::status(200)).await;
    let client = Client::builder()
        .base_url(&graph.url("/v1.0"))
        .bearer_token("graph-token")
        .retry(fast_retry())
        .build()
        .expect("client");
    (graph, client)
}

#[derive(Default)]
struct Session {
    received: Vec<u8>,
    puts: usize,
}

/// An upload session server: slice 3 is dropped (connection cut, nothing kept) and only half of slice 5 is kept.
async fn session_server(total: usize) -> (TestServer, Arc<Mutex<Session>>) {
    let state = Arc::new(Mutex::new(Session::default()));
    let shared = state.clone();
    let server = TestServer::start("127.0.0.2", move |r| {
        let mut session = shared.lock().expect("session");
        let expected = |received: usize| {
            serde_json::json!({"expirationDateTime": "2030-01-01T00:00:00Z", "nextExpectedRanges": [format!("{received}-")]})
        };
        match r.method.as_str() {
            "GET" => Reply::json(200, expected(session.received.len())),
            "DELETE" => Reply::status(204),
            "PUT" => {
                session.puts += 1;
                let range = r.header("content-range").unwrap_or_default().trim_start_matches("bytes ").to_owned();
                let (span, length) = range.split_once('/').unwrap_or_default();
                let (start, end) = span.split_once('-').unwrap_or_default();
                let (start, end): (usize, usize) = (start.parse().unwrap_or(usize::MAX), end.parse().unwrap_or(0));
                if start != session.received.len() || end + 1 - start != r.body.len() || length != total.to_string() {
                    return Reply::json(416, common::graph_error("invalidRange", &format!("bad range {range}")));
                }
                if session.puts == 3 {
                    return Reply::text(202, "{\"nextExpectedRanges\": [\"0-\"]}").cut_after(5);
                }
                let keep = if session.puts == 5 { r.body.len() / 2 } else { r.body.len() };
                session.received.extend_from_slice(&r.body[..keep]);
                if session.received.len() == total {
                    Reply::json(201, serde_json::json!({"id": "01ITEM", "name": "big.bin", "size": total}))
                } else {
                    Reply::json(202, expected(session.received.len()))
                }
            }
            _ => Reply::status(405),
        }
    })
    .await;
    (server, state)
}

#[tokio::test]
async fn drive_item_upload_of_5_mib_plus_1_resumes_after_a_dropped_slice() {
    let total = 5 * 1024 * 1024 + 1;
    let (graph, client) = graph_client().await;
    let (uploads, state) = session_server(total).await;
    let content = data(total);
    let upload = client
        .drive_item_upload(&uploads.url("/up/session-1?tempauth=xyz"))
        .expect("upload")
        .slice_size(3 * 320 * 1024)
        .expect("slice size");
    let item = upload
        .upload(&content[..], total as u64)
        .await
        .expect("upload");
    assert_eq!(item.status().as_u16(), 201);
    assert_eq!(
        item.json::<serde_json::Value>().expect("item")["id"],
        "01ITEM"
    );
    assert_eq!(
        state.lock().expect("session").received,
        content,
        "every byte, in order"
    );

    let requests = uploads.requests();
    let puts: Vec<_> = requests.iter().filter(|r| r.method == "PUT").collect();
    let ranges: Vec<_> = puts
        .iter()
        .map(|r| r.header("content-range").unwrap_or_default().to_owned())
        .collect();
    let slice = 983_040;
    assert_eq!(ranges[0], format!("bytes 0-{}/{total}", slice - 1));
    assert_eq!(
        ranges[2],
        format!("bytes {}-{}/{total}", 2 * slice, 3 * slice - 1),
        "the dropped slice"
    );
    assert_eq!(ranges[3], ranges[2], "resent from nextExpectedRanges");
    let half = 3 * slice + slice / 2; // the fifth PUT carries the fourth slice
    assert_eq!(
        ranges[5],
        format!("bytes {half}-{}/{total}", 4 * slice - 1),
        "resumed inside a half-kept slice"
    );
    assert_eq!(
        ranges.last().map(String::as_str),
        Some(format!("bytes {}-{}/{total}", 5 * slice, total - 1).as_str())
    );
    // Every slice sent whole, but the file's last, is the slice size (3 x 320 KiB); the rest are resumed tails.
    let sizes: Vec<usize> = puts.iter().map(|p| p.body.len()).collect();
    assert_eq!(
        sizes,
        [
            slice,
            slice,
            slice,
            slice,
            slice,
            slice / 2,
            slice,
            total - 5 * slice
        ]
    );
    assert!(
        requests.iter().any(|r| r.method == "GET"),
        "asked for nextExpectedRanges after the drop"
    );
    assert!(
        requests.iter().all(|r| r.header("authorization").is_none()),
        "no token on the uploadUrl"
    );
    assert!(requests
        .iter()
        .all(|r| r.uri.starts_with("/up/session-1?tempauth=xyz")));
    assert!(graph.requests().is_empty());
}

#[tokio::test]
async fn upload_url_on_the_graph_host_gets_no_token_either_and_cancel_deletes() {
    let total = 1000;
    let (uploads, _state) = session_server(total).await;
    let client = Client::builder()
        .base_url(&uploads.url(""))
        .bearer_token("graph-token")
        .build()
        .expect("client");
    let upload = client
        .drive_item_upload(&uploads.url("/up/2"))
        .expect("upload");
    let item = upload
        .upload(&data(total)[..], total as u64)
        .await
        .expect("one slice");
    assert_eq!(item.status().as_u16(), 201);
    upload.cancel().await.expect("cancel");
    let requests = uploads.requests();
    assert_eq!(requests.last().map(|r| r.method.as_str()), Some("DELETE"));
    assert!(requests.iter().all(|r| r.header("authorization").is_none()));
}

#[tokio::test]
async fn upload_rejects_bad_slice_sizes_and_short_readers() {
    let (_graph, client) = graph_client().await;
    let upload = client
        .drive_item_upload("http://127.0.0.2:9/up")
        .expect("upload");
    for bad in [0, 1000, 320 * 1024 * 192] {
        assert!(upload.clone().slice_size(bad).is_err(), "{bad}");
    }
    let (uploads, _state) = session_server(5000).await;
    let upload = client
        .drive_item_upload(&uploads.url("/up/3"))
        .expect("upload");
    let error = upload
        .upload(&data(100)[..], 5000)
        .await
        .expect_err("short reader");
    assert!(
        matches!(&error, Error::Upload { message, .. } if message.contains("ended after 100 of 5000")),
        "{error:?}"
    );
    assert!(client.drive_item_upload("not a url").is_err());
}

#[tokio::test]
async fn a_session_that_never_advances_is_an_error_not_an_endless_loop() {
    let (_graph, client) = graph_client().await;
    // Every slice is answered 202 "send from byte 0 again".
    let uploads = TestServer::start("127.0.0.2", |_| {
        Reply::json(202, serde_json::json!({"nextExpectedRanges": ["0-"]}))
    })
    .await;
    let upload = client
        .drive_item_upload(&uploads.url("/up/stuck"))
        .expect("upload")
        .slice_retries(2);
    let error = upload
        .upload(&data(5000)[..], 5000)
        .await
        .expect_err("no progress");
    assert!(
        matches!(&error, Error::Upload { message, .. } if message.contains("accepted none of bytes 0-4999 in 3 attempts")),
        "{error:?}"
    );
    assert_eq!(uploads.requests().len(), 3, "the first try and two retries");
}

/// An Outlook attachment session: each slice but the last is answered `200 OK` with the next byte expected
/// (`"2097152"`, the first time with the member spelt `NextExpectedRanges`), the last `201 Created` with the
/// attachment's address in `Location` and no body.
async fn attachment_session_server(total: usize) -> (TestServer, Arc<Mutex<Vec<u8>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let shared = received.clone();
    let server = TestServer::start("127.0.0.2", move |r| {
        let mut received = shared.lock().expect("received");
        let start = r.header("content-range").and_then(|range| range.strip_prefix("bytes ")?.split('-').next()?.parse::<usize>().ok());
        if r.method != "PUT" || start != Some(received.len()) {
            return Reply::json(416, common::graph_error("invalidRange", "out of order"));
        }
        received.extend_from_slice(&r.body);
        let next = received.len().to_string();
        match received.len() {
            n if n == total => Reply::status(201).header("location", "https://outlook.example/api/v2.0/Users('a')/Messages('m')/Attachments('att-1')"),
            n if n == r.body.len() => Reply::json(200, serde_json::json!({"ExpirationDateTime": "2030-01-01T00:00:00Z", "NextExpectedRanges": [next]})),
            _ => Reply::json(200, serde_json::json!({"expirationDateTime": "2030-01-01T00:00:00Z", "nextExpectedRanges": [next]})),
        }
    })
    .await;
    (server, received)
}

#[tokio::test]
async fn an_attachment_session_answering_200_per_slice_gets_every_slice() {
    let (graph, client) = graph_client().await;
    let total = 3 * 320 * 1024 + 5;
    let (uploads, received) = attachment_session_server(total).await;
    let content = data(total);
    let created = client
        .drive_item_upload(
            &uploads
                .url("/api/v2.0/Users('a')/Messages('m')/AttachmentSessions('s')?authtoken=abc"),
        )
        .expect("upload")
        .slice_size(320 * 1024)
        .expect("slice size")
        .upload(&content[..], total as u64)
        .await
        .expect("uploaded");
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(
        created.header("location"),
        Some("https://outlook.example/api/v2.0/Users('a')/Messages('m')/Attachments('att-1')")
    );
    assert_eq!(
        *received.lock().expect("received"),
        content,
        "every byte, in order"
    );
    let requests = uploads.requests();
    assert_eq!(requests.len(), 4, "four slices, no status request");
    assert!(requests.iter().all(|r| r.header("authorization").is_none()));
    assert!(graph.requests().is_empty());
}

/// A session created with `deferCommit: true`: each slice is kept and answered 202; the last one too, with no range
/// left to send; the file exists once a POST with no content commits it.
async fn deferred_session_server() -> TestServer {
    let received = Arc::new(Mutex::new(0usize));
    TestServer::start("127.0.0.2", move |r| {
        let mut received = received.lock().expect("received");
        match r.method.as_str() {
            "PUT" => {
                *received += r.body.len();
                let left: Vec<String> = if *received < 1000 { vec![format!("{received}-")] } else { Vec::new() };
                Reply::json(202, serde_json::json!({"expirationDateTime": "2030-01-01T00:00:00Z", "nextExpectedRanges": left}))
            }
            "POST" if *received == 1000 && r.body.is_empty() => {
                Reply::json(201, serde_json::json!({"id": "01DEFERRED", "name": "report.bin", "size": 1000}))
            }
            _ => Reply::json(409, common::graph_error("notReady", "commit before every byte, or with content")),
        }
    })
    .await
}

#[tokio::test]
async fn a_deferred_commit_ends_the_upload_at_the_last_byte_and_commit_creates_the_file() {
    let (graph, client) = graph_client().await;

    // Without `deferred_commit`, the session's 202 for the last byte is an error that says what to do.
    let uploads = deferred_session_server().await;
    let error = client
        .drive_item_upload(&uploads.url("/up/deferred-1?tempauth=xyz"))
        .expect("upload")
        .upload(&data(1000)[..], 1000)
        .await
        .expect_err("no item yet");
    assert!(
        matches!(&error, Error::Upload { message, .. } if message.contains("deferCommit") && message.contains("deferred_commit()") && message.contains("commit()")),
        "{error:?}"
    );

    let uploads = deferred_session_server().await;
    let upload = client
        .drive_item_upload(&uploads.url("/up/deferred-2?tempauth=xyz"))
        .expect("upload")
        .deferred_commit();
    let accepted = upload
        .upload(&data(1000)[..], 1000)
        .await
        .expect("every byte sent");
    assert_eq!(accepted.status().as_u16(), 202);
    let item = upload.commit().await.expect("commit");
    assert_eq!(item.status().as_u16(), 201);
    assert_eq!(
        item.json::<serde_json::Value>().expect("item")["id"],
        "01DEFERRED"
    );

    let requests = uploads.requests();
    let methods: Vec<&str> = requests.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["PUT", "POST"]);
    let lengths: Vec<_> = requests[1]
        .headers
        .get_all("content-length")
        .iter()
        .collect();
    assert_eq!(lengths, ["0"], "the commit's Content-Length: 0, once");
    assert!(requests
        .iter()
        .all(|r| r.uri == "/up/deferred-2?tempauth=xyz" && r.header("authorization").is_none()));
    assert!(graph.requests().is_empty());
}

#[derive(Default)]
struct Container {
    blobs: HashMap<String, Vec<u8>>,
    blocks: HashMap<String, Vec<u8>>,
    block_puts: usize,
}

const SAS: &str = "sv=2021-12-02&se=2030-01-01T00%3A00%3A00Z&sr=c&sp=rcw&sig=c2lnbmF0dXJl%2Bxyz%3D";

/// A Blob service: Put Blob, Put Block, Put Block List; the second Put Block is answered 503 once.
async fn blob_server() -> (TestServer, Arc<Mutex<Container>>) {
    let state = Arc::new(Mutex::new(Container::default()));
    let shared = state.clone();
    let server = TestServer::start("127.0.0.2", move |r| {
        let mut container = shared.lock().expect("container");
        if r.method != "PUT" || !r.query().starts_with(SAS) || r.header("x-ms-version").is_none() {
            return Reply::text(403, "<Error><Code>AuthenticationFailed</Code></Error>");
        }
        let params: HashMap<String, String> = url::form_urlencoded::parse(r.query().as_bytes())
            .into_owned()
            .collect();
        let blob = r.path().to_owned();
        match params.get("comp").map(String::as_str) {
            None if r.header("x-ms-blob-type") == Some("BlockBlob") => {
                container.blobs.insert(blob, r.body.to_vec());
                Reply::status(201).header("etag", "\"0x1\"")
            }
            Some("block") => {
                container.block_puts += 1;
                if container.block_puts == 2 {
                    return Reply::text(503, "<Error><Code>ServerBusy</Code></Error>");
                }
                let id = params.get("blockid").cloned().unwrap_or_default();
                container
                    .blocks
                    .insert(format!("{blob}#{id}"), r.body.to_vec());
                Reply::status(201)
            }
            Some("blocklist") => {
                let text = String::from_utf8_lossy(&r.body).into_owned();
                let mut content = Vec::new();
                for part in text.split("<Latest>").skip(1) {
                    let id = part.split("</Latest>").next().unwrap_or_default();
                    match container.blocks.get(&format!("{blob}#{id}")) {
                        Some(block) => content.extend_from_slice(block),
                        None => {
                            return Reply::text(400, "<Error><Code>InvalidBlockList</Code></Error>")
                        }
                    }
                }
                container.blobs.insert(blob, content);
                Reply::status(201).header("etag", "\"0x2\"")
            }
            _ => Reply::text(
                400,
                "<Error><Code>InvalidQueryParameterValue</Code></Error>",
            ),
        }
    })
    .await;
    (server, state)
}

#[tokio::test]
async fn blob_upload_of_a_small_file_is_one_put_blob() {
    let (graph, client) = graph_client().await;
    let (blobs, state) = blob_server().await;
    let container = client
        .blob_container(&blobs.url(&format!("/landing/session-7?{SAS}")))
        .expect("container");
    let content = data(1234);
    let uploaded = container
        .upload("my report #1 ä.csv", &content[..])
        .await
        .expect("upload");
    let path = "/landing/session-7/my%20report%20%231%20%C3%A4.csv";
    assert_eq!(uploaded.url, blobs.url(path));
    assert_eq!(
        (uploaded.size, uploaded.blocks, uploaded.etag.as_deref()),
        (1234, 0, Some("\"0x1\""))
    );
    assert_eq!(
        state.lock().expect("container").blobs.get(path),
        Some(&content)
    );
    let requests = blobs.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("x-ms-blob-type"), Some("BlockBlob"));
    assert_eq!(requests[0].query(), SAS);
    assert!(requests[0].header("authorization").is_none());
    assert!(graph.requests().is_empty());
    assert!(
        !format!("{container:?}").contains("sig="),
        "the SAS signature stays out of Debug"
    );
}

#[tokio::test]
async fn drive_item_upload_debug_hides_the_pre_authenticated_url() {
    let (_graph, client) = graph_client().await;
    let upload = client
        .drive_item_upload(
            "https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337?tempauth=secret",
        )
        .expect("upload");
    let debug = format!("{upload:?}");
    assert!(
        debug.contains("https://sn3302.up.1drv.com/<redacted>"),
        "{debug}"
    );
    assert!(
        !debug.contains("fe6987415ace7X4e1eF866337") && !debug.contains("secret"),
        "{debug}"
    );
}

#[tokio::test]
async fn blob_upload_of_a_large_file_is_blocks_then_a_block_list() {
    let (_graph, client) = graph_client().await;
    let (blobs, state) = blob_server().await;
    let container = client
        .blob_container(&blobs.url(&format!("/landing/session-7/?{SAS}")))
        .expect("container")
        .block_size(64 * 1024)
        .expect("block size");
    let content = data(5 * 64 * 1024 + 17);
    let uploaded = container
        .upload("dir/large.bin", &content[..])
        .await
        .expect("upload");
    assert_eq!((uploaded.size, uploaded.blocks), (content.len() as u64, 6));
    let path = "/landing/session-7/dir/large.bin";
    assert_eq!(
        state.lock().expect("container").blobs.get(path),
        Some(&content),
        "blocks committed in order"
    );
    let requests = blobs.requests();
    let blocks: Vec<_> = requests
        .iter()
        .filter(|r| r.query().contains("comp=block&"))
        .collect();
    assert_eq!(blocks.len(), 7, "6 blocks, one of them retried after a 503");
    assert!(blocks.iter().all(|r| r.body.len() <= 64 * 1024));
    assert_eq!(
        requests
            .last()
            .map(|r| r.query().ends_with("comp=blocklist")),
        Some(true)
    );
    assert!(requests
        .iter()
        .all(|r| r.header("authorization").is_none() && r.header("x-ms-blob-type").is_none()));
    assert!(container.upload("../escape", &content[..10]).await.is_err());
    assert!(container.upload("", &content[..10]).await.is_err());
}

#[tokio::test]
async fn exactly_one_block_is_a_put_blob_and_errors_name_the_step() {
    let (_graph, client) = graph_client().await;
    let (blobs, _state) = blob_server().await;
    let container = client
        .blob_container(&blobs.url(&format!("/c?{SAS}")))
        .expect("container")
        .block_size(1000)
        .expect("size");
    let uploaded = container
        .upload("one.bin", &data(1000)[..])
        .await
        .expect("upload");
    assert_eq!(uploaded.blocks, 0);
    let bad = client
        .blob_container(&blobs.url("/c?sv=1&sig=wrong"))
        .expect("container");
    let error = bad.upload("x.bin", &data(10)[..]).await.expect_err("403");
    assert!(
        error.to_string().contains("Put Blob")
            && error.to_string().contains("AuthenticationFailed"),
        "{error}"
    );
    assert!(!error.to_string().contains("sig=wrong"));
    assert!(
        client.blob_container(&blobs.url("/c")).is_err(),
        "a sessionUrl without SAS"
    );
}
