//! `graph-docs expand DIR [selection] [--explain]`: prints the code `generate! { docs: "DIR", ... }` would produce,
//! formatted; `--explain` first lists why each type is generated.

use std::process::ExitCode;

use crate::folder_args::{self, SELECTION_USAGE};

/// Runs the subcommand with its arguments (the folder, the selection, `--explain`).
pub fn run(args: &[String]) -> ExitCode {
    let usage = format!("usage: graph-docs expand DIR {SELECTION_USAGE} [--explain]");
    let mut explain = false;
    let folder = match folder_args::parse_or_exit("expand", &usage, &usage, args, &mut |flag, _| {
        explain |= flag == "--explain";
        Ok(flag == "--explain")
    }) {
        Ok(folder) => folder,
        Err(code) => return code,
    };
    match graph_docs_codegen::expand::expand_with(&folder.dir, &folder.options(), explain) {
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
