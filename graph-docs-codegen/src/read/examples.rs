//! Examples: request blocks (method, URL, headers, body) and response blocks (status, headers, body),
//! with their annotations, paired by the response annotation's `name` (which may list several
//! requests), else with the latest unpaired request. Unannotated blocks under an `Example` heading (the
//! Intune layout) are recognised by their first line.

use crate::read::annotation;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::read::markdown::{Block, BlockKind};
use crate::page::{Annotation, Example, ExampleRequest, ExampleResponse};
use crate::read::request_line::split_method;

/// Headers and body of an HTTP message: `rest` is the text after its first line.
///
/// Some pages put a blank line between the first line and the headers (`GET .../delta`, a blank line,
/// `Prefer: odata.maxpagesize=2`). When no header comes before the first blank line, the lines after it are
/// headers if every one of them up to the next blank line (or the end) is `Name: value`.
fn headers_and_body(rest: &str) -> (Vec<(String, String)>, Option<String>) {
    let (mut headers, mut offset, _) = header_lines(rest);
    if headers.is_empty() {
        let after_blank = rest.get(offset..).unwrap_or("");
        let (late, used, ended) = header_lines(after_blank);
        if !late.is_empty() && ended {
            headers = late;
            offset += used;
        }
    }
    let body = rest.get(offset..).unwrap_or("").trim();
    (headers, (!body.is_empty()).then(|| body.to_string()))
}

/// The `Name: value` lines at the start of `text`, the length they and the blank line after them take, and
/// whether they end at a blank line or the end of the text (rather than at a line that is not a header: a body
/// that starts without a blank line).
fn header_lines(text: &str) -> (Vec<(String, String)>, usize, bool) {
    let mut headers = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let trimmed = crate::read::text::trim(line);
        if trimmed.is_empty() {
            return (headers, offset + line.len(), true);
        }
        match trimmed.split_once(':').filter(|(k, _)| is_header_name(k)) {
            Some((k, v)) => headers.push((
                crate::read::text::trim(k).to_string(),
                crate::read::text::trim(v).to_string(),
            )),
            None => return (headers, offset, false),
        }
        offset += line.len();
    }
    (headers, offset, true)
}

/// The first non-blank line of `text` and the text after it.
fn first_line(text: &str) -> (&str, &str) {
    let start = text.trim_start_matches(['\n', '\r', ' ', '\t']);
    match start.split_once('\n') {
        Some((first, rest)) => (first, rest),
        None => (start, ""),
    }
}

fn is_header_name(k: &str) -> bool {
    let k = crate::read::text::trim(k);
    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Read a request block.
pub fn request(text: &str, annotation: Option<Annotation>, location: Location) -> ExampleRequest {
    let (first, rest) = first_line(text);
    let (method, url) = match split_method(first) {
        Some((m, rest)) => {
            let url = rest.strip_suffix("HTTP/1.1").unwrap_or(rest).trim();
            (Some(m), url.to_string())
        }
        None => (None, first.trim().to_string()),
    };
    let (headers, body) = headers_and_body(rest);
    ExampleRequest {
        annotation,
        method,
        url,
        headers,
        body,
        location,
    }
}

/// Read a response block.
pub fn response(text: &str, annotation: Option<Annotation>, location: Location) -> ExampleResponse {
    let (first, rest) = first_line(text);
    let (status, rest) = if crate::read::text::starts_with_ci(first.trim_start(), "HTTP/") {
        (
            first
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse::<u16>().ok()),
            rest,
        )
    } else {
        (None, text)
    };
    let (headers, body) = headers_and_body(rest);
    ExampleResponse {
        annotation,
        status,
        headers,
        body,
        location,
    }
}

/// Whether a code block's language may hold an HTTP example.
fn http_like(lang: &str) -> bool {
    matches!(
        lang,
        "http" | "msgraph-interactive" | "" | "https" | "rest" | "json"
    )
}

/// Collect and pair the examples of a page. `blocks` are the page's blocks, includes expanded.
pub fn parse(blocks: &[Block], diags: &mut Vec<Diagnostic>) -> Vec<Example> {
    let mut requests: Vec<(ExampleRequest, Option<ExampleResponse>)> = Vec::new();
    let mut pending: Option<Annotation> = None;
    let mut example_level: Option<u8> = None;
    for block in blocks {
        match &block.kind {
            BlockKind::Heading { level, text } => {
                let title = text.text.trim_start();
                if crate::read::text::starts_with_ci(title, "example")
                    || crate::read::text::starts_with_ci(title, "sample")
                {
                    if !matches!(example_level, Some(l) if l <= *level) {
                        example_level = Some(*level);
                    }
                } else if example_level.is_some_and(|l| *level <= l) {
                    example_level = None;
                }
            }
            BlockKind::Comment(c) if annotation::is_annotation(c) => {
                if let Some(a) = annotation::parse(c, block.location(), diags) {
                    pending = Some(a);
                }
            }
            BlockKind::Code { lang, text, .. } => {
                let ann = pending.take();
                let is_request = match ann.as_ref().and_then(|a| a.block_type.as_deref()) {
                    Some("request") => true,
                    Some("response") => false,
                    // Outside examples, other annotations (`ignored`, `resource`) mark non-examples; inside,
                    // an `ignored` request still pairs with its response.
                    Some(_) if example_level.is_none() => continue,
                    _ => {
                        let first = text
                            .lines()
                            .find(|l| !crate::read::text::trim(l).is_empty())
                            .unwrap_or("");
                        if example_level.is_none() || !http_like(lang) {
                            continue;
                        }
                        if split_method(first).is_some() {
                            true
                        } else if crate::read::text::starts_with_ci(first.trim_start(), "HTTP/") {
                            false
                        } else {
                            continue;
                        }
                    }
                };
                if is_request {
                    let req = request(text, ann, block.location());
                    let annotated = req
                        .annotation
                        .as_ref()
                        .is_some_and(|a| a.block_type.as_deref() == Some("request"));
                    if req.method.is_none() && annotated {
                        let what = if text.trim().is_empty() {
                            "is empty"
                        } else {
                            "does not start with `METHOD URL`"
                        };
                        diags.push(
                            Diagnostic::warning(
                                DiagnosticKind::Example,
                                block.location(),
                                format!("example request block {what}"),
                            )
                            .with_hint(
                                "write the request as `GET https://graph.microsoft.com/v1.0/...`",
                            ),
                        );
                    }
                    requests.push((req, None));
                } else {
                    let resp = response(text, ann, block.location());
                    check_body(&resp, diags);
                    let annotated = resp
                        .annotation
                        .as_ref()
                        .is_some_and(|a| a.block_type.as_deref() == Some("response"));
                    pair(&mut requests, resp, annotated, diags);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(requests.len());
    for (request, response) in requests {
        let annotated = request
            .annotation
            .as_ref()
            .is_some_and(|a| a.block_type.as_deref() == Some("request"));
        if response.is_none() && annotated {
            diags.push(
                Diagnostic::warning(
                    DiagnosticKind::Example,
                    request.location.clone(),
                    "example request has no response",
                )
                .with_hint("add a response block annotated with `\"blockType\": \"response\"`"),
            );
        }
        out.push(Example { request, response });
    }
    out
}

/// Pair a response with its request(s). Only annotated responses left alone are reported (an
/// unannotated follow-up block, such as the file a 302 leads to, is not an example of its own).
fn pair(
    requests: &mut [(ExampleRequest, Option<ExampleResponse>)],
    resp: ExampleResponse,
    annotated: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let names: Vec<String> = resp
        .annotation
        .as_ref()
        .map(|a| a.names.clone())
        .unwrap_or_default();
    let mut paired = false;
    if !names.is_empty() {
        for (req, slot) in requests.iter_mut() {
            let req_name = req.annotation.as_ref().and_then(|a| a.name.as_deref());
            if req_name.is_some_and(|n| names.iter().any(|m| m.eq_ignore_ascii_case(n)))
                && slot.is_none()
            {
                *slot = Some(resp.clone());
                paired = true;
            }
        }
    }
    if !paired {
        if let Some((_, slot)) = requests.iter_mut().rev().find(|(_, slot)| slot.is_none()) {
            *slot = Some(resp);
            return;
        }
    }
    if !paired && annotated {
        diags.push(
            Diagnostic::warning(DiagnosticKind::Example, resp.location.clone(), "example response has no request to pair with")
                .with_hint("put the response after its request, or name the request in the response annotation"),
        );
    }
}

fn check_body(resp: &ExampleResponse, diags: &mut Vec<Diagnostic>) {
    let Some(body) = &resp.body else { return };
    let json_type = resp.headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("content-type") && crate::read::text::contains_ci(v, "json")
    });
    let looks_json = body.starts_with('{') || body.starts_with('[');
    if (json_type || looks_json) && serde_json::from_str::<serde::de::IgnoredAny>(body).is_err() {
        let truncated = resp.annotation.as_ref().is_some_and(|a| a.truncated);
        diags.push(Diagnostic::warning(
            DiagnosticKind::ExampleBody,
            resp.location.clone(),
            if truncated {
                "example response body is not valid JSON (annotated as truncated)"
            } else {
                "example response body is not valid JSON"
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::markdown::parse_blocks;
    use crate::page::HttpMethod;
    use std::path::Path;
    use std::rc::Rc;

    fn read(md: &str) -> (Vec<Example>, Vec<Diagnostic>) {
        let blocks = parse_blocks(md, 1, &Rc::from(Path::new("api/p.md")));
        let mut d = Vec::new();
        (parse(&blocks, &mut d), d)
    }

    #[test]
    fn annotated_pairs_by_latest_request() {
        let md = "## Example\n\n<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nPOST https://graph.microsoft.com/v1.0/me/events\nContent-Type: application/json\n\n{\"x\": 1}\n```\n\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 201 Created\nContent-Type: application/json\n\n{\"id\": \"1\"}\n```\n";
        let (ex, d) = read(md);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].request.method, Some(HttpMethod::Post));
        assert_eq!(
            ex[0].request.headers,
            vec![("Content-Type".to_string(), "application/json".to_string())]
        );
        assert_eq!(ex[0].request.body.as_deref(), Some("{\"x\": 1}"));
        assert_eq!(ex[0].request.location.line, 4);
        let resp = ex[0].response.as_ref().unwrap();
        assert_eq!(resp.status, Some(201));
        assert_eq!(resp.body.as_deref(), Some("{\"id\": \"1\"}"));
    }

    #[test]
    fn one_response_names_several_requests() {
        let md = "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET /me/drive\n```\n\n<!-- {\"blockType\": \"request\", \"name\": \"b\"} -->\n```http\nGET /drives/{id}\n```\n\n<!-- {\"blockType\": \"response\", \"name\": [\"a\", \"b\"]} -->\n```http\nHTTP/1.1 200 OK\n```\n";
        let (ex, d) = read(md);
        assert!(d.is_empty(), "{d:?}");
        assert!(ex
            .iter()
            .all(|e| e.response.as_ref().and_then(|r| r.status) == Some(200)));
    }

    #[test]
    fn headers_after_a_blank_line_are_headers() {
        let md = "<!-- {\"blockType\": \"request\", \"name\": \"a\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me/mailFolders/delta\n\nPrefer: odata.maxpagesize=2\n```\n\n<!-- {\"blockType\": \"request\", \"name\": \"b\"} -->\n```http\nPOST https://graph.microsoft.com/v1.0/me/calendars\n\nContent-type: application/json\n\n{\n  \"name\": \"x\"\n}\n```\n";
        let (ex, _) = read(md);
        assert_eq!(
            ex[0].request.headers,
            vec![("Prefer".to_string(), "odata.maxpagesize=2".to_string())]
        );
        assert_eq!(ex[0].request.body, None);
        assert_eq!(
            ex[1].request.headers,
            vec![("Content-type".to_string(), "application/json".to_string())]
        );
        assert_eq!(
            ex[1].request.body.as_deref(),
            Some("{\n  \"name\": \"x\"\n}")
        );
        // After a blank line, text that is not all `Name: value` lines up to the next blank line is the body.
        assert_eq!(
            headers_and_body("\nnote: this is text\nthat goes on\n"),
            (
                Vec::new(),
                Some("note: this is text\nthat goes on".to_string())
            )
        );
        // Headers before the blank line end the headers, as in HTTP.
        assert_eq!(
            headers_and_body("Content-Type: text/plain\n\nKey: value\n"),
            (
                vec![("Content-Type".to_string(), "text/plain".to_string())],
                Some("Key: value".to_string())
            )
        );
    }

    #[test]
    fn unannotated_intune_layout_and_empty_blocks() {
        let md = "## Example\n\n### Request\n``` http\nGET https://graph.microsoft.com/v1.0/deviceManagement\n```\n\n### Response\n``` http\nHTTP/1.1 200 OK\n\n{\"value\": \n```\n\n<!-- {\"blockType\": \"request\"} -->\n```http\n\n```\n";
        let (ex, d) = read(md);
        assert_eq!(ex.len(), 2);
        assert!(ex[0].response.is_some());
        assert_eq!(ex[1].request.method, None);
        let kinds: Vec<_> = d.iter().map(|d| (d.kind, d.location.line)).collect();
        assert_eq!(
            kinds,
            vec![
                (DiagnosticKind::ExampleBody, 9),
                (DiagnosticKind::Example, 16),
                (DiagnosticKind::Example, 16)
            ]
        );
    }
}
