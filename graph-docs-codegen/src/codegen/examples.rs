//! `examples: true`: every page example as data (`EXAMPLES`), with its page and line, for the replay server
//! and conformance tests. An example request block left empty (the seed page's) takes the method and path
//! template of the page's generated operation.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use crate::ir::operations::OperationDef;
use crate::ir::select::Selection;
use crate::ir::Ir;
use crate::page::{DocSet, Example, HttpMethod};

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

/// A file's stem, for naming unannotated examples.
fn stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One `DocExample`. An empty request block takes the method and path template of `operation`, its page's.
fn item(stem: &str, i: usize, example: &Example, operation: Option<&OperationDef>) -> TokenStream {
    let request = &example.request;
    let name = request
        .annotation
        .as_ref()
        .and_then(|a| a.name.clone())
        .unwrap_or_else(|| format!("{stem}-{}", i + 1));
    let source = request.location.to_string();
    let (method, url) = match (request.method, request.url.trim().is_empty(), operation) {
        (Some(m), false, _) => (m.as_str().to_owned(), request.url.clone()),
        (m, _, Some(op)) => (
            m.unwrap_or(op.method).as_str().to_owned(),
            op.template.clone(),
        ),
        (m, _, None) => (
            m.unwrap_or(HttpMethod::Get).as_str().to_owned(),
            request.url.clone(),
        ),
    };
    let request_headers = headers(&request.headers);
    let body = option(&request.body);
    let response = match &example.response {
        Some(r) => {
            let status = r.status.unwrap_or(200);
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
    let mut items = Vec::new();
    for page in docs
        .api_pages
        .iter()
        .filter(|p| selection.keeps(&p.file, &p.namespace))
    {
        let operation = ir
            .operations
            .iter()
            .find(|op| op.location.file == page.file);
        let stem = stem(&page.file);
        items.extend(
            page.examples
                .iter()
                .enumerate()
                .map(|(i, example)| item(&stem, i, example, operation)),
        );
    }
    // Conceptual pages' examples come last (so that API pages' examples keep their indices); they belong to no
    // page's operation.
    for (file, examples) in docs
        .conceptual_examples
        .iter()
        .filter(|(file, _)| selection.keeps(file, ""))
    {
        let stem = stem(file);
        items.extend(
            examples
                .iter()
                .enumerate()
                .map(|(i, example)| item(&stem, i, example, None)),
        );
    }
    let examples_doc = doc(&format!(
        "Every example of every page ({}), with its page and line.",
        items.len()
    ));
    quote! {
        #examples_doc
        pub const EXAMPLES: &[::graph_runtime::example::DocExample] = &[#(#items),*];
    }
}
