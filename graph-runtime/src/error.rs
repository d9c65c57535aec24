//! The one error type of the runtime. Every error names the request it belongs to (method, path template and the
//! doc page it came from) and none ever holds a token or a SAS signature.

use std::fmt;

use bytes::Bytes;
use serde::Deserialize;

use crate::request::Operation;

/// Everything that can go wrong sending a request or decoding its response.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or its response not read (DNS, connect, TLS, connection reset mid-body).
    Transport {
        /// The operation being performed.
        operation: &'static Operation,
        /// The underlying error, with its URL removed (it may hold a SAS signature).
        source: reqwest::Error,
    },
    /// The connect or request timeout elapsed.
    Timeout {
        /// The operation being performed.
        operation: &'static Operation,
    },
    /// Graph answered with an error body (`{"error": {...}}`). Branch on [`GraphError::code`].
    Graph {
        /// The operation being performed.
        operation: &'static Operation,
        /// The HTTP status.
        status: u16,
        /// The parsed error.
        error: Box<GraphError>,
        /// Retries made before giving up (0 when the status is not retried).
        retries: u32,
    },
    /// A status the operation does not expect, without a Graph error body.
    UnexpectedStatus {
        /// The operation being performed.
        operation: &'static Operation,
        /// The HTTP status.
        status: u16,
        /// The response body, as received.
        body: Bytes,
        /// Retries made before giving up.
        retries: u32,
    },
    /// A successful response whose body did not decode into the expected type.
    Decode {
        /// The operation being performed.
        operation: &'static Operation,
        /// The HTTP status.
        status: u16,
        /// The body, as received.
        body: Bytes,
        /// Where in the JSON decoding failed (`value[3].displayName`), `.` for the root.
        path: String,
        /// What serde said.
        message: String,
    },
    /// Token acquisition failed (the message comes from the token endpoint or the provider; never the secret).
    Auth {
        /// The operation the token was for; `None` until the client attaches it.
        operation: Option<&'static Operation>,
        /// What went wrong.
        message: String,
    },
    /// The client or a request is misconfigured (bad base URL, slice size, header value, dot segment in a path).
    Config {
        /// The operation being performed, when there is one.
        operation: Option<&'static Operation>,
        /// What is wrong and what to do.
        message: String,
    },
    /// Paging stopped: a repeated nextLink (a loop) or a nextLink to a host the token must not go to.
    Paging {
        /// The operation being paged.
        operation: &'static Operation,
        /// What happened and what to do.
        message: String,
    },
    /// An upload could not go on (the reader failed or ended early, the server lost the session, ...).
    Upload {
        /// The upload step.
        operation: &'static Operation,
        /// What happened and what to do.
        message: String,
    },
    /// Pre-flight (see [`crate::preflight`]): the access token holds none of the permissions the operation's page
    /// lists for the token's type; the request was not sent.
    MissingPermission {
        /// The operation refused.
        operation: &'static Operation,
        /// The token's permission type.
        permission_type: crate::preflight::PermissionType,
        /// The least privileged permission the page lists for that type; `None` when the page says the type is
        /// not supported.
        least_privileged: Option<&'static str>,
    },
}

impl Error {
    /// The operation the failed request performs, if the error belongs to one.
    pub fn operation(&self) -> Option<&'static Operation> {
        match self {
            Error::Transport { operation, .. }
            | Error::Timeout { operation }
            | Error::Graph { operation, .. }
            | Error::UnexpectedStatus { operation, .. }
            | Error::Decode { operation, .. }
            | Error::Paging { operation, .. }
            | Error::Upload { operation, .. }
            | Error::MissingPermission { operation, .. } => Some(operation),
            Error::Config { operation, .. } | Error::Auth { operation, .. } => *operation,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Graph { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The parsed Graph error, if Graph sent one.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            Error::Graph { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The Graph error code (`Request_ResourceNotFound`, `itemNotFound`, ...), the value callers branch on.
    pub fn code(&self) -> Option<&str> {
        self.graph_error().map(|e| e.code.as_str())
    }

    /// On 403, a hint naming the permissions the operation's page lists.
    pub fn permission_hint(&self) -> Option<String> {
        match self {
            Error::Graph {
                operation,
                status: 403,
                ..
            }
            | Error::UnexpectedStatus {
                operation,
                status: 403,
                ..
            } => Some(permission_hint(operation)),
            _ => None,
        }
    }

    /// A token acquisition failure, for [`TokenProvider`](crate::TokenProvider) implementations: say what failed
    /// and what to do, never the secret. The client adds the operation.
    pub fn auth(message: impl Into<String>) -> Self {
        Error::Auth {
            operation: None,
            message: message.into(),
        }
    }

    /// Names `operation` in an error that does not name one yet.
    pub(crate) fn for_operation(self, operation: &'static Operation) -> Self {
        match self {
            Error::Auth {
                operation: None,
                message,
            } => Error::Auth {
                operation: Some(operation),
                message,
            },
            other => other,
        }
    }

    pub(crate) fn transport(operation: &'static Operation, source: reqwest::Error) -> Self {
        if source.is_timeout() {
            Error::Timeout { operation }
        } else {
            Error::Transport {
                operation,
                source: source.without_url(),
            }
        }
    }

    pub(crate) fn config(
        operation: Option<&'static Operation>,
        message: impl Into<String>,
    ) -> Self {
        Error::Config {
            operation,
            message: message.into(),
        }
    }

    /// The error for a non-success response: a Graph error when the body is one, else an unexpected status.
    pub(crate) fn from_status(
        operation: &'static Operation,
        status: u16,
        body: Bytes,
        retries: u32,
    ) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            error: GraphError,
        }
        match serde_json::from_slice::<Envelope>(&body) {
            Ok(envelope) => Error::Graph {
                operation,
                status,
                error: Box::new(envelope.error),
                retries,
            },
            Err(_) => Error::UnexpectedStatus {
                operation,
                status,
                body,
                retries,
            },
        }
    }
}

/// `GET /users/{id} (api/user-get.md:31)`: how every error names its request.
struct Request<'a>(&'a Operation);

impl fmt::Display for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}, from {})",
            self.0.method.as_str(),
            self.0.path_template,
            self.0.name,
            self.0.source
        )
    }
}

fn permission_hint(operation: &Operation) -> String {
    let p = &operation.permissions;
    let mut parts = Vec::new();
    for (kind, scopes) in [
        ("delegated (work or school account)", p.delegated_work),
        (
            "delegated (personal Microsoft account)",
            p.delegated_personal,
        ),
        ("application", p.application),
    ] {
        let listed: Vec<&str> = scopes.iter().collect();
        if !listed.is_empty() {
            parts.push(format!("{kind}: {}", listed.join(", ")));
        }
    }
    if parts.is_empty() {
        format!(
            "the token lacks a permission; {} does not list the permissions this request needs",
            operation.source
        )
    } else {
        format!(
            "the token lacks a permission; {} lists, least privileged first, {}; grant one and consent to it",
            operation.source,
            parts.join("; ")
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport { operation, source } => {
                write!(f, "{}: transport error: {source}", Request(operation))?;
                let mut cause = std::error::Error::source(source);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
            Error::Timeout { operation } => {
                write!(f, "{}: timed out; raise the client's timeouts if the request is expected to be slow", Request(operation))
            }
            Error::Graph {
                operation,
                status,
                error,
                retries,
            } => {
                write!(
                    f,
                    "{}: Graph error {status} {}: {}",
                    Request(operation),
                    error.code,
                    error.message
                )?;
                if let Some(target) = &error.target {
                    write!(f, " (target {target})")?;
                }
                if let Some(inner) = &error.inner_error {
                    if let Some(id) = &inner.request_id {
                        write!(f, "; request-id {id}")?;
                    }
                    if let Some(id) = &inner.client_request_id {
                        write!(f, ", client-request-id {id}")?;
                    }
                    if let Some(date) = &inner.date {
                        write!(f, ", date {date}")?;
                    }
                }
                write_outcome(f, operation, *status, *retries)
            }
            Error::UnexpectedStatus {
                operation,
                status,
                body,
                retries,
            } => {
                write!(f, "{}: unexpected status {status}", Request(operation))?;
                if !body.is_empty() {
                    let text = String::from_utf8_lossy(&body[..body.len().min(512)]);
                    write!(f, "; body: {text}")?;
                }
                write_outcome(f, operation, *status, *retries)
            }
            Error::Decode {
                operation,
                status,
                body,
                path,
                message,
            } => write!(
                f,
                "{}: could not decode the {status} response body ({} bytes) at `{path}`: {message}",
                Request(operation),
                body.len()
            ),
            Error::Auth {
                operation: Some(op),
                message,
            } => write!(f, "{}: authentication failed: {message}", Request(op)),
            Error::Auth {
                operation: None,
                message,
            } => write!(f, "authentication failed: {message}"),
            Error::Config {
                operation: Some(op),
                message,
            } => write!(f, "{}: {message}", Request(op)),
            Error::Config {
                operation: None,
                message,
            } => write!(f, "client configuration: {message}"),
            Error::Paging { operation, message } => {
                write!(f, "{}: paging stopped: {message}", Request(operation))
            }
            Error::Upload { operation, message } => {
                write!(f, "{}: upload failed: {message}", Request(operation))
            }
            Error::MissingPermission {
                operation,
                permission_type,
                least_privileged: Some(permission),
            } => write!(
                f,
                "{}: not sent (pre-flight): the access token holds none of the {} permissions {} lists for this request; add {permission}, the least privileged one that page lists, to the app's {} permissions and consent to it",
                Request(operation),
                permission_type.label(),
                operation.source,
                permission_type.label()
            ),
            Error::MissingPermission {
                operation,
                permission_type,
                least_privileged: None,
            } => write!(
                f,
                "{}: not sent (pre-flight): {} says {} permissions are not supported for this request; call it with a token of another permission type",
                Request(operation),
                operation.source,
                permission_type.label()
            ),
        }
    }
}

/// The end of an error response's message: retries given up, and on 403 the permission hint.
fn write_outcome(
    f: &mut fmt::Formatter<'_>,
    operation: &Operation,
    status: u16,
    retries: u32,
) -> fmt::Result {
    if retries > 0 {
        write!(f, "; gave up after {retries} retries")?;
    }
    if status == 403 {
        write!(f, "; {}", permission_hint(operation))?;
    }
    Ok(())
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A Graph error body's `error` object.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphError {
    /// The error code callers branch on (`Request_ResourceNotFound`, `itemNotFound`, `TooManyRequests`, ...).
    #[serde(default)]
    pub code: String,
    /// A human-readable message.
    #[serde(default)]
    pub message: String,
    /// The target of the error (a property name), if any.
    #[serde(default)]
    pub target: Option<String>,
    /// Nested errors.
    #[serde(default)]
    pub details: Vec<GraphErrorDetail>,
    /// Diagnostics: request ids and date (`innerError`, also accepted as `innererror`).
    #[serde(default, alias = "innererror")]
    pub inner_error: Option<InnerError>,
}

/// One entry of a Graph error's `details`.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct GraphErrorDetail {
    /// The detail's code.
    #[serde(default)]
    pub code: String,
    /// The detail's message.
    #[serde(default)]
    pub message: String,
    /// The detail's target.
    #[serde(default)]
    pub target: Option<String>,
}

/// A Graph error's `innerError`: the ids support needs, and anything else Graph sent.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct InnerError {
    /// `request-id`.
    #[serde(default, rename = "request-id")]
    pub request_id: Option<String>,
    /// `client-request-id`: the id this client sent.
    #[serde(default, rename = "client-request-id")]
    pub client_request_id: Option<String>,
    /// `date`, as sent.
    #[serde(default)]
    pub date: Option<String>,
    /// Any other fields (`code`, nested `innerError`, ...).
    #[serde(flatten)]
    pub additional: serde_json::Map<String, serde_json::Value>,
}
