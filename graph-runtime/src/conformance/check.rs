//! The checks: a rendered request against its example's method, path, query and body, and the example's response
//! decoded into the typed response and serialized again against the example's body. The example's URL is read by
//! [`graph_docs_example_url`], the reader the generator's planning and the replay server use too: it is the
//! expected answer. What is checked, the rendered [`RequestSpec`], comes from the generated call and `PathBuilder`,
//! which share nothing with it.

use graph_docs_example_url::{
    call_args_as_query, default_drive_as_me, keys_as_segments, percent_decode,
    without_trailing_slash, ExampleUrl,
};
use serde_json::Value;

use super::{json_diff, BuildError, RequestDiff, Response, ResponseDiff, Skip};
use crate::example::{example_json, DocExample};
use crate::request::{Body, RequestSpec};

/// Checks a rendered request against its example: method, path, query (in any order) and body (as JSON).
pub fn check_request(example: &DocExample, spec: &RequestSpec) -> Result<(), RequestDiff> {
    let actual_method = spec.operation.method.as_str();
    if !example.request.method.eq_ignore_ascii_case(actual_method) {
        return Err(RequestDiff::Method {
            expected: example.request.method.to_owned(),
            actual: actual_method.to_owned(),
        });
    }
    let url =
        ExampleUrl::parse(example.request.url).ok_or(RequestDiff::Skipped(Skip::UnparseableUrl))?;
    let expected_path = url.path();
    let actual_path = percent_decode(&spec.path);
    // Forms of the same address Graph answers alike. Letter case: Graph resolves the literal segments of a path
    // (entity sets, navigation properties, function names) without regard to it (`/me/calendargroups` is
    // `/me/calendarGroups`), and the keys in the rendered path are the example's own text, captured verbatim, so a
    // difference in letter case only lies in literal segments. A trailing `/`, keys in parentheses and the signed-in
    // user's drive: see `graph_docs_example_url`.
    let canonical = |path: &str| {
        let path = without_trailing_slash(path);
        let path = keys_as_segments(path).unwrap_or_else(|| path.to_owned());
        default_drive_as_me(&path).unwrap_or(path)
    };
    let actual_canonical = canonical(&actual_path);
    let same = |expected: &str| {
        expected.eq_ignore_ascii_case(&actual_path)
            || canonical(expected).eq_ignore_ascii_case(&actual_canonical)
    };
    let mut expected_query = url.query_pairs();
    if !same(&expected_path) {
        // A function's arguments written in its parentheses are the same parameters as query options (see
        // `graph_docs_example_url::call_args_as_query`).
        match call_args_as_query(&expected_path).filter(|(path, _)| same(path)) {
            Some((_, pairs)) => expected_query.extend(pairs),
            None => {
                return Err(RequestDiff::Path {
                    expected: expected_path,
                    actual: actual_path,
                })
            }
        }
    }
    let mut actual_query: Vec<(String, String)> = spec
        .query
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    // Names in the query are case-insensitive in Graph, as the names in its paths are: its URL parser resolves
    // OData system query option names (`$orderBy`, `$Top`) and the names of function parameters, which include
    // parameters passed as query options (`delta?startdatetime=...` for `startDateTime`), without regard to letter
    // case. Every value is compared as written.
    for (key, _) in expected_query.iter_mut().chain(actual_query.iter_mut()) {
        key.make_ascii_lowercase();
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::conformance::decode_page;
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

    pub(crate) static EXAMPLE: DocExample = DocExample {
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

    pub(crate) fn spec(path: &str, query: &[(&'static str, &str)]) -> RequestSpec {
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
    fn function_arguments_in_parentheses_are_the_same_query_options() {
        let example = |url: &'static str| DocExample {
            request: ExampleRequest {
                method: "GET",
                url,
                headers: &[],
                body: None,
            },
            ..EXAMPLE
        };
        let rendered = spec("/me/drive/root/delta", &[("token", "it's")]);
        assert_eq!(
            check_request(&example("/me/drive/root/delta(token='it''s')"), &rendered),
            Ok(())
        );
        // A parameter's name in any letter case is the same parameter.
        assert_eq!(
            check_request(&example("/me/drive/root/delta?TOKEN=it's"), &rendered),
            Ok(())
        );
        // The values must still agree, and a call on another path is another path.
        assert_eq!(
            check_request(&example("/me/drive/root/delta(token='x')"), &rendered)
                .map_err(|d| d.reason()),
            Err("query differs")
        );
        assert_eq!(
            check_request(&example("/me/drive/items/delta(token='it''s')"), &rendered)
                .map_err(|d| d.reason()),
            Err("path differs")
        );
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
    fn differences_are_named() {
        let other_path = spec("/things/c", &[("$select", "id,name"), ("$top", "5")]);
        assert_eq!(
            check_request(&EXAMPLE, &other_path).map_err(|d| d.reason()),
            Err("path differs")
        );
        // Letter case: literal segments and query names are case-insensitive in Graph, values are not.
        let cased = spec("/Things/a%20b", &[("$Select", "id,name"), ("$TOP", "5")]);
        assert_eq!(check_request(&EXAMPLE, &cased), Ok(()));
        let cased_value = spec("/things/a%20b", &[("$select", "ID,name"), ("$top", "5")]);
        assert_eq!(
            check_request(&EXAMPLE, &cased_value).map_err(|d| d.reason()),
            Err("query differs")
        );
        // A key in parentheses and a trailing slash are the same address.
        let example = DocExample {
            request: ExampleRequest {
                url: "https://graph.microsoft.com/v1.0/things('a b')/?$top=5&$select=id,name",
                ..EXAMPLE.request
            },
            ..EXAMPLE
        };
        let rendered = spec("/things/a%20b", &[("$select", "id,name"), ("$top", "5")]);
        assert_eq!(check_request(&example, &rendered), Ok(()));
        // `/drive` is the signed-in user's `/me/drive`, either way round; another user's drive is not.
        let on_drive = |url| DocExample {
            request: ExampleRequest {
                url,
                ..EXAMPLE.request
            },
            ..EXAMPLE
        };
        let query = [("$select", "id,name"), ("$top", "5")];
        let example =
            on_drive("https://graph.microsoft.com/v1.0/drive/root?$top=5&$select=id,name");
        assert_eq!(
            check_request(&example, &spec("/me/drive/root", &query)),
            Ok(())
        );
        let example =
            on_drive("https://graph.microsoft.com/v1.0/me/drive/root?$top=5&$select=id,name");
        assert_eq!(
            check_request(&example, &spec("/drive/root", &query)),
            Ok(())
        );
        assert_eq!(
            check_request(&example, &spec("/users/1/drive/root", &query)).map_err(|d| d.reason()),
            Err("path differs")
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
}
