//! Progress of uploads and downloads: bytes done and, when known, the total, reported through a callback or a
//! `tokio::sync::watch` channel.
//!
//! Give a [`Progress`] to [`DriveItemUpload::progress`](crate::DriveItemUpload::progress),
//! [`BlobContainer::progress`](crate::BlobContainer::progress) or [`Download::progress`](crate::Download::progress).
//! Uploads report after each slice or block the server accepted; downloads after each chunk received. The last
//! report of a finished transfer has `done` equal to the bytes transferred.
//!
//! ```
//! use graph_runtime::{Progress, Transfer};
//!
//! // A callback (a progress bar's `set_position`, say)...
//! let progress = Progress::callback(|t: Transfer| println!("{} of {:?} bytes", t.done, t.total));
//! // ...or a watch channel another task reads.
//! let (progress, mut watch) = Progress::channel();
//! # let _ = (progress, &mut watch);
//! ```

use std::fmt;
use std::sync::Arc;

use tokio::sync::watch;

/// One progress report: bytes done so far and, when known, the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Transfer {
    /// Bytes sent (uploads) or received (downloads) so far.
    pub done: u64,
    /// The total, when known (an upload's length, a download's `Content-Length` or range).
    pub total: Option<u64>,
}

/// Where progress reports go. Cheap to clone (clones report to the same place).
#[derive(Clone)]
pub struct Progress {
    sink: Sink,
    total_hint: Option<u64>,
}

#[derive(Clone)]
enum Sink {
    Callback(Arc<dyn Fn(Transfer) + Send + Sync>),
    Watch(Arc<watch::Sender<Transfer>>),
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sink = match &self.sink {
            Sink::Callback(_) => "callback",
            Sink::Watch(_) => "watch channel",
        };
        f.debug_struct("Progress")
            .field("sink", &sink)
            .field("total_hint", &self.total_hint)
            .finish()
    }
}

impl Progress {
    /// Reports by calling `report` (on the task doing the transfer: keep it quick).
    pub fn callback(report: impl Fn(Transfer) + Send + Sync + 'static) -> Self {
        Progress {
            sink: Sink::Callback(Arc::new(report)),
            total_hint: None,
        }
    }

    /// Reports into a watch channel: the receiver always holds the latest report.
    pub fn channel() -> (Self, watch::Receiver<Transfer>) {
        let (sender, receiver) = watch::channel(Transfer::default());
        let progress = Progress {
            sink: Sink::Watch(Arc::new(sender)),
            total_hint: None,
        };
        (progress, receiver)
    }

    /// The total to report when the transfer itself cannot know it (a blob upload from a reader of unknown
    /// length): pass the file's size.
    pub fn with_total(mut self, total: u64) -> Self {
        self.total_hint = Some(total);
        self
    }

    /// Sends one report; `total` falls back to the hint given with [`with_total`](Progress::with_total).
    pub(crate) fn report(&self, done: u64, total: Option<u64>) {
        let transfer = Transfer {
            done,
            total: total.or(self.total_hint),
        };
        match &self.sink {
            Sink::Callback(report) => report(transfer),
            Sink::Watch(sender) => {
                sender.send_replace(transfer);
            }
        }
    }
}

/// Reports to an optional [`Progress`].
pub(crate) fn report(progress: &Option<Progress>, done: u64, total: Option<u64>) {
    if let Some(progress) = progress {
        progress.report(done, total);
    }
}
