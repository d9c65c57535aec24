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
    /// Item-path addressing: `root:/{item-path}:` is `Literal("root")` followed by this segment. The value
    /// is the path between the colons: literal parts and parameters, e.g. `/{item-path}` or `/folder/{file}`.
    ItemPath(Vec<ItemPathPart>),
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
