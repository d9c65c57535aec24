//! Conformance over the whole v1.0 and beta references: every annotated example's request rendered through the
//! typed API and its response decoded by the typed models. Prints the counts per reason and asserts the figures
//! reached as floors (run by `graph-docs-tests`'s `conformance` test). With `GRAPH_DOCS_ALL_EXAMPLES` set, it also
//! lists every example of each folder that does not conform, annotated or not.

use graph_docs_conformance_corpus::{beta, v1};
use graph_runtime::conformance::Case;

/// One folder's figures: annotated request blocks (`<!-- { "blockType": "request", ... } -->`), and the floors
/// for requests the typed API reproduces exactly and responses that decode and re-serialize with nothing lost.
struct Floors {
    annotated: usize,
    requests: usize,
    responses: usize,
}

fn conforms(folder: &str, cases: &[Case], floors: Floors) {
    let report = graph_runtime::conformance::run(cases);
    let annotated = report.annotated();
    if std::env::var_os("GRAPH_DOCS_ALL_EXAMPLES").is_some() {
        println!("== {folder}: all examples that do not conform ==\n{report}");
    }
    println!("== {folder}: all examples ==\n{}", report.summary());
    println!("== {folder}: annotated examples ==\n{}", annotated.summary());
    println!("== {folder}: annotated examples that do not conform, or conform through another page's operation ==\n{annotated}");
    assert_eq!(annotated.outcomes.len(), floors.annotated, "{folder}");
    assert!(
        annotated.requests_reproduced() >= floors.requests,
        "{folder}: requests reproduced: {} < {}",
        annotated.requests_reproduced(),
        floors.requests
    );
    assert!(
        annotated.responses_lossless() >= floors.responses,
        "{folder}: responses decoded losslessly: {} < {}",
        annotated.responses_lossless(),
        floors.responses
    );
}

#[test]
fn v1_examples_conform() {
    conforms(
        "v1.0",
        v1::CONFORMANCE,
        Floors {
            annotated: 872,
            // 95.4% (95% is 829); 11 of them through another page's operation.
            requests: 832,
            // 98.2% (96% is 838).
            responses: 856,
        },
    );
}

#[test]
fn beta_examples_conform() {
    conforms(
        "beta",
        beta::CONFORMANCE,
        Floors {
            annotated: 1549,
            // 92.9%; the target is 95% (1,472). 11 of them through another page's operation.
            requests: 1439,
            // 98.0% (96% is 1,488).
            responses: 1518,
        },
    );
}
