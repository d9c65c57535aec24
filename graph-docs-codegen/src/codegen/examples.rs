//! `examples: true`: every page example as data (`EXAMPLES`), with its page and line, for the replay server
//! and conformance tests (the examples themselves are [`crate::ir::examples`]'s).

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use crate::ir::examples::ExampleData;
use crate::ir::select::Selection;
use crate::ir::Ir;
use crate::page::DocSet;

fn headers(pairs: &[(String, String)]) -> TokenStream {
    let items = pairs.iter().map(|(k, v)| quote!((#k, #v)));
    quote!(&[#(#items),*])
}

fn option(text: &Option<String>) -> TokenStream {
    match text {
        Some(t) => quote!(::std::option::Option::Some(#t)),
        None => quote!(::std::option::Option::None),
    }
}

/// One `DocExample`.
fn item(example: &ExampleData) -> TokenStream {
    let ExampleData {
        name,
        source,
        method,
        url,
        ..
    } = example;
    let request_headers = headers(&example.headers);
    let body = option(&example.body);
    let response = match &example.response {
        Some(r) => {
            let status = r.status;
            let response_headers = headers(&r.headers);
            let body = option(&r.body);
            quote!(::std::option::Option::Some(::graph_runtime::example::ExampleResponse { status: #status, headers: #response_headers, body: #body }))
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        ::graph_runtime::example::DocExample {
            name: #name,
            source: #source,
            request: ::graph_runtime::example::ExampleRequest { method: #method, url: #url, headers: #request_headers, body: #body },
            response: #response,
        }
    }
}

/// `pub const EXAMPLES`.
pub fn examples(docs: &DocSet, ir: &Ir, selection: &Selection) -> TokenStream {
    let items: Vec<TokenStream> = crate::ir::examples::examples(docs, ir, selection)
        .iter()
        .map(item)
        .collect();
    let examples_doc = doc(&format!(
        "Every example of every page ({}), with its page and line.",
        items.len()
    ));
    quote! {
        #examples_doc
        pub const EXAMPLES: &[::graph_runtime::example::DocExample] = &[#(#items),*];
    }
}
