//! The macro's input: `docs: "docs", strict: false, include: ["api/user-*"], exclude: ["microsoft.graph.callRecords"],
//! types: ["microsoft.graph.user"], examples: true`, parsed with syn over proc_macro2. Every mistake is collected,
//! not only the first; an invalid glob is an error spanned on its string.

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprArray, ExprLit, Ident, Lit, LitStr, Token};

use crate::ir::select::Selection;

/// The options of one `generate!` call.
#[derive(Debug, Clone)]
pub struct Options {
    /// The docs folder, relative to the crate's manifest directory, with its span.
    pub docs: LitStr,
    /// Strict mode: every report entry becomes a compile error.
    pub strict: bool,
    /// Page selectors to keep (file globs relative to the docs folder, or namespaces); empty keeps all.
    pub include: Vec<String>,
    /// Page selectors to drop.
    pub exclude: Vec<String>,
    /// Types asked for by qualified name (`microsoft.graph.user`), generated with what they reach.
    pub types: Vec<String>,
    /// Emit `EXAMPLES`, every page example as data.
    pub examples: bool,
}

impl Options {
    /// Options for a folder with every default (used by `graph-docs expand`).
    pub fn for_folder(docs: &str) -> Self {
        Options {
            docs: LitStr::new(docs, Span::call_site()),
            strict: false,
            include: Vec::new(),
            exclude: Vec::new(),
            types: Vec::new(),
            examples: false,
        }
    }
}

/// One `key: value` entry.
struct Entry {
    key: Ident,
    value: Expr,
}

impl Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let value: Expr = input.parse()?;
        Ok(Entry { key, value })
    }
}

/// Parses the macro input. All errors are combined into one `syn::Error` (one `compile_error!` each).
pub fn parse(input: TokenStream) -> syn::Result<Options> {
    let entries = Punctuated::<Entry, Token![,]>::parse_terminated.parse2(input)?;
    let mut errors: Vec<syn::Error> = Vec::new();
    let mut docs = None;
    let mut strict = None;
    let mut include = None;
    let mut exclude = None;
    let mut types = None;
    let mut examples = None;
    for entry in entries {
        let key = entry.key.to_string();
        let duplicate = match key.as_str() {
            "docs" => set(&mut docs, string(&entry.value), &mut errors),
            "strict" => set(&mut strict, boolean(&entry.value), &mut errors),
            "include" => set(
                &mut include,
                selectors(&entry.value, "include"),
                &mut errors,
            ),
            "exclude" => set(
                &mut exclude,
                selectors(&entry.value, "exclude"),
                &mut errors,
            ),
            "types" => set(&mut types, strings(&entry.value), &mut errors),
            "examples" => set(&mut examples, boolean(&entry.value), &mut errors),
            _ => {
                errors.push(syn::Error::new(
                    entry.key.span(),
                    format!(
                        "graph-docs: unknown option `{key}`; expected one of docs, strict, include, exclude, types, examples"
                    ),
                ));
                false
            }
        };
        if duplicate {
            errors.push(syn::Error::new(
                entry.key.span(),
                format!("graph-docs: option `{key}` is given twice"),
            ));
        }
    }
    if docs.is_none() && errors.is_empty() {
        errors.push(syn::Error::new(
            Span::call_site(),
            "graph-docs: missing option `docs`, the doc folder relative to Cargo.toml, e.g. `docs: \"docs\"`",
        ));
    }
    match (docs, combine(errors)) {
        (Some(docs), None) => Ok(Options {
            docs,
            strict: strict.unwrap_or(false),
            include: include.unwrap_or_default(),
            exclude: exclude.unwrap_or_default(),
            types: types.unwrap_or_default(),
            examples: examples.unwrap_or(false),
        }),
        (_, Some(error)) => Err(error),
        (None, None) => Err(syn::Error::new(
            Span::call_site(),
            "graph-docs: missing option `docs`",
        )),
    }
}

/// Stores a parsed value; returns whether the key was already set.
fn set<T>(slot: &mut Option<T>, value: syn::Result<T>, errors: &mut Vec<syn::Error>) -> bool {
    match value {
        Ok(value) => slot.replace(value).is_some(),
        Err(error) => {
            errors.push(error);
            false
        }
    }
}

/// All errors as one.
pub fn combine(errors: Vec<syn::Error>) -> Option<syn::Error> {
    let mut iter = errors.into_iter();
    let mut first = iter.next()?;
    for error in iter {
        first.combine(error);
    }
    Some(first)
}

fn string(expr: &Expr) -> syn::Result<LitStr> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(lit.clone()),
        other => Err(syn::Error::new_spanned(
            other,
            "graph-docs: expected a string literal",
        )),
    }
}

fn boolean(expr: &Expr) -> syn::Result<bool> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        }) => Ok(lit.value),
        other => Err(syn::Error::new_spanned(
            other,
            "graph-docs: expected `true` or `false`",
        )),
    }
}

fn literals(expr: &Expr) -> syn::Result<Vec<LitStr>> {
    match expr {
        Expr::Array(ExprArray { elems, .. }) => elems.iter().map(string).collect(),
        other => Err(syn::Error::new_spanned(
            other,
            "graph-docs: expected a list of strings, e.g. `[\"api/user-*\"]`",
        )),
    }
}

fn strings(expr: &Expr) -> syn::Result<Vec<String>> {
    Ok(literals(expr)?.iter().map(LitStr::value).collect())
}

/// An `include` or `exclude` list: each glob is compiled here, so that an invalid one is an error on its string.
fn selectors(expr: &Expr, what: &str) -> syn::Result<Vec<String>> {
    let mut errors = Vec::new();
    let mut values = Vec::new();
    for lit in literals(expr)? {
        let value = vec![lit.value()];
        let checked = match what {
            "include" => Selection::new(&value, &[], &[]),
            _ => Selection::new(&[], &value, &[]),
        };
        if let Err(messages) = checked {
            errors.extend(
                messages
                    .into_iter()
                    .map(|m| syn::Error::new(lit.span(), format!("graph-docs: {m}"))),
            );
        }
        values.extend(value);
    }
    match combine(errors) {
        Some(error) => Err(error),
        None => Ok(values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn parses_every_option() {
        let options = parse(quote! {
            docs: "docs", strict: true, include: ["api/user-*", "microsoft.graph.industryData"], exclude: [], examples: true,
        })
        .unwrap();
        assert_eq!(options.docs.value(), "docs");
        assert!(options.strict && options.examples);
        assert_eq!(
            options.include,
            ["api/user-*", "microsoft.graph.industryData"]
        );
        assert!(options.exclude.is_empty());
    }

    #[test]
    fn types_and_invalid_globs() {
        let options = parse(quote! { docs: "docs", types: ["microsoft.graph.user"] }).unwrap();
        assert_eq!(options.types, ["microsoft.graph.user"]);
        let error =
            parse(quote! { docs: "docs", include: ["api/[x", "api/ok-*"], exclude: ["{a"] })
                .unwrap_err();
        let messages: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("`include` entry `api/[x` is not a valid glob"),
            "{messages:?}"
        );
    }

    #[test]
    fn defaults() {
        let options = parse(quote! { docs: "docs" }).unwrap();
        assert!(!options.strict && !options.examples && options.include.is_empty());
    }

    #[test]
    fn collects_every_error() {
        let error = parse(quote! { docs: 3, strict: "yes", colour: true }).unwrap_err();
        let messages: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[2].contains("unknown option `colour`"));
    }

    #[test]
    fn missing_docs_and_duplicates() {
        assert!(parse(quote! { strict: true })
            .unwrap_err()
            .to_string()
            .contains("missing option `docs`"));
        assert!(parse(quote! { docs: "a", docs: "b" })
            .unwrap_err()
            .to_string()
            .contains("given twice"));
    }
}
