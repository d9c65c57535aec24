//! The setter a query pair or a function argument goes through: an OData option the page documents, a query or
//! function parameter, or the request's own `.query(name, value)` for a system query option the page does not list.

use super::plan::{SetterCall, SkipPlan, Value};
use super::values::{bad, literal, typed_value};
use crate::ir::operations::{OperationDef, Setter};
use crate::names;
use crate::page::type_expr::Primitive;
use crate::page::ODataOption;
use graph_docs_example_url::split_top_level;

/// The setter of a function argument the operation writes in the parentheses its path ends with.
pub(super) fn call_setter<'o>(op: &'o OperationDef, name: &str) -> Option<&'o Setter> {
    op.setters
        .iter()
        .find(|s| s.call && s.wire.eq_ignore_ascii_case(name))
}

/// The setter of a query or function parameter the operation sends in the query.
pub(super) fn query_param_setter<'o>(op: &'o OperationDef, name: &str) -> Option<&'o Setter> {
    op.setters
        .iter()
        .find(|s| !s.call && s.wire.eq_ignore_ascii_case(name))
}

/// The setter for one query pair: an OData option the page documents, or a query or function parameter.
pub(super) fn query_setter(
    def: &OperationDef,
    key: &str,
    value: &str,
) -> Result<SetterCall, SkipPlan> {
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
    let Some(setter) = query_param_setter(def, key) else {
        // An OData system query option the page does not list: Graph accepts `$select` on every resource and the
        // other options on most, so the request's own `.query(name, value)` sends it.
        if is_system_query_option(key) {
            return Ok(SetterCall {
                ident: names::snake("query"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_query_options_are_recognised() {
        assert!(is_system_query_option("$select"));
        assert!(is_system_query_option("$SkipToken"));
        assert!(is_system_query_option("expand"));
        assert!(!is_system_query_option("skiptoken"));
        assert!(!is_system_query_option("$unknown"));
        assert!(!is_system_query_option("startDateTime"));
    }
}
