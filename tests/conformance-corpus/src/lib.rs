//! The clients generated from the Graph v1.0 and beta references (`../shared/graph-docs-2020/{v1.0,beta}`),
//! with their examples and their conformance cases (`CONFORMANCE`). Compiling this crate is also the proof that
//! both folders build through the macro under `#![deny(warnings, missing_docs)]`.

#![deny(warnings, missing_docs)]
// The lenient report's entries are build warnings (deprecated items); they are listed in `SKIPPED`, not errors here.
#![allow(deprecated)]

/// Microsoft Graph v1.0 (2020 reference: 1,563 API pages, 897 resource pages).
pub mod v1 {
    graph_docs_macro::generate! { docs: "../../../shared/graph-docs-2020/v1.0", examples: true }
}

/// Microsoft Graph beta (2020 reference: 3,942 API pages, 2,274 resource pages).
pub mod beta {
    graph_docs_macro::generate! { docs: "../../../shared/graph-docs-2020/beta", examples: true }
}
