//! Blob uploads against Microsoft's Azurite emulator (a real Azure Storage implementation), through a container
//! SAS the test signs with Azurite's published development account key.
//!
//! `.ci/run` installs Azurite and starts its blob service on 127.0.0.1:10000 (`GRAPH_DOCS_AZURITE_BLOB` names
//! another address). Without it these tests print a loud `SKIPPED` line and pass, unless
//! `GRAPH_DOCS_REQUIRE_AZURITE=1` (as `.ci/run` sets) makes its absence a failure.

use std::io::Write as _;
use std::time::Duration;

use base64::Engine as _;
use graph_runtime::{Client, Error};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Azurite's well-known development account and key (published in Azurite's README; not a secret).
const ACCOUNT: &str = "devstoreaccount1";
const ACCOUNT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const SAS_VERSION: &str = "2021-12-02";

/// The blob endpoint (`http://127.0.0.1:10000/devstoreaccount1`), or `None` (after a loud SKIPPED line) when
/// Azurite is not running.
async fn azurite() -> Option<String> {
    let addr =
        std::env::var("GRAPH_DOCS_AZURITE_BLOB").unwrap_or_else(|_| "127.0.0.1:10000".to_owned());
    let reachable = tokio::time::timeout(
        Duration::from_secs(2),
        tokio::net::TcpStream::connect(&addr),
    )
    .await
    .is_ok_and(|c| c.is_ok());
    if reachable {
        return Some(format!("http://{addr}/{ACCOUNT}"));
    }
    let required = std::env::var("GRAPH_DOCS_REQUIRE_AZURITE").is_ok_and(|v| v == "1");
    assert!(!required, "Azurite is not reachable on {addr}, and GRAPH_DOCS_REQUIRE_AZURITE=1 requires it (.ci/run starts it)");
    // Written to the real stderr, past the test harness's capture, so the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "\n**********\nSKIPPED: Azurite is not reachable on {addr}; the Azure Storage tests need it (`.ci/run` installs and starts it)\n**********"
    );
    None
}

fn sign(string_to_sign: &str) -> String {
    let key = base64::engine::general_purpose::STANDARD
        .decode(ACCOUNT_KEY)
        .unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn expiry() -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    (time::OffsetDateTime::now_utc() + time::Duration::hours(1))
        .format(format)
        .unwrap()
}

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// An account SAS (to create the container; a container SAS cannot).
fn account_sas() -> String {
    let (permissions, expiry) = ("rwdlac", expiry());
    let to_sign = format!("{ACCOUNT}\n{permissions}\nb\nsco\n\n{expiry}\n\n\n{SAS_VERSION}\n\n");
    format!(
        "sv={SAS_VERSION}&ss=b&srt=sco&sp={permissions}&se={}&sig={}",
        encode(&expiry),
        encode(&sign(&to_sign))
    )
}

/// A service SAS for one container: read, add, create, write, list (Blob service SAS, version 2020-12-06 and later).
fn container_sas(container: &str) -> String {
    let (permissions, expiry) = ("racwl", expiry());
    let resource = format!("/blob/{ACCOUNT}/{container}");
    let to_sign =
        format!("{permissions}\n\n{expiry}\n{resource}\n\n\n\n{SAS_VERSION}\nc\n\n\n\n\n\n\n");
    format!(
        "sv={SAS_VERSION}&sr=c&sp={permissions}&se={}&sig={}",
        encode(&expiry),
        encode(&sign(&to_sign))
    )
}

/// Creates a fresh container and returns its SAS URL, as an upload session's `sessionUrl` would be.
async fn session_url(endpoint: &str) -> String {
    let container = format!("graph-docs-{}", uuid::Uuid::new_v4().simple());
    let created = reqwest::Client::new()
        .put(format!(
            "{endpoint}/{container}?restype=container&{}",
            account_sas()
        ))
        .header("x-ms-version", SAS_VERSION)
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.status(),
        201,
        "create container: {}",
        created.text().await.unwrap_or_default()
    );
    format!("{endpoint}/{container}?{}", container_sas(&container))
}

/// Reads a blob back through the SAS.
async fn read_back(blob_url: &str, session_url: &str) -> (Vec<u8>, reqwest::header::HeaderMap) {
    let sas = session_url.split_once('?').unwrap().1;
    let response = reqwest::Client::new()
        .get(format!("{blob_url}?{sas}"))
        .header("x-ms-version", SAS_VERSION)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{blob_url}");
    let headers = response.headers().clone();
    (response.bytes().await.unwrap().to_vec(), headers)
}

fn client() -> Client {
    // Graph itself is not used: blob uploads never send anything to it.
    Client::builder()
        .base_url("http://127.0.0.1:9/v1.0")
        .bearer_token("graph-token")
        .build()
        .unwrap()
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

#[tokio::test]
async fn a_small_file_lands_in_azurite_byte_for_byte() {
    let Some(endpoint) = azurite().await else {
        return;
    };
    let session = session_url(&endpoint).await;
    let content = b"SourcedId,FirstName\n1001,Ada\n".to_vec();
    let container = client()
        .blob_container(&session)
        .unwrap()
        .content_type("text/csv");
    let uploaded = container
        .upload("students.csv", &content[..])
        .await
        .expect("upload");
    assert_eq!((uploaded.size, uploaded.blocks), (content.len() as u64, 0));
    let (stored, headers) = read_back(&uploaded.url, &session).await;
    assert_eq!(stored, content);
    assert_eq!(headers["content-type"], "text/csv");
    assert_eq!(headers["x-ms-blob-type"], "BlockBlob");
}

#[tokio::test]
async fn a_block_list_upload_lands_in_azurite_byte_for_byte() {
    let Some(endpoint) = azurite().await else {
        return;
    };
    let session = session_url(&endpoint).await;
    let content = data(3 * 65_536 + 3);
    let container = client()
        .blob_container(&session)
        .unwrap()
        .block_size(65_536)
        .unwrap();
    let uploaded = container
        .upload("big.bin", &content[..])
        .await
        .expect("upload");
    assert_eq!(uploaded.blocks, 4);
    let (stored, _) = read_back(&uploaded.url, &session).await;
    assert!(
        stored == content,
        "{} bytes stored, {} sent",
        stored.len(),
        content.len()
    );
}

#[tokio::test]
async fn a_non_ascii_name_lands_under_that_exact_name() {
    let Some(endpoint) = azurite().await else {
        return;
    };
    let session = session_url(&endpoint).await;
    let name = "données/Élèves 2024 – résumé ✓.csv";
    let uploaded = client()
        .blob_container(&session)
        .unwrap()
        .upload(name, &b"a,b\n"[..])
        .await
        .expect("upload");
    let (stored, _) = read_back(&uploaded.url, &session).await;
    assert_eq!(stored, b"a,b\n");
    let (base, sas) = session.split_once('?').unwrap();
    let listing = reqwest::Client::new()
        .get(format!("{base}?restype=container&comp=list&{sas}"))
        .header("x-ms-version", SAS_VERSION)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        listing.contains(&format!("<Name>{name}</Name>")),
        "{listing}"
    );
}

#[tokio::test]
async fn a_tampered_sas_is_refused_with_the_storage_error() {
    let Some(endpoint) = azurite().await else {
        return;
    };
    let session = session_url(&endpoint).await;
    let tampered = session.replace("sp=racwl", "sp=racwdl");
    let error = client()
        .blob_container(&tampered)
        .unwrap()
        .upload("x.csv", &b"x"[..])
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(403), "{error}");
    assert!(matches!(error, Error::UnexpectedStatus { .. }));
    let text = error.to_string();
    assert!(
        text.contains("AuthenticationFailed") || text.contains("AuthorizationFailure"),
        "{text}"
    );
    assert!(
        !text.contains("sig="),
        "the SAS signature stays out of errors: {text}"
    );
}
