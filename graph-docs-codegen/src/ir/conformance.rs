//! Conformance plans (`examples: true`): for each example of each page, the typed call that reproduces it. The
//! example's URL is matched against the path templates of the page's operations; the keys it holds become the
//! operation's arguments, its query pairs the typed setters ($select, $top, function and query parameters), its
//! documented headers the header setters; or the plan says why no call can be built.

use crate::ir::operations::{ArgType, BodyDef, OperationDef, PathPiece, Setter};
use crate::ir::select::Selection;
use crate::ir::types::RustType;
use crate::ir::Ir;
use crate::page::{DocSet, Example, ODataOption};
use crate::page::type_expr::Primitive;

/// The plan for one example.
#[derive(Debug, Clone, PartialEq)]
pub struct CasePlan {
    /// The example's index in `EXAMPLES` (every example of every page, in page order).
    pub example: usize,
    /// Whether the request block is annotated.
    pub annotated: bool,
    /// The index in [`Ir::operations`] of the operation whose response the example's is decoded as: the matched
    /// one, else the page's first.
    pub response_op: Option<usize>,
    /// The call, or why there is none.
    pub call: Result<CallPlan, SkipPlan>,
}

/// A typed call reproducing an example.
#[derive(Debug, Clone, PartialEq)]
pub struct CallPlan {
    /// The index in [`Ir::operations`].
    pub op: usize,
    /// One value per argument of the operation, in order.
    pub args: Vec<Value>,
    /// Setter calls, in the example's query order, then header setters.
    pub setters: Vec<SetterCall>,
}

/// A setter call: `.name(value)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SetterCall {
    /// The setter's Rust name.
    pub ident: String,
    /// Its argument.
    pub value: Value,
}

/// A value taken from an example, and how it is passed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (`&str` or `impl Into<String>`).
    Str(String),
    /// A list of strings (`&[&str]`: $select, $expand, $orderby).
    List(Vec<String>),
    /// A count passed by value (`$top`, `$skip`).
    Unsigned(u32),
    /// A primitive passed by value, checked to parse (`5`, `true`, `1.5`).
    Literal(Primitive, String),
    /// An owned `String` passed by reference.
    OwnedString(String),
    /// A query pair for the request's `.query(name, value)`: the name (`&'static str`), then the value.
    Pair(String, String),
    /// A typed value (an edm type or an enum) parsed at run time, passed by reference; the name is for errors.
    Parsed {
        /// The type.
        ty: RustType,
        /// The parameter's name.
        name: String,
        /// The text.
        text: String,
    },
}

/// Why an example cannot be reproduced (mirrors `graph_runtime::conformance::Skip`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipPlan {
    /// The request block has no method or URL.
    EmptyRequest,
    /// The page has no generated operation.
    NoOperation,
    /// No request line has the example's method.
    NoLineForMethod,
    /// No request line matches the path.
    NoMatchingLine(String),
    /// A request line matches the end of the path only: the example prefixes it (`/me/drive/items/{id}` before a
    /// `/workbook/...` line).
    PrefixedPath(String),
    /// The URL is on another host than Graph (a callback to the app).
    NotGraph(String),
    /// The URL cannot be read.
    UnparseableUrl,
    /// A query parameter without a typed setter.
    NoSetter(String),
    /// A value that does not parse as its type.
    BadValue {
        /// The parameter.
        name: String,
        /// The value.
        value: String,
        /// The type expected.
        expected: String,
    },
    /// The operation takes a body and the example has none.
    MissingBody,
}

/// Plans every example, in the order `EXAMPLES` lists them: the selected API pages' examples, matched against their
/// own page's operations, then the selected conceptual pages' examples, matched against every operation.
pub fn plan(docs: &DocSet, ir: &Ir, selection: &Selection) -> Vec<CasePlan> {
    let mut plans = Vec::new();
    let api = docs
        .api_pages
        .iter()
        .filter(|p| selection.keeps(&p.file, &p.namespace));
    for page in api {
        let ops: Vec<usize> = (0..ir.operations.len())
            .filter(|&i| ir.operations[i].location.file == page.file)
            .collect();
        for example in &page.examples {
            plans.push(plan_case(
                plans.len(),
                example,
                ir,
                &ops,
                ops.first().copied(),
            ));
        }
    }
    let every: Vec<usize> = (0..ir.operations.len()).collect();
    let conceptual = docs
        .conceptual_examples
        .iter()
        .filter(|(file, _)| selection.keeps(file, ""));
    for (_, examples) in conceptual {
        for example in examples {
            plans.push(plan_case(plans.len(), example, ir, &every, None));
        }
    }
    plans
}

/// The plan of one example, given the operations it may call and the one whose response it is decoded as when
/// none matches.
fn plan_case(
    index: usize,
    example: &Example,
    ir: &Ir,
    ops: &[usize],
    fallback: Option<usize>,
) -> CasePlan {
    let call = plan_call(example, ir, ops);
    let response_op = match &call {
        Ok(call) => Some(call.op),
        Err(_) => fallback,
    };
    let annotated = example
        .request
        .annotation
        .as_ref()
        .and_then(|a| a.block_type.as_deref())
        .is_some_and(|t| t.eq_ignore_ascii_case("request"));
    CasePlan {
        example: index,
        annotated,
        response_op,
        call,
    }
}

fn plan_call(example: &Example, ir: &Ir, ops: &[usize]) -> Result<CallPlan, SkipPlan> {
    let request = &example.request;
    let Some(method) = request.method.filter(|_| !request.url.trim().is_empty()) else {
        return Err(SkipPlan::EmptyRequest);
    };
    if ops.is_empty() {
        return Err(SkipPlan::NoOperation);
    }
    if let Some(host) = host(&request.url).filter(|h| !h.to_ascii_lowercase().starts_with("graph."))
    {
        return Err(SkipPlan::NotGraph(host.to_owned()));
    }
    let (path, query) = split_url(&request.url).ok_or(SkipPlan::UnparseableUrl)?;
    let same_method: Vec<usize> = ops
        .iter()
        .copied()
        .filter(|&i| ir.operations[i].method == method)
        .collect();
    if same_method.is_empty() {
        return Err(SkipPlan::NoLineForMethod);
    }
    let pairs = query_pairs(query);
    let forms = alias_forms(&path);
    let direct = forms
        .iter()
        .find_map(|form| best_match(ir, &same_method, form, &pairs))
        .map(|(op, captures)| (op, captures, Vec::new()));
    // A line that ends with a function whose arguments are setters (`/usedRange`, `.values_only(true)`) called with
    // arguments (`/usedRange(valuesOnly=true)`).
    let (op, captures, call) = direct
        .or_else(|| {
            forms.iter().find_map(|form| {
                let (prefix, call) = trailing_call(form)?;
                let takes_call: Vec<usize> = same_method
                    .iter()
                    .copied()
                    .filter(|&i| {
                        call.iter()
                            .all(|(name, _)| call_setter(&ir.operations[i], name).is_some())
                    })
                    .collect();
                let (op, captures) = best_match(ir, &takes_call, &prefix, &pairs)?;
                Some((op, captures, call))
            })
        })
        .ok_or_else(|| unmatched(ir, &same_method, &path))?;
    let def = &ir.operations[op];
    let args = def
        .args
        .iter()
        .enumerate()
        .map(|(n, arg)| {
            let (text, odata) = captures
                .iter()
                .find(|c| c.0 == n)
                .map(|c| (c.1.as_str(), c.2))
                .unwrap_or(("", false));
            arg_value(&arg.ty, &arg.original, text, odata)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut setters = Vec::new();
    for (name, text) in &call {
        if let Some(setter) = call_setter(def, name) {
            let value = match &setter.ty {
                None => Value::Str(unquote(text)),
                Some(ty) => typed_value(ty, name, &unquote(text))?,
            };
            setters.push(SetterCall {
                ident: setter.ident.clone(),
                value,
            });
        }
    }
    for (key, value) in &pairs {
        if def
            .fixed_query
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(key) && v == value)
        {
            continue;
        }
        setters.push(query_setter(def, key, value)?);
    }
    for (name, value) in &request.headers {
        if let Some(header) = def
            .headers
            .iter()
            .find(|h| h.wire.eq_ignore_ascii_case(name.trim()))
        {
            setters.push(SetterCall {
                ident: header.ident.clone(),
                value: Value::Str(value.clone()),
            });
        }
    }
    let has_body = request
        .body
        .as_deref()
        .is_some_and(|b| !b.trim().is_empty());
    if matches!(
        def.body,
        BodyDef::Json(_) | BodyDef::Params(_) | BodyDef::Bytes(_)
    ) && !has_body
    {
        return Err(SkipPlan::MissingBody);
    }
    Ok(CallPlan { op, args, setters })
}

/// The setter of a function argument the operation writes in the parentheses its path ends with.
fn call_setter<'o>(op: &'o OperationDef, name: &str) -> Option<&'o Setter> {
    op.setters
        .iter()
        .find(|s| s.call && s.wire.eq_ignore_ascii_case(name))
}

/// A path that ends with a function call, `.../usedRange(valuesOnly=true)`: the path before the parenthesis and
/// the `name=value` arguments, in order.
fn trailing_call(path: &str) -> Option<(String, Vec<(String, String)>)> {
    let last = path.rfind('/')?;
    let open = last + path.get(last..)?.find('(')?;
    let inner = path.get(open + 1..)?.strip_suffix(')')?;
    let args = split_top_level(inner)
        .iter()
        .map(|arg| {
            arg.split_once('=')
                .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some((path.get(..open)?.to_owned(), args))
}

/// The path, then the forms Graph's aliases stand for, which the runtime writes back as the aliases
/// (`graph_runtime::PathBuilder::finish`): `/me/...` is the signed-in user's `/users/{id}/...` (a `/users/{id}` line
/// called with the key `me`), and a drive's `root` is its item `items/root` (a `/drive/items/{id}` line called
/// with the key `root`).
///
/// Before the aliases, the forms of the same address Graph answers alike: without a trailing `/` (Graph ignores an
/// empty last segment), and with keys in parentheses as key segments (`/me/messages('AAMk')` is
/// `/me/messages/AAMk`: OData addresses an entity either way; a request line written with parentheses matches the
/// path as written, which comes first).
fn alias_forms(path: &str) -> Vec<String> {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let mut forms = user_and_drive_forms(path);
    if let Some(keyed) = keys_as_segments(path) {
        forms.extend(user_and_drive_forms(&keyed));
    }
    forms
}

/// `segment('key')` and `segment(key)` written as `segment/key` (the quotes removed, `''` read as a quote), when
/// the path has any; a function call's parentheses (`name=value` pairs, or empty) stay.
fn keys_as_segments(path: &str) -> Option<String> {
    let mut changed = false;
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let Some((name, rest)) = segment.split_once('(') else {
                return segment.to_owned();
            };
            let inner = rest.strip_suffix(')').unwrap_or("");
            let plain_name = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
            // One quoted string (which may hold `=`, as base64 keys do), or one bare value: not `name=value`
            // arguments.
            let quoted = inner.len() >= 2
                && inner.starts_with('\'')
                && inner.ends_with('\'')
                && !inner[1..inner.len() - 1].replace("''", "").contains('\'');
            let bare = !inner.is_empty() && !inner.contains(['=', ',', '\'']);
            if !plain_name || !(quoted || bare) {
                return segment.to_owned();
            }
            changed = true;
            format!("{name}/{}", unquote(inner))
        })
        .collect();
    changed.then(|| segments.join("/"))
}

/// The path, then the forms Graph's aliases stand for (see [`alias_forms`]).
fn user_and_drive_forms(path: &str) -> Vec<String> {
    let me = path
        .strip_prefix("/me")
        .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        .map(|rest| format!("/users/me{rest}"));
    let mut forms = vec![path.to_owned()];
    forms.extend(me.clone());
    for form in [Some(path.to_owned()), me].into_iter().flatten() {
        forms.extend(drive_root_as_item(&form));
    }
    forms
}

/// `.../drive/root...` (or `.../drives/{id}/root...`) as `.../drive/items/root...`, before any item path.
fn drive_root_as_item(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut at = 0;
    for (i, segment) in segments.iter().enumerate() {
        let drive = i >= 1 && segments[i - 1].eq_ignore_ascii_case("drive")
            || i >= 2 && segments[i - 2].eq_ignore_ascii_case("drives");
        let root = *segment == "root" || segment.starts_with("root:");
        if drive && root {
            return Some(format!("{}items/{}", &path[..at], &path[at..]));
        }
        if segment.contains(':') {
            return None;
        }
        at += segment.len() + 1;
    }
    None
}

/// The operation whose path matches best, with its captures: the most literal text agreeing, then the most fixed
/// query pairs present, then page order.
fn best_match(
    ir: &Ir,
    ops: &[usize],
    path: &str,
    pairs: &[(String, String)],
) -> Option<(usize, Captures)> {
    ops.iter()
        .filter_map(|&i| {
            let op = &ir.operations[i];
            let captures = match_path(&op.path, path)?;
            let literal: usize = op
                .path
                .iter()
                .map(|p| {
                    if let PathPiece::Literal(l) = p {
                        l.len()
                    } else {
                        0
                    }
                })
                .sum();
            let fixed = op
                .fixed_query
                .iter()
                .filter(|f| {
                    pairs
                        .iter()
                        .any(|p| p.0.eq_ignore_ascii_case(&f.0) && p.1 == f.1)
                })
                .count();
            Some((i, captures, (literal, fixed)))
        })
        .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)))
        .map(|(i, captures, _)| (i, captures))
}

/// Why no line matches: one matches the end of the path after a prefix, or none does.
fn unmatched(ir: &Ir, ops: &[usize], path: &str) -> SkipPlan {
    let matches = |path: &str| {
        ops.iter()
            .any(|&i| match_path(&ir.operations[i].path, path).is_some())
    };
    let prefix = path
        .char_indices()
        .filter(|&(i, c)| c == '/' && i > 0)
        .map(|(i, _)| &path[..i])
        .find(|prefix| matches(&path[prefix.len()..]));
    match prefix {
        Some(prefix) => SkipPlan::PrefixedPath(prefix.to_owned()),
        None => SkipPlan::NoMatchingLine(path.to_owned()),
    }
}

/// The host of an absolute URL.
fn host(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    rest.split(['/', '?', '#']).next()
}

/// The setter for one query pair: an OData option the page documents, or a query or function parameter.
fn query_setter(def: &OperationDef, key: &str, value: &str) -> Result<SetterCall, SkipPlan> {
    if let Some((ident, option)) = def.odata.iter().find(|(_, option)| {
        crate::ir::operations::odata_name(*option)
            .1
            .eq_ignore_ascii_case(key)
    }) {
        let value = match option {
            ODataOption::Select | ODataOption::Expand | ODataOption::OrderBy => {
                Value::List(split_top_level(value))
            }
            ODataOption::Top | ODataOption::Skip => {
                Value::Unsigned(value.parse().map_err(|_| bad(key, value, "a count"))?)
            }
            ODataOption::Count => literal(Primitive::Boolean, key, value)?,
            ODataOption::Filter
            | ODataOption::Search
            | ODataOption::SkipToken
            | ODataOption::Format => Value::Str(value.to_owned()),
        };
        return Ok(SetterCall {
            ident: ident.clone(),
            value,
        });
    }
    let Some(setter) = def
        .setters
        .iter()
        .find(|s| !s.call && s.wire.eq_ignore_ascii_case(key))
    else {
        // An OData system query option the page does not list: Graph accepts `$select` on every resource and the
        // other options on most, so the request's own `.query(name, value)` sends it.
        if is_system_query_option(key) {
            return Ok(SetterCall {
                ident: "query".to_owned(),
                value: Value::Pair(key.to_owned(), value.to_owned()),
            });
        }
        return Err(SkipPlan::NoSetter(key.to_owned()));
    };
    let value = match &setter.ty {
        None => Value::Str(value.to_owned()),
        Some(ty) => typed_value(ty, key, value)?,
    };
    Ok(SetterCall {
        ident: setter.ident.clone(),
        value,
    })
}

/// Whether a query key is an OData system query option: `$` and one of OData 4.01's names, or one of the common
/// ones without the `$`, which Graph accepts on some APIs (`expand=fields` on SharePoint list items).
fn is_system_query_option(key: &str) -> bool {
    const COMMON: &[&str] = &[
        "select", "expand", "filter", "orderby", "top", "skip", "count", "search",
    ];
    const OTHERS: &[&str] = &[
        "format",
        "skiptoken",
        "deltatoken",
        "id",
        "compute",
        "apply",
        "levels",
        "index",
        "schemaversion",
    ];
    match key.strip_prefix('$') {
        Some(name) => COMMON
            .iter()
            .chain(OTHERS)
            .any(|o| o.eq_ignore_ascii_case(name)),
        None => COMMON.iter().any(|o| o.eq_ignore_ascii_case(key)),
    }
}

/// The value of a path argument from its captured text (`odata`: inside function or key parentheses).
fn arg_value(ty: &ArgType, name: &str, text: &str, odata: bool) -> Result<Value, SkipPlan> {
    match ty {
        ArgType::Str if odata => Ok(Value::Str(unquote(text))),
        ArgType::Str => Ok(Value::Str(text.to_owned())),
        ArgType::Typed(RustType::Primitive(Primitive::String)) => {
            Ok(Value::OwnedString(unquote(text)))
        }
        ArgType::Typed(ty) => typed_value(ty, name, &unquote(text)),
    }
}

/// A typed value: a by-value primitive checked now, anything else parsed at run time.
fn typed_value(ty: &RustType, name: &str, text: &str) -> Result<Value, SkipPlan> {
    match ty {
        RustType::Primitive(p) if crate::codegen::by_value(ty) => literal(*p, name, text),
        RustType::Primitive(Primitive::String) => Ok(Value::OwnedString(text.to_owned())),
        _ => Ok(Value::Parsed {
            ty: ty.clone(),
            name: name.to_owned(),
            text: text.to_owned(),
        }),
    }
}

/// A by-value primitive literal, if the text parses as one.
fn literal(p: Primitive, name: &str, text: &str) -> Result<Value, SkipPlan> {
    let ok = match p {
        Primitive::Boolean => matches!(text, "true" | "false"),
        Primitive::Byte => text.parse::<u8>().is_ok(),
        Primitive::SByte => text.parse::<i8>().is_ok(),
        Primitive::Int16 => text.parse::<i16>().is_ok(),
        Primitive::Int32 => text.parse::<i32>().is_ok(),
        Primitive::Int64 => text.parse::<i64>().is_ok(),
        Primitive::Single | Primitive::Double | Primitive::Decimal => {
            text.parse::<f64>().is_ok_and(f64::is_finite)
        }
        _ => false,
    };
    if ok {
        Ok(Value::Literal(p, text.to_owned()))
    } else {
        Err(bad(name, text, &format!("a {p:?}")))
    }
}

fn bad(name: &str, value: &str, expected: &str) -> SkipPlan {
    SkipPlan::BadValue {
        name: name.to_owned(),
        value: value.to_owned(),
        expected: expected.to_owned(),
    }
}

/// `'text'` without its quotes, inner `''` undoubled; other text as it is.
fn unquote(text: &str) -> String {
    match text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        Some(inner) if text.len() >= 2 => inner.replace("''", "'"),
        _ => text.to_owned(),
    }
}

/// Splits `a,b(c,d),e` at the commas outside parentheses and quoted strings (`'a,b'`; a doubled `''` quote stays
/// inside).
fn split_top_level(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if depth == 0 && !quoted => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
}

/// The example URL's path (percent-decoded, without scheme, host and `/v1.0` or `/beta` prefix) and its raw query;
/// `None` when there is no path.
pub fn split_url(url: &str) -> Option<(String, &str)> {
    let url = url.trim().split('#').next().unwrap_or_default();
    let path_and_query = match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(rest) => &rest[rest.find('/')?..],
        None => url,
    };
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    // The version segment in any letter case, as every literal segment (`/Beta/me` is `/beta/me`).
    let path = ["/v1.0", "/beta"]
        .iter()
        .find_map(|prefix| {
            path.get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .and_then(|_| path.get(prefix.len()..))
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .or_else(|| without_version_placeholder(path))
        .unwrap_or(path);
    if !path.starts_with('/') {
        return None;
    }
    Some((decode(path), query))
}

/// The path after a version placeholder, which the docs write for "the version you call" as in
/// `https://graph.microsoft.com/{version}/{resource}`: `/{ver}/connectors/x` is `/connectors/x`. A placeholder is
/// a first segment in braces naming a version (`{ver}`, `{version}`, `{api-version}`).
fn without_version_placeholder(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/{")?;
    let (name, rest) = rest.split_once('}')?;
    (name.to_ascii_lowercase().contains("ver") && (rest.is_empty() || rest.starts_with('/')))
        .then_some(rest)
}

/// Percent-decodes text (a `%` not followed by two hex digits is kept; invalid UTF-8 is replaced).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The pairs of a query string, percent-decoded.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// What a path match captures: for each argument, its index, its text and whether it sits in parentheses.
pub type Captures = Vec<(usize, String, bool)>;

/// Matches a decoded path against an operation's pieces (literals case-insensitively); on success, each argument's
/// captured text and whether it sits in parentheses.
pub fn match_path(pieces: &[PathPiece], path: &str) -> Option<Captures> {
    let mut captures = Vec::new();
    matches_from(pieces, path, &mut captures).then_some(captures)
}

fn matches_from(
    pieces: &[PathPiece],
    text: &str,
    captures: &mut Vec<(usize, String, bool)>,
) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        PathPiece::Literal(literal) => {
            text.len() >= literal.len()
                && text.is_char_boundary(literal.len())
                && text[..literal.len()].eq_ignore_ascii_case(literal)
                && matches_from(rest, &text[literal.len()..], captures)
        }
        PathPiece::Segment(n)
        | PathPiece::OData(n)
        | PathPiece::ItemPath(n)
        | PathPiece::EntityPath(n) => {
            // An entity path (the prefix before a relative line, `/me/drive/items/{id}`) starts with `/` and spans
            // segments; so does an item path.
            if matches!(first, PathPiece::EntityPath(_)) && !text.starts_with('/') {
                return false;
            }
            let slash_ok = matches!(first, PathPiece::ItemPath(_) | PathPiece::EntityPath(_));
            let odata = matches!(first, PathPiece::OData(_));
            let ends: Vec<usize> = text
                .char_indices()
                .map(|(i, c)| (i + c.len_utf8(), c))
                .take_while(|(_, c)| slash_ok || *c != '/')
                .map(|(end, _)| end)
                .collect();
            // Longest first: a key may hold text that looks like the literal after it.
            for end in ends.into_iter().rev() {
                let len = captures.len();
                captures.push((*n, text[..end].to_owned(), odata));
                if matches_from(rest, &text[end..], captures) {
                    return true;
                }
                captures.truncate(len);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> PathPiece {
        PathPiece::Literal(s.to_owned())
    }

    #[test]
    fn urls_lose_host_version_and_encoding() {
        assert_eq!(
            split_url("https://graph.microsoft.com/v1.0/users/a%40b.com/events?$top=5"),
            Some(("/users/a@b.com/events".to_owned(), "$top=5"))
        );
        assert_eq!(split_url("GET /me"), None);
        assert_eq!(split_url("/beta/me"), Some(("/me".to_owned(), "")));
        assert_eq!(
            split_url("https://graph.microsoft.com/{ver}/connectors/c1?$top=1"),
            Some(("/connectors/c1".to_owned(), "$top=1"))
        );
        assert_eq!(split_url("/{id}/x"), Some(("/{id}/x".to_owned(), "")));
        assert_eq!(split_url("/Beta/me"), Some(("/me".to_owned(), "")));
    }

    #[test]
    fn keys_are_captured_from_the_template() {
        let pieces = [
            lit("/drives/"),
            PathPiece::Segment(0),
            lit("/root:/"),
            PathPiece::ItemPath(1),
            lit(":/content"),
        ];
        assert_eq!(
            match_path(&pieces, "/drives/b!x/root:/a/b.txt:/content"),
            Some(vec![
                (0, "b!x".to_owned(), false),
                (1, "a/b.txt".to_owned(), false)
            ])
        );
        assert_eq!(match_path(&pieces, "/drives/x/y/root:/a:/content"), None);
        let call = [
            lit("/reports/getOffice365ActiveUserCounts(period="),
            PathPiece::OData(0),
            lit(")"),
        ];
        assert_eq!(
            match_path(&call, "/reports/getoffice365activeusercounts(period='D7')"),
            Some(vec![(0, "'D7'".to_owned(), true)])
        );
    }

    #[test]
    fn an_entity_path_is_the_prefix_before_a_relative_line() {
        let pieces = [
            PathPiece::EntityPath(0),
            lit("/workbook/worksheets/"),
            PathPiece::Segment(1),
            lit("/charts"),
        ];
        assert_eq!(
            match_path(
                &pieces,
                "/me/drive/root:/book.xlsx:/workbook/worksheets/Sheet1/charts"
            ),
            Some(vec![
                (0, "/me/drive/root:/book.xlsx:".to_owned(), false),
                (1, "Sheet1".to_owned(), false)
            ])
        );
        assert_eq!(
            match_path(&pieces, "/workbook/worksheets/Sheet1/charts"),
            None
        );
    }

    #[test]
    fn aliases_are_tried_in_the_forms_they_stand_for() {
        assert_eq!(
            alias_forms("/me/drive/root/children"),
            [
                "/me/drive/root/children",
                "/users/me/drive/root/children",
                "/me/drive/items/root/children",
                "/users/me/drive/items/root/children"
            ]
        );
        assert_eq!(alias_forms("/meetings/x"), ["/meetings/x"]);
        assert_eq!(alias_forms("/meetings/x/"), ["/meetings/x"]);
        assert_eq!(
            alias_forms("/me/messages('AA''k=')/attachments(B1)"),
            [
                "/me/messages('AA''k=')/attachments(B1)",
                "/users/me/messages('AA''k=')/attachments(B1)",
                "/me/messages/AA'k=/attachments/B1",
                "/users/me/messages/AA'k=/attachments/B1"
            ]
        );
        assert_eq!(alias_forms("/reports/getX(date='1')"), ["/reports/getX(date='1')"]);
        assert_eq!(
            drive_root_as_item("/drives/b!x/root:/a/root:/content"),
            Some("/drives/b!x/items/root:/a/root:/content".to_owned())
        );
        // Only before an item path, only a drive's `root`.
        assert_eq!(
            drive_root_as_item("/me/drive/root:/drive/root"),
            Some("/me/drive/items/root:/drive/root".to_owned())
        );
        assert_eq!(drive_root_as_item("/sites/root"), None);
        assert_eq!(drive_root_as_item("/me/drive/rootx"), None);
    }

    #[test]
    fn calls_and_system_query_options_are_recognised() {
        assert_eq!(
            trailing_call("/w/usedRange(valuesOnly=true,label='a,b')"),
            Some((
                "/w/usedRange".to_owned(),
                vec![
                    ("valuesOnly".to_owned(), "true".to_owned()),
                    ("label".to_owned(), "'a,b'".to_owned())
                ]
            ))
        );
        assert_eq!(trailing_call("/w/range(address='A1')/format"), None);
        assert_eq!(trailing_call("/w/items('x')"), None);
        assert!(is_system_query_option("$select"));
        assert!(is_system_query_option("$SkipToken"));
        assert!(is_system_query_option("expand"));
        assert!(!is_system_query_option("skiptoken"));
        assert!(!is_system_query_option("$unknown"));
        assert!(!is_system_query_option("startDateTime"));
    }

    #[test]
    fn the_widget_examples_are_planned() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/conformance-widgets");
        let docs = crate::load(&dir).unwrap();
        let options = crate::options::Options::for_folder("conformance-widgets");
        let ir = crate::ir::build(&docs, &options);
        let plans = plan(&docs, &ir, &Selection::new(&[], &[]));
        let examples: Vec<&Example> = docs.api_pages.iter().flat_map(|p| &p.examples).collect();
        let call = |source: &str| {
            let (plan, _) = plans
                .iter()
                .zip(&examples)
                .find(|(_, e)| {
                    format!(
                        "{}:{}",
                        e.request.location.file.display(),
                        e.request.location.line
                    ) == source
                })
                .unwrap_or_else(|| panic!("no plan for {source}"));
            plan.call.clone()
        };
        // `/me/...` is a `/users/{id}/...` line called with `me`.
        let me = call("api/widgethub-device-get.md:147").unwrap();
        assert_eq!(
            ir.operations[me.op].template,
            "/users/{id}/widgetHub/devices/{deviceId}"
        );
        assert_eq!(
            me.args,
            [Value::Str("me".to_owned()), Value::Str("d6".to_owned())]
        );
        // `$search`, which the page does not list, goes through `.query`; an unknown option has no setter.
        let search = call("api/widgethub-device-get.md:99").unwrap();
        assert_eq!(
            search.setters,
            [SetterCall {
                ident: "query".to_owned(),
                value: Value::Pair("$search".to_owned(), "\"kitchen\"".to_owned())
            }]
        );
        assert_eq!(
            call("api/widgethub-device-get.md:155"),
            Err(SkipPlan::NoSetter("unknownOption".to_owned()))
        );
        // Arguments in the parentheses become the call setters, in order, unquoted.
        let history = call("api/widgethub-device-history.md:47").unwrap();
        let setters: Vec<(&str, &Value)> = history
            .setters
            .iter()
            .map(|s| (s.ident.as_str(), &s.value))
            .collect();
        assert_eq!(
            setters,
            [
                ("since", &Value::Literal(Primitive::Int32, "5".to_owned())),
                ("label", &Value::Str("o'clock".to_owned()))
            ]
        );
    }

    #[test]
    fn values_are_typed_or_refused() {
        assert_eq!(
            arg_value(&ArgType::Str, "id", "'it''s'", true),
            Ok(Value::Str("it's".to_owned()))
        );
        assert_eq!(
            arg_value(&ArgType::Str, "id", "'", true),
            Ok(Value::Str("'".to_owned()))
        );
        assert_eq!(
            arg_value(
                &ArgType::Typed(RustType::Primitive(Primitive::Int32)),
                "n",
                "x",
                true
            ),
            Err(bad("n", "x", "a Int32"))
        );
        assert_eq!(
            split_top_level("a,b($select=c,d),e"),
            vec!["a", "b($select=c,d)", "e"]
        );
        assert_eq!(
            split_top_level("x='a,b',y='it''s, (c'"),
            vec!["x='a,b'", "y='it''s, (c'"]
        );
    }
}
