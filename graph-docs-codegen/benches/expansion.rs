//! Macro expansion alone: `graph_docs_codegen::generate` over a doc folder (default `../shared/graph-docs-2020/v1.0`),
//! as the proc macro runs it, with the time and the process's peak memory. Used by `bench/build-time.sh`.
//!
//! `cargo bench -p graph-docs-codegen --bench expansion -- [DIR]` (the script runs it in the dev profile, as
//! users' builds run proc macros).

use std::path::PathBuf;
use std::time::Instant;

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/graph-docs-2020/v1.0"));
    if !dir.is_dir() {
        println!("SKIPPED: {} not found", dir.display());
        return;
    }
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let relative = pathdiff(&dir, &manifest);
    let input: proc_macro2::TokenStream = format!("docs: {relative:?}").parse().unwrap_or_default();
    let start = Instant::now();
    let text = graph_docs_codegen::generate(input, &manifest).unwrap_or_else(|e| e.to_string());
    let elapsed = start.elapsed();
    println!(
        "expansion: {:.2} s, {} MB of tokens",
        elapsed.as_secs_f64(),
        text.len() / 1_000_000
    );
    match peak_memory_mb() {
        Some(mb) => println!("peak memory: {mb:.0} MB"),
        None => println!("peak memory: unavailable (no /proc/self/status)"),
    }
    if text.contains("compile_error") {
        println!("note: the expansion holds compile errors");
    }
}

/// `to` relative to `from` (both absolute), with `..` as needed.
fn pathdiff(to: &std::path::Path, from: &std::path::Path) -> String {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}
