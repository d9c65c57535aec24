//! Conformance (macro option `examples: true`): for every example of every selected page, the typed call that
//! reproduces its request, emitted as `CONFORMANCE` for `graph_runtime::conformance::run`, which renders each call
//! without sending it and checks it against the example.
//!
//! Planning works on the IR, emitting works on the plans:
//!
//! * [`plan`]: per example, the operation, its arguments and setters, or why there is none ([`plan::SkipPlan`]);
//!   it reads the example's URL with `graph_docs_example_url`, the reader graph-runtime's checker uses, so the
//!   example is read one way everywhere;
//! * `paths`: the example's path matched against the operations' path templates;
//! * `query`: the setter each query pair and function argument goes through;
//! * `values`: the values taken from the example's text, and how each is passed;
//! * [`tokens`]: the `CONFORMANCE` table.

pub mod plan;
pub mod tokens;

mod paths;
mod query;
mod values;
