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
/// strings), which the docs sometimes leave after the last member, is dropped, and a comma missing at the end of a
/// line, between a value and the next member (`"displayName": "CSV connector"` then `"sourceSystem@odata.bind":`
/// on the next line), is added. Both are only ever wrong in JSON, so the reading is unambiguous. Anything else
/// that is not JSON stays an error.
pub fn example_json(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(text).or_else(|error| {
        let mended = mended(text);
        if mended == text {
            return Err(error);
        }
        serde_json::from_str(&mended).map_err(|_| error)
    })
}

/// `text` without the commas that stand (whitespace aside) right before a `}` or `]`, and with a comma where a
/// line ends with a value and the next begins a member or an element (`"`, `{` or `[`), outside strings.
fn mended(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    // Whether the last token outside strings ended a value, and whether a line break has come since.
    let mut after_value = false;
    let mut line_break = false;
    for (at, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    after_value = true;
                    line_break = false;
                }
                _ => {}
            }
            out.push(c);
            continue;
        }
        if c == '\n' {
            line_break = true;
        }
        if c.is_whitespace() {
            out.push(c);
            continue;
        }
        if after_value && line_break && matches!(c, '"' | '{' | '[') {
            out.push(',');
        }
        match c {
            '"' => in_string = true,
            ',' => {
                let rest = text[at + 1..].trim_start();
                if rest.starts_with('}') || rest.starts_with(']') {
                    after_value = false;
                    continue;
                }
            }
            _ => {}
        }
        // A key's closing quote is followed by `:`; only a value ends before a line break and a member.
        after_value = matches!(c, '}' | ']') || c.is_ascii_alphanumeric() || c == '.';
        if c == ':' || c == ',' || c == '{' || c == '[' {
            after_value = false;
        }
        line_break = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_json_mends_trailing_and_missing_commas_only() {
        let value = example_json("{\"a\": [1, 2,], \"b\": \"x,}\",\n}").unwrap();
        assert_eq!(value, serde_json::json!({"a": [1, 2], "b": "x,}"}));
        assert_eq!(
            example_json("{\"s\": \"q\\\",]\"}").unwrap(),
            serde_json::json!({"s": "q\",]"})
        );
        assert!(example_json("{\"a\": 1 // note\n}").is_err());
        // A comma missing at a line break, between members and between elements.
        assert_eq!(
            example_json("{\n  \"a\": \"x\"\n  \"b\": 2\n  \"c\": {\"d\": [1]}\n  \"e\": true\n}")
                .unwrap(),
            serde_json::json!({"a": "x", "b": 2, "c": {"d": [1]}, "e": true})
        );
        assert_eq!(
            example_json("[\n  {\"a\": 1}\n  {\"a\": 2}\n]").unwrap(),
            serde_json::json!([{"a": 1}, {"a": 2}])
        );
        // Not on one line, and never inside a string or after a key.
        assert!(example_json("{\"a\": \"x\" \"b\": 2}").is_err());
        assert!(example_json("{\"a\":\n\"b\"}").is_ok());
        assert_eq!(
            example_json("{\"a\": \"x\\n\"\n}").unwrap(),
            serde_json::json!({"a": "x\n"})
        );
        assert!(example_json("{\"a\": ...}").is_err());
        assert!(example_json("[1,,]").is_err());
    }
}
