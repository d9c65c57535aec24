//! `graph-docs check DIR [--json]`: read a doc folder and report every problem, one line each
//! (`file:line: severity kind: message`), then a summary; or one JSON object with `--json`.
//! Exit code 0 unless the folder cannot be read (2).

use std::path::PathBuf;
use std::process::ExitCode;

use graph_docs_codegen::read::summary::Summary;

/// Run `check` with the arguments after the command name.
pub fn run(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut dir: Option<PathBuf> = None;
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            flag if flag.starts_with('-') => {
                eprintln!("graph-docs check: unknown option `{flag}`\nusage: graph-docs check DIR [--json]");
                return ExitCode::from(2);
            }
            path if dir.is_none() => dir = Some(PathBuf::from(path)),
            extra => {
                eprintln!("graph-docs check: unexpected argument `{extra}`\nusage: graph-docs check DIR [--json]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("graph-docs check: missing DIR\nusage: graph-docs check DIR [--json]");
        return ExitCode::from(2);
    };
    let set = match graph_docs_codegen::load(&dir) {
        Ok(set) => set,
        Err(err) => {
            eprintln!("graph-docs check: {err}");
            return ExitCode::from(2);
        }
    };
    let summary = Summary::of(&set);
    if json {
        println!("{}", summary.to_json());
    } else {
        for d in &set.diagnostics {
            println!("{d}");
        }
        for s in &set.skipped {
            println!("{}: skipped: {}", s.location, s.message);
        }
        println!("\n{summary}");
    }
    ExitCode::SUCCESS
}
