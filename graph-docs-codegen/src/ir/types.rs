//! The type space: one model per resource page and one enum per enum page, placed in their namespace's
//! module, with type expressions resolved to Rust types. Deterministic (pages are sorted by file, maps are
//! BTreeMaps); `Box` breaks recursive types; a base type's fields are part of each derived model.

use std::collections::{BTreeMap, BTreeSet};

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::names;
use crate::page::{EnumPage, Property, ResourcePage};
use crate::page::type_expr::{Primitive, TypeExpr, TypeRef};

/// Index of a type in [`TypeSpace::types`].
pub type TypeId = usize;

/// A Rust type a field, parameter or response has.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustType {
    /// An OData primitive.
    Primitive(Primitive),
    /// A generated model or enum.
    Named(TypeId),
    /// Free-form JSON (`serde_json::Value`): `Json`, and types the docs do not define.
    Json,
    /// A collection.
    Vec(Box<RustType>),
}

/// What kind of type a [`TypeDef`] is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A model from a resource page.
    Model(ModelDef),
    /// An enum from an enum page.
    Enum(EnumDef),
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust module path below the macro root (`["industry_data"]`).
    pub module: Vec<String>,
    /// The Rust name (`FileUploadSession`).
    pub ident: String,
    /// The name as documented (`fileUploadSession`).
    pub name: String,
    /// The namespace (`microsoft.graph.industryData`).
    pub namespace: String,
    /// Description.
    pub description: String,
    /// Where it is documented.
    pub location: Location,
    /// Model or enum.
    pub kind: TypeKind,
}

/// A model's own declaration (its fields are computed with the base chain in [`TypeSpace::model_fields`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelDef {
    /// The full `@odata.type`.
    pub odata_type: String,
    /// The base type, when documented and found.
    pub base: Option<TypeId>,
    /// Properties then relationships, as documented on this page only.
    pub properties: Vec<Property>,
}

/// An enum's members.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Members: (Rust variant, wire value, description), deduplicated by wire value.
    pub variants: Vec<(String, String, String)>,
    /// The catch-all variant's name (`Other`, or `UnlistedValue` when a member is called `other`).
    pub catch_all: String,
    /// Whether it is a flags enum (combined values such as `a,b` are kept in the catch-all).
    pub flags: bool,
}

/// A model field, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    /// The Rust field name.
    pub ident: String,
    /// The JSON member name.
    pub json: String,
    /// The type (without the `Option`).
    pub ty: RustType,
    /// Whether the field is boxed (recursive types).
    pub boxed: bool,
    /// Description.
    pub description: String,
    /// Where it is documented.
    pub location: Location,
}

/// All types of a doc set.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    /// The types, in page order (models first, then enums).
    pub types: Vec<TypeDef>,
    by_qualified: BTreeMap<String, TypeId>,
    by_file: BTreeMap<String, TypeId>,
    by_name: BTreeMap<String, Vec<TypeId>>,
}

fn key(namespace: &str, name: &str) -> String {
    format!(
        "{}.{}",
        namespace.to_ascii_lowercase(),
        name.to_ascii_lowercase()
    )
}

fn file_key(file: &std::path::Path) -> String {
    file.to_string_lossy()
        .replace('\\', "/")
        .to_ascii_lowercase()
}

impl TypeDef {
    /// Adds another page's declaration of the same type: the properties (or members) it adds; its description
    /// and location when `primary`. Returns false when the two are not the same kind of type.
    fn merge(&mut self, other: TypeDef, primary: bool) -> bool {
        match (&mut self.kind, other.kind) {
            (TypeKind::Model(mine), TypeKind::Model(theirs)) => {
                for property in theirs.properties {
                    if !mine.properties.iter().any(|p| p.name == property.name) {
                        mine.properties.push(property);
                    }
                }
            }
            (TypeKind::Enum(mine), TypeKind::Enum(theirs)) => {
                let mut taken: BTreeSet<String> =
                    mine.variants.iter().map(|(v, _, _)| v.clone()).collect();
                taken.insert(mine.catch_all.clone());
                for (variant, wire, description) in theirs.variants {
                    if !mine.variants.iter().any(|(_, w, _)| *w == wire) {
                        mine.variants.push((
                            names::unique_camel(&variant, &mut taken),
                            wire,
                            description,
                        ));
                    }
                }
            }
            _ => return false,
        }
        if primary {
            self.description = other.description;
            self.location = other.location;
        }
        true
    }
}

impl TypeSpace {
    /// Declares every resource and enum page (resolving base types), reporting duplicates.
    pub fn new(
        resources: &[&ResourcePage],
        enums: &[&EnumPage],
        report: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut space = TypeSpace::default();
        let mut idents: BTreeMap<(Vec<String>, String), Location> = BTreeMap::new();
        let mut declare = |space: &mut TypeSpace, def: TypeDef, file: &std::path::Path| {
            let qualified = key(&def.namespace, &def.name);
            if let Some(&existing) = space.by_qualified.get(&qualified) {
                // The same type documented on two pages (v1.0 documents `user` in user.md and, partly, in
                // intune-shared-user.md): one type with the properties of both. The page named after the
                // type gives the description and location.
                let (location, name) = (def.location.clone(), def.name.clone());
                let named_after = file
                    .file_stem()
                    .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case(&name));
                if !space.types[existing].merge(def, named_after) {
                    report.push(duplicate(
                        &location,
                        &format!("type `{name}`"),
                        &space.types[existing].location,
                    ));
                }
                space.by_file.entry(file_key(file)).or_insert(existing);
                return;
            }
            if let Some(first) = idents.get(&(def.module.clone(), def.ident.clone())) {
                report.push(duplicate(
                    &def.location,
                    &format!("Rust type `{}`", def.ident),
                    first,
                ));
                return;
            }
            idents.insert(
                (def.module.clone(), def.ident.clone()),
                def.location.clone(),
            );
            let id = space.types.len();
            space.by_qualified.insert(qualified, id);
            space.by_file.entry(file_key(file)).or_insert(id);
            space
                .by_name
                .entry(def.name.to_ascii_lowercase())
                .or_default()
                .push(id);
            space.types.push(def);
        };
        // A type named by a page: module and Rust name from its namespace and name, docs and location from the page.
        let type_def =
            |name: &str, namespace: &str, description: &str, location: &Location, kind| TypeDef {
                module: names::namespace_modules(namespace),
                ident: names::camel(name),
                name: name.to_owned(),
                namespace: namespace.to_owned(),
                description: description.to_owned(),
                location: location.clone(),
                kind,
            };
        for page in resources {
            let kind = TypeKind::Model(ModelDef {
                odata_type: page.odata_type.clone(),
                base: None,
                properties: page
                    .properties
                    .iter()
                    .chain(&page.relationships)
                    .cloned()
                    .collect(),
            });
            let def = type_def(
                &page.name,
                &page.namespace,
                &page.description,
                &page.location,
                kind,
            );
            declare(&mut space, def, &page.file);
        }
        for page in enums {
            let kind = TypeKind::Enum(enum_def(page));
            let def = type_def(
                &page.name,
                &page.namespace,
                &page.description,
                &page.location,
                kind,
            );
            declare(&mut space, def, &page.file);
        }
        for page in resources {
            let Some(base) = &page.base_type else {
                continue;
            };
            let Some(id) = space
                .by_qualified
                .get(&key(&page.namespace, &page.name))
                .copied()
            else {
                continue;
            };
            let resolved = space
                .resolve_name(None, base, &page.namespace)
                .filter(|&b| b != id);
            if resolved.is_none() && !base.eq_ignore_ascii_case("microsoft.graph.entity") {
                report.push(
                    Diagnostic::warning(
                        DiagnosticKind::UnknownType,
                        page.location.clone(),
                        format!("base type `{base}` of `{}` has no resource page; its fields are not included", page.name),
                    )
                    .with_hint("add the base type's resource page to the docs folder"),
                );
            }
            if let TypeKind::Model(model) = &mut space.types[id].kind {
                model.base = resolved;
            }
        }
        space.break_base_cycles(report);
        space
    }

    fn break_base_cycles(&mut self, report: &mut Vec<Diagnostic>) {
        for id in 0..self.types.len() {
            let mut seen = BTreeSet::from([id]);
            let mut current = id;
            while let Some(base) = self.base(current) {
                if !seen.insert(base) {
                    report.push(Diagnostic::warning(
                        DiagnosticKind::Codegen,
                        self.types[current].location.clone(),
                        format!(
                            "base type cycle through `{}`; the cycle is cut here",
                            self.types[base].name
                        ),
                    ));
                    if let TypeKind::Model(model) = &mut self.types[current].kind {
                        model.base = None;
                    }
                    break;
                }
                current = base;
            }
        }
    }

    /// The base type of a model.
    pub fn base(&self, id: TypeId) -> Option<TypeId> {
        match &self.types[id].kind {
            TypeKind::Model(model) => model.base,
            TypeKind::Enum(_) => None,
        }
    }

    /// The type and its bases, most derived first.
    pub fn chain(&self, id: TypeId) -> Vec<TypeId> {
        let mut chain = vec![id];
        while let Some(base) = chain.last().and_then(|&t| self.base(t)) {
            if chain.contains(&base) {
                break;
            }
            chain.push(base);
        }
        chain
    }

    /// Finds a type by a (possibly qualified) name, as seen from a page in `context` namespace: the link target
    /// first, then the qualified name, the context namespace, `microsoft.graph`, and a unique name anywhere.
    pub fn resolve_name(
        &self,
        namespace: Option<&str>,
        name: &str,
        context: &str,
    ) -> Option<TypeId> {
        let name = name.trim().trim_start_matches('#');
        let (namespace, name) = match (namespace, name.rsplit_once('.')) {
            (None, Some((ns, n))) => (Some(ns), n),
            (ns, _) => (ns, name),
        };
        if let Some(ns) = namespace {
            if let Some(&id) = self.by_qualified.get(&key(ns, name)) {
                return Some(id);
            }
        }
        for ns in [context, "microsoft.graph"] {
            if let Some(&id) = self.by_qualified.get(&key(ns, name)) {
                return Some(id);
            }
        }
        match self
            .by_name
            .get(&name.to_ascii_lowercase())
            .map(Vec::as_slice)
        {
            Some([only]) => Some(*only),
            _ => None,
        }
    }

    /// Resolves a type expression; `None` for a type the docs do not define (the caller reports it).
    pub fn resolve(&self, expr: &TypeExpr, context: &str) -> Option<RustType> {
        let element = match &expr.ty {
            TypeRef::Primitive(Primitive::Json) => RustType::Json,
            TypeRef::Primitive(p) => RustType::Primitive(*p),
            TypeRef::Named {
                namespace,
                name,
                link,
            } => {
                let by_link = link
                    .as_ref()
                    .and_then(|l| self.by_file.get(&file_key(l)).copied());
                RustType::Named(
                    by_link.or_else(|| self.resolve_name(namespace.as_deref(), name, context))?,
                )
            }
            TypeRef::Unknown { .. } => return None,
        };
        Some(if expr.collection {
            RustType::Vec(Box::new(element))
        } else {
            element
        })
    }

    /// Like [`resolve`](Self::resolve), but an undefined type becomes JSON and is reported at `location`.
    pub fn resolve_or_json(
        &self,
        expr: &TypeExpr,
        context: &str,
        location: &Location,
        what: &str,
        report: &mut Vec<Diagnostic>,
    ) -> RustType {
        match self.resolve(expr, context) {
            Some(ty) => ty,
            None => {
                report.push(unknown_type(expr, location, what));
                let json = RustType::Json;
                if expr.collection {
                    RustType::Vec(Box::new(json))
                } else {
                    json
                }
            }
        }
    }

    /// A model's fields: its bases' first (most basic first), then its own; a property redeclared by a derived
    /// type keeps its place and takes the derived declaration. Field names are unique and sanitized.
    pub fn model_fields(&self, id: TypeId, report: &mut Vec<Diagnostic>) -> Vec<FieldDef> {
        let mut fields: Vec<FieldDef> = Vec::new();
        let mut chain = self.chain(id);
        chain.reverse();
        for type_id in chain {
            let def = &self.types[type_id];
            let TypeKind::Model(model) = &def.kind else {
                continue;
            };
            for property in &model.properties {
                // Only the page that declares a property reports its unknown type.
                let mut sink = Vec::new();
                let reports = if type_id == id {
                    &mut *report
                } else {
                    &mut sink
                };
                let what = format!("property `{}` of `{}`", property.name, def.name);
                let ty = self.resolve_or_json(
                    &property.ty,
                    &def.namespace,
                    &property.location,
                    &what,
                    reports,
                );
                let field = FieldDef {
                    ident: String::new(),
                    json: property.name.clone(),
                    ty,
                    boxed: false,
                    description: property.description.clone(),
                    location: property.location.clone(),
                };
                match fields.iter_mut().find(|f| f.json == property.name) {
                    Some(existing) => *existing = field,
                    None => fields.push(field),
                }
            }
        }
        let mut taken = BTreeSet::from(["additional".to_owned()]);
        for field in &mut fields {
            field.ident = names::unique(&names::snake(&field.json), &mut taken);
        }
        fields
    }

    /// Whether the type is an enum.
    pub fn is_enum(&self, id: TypeId) -> bool {
        matches!(self.types[id].kind, TypeKind::Enum(_))
    }
}

/// Decides which model fields to box: a single (non-collection) model field whose type can reach the model
/// again through single model fields.
pub fn mark_boxes(fields: &mut BTreeMap<TypeId, Vec<FieldDef>>) {
    let edges: BTreeMap<TypeId, BTreeSet<TypeId>> = fields
        .iter()
        .map(|(&id, fs)| {
            let targets = fs
                .iter()
                .filter_map(|f| match f.ty {
                    RustType::Named(t) if fields.contains_key(&t) => Some(t),
                    _ => None,
                })
                .collect();
            (id, targets)
        })
        .collect();
    let reaches = |from: TypeId, to: TypeId| {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node) {
                stack.extend(edges.get(&node).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut boxed = Vec::new();
    for (&id, fs) in fields.iter() {
        for (index, field) in fs.iter().enumerate() {
            if let RustType::Named(target) = field.ty {
                if edges.contains_key(&target) && reaches(target, id) {
                    boxed.push((id, index));
                }
            }
        }
    }
    for (id, index) in boxed {
        if let Some(field) = fields.get_mut(&id).and_then(|fs| fs.get_mut(index)) {
            field.boxed = true;
        }
    }
}

fn enum_def(page: &EnumPage) -> EnumDef {
    let mut taken = BTreeSet::new();
    let mut seen_wire = BTreeSet::new();
    let mut variants = Vec::new();
    for member in &page.members {
        if member.name.is_empty() || !seen_wire.insert(member.name.clone()) {
            continue;
        }
        let ident = names::unique_camel(&names::camel(&member.name), &mut taken);
        variants.push((ident, member.name.clone(), member.description.clone()));
    }
    let catch_all = if taken.contains("Other") {
        names::unique_camel("UnlistedValue", &mut taken)
    } else {
        "Other".to_owned()
    };
    EnumDef {
        variants,
        catch_all,
        flags: page.flags,
    }
}

/// A located "duplicate name" diagnostic.
pub fn duplicate(location: &Location, what: &str, first: &Location) -> Diagnostic {
    Diagnostic::error(
        DiagnosticKind::DuplicateName,
        location.clone(),
        format!("{what} is already generated from {first}; this one is skipped"),
    )
    .with_hint("rename or remove one of the two pages, or exclude one with `exclude: [...]`")
}

/// A located "unknown type" diagnostic.
pub fn unknown_type(expr: &TypeExpr, location: &Location, what: &str) -> Diagnostic {
    let text = match &expr.ty {
        TypeRef::Named {
            namespace: Some(ns),
            name,
            ..
        } => format!("{ns}.{name}"),
        TypeRef::Named { name, .. } => name.clone(),
        TypeRef::Unknown { text, .. } => text.clone(),
        TypeRef::Primitive(p) => format!("{p:?}"),
    };
    Diagnostic::error(
        DiagnosticKind::UnknownType,
        location.clone(),
        format!("{what}: type `{text}` is not defined by any page; it is generated as serde_json::Value"),
    )
    .with_hint("add the type's resource or enum page to the docs folder")
}
