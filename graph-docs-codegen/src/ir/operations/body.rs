//! Body pass: the request body, from the page's request-body section or, when it names none, by OData's rules for
//! the method and the line.

use std::collections::BTreeSet;

use super::naming::page_names;
use super::BodyDef;
use super::BodyField;
use crate::ir::types::{RustType, TypeId, TypeSpace};
use crate::names;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind};
use crate::page::template::{PathTemplate, Segment};
use crate::page::{ApiPage, HttpMethod, Param, RequestBody, ResponseBody};

pub(super) fn body(
    page: &ApiPage,
    method: HttpMethod,
    template: &PathTemplate,
    space: &TypeSpace,
    report: &mut Vec<Diagnostic>,
) -> BodyDef {
    match &page.body {
        RequestBody::None => inferred_body(page, method, template, space),
        // A body the page asks for in prose: by the same rules, and a `POST` or `PUT` that those give none (an
        // action such as `riskyUsers/dismiss`, "Specify the userIds to dismiss in the request body") sends any JSON.
        RequestBody::Described { .. } => match inferred_body(page, method, template, space) {
            BodyDef::None if matches!(method, HttpMethod::Post | HttpMethod::Put) => {
                BodyDef::Json(RustType::Json)
            }
            inferred => inferred,
        },
        RequestBody::Empty { .. } => BodyDef::None,
        RequestBody::Resource { ty, location } => BodyDef::Json(space.resolve_or_json(
            ty,
            &page.namespace,
            location,
            "request body",
            report,
        )),
        RequestBody::Parameters { params, location } => {
            // A parameter the line writes in its function's parentheses (`image(width=0,height=0)`, which the
            // body table lists too) is sent there, not in the body too; with all of them there, nothing is left.
            let in_call = call_arguments(template);
            let body_params: Vec<Param> = params
                .iter()
                .filter(|p| !in_call.contains(&super::normalize(&p.name)))
                .cloned()
                .collect();
            if body_params.is_empty() && !params.is_empty() {
                return BodyDef::None;
            }
            let params = &body_params;
            if let Some(model) = resource_body(page, params, space) {
                return BodyDef::Json(RustType::Named(model));
            }
            let example_members = example_members(page);
            let mut taken = BTreeSet::from(["additional".to_owned()]);
            let fields = params
                .iter()
                .filter(|p| !p.name.trim().is_empty())
                .map(|p| {
                    let ty = match &p.ty {
                        Some(t) => space.resolve_or_json(
                            t,
                            &page.namespace,
                            &p.location,
                            &format!("body parameter `{}`", p.name),
                            report,
                        ),
                        None => RustType::Json,
                    };
                    BodyField {
                        ident: names::unique(&names::snake(&p.name), &mut taken),
                        json: wire_name(&example_members, p, report),
                        ty,
                        required: p.required,
                        description: p.description.clone(),
                    }
                })
                .collect::<Vec<_>>();
            if fields.is_empty() {
                report.push(Diagnostic::warning(
                    DiagnosticKind::Table,
                    location.clone(),
                    "request body table has no rows; the body is any JSON",
                ));
                return BodyDef::Json(RustType::Json);
            }
            BodyDef::Params {
                fields,
                same_as: None,
            }
        }
        RequestBody::Content { content_type, .. } => BodyDef::Bytes(
            content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
        ),
    }
}

/// The members the page's example request bodies send, in any of them (an example body that is not strict JSON is
/// not read).
fn example_members(page: &ApiPage) -> BTreeSet<String> {
    page.examples
        .iter()
        .filter_map(|example| example.request.body.as_deref())
        .filter_map(|text| match serde_json::from_str(text) {
            Ok(serde_json::Value::Object(members)) => Some(members.into_iter().map(|(key, _)| key)),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The JSON name a body parameter is sent as: the table's, unless no example request body of the page
/// (`example_members`) writes it and those that write it in another letter case agree on one spelling (a table's
/// `Message` where every example writes `message`). Examples are requests the service was called with, a table is
/// written by hand.
fn wire_name(
    example_members: &BTreeSet<String>,
    param: &Param,
    report: &mut Vec<Diagnostic>,
) -> String {
    let name = param.name.trim();
    if example_members.contains(name) {
        return name.to_owned();
    }
    let mut spellings = example_members
        .iter()
        .filter(|key| key.eq_ignore_ascii_case(name));
    match (spellings.next(), spellings.next()) {
        (Some(spelling), None) => {
            report.push(
                Diagnostic::warning(
                    DiagnosticKind::Table,
                    param.location.clone(),
                    format!("body parameter `{name}` is written `{spelling}` in every example that sends it; sent as `{spelling}`"),
                )
                .with_hint(format!("write `{spelling}` in the request body table")),
            );
            spelling.clone()
        }
        _ => name.to_owned(),
    }
}

/// The names of the arguments a line's function calls take (`image(width=0,height=0)`: `width`, `height`),
/// normalized.
fn call_arguments(template: &PathTemplate) -> BTreeSet<String> {
    template
        .segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Call { args, .. } => Some(args),
            _ => None,
        })
        .flatten()
        .filter_map(|arg| arg.name.as_deref())
        .map(super::normalize)
        .collect()
}

/// The body of a request whose page names none (it says nothing, or asks in prose for "the values for relevant
/// fields", "a name for the section", "the identifier of the directory object"), by OData's rules for the method
/// and the line:
///
/// * an update (`PATCH`) sends the entity's changed properties: the entity's model, all members optional (the
///   model of the updated entity in the response, else the entity the line addresses, else any JSON);
/// * adding a reference (`POST .../$ref`) sends `{"@odata.id": "<URL of the entity>"}`: any JSON;
/// * a create (`POST` answered by `201 Created` and an entity) sends the new entity: the response's model.
///
/// Any other request sends no body. A page that says the request takes no body ([`RequestBody::Empty`]) is never
/// given one.
fn inferred_body(
    page: &ApiPage,
    method: HttpMethod,
    template: &PathTemplate,
    space: &TypeSpace,
) -> BodyDef {
    let response_model = || match page.response.as_ref().map(|r| &r.body) {
        Some(ResponseBody::Single(expr)) => match space.resolve(expr, &page.namespace) {
            Some(RustType::Named(id)) if !space.is_enum(id) => Some(id),
            _ => None,
        },
        _ => None,
    };
    match method {
        HttpMethod::Patch => BodyDef::Json(
            response_model()
                .or_else(|| addressed_model(page, template, space))
                .map_or(RustType::Json, RustType::Named),
        ),
        HttpMethod::Post if matches!(template.segments.last(), Some(Segment::Ref)) => {
            BodyDef::Json(RustType::Json)
        }
        HttpMethod::Post
            if page
                .response
                .as_ref()
                .is_some_and(|r| r.status.first() == Some(&201)) =>
        {
            response_model().map_or(BodyDef::None, |id| BodyDef::Json(RustType::Named(id)))
        }
        _ => BodyDef::None,
    }
}

/// The model of the entity a line addresses: its last cast (`/microsoft.graph.x`), else its last literal segment
/// (singular before a key: `/groups/{id}/events/{id}` is an `event`, `/me/mailboxSettings` a `mailboxSettings`).
fn addressed_model(page: &ApiPage, template: &PathTemplate, space: &TypeSpace) -> Option<TypeId> {
    let segments = &template.segments;
    let name = segments
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, segment)| match segment {
            Segment::Cast(cast) => Some(cast.clone()),
            Segment::Literal(literal) if matches!(segments.get(i + 1), Some(Segment::Param(_))) => {
                Some(names::singular(literal))
            }
            Segment::Literal(literal) => Some(literal.clone()),
            _ => None,
        })?;
    space
        .resolve_name(None, &name, &page.namespace)
        .filter(|&id| !space.is_enum(id))
}

/// The model a property table describes, when every row is one of its properties: the table of an update or
/// create page lists (some of) the resource's properties, and the resource model is the body, all optional.
fn resource_body(page: &ApiPage, params: &[Param], space: &TypeSpace) -> Option<TypeId> {
    let by_response = match page.response.as_ref().map(|r| &r.body) {
        Some(ResponseBody::Single(expr)) => match space.resolve(expr, &page.namespace) {
            Some(RustType::Named(id)) => Some(id),
            _ => None,
        },
        _ => None,
    };
    let by_title = space.resolve_name(None, &page_names(page).resource, &page.namespace);
    [by_response, by_title].into_iter().flatten().find(|&id| {
        if space.is_enum(id) || params.is_empty() {
            return false;
        }
        let fields = space.model_fields(id, &mut Vec::new());
        params
            .iter()
            .all(|p| fields.iter().any(|f| f.json == p.name.trim()))
    })
}
