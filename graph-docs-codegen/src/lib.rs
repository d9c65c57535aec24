//! graph-docs-codegen: reads a folder of Microsoft Graph reference pages and generates a typed Rust client.
//!
//! Uses only `proc_macro2`, so that the proc macro (`graph-docs-macro`) and the command-line tool
//! (`graph-docs`) share it and it can be unit-tested.
//!
//! The pipeline, one folder per stage:
//!
//! ```text
//! doc folder --read/--> page::DocSet --ir/--> ir::Ir --codegen/--> TokenStream
//!             (load)    (the page model)      (names, types,       (the client, SKIPPED,
//!                                              operations, report)  strict-mode errors)
//! ```
//!
//! - [`read`]: the reader, [`load()`](fn@load): one file per page kind and section.
//! - [`page`]: the page model it produces, with its path templates, type expressions and diagnostics.
//! - [`ir`]: every decision (which pages become functions, names, types, paths, setters, bodies, responses) and
//!   every problem, in [`ir::operations`] (a file per pass) and [`ir::types`]; [`names`] makes every Rust name.
//! - [`codegen`]: tokens from the IR, no decisions.
//!
//! Entry points: [`generate()`](fn@generate) (the macro), [`expand`] and [`check`] (the `graph-docs` tool).

#![deny(missing_docs)]

pub mod page;
pub mod read;

pub mod check;
pub mod codegen;
pub mod conformance;
pub mod expand;
pub mod generate;
pub mod ir;
pub mod names;
pub mod options;

pub use generate::generate;
pub use read::load::load;
