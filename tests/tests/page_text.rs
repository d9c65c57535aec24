//! Page text is always safe in generated code: a fixture folder whose pages hold every kind of text rustc rejects
//! or lints on (Unicode direction controls, control characters, NUL, a bare CR, `*/` in prose), and pages that are
//! not UTF-8 (one saved as UTF-16 with its byte-order mark, one as Windows-1252), builds through the macro (with its
//! examples as string literals) and through `graph-docs expand` as a source file, both under `#![deny(warnings)]`
//! with no lint allowed; each removal, escape or decoding is a located warning.

use std::path::Path;

use graph_docs_codegen::page::diagnostics::DiagnosticKind;

const FIXTURE: &str = "fixtures/unsafe-text";

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

/// The reader's diagnostics of one kind, each as `show` writes it.
fn diagnostics(
    docs: &graph_docs_codegen::page::DocSet,
    kind: DiagnosticKind,
    show: impl Fn(&graph_docs_codegen::page::diagnostics::Diagnostic) -> String,
) -> Vec<String> {
    docs.diagnostics
        .iter()
        .filter(|d| d.kind == kind)
        .map(show)
        .collect()
}

/// Characters that must never reach generated code.
fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || (c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn each_removal_or_escape_is_a_located_warning() {
    let docs = graph_docs_codegen::load(&fixture()).unwrap();
    let located = diagnostics(&docs, DiagnosticKind::UnsafeText, |d| {
        d.location.to_string()
    });
    assert_eq!(
        located,
        [
            "api/signage-board-uploadpicture.md:11",
            "api/signage-board-uploadpicture.md:13",
            "api/signage-board-uploadpicture.md:19",
            "api/signage-board-uploadpicture.md:36",
            "api/signage-board-uploadpicture.md:37",
            "api/signage-board-uploadpicture.md:41",
            "api/signage-board-uploadpicture.md:45",
            "api/signage-board-uploadpicture.md:66",
            "resources/signage-board.md:11",
            "resources/signage-board.md:17",
            "resources/signage-board.md:18",
            "resources/signage-board.md:19",
        ]
    );
    let messages: String = docs
        .diagnostics
        .iter()
        .map(|d| d.to_string() + "\n")
        .collect();
    for named in [
        "U+202E",
        "U+2066",
        "U+2067",
        "U+2068",
        "U+2069",
        "U+202A",
        "U+202C",
        "U+202D",
        "NUL U+0000",
        "U+0007",
        "U+001B",
        "U+007F",
        "U+0085",
        "U+009B",
        "carriage return",
        "`*/`",
    ] {
        assert!(
            messages.contains(named),
            "{named} not reported:\n{messages}"
        );
    }
    // Nothing of it is left in the page model: the generated code cannot carry it.
    let code = graph_docs_codegen::expand::expand(&fixture()).unwrap();
    assert!(!code.chars().any(is_unsafe), "{code}");
    assert!(code.contains("The identifier. Read-only."), "{code}");
    assert!(
        code.contains("bytes={startByteIndex}-{endByteIndex}"),
        "{code}"
    );
    assert!(!code.contains("a */ in prose"), "{code}");
    assert!(code.contains("a &#42;/ in prose"), "{code}");
}

#[test]
fn pages_that_are_not_utf8_are_read_with_a_located_warning() {
    let docs = graph_docs_codegen::load(&fixture()).unwrap();
    let decoded = diagnostics(&docs, DiagnosticKind::InvalidUtf8, |d| {
        format!("{}: {}", d.location, d.message)
    });
    assert_eq!(decoded.len(), 2, "{decoded:?}");
    assert!(decoded[0].starts_with("resources/signage-light.md:18: the file is not valid UTF-8"));
    assert!(decoded[1].starts_with("resources/signage-panel.md:1: the file is UTF-16LE"));
    assert!(docs.skipped.is_empty(), "{:?}", docs.skipped);
    // Both pages give their model: the UTF-16 page's text as written, the Windows-1252 byte as U+FFFD.
    let code = graph_docs_codegen::expand::expand(&fixture()).unwrap();
    assert!(code.contains("pub struct Panel"), "{code}");
    assert!(
        code.contains("The panel's heading, e.g. \"Caf\u{e9} \u{2013} menu\"."),
        "{code}"
    );
    assert!(code.contains("pub struct Light"), "{code}");
    assert!(
        code.contains("The colour of the light \u{FFFD} warm or cold."),
        "{code}"
    );
}

/// A crate `name` in a temporary folder depending on graph-runtime (and the macro), with `files` (path, text)
/// written in it, checked by `cargo check` in the nested target directory; the compiler's messages on failure.
fn check_crate(name: &str, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         graph-docs-macro = {{ path = {:?} }}\ngraph-runtime = {{ path = {:?}, features = [\"replay\", \"conformance\"] }}\n\n[workspace]\n",
        root.join("graph-docs-macro"),
        root.join("graph-runtime"),
    );
    for (path, text) in
        std::iter::once(&("Cargo.toml".to_owned(), manifest.into_bytes())).chain(files)
    {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let output = graph_docs_tests::nested_cargo(&["check", "--quiet"])
        .current_dir(dir)
        .output()
        .unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// The fixture's `graph-docs expand` output as a source file, and the fixture through the macro with its examples,
/// in one crate checked under `#![deny(warnings)]` with no `allow` at all (the fixture's pages are all callable,
/// so no report warning either).
#[test]
fn expanded_code_compiles_as_a_source_file_under_deny_warnings() {
    let mut files: Vec<(String, Vec<u8>)> = [
        "api/signage-board-uploadpicture.md",
        "resources/signage-board.md",
        "resources/signage-light.md",
        "resources/signage-panel.md",
    ]
    .iter()
    .map(|page| {
        (
            format!("docs/{page}"),
            std::fs::read(fixture().join(page)).unwrap(),
        )
    })
    .collect();
    files.push((
        "src/expanded.rs".into(),
        graph_docs_codegen::expand::expand(&fixture())
            .unwrap()
            .into_bytes(),
    ));
    files.push((
        "src/lib.rs".into(),
        "//! Page text in generated code.\n#![deny(warnings, missing_docs)]\n\
         /// `graph-docs expand` output.\npub mod expanded;\n\
         /// The macro, with examples.\npub mod through_macro {\n    graph_docs_macro::generate! { docs: \"docs\", examples: true }\n}\n"
            .into(),
    ));
    let result = check_crate("page-text-check", &files);
    if let Err(messages) = result {
        panic!("the generated code does not compile under #![deny(warnings)]:\n{messages}");
    }
}

/// The beta reference's `graph-docs expand` output (one of its pages holds U+202C) as a source file under
/// `#![deny(warnings, missing_docs)]`. Only `deprecated` is allowed: the lenient report's build warnings (the pages
/// it lists in `SKIPPED`), not page text.
#[test]
fn beta_reference_expands_to_a_source_file_that_compiles() {
    let beta = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs-2020/beta");
    if !beta.is_dir() {
        println!(
            "\n**********\nSKIPPED: {} not found; the beta expand check needs ../shared (CI always has it)\n**********\n",
            beta.display()
        );
        return;
    }
    let expanded = graph_docs_codegen::expand::expand(&beta).unwrap();
    assert!(!expanded.chars().any(is_unsafe));
    let result = check_crate("beta-expand-check", &[
        ("src/beta.rs".into(), expanded.into_bytes()),
        (
            "src/lib.rs".into(),
            "//! The beta reference, expanded.\n#![deny(warnings, missing_docs)]\n\
             /// Microsoft Graph beta, from `graph-docs expand`.\n#[allow(deprecated)]\npub mod beta;\n"
                .into(),
        ),
    ]);
    if let Err(messages) = result {
        panic!("the beta expand output does not compile under #![deny(warnings)]:\n{messages}");
    }
}
