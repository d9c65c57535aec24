//! `graph-docs expand DIR [selection] [--explain]`: prints the code `generate! { docs: "DIR", ... }` would produce,
//! formatted; `--explain` first lists why each type is generated.

use std::path::Path;
use std::process::ExitCode;

use crate::selection;

/// Runs the subcommand with its arguments (the folder, the selection, `--explain`).
pub fn run(args: &[String]) -> ExitCode {
    let usage = format!(
        "usage: graph-docs expand DIR {} [--explain]",
        selection::USAGE
    );
    let (chosen, rest) = match selection::take(args) {
        Ok(taken) => taken,
        Err(error) => {
            eprintln!("graph-docs expand: {error}\n{usage}");
            return ExitCode::from(2);
        }
    };
    let explain = rest.iter().any(|a| a == "--explain");
    let [dir] = rest
        .iter()
        .filter(|a| *a != "--explain")
        .collect::<Vec<_>>()[..]
    else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let options = chosen.options(dir);
    match graph_docs_codegen::expand::expand_with(Path::new(dir), &options, explain) {
        Ok(code) => {
            print!("{code}");
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            ExitCode::FAILURE
        }
    }
}
