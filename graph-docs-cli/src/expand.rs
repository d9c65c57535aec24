//! `graph-docs expand DIR`: prints the code `generate! { docs: "DIR" }` would produce, formatted.

use std::path::Path;
use std::process::ExitCode;

/// Runs the subcommand with its arguments (the folder).
pub fn run(args: &[String]) -> ExitCode {
    let [dir] = args else {
        eprintln!("usage: graph-docs expand DIR");
        return ExitCode::from(2);
    };
    match graph_docs_codegen::expand::expand(Path::new(dir)) {
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
