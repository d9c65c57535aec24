//! Reading speed and memory on the whole v1.0 corpus, one thread, from files.
//!
//! Baseline, measured in the same run: a bare pulldown-cmark pass over the same files (read each file,
//! iterate every event with its offset). Target: `load` takes at most 2.0x the baseline, and the process
//! peaks under 200 MB. Run with `cargo bench -p graph-docs-codegen --bench parse_corpus`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pulldown_cmark::{Options, Parser};

const ROUNDS: usize = 7;

fn md_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            md_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Read every file and walk its events with offsets; returns a checksum so nothing is optimised away.
fn baseline(files: &[PathBuf]) -> usize {
    let mut sum = 0usize;
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        for (event, range) in Parser::new_ext(&text, opts).into_offset_iter() {
            sum = sum.wrapping_add(range.start);
            black_box(&event);
        }
    }
    sum
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs-2020/v1.0");
    if !root.is_dir() {
        eprintln!("\n**********\nSKIPPED: ../shared/graph-docs-2020/v1.0 not found ({})\n**********\n", root.display());
        return;
    }
    let mut files = Vec::new();
    md_files(&root, &mut files);
    files.sort();

    // Warm the page cache and the allocator once.
    black_box(baseline(&files));
    black_box(graph_docs_codegen::load(&root).map(|s| s.api_pages.len()).ok());

    let mut base_times = Vec::new();
    let mut load_times = Vec::new();
    let mut pages = 0;
    for _ in 0..ROUNDS {
        let t = Instant::now();
        black_box(baseline(&files));
        base_times.push(t.elapsed());

        let t = Instant::now();
        let set = graph_docs_codegen::load(&root).expect("corpus readable");
        load_times.push(t.elapsed());
        pages = set.api_pages.len() + set.resources.len();
        black_box(set);
    }
    let base = median(base_times);
    let load = median(load_times);
    let ratio = load.as_secs_f64() / base.as_secs_f64().max(f64::EPSILON);
    let peak = peak_rss_kb();
    println!("v1.0 corpus: {} files, {pages} API + resource pages, median of {ROUNDS} rounds", files.len());
    println!("baseline (read + pulldown-cmark events with offsets): {:>8.2} ms", base.as_secs_f64() * 1e3);
    println!("graph_docs_codegen::load:                            {:>8.2} ms", load.as_secs_f64() * 1e3);
    println!("ratio: {ratio:.2}x (target <= 2.00x)");
    match peak {
        Some(kb) => println!("peak RSS (VmHWM): {:.1} MB (target < 200 MB)", kb as f64 / 1024.0),
        None => println!("peak RSS: unavailable (no /proc/self/status)"),
    }
    if ratio > 2.0 {
        println!("WARNING: ratio above the 2.0x target");
    }
}
