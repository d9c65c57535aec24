//! The request expression of an operation function, and the private root functions most of them call.
//!
//! Most operation functions take only string arguments and a JSON body or none. Their whole body is one call of
//! a root helper for their number of arguments, `__request_ids_N(client, index, a, b)` or
//! `__request_json_N(client, index, a, body)`, which builds the request from entry `index` of the `OPERATIONS`
//! table. The helpers hold what each function used to spell itself (the table, the `&[&str]` argument list and
//! the call of `Request::ids` or `Request::json`), once per argument count. Typed OData arguments go through
//! `Request::at` and `Arg` values.
//!
//! Why: measured with `bench/operation-shapes.sh` on 8,000 functions (incremental state, as cargo builds a
//! workspace crate), a helper call costs the compiler about a third of what `Request::ids(client,
//! &OPERATIONS, n, &[id])` cost per function (no inherent-path user type to check, no unsizing of the table,
//! no temporary array to borrow-check); on the beta folder's 7,430 such functions, the client builds about 3%
//! faster and its compiler peak is about 60 MB lower.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::ir::operations::{Arg, ArgType, OperationDef};

/// How the generated function passes its body to the request.
pub enum BodyCall {
    /// No body.
    None,
    /// `body`, a JSON body.
    Json,
    /// `body`, bytes of this content type.
    Bytes(String),
}

/// Which root helper a function calls: with a JSON body or without, and its number of string arguments.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Helper {
    /// `__request_ids_N`: `Request::ids`.
    Ids(usize),
    /// `__request_json_N`: `Request::json`.
    Json(usize),
}

impl Helper {
    /// The helper's name, one the generator owns (no page name starts with underscores).
    fn name(self) -> proc_macro2::Ident {
        match self {
            Helper::Ids(n) => format_ident!("__request_ids_{n}"),
            Helper::Json(n) => format_ident!("__request_json_{n}"),
        }
    }
}

/// The root helpers the operation functions call, collected as they are generated: only those called are
/// written.
#[derive(Default)]
pub struct RequestHelpers {
    used: BTreeSet<Helper>,
}

impl RequestHelpers {
    /// The request expression of an operation function `depth` modules below the macro root, for entry `index` of
    /// the root `OPERATIONS` table, its path filled with the function's arguments, and its body.
    pub fn request(
        &mut self,
        op: &OperationDef,
        index: usize,
        depth: usize,
        body: BodyCall,
    ) -> TokenStream {
        let root = vec![quote!(super); depth];
        let strings = op.args.iter().all(|arg| matches!(arg.ty, ArgType::Str));
        let bytes = |content_type: &str| quote!(.with_bytes(body.into(), #content_type));
        if strings {
            let names = op.args.iter().map(|arg| ident(&arg.ident));
            let count = op.args.len();
            let helper = match body {
                BodyCall::Json => Helper::Json(count),
                BodyCall::None | BodyCall::Bytes(_) => Helper::Ids(count),
            };
            self.used.insert(helper);
            let name = helper.name();
            return match body {
                BodyCall::Json => quote!(#(#root::)* #name(client, #index #(, #names)*, body)),
                BodyCall::None => quote!(#(#root::)* #name(client, #index #(, #names)*)),
                BodyCall::Bytes(content_type) => {
                    let bytes = bytes(&content_type);
                    quote!(#(#root::)* #name(client, #index #(, #names)*) #bytes)
                }
            };
        }
        let args = op.args.iter().map(typed_arg);
        let body = match body {
            BodyCall::None => quote!(),
            BodyCall::Json => quote!(.with_json(body)),
            BodyCall::Bytes(content_type) => bytes(&content_type),
        };
        quote! {
            ::graph_runtime::builder::Request::at(client, &#(#root::)* OPERATIONS, #index, &[#(#args),*]) #body
        }
    }

    /// The helpers that [`request`](Self::request) made calls to, as root items.
    pub fn tokens(&self) -> TokenStream {
        let helpers = self.used.iter().map(|&helper| {
            let name = helper.name();
            let (Helper::Ids(count) | Helper::Json(count)) = helper;
            let params: Vec<_> = (0..count).map(|i| format_ident!("id{i}")).collect();
            let body = if matches!(helper, Helper::Json(_)) { "a JSON body" } else { "no JSON body" };
            let arguments = if count == 1 { "argument" } else { "arguments" };
            let doc = format!(
                "The request of entry `index` of `OPERATIONS`, an operation with {count} string {arguments} and {body}."
            );
            match helper {
                Helper::Ids(_) => quote! {
                    #[doc = #doc]
                    #[inline(always)]
                    fn #name<'a, T, O>(client: &'a ::graph_runtime::Client, index: usize #(, #params: &str)*) -> ::graph_runtime::builder::Request<'a, T, O> {
                        ::graph_runtime::builder::Request::ids(client, &OPERATIONS, index, &[#(#params),*])
                    }
                },
                Helper::Json(_) => quote! {
                    #[doc = #doc]
                    #[inline(always)]
                    fn #name<'a, T, O, B: ::graph_runtime::builder::JsonBody>(client: &'a ::graph_runtime::Client, index: usize #(, #params: &str)*, body: &B) -> ::graph_runtime::builder::Request<'a, T, O> {
                        ::graph_runtime::builder::Request::json(client, &OPERATIONS, index, &[#(#params),*], body)
                    }
                },
            }
        });
        quote!(#(#helpers)*)
    }
}

/// An argument of `Request::at`: a string segment, or a typed OData value.
fn typed_arg(arg: &Arg) -> TokenStream {
    let name = ident(&arg.ident);
    match &arg.ty {
        ArgType::Str => quote!(::graph_runtime::builder::Arg::Str(#name)),
        ArgType::Typed(ty) if super::by_value(ty) => {
            quote!(::graph_runtime::builder::Arg::OData(&#name))
        }
        ArgType::Typed(_) => quote!(::graph_runtime::builder::Arg::OData(#name)),
    }
}
