//! A model per resource: a plain struct of `Option` fields plus `additional`, and the small impls that plug it
//! into graph-runtime's shared, table-driven (de)serializer (`graph_runtime::model`). `Model`, `Field`
//! and `FromResponse` come from graph-runtime's blanket impls: every impl and body a model does without is one less
//! for rustc to check, per model (about 2,000 in a beta folder). `Default` is written out rather than derived:
//! every field is `None`, a constant, where the derive calls `Default::default()` once per field (a call and an
//! unwind edge each in the MIR rustc checks and keeps). `Clone` is written out too, as the same field-by-field
//! body the derive expands to: without the derive's expansion, the beta folder's client checked 0.3-0.5 s
//! (3-4%) faster in the same session, for about 15 MB more peak memory.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, docs, ident, rust_type};
use crate::ir::types::{ModelDef, TypeId};
use crate::ir::Ir;

/// The tokens of one model.
pub fn model(ir: &Ir, id: TypeId, model: &ModelDef) -> TokenStream {
    let def = &ir.space.types[id];
    let depth = def.module.len();
    let name = ident(&def.ident);
    let fields = ir
        .model_fields
        .get(&id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let type_doc = doc(&format!(
        "{}\n\nOData type `{}`{}. Documented in `{}`.",
        docs::description(&def.description, &format!("The `{}` resource.", def.name)),
        model.odata_type,
        model
            .base
            .map(|b| format!(
                ", derived from `{}.{}`",
                ir.space.types[b].namespace, ir.space.types[b].name
            ))
            .unwrap_or_default(),
        def.location
    ));
    let declarations = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let mut ty = rust_type(&ir.space, &f.ty, depth);
        if f.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let mut text = format!(
            "{}\n\nJSON member `{}`.",
            docs::description(&f.description, "Not described."),
            f.json
        );
        if let Some(target) = &f.untyped {
            text.push_str(&format!(
                " A relationship to `{target}`, which this selection does not generate: kept as JSON; add `types: [\"{target}\"]` to type it."
            ));
        }
        let field_doc = doc(&text);
        quote!(#field_doc pub #field: ::std::option::Option<#ty>,)
    });
    let json_names = fields.iter().map(|f| f.json.as_str());
    let nones = fields.iter().map(|f| ident(&f.ident));
    let field_idents = fields.iter().map(|f| ident(&f.ident));
    let cloned = fields.iter().map(|f| ident(&f.ident));
    let indexes = 0..fields.len();
    let odata_type = &model.odata_type;
    let rest = quote!(::graph_runtime::model::Member::Additional(
        &::graph_runtime::model::Table { odata_type: #odata_type, names: &[#(#json_names),*] },
        &mut self.additional
    ));
    let member = if fields.is_empty() {
        quote!(#[inline] fn member(&mut self, _index: usize) -> ::graph_runtime::model::Member<'_> { #rest })
    } else {
        quote!(#[inline] fn member(&mut self, index: usize) -> ::graph_runtime::model::Member<'_> {
            ::graph_runtime::model::Member::Field(match index { #(#indexes => &mut self.#field_idents,)* _ => return #rest })
        })
    };
    quote! {
        #type_doc
        pub struct #name {
            #(#declarations)*
            /// JSON members the docs do not list (`@odata.type`, `@odata.etag`, new properties, `null`s), kept so that a round trip loses nothing.
            pub additional: ::graph_runtime::model::Additional,
        }
        impl ::std::clone::Clone for #name {
            #[inline] fn clone(&self) -> Self { Self { #(#cloned: ::std::clone::Clone::clone(&self.#cloned),)* additional: ::std::clone::Clone::clone(&self.additional) } }
        }
        impl ::std::default::Default for #name {
            #[inline] fn default() -> Self { Self { #(#nones: ::std::option::Option::None,)* additional: ::graph_runtime::model::Additional::new() } }
        }
        impl ::graph_runtime::model::Fields for #name {
            #member
            #[inline] fn additional(&self) -> &::graph_runtime::model::Additional { &self.additional }
        }
        impl ::graph_runtime::serde::Serialize for #name {
            fn serialize<S: ::graph_runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> { ::graph_runtime::model::serialize(self, serializer) }
        }
        impl<'de> ::graph_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::graph_runtime::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> { ::graph_runtime::model::deserialize(deserializer) }
        }
        impl ::std::fmt::Debug for #name {
            #[inline] fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { ::graph_runtime::model::debug(self, f) }
        }
        impl ::std::cmp::PartialEq for #name {
            #[inline] fn eq(&self, other: &Self) -> bool { ::graph_runtime::model::eq(self, other) }
        }
    }
}
