//! Matching incoming requests against doc examples: keys generalised, query unordered, bodies as JSON, a trailing
//! function call's arguments either in parentheses or in the query. Example URLs and the requests received are both
//! read by `graph_docs_example_url`, the reader conformance uses too.

use graph_docs_example_url::{call_args_as_query, ExampleUrl};

use crate::example::DocExample;

/// One piece of a path segment pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text that must appear as written.
    Lit(String),
    /// Any non-empty text (a key or a `{placeholder}`).
    Any,
}

/// A path segment of an example, with its keys generalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SegmentPattern {
    pieces: Vec<Piece>,
}

impl SegmentPattern {
    /// Reads one decoded example segment.
    fn parse(segment: &str) -> SegmentPattern {
        if is_key(segment) {
            return SegmentPattern {
                pieces: vec![Piece::Any],
            };
        }
        let mut pieces = Vec::new();
        match (segment.find('('), segment.ends_with(')')) {
            (Some(open), true) => {
                push_braced(&mut pieces, &segment[..=open]);
                let inner = &segment[open + 1..segment.len() - 1];
                for (i, arg) in inner.split(',').enumerate() {
                    if i > 0 {
                        push_lit(&mut pieces, ",");
                    }
                    let named = arg
                        .find('=')
                        .filter(|&eq| arg.find('\'').is_none_or(|quote| eq < quote));
                    match named.map(|eq| (&arg[..eq], &arg[eq + 1..])) {
                        Some((name, value)) => {
                            push_lit(&mut pieces, name);
                            push_lit(&mut pieces, "=");
                            push_value(&mut pieces, value, false);
                        }
                        None => push_value(&mut pieces, arg, true),
                    }
                }
                push_lit(&mut pieces, ")");
            }
            _ => push_braced(&mut pieces, segment),
        }
        SegmentPattern { pieces }
    }

    /// Whether `text` matches, and how many literal characters agreed (for ranking).
    fn matches(&self, text: &str) -> Option<usize> {
        glob(&self.pieces, text)
    }

    /// Whether the pattern is a single wildcard.
    fn is_wildcard(&self) -> bool {
        self.pieces == [Piece::Any]
    }
}

/// Appends literal text, merging with a preceding literal.
fn push_lit(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(Piece::Lit(prev)) => prev.push_str(text),
        _ => pieces.push(Piece::Lit(text.to_owned())),
    }
}

/// Appends a wildcard, collapsing adjacent ones.
fn push_any(pieces: &mut Vec<Piece>) {
    if pieces.last() != Some(&Piece::Any) {
        pieces.push(Piece::Any);
    }
}

/// Appends text in which `{...}` placeholders are wildcards.
fn push_braced(pieces: &mut Vec<Piece>, mut text: &str) {
    while let Some(open) = text.find('{') {
        match text[open..].find('}') {
            Some(close) => {
                push_lit(pieces, &text[..open]);
                push_any(pieces);
                text = &text[open + close + 1..];
            }
            None => break,
        }
    }
    push_lit(pieces, text);
}

/// Appends a function-call argument value: a key (or a bare positional value) becomes a wildcard, keeping its quotes.
fn push_value(pieces: &mut Vec<Piece>, value: &str, positional: bool) {
    let (quote, inner) = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        Some(inner) => ("'", inner),
        None => ("", value),
    };
    if positional || is_key(inner) {
        push_lit(pieces, quote);
        push_any(pieces);
        push_lit(pieces, quote);
    } else {
        push_braced(pieces, value);
    }
}

/// Whether a value written in an example looks like a key: a `{placeholder}`, something containing a GUID, an email
/// or user principal name, a number, or an opaque id (several digits, or base64 padding / `!`).
pub(crate) fn is_key(value: &str) -> bool {
    let value = value.trim_matches('\'');
    if value.is_empty() {
        return false;
    }
    let braced = value.starts_with('{') && value.ends_with('}') && value.matches('{').count() == 1;
    let digits = value.chars().filter(char::is_ascii_digit).count();
    braced
        || contains_guid(value)
        || value.contains('@')
        || digits == value.len()
        || (!value.contains('(')
            && !value.starts_with('$')
            && (digits >= 4 || value.ends_with('=') || value.contains('!')))
}

/// Whether `value` contains a GUID (8-4-4-4-12 hex digits).
fn contains_guid(value: &str) -> bool {
    const SHAPE: [usize; 5] = [8, 4, 4, 4, 12];
    let bytes = value.as_bytes();
    (0..bytes.len()).any(|start| {
        let mut at = start;
        SHAPE.iter().enumerate().all(|(i, &len)| {
            let ok =
                bytes.len() >= at + len && bytes[at..at + len].iter().all(u8::is_ascii_hexdigit);
            at += len;
            if !ok {
                return false;
            }
            if i + 1 < SHAPE.len() {
                let dash = bytes.get(at) == Some(&b'-');
                at += 1;
                dash
            } else {
                true
            }
        })
    })
}

/// Matches `text` against pieces; returns the number of literal characters matched.
fn glob(pieces: &[Piece], text: &str) -> Option<usize> {
    match pieces.split_first() {
        None => text.is_empty().then_some(0),
        Some((Piece::Lit(lit), rest)) => {
            let tail = text.strip_prefix(lit.as_str())?;
            glob(rest, tail).map(|n| n + lit.len())
        }
        Some((Piece::Any, rest)) => {
            // At least one character, then the shortest split that lets the rest match.
            text.char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .filter(|&i| i > 0)
                .find_map(|i| glob(rest, &text[i..]))
        }
    }
}

/// A request target split into decoded path segments (version prefix removed) and decoded query pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Decoded segments after the leading `/`, without `v1.0` / `beta`.
    pub segments: Vec<String>,
    /// Decoded query pairs, sorted.
    pub query: Vec<(String, String)>,
}

impl Target {
    /// Reads what a client sent: an encoded path and query.
    pub fn from_wire(path: &str, query: Option<&str>) -> Target {
        match query {
            Some(query) => Target::from_example(&format!("{path}?{query}")),
            None => Target::from_example(path),
        }
    }

    /// Reads a URL as a page writes it: absolute or a path, with raw spaces and quotes; the query as the service
    /// reads it (`+` is a space). See `graph_docs_example_url`.
    pub fn from_example(url: &str) -> Target {
        let url = ExampleUrl::parse(url);
        let mut query = url.map(|u| u.query_pairs()).unwrap_or_default();
        query.sort();
        Target {
            segments: url.map(|u| u.segments()).unwrap_or_default(),
            query,
        }
    }

    /// The path as `/a/b`, for messages.
    pub fn path(&self) -> String {
        format!("/{}", self.segments.join("/"))
    }

    /// The path and the decoded query as `/a/b?k=v`, for messages.
    pub fn path_and_query(&self) -> String {
        let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        match query.is_empty() {
            true => self.path(),
            false => format!("{}?{}", self.path(), query.join("&")),
        }
    }
}

/// An example prepared for matching.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The example.
    pub example: &'static DocExample,
    method: String,
    /// The example's address as written.
    written: Form,
    /// When its path ends with a function call, the same call with its arguments in the query (see
    /// [`Form::call_as_query`]).
    call_as_query: Option<Form>,
    body: Option<ExampleBody>,
}

/// One way of writing an example's address: path segment patterns and query pairs (`None`: any value).
#[derive(Debug, Clone)]
struct Form {
    segments: Vec<SegmentPattern>,
    query: Vec<(String, Option<String>)>,
}

impl Form {
    /// The address as the example writes it; a `{placeholder}` query value matches any value.
    fn written(target: Target) -> Form {
        Form {
            segments: target
                .segments
                .iter()
                .map(|s| SegmentPattern::parse(s))
                .collect(),
            query: target
                .query
                .into_iter()
                .map(|(k, v)| {
                    let any = v.starts_with('{') && v.ends_with('}');
                    (k, (!any).then_some(v))
                })
                .collect(),
        }
    }

    /// The address with its trailing call's arguments in the query: an example's `delta(token='abc')` is the
    /// `delta?token=abc` a generated query setter sends. OData 4.01 lets a function's parameters be passed as query
    /// options, and Graph's pages write one function both ways (see `graph_docs_example_url::call_args_as_query`,
    /// which conformance reads the same way). `None` when the path does not end with a call.
    fn call_as_query(target: &Target) -> Option<Form> {
        let (last, before) = target.segments.split_last()?;
        let (function, pairs) = call_args_as_query(&format!("/{last}"))?;
        let mut segments = before.to_vec();
        segments.push(function.trim_start_matches('/').to_owned());
        let mut query = target.query.clone();
        query.extend(pairs);
        query.sort();
        Some(Form::written(Target { segments, query }))
    }
}

/// An example request body: JSON when it parses, else trimmed text.
#[derive(Debug, Clone, PartialEq)]
enum ExampleBody {
    Json(serde_json::Value),
    Text(String),
}

/// Why an example did not match a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mismatch {
    /// Different method.
    Method { expected: String },
    /// Different number of segments.
    Length { expected: usize },
    /// A segment differs.
    Segment { position: usize, expected: String },
    /// The query differs.
    Query { expected: String },
    /// The body differs (or is missing).
    Body,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Method { expected } => {
                write!(f, "the method differs (the example uses {expected})")
            }
            Mismatch::Length { expected } => write!(
                f,
                "the path has a different number of segments (the example has {expected})"
            ),
            Mismatch::Segment { position, expected } => {
                write!(
                    f,
                    "path segment {position} differs (the example has `{expected}`)"
                )
            }
            Mismatch::Query { expected } if expected.is_empty() => {
                write!(f, "the query differs (the example has none)")
            }
            Mismatch::Query { expected } => {
                write!(f, "the query differs (the example has `{expected}`)")
            }
            Mismatch::Body => write!(f, "the body differs from the example's (compared as JSON)"),
        }
    }
}

impl Candidate {
    /// Prepares an example, or `None` when it cannot be served (no response, or an empty request block).
    pub fn new(example: &'static DocExample) -> Option<Candidate> {
        let url = example.request.url.trim();
        if example.response.is_none() || url.is_empty() || example.request.method.trim().is_empty()
        {
            return None;
        }
        let target = Target::from_example(url);
        let call_as_query = Form::call_as_query(&target);
        let body = example
            .request
            .body
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(|text| {
                crate::example::example_json(text)
                    .map_or_else(|_| ExampleBody::Text(text.to_owned()), ExampleBody::Json)
            });
        Some(Candidate {
            example,
            method: example.request.method.trim().to_ascii_uppercase(),
            written: Form::written(target),
            call_as_query,
            body,
        })
    }

    /// Matches a request. `Ok(score)` ranks matches (literal characters agreed); `Err` says the first difference
    /// from the address as the example writes it.
    pub fn check(&self, method: &str, target: &Target, body: &[u8]) -> Result<usize, Mismatch> {
        if !self.method.eq_ignore_ascii_case(method) {
            return Err(Mismatch::Method {
                expected: self.method.clone(),
            });
        }
        let score = match self.check_address(&self.written, target) {
            Ok(score) => score,
            Err(mismatch) => self
                .call_as_query
                .as_ref()
                .and_then(|form| self.check_address(form, target).ok())
                .ok_or(mismatch)?,
        };
        self.check_body(body)?;
        Ok(score)
    }

    /// Compares the path and the query with one form of the example's address.
    fn check_address(&self, form: &Form, target: &Target) -> Result<usize, Mismatch> {
        let score = self.check_path(form, target)?;
        check_query(form, target)?;
        Ok(score)
    }

    /// Compares segments; returns the literal characters agreed.
    fn check_path(&self, form: &Form, target: &Target) -> Result<usize, Mismatch> {
        let mut score = 0;
        for (position, (pattern, segment)) in form.segments.iter().zip(&target.segments).enumerate()
        {
            match pattern.matches(segment) {
                Some(n) => score += n,
                None => {
                    return Err(Mismatch::Segment {
                        position: position + 1,
                        expected: self.example_segment(position),
                    })
                }
            }
        }
        if form.segments.len() != target.segments.len() {
            return Err(Mismatch::Length {
                expected: form.segments.len(),
            });
        }
        Ok(score)
    }

    /// The example's segment as written, for messages.
    fn example_segment(&self, position: usize) -> String {
        Target::from_example(self.example.request.url.trim())
            .segments
            .get(position)
            .cloned()
            .unwrap_or_default()
    }

    /// Compares the body when the example has one: as JSON values when it parses, else as trimmed text.
    fn check_body(&self, body: &[u8]) -> Result<(), Mismatch> {
        let same = match &self.body {
            None => true,
            Some(ExampleBody::Json(expected)) => serde_json::from_slice::<serde_json::Value>(body)
                .is_ok_and(|actual| &actual == expected),
            Some(ExampleBody::Text(expected)) => {
                std::str::from_utf8(body).is_ok_and(|actual| actual.trim() == expected.as_str())
            }
        };
        if same {
            Ok(())
        } else {
            Err(Mismatch::Body)
        }
    }

    /// How close a request is, for naming the closest example when nothing matches: the closest form of its address.
    pub fn closeness(&self, method: &str, target: &Target) -> usize {
        let written = self.form_closeness(&self.written, method, target);
        let call = self.call_as_query.as_ref();
        written.max(call.map_or(0, |form| self.form_closeness(form, method, target)))
    }

    /// How close a request is to one form of the example's address.
    fn form_closeness(&self, form: &Form, method: &str, target: &Target) -> usize {
        let method_score = if self.method.eq_ignore_ascii_case(method) {
            4
        } else {
            0
        };
        let segment_score = form
            .segments
            .iter()
            .zip(&target.segments)
            .take_while(|(pattern, segment)| pattern.matches(segment).is_some())
            .map(|(pattern, _)| if pattern.is_wildcard() { 2 } else { 3 })
            .sum::<usize>();
        let length_penalty = form.segments.len().abs_diff(target.segments.len());
        let query_score = form
            .query
            .iter()
            .filter(|(k, _)| target.query.iter().any(|(tk, _)| tk == k))
            .count();
        (method_score + segment_score + query_score).saturating_sub(length_penalty)
    }
}

/// Compares the query with a form's as a multiset; `{placeholder}` values match any value.
fn check_query(form: &Form, target: &Target) -> Result<(), Mismatch> {
    let mut remaining: Vec<&(String, String)> = target.query.iter().collect();
    let all_found = form.query.iter().all(|(k, v)| {
        let found = remaining
            .iter()
            .position(|(rk, rv)| rk == k && v.as_ref().is_none_or(|v| v == rv));
        found.map(|i| remaining.remove(i)).is_some()
    });
    if all_found && remaining.is_empty() {
        Ok(())
    } else {
        let expected = form
            .query
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("{any}")))
            .collect::<Vec<_>>()
            .join("&");
        Err(Mismatch::Query { expected })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_recognised() {
        assert!(is_key("48d31887-5fad-4d73-a9f5-3c356e68a038"));
        assert!(is_key("AdeleV@contoso.onmicrosoft.com"));
        assert!(is_key("{industryDataConnectorId}"));
        assert!(is_key("01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K"));
        assert!(is_key("AAMkAGI2THVSAAA="));
        assert!(is_key("42"));
        assert!(!is_key("users"));
        assert!(!is_key("oauth2PermissionGrants"));
        assert!(!is_key(
            "microsoft.graph.industryData.azureDataLakeConnector"
        ));
        assert!(!is_key("$value"));
    }

    #[test]
    fn call_segments_generalise_keys_only() {
        let p = SegmentPattern::parse("items('AAMkAGI2THVSAAA=')");
        assert!(p.matches("items('other')").is_some());
        assert!(p.matches("things('other')").is_none());
        let p = SegmentPattern::parse("getOffice365ActiveUserDetail(period='D7')");
        assert!(p
            .matches("getOffice365ActiveUserDetail(period='D7')")
            .is_some());
        assert!(p
            .matches("getOffice365ActiveUserDetail(period='D30')")
            .is_none());
        let p = SegmentPattern::parse("getByPath(path='{path}')");
        assert!(p.matches("getByPath(path='a/b')").is_some());
    }

    #[test]
    fn example_targets_drop_host_and_version() {
        let t = Target::from_example(
            "https://graph.microsoft.com/v1.0/users/a@b.com/events?$top=2&$select=subject",
        );
        assert_eq!(t.segments, ["users", "a@b.com", "events"]);
        assert_eq!(
            t.query,
            [
                ("$select".to_owned(), "subject".to_owned()),
                ("$top".to_owned(), "2".to_owned())
            ]
        );
        let w = Target::from_wire(
            "/beta/users/x%40y.com/events",
            Some("%24select=subject&%24top=2"),
        );
        let plus = Target::from_example("/groups?$filter=hasMembersWithLicenseErrors+eq+true");
        let filter = "hasMembersWithLicenseErrors eq true".to_owned();
        assert_eq!(plus.query, [("$filter".to_owned(), filter)]);
        assert_eq!(w.segments, ["users", "x@y.com", "events"]);
        assert_eq!(w.query, t.query);
    }
}
