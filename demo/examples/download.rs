//! A streamed download against the replay server: `cargo run -p graph-docs-demo --example download`.
//!
//! Uploads 32 MiB to the upload session's blob container, then streams it back from its pre-authenticated URL
//! chunk by chunk (memory stays at a few chunks, whatever the size) and checks every byte.

use futures_util::TryStreamExt;
use graph_docs_demo::replay_upload_session;

const SIZE: usize = 32 * 1024 * 1024;

fn byte(i: usize) -> u8 {
    (i % 251) as u8
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (server, client, session_url) = replay_upload_session().await?;
    let session_url = session_url.as_str();
    let content: Vec<u8> = (0..SIZE).map(byte).collect();
    let uploaded = client
        .blob_container(session_url)?
        .upload("export.bin", &content[..])
        .await?;
    drop(content);

    // The blob's URL with the container's SAS: a pre-authenticated download URL (the token never goes with it).
    let sas = session_url
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default();
    let mut stream = client
        .download_url(&format!("{}?{sas}", uploaded.url))?
        .await?;
    println!("downloading {:?} bytes", stream.total());
    let (mut received, mut chunks) = (0usize, 0usize);
    while let Some(chunk) = stream.try_next().await? {
        if chunk
            .iter()
            .enumerate()
            .any(|(i, b)| *b != byte(received + i))
        {
            return Err(format!("byte mismatch in the chunk at {received}").into());
        }
        received += chunk.len();
        chunks += 1;
    }
    println!("received {received} bytes in {chunks} chunks, every byte as uploaded");
    server.shutdown().await;
    Ok(())
}
