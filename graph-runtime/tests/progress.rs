//! Progress reports of uploads (driveItem slices, blob blocks) and downloads add up to the bytes the servers
//! received and sent.

mod common;

use std::sync::{Arc, Mutex};

use common::{fast_retry, Reply, TestServer};
use graph_runtime::{Client, Progress, Transfer};

fn client() -> Client {
    Client::builder()
        .base_url("http://127.0.0.1:9/v1.0")
        .bearer_token("graph-token")
        .retry(fast_retry())
        .build()
        .unwrap()
}

fn recorder() -> (Progress, Arc<Mutex<Vec<Transfer>>>) {
    let reports: Arc<Mutex<Vec<Transfer>>> = Arc::default();
    let log = reports.clone();
    (
        Progress::callback(move |t| log.lock().unwrap().push(t)),
        reports,
    )
}

/// The increments of a series of reports (each `done` minus the one before).
fn increments(reports: &[Transfer]) -> Vec<u64> {
    let mut last = 0;
    reports
        .iter()
        .map(|t| {
            let step = t.done - last;
            last = t.done;
            step
        })
        .collect()
}

fn body_bytes(server: &TestServer) -> u64 {
    server.requests().iter().map(|r| r.body.len() as u64).sum()
}

#[tokio::test]
async fn upload_and_download_progress_add_up_to_the_bytes_sent_and_received() {
    let total = 3 * 327_680 + 17;
    let content: Vec<u8> = (0..total).map(|i| (i % 253) as u8).collect();

    // driveItem upload session: one report per accepted slice.
    let sessions = TestServer::start("127.0.0.2", move |r| {
        let range = r.header("content-range").unwrap_or_default().to_owned();
        let end: usize = range
            .split(['-', '/'])
            .nth(1)
            .and_then(|e| e.parse().ok())
            .unwrap_or(0);
        if end + 1 == total {
            Reply::json(201, serde_json::json!({"id": "item"}))
        } else {
            Reply::json(
                202,
                serde_json::json!({"nextExpectedRanges": [format!("{}-", end + 1)]}),
            )
        }
    })
    .await;
    let (progress, slices) = recorder();
    client()
        .drive_item_upload(&sessions.url("/up/1"))
        .unwrap()
        .slice_size(327_680)
        .unwrap()
        .progress(progress)
        .upload(&content[..], total as u64)
        .await
        .unwrap();
    let slices = slices.lock().unwrap().clone();
    assert_eq!(increments(&slices), [327_680, 327_680, 327_680, 17]);
    assert_eq!(
        slices.iter().map(|t| t.total).collect::<Vec<_>>(),
        vec![Some(total as u64); 4]
    );
    assert_eq!(slices.last().map(|t| t.done), Some(body_bytes(&sessions)));

    // Blob blocks through a watch channel: the last report is the whole file, with the total hint.
    let blobs = TestServer::start("127.0.0.2", |_| Reply::status(201)).await;
    let (progress, watch) = Progress::channel();
    let (callback, blocks) = recorder();
    let container = client()
        .blob_container(&blobs.url("/c?sv=1&sig=s"))
        .unwrap()
        .block_size(400_000)
        .unwrap();
    container
        .clone()
        .progress(progress.with_total(total as u64))
        .upload("a.bin", &content[..])
        .await
        .unwrap();
    assert_eq!(
        *watch.borrow(),
        Transfer {
            done: total as u64,
            total: Some(total as u64)
        }
    );
    container
        .progress(callback)
        .upload("b.bin", &content[..])
        .await
        .unwrap();
    let blocks = blocks.lock().unwrap().clone();
    assert_eq!(
        increments(&blocks),
        [400_000, 400_000, 183_057, 0],
        "3 blocks, then the committed list"
    );
    assert_eq!(
        blocks.last(),
        Some(&Transfer {
            done: total as u64,
            total: Some(total as u64)
        })
    );
    let block_bytes: u64 = blobs
        .requests()
        .iter()
        .filter(|r| r.uri.starts_with("/c/b.bin") && r.uri.contains("comp=block&"))
        .map(|r| r.body.len() as u64)
        .sum();
    assert_eq!(block_bytes, total as u64);

    // Download: reports per chunk, adding up to the body the server sent.
    let body = content.clone();
    let files = TestServer::start("127.0.0.2", move |_| Reply {
        body: bytes::Bytes::from(body.clone()),
        ..Reply::status(200)
    })
    .await;
    let (progress, received) = recorder();
    let stream = client()
        .download_url(&files.url("/f?sig=s"))
        .unwrap()
        .progress(progress)
        .await
        .unwrap();
    let mut sink = Vec::new();
    let written = stream.write_to(&mut sink).await.unwrap();
    assert_eq!(sink, content);
    let received = received.lock().unwrap().clone();
    assert_eq!(
        received.first(),
        Some(&Transfer {
            done: 0,
            total: Some(total as u64)
        })
    );
    assert_eq!(increments(&received).iter().sum::<u64>(), written);
    assert_eq!(
        received.last(),
        Some(&Transfer {
            done: total as u64,
            total: Some(total as u64)
        })
    );
}
