graph_docs_macro::generate! { docs: "/usr/share/graph-docs" }

fn main() {}
