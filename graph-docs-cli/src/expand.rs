//! `graph-docs expand DIR [selection] [--explain]`: prints the code `generate! { docs: "DIR", ... }` would produce,
//! formatted; `--explain` first lists why each type is generated.

use std::process::ExitCode;

use crate::folder_args::{self, Parsed, SELECTION_USAGE};

/// Runs the subcommand with its arguments (the folder, the selection, `--explain`).
pub fn run(args: &[String]) -> ExitCode {
    let usage = format!("usage: graph-docs expand DIR {SELECTION_USAGE} [--explain]");
    let mut explain = false;
    let parsed = folder_args::parse(args, &mut |flag, _| {
        explain |= flag == "--explain";
        Ok(flag == "--explain")
    });
    let folder = match parsed {
        Ok(Parsed::Folder(folder)) => folder,
        Ok(Parsed::Help) => {
            println!("{usage}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("graph-docs expand: {message}\n{usage}");
            return ExitCode::from(2);
        }
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
