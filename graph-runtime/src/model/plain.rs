//! The [`Plain`] codec: how the built-in field types (strings, booleans, integers, `f64`, `Value`, `Vec`) read
//! and write their JSON. The [`edm`](crate::edm) types have theirs beside them. A `Box` (which breaks a recursive
//! model) is the model it holds: its [`Fields`] are the model's, so it is a field through the models' codec.

use serde_json::Value;

use super::{Additional, Codec, Field, FieldError, Fields, Member, Plain};

impl Field for String {
    type Codec = Plain;
}

impl Codec<String> for Plain {
    fn decode(value: &Value) -> Result<String, FieldError> {
        match value {
            Value::String(text) => Ok(text.clone()),
            other => Err(FieldError::expected("a string", other)),
        }
    }

    fn encode(value: &String) -> Value {
        Value::String(value.clone())
    }
}

impl Field for bool {
    type Codec = Plain;
}

impl Codec<bool> for Plain {
    fn decode(value: &Value) -> Result<bool, FieldError> {
        value
            .as_bool()
            .ok_or_else(|| FieldError::expected("a boolean", value))
    }

    fn encode(value: &bool) -> Value {
        Value::Bool(*value)
    }
}

macro_rules! integer_field {
    ($($ty:ty),*) => {$(
        impl Field for $ty {
            type Codec = Plain;
        }

        impl Codec<$ty> for Plain {
            fn decode(value: &Value) -> Result<$ty, FieldError> {
                value
                    .as_i64()
                    .and_then(|n| <$ty>::try_from(n).ok())
                    .ok_or_else(|| FieldError::expected(stringify!($ty), value))
            }

            fn encode(value: &$ty) -> Value {
                Value::from(*value)
            }
        }
    )*};
}

integer_field!(i8, u8, i16, i32, i64);

impl Field for f64 {
    type Codec = Plain;
}

impl Codec<f64> for Plain {
    fn decode(value: &Value) -> Result<f64, FieldError> {
        value
            .as_f64()
            .ok_or_else(|| FieldError::expected("a number", value))
    }

    fn encode(value: &f64) -> Value {
        // Integral values keep an integral JSON form (`3`, not `3.0`), as the service writes them.
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            Value::from(*value as i64)
        } else {
            serde_json::Number::from_f64(*value).map_or(Value::Null, Value::Number)
        }
    }
}

impl Field for Value {
    type Codec = Plain;
}

impl Codec<Value> for Plain {
    fn decode(value: &Value) -> Result<Value, FieldError> {
        Ok(value.clone())
    }

    fn encode(value: &Value) -> Value {
        value.clone()
    }
}

impl<T: Field> Field for Vec<T> {
    type Codec = Plain;
}

impl<T: Field> Codec<Vec<T>> for Plain {
    fn decode(value: &Value) -> Result<Vec<T>, FieldError> {
        match value {
            Value::Array(items) => {
                // A loop and `match` rather than iterator adapters and `?`: this is compiled once per item type in
                // the crate that decodes it, and a `map(..).collect()` into a `Result` brings about fifteen generic
                // functions with it each time.
                let mut decoded = Vec::with_capacity(items.len());
                for item in items {
                    match T::Codec::decode(item) {
                        Ok(item) => decoded.push(item),
                        Err(err) => return Err(err),
                    }
                }
                Ok(decoded)
            }
            other => Err(FieldError::expected("an array", other)),
        }
    }

    fn encode(value: &Vec<T>) -> Value {
        let mut items = Vec::with_capacity(value.len());
        for item in value {
            items.push(T::Codec::encode(item));
        }
        Value::Array(items)
    }
}

impl<T: Fields> Fields for Box<T> {
    fn member(&mut self, index: usize) -> Member<'_> {
        (**self).member(index)
    }

    fn additional(&self) -> &Additional {
        (**self).additional()
    }
}
