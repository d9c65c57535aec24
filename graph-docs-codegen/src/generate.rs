//! The macro's entry point: options, the docs folder (relative to the crate's `CARGO_MANIFEST_DIR`, never
//! absolute), the reader, then the code generator. Every problem becomes a `compile_error!` spanned on the
//! macro call (or on the offending option); all of them are reported, not only the first. A narrow selection
//! parses only the API pages it selects.

use std::path::Path;

use proc_macro2::TokenStream;

use crate::codegen::generate_docset;
use crate::ir::select::Selection;
use crate::options::{self, Options};
use crate::read::load::load_with;

/// Expands a `generate! { docs: "docs", ... }` call made in the crate whose manifest directory is
/// `manifest_dir`: the generated code as source text (the proc macro hands it to the compiler's parser), or the
/// `compile_error!`s of bad options or an unreadable folder, spanned on the call.
///
/// Text, not tokens: the client of a large folder is millions of tokens, which would cost a few hundred MB held at
/// once in the compiler's process (the macro runs inside it); each item's tokens are written out and dropped as
/// soon as they are built.
pub fn generate(input: TokenStream, manifest_dir: &Path) -> Result<String, TokenStream> {
    let options = options::parse(input).map_err(|error| error.to_compile_error())?;
    let docs = load_docs(&options, manifest_dir).map_err(|error| error.to_compile_error())?;
    Ok(with_fallback_tokens(|| generate_docset(&docs, &options)))
}

/// The `compile_error!` for generated code the compiler cannot lex: a graph-docs bug, never the user's.
pub fn unlexable() -> TokenStream {
    syn::Error::new(
        proc_macro2::Span::call_site(),
        "graph-docs: the generated code does not lex; this is a graph-docs bug: please report it with the docs folder (`graph-docs expand` shows the code)",
    )
    .to_compile_error()
}

/// Runs `generate` with proc_macro2's own token implementation instead of the compiler's: building megabytes of
/// tokens through the compiler's bridge costs a call per token. The generated code holds no input tokens (every
/// span is the call site), so nothing is lost.
fn with_fallback_tokens<T>(generate: impl FnOnce() -> T) -> T {
    proc_macro2::fallback::force();
    let out = generate();
    proc_macro2::fallback::unforce();
    out
}

/// Reads the folder the options name.
fn load_docs(options: &Options, manifest_dir: &Path) -> syn::Result<crate::page::DocSet> {
    let docs = options.docs.value();
    let relative = Path::new(&docs);
    if relative.is_absolute() || docs.starts_with('/') || docs.starts_with('\\') {
        return Err(syn::Error::new(
            options.docs.span(),
            format!("graph-docs: `docs` must be relative to the crate's Cargo.toml, but `{docs}` is absolute; write e.g. `docs: \"docs\"`"),
        ));
    }
    let root = manifest_dir.join(relative);
    if !root.is_dir() {
        return Err(syn::Error::new(
            options.docs.span(),
            format!("graph-docs: docs folder `{docs}` not found: no such directory next to the crate's Cargo.toml (CARGO_MANIFEST_DIR)"),
        ));
    }
    let selection =
        Selection::new(&options.include, &options.exclude, &options.types).map_err(|errors| {
            syn::Error::new(
                options.docs.span(),
                format!("graph-docs: {}", errors.join("; ")),
            )
        })?;
    load_with(&root, &|file| selection.needs_reading(file))
        .map_err(|d| syn::Error::new(options.docs.span(), format!("graph-docs: {d}")))
}
