//! Snapshots of the generated code (`graph-docs expand`) for the fixture folders. The same folders are compiled
//! through the macro, under `#![deny(warnings, missing_docs)]`, by `generated_api.rs`, so every snapshot is code
//! that compiles. Review changes with `cargo insta review`.

use std::path::Path;

fn expanded(folder: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder);
    let code = graph_docs_codegen::expand::expand(&dir).unwrap();
    // `include_bytes!` paths are absolute; keep the snapshot independent of the checkout's location.
    code.replace(&format!("{}/", dir.display()), "<docs>/")
}

#[test]
fn bound_fixture() {
    insta::assert_snapshot!(expanded("bound"));
}

#[test]
fn unbound_fixture() {
    insta::assert_snapshot!(expanded("unbound"));
}

#[test]
fn relative_fixture() {
    insta::assert_snapshot!(expanded("relative"));
}

#[test]
fn seed_docs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let code = graph_docs_codegen::expand::expand(&dir).unwrap();
    // The seed page's function, derived from the docs' pages (docs/ itself is not frozen in a snapshot).
    assert!(code.contains("pub fn get_upload_session<'a>("), "{code}");
    assert!(code.contains(
        "/external/industryData/dataConnectors/{industryDataConnectorId}/microsoft.graph.industryData.azureDataLakeConnector/getUploadSession"
    ));
    assert!(code.contains("pub fn reset_session(self, value: bool) -> Self"));
}
