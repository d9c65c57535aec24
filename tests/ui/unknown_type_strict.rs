// A response that names a type no page defines.
graph_docs_macro::generate! { docs: "fixtures/unknown-type", strict: true }

fn main() {}
