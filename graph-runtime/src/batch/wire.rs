//! The JSON of a `$batch` POST and of its answer, as Graph's JSON batching documents them: each request an `id`,
//! `method`, `url` relative to the version (`/users/x?$select=id`), `headers`, `body` (JSON, or base64 text for
//! binary content) and `dependsOn`; each response an `id`, `status`, `headers` and `body`.

use base64::Engine as _;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::request::{Body, Operation, RequestSpec};
use crate::response::RawResponse;

/// The POST body.
#[derive(Debug, Serialize)]
pub(super) struct BatchRequest {
    /// The requests, in the order added.
    pub requests: Vec<WireRequest>,
}

/// One request of a POST.
#[derive(Debug, Serialize)]
pub(super) struct WireRequest {
    pub id: String,
    pub method: &'static str,
    pub url: String,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub headers: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}

/// The answer to a POST.
#[derive(Debug, Deserialize)]
pub(super) struct BatchResponse {
    /// One response per request, in any order.
    pub responses: Vec<WireResponse>,
}

/// One response of the answer.
#[derive(Debug, Deserialize)]
pub(super) struct WireResponse {
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub headers: Map<String, Value>,
    #[serde(default)]
    pub body: Option<Value>,
}

/// Whether a content type is JSON (`application/json`, `...+json`, with parameters).
pub(crate) fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// A request of the batch as JSON: `url` is `relative` (the path and query after the version); a JSON body is
/// embedded as JSON, any other body as base64 text with its `Content-Type`.
pub(super) fn encode(
    spec: &RequestSpec,
    id: String,
    relative: String,
    depends_on: Vec<String>,
) -> Result<WireRequest, String> {
    let mut headers = Map::new();
    for (name, value) in &spec.headers {
        if name.eq_ignore_ascii_case("authorization") {
            return Err("it sets an Authorization header; the batch's POST carries the client's token for every request".to_owned());
        }
        headers.insert(name.to_string(), Value::String(value.clone()));
    }
    let mut content_type = |value: &str| {
        if !headers
            .keys()
            .any(|k| k.eq_ignore_ascii_case("content-type"))
        {
            headers.insert("Content-Type".to_owned(), Value::String(value.to_owned()));
        }
    };
    let body = match &spec.body {
        Body::Empty => None,
        Body::Json(bytes) => {
            content_type("application/json");
            Some(
                serde_json::from_slice(bytes)
                    .map_err(|e| format!("its JSON body is not JSON ({e})"))?,
            )
        }
        Body::Bytes {
            data,
            content_type: kind,
        } => {
            content_type(kind);
            let json = is_json(kind)
                .then(|| serde_json::from_slice::<Value>(data).ok())
                .flatten();
            Some(json.unwrap_or_else(|| {
                Value::String(base64::engine::general_purpose::STANDARD.encode(data))
            }))
        }
    };
    Ok(WireRequest {
        id,
        method: spec.operation.method.as_str(),
        url: relative,
        headers,
        body,
        depends_on,
    })
}

/// A response of the batch as the [`RawResponse`] the request would have had alone: a JSON body as JSON bytes, a
/// text body of another content type decoded from base64 (as Graph sends binary content).
pub(super) fn decode(
    response: WireResponse,
    operation: &'static Operation,
) -> (StatusCode, RawResponse) {
    let mut headers = HeaderMap::with_capacity(response.headers.len());
    for (name, value) in &response.headers {
        let text = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(text),
        ) {
            headers.append(name, value);
        }
    }
    let json = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(is_json);
    let body = match response.body {
        None | Some(Value::Null) => Bytes::new(),
        Some(Value::String(text)) if !json => {
            match base64::engine::general_purpose::STANDARD.decode(text.as_bytes()) {
                Ok(bytes) => Bytes::from(bytes),
                Err(_) => Bytes::from(text),
            }
        }
        Some(value) => Bytes::from(value.to_string()),
    };
    let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let raw = RawResponse {
        status,
        headers,
        body,
        operation,
    };
    (status, raw)
}
