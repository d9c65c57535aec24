//! Table columns by role: the header variants the pages use (`Parameter | Type | Description`,
//! `Name | Value | Description`, `Header | Value`, `Member | Value`, ...) mapped to what each column holds.

use crate::read::markdown::{Inline, Row, Table};

/// Which column holds what; `None` when the table has no such column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Columns {
    /// The item's name (parameter, property, header, member, permission type).
    pub name: Option<usize>,
    /// Its type.
    pub ty: Option<usize>,
    /// A `Value` column: a type in parameter tables, the value in header and enum tables.
    pub value: Option<usize>,
    /// Its description.
    pub description: Option<usize>,
    /// A `Required` column.
    pub required: Option<usize>,
    /// Whether any header cell names a column above. When none does (`| activityDomain value | Suggestions |`,
    /// a table of values in prose), `name` is the first column only by default.
    pub recognised: bool,
}

/// A header cell reduced for matching, into `out` (a buffer reused from cell to cell): lowercase, markup
/// and punctuation removed, single spaces.
pub fn header_key_into(cell: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    if cell.is_ascii() {
        // Nearly every header: the same, byte by byte.
        for b in cell.bytes() {
            if b.is_ascii_alphanumeric() || b == b'$' {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                gap = true;
            }
        }
        return;
    }
    for c in cell.chars() {
        if c.is_alphanumeric() || c == '$' {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            gap = true;
        }
    }
}

impl Columns {
    /// Map a header row.
    pub fn of(header: Row<'_, '_>) -> Columns {
        let mut cols = Columns::default();
        let mut key = String::with_capacity(32);
        for (i, cell) in header.cells.iter().enumerate() {
            header_key_into(&cell.text, &mut key);
            let slot = match key.as_str() {
                "parameter"
                | "parameters"
                | "parameter name"
                | "name"
                | "property"
                | "property name"
                | "properties"
                | "relationship"
                | "relationship name"
                | "relationships"
                | "header"
                | "header name"
                | "headers"
                | "request header"
                | "request headers"
                | "query parameter"
                | "query parameters"
                | "query option"
                | "option"
                | "member"
                | "members"
                | "enum member"
                | "member name"
                | "permission type"
                | "key"
                | "field"
                | "attribute"
                | "argument"
                | "path parameter"
                | "function parameter"
                | "param"
                | "method"
                | "query string parameter"
                | "optional query parameter" => &mut cols.name,
                "type" | "data type" | "datatype" | "return type" | "value type"
                | "property type" => &mut cols.ty,
                "value" | "values" | "numeric value" | "header value" | "default"
                | "default value" => &mut cols.value,
                "description" | "notes" | "remarks" | "details" | "comments" | "comment"
                | "meaning" | "summary" => &mut cols.description,
                "required" | "required or optional" | "optional" | "is required" | "mandatory" => {
                    &mut cols.required
                }
                _ => continue,
            };
            cols.recognised = true;
            if slot.is_none() {
                *slot = Some(i);
            }
        }
        if cols.name.is_none() && !header.cells.is_empty() {
            cols.name = Some(0);
        }
        cols
    }
}

/// The cell at `idx`, if the row has it.
pub fn cell<'r, 'a>(row: Row<'r, 'a>, idx: Option<usize>) -> Option<&'r Inline<'a>> {
    idx.and_then(|i| row.cells.get(i))
}

/// Plain text of the cell at `idx`, or "".
pub fn text<'r>(row: Row<'r, '_>, idx: Option<usize>) -> &'r str {
    cell(row, idx).map_or("", |c| &*c.text)
}

/// Whether every cell of every row of `table` is empty (a header-only or placeholder table).
pub fn is_empty(table: &Table) -> bool {
    table.rows().all(|r| {
        r.cells
            .iter()
            .all(|c| crate::read::text::trim(&c.text).is_empty())
    })
}

/// A name cell cleaned of decoration: `_id_`, `**id**`, `` `id` ``, trailing `(required)` notes.
pub fn clean_name(name: &str) -> String {
    use crate::read::text::{first_word, trim, trim_ascii_set};
    let t = trim_ascii_set(trim(name), b"*_`'\" ");
    trim_ascii_set(first_word(t), b"*_`,:.").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(cells: &[&'static str]) -> Columns {
        let cells: Vec<Inline<'static>> = cells
            .iter()
            .map(|c| Inline {
                text: (*c).into(),
                links: vec![],
            })
            .collect();
        Columns::of(Row {
            cells: &cells,
            line: 1,
        })
    }

    #[test]
    fn header_variants() {
        let c = columns(&["Parameter", "Type", "Description"]);
        assert_eq!((c.name, c.ty, c.description), (Some(0), Some(1), Some(2)));
        let c = columns(&["Name", "Value", "Description"]);
        assert_eq!(
            (c.name, c.value, c.description),
            (Some(0), Some(1), Some(2))
        );
        let c = columns(&["Header", "Value"]);
        assert_eq!((c.name, c.value), (Some(0), Some(1)));
        let c = columns(&["Query parameter", "Type", "Required", "Description"]);
        assert_eq!(
            (c.name, c.ty, c.required, c.description),
            (Some(0), Some(1), Some(2), Some(3))
        );
        let c = columns(&["**Relationship**", "Type"]);
        assert_eq!(c.name, Some(0));
    }

    #[test]
    fn clean_names() {
        assert_eq!(
            clean_name("_idOrUserPrincipalName_"),
            "idOrUserPrincipalName"
        );
        assert_eq!(clean_name("`resetSession` (required)"), "resetSession");
        assert_eq!(clean_name("$top"), "$top");
    }
}
