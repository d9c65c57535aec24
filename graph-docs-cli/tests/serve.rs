//! `graph-docs serve docs` as a process, driven by a plain HTTP/1.1 client on a TcpStream (not graph-runtime):
//! the seed flow (getUploadSession, then a CSV uploaded to the sessionUrl it hands out), paths with and without a
//! version segment, misses that name the closest example, the log lines, and a clean stop on Ctrl-C (SIGINT).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// The server process; killed if the test fails before stopping it.
struct Server {
    child: Child,
    lines: Receiver<String>,
    /// Every line printed so far.
    seen: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> (Server, String) {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        let mut child = Command::new(env!("CARGO_BIN_EXE_graph-docs"))
            .args(["serve", docs.to_str().unwrap(), "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            lines,
            seen: Vec::new(),
        };
        let banner = server.next_line();
        let base = banner
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in the banner: {banner}"))
            .trim_end_matches(',')
            .to_owned();
        assert!(banner.contains("3 of 3 examples"), "{banner}");
        (server, base)
    }

    fn next_line(&mut self) -> String {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(30))
            .expect("a line from graph-docs serve");
        self.seen.push(line.clone());
        line
    }
}

/// One HTTP/1.1 exchange: status, headers (lower-case names) and body.
fn http(
    base: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8(response[..split].to_vec()).unwrap();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap();
    (
        status,
        head.to_ascii_lowercase(),
        response[split + 4..].to_vec(),
    )
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap()
}

const SESSION: &str = "/external/industryData/dataConnectors/6c4ad44f-2d9c-4e06-8f3a-cd1e8fd91ca2/microsoft.graph.industryData.azureDataLakeConnector/getUploadSession?resetSession=true";

#[test]
fn serve_runs_the_seed_flow_for_any_http_client_and_logs_every_request() {
    let (mut server, base) = Server::start();

    // getUploadSession, as the beta SDKs send it, then without a version segment.
    let (status, head, body) = http(&base, "GET", &format!("/beta{SESSION}"), &[], b"");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert!(head.contains("content-type: application/json"), "{head}");
    let session = json(&body);
    let session_url = session["sessionUrl"].as_str().unwrap().to_owned();
    assert!(
        session_url.starts_with(&format!("{base}/blob/")),
        "{session_url}"
    );
    assert!(session["containerExpirationDateTime"].is_string());
    let line = server.next_line();
    assert!(
        line.starts_with(&format!("200 GET /beta{SESSION} <- example at "))
            && line.contains(".md:"),
        "{line}"
    );
    let (status, _, _) = http(&base, "GET", SESSION, &[], b"");
    assert_eq!(status, 200);
    assert!(server.next_line().starts_with("200 GET /external/"));
    let (status, _, body) = http(
        &base,
        "GET",
        "/v1.0/external/industryData/dataConnectors/any-id",
        &[],
        b"",
    );
    assert_eq!(status, 200);
    assert_eq!(
        json(&body)["displayName"],
        "Student information system export"
    );
    let line = server.next_line();
    assert!(
        line.ends_with("<- example at api/industrydata-industrydataconnector-get.md:74"),
        "{line}"
    );

    // Upload a CSV to the container the sessionUrl names (Put Blob), and read it back.
    let (path, sas) = session_url
        .trim_start_matches(&base)
        .split_once('?')
        .unwrap();
    let csv = b"student_id,first_name,last_name\n1001,Adele,Vance\n1002,Alex,Wilber\n";
    let blob = format!("{path}/students.csv?{sas}");
    let (status, _, body) = http(
        &base,
        "PUT",
        &blob,
        &[
            ("x-ms-blob-type", "BlockBlob"),
            ("Content-Type", "text/csv"),
        ],
        csv,
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let line = server.next_line();
    assert_eq!(
        line,
        format!("201 PUT {path}/students.csv (upload session)")
    );
    let (status, _, body) = http(&base, "GET", &blob, &[], b"");
    assert_eq!((status, body.as_slice()), (200, &csv[..]));
    assert!(server.next_line().starts_with("200 GET /blob/"));
    // Without the SAS it hands out, an upload is refused.
    let (status, _, _) = http(&base, "PUT", &format!("{path}/x.csv"), &[], b"x");
    assert_eq!(status, 403);
    assert!(server.next_line().starts_with("403 PUT /blob/"));

    // Misses: each 404 and each log line names the closest example and the first difference.
    let misses = [
        ("GET", "/v1.0/users/adele@contoso.com"),
        (
            "DELETE",
            "/v1.0/external/industryData/dataConnectors/any-id",
        ),
        ("GET", "/beta/external/industryData/dataConnectors"),
    ];
    for (method, target) in misses {
        let (status, _, body) = http(&base, method, target, &[], b"");
        assert_eq!(status, 404, "{method} {target}");
        let message = json(&body)["error"]["message"].as_str().unwrap().to_owned();
        assert!(
            message.contains("The closest is `") && message.contains(".md:"),
            "{message}"
        );
        let line = server.next_line();
        assert!(
            line.starts_with(&format!(
                "404 {method} {target} -- no example matches; the closest is `"
            )),
            "{line}"
        );
        assert!(line.contains(".md:"), "{line}");
    }

    // Ctrl-C: a clean stop, with what was uploaded.
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(killed.success());
    let uploaded = server.next_line();
    assert_eq!(
        uploaded,
        format!("uploaded {path}/students.csv ({} bytes)", csv.len())
    );
    let last = server.next_line();
    assert!(
        last.contains("stopped after 9 requests (3 answered from examples, 3 without a matching example, 1 files uploaded)"),
        "{last}"
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    // The SAS signature never shows in the log.
    let sig = sas.split('&').find(|p| p.starts_with("sig=")).unwrap();
    assert_eq!(server.seen.len(), 12);
    for line in &server.seen {
        assert!(!line.contains(sig), "{line}");
    }
}
