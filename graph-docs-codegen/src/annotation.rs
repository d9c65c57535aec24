//! Annotation comments (`<!-- { "blockType": "request", "name": "..." } -->`), read tolerantly: strict
//! JSON first, then a lenient reader that accepts trailing commas, raw newlines inside strings, unquoted
//! keys, single quotes and `//` comments, and reports that it had to.

use serde_json::{Map, Number, Value};

use crate::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::page::Annotation;

/// Nesting deeper than this is not an annotation.
const MAX_DEPTH: usize = 32;

/// Whether a comment looks like a block annotation (an object naming its `blockType`); page annotations
/// (`"type": "#page.annotation"`) and other comments are not read.
pub fn is_annotation(comment: &str) -> bool {
    comment.trim_start().starts_with('{') && comment.contains("blockType")
}

/// Read a comment's text as an annotation. `None` when the comment is not a JSON-like object at all
/// (ordinary HTML comments). Tolerant reads push a warning; unreadable objects push one and give `None`.
pub fn parse(comment: &str, location: Location, diags: &mut Vec<Diagnostic>) -> Option<Annotation> {
    let text = comment.trim();
    if !is_annotation(text) {
        return None;
    }
    let map = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        _ => {
            match Lenient::new(text).document() {
                Ok(map) => {
                    diags.push(
                    Diagnostic::warning(DiagnosticKind::Annotation, location.clone(), "annotation is not strict JSON; read tolerantly")
                        .with_hint("remove trailing commas, quote keys, and escape newlines inside strings"),
                );
                    map
                }
                Err(msg) => {
                    diags.push(
                        Diagnostic::warning(
                            DiagnosticKind::Annotation,
                            location,
                            format!("annotation could not be read: {msg}"),
                        )
                        .with_hint("write the annotation as a JSON object"),
                    );
                    return None;
                }
            }
        }
    };
    Some(from_map(map, location))
}

fn from_map(raw: Map<String, Value>, location: Location) -> Annotation {
    let get_str = |key: &str| {
        raw.get(key)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
    };
    let get_bool = |key: &str| match raw.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    };
    let names: Vec<String> = match raw.get("name") {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .collect(),
        _ => Vec::new(),
    };
    Annotation {
        block_type: get_str("blockType").map(|s| s.to_ascii_lowercase()),
        name: names.first().cloned(),
        names,
        odata_type: get_str("@odata.type"),
        truncated: get_bool("truncated"),
        is_collection: get_bool("isCollection"),
        location,
        raw,
    }
}

/// A small lenient JSON reader over bytes. Never panics; errors are messages.
struct Lenient<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl<'a> Lenient<'a> {
    fn new(text: &'a str) -> Self {
        Lenient {
            src: text.as_bytes(),
            text,
            pos: 0,
        }
    }

    fn document(mut self) -> Result<Map<String, Value>, String> {
        self.ws();
        let value = self.value(0)?;
        self.ws();
        if self.pos < self.src.len() {
            return Err(format!(
                "unexpected text after the object at byte {}",
                self.pos
            ));
        }
        match value {
            Value::Object(map) => Ok(map),
            _ => Err("not an object".to_string()),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.pos += 1;
            } else if c == b'/' && self.src.get(self.pos + 1) == Some(&b'/') {
                while let Some(c) = self.peek() {
                    if c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".to_string());
        }
        self.ws();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(q @ (b'"' | b'\'')) => self.string(q).map(Value::String),
            Some(_) => self.bare(),
            None => Err("unexpected end".to_string()),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1;
        let mut map = Map::new();
        loop {
            self.ws();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                None => return Err("unclosed `{`".to_string()),
                _ => {}
            }
            let key = match self.peek() {
                Some(q @ (b'"' | b'\'')) => self.string(q)?,
                _ => self.key()?,
            };
            self.ws();
            if self.peek() != Some(b':') {
                return Err(format!("expected `:` after key `{key}`"));
            }
            self.pos += 1;
            let value = self.value(depth + 1)?;
            map.insert(key, value);
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                Some(b',') => {
                    self.pos += 1;
                }
                None => return Err("unclosed `[`".to_string()),
                _ => items.push(self.value(depth + 1)?),
            }
        }
    }

    fn key(&mut self) -> Result<String, String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == b':' || c.is_ascii_whitespace() || matches!(c, b'{' | b'}' | b'[' | b']' | b',')
            {
                break;
            }
            self.pos += 1;
        }
        let key = self.text.get(start..self.pos).unwrap_or("");
        if key.is_empty() {
            return Err(format!("expected a key at byte {start}"));
        }
        Ok(key.to_string())
    }

    /// A quoted string; raw newlines and control characters are kept, unknown escapes kept verbatim.
    fn string(&mut self, quote: u8) -> Result<String, String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            match self.peek() {
                None => return Err(format!("unclosed string at byte {start}")),
                Some(c) if c == quote => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                    let esc = self.src.get(self.pos + 1).copied();
                    self.pos += 2;
                    match esc {
                        Some(b'n') => out.push('\n'),
                        Some(b't') => out.push('\t'),
                        Some(b'r') => out.push('\r'),
                        Some(b'u') => {
                            let hex = self.text.get(self.pos..self.pos + 4).unwrap_or("");
                            match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                                Some(ch) => {
                                    out.push(ch);
                                    self.pos += 4;
                                }
                                None => out.push_str("\\u"),
                            }
                        }
                        Some(c) if c.is_ascii() => out.push(char::from(c)),
                        Some(_) => {
                            // A multi-byte character after a backslash: keep it whole.
                            self.pos -= 1;
                        }
                        None => return Err(format!("unclosed string at byte {start}")),
                    }
                    while !self.text.is_char_boundary(self.pos) && self.pos < self.src.len() {
                        self.pos += 1;
                    }
                    run = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// A bare word: number, true/false/null, or an unquoted string up to the next delimiter.
    fn bare(&mut self) -> Result<Value, String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(c, b',' | b'}' | b']' | b'\n') {
                break;
            }
            self.pos += 1;
        }
        let word = self.text.get(start..self.pos).unwrap_or("").trim();
        if word.is_empty() {
            return Err(format!("expected a value at byte {start}"));
        }
        Ok(match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => {
                if let Ok(i) = word.parse::<i64>() {
                    Value::Number(Number::from(i))
                } else if let Some(n) = word.parse::<f64>().ok().and_then(Number::from_f64) {
                    Value::Number(n)
                } else {
                    Value::String(word.to_string())
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Annotation>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let a = parse(text, Location::new("p.md", 7), &mut d);
        (a, d)
    }

    #[test]
    fn strict_json() {
        let (a, d) =
            read(r#" { "blockType": "Request", "name": "get_users", "truncated": true } "#);
        let a = a.unwrap();
        assert!(d.is_empty());
        assert_eq!(a.block_type.as_deref(), Some("request"));
        assert_eq!(a.name.as_deref(), Some("get_users"));
        assert!(a.truncated);
        assert_eq!(a.location, Location::new("p.md", 7));
    }

    #[test]
    fn tolerant_json() {
        let (a, d) = read("{\n  blockType: \"response\",\n  \"name\": [\"a\", \"b\",],\n  \"description\": \"two\nlines\",\n  \"isCollection\": \"true\",\n}");
        let a = a.unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiagnosticKind::Annotation);
        assert_eq!(a.block_type.as_deref(), Some("response"));
        assert_eq!(a.names, vec!["a".to_string(), "b".to_string()]);
        assert!(a.is_collection);
        assert_eq!(
            a.raw.get("description").and_then(Value::as_str),
            Some("two\nlines")
        );
    }

    #[test]
    fn not_annotations() {
        assert_eq!(read(" just a comment ").0, None);
        let (a, d) = read("{ \"blockType\": ");
        assert!(a.is_none());
        assert_eq!(d.len(), 1);
        assert!(read(&"[".repeat(200).replacen('[', "{\"a\":", 1))
            .0
            .is_none());
        // A closing brace where a value belongs ends the read instead of looping.
        assert!(read("{\"a\": [1, }").0.is_none());
        assert!(read("{\"a\": }").0.is_none());
    }
}
