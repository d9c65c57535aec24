//! Conformance of generated code against doc examples, without sending anything (macro option `examples: true`).
//!
//! For every example of every page the generator emits a [`Case`] in `CONFORMANCE`: a call of the typed API built
//! from the example's values (keys taken from the URL by matching it against the operation's path template, query
//! parameters through the typed setters, documented headers through header setters, the body decoded into the
//! typed body model), or the [`Skip`] reason it cannot build one; and how the operation's typed response decodes.
//! [`run`] renders each call to its [`RequestSpec`] and checks, for each example:
//!
//! * the request: method, path (percent-decoded, host and `/v1.0` or `/beta` prefix dropped), query (decoded
//!   pairs, in any order) and body (as JSON values) equal the example's;
//! * the response: the example's body, decoded into the operation's typed response and serialized again, equals
//!   the example's body as a JSON value: nothing lost, changed or added.
//!
//! The [`Report`] counts both, per reason, and names each failing example's page and line. An API page's examples
//! are matched against its own request lines, a conceptual page's against every operation. The URL is read here
//! again, independently of the generator's reading, so that a mistake in one is caught by the other.
//!
//! ```ignore
//! graph_docs_macro::generate! { docs: "docs", examples: true }
//!
//! #[test]
//! fn examples_conform() {
//!     let report = graph_runtime::conformance::run(CONFORMANCE);
//!     println!("{report}");
//!     assert_eq!(report.requests_reproduced(), report.outcomes.len());
//! }
//! ```

use std::collections::BTreeMap;
use std::fmt;

use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::client::Client;
use crate::example::example_json;
use crate::example::DocExample;
use crate::model::Field;
use crate::request::{Body, RequestSpec};

/// A generated call: the typed API invoked with the example's values, rendered without sending.
pub type Build = fn(&Client, &'static DocExample) -> Result<RequestSpec, BuildError>;

/// A generated decoder: a response body decoded into the operation's typed response and serialized again.
pub type Decode = fn(&str) -> Result<Value, BuildError>;

/// An error while building a call or decoding a response from an example's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The example's body is not JSON (comments, `...`, placeholders; see [`example_json`](crate::example::example_json)).
    NotJson(String),
    /// The JSON does not decode into the typed model (a placeholder where a typed value belongs, ...).
    Decode(String),
    /// A value from the URL does not parse as the type the operation takes.
    Value(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NotJson(error) => write!(f, "not JSON: {error}"),
            BuildError::Decode(error) => write!(f, "does not decode into the typed model: {error}"),
            BuildError::Value(error) => f.write_str(error),
        }
    }
}

impl std::error::Error for BuildError {}

/// Why the generator cannot reproduce an example's request with the typed API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The example's request block has no method or URL.
    EmptyRequest,
    /// The page has no generated operation (see the generator's `SKIPPED` report).
    NoOperation,
    /// No request line of the page has the example's method.
    NoLineForMethod,
    /// No request line matches the example's path (of the example's page; of any page for a conceptual page's
    /// example).
    NoMatchingLine {
        /// The example's path.
        path: &'static str,
    },
    /// A request line matches the end of the example's path only: the example prefixes it with a path that no
    /// line of the page has (lines relative to an entity, such as `/workbook/...`, take that prefix as their
    /// entity path and are not skipped for it).
    PrefixedPath {
        /// What the example puts before the line.
        prefix: &'static str,
    },
    /// The example's URL is on another host than Graph (a notification to the app's callback).
    NotGraph {
        /// The host.
        host: &'static str,
    },
    /// The example's URL cannot be read (no path, bad percent-encoding).
    UnparseableUrl,
    /// The example sends a query parameter the operation has no typed setter for.
    NoSetter {
        /// The query parameter.
        name: &'static str,
    },
    /// A value in the example does not parse as the type the operation takes.
    BadValue {
        /// The parameter.
        name: &'static str,
        /// The value as written.
        value: &'static str,
        /// The type expected.
        expected: &'static str,
    },
    /// The operation takes a body and the example has none.
    MissingBody,
}

impl Skip {
    /// A short category, for counting by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            Skip::EmptyRequest => "skipped: empty example request",
            Skip::NoOperation => "skipped: the page has no generated operation",
            Skip::NoLineForMethod => "skipped: no request line with the example's method",
            Skip::NoMatchingLine { .. } => "skipped: no request line matches the URL",
            Skip::PrefixedPath { .. } => {
                "skipped: a request line matches the path after a prefix only"
            }
            Skip::NotGraph { .. } => "skipped: not a Graph URL",
            Skip::UnparseableUrl => "skipped: unparseable URL",
            Skip::NoSetter { .. } => "skipped: no typed setter for a query parameter",
            Skip::BadValue { .. } => "skipped: a value does not parse as its type",
            Skip::MissingBody => "skipped: the operation takes a body and the example has none",
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::EmptyRequest => f.write_str("the example's request block is empty"),
            Skip::NoOperation => f.write_str("the page has no generated operation"),
            Skip::NoLineForMethod => f.write_str("no request line of the page has the example's method"),
            Skip::NoMatchingLine { path } => {
                write!(f, "no documented request line matches `{path}`")
            }
            Skip::PrefixedPath { prefix } => write!(
                f,
                "a request line matches the path only after the prefix `{prefix}`, which no line of the page has"
            ),
            Skip::NotGraph { host } => write!(f, "the URL is on `{host}`, not Graph"),
            Skip::UnparseableUrl => f.write_str("the example's URL cannot be read"),
            Skip::NoSetter { name } => {
                write!(f, "the operation has no typed setter for query parameter `{name}`")
            }
            Skip::BadValue {
                name,
                value,
                expected,
            } => write!(f, "`{name}` = `{value}` is not {expected}"),
            Skip::MissingBody => f.write_str("the operation takes a body and the example has none"),
        }
    }
}

/// What the operation's typed response is, for checking the example's response.
#[derive(Debug, Clone, Copy)]
pub enum Response {
    /// A JSON value of a typed model, page, primitive or enum.
    Json(Decode),
    /// JSON the docs give no type for (`serde_json::Value`, or a page of them): checked like [`Response::Json`],
    /// and counted apart, since nothing typed is decoded.
    Untyped(Decode),
    /// No body (`()`, or `Accepted` for a 202): the example's response must have none.
    Empty,
    /// Raw bytes, kept as they are (nothing can be lost).
    Bytes,
    /// The page has no operation, so there is no typed response.
    Unknown,
}

/// One example's conformance case, as the generator emits it.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The example.
    pub example: &'static DocExample,
    /// Whether the example's request block is annotated (`<!-- { "blockType": "request", ... } -->`); the
    /// conformance targets count annotated examples.
    pub annotated: bool,
    /// The typed call, or why the generator cannot build one.
    pub build: Result<Build, Skip>,
    /// How the typed response decodes.
    pub response: Response,
}

/// How a rendered request differs from its example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestDiff {
    /// The generator could not build the call.
    Skipped(Skip),
    /// The call could not be built from the example's values (the body does not decode into the typed model, ...).
    Build {
        /// Why.
        error: String,
    },
    /// Different method.
    Method {
        /// The example's.
        expected: String,
        /// The rendered one.
        actual: String,
    },
    /// Different path (percent-decoded).
    Path {
        /// The example's.
        expected: String,
        /// The rendered one.
        actual: String,
    },
    /// Different query pairs.
    Query {
        /// The example's, decoded and sorted.
        expected: Vec<(String, String)>,
        /// The rendered ones, sorted.
        actual: Vec<(String, String)>,
    },
    /// The example's body is not JSON (comments, `...`, placeholders; a trailing comma is tolerated, see
    /// [`example_json`](crate::example::example_json)), so a typed body cannot equal it.
    ExampleBodyNotJson {
        /// What the JSON parser said.
        error: String,
    },
    /// The example has a body and the rendered request has none, or the other way round.
    BodyPresence {
        /// Whether the example has one.
        expected: bool,
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
            RequestDiff::Skipped(skip) => skip.reason(),
            RequestDiff::Build { .. } => "the example's values do not fit the typed API",
            RequestDiff::Method { .. } => "method differs",
            RequestDiff::Path { .. } => "path differs",
            RequestDiff::Query { .. } => "query differs",
            RequestDiff::ExampleBodyNotJson { .. } => "example request body is not JSON",
            RequestDiff::BodyPresence { .. } => "body present on one side only",
            RequestDiff::Body { .. } => "body differs",
        }
    }
}

impl fmt::Display for RequestDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestDiff::Skipped(skip) => write!(f, "not generated: {skip}"),
            RequestDiff::Build { error } => write!(f, "the call cannot be built: {error}"),
            RequestDiff::Method { expected, actual } => {
                write!(f, "method: example {expected}, rendered {actual}")
            }
            RequestDiff::Path { expected, actual } => {
                write!(f, "path: example {expected}, rendered {actual}")
            }
            RequestDiff::Query { expected, actual } => {
                write!(f, "query: example {expected:?}, rendered {actual:?}")
            }
            RequestDiff::ExampleBodyNotJson { error } => {
                write!(f, "the example's body is not JSON: {error}")
            }
            RequestDiff::BodyPresence { expected: true } => {
                f.write_str("the example has a body, the rendered request none")
            }
            RequestDiff::BodyPresence { expected: false } => {
                f.write_str("the rendered request has a body, the example none")
            }
            RequestDiff::Body { difference } => write!(f, "body: {difference}"),
        }
    }
}

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

impl fmt::Display for JsonDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonDiff::Missing { pointer } => write!(f, "`{pointer}` is missing"),
            JsonDiff::Added { pointer } => write!(f, "`{pointer}` was added"),
            JsonDiff::Changed {
                pointer,
                expected,
                actual,
            } => write!(f, "`{pointer}` is {actual}, the example has {expected}"),
        }
    }
}

/// How a decoded and re-serialized response differs from its example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseDiff {
    /// The example has no response.
    NoResponse,
    /// The example's response is an error or a redirect; it is not decoded into the typed response.
    NotSuccess {
        /// The status.
        status: u16,
    },
    /// The page has no operation, so there is no typed response to decode into.
    NoOperation,
    /// The operation returns no body, and the example's response has one.
    UnexpectedBody,
    /// The example's body is not JSON (truncated with `...`, comments, placeholders).
    ExampleBodyNotJson {
        /// What the JSON parser said.
        error: String,
    },
    /// The body does not decode into the typed response.
    Decode {
        /// Why.
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
            ResponseDiff::NoResponse => "no example response",
            ResponseDiff::NotSuccess { .. } => "example response is not a 2xx",
            ResponseDiff::NoOperation => "no operation to decode with",
            ResponseDiff::UnexpectedBody => "the operation returns no body, the example has one",
            ResponseDiff::ExampleBodyNotJson { .. } => "example response body is not JSON",
            ResponseDiff::Decode { .. } => "body does not decode into the typed response",
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

impl fmt::Display for ResponseDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseDiff::NoResponse => f.write_str("the example has no response"),
            ResponseDiff::NotSuccess { status } => {
                write!(f, "the example's response is not a 2xx ({status})")
            }
            ResponseDiff::NoOperation => f.write_str("the page has no operation to decode with"),
            ResponseDiff::UnexpectedBody => {
                f.write_str("the operation returns no body, the example's response has one")
            }
            ResponseDiff::ExampleBodyNotJson { error } => {
                write!(f, "the example's response body is not JSON: {error}")
            }
            ResponseDiff::Decode { error } => {
                write!(
                    f,
                    "the body does not decode into the typed response: {error}"
                )
            }
            ResponseDiff::RoundTrip { difference } => {
                write!(f, "decoded and re-serialized: {difference}")
            }
        }
    }
}

/// One example's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The example's page and line.
    pub source: &'static str,
    /// Whether its request block is annotated.
    pub annotated: bool,
    /// Whether the request was reproduced exactly.
    pub request: Result<(), RequestDiff>,
    /// Whether the response decoded and re-serialized with nothing lost.
    pub response: Result<(), ResponseDiff>,
    /// Whether the response is untyped JSON ([`Response::Untyped`]).
    pub untyped: bool,
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
    pub fn responses_lossless(&self) -> usize {
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

    /// Responses not decoded losslessly, counted by reason.
    pub fn response_reasons(&self) -> BTreeMap<&'static str, usize> {
        count(
            self.outcomes
                .iter()
                .filter_map(|o| o.response.as_ref().err().map(ResponseDiff::reason)),
        )
    }

    /// The counts alone: totals, percentages and counts per reason, without the per-example lines.
    pub fn summary(&self) -> String {
        let total = self.outcomes.len();
        let mut out = String::new();
        let percent = |n: usize| {
            if total == 0 {
                100.0
            } else {
                n as f64 * 100.0 / total as f64
            }
        };
        let requests = self.requests_reproduced();
        out.push_str(&format!(
            "examples: {total}\nrequests reproduced exactly: {requests} ({:.1}%)\n",
            percent(requests)
        ));
        for (reason, n) in self.request_reasons() {
            out.push_str(&format!("  {n:5}  {reason}\n"));
        }
        let responses = self.responses_lossless();
        let untyped = self
            .outcomes
            .iter()
            .filter(|o| o.untyped && o.response.is_ok())
            .count();
        out.push_str(&format!(
            "responses decoded with nothing lost: {responses} ({:.1}%), {untyped} of them untyped (serde_json::Value)\n",
            percent(responses)
        ));
        for (reason, n) in self.response_reasons() {
            out.push_str(&format!("  {n:5}  {reason}\n"));
        }
        out
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

impl fmt::Display for Report {
    /// The counts per reason, then one line per example that does not conform, with its page and line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())?;
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

/// Runs every case: renders each call without sending it and checks it, and decodes each example's response.
pub fn run(cases: &[Case]) -> Report {
    let client = Client::builder().build();
    let outcomes = cases
        .iter()
        .map(|case| {
            let request = match (&case.build, &client) {
                (Err(skip), _) => Err(RequestDiff::Skipped(*skip)),
                (Ok(_), Err(error)) => Err(RequestDiff::Build {
                    error: error.to_string(),
                }),
                (Ok(build), Ok(client)) => match build(client, case.example) {
                    Ok(spec) => check_request(case.example, &spec),
                    Err(BuildError::NotJson(error)) => {
                        Err(RequestDiff::ExampleBodyNotJson { error })
                    }
                    Err(error) => Err(RequestDiff::Build {
                        error: error.to_string(),
                    }),
                },
            };
            Outcome {
                source: case.example.source,
                annotated: case.annotated,
                request,
                response: check_response(case.example, case.response),
                untyped: matches!(case.response, Response::Untyped(_)),
            }
        })
        .collect();
    Report { outcomes }
}

/// The example URL's path (percent-decoded, without scheme, host and `/v1.0` or `/beta` prefix) and its query.
fn split_url(url: &str) -> (String, &str) {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or_default();
    let without_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let path_and_query = match without_scheme {
        Some(rest) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => url,
    };
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    // The version segment in any letter case, as every literal segment (`/Beta/me` is `/beta/me`).
    let path = ["/v1.0", "/beta"]
        .iter()
        .find_map(|prefix| {
            path.get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .and_then(|_| path.get(prefix.len()..))
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .or_else(|| without_version_placeholder(path))
        .unwrap_or(path);
    (decode(path), query)
}

/// A decoded path in the one form of the forms Graph answers alike:
/// - a key in parentheses is a key segment: OData addresses an entity either way, and Graph accepts both
///   (`/me/messages('AAMk')` is `/me/messages/AAMk`); a function call's parentheses hold `name=value` pairs (or
///   nothing) and stay;
/// - no trailing `/`: Graph ignores an empty last segment (`/me/messages/` is `/me/messages`).
fn canonical_path(path: &str) -> String {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| match key_in_parentheses(segment) {
            Some((name, key)) => format!("{name}/{key}"),
            None => segment.to_owned(),
        })
        .collect();
    segments.join("/")
}

/// `name('key')` or `name(key)` as `(name, key)`: one value, no `=`, the quotes removed (`''` is a quote).
fn key_in_parentheses(segment: &str) -> Option<(&str, String)> {
    let (name, rest) = segment.split_once('(')?;
    let inner = rest.strip_suffix(')')?;
    let plain_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    // One quoted string (which may hold `=`, as base64 keys do), or one bare value: not `name=value` arguments.
    let quoted = inner
        .strip_prefix('\'')
        .and_then(|i| i.strip_suffix('\''))
        .filter(|q| !q.replace("''", "").contains('\''));
    let key = match quoted {
        Some(quoted) => quoted.replace("''", "'"),
        None if !inner.is_empty() && !inner.contains(['=', ',', '\'']) => inner.to_owned(),
        None => return None,
    };
    plain_name.then_some((name, key))
}

/// The path after a version placeholder, which the docs write for "the version you call" as in
/// `https://graph.microsoft.com/{version}/{resource}`: `/{ver}/connectors/x` is `/connectors/x`. A placeholder is
/// a first segment in braces naming a version (`{ver}`, `{version}`, `{api-version}`).
fn without_version_placeholder(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/{")?;
    let (name, rest) = rest.split_once('}')?;
    (name.to_ascii_lowercase().contains("ver") && (rest.is_empty() || rest.starts_with('/')))
        .then_some(rest)
}

/// Percent-decodes text (invalid UTF-8 is replaced, never a failure).
fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The pairs of a query string, percent-decoded (`+` is kept: Graph examples write it literally).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// Checks a rendered request against its example: method, path, query (in any order) and body (as JSON).
pub fn check_request(example: &DocExample, spec: &RequestSpec) -> Result<(), RequestDiff> {
    let actual_method = spec.operation.method.as_str();
    if !example.request.method.eq_ignore_ascii_case(actual_method) {
        return Err(RequestDiff::Method {
            expected: example.request.method.to_owned(),
            actual: actual_method.to_owned(),
        });
    }
    let (expected_path, query) = split_url(example.request.url);
    let actual_path = decode(&spec.path);
    // Graph resolves the literal segments of a path (entity sets, navigation properties, function names) without
    // regard to letter case (`/me/calendargroups` is `/me/calendarGroups`). The keys in the rendered path are the
    // example's own text, captured verbatim, so a difference in letter case only lies in literal segments.
    if !expected_path.eq_ignore_ascii_case(&actual_path)
        && !canonical_path(&expected_path).eq_ignore_ascii_case(&canonical_path(&actual_path))
    {
        return Err(RequestDiff::Path {
            expected: expected_path,
            actual: actual_path,
        });
    }
    let mut expected_query = query_pairs(query);
    let mut actual_query: Vec<(String, String)> = spec
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    // OData system query option names (`$orderBy`, `$Top`) are case-insensitive in Graph; parameter names and
    // every value are compared as written.
    for (key, _) in expected_query.iter_mut().chain(actual_query.iter_mut()) {
        if key.starts_with('$') {
            key.make_ascii_lowercase();
        }
    }
    expected_query.sort();
    actual_query.sort();
    if expected_query != actual_query {
        return Err(RequestDiff::Query {
            expected: expected_query,
            actual: actual_query,
        });
    }
    let mut expected_body = example.request.body;
    // Invoking an action with no parameters: OData reads an action's parameters from the members of the JSON
    // object in its body, so `{}` and no body are the same call (some pages show `{}` beside `Content-length: 0`).
    if spec.operation.method == crate::request::Method::Post
        && matches!(spec.body, Body::Empty)
        && expected_body
            .and_then(|b| example_json(b).ok())
            .is_some_and(|v| v.as_object().is_some_and(serde_json::Map::is_empty))
    {
        expected_body = None;
    }
    check_body(expected_body, &spec.body)
}

/// Checks a rendered body against the example's: JSON as JSON values, bytes as text.
fn check_body(expected: Option<&str>, actual: &Body) -> Result<(), RequestDiff> {
    let expected = expected.map(str::trim).filter(|b| !b.is_empty());
    let actual = match actual {
        Body::Empty => None,
        Body::Json(bytes) | Body::Bytes { data: bytes, .. } => Some(bytes),
    };
    match (expected, actual) {
        (None, None) => Ok(()),
        (Some(_), None) | (None, Some(_)) => Err(RequestDiff::BodyPresence {
            expected: expected.is_some(),
        }),
        (Some(expected), Some(actual)) => {
            let expected: Value = match example_json(expected) {
                Ok(value) => value,
                Err(_) if expected.as_bytes() == actual.as_ref() => return Ok(()),
                Err(error) => {
                    return Err(RequestDiff::ExampleBodyNotJson {
                        error: error.to_string(),
                    })
                }
            };
            let actual = serde_json::from_slice::<Value>(actual)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(actual).into_owned()));
            json_diff(&expected, &actual)
                .map_or(Ok(()), |difference| Err(RequestDiff::Body { difference }))
        }
    }
}

/// Checks that the example's response, decoded into the typed response and serialized again, equals the example's
/// body as a JSON value.
pub fn check_response(example: &DocExample, response: Response) -> Result<(), ResponseDiff> {
    let example_response = example.response.ok_or(ResponseDiff::NoResponse)?;
    let body = example_response
        .body
        .map(str::trim)
        .filter(|b| !b.is_empty());
    // A redirect without a body (reports answer `302` to a download URL) has nothing to decode or lose.
    let redirect = (300..400).contains(&example_response.status) && body.is_none();
    if !(200..300).contains(&example_response.status) && !redirect {
        return Err(ResponseDiff::NotSuccess {
            status: example_response.status,
        });
    }
    match (response, body) {
        (Response::Unknown, _) => Err(ResponseDiff::NoOperation),
        (Response::Bytes, _) | (_, None) => Ok(()),
        (Response::Empty, Some(_)) => Err(ResponseDiff::UnexpectedBody),
        (Response::Json(decode) | Response::Untyped(decode), Some(body)) => {
            let expected: Value =
                example_json(body).map_err(|e| ResponseDiff::ExampleBodyNotJson {
                    error: e.to_string(),
                })?;
            let reserialized = decode(body).map_err(|e| match e {
                BuildError::NotJson(error) => ResponseDiff::ExampleBodyNotJson { error },
                other => ResponseDiff::Decode {
                    error: other.to_string(),
                },
            })?;
            json_diff(&expected, &reserialized).map_or(Ok(()), |difference| {
                Err(ResponseDiff::RoundTrip { difference })
            })
        }
    }
}

/// The first difference between two JSON values (members compared by name, arrays by position, numbers by
/// value), if any.
pub fn json_diff(expected: &Value, actual: &Value) -> Option<JsonDiff> {
    diff_at(expected, actual, &mut String::new())
}

/// [`json_diff`] below `pointer`.
fn diff_at(expected: &Value, actual: &Value, pointer: &mut String) -> Option<JsonDiff> {
    let at = |pointer: &str, key: &str| {
        format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
    };
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            if let Some(key) = e.keys().find(|k| !a.contains_key(*k)) {
                return Some(JsonDiff::Missing {
                    pointer: at(pointer, key),
                });
            }
            if let Some(key) = a.keys().find(|k| !e.contains_key(*k)) {
                return Some(JsonDiff::Added {
                    pointer: at(pointer, key),
                });
            }
            e.iter().find_map(|(key, ev)| {
                let mut inner = at(pointer, key);
                a.get(key).and_then(|av| diff_at(ev, av, &mut inner))
            })
        }
        (Value::Array(e), Value::Array(a)) => {
            let common = e.iter().zip(a).enumerate().find_map(|(i, (ev, av))| {
                let mut inner = format!("{pointer}/{i}");
                diff_at(ev, av, &mut inner)
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
        (Value::Number(e), Value::Number(a)) if e == a || e.as_f64() == a.as_f64() => None,
        _ if expected == actual => None,
        _ => Some(JsonDiff::Changed {
            pointer: pointer.clone(),
            expected: expected.to_string(),
            actual: actual.to_string(),
        }),
    }
}

/// The example's request body decoded into a typed body (generated calls use this).
pub fn body<T: Field>(example: &DocExample) -> Result<T, BuildError> {
    let text = example.request.body.unwrap_or_default();
    let value: Value = example_json(text).map_err(|e| BuildError::NotJson(e.to_string()))?;
    T::from_json(&value).map_err(|e| BuildError::Decode(e.to_string()))
}

/// The example's request body as bytes (operations that send raw content).
pub fn bytes(example: &DocExample) -> bytes::Bytes {
    bytes::Bytes::from_static(example.request.body.unwrap_or_default().as_bytes())
}

/// A typed value read from the text an example writes it as (a key, a function argument, a query value): an
/// edm type, an enum, a string.
pub fn value<T: Field>(name: &str, text: &str) -> Result<T, BuildError> {
    T::from_json(&Value::String(text.to_owned()))
        .map_err(|e| BuildError::Value(format!("`{name}` = `{text}` does not parse: {e}")))
}

/// Decodes a JSON body into a model (or any [`Field`]) and serializes it again.
pub fn decode_field<T: Field>(body: &str) -> Result<Value, BuildError> {
    let value: Value = example_json(body).map_err(|e| BuildError::NotJson(e.to_string()))?;
    T::from_json(&value)
        .map(|typed| typed.to_json())
        .map_err(|e| BuildError::Decode(e.to_string()))
}

/// Decodes a primitive or enum response (Graph wraps it as `{"value": ...}`; a bare value is read too) and
/// serializes it again in place, keeping the wrapper's annotations.
pub fn decode_value<T: Field>(body: &str) -> Result<Value, BuildError> {
    let mut value: Value = example_json(body).map_err(|e| BuildError::NotJson(e.to_string()))?;
    let slot = match value
        .as_object_mut()
        .and_then(|object| object.get_mut("value"))
    {
        Some(inner) => inner,
        None => &mut value,
    };
    *slot = T::from_json(slot)
        .map(|typed| typed.to_json())
        .map_err(|e| BuildError::Decode(e.to_string()))?;
    Ok(value)
}

/// Decodes a collection response into a [`Page`](crate::Page) of `T` and serializes it again.
pub fn decode_page<T: DeserializeOwned + Serialize>(body: &str) -> Result<Value, BuildError> {
    // Read as every example body is (`example_json`: a trailing comma tolerated), as the request side reads it.
    let value: Value = example_json(body).map_err(|e| BuildError::NotJson(e.to_string()))?;
    let page: crate::Page<T> =
        serde_json::from_value(value).map_err(|e| BuildError::Decode(e.to_string()))?;
    serde_json::to_value(&page).map_err(|e| BuildError::Decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::{ExampleRequest, ExampleResponse};
    use crate::request::{Method, Operation, Permissions, Scopes};

    static OP: Operation = Operation {
        name: "list_things",
        method: Method::Get,
        path_template: "/things/{id}",
        path: "/things/{id}",
        source: "api/thing-list.md:20",
        permissions: Permissions {
            delegated_work: Scopes::NotStated,
            delegated_personal: Scopes::NotStated,
            application: Scopes::NotStated,
        },
    };

    static EXAMPLE: DocExample = DocExample {
        name: "list_things",
        source: "api/thing-list.md:40",
        request: ExampleRequest {
            method: "GET",
            url: "https://graph.microsoft.com/v1.0/things/a%20b?$top=5&$select=id,name",
            headers: &[],
            body: None,
        },
        response: Some(ExampleResponse {
            status: 200,
            headers: &[],
            body: Some(r#"{"value": [{"id": "1"}], "@odata.context": "x"}"#),
        }),
    };

    fn spec(path: &str, query: &[(&'static str, &str)]) -> RequestSpec {
        let mut spec = crate::builder::spec(&OP, path.to_owned());
        for (k, v) in query {
            crate::builder::query(&mut spec, k, (*v).to_owned());
        }
        spec
    }

    #[test]
    fn a_request_equal_but_for_query_order_and_encoding_conforms() {
        let rendered = spec("/things/a%20b", &[("$select", "id,name"), ("$top", "5")]);
        assert_eq!(check_request(&EXAMPLE, &rendered), Ok(()));
    }

    #[test]
    fn an_empty_object_is_no_parameters_for_an_action() {
        static ACTION: Operation = Operation {
            name: "close_session",
            method: Method::Post,
            path_template: "/workbook/closeSession",
            path: "/workbook/closeSession",
            source: "api/workbook-closesession.md:30",
            permissions: OP.permissions,
        };
        let example = |body: &'static str| DocExample {
            request: ExampleRequest {
                method: "POST",
                url: "/workbook/closeSession",
                headers: &[],
                body: Some(body),
            },
            ..EXAMPLE
        };
        let action = crate::builder::spec(&ACTION, "/workbook/closeSession".to_owned());
        assert_eq!(check_request(&example("{\n\n}"), &action), Ok(()));
        assert_eq!(
            check_request(&example(r#"{"a": 1}"#), &action).map_err(|d| d.reason()),
            Err("body present on one side only")
        );
        assert_eq!(
            check_request(&example("[]"), &action).map_err(|d| d.reason()),
            Err("body present on one side only")
        );
        // Only an action call: a GET with `{}` is a different request.
        let get = crate::builder::spec(&OP, "/workbook/closeSession".to_owned());
        let get_example = DocExample {
            request: ExampleRequest {
                method: "GET",
                ..example("{}").request
            },
            ..EXAMPLE
        };
        assert_eq!(
            check_request(&get_example, &get).map_err(|d| d.reason()),
            Err("body present on one side only")
        );
    }

    #[test]
    fn keys_in_parentheses_and_trailing_slashes_are_the_same_address() {
        assert_eq!(
            canonical_path("/me/messages('AAMk''x=')/attachments(AAMk2)/"),
            "/me/messages/AAMk'x=/attachments/AAMk2"
        );
        // Function calls keep their parentheses.
        assert_eq!(
            canonical_path("/reports/getX(date='2018-03-05')"),
            "/reports/getX(date='2018-03-05')"
        );
        assert_eq!(canonical_path("/me/delta()"), "/me/delta()");
        assert_eq!(canonical_path("/"), "/");
        let example = DocExample {
            request: ExampleRequest {
                url: "https://graph.microsoft.com/v1.0/things('a b')/?$top=5&$select=id,name",
                ..EXAMPLE.request
            },
            ..EXAMPLE
        };
        let rendered = spec("/things/a%20b", &[("$select", "id,name"), ("$top", "5")]);
        assert_eq!(check_request(&example, &rendered), Ok(()));
    }

    #[test]
    fn differences_are_named() {
        let other_path = spec("/things/c", &[("$select", "id,name"), ("$top", "5")]);
        assert_eq!(
            check_request(&EXAMPLE, &other_path).map_err(|d| d.reason()),
            Err("path differs")
        );
        // Letter case: literal segments and system query option names are case-insensitive in Graph.
        let cased = spec("/Things/a%20b", &[("$Select", "id,name"), ("$TOP", "5")]);
        assert_eq!(check_request(&EXAMPLE, &cased), Ok(()));
        let cased_value = spec("/things/a%20b", &[("$select", "ID,name"), ("$top", "5")]);
        assert_eq!(
            check_request(&EXAMPLE, &cased_value).map_err(|d| d.reason()),
            Err("query differs")
        );
        let missing_query = spec("/things/a%20b", &[("$top", "5")]);
        assert_eq!(
            check_request(&EXAMPLE, &missing_query).map_err(|d| d.reason()),
            Err("query differs")
        );
    }

    #[test]
    fn bodies_compare_as_json() {
        let body = Body::Json(bytes::Bytes::from_static(br#"{"b":[1.0],"a":"x"}"#));
        assert_eq!(check_body(Some(r#"{ "a": "x", "b": [1] }"#), &body), Ok(()));
        assert_eq!(
            check_body(Some(r#"{ "a": "y", "b": [1] }"#), &body).map_err(|d| d.reason()),
            Err("body differs")
        );
        assert_eq!(
            check_body(Some("{ ... }"), &body).map_err(|d| d.reason()),
            Err("example request body is not JSON")
        );
        assert_eq!(
            check_body(None, &body).map_err(|d| d.reason()),
            Err("body present on one side only")
        );
    }

    #[test]
    fn responses_round_trip_through_the_typed_decoder() {
        assert_eq!(
            check_response(&EXAMPLE, Response::Json(decode_page::<Value>)),
            Ok(())
        );
        fn lossy(_: &str) -> Result<Value, BuildError> {
            Ok(serde_json::json!({"value": [{}], "@odata.context": "x"}))
        }
        assert_eq!(
            check_response(&EXAMPLE, Response::Json(lossy)).map_err(|d| d.reason()),
            Err("round trip lost a member")
        );
        assert_eq!(
            check_response(&EXAMPLE, Response::Empty).map_err(|d| d.reason()),
            Err("the operation returns no body, the example has one")
        );
    }

    #[test]
    fn primitives_are_decoded_inside_their_wrapper() {
        let wrapped = r#"{"@odata.context": "c", "value": true}"#;
        assert_eq!(
            decode_value::<bool>(wrapped).unwrap(),
            serde_json::json!({"@odata.context": "c", "value": true})
        );
        assert!(decode_value::<bool>(r#"{"value": "yes"}"#).is_err());
    }

    #[test]
    fn the_report_counts_per_reason_and_names_the_page() {
        let cases = [
            Case {
                example: &EXAMPLE,
                annotated: true,
                build: Ok(|_, _| {
                    Ok(spec(
                        "/things/a%20b",
                        &[("$top", "5"), ("$select", "id,name")],
                    ))
                }),
                response: Response::Json(decode_page::<Value>),
            },
            Case {
                example: &EXAMPLE,
                annotated: false,
                build: Err(Skip::NoSetter { name: "$search" }),
                response: Response::Unknown,
            },
        ];
        let report = run(&cases);
        assert_eq!(report.requests_reproduced(), 1);
        assert_eq!(report.responses_lossless(), 1);
        assert_eq!(report.annotated().outcomes.len(), 1);
        assert_eq!(
            report
                .request_reasons()
                .get("skipped: no typed setter for a query parameter"),
            Some(&1)
        );
        let printed = report.to_string();
        assert!(printed.contains("api/thing-list.md:40: request: not generated: the operation has no typed setter for query parameter `$search`"), "{printed}");
    }
}
