//! `graph-docs check` runs the reader and the IR: it lists what the generated `SKIPPED` lists and what strict
//! mode rejects, and it exits non-zero on a folder with an error.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `(file, line, kind)` of a report entry.
type Entry = (String, u64, String);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// `graph-docs check --json DIR`: the JSON and the exit code.
fn check_json(dir: &Path) -> (serde_json::Value, Option<i32>) {
    let out = Command::new(env!("CARGO_BIN_EXE_graph-docs"))
        .arg("check")
        .arg(dir)
        .arg("--json")
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (json, out.status.code())
}

fn check_skipped(json: &serde_json::Value) -> BTreeSet<Entry> {
    json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_owned(),
                e["line"].as_u64().unwrap(),
                e["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The macro's output for `docs` (a folder under `root`), as text.
fn macro_output(root: &Path, docs: &str, strict: bool) -> String {
    let input: proc_macro2::TokenStream =
        format!("docs: {docs:?}, strict: {strict}").parse().unwrap();
    graph_docs_codegen::generate(input, root).unwrap_or_else(|errors| errors.to_string())
}

/// The entries of the `SKIPPED` constant the macro emits.
fn macro_skipped(code: &str) -> BTreeSet<Entry> {
    let file = syn::parse_file(code).unwrap();
    let array = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Const(c) if c.ident == "SKIPPED" => match &*c.expr {
                syn::Expr::Reference(r) => match &*r.expr {
                    syn::Expr::Array(a) => Some(a.elems.clone()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .expect("the macro emits `SKIPPED`");
    array
        .iter()
        .map(|elem| {
            let syn::Expr::Struct(entry) = elem else {
                panic!("not a struct: {elem:?}")
            };
            let field = |name: &str| {
                let value = entry
                    .fields
                    .iter()
                    .find(|f| matches!(&f.member, syn::Member::Named(i) if i == name))
                    .unwrap();
                match &value.expr {
                    syn::Expr::Lit(syn::ExprLit { lit, .. }) => lit.clone(),
                    other => panic!("{other:?}"),
                }
            };
            let text = |lit: syn::Lit| match lit {
                syn::Lit::Str(s) => s.value(),
                other => panic!("{other:?}"),
            };
            let line = match field("line") {
                syn::Lit::Int(i) => i.base10_parse::<u64>().unwrap(),
                other => panic!("{other:?}"),
            };
            (text(field("file")), line, text(field("kind")))
        })
        .collect()
}

/// The regression of issue 9: a page titled `widget: reset all` with an empty request block was listed in
/// `SKIPPED` and generated too, with a space in its URL. It is skipped, alike in `SKIPPED`, strict mode and
/// `check`; a title of several words with a request line names its function (`turn_off`).
#[test]
fn a_title_of_several_words_is_skipped_alike_everywhere() {
    let root = fixtures();
    let page = "api/widget-resetall.md";

    let (json, code) = check_json(&root.join("title-words"));
    assert_eq!(
        code,
        Some(1),
        "check exits non-zero on a folder with an error"
    );
    let from_check = check_skipped(&json);
    assert!(
        from_check.iter().any(|(file, _, _)| file == page),
        "{from_check:?}"
    );
    assert_eq!(json["callable_pages"], 2, "{json}");
    assert_eq!(json["functions"], 2, "{json}");

    let lenient = macro_output(&root, "title-words", false);
    assert_eq!(macro_skipped(&lenient), from_check);
    assert!(
        !lenient.contains("reset_all"),
        "the skipped page is not generated"
    );
    assert!(!lenient.contains("reset all\""), "no path holds a space");
    assert!(lenient.contains("fn turn_off"));
    assert!(lenient.contains("/turnOff"));

    let strict = macro_output(&root, "title-words", true);
    let errors: Vec<&str> = strict.split("compile_error").skip(1).collect();
    assert_eq!(errors.len(), from_check.len(), "{strict}");
    assert!(errors.iter().any(|e| e.contains(page)), "{strict}");
    assert!(
        !strict.contains("fn turn_off"),
        "strict mode emits only its errors"
    );
}

#[test]
fn check_exits_zero_on_a_folder_without_errors() {
    let (json, code) = check_json(&fixtures().join("relative"));
    assert_eq!(code, Some(0), "{json}");
    assert_eq!(json["problem_errors"], 0);
}

/// The skipped pages `check` lists are the ones the macro lists in `SKIPPED`, on the real v1.0 reference.
#[test]
fn check_and_the_macro_list_the_same_skipped_pages() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let dir = shared.join("graph-docs-2020/v1.0");
    if !dir.is_dir() {
        eprintln!(
            "\n**********\nSKIPPED: ../shared/graph-docs-2020/v1.0 not found ({})\n**********\n",
            dir.display()
        );
        return;
    }
    let (json, code) = check_json(&dir);
    assert_eq!(code, Some(1), "the v1.0 reference has errors");
    let from_check = check_skipped(&json);
    let from_macro = macro_skipped(&macro_output(&shared, "graph-docs-2020/v1.0", false));
    assert!(!from_macro.is_empty());
    assert_eq!(from_check, from_macro);
}
