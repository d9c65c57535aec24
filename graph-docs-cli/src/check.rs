//! `graph-docs check DIR [--json] [selection]`: read a doc folder and report every problem, one line each
//! (`file:line: severity kind: message`), then a summary; or one JSON object with `--json`. With a narrow
//! selection (`--include`, `--types`), only the selected API pages are read and the report is the macro's
//! lenient report for that selection: the problems of the pages it uses.
//! Exit code 0 unless the folder cannot be read or the arguments are wrong (2).

use std::path::PathBuf;
use std::process::ExitCode;

use graph_docs_codegen::read::load::load_with;
use graph_docs_codegen::read::summary::Summary;

use crate::selection;

/// Run `check` with the arguments after the command name.
pub fn run(args: &[String]) -> ExitCode {
    let usage = format!("usage: graph-docs check DIR [--json] {}", selection::USAGE);
    let (chosen, args) = match selection::take(args) {
        Ok(taken) => taken,
        Err(error) => {
            eprintln!("graph-docs check: {error}\n{usage}");
            return ExitCode::from(2);
        }
    };
    let mut json = false;
    let mut dir: Option<PathBuf> = None;
    for arg in &args {
        match arg.as_str() {
            "--json" => json = true,
            flag if flag.starts_with('-') => {
                eprintln!("graph-docs check: unknown option `{flag}`\n{usage}");
                return ExitCode::from(2);
            }
            path if dir.is_none() => dir = Some(PathBuf::from(path)),
            extra => {
                eprintln!("graph-docs check: unexpected argument `{extra}`\n{usage}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("graph-docs check: missing DIR\n{usage}");
        return ExitCode::from(2);
    };
    let selection = chosen.selection();
    let set = match load_with(&dir, &|file| selection.needs_reading(file)) {
        Ok(set) => set,
        Err(err) => {
            eprintln!("graph-docs check: {err}");
            return ExitCode::from(2);
        }
    };
    if selection.is_narrow() {
        let ir = graph_docs_codegen::ir::build(&set, &chosen.options(&dir.to_string_lossy()));
        let models = ir.model_fields.len();
        let summary = format!(
            "selection: {} of {} selected API pages callable, {} functions, {} types generated ({models} models), {} report entries",
            ir.callable_pages,
            ir.api_pages,
            ir.operations.len(),
            ir.generated.len(),
            ir.report.len()
        );
        if json {
            let report: Vec<String> = ir.report.iter().map(ToString::to_string).collect();
            let value = serde_json::json!({
                "api_pages": ir.api_pages,
                "callable_pages": ir.callable_pages,
                "functions": ir.operations.len(),
                "types": ir.generated.len(),
                "models": models,
                "report": report,
            });
            println!("{value}");
        } else {
            for d in &ir.report {
                println!("{d}");
            }
            println!("\n{summary}");
        }
        return ExitCode::SUCCESS;
    }
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
