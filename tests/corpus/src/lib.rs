//! The clients generated from the real Graph reference pages in `../shared` (see `tests/tests/corpus.rs`).

#![deny(warnings, missing_docs)]

/// Microsoft Graph v1.0 (2020 reference: 1,563 API pages, 897 resource pages).
#[allow(deprecated)] // lenient mode: the pages it skips are build warnings, listed in `v1::SKIPPED`
pub mod v1 {
    graph_docs_macro::generate! { docs: "../../../shared/graph-docs-2020/v1.0" }
}

/// The industry data namespace (beta, 2022-2025 revisions).
#[allow(deprecated)]
pub mod industry_data {
    graph_docs_macro::generate! { docs: "../../../shared/graph-docs-industrydata/beta", examples: true }
}
