//! Streamed downloads and `$batch` against raw reqwest, on loopback, in the same run:
//!
//! * a 256 MiB download through a 302 from "Graph" (127.0.0.1) to a file host (127.0.0.2): the runtime's
//!   [`Download`](graph_runtime::Download) stream against raw reqwest's `bytes_stream` (target: at least 0.95x raw
//!   throughput, and a peak RSS of this process under 64 MiB while the runtime downloads: `VmHWM`, reset before
//!   each run);
//! * 100 GETs with a fixed 20 ms server delay per request: one `$batch` (5 POSTs; the server answers a POST's items
//!   concurrently, as Graph may, so a POST takes 20 ms) against 100 sequential single GETs, by the runtime and by
//!   raw reqwest (target: batch wall time at most 0.1x the sequential one).
//!
//! Run with `cargo bench -p graph-runtime --bench production` (sections: `-- download batch`). A separate binary
//! from `runtime`, so that its peak RSS is this bench's own.

mod support;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{stream, TryStreamExt};
use graph_runtime::builder::Request;
use graph_runtime::{Client, Method, Operation, Permissions, Scopes};
use http_body_util::{BodyExt, Either, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use support::{compare, proc_status_kib, raw_reqwest, sections, spec, tokio_runtime};

const NONE: Scopes = Scopes::NotStated;
static GET_CONTENT: Operation = Operation {
    name: "get_content",
    method: Method::Get,
    path_template: "/drives/{drive-id}/items/{item-id}/content",
    path: "",
    source: "benches/production.rs",
    permissions: Permissions {
        delegated_work: NONE,
        delegated_personal: NONE,
        application: NONE,
    },
};
static GET_ITEM: Operation = Operation {
    name: "get_item",
    path_template: "/items/{id}",
    ..GET_CONTENT
};

const FILE_BYTES: u64 = 256 * 1024 * 1024;
const CHUNK: usize = 256 * 1024;
const ROUNDS: usize = 7;
const DELAY: Duration = Duration::from_millis(20);
const ITEM: &str =
    r#"{"id":"01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K","name":"report.docx","size":12345}"#;

type Reply = hyper::Response<
    Either<
        Full<Bytes>,
        StreamBody<stream::Iter<std::vec::IntoIter<Result<Frame<Bytes>, Infallible>>>>,
    >,
>;

/// The loopback server: `/content` (302 to `{file_host}/file`), `/file` (256 MiB from one shared chunk), `/items/N`
/// (20 ms, then an item) and `/$batch` (20 ms for the whole POST, then every item answered).
async fn serve(ip: &str, file_host: Option<String>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let chunk = Bytes::from((0..CHUNK).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let _ = socket.set_nodelay(true);
            let (chunk, file_host) = (chunk.clone(), file_host.clone());
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<Incoming>| {
                    let (chunk, file_host) = (chunk.clone(), file_host.clone());
                    async move {
                        Ok::<_, Infallible>(answer(request, &chunk, file_host.as_deref()).await)
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(socket), service)
                    .await;
            });
        }
    });
    addr
}

async fn answer(
    request: hyper::Request<Incoming>,
    chunk: &Bytes,
    file_host: Option<&str>,
) -> Reply {
    let path = request.uri().path().to_owned();
    let full = |status: u16, body: Bytes| {
        hyper::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(Either::Left(Full::new(body)))
            .expect("response")
    };
    match path.as_str() {
        "/content" => hyper::Response::builder()
            .status(302)
            .header(
                "location",
                format!("{}/file", file_host.unwrap_or_default()),
            )
            .body(Either::Left(Full::new(Bytes::new())))
            .expect("response"),
        "/file" => {
            let frames: Vec<Result<Frame<Bytes>, Infallible>> = (0..FILE_BYTES as usize / CHUNK)
                .map(|_| Ok(Frame::data(chunk.clone())))
                .collect();
            hyper::Response::builder()
                .header("content-length", FILE_BYTES.to_string())
                .body(Either::Right(StreamBody::new(stream::iter(frames))))
                .expect("response")
        }
        "/$batch" => {
            let body = request
                .into_body()
                .collect()
                .await
                .map(|b| b.to_bytes())
                .unwrap_or_default();
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let item: serde_json::Value = serde_json::from_str(ITEM).expect("item");
            let responses: Vec<serde_json::Value> = json["requests"]
                .as_array()
                .map(|requests| {
                    requests
                        .iter()
                        .map(|r| serde_json::json!({"id": r["id"], "status": 200, "headers": {"Content-Type": "application/json"}, "body": item}))
                        .collect()
                })
                .unwrap_or_default();
            tokio::time::sleep(DELAY).await;
            full(
                200,
                Bytes::from(serde_json::json!({ "responses": responses }).to_string()),
            )
        }
        _ => {
            tokio::time::sleep(DELAY).await;
            full(200, Bytes::from_static(ITEM.as_bytes()))
        }
    }
}

async fn download(graph: &str, raw: &reqwest::Client, client: &Client) {
    let mib = FILE_BYTES as f64 / (1024.0 * 1024.0);
    let url = format!("{graph}/content");
    let result = compare(
        ROUNDS,
        || async {
            let response = raw
                .get(&url)
                .bearer_auth("token")
                .send()
                .await
                .expect("raw");
            let mut body = response.bytes_stream();
            let mut received = 0u64;
            while let Some(chunk) = body.try_next().await.expect("raw chunk") {
                received += chunk.len() as u64;
            }
            assert_eq!(received, FILE_BYTES);
        },
        || async {
            let mut body = client
                .download(spec(&GET_CONTENT, "/content"))
                .await
                .expect("download");
            let mut received = 0u64;
            while let Some(chunk) = body.try_next().await.expect("chunk") {
                received += chunk.len() as u64;
            }
            assert_eq!(received, FILE_BYTES);
        },
    )
    .await;
    let raw_rate = mib / result.raw.as_secs_f64();
    let ours_rate = mib / result.runtime.as_secs_f64();
    println!(
        "download 256 MiB through a 302: raw reqwest {raw_rate:.0} MiB/s, runtime Download {ours_rate:.0} MiB/s, throughput ratio {:.3}x (target >= 0.95x; runtime/raw CPU {:.3}x); runtime peak RSS {:.1} MiB (target < 64 MiB; {:.1} MiB above the start)",
        ours_rate / raw_rate,
        result.runtime_cpu_ns as f64 / result.raw_cpu_ns.max(1) as f64,
        result.runtime_peak_kib as f64 / 1024.0,
        result.runtime_growth_kib as f64 / 1024.0,
    );
}

async fn batch(graph: &str, raw: &reqwest::Client, client: &Client) {
    const N: usize = 100;
    let mut best = [Duration::MAX; 3];
    for round in 0..3 {
        for side in [round % 3, (round + 1) % 3, (round + 2) % 3] {
            let started = Instant::now();
            match side {
                0 => {
                    for i in 0..N {
                        let response = raw
                            .get(format!("{graph}/items/{i}"))
                            .bearer_auth("token")
                            .send()
                            .await;
                        response.expect("raw").bytes().await.expect("raw body");
                    }
                }
                1 => {
                    for i in 0..N {
                        let item: serde_json::Value = client
                            .send(spec(&GET_ITEM, &format!("/items/{i}")))
                            .await
                            .expect("get");
                        assert_eq!(item["size"], 12345);
                    }
                }
                _ => {
                    let mut batch = client.batch();
                    let handles: Vec<_> = (0..N)
                        .map(|i| {
                            batch.add(Request::<serde_json::Value, ()>::new(
                                client,
                                spec(&GET_ITEM, &format!("/items/{i}")),
                            ))
                        })
                        .collect();
                    let summary = batch.send().await.expect("batch");
                    assert_eq!(summary.posts, 5);
                    for handle in handles {
                        assert_eq!(handle.await.expect("item")["size"], 12345);
                    }
                }
            }
            best[side] = best[side].min(started.elapsed());
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "100 GETs, 20 ms server delay each: sequential raw reqwest {:.0} ms, sequential runtime {:.0} ms, runtime $batch (5 POSTs) {:.0} ms; batch/sequential wall ratio {:.3}x against the runtime, {:.3}x against raw reqwest (target <= 0.1x)",
        ms(best[0]),
        ms(best[1]),
        ms(best[2]),
        best[2].as_secs_f64() / best[1].as_secs_f64(),
        best[2].as_secs_f64() / best[0].as_secs_f64(),
    );
}

fn main() {
    tokio_runtime().block_on(async {
        let files = serve("127.0.0.2", None).await;
        let graph = serve("127.0.0.1", Some(format!("http://{files}"))).await;
        let graph = format!("http://{graph}");
        let raw = raw_reqwest();
        let client = Client::builder()
            .base_url(&graph)
            .bearer_token("token")
            .build()
            .expect("client");
        let only = sections();
        let run = |section: &str| only.is_empty() || only.iter().any(|o| o == section);
        println!(
            "process RSS at start {:.1} MiB",
            proc_status_kib("VmRSS:") as f64 / 1024.0
        );
        if run("download") {
            download(&graph, &raw, &client).await;
        }
        if run("batch") {
            batch(&graph, &raw, &client).await;
        }
    });
}
