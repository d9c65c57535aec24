//! The seed page in docs/ parses to what the issue requires.

use std::path::Path;

use graph_docs_codegen::page::diagnostics::{DiagnosticKind, Location};
use graph_docs_codegen::page::{ResponseBody, Scopes};
use graph_docs_codegen::page::type_expr::{Primitive, TypeRef};

const SEED: &str = "industrydata-azuredatalakeconnector-getuploadsession.md";

fn listed(scopes: &[&str]) -> Scopes {
    Scopes::Listed(scopes.iter().map(|s| s.to_string()).collect())
}

#[test]
fn seed_page_parses_to_its_model() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let set = graph_docs_codegen::load(&docs).expect("docs/ is readable");
    let page = set
        .api_pages
        .iter()
        .find(|p| p.file == Path::new(SEED))
        .expect("the seed page is an API page");

    assert_eq!(page.title, "azureDataLakeConnector: getUploadSession");
    assert_eq!(page.title_location, Location::new(SEED, 10));
    assert_eq!(page.namespace, "microsoft.graph.industryData");

    assert_eq!(
        page.permissions.delegated_work,
        listed(&["EduAdministration.Read", "EduAdministration.ReadWrite"])
    );
    assert_eq!(page.permissions.delegated_personal, Scopes::NotSupported);
    assert_eq!(
        page.permissions.application,
        listed(&[
            "EduAdministration.Read.All",
            "EduAdministration.ReadWrite.All"
        ])
    );
    assert_eq!(page.permissions.location, Some(Location::new(SEED, 22)));

    assert_eq!(page.function_params.len(), 1);
    let p = &page.function_params[0];
    assert_eq!(p.name, "resetSession");
    assert_eq!(
        p.ty.as_ref().map(|t| (&t.ty, t.collection)),
        Some((&TypeRef::Primitive(Primitive::Boolean), false))
    );
    assert_eq!(p.location, Location::new(SEED, 46));

    let response = page.response.as_ref().expect("a response");
    assert_eq!(response.status, vec![200]);
    match &response.body {
        ResponseBody::Single(t) => match &t.ty {
            TypeRef::Named { name, .. } => assert_eq!(name, "fileUploadSession"),
            other => panic!("response type {other:?}"),
        },
        other => panic!("response body {other:?}"),
    }

    // The request section is empty: no request lines, but its location is kept for the generator.
    assert!(page.requests.is_empty());
    assert_eq!(page.request_section, Some(Location::new(SEED, 28)));

    let of_kind = |kind| {
        set.diagnostics
            .iter()
            .filter(|d| d.kind == kind && d.location.file == Path::new(SEED))
            .collect::<Vec<_>>()
    };
    let empty_block = of_kind(DiagnosticKind::EmptyRequestBlock);
    assert_eq!(empty_block.len(), 1, "{empty_block:?}");
    assert_eq!(empty_block[0].location, Location::new(SEED, 35));
    let empty_example = of_kind(DiagnosticKind::Example);
    assert_eq!(empty_example.len(), 1, "{empty_example:?}");
    assert_eq!(empty_example[0].location, Location::new(SEED, 74));

    // The example request is empty but still paired with the response.
    assert_eq!(page.examples.len(), 1);
    assert_eq!(page.examples[0].request.method, None);
    assert_eq!(
        page.examples[0].response.as_ref().and_then(|r| r.status),
        Some(200)
    );
}
