// A path parameter table with a row that has no name.
graph_docs_macro::generate! { docs: "fixtures/malformed-table", strict: true }

fn main() {}
