//! Uploads to an Azure Blob container SAS URL, such as the `sessionUrl` of industryData's `fileUploadSession`.
//!
//! A file's URL is the container URL, `/`, the percent-encoded file name, then the SAS query. Small files (at most
//! one block) go up with one Put Blob (`x-ms-blob-type: BlockBlob`); larger ones as Put Block per block, then Put
//! Block List. The SAS is the credential: no request carries `Authorization`. Memory is bounded by one block.

use std::borrow::Cow;

use base64::Engine as _;
use bytes::Bytes;
use tokio::io::AsyncRead;
use url::Url;

use crate::client::{Client, Outgoing};
use crate::error::Error;
use crate::progress::{self, Progress};
use crate::request::{push_encoded_segment, Body, Method, Operation};
use crate::upload::{read_full, PRE_AUTHENTICATED};

static PUT_BLOB: Operation = Operation {
    name: "put_blob",
    method: Method::Put,
    path_template: "{sessionUrl}/{fileName}",
    path: "",
    source: "Azure Blob Put Blob (graph-runtime blob.rs)",
    permissions: PRE_AUTHENTICATED,
};

static PUT_BLOCK: Operation = Operation {
    name: "put_block",
    method: Method::Put,
    path_template: "{sessionUrl}/{fileName}?comp=block",
    path: "",
    source: "Azure Blob Put Block (graph-runtime blob.rs)",
    permissions: PRE_AUTHENTICATED,
};

static PUT_BLOCK_LIST: Operation = Operation {
    name: "put_block_list",
    method: Method::Put,
    path_template: "{sessionUrl}/{fileName}?comp=blocklist",
    path: "",
    source: "Azure Blob Put Block List (graph-runtime blob.rs)",
    permissions: PRE_AUTHENTICATED,
};

/// The Blob service version sent with every request.
const BLOB_API_VERSION: &str = "2021-12-02";
/// The content type of file bytes on the wire (the blob's own type is `x-ms-blob-content-type`).
const OCTET_STREAM: &str = "application/octet-stream";
/// Azure's limit on blocks per blob.
const MAX_BLOCKS: usize = 50_000;
/// Azure's limit on one block (4000 MiB).
const MAX_BLOCK_SIZE: usize = 4000 * 1024 * 1024;

/// A blob container reached through a SAS URL. Made by [`Client::blob_container`].
#[derive(Clone)]
pub struct BlobContainer {
    client: Client,
    /// The container URL without query and trailing slash.
    container: String,
    /// The SAS query (`sv=...&sig=...`), without `?`.
    sas: String,
    block_size: usize,
    content_type: Option<String>,
    progress: Option<Progress>,
}

impl std::fmt::Debug for BlobContainer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobContainer")
            .field("container", &self.container)
            .field("sas", &"<redacted>")
            .field("block_size", &self.block_size)
            .finish()
    }
}

/// A finished blob upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedBlob {
    /// The blob's URL, without the SAS query.
    pub url: String,
    /// Bytes uploaded.
    pub size: u64,
    /// Blocks committed with Put Block List (0 for a single Put Blob).
    pub blocks: usize,
    /// The blob's `ETag`, when returned.
    pub etag: Option<String>,
}

impl Client {
    /// The container behind a SAS URL (`https://{account}.blob.core.windows.net/{container}?sv=...&sig=...`), such
    /// as a `fileUploadSession`'s `sessionUrl`. Blocks are 8 MiB by default.
    pub fn blob_container(&self, session_url: &str) -> Result<BlobContainer, Error> {
        let invalid = |why: &str| Error::Upload {
            operation: &PUT_BLOB,
            message: format!(
                "sessionUrl {why}; pass the container SAS URL the upload session returned"
            ),
        };
        let url = Url::parse(session_url).map_err(|_| invalid("is not a URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("is not http(s)"));
        }
        let sas = url
            .query()
            .filter(|q| !q.is_empty())
            .ok_or_else(|| invalid("has no SAS query"))?
            .to_owned();
        let mut container = url;
        container.set_query(None);
        container.set_fragment(None);
        let container = container.as_str().trim_end_matches('/').to_owned();
        Ok(BlobContainer {
            client: self.clone(),
            container,
            sas,
            block_size: 8 * 1024 * 1024,
            content_type: None,
            progress: None,
        })
    }
}

impl BlobContainer {
    /// Sets the block size (1 byte to 4000 MiB): files up to this size go up with one Put Blob, larger ones in
    /// blocks of this size. Memory use is about one block.
    pub fn block_size(mut self, bytes: usize) -> Result<Self, Error> {
        if bytes == 0 || bytes > MAX_BLOCK_SIZE {
            return Err(Error::Upload {
                operation: &PUT_BLOCK,
                message: format!("block size {bytes} must be between 1 and {MAX_BLOCK_SIZE}"),
            });
        }
        self.block_size = bytes;
        Ok(self)
    }

    /// Sets the blob's `Content-Type` (`x-ms-blob-content-type`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reports the bytes uploaded after each block (the total is known once the reader ends; give it up front
    /// with [`Progress::with_total`]).
    pub fn progress(mut self, progress: Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The URL of `file_name` in the container, without the SAS query. Each `/`-separated part of the name is
    /// percent-encoded; empty, `.` and `..` parts are refused.
    pub fn blob_url(&self, file_name: &str) -> Result<String, Error> {
        let mut url = self.container.clone();
        for part in file_name.split('/') {
            if part.is_empty() || part == "." || part == ".." {
                return Err(Error::Upload {
                    operation: &PUT_BLOB,
                    message: format!("file name `{file_name}` has an empty, `.` or `..` part; name the file plainly"),
                });
            }
            url.push('/');
            push_encoded_segment(&mut url, part);
        }
        Ok(url)
    }

    /// Uploads everything `reader` yields as the blob `file_name` (replacing any blob of that name).
    pub async fn upload<R: AsyncRead + Unpin + Send>(
        &self,
        file_name: &str,
        mut reader: R,
    ) -> Result<UploadedBlob, Error> {
        let blob_url = self.blob_url(file_name)?;
        let first = read_full(&mut reader, self.block_size, &[], &PUT_BLOB).await?;
        // One byte more tells a file of exactly one block from a larger one, without holding two blocks.
        let mut carry = if first.len() < self.block_size {
            Bytes::new()
        } else {
            read_full(&mut reader, 1, &[], &PUT_BLOCK).await?
        };
        if carry.is_empty() {
            let size = first.len() as u64;
            let mut headers = vec![(Cow::Borrowed("x-ms-blob-type"), "BlockBlob".to_owned())];
            if let Some(content_type) = &self.content_type {
                headers.push((
                    Cow::Borrowed("x-ms-blob-content-type"),
                    content_type.clone(),
                ));
            }
            let response = self
                .put(&PUT_BLOB, &blob_url, "", headers, first, OCTET_STREAM)
                .await?;
            progress::report(&self.progress, size, Some(size));
            return Ok(UploadedBlob {
                url: blob_url,
                size,
                blocks: 0,
                etag: response.header("etag").map(str::to_owned),
            });
        }
        let mut ids = Vec::new();
        let mut size = 0;
        let mut block = first;
        while !block.is_empty() {
            if ids.len() == MAX_BLOCKS {
                return Err(Error::Upload {
                    operation: &PUT_BLOCK,
                    message: format!(
                        "the file needs more than {MAX_BLOCKS} blocks; raise the block size"
                    ),
                });
            }
            let id = base64::engine::general_purpose::STANDARD
                .encode(format!("block-{:010}", ids.len()));
            let query = format!(
                "&comp=block&blockid={}",
                percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC)
            );
            size += block.len() as u64;
            let full = block.len() == self.block_size;
            self.put(
                &PUT_BLOCK,
                &blob_url,
                &query,
                Vec::new(),
                block,
                OCTET_STREAM,
            )
            .await?;
            progress::report(&self.progress, size, None);
            ids.push(id);
            block = if full {
                let carried = std::mem::take(&mut carry);
                read_full(&mut reader, self.block_size, &carried, &PUT_BLOCK).await?
            } else {
                Bytes::new()
            };
        }
        let mut list = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        for id in &ids {
            list.push_str("<Latest>");
            list.push_str(id);
            list.push_str("</Latest>");
        }
        list.push_str("</BlockList>");
        let mut headers = Vec::new();
        if let Some(content_type) = &self.content_type {
            headers.push((
                Cow::Borrowed("x-ms-blob-content-type"),
                content_type.clone(),
            ));
        }
        let response = self
            .put(
                &PUT_BLOCK_LIST,
                &blob_url,
                "&comp=blocklist",
                headers,
                Bytes::from(list),
                "application/xml",
            )
            .await?;
        progress::report(&self.progress, size, Some(size));
        Ok(UploadedBlob {
            url: blob_url,
            size,
            blocks: ids.len(),
            etag: response.header("etag").map(str::to_owned),
        })
    }

    /// One PUT to the blob, with the SAS query, `extra_query`, and no token.
    async fn put(
        &self,
        operation: &'static Operation,
        blob_url: &str,
        extra_query: &str,
        mut headers: Vec<(Cow<'static, str>, String)>,
        data: Bytes,
        content_type: &'static str,
    ) -> Result<crate::response::RawResponse, Error> {
        let url = format!("{blob_url}?{}{extra_query}", self.sas);
        let url = Url::parse(&url).map_err(|e| Error::Upload {
            operation,
            message: format!("blob URL is not valid: {e}"),
        })?;
        headers.push((Cow::Borrowed("x-ms-version"), BLOB_API_VERSION.to_owned()));
        let body = Body::Bytes {
            data,
            content_type: Cow::Borrowed(content_type),
        };
        let request = Outgoing {
            operation,
            method: Method::Put,
            url: &url,
            headers: &headers,
            body: &body,
            with_token: false,
        };
        self.client.inner().send(&request).await
    }
}
