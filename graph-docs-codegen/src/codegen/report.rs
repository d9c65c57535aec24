//! The lenient mode's report (`SKIPPED`, and build warnings through the deprecated-item trick, which works on
//! stable) and the strict mode's errors (one `compile_error!` per problem, spanned on the macro call).

use proc_macro2::{Span, TokenStream};
use quote::quote;

use super::doc;
use crate::ir::Ir;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind};

/// `file:line: message (hint)`.
fn message(d: &Diagnostic) -> String {
    let mut text = format!("{}: {}", d.location, d.message);
    if let Some(hint) = &d.hint {
        text.push_str(&format!(" (hint: {hint})"));
    }
    text
}

/// Strict mode: a `compile_error!` for every report entry and every derived request line.
pub fn strict_errors(ir: &Ir) -> TokenStream {
    ir.report
        .iter()
        .chain(&ir.derived)
        .map(|d| {
            syn::Error::new(
                Span::call_site(),
                format!("graph-docs (strict): {}: {}", d.kind, message(d)),
            )
            .to_compile_error()
        })
        .collect()
}

/// Whether a report entry concerns a whole page or request line (warned one by one) rather than a detail.
fn is_page_level(kind: DiagnosticKind) -> bool {
    matches!(
        kind,
        DiagnosticKind::EmptyRequestBlock
            | DiagnosticKind::Skipped
            | DiagnosticKind::DuplicateName
            | DiagnosticKind::DocType
            | DiagnosticKind::FrontMatter
            | DiagnosticKind::Io
            | DiagnosticKind::BadRequestLine
    )
}

/// `SKIPPED` and the build warnings.
pub fn report(ir: &Ir) -> TokenStream {
    let entries = ir.report.iter().map(|d| {
        let file = d.location.file.to_string_lossy().replace('\\', "/");
        let line = d.location.line;
        let kind = d.kind.as_str();
        let reason = match &d.hint {
            Some(hint) => format!("{} (hint: {hint})", d.message),
            None => d.message.clone(),
        };
        quote!(::graph_runtime::report::Skipped { file: #file, line: #line, kind: #kind, reason: #reason })
    });
    let skipped_doc = doc(&format!(
        "What was not generated, or was generated as `serde_json::Value`, with where and why ({} entries). {} of {} API pages are callable.",
        ir.report.len(),
        ir.callable_pages,
        ir.api_pages
    ));
    let mut out = quote! {
        #skipped_doc
        pub const SKIPPED: &[::graph_runtime::report::Skipped] = &[#(#entries),*];
    };
    let mut details = 0usize;
    for d in &ir.report {
        if is_page_level(d.kind) {
            out.extend(warning(&format!("graph-docs: {}: {}", d.kind, message(d))));
        } else {
            details += 1;
        }
    }
    if details > 0 {
        out.extend(warning(&format!(
            "graph-docs: {details} further elements were generated as serde_json::Value or left out (unknown types, unreadable tables or responses); see SKIPPED"
        )));
    }
    out
}

/// A build warning on stable: the use of a deprecated item whose note is the message.
fn warning(text: &str) -> TokenStream {
    quote! {
        const _: () = {
            #[deprecated(note = #text)]
            struct GraphDocsWarning;
            let _ = GraphDocsWarning;
        };
    }
}
