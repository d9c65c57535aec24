//! An app's selection from the real Graph reference: the crate `tests/selection` (25 API pages, no resource page,
//! from ../shared/graph-docs-2020/v1.0 and beta) built and tested with cargo, in trybuild's target directory as
//! the corpus crates are (test binaries run one after the other, and the outer cargo holds the main target
//! directory's lock). Its tests check the typed API and that the selected pages' examples still conform. Skips
//! loudly when ../shared is absent.

use std::path::Path;

#[test]
fn an_apps_selection_builds_from_v1_and_beta_and_conforms() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["v1.0", "beta"] {
        let dir = manifest.join("../../shared/graph-docs-2020").join(folder);
        if !dir.is_dir() {
            println!(
                "\n**********\nSKIPPED: the selection crate needs {} (CI always has it)\n**********\n",
                dir.display()
            );
            return;
        }
    }
    let crate_manifest = manifest.join("selection/Cargo.toml");
    let crate_manifest = crate_manifest.to_string_lossy();
    let output = graph_docs_tests::nested_cargo(&["test", "--manifest-path", &crate_manifest])
        .args(["--", "--nocapture"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
