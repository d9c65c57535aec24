//! `graph-docs expand DIR`: the code the macro generates for a folder, formatted with prettyplease, for reading
//! and diffing; with `--explain`, preceded by why each type is generated.

use std::path::Path;

use crate::codegen::generate_docset;
use crate::ir::reach;
use crate::ir::select::load_selected;
use crate::options::Options;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};

/// The generated code for `dir` (default options), formatted.
pub fn expand(dir: &Path) -> Result<String, Diagnostic> {
    expand_with(dir, &Options::for_folder(&dir.to_string_lossy()), false)
}

/// The generated code for `dir` with `options` (their `docs` is not read: `dir` is the folder), formatted; with
/// `explain`, first a `//` comment line per type the selection's operations, `types` and included pages reach,
/// naming the chain that reached it (`microsoft.graph.passwordProfile: property `passwordProfile` of
/// microsoft.graph.user, response of `user::get` (api/user-get.md:47)`).
pub fn expand_with(dir: &Path, options: &Options, explain: bool) -> Result<String, Diagnostic> {
    let docs = load_selected(dir, options)?;
    let code = generate_docset(&docs, options);
    let file: syn::File = syn::parse_str(&code).map_err(|e| {
        Diagnostic::error(
            DiagnosticKind::Codegen,
            Location::new(dir, 0),
            format!("generated code does not parse: {e}"),
        )
        .with_hint("this is a graph-docs bug; please report it with the folder")
    })?;
    let mut out = String::new();
    if explain {
        let ir = crate::ir::build(&docs, options);
        out.push_str(
            "// Why each type is generated: the chain from what the selection asks for.\n",
        );
        for line in reach::explain(&ir.space, &ir.reasons) {
            out.push_str(&format!("// {line}\n"));
        }
        out.push('\n');
    }
    out.push_str(&prettyplease::unparse(&file));
    Ok(out)
}
