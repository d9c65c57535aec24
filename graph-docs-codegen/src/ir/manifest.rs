//! The permission manifest: the least-privileged permissions a selection of operations needs, per permission
//! type (delegated work or school, delegated personal, application), each with the operations that need it, and
//! the operations a type cannot call ("Not supported") or whose page lists nothing for it.
//!
//! # How the permissions are chosen
//!
//! Each operation's page lists, per type, the permissions any one of which lets the call through, least
//! privileged first. For one type, [`choose`] picks a set that
//!
//! 1. **covers every operation**: each operation's list holds at least one chosen permission;
//! 2. **adds no privilege beyond what some operation needs**: only the least privileged permission of some
//!    operation's list (its first) is ever a candidate, so every chosen permission is the least one some
//!    operation accepts;
//! 3. **prefers permissions shared by more operations**: candidates are taken one at a time, each time the one
//!    whose permission appears in the most lists of operations not covered yet (User.ReadWrite, listed by both an
//!    operation that needs it and one whose least is User.Read, is taken before User.Read);
//! 4. **breaks ties by the pages' order, least privileged first**: between candidates covering as many operations,
//!    the one placed lower in those operations' lists (its largest position there; a permission first everywhere
//!    has 0) wins, then the one whose operation comes first in page order;
//! 5. **keeps nothing redundant**: finally, taking the chosen permissions from the last taken to the first, one
//!    whose every operation is also covered by another chosen permission is dropped. So a permission implied by
//!    another one in the set (User.Read beside User.ReadWrite, where each list that holds User.Read also holds
//!    User.ReadWrite) never stays.
//!
//! Permission names are compared without regard to case; the spelling of the first list that names one is kept.
//! Each covered operation is listed under the chosen permission placed lowest in its own list.

use std::collections::{BTreeMap, HashMap};

use crate::ir::operations::OperationDef;
use crate::page::{Permissions, Scopes};

/// A permission type, in the order the pages give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PermissionType {
    /// Delegated (work or school account).
    DelegatedWork,
    /// Delegated (personal Microsoft account).
    DelegatedPersonal,
    /// Application.
    Application,
}

impl PermissionType {
    /// The three types, in page order.
    pub const ALL: [PermissionType; 3] = [
        PermissionType::DelegatedWork,
        PermissionType::DelegatedPersonal,
        PermissionType::Application,
    ];

    /// The type as the pages name it (`Delegated (work or school account)`).
    pub fn label(self) -> &'static str {
        match self {
            PermissionType::DelegatedWork => "Delegated (work or school account)",
            PermissionType::DelegatedPersonal => "Delegated (personal Microsoft account)",
            PermissionType::Application => "Application",
        }
    }

    /// The type as a field name (`delegated_work`), in JSON and in the generated `PERMISSIONS`.
    pub fn key(self) -> &'static str {
        match self {
            PermissionType::DelegatedWork => "delegated_work",
            PermissionType::DelegatedPersonal => "delegated_personal",
            PermissionType::Application => "application",
        }
    }

    /// This type's row of a page's permissions.
    pub fn scopes(self, permissions: &Permissions) -> &Scopes {
        match self {
            PermissionType::DelegatedWork => &permissions.delegated_work,
            PermissionType::DelegatedPersonal => &permissions.delegated_personal,
            PermissionType::Application => &permissions.application,
        }
    }
}

/// One chosen permission and the operations listed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The permission (`User.ReadWrite`).
    pub permission: String,
    /// The operations it is chosen for (indices into the operations the manifest was made of), in order.
    pub operations: Vec<usize>,
}

/// The manifest of one permission type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeManifest {
    /// Which type.
    pub kind: PermissionType,
    /// The chosen permissions, by name (case-insensitive), each with its operations.
    pub grants: Vec<Grant>,
    /// Operations whose page says this type is not supported.
    pub not_supported: Vec<usize>,
    /// Operations whose page lists no permission of this type (nor says it is not supported).
    pub not_documented: Vec<usize>,
}

impl TypeManifest {
    /// The chosen permissions, space separated (an OAuth2 `scope` value).
    pub fn scope_string(&self) -> String {
        let names: Vec<&str> = self.grants.iter().map(|g| g.permission.as_str()).collect();
        names.join(" ")
    }
}

/// The permission manifest of a selection of operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// How many operations it was made of.
    pub operations: usize,
    /// One per type, in [`PermissionType::ALL`] order.
    pub types: Vec<TypeManifest>,
}

impl Manifest {
    /// The manifest of `operations` (the IR's, in page order).
    pub fn of(operations: &[OperationDef]) -> Manifest {
        let types = PermissionType::ALL
            .iter()
            .map(|&kind| {
                let mut lists: Vec<&[String]> = Vec::with_capacity(operations.len());
                let mut not_supported = Vec::new();
                let mut not_documented = Vec::new();
                for (i, op) in operations.iter().enumerate() {
                    match kind.scopes(&op.permissions) {
                        Scopes::Listed(list) if !list.is_empty() => lists.push(list),
                        Scopes::Listed(_) | Scopes::NotStated => {
                            not_documented.push(i);
                            lists.push(&[]);
                        }
                        Scopes::NotSupported => {
                            not_supported.push(i);
                            lists.push(&[]);
                        }
                    }
                }
                TypeManifest {
                    kind,
                    grants: choose(&lists),
                    not_supported,
                    not_documented,
                }
            })
            .collect();
        Manifest {
            operations: operations.len(),
            types,
        }
    }
}

/// The least-privileged permissions covering `lists` (one per operation, least privileged first; an empty list
/// is skipped), by the rule in the [module docs](self). Grants are sorted by permission name; their operations
/// are indices into `lists`.
pub fn choose(lists: &[&[String]]) -> Vec<Grant> {
    // Permissions by lower-case name, as numbers: `keys[k]` is the name, `spelling[k]` the spelling first seen.
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let (mut keys, mut spelling): (Vec<String>, Vec<&str>) = (Vec::new(), Vec::new());
    let lowered: Vec<Vec<usize>> = lists
        .iter()
        .map(|list| {
            list.iter()
                .map(|name| {
                    let key = name.to_ascii_lowercase();
                    *numbers.entry(key.clone()).or_insert_with(|| {
                        keys.push(key);
                        spelling.push(name);
                        keys.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    // Each permission's operations, with its (first) position in their lists: the greedy rounds below visit
    // only the operations that list a candidate (a whole beta folder has thousands of operations and hundreds
    // of candidates).
    let mut holders: Vec<Vec<(usize, usize)>> = vec![Vec::new(); keys.len()];
    for (op, list) in lowered.iter().enumerate() {
        for (at, &key) in list.iter().enumerate() {
            if !list[..at].contains(&key) {
                holders[key].push((op, at));
            }
        }
    }
    // Candidates: each operation's least privileged permission, in page order, once each.
    let mut candidates: Vec<usize> = Vec::new();
    for list in &lowered {
        if let Some(&first) = list.first() {
            if !candidates.contains(&first) {
                candidates.push(first);
            }
        }
    }
    let mut uncovered: Vec<bool> = lowered.iter().map(|l| !l.is_empty()).collect();
    let mut open = uncovered.iter().filter(|&&u| u).count();
    let mut chosen: Vec<usize> = Vec::new();
    while open > 0 {
        // (covered count, largest position, candidate order); the best has the most, then the lowest, then the first.
        let mut best: Option<(usize, usize, usize)> = None;
        for (order, &key) in candidates.iter().enumerate() {
            let (mut count, mut rank) = (0, 0);
            for &(op, at) in &holders[key] {
                if uncovered[op] {
                    count += 1;
                    rank = rank.max(at);
                }
            }
            let better = match best {
                None => count > 0,
                Some((c, r, _)) => count > c || (count == c && rank < r),
            };
            if better {
                best = Some((count, rank, order));
            }
        }
        // Every uncovered operation's own first permission is a candidate, so there is always a best.
        let Some((_, _, order)) = best else { break };
        let key = candidates.remove(order);
        for &(op, _) in &holders[key] {
            if std::mem::replace(&mut uncovered[op], false) {
                open -= 1;
            }
        }
        chosen.push(key);
    }
    // Drop what the others cover, last taken first.
    for i in (0..chosen.len()).rev() {
        let key = chosen[i];
        let redundant = holders[key].iter().all(|&(op, _)| {
            lowered[op]
                .iter()
                .any(|&other| other != key && chosen.contains(&other))
        });
        if redundant {
            chosen.remove(i);
        }
    }
    // Each operation under the chosen permission placed lowest in its list.
    let mut grants: BTreeMap<&str, (usize, Vec<usize>)> = chosen
        .iter()
        .map(|&k| (keys[k].as_str(), (k, Vec::new())))
        .collect();
    for (op, list) in lowered.iter().enumerate() {
        if let Some(&key) = list.iter().find(|k| chosen.contains(k)) {
            if let Some((_, ops)) = grants.get_mut(keys[key].as_str()) {
                ops.push(op);
            }
        }
    }
    grants
        .into_values()
        .map(|(key, operations)| Grant {
            permission: spelling[key].to_owned(),
            operations,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(lists: &[&[&str]]) -> Vec<Vec<String>> {
        lists
            .iter()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    fn chosen(input: &[&[&str]]) -> Vec<(String, Vec<usize>)> {
        let owned = lists(input);
        let refs: Vec<&[String]> = owned.iter().map(Vec::as_slice).collect();
        choose(&refs)
            .into_iter()
            .map(|g| (g.permission, g.operations))
            .collect()
    }

    #[test]
    fn the_issue_example_user_readwrite_alone_covers_both() {
        // One operation needs User.Read (User.ReadWrite is higher in its list); another needs User.ReadWrite, whose
        // list also allows User.ReadWrite.All.
        let got = chosen(&[
            &["User.Read", "User.ReadWrite", "User.ReadWrite.All"],
            &["User.ReadWrite", "User.ReadWrite.All"],
        ]);
        assert_eq!(got, [("User.ReadWrite".to_owned(), vec![0, 1])]);
    }

    #[test]
    fn each_operation_keeps_its_least_when_nothing_is_shared() {
        let got = chosen(&[
            &["User.Read", "User.ReadWrite", "Directory.Read.All"],
            &[
                "GroupMember.Read.All",
                "Group.Read.All",
                "Directory.Read.All",
            ],
            &["Mail.Send"],
        ]);
        // Directory.Read.All is in two lists, but it is no operation's least: never a candidate.
        let names: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["GroupMember.Read.All", "Mail.Send", "User.Read"]);
    }

    #[test]
    fn more_operations_first_then_lower_in_the_lists_then_page_order() {
        // Mail.ReadWrite is some operation's least and covers three; Mail.Read covers one and is then redundant.
        let got = chosen(&[
            &["Mail.Read", "Mail.ReadWrite"],
            &["Mail.ReadWrite"],
            &["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"],
        ]);
        assert_eq!(got, [("Mail.ReadWrite".to_owned(), vec![0, 1, 2])]);
        // A tie on count: B sits lower (position 0 in both lists) than A (position 1 in the second).
        let got = chosen(&[&["A", "B"], &["B", "A"], &["B"]]);
        assert_eq!(got, [("B".to_owned(), vec![0, 1, 2])]);
        // A full tie: page order.
        let got = chosen(&[&["A", "B"], &["B", "A"]]);
        assert_eq!(got, [("A".to_owned(), vec![0, 1])]);
    }

    #[test]
    fn a_permission_made_redundant_by_later_picks_is_dropped() {
        // Greedy takes C (covers 0, 1, 2), then needs A for 3 and B for 4... and A and B cover 0..2 between them.
        let got = chosen(&[&["C", "A"], &["C", "B"], &["C", "A"], &["A"], &["B"]]);
        let names: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["A", "B"]);
        assert_eq!(got[0].1, [0, 2, 3]);
        assert_eq!(got[1].1, [1, 4]);
    }

    #[test]
    fn case_insensitive_first_spelling_kept_and_empty_lists_skipped() {
        let got = chosen(&[&["user.read"], &[], &["User.Read", "User.ReadWrite"]]);
        assert_eq!(got, [("user.read".to_owned(), vec![0, 2])]);
        assert!(chosen(&[&[], &[]]).is_empty());
    }
}
