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

/// An example's JSON text as a value, read as its author meant it: a comma before a closing `}` or `]` (outside
/// strings), which the docs sometimes leave after the last member, is dropped. Anything else that is not JSON
/// stays an error.
pub fn example_json(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(text).or_else(|error| {
        let cleaned = without_trailing_commas(text);
        if cleaned.len() == text.len() {
            return Err(error);
        }
        serde_json::from_str(&cleaned).map_err(|_| error)
    })
}

/// `text` without the commas that stand (whitespace aside) right before a `}` or `]`, outside strings.
fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ',' {
            let rest = text[at + 1..].trim_start();
            if rest.starts_with('}') || rest.starts_with(']') {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_json_tolerates_trailing_commas_only() {
        let value = example_json("{\"a\": [1, 2,], \"b\": \"x,}\",\n}").unwrap();
        assert_eq!(value, serde_json::json!({"a": [1, 2], "b": "x,}"}));
        assert_eq!(
            example_json("{\"s\": \"q\\\",]\"}").unwrap(),
            serde_json::json!({"s": "q\",]"})
        );
        assert!(example_json("{\"a\": 1 // note\n}").is_err());
        assert!(example_json("{\"a\": ...}").is_err());
        assert!(example_json("[1,,]").is_err());
    }
}
