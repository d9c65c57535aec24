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
