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
//!         include: ["api/user-*"],   // file globs or namespaces to generate from (default: everything)
//!         exclude: ["microsoft.graph.callRecords"], // pages to leave out, as if not in the folder
//!         types: ["microsoft.graph.user"],          // types to generate by name, with what they reach
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
//! # Selecting operations
//!
//! The folder can be the whole Graph reference, kept in place; `include` picks the operations an app calls, and
//! the build costs what those use:
//!
//! ```ignore
//! graph_docs_macro::generate! {
//!     docs: "graph-docs/v1.0",
//!     include: ["api/user-get.md", "api/user-sendmail.md", "api/driveitem-put-content.md"],
//! }
//! ```
//!
//! * `include` entries are file globs relative to the folder (`api/user-*.md`: `*` and `?` stay within a folder,
//!   `**` crosses folders, `{a,b}` is either, case is ignored) or namespaces (`microsoft.graph.industryData`,
//!   sub-namespaces included). An API page it matches becomes functions; a resource or enum page it matches
//!   asks for its type. `exclude` takes pages out of the folder altogether. `types` asks for types by qualified
//!   name, for code that builds models without calling an operation.
//! * With `include` or `types`, the selection is *narrow*: the models and enums generated are those the selected
//!   operations reach, even when no resource page is selected: request bodies, body parameters and responses;
//!   their properties, transitively; base types; enums; and the derived types a polymorphic collection names
//!   (the types the selected pages' examples name with `@odata.type`, such as `#microsoft.graph.fileAttachment`
//!   in `sendMail`'s message). A type nothing selected reaches is not generated.
//! * **Relationships** (a resource page's `## Relationships`: navigation properties) are followed only where the
//!   selected pages' examples show their values inline (they name the relationship's type, or one derived from
//!   it, with `@odata.type`). Any other relationship is typed when something else reaches its type, and kept
//!   losslessly as `serde_json::Value` (a `Vec` of them for a collection) when nothing does; its doc names the
//!   `types: [...]` entry that types it (`types: ["microsoft.graph.drive"]` makes `User::drive` a `Drive`).
//!   Followed transitively, relationships reach most of the model set: for 25 pages of an app (users, mail,
//!   drive items, groups, calendar events) from the v1.0 reference's 714 models, this rule reaches 65; without
//!   any relationship 62; with every derived type of a polymorphic collection 68; with every relationship 217,
//!   and 422 with both (`graph-docs-codegen`'s `selection` test prints them).
//! * Names do not depend on the selection: every resource and enum page of the folder declares its type, so
//!   `user::get` and `User` are the same whether 5 or 5,000 pages are selected, and each function is the one the
//!   whole folder gives (paths are spelled, and bound operations addressed, as the whole folder does).
//! * A narrow selection parses only its API pages in full (the others up to their examples) and tracks only the
//!   pages it uses (its API pages, the pages of its types, their includes). Its lenient report (`SKIPPED`) lists
//!   only the problems of those pages.
//! * `graph-docs expand DIR --include ... --explain` prints the code with, first, why each type is there
//!   (`microsoft.graph.passwordProfile: property `passwordProfile` of microsoft.graph.user, response of
//!   `user::get` (api/user-get.md:31)`); `graph-docs check DIR --include ...` prints the selection's report.
//!
//! # Rebuilds
//!
//! Editing a page the output comes from rebuilds the crate (the macro emits an `include_bytes!` per such file).
//! For a page that is *added* to be picked up too, put this one line in the crate's `build.rs`:
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
//! Beside `OPERATIONS` (a `graph_runtime::Operations`, which reads as a slice of `graph_runtime::Operation`: every
//! generated function's name, method, path template, source page and permissions, in page order), the macro
//! emits `PERMISSIONS`, a `graph_runtime::PermissionManifest`: per permission type
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
