//! Support for generated request builders: the few operations every builder performs, compiled once here
//! instead of once per operation.

use std::borrow::Cow;

use bytes::Bytes;

use crate::model::Field;
use crate::request::{Body, RequestSpec};

/// A request description with an empty query, no headers and no body.
pub fn spec(operation: &'static crate::Operation, path: String) -> RequestSpec {
    RequestSpec {
        operation,
        path,
        query: Vec::new(),
        headers: Vec::new(),
        body: Body::Empty,
    }
}

/// Adds a query pair (unencoded; the runtime encodes it).
pub fn query(spec: &mut RequestSpec, name: &'static str, value: String) {
    spec.query.push((Cow::Borrowed(name), value));
}

/// Adds a list-valued OData option (`$select`, `$expand`, `$orderby`): the items joined with `,`.
pub fn query_list(spec: &mut RequestSpec, name: &'static str, items: &[&str]) {
    query(spec, name, items.join(","));
}

/// Adds a header.
pub fn header(spec: &mut RequestSpec, name: &'static str, value: String) {
    spec.headers.push((Cow::Borrowed(name), value));
}

/// Sets a JSON body from a model or other field value.
pub fn json_body(spec: &mut RequestSpec, value: &dyn JsonBody) {
    spec.body = Body::Json(Bytes::from(value.body_json().to_string()));
}

/// Sets a binary body.
pub fn bytes_body(spec: &mut RequestSpec, data: Bytes, content_type: &'static str) {
    spec.body = Body::Bytes {
        data,
        content_type: Cow::Borrowed(content_type),
    };
}

/// A value that can be sent as a JSON request body (object-safe, so [`json_body`] is compiled once).
pub trait JsonBody {
    /// The JSON to send.
    fn body_json(&self) -> serde_json::Value;
}

impl<T: Field> JsonBody for T {
    fn body_json(&self) -> serde_json::Value {
        self.to_json()
    }
}

/// The object a generated request-body struct is read from.
pub fn object(
    value: &serde_json::Value,
) -> Result<&serde_json::Map<String, serde_json::Value>, crate::model::FieldError> {
    value
        .as_object()
        .ok_or_else(|| crate::model::FieldError::expected("an object", value))
}

/// The members of `object` not in `known`: a request-body struct's `additional`.
pub fn rest(
    object: &serde_json::Map<String, serde_json::Value>,
    known: &[&str],
) -> crate::model::Additional {
    object
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Reads a required member of a generated request-body struct.
pub fn required<T: Field>(
    object: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<T, crate::model::FieldError> {
    match object.get(name) {
        Some(value) => T::from_json(value),
        None => Err(crate::model::FieldError::new(format!(
            "missing required member `{name}`"
        ))),
    }
}

/// Reads an optional member of a generated request-body struct.
pub fn optional<T: Field>(
    object: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<Option<T>, crate::model::FieldError> {
    match object.get(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(value) => T::from_json(value).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Method, Operation, Permissions, Scopes};

    static OP: Operation = Operation {
        name: "list_things",
        method: Method::Get,
        path_template: "/things",
        source: "api/thing-list.md:20",
        permissions: Permissions {
            delegated_work: Scopes::NotStated,
            delegated_personal: Scopes::NotStated,
            application: Scopes::NotStated,
        },
    };

    #[test]
    fn fills_the_request_description() {
        let mut spec = spec(&OP, "/things".to_owned());
        query_list(&mut spec, "$select", &["id", "displayName"]);
        query(&mut spec, "$top", 5.to_string());
        header(&mut spec, "ConsistencyLevel", "eventual".to_owned());
        json_body(&mut spec, &vec![1i64, 2]);
        assert_eq!(
            spec.query[0],
            (Cow::Borrowed("$select"), "id,displayName".to_owned())
        );
        assert_eq!(spec.query[1].1, "5");
        assert_eq!(spec.headers[0].0, "ConsistencyLevel");
        match &spec.body {
            Body::Json(bytes) => assert_eq!(&bytes[..], b"[1,2]"),
            other => panic!("unexpected body {other:?}"),
        }
    }

    #[test]
    fn reads_body_members() {
        let object = serde_json::json!({"a": 1, "b": null});
        let object = object.as_object().unwrap();
        assert_eq!(required::<i32>(object, "a").unwrap(), 1);
        assert!(required::<i32>(object, "c").is_err());
        assert_eq!(optional::<i32>(object, "b").unwrap(), None);
        assert!(optional::<String>(object, "a").is_err());
    }
}
