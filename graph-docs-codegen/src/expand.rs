//! `graph-docs expand DIR`: the code the macro generates for a folder, formatted with prettyplease, for reading
//! and diffing.

use std::path::Path;

use crate::codegen::generate_docset;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::options::Options;

/// The generated code for `dir` (default options), formatted.
pub fn expand(dir: &Path) -> Result<String, Diagnostic> {
    let docs = crate::load(dir)?;
    let code = generate_docset(&docs, &Options::for_folder(&dir.to_string_lossy()));
    let file: syn::File = syn::parse_str(&code).map_err(|e| {
        Diagnostic::error(
            DiagnosticKind::Codegen,
            Location::new(dir, 0),
            format!("generated code does not parse: {e}"),
        )
        .with_hint("this is a graph-docs bug; please report it with the folder")
    })?;
    Ok(prettyplease::unparse(&file))
}
