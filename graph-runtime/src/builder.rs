//! Support for generated operations, compiled once here instead of once per operation: the generic request
//! builder [`Request`], whose OData and header setters are enabled per operation by marker traits
//! ([`Select`], [`Top`], [`ConsistencyLevel`], ...), and the helpers that fill a [`RequestSpec`].
//!
//! A generated operation is a function that fills its operation's path recipe ([`path`]) and returns a
//! `Request<'_, T, O>`: `T` is the decoded response, `O` a marker type naming the options its page documents.
//! `.await` sends it through [`Client::send`](crate::Client::send).

use std::borrow::Cow;
use std::future::IntoFuture;
use std::marker::PhantomData;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::model::Field;
use crate::paging::{ItemStream, Page, PageStream};
use crate::request::{Body, ODataLiteral, PathBuilder, RequestSpec};
use crate::response::{FromResponse, Pending};
use crate::Client;

/// Characters written as they are in an entity path: RFC 3986 `pchar` and `/` (a `%` is kept only before two hex
/// digits, where the caller's path is already encoded). Everything else (spaces, `?`, `#`, non-ASCII) is encoded.
const ENTITY_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/');

/// Why a caller's entity path cannot be used, or `None` when it can: it must start with `/` and be a path on the
/// client's Graph host, with no scheme or host (`https://...`, `//host`), no query or fragment (`?`, `#`) and no
/// `.` or `..` segment.
pub fn entity_path_problem(path: &str) -> Option<&'static str> {
    if !path.starts_with('/') {
        Some("it must start with a slash")
    } else if path.starts_with("//") || path.contains("://") {
        Some("it must not name a scheme or host")
    } else if path.contains(['?', '#']) {
        Some("it must not hold a query or fragment")
    } else if crate::request::has_dot_segment(path) {
        Some("it must not hold a dot segment")
    } else {
        None
    }
}

/// Writes a caller's entity path: as given (see [`ENTITY_PATH`]) when valid, else marked as refused so that the
/// path does not start with `/` and the client refuses to send it, naming the problem.
fn push_entity_path(path: &mut PathBuilder, value: &str) {
    let mut encoded = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('%') {
        encoded.extend(percent_encoding::utf8_percent_encode(
            &rest[..at],
            ENTITY_PATH,
        ));
        let hex = rest
            .as_bytes()
            .get(at + 1..at + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        encoded.push_str(if hex { "%" } else { "%25" });
        rest = &rest[at + 1..];
    }
    encoded.extend(percent_encoding::utf8_percent_encode(rest, ENTITY_PATH));
    match entity_path_problem(value) {
        None => path.push_literal(&encoded),
        Some(problem) => {
            path.push_literal("refused-entity-path(");
            path.push_literal(problem);
            path.push_literal("):");
            path.push_literal(&encoded);
        }
    }
}

/// An argument of a generated operation's path.
#[derive(Clone, Copy)]
pub enum Arg<'x> {
    /// A string (segments and item paths; OData pieces quote it).
    Str(&'x str),
    /// A typed OData literal.
    OData(&'x dyn ODataLiteral),
}

/// Builds an encoded path from an operation's path recipe ([`Operation::path`](crate::Operation::path)) and
/// the caller's arguments.
///
/// A recipe is the path's literal text, trusted (it comes from the docs), with one placeholder per argument:
/// `{n}` is argument `n` as one percent-encoded segment, `{n:odata}` as an OData literal (`'text'` quoted and
/// escaped, numbers and booleans as they are), `{n:item}` as a drive item path (components encoded, `/` kept,
/// a leading `/` dropped) and `{n:entity}` as the path of the entity the operation is relative to (see
/// [`entity_path_problem`]); `{{` and `}}` are literal braces. A placeholder without its argument writes
/// nothing, and text that is not a placeholder is written as it is.
pub fn path(recipe: &str, args: &[Arg<'_>]) -> String {
    let mut path = PathBuilder::new();
    let mut rest = recipe;
    while let Some(at) = rest.find(['{', '}']) {
        path.push_literal(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            path.push_literal(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let placeholder = tail
            .strip_prefix('{')
            .and_then(|t| t.split_once('}'))
            .and_then(|(inside, after)| Some((placeholder(inside)?, after)));
        match placeholder {
            Some(((index, kind), after)) => {
                if let Some(arg) = args.get(index) {
                    push_arg(&mut path, kind, *arg);
                }
                rest = after;
            }
            None => {
                path.push_literal(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    path.push_literal(rest);
    path.finish()
}

/// How a path argument is written.
#[derive(Clone, Copy)]
enum Kind {
    Segment,
    OData,
    ItemPath,
    EntityPath,
}

/// `n` or `n:kind`, the inside of a placeholder.
fn placeholder(inside: &str) -> Option<(usize, Kind)> {
    let (index, kind) = match inside.split_once(':') {
        None => (inside, Kind::Segment),
        Some((index, "odata")) => (index, Kind::OData),
        Some((index, "item")) => (index, Kind::ItemPath),
        Some((index, "entity")) => (index, Kind::EntityPath),
        Some(_) => return None,
    };
    Some((index.parse().ok()?, kind))
}

fn push_arg(path: &mut PathBuilder, kind: Kind, arg: Arg<'_>) {
    match (kind, arg) {
        (Kind::Segment, Arg::Str(value)) => path.push_segment(value),
        (Kind::ItemPath, Arg::Str(value)) => path.push_item_path(value.trim_start_matches('/')),
        (Kind::EntityPath, Arg::Str(value)) => push_entity_path(path, value),
        (Kind::OData, Arg::Str(value)) => path.push_odata(value),
        (_, Arg::OData(value)) => path.push_odata(value),
    }
}

/// The description of entry `index` of a generated operation table, its path filled with `args`: the work of
/// [`Request::at`], outside the generic `Request` so that it is compiled once in this crate, not once per response
/// type in every crate that builds a request (an app's first call of an operation compiled about 0.1 s of
/// iterator and closure code for its response type before).
fn table_spec(
    operations: &'static crate::Operations,
    index: usize,
    args: &[Arg<'_>],
) -> RequestSpec {
    let operation = operations.entry(index);
    spec(operation, path(operation.path, args))
}

/// [`table_spec`] for arguments that are all strings ([`Request::ids`]).
fn table_spec_ids(
    operations: &'static crate::Operations,
    index: usize,
    ids: &[&str],
) -> RequestSpec {
    let args: Vec<Arg<'_>> = ids.iter().map(|id| Arg::Str(id)).collect();
    table_spec(operations, index, &args)
}

/// A request a generated operation returns: set options, then `.await` it. `T` is the decoded response type,
/// `O` the operation's options marker (which setters exist).
#[must_use = "a request does nothing until it is awaited"]
pub struct Request<'a, T, O> {
    client: &'a Client,
    spec: RequestSpec,
    marker: PhantomData<fn() -> (T, O)>,
}

impl<T, O> std::fmt::Debug for Request<'_, T, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

impl<'a, T, O> Request<'a, T, O> {
    /// A request for entry `index` of a generated operation table: its path is the operation's recipe filled
    /// with `args` (see [`path`]). For operations that take typed OData arguments; [`ids`](Self::ids) is the
    /// common case.
    ///
    /// An index past the table gives a request that every send refuses with [`Error::Config`](crate::Error),
    /// naming no operation of the table (a generated call always passes an index in range).
    // `inline(always)` here and on `ids`, `json` and `new`: an unoptimised app compiles them into their caller's
    // codegen unit (a generated operation function, or the generated helper it calls for `ids` and `json`) instead
    // of one of their own (see the generator's `operation`).
    #[inline(always)]
    pub fn at(
        client: &'a Client,
        operations: &'static crate::Operations,
        index: usize,
        args: &[Arg<'_>],
    ) -> Self {
        Self::new(client, table_spec(operations, index, args))
    }

    /// A request for entry `index` of a generated operation table, its path filled with `ids` (every argument
    /// a string: segments and item paths), as [`at`](Self::at). A generated client calls it from one private
    /// root helper per argument count (`__request_ids_N`), which most operation functions call: a `&[&str]`
    /// argument list and an index the runtime looks up cost the compiler less than [`Arg`] values and a
    /// generated `&OPERATIONS[n]`, and a helper less again than this call in every function (measured in the
    /// code generator's `request` module).
    #[inline(always)]
    pub fn ids(
        client: &'a Client,
        operations: &'static crate::Operations,
        index: usize,
        ids: &[&str],
    ) -> Self {
        Self::new(client, table_spec_ids(operations, index, ids))
    }

    /// [`ids`](Self::ids) with a JSON body: one call instead of a chained [`with_json`](Self::with_json), which
    /// costs the compiler about as much again per call (a generated client calls it from its `__request_json_N`
    /// helpers).
    #[inline(always)]
    pub fn json(
        client: &'a Client,
        operations: &'static crate::Operations,
        index: usize,
        ids: &[&str],
        body: &dyn JsonBody,
    ) -> Self {
        let mut spec = table_spec_ids(operations, index, ids);
        json_body(&mut spec, body);
        Self::new(client, spec)
    }

    /// A request for `spec`, sent with `client`.
    #[inline(always)]
    pub fn new(client: &'a Client, spec: RequestSpec) -> Self {
        Request {
            client,
            spec,
            marker: PhantomData,
        }
    }

    /// The request as it will be sent (method, path, query, headers, body): for tests and logging.
    pub fn spec(&self) -> &RequestSpec {
        &self.spec
    }

    /// The request description, consumed (to send it yourself with [`Client::execute`]).
    pub fn into_spec(self) -> RequestSpec {
        self.spec
    }

    /// The client and the request description (for batches and downloads).
    pub(crate) fn into_parts(self) -> (&'a Client, RequestSpec) {
        (self.client, self.spec)
    }

    /// Adds any query pair (for options the docs do not list).
    pub fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        query(&mut self.spec, name, value.into());
        self
    }

    /// Adds any header (for headers the docs do not list).
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        header(&mut self.spec, name, value.into());
        self
    }

    /// Adds an argument to the call of the function the path ends with (generated setters of function
    /// parameters): `/usedRange` becomes `/usedRange(valuesOnly=true)`, and a second argument joins the first.
    pub fn function_arg(mut self, name: &'static str, value: &dyn ODataLiteral) -> Self {
        function_arg(&mut self.spec, name, value);
        self
    }

    /// Sets a JSON body (generated code).
    pub fn with_json(mut self, body: &dyn JsonBody) -> Self {
        json_body(&mut self.spec, body);
        self
    }

    /// Sets a binary body (generated code).
    pub fn with_bytes(mut self, data: Bytes, content_type: &'static str) -> Self {
        bytes_body(&mut self.spec, data, content_type);
        self
    }
}

impl<'a, T: FromResponse, O> IntoFuture for Request<'a, T, O> {
    type Output = Result<T, crate::Error>;
    type IntoFuture = Pending<T>;
    fn into_future(self) -> Pending<T> {
        self.client.send(self.spec)
    }
}

impl<'a, T: DeserializeOwned + Send + 'static, O> Request<'a, Page<T>, O> {
    /// Every page of the collection, following `@odata.nextLink` until it is absent.
    pub fn pages(self) -> PageStream<T> {
        self.client.page_stream(self.spec)
    }

    /// Every item of every page of the collection.
    pub fn items(self) -> ItemStream<T> {
        self.client.item_stream(self.spec)
    }
}

macro_rules! list_options {
    ($($(#[$doc:meta])* $marker:ident => $method:ident, $wire:literal;)*) => {$(
        $(#[$doc])*
        pub trait $marker {}

        impl<'a, T, O: $marker> Request<'a, T, O> {
            $(#[$doc])*
            pub fn $method(mut self, items: &[&str]) -> Self {
                query_list(&mut self.spec, $wire, items);
                self
            }
        }
    )*};
}

macro_rules! value_options {
    ($($(#[$doc:meta])* $marker:ident => $method:ident($ty:ty), $kind:ident, $wire:literal;)*) => {$(
        $(#[$doc])*
        pub trait $marker {}

        impl<'a, T, O: $marker> Request<'a, T, O> {
            $(#[$doc])*
            pub fn $method(mut self, value: $ty) -> Self {
                $kind(&mut self.spec, $wire, value.into());
                self
            }
        }
    )*};
}

list_options! {
    /// `$select`: the JSON names of the properties to return.
    Select => select, "$select";
    /// `$expand`: the relationships to expand.
    Expand => expand, "$expand";
    /// `$orderby`: the properties to sort by (`displayName desc`).
    OrderBy => order_by, "$orderby";
}

value_options! {
    /// `$filter`: an OData filter expression, as written in the URL.
    Filter => filter(impl Into<String>), query, "$filter";
    /// `$search`: a search expression (`"displayName:room"`).
    Search => search(impl Into<String>), query, "$search";
    /// `$skiptoken`: a paging token.
    SkipToken => skip_token(impl Into<String>), query, "$skiptoken";
    /// `$format`: the response format.
    Format => format(impl Into<String>), query, "$format";
    /// The `ConsistencyLevel` header (`eventual` for advanced queries).
    ConsistencyLevel => consistency_level(impl Into<String>), header, "ConsistencyLevel";
    /// The `Prefer` header.
    Prefer => prefer(impl Into<String>), header, "Prefer";
    /// The `If-Match` header (an ETag).
    IfMatch => if_match(impl Into<String>), header, "If-Match";
    /// The `If-None-Match` header (an ETag).
    IfNoneMatch => if_none_match(impl Into<String>), header, "If-None-Match";
    /// The `Workbook-Session-Id` header (an Excel workbook session).
    WorkbookSessionId => workbook_session_id(impl Into<String>), header, "Workbook-Session-Id";
}

/// `$top`: the page size.
pub trait Top {}

impl<'a, T, O: Top> Request<'a, T, O> {
    /// `$top`: the page size.
    pub fn top(mut self, value: u32) -> Self {
        query(&mut self.spec, "$top", value.to_string());
        self
    }
}

/// `$skip`: items to skip.
pub trait Skip {}

impl<'a, T, O: Skip> Request<'a, T, O> {
    /// `$skip`: items to skip.
    pub fn skip(mut self, value: u32) -> Self {
        query(&mut self.spec, "$skip", value.to_string());
        self
    }
}

/// `$count`: include `@odata.count`.
pub trait Count {}

impl<'a, T, O: Count> Request<'a, T, O> {
    /// `$count`: include `@odata.count`.
    pub fn count(mut self, value: bool) -> Self {
        query(&mut self.spec, "$count", value.to_string());
        self
    }
}

/// A request description with an empty query, no headers and no body.
pub fn spec(operation: &'static crate::Operation, path: String) -> RequestSpec {
    RequestSpec {
        operation,
        path,
        query: Vec::new(),
        headers: Vec::new(),
        body: Body::Empty,
    }
}

/// Adds a query pair (unencoded; the runtime encodes it).
pub fn query(spec: &mut RequestSpec, name: &'static str, value: String) {
    spec.query.push((Cow::Borrowed(name), value));
}

/// Adds `name=value` (an OData literal, encoded like a key) to the parentheses the path ends with, opening them when
/// the path ends with the function's name.
pub fn function_arg(spec: &mut RequestSpec, name: &str, value: &dyn ODataLiteral) {
    let mut literal = PathBuilder::new();
    literal.push_odata(value);
    let path = &mut spec.path;
    if path.ends_with(')') {
        path.pop();
        if !path.ends_with('(') {
            path.push(',');
        }
    } else {
        path.push('(');
    }
    path.push_str(name);
    path.push('=');
    path.push_str(&literal.finish());
    path.push(')');
}

/// Adds a list-valued OData option (`$select`, `$expand`, `$orderby`): the items joined with `,`.
pub fn query_list(spec: &mut RequestSpec, name: &'static str, items: &[&str]) {
    query(spec, name, items.join(","));
}

/// Adds a header.
pub fn header(spec: &mut RequestSpec, name: &'static str, value: String) {
    spec.headers.push((Cow::Borrowed(name), value));
}

/// Sets a JSON body from a model or other field value.
pub fn json_body(spec: &mut RequestSpec, value: &dyn JsonBody) {
    spec.body = Body::Json(Bytes::from(value.body_json().to_string()));
}

/// Sets a binary body.
pub fn bytes_body(spec: &mut RequestSpec, data: Bytes, content_type: &'static str) {
    spec.body = Body::Bytes {
        data,
        content_type: Cow::Borrowed(content_type),
    };
}

/// A value that can be sent as a JSON request body (object-safe, so [`json_body`] is compiled once).
pub trait JsonBody {
    /// The JSON to send.
    fn body_json(&self) -> serde_json::Value;
}

impl<T: Field> JsonBody for T {
    fn body_json(&self) -> serde_json::Value {
        self.to_json()
    }
}

/// The object a generated request-body struct is read from.
pub fn object(
    value: &serde_json::Value,
) -> Result<&serde_json::Map<String, serde_json::Value>, crate::model::FieldError> {
    value
        .as_object()
        .ok_or_else(|| crate::model::FieldError::expected("an object", value))
}

/// The members of `object` not in `required`: a request-body struct's `additional`, before
/// [`optional`] takes its members out of it.
pub fn rest(
    object: &serde_json::Map<String, serde_json::Value>,
    required: &[&str],
) -> crate::model::Additional {
    object
        .iter()
        .filter(|(k, _)| !required.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Reads a required member of a generated request-body struct.
pub fn required<T: Field>(
    object: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<T, crate::model::FieldError> {
    match object.get(name) {
        Some(value) => T::from_json(value),
        None => Err(crate::model::FieldError::new(format!(
            "missing required member `{name}`"
        ))),
    }
}

/// Takes an optional member of a generated request-body struct out of the members read ([`rest`]), leniently, by
/// the rule models decode with: the member becomes the field only when it decodes as the documented type and
/// encodes back to exactly the same JSON. Otherwise (a `null`, a value of another shape than the docs say) it
/// stays in `additional` and is sent back unchanged, so that reading a body loses nothing.
pub fn optional<T: Field>(additional: &mut crate::model::Additional, name: &str) -> Option<T> {
    let value = additional.get(name)?;
    let mut slot: Option<T> = None;
    if crate::model::decode_exactly(&mut slot, value) {
        additional.remove(name);
    }
    slot
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Method, Operation, Permissions, Scopes};

    static OP: Operation = Operation {
        name: "list_things",
        method: Method::Get,
        path_template: "/things",
        path: "/things",
        source: "api/thing-list.md:20",
        permissions: Permissions {
            delegated_work: Scopes::NotStated,
            delegated_personal: Scopes::NotStated,
            application: Scopes::NotStated,
        },
    };

    #[test]
    fn fills_the_request_description() {
        let mut spec = spec(&OP, "/things".to_owned());
        query_list(&mut spec, "$select", &["id", "displayName"]);
        query(&mut spec, "$top", 5.to_string());
        header(&mut spec, "ConsistencyLevel", "eventual".to_owned());
        json_body(&mut spec, &vec![1i64, 2]);
        assert_eq!(
            spec.query[0],
            (Cow::Borrowed("$select"), "id,displayName".to_owned())
        );
        assert_eq!(spec.query[1].1, "5");
        assert_eq!(spec.headers[0].0, "ConsistencyLevel");
        match &spec.body {
            Body::Json(bytes) => assert_eq!(&bytes[..], b"[1,2]"),
            other => panic!("unexpected body {other:?}"),
        }
    }

    #[test]
    fn entity_paths_are_kept_or_refused() {
        let entity = |value: &str| path("{0:entity}/workbook", &[Arg::Str(value)]);
        assert_eq!(
            entity("/me/drive/root:/Book 1.xlsx:"),
            "/me/drive/root:/Book%201.xlsx:/workbook"
        );
        assert_eq!(
            entity("/drives/b!x/items/01%2FA"),
            "/drives/b!x/items/01%2FA/workbook"
        );
        assert_eq!(entity("/items/100%"), "/items/100%25/workbook");
        for bad in [
            "me/drive",
            "https://evil.example/x",
            "//evil.example/x",
            "/me?x=1",
            "/me#f",
            "/me/../users",
        ] {
            assert!(entity_path_problem(bad).is_some(), "{bad}");
            assert!(!entity(bad).starts_with('/'), "{bad}");
        }
        assert_eq!(entity_path_problem("/me/drive/items/01ABC"), None);
    }

    #[test]
    fn recipes_fill_every_kind_of_placeholder() {
        struct Int(i32);
        impl ODataLiteral for Int {
            fn write_odata(&self, out: &mut String) {
                out.push_str(&self.0.to_string());
            }
        }
        let width = Int(640);
        let args = [
            Arg::Str("a/b c"),
            Arg::Str("it's"),
            Arg::OData(&width),
            Arg::Str("/Folder A/b.txt"),
        ];
        assert_eq!(
            path(
                "/users/{0}/f(x={1:odata},w={2:odata})/root:/{3:item}:",
                &args
            ),
            "/users/a%2Fb%20c/f(x=%27it%27%27s%27,w=640)/root:/Folder%20A/b.txt:"
        );
        // Doubled braces are literal braces; a placeholder without its argument writes nothing; anything
        // else that is not a placeholder is written as it is.
        assert_eq!(path("/{{x}}/{9}/{0:what}/{", &args), "/{x}//{0:what}/{");
        assert_eq!(path("/me/messages", &[]), "/me/messages");
    }

    #[test]
    fn reads_body_members() {
        let object = serde_json::json!({"a": 1, "b": null, "c": 2, "d": "false", "e": {}});
        let object = object.as_object().unwrap();
        assert_eq!(required::<i32>(object, "a").unwrap(), 1);
        assert!(required::<i32>(object, "missing").is_err());
        assert!(required::<bool>(object, "d").is_err());
        // Optional members are read as models read theirs: what fits becomes the field, anything else (a null,
        // a string for a boolean, an object for a number) stays in `additional`, so nothing is lost.
        let mut rest = rest(object, &["a"]);
        assert_eq!(optional::<i32>(&mut rest, "b"), None);
        assert_eq!(optional::<i32>(&mut rest, "c"), Some(2));
        assert_eq!(optional::<bool>(&mut rest, "d"), None);
        assert_eq!(optional::<i32>(&mut rest, "e"), None);
        assert_eq!(optional::<i32>(&mut rest, "missing"), None);
        assert_eq!(
            serde_json::Value::Object(rest),
            serde_json::json!({"b": null, "d": "false", "e": {}})
        );
    }
}
