//! The intermediate representation between the page model and the generated code: the selected pages'
//! types ([`types`]) and operations ([`operations`]), with every name decided and every problem reported.

pub mod casing;
pub mod examples;
pub mod manifest;
pub mod operations;
pub mod reach;
pub mod select;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::names::{self, RustName};
use crate::options::Options;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location, Severity};
use crate::page::{ApiPage, DocSet, EnumPage, ResourcePage};
use operations::{AddressIndex, BodyDef, OperationDef};
use select::Selection;
use types::{FieldDef, RustType, TypeId, TypeKind, TypeSpace};

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
    /// The types generated: every type for the whole folder; for a narrow selection, those it reaches.
    pub generated: BTreeSet<TypeId>,
    /// Why each type the selection's operations, `types` and included pages reach is there.
    pub reasons: BTreeMap<TypeId, reach::Reason>,
    /// For a narrow selection, the pages the output is generated from (the selected API pages, the pages
    /// declaring a generated type); `None` for the whole folder.
    pub sources: Option<BTreeSet<PathBuf>>,
}

/// The names an operation puts in its module's type namespace: its builder (`XRequest`, when it needs its own)
/// or options marker (`XOptions`, when it documents options), and its body struct (`XBody`).
pub fn operation_type_names(op: &OperationDef) -> (Option<RustName>, Option<RustName>) {
    let base = names::camel(op.ident.word());
    let body = matches!(op.body, BodyDef::Params { .. }).then(|| base.suffixed("Body"));
    let builder = op.needs_own_builder().then(|| base.suffixed("Request"));
    (builder, body)
}

/// Builds the IR of the selected pages of a doc set.
pub fn build(docs: &DocSet, options: &Options) -> Ir {
    let mut report: Vec<Diagnostic> = Vec::new();
    let selection = Selection::new(&options.include, &options.exclude, &options.types)
        .unwrap_or_else(|errors| {
            report.extend(errors.into_iter().map(|message| {
                Diagnostic::error(
                    DiagnosticKind::Codegen,
                    Location::new(options.docs.value(), 0),
                    message,
                )
            }));
            Selection::default()
        });
    // Every page the selection admits declares its types, so that names never depend on the selection; only
    // the selected API pages become functions.
    let api: Vec<&ApiPage> = docs
        .api_pages
        .iter()
        .filter(|p| selection.keeps(&p.file, &p.namespace))
        .collect();
    let resources: Vec<_> = docs
        .resources
        .iter()
        .filter(|p| selection.admits(&p.file, &p.namespace))
        .collect();
    let enums: Vec<_> = docs
        .enums
        .iter()
        .filter(|p| selection.admits(&p.file, &p.namespace))
        .collect();

    let space = TypeSpace::new(&resources, &enums, &mut report);
    // Paths are spelled, and bound operations addressed, as the whole folder does, whatever the selection.
    let admitted: Vec<&ApiPage> = docs
        .api_pages
        .iter()
        .filter(|p| selection.admits(&p.file, &p.namespace))
        .collect();
    let addresses = AddressIndex::new(&admitted, &space);
    let casing = casing::SegmentCasing::new(
        admitted
            .iter()
            .flat_map(|page| page.requests.iter().map(|line| &line.template)),
    );
    let claims = operations::NameClaims::new(&admitted);
    let mut module_types: BTreeMap<Vec<RustName>, BTreeMap<RustName, Location>> = BTreeMap::new();
    for def in &space.types {
        module_types
            .entry(def.module.clone())
            .or_default()
            .insert(def.ident.clone(), def.location.clone());
    }
    let mut functions: BTreeMap<(Vec<RustName>, RustName), Location> = BTreeMap::new();
    let mut operations = Vec::new();
    let mut derived = Vec::new();
    let mut callable_pages = 0;
    for page in &api {
        let mut any = false;
        let mut shared = operations::SharedTypes::default();
        for op in
            operations::page_operations(page, &space, &addresses, &casing, &claims, &mut report)
        {
            let key = (op.module.clone(), op.ident.clone());
            if let Some(first) = functions.get(&key) {
                let what = format!("function `{}::{}`", names::join(&op.module, "::"), op.ident);
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
                let what = format!("type `{}::{name}`", names::join(&op.module, "::"));
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
            operations.push(shared.share(op));
            any = true;
        }
        if any {
            callable_pages += 1;
        }
    }
    let roots = roots(
        &operations,
        &selection,
        &space,
        &resources,
        &enums,
        options,
        &mut report,
    );
    let named = reach::example_types(&api, &space);
    let reasons = reach::reach(&space, &roots, &named, reach::Rules::SELECTION);
    let generated: BTreeSet<TypeId> = if selection.is_narrow() {
        reasons.keys().copied().collect()
    } else {
        space.types.with_ids().map(|(id, _)| id).collect()
    };
    let mut model_fields = BTreeMap::new();
    for &id in &generated {
        if matches!(space.types[id].kind, TypeKind::Model(_)) {
            let mut fields = space.model_fields(id, &mut report);
            untype_missing(&space, &generated, &mut fields);
            model_fields.insert(id, fields);
        }
    }
    types::mark_boxes(&mut model_fields);

    // The pages the output comes from: the selected API pages and every page that declares a generated type.
    let sources: BTreeSet<&Path> = type_pages(&resources, &enums)
        .filter(|(_, namespace, name)| {
            space
                .resolve_qualified(&format!("{namespace}.{name}"))
                .is_some_and(|id| generated.contains(&id))
        })
        .map(|(file, _, _)| file.as_path())
        .chain(api.iter().map(|p| p.file.as_path()))
        .collect();
    // The lenient report lists what the selection asked for: problems located on the pages it uses.
    if selection.is_narrow() {
        report.retain(|d| {
            d.location.file.as_os_str() == options.docs.value().as_str()
                || sources.contains(d.location.file.as_path())
        });
    }
    let kept: BTreeSet<&Path> = if selection.is_narrow() {
        sources.clone()
    } else {
        api.iter()
            .map(|p| p.file.as_path())
            .chain(resources.iter().map(|p| p.file.as_path()))
            .chain(enums.iter().map(|p| p.file.as_path()))
            .collect()
    };
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
    let sources = selection
        .is_narrow()
        .then(|| sources.into_iter().map(Path::to_path_buf).collect());
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
        generated,
        reasons,
        sources,
    }
}

/// What the selection asks for: the operations, the `types` entries and, for a narrow selection, the resource
/// and enum pages `include` names. A `types` entry that names no type is reported.
fn roots(
    operations: &[OperationDef],
    selection: &Selection,
    space: &TypeSpace,
    resources: &[&ResourcePage],
    enums: &[&EnumPage],
    options: &Options,
    report: &mut Vec<Diagnostic>,
) -> Vec<reach::Root> {
    let mut roots: Vec<reach::Root> = operations.iter().map(reach::Root::operation).collect();
    for name in selection.types() {
        match space.resolve_qualified(name) {
            Some(id) => roots.push(reach::Root::named(&format!("`types` entry `{name}`"), id)),
            None => report.push(
                Diagnostic::error(
                    DiagnosticKind::UnknownType,
                    Location::new(options.docs.value(), 0),
                    format!("`types` entry `{name}` names no type of the docs folder"),
                )
                .with_hint(
                    "write the qualified name of a resource or enum, e.g. `microsoft.graph.user`",
                ),
            ),
        }
    }
    if selection.is_narrow() {
        let included = type_pages(resources, enums)
            .filter(|(file, namespace, _)| selection.keeps(file, namespace));
        for (file, namespace, name) in included {
            if let Some(id) = space.resolve_qualified(&format!("{namespace}.{name}")) {
                roots.push(reach::Root::named(
                    &format!("the included page {}", file.display()),
                    id,
                ));
            }
        }
    }
    roots
}

/// Each resource and enum page: its file, and the namespace and name of the type it declares.
fn type_pages<'a>(
    resources: &'a [&ResourcePage],
    enums: &'a [&EnumPage],
) -> impl Iterator<Item = (&'a PathBuf, &'a String, &'a String)> {
    resources
        .iter()
        .map(|p| (&p.file, &p.namespace, &p.name))
        .chain(enums.iter().map(|p| (&p.file, &p.namespace, &p.name)))
}

/// A field whose type the selection does not generate (a relationship nothing else reaches) becomes JSON, the
/// type's name kept for its docs.
fn untype_missing(space: &TypeSpace, generated: &BTreeSet<TypeId>, fields: &mut [FieldDef]) {
    fn json(ty: &RustType, generated: &BTreeSet<TypeId>) -> Option<(RustType, TypeId)> {
        match ty {
            RustType::Named(id) if !generated.contains(id) => Some((RustType::Json, *id)),
            RustType::Vec(inner) => {
                json(inner, generated).map(|(ty, id)| (RustType::Vec(Box::new(ty)), id))
            }
            _ => None,
        }
    }
    for field in fields {
        if let Some((ty, id)) = json(&field.ty, generated) {
            let def = &space.types[id];
            field.untyped = Some(format!("{}.{}", def.namespace, def.name));
            field.ty = ty;
        }
    }
}
