//! The request description: the interface between generated code and the runtime.
//!
//! Generated code never talks to reqwest. For each documented request line it emits
//!
//! * one `static` [`Operation`] (name, method, path template, source page, permissions), and
//! * a small builder struct whose `IntoFuture` fills a [`RequestSpec`] and hands it to
//!   [`Client::execute`](crate::Client::execute), the one non-generic entry point, wrapping its future in
//!   [`Pending<T>`](crate::Pending) where `T: FromResponse` decodes the raw response
//!   ([`Client::send`](crate::Client::send) does both).
//!
//! Paths are built with [`PathBuilder`], which percent-encodes every caller-supplied value so that no value
//! can change the structure of the path (`/`, `?`, `#`, `%`, `'`, `..`, unicode).

use std::borrow::Cow;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
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

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Scopes of one permission type, least privileged first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scopes {
    /// The page lists these scopes, separated by spaces (one literal per operation keeps the generated table
    /// cheap to compile); [`Scopes::iter`] yields them one by one.
    Listed(&'static str),
    /// The page says this permission type is not supported.
    NotSupported,
    /// The page does not say.
    NotStated,
}

impl Scopes {
    /// The listed scopes, least privileged first (none unless [`Scopes::Listed`]).
    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        let listed = match self {
            Scopes::Listed(list) => list,
            Scopes::NotSupported | Scopes::NotStated => "",
        };
        listed.split_whitespace()
    }
}

/// The permissions a page documents for an operation, as data the runtime can read (e.g. for 403 hints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permissions {
    /// Delegated (work or school account).
    pub delegated_work: Scopes,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: Scopes,
    /// Application.
    pub application: Scopes,
}

/// Static facts about one generated operation (one request line of one page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The generated Rust function name (`get_upload_session`).
    pub name: &'static str,
    /// The method.
    pub method: Method,
    /// The path template as documented (`/users/{id | userPrincipalName}`), used in tracing spans and errors.
    pub path_template: &'static str,
    /// The path as a recipe for [`builder::path`](crate::builder::path): literal text and placeholders for the
    /// arguments (`/users/{0}/messages`).
    pub path: &'static str,
    /// The page and line it came from (`api/user-get.md:31`).
    pub source: &'static str,
    /// Documented permissions.
    pub permissions: Permissions,
}

/// A request body.
#[derive(Debug, Clone, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A JSON body, already serialized (replayable).
    Json(Bytes),
    /// Raw bytes with a content type (replayable).
    Bytes {
        /// The bytes.
        data: Bytes,
        /// `Content-Type`.
        content_type: Cow<'static, str>,
    },
}

/// Everything needed to send one request. Filled by generated code, consumed by the runtime.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    /// The operation this request performs.
    pub operation: &'static Operation,
    /// The path, already percent-encoded, relative to the client's base URL (starts with `/`).
    pub path: String,
    /// Query pairs, unencoded (the runtime encodes them), in the order set.
    pub query: Vec<(Cow<'static, str>, String)>,
    /// Extra headers (documented headers the caller set: ConsistencyLevel, Prefer, If-Match, ...).
    pub headers: Vec<(Cow<'static, str>, String)>,
    /// The body.
    pub body: Body,
}

/// The user key that stands for the signed-in user: pass it where an operation takes the `{id}` of
/// `/users/{id}/...` and the request goes to `/me/...` (see [`PathBuilder::finish`]), so every `/users/{id}`
/// operation also serves the `/me` form that pages often show only in their examples.
pub const ME: &str = "me";

/// Builds a percent-encoded path from literal pieces (trusted, from the docs) and caller values (encoded).
#[derive(Debug, Clone, Default)]
pub struct PathBuilder {
    buf: String,
}

/// Characters left as they are in a path segment: RFC 3986 unreserved (`A-Z a-z 0-9 - . _ ~`). Everything else is
/// percent-encoded, so `/ ? # % '`, spaces and unicode never change the structure of a path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters left as they are in a query key or value: unreserved, plus the OData punctuation Graph documents in
/// its own examples (`$select`, `startswith(displayName,...)`, `@odata.count`) where it cannot change the query's
/// structure. `& = + # % '` and spaces are always encoded (`'` because URL parsers encode it in queries anyway).
pub(crate) const QUERY: &AsciiSet = &SEGMENT
    .remove(b'$')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b':')
    .remove(b'/')
    .remove(b'@')
    .remove(b'*')
    .remove(b'!');

impl PathBuilder {
    /// An empty path.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends trusted text from the docs as it is (`/users/`, `(`, `=`, `)`, `/microsoft.graph.x/y`).
    pub fn push_literal(&mut self, literal: &str) {
        self.buf.push_str(literal);
    }

    /// Appends a caller's value as exactly one path segment: everything but RFC 3986 unreserved characters is
    /// percent-encoded, and a value of `.` or `..` is encoded as `%2E` / `%2E%2E`.
    ///
    /// URL parsers still read an encoded dot segment as a dot segment, so [`Client::execute`](crate::Client::execute)
    /// refuses to send a path that holds one rather than letting it address another resource.
    ///
    /// A value that starts with `$` is written as a key in parentheses instead (`/users('$x@y.com')`): OData keeps
    /// `$` segments for itself (`$value`, `$ref`, `$count`), Graph answers `/users/$x@y.com` with `400 Bad Request`,
    /// and its user page says to write such a key this way.
    pub fn push_segment(&mut self, value: &str) {
        if value.starts_with('$') && self.buf.ends_with('/') {
            self.buf.pop();
            self.buf.push('(');
            self.push_odata(value);
            self.buf.push(')');
            return;
        }
        push_encoded_segment(&mut self.buf, value);
    }

    /// Appends an OData literal inside key or function parentheses (`/users('{id}')`, `f(x=1)`): strings are
    /// quoted with `'` and inner quotes doubled, then the whole literal is percent-encoded like a segment.
    pub fn push_odata<V: ODataLiteral + ?Sized>(&mut self, value: &V) {
        let mut literal = String::new();
        value.write_odata(&mut literal);
        self.buf.extend(utf8_percent_encode(&literal, SEGMENT));
    }

    /// Appends a drive item path between colons (`/root:/{item-path}:`): each `/`-separated component is encoded as
    /// a segment, so the value may name folders but cannot escape them (`..` components are encoded too).
    pub fn push_item_path(&mut self, path: &str) {
        let mut first = true;
        for component in path.split('/') {
            if !first {
                self.buf.push('/');
            }
            first = false;
            push_encoded_segment(&mut self.buf, component);
        }
    }

    /// The encoded path.
    ///
    /// Graph's two aliases are written in their own form, so that a request reads as the docs write it:
    ///
    /// * a path that starts with the user [`ME`] of the root `/users` collection (`/users/me`, then `/` or the end)
    ///   is sent as `/me`, Graph's name for the signed-in user: `/users/{id}/messages` called with `ME` goes to
    ///   `/me/messages`. Graph does not resolve `me` as a user key, and no user has it (user keys are object ids,
    ///   which are GUIDs, or user principal names, which hold an `@`), so no other request changes;
    /// * the item `root` of a drive (`/drive/items/root`, `/drives/{id}/items/root`, then `/`, `:` or the end) is
    ///   sent as `/drive/root`: Graph reserves the key `root` for the root folder and documents both forms.
    pub fn finish(mut self) -> String {
        let signed_in = match (self.buf.get(..7), self.buf.get(7..)) {
            (Some(users), Some(rest)) => {
                users.eq_ignore_ascii_case("/users/")
                    && rest
                        .strip_prefix(ME)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            }
            _ => false,
        };
        if signed_in {
            self.buf.replace_range(..9, "/me");
        }
        if let Some(items) = drive_root_item(&self.buf) {
            self.buf.replace_range(items..items + "/items".len(), "");
        }
        self.buf
    }
}

/// Where `/items` starts in a path that addresses a drive's root folder by its key, `.../drive/items/root` or
/// `.../drives/{id}/items/root` (then `/`, `:` or the end). Only the path before an item path (`:/...:`) is
/// read: what follows the first `:` is the caller's.
fn drive_root_item(path: &str) -> Option<usize> {
    let mut starts = Vec::new();
    let mut segments = Vec::new();
    let mut at = 0;
    for segment in path.split('/') {
        starts.push(at);
        segments.push(segment);
        at += segment.len() + 1;
        if segment.contains(':') {
            break;
        }
    }
    (1..segments.len()).find_map(|i| {
        let drive = segments[i - 1].eq_ignore_ascii_case("drive")
            || (i >= 2 && segments[i - 2].eq_ignore_ascii_case("drives"));
        let root = segments
            .get(i + 1)
            .is_some_and(|next| *next == "root" || *next == "root:");
        (drive && root && segments[i].eq_ignore_ascii_case("items")).then(|| starts[i] - 1)
    })
}

/// Encodes `value` as one segment onto `out` (dot segments included).
pub(crate) fn push_encoded_segment(out: &mut String, value: &str) {
    match value {
        "." => out.push_str("%2E"),
        ".." => out.push_str("%2E%2E"),
        _ => out.extend(utf8_percent_encode(value, SEGMENT)),
    }
}

/// Whether an encoded path holds a segment that URL parsers resolve as `.` or `..` (`%2E`, `.%2e`, ...).
pub(crate) fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        [".", "%2e", "..", ".%2e", "%2e.", "%2e%2e"]
            .iter()
            .any(|dots| segment.eq_ignore_ascii_case(dots))
    })
}

/// A value that can be written as an OData literal in a key or function parameter (`'text'`, `42`, `true`, a GUID).
pub trait ODataLiteral {
    /// Appends the literal, unencoded (the [`PathBuilder`] encodes it).
    fn write_odata(&self, out: &mut String);
}

impl ODataLiteral for str {
    fn write_odata(&self, out: &mut String) {
        out.push('\'');
        out.push_str(&self.replace('\'', "''"));
        out.push('\'');
    }
}

impl ODataLiteral for String {
    fn write_odata(&self, out: &mut String) {
        self.as_str().write_odata(out);
    }
}

impl ODataLiteral for bool {
    fn write_odata(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ODataLiteral for uuid::Uuid {
    fn write_odata(&self, out: &mut String) {
        out.push_str(&self.hyphenated().to_string());
    }
}

macro_rules! odata_display {
    ($($t:ty),*) => {$(
        impl ODataLiteral for $t {
            fn write_odata(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }
        }
    )*};
}
odata_display!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

macro_rules! odata_float {
    ($($t:ty),*) => {$(
        impl ODataLiteral for $t {
            /// Finite numbers as Rust prints them (round-trip exact); non-finite ones as OData's `NaN`, `INF`, `-INF`.
            fn write_odata(&self, out: &mut String) {
                if self.is_nan() {
                    out.push_str("NaN");
                } else if self.is_infinite() {
                    out.push_str(if *self > 0.0 { "INF" } else { "-INF" });
                } else {
                    out.push_str(&self.to_string());
                }
            }
        }
    )*};
}
odata_float!(f32, f64);
