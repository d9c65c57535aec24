//! The `generate!` macro: a typed Microsoft Graph client from a folder of Graph reference pages.
//!
//! A thin shell over [`graph_docs_codegen::generate()`]; the generated API (modules, names, arguments, builders,
//! models) is described in `graph_docs_codegen::codegen`.
//!
//! ```ignore
//! mod graph {
//!     graph_docs_macro::generate! {
//!         docs: "docs",              // the folder, relative to this crate's Cargo.toml (never absolute)
//!         strict: false,             // true: every skipped page or element is a compile error naming file:line
//!         include: ["api/user-*"],   // file globs or namespaces to keep (default: everything)
//!         exclude: ["microsoft.graph.callRecords"],
//!         examples: true,            // emit `EXAMPLES` and `CONFORMANCE` (needs graph-runtime's `conformance` feature)
//!     }
//! }
//! // industry_data::azure_data_lake_connector::get_upload_session(&client, id).reset_session(true).await?
//! ```
//!
//! `examples: true` emits every page example as data (`EXAMPLES`, which graph-runtime's replay server serves) and
//! one conformance case per example (`CONFORMANCE`, run by `graph_runtime::conformance::run`). The cases use
//! graph-runtime's conformance support, which is compiled only with its `conformance` feature; without it, the
//! macro call is a compile error that names the feature. Enable it where you use `examples: true`, typically for
//! tests only:
//!
//! ```toml
//! [dependencies]
//! graph-runtime = { version = "0.1", features = ["conformance"] }   # or under [dev-dependencies]
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
//!
//! # The permission manifest: `PERMISSIONS`
//!
//! Beside `OPERATIONS`, the macro emits `PERMISSIONS`, a `graph_runtime::PermissionManifest`: per permission type
//! (`delegated_work`, `delegated_personal`, `application`), the least-privileged permissions the generated
//! operations need (`scopes`, space separated, ready for a sign-in's `scope`), each with the operations it is
//! chosen for (`grants`), and the operations the type cannot call (`not_supported`, the pages' "Not supported")
//! or whose page lists nothing for it (`not_documented`). `graph-docs permissions DIR --include ...` prints the
//! same manifest. So with `include` naming the pages an app uses, an app asks for exactly what it needs:
//!
//! ```ignore
//! let scope = graph::PERMISSIONS.delegated_work.scopes; // "Calendars.ReadWrite Files.ReadWrite Mail.Send ..."
//! ```
//!
//! Each page lists, per type, the permissions any one of which allows the call, least privileged first. Per type,
//! the permissions are chosen so that:
//!
//! 1. every operation is covered: its page's list holds at least one chosen permission;
//! 2. nothing is added beyond what some operation needs: only an operation's least privileged permission (the
//!    first of its list) is ever a candidate;
//! 3. candidates shared by more operations come first: each step takes the one found in the most lists of the
//!    operations not covered yet. If one operation needs User.Read (its list goes on with User.ReadWrite) and
//!    another needs User.ReadWrite (then User.ReadWrite.All), User.ReadWrite alone covers both: it is taken, and
//!    User.Read adds nothing;
//! 4. ties go to the permission placed lower in those lists (the pages' order, least privileged first), then to
//!    the one whose operation comes first in page order;
//! 5. at the end, a chosen permission whose operations the others all cover is dropped (the last taken first),
//!    so no permission implied by another one in the set stays.
//!
//! Names are compared without regard to case. With `graph_runtime::ClientBuilder::preflight(true)`, a request the
//! token's permissions cannot make fails before it is sent, naming the permission to add and the page.

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
