//! The page selection flags shared by commands that read a folder: `--include SELECTOR` and `--exclude SELECTOR`
//! (repeatable, or `--include=SELECTOR`), file globs relative to the folder or namespaces, as the macro's
//! `include` / `exclude` options.

/// The include and exclude selectors given so far.
#[derive(Debug, Default)]
pub struct SelectionArgs {
    /// `--include` selectors, in order.
    pub include: Vec<String>,
    /// `--exclude` selectors, in order.
    pub exclude: Vec<String>,
}

impl SelectionArgs {
    /// Reads `arg` (and its value from `rest` when it is separate). `Ok(true)` when it was a selection flag,
    /// `Ok(false)` when it is not one; an error when its value is missing.
    pub fn take<'a>(
        &mut self,
        arg: &str,
        rest: &mut impl Iterator<Item = &'a String>,
    ) -> Result<bool, String> {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg, None),
        };
        let list = match flag {
            "--include" => &mut self.include,
            "--exclude" => &mut self.exclude,
            _ => return Ok(false),
        };
        match inline.or_else(|| rest.next().cloned()) {
            Some(value) if !value.is_empty() => {
                list.push(value);
                Ok(true)
            }
            _ => Err(format!(
                "`{flag}` needs a value: a file glob relative to the folder (`api/user-*.md`) or a namespace"
            )),
        }
    }
}
