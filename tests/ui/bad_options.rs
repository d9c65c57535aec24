// Every option mistake is reported, not only the first.
graph_docs_macro::generate! { docs: 3, strict: "yes", colour: true }

fn main() {}
