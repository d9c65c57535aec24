//! Response bodies that a page's example responses give through their annotations
//! (`<!-- { "blockType": "response", "@odata.type": "microsoft.graph.user", "isCollection": true } -->`): for a page
//! whose response section is missing or says nothing readable ([`from_examples`]), and for a status sentence that
//! names no body ([`body_of_examples`], called by [`response::parse`](crate::read::response::parse)).

use crate::page::diagnostics::{Diagnostic, DiagnosticKind};
use crate::page::type_expr::{TypeExpr, TypeRef};
use crate::page::{Example, ExampleResponse, Response, ResponseBody};

/// A response taken from the first example response whose annotation names its `@odata.type` (or that has no
/// body), for pages whose response section is missing or says nothing readable (`why`, the start of the
/// warning). Reported as recovered.
pub fn from_examples(
    examples: &[Example],
    why: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Response> {
    let resp = examples
        .iter()
        .filter_map(|e| e.response.as_ref())
        .find(|r| r.status.is_some())?;
    let status: Vec<u16> = resp.status.into_iter().collect();
    let body = match annotated_body(resp) {
        Some(body) => body?,
        None if resp.body.is_none() => ResponseBody::None,
        None => return None,
    };
    diags.push(
        Diagnostic::warning(
            DiagnosticKind::Response,
            resp.location.clone(),
            format!("{why}; the response is taken from this example's annotation"),
        )
        .with_hint("say in `## Response` what the request answers with: a sentence such as \"returns a `200 OK` response code and a [type](...) object\""),
    );
    Some(Response {
        status,
        body,
        body_from_examples: false,
        location: resp.location.clone(),
    })
}

/// The body an example response's annotation names with `@odata.type` (and `isCollection`): `None` when it names
/// none, `Some(None)` when the name is not a type.
fn annotated_body(resp: &ExampleResponse) -> Option<Option<ResponseBody>> {
    let annotation = resp.annotation.as_ref()?;
    let name = annotation.odata_type.as_ref()?;
    let ty = crate::page::type_expr::parse(name.trim_start_matches('#'), None, &resp.location);
    if matches!(ty.ty, TypeRef::Unknown { .. }) {
        return Some(None);
    }
    Some(Some(if ty.collection || annotation.is_collection {
        ResponseBody::Collection(TypeExpr {
            collection: false,
            ..ty
        })
    } else {
        ResponseBody::Single(ty)
    }))
}

/// The body of a status sentence that names none, when no other sentence does: the type the annotation of an
/// example response with that status and a body names ("returns `200 OK` response code.", and an example
/// `{"blockType": "response", "@odata.type": "microsoft.graph.subscribeToToneOperation"}` that shows the operation).
/// Microsoft's doc tooling checks the example against that annotation, so it is the documented type. Reported, as
/// a body taken from an example.
pub fn body_of_examples(
    examples: &[Example],
    status: u16,
    diags: &mut Vec<Diagnostic>,
) -> Option<ResponseBody> {
    let (resp, body) = examples
        .iter()
        .filter_map(|e| e.response.as_ref())
        .filter(|r| {
            r.status == Some(status) && r.body.as_deref().is_some_and(|b| !b.trim().is_empty())
        })
        .find_map(|r| Some((r, annotated_body(r)??)))?;
    diags.push(
        Diagnostic::warning(
            DiagnosticKind::Response,
            resp.location.clone(),
            format!("the response section gives `{status}` and names no body; the body is taken from this example's annotation"),
        )
        .with_hint("name the body in `## Response`: \"returns a `200 OK` response code and a [type](...) object in the response body\""),
    );
    Some(body)
}
