//! What the replay server stores: the upload sessions it handed out (Azure Blob containers behind `sessionUrl`s,
//! driveItem-style sessions behind `uploadUrl`s) and the files uploaded to them.

use std::collections::BTreeMap;

use super::Reply;

/// A file uploaded to the replay server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedFile {
    /// The blob container (from the `sessionUrl`), or `uploadSession` for `uploadUrl` sessions.
    pub container: String,
    /// The blob name (may contain `/`), or the upload session's number for `uploadUrl` sessions.
    pub name: String,
    /// The committed bytes.
    pub data: Vec<u8>,
    /// The `Content-Type` (or `x-ms-blob-content-type`) it was uploaded with.
    pub content_type: Option<String>,
}

impl UploadedFile {
    /// Where the file went on the replay server: `/blob/{container}/{name}` or `/upload/{n}`.
    pub fn path(&self) -> String {
        if self.container == UPLOAD_SESSION_CONTAINER {
            format!("/upload/{}", self.name)
        } else {
            format!("/blob/{}/{}", self.container, self.name)
        }
    }
}

/// The container name under which `uploadUrl` session uploads are listed.
const UPLOAD_SESSION_CONTAINER: &str = "uploadSession";

/// A blob container handed out in a `sessionUrl`.
#[derive(Debug, Default)]
struct Container {
    /// The `sig` of the SAS query handed out; uploads must carry it.
    sig: String,
    /// Committed blobs by name.
    blobs: BTreeMap<String, UploadedFile>,
    /// Uncommitted blocks by (blob name, block id).
    blocks: BTreeMap<(String, String), Vec<u8>>,
}

/// A driveItem-style upload session handed out in an `uploadUrl`.
#[derive(Debug, Default)]
struct UploadSession {
    /// The bytes received so far.
    data: Vec<u8>,
    /// The total size, from the first Content-Range.
    total: Option<u64>,
    /// Whether the upload completed.
    done: bool,
}

/// Sessions and files, behind the server's lock.
#[derive(Debug, Default)]
pub(crate) struct Storage {
    containers: BTreeMap<String, Container>,
    sessions: BTreeMap<u64, UploadSession>,
    next_session: u64,
}

/// A blob request, decoded from the wire.
#[derive(Debug)]
pub(crate) struct BlobRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The container.
    pub container: &'a str,
    /// The blob name (empty for container-level requests).
    pub name: &'a str,
    /// Decoded query pairs.
    pub query: &'a [(String, String)],
    /// The request headers (lower-case names).
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: Vec<u8>,
}

impl BlobRequest<'_> {
    /// A header's value.
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

impl Storage {
    /// Registers a blob container for a `sessionUrl` and returns the SAS query to hand out with it. The page's own SAS
    /// query is kept when it has a `sig`; otherwise one is made up.
    pub fn issue_container(&mut self, container: &str, page_query: Option<&str>) -> String {
        let page_sig = page_query.and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "sig")
                .map(|(_, v)| v.into_owned())
        });
        let (query, sig) = match (page_query, page_sig) {
            (Some(q), Some(sig)) => (q.to_owned(), sig),
            _ => {
                self.next_session += 1;
                let sig = format!("replay{}", self.next_session);
                (format!("sv=2021-08-06&sr=c&sp=racwl&sig={sig}"), sig)
            }
        };
        self.containers.entry(container.to_owned()).or_default().sig = sig;
        query
    }

    /// Opens a driveItem-style upload session and returns its number.
    pub fn issue_upload_session(&mut self) -> u64 {
        self.next_session += 1;
        self.sessions
            .insert(self.next_session, UploadSession::default());
        self.next_session
    }

    /// Every committed file, blobs first (by container and name), then upload sessions.
    pub fn uploaded(&self) -> Vec<UploadedFile> {
        let blobs = self
            .containers
            .values()
            .flat_map(|c| c.blobs.values().cloned());
        let sessions = self
            .sessions
            .iter()
            .filter(|(_, s)| s.done)
            .map(|(n, s)| UploadedFile {
                container: UPLOAD_SESSION_CONTAINER.to_owned(),
                name: n.to_string(),
                data: s.data.clone(),
                content_type: None,
            });
        blobs.chain(sessions).collect()
    }

    /// Serves Put Blob, Put Block, Put Block List and Get Blob against a container handed out earlier.
    pub fn blob(&mut self, req: BlobRequest<'_>) -> Reply {
        let query = |name: &str| {
            req.query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let Some(container) = self.containers.get_mut(req.container) else {
            return azure_error(
                404,
                "ContainerNotFound",
                "The replay server handed out no sessionUrl for this container.",
            );
        };
        if req.header("authorization").is_some() {
            return azure_error(
                403,
                "AuthenticationFailed",
                "An Authorization header was sent to a sessionUrl; a SAS URL needs none, and a bearer token must never go there.",
            );
        }
        if query("sig") != Some(container.sig.as_str()) {
            return azure_error(
                403,
                "AuthenticationFailed",
                "The SAS query (sig) handed out with the sessionUrl is missing or different.",
            );
        }
        if req.name.is_empty() {
            return azure_error(
                400,
                "InvalidUri",
                "A blob name is required after the container: {sessionUrl path}/{file name}?{SAS}.",
            );
        }
        match (req.method, query("comp")) {
            ("PUT", None) => put_blob(container, &req),
            ("PUT", Some("block")) => match query("blockid") {
                Some(id) => {
                    container
                        .blocks
                        .insert((req.name.to_owned(), id.to_owned()), req.body);
                    created()
                }
                None => azure_error(
                    400,
                    "MissingRequiredQueryParameter",
                    "Put Block needs a blockid query parameter.",
                ),
            },
            ("PUT", Some("blocklist")) => put_block_list(container, &req),
            ("GET", None) => match container.blobs.get(req.name) {
                Some(file) => Reply {
                    status: 200,
                    headers: vec![(
                        "content-type",
                        file.content_type
                            .clone()
                            .unwrap_or_else(|| "application/octet-stream".to_owned()),
                    )],
                    body: file.data.clone(),
                },
                None => azure_error(404, "BlobNotFound", "The specified blob does not exist."),
            },
            _ => azure_error(
                400,
                "UnsupportedHttpVerb",
                "The replay server supports Put Blob, Put Block, Put Block List and Get Blob.",
            ),
        }
    }

    /// Serves a driveItem-style upload session: PUT slices with Content-Range, GET status, DELETE to cancel.
    pub fn upload_session(
        &mut self,
        number: u64,
        method: &str,
        content_range: Option<&str>,
        body: Vec<u8>,
    ) -> Reply {
        let Some(session) = self.sessions.get_mut(&number) else {
            return super::graph_error(
                404,
                "itemNotFound",
                "The replay server handed out no upload session with this URL.",
            );
        };
        match method {
            "DELETE" => {
                self.sessions.remove(&number);
                Reply {
                    status: 204,
                    headers: Vec::new(),
                    body: Vec::new(),
                }
            }
            "GET" => session_status(200, session),
            "PUT" => {
                let Some((start, end, total)) = content_range.and_then(parse_content_range) else {
                    return super::graph_error(
                        400,
                        "invalidRequest",
                        "A slice needs a Content-Range header such as `bytes 0-327679/1048576`.",
                    );
                };
                let expected = session.data.len() as u64;
                if session.done || start != expected || session.total.is_some_and(|t| t != total) {
                    return super::graph_error(
                        416,
                        "invalidRange",
                        &format!(
                            "The slice does not start at the next expected byte ({expected}-)."
                        ),
                    );
                }
                if end < start || end - start + 1 != body.len() as u64 || end >= total {
                    return super::graph_error(
                        400,
                        "invalidRange",
                        "The slice's length does not match its Content-Range.",
                    );
                }
                session.total = Some(total);
                session.data.extend_from_slice(&body);
                if session.data.len() as u64 == total {
                    session.done = true;
                    let json = serde_json::json!({ "id": format!("replay-upload-{number}"), "size": total, "file": {} });
                    json_reply(201, &json)
                } else {
                    session_status(202, session)
                }
            }
            _ => super::graph_error(
                405,
                "invalidRequest",
                "An upload session accepts PUT, GET and DELETE.",
            ),
        }
    }
}

/// Put Blob: a whole block blob in one request.
fn put_blob(container: &mut Container, req: &BlobRequest<'_>) -> Reply {
    match req.header("x-ms-blob-type").as_deref() {
        Some("BlockBlob") => {
            let content_type = req
                .header("x-ms-blob-content-type")
                .or_else(|| req.header("content-type"));
            commit(
                container,
                req.container,
                req.name,
                req.body.clone(),
                content_type,
            );
            created()
        }
        Some(_) => azure_error(
            400,
            "InvalidHeaderValue",
            "The replay server stores block blobs only (x-ms-blob-type: BlockBlob).",
        ),
        None => azure_error(
            400,
            "MissingRequiredHeader",
            "Put Blob needs the header x-ms-blob-type: BlockBlob.",
        ),
    }
}

/// Put Block List: commits the listed blocks, in order, as the blob.
fn put_block_list(container: &mut Container, req: &BlobRequest<'_>) -> Reply {
    let Ok(xml) = std::str::from_utf8(&req.body) else {
        return azure_error(
            400,
            "InvalidXmlDocument",
            "The block list is not UTF-8 XML.",
        );
    };
    let mut data = Vec::new();
    for id in block_ids(xml) {
        match container.blocks.get(&(req.name.to_owned(), id.clone())) {
            Some(block) => data.extend_from_slice(block),
            None => {
                return azure_error(
                    400,
                    "InvalidBlockList",
                    &format!("Block `{id}` was never uploaded with Put Block."),
                )
            }
        }
    }
    container.blocks.retain(|(name, _), _| name != req.name);
    let content_type = req.header("x-ms-blob-content-type");
    commit(container, req.container, req.name, data, content_type);
    created()
}

/// The block ids in a `<BlockList>` document, in order (`<Latest>`, `<Uncommitted>` or `<Committed>`).
fn block_ids(xml: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if matches!(tag, "Latest" | "Uncommitted" | "Committed") {
            if let Some(end) = rest.find("</") {
                ids.push(rest[..end].trim().to_owned());
                rest = &rest[end..];
            }
        }
    }
    ids
}

/// Stores a committed blob.
fn commit(
    container: &mut Container,
    container_name: &str,
    name: &str,
    data: Vec<u8>,
    content_type: Option<String>,
) {
    let file = UploadedFile {
        container: container_name.to_owned(),
        name: name.to_owned(),
        data,
        content_type,
    };
    container.blobs.insert(name.to_owned(), file);
}

/// `bytes 0-99/1000` -> (0, 99, 1000).
fn parse_content_range(value: &str) -> Option<(u64, u64, u64)> {
    let range = value.trim().strip_prefix("bytes ")?;
    let (span, total) = range.split_once('/')?;
    let (start, end) = span.split_once('-')?;
    Some((
        start.trim().parse().ok()?,
        end.trim().parse().ok()?,
        total.trim().parse().ok()?,
    ))
}

/// An upload session's status body.
fn session_status(status: u16, session: &UploadSession) -> Reply {
    let json = serde_json::json!({
        "expirationDateTime": "2099-01-01T00:00:00Z",
        "nextExpectedRanges": [format!("{}-", session.data.len())],
    });
    json_reply(status, &json)
}

/// A JSON reply.
fn json_reply(status: u16, json: &serde_json::Value) -> Reply {
    Reply {
        status,
        headers: vec![("content-type", "application/json".to_owned())],
        body: json.to_string().into_bytes(),
    }
}

/// Azure Storage's 201 for a stored blob or block.
fn created() -> Reply {
    Reply {
        status: 201,
        headers: vec![
            ("etag", format!("\"0x{}\"", uuid::Uuid::new_v4().simple())),
            ("x-ms-request-id", uuid::Uuid::new_v4().to_string()),
            ("x-ms-version", "2021-08-06".to_owned()),
            ("x-ms-request-server-encrypted", "true".to_owned()),
        ],
        body: Vec::new(),
    }
}

/// An Azure Storage error: XML with Code and Message, and the `x-ms-error-code` header.
fn azure_error(status: u16, code: &str, message: &str) -> Reply {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{}</Message></Error>",
        message.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    );
    Reply {
        status,
        headers: vec![
            ("content-type", "application/xml".to_owned()),
            ("x-ms-error-code", code.to_owned()),
        ],
        body: body.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_lists_are_read_in_order() {
        let xml = "<?xml version=\"1.0\"?><BlockList><Latest>AAA=</Latest><Uncommitted>BBB=</Uncommitted></BlockList>";
        assert_eq!(block_ids(xml), ["AAA=", "BBB="]);
    }

    #[test]
    fn content_ranges_parse() {
        assert_eq!(parse_content_range("bytes 0-9/20"), Some((0, 9, 20)));
        assert_eq!(parse_content_range("bytes */20"), None);
    }
}
