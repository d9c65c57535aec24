//! One operation: a `static` [`Operation`](graph_runtime) (permissions as data), a function that takes the
//! client and the path parameters and fills a request description, and a builder whose setters add query
//! options and headers and which is awaited through `IntoFuture` (no async fn per operation: the request goes
//! through the runtime's one non-generic entry point).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{by_value, doc, docs, ident, rust_type};
use crate::ir::operations::{odata_name, Arg, ArgType, BodyDef, BodyField, OperationDef, PathPiece, ResponseDef, Setter};
use crate::ir::types::RustType;
use crate::ir::{operation_type_names, Ir};
use crate::names;
use crate::page::{HttpMethod, ODataOption, Scopes};

/// The tokens of one operation.
pub fn operation(ir: &Ir, op: &OperationDef) -> TokenStream {
    let depth = op.module.len();
    let function = ident(&op.ident);
    let (builder_name, body_name) = operation_type_names(op);
    let builder = ident(&builder_name);
    let static_name = format_ident!("{}", names::screaming(&op.ident));
    let source = op.location.to_string();
    let method = match op.method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Post => quote!(Post),
        HttpMethod::Put => quote!(Put),
        HttpMethod::Patch => quote!(Patch),
        HttpMethod::Delete => quote!(Delete),
    };
    let scopes = |s: &Scopes| match s {
        Scopes::Listed(list) => quote!(::graph_runtime::Scopes::Listed(&[#(#list),*])),
        Scopes::NotSupported => quote!(::graph_runtime::Scopes::NotSupported),
        Scopes::NotStated => quote!(::graph_runtime::Scopes::NotStated),
    };
    let (work, personal, application) =
        (scopes(&op.permissions.delegated_work), scopes(&op.permissions.delegated_personal), scopes(&op.permissions.application));
    let op_name = op.ident.trim_start_matches("r#");
    let template = &op.template;
    let static_doc = doc(&format!("Static facts about [`{op_name}`]: method, path template, source page and permissions."));

    let mut fn_doc = docs::description(&op.description, &format!("`{}`.", op.original));
    fn_doc.push_str("\n\n");
    fn_doc.push_str(&docs::http_line(&op.http_line));
    if let Some(how) = &op.derived {
        fn_doc.push_str(&format!("\n\nThe page has no request line; this one is {}.", docs::text(how)));
    }
    for arg in &op.args {
        if !arg.description.trim().is_empty() {
            fn_doc.push_str(&format!("\n\n`{}` (`{}`): {}", arg.ident.trim_start_matches("r#"), docs::text(&arg.original), docs::text(&arg.description)));
        }
    }
    fn_doc.push_str("\n\n");
    fn_doc.push_str(&docs::permissions(&op.permissions));
    fn_doc.push_str(&format!("\n\nSource: `{source}`."));
    let fn_doc = doc(&fn_doc);

    let params = op.args.iter().map(|a| arg_param(ir, a, depth));
    let path = path_tokens(op);
    let fixed = op.fixed_query.iter().map(|(k, v)| quote!(::graph_runtime::builder::query(&mut spec, #k, ::std::string::String::from(#v));));
    let (body_param, body_fill, body_item) = body_tokens(ir, op, body_name.as_deref(), depth);
    let mutable = if op.fixed_query.is_empty() && body_fill.is_empty() { quote!() } else { quote!(mut) };

    let output = match &op.response {
        ResponseDef::Unit => quote!(()),
        ResponseDef::Accepted => quote!(::graph_runtime::Accepted),
        ResponseDef::Bytes => quote!(::graph_runtime::bytes::Bytes),
        ResponseDef::Single(ty) => rust_type(&ir.space, ty, depth),
        ResponseDef::Page(ty) => {
            let item = rust_type(&ir.space, ty, depth);
            quote!(::graph_runtime::Page<#item>)
        }
    };
    let mut methods: Vec<TokenStream> = Vec::new();
    for setter in &op.setters {
        methods.push(setter_tokens(ir, setter, depth, quote!(query), "query parameter"));
    }
    for (name, option) in &op.odata {
        methods.push(odata_setter(name, *option));
    }
    for header in &op.headers {
        methods.push(setter_tokens(ir, header, depth, quote!(header), "request header"));
    }
    if let ResponseDef::Page(ty) = &op.response {
        let item = rust_type(&ir.space, ty, depth);
        methods.push(quote! {
            /// Every page of the collection, following `@odata.nextLink` until it is absent.
            #[inline] pub fn pages(self) -> ::graph_runtime::PageStream<#item> { self.client.page_stream(self.spec) }
            /// Every item of every page of the collection.
            #[inline] pub fn items(self) -> ::graph_runtime::ItemStream<#item> { self.client.item_stream(self.spec) }
        });
    }
    let inherent = if methods.is_empty() {
        quote!()
    } else {
        quote!(impl<'a> #builder<'a> { #(#methods)* })
    };
    let builder_doc = doc(&format!("The request [`{op_name}`] builds: set options, then `.await` it."));
    quote! {
        #static_doc
        pub static #static_name: ::graph_runtime::Operation = ::graph_runtime::Operation {
            name: #op_name,
            method: ::graph_runtime::Method::#method,
            path_template: #template,
            source: #source,
            permissions: ::graph_runtime::Permissions { delegated_work: #work, delegated_personal: #personal, application: #application },
        };
        #fn_doc
        #[inline]
        pub fn #function<'a>(client: &'a ::graph_runtime::Client #(, #params)* #body_param) -> #builder<'a> {
            let #mutable spec = ::graph_runtime::builder::spec(&#static_name, #path);
            #(#fixed)*
            #body_fill
            #builder { client, spec }
        }
        #builder_doc
        #[must_use = "a request does nothing until it is awaited"]
        pub struct #builder<'a> {
            client: &'a ::graph_runtime::Client,
            spec: ::graph_runtime::RequestSpec,
        }
        #inherent
        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = ::std::result::Result<#output, ::graph_runtime::Error>;
            type IntoFuture = ::graph_runtime::Pending<#output>;
            #[inline] fn into_future(self) -> Self::IntoFuture { self.client.send(self.spec) }
        }
        #body_item
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

/// The path expression: a literal, or a `PathBuilder` block.
fn path_tokens(op: &OperationDef) -> TokenStream {
    if let [PathPiece::Literal(only)] = op.path.as_slice() {
        return quote!(::std::string::String::from(#only));
    }
    let pushes = op.path.iter().map(|piece| match piece {
        PathPiece::Literal(l) => quote!(path.push_literal(#l);),
        PathPiece::Segment(n) => {
            let arg = ident(&op.args[*n].ident);
            quote!(path.push_segment(#arg);)
        }
        PathPiece::ItemPath(n) => {
            let arg = ident(&op.args[*n].ident);
            quote!(path.push_item_path(#arg.trim_start_matches('/'));)
        }
        PathPiece::OData(n) => {
            let arg = &op.args[*n];
            let name = ident(&arg.ident);
            match &arg.ty {
                ArgType::Typed(ty) if by_value(ty) => quote!(path.push_odata(&#name);),
                _ => quote!(path.push_odata(#name);),
            }
        }
    });
    quote!({
        let mut path = ::graph_runtime::PathBuilder::new();
        #(#pushes)*
        path.finish()
    })
}

fn body_tokens(ir: &Ir, op: &OperationDef, body_name: Option<&str>, depth: usize) -> (TokenStream, TokenStream, TokenStream) {
    match &op.body {
        BodyDef::None => (quote!(), quote!(), quote!()),
        BodyDef::Json(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(, body: &#ty), quote!(::graph_runtime::builder::json_body(&mut spec, body);), quote!())
        }
        BodyDef::Bytes(content_type) => (
            quote!(, body: impl ::std::convert::Into<::graph_runtime::bytes::Bytes>),
            quote!(::graph_runtime::builder::bytes_body(&mut spec, body.into(), #content_type);),
            quote!(),
        ),
        BodyDef::Params(fields) => {
            let name = ident(body_name.unwrap_or("Body"));
            (
                quote!(, body: &#name),
                quote!(::graph_runtime::builder::json_body(&mut spec, body);),
                body_struct(ir, op, &name, fields, depth),
            )
        }
    }
}

fn body_struct(ir: &Ir, op: &OperationDef, name: &proc_macro2::Ident, fields: &[BodyField], depth: usize) -> TokenStream {
    let struct_doc = doc(&format!(
        "The request body of [`{}`], from the page's parameter table (required members are plain, optional ones `Option`).",
        op.ident.trim_start_matches("r#")
    ));
    let declarations = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let ty = rust_type(&ir.space, &f.ty, depth);
        let ty = if f.required { ty } else { quote!(::std::option::Option<#ty>) };
        let field_doc = doc(&format!("{}\n\nJSON member `{}`.", docs::description(&f.description, "Not described."), f.json));
        quote!(#field_doc pub #field: #ty,)
    });
    let reads = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let json = &f.json;
        if f.required {
            quote!(#field: ::graph_runtime::builder::required(object, #json)?,)
        } else {
            quote!(#field: ::graph_runtime::builder::optional(object, #json)?,)
        }
    });
    let writes = fields.iter().map(|f| {
        let field = ident(&f.ident);
        let json = &f.json;
        if f.required {
            quote!(object.insert(::std::string::String::from(#json), ::graph_runtime::model::Field::to_json(&self.#field));)
        } else {
            quote!(if let ::std::option::Option::Some(value) = &self.#field { object.insert(::std::string::String::from(#json), ::graph_runtime::model::Field::to_json(value)); })
        }
    });
    let known = fields.iter().map(|f| f.json.as_str());
    quote! {
        #struct_doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#declarations)*
            /// Further members to send, beyond the documented ones.
            pub additional: ::graph_runtime::model::Additional,
        }
        impl ::graph_runtime::model::Field for #name {
            #[inline]
            fn from_json(value: &::graph_runtime::serde_json::Value) -> ::std::result::Result<Self, ::graph_runtime::model::FieldError> {
                let object = ::graph_runtime::builder::object(value)?;
                ::std::result::Result::Ok(Self {
                    #(#reads)*
                    additional: ::graph_runtime::builder::rest(object, &[#(#known),*]),
                })
            }
            #[inline]
            fn to_json(&self) -> ::graph_runtime::serde_json::Value {
                let mut object = self.additional.clone();
                #(#writes)*
                ::graph_runtime::serde_json::Value::Object(object)
            }
        }
    }
}

fn setter_tokens(ir: &Ir, setter: &Setter, depth: usize, kind: TokenStream, what: &str) -> TokenStream {
    let name = ident(&setter.ident);
    let wire = &setter.wire;
    let required = if setter.required { " Required by the page." } else { "" };
    let text = format!("Sets the {what} `{wire}`.{required}\n\n{}", docs::text(&setter.description));
    let setter_doc = doc(text.trim_end());
    let (param, value) = match &setter.ty {
        None => (quote!(value: impl ::std::convert::Into<::std::string::String>), quote!(value.into())),
        Some(ty) if by_value(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(value: #ty), quote!(value.to_string()))
        }
        Some(RustType::Named(id)) => {
            let ty = rust_type(&ir.space, &RustType::Named(*id), depth);
            (quote!(value: &#ty), quote!(::std::string::String::from(<#ty as ::graph_runtime::model::Enum>::as_wire(value))))
        }
        Some(ty) => {
            let ty = rust_type(&ir.space, ty, depth);
            (quote!(value: &#ty), quote!(value.to_string()))
        }
    };
    quote! {
        #setter_doc
        #[inline]
        pub fn #name(mut self, #param) -> Self { ::graph_runtime::builder::#kind(&mut self.spec, #wire, #value); self }
    }
}

fn odata_setter(name: &str, option: ODataOption) -> TokenStream {
    let method = ident(name);
    let wire = odata_name(option).1;
    let (text, param, call) = match option {
        ODataOption::Select | ODataOption::Expand | ODataOption::OrderBy => (
            format!("`{wire}`: the JSON names to apply it to (joined with `,`)."),
            quote!(items: &[&str]),
            quote!(::graph_runtime::builder::query_list(&mut self.spec, #wire, items)),
        ),
        ODataOption::Top | ODataOption::Skip => (
            format!("`{wire}`: a number of items."),
            quote!(value: u32),
            quote!(::graph_runtime::builder::query(&mut self.spec, #wire, value.to_string())),
        ),
        ODataOption::Count => (
            format!("`{wire}`: whether to include `@odata.count`."),
            quote!(value: bool),
            quote!(::graph_runtime::builder::query(&mut self.spec, #wire, value.to_string())),
        ),
        ODataOption::Filter | ODataOption::Search | ODataOption::SkipToken | ODataOption::Format => (
            format!("`{wire}`: an OData expression, as written in the URL."),
            quote!(value: impl ::std::convert::Into<::std::string::String>),
            quote!(::graph_runtime::builder::query(&mut self.spec, #wire, value.into())),
        ),
    };
    let setter_doc = doc(&text);
    quote! {
        #setter_doc
        #[inline]
        pub fn #method(mut self, #param) -> Self { #call; self }
    }
}
