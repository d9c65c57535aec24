//! Operations: one per request line of every API page, named from the page alone (title `resource: operation`,
//! else the file stem), with readable path parameters, setters, body and response resolved against the
//! [`TypeSpace`]. Pages without a request line whose title names a bound operation get a derived line.
//!
//! # Relative request lines
//!
//! Some pages write their request lines relative to an entity instead of from the service root: the Excel
//! workbook pages say `GET /workbook/worksheets/{id|name}/charts`, while the service is called at
//! `/me/drive/items/{id}/workbook/worksheets/...` or `/me/drive/root:/{item-path}:/workbook/...`, as their examples
//! show. The rule is general, not tied to file names: a line whose first segment is one of [`RELATIVE_ROOTS`] (a
//! navigation property of an entity, never an entity set or singleton at the root) is relative. Its function
//! takes the entity's path from the caller as a first argument, `entity_path`, exactly as a bound operation does
//! when no page addresses its bound type; the runtime writes that path as given after checking it (it starts
//! with `/`, names no scheme or host, holds no query, fragment or dot segment). The other arguments keep the
//! names the line gives them, so names stay derived from the page alone.

mod addressing;
mod body;
mod claims;
mod derived;
mod naming;
mod path;
mod response;
mod setters;
mod shared;
#[cfg(test)]
mod tests;

use crate::ir::casing::SegmentCasing;
use crate::ir::types::{RustType, TypeSpace};
use crate::names::RustName;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::page::template::{PathTemplate, Segment};
use crate::page::{ApiPage, HttpMethod, ODataOption, Param, Permissions, RequestBody};

pub use addressing::AddressIndex;
pub use claims::NameClaims;
pub use naming::{page_names, PageNames};
pub use setters::odata_name;
pub use shared::SharedTypes;

/// One generated function.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationDef {
    /// Module path below the macro root: namespace modules, then the resource module.
    pub module: Vec<RustName>,
    /// The function name (`get_upload_session`).
    pub ident: RustName,
    /// The documented operation name (`getUploadSession`), kept beside the Rust name.
    pub original: String,
    /// The method.
    pub method: HttpMethod,
    /// The documented path template (`/users/{id | userPrincipalName}`).
    pub template: String,
    /// How the path is built.
    pub path: Vec<PathPiece>,
    /// Required arguments, in path order.
    pub args: Vec<Arg>,
    /// Query pairs written on the request line, always sent.
    pub fixed_query: Vec<(String, String)>,
    /// Query and function parameter setters.
    pub setters: Vec<Setter>,
    /// Supported OData options, with their setter names.
    pub odata: Vec<(RustName, ODataOption)>,
    /// Header setters.
    pub headers: Vec<Setter>,
    /// The request body.
    pub body: BodyDef,
    /// The response.
    pub response: ResponseDef,
    /// Page description.
    pub description: String,
    /// Permissions.
    pub permissions: Permissions,
    /// The request line as written, or as derived.
    pub http_line: String,
    /// Where the line is (for a derived line: the page title).
    pub location: Location,
    /// How the line was derived, when the page has none.
    pub derived: Option<String>,
    /// The builder of an earlier line of the same page with the same setters and response
    /// (`GetScheduleRequest`), when this operation needs its own and there is one: that builder is declared once,
    /// and this operation's builder name is a type alias of it.
    pub builder_same_as: Option<RustName>,
}

/// First segments of request lines written relative to an entity rather than from the service root (see the
/// module docs): `workbook` is a navigation property of driveItem, not an entity set or singleton. Checked
/// against the v1.0 reference: every other first segment there (`me`, `users`, `drives`, `drive`, `contacts`,
/// `shares`, ...) is a root entity set or singleton, and its examples call it from the root.
pub const RELATIVE_ROOTS: &[&str] = &["workbook"];

/// Whether a request line is written relative to an entity (its first segment is one of [`RELATIVE_ROOTS`]).
pub fn is_relative(template: &PathTemplate) -> bool {
    matches!(
        template.segments.first(),
        Some(Segment::Literal(first)) if RELATIVE_ROOTS.iter().any(|root| first.eq_ignore_ascii_case(root))
    )
}

/// Headers the runtime's generic request has setters for (`graph_runtime::builder::Prefer`, ...).
pub const WELL_KNOWN_HEADERS: &[(&str, &str)] = &[
    ("consistencylevel", "ConsistencyLevel"),
    ("prefer", "Prefer"),
    ("if-match", "IfMatch"),
    ("if-none-match", "IfNoneMatch"),
    ("workbook-session-id", "WorkbookSessionId"),
];

impl OperationDef {
    /// Whether the operation needs a builder of its own: it has query or function parameters, or headers the
    /// runtime's generic request has no setter for. Every other operation returns `graph_runtime::builder::Request`.
    pub fn needs_own_builder(&self) -> bool {
        !self.setters.is_empty()
            || self.headers.iter().any(|h| {
                !WELL_KNOWN_HEADERS
                    .iter()
                    .any(|(wire, _)| h.wire.eq_ignore_ascii_case(wire))
            })
    }
}

/// A piece of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Trusted text from the docs.
    Literal(String),
    /// Argument `n` as one encoded segment.
    Segment(usize),
    /// Argument `n` as an OData literal (`'value'`, `42`).
    OData(usize),
    /// Argument `n` as a drive item path (components encoded, `/` kept).
    ItemPath(usize),
    /// Argument `n` as the caller's entity path, written as given once checked (always the first piece).
    EntityPath(usize),
}

/// How an argument is taken and written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgType {
    /// `&str`.
    Str,
    /// A typed value (a primitive by value, an edm type or enum by reference).
    Typed(RustType),
}

/// A required argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// Rust name (`user_id`).
    pub ident: RustName,
    /// The name as documented (`id | userPrincipalName`).
    pub original: String,
    /// Its type.
    pub ty: ArgType,
    /// Description, when a parameter table has one.
    pub description: String,
}

/// A builder setter for a query parameter, function parameter or header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setter {
    /// Rust name.
    pub ident: RustName,
    /// Wire name (`resetSession`, `ConsistencyLevel`).
    pub wire: String,
    /// Value type (`None`: a string).
    pub ty: Option<RustType>,
    /// Description.
    pub description: String,
    /// Whether the page marks it required.
    pub required: bool,
    /// Whether it is an argument of the function the path ends with, written in the function's parentheses
    /// (`/usedRange(valuesOnly=true)`) rather than in the query.
    pub call: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyDef {
    /// None.
    None,
    /// A JSON value of a type (a resource model, typically).
    Json(RustType),
    /// A generated struct for a parameter table.
    Params {
        /// The struct's fields, one per row.
        fields: Vec<BodyField>,
        /// The body struct of an earlier line of the same page with the same fields (`SendmailBody`), when there
        /// is one: that struct is declared once, and this operation's body name is a type alias of it.
        same_as: Option<RustName>,
    },
    /// Raw bytes.
    Bytes(String),
}

/// A field of a generated body struct.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    /// Rust name.
    pub ident: RustName,
    /// JSON member name.
    pub json: String,
    /// Type.
    pub ty: RustType,
    /// Required (plain) or optional (`Option`).
    pub required: bool,
    /// Description.
    pub description: String,
}

/// What the function returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseDef {
    /// `()`.
    Unit,
    /// `Accepted` (202, Location).
    Accepted,
    /// Raw bytes.
    Bytes,
    /// A single value.
    Single(RustType),
    /// A value the service sends only when a request header asks for it (`Prefer: return=representation` on an
    /// update that otherwise answers `204 No Content`): `Option<T>`.
    Optional(RustType),
    /// A page of a collection.
    Page(RustType),
}

/// A request line to build an operation from: written on the page, or derived when the page has none.
#[derive(Debug, Clone)]
struct OperationLine {
    /// The method.
    method: HttpMethod,
    /// The path template.
    template: PathTemplate,
    /// The query pairs written on the line.
    query: Vec<(String, String)>,
    /// The line as written, or as derived.
    raw: String,
    /// Where the line is (for a derived line: the page title).
    location: Location,
    /// How the line was derived, when the page has none.
    derived: Option<String>,
    /// The name of the entity-path argument, when the caller gives the path of the entity the line is relative
    /// to (a relative line, or a bound operation that no page addresses).
    entity_path: Option<String>,
}

/// Builds the operations of one page. Diagnostics go to `report`; the page is callable when this returns at
/// least one operation.
pub fn page_operations(
    page: &ApiPage,
    space: &TypeSpace,
    addresses: &AddressIndex,
    casing: &SegmentCasing,
    claims: &NameClaims<'_>,
    report: &mut Vec<Diagnostic>,
) -> Vec<OperationDef> {
    let names = page_names(page);
    let module = naming::page_module(page, &names);

    let mut lines: Vec<OperationLine> = page
        .requests
        .iter()
        .map(|l| OperationLine {
            method: l.method,
            template: l.template.clone(),
            query: l.query.clone(),
            raw: l.raw.clone(),
            location: l.location.clone(),
            derived: None,
            entity_path: is_relative(&l.template).then(|| "entity_path".to_owned()),
        })
        .collect();
    if lines.is_empty() {
        match derived::derive_line(page, &names, space, addresses) {
            Ok(derived) => lines.push(derived),
            Err(reason) => {
                let location = page
                    .request_section
                    .clone()
                    .unwrap_or_else(|| page.title_location.clone());
                report.push(
                    Diagnostic::error(DiagnosticKind::EmptyRequestBlock, location, format!("no request line: {reason}"))
                        .with_hint("write the request line (`GET /path/{id}`) in the page's HTTP request block"),
                );
                return Vec::new();
            }
        }
    }

    let templates: Vec<&PathTemplate> = lines.iter().map(|l| &l.template).collect();
    let documented = page.requests.iter().filter(|l| !l.from_example).count();
    let idents = naming::line_idents(&names, &templates, documented);
    let mut operations = Vec::new();
    let fallbacks: Vec<Option<RustName>> = lines
        .iter()
        .zip(&idents)
        .enumerate()
        .map(|(i, (line, ident))| {
            claims
                .held(
                    &module,
                    ident,
                    &line.location,
                    (line.method, &line.template),
                )
                .then(|| naming::fallback_ident(&names, &templates, i, &idents))
                .flatten()
        })
        .collect();
    for ((line, ident), fallback) in lines.into_iter().zip(idents).zip(fallbacks) {
        let ident = fallback.unwrap_or(ident);
        let template = path::with_function_parameters(page, &names, line.template);
        let built = path::build_path(page, &template, line.entity_path.as_deref(), space, casing);
        // A line whose last segment is the page's operation (its `resource: operation` title) ends with the
        // function: the path parameters the line does not use are the call's.
        let function = line.method == HttpMethod::Get
            && names.from_title
            && matches!(template.segments.last(), Some(Segment::Literal(last)) if last.eq_ignore_ascii_case(&names.operation));
        let setters =
            setters::build_setters(page, &built.args, &template, &line.query, function, space);
        let body = body::body(page, line.method, &template, space, report);
        let response = response::response(page, space, report);
        operations.push(OperationDef {
            module: module.clone(),
            ident,
            original: names.operation.clone(),
            method: line.method,
            template: built.text,
            path: built.pieces,
            args: built.args,
            fixed_query: setters.fixed_query,
            setters: setters.setters,
            odata: setters.odata,
            headers: setters.headers,
            body,
            response,
            description: page.description.clone(),
            permissions: page.permissions.clone(),
            http_line: line.raw,
            location: line.location,
            derived: line.derived,
            builder_same_as: None,
        });
    }
    operations
}

/// The documented parameter of that name: from the function, path, URL and query parameter tables, then the
/// request-body table (which some pages use for the arguments their line writes in a call's parentheses).
fn find_param<'a>(page: &'a ApiPage, name: &str) -> Option<&'a Param> {
    let wanted = normalize(name);
    let body: &[Param] = match &page.body {
        RequestBody::Parameters { params, .. } => params,
        _ => &[],
    };
    page.function_params
        .iter()
        .chain(&page.path_params)
        .chain(&page.url_params)
        .chain(&page.query_params)
        .chain(body)
        .find(|p| normalize(&p.name) == wanted)
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}
