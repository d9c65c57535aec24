//! `graph-docs check DIR [--json]`: read a doc folder and build its IR as the macro does, then report every
//! problem, one line each (`file:line: severity kind: message`), then the figures; or one JSON object with
//! `--json`. Exit code 0 when there is no error, 1 when there is one, 2 when the folder cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use graph_docs_codegen::options::Options;

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
    let options = Options::for_folder(&dir.to_string_lossy());
    let check = match graph_docs_codegen::check::check(&dir, &options) {
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
