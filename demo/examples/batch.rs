//! A typed `$batch` against the replay server: `cargo run -p graph-docs-demo --example batch`.
//!
//! Three connectors and an upload session in one `POST /$batch` (the session after the first connector, with
//! `dependsOn`); each handle resolves to the typed model its request gives alone.

use graph_docs_demo::graph::{self, industry_data};
use graph_runtime::replay::ReplayServer;
use graph_runtime::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = ReplayServer::start(graph::EXAMPLES).await?;
    let client = Client::builder().base_url(server.base_url()).build()?;

    let mut batch = client.batch();
    let connectors: Vec<_> = ["sis-1", "sis-2", "sis-3"]
        .iter()
        .map(|id| batch.add(industry_data::industry_data_connector::get(&client, id)))
        .collect();
    let session = industry_data::azure_data_lake_connector::get_upload_session(&client, "sis-1")
        .reset_session(true)
        .into_spec();
    let session =
        batch.add_spec::<industry_data::FileUploadSession>(session, &[connectors[0].id()]);
    let summary = batch.send().await?;

    println!(
        "{} requests in {} POST(s) to {}/$batch",
        4,
        summary.posts,
        server.base_url()
    );
    for connector in connectors {
        let connector = connector.await?;
        println!(
            "  connector {:?}: {:?}",
            connector.id, connector.display_name
        );
    }
    let session = session.await?;
    println!("  upload session: container {:?}", session.container_id);
    for request in server.requests() {
        println!(
            "  server saw {} {} -> {}",
            request.method,
            request.target.split('?').next().unwrap_or_default(),
            request.status
        );
    }
    server.shutdown().await;
    Ok(())
}
