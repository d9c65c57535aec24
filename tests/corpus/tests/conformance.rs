//! Conformance of the industry data namespace, the one folder in `../shared` in today's page format (2022-2025
//! revisions): every example's request rendered through the typed API and its response decoded by the typed models.
//! Prints every example that does not conform, with its reason, and asserts the figures reached as floors.

#[test]
fn industry_data_examples_conform() {
    let report = graph_runtime::conformance::run(graph_docs_corpus::industry_data::CONFORMANCE);
    println!("== industry data ==\n{report}");
    assert_eq!(report.outcomes.len(), 33);
    // All but `sourceSystemDefinition: delete`, whose request line says POST where its example sends DELETE.
    assert!(report.requests_reproduced() >= 32, "{report}");
    assert!(report.responses_lossless() >= 33, "{report}");
}
