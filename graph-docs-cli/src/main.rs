//! `graph-docs`: check a doc folder, expand the generated code, list the permissions it needs, serve its
//! examples as a local Graph.
//!
//! Usage: `graph-docs <command> [args]`. Each command lives in its own module.

use std::process::ExitCode;

mod check;
mod expand;
mod folder_args;
mod permissions;
mod serve;

const USAGE: &str = "usage: graph-docs check DIR [--json] | graph-docs expand DIR\n       graph-docs permissions DIR [--include SELECTOR]... [--exclude SELECTOR]... [--json]\n       graph-docs serve DIR [--addr 127.0.0.1:PORT] [--include SELECTOR]... [--exclude SELECTOR]...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match command.as_str() {
        "check" => check::run(rest),
        "expand" => expand::run(rest),
        "permissions" => permissions::run(rest),
        "serve" => serve::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("graph-docs: unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
