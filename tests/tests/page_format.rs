//! Today's page format, as far as it differs from the 2020 pages, read from a fixture folder written for it
//! (`fixtures/today-format`): permissions in include files (with front matter, or starting with an HTML comment)
//! holding the three-column table with "Not available.", `### Permissions for specific scenarios`, request blocks
//! in ```` ```msgraph-interactive ```` and ```` ``` http ```` fences, tabbed code samples closed by `---`,
//! lower-case `collection(microsoft.graph.x)`, tables without closing (or any outer) pipes, a `name` array in a
//! response annotation, and pages without `doc_type` classified by their sections, with a warning.

use std::path::Path;

use graph_docs_codegen::page::diagnostics::{DiagnosticKind, Location};
use graph_docs_codegen::page::type_expr::TypeRef;
use graph_docs_codegen::page::{ApiPage, DocSet, HttpMethod, ResponseBody, Scopes};

fn docs() -> DocSet {
    graph_docs_codegen::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/today-format"))
        .unwrap()
}

fn page<'a>(docs: &'a DocSet, file: &str) -> &'a ApiPage {
    docs.api_pages
        .iter()
        .find(|p| p.file == Path::new(file))
        .unwrap_or_else(|| panic!("{file} not read as an API page"))
}

fn listed(scopes: &[&str]) -> Scopes {
    Scopes::Listed(scopes.iter().map(|s| s.to_string()).collect())
}

#[test]
fn permissions_in_include_files() {
    let docs = docs();
    // Include with front matter; "Not available." is no scope; the scenarios subsection adds none.
    let get = page(&docs, "api/kiosk-get.md");
    assert_eq!(
        get.permissions.delegated_work,
        listed(&["Kiosk.Read", "Kiosk.ReadWrite"])
    );
    assert_eq!(get.permissions.delegated_personal, Scopes::NotSupported);
    assert_eq!(get.permissions.application, listed(&["Kiosk.Read.All"]));
    assert_eq!(
        get.permissions.location,
        Some(Location::new(
            "includes/permissions/kiosk-get-permissions.md",
            7
        ))
    );
    // Include starting with an HTML comment, its table without outer pipes.
    let list = page(&docs, "api/kiosk-list.md");
    assert_eq!(
        list.permissions.application,
        listed(&["Kiosk.Read.All", "Kiosk.ReadWrite.All"])
    );
    assert_eq!(
        list.permissions.location,
        Some(Location::new(
            "includes/permissions/kiosk-list-permissions.md",
            2
        ))
    );
    assert!(docs
        .diagnostics
        .iter()
        .all(|d| d.kind != DiagnosticKind::Permissions && d.kind != DiagnosticKind::Table));
}

#[test]
fn request_fences_tabs_and_tables() {
    let docs = docs();
    let get = page(&docs, "api/kiosk-get.md");
    // ``` http (a space in the info string).
    assert_eq!(get.requests.len(), 1);
    assert_eq!(get.requests[0].method, HttpMethod::Get);
    assert_eq!(get.requests[0].raw, "GET /retail/kiosks/{kioskId}");
    // A header table without outer pipes.
    assert_eq!(get.headers.len(), 1);
    assert_eq!(get.headers[0].name, "Authorization");
    // The example in a ```msgraph-interactive fence under an `# [HTTP](#tab/http)` tab, the language tabs of
    // includes skipped, the response after `---` paired with it.
    assert_eq!(get.examples.len(), 1);
    let example = &get.examples[0];
    assert_eq!(example.request.method, Some(HttpMethod::Get));
    assert!(example
        .request
        .url
        .ends_with("/retail/kiosks/k1?$select=id,label"));
    let response = example.response.as_ref().unwrap();
    assert_eq!(response.status, Some(200));
    assert!(response.body.as_deref().unwrap().contains("Front door"));

    // A header table with leading pipes only.
    let list = page(&docs, "api/kiosk-list.md");
    assert_eq!(list.headers.len(), 1);
    assert!(matches!(
        &list.response.as_ref().unwrap().body,
        ResponseBody::Collection(t) if matches!(&t.ty, TypeRef::Named { name, .. } if name == "kiosk")
    ));
}

#[test]
fn a_response_annotation_naming_several_requests() {
    let docs = docs();
    let list = page(&docs, "api/kiosk-list.md");
    assert_eq!(list.examples.len(), 1);
    let response = list.examples[0].response.as_ref().unwrap();
    let annotation = response.annotation.as_ref().unwrap();
    assert_eq!(annotation.names, ["list_kiosks_top", "list_kiosks_filter"]);
    // The annotation's lower-case `collection(...)` type.
    let odata_type = annotation.odata_type.as_deref().unwrap();
    assert_eq!(odata_type, "collection(microsoft.graph.retail.kiosk)");
    let ty = graph_docs_codegen::page::type_expr::parse(odata_type, None, &annotation.location);
    assert!(ty.collection);
    assert!(matches!(&ty.ty, TypeRef::Named { name, .. } if name == "kiosk"));
}

#[test]
fn lower_case_collection_types() {
    let docs = docs();
    let kiosk = docs.resources.iter().find(|r| r.name == "kiosk").unwrap();
    let screens = kiosk
        .properties
        .iter()
        .find(|p| p.name == "screens")
        .unwrap();
    assert!(screens.ty.collection);
    assert!(matches!(
        &screens.ty.ty,
        TypeRef::Named { namespace: Some(ns), name, .. } if ns == "microsoft.graph.retail" && name == "screen"
    ));
    assert_eq!(kiosk.properties.len(), 3, "a table without closing pipes");
}

#[test]
fn pages_without_doc_type_are_classified_by_their_sections() {
    let docs = docs();
    let update = page(&docs, "api/kiosk-update.md");
    assert_eq!(update.requests[0].method, HttpMethod::Patch);
    let screen = docs
        .resources
        .iter()
        .find(|r| r.file == Path::new("resources/retail-screen.md"))
        .expect("a page with a Properties table and no front matter is a resource page");
    assert_eq!(screen.properties.len(), 3);
    let warned: Vec<String> = docs
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::DocType)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned[0].starts_with("api/kiosk-update.md:1: warning doc-type: no `doc_type` in the front matter; read as an API page"));
    assert!(warned[1].starts_with("resources/retail-screen.md:1: warning doc-type: no `doc_type` in the front matter; read as a resource page"));
    assert!(docs.skipped.is_empty(), "{:?}", docs.skipped);

    // The generated client has every page, the screen type included.
    let ir = graph_docs_codegen::ir::build(
        &docs,
        &graph_docs_codegen::options::Options::for_folder("today-format"),
    );
    assert_eq!(ir.callable_pages, 3);
    assert!(ir.report.is_empty(), "{:?}", ir.report);
    // A property linked to an enum's section of values on another page (`retail-kiosk.md#screenorientation-values`)
    // has that enum's type, not the type of the page the link names.
    let screen = ir
        .space
        .resolve_qualified("microsoft.graph.retail.screen")
        .expect("screen");
    let orientation = ir.model_fields[&screen]
        .iter()
        .find(|f| f.json == "orientation")
        .expect("orientation");
    let graph_docs_codegen::ir::types::RustType::Named(id) = orientation.ty else {
        panic!("{:?}", orientation.ty);
    };
    assert_eq!(ir.space.types[id].name, "screenOrientation");
}
