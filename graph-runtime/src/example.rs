//! Doc examples as data: emitted by the generator (macro option `examples: true`) and served by the replay
//! server (feature `replay`). Each example keeps the page and line it came from.

/// An example request as the page wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleRequest {
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The URL as written; may be absolute (`https://graph.microsoft.com/v1.0/me`) or a path.
    pub url: &'static str,
    /// Headers in page order.
    pub headers: &'static [(&'static str, &'static str)],
    /// The body text, if any.
    pub body: Option<&'static str>,
}

/// An example response as the page wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExampleResponse {
    /// The status code.
    pub status: u16,
    /// Headers in page order.
    pub headers: &'static [(&'static str, &'static str)],
    /// The body text, if any.
    pub body: Option<&'static str>,
}

/// One documented example: a request and the response paired with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocExample {
    /// The annotation's `name`, or a name made from the page and position when there is none.
    pub name: &'static str,
    /// Where the request block is (`api/user-get.md:88`).
    pub source: &'static str,
    /// The request.
    pub request: ExampleRequest,
    /// The paired response, if the page has one.
    pub response: Option<ExampleResponse>,
}
