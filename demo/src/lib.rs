//! What the main job (`seed-flow`) and the `cargo run -p graph-docs-demo --example ...` programs share: the client
//! generated from `docs/` (with its examples, for the replay server), and a terminal progress bar fed by
//! graph-runtime's progress reports.

pub mod graph {
    //! The client generated from `docs/`, with its doc examples (`EXAMPLES`) for the replay server.
    graph_docs_macro::generate! { docs: "../docs", examples: true }
}

use graph_runtime::{Progress, Transfer};
use indicatif::{ProgressBar, ProgressStyle};

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
