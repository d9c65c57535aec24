//! Conformance of generated code against doc examples: the driver behind the generated conformance tests (macro
//! option `examples: true`).
//!
//! For each example the generator emits a [`Case`]: a typed call built from the example's values (keys from the URL,
//! query parameters as setters, the body as the typed model) that returns the typed response serialized again, or
//! the reason it cannot build one; and the page's typed decoder, which checks the response of an example whose
//! request cannot be reproduced. [`run`] serves each example alone on a [`ReplayServer`], makes the call through a
//! real [`Client`], and checks, over the wire:
//!
//! * the request: method, path (decoded segments, host and version prefix dropped), query (decoded pairs, in any
//!   order) and body (as JSON values) must equal the example's exactly; keys are not generalised here;
//! * the response: the typed value, serialized again, must equal the example's body as a JSON value: nothing lost,
//!   changed or added.
//!
//! The [`Report`] counts both, and lists every example that does not conform with its reason.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde_json::Value;

use super::matching::Target;
use super::{RecordedRequest, ReplayServer};
use crate::client::Client;
use crate::example::DocExample;
use crate::retry::RetryConfig;

/// The future a generated call returns: the typed response, serialized again (`Value::Null` for no content), or the
/// call's error (a [`crate::Error`], or the serializer's).
pub type CallFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, CallError>> + Send + 'a>>;

/// A failed call's error.
pub type CallError = Box<dyn std::error::Error + Send + Sync>;

/// A generated call: the typed API invoked with one example's values.
pub type Call = for<'a> fn(&'a Client) -> CallFuture<'a>;

/// A generated decoder: a response body decoded into the operation's typed response and serialized again.
pub type Decode = fn(&str) -> Result<Value, CallError>;

/// One example's conformance case, as the generator emits it.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The example's index in `EXAMPLES`.
    pub example: usize,
    /// The call, or why the generator cannot reproduce the example (`"no request line matches the URL"`).
    pub call: Result<Call, &'static str>,
    /// The page's typed response decoder, used for the response when there is no call; `None` when the operation
    /// is not known or returns no JSON.
    pub decode: Option<Decode>,
    /// Whether the example's request block is annotated (`<!-- { "blockType": "request", ... } -->`); the
    /// conformance targets count annotated examples.
    pub annotated: bool,
}

/// How a request sent by generated code differs from its example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestDiff {
    /// The generator could not build the call.
    NotGenerated {
        /// Its reason.
        reason: &'static str,
    },
    /// The example's request block has no method or URL.
    EmptyExample,
    /// The call sent no request (it failed before sending, or timed out).
    NotSent {
        /// What happened.
        error: String,
    },
    /// Different method.
    Method {
        /// The example's.
        expected: String,
        /// The one sent.
        actual: String,
    },
    /// Different path (decoded segments).
    Path {
        /// The example's.
        expected: String,
        /// The one sent.
        actual: String,
    },
    /// The same path but for letter case (the service accepts it; the page's request line and example disagree).
    PathCase {
        /// The example's.
        expected: String,
        /// The one sent.
        actual: String,
    },
    /// Different query pairs.
    Query {
        /// The example's, decoded and sorted.
        expected: Vec<(String, String)>,
        /// The ones sent, decoded and sorted.
        actual: Vec<(String, String)>,
    },
    /// The example's body is not JSON (comments, `...`, placeholders), so a typed body cannot equal it.
    ExampleBodyNotJson {
        /// What the JSON parser said.
        error: String,
    },
    /// Different bodies.
    Body {
        /// Where they first differ.
        difference: JsonDiff,
    },
}

impl RequestDiff {
    /// A short category, for counting by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            RequestDiff::NotGenerated { reason } => reason,
            RequestDiff::EmptyExample => "empty example request",
            RequestDiff::NotSent { .. } => "no request sent",
            RequestDiff::Method { .. } => "method differs",
            RequestDiff::Path { .. } => "path differs",
            RequestDiff::PathCase { .. } => "path differs in letter case only",
            RequestDiff::Query { .. } => "query differs",
            RequestDiff::ExampleBodyNotJson { .. } => "example request body is not JSON",
            RequestDiff::Body { .. } => "body differs",
        }
    }
}

impl std::fmt::Display for RequestDiff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestDiff::NotGenerated { reason } => write!(f, "not generated: {reason}"),
            RequestDiff::EmptyExample => f.write_str("the example's request block is empty"),
            RequestDiff::NotSent { error } => write!(f, "no request was sent: {error}"),
            RequestDiff::Method { expected, actual } => {
                write!(f, "method: example {expected}, sent {actual}")
            }
            RequestDiff::Path { expected, actual } | RequestDiff::PathCase { expected, actual } => {
                write!(f, "path: example {expected}, sent {actual}")
            }
            RequestDiff::Query { expected, actual } => {
                write!(f, "query: example {expected:?}, sent {actual:?}")
            }
            RequestDiff::ExampleBodyNotJson { error } => {
                write!(f, "the example's body is not JSON: {error}")
            }
            RequestDiff::Body { difference } => write!(f, "body: {difference}"),
        }
    }
}

impl std::error::Error for RequestDiff {}

/// Where two JSON values first differ, as a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonDiff {
    /// The example has a member or element the other side lacks.
    Missing {
        /// JSON pointer (`/value/0/displayName`).
        pointer: String,
    },
    /// The other side has a member or element the example lacks.
    Added {
        /// JSON pointer.
        pointer: String,
    },
    /// Both have it, with different values.
    Changed {
        /// JSON pointer.
        pointer: String,
        /// The example's value.
        expected: String,
        /// The other value.
        actual: String,
    },
}

impl std::fmt::Display for JsonDiff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonDiff::Missing { pointer } => write!(f, "`{pointer}` is missing"),
            JsonDiff::Added { pointer } => write!(f, "`{pointer}` was added"),
            JsonDiff::Changed {
                pointer,
                expected,
                actual,
            } => {
                write!(f, "`{pointer}` is {actual}, the example has {expected}")
            }
        }
    }
}

/// How a decoded and re-serialized response differs from its example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseDiff {
    /// The call was not made (not generated, or the case names no example).
    NotRun,
    /// The example has no response.
    NoResponse,
    /// The example's response is an error status; it is not decoded into the typed response.
    ErrorStatus {
        /// The status.
        status: u16,
    },
    /// The example's response is a redirect (reports answer `302` to a download URL); there is no body to decode.
    Redirect {
        /// The status.
        status: u16,
    },
    /// The call failed (the request did not reach the example, or the body did not decode).
    CallFailed {
        /// The error.
        error: String,
    },
    /// The example's body is not JSON (truncated with `...`, comments, placeholders).
    ExampleBodyNotJson {
        /// What the JSON parser said.
        error: String,
    },
    /// The round trip lost, changed or added something.
    RoundTrip {
        /// Where.
        difference: JsonDiff,
    },
}

impl ResponseDiff {
    /// A short category, for counting by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            ResponseDiff::NotRun => "call not made",
            ResponseDiff::NoResponse => "no example response",
            ResponseDiff::ErrorStatus { .. } => "example response is an error",
            ResponseDiff::Redirect { .. } => "example response is a redirect",
            ResponseDiff::CallFailed { .. } => "call failed",
            ResponseDiff::ExampleBodyNotJson { .. } => "example response body is not JSON",
            ResponseDiff::RoundTrip {
                difference: JsonDiff::Missing { .. },
            } => "round trip lost a member",
            ResponseDiff::RoundTrip {
                difference: JsonDiff::Added { .. },
            } => "round trip added a member",
            ResponseDiff::RoundTrip {
                difference: JsonDiff::Changed { .. },
            } => "round trip changed a value",
        }
    }
}

impl std::fmt::Display for ResponseDiff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResponseDiff::NotRun => f.write_str("the call was not made"),
            ResponseDiff::NoResponse => f.write_str("the example has no response"),
            ResponseDiff::Redirect { status } => {
                write!(f, "the example's response is a redirect ({status})")
            }
            ResponseDiff::ErrorStatus { status } => {
                write!(f, "the example's response is an error ({status})")
            }
            ResponseDiff::CallFailed { error } => write!(f, "the call failed: {error}"),
            ResponseDiff::ExampleBodyNotJson { error } => {
                write!(f, "the example's response body is not JSON: {error}")
            }
            ResponseDiff::RoundTrip { difference } => {
                write!(f, "decoded and re-serialized: {difference}")
            }
        }
    }
}

impl std::error::Error for ResponseDiff {}

/// One example's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The example's page and line.
    pub source: &'static str,
    /// Whether its request block is annotated.
    pub annotated: bool,
    /// Whether the request was reproduced exactly.
    pub request: Result<(), RequestDiff>,
    /// Whether the response round-tripped.
    pub response: Result<(), ResponseDiff>,
}

/// Every outcome, with counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One per case, in case order.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// The outcomes of annotated examples only (the ones the conformance targets count).
    pub fn annotated(&self) -> Report {
        Report {
            outcomes: self
                .outcomes
                .iter()
                .filter(|o| o.annotated)
                .cloned()
                .collect(),
        }
    }

    /// Examples whose request was reproduced exactly.
    pub fn requests_reproduced(&self) -> usize {
        self.outcomes.iter().filter(|o| o.request.is_ok()).count()
    }

    /// Examples whose response decoded and re-serialized with nothing lost.
    pub fn responses_round_tripped(&self) -> usize {
        self.outcomes.iter().filter(|o| o.response.is_ok()).count()
    }

    /// Requests not reproduced, counted by reason.
    pub fn request_reasons(&self) -> BTreeMap<&'static str, usize> {
        count(
            self.outcomes
                .iter()
                .filter_map(|o| o.request.as_ref().err().map(RequestDiff::reason)),
        )
    }

    /// Responses not round-tripped, counted by reason.
    pub fn response_reasons(&self) -> BTreeMap<&'static str, usize> {
        count(
            self.outcomes
                .iter()
                .filter_map(|o| o.response.as_ref().err().map(ResponseDiff::reason)),
        )
    }
}

/// Counts equal items.
fn count(items: impl Iterator<Item = &'static str>) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    counts
}

impl std::fmt::Display for Report {
    /// The counts per reason, then one line per example that does not conform.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total = self.outcomes.len();
        let annotated = self.annotated();
        let annotated_total = annotated.outcomes.len();
        let (requests, annotated_requests) =
            (self.requests_reproduced(), annotated.requests_reproduced());
        writeln!(
            f,
            "requests reproduced exactly: {requests} of {total} (annotated: {annotated_requests} of {annotated_total})"
        )?;
        for (reason, n) in self.request_reasons() {
            writeln!(f, "  {n:5}  {reason}")?;
        }
        let (responses, annotated_responses) = (
            self.responses_round_tripped(),
            annotated.responses_round_tripped(),
        );
        writeln!(
            f,
            "responses round-tripped: {responses} of {total} (annotated: {annotated_responses} of {annotated_total})"
        )?;
        for (reason, n) in self.response_reasons() {
            writeln!(f, "  {n:5}  {reason}")?;
        }
        for outcome in &self.outcomes {
            if let Err(diff) = &outcome.request {
                writeln!(f, "{}: request: {diff}", outcome.source)?;
            }
            if let Err(diff) = &outcome.response {
                writeln!(f, "{}: response: {diff}", outcome.source)?;
            }
        }
        Ok(())
    }
}

/// How long one call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs every case: each example is served alone, exactly as written (no URL rewritten), on a fresh
/// [`ReplayServer`]; the call goes through a real [`Client`] (no retries), and the request that arrived and the value
/// returned are checked against the example.
/// Fails only when a server or client cannot be set up.
pub async fn run(examples: &'static [DocExample], cases: &[Case]) -> std::io::Result<Report> {
    let mut report = Report::default();
    for case in cases {
        let (source, request, response) = match examples.get(case.example) {
            None => {
                let request = Err(RequestDiff::NotGenerated {
                    reason: "the case names no example",
                });
                ("(no such example)", request, Err(ResponseDiff::NotRun))
            }
            Some(example) => match case.call {
                Err(reason) => {
                    let request = Err(RequestDiff::NotGenerated { reason });
                    (example.source, request, decode_only(example, case.decode))
                }
                Ok(call) => {
                    let (request, response) = run_one(example, call).await?;
                    (example.source, request, response)
                }
            },
        };
        report.outcomes.push(Outcome {
            source,
            annotated: case.annotated,
            request,
            response,
        });
    }
    Ok(report)
}

/// The check results of one example.
type Checked = (Result<(), RequestDiff>, Result<(), ResponseDiff>);

/// Serves one example, makes its call and checks both sides.
async fn run_one(example: &'static DocExample, call: Call) -> std::io::Result<Checked> {
    let server = ReplayServer::start_serving(std::slice::from_ref(example), false).await?;
    let client = Client::builder()
        .base_url(server.base_url())
        .retry(RetryConfig::none())
        .build()
        .map_err(std::io::Error::other)?;
    let result = match tokio::time::timeout(CALL_TIMEOUT, call(&client)).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err(format!("no answer within {CALL_TIMEOUT:?}")),
    };
    let sent = server.requests().into_iter().next();
    server.shutdown().await;
    let request = match (&sent, &result) {
        (Some(sent), _) => check_request(example, sent),
        (None, Err(error)) => Err(RequestDiff::NotSent {
            error: error.clone(),
        }),
        (None, Ok(_)) => Err(RequestDiff::NotSent {
            error: "the call returned without a request".to_owned(),
        }),
    };
    let response = match example.response {
        None => Err(ResponseDiff::NoResponse),
        Some(r) => match (status_diff(r.status), result) {
            (Some(diff), _) => Err(diff),
            (None, Err(error)) => match r.body.map(str::trim).filter(|b| !b.is_empty()) {
                Some(body) => match serde_json::from_str::<Value>(body) {
                    Err(e) => Err(ResponseDiff::ExampleBodyNotJson {
                        error: e.to_string(),
                    }),
                    Ok(_) => Err(ResponseDiff::CallFailed { error }),
                },
                None => Err(ResponseDiff::CallFailed { error }),
            },
            (None, Ok(value)) => check_response(example, &value),
        },
    };
    Ok((request, response))
}

/// Why a response with this status is not decoded: an error or a redirect.
fn status_diff(status: u16) -> Option<ResponseDiff> {
    match status {
        300..=399 => Some(ResponseDiff::Redirect { status }),
        400.. => Some(ResponseDiff::ErrorStatus { status }),
        _ => None,
    }
}

/// The response check of an example without a call: its body through the page's decoder.
fn decode_only(example: &DocExample, decode: Option<Decode>) -> Result<(), ResponseDiff> {
    let response = example.response.ok_or(ResponseDiff::NoResponse)?;
    if let Some(diff) = status_diff(response.status) {
        return Err(diff);
    }
    let body = response.body.map(str::trim).filter(|b| !b.is_empty());
    let (Some(decode), Some(body)) = (decode, body) else {
        return Err(ResponseDiff::NotRun);
    };
    serde_json::from_str::<Value>(body).map_err(|e| ResponseDiff::ExampleBodyNotJson {
        error: e.to_string(),
    })?;
    match decode(body) {
        Ok(value) => check_response(example, &value),
        Err(error) => Err(ResponseDiff::CallFailed {
            error: error.to_string(),
        }),
    }
}

/// Checks a request as it arrived against its example, exactly (no keys generalised).
pub fn check_request(example: &DocExample, sent: &RecordedRequest) -> Result<(), RequestDiff> {
    let url = example.request.url.trim();
    let method = example.request.method.trim();
    if url.is_empty() || method.is_empty() {
        return Err(RequestDiff::EmptyExample);
    }
    if !method.eq_ignore_ascii_case(&sent.method) {
        return Err(RequestDiff::Method {
            expected: method.to_ascii_uppercase(),
            actual: sent.method.clone(),
        });
    }
    let expected = Target::from_example(url);
    let actual = match sent.target.split_once('?') {
        Some((path, query)) => Target::from_wire(path, Some(query)),
        None => Target::from_wire(&sent.target, None),
    };
    let (expected_path, actual_path) = (expected.path(), actual.path());
    if expected_path != actual_path {
        return Err(if expected_path.eq_ignore_ascii_case(&actual_path) {
            RequestDiff::PathCase {
                expected: expected_path,
                actual: actual_path,
            }
        } else {
            RequestDiff::Path {
                expected: expected_path,
                actual: actual_path,
            }
        });
    }
    if expected.query != actual.query {
        return Err(RequestDiff::Query {
            expected: expected.query,
            actual: actual.query,
        });
    }
    check_request_body(example.request.body, &sent.body)
}

/// Compares bodies: as JSON values when the example's is JSON-shaped, else as trimmed text.
fn check_request_body(expected: Option<&str>, actual: &[u8]) -> Result<(), RequestDiff> {
    let actual = actual.trim_ascii();
    let Some(expected) = expected.map(str::trim).filter(|b| !b.is_empty()) else {
        return match actual.is_empty() {
            true => Ok(()),
            false => Err(RequestDiff::Body {
                difference: JsonDiff::Added {
                    pointer: String::new(),
                },
            }),
        };
    };
    if !(expected.starts_with('{') || expected.starts_with('[')) {
        return match expected.as_bytes() == actual {
            true => Ok(()),
            false => Err(RequestDiff::Body {
                difference: JsonDiff::Changed {
                    pointer: String::new(),
                    expected: expected.to_owned(),
                    actual: String::from_utf8_lossy(actual).into_owned(),
                },
            }),
        };
    }
    let expected: Value =
        serde_json::from_str(expected).map_err(|e| RequestDiff::ExampleBodyNotJson {
            error: e.to_string(),
        })?;
    match serde_json::from_slice::<Value>(actual) {
        Err(_) => Err(RequestDiff::Body {
            difference: JsonDiff::Missing {
                pointer: String::new(),
            },
        }),
        Ok(actual) => json_diff(&expected, &actual)
            .map_or(Ok(()), |difference| Err(RequestDiff::Body { difference })),
    }
}

/// Checks that the example's response, decoded into the typed response and serialized again (`reserialized`), is
/// the example's body as a JSON value. No body and `Value::Null` (no content) agree; a primitive result is compared
/// with the `value` member OData wraps it in (the wrapper's `@odata.*` annotations are not data).
pub fn check_response(example: &DocExample, reserialized: &Value) -> Result<(), ResponseDiff> {
    let response = example.response.ok_or(ResponseDiff::NoResponse)?;
    let Some(body) = response.body.map(str::trim).filter(|b| !b.is_empty()) else {
        return match reserialized {
            Value::Null => Ok(()),
            _ => Err(ResponseDiff::RoundTrip {
                difference: JsonDiff::Added {
                    pointer: String::new(),
                },
            }),
        };
    };
    let expected: Value =
        serde_json::from_str(body).map_err(|e| ResponseDiff::ExampleBodyNotJson {
            error: e.to_string(),
        })?;
    let primitive = matches!(
        reserialized,
        Value::Bool(_) | Value::Number(_) | Value::String(_)
    );
    let expected = match &expected {
        Value::Object(wrapper)
            if primitive
                && wrapper
                    .keys()
                    .filter(|k| !k.starts_with('@'))
                    .eq(["value"].iter()) =>
        {
            wrapper.get("value").cloned().unwrap_or(Value::Null)
        }
        _ => expected,
    };
    json_diff(&expected, reserialized).map_or(Ok(()), |difference| {
        Err(ResponseDiff::RoundTrip { difference })
    })
}

/// The first difference between two JSON values (members compared by name, arrays by position), if any.
pub fn json_diff(expected: &Value, actual: &Value) -> Option<JsonDiff> {
    diff_at(expected, actual, &mut String::new())
}

/// [`json_diff`] below `pointer`.
fn diff_at(expected: &Value, actual: &Value, pointer: &mut String) -> Option<JsonDiff> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            if let Some(key) = e.keys().find(|k| !a.contains_key(*k)) {
                return Some(JsonDiff::Missing {
                    pointer: child(pointer, key),
                });
            }
            if let Some(key) = a.keys().find(|k| !e.contains_key(*k)) {
                return Some(JsonDiff::Added {
                    pointer: child(pointer, key),
                });
            }
            e.iter().find_map(|(key, ev)| {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(key));
                let found = a.get(key).and_then(|av| diff_at(ev, av, pointer));
                pointer.truncate(len);
                found
            })
        }
        (Value::Array(e), Value::Array(a)) => {
            let common = e.iter().zip(a).enumerate().find_map(|(i, (ev, av))| {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                let found = diff_at(ev, av, pointer);
                pointer.truncate(len);
                found
            });
            common.or_else(|| match e.len().cmp(&a.len()) {
                std::cmp::Ordering::Greater => Some(JsonDiff::Missing {
                    pointer: format!("{pointer}/{}", a.len()),
                }),
                std::cmp::Ordering::Less => Some(JsonDiff::Added {
                    pointer: format!("{pointer}/{}", e.len()),
                }),
                std::cmp::Ordering::Equal => None,
            })
        }
        _ if expected == actual => None,
        _ => Some(JsonDiff::Changed {
            pointer: pointer.clone(),
            expected: expected.to_string(),
            actual: actual.to_string(),
        }),
    }
}

/// `pointer` + `/key`.
fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", escape(key))
}

/// JSON pointer escaping (`~` -> `~0`, `/` -> `~1`).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{ExampleRequest, ExampleResponse};

    fn example(body: &'static str) -> DocExample {
        DocExample {
            name: "x",
            source: "api/x.md:1",
            request: ExampleRequest {
                method: "GET",
                url: "/x",
                headers: &[],
                body: None,
            },
            response: Some(ExampleResponse {
                status: 200,
                headers: &[],
                body: Some(body),
            }),
        }
    }

    #[test]
    fn primitive_results_are_compared_with_the_value_wrapper() {
        let wrapped = example(
            r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean", "value": true}"#,
        );
        assert_eq!(check_response(&wrapped, &Value::Bool(true)), Ok(()));
        assert_eq!(
            check_response(&wrapped, &Value::Bool(false)).map_err(|d| d.reason()),
            Err("round trip changed a value")
        );
        let not_a_wrapper = example(r#"{"value": true, "other": 1}"#);
        assert!(check_response(&not_a_wrapper, &Value::Bool(true)).is_err());
    }

    #[test]
    fn json_differences_name_their_pointer() {
        let expected: Value = serde_json::from_str(r#"{"a/b": [1, {"c": 2}], "d": 3}"#).unwrap();
        let lost: Value = serde_json::from_str(r#"{"a/b": [1, {}], "d": 3}"#).unwrap();
        assert_eq!(
            json_diff(&expected, &lost),
            Some(JsonDiff::Missing {
                pointer: "/a~1b/1/c".to_owned()
            })
        );
        let added: Value = serde_json::from_str(r#"{"a/b": [1, {"c": 2}, 5], "d": 3}"#).unwrap();
        assert_eq!(
            json_diff(&expected, &added),
            Some(JsonDiff::Added {
                pointer: "/a~1b/2".to_owned()
            })
        );
        assert_eq!(json_diff(&expected, &expected), None);
    }
}
