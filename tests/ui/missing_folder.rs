graph_docs_macro::generate! { docs: "fixtures/no-such-folder" }

fn main() {}
