//! Rebuilds: in a temporary crate, build, add a page to its docs folder, build again (the documented build.rs
//! line `println!("cargo:rerun-if-changed=docs");` makes cargo notice, for the whole folder and for a narrow
//! selection whose glob matches the page), and call the new function. Editing a page is covered by the
//! `include_bytes!` the macro emits per file the output comes from.

use std::path::Path;
use std::process::Output;

const PAGE: &str = r#"---
title: "thing: TITLE"
description: "A test page."
doc_type: apiPageType
---

# thing: TITLE

Namespace: microsoft.graph

A test page.

## HTTP request

```http
METHOD /things/{id}PATH
```

## Response

If successful, this method returns a `204 No Content` response code.
"#;

fn page(title: &str, line: &str) -> String {
    let (method, path) = line.split_once(' ').unwrap();
    PAGE.replace("TITLE", title)
        .replace("METHOD", method)
        .replace("/things/{id}PATH", path)
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    let output = graph_docs_tests::nested_cargo(args)
        .arg("--quiet")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A crate `name` in a temporary directory, with empty `docs/api` and `src` folders, depending on the macro and on
/// graph-runtime (`runtime_features`: its `features = [...]` entry, or nothing).
fn temp_crate(name: &str, runtime_features: &str) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("docs/api")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[dependencies]\n\
             graph-docs-macro = {{ path = {:?} }}\ngraph-runtime = {{ path = {:?}{runtime_features} }}\n\n[workspace]\n",
            root.join("graph-docs-macro"),
            root.join("graph-runtime"),
        ),
    )
    .unwrap();
    temp
}

#[test]
fn adding_a_page_adds_a_function_on_the_next_build() {
    let temp = temp_crate("rebuild-check", ", features = [\"replay\"]");
    let dir = temp.path();
    std::fs::write(
        dir.join("build.rs"),
        "fn main() {\n    println!(\"cargo:rerun-if-changed=docs\");\n}\n",
    )
    .unwrap();
    // `selected` is a narrow selection: an added page its glob matches is picked up too.
    let main = "#![deny(warnings)]\nmod api {\n    graph_docs_macro::generate! { docs: \"docs\" }\n}\n\
                #[allow(deprecated)]\nmod selected {\n    graph_docs_macro::generate! { docs: \"docs\", include: [\"api/thing-a*\"] }\n}\n\n\
                fn main() {\n    \
                for op in api::OPERATIONS.iter() {\n        println!(\"{} {}\", op.name, op.path_template);\n    }\n    \
                for op in selected::OPERATIONS.iter() {\n        println!(\"selected: {}\", op.name);\n    }\n    CALL\n}\n";
    std::fs::write(dir.join("src/main.rs"), main.replace("CALL", "")).unwrap();
    std::fs::write(
        dir.join("docs/api/thing-get.md"),
        page("get", "GET /things/{id}"),
    )
    .unwrap();

    let first = cargo(dir, &["run"]);
    assert_eq!(String::from_utf8_lossy(&first.stdout), "get /things/{id}\n");

    // A new page, and nothing else changed: the next build picks it up.
    std::fs::write(
        dir.join("docs/api/thing-archive.md"),
        page("archive", "POST /things/{id}/archive"),
    )
    .unwrap();
    let second = cargo(dir, &["run"]);
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "archive /things/{id}/archive\nget /things/{id}\nselected: archive\n"
    );

    // Editing a page (include_bytes!) rebuilds too.
    std::fs::write(
        dir.join("docs/api/thing-get.md"),
        page("get", "GET /things/{id}/current"),
    )
    .unwrap();
    let third = cargo(dir, &["run"]);
    assert_eq!(
        String::from_utf8_lossy(&third.stdout),
        "archive /things/{id}/archive\nget /things/{id}/current\nselected: archive\n"
    );

    // And the new function is there to call.
    let call = "let client = graph_runtime::Client::builder().base_url(\"http://127.0.0.1:9\").bearer_token(\"t\").build().unwrap();\n    \
                println!(\"{}\", api::thing::archive(&client, \"a/b\").spec().path);";
    std::fs::write(dir.join("src/main.rs"), main.replace("CALL", call)).unwrap();
    let fourth = cargo(dir, &["run"]);
    assert!(String::from_utf8_lossy(&fourth.stdout).ends_with("/things/a%2Fb/archive\n"));
}

/// Without any build script, editing a page the output comes from rebuilds the crate (the macro's
/// `include_bytes!` per file), and the pages' bytes stay out of the crate's metadata, which every dependent crate
/// loads (they once made up 37 MB of the beta client's 79 MB `.rmeta`).
#[test]
fn editing_a_page_rebuilds_without_a_build_script_and_the_page_stays_out_of_the_metadata() {
    let temp = temp_crate("rebuild-edit-check", "");
    let dir = temp.path();
    std::fs::write(
        dir.join("src/lib.rs"),
        "#![deny(warnings)]\n//! A client.\n/// The client.\npub mod api {\n    graph_docs_macro::generate! { docs: \"docs\" }\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "fn main() {\n    for op in rebuild_edit_check::api::OPERATIONS.iter() {\n        println!(\"{}\", op.path_template);\n    }\n}\n",
    )
    .unwrap();
    // A marker in the page's text that no generated item carries (it is in no doc section the generator reads).
    let marker = "graph-docs-metadata-marker-4f1c";
    let with_marker = |line: &str| format!("{}\n<!-- {marker} -->\n", page("get", line));
    std::fs::write(
        dir.join("docs/api/thing-get.md"),
        with_marker("GET /things/{id}"),
    )
    .unwrap();
    let first = cargo(dir, &["run"]);
    assert_eq!(String::from_utf8_lossy(&first.stdout), "/things/{id}\n");

    std::fs::write(
        dir.join("docs/api/thing-get.md"),
        with_marker("GET /things/{id}/current"),
    )
    .unwrap();
    let second = cargo(dir, &["run"]);
    assert_eq!(
        String::from_utf8_lossy(&second.stdout),
        "/things/{id}/current\n"
    );

    // The shared target directory keeps earlier runs' crates (each under its own hash): the newest is this one.
    let deps = graph_docs_tests::nested_target_dir().join("debug/deps");
    let metadata = std::fs::read_dir(&deps)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("librebuild_edit_check-") && name.ends_with(".rmeta")
        })
        .max_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok())
        .unwrap_or_else(|| panic!("no .rmeta of the crate in {}", deps.display()));
    let bytes = std::fs::read(&metadata).unwrap();
    assert!(
        bytes.windows(6).any(|w| w == b"things"),
        "{} is not the crate's metadata",
        metadata.display()
    );
    assert!(
        !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
        "{} holds the page's text",
        metadata.display()
    );
}
