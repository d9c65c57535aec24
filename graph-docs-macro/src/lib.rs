//! The `generate!` macro. A thin shell over `graph_docs_codegen`.
