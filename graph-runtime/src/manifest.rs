//! An app's permission manifest as data: the generated `PERMISSIONS` static, the least-privileged permissions the
//! generated operations need, per permission type. An app asks for exactly [`PermissionSet::scopes`] at sign-in
//! (an authorization code or device code flow's `scope`), or grants exactly those application permissions.
//!
//! The generator chooses them (graph-docs-codegen's `ir::manifest` documents the rule): every operation's page
//! list holds at least one chosen permission; each chosen permission is the least privileged one some operation
//! accepts; permissions shared by more operations are preferred, then the pages' order (least privileged first);
//! a permission whose operations the others already cover is dropped.

use crate::request::Operation;
use crate::table::Operations;

/// The least-privileged permissions a set of operations needs, per permission type. Operations are named by their
/// index in [`operations`](PermissionManifest::operations) (the generated `OPERATIONS`): indices cost the compiler
/// nothing, where thousands of references into a static table cost seconds of build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermissionManifest {
    /// The operations the indices refer to: the generated `OPERATIONS`.
    pub operations: &'static Operations,
    /// Delegated (work or school account).
    pub delegated_work: PermissionSet,
    /// Delegated (personal Microsoft account).
    pub delegated_personal: PermissionSet,
    /// Application.
    pub application: PermissionSet,
}

impl PermissionManifest {
    /// The operations at `indices` (a [`Grant`]'s, or a [`PermissionSet`]'s `not_supported` or `not_documented`);
    /// an index out of the table is skipped.
    pub fn operations_at<'a>(
        &self,
        indices: &'a [usize],
    ) -> impl Iterator<Item = &'static Operation> + 'a {
        let operations = self.operations.as_slice();
        indices.iter().filter_map(move |&i| operations.get(i))
    }
}

/// The chosen permissions of one type, and the operations the type cannot call or says nothing about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermissionSet {
    /// The chosen permissions, space separated (an OAuth2 `scope` value; empty when none).
    pub scopes: &'static str,
    /// Each chosen permission with the operations it is chosen for.
    pub grants: &'static [Grant],
    /// Operations (indices into `OPERATIONS`) whose page says this permission type is not supported.
    pub not_supported: &'static [usize],
    /// Operations (indices into `OPERATIONS`) whose page lists no permission of this type.
    pub not_documented: &'static [usize],
}

impl PermissionSet {
    /// The chosen permissions, one by one.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> {
        self.scopes.split_whitespace()
    }

    /// Whether every operation can be called with this type's permissions (none is "Not supported").
    pub fn covers_all(&self) -> bool {
        self.not_supported.is_empty()
    }
}

/// One chosen permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// The permission (`User.ReadWrite`).
    pub permission: &'static str,
    /// The operations it is chosen for: indices into `OPERATIONS` (see [`PermissionManifest::operations_at`]).
    pub operations: &'static [usize],
}
