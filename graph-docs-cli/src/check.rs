//! `graph-docs check DIR [--json] [selection]`: read a doc folder and build its IR as the macro does, then report
//! every problem, one line each (`file:line: severity kind: message`), then the figures; or one JSON object with
//! `--json`. With a narrow selection (`--include`, `--types`) only the pages it needs are read, and the problems
//! are those of the pages the output comes from, as in the macro's report. Exit code 0 when there is no error, 1
//! when there is one, 2 when the arguments are wrong or the folder cannot be read.

use std::process::ExitCode;

use crate::folder_args::{self, SELECTION_USAGE};

/// Run `check` with the arguments after the command name.
pub fn run(args: &[String]) -> ExitCode {
    let usage = format!("usage: graph-docs check DIR [--json] {SELECTION_USAGE}");
    let mut json = false;
    let folder = match folder_args::parse_or_exit("check", &usage, &usage, args, &mut |flag, _| {
        json |= flag == "--json";
        Ok(flag == "--json")
    }) {
        Ok(folder) => folder,
        Err(code) => return code,
    };
    let check = match graph_docs_codegen::check::check(&folder.dir, &folder.options()) {
        Ok(check) => check,
        Err(err) => {
            eprintln!("graph-docs check: {err}");
            return ExitCode::from(2);
        }
    };
    if json {
        println!("{}", check.to_json());
    } else {
        println!("{check}");
    }
    if check.errors() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
