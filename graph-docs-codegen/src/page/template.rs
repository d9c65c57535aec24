//! Typed path templates for request lines: `/users/{id | userPrincipalName}/drive/root:/{path}:/content`,
//! `/reports/getOffice365ActiveUserDetail(period='{period_value}')`, `/me/photos/{size}/$value`, ...

/// A parameter reference in braces. `{id | userPrincipalName}` has two alternative names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParamRef {
    /// The names as written, in order, trimmed (`["id", "userPrincipalName"]`).
    pub names: Vec<String>,
}

/// A value inside a key segment or function call argument.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArgValue {
    /// `'{v}'` (quoted = true) or `{v}` (quoted = false): a caller-supplied parameter.
    Param {
        /// The parameter.
        param: ParamRef,
        /// Whether the page wrote quotes around it (then it is a string literal in OData).
        quoted: bool,
    },
    /// A literal as written, quotes included when present (`'fit'`, `640`, `true`).
    Literal(String),
}

/// One argument of a function-call segment: `name=value`, or a bare positional value (`key('{id}')`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FunctionArg {
    /// The argument name; `None` for a bare value (key segments).
    pub name: Option<String>,
    /// The value.
    pub value: ArgValue,
}

/// One path segment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A literal segment (`users`, `drive`, `root`).
    Literal(String),
    /// A whole-segment parameter `{id}` or `{id | userPrincipalName}`.
    Param(ParamRef),
    /// A segment with a parenthesised part: key segments `items('{id}')` and function calls
    /// `getByPath(path='{p}')`, `thumbnails(width=640,fittingMode='fit')`, `delta()`.
    Call {
        /// The name before the parenthesis.
        name: String,
        /// The arguments, possibly none (`delta()`).
        args: Vec<FunctionArg>,
    },
    /// A `<placeholder>` segment (`<address>`), supplied by the caller.
    Placeholder(String),
    /// Item-path addressing: `root:/{item-path}:` is `Literal("root")` followed by this segment.
    ItemPath {
        /// The path after the colon: literal parts and parameters, e.g. `/{item-path}` or `/folder/{file}`.
        parts: Vec<ItemPathPart>,
        /// Whether a closing `:` ends it; a line that ends with the item path (`/sites/{hostname}:/{path}`) has
        /// none.
        closed: bool,
    },
    /// `$value`
    Value,
    /// `$ref`
    Ref,
    /// `$count`
    Count,
    /// A cast or qualified operation segment `microsoft.graph.user` / `microsoft.graph.industryData.x/y`.
    Cast(String),
}

/// A piece of an item path (`:/folder/{name}:`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemPathPart {
    /// Literal text, including `/`.
    Literal(String),
    /// A caller-supplied part.
    Param(ParamRef),
}

/// A parsed request path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PathTemplate {
    /// The segments in order, after the leading `/`.
    pub segments: Vec<Segment>,
}

impl ParamRef {
    /// `id | userPrincipalName` (the inside of the braces) as a reference.
    fn from_inner(inner: &str) -> Option<ParamRef> {
        let names: Vec<String> = crate::read::text::split_str(inner, "|")
            .map(|n| {
                crate::read::text::trim(n)
                    .trim_start_matches('{')
                    .trim_end_matches('}')
                    .trim()
                    .to_string()
            })
            .filter(|n| !n.is_empty())
            .collect();
        (!names.is_empty()).then_some(ParamRef { names })
    }
}

impl PathTemplate {
    /// Every parameter the template references, in order (whole segments, arguments, item-path parts).
    pub fn params(&self) -> Vec<&ParamRef> {
        let mut out = Vec::new();
        for seg in &self.segments {
            match seg {
                Segment::Param(p) => out.push(p),
                Segment::Call { args, .. } => {
                    out.extend(args.iter().filter_map(|a| match &a.value {
                        ArgValue::Param { param, .. } => Some(param),
                        ArgValue::Literal(_) => None,
                    }))
                }
                Segment::ItemPath { parts, .. } => {
                    out.extend(parts.iter().filter_map(|p| match p {
                        ItemPathPart::Param(p) => Some(p),
                        ItemPathPart::Literal(_) => None,
                    }))
                }
                _ => {}
            }
        }
        out
    }
}

/// Parse a request path (host, version and query already removed; a missing leading `/` is tolerated).
/// The error says what could not be read.
pub fn parse(path: &str) -> Result<PathTemplate, String> {
    let path = crate::read::text::trim(path);
    if path.is_empty() || path == "/" {
        return Err("the path is empty".to_string());
    }
    // Segments are slices of `path` between separators: `start` is where the current one begins.
    let mut segments = Vec::with_capacity(memchr::memchr_iter(b'/', path.as_bytes()).count() + 1);
    let mut start = 0usize;
    let mut depth_paren = 0i32;
    let mut depth_brace = 0i32;
    let mut quote = false;
    // Every character that matters is ASCII: the bytes can be read one by one (the bytes of other
    // characters match none of them).
    let bytes = path.as_bytes();
    let mut chars = bytes.iter().copied().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            b'\'' if depth_paren > 0 => quote = !quote,
            b'(' if !quote => depth_paren += 1,
            b')' if !quote => depth_paren -= 1,
            b'{' => depth_brace += 1,
            b'}' => depth_brace -= 1,
            b'/' if depth_paren <= 0 && depth_brace <= 0 => {
                push_segment(&mut segments, path.get(start..i).unwrap_or(""))?;
                start = i + 1;
            }
            b':' if depth_paren <= 0
                && depth_brace <= 0
                && chars.peek().is_some_and(|&(_, next)| next == b'/') =>
            {
                // `root:/{item-path}:` item-path addressing: the path runs to the next `:` outside braces.
                push_segment(&mut segments, path.get(start..i).unwrap_or(""))?;
                let mut end = path.len();
                let mut brace = 0i32;
                let mut closed = false;
                for (j, c) in chars.by_ref() {
                    match c {
                        b'{' => brace += 1,
                        b'}' => brace -= 1,
                        b':' if brace <= 0 => {
                            end = j;
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                }
                let item = path.get(i + 1..end).unwrap_or("");
                segments.push(Segment::ItemPath {
                    parts: item_path(item)?,
                    closed,
                });
                start = (end + 1).min(path.len());
            }
            _ => {}
        }
    }
    if depth_paren != 0 || depth_brace != 0 || quote {
        return Err(format!("unbalanced brackets or quotes in `{path}`"));
    }
    push_segment(&mut segments, path.get(start..).unwrap_or(""))?;
    if segments.is_empty() {
        return Err("the path has no segments".to_string());
    }
    Ok(PathTemplate { segments })
}

fn item_path(text: &str) -> Result<Vec<ItemPathPart>, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let lit = rest.get(..open).unwrap_or("");
        if !lit.is_empty() {
            parts.push(ItemPathPart::Literal(lit.to_string()));
        }
        let after = rest.get(open + 1..).unwrap_or("");
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in item path `{text}`"))?;
        let param = ParamRef::from_inner(after.get(..close).unwrap_or(""))
            .ok_or_else(|| format!("empty parameter in item path `{text}`"))?;
        parts.push(ItemPathPart::Param(param));
        rest = after.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        parts.push(ItemPathPart::Literal(rest.to_string()));
    }
    Ok(parts)
}

fn push_segment(segments: &mut Vec<Segment>, raw: &str) -> Result<(), String> {
    let s = crate::read::text::trim(raw);
    if s.is_empty() {
        return Ok(());
    }
    segments.push(segment(s)?);
    Ok(())
}

fn segment(s: &str) -> Result<Segment, String> {
    match s {
        "$value" => return Ok(Segment::Value),
        "$ref" => return Ok(Segment::Ref),
        "$count" => return Ok(Segment::Count),
        _ => {}
    }
    if let Some(inner) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        if !inner.contains(['{', '}']) {
            return ParamRef::from_inner(inner)
                .map(Segment::Param)
                .ok_or_else(|| format!("empty parameter `{s}`"));
        }
    }
    if let Some(inner) = s.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        return Ok(Segment::Placeholder(inner.trim().to_string()));
    }
    if let Some(open) = s.find('(') {
        let name = s.get(..open).unwrap_or("").trim();
        let inner = s
            .get(open + 1..)
            .and_then(|r| r.strip_suffix(')'))
            .ok_or_else(|| format!("`{s}`: text after the closing parenthesis"))?;
        if name.is_empty() || !is_literal(name) {
            return Err(format!("`{s}`: a call segment needs a name"));
        }
        let args = split_args(inner)
            .into_iter()
            .map(|a| arg(a, s))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Segment::Call {
            name: name.to_string(),
            args,
        });
    }
    if s.len() > "microsoft.graph.".len()
        && s.get(..16)
            .is_some_and(|p| p.eq_ignore_ascii_case("microsoft.graph."))
    {
        return Ok(Segment::Cast(s.to_string()));
    }
    if is_literal(s) {
        return Ok(Segment::Literal(s.to_string()));
    }
    Err(format!("`{s}` is not a path segment"))
}

fn is_literal(s: &str) -> bool {
    let punctuation = |c: u8| {
        matches!(
            c,
            b'-' | b'_' | b'.' | b'$' | b'@' | b'~' | b'!' | b'%' | b'+' | b'='
        )
    };
    if s.is_ascii() {
        return s
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || punctuation(c));
    }
    s.chars()
        .all(|c| c.is_alphanumeric() || u8::try_from(c).is_ok_and(punctuation))
}

fn split_args(inner: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote = false;
    let mut start = 0usize;
    for (i, c) in inner.char_indices() {
        match c {
            '\'' => quote = !quote,
            '{' | '(' if !quote => depth += 1,
            '}' | ')' if !quote => depth -= 1,
            ',' if !quote && depth <= 0 => {
                out.push(inner.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(inner.get(start..).unwrap_or(""));
    out.into_iter()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect()
}

fn arg(text: &str, seg: &str) -> Result<FunctionArg, String> {
    let (name, value) = match text.split_once('=') {
        Some((n, v)) if !n.contains(['{', '\'']) => {
            (Some(crate::read::text::trim(n).to_string()), crate::read::text::trim(v))
        }
        _ => (None, crate::read::text::trim(text)),
    };
    let value =
        arg_value(value).ok_or_else(|| format!("`{seg}`: argument `{text}` has no value"))?;
    Ok(FunctionArg { name, value })
}

fn arg_value(v: &str) -> Option<ArgValue> {
    if v.is_empty() {
        return None;
    }
    let (quoted, body) = match v.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        Some(inner) => (true, inner),
        None => (false, v),
    };
    if let Some(inner) = body.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        if let Some(param) = ParamRef::from_inner(inner) {
            return Some(ArgValue::Param { param, quoted });
        }
    }
    if let Some(inner) = body.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        if let Some(param) = ParamRef::from_inner(inner) {
            return Some(ArgValue::Param { param, quoted });
        }
    }
    Some(ArgValue::Literal(v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pr(names: &[&str]) -> ParamRef {
        ParamRef {
            names: names.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn lit(s: &str) -> Segment {
        Segment::Literal(s.to_string())
    }

    #[test]
    fn literals_params_and_alternatives() {
        let t = parse("/users/{id | userPrincipalName}/drive").unwrap();
        assert_eq!(
            t.segments,
            vec![
                lit("users"),
                Segment::Param(pr(&["id", "userPrincipalName"])),
                lit("drive")
            ]
        );
        assert_eq!(
            parse("me/events").unwrap().segments,
            vec![lit("me"), lit("events")]
        );
    }

    #[test]
    fn keys_and_function_calls() {
        let t = parse("/workbook/worksheets('{id|name}')/range(address='{address}')").unwrap();
        assert_eq!(
            t.segments[1],
            Segment::Call {
                name: "worksheets".into(),
                args: vec![FunctionArg {
                    name: None,
                    value: ArgValue::Param {
                        param: pr(&["id", "name"]),
                        quoted: true
                    }
                }]
            }
        );
        assert_eq!(
            t.segments[2],
            Segment::Call {
                name: "range".into(),
                args: vec![FunctionArg {
                    name: Some("address".into()),
                    value: ArgValue::Param {
                        param: pr(&["address"]),
                        quoted: true
                    }
                }]
            }
        );
        let t = parse("/items/{id}/thumbnails(width=640,fittingMode='fit')").unwrap();
        assert_eq!(
            t.segments[2],
            Segment::Call {
                name: "thumbnails".into(),
                args: vec![
                    FunctionArg {
                        name: Some("width".into()),
                        value: ArgValue::Literal("640".into())
                    },
                    FunctionArg {
                        name: Some("fittingMode".into()),
                        value: ArgValue::Literal("'fit'".into())
                    },
                ]
            }
        );
        let t = parse("/reports/getOffice365ActiveUserDetail(period={period_value})").unwrap();
        assert!(
            matches!(&t.segments[1], Segment::Call { args, .. } if matches!(args[0].value, ArgValue::Param { quoted: false, .. }))
        );
        assert_eq!(
            parse("/me/delta()").unwrap().segments[1],
            Segment::Call {
                name: "delta".into(),
                args: vec![]
            }
        );
    }

    #[test]
    fn item_paths_placeholders_specials_and_casts() {
        let t = parse("/me/drive/root:/{item-path}:/content").unwrap();
        assert_eq!(
            t.segments,
            vec![
                lit("me"),
                lit("drive"),
                lit("root"),
                Segment::ItemPath {
                    parts: vec![
                        ItemPathPart::Literal("/".into()),
                        ItemPathPart::Param(pr(&["item-path"]))
                    ],
                    closed: true
                },
                lit("content"),
            ]
        );
        // A line that ends with the item path has no closing colon.
        let t = parse("/sites/{hostname}:/{relative-path}").unwrap();
        assert_eq!(
            t.segments[2],
            Segment::ItemPath {
                parts: vec![
                    ItemPathPart::Literal("/".into()),
                    ItemPathPart::Param(pr(&["relative-path"]))
                ],
                closed: false
            }
        );
        let t = parse("/me/photos/<size>/$value").unwrap();
        assert_eq!(t.segments[2], Segment::Placeholder("size".into()));
        assert_eq!(t.segments[3], Segment::Value);
        let t = parse("/groups/{id}/members/$ref").unwrap();
        assert_eq!(t.segments[3], Segment::Ref);
        let t = parse("/users/$count").unwrap();
        assert_eq!(t.segments[1], Segment::Count);
        let t =
            parse("/x/{id}/microsoft.graph.industryData.azureDataLakeConnector/getUploadSession")
                .unwrap();
        assert_eq!(
            t.segments[2],
            Segment::Cast("microsoft.graph.industryData.azureDataLakeConnector".into())
        );
        assert_eq!(t.params().len(), 1);
    }

    #[test]
    fn errors_are_messages() {
        assert!(parse("").is_err());
        assert!(parse("/users/{id").is_err());
        assert!(parse("/a b/c").is_err());
        assert!(parse("/f(x)y").is_err());
    }
}
