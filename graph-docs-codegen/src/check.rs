//! `graph-docs check DIR`: the reader and the IR run as the macro runs them, and everything they find. Its list is
//! what strict mode would report (the IR's report and its derived request lines) plus the reader's own warnings;
//! its figures of what becomes code come from the IR, so they agree with the generated `SKIPPED`.

use std::fmt;
use std::path::Path;

use crate::ir::select::load_selected;
use crate::ir::{self, Ir};
use crate::options::Options;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Severity};
use crate::read::links::slash_path;
use crate::read::summary::Summary;

/// What `graph-docs check` found in a doc folder.
#[derive(Debug, Clone)]
pub struct Check {
    /// What the reader read.
    pub reading: Summary,
    /// Selected API pages.
    pub api_pages: usize,
    /// Selected API pages with at least one generated function.
    pub callable_pages: usize,
    /// Of those, the pages without a request line whose line the IR derived from their title.
    pub derived_pages: usize,
    /// Generated functions.
    pub functions: usize,
    /// Generated types (models and enums).
    pub types: usize,
    /// What the generated `SKIPPED` lists: what was not generated, or generated as `serde_json::Value`.
    pub report: Vec<Diagnostic>,
    /// Every problem, sorted: the reader's diagnostics, the IR's report and the derived request lines (which
    /// strict mode rejects).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `dir` as the selection of `options` needs it and builds its IR. For a narrow selection the reader's
/// problems are those of the pages the output comes from, as in the macro's report. `Err` only when a selector is
/// not a valid glob or the folder cannot be read.
pub fn check(dir: &Path, options: &Options) -> Result<Check, Diagnostic> {
    let docs = load_selected(dir, options)?;
    let ir = ir::build(&docs, options);
    let derived_pages = derived_pages(&ir);
    // An empty request block is the IR's to judge: it derives the line (listed in `derived`) or reports why not.
    let mut diagnostics: Vec<Diagnostic> = docs
        .diagnostics
        .iter()
        .filter(|d| d.kind != DiagnosticKind::EmptyRequestBlock)
        .filter(|d| {
            ir.sources
                .as_ref()
                .is_none_or(|sources| sources.contains(&d.location.file))
        })
        .chain(&ir.report)
        .chain(&ir.derived)
        .cloned()
        .collect();
    diagnostics.sort();
    diagnostics.dedup();
    Ok(Check {
        reading: Summary::of(&docs),
        api_pages: ir.api_pages,
        callable_pages: ir.callable_pages,
        derived_pages,
        functions: ir.operations.len(),
        types: ir.generated.len(),
        report: ir.report,
        diagnostics,
    })
}

/// Pages whose only functions come from a derived line.
fn derived_pages(ir: &Ir) -> usize {
    let mut pages: Vec<&Path> = ir
        .operations
        .iter()
        .filter(|op| op.derived.is_some())
        .map(|op| op.location.file.as_path())
        .collect();
    pages.dedup();
    pages.len()
}

impl Check {
    /// Error diagnostics: `graph-docs check` exits non-zero when there is one.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The findings as one JSON object (the `graph-docs check --json` format): the reader's figures, the IR's
    /// (`callable_pages`, `functions`, ...), `skipped` (the entries of `SKIPPED`) and `problems` (every diagnostic).
    pub fn to_json(&self) -> serde_json::Value {
        let entry = |d: &Diagnostic| {
            serde_json::json!({
                "file": slash_path(&d.location.file),
                "line": d.location.line,
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "kind": d.kind.as_str(),
                "reason": d.message,
                "hint": d.hint,
            })
        };
        let mut json = self.reading.to_json();
        if let Some(object) = json.as_object_mut() {
            object.insert("selected_api_pages".into(), self.api_pages.into());
            object.insert("callable_pages".into(), self.callable_pages.into());
            object.insert("callable_by_title".into(), self.derived_pages.into());
            object.insert("functions".into(), self.functions.into());
            object.insert("types".into(), self.types.into());
            object.insert(
                "skipped".into(),
                self.report.iter().map(entry).collect::<Vec<_>>().into(),
            );
            object.insert(
                "problems".into(),
                self.diagnostics
                    .iter()
                    .map(entry)
                    .collect::<Vec<_>>()
                    .into(),
            );
            object.insert("problem_errors".into(), self.errors().into());
        }
        json
    }
}

impl fmt::Display for Check {
    /// One line per problem, then the figures.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        writeln!(f, "\n{}", self.reading)?;
        writeln!(
            f,
            "callable pages:     {} of {} ({} of them through a line derived from their `resource: operation` title)",
            self.callable_pages, self.api_pages, self.derived_pages
        )?;
        writeln!(
            f,
            "generated:          {} functions, {} types",
            self.functions, self.types
        )?;
        writeln!(f, "SKIPPED entries:    {}", self.report.len())?;
        write!(
            f,
            "problems:           {} errors, {} in all",
            self.errors(),
            self.diagnostics.len()
        )
    }
}
