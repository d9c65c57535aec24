//! Compile-fail tests of the `generate!` macro (trybuild): a missing folder, an absolute path, and in strict mode
//! an empty request block with no derivable binding, a malformed table, an unknown type and two pages that
//! generate the same name. Each error is spanned on the macro call and names the page's file:line.
//!
//! trybuild compiles `tests/ui/*.rs` in its own crate under the target directory, whose `CARGO_MANIFEST_DIR` the
//! macro resolves `docs` against; the doc folders of `tests/fixtures/fail/` are copied there first.

use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn macro_errors() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("fail");
    let project = graph_docs_tests::nested_target_dir()
        .join(env!("CARGO_PKG_NAME"))
        .join("fixtures");
    let _ = std::fs::remove_dir_all(&project);
    copy_dir(&fixtures, &project);
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
