//! `PERMISSIONS`: the permission manifest of the generated operations (see [`crate::ir::manifest`] for how the
//! permissions are chosen), as a `::graph_runtime::PermissionManifest` whose operations are indices into
//! `OPERATIONS` (references there cost about 3.5 s of `rustc` for the v1.0 reference's 8,500 of them; indices cost
//! nothing measurable).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, own};
use crate::ir::manifest::{Manifest, TypeManifest};
use crate::ir::Ir;

/// `pub static PERMISSIONS`.
pub fn permissions(ir: &Ir) -> TokenStream {
    let manifest = Manifest::of(&ir.operations);
    let sets = manifest.types.iter().map(|set| {
        let key = own(set.kind.key());
        let value = permission_set(set);
        quote!(#key: #value)
    });
    let (operations, need) = match manifest.operations {
        1 => ("operation", "needs"),
        _ => ("operations", "need"),
    };
    let mut text = format!(
        "The least-privileged permissions the {} generated {operations} {need}, per permission type: ask for \
         `PERMISSIONS.delegated_work.scopes` at sign-in, or grant the application permissions.\n\n",
        manifest.operations
    );
    for set in &manifest.types {
        let scopes = set.scope_string();
        let scopes = if scopes.is_empty() {
            "none".to_owned()
        } else {
            scopes.replace(' ', ", ")
        };
        text.push_str(&format!(
            "* {}: {scopes} ({} not supported, {} not documented)\n",
            set.kind.label(),
            set.not_supported.len(),
            set.not_documented.len()
        ));
    }
    text.push_str(
        "\nChosen so that every operation's page lists at least one of them, each is the least privileged \
         permission some operation accepts, permissions shared by more operations come first, then the pages' \
         order (least privileged first), and none is kept whose operations the others cover.",
    );
    let text = doc(&text);
    quote! {
        #text
        pub static PERMISSIONS: ::graph_runtime::PermissionManifest = ::graph_runtime::PermissionManifest { operations: &OPERATIONS, #(#sets),* };
    }
}

/// `&[i, ...]`: indices into `OPERATIONS`.
fn operations(indices: &[usize]) -> TokenStream {
    let indices = indices.iter().map(|&i| Literal::usize_unsuffixed(i));
    quote!(&[#(#indices),*])
}

fn permission_set(set: &TypeManifest) -> TokenStream {
    let scopes = set.scope_string();
    let grants = set.grants.iter().map(|grant| {
        let permission = &grant.permission;
        let ops = operations(&grant.operations);
        quote!(::graph_runtime::Grant { permission: #permission, operations: #ops })
    });
    let not_supported = operations(&set.not_supported);
    let not_documented = operations(&set.not_documented);
    quote! {
        ::graph_runtime::PermissionSet {
            scopes: #scopes,
            grants: &[#(#grants),*],
            not_supported: #not_supported,
            not_documented: #not_documented,
        }
    }
}
