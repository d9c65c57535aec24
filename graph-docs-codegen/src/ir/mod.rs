//! The intermediate representation between the page model and the generated code: the selected pages'
//! types ([`types`]) and operations ([`operations`]), with every name decided and every problem reported.

pub mod casing;
pub mod examples;
pub mod manifest;
pub mod operations;
pub mod select;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location, Severity};
use crate::names;
use crate::options::Options;
use crate::page::{ApiPage, DocSet};
use operations::{AddressIndex, BodyDef, OperationDef};
use select::Selection;
use types::{FieldDef, TypeId, TypeKind, TypeSpace};

/// Everything the code generator needs.
#[derive(Debug, Clone, Default)]
pub struct Ir {
    /// The types.
    pub space: TypeSpace,
    /// Each model's fields (base types' included), boxes decided.
    pub model_fields: BTreeMap<TypeId, Vec<FieldDef>>,
    /// The operations, in page then line order, names unique per module.
    pub operations: Vec<OperationDef>,
    /// What was not generated, or generated as `serde_json::Value`, with why: the lenient report, or the strict
    /// mode's errors.
    pub report: Vec<Diagnostic>,
    /// Request lines derived for pages without one (lenient mode generates them; strict mode reports them).
    pub derived: Vec<Diagnostic>,
    /// Selected API pages.
    pub api_pages: usize,
    /// Selected API pages with at least one generated function.
    pub callable_pages: usize,
}

/// The names an operation puts in its module's type namespace: its builder (`XRequest`, when it needs its own)
/// or options marker (`XOptions`, when it documents options), and its body struct (`XBody`).
pub fn operation_type_names(op: &OperationDef) -> (Option<String>, Option<String>) {
    let base = names::camel(op.ident.trim_start_matches("r#"));
    let body = matches!(op.body, BodyDef::Params(_)).then(|| format!("{base}Body"));
    let builder = op.needs_own_builder().then(|| format!("{base}Request"));
    (builder, body)
}

/// Builds the IR of the selected pages of a doc set.
pub fn build(docs: &DocSet, options: &Options) -> Ir {
    let selection = Selection::new(&options.include, &options.exclude);
    let api: Vec<&ApiPage> = docs
        .api_pages
        .iter()
        .filter(|p| selection.keeps(&p.file, &p.namespace))
        .collect();
    let resources: Vec<_> = docs
        .resources
        .iter()
        .filter(|p| selection.keeps(&p.file, &p.namespace))
        .collect();
    let enums: Vec<_> = docs
        .enums
        .iter()
        .filter(|p| selection.keeps(&p.file, &p.namespace))
        .collect();
    let kept: BTreeSet<&std::path::Path> = api
        .iter()
        .map(|p| p.file.as_path())
        .chain(resources.iter().map(|p| p.file.as_path()))
        .chain(enums.iter().map(|p| p.file.as_path()))
        .collect();

    let mut report: Vec<Diagnostic> = Vec::new();
    // The reader's verdicts: skipped pages, and errors that block an element. An empty request block is the
    // generator's to judge (it may derive the line).
    report.extend(
        docs.skipped
            .iter()
            .filter(|d| selection.keeps(&d.location.file, ""))
            .cloned(),
    );
    report.extend(
        docs.diagnostics
            .iter()
            .filter(|d| {
                (d.severity == Severity::Error && d.kind != DiagnosticKind::EmptyRequestBlock)
                    || d.kind == DiagnosticKind::Table
            })
            .filter(|d| kept.contains(d.location.file.as_path()))
            .cloned(),
    );

    let space = TypeSpace::new(&resources, &enums, &mut report);
    let mut model_fields = BTreeMap::new();
    for (id, def) in space.types.iter().enumerate() {
        if matches!(def.kind, TypeKind::Model(_)) {
            model_fields.insert(id, space.model_fields(id, &mut report));
        }
    }
    types::mark_boxes(&mut model_fields);

    let addresses = AddressIndex::new(&api, &space);
    let casing = casing::SegmentCasing::new(
        api.iter()
            .flat_map(|page| page.requests.iter().map(|line| &line.template)),
    );
    let mut module_types: BTreeMap<Vec<String>, BTreeMap<String, Location>> = BTreeMap::new();
    for def in &space.types {
        module_types
            .entry(def.module.clone())
            .or_default()
            .insert(def.ident.clone(), def.location.clone());
    }
    let mut functions: BTreeMap<(Vec<String>, String), Location> = BTreeMap::new();
    let mut operations = Vec::new();
    let mut derived = Vec::new();
    let mut callable_pages = 0;
    for page in &api {
        let mut any = false;
        for op in operations::page_operations(page, &space, &addresses, &casing, &mut report) {
            let key = (op.module.clone(), op.ident.clone());
            if let Some(first) = functions.get(&key) {
                let what = format!("function `{}::{}`", op.module.join("::"), op.ident);
                report.push(types::duplicate(&op.location, &what, first));
                continue;
            }
            let (builder, body) = operation_type_names(&op);
            let module = module_types.entry(op.module.clone()).or_default();
            if let Some((name, first)) = [builder.as_ref(), body.as_ref()]
                .into_iter()
                .flatten()
                .find_map(|n| module.get(n).map(|l| (n, l)))
            {
                let what = format!("type `{}::{name}`", op.module.join("::"));
                report.push(types::duplicate(&op.location, &what, first));
                continue;
            }
            for name in [builder, body].into_iter().flatten() {
                module.insert(name, op.location.clone());
            }
            functions.insert(key, op.location.clone());
            if let Some(how) = &op.derived {
                derived.push(
                    Diagnostic::error(
                        DiagnosticKind::EmptyRequestBlock,
                        op.location.clone(),
                        format!("no request line; `{}` is {how}", op.http_line),
                    )
                    .with_hint(format!(
                        "write `{}` in the page's HTTP request block, or build in lenient mode",
                        op.http_line
                    )),
                );
            }
            operations.push(op);
            any = true;
        }
        if any {
            callable_pages += 1;
        }
    }
    report.sort();
    report.dedup();
    Ir {
        space,
        model_fields,
        operations,
        report,
        derived,
        api_pages: api.len(),
        callable_pages,
    }
}
