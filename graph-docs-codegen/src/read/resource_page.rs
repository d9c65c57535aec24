//! Resource pages (`doc_type: resourcePageType`): name, namespace, `@odata.type`, `baseType`,
//! `keyProperty`, abstract / openType / isMediaEntity from the JSON representation's annotation;
//! properties and relationships from their tables; enum tables found on the page.

use std::path::Path;

use crate::read::annotation;
use crate::read::api_page;
use crate::page::diagnostics::{Diagnostic, DiagnosticKind};
use crate::read::enum_page;
use crate::read::front_matter::FrontMatter;
use crate::read::links::LinkIndex;
use crate::read::markdown::{sections, Block, BlockKind};
use crate::page::{Annotation, EnumPage, Property, ResourcePage};
use crate::read::params;
use crate::read::text::{contains_ci, find_ci};
use crate::page::type_expr::{TypeExpr, TypeRef};

const TITLE_SUFFIXES: &[&str] = &[
    " resource type",
    " complex type",
    " entity type",
    " resource",
    " object",
    " type",
    " entity",
    " class",
];

/// The type name in a resource page title (`inboundFileFlow resource type`).
pub fn name_from_title(title: &str) -> String {
    let t = title.trim();
    for suffix in TITLE_SUFFIXES {
        if let Some(at) = t.len().checked_sub(suffix.len()) {
            if t.get(at..).is_some_and(|s| s.eq_ignore_ascii_case(suffix)) {
                return t
                    .get(..at)
                    .unwrap_or(t)
                    .trim()
                    .trim_matches('`')
                    .to_string();
            }
        }
    }
    t.split_whitespace().next().unwrap_or("").to_string()
}

/// Values from "Possible values are: `a`, `b`, `unknownFutureValue`." (markup already removed).
pub fn possible_values(description: &str) -> Vec<String> {
    let Some(at) = find_ci(description, "possible values") else {
        return Vec::new();
    };
    let rest = description
        .get(at + "possible values".len()..)
        .unwrap_or("");
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("are")
        .or_else(|| rest.strip_prefix("include"))
        .or_else(|| rest.strip_prefix("is"))
        .unwrap_or(rest)
        .trim_start()
        .trim_start_matches(':')
        .trim_start();
    let end = crate::read::text::find(rest, ". ")
        .or_else(|| crate::read::text::find(rest, ".\n"))
        .unwrap_or(rest.len());
    let list = rest.get(..end).unwrap_or(rest).trim_end_matches('.');
    // `v.trim_start_matches(prefix)`, without setting up a searcher.
    fn strip_all<'s>(mut v: &'s str, prefix: &str) -> &'s str {
        while let Some(r) = v.strip_prefix(prefix) {
            v = r;
        }
        v
    }
    list.split([',', ';'])
        .flat_map(|p| {
            crate::read::text::split_str(p, " or ").flat_map(|q| crate::read::text::split_str(q, " and "))
        })
        .map(|v| {
            let v = strip_all(strip_all(crate::read::text::trim(v), "and "), "or ");
            v.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | '*'))
                .trim()
        })
        .filter(|v| {
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        })
        .map(str::to_string)
        .collect()
}

fn nullable(description: &str) -> Option<bool> {
    if contains_ci(description, "not nullable")
        || contains_ci(description, "non-nullable")
        || contains_ci(description, "not null")
    {
        Some(false)
    } else if contains_ci(description, "nullable") {
        Some(true)
    } else {
        None
    }
}

fn properties(blocks: &[Block], index: &LinkIndex, diags: &mut Vec<Diagnostic>) -> Vec<Property> {
    let mut out = Vec::new();
    for block in blocks {
        let BlockKind::Table(t) = &block.kind else {
            continue;
        };
        for p in params::params_from_table(t, &block.file, index, diags) {
            let ty = p.ty.unwrap_or_else(|| {
                diags.push(Diagnostic::warning(
                    DiagnosticKind::UnknownType,
                    p.location.clone(),
                    format!("`{}` has no type", p.name),
                ));
                TypeExpr::single(TypeRef::Unknown {
                    text: String::new(),
                    location: p.location.clone(),
                })
            });
            out.push(Property {
                nullable: nullable(&p.description),
                possible_values: possible_values(&p.description),
                name: p.name,
                ty,
                required: p.required,
                description: p.description,
                location: p.location,
            });
        }
    }
    out
}

fn flag(a: &Annotation, key: &str) -> bool {
    match a.raw.get(key) {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn raw_str(a: &Annotation, key: &str) -> Option<String> {
    a.raw
        .get(key)
        .and_then(serde_json::Value::as_str)
        .map(|s| s.trim().trim_start_matches('#').to_string())
        .filter(|s| !s.is_empty())
}

/// Read a resource page and the enum tables on it.
pub fn parse(
    file: &Path,
    fm: &FrontMatter<'_>,
    blocks: &[Block],
    index: &LinkIndex,
    diags: &mut Vec<Diagnostic>,
) -> (ResourcePage, Vec<EnumPage>) {
    let head = api_page::head(file, fm, blocks, false, diags);
    // The resource annotation, read once; its tolerant-read warnings are reported (those of other
    // comments are not).
    let resource_annotation = blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Comment(c) if contains_ci(c, "resource") => {
            let mut notes = Vec::new();
            annotation::parse(c, b.location(), &mut notes)
                .filter(|a| a.block_type.as_deref() == Some("resource"))
                .map(|a| (a, b, notes))
        }
        _ => None,
    });
    let resource_annotation = resource_annotation.map(|(a, b, notes)| {
        diags.extend(notes);
        (a, b)
    });
    let title_name = name_from_title(&head.title);
    let (name, namespace, odata_type) = match resource_annotation
        .as_ref()
        .and_then(|(a, _)| a.odata_type.clone())
    {
        Some(t) => {
            let t = t.trim_start_matches('#').to_string();
            match t.rfind('.') {
                Some(dot) => (
                    t.get(dot + 1..).unwrap_or("").to_string(),
                    t.get(..dot).unwrap_or("").to_string(),
                    t,
                ),
                None => (
                    t.clone(),
                    head.namespace.clone(),
                    format!("{}.{t}", head.namespace),
                ),
            }
        }
        None => {
            if !fm
                .values
                .get("doc_type")
                .is_some_and(|d| contains_ci(d, "enum"))
            {
                diags.push(
                    Diagnostic::warning(
                        DiagnosticKind::Annotation,
                        head.title_location.clone(),
                        "no `blockType: resource` annotation with `@odata.type`; type name taken from the title",
                    )
                    .with_hint("annotate the JSON representation with `<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.x\" } -->`"),
                );
            }
            (
                title_name.clone(),
                head.namespace.clone(),
                format!("{}.{title_name}", head.namespace),
            )
        }
    };
    let ann = resource_annotation.as_ref().map(|(a, _)| a);
    let base_type = ann.and_then(|a| raw_str(a, "baseType"));
    let key_property = ann.and_then(|a| raw_str(a, "keyProperty"));
    let (is_abstract, open_type, is_media_entity) = ann.map_or((false, false, false), |a| {
        (
            flag(a, "abstract"),
            flag(a, "openType"),
            flag(a, "isMediaEntity"),
        )
    });

    let secs = sections(blocks);
    let mut props = Vec::new();
    let mut rels = Vec::new();
    for sec in &secs {
        let title = crate::read::text::heading_words(sec.title);
        let is = |s: &str| title.eq_ignore_ascii_case(s);
        if is("properties") || is("instance attributes") || is("property") {
            props.extend(properties(sec.blocks, index, diags));
        } else if is("relationships") || is("relationship") || is("navigation properties") {
            rels.extend(properties(sec.blocks, index, diags));
        }
    }
    let enums = enum_page::from_sections(
        &secs,
        file,
        &namespace,
        &title_name,
        &head.description,
        diags,
    );
    let page = ResourcePage {
        file: file.to_path_buf(),
        name,
        namespace,
        odata_type,
        base_type,
        key_property,
        is_abstract,
        open_type,
        is_media_entity,
        description: head.description,
        properties: props,
        relationships: rels,
        location: head.title_location,
    };
    (page, enums)
}

/// Read an enum page (`doc_type: enumPageType`).
pub fn parse_enum(
    file: &Path,
    fm: &FrontMatter<'_>,
    blocks: &[Block],
    diags: &mut Vec<Diagnostic>,
) -> Vec<EnumPage> {
    let head = api_page::head(file, fm, blocks, false, diags);
    let name = enum_page::name_from_title(&head.title);
    let secs = sections(blocks);
    let mut enums = enum_page::from_sections(
        &secs,
        file,
        &head.namespace,
        &name,
        &head.description,
        diags,
    );
    if enums.is_empty() {
        // An enum page whose table sits under another heading: take the first table.
        let table = blocks.iter().find_map(|b| {
            if let BlockKind::Table(t) = &b.kind {
                Some((t, b))
            } else {
                None
            }
        });
        match table {
            Some((t, b)) => enums.push(EnumPage {
                file: file.to_path_buf(),
                name,
                namespace: head.namespace,
                flags: contains_ci(&head.description, "flags"),
                description: head.description,
                members: enum_page::members(t, &b.file, diags),
                location: head.title_location,
            }),
            None => diags.push(
                Diagnostic::warning(
                    DiagnosticKind::Table,
                    head.title_location,
                    "enum page has no members table",
                )
                .with_hint("add `## Members` with a `Member | Value | Description` table"),
            ),
        }
    }
    enums
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_possible_values() {
        assert_eq!(
            name_from_title("inboundFileFlow resource type"),
            "inboundFileFlow"
        );
        assert_eq!(
            possible_values(
                "The state. The possible values are: notReady, ready, failed, unknownFutureValue."
            ),
            vec!["notReady", "ready", "failed", "unknownFutureValue"]
        );
        assert_eq!(
            possible_values("Possible values are red or blue. More text."),
            vec!["red", "blue"]
        );
        assert!(possible_values("No list here.").is_empty());
        assert_eq!(nullable("Read-only. Not nullable."), Some(false));
        assert_eq!(nullable("Nullable."), Some(true));
    }
}
