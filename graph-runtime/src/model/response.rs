//! How models, enums and primitives are decoded from a response, and how an enum is written as an OData literal.

use serde_json::Value;

use super::{write_enum_odata, Enum, EnumCodec, Field, Fields, ModelCodec};
use crate::error::Error;
use crate::response::{FromResponse, RawResponse};

/// How a [`Field`] type whose codec implements it is decoded from a response: models from the JSON body
/// ([`ModelCodec`]), enums from `{"value": ...}` ([`EnumCodec`]). Lets one blanket impl give generated models and
/// enums [`FromResponse`] without an impl of their own.
pub trait ResponseCodec<T> {
    /// Decodes the response.
    fn from_response(raw: RawResponse) -> Result<T, Error>;
}

impl<M: Fields + Default + Clone> ResponseCodec<M> for ModelCodec {
    fn from_response(raw: RawResponse) -> Result<M, Error> {
        // As the model's `Deserialize` does: the object first (compiled once, whatever the model), then the fields.
        Ok(super::from_object(&raw.json::<super::Additional>()?))
    }
}

impl<E: Enum + Field> ResponseCodec<E> for EnumCodec {
    fn from_response(raw: RawResponse) -> Result<E, Error> {
        value_response(&raw)
    }
}

/// A model is decoded from a JSON response body, an enum from `{"value": ...}` (see [`ResponseCodec`]).
impl<T: Field> FromResponse for T
where
    T::Codec: ResponseCodec<T>,
{
    fn from_response(raw: RawResponse) -> Result<Self, Error> {
        T::Codec::from_response(raw)
    }
}

/// An enum is written as an OData literal: its quoted wire value, as Graph accepts enum arguments.
impl<E: Enum> crate::ODataLiteral for E {
    fn write_odata(&self, out: &mut String) {
        write_enum_odata(self.as_wire(), out);
    }
}

/// Decodes a primitive or enum response: Graph wraps a returned primitive as `{"value": ...}`; a bare value is
/// read too. The blanket [`FromResponse`] impl for enums and the primitives' impls call this.
pub fn value_response<T: Field>(raw: &RawResponse) -> Result<T, Error> {
    let value: Value = raw.json()?;
    let inner = match &value {
        Value::Object(object) => object.get("value").unwrap_or(&value),
        _ => &value,
    };
    T::from_json(inner).map_err(|e| Error::Decode {
        operation: raw.operation(),
        status: raw.status().as_u16(),
        body: raw.body().clone(),
        path: "value".to_owned(),
        message: e.to_string(),
    })
}

macro_rules! primitive_response {
    ($($ty:ty),*) => {$(
        /// A primitive return value (`{"value": ...}`).
        impl FromResponse for $ty {
            fn from_response(raw: RawResponse) -> Result<Self, Error> {
                value_response(&raw)
            }
        }
    )*};
}

primitive_response!(
    String,
    bool,
    i8,
    u8,
    i16,
    i32,
    i64,
    f64,
    crate::edm::DateTimeOffset,
    crate::edm::Date,
    crate::edm::TimeOfDay,
    crate::edm::Duration,
    crate::edm::Guid,
    crate::edm::Binary
);
