//! The `generate!` macro: a typed Microsoft Graph client from a folder of Graph reference pages.
//!
//! A thin shell over [`graph_docs_codegen::generate`]; see that crate for the generated API's shape.
//!
//! ```ignore
//! graph_docs_macro::generate! {
//!     docs: "docs",                 // the folder, relative to this crate's Cargo.toml
//!     strict: false,                // true: every skipped page or element is a compile error
//!     include: ["api/user-*"],      // file globs or namespaces to keep (default: all)
//!     exclude: ["microsoft.graph.callRecords"],
//!     examples: true,               // emit `EXAMPLES`, every page example as data
//! }
//! ```

use std::path::PathBuf;

/// Generates the typed client for a doc folder. See the [crate docs](crate).
#[proc_macro]
pub fn generate(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    graph_docs_codegen::generate(input.into(), &manifest_dir).into()
}
