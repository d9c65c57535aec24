//! End-to-end and compile-fail tests for graph-docs; see `tests/tests/`.
