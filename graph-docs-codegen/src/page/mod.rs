//! The page model: what the reader extracts from a doc folder. Every item carries its `Location`.
//! This is the contract between the reading side (`load`) and the generating side (`ir`, `codegen`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

pub mod diagnostics;
pub mod template;
pub mod type_expr;

use crate::page::diagnostics::{Diagnostic, Location};
use crate::page::template::PathTemplate;
use crate::page::type_expr::TypeExpr;

/// Everything read from one docs folder.
#[derive(Debug, Clone, Default)]
pub struct DocSet {
    /// The docs root as given (absolute).
    pub root: PathBuf,
    /// Every file that was read (pages and includes), relative to the root, sorted. The macro emits an
    /// `include_bytes!` per file so that editing any of them triggers a rebuild.
    pub files: Vec<PathBuf>,
    /// The include files each page expanded (pages without includes are left out), so that a narrow selection
    /// tracks the includes of the pages it uses.
    pub includes: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    /// API pages (`doc_type: apiPageType`), sorted by file.
    pub api_pages: Vec<ApiPage>,
    /// Resource pages (`doc_type: resourcePageType`), sorted by file.
    pub resources: Vec<ResourcePage>,
    /// Enum pages (`doc_type: enumPageType`, or enum tables found on resource pages), sorted by file.
    pub enums: Vec<EnumPage>,
    /// Annotated examples of conceptual pages (walkthroughs such as `concepts/industrydata-upload-csv-files.md`),
    /// by file, sorted. They belong to no page's operation: the replay server serves them, and conformance tests
    /// match them to operations by URL.
    pub conceptual_examples: Vec<(PathBuf, Vec<Example>)>,
    /// Pages skipped as a whole (conceptual pages are not skipped; only their examples are kept), with why.
    pub skipped: Vec<Diagnostic>,
    /// Every diagnostic, in file then line order.
    pub diagnostics: Vec<Diagnostic>,
}

/// HTTP methods found on request lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

/// One line of an ```http block in the HTTP request section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// The method.
    pub method: HttpMethod,
    /// The typed path, host and version prefix (`https://graph.microsoft.com/v1.0`) removed.
    pub template: PathTemplate,
    /// A query string written on the line (`?$filter=...`), as name/value pairs in order.
    pub query: Vec<(String, String)>,
    /// The line as written.
    pub raw: String,
    /// Where.
    pub location: Location,
    /// Whether the line is a scenario section's example request, read after the page's documented lines (see
    /// `read::api_page`): it is named after them, so that it never renames them.
    pub from_example: bool,
}

/// One permission row (per permission type). Scopes are ordered least to most privileged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scopes {
    /// The page lists these scopes.
    Listed(Vec<String>),
    /// The page says "Not supported."
    NotSupported,
    /// The page does not say.
    #[default]
    NotStated,
}

/// The permissions section, from a table, transposed table, bullets or an `[!INCLUDE]`d file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Scopes,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Scopes,
    /// Application.
    pub application: Scopes,
    /// Where the table was read (the include file's location when it came from one).
    pub location: Option<Location>,
}

/// The OData system query options a page says it supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ODataOption {
    /// `$select`
    Select,
    /// `$filter`
    Filter,
    /// `$expand`
    Expand,
    /// `$orderby`
    OrderBy,
    /// `$top`
    Top,
    /// `$skip`
    Skip,
    /// `$search`
    Search,
    /// `$count`
    Count,
    /// `$skiptoken`
    SkipToken,
    /// `$format`
    Format,
}

/// A parameter from a path, function or query parameter table (or prose).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name as written (`resetSession`, `$top`, `period`).
    pub name: String,
    /// Its type, when the table gives one.
    pub ty: Option<TypeExpr>,
    /// Description text (markdown stripped to plain text).
    pub description: String,
    /// Whether the page says it is required (`Required.` in the description, or a required column).
    pub required: bool,
    /// Where.
    pub location: Location,
}

/// A documented request header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderParam {
    /// Header name (`ConsistencyLevel`, `Prefer`, `If-Match`).
    pub name: String,
    /// The documented value or description (`Bearer {token}. Required.`).
    pub description: String,
    /// Whether the page marks it required.
    pub required: bool,
    /// Where.
    pub location: Location,
}

/// The request body a page documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RequestBody {
    /// Nothing said: no section, or sentences that ask for nothing. The generator infers the body of update,
    /// create and `$ref` requests from the request line and the response.
    #[default]
    None,
    /// The page asks for a body in sentences that name no type (`Specify the userIds to dismiss in the request
    /// body.`, `supply a JSON representation of the bundle to be created`).
    Described {
        /// Where the sentence is.
        location: Location,
    },
    /// The page says the request takes no body (`Do not supply a request body for this method`).
    Empty {
        /// Where the sentence is.
        location: Location,
    },
    /// A representation of a linked resource (`supply a JSON representation of [user](../resources/user.md)`).
    Resource {
        /// The type.
        ty: TypeExpr,
        /// Where the sentence is.
        location: Location,
    },
    /// A parameter/property table.
    Parameters {
        /// The rows.
        params: Vec<Param>,
        /// Where the table is.
        location: Location,
    },
    /// Another content type: a binary stream, text, etc.
    Content {
        /// The MIME type when the page names it (`text/plain`, `application/octet-stream`).
        content_type: Option<String>,
        /// Where.
        location: Location,
    },
}

/// The response a page documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status codes mentioned in the sentence(s), first is the success code (200, 201, 202, 204, 302...).
    pub status: Vec<u16>,
    /// The body.
    pub body: ResponseBody,
    /// Whether the page's examples decide the body: the section gives a `200`-class status and names no body, so
    /// the body is the type an example response's annotation names, and none when no example names one. An
    /// outline of the page (read before its examples) leaves the body `None`.
    pub body_from_examples: bool,
    /// Where the sentence is.
    pub location: Location,
}

/// The response body as the sentence describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseBody {
    /// No body (204, or "does not return anything in the response body").
    None,
    /// A single value of the type (a resource, or a primitive such as Boolean).
    Single(TypeExpr),
    /// A collection of the type (`collection of`, `array of`, `X collection`); paged by nextLink.
    Collection(TypeExpr),
    /// A stream of bytes (`$value`, content downloads).
    Stream,
    /// The sentence said something, but no pattern matched. Reported, never guessed.
    Unclassified(String),
}

/// An annotation comment `<!-- { "blockType": "request", "name": "..." } -->`, read tolerantly.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annotation {
    /// `blockType` (request, response, resource, ignored, example).
    pub block_type: Option<String>,
    /// `name` (the first one when the annotation lists several).
    pub name: Option<String>,
    /// Every name: `name` may be a list (one shared response for several requests, as in drive-get.md).
    pub names: Vec<String>,
    /// `@odata.type`.
    pub odata_type: Option<String>,
    /// `truncated`.
    pub truncated: bool,
    /// `isCollection`.
    pub is_collection: bool,
    /// Every key as read, for anything else (`baseType`, `keyProperty`, `sampleKeys`, ...).
    pub raw: serde_json::Map<String, serde_json::Value>,
    /// Where the comment starts.
    pub location: Location,
}

/// An example request block.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleRequest {
    /// Its annotation, if any (the Intune layout has none).
    pub annotation: Option<Annotation>,
    /// The method (`None` when the block is empty or unreadable; see diagnostics).
    pub method: Option<HttpMethod>,
    /// The URL as written (may be absolute).
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body text, if any.
    pub body: Option<String>,
    /// Where the code block starts.
    pub location: Location,
}

/// An example response block.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleResponse {
    /// Its annotation, if any.
    pub annotation: Option<Annotation>,
    /// The status code (`HTTP/1.1 200 OK`).
    pub status: Option<u16>,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// The body text, if any.
    pub body: Option<String>,
    /// Where the code block starts.
    pub location: Location,
}

/// A request paired with its response.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The request.
    pub request: ExampleRequest,
    /// The response paired by annotation name, else the next response after the latest request.
    /// Several examples may share one response (drive-get.md), in which case it is cloned.
    pub response: Option<ExampleResponse>,
}

/// An API page (`doc_type: apiPageType`).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiPage {
    /// The page, relative to the docs root.
    pub file: PathBuf,
    /// The `# title` (`azureDataLakeConnector: getUploadSession`).
    pub title: String,
    /// Where the title is.
    pub title_location: Location,
    /// Front matter `title`/`description` etc., as read (string values only).
    pub front_matter: BTreeMap<String, String>,
    /// The `Namespace:` line, else `microsoft.graph`.
    pub namespace: String,
    /// The description: the front matter's, else the first paragraph after the title.
    pub description: String,
    /// Permissions.
    pub permissions: Permissions,
    /// Every request line of every http block in the HTTP request section(s).
    pub requests: Vec<RequestLine>,
    /// Where the HTTP request section is (for diagnostics about it, and for derived bindings).
    pub request_section: Option<Location>,
    /// Path parameters.
    pub path_params: Vec<Param>,
    /// Function parameters (`## Function parameters`).
    pub function_params: Vec<Param>,
    /// Parameters a request-body section says go in the request URL (`In the request URL, provide the following
    /// query parameters with values.`): the arguments of the function the request line ends with.
    pub url_params: Vec<Param>,
    /// Optional query parameters that are not OData system options.
    pub query_params: Vec<Param>,
    /// Supported OData system query options (from tables and prose).
    pub odata_options: Vec<ODataOption>,
    /// Request headers.
    pub headers: Vec<HeaderParam>,
    /// Request body.
    pub body: RequestBody,
    /// Response; `None` when there is no response section.
    pub response: Option<Response>,
    /// Examples.
    pub examples: Vec<Example>,
}

/// A property or relationship of a resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// JSON name as written (`displayName`, `@odata.type`, `@microsoft.graph.conflictBehavior`).
    pub name: String,
    /// Its type.
    pub ty: TypeExpr,
    /// `Some(true)` when the page says nullable, `Some(false)` when it says not nullable / required.
    pub nullable: Option<bool>,
    /// Whether the page says required.
    pub required: bool,
    /// Description (plain text).
    pub description: String,
    /// Values from "Possible values are: `a`, `b`, `unknownFutureValue`."
    pub possible_values: Vec<String>,
    /// Where.
    pub location: Location,
}

/// A resource page (`doc_type: resourcePageType`): an entity or complex type.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePage {
    /// The page, relative to the docs root.
    pub file: PathBuf,
    /// Type name (`fileUploadSession`), from the resource annotation's `@odata.type`, else the title.
    pub name: String,
    /// The namespace (`microsoft.graph.industryData`).
    pub namespace: String,
    /// Full `@odata.type` (`microsoft.graph.industryData.fileUploadSession`), without `#`.
    pub odata_type: String,
    /// `baseType`, qualified (`microsoft.graph.entity`), when given.
    pub base_type: Option<String>,
    /// `keyProperty`.
    pub key_property: Option<String>,
    /// `abstract`.
    pub is_abstract: bool,
    /// `openType`.
    pub open_type: bool,
    /// `isMediaEntity`.
    pub is_media_entity: bool,
    /// Description.
    pub description: String,
    /// `## Properties`.
    pub properties: Vec<Property>,
    /// `## Relationships`.
    pub relationships: Vec<Property>,
    /// Where the title is.
    pub location: Location,
}

/// An enum member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumMember {
    /// Name as written (`unknownFutureValue`).
    pub name: String,
    /// Numeric value when given.
    pub value: Option<i64>,
    /// Description.
    pub description: String,
    /// Where.
    pub location: Location,
}

/// An enum type, from an enum page or an enum table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumPage {
    /// The page, relative to the docs root.
    pub file: PathBuf,
    /// The enum's name.
    pub name: String,
    /// The namespace.
    pub namespace: String,
    /// Whether it is a flags enum.
    pub flags: bool,
    /// Description.
    pub description: String,
    /// Members in page order.
    pub members: Vec<EnumMember>,
    /// Where.
    pub location: Location,
}
