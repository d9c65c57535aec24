mod graph {
    graph_docs_macro::generate! { docs: "../docs", examples: true }
}
#[test]
fn docs() {
    let report = graph_runtime::conformance::run(graph::CONFORMANCE);
    println!("{report}");
}
