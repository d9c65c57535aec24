//! Values taken from an example's text, and how each is passed to the typed call: a by-value primitive checked
//! now, a string, a list, or a typed value parsed at run time.

use super::plan::{SkipPlan, Value};
use crate::ir::operations::ArgType;
use crate::ir::types::RustType;
use crate::page::type_expr::Primitive;
use graph_docs_example_url::unquote;

/// The value of a path argument from its captured text (`odata`: inside function or key parentheses).
pub(super) fn arg_value(
    ty: &ArgType,
    name: &str,
    text: &str,
    odata: bool,
) -> Result<Value, SkipPlan> {
    match ty {
        ArgType::Str if odata => Ok(Value::Str(unquote(text))),
        ArgType::Str => Ok(Value::Str(text.to_owned())),
        ArgType::Typed(RustType::Primitive(Primitive::String)) => {
            Ok(Value::OwnedString(unquote(text)))
        }
        ArgType::Typed(ty) => typed_value(ty, name, &unquote(text)),
    }
}

/// A typed value: a by-value primitive checked now, anything else parsed at run time.
pub(super) fn typed_value(ty: &RustType, name: &str, text: &str) -> Result<Value, SkipPlan> {
    match ty {
        RustType::Primitive(p) if crate::codegen::by_value(ty) => literal(*p, name, text),
        RustType::Primitive(Primitive::String) => Ok(Value::OwnedString(text.to_owned())),
        _ => Ok(Value::Parsed {
            ty: ty.clone(),
            name: name.to_owned(),
            text: text.to_owned(),
        }),
    }
}

/// A by-value primitive literal, if the text parses as one.
pub(super) fn literal(p: Primitive, name: &str, text: &str) -> Result<Value, SkipPlan> {
    let ok = match p {
        Primitive::Boolean => matches!(text, "true" | "false"),
        Primitive::Byte => text.parse::<u8>().is_ok(),
        Primitive::SByte => text.parse::<i8>().is_ok(),
        Primitive::Int16 => text.parse::<i16>().is_ok(),
        Primitive::Int32 => text.parse::<i32>().is_ok(),
        Primitive::Int64 => text.parse::<i64>().is_ok(),
        Primitive::Single | Primitive::Double | Primitive::Decimal => {
            text.parse::<f64>().is_ok_and(f64::is_finite)
        }
        _ => false,
    };
    if ok {
        Ok(Value::Literal(p, text.to_owned()))
    } else {
        Err(bad(name, text, &format!("a {p:?}")))
    }
}

/// A value that does not parse as the type expected.
pub(super) fn bad(name: &str, value: &str, expected: &str) -> SkipPlan {
    SkipPlan::BadValue {
        name: name.to_owned(),
        value: value.to_owned(),
        expected: expected.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_typed_or_refused() {
        assert_eq!(
            arg_value(&ArgType::Str, "id", "'it''s'", true),
            Ok(Value::Str("it's".to_owned()))
        );
        assert_eq!(
            arg_value(&ArgType::Str, "id", "'", true),
            Ok(Value::Str("'".to_owned()))
        );
        assert_eq!(
            arg_value(
                &ArgType::Typed(RustType::Primitive(Primitive::Int32)),
                "n",
                "x",
                true
            ),
            Err(bad("n", "x", "a Int32"))
        );
    }
}
