//! Selection by operation on the real v1.0 reference: the 25 API pages a typical app calls (users, mail send and
//! list, drive item upload and download, groups, calendar events), no resource page selected. Every body and
//! response is typed, the generated models are exactly the reachable set, at most a quarter of the folder's, and
//! the count under each reachability rule considered is printed. Skips loudly when `../shared` is absent.

use std::collections::BTreeSet;
use std::path::Path;

use graph_docs_codegen::ir::operations::{BodyDef, ResponseDef};
use graph_docs_codegen::ir::reach::{self, Relationships, Root, Rules};
use graph_docs_codegen::ir::select::Selection;
use graph_docs_codegen::ir::types::{RustType, TypeId, TypeKind};
use graph_docs_codegen::ir::{self, Ir};
use graph_docs_codegen::options::Options;
use graph_docs_codegen::read::load::load_with;
use graph_docs_tests::shared;

/// The app's pages: the same list as `tests/selection`'s crate and `bench/selection.sh`.
const APP_PAGES: [&str; 25] = [
    "api/user-get.md",
    "api/user-list.md",
    "api/user-update.md",
    "api/user-post-users.md",
    "api/user-delete.md",
    "api/user-sendmail.md",
    "api/user-list-messages.md",
    "api/message-get.md",
    "api/message-delete.md",
    "api/mailfolder-list-messages.md",
    "api/driveitem-put-content.md",
    "api/driveitem-get-content.md",
    "api/driveitem-createuploadsession.md",
    "api/driveitem-list-children.md",
    "api/driveitem-get.md",
    "api/group-list.md",
    "api/group-get.md",
    "api/group-post-groups.md",
    "api/group-list-members.md",
    "api/group-post-members.md",
    "api/user-list-events.md",
    "api/user-post-events.md",
    "api/event-get.md",
    "api/event-update.md",
    "api/event-delete.md",
];

fn options(include: &[&str]) -> Options {
    let mut options = Options::for_folder("v1.0");
    options.include = include.iter().map(|s| s.to_string()).collect();
    options
}

fn models(ir: &Ir, ids: impl IntoIterator<Item = TypeId>) -> usize {
    ids.into_iter()
        .filter(|&id| matches!(ir.space.types[id].kind, TypeKind::Model(_)))
        .count()
}

fn named(ty: &RustType) -> Option<TypeId> {
    match ty {
        RustType::Named(id) => Some(*id),
        RustType::Vec(inner) => named(inner),
        _ => None,
    }
}

#[test]
fn an_apps_operations_bring_the_types_they_reach_and_no_other() {
    let Some(dir) = shared("graph-docs-2020/v1.0") else {
        return;
    };
    let docs = graph_docs_codegen::load(&dir).unwrap();
    let full = ir::build(&docs, &options(&[]));
    // As the macro reads for a narrow selection: the other API pages in outline (before their examples).
    let selection = Selection::new(&options(&APP_PAGES).include, &[], &[]).unwrap();
    let outlined = load_with(&dir, &|file| selection.needs_reading(file)).unwrap();
    assert_eq!(outlined.api_pages.len(), docs.api_pages.len());
    for (outline, page) in outlined.api_pages.iter().zip(&docs.api_pages) {
        assert_eq!(outline.requests, page.requests, "{}", page.file.display());
        assert_eq!(outline.response, page.response, "{}", page.file.display());
    }
    let ir = ir::build(&outlined, &options(&APP_PAGES));
    let folder_models = models(&full, full.space.types.with_ids().map(|(id, _)| id));
    let generated_models = models(&ir, ir.generated.iter().copied());

    // The rules considered, measured on the same roots.
    let roots: Vec<Root> = ir.operations.iter().map(Root::operation).collect();
    let selected: Vec<_> = docs
        .api_pages
        .iter()
        .filter(|p| APP_PAGES.iter().any(|s| Path::new(s) == p.file))
        .collect();
    let examples = reach::example_types(&selected, &ir.space);
    let mut counts = Vec::new();
    for (name, rules) in [
        ("properties, relationships shown inline by examples, bases, derived types named by examples (chosen)", Rules::SELECTION),
        ("properties, no relationships, bases, derived types named by examples", Rules { relationships: Relationships::Never, all_derived: false }),
        ("properties, relationships shown inline by examples, bases, every derived type of a polymorphic collection", Rules { relationships: Relationships::ShownInline, all_derived: true }),
        ("properties and every relationship, bases, derived types named by examples", Rules { relationships: Relationships::Always, all_derived: false }),
        ("properties and every relationship, bases, every derived type", Rules { relationships: Relationships::Always, all_derived: true }),
    ] {
        let reached = reach::reach(&ir.space, &roots, &examples, rules);
        let count = models(&ir, reached.keys().copied());
        println!("reachable models, {name}: {count}");
        counts.push(count);
    }
    println!(
        "{} operations from {} pages: {generated_models} of the folder's {folder_models} models generated, {} types in all",
        ir.operations.len(),
        ir.api_pages,
        ir.generated.len()
    );
    assert_eq!(ir.api_pages, 25);
    assert_eq!(ir.callable_pages, 25, "{:#?}", ir.report);
    assert_eq!(generated_models, counts[0]);
    // Each rule reaches at least what a narrower one does.
    assert!(counts[1] <= counts[0] && counts[0] <= counts[2] && counts[2] <= counts[4]);
    assert!(counts[0] <= counts[3] && counts[3] <= counts[4]);
    assert!(
        generated_models * 4 <= folder_models,
        "{generated_models} models is more than a quarter of {folder_models}"
    );

    // The lenient report lists only what the selection asked for: problems of the pages it uses.
    let sources = ir.sources.as_ref().unwrap();
    println!(
        "report entries: {} for the selection, {} for the whole folder",
        ir.report.len(),
        full.report.len()
    );
    assert!(!ir.report.is_empty() && ir.report.len() < full.report.len());
    for d in &ir.report {
        assert!(sources.contains(&d.location.file), "{d}");
    }
    // Every body and response is typed.
    for op in &ir.operations {
        let what = format!(
            "{}::{}",
            graph_docs_codegen::names::join(&op.module, "::"),
            op.ident
        );
        match &op.body {
            BodyDef::Json(ty) => assert!(named(ty).is_some(), "{what}: untyped body"),
            BodyDef::Params { fields, .. } => assert!(!fields.is_empty(), "{what}"),
            BodyDef::None | BodyDef::Bytes(_) => {}
        }
        match &op.response {
            ResponseDef::Single(ty) | ResponseDef::Optional(ty) | ResponseDef::Page(ty) => {
                assert!(named(ty).is_some(), "{what}: untyped response")
            }
            ResponseDef::Unit | ResponseDef::Accepted | ResponseDef::Bytes => {}
        }
    }
    // Each function is the full client's, unchanged: name, path, arguments, body and response.
    for op in &ir.operations {
        let same = full
            .operations
            .iter()
            .find(|f| f.module == op.module && f.ident == op.ident)
            .unwrap_or_else(|| {
                panic!(
                    "{}::{} is not in the full client",
                    graph_docs_codegen::names::join(&op.module, "::"),
                    op.ident
                )
            });
        assert_eq!(op, same);
    }
    // The user's own models are there with their full-folder names.
    for name in [
        "microsoft.graph.user",
        "microsoft.graph.message",
        "microsoft.graph.driveItem",
        "microsoft.graph.group",
        "microsoft.graph.event",
        "microsoft.graph.fileAttachment",
    ] {
        let id = ir.space.resolve_qualified(name).unwrap();
        assert!(ir.generated.contains(&id), "{name} is not generated");
        let full_id = full.space.resolve_qualified(name).unwrap();
        assert_eq!(ir.space.types[id].ident, full.space.types[full_id].ident);
        assert_eq!(ir.space.types[id].module, full.space.types[full_id].module);
    }

    // No model that nothing reaches: each generated type is a root's or is reached from a generated type.
    let mut referenced: BTreeSet<TypeId> = BTreeSet::new();
    for op in &ir.operations {
        for (_, ty) in &Root::operation(op).uses {
            referenced.extend(named(ty));
        }
    }
    for (&id, fields) in &ir.model_fields {
        referenced.extend(fields.iter().filter_map(|f| named(&f.ty)));
        referenced.extend(ir.space.base(id));
    }
    for &id in &ir.generated {
        let derived_of_reached = ir
            .space
            .chain(id)
            .iter()
            .skip(1)
            .any(|b| ir.generated.contains(b))
            && examples.contains(&id);
        assert!(
            referenced.contains(&id) || derived_of_reached,
            "{} is generated but nothing reaches it",
            ir.space.types[id].name
        );
        assert!(ir.reasons.contains_key(&id));
    }
    // And every typed field's type is generated (the rest became JSON).
    assert!(referenced.iter().all(|id| ir.generated.contains(id)));
    // Relationships nothing else reaches are JSON, with their type named for `types: [...]`.
    let user = ir.space.resolve_qualified("microsoft.graph.user").unwrap();
    let untyped: Vec<_> = ir.model_fields[&user]
        .iter()
        .filter_map(|f| Some((f.json.as_str(), f.untyped.as_deref()?)))
        .collect();
    println!("user's relationships kept as JSON: {untyped:?}");
    assert!(
        untyped.contains(&("managedDevices", "microsoft.graph.managedDevice")),
        "{untyped:?}"
    );
    let devices = ir.model_fields[&user]
        .iter()
        .find(|f| f.json == "managedDevices")
        .unwrap();
    assert_eq!(devices.ty, RustType::Vec(Box::new(RustType::Json)));
}

#[test]
fn a_type_asked_for_by_name_is_generated_with_what_it_reaches() {
    let Some(dir) = shared("graph-docs-2020/v1.0") else {
        return;
    };
    let docs = graph_docs_codegen::load(&dir).unwrap();
    let mut options = options(&[]);
    options.types = vec![
        "microsoft.graph.user".into(),
        "microsoft.graph.nothing".into(),
    ];
    let ir = ir::build(&docs, &options);
    assert!(ir.operations.is_empty());
    let user = ir.space.resolve_qualified("microsoft.graph.user").unwrap();
    let profile = ir
        .space
        .resolve_qualified("microsoft.graph.passwordProfile")
        .unwrap();
    assert!(ir.generated.contains(&user) && ir.generated.contains(&profile));
    let lines = reach::explain(&ir.space, &ir.reasons);
    assert!(
        lines.iter().any(|l| l == "microsoft.graph.passwordProfile: property `passwordProfile` of microsoft.graph.user, asked for by `types` entry `microsoft.graph.user`"),
        "{lines:#?}"
    );
    // An unknown name is reported, located at the docs folder.
    assert!(ir.report.iter().any(|d| d
        .message
        .contains("`microsoft.graph.nothing` names no type")));
}

#[test]
fn a_narrow_selection_tracks_its_pages_and_their_includes_only() {
    let Some(dir) = shared("graph-docs-industrydata/beta") else {
        return;
    };
    let mut options = Options::for_folder("beta");
    options.include = vec!["api/industrydata-inboundflow-list.md".into()];
    let selection = Selection::new(&options.include, &[], &[]).unwrap();
    let docs = load_with(&dir, &|file| selection.needs_reading(file)).unwrap();
    let code = graph_docs_codegen::codegen::generate_docset(&docs, &options).to_string();
    let tracked: Vec<&str> = code
        .split("include_bytes ! (\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|path| path.strip_prefix(dir.to_str().unwrap()).unwrap_or(path))
        .collect();
    println!("tracked: {tracked:#?}");
    assert!(tracked.contains(&"/api/industrydata-inboundflow-list.md"));
    assert!(tracked.contains(&"/includes/permissions/industrydata-inboundflow-list-permissions.md"));
    assert!(tracked.contains(&"/resources/industrydata-inboundflow.md"));
    assert!(!tracked.iter().any(|f| f.contains("inboundflow-post")));
    assert!(
        tracked.len() < docs.files.len() / 2,
        "{} of {}",
        tracked.len(),
        docs.files.len()
    );
}
