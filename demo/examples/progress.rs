//! Progress bars for an upload and a download against the replay server:
//! `cargo run -p graph-docs-demo --example progress [MiB]` (default 64).

use graph_docs_demo::{progress_bar, replay_upload_session};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mib: usize = match std::env::args().nth(1) {
        Some(arg) => arg
            .parse()
            .map_err(|_| format!("`{arg}` is not a number of MiB"))?,
        None => 64,
    };
    let (server, client, session_url) = replay_upload_session().await?;
    let session_url = session_url.as_str();
    let content = vec![b'x'; mib * 1024 * 1024];

    // Upload: 4 MiB blocks, the bar moving after each.
    let (bar, progress) = progress_bar("upload", Some(content.len() as u64));
    let container = client
        .blob_container(session_url)?
        .block_size(4 * 1024 * 1024)?;
    let uploaded = container
        .progress(progress)
        .upload("big.bin", &content[..])
        .await?;
    bar.finish();

    // Download: the bar moving with every chunk received.
    let sas = session_url
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    let (bar, progress) = progress_bar("download", None);
    let stream = client
        .download_url(&format!("{}?{sas}", uploaded.url))?
        .progress(progress)
        .await?;
    let received = stream.write_to(tokio::io::sink()).await?;
    bar.finish();
    println!(
        "uploaded {} bytes in {} blocks, downloaded {received}",
        uploaded.size, uploaded.blocks
    );
    server.shutdown().await;
    Ok(())
}
