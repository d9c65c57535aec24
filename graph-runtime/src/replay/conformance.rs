//! Conformance checks of generated code against doc examples, for the generated conformance tests (macro option
//! `examples: true`).
//!
//! * [`check_request`]: a [`RequestSpec`] built with the typed API from an example's values must reproduce the
//!   example's request exactly: method, path (decoded segments, host and version prefix dropped), query (decoded
//!   pairs, in any order) and body (as JSON values).
//! * [`check_response`]: the example's response decoded into the typed response and serialized again must equal the
//!   example's body as a JSON value: nothing lost, nothing changed, nothing added.
//!
//! Each difference has a [`reason`](RequestDiff::reason) category, so that unreproducible examples can be listed and
//! counted by reason.

use serde_json::Value;

use super::matching::Target;
use crate::example::DocExample;
use crate::request::{Body, RequestSpec};

/// How a rendered request differs from its example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestDiff {
    /// The example's request block has no method or URL.
    EmptyExample,
    /// Different method.
    Method {
        /// The example's.
        expected: String,
        /// The rendered one.
        actual: String,
    },
    /// Different path (decoded segments joined with `/`).
    Path {
        /// The example's.
        expected: String,
        /// The rendered one.
        actual: String,
    },
    /// The same path but for letter case (the service accepts it; the docs and the template disagree).
    PathCase {
        /// The example's.
        expected: String,
        /// The rendered one.
        actual: String,
    },
    /// Different query pairs.
    Query {
        /// The example's, sorted.
        expected: Vec<(String, String)>,
        /// The rendered ones, sorted.
        actual: Vec<(String, String)>,
    },
    /// The example's body is not JSON, so it cannot be compared with a typed body.
    ExampleBodyNotJson {
        /// What the JSON parser said.
        error: String,
    },
    /// Different bodies (compared as JSON values, or as bytes for non-JSON bodies).
    Body {
        /// Where they first differ.
        difference: JsonDiff,
    },
}

impl RequestDiff {
    /// A short category, for counting unreproducible examples by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            RequestDiff::EmptyExample => "empty example request",
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
            RequestDiff::EmptyExample => f.write_str("the example's request block is empty"),
            RequestDiff::Method { expected, actual } => {
                write!(f, "method: example {expected}, rendered {actual}")
            }
            RequestDiff::Path { expected, actual } | RequestDiff::PathCase { expected, actual } => {
                write!(f, "path: example {expected}, rendered {actual}")
            }
            RequestDiff::Query { expected, actual } => {
                write!(f, "query: example {expected:?}, rendered {actual:?}")
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

/// How a re-serialized response differs from its example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseDiff {
    /// The example has no response, or its response has no body.
    NoBody,
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
    /// A short category, for counting examples by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            ResponseDiff::NoBody => "no response body",
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
            ResponseDiff::NoBody => f.write_str("the example has no response body"),
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

/// Checks that `spec`, built with the typed API from `example`'s values, reproduces the example's request.
pub fn check_request(example: &DocExample, spec: &RequestSpec) -> Result<(), RequestDiff> {
    let url = example.request.url.trim();
    let method = example.request.method.trim();
    if url.is_empty() || method.is_empty() {
        return Err(RequestDiff::EmptyExample);
    }
    let actual_method = spec.operation.method.as_str();
    if !method.eq_ignore_ascii_case(actual_method) {
        return Err(RequestDiff::Method {
            expected: method.to_ascii_uppercase(),
            actual: actual_method.to_owned(),
        });
    }
    let expected = Target::from_example(url);
    let actual = Target::from_wire(&spec.path, None);
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
    let mut actual_query: Vec<(String, String)> = spec
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    actual_query.sort();
    if expected.query != actual_query {
        return Err(RequestDiff::Query {
            expected: expected.query,
            actual: actual_query,
        });
    }
    check_request_body(example.request.body, &spec.body)
}

/// Compares bodies: JSON as values, anything else as trimmed bytes.
fn check_request_body(expected: Option<&str>, actual: &Body) -> Result<(), RequestDiff> {
    let expected = expected.map(str::trim).filter(|b| !b.is_empty());
    let actual_bytes: &[u8] = match actual {
        Body::Empty => &[],
        Body::Json(data) | Body::Bytes { data, .. } => data,
    };
    let Some(expected) = expected else {
        return match actual_bytes.is_empty() {
            true => Ok(()),
            false => Err(RequestDiff::Body {
                difference: JsonDiff::Added {
                    pointer: String::new(),
                },
            }),
        };
    };
    if let Body::Bytes { .. } = actual {
        return match expected.as_bytes() == actual_bytes.trim_ascii() {
            true => Ok(()),
            false => Err(RequestDiff::Body {
                difference: JsonDiff::Changed {
                    pointer: String::new(),
                    expected: expected.to_owned(),
                    actual: String::from_utf8_lossy(actual_bytes).into_owned(),
                },
            }),
        };
    }
    let expected: Value =
        serde_json::from_str(expected).map_err(|e| RequestDiff::ExampleBodyNotJson {
            error: e.to_string(),
        })?;
    let actual = match actual_bytes.is_empty() {
        true => None,
        false => serde_json::from_slice::<Value>(actual_bytes).ok(),
    };
    match actual {
        None => Err(RequestDiff::Body {
            difference: JsonDiff::Missing {
                pointer: String::new(),
            },
        }),
        Some(actual) => json_diff(&expected, &actual)
            .map_or(Ok(()), |difference| Err(RequestDiff::Body { difference })),
    }
}

/// Checks that the example's response, decoded into the typed response and serialized again (`reserialized`), is
/// the example's body as a JSON value.
pub fn check_response(example: &DocExample, reserialized: &Value) -> Result<(), ResponseDiff> {
    let body = example
        .response
        .and_then(|r| r.body)
        .map(str::trim)
        .filter(|b| !b.is_empty());
    let body = body.ok_or(ResponseDiff::NoBody)?;
    let expected: Value =
        serde_json::from_str(body).map_err(|e| ResponseDiff::ExampleBodyNotJson {
            error: e.to_string(),
        })?;
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
            let missing = e.keys().find(|k| !a.contains_key(*k));
            if let Some(key) = missing {
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
    use crate::request::{Method, Operation, Permissions, Scopes};
    use std::borrow::Cow;

    static OP: Operation = Operation {
        name: "create_event",
        method: Method::Post,
        path_template: "/users/{id | userPrincipalName}/events",
        source: "api/user-post-events.md:30",
        permissions: Permissions {
            delegated_work: Scopes::Listed(&["Calendars.ReadWrite"]),
            delegated_personal: Scopes::NotStated,
            application: Scopes::NotStated,
        },
    };

    static EXAMPLE: DocExample = DocExample {
        name: "create_event",
        source: "api/user-post-events.md:60",
        request: ExampleRequest {
            method: "POST",
            url: "https://graph.microsoft.com/v1.0/users/adele@contoso.com/events?$select=subject,start",
            headers: &[],
            body: Some(r#"{"subject": "Plan", "isOnlineMeeting": true}"#),
        },
        response: Some(ExampleResponse {
            status: 201,
            headers: &[],
            body: Some(r#"{"id": "AAMk=", "subject": "Plan", "attendees": [{"type": "required"}]}"#),
        }),
    };

    fn spec(path: &str, query: &[(&'static str, &str)], body: &str) -> RequestSpec {
        RequestSpec {
            operation: &OP,
            path: path.to_owned(),
            query: query
                .iter()
                .map(|(k, v)| (Cow::Borrowed(*k), (*v).to_owned()))
                .collect(),
            headers: Vec::new(),
            body: Body::Json(bytes::Bytes::from(body.to_owned())),
        }
    }

    #[test]
    fn a_faithful_rendering_passes() {
        let s = spec(
            "/users/adele%40contoso.com/events",
            &[("$select", "subject,start")],
            r#"{"isOnlineMeeting":true,"subject":"Plan"}"#,
        );
        assert_eq!(check_request(&EXAMPLE, &s), Ok(()));
    }

    #[test]
    fn each_difference_is_named() {
        let body = r#"{"subject": "Plan", "isOnlineMeeting": true}"#;
        let wrong_key = spec("/users/adele/events", &[("$select", "subject,start")], body);
        assert_eq!(
            check_request(&EXAMPLE, &wrong_key).map_err(|d| d.reason()),
            Err("path differs")
        );
        let case = spec(
            "/Users/adele%40contoso.com/events",
            &[("$select", "subject,start")],
            body,
        );
        assert_eq!(
            check_request(&EXAMPLE, &case).map_err(|d| d.reason()),
            Err("path differs in letter case only")
        );
        let query = spec("/users/adele%40contoso.com/events", &[], body);
        assert_eq!(
            check_request(&EXAMPLE, &query).map_err(|d| d.reason()),
            Err("query differs")
        );
        let lost = spec(
            "/users/adele%40contoso.com/events",
            &[("$select", "subject,start")],
            r#"{"subject": "Plan"}"#,
        );
        assert_eq!(
            check_request(&EXAMPLE, &lost),
            Err(RequestDiff::Body {
                difference: JsonDiff::Missing {
                    pointer: "/isOnlineMeeting".to_owned()
                }
            })
        );
    }

    #[test]
    fn responses_round_trip_or_say_where_not() {
        let same: Value = serde_json::from_str(
            r#"{"subject": "Plan", "id": "AAMk=", "attendees": [{"type": "required"}]}"#,
        )
        .unwrap();
        assert_eq!(check_response(&EXAMPLE, &same), Ok(()));
        let lost: Value =
            serde_json::from_str(r#"{"subject": "Plan", "id": "AAMk=", "attendees": [{}]}"#)
                .unwrap();
        assert_eq!(
            check_response(&EXAMPLE, &lost),
            Err(ResponseDiff::RoundTrip {
                difference: JsonDiff::Missing {
                    pointer: "/attendees/0/type".to_owned()
                }
            })
        );
        let changed: Value = serde_json::from_str(
            r#"{"subject": "Plan", "id": "AAMk=", "attendees": [{"type": "optional"}]}"#,
        )
        .unwrap();
        assert_eq!(
            check_response(&EXAMPLE, &changed).map_err(|d| d.reason()),
            Err("round trip changed a value")
        );
    }
}
