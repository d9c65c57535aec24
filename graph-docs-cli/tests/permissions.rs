//! `graph-docs permissions` over the real v1.0 reference with an app's selection (users, mail send and list, drive
//! item upload and download, groups, calendar events), checked against the pages' own permission lists read here:
//! every operation covered, each permission the least one some operation accepts, none implied by another one in
//! the set, and JSON that parses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use graph_docs_codegen::ir::manifest::PermissionType;
use graph_docs_codegen::options::Options;
use graph_docs_codegen::page::Scopes;

/// The app's pages, by file glob.
const SELECTION: &[&str] = &[
    "api/user-get.md",
    "api/user-list.md",
    "api/user-update.md",
    "api/user-sendmail.md",
    "api/user-list-messages.md",
    "api/driveitem-createuploadsession.md",
    "api/driveitem-get-content.md",
    "api/group-get.md",
    "api/group-list.md",
    "api/group-list-members.md",
    "api/user-post-events.md",
];

fn reference() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs-2020/v1.0");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} is absent; the permissions manifest over the real reference is not checked",
            dir.display()
        );
        None
    }
}

/// Starts `graph-docs permissions DIR --include ...` with `extra` arguments.
fn start(dir: &Path, extra: &[&str]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_graph-docs"));
    command.arg("permissions").arg(dir);
    for glob in SELECTION {
        command.args(["--include", glob]);
    }
    command
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Its standard output, once it succeeded.
fn output(child: Child) -> String {
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// `Resource.Access[.Scope]`, e.g. `Files.ReadWrite.All`: whether `broad` grants everything `narrow` does, judged by
/// the name alone (same resource, access and reach at least as large). ReadBasic < Read < ReadWrite; own < Shared <
/// All.
fn implies(broad: &str, narrow: &str) -> bool {
    fn parts(p: &str) -> Option<(&str, u8, u8)> {
        let mut it = p.split('.');
        let resource = it.next()?;
        let access = match it.next()? {
            "ReadBasic" => 0,
            "Read" => 1,
            "ReadWrite" => 2,
            _ => return None,
        };
        let reach = match it.next() {
            None => 0,
            Some("Shared") => 1,
            Some("All") => 2,
            Some(_) => return None,
        };
        Some((resource, access, reach))
    }
    match (parts(broad), parts(narrow)) {
        (Some((r1, a1, s1)), Some((r2, a2, s2))) => {
            broad != narrow && r1 == r2 && a1 >= a2 && s1 >= s2
        }
        _ => false,
    }
}

#[test]
fn implication_by_name() {
    assert!(implies("User.ReadWrite", "User.Read"));
    assert!(implies("User.ReadWrite.All", "User.Read"));
    assert!(implies("Files.Read.All", "Files.Read"));
    assert!(!implies("User.Read", "User.ReadWrite"));
    assert!(!implies("User.ReadBasic.All", "User.Read"));
    assert!(!implies("Mail.Send", "Mail.Read"));
}

#[test]
fn the_manifest_of_an_app_selection_is_least_privileged_and_covers_every_operation() {
    let Some(dir) = reference() else { return };
    let (json, text) = (start(&dir, &["--json"]), start(&dir, &[]));

    // The pages' own lists, read here, by operation source (`api/user-get.md:31`).
    let docs = graph_docs_codegen::load(&dir).unwrap();
    let mut options = Options::for_folder("v1.0");
    options.include = SELECTION.iter().map(|s| s.to_string()).collect();
    let ir = graph_docs_codegen::ir::build(&docs, &options);
    let json: serde_json::Value = serde_json::from_str(&output(json)).unwrap();
    let text = output(text);
    let operations = ir.operations.len();
    assert!((25..=35).contains(&operations), "{operations} operations");
    assert_eq!(json["operations"], operations);

    for kind in PermissionType::ALL {
        let lists: BTreeMap<String, &Scopes> = ir
            .operations
            .iter()
            .map(|op| (op.location.to_string(), kind.scopes(&op.permissions)))
            .collect();
        let set = &json[kind.key()];
        let chosen: Vec<&str> = set["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let listed = |source: &str| -> Vec<&str> {
            match lists[source] {
                Scopes::Listed(list) => list.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            }
        };
        let mut seen = 0;
        for grant in set["permissions"].as_array().unwrap() {
            let permission = grant["permission"].as_str().unwrap();
            for op in grant["operations"].as_array().unwrap() {
                let list = listed(op["source"].as_str().unwrap());
                // Covered: the operation's own list holds the permission it is listed under.
                assert!(
                    list.contains(&permission),
                    "{permission} for {op}: {list:?}"
                );
                seen += 1;
            }
            // No privilege beyond what some operation needs: it is the least one some operation accepts.
            let needed = lists.keys().any(|s| listed(s).first() == Some(&permission));
            assert!(needed, "{permission} is no operation's least privileged");
            // Not redundant: some operation's list holds no other chosen permission.
            let sole = lists.keys().any(|s| {
                let list = listed(s);
                list.contains(&permission)
                    && !chosen.iter().any(|c| *c != permission && list.contains(c))
            });
            assert!(sole, "{permission} is covered by the others");
        }
        // None implied by another one in the set.
        for a in &chosen {
            for b in &chosen {
                assert!(!implies(a, b), "{a} implies {b}, both chosen ({:?})", kind);
            }
        }
        // Every operation accounted for: covered, not supported or not documented.
        let others = set["not_supported"].as_array().unwrap().len()
            + set["not_documented"].as_array().unwrap().len();
        assert_eq!(seen + others, operations, "{kind:?}");
        for op in set["not_supported"].as_array().unwrap() {
            assert_eq!(lists[op["source"].as_str().unwrap()], &Scopes::NotSupported);
        }
        assert!(text.contains(&format!(
            "{}: {}",
            kind.label(),
            if chosen.is_empty() {
                "none".to_owned()
            } else {
                chosen.join(" ")
            }
        )));
    }

    // What this app asks for at sign-in (work or school accounts). User.Read, the least for `user::get`, is not
    // asked for: User.ReadWrite (needed by `user::update`) is in user-get's list too.
    let work: Vec<&str> = json["delegated_work"]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        work,
        [
            "Calendars.ReadWrite",
            "Files.ReadWrite",
            "Group.Read.All",
            "Mail.ReadBasic",
            "Mail.Send",
            "User.ReadBasic.All",
            "User.ReadWrite"
        ]
    );
    // Personal accounts cannot list users or groups: those are listed as not supported.
    let personal = json["delegated_personal"]["not_supported"].to_string();
    assert!(
        personal.contains("api/group-list.md") && personal.contains("api/user-list.md"),
        "{personal}"
    );
    assert!(text.contains("  Not supported ("), "{text}");
}
