//! `graph-docs`: check a doc folder, expand the generated code.
fn main() {}
