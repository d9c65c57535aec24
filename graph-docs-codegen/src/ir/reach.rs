//! Reachability: the types a narrow selection generates, and why each one is there.
//!
//! The roots are what the selection asks for: the types the selected operations use (request bodies, body
//! parameters, responses, typed arguments and setters), the types named by `types: [...]`, and the types of the
//! resource and enum pages `include` names. From there, a type reaches:
//!
//! * the types of its **properties** (the `## Properties` table), transitively, enums included;
//! * its **base types**;
//! * the **derived types a polymorphic collection names**: where a collection of a base type is reached (a
//!   response `Page<DirectoryObject>`, a property `attachments: Vec<Attachment>`), the derived types that the
//!   selected pages' examples name with `@odata.type` (`#microsoft.graph.fileAttachment` in `sendMail`'s request).
//!
//! **Relationships** (the `## Relationships` table: navigation properties) are not followed, except where the
//! selected pages' examples show their values inline (they name the relationship's type, or a type derived from
//! it, with `@odata.type`: `sendMail`'s message carries `attachments` of `#microsoft.graph.fileAttachment`).
//! Followed transitively they reach most of the model set (`user` leads to `manager`, `drive`, `calendar`,
//! `managedDevices`, ...). A relationship whose type something else reaches is typed as usual; one whose type
//! nothing reaches is generated as untyped JSON (`serde_json::Value`, a `Vec` of them for a collection), which
//! keeps every member losslessly, and its doc says which `types: [...]` entry types it. [`Rules`] holds the
//! alternatives measured against this rule (see the corpus tests).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::ir::operations::{ArgType, BodyDef, OperationDef, ResponseDef};
use crate::ir::types::{RustType, TypeId, TypeKind, TypeSpace};
use crate::page::ApiPage;

/// Which relationships (navigation properties) a selection follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relationships {
    /// None.
    Never,
    /// Those whose values the selected pages' examples show inline (see the module docs).
    ShownInline,
    /// All of them.
    Always,
}

/// Which edges of the type graph a selection follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Which relationships are followed as well as properties.
    pub relationships: Relationships,
    /// Where a polymorphic collection is reached, take every type derived from its element type, not only those
    /// the selected pages' examples name.
    pub all_derived: bool,
}

impl Rules {
    /// The rule `generate!` applies: properties and base types, relationships and derived types the examples
    /// show.
    pub const SELECTION: Rules = Rules {
        relationships: Relationships::ShownInline,
        all_derived: false,
    };
}

/// Why a type is generated: the edge it was first reached by (breadth first: by the shortest chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The type it was reached from (`None` for a root's own type).
    pub from: Option<TypeId>,
    /// The edge: `property passwordProfile`, `base type`, `derived type named by an example, in a collection`;
    /// for a root's own type, how the root uses it and the root (`response of `user::get` (api/user-get.md:31)`,
    /// `asked for by `types` entry `microsoft.graph.user``).
    pub edge: String,
}

/// Something a selection asks for, with the types it names directly.
#[derive(Debug, Clone)]
pub struct Root {
    /// Each type it uses, with how it uses it (`response of `user::get` (api/user-get.md:31)`).
    pub uses: Vec<(String, RustType)>,
}

impl Root {
    /// The types an operation uses: body, body parameters, response, typed arguments and setters.
    pub fn operation(op: &OperationDef) -> Root {
        let label = format!(
            "`{}::{}` ({})",
            crate::names::join(&op.module, "::"),
            op.ident,
            op.location
        );
        let mut uses = Vec::new();
        match &op.body {
            BodyDef::Json(ty) => uses.push(("request body".to_owned(), ty.clone())),
            BodyDef::Params { fields, .. } => uses.extend(
                fields
                    .iter()
                    .map(|f| (format!("body parameter `{}`", f.json), f.ty.clone())),
            ),
            BodyDef::None | BodyDef::Bytes(_) => {}
        }
        match &op.response {
            ResponseDef::Single(ty) | ResponseDef::Optional(ty) | ResponseDef::Page(ty) => {
                uses.push(("response".to_owned(), ty.clone()))
            }
            ResponseDef::Unit | ResponseDef::Accepted | ResponseDef::Bytes => {}
        }
        for arg in &op.args {
            if let ArgType::Typed(ty) = &arg.ty {
                uses.push((format!("argument `{}`", arg.ident), ty.clone()));
            }
        }
        for setter in op.setters.iter().chain(&op.headers) {
            if let Some(ty) = &setter.ty {
                uses.push((format!("parameter `{}`", setter.wire), ty.clone()));
            }
        }
        for (edge, _) in &mut uses {
            edge.push_str(&format!(" of {label}"));
        }
        Root { uses }
    }

    /// A type asked for by name or by an included page (`label`: `` `types` entry `microsoft.graph.user` ``).
    pub fn named(label: &str, id: TypeId) -> Root {
        Root {
            uses: vec![(format!("asked for by {label}"), RustType::Named(id))],
        }
    }
}

/// The element type of a collection (`Vec<T>`), or the type itself, and whether it is a collection.
fn element(ty: &RustType) -> (Option<TypeId>, bool) {
    match ty {
        RustType::Named(id) => (Some(*id), false),
        RustType::Vec(inner) => (element(inner).0, true),
        RustType::Primitive(_) | RustType::Json => (None, false),
    }
}

/// Walks the type graph from the roots; every reached type with its [`Reason`]. `named` holds the types the
/// selected pages' examples name with `@odata.type`.
pub fn reach(
    space: &TypeSpace,
    roots: &[Root],
    named: &BTreeSet<TypeId>,
    rules: Rules,
) -> BTreeMap<TypeId, Reason> {
    let mut derived: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for (id, _) in space.types.with_ids() {
        if let Some(base) = space.base(id) {
            derived.entry(base).or_default().push(id);
        }
    }
    let mut reasons: BTreeMap<TypeId, Reason> = BTreeMap::new();
    let mut queue = VecDeque::new();
    // Reaches `ty` (and, for a collection of a base type, the derived types it names) from `from`.
    let visit = |reasons: &mut BTreeMap<TypeId, Reason>,
                 queue: &mut VecDeque<TypeId>,
                 from: Option<TypeId>,
                 edge: &str,
                 ty: &RustType| {
        let (Some(id), collection) = element(ty) else {
            return;
        };
        let mut add = |id: TypeId, from: Option<TypeId>, edge: String| {
            if let std::collections::btree_map::Entry::Vacant(entry) = reasons.entry(id) {
                entry.insert(Reason { from, edge });
                queue.push_back(id);
            }
        };
        add(id, from, edge.to_owned());
        if !collection {
            return;
        }
        let mut below = derived.get(&id).cloned().unwrap_or_default();
        while let Some(sub) = below.pop() {
            below.extend(derived.get(&sub).into_iter().flatten());
            if rules.all_derived || named.contains(&sub) {
                let edge = if rules.all_derived {
                    "derived type, in a collection"
                } else {
                    "derived type named by an example, in a collection"
                };
                add(sub, Some(id), edge.to_owned());
            }
        }
    };
    for root in roots {
        for (edge, ty) in &root.uses {
            visit(&mut reasons, &mut queue, None, edge, ty);
        }
    }
    while let Some(id) = queue.pop_front() {
        let TypeKind::Model(model) = &space.types[id].kind else {
            continue;
        };
        if let Some(base) = model.base {
            visit(
                &mut reasons,
                &mut queue,
                Some(id),
                "base type",
                &RustType::Named(base),
            );
        }
        let namespace = &space.types[id].namespace;
        for property in &model.properties {
            let relationship = model.relationships.contains(&property.name);
            let Some(ty) = space.resolve(&property.ty, namespace) else {
                continue;
            };
            let follow = match rules.relationships {
                Relationships::Never => false,
                Relationships::ShownInline => names_inline(&ty, named, &derived),
                Relationships::Always => true,
            };
            if relationship && !follow {
                continue;
            }
            let what = if relationship {
                "relationship"
            } else {
                "property"
            };
            let edge = format!("{what} `{}`", property.name);
            visit(&mut reasons, &mut queue, Some(id), &edge, &ty);
        }
    }
    reasons
}

/// Whether the examples name the type of a relationship, or a type derived from it, with `@odata.type`: they
/// show its values inline (`sendMail`'s message carries `attachments` of `#microsoft.graph.fileAttachment`).
fn names_inline(
    ty: &RustType,
    named: &BTreeSet<TypeId>,
    derived: &BTreeMap<TypeId, Vec<TypeId>>,
) -> bool {
    let Some(id) = element(ty).0 else {
        return false;
    };
    let mut stack = vec![id];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if named.contains(&id) {
            return true;
        }
        if seen.insert(id) {
            stack.extend(derived.get(&id).into_iter().flatten());
        }
    }
    false
}

/// The types the pages' examples name with `@odata.type` (the derived types a polymorphic collection holds).
pub fn example_types(api: &[&ApiPage], space: &TypeSpace) -> BTreeSet<TypeId> {
    let bodies = api.iter().flat_map(|page| {
        page.examples.iter().flat_map(|example| {
            let response = example.response.as_ref().and_then(|r| r.body.as_deref());
            example.request.body.as_deref().into_iter().chain(response)
        })
    });
    bodies
        .flat_map(odata_types_in)
        .filter_map(|name| space.resolve_qualified(name))
        .collect()
}

/// The types an example body names with `@odata.type` (`"@odata.type": "#microsoft.graph.fileAttachment"`).
pub fn odata_types_in(text: &str) -> impl Iterator<Item = &str> {
    const KEY: &str = "\"@odata.type\"";
    text.match_indices(KEY).filter_map(|(at, _)| {
        let rest = text.get(at + KEY.len()..)?.trim_start();
        let rest = rest.strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        let end = rest.find('"')?;
        Some(rest[..end].trim_start_matches('#'))
    })
}

/// One line per reached type, in type order: its qualified name and the chain that reached it, back to the
/// root (`microsoft.graph.passwordProfile: property `passwordProfile` of microsoft.graph.user, response of
/// `user::get` (api/user-get.md:20)`).
pub fn explain(space: &TypeSpace, reasons: &BTreeMap<TypeId, Reason>) -> Vec<String> {
    let qualified = |id: TypeId| {
        let def = &space.types[id];
        format!("{}.{}", def.namespace, def.name)
    };
    reasons
        .iter()
        .map(|(&id, reason)| {
            let mut line = format!("{}: ", qualified(id));
            let mut current = reason;
            let mut steps = 0;
            loop {
                line.push_str(&current.edge);
                match current
                    .from
                    .and_then(|from| Some((from, reasons.get(&from)?)))
                {
                    Some((from, next)) if steps < space.types.len() => {
                        line.push_str(&format!(" of {}, ", qualified(from)));
                        current = next;
                        steps += 1;
                    }
                    _ => break,
                }
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odata_types_are_read_from_example_bodies() {
        let body = r##"{"value": [{"@odata.type" : "#microsoft.graph.user", "id": "1"},
            {"@odata.type":"microsoft.graph.group"}, {"@odata.type": 3}]}"##;
        assert_eq!(
            odata_types_in(body).collect::<Vec<_>>(),
            ["microsoft.graph.user", "microsoft.graph.group"]
        );
    }
}
