//! Derived lines: the request line of a bound function or action whose page has an empty request block,
//! from its `resource: operation` title, the resource's page and the page that addresses that type.

use super::addressing::AddressIndex;
use super::naming::PageNames;
use super::OperationLine;
use crate::ir::types::TypeSpace;
use crate::page::template::{PathTemplate, Segment};
use crate::page::{ApiPage, HttpMethod, RequestBody, ResponseBody};

/// Derives the request line of a bound function or action from a `resource: operation` title, the resource's
/// page (and its base types) and the page that addresses that type.
pub(super) fn derive_line(
    page: &ApiPage,
    names: &PageNames,
    space: &TypeSpace,
    addresses: &AddressIndex,
) -> Result<OperationLine, String> {
    if !names.from_title {
        return Err("the request block is empty and the title is not `resource: operation`, so no binding can be derived".into());
    }
    let Some(operation) = names.bound_operation() else {
        return Err(format!(
            "the request block is empty and the title's operation `{}` is not one name, so no binding can be derived",
            names.operation
        ));
    };
    let Some(bound) = space
        .resolve_name(None, &names.resource, &page.namespace)
        .filter(|&id| !space.is_enum(id))
    else {
        return Err(format!(
            "the request block is empty and the bound type `{}` has no resource page, so no binding can be derived",
            names.resource
        ));
    };
    let bound_def = &space.types[bound];
    let qualified = format!("{}.{}", bound_def.namespace, bound_def.name);
    let is_function = !page.function_params.is_empty()
        || (matches!(page.body, RequestBody::None | RequestBody::Empty { .. })
            && matches!(
                page.response.as_ref().map(|r| &r.body),
                Some(ResponseBody::Single(_)) | Some(ResponseBody::Collection(_))
            ));
    let method = if is_function {
        HttpMethod::Get
    } else {
        HttpMethod::Post
    };
    let tail = vec![
        Segment::Cast(qualified.clone()),
        Segment::Literal(operation.to_owned()),
    ];
    let (template, text, how, entity_path) = match addresses.address(bound, space) {
        Some(address) => {
            let (raw, location) = (&address.raw, &address.location);
            let mut segments = address.template.segments.clone();
            segments.extend(tail);
            let url =
                crate::read::request_line::split_method(raw).map_or(raw.as_str(), |(_, rest)| rest);
            let path =
                crate::read::request_line::split_query(crate::read::request_line::strip_host(url))
                    .0;
            let text = format!("{path}/{qualified}/{operation}");
            let how = format!("derived from the title, the resource page of `{}` and the addressing line at {location}", bound_def.name);
            (PathTemplate { segments }, text, how, None)
        }
        None => {
            let text = format!("{{entity-path}}/{qualified}/{operation}");
            let how = format!(
                "derived from the title; no page addresses `{}` or its base types, so the caller gives the entity's path",
                bound_def.name
            );
            (
                PathTemplate { segments: tail },
                text,
                how,
                Some("entity_path".to_owned()),
            )
        }
    };
    Ok(OperationLine {
        method,
        template,
        query: Vec::new(),
        raw: format!("{} {text}", method.as_str()),
        location: page.title_location.clone(),
        derived: Some(how),
        entity_path,
    })
}
