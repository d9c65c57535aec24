//! End-to-end and compile-fail tests for graph-docs; see `tests/tests/`. This library holds what several of them
//! share.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target directory of nested builds (trybuild's crate, the corpus crate, temporary crates):
/// `<target>/tests/trybuild`. Test binaries run one after the other, so they share it and its dependencies, and
/// the outer cargo's lock on `<target>` is not in the way.
pub fn nested_target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // A test binary is `<target>/<profile>/deps/<name>`.
    let target = exe
        .ancestors()
        .nth(3)
        .map(PathBuf::from)
        .unwrap_or_default();
    target.join("tests").join("trybuild")
}

/// `cargo <args> --target-dir <nested target dir>`, without the outer build's RUSTFLAGS, and without incremental
/// compilation: each nested crate is built once per run, and the incremental state of a generated client costs
/// time and gigabytes of disk for nothing.
pub fn nested_cargo(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .arg("--target-dir")
        .arg(nested_target_dir())
        .env_remove("RUSTFLAGS")
        .env("CARGO_INCREMENTAL", "0");
    command
}

/// `../shared/<path>` beside the project root, when it is there; otherwise prints a loud `SKIPPED` line (the
/// tests that read the real Graph reference skip without it; CI always has it).
pub fn shared(path: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(path);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} not found; this test needs ../shared (CI always has it)",
            dir.display()
        );
        None
    }
}

/// Runs the tests of the crate at `tests/<dir>` (outside the workspace, built in the nested target directory)
/// with `--nocapture`, prints their output and fails with it when they fail. It skips loudly, naming `what`, when
/// one of `shared_folders` (paths below `../shared`) is absent, since such a crate reads the real reference there.
pub fn nested_crate_tests(dir: &str, shared_folders: &[&str], what: &str) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if shared_folders.iter().any(|folder| shared(folder).is_none()) {
        eprintln!("\n**********\nSKIPPED: {what} (the `tests/{dir}` crate)\n**********\n");
        return;
    }
    let crate_manifest = manifest.join(dir).join("Cargo.toml");
    let crate_manifest = crate_manifest.to_string_lossy();
    let output = nested_cargo(&["test", "--manifest-path", &crate_manifest])
        .args(["--", "--nocapture"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo for {dir}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
