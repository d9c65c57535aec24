//! graph-docs-codegen: reads a folder of Microsoft Graph reference pages and generates a typed Rust client.
//!
//! Uses only `proc_macro2`, so that the proc macro (`graph-docs-macro`) and the command-line tool
//! (`graph-docs`) share it and it can be unit-tested.
//!
//! Reading side: [`page`] is the model, produced by [`load`]. Generating side: `ir`, then `codegen`.

#![deny(missing_docs)]

pub mod diagnostics;
pub mod page;
pub mod path_template;
pub mod type_expr;
