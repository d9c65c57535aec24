//! The reader on the real reference pages in ../shared: no panic, the thresholds, located
//! reasons for every skipped page. When the data is absent, the tests say so loudly and return.

use std::path::{Path, PathBuf};

use graph_docs_codegen::page::diagnostics::DiagnosticKind;
use graph_docs_codegen::page::DocSet;
use graph_docs_codegen::read::summary::{percent, Summary};

fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "\n**********\nSKIPPED: ../shared/{rel} not found ({})\n**********\n",
            path.display()
        );
        None
    }
}

/// Load, print the summary, and assert what holds for every corpus.
fn check(root: &Path) -> (DocSet, Summary) {
    let set = graph_docs_codegen::load(root).expect("the corpus folder is readable");
    let s = Summary::of(&set);
    println!("{}\n{s}", root.display());
    assert!(s.api_pages > 0);
    let with_lines = percent(s.pages_with_request_lines, s.api_pages);
    assert!(
        with_lines >= 99.5,
        "only {with_lines:.2}% of API pages give a request line"
    );
    let classified = percent(s.classified_responses, s.api_pages);
    assert!(
        classified >= 98.0,
        "only {classified:.2}% of API pages have a classified response"
    );
    let paired = percent(s.paired_annotated_requests, s.annotated_requests);
    assert!(
        paired >= 99.0,
        "only {paired:.2}% of annotated example requests are paired"
    );
    for skipped in &set.skipped {
        assert!(
            skipped.location.line > 0,
            "skipped page without a line: {skipped}"
        );
        assert!(
            !skipped.location.file.as_os_str().is_empty(),
            "skipped page without a file: {skipped}"
        );
        assert!(
            !skipped.message.is_empty(),
            "skipped page without a reason: {skipped}"
        );
    }
    for d in &set.diagnostics {
        assert!(
            !d.location.file.as_os_str().is_empty(),
            "diagnostic without a file: {d}"
        );
    }
    (set, s)
}

#[test]
fn graph_v1_corpus() {
    let Some(root) = shared("graph-docs-2020/v1.0") else {
        return;
    };
    let (set, s) = check(&root);
    assert_eq!(s.api_pages, 1563);
    assert_eq!(
        s.resource_pages, 717,
        "673 + 38 quoted + 6 `resourcePageType_` resource pages"
    );
    assert!(s.request_lines >= 2800, "{} request lines", s.request_lines);
    assert!(s.annotated_requests >= 800);
    // Every request line parsed into at least one segment and kept its location.
    for page in &set.api_pages {
        for r in &page.requests {
            assert!(!r.template.segments.is_empty(), "{}: {}", r.location, r.raw);
            assert_eq!(r.location.file, page.file);
        }
    }
    // Case-insensitive links: a Response link that differs in case from the file still resolves.
    assert_eq!(
        s.diagnostics.get(DiagnosticKind::BrokenLink.as_str()),
        None,
        "{:?}",
        s.diagnostics
    );
    // "(from most to least privileged)" tables come out least privileged first.
    let page = set
        .api_pages
        .iter()
        .find(|p| p.file == Path::new("api/intune-apps-androidlobapp-create.md"))
        .unwrap();
    assert!(
        matches!(&page.permissions.delegated_work, graph_docs_codegen::page::Scopes::Listed(v) if v == &["DeviceManagementApps.ReadWrite.All"])
    );
    // drive-get.md: five requests share one response.
    let drive = set
        .api_pages
        .iter()
        .find(|p| p.file == Path::new("api/drive-get.md"))
        .unwrap();
    assert_eq!(drive.requests.len(), 5);
    assert_eq!(drive.examples.len(), 5);
    assert!(drive
        .examples
        .iter()
        .all(|e| e.response.as_ref().and_then(|r| r.status) == Some(200)));
}

#[test]
fn graph_beta_corpus() {
    let Some(root) = shared("graph-docs-2020/beta") else {
        return;
    };
    let (set, s) = check(&root);
    assert_eq!(s.api_pages, 3944, "3,942 in api/, two in resources/");
    // The page whose header table holds an invisible U+202C: removed, with a located warning.
    let unsafe_text: Vec<String> = set
        .diagnostics
        .iter()
        .filter(|d| d.kind == graph_docs_codegen::page::diagnostics::DiagnosticKind::UnsafeText)
        .map(|d| d.location.to_string())
        .collect();
    assert_eq!(
        unsafe_text,
        [
            "api/printdocument-uploaddata.md:42",
            "api/printdocument-uploaddata.md:43"
        ]
    );
}

#[test]
fn industry_data_corpus() {
    let Some(root) = shared("graph-docs-industrydata/beta") else {
        return;
    };
    let (set, s) = check(&root);
    assert_eq!(s.api_pages, 33);
    assert_eq!(s.resource_pages, 13);
    // Include-based pages take their permissions from the include files.
    let from_includes: Vec<_> = set
        .api_pages
        .iter()
        .filter_map(|p| p.permissions.location.as_ref())
        .filter(|l| l.file.starts_with("includes/permissions"))
        .collect();
    assert!(from_includes.len() >= 7, "{from_includes:?}");
    assert!(from_includes.iter().all(|l| l.line > 0));
    // The three missing permission includes are reported where they are included.
    let missing: Vec<_> = set
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::MissingInclude)
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(missing
        .iter()
        .all(|d| d.location.file.starts_with("api") && d.location.line > 0));
    // Every include file read is listed, so edits trigger rebuilds.
    assert!(
        set.files
            .iter()
            .filter(|f| f.starts_with("includes"))
            .count()
            == 7
    );
}
