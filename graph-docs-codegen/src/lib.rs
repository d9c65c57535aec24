//! graph-docs-codegen: reads a folder of Microsoft Graph reference pages and generates a typed Rust client.
//!
//! Uses only `proc_macro2`, so that the proc macro (`graph-docs-macro`) and the command-line tool
//! (`graph-docs`) share it and it can be unit-tested.
//!
//! Reading side: [`page`] is the model, produced by [`load()`](fn@load). Generating side: `ir`, then `codegen`.

#![deny(missing_docs)]

pub mod diagnostics;
pub mod page;
pub mod path_template;
pub mod type_expr;

pub mod annotation;
pub mod api_page;
pub mod enum_page;
pub mod examples;
pub mod files;
pub mod front_matter;
pub mod include;
pub mod links;
pub mod load;
pub mod markdown;
pub mod params;
pub mod permissions;
pub mod request_line;
pub mod resource_page;
pub mod response;
pub mod safe_text;
pub mod summary;
pub mod table;
pub mod text;

pub mod codegen;
pub mod expand;
pub mod generate;
pub mod ir;
pub mod names;
pub mod options;

pub use generate::generate;
pub use load::load;
