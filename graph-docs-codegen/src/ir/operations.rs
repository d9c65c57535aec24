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

use std::collections::BTreeSet;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::ir::casing::{push_key, SegmentCasing};
use crate::ir::types::{RustType, TypeId, TypeSpace};
use crate::names;
use crate::page::{
    ApiPage, HttpMethod, ODataOption, Param, Permissions, RequestBody, ResponseBody,
};
use crate::page::template::{ArgValue, FunctionArg, ItemPathPart, ParamRef, PathTemplate, Segment};
use crate::page::type_expr::{Primitive, TypeExpr};

/// One generated function.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationDef {
    /// Module path below the macro root: namespace modules, then the resource module.
    pub module: Vec<String>,
    /// The function name (`get_upload_session`).
    pub ident: String,
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
    /// Supported OData options.
    pub odata: Vec<(String, ODataOption)>,
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
    pub ident: String,
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
    pub ident: String,
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
    Params(Vec<BodyField>),
    /// Raw bytes.
    Bytes(String),
}

/// A field of a generated body struct.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    /// Rust name.
    pub ident: String,
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
    /// A page of a collection.
    Page(RustType),
}

/// The resource and operation names a page's functions are named from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNames {
    /// The resource, as documented (`azureDataLakeConnector`, `user`).
    pub resource: String,
    /// The operation (`getUploadSession`, `list-messages`).
    pub operation: String,
    /// Whether they come from a `resource: operation` title.
    pub from_title: bool,
}

/// Names a page: from a `resource: operation` title, else from the file stem (`user-list-messages` -> `user`,
/// `list messages`; a leading token equal to the namespace's last part, as in `industrydata-...`, is dropped).
/// Lower-case stem tokens take their case from a word of the page's own title or description.
pub fn page_names(page: &ApiPage) -> PageNames {
    if let Some((resource, operation)) = page.title.split_once(':') {
        let resource = resource
            .trim()
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .trim();
        let operation = operation.trim().trim_end_matches("()").trim();
        let is_word = |s: &str| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if is_word(resource) && !operation.is_empty() && operation.split_whitespace().count() <= 4 {
            return PageNames {
                resource: resource.to_owned(),
                operation: operation.to_owned(),
                from_title: true,
            };
        }
    }
    let stem = page
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tokens: Vec<&str> = stem
        .split(['-', '_', '.'])
        .filter(|t| !t.is_empty())
        .collect();
    let ns_last = page
        .namespace
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if tokens.len() >= 3 && tokens[0].eq_ignore_ascii_case(&ns_last) && ns_last != "graph" {
        tokens.remove(0);
    }
    let words: Vec<&str> = page
        .title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .chain(page.description.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let cased = |token: &str| -> String {
        words
            .iter()
            .find(|w| w.eq_ignore_ascii_case(token) && w.chars().any(|c| c.is_ascii_uppercase()))
            .map_or_else(|| token.to_owned(), |w| (*w).to_owned())
    };
    let resource = tokens
        .first()
        .map(|t| cased(t))
        .unwrap_or_else(|| "operation".to_owned());
    let operation = if tokens.len() > 1 {
        tokens[1..]
            .iter()
            .map(|t| cased(t))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        "call".to_owned()
    };
    PageNames {
        resource,
        operation,
        from_title: false,
    }
}

/// Where an entity of a type can be addressed: the request lines of GET pages that return one.
#[derive(Debug, Default)]
pub struct AddressIndex {
    by_type: std::collections::BTreeMap<TypeId, Vec<(PathTemplate, String, Location)>>,
}

impl AddressIndex {
    /// Indexes the GET lines of pages whose response is a single model. Lines that end with a key and hold no
    /// function call or cast come first; then page order.
    pub fn new(pages: &[&ApiPage], space: &TypeSpace) -> Self {
        let mut index = AddressIndex::default();
        for page in pages {
            let Some(ResponseBody::Single(expr)) = page.response.as_ref().map(|r| &r.body) else {
                continue;
            };
            let Some(RustType::Named(id)) = space.resolve(expr, &page.namespace) else {
                continue;
            };
            for line in page.requests.iter().filter(|l| l.method == HttpMethod::Get) {
                index.by_type.entry(id).or_default().push((
                    line.template.clone(),
                    line.raw.clone(),
                    line.location.clone(),
                ));
            }
        }
        for lines in index.by_type.values_mut() {
            lines.sort_by_key(|(template, _, location)| {
                (!is_plain_key_path(template), location.clone())
            });
        }
        index
    }

    /// The best addressing line for a type or, failing that, its nearest base.
    pub fn address(
        &self,
        id: TypeId,
        space: &TypeSpace,
    ) -> Option<&(PathTemplate, String, Location)> {
        space
            .chain(id)
            .into_iter()
            .find_map(|t| self.by_type.get(&t).and_then(|lines| lines.first()))
    }
}

fn is_plain_key_path(template: &PathTemplate) -> bool {
    let ends_with_key = matches!(
        template.segments.last(),
        Some(Segment::Param(_)) | Some(Segment::Call { .. })
    );
    let plain = template.segments.iter().all(|s| match s {
        Segment::Literal(_) | Segment::Param(_) => true,
        Segment::Call { args, .. } => args.iter().all(|a| a.name.is_none()),
        _ => false,
    });
    ends_with_key && plain
}

/// Builds the operations of one page. Diagnostics go to `report`; the page is callable when this returns at
/// least one operation.
pub fn page_operations(
    page: &ApiPage,
    space: &TypeSpace,
    addresses: &AddressIndex,
    casing: &SegmentCasing,
    report: &mut Vec<Diagnostic>,
) -> Vec<OperationDef> {
    let names = page_names(page);
    let mut module = names::namespace_modules(&page.namespace);
    module.push(names::snake(&names.resource));
    let base = names::snake(&names.operation);

    let mut lines: Vec<DerivedLine> = page
        .requests
        .iter()
        .map(|l| {
            (
                l.method,
                l.template.clone(),
                l.query.clone(),
                l.raw.clone(),
                l.location.clone(),
                None,
                is_relative(&l.template).then(|| "entity_path".to_owned()),
            )
        })
        .collect();
    if lines.is_empty() {
        match derive_line(page, &names, space, addresses) {
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

    let signatures: Vec<Vec<String>> = lines.iter().map(|l| signature(&l.1)).collect();
    let common_tail = common_suffix(&signatures);
    let common_head = common_prefix(&signatures, common_tail);
    let mut taken = BTreeSet::new();
    let mut operations = Vec::new();
    for (i, (method, template, query, raw, location, derived, entity_path)) in
        lines.into_iter().enumerate()
    {
        let name = if i == 0 {
            base.clone()
        } else {
            let distinct = &signatures[i][common_head..signatures[i].len() - common_tail];
            let suffix: Vec<String> = distinct
                .iter()
                .map(|w| names::snake(w).trim_start_matches("r#").to_owned())
                .collect();
            if suffix.is_empty() {
                base.clone()
            } else {
                format!("{}_{}", base.trim_start_matches("r#"), suffix.join("_"))
            }
        };
        let ident = names::unique(&name, &mut taken);
        let mut op = OperationDef {
            module: module.clone(),
            ident,
            original: names.operation.clone(),
            method,
            template: String::new(),
            path: Vec::new(),
            args: Vec::new(),
            fixed_query: Vec::new(),
            setters: Vec::new(),
            odata: Vec::new(),
            headers: Vec::new(),
            body: BodyDef::None,
            response: ResponseDef::Unit,
            description: page.description.clone(),
            permissions: page.permissions.clone(),
            http_line: raw,
            location,
            derived,
        };
        let template = with_function_parameters(page, &names, template);
        build_path(
            &mut op,
            page,
            &template,
            entity_path.as_deref(),
            space,
            casing,
        );
        // A line whose last segment is the page's operation (its `resource: operation` title) ends with the
        // function: the path parameters the line does not use are the call's.
        let function = method == HttpMethod::Get
            && names.from_title
            && matches!(template.segments.last(), Some(Segment::Literal(last)) if last.eq_ignore_ascii_case(&names.operation));
        build_setters(&mut op, page, &template, &query, function, space);
        op.body = body(page, method, &template, space, report);
        op.response = response(page, space, report);
        operations.push(op);
    }
    operations
}

/// A request line to generate: method, template, query on the line, text, location, how it was derived, and the
/// name of the entity-path argument when the caller gives the bound entity's path.
type DerivedLine = (
    HttpMethod,
    PathTemplate,
    Vec<(String, String)>,
    String,
    Location,
    Option<String>,
    Option<String>,
);

/// Derives the request line of a bound function or action from a `resource: operation` title, the resource's
/// page (and its base types) and the page that addresses that type.
fn derive_line(
    page: &ApiPage,
    names: &PageNames,
    space: &TypeSpace,
    addresses: &AddressIndex,
) -> Result<DerivedLine, String> {
    if !names.from_title {
        return Err("the request block is empty and the title is not `resource: operation`, so no binding can be derived".into());
    }
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
        Segment::Literal(names.operation.clone()),
    ];
    let (template, text, how, entity_path) = match addresses.address(bound, space) {
        Some((address, raw, location)) => {
            let mut segments = address.segments.clone();
            segments.extend(tail);
            let url = crate::read::request_line::split_method(raw).map_or(raw.as_str(), |(_, rest)| rest);
            let path = crate::read::request_line::split_query(crate::read::request_line::strip_host(url)).0;
            let text = format!("{path}/{qualified}/{}", names.operation);
            let how = format!("derived from the title, the resource page of `{}` and the addressing line at {location}", bound_def.name);
            (PathTemplate { segments }, text, how, None)
        }
        None => {
            let text = format!("{{entity-path}}/{qualified}/{}", names.operation);
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
    Ok((
        method,
        template,
        Vec::new(),
        format!("{} {text}", method.as_str()),
        page.title_location.clone(),
        Some(how),
        entity_path,
    ))
}

/// A function whose line leaves out its parameters: `GET /workbook/names/{name}/range/cell`, with `row` and
/// `column` in the page's path-parameter table, is called as `.../range/cell(row=5,column=6)`, since OData writes
/// a function's parameters in parentheses after its name. When the line's last segment is the page's operation
/// (its `resource: operation` title), the path parameters the line does not use become that call's arguments, in
/// table order, unless one of them is marked optional (then they stay setters, as function and query parameters
/// do: a call with some of its arguments left out is written without them).
fn with_function_parameters(
    page: &ApiPage,
    names: &PageNames,
    mut template: PathTemplate,
) -> PathTemplate {
    let Some(Segment::Literal(last)) = template.segments.last() else {
        return template;
    };
    if !names.from_title || !last.eq_ignore_ascii_case(&names.operation) {
        return template;
    }
    let used: BTreeSet<String> = template
        .params()
        .iter()
        .flat_map(|p| p.names.iter().map(|n| normalize(n)))
        .collect();
    let unused: Vec<&Param> = page
        .path_params
        .iter()
        .filter(|p| !used.contains(&normalize(&p.name)))
        .collect();
    let callable = unused.iter().all(|p| {
        let name = p.name.trim();
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !crate::read::text::contains_ci(&p.description, "optional")
    });
    if !callable {
        return template;
    }
    let args: Vec<FunctionArg> = unused
        .iter()
        .map(|p| p.name.trim())
        .map(|name| FunctionArg {
            name: Some(name.to_owned()),
            value: ArgValue::Param {
                param: ParamRef {
                    names: vec![name.to_owned()],
                },
                quoted: false,
            },
        })
        .collect();
    if !args.is_empty() {
        let name = last.clone();
        template.segments.pop();
        template.segments.push(Segment::Call { name, args });
    }
    template
}

/// Words that tell a page's request lines apart: literal segments (singular before a key), call and cast names.
fn signature(template: &PathTemplate) -> Vec<String> {
    let segments = &template.segments;
    let mut words = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            Segment::Literal(l) => {
                let keyed = matches!(segments.get(i + 1), Some(Segment::Param(_)));
                words.push(if keyed { names::singular(l) } else { l.clone() });
            }
            Segment::Call { name, .. } => words.push(name.clone()),
            Segment::Cast(c) => words.push(c.rsplit('.').next().unwrap_or(c).to_owned()),
            Segment::ItemPath { .. } => words.push("path".into()),
            Segment::Value => words.push("value".into()),
            Segment::Ref => words.push("ref".into()),
            Segment::Count => words.push("count".into()),
            Segment::Param(_) | Segment::Placeholder(_) => {}
        }
    }
    words
}

fn common_suffix(signatures: &[Vec<String>]) -> usize {
    let Some(shortest) = signatures.iter().map(Vec::len).min() else {
        return 0;
    };
    let mut n = 0;
    while n < shortest {
        let word = &signatures[0][signatures[0].len() - 1 - n];
        if signatures.iter().all(|s| &s[s.len() - 1 - n] == word) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

fn common_prefix(signatures: &[Vec<String>], tail: usize) -> usize {
    let Some(shortest) = signatures.iter().map(Vec::len).min() else {
        return 0;
    };
    let limit = shortest.saturating_sub(tail);
    (0..limit)
        .take_while(|&n| signatures.iter().all(|s| s[n] == signatures[0][n]))
        .count()
}

/// `{id}` after `users` is `user_id`; `{industryDataConnectorId}` is `industry_data_connector_id`.
fn param_name(param: &ParamRef, previous: Option<&str>) -> String {
    let first = param.names.first().map(String::as_str).unwrap_or("id");
    let generic = param.names.iter().any(|n| n.eq_ignore_ascii_case("id")) || first.is_empty();
    match previous {
        Some(prev) if generic => format!(
            "{}_id",
            names::snake(&names::singular(prev)).trim_start_matches("r#")
        ),
        _ if generic => "id".to_owned(),
        _ => names::snake(first),
    }
}

fn find_param<'a>(page: &'a ApiPage, name: &str) -> Option<&'a Param> {
    let wanted = normalize(name);
    page.function_params
        .iter()
        .chain(&page.path_params)
        .chain(&page.query_params)
        .find(|p| normalize(&p.name) == wanted)
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A typed argument for a function-call value, when its documented type is a primitive or enum.
fn typed_arg(param: Option<&Param>, page: &ApiPage, space: &TypeSpace) -> Option<RustType> {
    let expr = param?.ty.as_ref()?;
    if expr.collection {
        return None;
    }
    match space.resolve(expr, &page.namespace)? {
        RustType::Primitive(Primitive::Stream | Primitive::Binary | Primitive::Json) => None,
        RustType::Primitive(Primitive::String) => Some(RustType::Primitive(Primitive::String)),
        RustType::Primitive(p) => Some(RustType::Primitive(p)),
        RustType::Named(id) if space.is_enum(id) => Some(RustType::Named(id)),
        _ => None,
    }
}

fn build_path(
    op: &mut OperationDef,
    page: &ApiPage,
    template: &PathTemplate,
    entity_path: Option<&str>,
    space: &TypeSpace,
    casing: &SegmentCasing,
) {
    let mut taken: BTreeSet<String> = ["client", "body", "path", "spec"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut text = String::new();
    let mut pieces = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut add_arg =
        |args: &mut Vec<Arg>, name: String, original: String, ty: ArgType, description: String| {
            let ident = names::unique(&name, &mut taken);
            args.push(Arg {
                ident,
                original,
                ty,
                description,
            });
            args.len() - 1
        };
    if let Some(name) = entity_path {
        let n = add_arg(&mut args, name.to_owned(), "entity path".into(), ArgType::Str, "The path of the entity the request is made on, from the service root (`/users/{id}`, `/me/drive/items/{id}`): it starts with `/` and holds no scheme, host, query, fragment or dot segment.".into());
        pieces.push(PathPiece::EntityPath(n));
        text.push_str("{entity-path}");
    }
    let mut previous: Option<String> = None;
    let mut key = String::new();
    for segment in &template.segments {
        let mut literal = String::from("/");
        push_key(&mut key, segment);
        match segment {
            Segment::Literal(l) => {
                literal.push_str(casing.spelling(&key, l));
                previous = Some(l.clone());
                push_literal(&mut pieces, &literal);
                text.push_str(&literal);
                continue;
            }
            Segment::Param(param) => {
                push_literal(&mut pieces, "/");
                let mut description = param
                    .names
                    .iter()
                    .find_map(|n| find_param(page, n))
                    .map(|p| p.description.clone())
                    .unwrap_or_default();
                if matches!(pieces.as_slice(), [PathPiece::Literal(users)] if users.eq_ignore_ascii_case("/users/"))
                {
                    description = format!("{description} Pass `graph_runtime::ME` for the signed-in user: the request goes to `/me`.").trim_start().to_owned();
                }
                let n = add_arg(
                    &mut args,
                    param_name(param, previous.as_deref()),
                    param.names.join(" | "),
                    ArgType::Str,
                    description,
                );
                pieces.push(PathPiece::Segment(n));
                text.push_str(&format!("/{{{}}}", param.names.join(" | ")));
            }
            Segment::Call {
                name,
                args: call_args,
            } => {
                push_literal(&mut pieces, &format!("/{name}("));
                text.push_str(&format!("/{name}("));
                for (i, arg) in call_args.iter().enumerate() {
                    let separator = if i == 0 { "" } else { "," };
                    let prefix = match &arg.name {
                        Some(n) => format!("{separator}{n}="),
                        None => separator.to_owned(),
                    };
                    push_literal(&mut pieces, &prefix);
                    text.push_str(&prefix);
                    call_arg(
                        &mut pieces,
                        &mut text,
                        arg,
                        name,
                        page,
                        space,
                        &mut |name, original, ty, description| {
                            add_arg(&mut args, name, original, ty, description)
                        },
                    );
                }
                push_literal(&mut pieces, ")");
                text.push(')');
                previous = Some(name.clone());
            }
            Segment::Placeholder(p) => {
                push_literal(&mut pieces, "/");
                let n = add_arg(
                    &mut args,
                    names::snake(p),
                    format!("<{p}>"),
                    ArgType::Str,
                    String::new(),
                );
                pieces.push(PathPiece::Segment(n));
                text.push_str(&format!("/<{p}>"));
            }
            Segment::ItemPath { parts, closed } => {
                push_literal(&mut pieces, ":");
                text.push(':');
                for part in parts {
                    match part {
                        ItemPathPart::Literal(l) => {
                            push_literal(&mut pieces, l);
                            text.push_str(l);
                        }
                        ItemPathPart::Param(param) => {
                            let n = add_arg(
                                &mut args,
                                param_name(param, Some("item_path"))
                                    .replace("item_path_id", "item_path"),
                                param.names.join(" | "),
                                ArgType::Str,
                                String::new(),
                            );
                            pieces.push(PathPiece::ItemPath(n));
                            text.push_str(&format!("{{{}}}", param.names.join(" | ")));
                        }
                    }
                }
                if *closed {
                    push_literal(&mut pieces, ":");
                    text.push(':');
                }
            }
            Segment::Value => literal.push_str("$value"),
            Segment::Ref => literal.push_str("$ref"),
            Segment::Count => literal.push_str("$count"),
            Segment::Cast(c) => literal.push_str(c),
        }
        if literal.len() > 1 {
            push_literal(&mut pieces, &literal);
            text.push_str(&literal);
        }
    }
    if pieces.is_empty() {
        push_literal(&mut pieces, "/");
        text.push('/');
    }
    op.template = text;
    op.path = pieces;
    op.args = args;
}

#[allow(clippy::too_many_arguments)]
fn call_arg(
    pieces: &mut Vec<PathPiece>,
    text: &mut String,
    arg: &FunctionArg,
    call: &str,
    page: &ApiPage,
    space: &TypeSpace,
    add_arg: &mut dyn FnMut(String, String, ArgType, String) -> usize,
) {
    match &arg.value {
        ArgValue::Param { param, quoted } => {
            let documented = arg
                .name
                .as_deref()
                .and_then(|n| find_param(page, n))
                .or_else(|| param.names.iter().find_map(|n| find_param(page, n)));
            let name = match &arg.name {
                Some(n) => names::snake(n),
                None => param_name(param, Some(call)).replace("__", "_"),
            };
            let description = documented
                .map(|p| p.description.clone())
                .unwrap_or_default();
            let original = param.names.join(" | ");
            let (ty, piece): (ArgType, fn(usize) -> PathPiece) =
                match (typed_arg(documented, page, space), quoted) {
                    (Some(RustType::Primitive(Primitive::String)), _) | (None, true) => {
                        (ArgType::Str, PathPiece::OData)
                    }
                    (Some(ty), _) => (ArgType::Typed(ty), PathPiece::OData),
                    (None, false) => (ArgType::Str, PathPiece::Segment),
                };
            let n = add_arg(name, original.clone(), ty, description);
            pieces.push(piece(n));
            text.push_str(&if *quoted {
                format!("'{{{original}}}'")
            } else {
                format!("{{{original}}}")
            });
        }
        ArgValue::Literal(literal) if typed_enum_param(literal).is_some() => {
            // An enum argument written with its type, `microsoft.graph.timeZoneStandard'{timezone_format}'`: the type
            // is text, the quoted value the caller's (an enum writes itself quoted, a string is quoted).
            if let Some((prefix, param)) = typed_enum_param(literal) {
                push_literal(pieces, prefix);
                text.push_str(prefix);
                let quoted = FunctionArg {
                    name: arg.name.clone(),
                    value: ArgValue::Param {
                        param,
                        quoted: true,
                    },
                };
                call_arg(pieces, text, &quoted, call, page, space, add_arg);
            }
        }
        ArgValue::Literal(literal) => {
            // A bare word that is not an OData literal (`startDateTime-value`) is a placeholder for a value.
            let is_placeholder = arg.name.is_some()
                && literal.starts_with(|c: char| c.is_ascii_alphabetic())
                && !matches!(literal.as_str(), "true" | "false" | "null")
                && literal
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            match (&arg.name, is_placeholder) {
                (Some(name), true) => {
                    let documented = find_param(page, name);
                    let ty = match typed_arg(documented, page, space) {
                        Some(RustType::Primitive(Primitive::String)) | None => ArgType::Str,
                        Some(ty) => ArgType::Typed(ty),
                    };
                    let description = documented
                        .map(|p| p.description.clone())
                        .unwrap_or_default();
                    let piece = if ty == ArgType::Str {
                        PathPiece::Segment
                    } else {
                        PathPiece::OData
                    };
                    let n = add_arg(names::snake(name), literal.clone(), ty, description);
                    pieces.push(piece(n));
                }
                _ => push_literal(pieces, literal),
            }
            text.push_str(literal);
        }
    }
}

/// `microsoft.graph.timeZoneStandard'{timezone_format}'`: the qualified type name and the parameter.
fn typed_enum_param(literal: &str) -> Option<(&str, ParamRef)> {
    let (prefix, rest) = literal.split_once('\'')?;
    let inner = rest.strip_prefix('{')?.strip_suffix("}'")?;
    let qualified = prefix.contains('.')
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    let names: Vec<String> = inner
        .split('|')
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    (qualified && !names.is_empty() && !inner.contains(['{', '}', '\'']))
        .then_some((prefix, ParamRef { names }))
}

fn push_literal(pieces: &mut Vec<PathPiece>, literal: &str) {
    if let Some(PathPiece::Literal(last)) = pieces.last_mut() {
        last.push_str(literal);
    } else {
        pieces.push(PathPiece::Literal(literal.to_owned()));
    }
}

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

/// The setters of an operation: its OData options, query and function parameters, the templated query pairs of
/// its line, and its headers. Function parameters the line does not write are sent in the query
/// (`getUploadSession?resetSession=true`, `delta?token=latest`, as the pages show them). `function`: the line ends
/// with the name of the function the page documents, so the optional path parameters it does not use (the table
/// says they belong in the path: `usedRange(valuesOnly=true)`) are written in the function's parentheses.
fn build_setters(
    op: &mut OperationDef,
    page: &ApiPage,
    template: &PathTemplate,
    line_query: &[(String, String)],
    function: bool,
    space: &TypeSpace,
) {
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
    let in_path: BTreeSet<String> = op
        .args
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
    op.fixed_query = line_query
        .iter()
        .filter(|(_, v)| !v.contains('{') && !v.contains('<'))
        .cloned()
        .collect();
    let mut setters = Vec::new();
    for (i, &option) in page.odata_options.iter().enumerate() {
        if page.odata_options[..i].contains(&option) {
            continue;
        }
        op.odata
            .push((names::unique(odata_name(option).0, &mut taken), option));
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
    op.setters.extend(setters);
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
            || op.headers.iter().any(|h| h.wire.eq_ignore_ascii_case(name))
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
        op.headers.push(Setter {
            ident: names::unique(&names::snake(name), &mut taken),
            wire: name.to_owned(),
            ty: None,
            description,
            required: header.required,
            call: false,
        });
    }
}

fn body(
    page: &ApiPage,
    method: HttpMethod,
    template: &PathTemplate,
    space: &TypeSpace,
    report: &mut Vec<Diagnostic>,
) -> BodyDef {
    match &page.body {
        RequestBody::None => inferred_body(page, method, template, space),
        RequestBody::Empty { .. } => BodyDef::None,
        RequestBody::Resource { ty, location } => BodyDef::Json(space.resolve_or_json(
            ty,
            &page.namespace,
            location,
            "request body",
            report,
        )),
        RequestBody::Parameters { params, location } => {
            if let Some(model) = resource_body(page, params, space) {
                return BodyDef::Json(RustType::Named(model));
            }
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
                        json: p.name.trim().to_owned(),
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
            BodyDef::Params(fields)
        }
        RequestBody::Content { content_type, .. } => BodyDef::Bytes(
            content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
        ),
    }
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

fn response(page: &ApiPage, space: &TypeSpace, report: &mut Vec<Diagnostic>) -> ResponseDef {
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
    match &response.body {
        ResponseBody::None => ResponseDef::Unit,
        ResponseBody::Stream => ResponseDef::Bytes,
        _ if status == 204 => ResponseDef::Unit,
        ResponseBody::Single(expr) => match space.resolve_or_json(
            expr,
            &page.namespace,
            &response.location,
            "response",
            report,
        ) {
            RustType::Primitive(Primitive::Stream) => ResponseDef::Bytes,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Options;

    fn fixture(name: &str) -> crate::ir::Ir {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures")
            .join(name);
        let docs = crate::load(&dir).unwrap();
        crate::ir::build(&docs, &Options::for_folder(name))
    }

    fn op<'a>(ir: &'a crate::ir::Ir, name: &str) -> &'a OperationDef {
        ir.operations
            .iter()
            .find(|o| o.ident == name)
            .unwrap_or_else(|| panic!("no operation {name}"))
    }

    #[test]
    fn path_parameters_are_named_from_the_path() {
        let param = |names: &[&str]| ParamRef {
            names: names.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(param_name(&param(&["id"]), Some("users")), "user_id");
        assert_eq!(
            param_name(&param(&["id", "userPrincipalName"]), Some("users")),
            "user_id"
        );
        assert_eq!(
            param_name(&param(&["id"]), Some("mailFolders")),
            "mail_folder_id"
        );
        assert_eq!(
            param_name(&param(&["industryDataConnectorId"]), Some("dataConnectors")),
            "industry_data_connector_id"
        );
        assert_eq!(param_name(&param(&["id"]), None), "id");
    }

    #[test]
    fn further_lines_are_named_from_what_sets_them_apart() {
        let ir = fixture("bound");
        let list = op(&ir, "list");
        assert_eq!(list.module, ["widget_hub", "device"]);
        assert_eq!(list.template, "/widgetHub/devices");
        let room = op(&ir, "list_room");
        assert_eq!(room.template, "/widgetHub/rooms/{id}/devices");
        assert_eq!(room.args[0].ident, "room_id");
        assert!(matches!(
            room.response,
            ResponseDef::Page(RustType::Named(_))
        ));
    }

    #[test]
    fn a_bound_operation_without_a_line_is_derived_from_the_addressing_page() {
        let ir = fixture("bound");
        let status = op(&ir, "get_status");
        assert_eq!(status.module, ["widget_hub", "gadget"]);
        assert_eq!(status.method, HttpMethod::Get);
        assert_eq!(
            status.template,
            "/widgetHub/devices/{deviceId}/microsoft.graph.widgetHub.gadget/getStatus"
        );
        assert_eq!(status.args[0].ident, "device_id");
        assert_eq!(status.setters[0].wire, "includeHistory");
        assert!(status
            .derived
            .as_deref()
            .is_some_and(|how| how.contains("api/widgethub-device-get.md")));
        assert_eq!(ir.derived.len(), 1, "strict mode reports the derived line");
    }

    #[test]
    fn a_derived_line_keeps_the_whole_addressing_path() {
        // The addressing line as pages write it: absolute, alternatives in the key, a query.
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bound");
        let dir = tempfile::tempdir().unwrap();
        for sub in ["api", "resources"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
            for entry in std::fs::read_dir(from.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap().replace(
                    "GET /widgetHub/devices/{deviceId}\n",
                    "GET https://graph.microsoft.com/v1.0/widgetHub/devices/{deviceId | deviceName}?$select=id\n",
                );
                std::fs::write(dir.path().join(sub).join(path.file_name().unwrap()), text).unwrap();
            }
        }
        let docs = crate::load(dir.path()).unwrap();
        let ir = crate::ir::build(&docs, &Options::for_folder("bound"));
        assert_eq!(
            op(&ir, "get_status").http_line,
            "GET /widgetHub/devices/{deviceId | deviceName}/microsoft.graph.widgetHub.gadget/getStatus"
        );
    }

    #[test]
    fn without_an_addressing_page_the_caller_gives_the_entity_path() {
        let ir = fixture("unbound");
        let status = op(&ir, "get_status");
        assert_eq!(status.args[0].ident, "entity_path");
        assert_eq!(status.path[0], PathPiece::EntityPath(0));
        assert_eq!(
            status.template,
            "{entity-path}/microsoft.graph.widgetHub.gadget/getStatus"
        );
    }

    #[test]
    fn a_line_relative_to_an_entity_takes_the_entity_path() {
        let ir = fixture("relative");
        let charts = op(&ir, "list_charts");
        assert_eq!(charts.module, ["worksheet"]);
        let args: Vec<&str> = charts.args.iter().map(|a| a.ident.as_str()).collect();
        assert_eq!(args, ["entity_path", "worksheet_id"]);
        assert_eq!(charts.path[0], PathPiece::EntityPath(0));
        assert_eq!(
            charts.template,
            "{entity-path}/workbook/worksheets/{id | name}/charts"
        );
        assert!(charts.derived.is_none());
        let line = |text: &str| crate::page::template::parse(text).unwrap();
        assert!(is_relative(&line("/workbook/names")));
        assert!(!is_relative(&line("/me/drive/items/{id}/workbook/names")));
        assert!(!is_relative(&line("/drive/root")));
    }

    #[test]
    fn bodies_described_in_prose_follow_the_method() {
        let ir = fixture("conformance-widgets");
        let device = |op: &OperationDef| match &op.body {
            BodyDef::Json(RustType::Named(id)) => ir.space.types[*id].name.clone(),
            other => format!("{other:?}"),
        };
        // An update sends the model of the entity its line addresses, a create the model it answers with.
        assert_eq!(device(op(&ir, "rename")), "device");
        assert_eq!(device(op(&ir, "create")), "device");
        // A reference is `{"@odata.id": ...}`.
        assert_eq!(op(&ir, "post_devices").body, BodyDef::Json(RustType::Json));
        // A page that says there is no body has none.
        assert_eq!(op(&ir, "ping").body, BodyDef::None);
    }

    #[test]
    fn function_arguments_go_in_the_parentheses() {
        let ir = fixture("conformance-widgets");
        // A path parameter the line leaves out is an argument of the call the line ends with.
        let reading = op(&ir, "reading");
        assert_eq!(
            reading.template,
            "/widgetHub/devices/{deviceId}/reading(slot={slot})"
        );
        assert_eq!(
            reading.args[1].ty,
            ArgType::Typed(RustType::Primitive(Primitive::Int32))
        );
        assert!(reading.setters.is_empty());
        // Optional path parameters the line leaves out are setters that write into the parentheses.
        let history = op(&ir, "history");
        let setters: Vec<(&str, bool)> = history
            .setters
            .iter()
            .map(|s| (s.wire.as_str(), s.call))
            .collect();
        assert_eq!(setters, [("since", true), ("label", true)]);
        // An enum written with its type, on a line whose root segment is spelled as the other pages spell it.
        let count = op(&ir, "count_by_kind");
        assert_eq!(
            count.path[0],
            PathPiece::Literal(
                "/widgetHub/devices/countByKind(kind=microsoft.graph.widgetHub.deviceKind"
                    .to_owned()
            )
        );
        assert!(matches!(
            count.args[0].ty,
            ArgType::Typed(RustType::Named(id)) if ir.space.is_enum(id)
        ));
        assert!(count.setters.is_empty(), "{:?}", count.setters);
        // Function parameters the line does not write are query parameters, as the pages show them.
        let status = op(&ir, "get_status");
        assert!(status.setters.iter().all(|s| !s.call));
    }

    #[test]
    fn a_function_line_takes_only_its_own_arguments() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("api")).unwrap();
        std::fs::write(
            dir.path().join("api/report-get.md"),
            "---\ndoc_type: apiPageType\n---\n# report: getActivity\n\n## HTTP request\n\n```http\nGET /reports/getActivity(period='{period_value}')\nGET /reports/getActivity(date={date_value})\nGET /reports/getRange(count=n)\nGET /reports/getActivity\n```\n\n## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| period | String | The period. |\n| date | Date | The date. |\n| count | Int32 | How many. |\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a String in the response body.\n",
        )
        .unwrap();
        let docs = crate::load(dir.path()).unwrap();
        let ir = crate::ir::build(&docs, &Options::for_folder("reports"));
        // Each call takes the argument it writes (a placeholder named otherwise, a bare word) and no setter for
        // the other calls' arguments.
        assert_eq!(ir.operations.len(), 4);
        for op in &ir.operations[..3] {
            assert!(op.setters.is_empty(), "{}: {:?}", op.template, op.setters);
        }
        // The function named without parentheses takes its function parameters in the query.
        let query: Vec<(&str, bool)> = ir.operations[3]
            .setters
            .iter()
            .map(|s| (s.wire.as_str(), s.call))
            .collect();
        assert_eq!(
            query,
            [("period", false), ("date", false), ("count", false)]
        );
    }

    #[test]
    fn bodies_and_responses() {
        let ir = fixture("bound");
        let reboot = op(&ir, "reboot");
        assert_eq!(reboot.response, ResponseDef::Accepted);
        match &reboot.body {
            BodyDef::Params(fields) => {
                assert_eq!(
                    (fields[0].json.as_str(), fields[0].required),
                    ("delaySeconds", true)
                );
                assert_eq!(
                    (fields[1].json.as_str(), fields[1].required),
                    ("reason", false)
                );
            }
            other => panic!("unexpected body {other:?}"),
        }
        let update = op(&ir, "update");
        assert!(matches!(update.body, BodyDef::Json(RustType::Named(_))));
        assert_eq!(update.response, ResponseDef::Unit);
    }
}
