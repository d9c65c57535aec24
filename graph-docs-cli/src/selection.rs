//! The selection options `check` and `expand` share with the macro: `--include GLOB|NAMESPACE`,
//! `--exclude GLOB|NAMESPACE` and `--types QUALIFIED.NAME`, each repeatable.

use graph_docs_codegen::ir::select::Selection;
use graph_docs_codegen::options::Options;

/// Usage text of the selection options.
pub const USAGE: &str =
    "[--include GLOB|NAMESPACE]... [--exclude GLOB|NAMESPACE]... [--types NAME]...";

/// The selection given on the command line.
#[derive(Debug, Default)]
pub struct Chosen {
    include: Vec<String>,
    exclude: Vec<String>,
    types: Vec<String>,
}

impl Chosen {
    /// The macro options for `dir` with this selection.
    pub fn options(self, dir: &str) -> Options {
        Options {
            include: self.include,
            exclude: self.exclude,
            types: self.types,
            ..Options::for_folder(dir)
        }
    }

    /// The selection itself.
    pub fn selection(&self) -> Selection {
        // `take` checked the globs.
        Selection::new(&self.include, &self.exclude, &self.types).unwrap_or_default()
    }
}

/// Takes the selection options out of `args`; returns them and the other arguments, or what is wrong.
pub fn take(args: &[String]) -> Result<(Chosen, Vec<String>), String> {
    let mut chosen = Chosen::default();
    let mut rest = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let list = match arg.as_str() {
            "--include" => &mut chosen.include,
            "--exclude" => &mut chosen.exclude,
            "--types" => &mut chosen.types,
            _ => {
                rest.push(arg.clone());
                continue;
            }
        };
        match iter.next() {
            Some(value) => list.push(value.clone()),
            None => return Err(format!("`{arg}` needs a value")),
        }
    }
    Selection::new(&chosen.include, &chosen.exclude, &chosen.types).map_err(|e| e.join("; "))?;
    Ok((chosen, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_repeated_options_and_leaves_the_rest() {
        let args: Vec<String> = [
            "docs",
            "--include",
            "api/a-*",
            "--json",
            "--include",
            "b.md",
            "--types",
            "x.y",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (chosen, rest) = take(&args).unwrap();
        assert_eq!(rest, ["docs", "--json"]);
        let options = chosen.options("docs");
        assert_eq!(options.include, ["api/a-*", "b.md"]);
        assert_eq!(options.types, ["x.y"]);
        assert!(take(&["--exclude".to_string()])
            .unwrap_err()
            .contains("needs a value"));
        assert!(take(&["--include".to_string(), "a/[".to_string()])
            .unwrap_err()
            .contains("not a valid glob"));
    }
}
