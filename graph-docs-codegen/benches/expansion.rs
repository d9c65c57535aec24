//! Macro expansion alone: `graph_docs_codegen::generate` over a doc folder (default `../shared/graph-docs-2020/v1.0`),
//! as the proc macro runs it, with the time and the process's peak memory. Used by `bench/build-time.sh`.
//!
//! `cargo bench -p graph-docs-codegen --bench expansion -- [DIR [OPTIONS]]`, where OPTIONS is the rest of the
//! macro input (`include: ["api/user-get.md"]`); `bench/build-time.sh` runs it in the dev profile, as users'
//! builds run proc macros, and `bench/selection.sh` in both profiles.

mod support;

use std::path::PathBuf;
use std::time::Instant;

use support::{cpu_ns, peak_memory_mb};

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut positional = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let dir = positional
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/graph-docs-2020/v1.0"));
    let extra = positional
        .next()
        .map(|o| format!(", {o}"))
        .unwrap_or_default();
    if !dir.is_dir() {
        println!("SKIPPED: {} not found", dir.display());
        return;
    }
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let relative = pathdiff(&dir, &manifest);
    let input: proc_macro2::TokenStream = format!("docs: {relative:?}{extra}")
        .parse()
        .unwrap_or_default();
    let (start, cpu_start) = (Instant::now(), cpu_ns());
    let text = graph_docs_codegen::generate(input, &manifest).unwrap_or_else(|e| e.to_string());
    let (elapsed, cpu_end) = (start.elapsed(), cpu_ns());
    let cpu = match (cpu_start, cpu_end) {
        (Some(a), Some(b)) => format!(
            "{:.0} ms CPU (all threads)",
            b.saturating_sub(a) as f64 / 1e6
        ),
        _ => "CPU time unavailable".to_owned(),
    };
    println!(
        "expansion: {:.0} ms wall, {cpu}, {:.1} MB of tokens",
        elapsed.as_secs_f64() * 1000.0,
        text.len() as f64 / 1_000_000.0
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
