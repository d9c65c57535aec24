//! The clients generated from the real Graph reference pages in `../shared` (see `tests/tests/corpus.rs`).

#![deny(warnings, missing_docs)]

// The v1.0 and beta references (2020) are compiled, with their examples, under the same lints by the conformance
// test's crate (`tests/conformance-corpus`); they are not compiled twice.

/// The industry data namespace (beta, 2022-2025 revisions).
#[allow(deprecated)] // lenient mode: the pages it skips are build warnings, listed in `industry_data::SKIPPED`
pub mod industry_data {
    graph_docs_macro::generate! { docs: "../../../shared/graph-docs-industrydata/beta", examples: true }
}
