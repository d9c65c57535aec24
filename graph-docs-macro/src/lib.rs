//! The `generate!` macro: a typed Microsoft Graph client from a folder of Graph reference pages.
//!
//! A thin shell over [`graph_docs_codegen::generate`]; the generated API (modules, names, arguments, builders,
//! models) is described in `graph_docs_codegen::codegen`.
//!
//! ```ignore
//! mod graph {
//!     graph_docs_macro::generate! {
//!         docs: "docs",              // the folder, relative to this crate's Cargo.toml (never absolute)
//!         strict: false,             // true: every skipped page or element is a compile error naming file:line
//!         include: ["api/user-*"],   // file globs or namespaces to keep (default: everything)
//!         exclude: ["microsoft.graph.callRecords"],
//!         examples: true,            // emit `EXAMPLES`, every page example as data
//!     }
//! }
//! // industry_data::azure_data_lake_connector::get_upload_session(&client, id).reset_session(true).await?
//! ```
//!
//! Editing a page rebuilds the crate (the macro emits an `include_bytes!` per file it reads). For a page that is
//! *added* to be picked up too, put this one line in the crate's `build.rs`:
//!
//! ```ignore
//! fn main() {
//!     println!("cargo:rerun-if-changed=docs");
//! }
//! ```
//!
//! In lenient mode (the default) each page that cannot become a function is a build warning and an entry of the
//! generated `SKIPPED` list; put `#[allow(deprecated)]` on the module around the macro to silence the warnings
//! (for example under `#![deny(warnings)]`).

use std::path::PathBuf;

/// Generates the typed client for a doc folder. See the [crate docs](crate).
#[proc_macro]
pub fn generate(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    match graph_docs_codegen::generate(input.into(), &manifest_dir) {
        Ok(code) => code
            .parse()
            .unwrap_or_else(|_| graph_docs_codegen::generate::unlexable().into()),
        Err(errors) => errors.into(),
    }
}
