//! The request description: the interface between generated code and the runtime.
//!
//! Generated code never talks to reqwest. For each documented request line it emits
//!
//! * one `static` [`Operation`] (name, method, path template, source page, permissions), and
//! * a small builder struct whose `IntoFuture` fills a [`RequestSpec`] and hands it to
//!   [`Client::send`](crate::Client::send), the one non-generic entry point, returning
//!   [`Pending<T>`](crate::Pending) where `T: FromResponse` decodes the raw response.
//!
//! Paths are built with [`PathBuilder`], which percent-encodes every caller-supplied value so that no value
//! can change the structure of the path (`/`, `?`, `#`, `%`, `'`, `..`, unicode).

use std::borrow::Cow;

use bytes::Bytes;

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
    /// The page lists these scopes.
    Listed(&'static [&'static str]),
    /// The page says this permission type is not supported.
    NotSupported,
    /// The page does not say.
    NotStated,
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

/// Builds a percent-encoded path from literal pieces (trusted, from the docs) and caller values (encoded).
#[derive(Debug, Clone, Default)]
pub struct PathBuilder {
    buf: String,
}
