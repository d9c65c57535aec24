//! Conformance plans: for each example of each page, the typed call that reproduces it, or why there is none. The
//! example's URL (read by `graph_docs_example_url`) is matched against the path templates of the page's
//! operations (`paths`); the keys it holds become the operation's arguments (`values`), its query pairs the typed
//! setters (`query`), its documented headers the header setters.

use graph_docs_example_url::{trailing_call, unquote, ExampleUrl};

use super::paths::{alias_forms, best_match, unmatched};
use super::query::{call_setter, query_param_setter, query_setter};
use super::values::{arg_value, typed_value};
use crate::ir::operations::BodyDef;
use crate::ir::select::Selection;
use crate::ir::types::RustType;
use crate::ir::Ir;
use crate::names::RustName;
use crate::page::type_expr::Primitive;
use crate::page::{DocSet, Example};

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
    /// Whether the call is another page's operation: no line of the example's own page matches its request, and
    /// another page's does (a `rangeFont` update written on the `rangeFormat` page).
    pub elsewhere: bool,
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
    pub ident: RustName,
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
    /// The URL cannot be read (an absolute URL without a path).
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

impl SkipPlan {
    /// Whether no operation of the page has the example's method and path (another page's may).
    fn is_unmatched(&self) -> bool {
        matches!(
            self,
            Self::NoOperation
                | Self::NoLineForMethod
                | Self::NoMatchingLine(_)
                | Self::PrefixedPath(_)
        )
    }
}

/// Plans every example, in the order `EXAMPLES` lists them: the selected API pages' examples, then the selected
/// conceptual pages' examples, matched against every operation. An API page's example is matched against its own
/// page's operations first. When none of them has its method and path, it is matched against every operation: the
/// example is a request Graph documents, and the typed API reproduces it if any function sends exactly that (the
/// case says which, see [`CasePlan::elsewhere`]).
pub fn plan(docs: &DocSet, ir: &Ir, selection: &Selection) -> Vec<CasePlan> {
    let mut plans = Vec::new();
    let every: Vec<usize> = (0..ir.operations.len()).collect();
    let api = docs
        .api_pages
        .iter()
        .filter(|p| selection.keeps(&p.file, &p.namespace));
    for page in api {
        let ops: Vec<usize> = (0..ir.operations.len())
            .filter(|&i| ir.operations[i].location.file == page.file)
            .collect();
        for example in &page.examples {
            let mut case = plan_case(plans.len(), example, ir, &ops, ops.first().copied());
            if case.call.as_ref().is_err_and(SkipPlan::is_unmatched) {
                if let Ok(call) = plan_call(example, ir, &every) {
                    case.elsewhere = ir.operations[call.op].location.file != page.file;
                    case.response_op = Some(call.op);
                    case.call = Ok(call);
                }
            }
            plans.push(case);
        }
    }
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
        elsewhere: false,
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
    let url = ExampleUrl::parse(&request.url).ok_or(SkipPlan::UnparseableUrl)?;
    if let Some(host) = url
        .host()
        .filter(|h| !h.to_ascii_lowercase().starts_with("graph."))
    {
        return Err(SkipPlan::NotGraph(host.to_owned()));
    }
    let path = url.path();
    let same_method: Vec<usize> = ops
        .iter()
        .copied()
        .filter(|&i| ir.operations[i].method == method)
        .collect();
    if same_method.is_empty() {
        return Err(SkipPlan::NoLineForMethod);
    }
    let pairs = url.query_pairs();
    let forms = alias_forms(&path);
    let direct = forms
        .iter()
        .find_map(|form| best_match(ir, &same_method, form, &pairs))
        .map(|(op, captures)| (op, captures, Vec::new()));
    // A line that ends with a function (`/usedRange`) called with arguments (`/usedRange(valuesOnly=true)`): an
    // argument the operation writes in the parentheses goes through its call setter; any other is the same
    // parameter as a query option (see `graph_docs_example_url::call_args_as_query`), through its query setter.
    let (op, captures, call) = direct
        .or_else(|| {
            forms.iter().find_map(|form| {
                let (prefix, call) = trailing_call(form)?;
                let takes_call: Vec<usize> = same_method
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let def = &ir.operations[i];
                        call.iter().all(|(name, _)| {
                            call_setter(def, name).is_some()
                                || query_param_setter(def, name).is_some()
                        })
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
        match call_setter(def, name) {
            Some(setter) => {
                let value = match &setter.ty {
                    None => Value::Str(unquote(text)),
                    Some(ty) => typed_value(ty, name, &unquote(text))?,
                };
                setters.push(SetterCall {
                    ident: setter.ident.clone(),
                    value,
                });
            }
            None => setters.push(query_setter(def, name, &unquote(text))?),
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
        BodyDef::Json(_) | BodyDef::Params { .. } | BodyDef::Bytes(_)
    ) && !has_body
    {
        return Err(SkipPlan::MissingBody);
    }
    Ok(CallPlan { op, args, setters })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_examples_are_planned() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/conformance-widgets");
        let docs = crate::load(&dir).unwrap();
        let options = crate::options::Options::for_folder("conformance-widgets");
        let ir = crate::ir::build(&docs, &options);
        let plans = plan(&docs, &ir, &Selection::default());
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
        // No line of the ping page reads a history: its example goes through the history page's operation.
        let history = call("api/widgethub-device-ping.md:65").unwrap();
        assert_eq!(
            ir.operations[history.op].location.file,
            std::path::Path::new("api/widgethub-device-history.md")
        );
        let elsewhere: Vec<bool> = plans.iter().map(|p| p.elsewhere).collect();
        assert_eq!(elsewhere.iter().filter(|e| **e).count(), 1);
        // `$search`, which the page does not list, goes through `.query`; an unknown option has no setter.
        let search = call("api/widgethub-device-get.md:99").unwrap();
        assert_eq!(
            search.setters,
            [SetterCall {
                ident: crate::names::snake("query"),
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
            .map(|s| (s.ident.word(), &s.value))
            .collect();
        assert_eq!(
            setters,
            [
                ("since", &Value::Literal(Primitive::Int32, "5".to_owned())),
                ("label", &Value::Str("o'clock".to_owned()))
            ]
        );
    }
}
