//! An enum per enum page: the documented members plus a catch-all variant that keeps any other value as sent
//! (the reason `unknownFutureValue` exists), with the impls that make it a model field and a serde value; it is
//! an OData literal and a response through graph-runtime's blanket impls over `Enum`, with no impl of its own.
//!
//! `Clone`, `PartialEq`, `Hash` and `Debug` are written out as one call each to graph-runtime's functions over
//! the wire value, not derived: a derive matches every member (an arm per member in `Clone` and `Debug`), and
//! with hundreds of enums in a folder those bodies were about 5% of the beta client's build. So an enum is
//! equal to, hashes as and prints as its wire value, as a model prints as its JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, docs, ident};
use crate::ir::types::{EnumDef, TypeId};
use crate::ir::Ir;

/// The tokens of one enum.
pub fn enumeration(ir: &Ir, id: TypeId, e: &EnumDef) -> TokenStream {
    let def = &ir.space.types[id];
    let name = ident(&def.ident);
    let flags = if e.flags {
        " A flags enum: a combination such as `a,b` is kept in the catch-all variant."
    } else {
        ""
    };
    let type_doc = doc(&format!(
        "{}\n\nOData enum `{}.{}`.{flags} Documented in `{}`.",
        docs::description(
            &def.description,
            &format!("The `{}` enumeration.", def.name)
        ),
        def.namespace,
        def.name,
        def.location
    ));
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.ident)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = e.variants.iter().map(|v| {
        let wire = &v.wire;
        let text = if v.description.trim().is_empty() {
            format!("`{wire}`.")
        } else {
            format!("`{wire}`: {}", docs::text(&v.description))
        };
        doc(&text)
    });
    let other = ident(&e.catch_all);
    quote! {
        #type_doc
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the docs do not list, kept as sent.
            #other(::std::string::String),
        }
        // Written out: the derive adds a method asserting that every field is `Eq`, one more body per enum
        // for rustc to check and to compile, where the only field is a `String`.
        impl ::std::cmp::Eq for #name {}
        impl ::std::clone::Clone for #name {
            #[inline] fn clone(&self) -> Self { ::graph_runtime::model::clone_enum(self) }
        }
        impl ::std::cmp::PartialEq for #name {
            #[inline] fn eq(&self, other: &Self) -> bool { ::graph_runtime::model::eq_enum(self, other) }
        }
        impl ::std::hash::Hash for #name {
            #[inline] fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) { ::graph_runtime::model::hash_enum(self, state) }
        }
        impl ::std::fmt::Debug for #name {
            #[inline] fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { ::graph_runtime::model::debug_enum(self, f) }
        }
        impl ::graph_runtime::model::Enum for #name {
            #[inline] fn from_wire(value: &str) -> Self {
                match value { #( #wires => Self::#variants, )* other => Self::#other(::std::string::String::from(other)) }
            }
            #[inline] fn as_wire(&self) -> &str {
                match self { #( Self::#variants => #wires, )* Self::#other(value) => value }
            }
        }
        impl ::graph_runtime::model::Field for #name { type Codec = ::graph_runtime::model::EnumCodec; }
        impl ::graph_runtime::serde::Serialize for #name {
            #[inline] fn serialize<S: ::graph_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> { ::graph_runtime::model::serialize_enum(<Self as ::graph_runtime::model::Enum>::as_wire(self), serializer) }
        }
        impl<'de> ::graph_runtime::serde::Deserialize<'de> for #name {
            #[inline] fn deserialize<D: ::graph_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> { ::graph_runtime::model::deserialize_enum(deserializer) }
        }
    }
}
