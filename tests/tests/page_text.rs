//! Page text is always safe in generated code: a fixture folder whose pages hold every kind of text rustc rejects
//! or lints on (Unicode direction controls, control characters, NUL, a bare CR, `*/` in prose) builds through the
//! macro (with its examples as string literals) and through `graph-docs expand` as a source file, both under
//! `#![deny(warnings)]` with no lint allowed; each removal or escape is a located warning.

use std::path::Path;

use graph_docs_codegen::page::diagnostics::DiagnosticKind;

const FIXTURE: &str = "fixtures/unsafe-text";

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE)
}

/// Characters that must never reach generated code.
fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || (c.is_control() && c != '\n' && c != '\t')
}

#[test]
fn each_removal_or_escape_is_a_located_warning() {
    let docs = graph_docs_codegen::load(&fixture()).unwrap();
    let located: Vec<String> = docs
        .diagnostics
        .iter()
        .filter(|d| d.kind == DiagnosticKind::UnsafeText)
        .map(|d| d.location.to_string())
        .collect();
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
        "U+202E", "U+2066", "U+2067", "U+2068", "U+2069", "U+202A", "U+202C", "U+202D", "NUL U+0000",
        "U+0007", "U+001B", "U+007F", "U+0085", "U+009B", "carriage return", "`*/`",
    ] {
        assert!(messages.contains(named), "{named} not reported:\n{messages}");
    }
    // Nothing of it is left in the page model: the generated code cannot carry it.
    let code = graph_docs_codegen::expand::expand(&fixture()).unwrap();
    assert!(!code.chars().any(is_unsafe), "{code}");
    assert!(code.contains("Sends the picture a sign shows, part by part."));
    assert!(code.contains("bytes={startByteIndex}-{endByteIndex}"));
    assert!(!code.contains("after */"), "{code}");
    assert!(code.contains("after &#42;/ in a caption"), "{code}");
}

/// The fixture's `graph-docs expand` output as a source file, and the fixture through the macro with its examples,
/// in one crate checked under `#![deny(warnings)]` with no `allow` at all (the fixture's pages are all callable,
/// so no report warning either).
#[test]
fn expanded_code_compiles_as_a_source_file_under_deny_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("docs/api")).unwrap();
    std::fs::create_dir_all(dir.join("docs/resources")).unwrap();
    for page in [
        "api/signage-board-uploadpicture.md",
        "resources/signage-board.md",
    ] {
        std::fs::copy(fixture().join(page), dir.join("docs").join(page)).unwrap();
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"page-text-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n\
             graph-docs-macro = {{ path = {:?} }}\ngraph-runtime = {{ path = {:?}, features = [\"replay\"] }}\n\n[workspace]\n",
            root.join("graph-docs-macro"),
            root.join("graph-runtime"),
        ),
    )
    .unwrap();
    let expanded = graph_docs_codegen::expand::expand(&fixture()).unwrap();
    std::fs::write(dir.join("src/expanded.rs"), expanded).unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "//! Page text in generated code.\n#![deny(warnings, missing_docs)]\n\
         /// `graph-docs expand` output.\npub mod expanded;\n\
         /// The macro, with examples.\npub mod through_macro {\n    graph_docs_macro::generate! { docs: \"docs\", examples: true }\n}\n",
    )
    .unwrap();
    let output = graph_docs_tests::nested_cargo(&["check", "--quiet"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the generated code does not compile under #![deny(warnings)]:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
