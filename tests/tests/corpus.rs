//! The real corpora in `../shared` through the generator: at least 97% of API pages callable, every other page in
//! the report with a located reason, and the generated clients compiling under `#![deny(warnings, missing_docs)]`
//! (the crate `tests/corpus`, built here with cargo; v1.0 and beta are also built, with their examples, by the
//! `conformance` test's crate). Skips loudly when `../shared` is absent.

use std::path::Path;

use graph_docs_tests::shared;

use graph_docs_codegen::options::Options;
use graph_docs_codegen::page::diagnostics::DiagnosticKind;

/// Builds the IR the macro builds, prints the figures, checks the callable share and the report.
fn check_corpus(dir: &Path) {
    let docs = graph_docs_codegen::load(dir).unwrap();
    let ir = graph_docs_codegen::ir::build(&docs, &Options::for_folder("corpus"));
    let share = ir.callable_pages as f64 / ir.api_pages as f64;
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for d in &ir.report {
        *kinds.entry(d.kind.as_str()).or_default() += 1;
    }
    println!(
        "{}: {} of {} API pages callable ({:.2}%), {} functions, {} types; report: {:?}",
        dir.display(),
        ir.callable_pages,
        ir.api_pages,
        share * 100.0,
        ir.operations.len(),
        ir.space.types.len(),
        kinds
    );
    assert!(
        share >= 0.97,
        "only {:.2}% of API pages are callable",
        share * 100.0
    );
    // Every page that did not become a function is in the report, with a located reason.
    for page in &docs.api_pages {
        if !ir.operations.iter().any(|op| op.location.file == page.file) {
            assert!(
                ir.report.iter().any(|d| d.location.file == page.file
                    && matches!(
                        d.kind,
                        DiagnosticKind::EmptyRequestBlock
                            | DiagnosticKind::DuplicateName
                            | DiagnosticKind::Skipped
                    )),
                "{} is not callable and not in the report",
                page.file.display()
            );
        }
    }
    for d in &ir.report {
        assert!(
            !d.location.file.as_os_str().is_empty() && !d.message.is_empty(),
            "{d:?}"
        );
    }
}

#[test]
fn v1_pages_become_functions() {
    if let Some(dir) = shared("graph-docs-2020/v1.0") {
        check_corpus(&dir);
    }
}

#[test]
fn beta_pages_become_functions() {
    if let Some(dir) = shared("graph-docs-2020/beta") {
        check_corpus(&dir);
    }
}

#[test]
fn industry_data_pages_become_functions() {
    if let Some(dir) = shared("graph-docs-industrydata/beta") {
        check_corpus(&dir);
    }
}

/// The tests of `tests/corpus`, which compile its clients under `#![deny(warnings, missing_docs)]` and check the
/// industry data folder's conformance, built in trybuild's target directory (test binaries run one after the other,
/// and the outer cargo holds the main target directory's lock).
#[test]
fn corpus_clients_compile_without_warnings_and_conform() {
    graph_docs_tests::nested_crate_tests(
        "corpus",
        &["graph-docs-industrydata/beta"],
        "the industry data client and its conformance",
    );
}
