//! Request lines (`GET /users/{id}/drive?$select=id`): the method, the typed path template and the query,
//! from lines that may be absolute (`https://graph.microsoft.com/v1.0/...`) or lack the leading `/`.

use crate::page::diagnostics::Location;
use crate::page::template;
use crate::page::{HttpMethod, RequestLine};

/// What one line of an HTTP request block turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// A request line.
    Request(RequestLine),
    /// Not a request line (`or`, a header, code); skipped with a note.
    NotRequest,
    /// A request line whose unbalanced brackets were repaired (`{group-id/drive` read as
    /// `{group-id}/drive`); the message says what was read.
    Recovered(RequestLine, String),
    /// A method followed by something that is not a path; the message says what.
    Bad(String),
}

impl HttpMethod {
    /// The method named by `token`, in any case.
    pub fn parse(token: &str) -> Option<HttpMethod> {
        [
            HttpMethod::Get,
            HttpMethod::Post,
            HttpMethod::Put,
            HttpMethod::Patch,
            HttpMethod::Delete,
        ]
        .into_iter()
        .find(|m| token.eq_ignore_ascii_case(m.as_str()))
    }

    /// The method as HTTP writes it (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// Split `METHOD rest` when the first word is a method.
pub fn split_method(line: &str) -> Option<(HttpMethod, &str)> {
    let t = crate::read::text::trim(line);
    let end = t.find(char::is_whitespace).unwrap_or(t.len());
    let method = HttpMethod::parse(t.get(..end)?)?;
    Some((method, t.get(end..).unwrap_or("").trim()))
}

/// Remove the scheme, host and version prefix from a URL as written on a request line.
pub fn strip_host(url: &str) -> &str {
    let mut u = crate::read::text::trim(url);
    for scheme in ["https://", "http://"] {
        if let Some(rest) = strip_prefix_ci(u, scheme) {
            u = rest;
            break;
        }
    }
    for host in ["graph.microsoft.com", "{graph-endpoint}", "{endpoint}"] {
        if let Some(rest) = strip_prefix_ci(u, host) {
            u = rest;
            break;
        }
    }
    // `~/x`: the docs' notation for the service root (`~/onPremisesPublishingProfiles/...`), which is `/x`.
    let u = u
        .strip_prefix('~')
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or(u);
    let with_slash = u.strip_prefix('/').unwrap_or(u);
    for version in ["v1.0", "beta", "{version}"] {
        if let Some(rest) = strip_prefix_ci(with_slash, version) {
            if rest.is_empty() || rest.starts_with(['/', '?']) {
                return rest;
            }
        }
    }
    u
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// Split a URL at the first `?` that is not inside braces or parentheses: the path and the query pairs.
pub fn split_query(url: &str) -> (&str, Vec<(String, String)>) {
    let mut depth = 0i32;
    // The characters that matter are ASCII: the bytes can be read one by one.
    for (i, c) in url.bytes().enumerate() {
        match c {
            b'{' | b'(' => depth += 1,
            b'}' | b')' => depth -= 1,
            b'?' if depth <= 0 => {
                let query = url.get(i + 1..).unwrap_or("");
                let pairs = query
                    .split('&')
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| match p.split_once('=') {
                        Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
                        None => (p.trim().to_string(), String::new()),
                    })
                    .collect();
                return (url.get(..i).unwrap_or(""), pairs);
            }
            _ => {}
        }
    }
    (url, Vec::new())
}

/// Read one line of an HTTP request block.
pub fn parse_line(raw: &str, location: Location) -> LineKind {
    let Some((method, rest)) = split_method(raw) else {
        return LineKind::NotRequest;
    };
    let mut url = rest;
    // `GET /me HTTP/1.1`
    if let Some(pos) = url.rfind(" HTTP/") {
        url = url.get(..pos).unwrap_or(url).trim_end();
    }
    if url.is_empty() {
        return LineKind::Bad(format!("`{}` has no URL", raw.trim()));
    }
    let (path, query) = split_query(strip_host(url));
    let line = |template| RequestLine {
        method,
        template,
        query,
        raw: crate::read::text::trim(raw).to_string(),
        location,
        from_example: false,
    };
    match template::parse(path) {
        Ok(template) => LineKind::Request(line(template)),
        Err(msg) => {
            let fixed = repair(path);
            match template::parse(&fixed) {
                Ok(template) if fixed != path => {
                    LineKind::Recovered(line(template), format!("{msg}; read as `{fixed}`"))
                }
                _ => LineKind::Bad(msg),
            }
        }
    }
}

/// Close brackets left open within a segment and open ones closed without an opening: `{a/b` becomes
/// `{a}/b`, `a}/b` becomes `{a}/b`, `f(x='{v}'/g` becomes `f(x='{v}')/g`. Put back the slash a key lost against
/// its neighbour in a plain segment: `agentGroups{id}` becomes `agentGroups/{id}`, `{id}$ref` becomes
/// `{id}/$ref`.
fn repair(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let spaced;
        let seg = if seg.contains(['(', ')', ':', '\'', '=']) {
            seg
        } else {
            spaced = seg.replace("}$", "}/$").replace('{', "/{");
            spaced.strip_prefix('/').unwrap_or(&spaced)
        };
        let opens = seg.matches('{').count();
        let closes = seg.matches('}').count();
        let mut seg = seg.to_string();
        if closes > opens && !seg.starts_with('{') {
            seg.insert(0, '{');
        }
        for _ in 0..opens.saturating_sub(closes) {
            seg.push('}');
        }
        for _ in 0..seg
            .matches('(')
            .count()
            .saturating_sub(seg.matches(')').count())
        {
            seg.push(')');
        }
        out.push_str(&seg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::template::Segment;

    fn req(line: &str) -> RequestLine {
        match parse_line(line, Location::new("a.md", 4)) {
            LineKind::Request(r) => r,
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn absolute_urls_queries_and_missing_slash() {
        let r = req("GET https://graph.microsoft.com/v1.0/users?$select=id,displayName&$top=5");
        assert_eq!(r.method, HttpMethod::Get);
        assert_eq!(r.template.segments, vec![Segment::Literal("users".into())]);
        assert_eq!(
            r.query,
            vec![
                ("$select".into(), "id,displayName".into()),
                ("$top".into(), "5".into())
            ]
        );
        let r = req("post me/sendMail HTTP/1.1");
        assert_eq!(r.method, HttpMethod::Post);
        assert_eq!(r.template.segments.len(), 2);
        let r = req("GET /beta/external/industryData");
        assert_eq!(r.template.segments[0], Segment::Literal("external".into()));
        assert_eq!(r.location, Location::new("a.md", 4));
        // `~/` is the service root.
        let r = req("GET ~/onPremisesPublishingProfiles/{publishingType}/agentGroups");
        assert_eq!(
            r.template.segments[0],
            Segment::Literal("onPremisesPublishingProfiles".into())
        );
        assert_eq!(r.template.segments.len(), 3);
    }

    #[test]
    fn non_request_and_bad_lines() {
        assert_eq!(parse_line("or", Location::default()), LineKind::NotRequest);
        assert_eq!(
            parse_line("Content-Type: application/json", Location::default()),
            LineKind::NotRequest
        );
        assert!(matches!(
            parse_line("GET", Location::default()),
            LineKind::Bad(_)
        ));
        assert!(matches!(
            parse_line("GET /users/{id", Location::default()),
            LineKind::Recovered(..)
        ));
        assert!(matches!(
            parse_line("GET /a b/c", Location::default()),
            LineKind::Bad(_)
        ));
    }

    #[test]
    fn unbalanced_brackets_are_repaired() {
        let read = |l: &str| match parse_line(l, Location::default()) {
            LineKind::Recovered(r, _) => r.template.segments,
            other => panic!("{l}: {other:?}"),
        };
        let segs = read("GET /groups/{group-id/drive/items/{item-id}/follow");
        assert_eq!(segs.len(), 6);
        assert!(matches!(&segs[1], Segment::Param(p) if p.names == ["group-id"]));
        let segs = read("GET /teamwork/workforceIntegrations/workforceIntegrationId}");
        assert!(matches!(&segs[2], Segment::Param(p) if p.names == ["workforceIntegrationId"]));
        // A key that lost its slash against its neighbour.
        let segs = read("DELETE /servicePrincipals/{id}/tokenLifetimePolicies/{id}$ref");
        assert_eq!(segs.len(), 5);
        assert!(matches!(&segs[4], Segment::Ref));
        let segs = read("DELETE /publishedResources/{id1}/agentGroups{id2}/$ref");
        assert_eq!(segs.len(), 5);
        assert!(matches!(&segs[3], Segment::Param(p) if p.names == ["id2"]));
        let segs = read("GET /workbook/worksheets/{id|name}/range(address='<address>'/entireRow");
        assert!(matches!(&segs[3], Segment::Call { name, .. } if name == "range"));
    }
}
