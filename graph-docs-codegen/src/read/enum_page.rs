//! Enum types: enum pages (`doc_type: enumPageType`, `# x enum type` with a `## Members` table) and
//! enum tables on resource pages, classified by their heading as Microsoft's tooling does
//! (`{x} values`, `{x} enumeration`, `{x} members`, `{x} flags`, `Members`, `Enumerated values`).

use std::path::Path;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind, Location};
use crate::read::markdown::{BlockKind, Section, Table};
use crate::page::{EnumMember, EnumPage};
use crate::read::table::{self, clean_name, Columns};
use crate::read::text::{contains_ci, ends_with_ci, heading_words};

const SUFFIXES: &[&str] = &[
    " enumeration values",
    " enumeration",
    " enum values",
    " values",
    " members",
    " flags",
    " enum type",
    " enum",
];

/// The enum a heading introduces: `Some(Some(name))` for `{x} values`-style headings, `Some(None)` for
/// bare `Members` / `Enumerated values` (the page title names the enum), `None` otherwise.
pub fn enum_heading(title: &str) -> Option<Option<String>> {
    let words = heading_words(title);
    if ["members", "enumerated values", "values", "enum members"]
        .iter()
        .any(|w| words.eq_ignore_ascii_case(w))
    {
        return Some(None);
    }
    let trimmed = crate::read::text::trim(title).trim_end_matches(':').trim_end();
    for suffix in SUFFIXES {
        if ends_with_ci(trimmed, suffix) {
            let name = trimmed
                .get(..trimmed.len().saturating_sub(suffix.len()))
                .unwrap_or("")
                .trim();
            let name = name.trim_matches(|c: char| matches!(c, '`' | '*' | '_'));
            if !name.is_empty() && !name.contains(' ') {
                return Some(Some(name.to_string()));
            }
        }
    }
    None
}

/// The enum name in an enum page title (`mdmAuthority enum type`).
pub fn name_from_title(title: &str) -> String {
    let t = title.trim();
    for suffix in SUFFIXES {
        if let Some(at) = t.len().checked_sub(suffix.len()) {
            if t.get(at..).is_some_and(|s| s.eq_ignore_ascii_case(suffix)) {
                return t.get(..at).unwrap_or(t).trim().to_string();
            }
        }
    }
    t.split_whitespace().next().unwrap_or("").to_string()
}

/// Members of an enum table.
pub fn members(table: &Table, file: &Path, diags: &mut Vec<Diagnostic>) -> Vec<EnumMember> {
    let cols = Columns::of(table.header());
    // A `Value | Description` table names its members in the value column.
    let value_idx = if cols.value == cols.name {
        None
    } else {
        cols.value
    };
    let mut out = Vec::new();
    for row in table.rows() {
        let name = clean_name(table::text(row, cols.name));
        let location = Location::new(file, row.line);
        if name.is_empty() {
            continue;
        }
        let raw_value = table::text(row, value_idx).trim();
        let value = match raw_value.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) if raw_value.is_empty() => None,
            Err(_) => {
                let hex = raw_value
                    .strip_prefix("0x")
                    .and_then(|h| i64::from_str_radix(h, 16).ok());
                if hex.is_none() {
                    diags.push(Diagnostic::warning(
                        DiagnosticKind::Table,
                        location.clone(),
                        format!("enum member `{name}`: value `{raw_value}` is not a number"),
                    ));
                }
                hex
            }
        };
        let description = table::text(row, cols.description).to_string();
        out.push(EnumMember {
            name,
            value,
            description,
            location,
        });
    }
    out
}

/// Enum tables in these sections. `default_name` names the enum for bare `Members` headings.
pub fn from_sections(
    secs: &[Section<'_>],
    file: &Path,
    namespace: &str,
    default_name: &str,
    description: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<EnumPage> {
    let mut out: Vec<EnumPage> = Vec::new();
    for sec in secs {
        let Some(name) = enum_heading(sec.title) else {
            continue;
        };
        let name = name.unwrap_or_else(|| default_name.to_string());
        for block in sec.blocks {
            let BlockKind::Table(t) = &block.kind else {
                continue;
            };
            let members = members(t, &block.file, diags);
            if members.is_empty() {
                continue;
            }
            let flags = ends_with_ci(sec.title.trim().trim_end_matches(':'), "flags")
                || contains_ci(description, "flags");
            match out.iter_mut().find(|e| e.name == name) {
                Some(existing) => existing.members.extend(members),
                None => out.push(EnumPage {
                    file: file.to_path_buf(),
                    name: name.clone(),
                    namespace: namespace.to_string(),
                    flags,
                    description: description.to_string(),
                    members,
                    location: sec.location(file),
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::markdown::{parse_blocks, sections};
    use std::rc::Rc;

    #[test]
    fn headings() {
        assert_eq!(
            enum_heading("calendarRoleType values"),
            Some(Some("calendarRoleType".into()))
        );
        assert_eq!(enum_heading("Members"), Some(None));
        assert_eq!(enum_heading("Properties"), None);
        assert_eq!(enum_heading("Possible values for the thing"), None);
        assert_eq!(name_from_title("mdmAuthority enum type"), "mdmAuthority");
    }

    #[test]
    fn member_tables() {
        let md = "# x enum type\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n|unknown|0|Unknown|\n|intune|1|Intune|\n\n### color values\n\n| Values | Description |\n|-|-|\n| red | Red. |\n";
        let blocks = parse_blocks(md, 1, &Rc::from(Path::new("r/x.md")));
        let secs = sections(&blocks);
        let mut d = Vec::new();
        let enums = from_sections(
            &secs,
            Path::new("r/x.md"),
            "microsoft.graph",
            "x",
            "",
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(enums.len(), 2);
        assert_eq!(enums[0].name, "x");
        assert_eq!(enums[0].members[1].value, Some(1));
        assert_eq!(enums[0].members[1].location.line, 7);
        assert_eq!(enums[1].name, "color");
        assert_eq!(enums[1].members[0].name, "red");
        assert_eq!(enums[1].members[0].value, None);
    }
}
