//! The root `OPERATIONS` table: every generated operation's static facts (name, method, path template, path
//! recipe, source, permissions), as the one text literal `graph_runtime::Operations` decodes on first use, in
//! the format its module documents: a line per operation, tab-separated fields.
//!
//! A table of `graph_runtime::Operation` expressions (with a `const` per distinct permission set) cost the compiler
//! a body as large as the table to build, check and evaluate, and an allocation with a relocation per string: for
//! the beta reference's 7,465 operations about 5% of the client's build, where the literal costs nearly nothing.
//! The literal is a raw string with a line per operation, so that `graph-docs expand` output reads as a table.

use crate::ir::operations::{OperationDef, PathPiece};
use crate::page::Scopes;

/// The table's text, in page order; a function names its entry by index.
#[derive(Default)]
pub struct OperationTable {
    text: String,
    count: usize,
}

impl OperationTable {
    /// Adds the entry of `op` and returns its index.
    pub fn push(&mut self, op: &OperationDef) -> usize {
        let fields = [
            op.ident.word().to_owned(),
            op.method.as_str().to_owned(),
            op.template.clone(),
            path_recipe(&op.path),
            op.location.to_string(),
            scopes(&op.permissions.delegated_work),
            scopes(&op.permissions.delegated_personal),
            scopes(&op.permissions.application),
        ];
        for (n, field) in fields.iter().enumerate() {
            if n > 0 {
                self.text.push('\t');
            }
            // A separator inside a field would shift the fields after it (none is expected: page text is one
            // line, and whitespace splits a request line).
            self.text
                .extend(field.chars().map(|c| if c.is_control() { ' ' } else { c }));
        }
        self.text.push('\n');
        self.count += 1;
        self.count - 1
    }

    /// The `OPERATIONS` static, as source text: a raw string literal with enough `#`s that no `"#...` inside it
    /// ends it early.
    pub fn write(&self, out: &mut String) {
        let hashes = "#".repeat(longest_hash_run_after_quote(&self.text) + 1);
        out.push_str(&format!(
            "#[doc = \"Every generated operation ({}), in page order (see `graph_runtime::Operations`).\"]\n\
             pub static OPERATIONS: ::graph_runtime::Operations = ::graph_runtime::Operations::new(r{hashes}\"\n",
            self.count
        ));
        // The raw string starts with a line end, so that each entry is a line of its own in the source; the
        // runtime skips empty lines.
        out.push_str(&self.text);
        out.push_str(&format!("\"{hashes});\n"));
    }
}

/// The longest run of `#` right after a `"` in `text`.
fn longest_hash_run_after_quote(text: &str) -> usize {
    text.split('"')
        .skip(1)
        .map(|after| after.chars().take_while(|&c| c == '#').count())
        .max()
        .unwrap_or(0)
}

/// A permission field: `+scopes`, `-` (not supported) or empty (not stated).
fn scopes(scopes: &Scopes) -> String {
    match scopes {
        Scopes::Listed(list) => format!("+{}", list.join(" ")),
        Scopes::NotSupported => "-".to_owned(),
        Scopes::NotStated => String::new(),
    }
}

/// The path as a recipe for `graph_runtime::builder::path`: literal text (braces doubled) and one placeholder
/// per argument (`{0}`, `{1:odata}`, `{0:item}`, `{0:entity}`).
fn path_recipe(pieces: &[PathPiece]) -> String {
    let mut recipe = String::new();
    for piece in pieces {
        match piece {
            PathPiece::Literal(text) => {
                recipe.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPiece::Segment(n) => recipe.push_str(&format!("{{{n}}}")),
            PathPiece::OData(n) => recipe.push_str(&format!("{{{n}:odata}}")),
            PathPiece::ItemPath(n) => recipe.push_str(&format!("{{{n}:item}}")),
            PathPiece::EntityPath(n) => recipe.push_str(&format!("{{{n}:entity}}")),
        }
    }
    recipe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_raw_string_outlasts_any_quote_and_hashes_inside() {
        assert_eq!(longest_hash_run_after_quote("no quotes"), 0);
        assert_eq!(longest_hash_run_after_quote("a \"b\" c"), 0);
        assert_eq!(longest_hash_run_after_quote("/x('\"##')"), 2);
        let table = OperationTable {
            text: "a\t\"##\n".to_owned(),
            count: 1,
        };
        let mut out = String::new();
        table.write(&mut out);
        assert!(out.contains("r###\"\na\t\"##\n\"###);"), "{out}");
    }
}
