//! Setters pass: a builder's OData options, query and function parameter setters, the line's fixed query pairs,
//! and its header setters.

use std::collections::BTreeSet;

use super::{normalize, Arg, Setter};
use crate::ir::types::{RustType, TypeSpace};
use crate::names::{self, RustName};
use crate::page::template::{PathTemplate, Segment};
use crate::page::type_expr::Primitive;
use crate::page::{ApiPage, ODataOption, Param};

/// The setter name and wire name of an OData option.
pub fn odata_name(option: ODataOption) -> (&'static str, &'static str) {
    match option {
        ODataOption::Select => ("select", "$select"),
        ODataOption::Filter => ("filter", "$filter"),
        ODataOption::Expand => ("expand", "$expand"),
        ODataOption::OrderBy => ("order_by", "$orderby"),
        ODataOption::Top => ("top", "$top"),
        ODataOption::Skip => ("skip", "$skip"),
        ODataOption::Search => ("search", "$search"),
        ODataOption::Count => ("count", "$count"),
        ODataOption::SkipToken => ("skip_token", "$skiptoken"),
        ODataOption::Format => ("format", "$format"),
    }
}

/// Headers the runtime sets itself.
const RUNTIME_HEADERS: &[&str] = &[
    "authorization",
    "accept",
    "content-type",
    "content-length",
    "host",
    "client-request-id",
    "accept-encoding",
    "retry-attempt",
];

/// What [`build_setters`] decides for an operation's builder.
#[derive(Debug, Clone, Default)]
pub(super) struct Setters {
    /// Query pairs written on the request line, always sent.
    pub fixed_query: Vec<(String, String)>,
    /// Query and function parameter setters.
    pub setters: Vec<Setter>,
    /// Supported OData options, with their setter names.
    pub odata: Vec<(RustName, ODataOption)>,
    /// Header setters.
    pub headers: Vec<Setter>,
}

/// The setters of an operation: its OData options, query and function parameters, the templated query pairs of
/// its line, and its headers. Function parameters the line does not write are sent in the query
/// (`getUploadSession?resetSession=true`, `delta?token=latest`, as the pages show them). `function`: the line ends
/// with the name of the function the page documents, so the optional path parameters it does not use (the table
/// says they belong in the path: `usedRange(valuesOnly=true)`) are written in the function's parentheses.
pub(super) fn build_setters(
    page: &ApiPage,
    args: &[Arg],
    template: &PathTemplate,
    line_query: &[(String, String)],
    function: bool,
    space: &TypeSpace,
) -> Setters {
    let mut taken: BTreeSet<String> = [
        "pages",
        "items",
        "into_future",
        "send",
        "query",
        "header",
        "spec",
        "into_spec",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Parameters the path takes: by their placeholder's name, or by the name of the call argument they fill,
    // whatever the line writes as its value (`period='{period_value}'`, `count=n`, `interval='day'`).
    let call_args = |segment: &Segment| match segment {
        Segment::Call { args, .. } => args
            .iter()
            .filter_map(|a| a.name.as_deref())
            .map(normalize)
            .collect(),
        _ => Vec::new(),
    };
    let in_path: BTreeSet<String> = args
        .iter()
        .flat_map(|a| a.original.split(" | ").map(normalize).collect::<Vec<_>>())
        .chain(template.segments.iter().flat_map(call_args))
        .collect();
    // A line that ends with a call of the function (`getEmailActivityUserDetail(period='{period_value}')`) takes
    // the arguments it writes; the page's other function parameters belong to its other lines (`(date=...)`).
    let overload: Option<BTreeSet<String>> = match template.segments.last() {
        Some(last @ Segment::Call { .. }) => Some(call_args(last).into_iter().collect()),
        _ => None,
    };
    let fixed: BTreeSet<String> = line_query.iter().map(|(k, _)| normalize(k)).collect();
    // The line's own literal query pairs (`?$filter=...` written on the line) are always sent.
    let fixed_query = line_query
        .iter()
        .filter(|(_, v)| !v.contains('{') && !v.contains('<'))
        .cloned()
        .collect();
    let mut odata = Vec::new();
    let mut setters = Vec::new();
    for (i, &option) in page.odata_options.iter().enumerate() {
        if page.odata_options[..i].contains(&option) {
            continue;
        }
        odata.push((
            names::unique(&names::snake(odata_name(option).0), &mut taken),
            option,
        ));
    }
    let odata_wires: BTreeSet<String> = page
        .odata_options
        .iter()
        .map(|o| normalize(odata_name(*o).1))
        .collect();
    let other_overloads = page.function_params.iter().filter(|p| {
        overload
            .as_ref()
            .is_some_and(|own| !own.contains(&normalize(&p.name)))
    });
    let skipped: BTreeSet<String> = other_overloads.map(|p| normalize(&p.name)).collect();
    let call_params: &[Param] = if function { &page.path_params } else { &[] };
    let params = page
        .function_params
        .iter()
        .map(|p| (p, false))
        .chain(call_params.iter().map(|p| (p, true)))
        .chain(page.query_params.iter().map(|p| (p, false)));
    for (param, call) in params {
        let key = normalize(&param.name);
        if key.is_empty()
            || in_path.contains(&key)
            || skipped.contains(&key)
            || odata_wires.contains(&key)
            || setters.iter().any(|s: &Setter| normalize(&s.wire) == key)
        {
            continue;
        }
        if fixed.contains(&key)
            && line_query
                .iter()
                .any(|(k, v)| normalize(k) == key && !v.contains('{'))
        {
            continue;
        }
        let ty = match param
            .ty
            .as_ref()
            .and_then(|t| space.resolve(t, &page.namespace))
        {
            Some(RustType::Primitive(
                Primitive::String | Primitive::Stream | Primitive::Json | Primitive::Binary,
            ))
            | None => None,
            Some(RustType::Vec(_)) => None,
            Some(RustType::Named(id)) if !space.is_enum(id) => None,
            Some(other) => Some(other),
        };
        let wire = param.name.trim().to_owned();
        if wire.contains(|c: char| c.is_whitespace() || c == '=' || c == '&' || c == '#') {
            continue;
        }
        setters.push(Setter {
            ident: names::unique(&names::snake(&wire), &mut taken),
            wire,
            ty,
            description: param.description.clone(),
            required: param.required,
            call,
        });
    }
    for (name, value) in line_query {
        let key = normalize(name);
        let templated = value.contains('{') || value.contains('<');
        if templated
            && !name.starts_with('$')
            && !setters.iter().any(|s: &Setter| normalize(&s.wire) == key)
        {
            setters.push(Setter {
                ident: names::unique(&names::snake(name), &mut taken),
                wire: name.clone(),
                ty: None,
                description: String::new(),
                required: true,
                call: false,
            });
        }
    }
    let mut headers: Vec<Setter> = Vec::new();
    for header in &page.headers {
        let name = header
            .name
            .split([':', ' '])
            .next()
            .unwrap_or_default()
            .trim();
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid
            || RUNTIME_HEADERS.contains(&name.to_ascii_lowercase().as_str())
            || headers.iter().any(|h| h.wire.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let description = page
            .headers
            .iter()
            .filter(|h| {
                h.name
                    .split([':', ' '])
                    .next()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
            })
            .map(|h| {
                if h.name.trim().eq_ignore_ascii_case(name) {
                    h.description.clone()
                } else {
                    format!("{}: {}", h.name.trim(), h.description)
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        headers.push(Setter {
            ident: names::unique(&names::snake(name), &mut taken),
            wire: name.to_owned(),
            ty: None,
            description,
            required: header.required,
            call: false,
        });
    }
    Setters {
        fixed_query,
        setters,
        odata,
        headers,
    }
}
