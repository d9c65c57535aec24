//! Streamed downloads: a `Stream` response (driveItem content, a photo's `$value`, a report's CSV) read as a
//! [`Stream`] of [`Bytes`] or an [`AsyncRead`], with memory bounded by the HTTP client's buffers whatever the size.
//!
//! * Redirects are followed (driveItem `/content` answers `302` with a pre-authenticated URL on another host); the
//!   token is never sent off the Graph origin, on a redirect or a resumed request.
//! * A byte range can be asked for ([`Download::range`]), and a download interrupted by a cut connection or a
//!   stalled body is resumed from the bytes already received (`Range`, with `If-Range` when the first response
//!   had an `ETag`, so a file that changed meanwhile is an error, not a silent mix). Resumes go to the URL the
//!   bytes came from (after redirects); if that pre-authenticated URL has expired, the original request is sent
//!   again with the range.
//!
//! ```no_run
//! # async fn demo(client: graph_runtime::Client, spec: graph_runtime::RequestSpec) -> Result<(), graph_runtime::Error> {
//! use futures_util::TryStreamExt;
//!
//! let mut stream = client.download(spec).start().await?;
//! println!("{:?} bytes", stream.total());
//! while let Some(chunk) = stream.try_next().await? {
//!     // write `chunk` somewhere
//! #   let _ = chunk;
//! }
//! # Ok(()) }
//! ```

use std::borrow::Cow;
use std::future::{Future, IntoFuture};
use std::io;
use std::ops::{Bound, RangeBounds};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use http::{HeaderMap, StatusCode};
use tokio::io::{AsyncBufRead, AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio_util::io::StreamReader;
use url::Url;

use crate::client::{client_request_id, Client, Inner, Outgoing};
use crate::error::Error;
use crate::progress::{self, Progress};
use crate::request::{Body, Method, Operation, RequestSpec};
use crate::upload::PRE_AUTHENTICATED;

static PRE_AUTHENTICATED_DOWNLOAD: Operation = Operation {
    name: "download_url",
    method: Method::Get,
    path_template: "{downloadUrl}",
    path: "",
    source: "pre-authenticated download (graph-runtime download.rs)",
    permissions: PRE_AUTHENTICATED,
};

/// A whole download may take this long; stalls are caught per chunk by [`Download::idle_timeout`] instead of the
/// client's per-request timeout, which would cut a large file off.
const WHOLE_DOWNLOAD: Duration = Duration::from_secs(7 * 24 * 3600);

/// A download, not started yet. Made by [`Client::download`] or [`Client::download_url`]; `.await` it (or call
/// [`start`](Download::start)) for the [`DownloadStream`].
#[must_use = "a Download does nothing until it is started"]
#[derive(Debug)]
pub struct Download {
    client: Client,
    source: Source,
    start: u64,
    end: Option<u64>,
    resumes: u32,
    idle_timeout: Duration,
    progress: Option<Progress>,
}

/// Where the bytes come from.
#[derive(Debug)]
enum Source {
    /// A request to Graph.
    Spec(RequestSpec),
    /// A pre-authenticated URL: never sent the token.
    Url(Url),
}

impl Client {
    /// A streamed download of a request whose response is the file (`Stream` in the docs). Generated requests give
    /// their spec with `into_spec()`, or call `.download()` on a request that returns `Bytes`.
    pub fn download(&self, spec: RequestSpec) -> Download {
        Download::new(self, Source::Spec(spec))
    }

    /// A streamed download of a pre-authenticated URL (a driveItem's `@microsoft.graph.downloadUrl`, a blob URL
    /// with its SAS): the token is never sent with it.
    pub fn download_url(&self, url: &str) -> Result<Download, Error> {
        let url = Url::parse(url).map_err(|e| {
            Error::config(
                Some(&PRE_AUTHENTICATED_DOWNLOAD),
                format!("the download URL is not a URL ({e}); pass the pre-authenticated URL as Graph gave it"),
            )
        })?;
        Ok(Download::new(self, Source::Url(url)))
    }
}

impl<T, O> crate::builder::Request<'_, T, O> {
    /// The request as a streamed [`Download`] (for operations whose response is the file itself).
    pub fn download(self) -> Download {
        let (client, spec) = self.into_parts();
        client.download(spec)
    }
}

impl Download {
    fn new(client: &Client, source: Source) -> Self {
        Download {
            client: client.clone(),
            source,
            start: 0,
            end: None,
            resumes: 3,
            idle_timeout: Duration::from_secs(100),
            progress: None,
        }
    }

    /// Asks for a byte range only (`100..200`, `100..=199`, `1000..`).
    pub fn range(mut self, range: impl RangeBounds<u64>) -> Self {
        self.start = match range.start_bound() {
            Bound::Included(&start) => start,
            Bound::Excluded(&start) => start.saturating_add(1),
            Bound::Unbounded => 0,
        };
        self.end = match range.end_bound() {
            Bound::Included(&end) => Some(end),
            Bound::Excluded(&end) => Some(end.saturating_sub(1)),
            Bound::Unbounded => None,
        };
        self
    }

    /// Continues a download of which `bytes` were already received (and kept) by an earlier run: the same as
    /// `range(bytes..)`.
    pub fn resume_from(self, bytes: u64) -> Self {
        self.range(bytes..)
    }

    /// How many times a cut connection or a stalled body is resumed (default 3).
    pub fn max_resumes(mut self, resumes: u32) -> Self {
        self.resumes = resumes;
        self
    }

    /// How long the body may stall before the connection is given up and resumed (default 100 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// Reports bytes received and the total (the response's length) after each chunk.
    pub fn progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Sends the request (with the client's retries) and returns the body as a stream once the response's
    /// headers have arrived. A non-2xx status is an [`Error`], as for any request.
    pub async fn start(self) -> Result<DownloadStream, Error> {
        let inner = Arc::clone(self.client.inner());
        if self.end.is_some_and(|end| end < self.start) {
            return Err(Error::config(
                Some(self.operation()),
                format!(
                    "the byte range starts at {} but ends before it; ask for a range that holds at least one byte",
                    self.start
                ),
            ));
        }
        let (operation, method, url, headers, with_token) = match self.source {
            Source::Spec(spec) => (
                spec.operation,
                spec.operation.method,
                inner.url_for(&spec)?,
                spec.headers,
                true,
            ),
            Source::Url(url) => (
                &PRE_AUTHENTICATED_DOWNLOAD,
                Method::Get,
                url,
                Vec::new(),
                false,
            ),
        };
        let mut fetch = Fetch {
            inner,
            operation,
            method,
            first_url: url.clone(),
            url,
            headers,
            with_token,
            start: self.start,
            end: self.end,
            expected: None,
            received: 0,
            etag: None,
            resumes_left: self.resumes,
            idle_timeout: self.idle_timeout,
            progress: self.progress,
            body: None,
        };
        let response = fetch.open(false).await?;
        let headers = response.headers().clone();
        fetch.accept(response)?;
        let total = fetch.expected;
        progress::report(&fetch.progress, 0, total);
        let chunks = futures_util::stream::try_unfold(fetch, |mut fetch| async move {
            Ok(fetch.next_chunk().await?.map(|chunk| (chunk, fetch)))
        });
        Ok(DownloadStream {
            chunks: Box::pin(chunks),
            total,
            headers,
        })
    }

    fn operation(&self) -> &'static Operation {
        match &self.source {
            Source::Spec(spec) => spec.operation,
            Source::Url(_) => &PRE_AUTHENTICATED_DOWNLOAD,
        }
    }
}

impl IntoFuture for Download {
    type Output = Result<DownloadStream, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.start())
    }
}

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>;

/// The body of a download, chunk by chunk as it arrives: a [`Stream`] of [`Bytes`]. Read it as an [`AsyncRead`]
/// with [`into_async_read`](DownloadStream::into_async_read), or copy it with [`write_to`](DownloadStream::write_to).
#[must_use = "streams do nothing unless polled"]
pub struct DownloadStream {
    chunks: Chunks,
    total: Option<u64>,
    headers: HeaderMap,
}

impl std::fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadStream")
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl DownloadStream {
    /// The bytes this stream will deliver (the response's length, or the range's), when the server said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The first response's headers (`Content-Type`, `ETag`, ...).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as an [`AsyncRead`] (and [`AsyncBufRead`]); errors become `io::Error`s wrapping the [`Error`].
    pub fn into_async_read(self) -> DownloadReader {
        let to_io: fn(Error) -> io::Error = io::Error::other;
        DownloadReader {
            reader: StreamReader::new(self.map_err(to_io)),
        }
    }

    /// Copies the whole body into `writer`, flushes it, and returns the bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin>(mut self, mut writer: W) -> Result<u64, Error> {
        let mut written = 0u64;
        while let Some(chunk) = self.chunks.try_next().await? {
            writer
                .write_all(&chunk)
                .await
                .map_err(|e| write_error(&e))?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(|e| write_error(&e))?;
        Ok(written)
    }
}

fn write_error(e: &io::Error) -> Error {
    Error::Download {
        operation: &PRE_AUTHENTICATED_DOWNLOAD,
        message: format!("writing the downloaded bytes failed: {e}"),
    }
}

impl Stream for DownloadStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

/// The chunks of a [`DownloadStream`] with its errors as `io::Error`s.
type IoChunks = futures_util::stream::MapErr<DownloadStream, fn(Error) -> io::Error>;

/// A [`DownloadStream`] as an [`AsyncRead`] + [`AsyncBufRead`].
pub struct DownloadReader {
    reader: StreamReader<IoChunks, Bytes>,
}

impl std::fmt::Debug for DownloadReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DownloadReader").finish_non_exhaustive()
    }
}

impl AsyncRead for DownloadReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.reader).poll_read(cx, buf)
    }
}

impl AsyncBufRead for DownloadReader {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        Pin::new(&mut self.get_mut().reader).poll_fill_buf(cx)
    }

    fn consume(mut self: Pin<&mut Self>, amt: usize) {
        Pin::new(&mut self.reader).consume(amt);
    }
}

type BodyChunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// The state of a download in progress.
struct Fetch {
    inner: Arc<Inner>,
    operation: &'static Operation,
    method: Method,
    /// The request's own URL (on Graph, or the pre-authenticated URL given).
    first_url: Url,
    /// Where the bytes come from: the URL after redirects.
    url: Url,
    headers: Vec<(Cow<'static, str>, String)>,
    /// Whether the token may go with requests to the Graph origin.
    with_token: bool,
    start: u64,
    end: Option<u64>,
    /// The bytes the stream will deliver, when known.
    expected: Option<u64>,
    received: u64,
    etag: Option<String>,
    resumes_left: u32,
    idle_timeout: Duration,
    progress: Option<Progress>,
    body: Option<BodyChunks>,
}

impl Fetch {
    /// Sends the request for the bytes from `start + received` on: to the first URL, or when `resume`, to the URL
    /// the bytes came from (falling back to the first URL when that one refuses).
    async fn open(&mut self, resume: bool) -> Result<reqwest::Response, Error> {
        if resume && self.url != self.first_url {
            let url = self.url.clone();
            match self.exchange(&url, Method::Get).await {
                Err(e) if matches!(e.status(), Some(401 | 403 | 404 | 410)) => {
                    tracing::debug!(error = %e, "the download URL refused the resumed request; asking the original URL again");
                }
                other => return other,
            }
        }
        let url = self.first_url.clone();
        self.exchange(&url, self.method).await
    }

    /// One request (with the client's retries of 429/503/504) that answered 2xx, its body not read yet.
    async fn exchange(&mut self, url: &Url, method: Method) -> Result<reqwest::Response, Error> {
        let from = self.start + self.received;
        let mut headers = self.headers.clone();
        if from > 0 || self.end.is_some() {
            let end = self.end.map_or_else(String::new, |end| end.to_string());
            headers.push((Cow::Borrowed("Range"), format!("bytes={from}-{end}")));
            if let Some(etag) = self.etag.as_ref().filter(|_| self.received > 0) {
                headers.push((Cow::Borrowed("If-Range"), etag.clone()));
            }
        }
        let body = Body::Empty;
        let request = Outgoing {
            operation: self.operation,
            method,
            url,
            headers: &headers,
            body: &body,
            with_token: self.with_token,
        };
        let client_request_id = client_request_id();
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            let mut http_request = self
                .inner
                .prepare(&request, &client_request_id, attempt)
                .await?;
            *http_request.timeout_mut() = Some(WHOLE_DOWNLOAD);
            let response = self
                .inner
                .http()
                .execute(http_request)
                .await
                .map_err(|e| Error::transport(self.operation, e))?;
            let status = response.status();
            if status.is_success() {
                return Ok(response);
            }
            let response_headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|e| Error::transport(self.operation, e))?;
            match self
                .inner
                .retry()
                .delay(status.as_u16(), &response_headers, attempt + 1, waited)
            {
                Some(delay) => {
                    tokio::time::sleep(delay).await;
                    waited += delay;
                    attempt += 1;
                }
                None => {
                    return Err(Error::from_status(
                        self.operation,
                        status.as_u16(),
                        body,
                        attempt,
                    ))
                }
            }
        }
    }

    /// Checks that a response carries the bytes asked for, and takes its body.
    fn accept(&mut self, response: reqwest::Response) -> Result<(), Error> {
        let from = self.start + self.received;
        let ranged = from > 0 || self.end.is_some();
        let status = response.status();
        match (status, content_range(response.headers())) {
            (StatusCode::PARTIAL_CONTENT, Some((first, last, _))) if first == from => {
                if self.expected.is_none() {
                    self.expected = Some(last + 1 - self.start);
                }
            }
            (StatusCode::PARTIAL_CONTENT, range) => {
                return Err(self.failure(format!(
                    "asked for bytes from {from} but the server sent the range {range:?}; the download cannot go on"
                )))
            }
            (_, _) if ranged && self.received > 0 => {
                return Err(self.failure(format!(
                    "the file changed on the server (or the server ignored the range) after {} bytes were received; start the download again",
                    self.received
                )))
            }
            (_, _) if ranged => {
                return Err(self.failure(format!(
                    "the server answered {status} to a byte-range request instead of 206 Partial Content: it does not serve ranges"
                )))
            }
            (_, _) => self.expected = response.content_length(),
        }
        if self.received == 0 {
            self.etag = response
                .headers()
                .get(http::header::ETAG)
                .and_then(|v| v.to_str().ok())
                .filter(|etag| !etag.starts_with("W/"))
                .map(str::to_owned);
        }
        self.url = response.url().clone();
        self.with_token = self.with_token && self.inner.is_graph_origin(&self.url);
        self.body = Some(Box::pin(response.bytes_stream()));
        Ok(())
    }

    /// The next chunk, resuming after a cut connection or a stall; `None` at the end.
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        loop {
            let Some(body) = self.body.as_mut() else {
                return Ok(None);
            };
            let cut = match tokio::time::timeout(self.idle_timeout, body.next()).await {
                Ok(Some(Ok(chunk))) => {
                    self.received += chunk.len() as u64;
                    progress::report(&self.progress, self.received, self.expected);
                    return Ok(Some(chunk));
                }
                Ok(None) if self.expected.is_none_or(|e| self.received >= e) => {
                    self.body = None;
                    return Ok(None);
                }
                Ok(None) => self.failure(format!(
                    "the body ended after {} of {:?} bytes",
                    self.received, self.expected
                )),
                Ok(Some(Err(e))) => Error::transport(self.operation, e),
                Err(_) => Error::Timeout {
                    operation: self.operation,
                },
            };
            self.body = None;
            if self.resumes_left == 0 {
                return Err(cut);
            }
            self.resumes_left -= 1;
            tracing::debug!(error = %cut, received = self.received, "download interrupted; resuming");
            let response = self.open(true).await?;
            self.accept(response)?;
        }
    }

    fn failure(&self, message: String) -> Error {
        Error::Download {
            operation: self.operation,
            message,
        }
    }
}

/// `Content-Range: bytes first-last/total` (total `*` when unknown).
fn content_range(headers: &HeaderMap) -> Option<(u64, u64, Option<u64>)> {
    let value = headers.get(http::header::CONTENT_RANGE)?.to_str().ok()?;
    let (span, total) = value.trim().strip_prefix("bytes ")?.split_once('/')?;
    let (first, last) = span.split_once('-')?;
    let (first, last) = (first.trim().parse().ok()?, last.trim().parse().ok()?);
    (first <= last).then_some((first, last, total.trim().parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges_are_read() {
        let mut headers = HeaderMap::new();
        headers.insert("content-range", "bytes 100-199/1000".parse().unwrap());
        assert_eq!(content_range(&headers), Some((100, 199, Some(1000))));
        headers.insert("content-range", "bytes 5-9/*".parse().unwrap());
        assert_eq!(content_range(&headers), Some((5, 9, None)));
        headers.insert("content-range", "bytes 9-5/10".parse().unwrap());
        assert_eq!(content_range(&headers), None);
    }
}
