//! The arguments of the commands that read a doc folder (`permissions`, `serve`): `DIR`, the page selection
//! (`--include SELECTOR` and `--exclude SELECTOR`, repeatable, or `--include=SELECTOR`: file globs relative to the
//! folder or namespaces, as the macro's `include` / `exclude` options), `-h` / `--help`, and the command's own
//! flags; then the selected folder, read and built into the IR.

use std::path::PathBuf;
use std::process::ExitCode;

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
}

/// The command's own flags: called with a flag and the remaining arguments (to take its value from);
/// `Ok(true)` when it was the command's, `Ok(false)` when it is unknown.
pub type OwnFlags<'f> =
    dyn FnMut(&str, &mut std::slice::Iter<'_, String>) -> Result<bool, String> + 'f;

/// Reads the arguments after the command name; the error says what is wrong.
pub fn parse(args: &[String], own: &mut OwnFlags<'_>) -> Result<Parsed, String> {
    let mut dir: Option<PathBuf> = None;
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let list = match flag {
            "--include" => &mut include,
            "--exclude" => &mut exclude,
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
            _ => {
                return Err(format!(
                "`{flag}` needs a value: a file glob relative to the folder (`api/user-*.md`) or a namespace"
            ))
            }
        }
    }
    let dir = dir.ok_or("missing DIR, the doc folder")?;
    Ok(Parsed::Folder(FolderArgs {
        dir,
        include,
        exclude,
    }))
}

impl FolderArgs {
    /// Reads the folder and builds the IR of the selected pages; `command` names the command in errors.
    pub fn load(&self, command: &str) -> Result<(DocSet, Options, Ir), ExitCode> {
        let docs = graph_docs_codegen::load(&self.dir).map_err(|err| {
            eprintln!("graph-docs {command}: {err}");
            ExitCode::from(2)
        })?;
        let mut options = Options::for_folder(&self.dir.to_string_lossy());
        options.include = self.include.clone();
        options.exclude = self.exclude.clone();
        let ir = graph_docs_codegen::ir::build(&docs, &options);
        if ir.operations.is_empty() {
            eprintln!(
                "graph-docs {command}: warning: the selection holds no operation ({} API pages selected); check --include / --exclude",
                ir.api_pages
            );
        }
        Ok((docs, options, ir))
    }
}
