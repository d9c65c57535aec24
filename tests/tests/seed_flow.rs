//! End to end: the seed flow through the client generated from `docs/`, against the replay server serving the
//! examples of `docs/`, over real HTTP on 127.0.0.1.

mod graph {
    //! The client generated from the project's `docs/`, with its examples.
    graph_docs_macro::generate! { docs: "../docs", examples: true }
}

use graph::industry_data;
use graph_runtime::replay::ReplayServer;
use graph_runtime::serde_json::{self, Value};
use graph_runtime::Client;

const CONNECTOR_ID: &str = "0f8c5c3e-1d2b-4a7e-9c61-5b2f3e4d7a10";
const CSV: &[u8] = b"SourcedId,FirstName,LastName\n1001,Ada,Lovelace\n1002,Alan,Turing\n";
/// The container the docs' example hands out.
const CONTAINER_ID: &str = "c3a1e7d2-5b9f-4e08-a6d4-71f2b0c8e95a";

async fn replay() -> (ReplayServer, Client) {
    let server = ReplayServer::start(graph::EXAMPLES).await.unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .bearer_token("test-token")
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn seed_flow_runs_end_to_end_against_the_replay_server() {
    let (server, client) = replay().await;

    let session =
        industry_data::azure_data_lake_connector::get_upload_session(&client, CONNECTOR_ID)
            .reset_session(true)
            .await
            .unwrap();

    // The request line the generator derived from docs/ (the seed page's own block is empty).
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].target,
        format!(
            "/external/industryData/dataConnectors/{CONNECTOR_ID}/microsoft.graph.industryData.azureDataLakeConnector/getUploadSession?resetSession=true"
        )
    );
    let auth = requests[0]
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.as_str());
    assert_eq!(auth, Some("Bearer test-token"));
    assert!(
        requests[0]
            .served_by
            .is_some_and(|s| s.starts_with("concepts/industrydata-upload-csv-files.md:")),
        "{:?}",
        requests[0].served_by
    );

    // The four typed fields, with real date-time types (seven fractional digits).
    assert_eq!(session.container_id.as_deref(), Some(CONTAINER_ID));
    let container_expires = session
        .container_expiration_date_time
        .as_ref()
        .unwrap()
        .get();
    assert_eq!(
        (
            container_expires.year(),
            u8::from(container_expires.month()),
            container_expires.day()
        ),
        (2025, 3, 14)
    );
    assert_eq!(
        (
            container_expires.hour(),
            container_expires.minute(),
            container_expires.second()
        ),
        (9, 30, 12)
    );
    assert_eq!(container_expires.nanosecond(), 446_091_700);
    let session_expires = session.session_expiration_date_time.as_ref().unwrap().get();
    assert!(session_expires < container_expires);
    assert_eq!(session_expires.nanosecond(), 103_855_200);
    let session_url = session.session_url.clone().unwrap();
    assert!(
        session_url.starts_with(&format!("{}/blob/{CONTAINER_ID}?", server.base_url())),
        "the replay server hands out its own blob endpoint: {session_url}"
    );

    // Nothing is lost: the typed session re-serializes to the body that was served.
    let example = graph::EXAMPLES
        .iter()
        .find(|e| e.name == "get_upload_session_reset")
        .unwrap();
    let mut served: Value = serde_json::from_str(example.response.unwrap().body.unwrap()).unwrap();
    served["sessionUrl"] = Value::String(session_url.clone());
    assert_eq!(serde_json::to_value(&session).unwrap(), served);

    // Upload a small CSV to the session URL with graph-runtime's blob upload.
    let container = client
        .blob_container(&session_url)
        .unwrap()
        .content_type("text/csv");
    let uploaded = container.upload("students.csv", CSV).await.unwrap();
    assert_eq!(uploaded.size, CSV.len() as u64);
    assert_eq!(uploaded.blocks, 0, "a small file is one Put Blob");
    assert_eq!(
        uploaded.url,
        format!("{}/blob/{CONTAINER_ID}/students.csv", server.base_url())
    );

    let stored = server.uploaded_file("students.csv").unwrap();
    assert_eq!(stored.container, CONTAINER_ID);
    assert_eq!(stored.data, CSV);
    assert_eq!(stored.content_type.as_deref(), Some("text/csv"));

    // A larger file goes up as blocks and a block list, to the same container.
    let large: Vec<u8> = CSV
        .iter()
        .copied()
        .cycle()
        .take(10 * CSV.len() + 7)
        .collect();
    let uploaded = container
        .clone()
        .block_size(CSV.len())
        .unwrap()
        .upload("roster/large.csv", &large[..])
        .await
        .unwrap();
    assert_eq!(uploaded.blocks, 11);
    assert_eq!(
        server.uploaded_file("roster/large.csv").unwrap().data,
        large
    );

    // The token never went to the session URL.
    for request in server
        .requests()
        .iter()
        .filter(|r| r.target.starts_with("/blob/"))
    {
        assert!(
            request.headers.iter().all(|(k, _)| k != "authorization"),
            "{}",
            request.target
        );
        assert_eq!(request.status, 201, "{}", request.target);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn keys_are_percent_encoded_and_unmatched_requests_name_the_closest_example() {
    let (server, client) = replay().await;

    // The docs have no example with resetSession=false: a Graph error naming the closest one.
    let err = industry_data::azure_data_lake_connector::get_upload_session(&client, "a/b")
        .reset_session(false)
        .await
        .unwrap_err();
    match &err {
        graph_runtime::Error::Graph { status, error, .. } => {
            assert_eq!(*status, 404);
            assert_eq!(error.code, "ResourceNotFound");
            assert!(
                error
                    .message
                    .contains("concepts/industrydata-upload-csv-files.md:"),
                "{}",
                error.message
            );
            assert!(error.message.contains("query differs"), "{}", error.message);
        }
        other => panic!("expected a Graph error, got {other:?}"),
    }
    assert_eq!(
        server.requests()[0].target,
        "/external/industryData/dataConnectors/a%2Fb/microsoft.graph.industryData.azureDataLakeConnector/getUploadSession?resetSession=false"
    );
}
