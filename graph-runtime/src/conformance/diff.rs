//! How a rendered request or a decoded response differs from its example: [`RequestDiff`], [`ResponseDiff`], and
//! [`JsonDiff`], the first difference between two JSON values.

use std::fmt;

use serde_json::Value;

use super::Skip;

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
