//! Conformance over the whole v1.0 corpus: every annotated example's request rendered through the typed API and
//! its response decoded by the typed models. Prints the counts per reason and asserts the figures reached as
//! floors (run by `graph-docs-tests`'s `conformance` test).

use graph_docs_conformance_corpus::CONFORMANCE;

/// Annotated request blocks in v1.0 (`<!-- { "blockType": "request", ... } -->`).
const ANNOTATED: usize = 872;
/// Floor: annotated examples whose request the typed API reproduces exactly (90% of 872 is 785).
const REQUESTS_FLOOR: usize = 795;
/// Floor: annotated examples whose response decodes and re-serializes with nothing lost (90% of 872 is 785).
const RESPONSES_FLOOR: usize = 822;

#[test]
fn v1_examples_conform() {
    let report = graph_runtime::conformance::run(CONFORMANCE);
    let annotated = report.annotated();
    println!("== all examples ==\n{}", report.summary());
    println!("== annotated examples ==\n{}", annotated.summary());
    println!("== annotated examples that do not conform ==\n{annotated}");
    assert_eq!(annotated.outcomes.len(), ANNOTATED);
    assert!(
        annotated.requests_reproduced() >= REQUESTS_FLOOR,
        "requests reproduced: {} < {REQUESTS_FLOOR}",
        annotated.requests_reproduced()
    );
    assert!(
        annotated.responses_lossless() >= RESPONSES_FLOOR,
        "responses decoded losslessly: {} < {RESPONSES_FLOOR}",
        annotated.responses_lossless()
    );
}
