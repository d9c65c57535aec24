// A page whose request block is empty and whose title names no bound operation.
graph_docs_macro::generate! { docs: "fixtures/empty-request", strict: true }

fn main() {}
