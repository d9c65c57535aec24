//! graph-docs-codegen: reads a folder of Microsoft Graph reference pages and generates a typed Rust client.
//!
//! Uses only `proc_macro2`, so that the proc macro (`graph-docs-macro`) and the command-line tool
//! (`graph-docs`) share it and it can be unit-tested.
//!
//! Reading side: [`page`] is the model, produced by [`load()`](fn@load). Generating side: `ir`, then `codegen`.

#![deny(missing_docs)]

pub mod page;
pub mod read;

pub mod codegen;
pub mod conformance;
pub mod expand;
pub mod generate;
pub mod ir;
pub mod names;
pub mod options;

pub use generate::generate;
pub use read::load::load;
