//! The arguments of the commands that read a doc folder (`check`, `expand`, `permissions`, `serve`): `DIR`, the
//! selection as the macro's options (`--include SELECTOR` and `--exclude SELECTOR`: file globs relative to the
//! folder or namespaces; `--types QUALIFIED.NAME`; each repeatable, or written `--include=SELECTOR`), `-h` /
//! `--help`, and the command's own flags; then the selected folder, read as the selection needs it and built into
//! the IR.

use std::path::PathBuf;
use std::process::ExitCode;

use graph_docs_codegen::ir::select::{load_selected, Selection};
use graph_docs_codegen::ir::Ir;
use graph_docs_codegen::options::Options;
use graph_docs_codegen::page::DocSet;

/// What a folder command was given.
#[derive(Debug)]
pub enum Parsed {
    /// `-h` / `--help`.
    Help,
    /// A folder and its selection.
    Folder(FolderArgs),
}

/// The folder and the selection.
#[derive(Debug)]
pub struct FolderArgs {
    /// `DIR`.
    pub dir: PathBuf,
    /// `--include` selectors, in order.
    pub include: Vec<String>,
    /// `--exclude` selectors, in order.
    pub exclude: Vec<String>,
    /// `--types` names, in order.
    pub types: Vec<String>,
}

/// The usage text of the selection options.
pub const SELECTION_USAGE: &str =
    "[--include GLOB|NAMESPACE]... [--exclude GLOB|NAMESPACE]... [--types QUALIFIED.NAME]...";

/// The command's own flags: called with a flag and the remaining arguments (to take its value from);
/// `Ok(true)` when it was the command's, `Ok(false)` when it is unknown.
pub type OwnFlags<'f> =
    dyn FnMut(&str, &mut std::slice::Iter<'_, String>) -> Result<bool, String> + 'f;

/// Reads the arguments after the command name; the error says what is wrong.
pub fn parse(args: &[String], own: &mut OwnFlags<'_>) -> Result<Parsed, String> {
    let mut dir: Option<PathBuf> = None;
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    let mut types = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let list = match flag {
            "--include" => &mut include,
            "--exclude" => &mut exclude,
            "--types" => &mut types,
            "-h" | "--help" => return Ok(Parsed::Help),
            _ if own(arg, &mut rest)? => continue,
            _ if arg.starts_with('-') => return Err(format!("unknown option `{arg}`")),
            _ if dir.is_none() => {
                dir = Some(PathBuf::from(arg));
                continue;
            }
            _ => return Err(format!("unexpected argument `{arg}`")),
        };
        match inline.or_else(|| rest.next().cloned()) {
            Some(value) if !value.is_empty() => list.push(value),
            _ if flag == "--types" => {
                return Err("`--types` needs a value: a qualified type name (`microsoft.graph.user`)".into())
            }
            _ => {
                return Err(format!(
                    "`{flag}` needs a value: a file glob relative to the folder (`api/user-*.md`) or a namespace"
                ))
            }
        }
    }
    let dir = dir.ok_or("missing DIR, the doc folder")?;
    Selection::new(&include, &exclude, &types).map_err(|errors| errors.join("; "))?;
    Ok(Parsed::Folder(FolderArgs {
        dir,
        include,
        exclude,
        types,
    }))
}

/// Reads a command's arguments as [`parse`] does, or says how it ends: `-h` / `--help` prints `help` (exit code
/// 0); wrong arguments print `graph-docs COMMAND: what is wrong` and `usage` (exit code 2).
pub fn parse_or_exit(
    command: &str,
    usage: &str,
    help: &str,
    args: &[String],
    own: &mut OwnFlags<'_>,
) -> Result<FolderArgs, ExitCode> {
    match parse(args, own) {
        Ok(Parsed::Folder(folder)) => Ok(folder),
        Ok(Parsed::Help) => {
            println!("{help}");
            Err(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("graph-docs {command}: {message}\n{usage}");
            Err(ExitCode::from(2))
        }
    }
}

impl FolderArgs {
    /// The selection (its globs were checked when the arguments were read).
    pub fn selection(&self) -> Selection {
        Selection::new(&self.include, &self.exclude, &self.types).unwrap_or_default()
    }

    /// The macro options of this folder and selection.
    pub fn options(&self) -> Options {
        Options {
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            types: self.types.clone(),
            ..Options::for_folder(&self.dir.to_string_lossy())
        }
    }

    /// Reads the folder as the selection needs it and builds the IR of the selected pages; `command` names the
    /// command in errors.
    pub fn load(&self, command: &str) -> Result<(DocSet, Ir), ExitCode> {
        let options = self.options();
        let docs = load_selected(&self.dir, &options).map_err(|err| {
            eprintln!("graph-docs {command}: {err}");
            ExitCode::from(2)
        })?;
        let ir = graph_docs_codegen::ir::build(&docs, &options);
        if ir.operations.is_empty() {
            eprintln!(
                "graph-docs {command}: warning: the selection holds no operation ({} API pages selected); check --include / --exclude / --types",
                ir.api_pages
            );
        }
        Ok((docs, ir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn takes_repeated_selection_options_and_the_commands_own_flags() {
        let mut json = false;
        let args = strings(&[
            "docs",
            "--include",
            "api/a-*",
            "--json",
            "--include=b.md",
            "--types",
            "x.y",
        ]);
        let parsed = parse(&args, &mut |flag, _| {
            json |= flag == "--json";
            Ok(flag == "--json")
        });
        let Ok(Parsed::Folder(folder)) = parsed else {
            panic!("not a folder: {parsed:?}");
        };
        assert!(json);
        let options = folder.options();
        assert_eq!(options.include, ["api/a-*", "b.md"]);
        assert_eq!(options.types, ["x.y"]);
        assert_eq!(folder.dir, PathBuf::from("docs"));
    }

    #[test]
    fn wrong_arguments_say_what_is_wrong() {
        let mut none = |_: &str, _: &mut std::slice::Iter<'_, String>| Ok(false);
        let error = |args: &[&str], own: &mut OwnFlags<'_>| parse(&strings(args), own).unwrap_err();
        assert!(error(&["docs", "--exclude"], &mut none).contains("needs a value"));
        assert!(error(&["docs", "--include", "a/["], &mut none).contains("not a valid glob"));
        assert!(error(&["docs", "--json"], &mut none).contains("unknown option `--json`"));
        assert!(error(&["docs", "other"], &mut none).contains("unexpected argument"));
        assert!(error(&["--include", "a"], &mut none).contains("missing DIR"));
    }
}
