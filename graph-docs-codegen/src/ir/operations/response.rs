//! Response pass: what a function returns, from the page's response section.

use super::ResponseDef;
use crate::ir::types::{RustType, TypeSpace};
use crate::page::diagnostics::{Diagnostic, DiagnosticKind};
use crate::page::type_expr::{Primitive, TypeExpr};
use crate::page::{ApiPage, ResponseBody};

pub(super) fn response(
    page: &ApiPage,
    space: &TypeSpace,
    report: &mut Vec<Diagnostic>,
) -> ResponseDef {
    let Some(response) = &page.response else {
        report.push(
            Diagnostic::warning(
                DiagnosticKind::Response,
                page.title_location.clone(),
                "no Response section; the function returns serde_json::Value",
            )
            .with_hint("add a `## Response` section naming the status code and the returned type"),
        );
        return ResponseDef::Single(RustType::Json);
    };
    let status = response.status.first().copied().unwrap_or(200);
    // A 202 is an accepted long-running request (its `Location` header says where to look), unless the page names
    // a body, which the service then sends (the reader only reads one from a sentence about the body).
    let named_body = matches!(
        response.body,
        ResponseBody::Single(_) | ResponseBody::Collection(_)
    );
    if status == 202 && !named_body {
        return ResponseDef::Accepted;
    }
    // A `204 No Content` with a second, 2xx code and a named single body: the body a header asks for (the reader
    // took both from the section's sentences).
    let optional = status == 204
        && matches!(response.body, ResponseBody::Single(_))
        && response.status.iter().any(|c| matches!(c, 200 | 201));
    match &response.body {
        ResponseBody::None => ResponseDef::Unit,
        ResponseBody::Stream => ResponseDef::Bytes,
        _ if status == 204 && !optional => ResponseDef::Unit,
        ResponseBody::Single(expr) => match space.resolve_or_json(
            expr,
            &page.namespace,
            &response.location,
            "response",
            report,
        ) {
            RustType::Primitive(Primitive::Stream) => ResponseDef::Bytes,
            ty if optional => ResponseDef::Optional(ty),
            RustType::Vec(inner) => ResponseDef::Page(*inner),
            ty => ResponseDef::Single(ty),
        },
        ResponseBody::Collection(expr) => {
            let element = TypeExpr {
                ty: expr.ty.clone(),
                collection: false,
            };
            match space.resolve_or_json(
                &element,
                &page.namespace,
                &response.location,
                "response",
                report,
            ) {
                RustType::Primitive(Primitive::Stream) => ResponseDef::Bytes,
                ty => ResponseDef::Page(ty),
            }
        }
        ResponseBody::Unclassified(text) => {
            report.push(
                Diagnostic::error(
                    DiagnosticKind::Response,
                    response.location.clone(),
                    format!("the response sentence matches no known pattern (\"{text}\"); the function returns serde_json::Value"),
                )
                .with_hint("say e.g. \"returns a `200 OK` response code and a [user](../resources/user.md) object in the response body\""),
            );
            ResponseDef::Single(RustType::Json)
        }
    }
}
