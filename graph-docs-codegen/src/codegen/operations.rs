//! One operation: a function that takes the client and the path parameters and fills a request description, and
//! a builder whose setters add query options and headers and which is awaited through `IntoFuture` (no async fn
//! per operation: the request goes through the runtime's one non-generic entry point).
//!
//! The operation's static facts are a line of the root table ([`table`](super::table)) rather than a `static`
//! each: a static per operation costs the compiler a body to check per operation. A function finds its entry by
//! index; the path recipe there is filled by the runtime (`/users/{0}/messages`).
//!
//! A request line written relative to an entity (`/workbook/...`, see
//! [`RELATIVE_ROOTS`](crate::ir::operations::RELATIVE_ROOTS)) and a bound operation that no page addresses both
//! start their path recipe with `{n:entity}`: the caller's `entity_path` argument, which the runtime writes as
//! given once checked, and refuses (an `Error::Config` naming the operation) when it is not a plain path from the
//! service root.

use proc_macro2::TokenStream;
use quote::quote;

use super::request::{BodyCall, RequestHelpers};
use super::{by_value, doc, docs, ident, own, rust_type};
use crate::ir::operations::{
    odata_name, Arg, ArgType, BodyDef, BodyField, OperationDef, ResponseDef, Setter,
    WELL_KNOWN_HEADERS,
};
use crate::ir::types::RustType;
use crate::ir::{operation_type_names, Ir};
use crate::names::RustName;
use crate::page::ODataOption;

/// The items of one operation in its resource module; its entry in the root `OPERATIONS` table is `index`.
pub fn operation(
    ir: &Ir,
    op: &OperationDef,
    index: usize,
    options_module: &str,
    helpers: &mut RequestHelpers,
) -> TokenStream {
    let depth = op.module.len();
    let function = ident(&op.ident);
    let (builder_name, body_name) = operation_type_names(op);
    let source = op.location.to_string();
    let op_name = op.ident.word();
    let fn_doc = doc(&function_doc(op, &source));

    let params = op.args.iter().map(|a| arg_param(ir, a, depth));
    let fixed = op.fixed_query.iter().map(|(k, v)| quote!(.query(#k, #v)));
    let (body_param, body_call, body_item) = body_tokens(ir, op, body_name.as_ref(), depth);

    let output = match &op.response {
        ResponseDef::Unit => quote!(()),
        ResponseDef::Accepted => quote!(::graph_runtime::Accepted),
        ResponseDef::Bytes => quote!(::graph_runtime::bytes::Bytes),
        ResponseDef::Single(ty) => rust_type(&ir.space, ty, depth),
        ResponseDef::Optional(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            quote!(::std::option::Option<#ty>)
        }
        ResponseDef::Page(ty) => {
            let item = rust_type(&ir.space, ty, depth);
            quote!(::graph_runtime::Page<#item>)
        }
    };
    let root = vec![quote!(super); depth];
    let request = helpers.request(op, index, depth, body_call);
    let request = quote!(#request #(#fixed)*);
    if op.needs_own_builder() {
        let builder = builder_name.as_ref().map_or_else(|| own("Builder"), ident);
        let (declared, item) = match &op.builder_same_as {
            Some(owner) => {
                let owner = ident(owner);
                let alias_doc = doc(&format!(
                    "The request [`{op_name}`] builds: the same setters and response, so the same builder, as [`{owner}`]."
                ));
                let item = quote!(#alias_doc pub type #builder<'a> = #owner<'a>;);
                (owner, item)
            }
            None => {
                let item = own_builder(ir, op, &builder, &output, depth);
                (builder.clone(), item)
            }
        };
        // `#[inline(always)]`, not `#[inline]`: neither is compiled in the client's crate, but in an unoptimised
        // app an `#[inline]` function gets a codegen unit of its own, each carrying the debug info of the response
        // type and all it holds (about 150 KB for `User`); an always-inline one is compiled into its caller's.
        return quote! {
            #fn_doc
            #[inline(always)]
            pub fn #function<'a>(client: &'a ::graph_runtime::Client #(, #params)* #body_param) -> #builder<'a> {
                #declared(#request)
            }
            #item
            #body_item
        };
    }
    let traits = option_traits(op);
    let marker = if traits.is_empty() {
        quote!(())
    } else {
        let module = own(options_module);
        let name = own(&traits.concat());
        quote!(#(#root::)* #module::#name)
    };
    quote! {
        #fn_doc
        #[inline(always)]
        pub fn #function<'a>(client: &'a ::graph_runtime::Client #(, #params)* #body_param) -> ::graph_runtime::builder::Request<'a, #output, #marker> {
            #request
        }
        #body_item
    }
}

fn function_doc(op: &OperationDef, source: &str) -> String {
    let mut text = docs::description(&op.description, &format!("`{}`.", op.original));
    text.push_str("\n\n");
    text.push_str(&docs::http_line(&op.http_line));
    if let Some(how) = &op.derived {
        text.push_str(&format!(
            "\n\nThe page has no request line; this one is {}.",
            docs::text(how)
        ));
    }
    for arg in &op.args {
        if !arg.description.trim().is_empty() {
            text.push_str(&format!(
                "\n\n`{}` (`{}`): {}",
                arg.ident.word(),
                docs::text(&arg.original),
                docs::text(&arg.description)
            ));
        }
    }
    match op.response {
        ResponseDef::Page(_) => text.push_str(
            "\n\nReturns one page; `.pages()` and `.items()` on the request stream every page.",
        ),
        ResponseDef::Optional(_) => text.push_str(
            "\n\nReturns `None` for `204 No Content`: the service sends the value only when asked, with `Prefer: return=representation`.",
        ),
        _ => {}
    }
    text.push_str("\n\n");
    text.push_str(&docs::permissions(&op.permissions));
    text.push_str(&format!("\n\nSource: `{source}`."));
    text
}

/// The runtime's option traits (`Select`, `Top`, `IfMatch`, ...) a page documents, sorted: the setters its
/// request has. Operations with the same set share one marker type, named by the set (`SelectTop`), in the
/// root options module ([`options_module`]).
pub fn option_traits(op: &OperationDef) -> Vec<&'static str> {
    let mut traits: Vec<&str> = op
        .odata
        .iter()
        .map(|(_, option)| odata_trait(*option))
        .collect();
    traits.extend(op.headers.iter().filter_map(|h| {
        WELL_KNOWN_HEADERS
            .iter()
            .find(|(wire, _)| h.wire.eq_ignore_ascii_case(wire))
            .map(|(_, t)| *t)
    }));
    traits.sort_unstable();
    traits.dedup();
    traits
}

/// The root module of the shared option markers: `options`, or `options_` when a namespace module is named
/// `options`.
pub fn options_module(ir: &Ir) -> &'static str {
    let taken = ir
        .space
        .types
        .iter()
        .map(|t| &t.module)
        .chain(ir.operations.iter().map(|o| &o.module))
        .any(|module| module.first().is_some_and(|m| m == "options"));
    if taken {
        "options_"
    } else {
        "options"
    }
}

/// The marker type of one set of option traits (see [`option_traits`]).
pub fn options_marker(traits: &[&str]) -> TokenStream {
    let name = own(&traits.concat());
    let listed = traits
        .iter()
        .map(|t| format!("[`{t}`](::graph_runtime::builder::{t})"))
        .collect::<Vec<_>>()
        .join(", ");
    let marker_doc = doc(&format!(
        "The options of the operations whose page documents {listed}: their requests have these setters."
    ));
    let impls = traits.iter().map(|t| {
        let t = own(t);
        quote!(impl ::graph_runtime::builder::#t for #name {})
    });
    quote! {
        #marker_doc
        #[derive(Debug)]
        pub enum #name {}
        #(#impls)*
    }
}

fn odata_trait(option: ODataOption) -> &'static str {
    match option {
        ODataOption::Select => "Select",
        ODataOption::Filter => "Filter",
        ODataOption::Expand => "Expand",
        ODataOption::OrderBy => "OrderBy",
        ODataOption::Top => "Top",
        ODataOption::Skip => "Skip",
        ODataOption::Search => "Search",
        ODataOption::Count => "Count",
        ODataOption::SkipToken => "SkipToken",
        ODataOption::Format => "Format",
    }
}

/// A builder of its own, for an operation with query or function parameters (or unusual headers): a wrapper
/// around the runtime's request with one setter per documented option.
fn own_builder(
    ir: &Ir,
    op: &OperationDef,
    builder: &proc_macro2::Ident,
    output: &TokenStream,
    depth: usize,
) -> TokenStream {
    let op_name = op.ident.word();
    let mut methods: Vec<TokenStream> = Vec::new();
    for setter in &op.setters {
        let (kind, what) = if setter.call {
            (quote!(function_arg), "function parameter")
        } else {
            (quote!(query), "query parameter")
        };
        methods.push(setter_tokens(ir, setter, depth, kind, what));
    }
    for (name, option) in &op.odata {
        methods.push(odata_setter(name, *option));
    }
    for header in &op.headers {
        methods.push(setter_tokens(
            ir,
            header,
            depth,
            quote!(header),
            "request header",
        ));
    }
    if let ResponseDef::Page(ty) = &op.response {
        let item = rust_type(&ir.space, ty, depth);
        methods.push(quote! {
            /// Every page of the collection, following `@odata.nextLink` until it is absent.
            #[inline] pub fn pages(self) -> ::graph_runtime::PageStream<#item> { self.0.pages() }
            /// Every item of every page of the collection.
            #[inline] pub fn items(self) -> ::graph_runtime::ItemStream<#item> { self.0.items() }
        });
    }
    let builder_doc = doc(&format!(
        "The request [`{op_name}`] builds: set options, then `.await` it."
    ));
    quote! {
        #builder_doc
        #[must_use = "a request does nothing until it is awaited"]
        #[derive(Debug)]
        pub struct #builder<'a>(::graph_runtime::builder::Request<'a, #output, ()>);
        impl<'a> #builder<'a> {
            #(#methods)*
            /// Adds any query pair (for options the page does not list, such as `$select`).
            #[inline] pub fn query(self, name: &'static str, value: impl ::std::convert::Into<::std::string::String>) -> Self { Self(self.0.query(name, value)) }
            /// Adds any header (for headers the page does not list).
            #[inline] pub fn header(self, name: &'static str, value: impl ::std::convert::Into<::std::string::String>) -> Self { Self(self.0.header(name, value)) }
            /// The request as it will be sent.
            #[inline] pub fn spec(&self) -> &::graph_runtime::RequestSpec { self.0.spec() }
            /// The request description, consumed (to send it yourself with `Client::execute`).
            #[inline] pub fn into_spec(self) -> ::graph_runtime::RequestSpec { self.0.into_spec() }
        }
        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = ::std::result::Result<#output, ::graph_runtime::Error>;
            type IntoFuture = ::graph_runtime::Pending<#output>;
            #[inline] fn into_future(self) -> Self::IntoFuture { self.0.into_future() }
        }
    }
}

fn arg_param(ir: &Ir, arg: &Arg, depth: usize) -> TokenStream {
    let name = ident(&arg.ident);
    match &arg.ty {
        ArgType::Str => quote!(#name: &str),
        ArgType::Typed(ty) if by_value(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            quote!(#name: #ty)
        }
        ArgType::Typed(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            quote!(#name: &#ty)
        }
    }
}

fn body_tokens(
    ir: &Ir,
    op: &OperationDef,
    body_name: Option<&RustName>,
    depth: usize,
) -> (TokenStream, BodyCall, TokenStream) {
    match &op.body {
        BodyDef::None => (quote!(), BodyCall::None, quote!()),
        BodyDef::Json(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(, body: &#ty), BodyCall::Json, quote!())
        }
        BodyDef::Bytes(content_type) => (
            quote!(, body: impl ::std::convert::Into<::graph_runtime::bytes::Bytes>),
            BodyCall::Bytes(content_type.clone()),
            quote!(),
        ),
        BodyDef::Params { fields, same_as } => {
            let name = body_name.map_or_else(|| own("Body"), ident);
            let item = match same_as {
                Some(owner) => {
                    let owner = ident(owner);
                    let alias_doc = doc(&format!(
                        "The request body of [`{}`]: the same parameters, so the same struct, as [`{owner}`].",
                        op.ident.word()
                    ));
                    quote!(#alias_doc pub type #name = #owner;)
                }
                None => body_struct(ir, op, &name, fields, depth),
            };
            (quote!(, body: &#name), BodyCall::Json, item)
        }
    }
}

fn body_struct(
    ir: &Ir,
    op: &OperationDef,
    name: &proc_macro2::Ident,
    fields: &[BodyField],
    depth: usize,
) -> TokenStream {
    let struct_doc = doc(&format!(
        "The request body of [`{}`], from the page's parameter table (required members are plain, optional ones `Option`).",
        op.ident.word()
    ));
    let declarations = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = rust_type(&ir.space, &f.ty, depth);
        let ty = if f.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let field_doc = doc(&format!(
            "{}\n\nJSON member `{}`.",
            docs::description(&f.description, "Not described."),
            f.json
        ));
        quote!(#field_doc pub #field: #ty,)
    });
    let reads = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let json = &f.json;
        if f.required {
            quote!(#field: ::graph_runtime::builder::required(object, #json)?,)
        } else {
            quote!(#field: ::graph_runtime::builder::optional(&mut additional, #json),)
        }
    });
    let writes = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let json = &f.json;
        if f.required {
            quote!(object.insert(::std::string::String::from(#json), ::graph_runtime::model::Field::to_json(&value.#field));)
        } else {
            quote!(if let ::std::option::Option::Some(member) = &value.#field { object.insert(::std::string::String::from(#json), ::graph_runtime::model::Field::to_json(member)); })
        }
    });
    // `mut` only where an optional member is taken out of `additional`: an unused `mut` is a warning.
    let binding = if fields.iter().any(|f| !f.required) {
        quote!(let mut additional)
    } else {
        quote!(let additional)
    };
    let required = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.json.as_str());
    quote! {
        #struct_doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#declarations)*
            /// Further members to send, beyond the documented ones. A body read from JSON keeps here what its fields cannot hold losslessly (a `null`, a value of another type than the docs say).
            pub additional: ::graph_runtime::model::Additional,
        }
        impl ::graph_runtime::model::Field for #name { type Codec = Self; }
        impl ::graph_runtime::model::Codec<#name> for #name {
            #[inline]
            fn decode(value: &::graph_runtime::serde_json::Value) -> ::std::result::Result<Self, ::graph_runtime::model::FieldError> {
                let object = ::graph_runtime::builder::object(value)?;
                #binding = ::graph_runtime::builder::rest(object, &[#(#required),*]);
                ::std::result::Result::Ok(Self {
                    #(#reads)*
                    additional,
                })
            }
            #[inline]
            fn encode(value: &Self) -> ::graph_runtime::serde_json::Value {
                let mut object = value.additional.clone();
                #(#writes)*
                ::graph_runtime::serde_json::Value::Object(object)
            }
        }
    }
}

fn setter_tokens(
    ir: &Ir,
    setter: &Setter,
    depth: usize,
    kind: TokenStream,
    what: &str,
) -> TokenStream {
    let name = ident(&setter.ident);
    let wire = &setter.wire;
    let required = if setter.required {
        " Required by the page."
    } else {
        ""
    };
    let text = format!(
        "Sets the {what} `{wire}`.{required}\n\n{}",
        docs::text(&setter.description)
    );
    let setter_doc = doc(text.trim_end());
    let (param, value) = match &setter.ty {
        // A function argument is an OData literal in the path: strings and enums quoted, the rest as written.
        None if setter.call => (
            quote!(value: impl ::std::convert::Into<::std::string::String>),
            quote!(&::std::convert::Into::<::std::string::String>::into(value)),
        ),
        Some(ty) if setter.call && by_value(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(value: #ty), quote!(&value))
        }
        Some(ty) if setter.call => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(value: &#ty), quote!(value))
        }
        None => (
            quote!(value: impl ::std::convert::Into<::std::string::String>),
            quote!(value),
        ),
        Some(ty) if by_value(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(value: #ty), quote!(value.to_string()))
        }
        Some(RustType::Named(id)) => {
            let ty = rust_type(&ir.space, &RustType::Named(*id), depth);
            (
                quote!(value: &#ty),
                quote!(::std::string::String::from(<#ty as ::graph_runtime::model::Enum>::as_wire(value))),
            )
        }
        Some(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(value: &#ty), quote!(value.to_string()))
        }
    };
    quote! {
        #setter_doc
        #[inline]
        pub fn #name(self, #param) -> Self { Self(self.0.#kind(#wire, #value)) }
    }
}

fn odata_setter(name: &RustName, option: ODataOption) -> TokenStream {
    let method = ident(name);
    let wire = odata_name(option).1;
    let (text, param, call) = match option {
        ODataOption::Select | ODataOption::Expand | ODataOption::OrderBy => (
            format!("`{wire}`: the JSON names to apply it to (joined with `,`)."),
            quote!(items: &[&str]),
            quote!(self.0.query(#wire, items.join(","))),
        ),
        ODataOption::Top | ODataOption::Skip => (
            format!("`{wire}`: a number of items."),
            quote!(value: u32),
            quote!(self.0.query(#wire, value.to_string())),
        ),
        ODataOption::Count => (
            format!("`{wire}`: whether to include `@odata.count`."),
            quote!(value: bool),
            quote!(self.0.query(#wire, value.to_string())),
        ),
        ODataOption::Filter
        | ODataOption::Search
        | ODataOption::SkipToken
        | ODataOption::Format => (
            format!("`{wire}`: an OData expression, as written in the URL."),
            quote!(value: impl ::std::convert::Into<::std::string::String>),
            quote!(self.0.query(#wire, value)),
        ),
    };
    let setter_doc = doc(&text);
    quote! {
        #setter_doc
        #[inline]
        pub fn #method(self, #param) -> Self { Self(#call) }
    }
}
