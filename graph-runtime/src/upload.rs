//! Upload sessions (`createUploadSession` of a driveItem, an Outlook attachment or a print document): a file
//! streamed from any [`AsyncRead`] in slices, with `Content-Range`, resumed from `nextExpectedRanges` after a
//! failed slice, committed on request when the session was created with `deferCommit`, and cancellable.
//!
//! The `uploadUrl` is pre-authenticated: no request to it carries the `Authorization` header, whatever its host.
//! Memory is bounded by one slice.

use std::borrow::Cow;

use bytes::Bytes;
use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncReadExt};
use url::Url;

use crate::client::{Client, Outgoing};
use crate::error::Error;
use crate::progress::{self, Progress};
use crate::request::{Body, Method, Operation, Permissions, Scopes};
use crate::response::RawResponse;

/// Permissions of requests to pre-authenticated URLs: none (the URL is the credential).
pub(crate) const PRE_AUTHENTICATED: Permissions = Permissions {
    delegated_work: Scopes::NotStated,
    delegated_personal: Scopes::NotStated,
    application: Scopes::NotStated,
};

static UPLOAD_SLICE: Operation = Operation {
    name: "upload_slice",
    method: Method::Put,
    path_template: "{uploadUrl}",
    path: "",
    source: "driveItem upload session (graph-runtime upload.rs)",
    permissions: PRE_AUTHENTICATED,
};

static UPLOAD_STATUS: Operation = Operation {
    name: "upload_session_status",
    method: Method::Get,
    path_template: "{uploadUrl}",
    path: "",
    source: "driveItem upload session (graph-runtime upload.rs)",
    permissions: PRE_AUTHENTICATED,
};

static UPLOAD_COMMIT: Operation = Operation {
    name: "commit_upload_session",
    method: Method::Post,
    path_template: "{uploadUrl}",
    path: "",
    source: "driveItem upload session (graph-runtime upload.rs)",
    permissions: PRE_AUTHENTICATED,
};

static UPLOAD_CANCEL: Operation = Operation {
    name: "cancel_upload_session",
    method: Method::Delete,
    path_template: "{uploadUrl}",
    path: "",
    source: "driveItem upload session (graph-runtime upload.rs)",
    permissions: PRE_AUTHENTICATED,
};

/// Slice sizes must be multiples of this (320 KiB).
pub const SLICE_UNIT: usize = 320 * 1024;
/// Slices must be smaller than this (60 MiB).
pub const SLICE_LIMIT: usize = 60 * 1024 * 1024;

/// The state of an upload session, as `GET {uploadUrl}` and each accepted slice report it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSessionStatus {
    /// When the session expires (ISO 8601), if sent.
    #[serde(default, alias = "ExpirationDateTime")]
    pub expiration_date_time: Option<String>,
    /// The byte ranges the server still needs (`"0-"`, `"26-"`, `"12345-55232"`; Outlook writes `"2097152"`, and
    /// some of its answers spell the member `NextExpectedRanges`).
    #[serde(default, alias = "NextExpectedRanges")]
    pub next_expected_ranges: Vec<String>,
}

impl UploadSessionStatus {
    /// The first byte the server still needs, if any.
    pub fn next_expected_start(&self) -> Option<u64> {
        self.next_expected_ranges
            .iter()
            .filter_map(|r| r.split('-').next()?.trim().parse().ok())
            .min()
    }
}

/// An upload to a driveItem upload session's `uploadUrl`. Made by [`Client::drive_item_upload`].
///
/// Dropping the future of [`upload`](DriveItemUpload::upload) stops sending; [`cancel`](DriveItemUpload::cancel)
/// also deletes the session on the server. Its `Debug` output shows the uploadUrl's origin only: the rest of a
/// pre-authenticated URL is its credential.
#[derive(Clone)]
pub struct DriveItemUpload {
    client: Client,
    upload_url: Url,
    slice_size: usize,
    slice_retries: u32,
    progress: Option<Progress>,
    deferred_commit: bool,
}

impl std::fmt::Debug for DriveItemUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origin = self.upload_url.origin().ascii_serialization();
        f.debug_struct("DriveItemUpload")
            .field("upload_url", &format_args!("{origin}/<redacted>"))
            .field("slice_size", &self.slice_size)
            .field("slice_retries", &self.slice_retries)
            .field("progress", &self.progress)
            .field("deferred_commit", &self.deferred_commit)
            .finish()
    }
}

impl Client {
    /// An upload to `upload_url` (from `createUploadSession`: a driveItem's, an Outlook attachment's or a print
    /// document's), in 10 MiB slices (32 × 320 KiB) by default. Outlook takes at most 4 MiB per slice: set
    /// [`slice_size`](DriveItemUpload::slice_size) to `12 * SLICE_UNIT` (3.75 MiB) or less for attachments.
    pub fn drive_item_upload(&self, upload_url: &str) -> Result<DriveItemUpload, Error> {
        let upload_url = Url::parse(upload_url).map_err(|e| Error::Upload {
            operation: &UPLOAD_SLICE,
            message: format!(
                "uploadUrl is not a URL ({e}); pass the uploadUrl createUploadSession returned"
            ),
        })?;
        Ok(DriveItemUpload {
            client: self.clone(),
            upload_url,
            slice_size: 32 * SLICE_UNIT,
            slice_retries: 3,
            progress: None,
            deferred_commit: false,
        })
    }
}

impl DriveItemUpload {
    /// Sets the slice size: a positive multiple of 320 KiB under 60 MiB.
    pub fn slice_size(mut self, bytes: usize) -> Result<Self, Error> {
        #[allow(clippy::manual_is_multiple_of)]
        // `is_multiple_of` is newer than the workspace's rust-version
        if bytes == 0 || bytes % SLICE_UNIT != 0 || bytes >= SLICE_LIMIT {
            return Err(Error::Upload {
                operation: &UPLOAD_SLICE,
                message: format!("slice size {bytes} must be a positive multiple of 327680 (320 KiB) under 62914560 (60 MiB)"),
            });
        }
        self.slice_size = bytes;
        Ok(self)
    }

    /// Sets how many times one slice is resumed after a failure (default 3), on top of the client's retries of
    /// 429/503/504.
    pub fn slice_retries(mut self, retries: u32) -> Self {
        self.slice_retries = retries;
        self
    }

    /// Reports the bytes the session has accepted, and the file's length, after each slice.
    pub fn progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The session was created with `deferCommit: true` (OneDrive for Business and SharePoint): the server creates
    /// the file only when asked. [`upload`](Self::upload) then ends when the session holds every byte, returning
    /// the session's `202 Accepted`, and [`commit`](Self::commit) creates the file. Without this, that `202` is an
    /// error, since a session created without `deferCommit` answers the last slice with the item.
    pub fn deferred_commit(mut self) -> Self {
        self.deferred_commit = true;
        self
    }

    /// Uploads `length` bytes read from `reader` (positioned at the file's start), slice by slice. After a failed
    /// slice, asks the session for `nextExpectedRanges` and resumes from there. Returns the final response (the
    /// driveItem, `200`/`201`), or the session's `202 Accepted` when the commit is [deferred](Self::deferred_commit).
    pub async fn upload<R: AsyncRead + Unpin + Send>(
        &self,
        mut reader: R,
        length: u64,
    ) -> Result<RawResponse, Error> {
        let mut position: u64 = 0;
        if length == 0 {
            return Err(Error::Upload {
                operation: &UPLOAD_SLICE,
                message: "an upload session cannot take an empty file; create an empty file with a plain PUT".to_owned(),
            });
        }
        loop {
            let want = (length - position).min(self.slice_size as u64) as usize;
            let slice = read_full(&mut reader, want, &[], &UPLOAD_SLICE).await?;
            if slice.len() < want {
                return Err(Error::Upload {
                    operation: &UPLOAD_SLICE,
                    message: format!(
                        "the reader ended after {} of {length} bytes",
                        position + slice.len() as u64
                    ),
                });
            }
            let slice_start = position;
            let slice_end = position + slice.len() as u64;
            match self.send_slice(slice, slice_start, length).await? {
                SliceOutcome::Finished(response) => {
                    progress::report(&self.progress, length, Some(length));
                    return Ok(response);
                }
                SliceOutcome::Continue => position = slice_end,
            }
            progress::report(&self.progress, position, Some(length));
            if position >= length {
                let status = self.status().await?;
                return Err(Error::Upload {
                    operation: &UPLOAD_SLICE,
                    message: format!(
                        "all {length} bytes were sent but the session still expects {:?}; start a new session",
                        status.next_expected_ranges
                    ),
                });
            }
        }
    }

    /// Sends one slice (`data` starts at byte `start`), resuming inside it as the server asks.
    async fn send_slice(
        &self,
        data: Bytes,
        start: u64,
        length: u64,
    ) -> Result<SliceOutcome, Error> {
        let end = start + data.len() as u64;
        let mut from = start;
        let mut failures = 0;
        loop {
            let body = Body::Bytes {
                data: data.slice((from - start) as usize..),
                content_type: Cow::Borrowed("application/octet-stream"),
            };
            let headers = [(
                Cow::Borrowed("Content-Range"),
                format!("bytes {from}-{}/{length}", end - 1),
            )];
            let request = Outgoing {
                operation: &UPLOAD_SLICE,
                method: Method::Put,
                url: &self.upload_url,
                headers: &headers,
                body: &body,
                with_token: false,
            };
            let next = match self.client.inner().send(&request).await {
                Ok(response) => {
                    let Some(status) = in_progress(&response)? else {
                        return Ok(SliceOutcome::Finished(response));
                    };
                    let next = status.next_expected_start();
                    if next.is_none() && end == length && self.deferred_commit {
                        return Ok(SliceOutcome::Finished(response));
                    }
                    // An answer that accepts nothing of what was sent is a failed attempt: without this a server
                    // that never advances would be sent the same bytes forever.
                    if next.is_some_and(|next| next <= from) {
                        failures += 1;
                        if failures > self.slice_retries {
                            return Err(Error::Upload {
                                operation: &UPLOAD_SLICE,
                                message: format!(
                                    "the session accepted none of bytes {from}-{} in {failures} attempts; start a new session",
                                    end - 1
                                ),
                            });
                        }
                    }
                    next
                }
                Err(error) => {
                    failures += 1;
                    if failures > self.slice_retries || !resumable(&error) {
                        return Err(error);
                    }
                    tracing::debug!(%error, from, "slice failed; asking the session where to resume");
                    self.status().await?.next_expected_start()
                }
            };
            match next {
                Some(next) if next >= end => return Ok(SliceOutcome::Continue),
                Some(next) if next >= start => from = next,
                None if end == length => {
                    return Err(Error::Upload {
                        operation: &UPLOAD_SLICE,
                        message: "the session holds every byte but did not return the item: it was created with deferCommit and waits for a commit; call deferred_commit() before upload(), then commit()".to_owned(),
                    })
                }
                other => {
                    return Err(Error::Upload {
                        operation: &UPLOAD_SLICE,
                        message: format!(
                            "the session expects byte {other:?}, before this slice (bytes {start}-{}); the reader cannot rewind, start a new session",
                            end - 1
                        ),
                    })
                }
            }
        }
    }

    /// Asks the session which ranges it still needs (`GET {uploadUrl}`).
    pub async fn status(&self) -> Result<UploadSessionStatus, Error> {
        self.send_bodyless(&UPLOAD_STATUS).await?.json()
    }

    /// Completes a session created with `deferCommit: true` once it holds every byte (`POST {uploadUrl}` with no
    /// content): the server creates the file and answers with the driveItem (`201 Created` or `200 OK`). See
    /// [`deferred_commit`](Self::deferred_commit).
    pub async fn commit(&self) -> Result<RawResponse, Error> {
        self.send_bodyless(&UPLOAD_COMMIT).await
    }

    /// Cancels the session (`DELETE {uploadUrl}`): the server discards what it received.
    pub async fn cancel(&self) -> Result<(), Error> {
        self.send_bodyless(&UPLOAD_CANCEL).await.map(drop)
    }

    /// `operation`'s method on the uploadUrl, without token and with no content (`Content-Length: 0` on a POST).
    async fn send_bodyless(&self, operation: &'static Operation) -> Result<RawResponse, Error> {
        let request = Outgoing {
            operation,
            method: operation.method,
            url: &self.upload_url,
            headers: &[],
            body: &Body::Empty,
            with_token: false,
        };
        self.client.inner().send(&request).await
    }
}

enum SliceOutcome {
    /// The server returned the item, or, when the commit is deferred, its `202` for the last byte.
    Finished(RawResponse),
    /// The slice was taken; go on with the next.
    Continue,
}

/// The session's status when a slice's answer says the upload goes on: a `202 Accepted` (driveItem sessions), or
/// a `200 OK` with ranges still expected (Outlook attachment sessions, which answer the last slice `201 Created`).
/// `None` when the answer ends the upload: any other status, or a `200 OK` without ranges, which is the item (a
/// driveItem session answers so when the upload replaces a file). Each answer's body is read once.
fn in_progress(response: &RawResponse) -> Result<Option<UploadSessionStatus>, Error> {
    match response.status().as_u16() {
        202 => response.json().map(Some),
        200 => Ok(response
            .json::<UploadSessionStatus>()
            .ok()
            .filter(|status| !status.next_expected_ranges.is_empty())),
        _ => Ok(None),
    }
}

/// Whether a failed slice is worth resuming: transport failures, timeouts and server-side errors.
fn resumable(error: &Error) -> bool {
    match error {
        Error::Transport { .. } | Error::Timeout { .. } => true,
        other => other.status().is_some_and(|s| s >= 500 || s == 416),
    }
}

/// `prefix`, then bytes from `reader`, up to `want` in all (fewer only at the end of the reader), in a buffer
/// allocated once at that size.
pub(crate) async fn read_full<R: AsyncRead + Unpin>(
    reader: &mut R,
    want: usize,
    prefix: &[u8],
    operation: &'static Operation,
) -> Result<Bytes, Error> {
    let mut buf = Vec::with_capacity(want.max(prefix.len()));
    buf.extend_from_slice(prefix);
    while buf.len() < want {
        // `read_buf` fills the spare capacity without zeroing it first, and never grows the buffer.
        let read = reader.read_buf(&mut buf).await.map_err(|e| Error::Upload {
            operation,
            message: format!("reading the file failed: {e}"),
        })?;
        if read == 0 {
            break;
        }
    }
    Ok(Bytes::from(buf))
}
