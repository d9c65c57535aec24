//! Annotation comments (`<!-- { "blockType": "request", "name": "..." } -->`), read tolerantly: strict
//! JSON first, then a lenient reader that accepts trailing commas, raw newlines inside strings, unquoted
//! keys, single quotes and `//` comments, and reports that it had to.

use serde_json::{Map, Number, Value};

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
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
    let text = crate::read::text::trim(comment);
    if !is_annotation(text) {
        return None;
    }
    let strict = match plain_object(text) {
        Some(map) => Ok(Value::Object(map)),
        None => serde_json::from_str::<Value>(text),
    };
    let map = match strict {
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
    // Annotations hold a handful of keys: a scan beats hashing the key.
    let get = |key: &str| raw.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
    let get_str = |key: &str| {
        get(key)
            .and_then(Value::as_str)
            .map(|s| crate::read::text::trim(s).to_string())
    };
    let get_bool = |key: &str| match get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => crate::read::text::trim(s).eq_ignore_ascii_case("true"),
        _ => false,
    };
    let names: Vec<String> = match get("name") {
        Some(Value::String(s)) => vec![crate::read::text::trim(s).to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|s| crate::read::text::trim(s).to_string())
            .collect(),
        _ => Vec::new(),
    };
    Annotation {
        block_type: get("blockType")
            .and_then(Value::as_str)
            .map(|s| crate::read::text::trim(s).to_ascii_lowercase()),
        name: names.first().cloned(),
        names,
        odata_type: get_str("@odata.type"),
        truncated: get_bool("truncated"),
        is_collection: get_bool("isCollection"),
        location,
        raw,
    }
}

/// The common annotation, read without the JSON deserializer: an object whose values are strings,
/// `true`, `false`, `null` or lists of those (`{"blockType": "request", "name": ["a", "b"]}`), with no
/// escapes or control characters in its strings. `None` for anything else, which `serde_json` then
/// reads; for every text this accepts, it gives the map `serde_json` would.
fn plain_object(text: &str) -> Option<Map<String, Value>> {
    let mut p = Plain {
        text,
        src: text.as_bytes(),
        pos: 0,
    };
    p.ws();
    p.eat(b'{')?;
    p.ws();
    let mut map = Map::new();
    if p.peek() == Some(b'}') {
        p.pos += 1;
    } else {
        loop {
            let key = p.string()?;
            p.ws();
            p.eat(b':')?;
            p.ws();
            let value = p.value(true)?;
            map.insert(key.to_string(), value);
            p.ws();
            match p.peek()? {
                b',' => {
                    p.pos += 1;
                    p.ws();
                }
                b'}' => {
                    p.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    p.ws();
    (p.pos == p.src.len()).then_some(map)
}

/// The reader of [`plain_object`]: a position in the text.
struct Plain<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
}

impl<'a> Plain<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// JSON whitespace.
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    /// A string without escapes or control characters: its content.
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => return None,
                c if c < 0x20 => return None,
                _ => self.pos += 1,
            }
        }
        let content = self.text.get(start..self.pos)?;
        self.pos += 1;
        Some(content)
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        let end = self.pos + word.len();
        (self.src.get(self.pos..end)? == word.as_bytes()).then(|| {
            self.pos = end;
            value
        })
    }

    /// A string, `true`, `false`, `null`, or (when `list`) a list of those.
    fn value(&mut self, list: bool) -> Option<Value> {
        match self.peek()? {
            b'"' => self.string().map(|s| Value::String(s.to_string())),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            b'[' if list => {
                self.pos += 1;
                self.ws();
                let mut items = Vec::new();
                if self.peek()? == b']' {
                    self.pos += 1;
                    return Some(Value::Array(items));
                }
                loop {
                    items.push(self.value(false)?);
                    self.ws();
                    match self.peek()? {
                        b',' => {
                            self.pos += 1;
                            self.ws();
                        }
                        b']' => {
                            self.pos += 1;
                            return Some(Value::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            _ => None,
        }
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
    fn the_plain_reader_agrees_with_serde_json() {
        let cases = [
            r#"{"blockType": "request", "name": "get_user"}"#,
            "{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.user\"\n}",
            r#" { "name": ["a", "b"], "isCollection": false, "x": null, "name": "c" } "#,
            r#"{}"#,
            r#"{"a": [], "b": [true, null, "é"]}"#,
        ];
        for text in cases {
            let plain = plain_object(text).map(Value::Object);
            assert_eq!(plain, serde_json::from_str::<Value>(text).ok(), "{text}");
            assert!(plain.is_some(), "{text}");
        }
        // Left to serde_json (or to the lenient reader).
        let others = [
            r#"{"a": "b\"c"}"#,
            "{\"a\": \"two\nlines\"}",
            r#"{"a": 1}"#,
            r#"{"a": "b",}"#,
            r#"{"a": {"b": "c"}}"#,
            r#"{"a": [["b"]]}"#,
            r#"{"a": "b"} x"#,
            r#"{"a": truex}"#,
            r#"{a: "b"}"#,
        ];
        for text in others {
            assert_eq!(plain_object(text), None, "{text}");
        }
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
