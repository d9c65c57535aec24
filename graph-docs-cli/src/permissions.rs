//! `graph-docs permissions DIR [--include SELECTOR]... [--exclude SELECTOR]... [--types NAME]... [--json]`: the least-privileged
//! permissions the selected operations need, per permission type (delegated work or school, delegated personal,
//! application), each with the operations it is chosen for, then the operations a type cannot call ("Not
//! supported") or whose page lists nothing for it. The macro emits the same manifest as `PERMISSIONS`.
//!
//! Exit code 0, or 2 when the arguments are wrong or the folder cannot be read.

use std::process::ExitCode;

use graph_docs_codegen::ir::manifest::{Manifest, TypeManifest};
use graph_docs_codegen::ir::operations::OperationDef;
use serde_json::{json, Value};

use crate::folder_args::{self, SELECTION_USAGE};

/// The command's help: usage and how the permissions are chosen.
pub const HELP: &str = "\
usage: graph-docs permissions DIR [--include SELECTOR]... [--exclude SELECTOR]... [--types QUALIFIED.NAME]... [--json]

Prints the least-privileged permissions the selected operations need, per permission type (delegated work or
school, delegated personal, application), each with the operations it is chosen for, then the operations a type
cannot call (\"Not supported\") and those whose page lists no permission for it. SELECTOR is a file glob relative
to DIR (`api/user-*.md`, `**/driveitem-*`) or a namespace (`microsoft.graph.industryData`), as the macro's
include / exclude options. --json prints one JSON object instead.

How the permissions are chosen, per type (each page lists its permissions least privileged first):
  1. every operation is covered: its page's list holds at least one chosen permission;
  2. no privilege beyond what some operation needs: only an operation's least privileged permission (the first
     of its list) is ever a candidate;
  3. candidates shared by more operations come first: each step takes the one in the most lists of operations
     not covered yet (User.ReadWrite, in the lists of an operation that needs it and of one whose least is
     User.Read, is taken and User.Read is not needed);
  4. ties go to the one placed lower in those lists (the pages' order, least privileged first), then to the
     one whose operation comes first;
  5. at the end, a chosen permission whose operations the others all cover is dropped (last taken first), so
     no permission implied by another one in the set stays.
Each operation is listed under the chosen permission placed lowest in its own page's list.";

/// Runs `permissions` with the arguments after the command name.
pub fn run(args: &[String]) -> ExitCode {
    let mut json = false;
    let usage = format!("usage: graph-docs permissions DIR {SELECTION_USAGE} [--json]\n(graph-docs permissions --help says how the permissions are chosen)");
    let folder =
        match folder_args::parse_or_exit("permissions", &usage, HELP, args, &mut |flag, _| {
            json |= flag == "--json";
            Ok(flag == "--json")
        }) {
            Ok(folder) => folder,
            Err(code) => return code,
        };
    let (_, ir) = match folder.load("permissions") {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let manifest = Manifest::of(&ir.operations);
    if json {
        println!("{}", to_json(&manifest, &ir.operations));
    } else {
        print!("{}", to_text(&manifest, &ir.operations));
    }
    ExitCode::SUCCESS
}

/// `user::get`: the function's path below the generated root.
fn function(op: &OperationDef) -> String {
    let mut path = graph_docs_codegen::names::join(&op.module, "::");
    path.push_str("::");
    path.push_str(op.ident.word());
    path
}

/// `user::get  GET /users/{id}  (api/user-get.md:31)`.
fn operation_line(op: &OperationDef) -> String {
    format!(
        "{}  {} {}  ({})",
        function(op),
        op.method.as_str(),
        op.template,
        op.location
    )
}

/// The manifest as text: a section per permission type.
pub fn to_text(manifest: &Manifest, ops: &[OperationDef]) -> String {
    let mut out = format!(
        "Least-privileged permissions for {}\n",
        operations(manifest.operations)
    );
    for set in &manifest.types {
        out.push('\n');
        section(&mut out, set, ops);
    }
    out
}

/// "1 operation", "2 operations".
fn operations(count: usize) -> String {
    match count {
        1 => "1 operation".to_owned(),
        n => format!("{n} operations"),
    }
}

fn section(out: &mut String, set: &TypeManifest, ops: &[OperationDef]) {
    let scopes = set.scope_string();
    out.push_str(&format!(
        "{}: {}\n",
        set.kind.label(),
        if scopes.is_empty() { "none" } else { &scopes }
    ));
    for grant in &set.grants {
        out.push_str(&format!(
            "  {} ({})\n",
            grant.permission,
            operations(grant.operations.len())
        ));
        for &i in &grant.operations {
            out.push_str(&format!("    {}\n", operation_line(&ops[i])));
        }
    }
    for (title, list) in [
        ("Not supported", &set.not_supported),
        ("Not documented", &set.not_documented),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("  {title} ({})\n", operations(list.len())));
        for &i in list.iter() {
            out.push_str(&format!("    {}\n", operation_line(&ops[i])));
        }
    }
}

fn operation_json(op: &OperationDef) -> Value {
    json!({
        "function": function(op),
        "method": op.method.as_str(),
        "path": op.template,
        "source": op.location.to_string(),
    })
}

/// The manifest as one JSON object: `operations`, then per type (`delegated_work`, `delegated_personal`,
/// `application`) `scopes`, `permissions` (each with its operations), `not_supported`, `not_documented`.
pub fn to_json(manifest: &Manifest, ops: &[OperationDef]) -> Value {
    let mut out = serde_json::Map::new();
    out.insert("operations".into(), json!(manifest.operations));
    for set in &manifest.types {
        let list = |indices: &[usize]| -> Vec<Value> {
            indices.iter().map(|&i| operation_json(&ops[i])).collect()
        };
        let grants: Vec<Value> = set
            .grants
            .iter()
            .map(|g| json!({ "permission": g.permission, "operations": list(&g.operations) }))
            .collect();
        out.insert(
            set.kind.key().into(),
            json!({
                "label": set.kind.label(),
                "scopes": set.grants.iter().map(|g| g.permission.as_str()).collect::<Vec<_>>(),
                "permissions": grants,
                "not_supported": list(&set.not_supported),
                "not_documented": list(&set.not_documented),
            }),
        );
    }
    Value::Object(out)
}
