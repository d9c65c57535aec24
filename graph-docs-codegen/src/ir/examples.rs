//! The selected pages' examples as data, with their page and line: what the generated `EXAMPLES` holds
//! (`examples: true`) and what `graph-docs serve` replays. An example request block left empty (the seed page's)
//! takes the method and path template of the page's generated operation; an unannotated example is named from its
//! page and position.

use std::path::Path;

use crate::ir::operations::OperationDef;
use crate::ir::select::Selection;
use crate::ir::Ir;
use crate::page::{DocSet, Example, HttpMethod};

/// One example, as `graph_runtime::example::DocExample` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleData {
    /// The annotation's `name`, else `{file stem}-{position}`.
    pub name: String,
    /// Where the request block is (`api/user-get.md:88`).
    pub source: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The URL as written (or the operation's path template for an empty block).
    pub url: String,
    /// Request headers in page order.
    pub headers: Vec<(String, String)>,
    /// The request body, if any.
    pub body: Option<String>,
    /// The paired response, if any.
    pub response: Option<ExampleReply>,
}

/// An example's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleReply {
    /// The status (200 when the page does not say).
    pub status: u16,
    /// Headers in page order.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

/// A file's stem, for naming unannotated examples.
fn stem(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One example. An empty request block takes the method and path template of `operation`, its page's.
fn data(stem: &str, i: usize, example: &Example, operation: Option<&OperationDef>) -> ExampleData {
    let request = &example.request;
    let name = request
        .annotation
        .as_ref()
        .and_then(|a| a.name.clone())
        .unwrap_or_else(|| format!("{stem}-{}", i + 1));
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
    ExampleData {
        name,
        source: request.location.to_string(),
        method,
        url,
        headers: request.headers.clone(),
        body: request.body.clone(),
        response: example.response.as_ref().map(|r| ExampleReply {
            status: r.status.unwrap_or(200),
            headers: r.headers.clone(),
            body: r.body.clone(),
        }),
    }
}

/// Every example of the selected pages: API pages' in page order, then conceptual pages' (so that API pages'
/// examples keep their indices; those belong to no page's operation).
pub fn examples(docs: &DocSet, ir: &Ir, selection: &Selection) -> Vec<ExampleData> {
    let mut out = Vec::new();
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
        out.extend(
            page.examples
                .iter()
                .enumerate()
                .map(|(i, example)| data(&stem, i, example, operation)),
        );
    }
    for (file, examples) in docs
        .conceptual_examples
        .iter()
        .filter(|(file, _)| selection.keeps(file, ""))
    {
        let stem = stem(file);
        out.extend(
            examples
                .iter()
                .enumerate()
                .map(|(i, example)| data(&stem, i, example, None)),
        );
    }
    out
}
