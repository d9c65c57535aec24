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

/// A crate `name` in a temporary folder depending on graph-runtime (and the macro), with `files` (path, text)
/// written in it, checked by `cargo check` in the nested target directory; the compiler's messages on failure.
fn check_crate(name: &str, files: &[(&str, String)]) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         graph-docs-macro = {{ path = {:?} }}\ngraph-runtime = {{ path = {:?}, features = [\"replay\", \"conformance\"] }}\n\n[workspace]\n",
        root.join("graph-docs-macro"),
        root.join("graph-runtime"),
    );
    for (path, text) in std::iter::once(&("Cargo.toml", manifest)).chain(files) {
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
    let page = |path: &str| std::fs::read_to_string(fixture().join(path)).unwrap();
    let result = check_crate("page-text-check", &[
        (
            "docs/api/signage-board-uploadpicture.md",
            page("api/signage-board-uploadpicture.md"),
        ),
        (
            "docs/resources/signage-board.md",
            page("resources/signage-board.md"),
        ),
        (
            "src/expanded.rs",
            graph_docs_codegen::expand::expand(&fixture()).unwrap(),
        ),
        (
            "src/lib.rs",
            "//! Page text in generated code.\n#![deny(warnings, missing_docs)]\n\
             /// `graph-docs expand` output.\npub mod expanded;\n\
             /// The macro, with examples.\npub mod through_macro {\n    graph_docs_macro::generate! { docs: \"docs\", examples: true }\n}\n"
                .to_owned(),
        ),
    ]);
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
        ("src/beta.rs", expanded),
        (
            "src/lib.rs",
            "//! The beta reference, expanded.\n#![deny(warnings, missing_docs)]\n\
             /// Microsoft Graph beta, from `graph-docs expand`.\n#[allow(deprecated)]\npub mod beta;\n"
                .to_owned(),
        ),
    ]);
    if let Err(messages) = result {
        panic!("the beta expand output does not compile under #![deny(warnings)]:\n{messages}");
    }
}
