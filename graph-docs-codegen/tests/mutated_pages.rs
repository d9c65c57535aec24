//! Property test: real pages, mutated (truncated, lines deleted, bytes swapped and inserted), never make
//! the reader panic. The result is always a doc set with located diagnostics (or, for a folder, a
//! located error). 10,000 single-page cases plus a few hundred whole-folder cases with raw bytes.
//!
//! The whole pipeline too: 10,000 mutated small pages go through the reader, the IR and the code generator,
//! and the generated code always parses as a Rust file. Small pages keep a case cheap (a debug build reads,
//! generates and parses a 3 KB page in about a millisecond); `PROPTEST_CASES` sets another count.

use std::path::{Path, PathBuf};

use graph_docs_codegen::codegen::generate_docset;
use graph_docs_codegen::options::Options;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const SEED: &str = "industrydata-azuredatalakeconnector-getuploadsession.md";

/// The seed page, plus a fixed sample of pages of every kind from ../shared when it is present.
fn pages() -> Vec<(PathBuf, Vec<u8>)> {
    sample(&[
        "graph-docs-2020/v1.0/api/drive-get.md",
        "graph-docs-2020/v1.0/api/user-list.md",
        "graph-docs-2020/v1.0/api/intune-apps-androidlobapp-create.md",
        "graph-docs-2020/v1.0/api/calendar-get.md",
        "graph-docs-2020/v1.0/api/attachment-get.md",
        "graph-docs-2020/v1.0/api/profilephoto-get.md",
        "graph-docs-2020/v1.0/api/range-entirerow.md",
        "graph-docs-2020/v1.0/api/driveitem-get-content-format.md",
        "graph-docs-2020/v1.0/api/intune-shared-devicemanagement-get.md",
        "graph-docs-2020/v1.0/resources/user.md",
        "graph-docs-2020/v1.0/resources/calendarpermission.md",
        "graph-docs-2020/v1.0/resources/enums.md",
        "graph-docs-2020/v1.0/resources/intune-onboarding-mdmauthority.md",
        "graph-docs-industrydata/beta/api/industrydata-inboundflow-list.md",
        "graph-docs-industrydata/beta/resources/industrydata-inboundfileflow.md",
        "graph-docs-industrydata/beta/includes/permissions/industrydata-industrydatarun-get-permissions.md",
    ])
}

/// The seed page, plus small pages of every kind from ../shared (API pages with and without request lines, a
/// function, an enum page), for the whole pipeline.
fn small_pages() -> Vec<(PathBuf, Vec<u8>)> {
    sample(&[
        "graph-docs-2020/v1.0/api/range-entirerow.md",
        "graph-docs-2020/v1.0/api/intune-shared-devicemanagement-get.md",
        "graph-docs-2020/v1.0/resources/intune-onboarding-mdmauthority.md",
        "graph-docs-industrydata/beta/api/industrydata-inboundflow-list.md",
    ])
}

/// The seed page and the pages `sample` names in ../shared, when it is present.
fn sample(sample: &[&str]) -> Vec<(PathBuf, Vec<u8>)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let seed = manifest.join("../docs").join(SEED);
    out.push((
        PathBuf::from(SEED),
        std::fs::read(&seed).expect("the seed page is in docs/"),
    ));
    let shared = manifest.join("../../shared");
    let mut found = 0;
    for rel in sample {
        if let Ok(bytes) = std::fs::read(shared.join(rel)) {
            let name = Path::new(rel)
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_default();
            out.push((Path::new("api").join(name), bytes));
            found += 1;
        }
    }
    if found == 0 {
        eprintln!("\n**********\nSKIPPED: ../shared/ not found; mutating the seed page only\n**********\n");
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    DeleteLine(usize),
    Swap(usize, usize),
    Insert(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DeleteLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        // Bytes that matter to the reader: markup, brackets, quotes, newlines, and arbitrary ones.
        (
            any::<usize>(),
            prop_oneof![
                Just(b'|'),
                Just(b'`'),
                Just(b'{'),
                Just(b'}'),
                Just(b'\n'),
                Just(b'#'),
                Just(b'<'),
                Just(b'-'),
                Just(b':'),
                Just(b'\''),
                Just(b'('),
                any::<u8>()
            ]
        )
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
    ]
}

/// A copy of `original` with every mutation applied in order.
fn mutated(original: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for m in mutations {
        apply(&mut bytes, m);
    }
    bytes
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match *m {
        Mutation::Truncate(at) => bytes.truncate(at % len),
        Mutation::DeleteLine(n) => {
            let lines = bytes.split(|b| *b == b'\n').count();
            let target = n % lines.max(1);
            let mut out = Vec::with_capacity(bytes.len());
            for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if i != target {
                    out.extend_from_slice(line);
                    out.push(b'\n');
                }
            }
            *bytes = out;
        }
        Mutation::Swap(a, b) => {
            if !bytes.is_empty() {
                let (a, b) = (a % bytes.len(), b % bytes.len());
                bytes.swap(a, b);
            }
        }
        Mutation::Insert(at, byte) => bytes.insert(at % (bytes.len() + 1), byte),
    }
}

fn lines_of(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.iter().filter(|b| **b == b'\n').count() + 2).unwrap_or(u32::MAX)
}

#[test]
fn mutated_single_pages_never_panic() {
    let pages = pages();
    let mut runner = TestRunner::new(Config {
        cases: 10_000,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..pages.len(), proptest::collection::vec(mutation(), 1..6));
    runner
        .run(&strategy, |(idx, mutations)| {
            let (file, original) = &pages[idx];
            let bytes = mutated(original, &mutations);
            let text = String::from_utf8_lossy(&bytes);
            let set = graph_docs_codegen::read::load::parse_page(file, &text);
            let max_line = lines_of(&bytes);
            for d in set.diagnostics.iter().chain(&set.skipped) {
                prop_assert_eq!(&d.location.file, file, "{}", d);
                prop_assert!(
                    d.location.line <= max_line,
                    "{} (page has {} lines)",
                    d,
                    max_line
                );
            }
            for page in &set.api_pages {
                for r in &page.requests {
                    prop_assert!(r.location.line >= 1 && r.location.line <= max_line);
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn mutated_pages_generate_code_that_parses() {
    let pages = small_pages();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let options = Options::for_folder("mutated");
    let strategy = (0..pages.len(), proptest::collection::vec(mutation(), 1..6));
    runner
        .run(&strategy, |(idx, mutations)| {
            let (file, original) = &pages[idx];
            let bytes = mutated(original, &mutations);
            let set =
                graph_docs_codegen::read::load::parse_page(file, &String::from_utf8_lossy(&bytes));
            let code = generate_docset(&set, &options).to_string();
            if let Err(e) = syn::parse_file(&code) {
                return Err(TestCaseError::fail(format!(
                    "{}: the generated code does not parse: {e}",
                    file.display()
                )));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn mutated_folders_with_raw_bytes_never_panic() {
    let pages = pages();
    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..pages.len(), proptest::collection::vec(mutation(), 1..6));
    runner
        .run(&strategy, |(idx, mutations)| {
            let (file, original) = &pages[idx];
            let bytes = mutated(original, &mutations);
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
            let set = graph_docs_codegen::load(dir.path()).unwrap();
            std::fs::remove_file(&path).unwrap();
            if std::str::from_utf8(&bytes).is_err() {
                let bad = set.diagnostics.iter().find(|d| {
                    d.kind == graph_docs_codegen::page::diagnostics::DiagnosticKind::InvalidUtf8
                });
                prop_assert!(bad.is_some_and(|d| &d.location.file == file && d.location.line >= 1));
                // The page is read all the same: a replaced byte never skips it.
                prop_assert!(!set
                    .skipped
                    .iter()
                    .any(|d| &d.location.file == file && d.message.contains("UTF-8")));
            }
            Ok(())
        })
        .unwrap();
}
