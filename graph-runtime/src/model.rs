//! Runtime support for generated models: one shared, table-driven (de)serializer instead of a serde derive
//! per model.
//!
//! A generated model is a plain struct: every documented property is a `pub Option<T>` field, and
//! `additional` keeps every JSON member the docs do not list (including `@odata.*` annotations), so a
//! round trip loses nothing. Its generated code is only an index-to-field `match` that ends with the field table
//! ([`Fields`]), plus one-line `Field`, `Serialize`, `Deserialize`, `Debug` and `PartialEq` impls that call the
//! shared functions here; [`Model`] and [`FromResponse`](crate::response::FromResponse) come from blanket impls.
//! The (de)serialization logic is compiled once, in this crate, whatever the number of models. The built-in
//! field types' codec is in `plain.rs`, response decoding in `response.rs`.
//!
//! Decoding is lenient, because the docs are not always right about the wire: a documented member whose
//! value does not decode as the documented type, or would not be written back exactly as it came (`3.0`
//! read as a Double), is kept unchanged in `additional` and its field stays `None`; a `null` is kept there
//! too, so it is written back as `null`. A round trip is therefore lossless by construction.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

mod plain;
mod response;

pub use response::{value_response, ResponseCodec};

/// JSON members a model does not declare, by name, in the order read.
pub type Additional = Map<String, Value>;

/// A JSON value that does not have the shape of the Rust type it was decoded into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    message: String,
}

impl FieldError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        FieldError {
            message: message.into(),
        }
    }

    /// "expected {what}, found {a JSON kind}".
    pub fn expected(what: &str, found: &Value) -> Self {
        let kind = match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        FieldError::new(format!("expected {what}, found {kind}"))
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// A type that can be a model field: decoded from and encoded to a JSON value. Implemented for the
/// primitives, the [`edm`](crate::edm) types, `Vec<T>`, `serde_json::Value`, by generated enums and request
/// bodies, and for every model (a [`Fields`] type, `Box<M>` of one included) by a blanket impl through
/// [`ModelCodec`].
///
/// An implementation names the [`Codec`] that does the work, so that a generated enum implements it with one
/// line and no code of its own (`type Codec = EnumCodec;`).
pub trait Field: Sized {
    /// The conversion: [`ModelCodec`] for models, [`EnumCodec`] for enums, [`Plain`] for the built-in types.
    type Codec: Codec<Self>;

    /// Decodes a value (never `null`: a `null` member is kept as such by the model).
    fn from_json(value: &Value) -> Result<Self, FieldError> {
        Self::Codec::decode(value)
    }

    /// Encodes the value.
    fn to_json(&self) -> Value {
        Self::Codec::encode(self)
    }
}

/// Converts values of `T` from and to JSON, for [`Field`].
pub trait Codec<T> {
    /// Decodes a value (never `null`).
    fn decode(value: &Value) -> Result<T, FieldError>;
    /// Encodes a value.
    fn encode(value: &T) -> Value;
}

/// The [`Codec`] of generated models: the shared, table-driven conversion of this module.
#[derive(Debug, Clone, Copy)]
pub enum ModelCodec {}

impl<M: Fields + Default + Clone> Codec<M> for ModelCodec {
    fn decode(value: &Value) -> Result<M, FieldError> {
        match value {
            Value::Object(object) => Ok(from_object(object)),
            other => Err(FieldError::expected("an object", other)),
        }
    }

    fn encode(value: &M) -> Value {
        Value::Object(to_map(value))
    }
}

/// The [`Codec`] of generated enums: a JSON string holding the wire value.
#[derive(Debug, Clone, Copy)]
pub enum EnumCodec {}

impl<E: Enum> Codec<E> for EnumCodec {
    fn decode(value: &Value) -> Result<E, FieldError> {
        match value {
            Value::String(text) => Ok(E::from_wire(text)),
            other => Err(FieldError::expected("a string", other)),
        }
    }

    fn encode(value: &E) -> Value {
        Value::from(value.as_wire())
    }
}

/// The [`Codec`] of the built-in field types (primitives, [`edm`](crate::edm) types, `Vec`, `Box`, `Value`).
#[derive(Debug, Clone, Copy)]
pub enum Plain {}

/// One field of a model, type-erased: what the shared (de)serializer reads and writes through.
pub trait Slot {
    /// Sets the field from a JSON value.
    fn set_json(&mut self, value: &Value) -> Result<(), FieldError>;
    /// The field's JSON value, `None` when the field is unset.
    fn get_json(&self) -> Option<Value>;
    /// Unsets the field.
    fn clear(&mut self);
}

/// Written with `match`, not `?` or `Option::map`, and calling the codec rather than `Field`'s forwarding methods:
/// this impl is compiled once per field type in the crate that decodes a model, and each of those brings generic
/// functions of its own with it.
impl<T: Field> Slot for Option<T> {
    fn set_json(&mut self, value: &Value) -> Result<(), FieldError> {
        match T::Codec::decode(value) {
            Ok(decoded) => {
                *self = Some(decoded);
                Ok(())
            }
            Err(err) => Err(err),
        }
    }

    #[allow(clippy::manual_map)] // `Option::map` is what this avoids (see the impl's comment)
    fn get_json(&self) -> Option<Value> {
        match self {
            Some(value) => Some(T::Codec::encode(value)),
            None => None,
        }
    }

    fn clear(&mut self) {
        *self = None;
    }
}

/// A model's OData type and the JSON names of its declared fields.
#[derive(Debug)]
pub struct Table {
    /// The qualified OData type (`microsoft.graph.industryData.fileUploadSession`).
    pub odata_type: &'static str,
    /// JSON names of the declared fields (base types' first), in field index order.
    pub names: &'static [&'static str],
}

/// What [`Fields::member`] lends: a declared field, or the members the model does not declare with the field
/// table.
pub enum Member<'a> {
    /// The declared field at the index asked for.
    Field(&'a mut dyn Slot),
    /// For any index past the declared fields: the field table and `additional`.
    Additional(&'static Table, &'a mut Additional),
}

/// The object-safe part of a model: its field table and access to its fields by index. Generated as two
/// one-line methods per model (the table comes with `additional`, so that it costs no method of its own); the
/// (de)serialization logic is compiled once, here.
pub trait Fields {
    /// The field at `index` of the table's names, mutably (reading goes through it too, on a copy: one
    /// accessor per model instead of two), or [`Member::Additional`] (the table and `additional`) for any
    /// other index.
    fn member(&mut self, index: usize) -> Member<'_>;
    /// Members the model does not declare.
    fn additional(&self) -> &Additional;
}

/// A generated model type. See the [module docs](self).
///
/// Implemented for every type with [`Fields`] and the serde, `Clone` and `Default` impls a model has, so that a
/// generated model needs no impl of its own for it (nor for [`Field`] or
/// [`FromResponse`](crate::response::FromResponse)): each impl a model does not need is one less for the compiler
/// to check per model (measured on the beta folder's 1,777 models: dropping the generated `Field` impls cut the
/// client's build by about 2%).
pub trait Model: Fields + Field + Default + Clone + Serialize + DeserializeOwned {
    /// The `@odata.type` the value carries (`#microsoft.graph.user`), when it has one.
    fn odata_type(&self) -> Option<&str> {
        self.additional().get("@odata.type").and_then(Value::as_str)
    }

    /// The value as another model, losslessly: typically a base-type value (an item of a polymorphic
    /// collection) as the derived type its `@odata.type` names. Members the target does not declare stay in
    /// its `additional`.
    fn cast<T: Model>(&self) -> T {
        from_map(to_map(self))
    }

    /// The value as a JSON object.
    fn to_json_object(&self) -> Additional {
        to_map(self)
    }

    /// A model from a JSON object (lenient, see the [module docs](self)).
    fn from_json_object(object: &Additional) -> Self {
        from_object(object)
    }
}

/// A model from a JSON object (lenient, see the [module docs](self)).
pub(crate) fn from_object<M: Fields + Default>(object: &Additional) -> M {
    let mut model = M::default();
    fill(&mut model, object);
    model
}

impl<M: Fields + Default + Clone + Serialize + DeserializeOwned> Model for M {}

/// Every model is a field, through [`ModelCodec`]. Enums, request bodies and the built-in types are no [`Fields`]
/// types, so their own impls do not overlap with this one.
///
/// This impl, [`ModelCodec`]'s and the shared functions below ask only for what they use (`Fields`, `Default`,
/// `Clone`), not for [`Model`]: the compiler proves those bounds for every generated impl that calls one and for
/// every model field, and `Model`'s (a higher-ranked `DeserializeOwned` among them) made the beta reference's
/// client build about 2.5% slower (15.5 s against 15.9 s, alternating builds in one target directory).
impl<M: Fields + Default + Clone> Field for M {
    type Codec = ModelCodec;
}

/// The field table of a model.
pub fn table(model: &mut dyn Fields) -> &'static Table {
    match model.member(usize::MAX) {
        Member::Additional(table, _) => table,
        // Past the declared fields there is only `additional`; a field here would be a broken generator.
        Member::Field(_) => &Table {
            odata_type: "",
            names: &[],
        },
    }
}

/// Fills a model from a JSON object: declared members into their fields, everything else, `null`s and
/// members that do not decode as documented into `additional`.
pub fn fill(model: &mut dyn Fields, object: &Additional) {
    let names = table(model).names;
    for (key, value) in object {
        let decoded = match names.iter().position(|name| name == key) {
            Some(index) if !value.is_null() => match model.member(index) {
                Member::Field(slot) => decode_exactly(slot, value),
                Member::Additional(..) => false,
            },
            _ => false,
        };
        if !decoded {
            if let Member::Additional(_, additional) = model.member(usize::MAX) {
                additional.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Sets the field only if it encodes back to exactly `value`, so that keeping it loses nothing.
pub(crate) fn decode_exactly(slot: &mut dyn Slot, value: &Value) -> bool {
    if slot.set_json(value).is_err() {
        return false;
    }
    if slot.get_json().as_ref() == Some(value) {
        return true;
    }
    slot.clear();
    false
}

/// The JSON object for a model: set fields in declaration order, then `additional` (a member of
/// `additional` that names a set field is left out: the field wins). Reads through a copy (see
/// [`Fields::member`]).
pub fn to_map<M: Fields + Clone>(model: &M) -> Additional {
    fields_to_map(&mut model.clone())
}

/// The model's JSON object.
fn fields_to_map(model: &mut dyn Fields) -> Additional {
    let mut object = Map::new();
    for (index, name) in table(model).names.iter().enumerate() {
        if let Member::Field(slot) = model.member(index) {
            if let Some(value) = slot.get_json() {
                object.insert((*name).to_owned(), value);
            }
        }
    }
    for (key, value) in model.additional() {
        if !object.contains_key(key) {
            object.insert(key.clone(), value.clone());
        }
    }
    object
}

/// A model from a JSON object.
pub fn from_map<M: Model>(object: Additional) -> M {
    M::from_json_object(&object)
}

/// `Serialize::serialize` for a generated model.
pub fn serialize<M: Fields + Clone, S: Serializer>(
    model: &M,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    to_map(model).serialize(serializer)
}

/// `Deserialize::deserialize` for a generated model.
pub fn deserialize<'de, M: Fields + Default, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<M, D::Error> {
    let object = Map::deserialize(deserializer)?;
    Ok(from_object(&object))
}

/// `Debug::fmt` for a generated model: the type name and the JSON object (`fileUploadSession {"sessionUrl": ...}`).
pub fn debug<M: Fields + Clone>(model: &M, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut copy = model.clone();
    let name = table(&mut copy)
        .odata_type
        .rsplit('.')
        .next()
        .unwrap_or_default();
    write!(f, "{name} {}", Value::Object(fields_to_map(&mut copy)))
}

/// `PartialEq::eq` for generated models: equal JSON (member order aside).
pub fn eq<M: Fields + Clone>(a: &M, b: &M) -> bool {
    to_map(a) == to_map(b)
}

/// A generated enum: documented members plus a catch-all for values the docs do not list.
pub trait Enum: Sized {
    /// The member for a wire value (the catch-all variant for unknown ones).
    fn from_wire(value: &str) -> Self;
    /// The wire value.
    fn as_wire(&self) -> &str;
}

/// `Clone::clone` for a generated enum: the member of the same wire value.
#[inline]
pub fn clone_enum<E: Enum>(value: &E) -> E {
    E::from_wire(value.as_wire())
}

/// `PartialEq::eq` for generated enums: the same wire value (so the catch-all variant holding a documented value
/// equals that member, as Graph cannot tell them apart).
#[inline]
pub fn eq_enum<E: Enum>(a: &E, b: &E) -> bool {
    a.as_wire() == b.as_wire()
}

/// `Hash::hash` for a generated enum: its wire value's, consistent with [`eq_enum`].
#[inline]
pub fn hash_enum<E: Enum, H: std::hash::Hasher>(value: &E, state: &mut H) {
    std::hash::Hash::hash(value.as_wire(), state);
}

/// `Debug::fmt` for a generated enum: its wire value as a quoted string (`"teamsForBusiness"`), as it shows in a
/// model's `Debug`.
pub fn debug_enum<E: Enum>(value: &E, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    fmt::Debug::fmt(value.as_wire(), f)
}

/// `Serialize::serialize` for a generated enum.
pub fn serialize_enum<S: Serializer>(wire: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(wire)
}

/// `Deserialize::deserialize` for a generated enum.
pub fn deserialize_enum<'de, E: Enum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    Ok(E::from_wire(&text))
}

/// `ODataLiteral::write_odata` for a generated enum: a quoted string, as Graph accepts enum arguments.
pub fn write_enum_odata(wire: &str, out: &mut String) {
    out.push('\'');
    out.push_str(&wire.replace('\'', "''"));
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edm::DateTimeOffset;

    /// What the generator emits for a small model (kept by hand here to test the shared code).
    #[derive(Debug, Clone, Default, PartialEq)]
    struct Session {
        expires: Option<DateTimeOffset>,
        url: Option<String>,
        sizes: Option<Vec<i64>>,
        parent: Option<Box<Session>>,
        additional: Additional,
    }

    impl Fields for Session {
        fn member(&mut self, index: usize) -> Member<'_> {
            Member::Field(match index {
                0 => &mut self.expires,
                1 => &mut self.url,
                2 => &mut self.sizes,
                3 => &mut self.parent,
                _ => {
                    return Member::Additional(
                        &Table {
                            odata_type: "microsoft.graph.test.session",
                            names: &["expires", "url", "sizes", "parent"],
                        },
                        &mut self.additional,
                    )
                }
            })
        }
        fn additional(&self) -> &Additional {
            &self.additional
        }
    }

    /// The delegating impls the generator emits for every model, as in generated code (`Model` comes from the
    /// blanket impl).
    macro_rules! model_impls {
        ($model:ty) => {
            impl Serialize for $model {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serialize(self, serializer)
                }
            }

            impl<'de> Deserialize<'de> for $model {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    deserialize(deserializer)
                }
            }
        };
    }

    model_impls!(Session);

    #[derive(Debug, Clone, Default, PartialEq)]
    struct Other {
        url: Option<String>,
        additional: Additional,
    }

    impl Fields for Other {
        fn member(&mut self, index: usize) -> Member<'_> {
            match index {
                0 => Member::Field(&mut self.url),
                _ => Member::Additional(
                    &Table {
                        odata_type: "microsoft.graph.test.other",
                        names: &["url"],
                    },
                    &mut self.additional,
                ),
            }
        }
        fn additional(&self) -> &Additional {
            &self.additional
        }
    }

    model_impls!(Other);

    const SAMPLE: &str = r##"{
        "@odata.type": "#microsoft.graph.test.session",
        "expires": "2022-12-16T06:07:39.3096785Z",
        "url": null,
        "sizes": [1, 2, "three"],
        "parent": {"url": "https://parent", "extra": {"deep": [1, 2]}},
        "unknown": 1.5
    }"##;

    #[test]
    fn decodes_typed_fields_and_keeps_the_rest() {
        let session: Session = serde_json::from_str(SAMPLE).unwrap();
        assert_eq!(
            session.expires.as_ref().unwrap().get().nanosecond(),
            309_678_500
        );
        assert_eq!(session.url, None);
        // "three" is not an Int64: the member is kept as it came, the field stays unset.
        assert_eq!(session.sizes, None);
        assert_eq!(
            session.additional["sizes"],
            serde_json::json!([1, 2, "three"])
        );
        let parent = session.parent.as_ref().unwrap();
        assert_eq!(parent.url.as_deref(), Some("https://parent"));
        assert_eq!(session.odata_type(), Some("#microsoft.graph.test.session"));
    }

    #[test]
    fn a_round_trip_loses_nothing() {
        let original: Value = serde_json::from_str(SAMPLE).unwrap();
        let session: Session = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(serde_json::to_value(&session).unwrap(), original);
    }

    #[test]
    fn a_set_field_wins_over_a_kept_null() {
        let mut session: Session = serde_json::from_str(SAMPLE).unwrap();
        session.url = Some("https://new".into());
        let value = serde_json::to_value(&session).unwrap();
        assert_eq!(value["url"], "https://new");
    }

    #[test]
    fn casting_is_lossless() {
        let session: Session = serde_json::from_str(SAMPLE).unwrap();
        let other: Other = session.cast();
        assert_eq!(other.url, None);
        assert!(other.additional.contains_key("expires"));
        let back: Session = other.cast();
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&session).unwrap()
        );
    }

    #[test]
    fn non_objects_are_errors() {
        assert!(serde_json::from_str::<Session>("[1]").is_err());
        assert!(Session::from_json(&Value::from(3)).is_err());
    }

    #[test]
    fn numbers_keep_their_form() {
        assert_eq!(3.0f64.to_json(), serde_json::json!(3));
        assert_eq!(2.5f64.to_json(), serde_json::json!(2.5));
        assert!(i32::from_json(&serde_json::json!(1u64 << 40)).is_err());
        assert_eq!(
            i64::from_json(&serde_json::json!(1u64 << 40)).unwrap(),
            1 << 40
        );
    }
}
