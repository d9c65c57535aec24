//! The client generated from the Graph v1.0 reference (`../shared/graph-docs-2020/v1.0`), with its examples and
//! their conformance cases (`CONFORMANCE`).

#![deny(warnings, missing_docs)]
// The lenient report's entries are build warnings (deprecated items); they are listed in `SKIPPED`, not errors here.
#![allow(deprecated)]

graph_docs_macro::generate! { docs: "../../../shared/graph-docs-2020/v1.0", examples: true }
