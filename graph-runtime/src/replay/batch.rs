//! `POST /$batch` on the replay server: each request of the batch is answered as it would be alone (from the
//! examples, or by the blob and upload-session emulation), in `dependsOn` order, and a request whose dependency
//! failed is answered `424 Failed Dependency`, as Graph does. Every item is recorded like a request of its own.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::{graph_error, RecordedRequest, Reply, Shared};
use crate::batch::{is_json, MAX_PER_POST};

/// Whether `path` is the `$batch` endpoint (with or without a version, `$` as is or encoded).
pub(super) fn is_batch_path(path: &str) -> bool {
    let path = path
        .strip_prefix("/v1.0")
        .or_else(|| path.strip_prefix("/beta"))
        .unwrap_or(path);
    path == "/$batch" || path.eq_ignore_ascii_case("/%24batch")
}

/// One request of the POST, as read.
#[derive(Debug)]
struct Item {
    id: String,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    depends_on: Vec<String>,
}

/// The answer to a `$batch` POST: `{"responses": [...]}` in the order of the requests, or a 400 for a batch that
/// cannot be read.
pub(super) fn answer(shared: &Shared, body: &[u8]) -> Reply {
    let items = match read(body) {
        Ok(items) => items,
        Err(message) => return graph_error(400, "BadRequest", &message),
    };
    let mut statuses: BTreeMap<String, u16> = BTreeMap::new();
    let mut responses: BTreeMap<String, Value> = BTreeMap::new();
    let mut waiting: Vec<&Item> = items.iter().collect();
    while !waiting.is_empty() {
        let ready = waiting
            .iter()
            .position(|item| item.depends_on.iter().all(|d| statuses.contains_key(d)));
        let Some(at) = ready else {
            for item in waiting.drain(..) {
                let message = "dependsOn names a request that is not in the batch, or a cycle";
                responses.insert(
                    item.id.clone(),
                    item_response(&item.id, graph_error(400, "BadRequest", message)),
                );
            }
            break;
        };
        let item = waiting.remove(at);
        let failed = item
            .depends_on
            .iter()
            .find(|d| statuses.get(*d).is_some_and(|s| !(200..300).contains(s)));
        let reply = match failed {
            Some(dependency) => {
                let message = format!("The request depends on request {dependency}, which failed.");
                graph_error(424, "FailedDependency", &message)
            }
            None => serve_item(shared, item),
        };
        statuses.insert(item.id.clone(), reply.status);
        responses.insert(item.id.clone(), item_response(&item.id, reply));
    }
    let ordered: Vec<Value> = items
        .iter()
        .filter_map(|item| responses.remove(&item.id))
        .collect();
    Reply {
        status: 200,
        headers: vec![("content-type", "application/json".to_owned())],
        body: serde_json::json!({ "responses": ordered })
            .to_string()
            .into_bytes(),
    }
}

/// Reads the POST's requests; the message says what is wrong with a batch that cannot be answered.
fn read(body: &[u8]) -> Result<Vec<Item>, String> {
    let json: Value =
        serde_json::from_slice(body).map_err(|e| format!("The $batch body is not JSON: {e}."))?;
    let requests = json
        .get("requests")
        .and_then(Value::as_array)
        .ok_or("The $batch body has no `requests` array.")?;
    if requests.len() > MAX_PER_POST {
        return Err(format!(
            "The $batch holds {} requests; at most {MAX_PER_POST} are allowed.",
            requests.len()
        ));
    }
    let mut items = Vec::with_capacity(requests.len());
    for (n, request) in requests.iter().enumerate() {
        let text = |key: &str| request.get(key).and_then(Value::as_str).map(str::to_owned);
        let (Some(id), Some(method), Some(url)) = (text("id"), text("method"), text("url")) else {
            return Err(format!(
                "Request {} of the $batch lacks its id, method or url.",
                n + 1
            ));
        };
        if items.iter().any(|i: &Item| i.id == id) {
            return Err(format!("The $batch holds two requests with the id `{id}`."));
        }
        let headers: Vec<(String, String)> = request
            .get("headers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .map(|(k, v)| {
                        (
                            k.to_ascii_lowercase(),
                            v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let content_type = headers
            .iter()
            .find(|(k, _)| k == "content-type")
            .map(|(_, v)| v.as_str());
        let body = match (request.get("body"), content_type) {
            (None | Some(Value::Null), _) => Vec::new(),
            (Some(Value::String(text)), Some(kind)) if !is_json(kind) => {
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .map_err(|e| {
                        format!(
                            "Request `{id}`'s body is not base64 ({e}), as a {kind} body must be."
                        )
                    })?
            }
            (Some(value), _) => value.to_string().into_bytes(),
        };
        let depends_on = request
            .get("dependsOn")
            .and_then(Value::as_array)
            .map(|d| {
                d.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        items.push(Item {
            id,
            method: method.to_ascii_uppercase(),
            url,
            headers,
            body,
            depends_on,
        });
    }
    Ok(items)
}

/// Answers one item as a request of its own, and records it.
fn serve_item(shared: &Shared, item: &Item) -> Reply {
    let url = if item.url.starts_with('/') {
        item.url.clone()
    } else {
        format!("/{}", item.url)
    };
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query)),
        None => (url.clone(), None),
    };
    let (reply, served_by, closest) = super::answer(
        shared,
        &item.method,
        &path,
        query,
        &item.headers,
        &item.body,
    );
    let record = RecordedRequest {
        method: item.method.clone(),
        target: url.clone(),
        headers: item.headers.clone(),
        body: item.body.clone(),
        status: reply.status,
        served_by,
        closest,
    };
    super::record_request(shared, record);
    reply
}

/// An item's entry in `responses`: its headers, and its body as JSON or (other content types) base64 text.
fn item_response(id: &str, reply: Reply) -> Value {
    let mut headers = Map::new();
    for (name, value) in &reply.headers {
        headers.insert((*name).to_owned(), Value::String(value.clone()));
    }
    let json = reply
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .is_none_or(|(_, v)| is_json(v));
    let mut response = serde_json::json!({ "id": id, "status": reply.status, "headers": headers });
    if !reply.body.is_empty() {
        let body = match serde_json::from_slice::<Value>(&reply.body) {
            Ok(value) if json => value,
            _ => Value::String(base64::engine::general_purpose::STANDARD.encode(&reply.body)),
        };
        response["body"] = body;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_paths_are_recognised() {
        for path in ["/$batch", "/v1.0/$batch", "/beta/$batch", "/v1.0/%24batch"] {
            assert!(is_batch_path(path), "{path}");
        }
        assert!(!is_batch_path("/users/$batch/x"));
    }

    #[test]
    fn unreadable_batches_say_why() {
        assert!(read(b"[]").unwrap_err().contains("requests"));
        let too_many: Vec<Value> = (0..21)
            .map(|i| serde_json::json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
            .collect();
        let body = serde_json::json!({ "requests": too_many }).to_string();
        assert!(read(body.as_bytes()).unwrap_err().contains("at most 20"));
        let binary = r#"{"requests":[{"id":"1","method":"PUT","url":"/x","headers":{"Content-Type":"image/png"},"body":"AAEC"}]}"#;
        assert_eq!(read(binary.as_bytes()).unwrap()[0].body, vec![0, 1, 2]);
    }
}
