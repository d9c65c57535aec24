//! Responses: the raw response the core path returns, and the thin generic layer that decodes it
//! ([`FromResponse`], [`Pending`]).

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::request::Operation;

/// The future [`Client::execute`](crate::Client::execute) returns: `'static`, `Send`, and resolved once the whole
/// body is read (after retries).
pub type ResponseFuture =
    Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'static>>;

/// A successful (2xx) response, body read in full. Error statuses never get here: they become [`Error`]s.
#[derive(Clone)]
pub struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) operation: &'static Operation,
}

impl RawResponse {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body, by value.
    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// The operation this response answers.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// Graph's `request-id` header (quote it to support).
    pub fn request_id(&self) -> Option<&str> {
        self.header("request-id")
    }

    /// The `client-request-id` the client sent and Graph echoed.
    pub fn client_request_id(&self) -> Option<&str> {
        self.header("client-request-id")
    }

    /// Decodes the body as JSON. On failure the error keeps the raw bytes and the path where decoding failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode_json(self.operation, self.status.as_u16(), &self.body)
    }
}

/// Decodes `body` as `T`, reporting the JSON path of the failure.
pub(crate) fn decode_json<T: DeserializeOwned>(
    operation: &'static Operation,
    status: u16,
    body: &Bytes,
) -> Result<T, Error> {
    // The fast path; only on failure is the body decoded again, tracking the path for the error.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let decode_error = |path: String, message: String| Error::Decode {
        operation,
        status,
        body: body.clone(),
        path,
        message,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| decode_error(e.path().to_string(), e.inner().to_string()))?;
    de.end()
        .map_err(|e| decode_error(".".to_owned(), e.to_string()))?;
    Ok(value)
}

/// Turns a successful raw response into a typed result. Generated models get this through the `model` module.
pub trait FromResponse: Sized {
    /// Decodes the response.
    fn from_response(raw: RawResponse) -> Result<Self, Error>;
}

/// Any 2xx; the body (usually empty, `204 No Content`) is ignored.
impl FromResponse for () {
    fn from_response(_raw: RawResponse) -> Result<Self, Error> {
        Ok(())
    }
}

/// The raw body.
impl FromResponse for Bytes {
    fn from_response(raw: RawResponse) -> Result<Self, Error> {
        Ok(raw.body)
    }
}

/// Any JSON.
impl FromResponse for serde_json::Value {
    fn from_response(raw: RawResponse) -> Result<Self, Error> {
        raw.json()
    }
}

/// A body the service sends only when asked (`Prefer: return=representation` on an update that otherwise answers
/// `204 No Content`): `None` for a `204` or an empty body, else the decoded value.
impl<T: FromResponse> FromResponse for Option<T> {
    fn from_response(raw: RawResponse) -> Result<Self, Error> {
        if raw.status == StatusCode::NO_CONTENT || raw.body.is_empty() {
            return Ok(None);
        }
        T::from_response(raw).map(Some)
    }
}

/// The response as it is.
impl FromResponse for RawResponse {
    fn from_response(raw: RawResponse) -> Result<Self, Error> {
        Ok(raw)
    }
}

/// A `202 Accepted` answer to a long-running operation: where to poll, and the other headers.
#[derive(Clone)]
pub struct Accepted {
    /// The URL to poll for the operation's status: the `Operation-Location` header (OneNote's copies), or else
    /// `Location` (driveItem copies, Teams, and most others).
    pub location: Option<String>,
    /// `Retry-After`, in seconds, when Graph suggests a polling interval.
    pub retry_after: Option<u64>,
    /// All response headers.
    pub headers: HeaderMap,
    /// The body, usually empty.
    pub body: Bytes,
    /// The request that started the operation (named by errors while it is awaited).
    pub operation: &'static Operation,
}

impl FromResponse for Accepted {
    fn from_response(raw: RawResponse) -> Result<Self, Error> {
        Ok(Accepted {
            location: raw
                .header("operation-location")
                .or_else(|| raw.header("location"))
                .map(str::to_owned),
            retry_after: raw
                .header("retry-after")
                .and_then(|v| v.trim().parse().ok()),
            headers: raw.headers,
            body: raw.body,
            operation: raw.operation,
        })
    }
}

/// A request on its way: awaits the response and decodes it as `T`.
///
/// `Send` and `Unpin` whatever `T` is.
#[must_use = "a Pending request does nothing unless awaited"]
pub struct Pending<T> {
    future: ResponseFuture,
    _decode: PhantomData<fn() -> T>,
}

impl<T> Pending<T> {
    /// Wraps the future of [`Client::execute`](crate::Client::execute).
    pub fn new(future: ResponseFuture) -> Self {
        Pending {
            future,
            _decode: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("output", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T: FromResponse> Future for Pending<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future
            .as_mut()
            .poll(cx)
            .map(|r| r.and_then(T::from_response))
    }
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("operation", &self.operation.name)
            .finish()
    }
}

impl std::fmt::Debug for Accepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accepted")
            .field("location", &self.location.as_deref().map(redacted_location))
            .field("retry_after", &self.retry_after)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("operation", &self.operation.name)
            .finish()
    }
}

/// Response headers for Debug output. A `Location` or `Operation-Location` can be a pre-authenticated URL (a
/// driveItem copy's monitor), so those show only where they point (see [`redacted_location`]).
struct RedactedHeaders<'a>(&'a HeaderMap);

impl std::fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if matches!(
                name.as_str(),
                "location" | "operation-location" | "content-location"
            ) {
                map.entry(
                    &name,
                    &value
                        .to_str()
                        .map_or_else(|_| "<redacted>".to_owned(), redacted_location),
                );
            } else {
                map.entry(&name, value);
            }
        }
        map.finish()
    }
}

/// A location for Debug output: an absolute URL as its origin only (`https://host/<redacted>`: a monitor URL's
/// path and query can be its credential), a path without its query.
fn redacted_location(location: &str) -> String {
    match url::Url::parse(location) {
        Ok(url) => format!("{}/<redacted>", url.origin().ascii_serialization()),
        Err(_) => location.split('?').next().unwrap_or_default().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Accepted, RawResponse};
    use http::{HeaderMap, HeaderValue, StatusCode};

    static COPY: crate::Operation = crate::Operation {
        name: "copy",
        method: crate::Method::Post,
        path_template: "/me/drive/items/{item-id}/copy",
        path: "/me/drive/items/{0}/copy",
        source: "api/driveitem-copy.md:20",
        permissions: crate::Permissions {
            delegated_work: crate::Scopes::NotStated,
            delegated_personal: crate::Scopes::NotStated,
            application: crate::Scopes::NotStated,
        },
    };

    #[test]
    fn a_pre_authenticated_monitor_url_is_not_in_debug_output() {
        let secret = "https://api.onedrive.example/monitor/4A3407B5?sig=s3cr3t";
        let mut headers = HeaderMap::new();
        headers.insert("location", HeaderValue::from_static(secret));
        headers.insert("retry-after", HeaderValue::from_static("5"));
        let raw = RawResponse {
            status: StatusCode::ACCEPTED,
            headers: headers.clone(),
            body: bytes::Bytes::new(),
            operation: &COPY,
        };
        let accepted = Accepted {
            location: Some(secret.to_owned()),
            retry_after: Some(5),
            headers,
            body: bytes::Bytes::new(),
            operation: &COPY,
        };
        for debug in [format!("{raw:?}"), format!("{accepted:?}")] {
            assert!(
                !debug.contains("sig=") && !debug.contains("4A3407B5"),
                "{debug}"
            );
            assert!(
                debug.contains("https://api.onedrive.example/<redacted>"),
                "{debug}"
            );
            assert!(debug.contains("retry-after"), "{debug}");
        }
        let teams = Accepted {
            location: Some("/teams/t1/operations/op1?x=1".to_owned()),
            ..accepted
        };
        assert!(format!("{teams:?}").contains("\"/teams/t1/operations/op1\""));
    }
}
