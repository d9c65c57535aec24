//! Path pass: the pieces a request path is built from and the function's required arguments, named from the
//! path (`{id}` after `users` is `user_id`), with the function parameters a line leaves out written in the call's
//! parentheses.

use std::collections::BTreeSet;

use super::naming::PageNames;
use super::{find_param, normalize, Arg, ArgType, PathPiece};
use crate::ir::casing::{push_key, SegmentCasing};
use crate::ir::types::{RustType, TypeSpace};
use crate::names::{self, RustName};
use crate::page::template::{ArgValue, FunctionArg, ItemPathPart, ParamRef, PathTemplate, Segment};
use crate::page::type_expr::Primitive;
use crate::page::{ApiPage, Param};

/// A function whose line leaves out its parameters: `GET /workbook/names/{name}/range/cell`, with `row` and
/// `column` in the page's path-parameter table, is called as `.../range/cell(row=5,column=6)`, since OData writes
/// a function's parameters in parentheses after its name. When the line's last segment is the page's operation
/// (its `resource: operation` title), the path parameters the line does not use become that call's arguments, in
/// table order, unless one of them is marked optional (then they stay setters, as function and query parameters
/// do: a call with some of its arguments left out is written without them).
///
/// A page whose request-body section says its parameters go in the request URL ([`ApiPage::url_params`]) has a
/// function for last segment whatever its title says (`GET /deviceManagement/getEffectivePermissions`, titled
/// `getEffectivePermissions function`): those parameters are that call's arguments, the same way.
pub(super) fn with_function_parameters(
    page: &ApiPage,
    names: &PageNames,
    mut template: PathTemplate,
) -> PathTemplate {
    let Some(Segment::Literal(last)) = template.segments.last() else {
        return template;
    };
    let table = if !page.url_params.is_empty() {
        &page.url_params
    } else if names.from_title && last.eq_ignore_ascii_case(&names.operation) {
        &page.path_params
    } else {
        return template;
    };
    let used: BTreeSet<String> = template
        .params()
        .iter()
        .flat_map(|p| p.names.iter().map(|n| normalize(n)))
        .collect();
    let unused: Vec<&Param> = table
        .iter()
        .filter(|p| !used.contains(&normalize(&p.name)))
        .collect();
    let callable = unused.iter().all(|p| {
        let name = p.name.trim();
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !crate::read::text::contains_ci(&p.description, "optional")
    });
    if !callable {
        return template;
    }
    let args: Vec<FunctionArg> = unused
        .iter()
        .map(|p| p.name.trim())
        .map(|name| FunctionArg {
            name: Some(name.to_owned()),
            value: ArgValue::Param {
                param: ParamRef {
                    names: vec![name.to_owned()],
                },
                quoted: false,
            },
        })
        .collect();
    if !args.is_empty() {
        let name = last.clone();
        template.segments.pop();
        template.segments.push(Segment::Call { name, args });
    }
    template
}

/// A function argument that a request line writes as a value (`getActivitiesByInterval(startDateTime='2017-01-01',
/// interval='day')`, `getTeamsUserActivityCounts(period='D7')`) where the page's function-parameter table lists
/// the argument: the value is the page's example, and the argument a parameter the caller gives, quoted as the
/// line quotes it. A function takes its parameters from the call; a line's value fixed in the path would make
/// every call send the example's dates. An argument the table does not list keeps its value (`fittingMode='fit'`
/// of a thumbnail address).
fn example_value(arg: &FunctionArg, literal: &str, page: &ApiPage) -> Option<FunctionArg> {
    let name = arg.name.as_deref()?;
    if is_bare_placeholder(literal) {
        return None;
    }
    let wanted = normalize(name);
    page.function_params
        .iter()
        .any(|p| normalize(&p.name) == wanted)
        .then(|| FunctionArg {
            name: Some(name.to_owned()),
            value: ArgValue::Param {
                param: ParamRef {
                    names: vec![name.to_owned()],
                },
                quoted: literal.starts_with('\''),
            },
        })
}

/// A bare word that is not an OData literal (`startDateTime-value`, `n`): a placeholder for a value.
fn is_bare_placeholder(literal: &str) -> bool {
    literal.starts_with(|c: char| c.is_ascii_alphabetic())
        && !matches!(literal, "true" | "false" | "null")
        && literal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `{id}` after `users` is `user_id`; `{industryDataConnectorId}` is `industry_data_connector_id`.
pub(super) fn param_name(param: &ParamRef, previous: Option<&str>) -> RustName {
    let first = param.names.first().map(String::as_str).unwrap_or("id");
    let generic = param.names.iter().any(|n| n.eq_ignore_ascii_case("id")) || first.is_empty();
    match previous {
        Some(prev) if generic => names::snake(&names::singular(prev)).suffixed("_id"),
        _ if generic => names::snake("id"),
        _ => names::snake(first),
    }
}

/// A typed argument for a function-call value, when its documented type is a primitive or enum.
fn typed_arg(param: Option<&Param>, page: &ApiPage, space: &TypeSpace) -> Option<RustType> {
    let expr = param?.ty.as_ref()?;
    if expr.collection {
        return None;
    }
    match space.resolve(expr, &page.namespace)? {
        RustType::Primitive(Primitive::Stream | Primitive::Binary | Primitive::Json) => None,
        RustType::Primitive(Primitive::String) => Some(RustType::Primitive(Primitive::String)),
        RustType::Primitive(p) => Some(RustType::Primitive(p)),
        RustType::Named(id) if space.is_enum(id) => Some(RustType::Named(id)),
        _ => None,
    }
}

/// A built path: its pieces, the function's required arguments, and the template as the docs show it.
#[derive(Debug, Clone)]
pub(super) struct BuiltPath {
    /// The documented template, with the path's own spelling (`/users/{id | userPrincipalName}`).
    pub text: String,
    /// How the path is built.
    pub pieces: Vec<PathPiece>,
    /// Required arguments, in path order.
    pub args: Vec<Arg>,
}

/// Builds the path of a line: its pieces, its arguments (named from the path, unique, never `client`, `body`,
/// `path` or `spec`), and its text. `entity_path` names the first argument when the caller gives the path of the
/// entity the line is relative to.
pub(super) fn build_path(
    page: &ApiPage,
    template: &PathTemplate,
    entity_path: Option<&str>,
    space: &TypeSpace,
    casing: &SegmentCasing,
) -> BuiltPath {
    let mut taken: BTreeSet<String> = ["client", "body", "path", "spec"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut text = String::new();
    let mut pieces = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut add_arg = |args: &mut Vec<Arg>,
                       name: RustName,
                       original: String,
                       ty: ArgType,
                       description: String| {
        let ident = names::unique(&name, &mut taken);
        args.push(Arg {
            ident,
            original,
            ty,
            description,
        });
        args.len() - 1
    };
    if let Some(name) = entity_path {
        let n = add_arg(&mut args, names::snake(name), "entity path".into(), ArgType::Str, "The path of the entity the request is made on, from the service root (`/users/{id}`, `/me/drive/items/{id}`): it starts with `/` and holds no scheme, host, query, fragment or dot segment.".into());
        pieces.push(PathPiece::EntityPath(n));
        text.push_str("{entity-path}");
    }
    let mut previous: Option<String> = None;
    let mut key = String::new();
    for segment in &template.segments {
        let mut literal = String::from("/");
        push_key(&mut key, segment);
        match segment {
            Segment::Literal(l) => {
                literal.push_str(casing.spelling(&key, l));
                previous = Some(l.clone());
                push_literal(&mut pieces, &literal);
                text.push_str(&literal);
                continue;
            }
            Segment::Param(param) => {
                push_literal(&mut pieces, "/");
                let mut description = param
                    .names
                    .iter()
                    .find_map(|n| find_param(page, n))
                    .map(|p| p.description.clone())
                    .unwrap_or_default();
                if matches!(pieces.as_slice(), [PathPiece::Literal(users)] if users.eq_ignore_ascii_case("/users/"))
                {
                    description = format!("{description} Pass `graph_runtime::ME` for the signed-in user: the request goes to `/me`.").trim_start().to_owned();
                }
                let n = add_arg(
                    &mut args,
                    param_name(param, previous.as_deref()),
                    param.names.join(" | "),
                    ArgType::Str,
                    description,
                );
                pieces.push(PathPiece::Segment(n));
                text.push_str(&format!("/{{{}}}", param.names.join(" | ")));
            }
            Segment::Call {
                name,
                args: call_args,
            } => {
                push_literal(&mut pieces, &format!("/{name}("));
                text.push_str(&format!("/{name}("));
                for (i, arg) in call_args.iter().enumerate() {
                    let separator = if i == 0 { "" } else { "," };
                    let prefix = match &arg.name {
                        Some(n) => format!("{separator}{n}="),
                        None => separator.to_owned(),
                    };
                    push_literal(&mut pieces, &prefix);
                    text.push_str(&prefix);
                    call_arg(
                        &mut pieces,
                        &mut text,
                        arg,
                        name,
                        page,
                        space,
                        &mut |name, original, ty, description| {
                            add_arg(&mut args, name, original, ty, description)
                        },
                    );
                }
                push_literal(&mut pieces, ")");
                text.push(')');
                previous = Some(name.clone());
            }
            Segment::Placeholder(p) => {
                push_literal(&mut pieces, "/");
                let n = add_arg(
                    &mut args,
                    names::snake(p),
                    format!("<{p}>"),
                    ArgType::Str,
                    String::new(),
                );
                pieces.push(PathPiece::Segment(n));
                text.push_str(&format!("/<{p}>"));
            }
            Segment::ItemPath { parts, closed } => {
                push_literal(&mut pieces, ":");
                text.push(':');
                for part in parts {
                    match part {
                        ItemPathPart::Literal(l) => {
                            push_literal(&mut pieces, l);
                            text.push_str(l);
                        }
                        ItemPathPart::Param(param) => {
                            let n = add_arg(
                                &mut args,
                                names::snake(
                                    &param_name(param, Some("item_path"))
                                        .word()
                                        .replace("item_path_id", "item_path"),
                                ),
                                param.names.join(" | "),
                                ArgType::Str,
                                String::new(),
                            );
                            pieces.push(PathPiece::ItemPath(n));
                            text.push_str(&format!("{{{}}}", param.names.join(" | ")));
                        }
                    }
                }
                if *closed {
                    push_literal(&mut pieces, ":");
                    text.push(':');
                }
            }
            Segment::Value => literal.push_str("$value"),
            Segment::Ref => literal.push_str("$ref"),
            Segment::Count => literal.push_str("$count"),
            Segment::Cast(c) => literal.push_str(c),
        }
        if literal.len() > 1 {
            push_literal(&mut pieces, &literal);
            text.push_str(&literal);
        }
    }
    if pieces.is_empty() {
        push_literal(&mut pieces, "/");
        text.push('/');
    }
    BuiltPath { text, pieces, args }
}

#[allow(clippy::too_many_arguments)]
fn call_arg(
    pieces: &mut Vec<PathPiece>,
    text: &mut String,
    arg: &FunctionArg,
    call: &str,
    page: &ApiPage,
    space: &TypeSpace,
    add_arg: &mut dyn FnMut(RustName, String, ArgType, String) -> usize,
) {
    match &arg.value {
        ArgValue::Param { param, quoted } => {
            let documented = arg
                .name
                .as_deref()
                .and_then(|n| find_param(page, n))
                .or_else(|| param.names.iter().find_map(|n| find_param(page, n)));
            let name = match &arg.name {
                Some(n) => names::snake(n),
                None => param_name(param, Some(call)),
            };
            let description = documented
                .map(|p| p.description.clone())
                .unwrap_or_default();
            let original = param.names.join(" | ");
            let (ty, piece): (ArgType, fn(usize) -> PathPiece) =
                match (typed_arg(documented, page, space), quoted) {
                    (Some(RustType::Primitive(Primitive::String)), _) | (None, true) => {
                        (ArgType::Str, PathPiece::OData)
                    }
                    (Some(ty), _) => (ArgType::Typed(ty), PathPiece::OData),
                    (None, false) => (ArgType::Str, PathPiece::Segment),
                };
            let n = add_arg(name, original.clone(), ty, description);
            pieces.push(piece(n));
            text.push_str(&if *quoted {
                format!("'{{{original}}}'")
            } else {
                format!("{{{original}}}")
            });
        }
        ArgValue::Literal(literal) if typed_enum_param(literal).is_some() => {
            // An enum argument written with its type, `microsoft.graph.timeZoneStandard'{timezone_format}'`: the type
            // is text, the quoted value the caller's (an enum writes itself quoted, a string is quoted).
            if let Some((prefix, param)) = typed_enum_param(literal) {
                push_literal(pieces, prefix);
                text.push_str(prefix);
                let quoted = FunctionArg {
                    name: arg.name.clone(),
                    value: ArgValue::Param {
                        param,
                        quoted: true,
                    },
                };
                call_arg(pieces, text, &quoted, call, page, space, add_arg);
            }
        }
        ArgValue::Literal(literal) if example_value(arg, literal, page).is_some() => {
            if let Some(as_param) = example_value(arg, literal, page) {
                call_arg(pieces, text, &as_param, call, page, space, add_arg);
            }
        }
        ArgValue::Literal(literal) => {
            match (&arg.name, is_bare_placeholder(literal)) {
                (Some(name), true) => {
                    let documented = find_param(page, name);
                    let ty = match typed_arg(documented, page, space) {
                        Some(RustType::Primitive(Primitive::String)) | None => ArgType::Str,
                        Some(ty) => ArgType::Typed(ty),
                    };
                    let description = documented
                        .map(|p| p.description.clone())
                        .unwrap_or_default();
                    let piece = if ty == ArgType::Str {
                        PathPiece::Segment
                    } else {
                        PathPiece::OData
                    };
                    let n = add_arg(names::snake(name), literal.clone(), ty, description);
                    pieces.push(piece(n));
                }
                _ => push_literal(pieces, literal),
            }
            text.push_str(literal);
        }
    }
}

/// `microsoft.graph.timeZoneStandard'{timezone_format}'`: the qualified type name and the parameter.
fn typed_enum_param(literal: &str) -> Option<(&str, ParamRef)> {
    let (prefix, rest) = literal.split_once('\'')?;
    let inner = rest.strip_prefix('{')?.strip_suffix("}'")?;
    let qualified = prefix.contains('.')
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    let names: Vec<String> = inner
        .split('|')
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    (qualified && !names.is_empty() && !inner.contains(['{', '}', '\'']))
        .then_some((prefix, ParamRef { names }))
}

fn push_literal(pieces: &mut Vec<PathPiece>, literal: &str) {
    if let Some(PathPiece::Literal(last)) = pieces.last_mut() {
        last.push_str(literal);
    } else {
        pieces.push(PathPiece::Literal(literal.to_owned()));
    }
}
