//! Why the generator cannot reproduce an example: the [`Skip`] reasons a generated case carries.

use std::fmt;

/// Why the generator cannot reproduce an example's request with the typed API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The example's request block has no method or URL.
    EmptyRequest,
    /// The page has no generated operation (see the generator's `SKIPPED` report).
    NoOperation,
    /// No request line of the page has the example's method.
    NoLineForMethod,
    /// No request line matches the example's path (of the example's page; of any page for a conceptual page's
    /// example).
    NoMatchingLine {
        /// The example's path.
        path: &'static str,
    },
    /// A request line matches the end of the example's path only: the example prefixes it with a path that no
    /// line of the page has (lines relative to an entity, such as `/workbook/...`, take that prefix as their
    /// entity path and are not skipped for it).
    PrefixedPath {
        /// What the example puts before the line.
        prefix: &'static str,
    },
    /// The example's URL is on another host than Graph (a notification to the app's callback).
    NotGraph {
        /// The host.
        host: &'static str,
    },
    /// The example's URL cannot be read (an absolute URL without a path).
    UnparseableUrl,
    /// The example sends a query parameter the operation has no typed setter for.
    NoSetter {
        /// The query parameter.
        name: &'static str,
    },
    /// A value in the example does not parse as the type the operation takes.
    BadValue {
        /// The parameter.
        name: &'static str,
        /// The value as written.
        value: &'static str,
        /// The type expected.
        expected: &'static str,
    },
    /// The operation takes a body and the example has none.
    MissingBody,
}

impl Skip {
    /// A short category, for counting by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            Skip::EmptyRequest => "skipped: empty example request",
            Skip::NoOperation => "skipped: the page has no generated operation",
            Skip::NoLineForMethod => "skipped: no request line with the example's method",
            Skip::NoMatchingLine { .. } => "skipped: no request line matches the URL",
            Skip::PrefixedPath { .. } => {
                "skipped: a request line matches the path after a prefix only"
            }
            Skip::NotGraph { .. } => "skipped: not a Graph URL",
            Skip::UnparseableUrl => "skipped: unparseable URL",
            Skip::NoSetter { .. } => "skipped: no typed setter for a query parameter",
            Skip::BadValue { .. } => "skipped: a value does not parse as its type",
            Skip::MissingBody => "skipped: the operation takes a body and the example has none",
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Skip::EmptyRequest => f.write_str("the example's request block is empty"),
            Skip::NoOperation => f.write_str("the page has no generated operation"),
            Skip::NoLineForMethod => f.write_str("no request line of the page has the example's method"),
            Skip::NoMatchingLine { path } => {
                write!(f, "no documented request line matches `{path}`")
            }
            Skip::PrefixedPath { prefix } => write!(
                f,
                "a request line matches the path only after the prefix `{prefix}`, which no line of the page has"
            ),
            Skip::NotGraph { host } => write!(f, "the URL is on `{host}`, not Graph"),
            Skip::UnparseableUrl => f.write_str("the example's URL cannot be read"),
            Skip::NoSetter { name } => {
                write!(f, "the operation has no typed setter for query parameter `{name}`")
            }
            Skip::BadValue {
                name,
                value,
                expected,
            } => write!(f, "`{name}` = `{value}` is not {expected}"),
            Skip::MissingBody => f.write_str("the operation takes a body and the example has none"),
        }
    }
}
