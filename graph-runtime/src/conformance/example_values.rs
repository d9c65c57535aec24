//! What generated calls use to build the typed API's arguments from an example's values (its body, a key or query
//! value), and to decode the example's response into the typed response and serialize it again.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::example::{example_json, DocExample};
use crate::model::Field;

/// An error while building a call or decoding a response from an example's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The example's body is not JSON (comments, `...`, placeholders; see [`example_json`]).
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

    #[test]
    fn primitives_are_decoded_inside_their_wrapper() {
        let wrapped = r#"{"@odata.context": "c", "value": true}"#;
        assert_eq!(
            decode_value::<bool>(wrapped).unwrap(),
            serde_json::json!({"@odata.context": "c", "value": true})
        );
        assert!(decode_value::<bool>(r#"{"value": "yes"}"#).is_err());
    }
}
