// Two pages titled `thing: get` both generate `thing::get`.
graph_docs_macro::generate! { docs: "fixtures/duplicate-name", strict: true }

fn main() {}
