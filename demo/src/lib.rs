//! What the main job (`seed-flow`) and the `cargo run -p graph-docs-demo --example ...` programs share: the client
//! generated from `docs/` (with its examples, for the replay server), and a terminal progress bar fed by
//! graph-runtime's progress reports.

pub mod graph {
    //! The client generated from `docs/`, with its doc examples (`EXAMPLES`) for the replay server.
    graph_docs_macro::generate! { docs: "../docs", examples: true }
}

use graph_runtime::replay::ReplayServer;
use graph_runtime::{Client, Progress, Transfer};
use indicatif::{ProgressBar, ProgressStyle};

/// The examples' setup: the replay server over `docs/`' examples, a client for it, and the `sessionUrl` (a blob
/// container SAS URL on the server) of a fresh upload session.
pub async fn replay_upload_session(
) -> Result<(ReplayServer, Client, String), Box<dyn std::error::Error>> {
    let server = ReplayServer::start(graph::EXAMPLES).await?;
    let client = Client::builder().base_url(server.base_url()).build()?;
    let session =
        graph::industry_data::azure_data_lake_connector::get_upload_session(&client, "sis-1")
            .reset_session(true)
            .await?;
    let session_url = session
        .session_url
        .ok_or("the upload session has no sessionUrl")?;
    Ok((server, client, session_url))
}

/// A progress bar labelled `label`, and the [`Progress`] that moves it: give the latter to an upload or a download.
/// The bar takes its length from the reports (or `total`, when given), and is hidden when the output is not a
/// terminal.
pub fn progress_bar(label: &str, total: Option<u64>) -> (ProgressBar, Progress) {
    let bar = ProgressBar::new(total.unwrap_or(0));
    let style = ProgressStyle::with_template(
        "{msg:>10} [{bar:40.cyan/blue}] {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label.to_owned());
    let moved = bar.clone();
    let progress = Progress::callback(move |t: Transfer| {
        if let Some(total) = t.total {
            moved.set_length(total);
        }
        moved.set_position(t.done);
    });
    let progress = match total {
        Some(total) => progress.with_total(total),
        None => progress,
    };
    (bar, progress)
}
