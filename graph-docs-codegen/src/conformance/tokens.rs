//! `CONFORMANCE`, one `graph_runtime::conformance::Case` per example of `EXAMPLES`: the typed call that reproduces
//! the example (planned by [`plan`](super::plan)) as a small closure, or the reason there is none, and the decoder
//! of the operation's typed response. The shared checks are compiled once, in `graph_runtime::conformance`.

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::{plan, CallPlan, SkipPlan, Value};
use crate::codegen::{doc, ident, own, rust_type};
use crate::ir::operations::{BodyDef, ResponseDef};
use crate::ir::select::Selection;
use crate::ir::types::{RustType, TypeKind};
use crate::ir::{operation_type_names, Ir};
use crate::page::type_expr::Primitive;
use crate::page::DocSet;

/// `pub static CONFORMANCE`.
pub fn conformance(docs: &DocSet, ir: &Ir, selection: &Selection) -> TokenStream {
    let plans = plan(docs, ir, selection);
    let cases = plans.iter().map(|case| {
        let index = case.example;
        let annotated = case.annotated;
        let build = match &case.call {
            Ok(call) => {
                let closure = call_tokens(ir, call);
                quote!(::std::result::Result::Ok(#closure))
            }
            Err(skip) => {
                let skip = skip_tokens(skip);
                quote!(::std::result::Result::Err(#skip))
            }
        };
        let response = response_tokens(ir, case.response_op);
        let via = match &case.call {
            Ok(call) if case.elsewhere => {
                let source = ir.operations[call.op].location.to_string();
                quote!(::std::option::Option::Some(#source))
            }
            _ => quote!(::std::option::Option::None),
        };
        quote! {
            ::graph_runtime::conformance::Case { example: &EXAMPLES[#index], annotated: #annotated, build: #build, via: #via, response: #response }
        }
    });
    let text = format!(
        "One conformance case per example of [`EXAMPLES`] ({}): the typed call that reproduces it, or why there is none. \
         Run them with `graph_runtime::conformance::run(CONFORMANCE)`.",
        plans.len()
    );
    let conformance_doc = doc(&text);
    quote! {
        // graph-runtime's `conformance` feature decides: the table, or a compile error naming the feature.
        ::graph_runtime::__conformance_table! {
            #conformance_doc
            pub static CONFORMANCE: &[::graph_runtime::conformance::Case] = &[#(#cases),*];
        }
    }
}

/// `|client, example| Ok(module::op(client, args.., &body).setter(value)...spec().clone())`.
fn call_tokens(ir: &Ir, call: &CallPlan) -> TokenStream {
    let op = &ir.operations[call.op];
    let modules = op.module.iter().map(ident);
    let function = ident(&op.ident);
    let args = call.args.iter().map(|value| value_tokens(ir, value));
    let setters = call.setters.iter().map(|setter| {
        let name = ident(&setter.ident);
        let value = value_tokens(ir, &setter.value);
        quote!(.#name(#value))
    });
    let (body, uses_example) = match &op.body {
        BodyDef::None => (quote!(), false),
        BodyDef::Bytes(_) => (quote!(, ::graph_runtime::conformance::bytes(example)), true),
        BodyDef::Json(ty) => {
            let ty = rust_type(&ir.space, ty, 0);
            (
                quote!(, &::graph_runtime::conformance::body::<#ty>(example)?),
                true,
            )
        }
        BodyDef::Params { .. } => {
            let (_, body_name) = operation_type_names(op);
            let name = body_name.as_ref().map_or_else(|| own("Body"), ident);
            let modules = op.module.iter().map(ident);
            (
                quote!(, &::graph_runtime::conformance::body::<self::#(#modules::)* #name>(example)?),
                true,
            )
        }
    };
    let example = if uses_example {
        quote!(example)
    } else {
        quote!(_)
    };
    quote! {
        |client, #example| ::std::result::Result::Ok(
            self::#(#modules::)* #function(client #(, #args)* #body) #(#setters)* .spec().clone()
        )
    }
}

/// A value as an argument.
fn value_tokens(ir: &Ir, value: &Value) -> TokenStream {
    match value {
        Value::Str(text) => quote!(#text),
        Value::List(items) => quote!(&[#(#items),*]),
        Value::OwnedString(text) => quote!(&::std::string::String::from(#text)),
        Value::Pair(name, text) => quote!(#name, #text),
        Value::Unsigned(n) => quote!(#n),
        Value::Literal(p, text) => {
            let literal = match p {
                Primitive::Boolean => {
                    return if text == "true" {
                        quote!(true)
                    } else {
                        quote!(false)
                    }
                }
                Primitive::Byte => text.parse().map(proc_macro2::Literal::u8_suffixed).ok(),
                Primitive::SByte => text.parse().map(proc_macro2::Literal::i8_suffixed).ok(),
                Primitive::Int16 => text.parse().map(proc_macro2::Literal::i16_suffixed).ok(),
                Primitive::Int32 => text.parse().map(proc_macro2::Literal::i32_suffixed).ok(),
                Primitive::Int64 => text.parse().map(proc_macro2::Literal::i64_suffixed).ok(),
                _ => text.parse().map(proc_macro2::Literal::f64_suffixed).ok(),
            };
            // The plan only holds literals that parse; one that does not fails the build with its text.
            literal.map_or_else(|| quote!(::core::compile_error!(#text)), |l| quote!(#l))
        }
        Value::Parsed { ty, name, text } => {
            let ty = rust_type(&ir.space, ty, 0);
            quote!(&::graph_runtime::conformance::value::<#ty>(#name, #text)?)
        }
    }
}

/// The decoder of the typed response of an operation.
fn response_tokens(ir: &Ir, op: Option<usize>) -> TokenStream {
    let Some(op) = op.and_then(|i| ir.operations.get(i)) else {
        return quote!(::graph_runtime::conformance::Response::Unknown);
    };
    let decoder = |function: TokenStream, ty: &RustType| {
        let variant = match ty {
            RustType::Json => quote!(Untyped),
            _ => quote!(Json),
        };
        let ty = rust_type(&ir.space, ty, 0);
        quote!(::graph_runtime::conformance::Response::#variant(::graph_runtime::conformance::#function::<#ty>))
    };
    match &op.response {
        ResponseDef::Unit | ResponseDef::Accepted => {
            quote!(::graph_runtime::conformance::Response::Empty)
        }
        ResponseDef::Bytes => quote!(::graph_runtime::conformance::Response::Bytes),
        ResponseDef::Page(ty) => decoder(quote!(decode_page), ty),
        // An optional body is checked as the body when the example shows one (an example without one has
        // nothing to decode).
        ResponseDef::Single(ty @ RustType::Named(id))
        | ResponseDef::Optional(ty @ RustType::Named(id))
            if matches!(ir.space.types[*id].kind, TypeKind::Model(_)) =>
        {
            decoder(quote!(decode_field), ty)
        }
        ResponseDef::Single(ty @ (RustType::Json | RustType::Vec(_)))
        | ResponseDef::Optional(ty @ (RustType::Json | RustType::Vec(_))) => {
            decoder(quote!(decode_field), ty)
        }
        ResponseDef::Single(ty) | ResponseDef::Optional(ty) => decoder(quote!(decode_value), ty),
    }
}

/// A `graph_runtime::conformance::Skip`.
fn skip_tokens(skip: &SkipPlan) -> TokenStream {
    match skip {
        SkipPlan::EmptyRequest => quote!(::graph_runtime::conformance::Skip::EmptyRequest),
        SkipPlan::NoOperation => quote!(::graph_runtime::conformance::Skip::NoOperation),
        SkipPlan::NoLineForMethod => quote!(::graph_runtime::conformance::Skip::NoLineForMethod),
        SkipPlan::NoMatchingLine(path) => {
            quote!(::graph_runtime::conformance::Skip::NoMatchingLine { path: #path })
        }
        SkipPlan::PrefixedPath(prefix) => {
            quote!(::graph_runtime::conformance::Skip::PrefixedPath { prefix: #prefix })
        }
        SkipPlan::NotGraph(host) => {
            quote!(::graph_runtime::conformance::Skip::NotGraph { host: #host })
        }
        SkipPlan::UnparseableUrl => quote!(::graph_runtime::conformance::Skip::UnparseableUrl),
        SkipPlan::NoSetter(name) => {
            quote!(::graph_runtime::conformance::Skip::NoSetter { name: #name })
        }
        SkipPlan::BadValue {
            name,
            value,
            expected,
        } => {
            quote!(::graph_runtime::conformance::Skip::BadValue { name: #name, value: #value, expected: #expected })
        }
        SkipPlan::MissingBody => quote!(::graph_runtime::conformance::Skip::MissingBody),
    }
}
