//! An app's selection from the real Graph reference: the crate `tests/selection` (25 API pages, no resource page,
//! from ../shared/graph-docs-2020/v1.0 and beta) built and tested with cargo, in trybuild's target directory as
//! the corpus crates are (test binaries run one after the other, and the outer cargo holds the main target
//! directory's lock). Its tests check the typed API and that the selected pages' examples still conform. Skips
//! loudly when ../shared is absent.

#[test]
fn an_apps_selection_builds_from_v1_and_beta_and_conforms() {
    graph_docs_tests::nested_crate_tests(
        "selection",
        &["graph-docs-2020/v1.0", "graph-docs-2020/beta"],
        "the selection crate",
    );
}
