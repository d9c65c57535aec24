//! Parameter, header and request-body tables in all their header variants, and the OData system query
//! options a page supports (from tables and from prose).

use std::path::Path;

use crate::page::diagnostics::{Diagnostic, DiagnosticKind};
use crate::page::{HeaderParam, ODataOption, Param, RequestBody};
use crate::read::links::LinkIndex;
use crate::read::markdown::{Block, BlockKind, Row, Table};
use crate::read::table::{self, clean_name, Columns};
use crate::read::text::{contains_ci, starts_with_ci};

/// Whether a description marks its item required, and not optional.
///
/// The docs mark an item with a sentence of its own, `Required.` or `Optional.` (also `(required)`, `**Optional**`),
/// and that marker decides: the word "required" elsewhere in the text is prose ("specify `required` for a
/// person", "the minimum required confidence"). Without a marker, a description that says "required" and not
/// "not required" (`Required if ...`, `This is required.`) marks it required.
pub fn says_required(text: &str) -> bool {
    if let Some(required) = marker(text) {
        return required;
    }
    contains_ci(text, "required")
        && !contains_ci(text, "not required")
        && !starts_with_ci(text, "optional")
}

/// The first sentence of `text` that is only `Required` or `Optional` (markup and brackets aside): whether it
/// says required.
fn marker(text: &str) -> Option<bool> {
    text.split(['.', ';', ':', ',', '(', ')', '[', ']'])
        .map(|part| part.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`')))
        .find_map(|part| {
            if part.eq_ignore_ascii_case("required") {
                Some(true)
            } else if part.eq_ignore_ascii_case("optional") {
                Some(false)
            } else {
                None
            }
        })
}

fn required_cell(text: &str) -> Option<bool> {
    let t = crate::read::text::trim(text);
    if t.is_empty() {
        return None;
    }
    Some(
        starts_with_ci(t, "yes")
            || starts_with_ci(t, "required")
            || t.eq_ignore_ascii_case("true")
            || t.eq_ignore_ascii_case("y"),
    )
}

/// The rows of a parameter or property table.
pub fn params_from_table(
    table: &Table,
    file: &Path,
    index: &LinkIndex,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Param> {
    let cols = Columns::of(table.header());
    if !cols.recognised {
        // A table of values that a description goes on with (`| activityDomain value | Suggestions for meeting
        // times |` under findMeetingTimes' parameters): its rows are not members.
        diags.push(Diagnostic::warning(
            DiagnosticKind::Table,
            crate::page::diagnostics::Location::new(file, table.header().line),
            "no column of this table names a member, a type or a description: read as prose, not as members",
        ));
        return Vec::new();
    }
    let ty_idx = cols.ty.or(if cols.description.is_some() {
        cols.value
    } else {
        None
    });
    let desc_idx = cols.description.or(if ty_idx == cols.value {
        None
    } else {
        cols.value
    });
    let mut out = Vec::new();
    for row in table.rows() {
        let location = crate::page::diagnostics::Location::new(file, row.line);
        let name = clean_name(table::text(row, cols.name));
        if name.is_empty() {
            if row.cells.iter().any(|c| !c.text.trim().is_empty()) {
                diags.push(Diagnostic::warning(
                    DiagnosticKind::Table,
                    location,
                    "table row has no name; skipped",
                ));
            }
            continue;
        }
        if is_group_heading(row, cols.name, ty_idx) {
            diags.push(Diagnostic::warning(
                DiagnosticKind::Table,
                location,
                format!("row `{name}` fills only its first cell: read as a heading over the rows below it or a stray line, not as a member"),
            ));
            continue;
        }
        let description = table::text(row, desc_idx).to_string();
        let ty = table::cell(row, ty_idx)
            .filter(|c| !crate::read::text::trim(&c.text).is_empty())
            .map(|c| {
                let ty = index.type_of(c, file, &location, diags);
                if let crate::page::type_expr::TypeRef::Unknown { text, .. } = &ty.ty {
                    diags.push(Diagnostic::warning(
                        DiagnosticKind::UnknownType,
                        location.clone(),
                        format!("`{name}`: type `{text}` names no known type"),
                    ));
                }
                ty
            });
        let required = match required_cell(table::text(row, cols.required)) {
            Some(r) => r,
            None => says_required(&description),
        };
        out.push(Param {
            name,
            ty,
            description,
            required,
            location,
        });
    }
    out
}

/// Whether `row` of a table with a type column is a group heading (`|**Device management**|` between the rows
/// of the Intune pages) or a stray line (a description's second line, which Markdown reads as a row of one
/// cell): its name cell is its only non-empty cell. Neither is a member; a member the docs list without a type
/// or a description would still be kept, as an unknown member of its model.
fn is_group_heading(row: Row<'_, '_>, name: Option<usize>, ty: Option<usize>) -> bool {
    ty.is_some()
        && row
            .cells
            .iter()
            .enumerate()
            .all(|(i, c)| Some(i) == name || crate::read::text::trim(&c.text).is_empty())
}

/// The rows of a request-headers table.
pub fn headers_from_table(table: &Table, file: &Path) -> Vec<HeaderParam> {
    let cols = Columns::of(table.header());
    let mut out = Vec::new();
    for row in table.rows() {
        let name = clean_name(table::text(row, cols.name));
        if name.is_empty() {
            continue;
        }
        let parts: Vec<&str> = [cols.value, cols.ty, cols.description]
            .into_iter()
            .map(|i| table::text(row, i).trim())
            .filter(|t| !t.is_empty())
            .collect();
        let description = parts.join(" ");
        let required = match required_cell(table::text(row, cols.required)) {
            Some(r) => r,
            None => says_required(&description),
        };
        out.push(HeaderParam {
            name,
            description,
            required,
            location: crate::page::diagnostics::Location::new(file, row.line),
        });
    }
    out
}

impl ODataOption {
    /// The option named `$name` (any case, with or without `$`).
    pub fn from_name(name: &str) -> Option<ODataOption> {
        let lower = name.trim().trim_start_matches('$').to_ascii_lowercase();
        Some(match lower.as_str() {
            "select" => ODataOption::Select,
            "filter" => ODataOption::Filter,
            "expand" => ODataOption::Expand,
            "orderby" => ODataOption::OrderBy,
            "top" => ODataOption::Top,
            "skip" => ODataOption::Skip,
            "search" => ODataOption::Search,
            "count" => ODataOption::Count,
            "skiptoken" => ODataOption::SkipToken,
            "format" => ODataOption::Format,
            _ => return None,
        })
    }

    /// The query parameter as sent (`$select`).
    pub fn as_str(self) -> &'static str {
        match self {
            ODataOption::Select => "$select",
            ODataOption::Filter => "$filter",
            ODataOption::Expand => "$expand",
            ODataOption::OrderBy => "$orderby",
            ODataOption::Top => "$top",
            ODataOption::Skip => "$skip",
            ODataOption::Search => "$search",
            ODataOption::Count => "$count",
            ODataOption::SkipToken => "$skiptoken",
            ODataOption::Format => "$format",
        }
    }
}

/// The `$options` a sentence says are supported; sentences that say "not support" add nothing.
pub fn odata_from_prose(text: &str, out: &mut Vec<ODataOption>) {
    for sentence in text.split(". ") {
        if contains_ci(sentence, "not support") || contains_ci(sentence, "n't support") {
            continue;
        }
        let mut rest = sentence;
        while let Some(pos) = rest.find('$') {
            let after = rest.get(pos + 1..).unwrap_or("");
            let end = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            if let Some(opt) = ODataOption::from_name(after.get(..end).unwrap_or("")) {
                if !out.contains(&opt) {
                    out.push(opt);
                }
            }
            rest = after;
        }
    }
}

/// The parameters a request-body section says go in the request URL, not the body, with where that sentence is;
/// `None` when no sentence of the section says so. The Intune pages write `In the request URL, provide the following
/// query parameters with values.`, or only `The following table shows the parameters that can be used with this
/// function.` (an OData function takes its parameters in the URL), then a table. They are the arguments of the
/// function the request line names: every example writes them in its parentheses
/// (`getTopMobileApps(status='x',count=5)`), none in a body. A section that speaks of a request body (the workbook
/// pages' `In the request body, provide a JSON object with the following parameters.`) is a body.
pub fn url_parameters(
    blocks: &[Block],
    index: &LinkIndex,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Vec<Param>, crate::page::diagnostics::Location)> {
    let says = |block: &Block, words: &str| matches!(&block.kind, BlockKind::Paragraph(p) if contains_ci(&p.text, words));
    let sentence = blocks
        .iter()
        .find(|b| says(b, "in the request url") && says(b, "parameter"))
        .or_else(|| {
            let body = blocks
                .iter()
                .any(|b| says(b, "request body") || says(b, "json"));
            blocks
                .iter()
                .find(|b| says(b, "parameters that can be used with this function"))
                .filter(|_| !body)
        })?;
    let params = blocks
        .iter()
        .filter_map(|block| match &block.kind {
            BlockKind::Table(t) if !table::is_empty(t) => {
                Some(params_from_table(t, &block.file, index, diags))
            }
            _ => None,
        })
        .flatten()
        .collect();
    Some((params, sentence.location()))
}

/// Read a request-body section (links resolve from the file each block came from, an include's own).
pub fn request_body(
    blocks: &[Block],
    index: &LinkIndex,
    diags: &mut Vec<Diagnostic>,
) -> RequestBody {
    let mut body = RequestBody::None;
    for block in blocks {
        match &block.kind {
            BlockKind::Table(t) if !table::is_empty(t) => {
                let params = params_from_table(t, &block.file, index, diags);
                if !params.is_empty() {
                    match &mut body {
                        RequestBody::Parameters { params: have, .. } => have.extend(params),
                        _ => {
                            body = RequestBody::Parameters {
                                params,
                                location: block.location(),
                            }
                        }
                    }
                }
            }
            BlockKind::Paragraph(p)
                if matches!(body, RequestBody::None | RequestBody::Described { .. }) =>
            {
                let has = |s: &str| contains_ci(&p.text, s);
                if has("not supply a request body")
                    || has("don't supply a request body")
                    || has("no request body")
                    || has("not require any request body")
                    || has("not require a request body")
                    || has("not include a request body")
                {
                    body = RequestBody::Empty {
                        location: block.location(),
                    };
                    continue;
                }
                if has("do not supply") || has("don't supply") {
                    continue;
                }
                if let Some(ct) = content_type(&p.text) {
                    body = RequestBody::Content {
                        content_type: Some(ct),
                        location: block.location(),
                    };
                } else if has("binary") || has("stream") || has("byte") {
                    body = RequestBody::Content {
                        content_type: None,
                        location: block.location(),
                    };
                } else if has("representation")
                    || has("supply")
                    || has("provide")
                    || has("specify")
                    || has("includes")
                    || only_a_link(p)
                {
                    if let Some(link) = p.links.iter().find(|l| contains_ci(&l.dest, ".md")) {
                        let inline = crate::read::markdown::Inline {
                            text: std::borrow::Cow::Borrowed(&*link.text),
                            links: vec![link.clone()],
                        };
                        let ty = index.type_of(&inline, &block.file, &block.location(), diags);
                        body = RequestBody::Resource {
                            ty,
                            location: block.location(),
                        };
                    } else if has("request body") {
                        body = RequestBody::Described {
                            location: block.location(),
                        };
                    }
                }
            }
            _ => {}
        }
    }
    body
}

/// The body a page's `Content-Type` request header names, when it is not JSON (`teamsApp: publish` sends
/// `application/zip`, and its body section only says "Teams Zip Manifest Payload."): the body is that content.
pub fn body_from_headers(headers: &[HeaderParam]) -> Option<RequestBody> {
    headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case("content-type"))
        .find_map(|h| {
            content_type(&h.description).map(|ct| RequestBody::Content {
                content_type: Some(ct),
                location: h.location.clone(),
            })
        })
}

/// A sentence that is only a linked type, with an article (`A [teamsTab](../resources/teamstab.md).`).
fn only_a_link(p: &crate::read::blocks::Inline<'_>) -> bool {
    let [link] = p.links.as_slice() else {
        return false;
    };
    let rest = p.text.replacen(&*link.text, "", 1);
    let rest = rest.trim().trim_end_matches('.').trim();
    ["", "a", "an", "the"]
        .iter()
        .any(|article| rest.eq_ignore_ascii_case(article))
}

/// A MIME type written in a sentence (`text/plain`, `application/octet-stream`), JSON excluded.
fn content_type(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '`' | '"' | '\''))
        .map(|w| w.trim_end_matches(['.', ':', ';']))
        .find(|w| {
            [
                "text/",
                "application/",
                "image/",
                "multipart/",
                "audio/",
                "video/",
            ]
            .iter()
            .any(|p| starts_with_ci(w, p))
                && !w.eq_ignore_ascii_case("application/json")
                && w.len() > 6
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::type_expr::{Primitive, TypeRef};
    use crate::page::RequestBody;
    use crate::read::markdown::parse_blocks;
    use std::rc::Rc;

    fn blocks(md: &str) -> Vec<Block<'_>> {
        parse_blocks(md, 1, &Rc::from(Path::new("api/p.md")))
    }

    fn first_table<'r, 'a>(b: &'r [Block<'a>]) -> &'r Table<'a> {
        b.iter()
            .find_map(|b| {
                if let BlockKind::Table(t) = &b.kind {
                    Some(t)
                } else {
                    None
                }
            })
            .unwrap()
    }

    #[test]
    fn parameter_tables_in_header_variants() {
        let idx = LinkIndex::default();
        let mut d = Vec::new();
        let b = blocks("| Name | Value | Description |\n|-|-|-|\n| _id_ | string | Required. The id. |\n| top | Int32 | Optional. |\n");
        let ps = params_from_table(first_table(&b), Path::new("api/p.md"), &idx, &mut d);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].name, "id");
        assert_eq!(
            ps[0].ty.as_ref().map(|t| &t.ty),
            Some(&TypeRef::Primitive(Primitive::String))
        );
        assert!(ps[0].required);
        assert!(!ps[1].required);
        assert_eq!(ps[1].location.line, 4);
    }

    #[test]
    fn parameters_a_body_section_puts_in_the_request_url() {
        let idx = LinkIndex::default();
        let mut d = Vec::new();
        let b = blocks("In the request URL, provide the following query parameters with values.\n\n|Property|Type|Description|\n|:---|:---|:---|\n|status|String|Not yet documented|\n|count|Int64|Not yet documented|\n");
        let (params, location) = url_parameters(&b, &idx, &mut d).unwrap();
        let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["status", "count"]);
        assert_eq!(location.line, 1);
        // The function's parameters, in a section that says nothing of a body.
        let b = blocks("The following table shows the parameters that can be used with this function.\n\n|Property|Type|Description|\n|:---|:---|:---|\n|skip|Int32|Not yet documented|\n");
        assert_eq!(
            url_parameters(&b, &idx, &mut d).map(|(p, _)| p.len()),
            Some(1)
        );
        // A body table is not.
        let b = blocks("In the request body, provide a JSON object with the following parameters.\n\n|Parameter|Type|Description|\n|-|-|-|\n|status|String|The status.|\n");
        assert!(url_parameters(&b, &idx, &mut d).is_none());
        let b = blocks("In the request body, supply JSON representation of the parameters.\n\nThe following table shows the parameters that can be used with this function.\n\n|Property|Type|Description|\n|-|-|-|\n|status|String|The status.|\n");
        assert!(url_parameters(&b, &idx, &mut d).is_none());
    }

    #[test]
    fn a_content_type_header_that_is_not_json_names_the_body() {
        let headers = |value: &str| {
            let b = blocks(&format!("| Header | Value |\n|-|-|\n| Authorization | Bearer {{token}}. Required. |\n| Content-Type | {value} |\n"))
                .iter()
                .find_map(|b| match &b.kind {
                    BlockKind::Table(t) => Some(headers_from_table(t, Path::new("api/p.md"))),
                    _ => None,
                })
                .unwrap();
            body_from_headers(&b)
        };
        assert!(matches!(
            headers("application/zip"),
            Some(RequestBody::Content { content_type: Some(ct), location }) if ct == "application/zip" && location.line == 4
        ));
        assert_eq!(headers("application/json. Required."), None);
    }

    #[test]
    fn a_required_or_optional_sentence_decides() {
        // The marker sentence decides, wherever it is; "required" in the prose does not.
        assert!(!says_required(
            "Specify `required` for a person and `resource` for a resource. Optional."
        ));
        assert!(!says_required(
            "The minimum required confidence, from 0 to 100. Optional."
        ));
        assert!(!says_required("**Optional**. Required by some tenants."));
        assert!(says_required("Required. The id of the user."));
        assert!(says_required("The message to send (required)."));
        assert!(!says_required("The subject. (Optional)"));
        // Without a marker, the description's words decide.
        assert!(says_required("Required if `type` is `custom`."));
        assert!(says_required("This value is required."));
        assert!(!says_required("Not required when sending a draft."));
        assert!(!says_required("The subject."));
    }

    #[test]
    fn tables_that_name_no_column_are_not_members() {
        let idx = LinkIndex::default();
        let mut d = Vec::new();
        let b = blocks("|activityDomain value|Suggestions for meeting times|\n|:---|:---|\n|work|Within work hours.|\n|personal|On any day.|\n");
        let ps = params_from_table(first_table(&b), Path::new("api/p.md"), &idx, &mut d);
        assert!(ps.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].location.line, 1);
        assert!(d[0].message.contains("read as prose"), "{}", d[0].message);
        // One column the reader knows is enough.
        let b = blocks("|Parameter|Suggestions|\n|-|-|\n|work|Within work hours.|\n");
        assert_eq!(
            params_from_table(first_table(&b), Path::new("api/p.md"), &idx, &mut d).len(),
            1
        );
    }

    #[test]
    fn group_heading_rows_are_not_members() {
        let idx = LinkIndex::default();
        let mut d = Vec::new();
        let b = blocks("|Property|Type|Description|\n|:---|:---|:---|\n|id|String|The id.|\n|**Device management**|\n|limit|Int32||\n|**Onboarding**| | |\n");
        let ps = params_from_table(first_table(&b), Path::new("api/p.md"), &idx, &mut d);
        let names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "limit"]);
        let lines: Vec<u32> = d
            .iter()
            .filter(|d| d.message.contains("heading"))
            .map(|d| d.location.line)
            .collect();
        assert_eq!(lines, [4, 6]);
        // Without a type column, a name alone is a row like any other (a query-option table).
        let b = blocks("|Name|\n|-|\n|$select|\n");
        assert_eq!(
            params_from_table(first_table(&b), Path::new("api/p.md"), &idx, &mut d).len(),
            1
        );
    }

    #[test]
    fn header_tables() {
        let b = blocks("| Header | Value |\n|-|-|\n| Authorization | Bearer {token}. Required. |\n| Prefer | return=minimal. Optional. |\n");
        let hs = headers_from_table(first_table(&b), Path::new("api/p.md"));
        assert_eq!(hs.len(), 2);
        assert!(hs[0].required);
        assert!(!hs[1].required);
    }

    #[test]
    fn odata_prose() {
        let mut o = Vec::new();
        odata_from_prose("This method supports the `$select` and `$expand` OData query parameters. It does not support $filter.", &mut o);
        assert_eq!(o, vec![ODataOption::Select, ODataOption::Expand]);
    }

    #[test]
    fn request_bodies() {
        let idx = LinkIndex::default();
        let mut d = Vec::new();
        let b = blocks("Do not supply a request body for this method.\n");
        assert!(matches!(
            request_body(&b, &idx, &mut d),
            RequestBody::Empty { location } if location.line == 1
        ));
        let b = blocks("This API does not require any request body.\n");
        assert!(matches!(
            request_body(&b, &idx, &mut d),
            RequestBody::Empty { .. }
        ));
        // Prose that asks for a body without naming its type: the generator infers the type from the method, the
        // line and the response.
        let b = blocks(
            "In the request body, supply the values for relevant fields that should be updated.\n",
        );
        assert!(matches!(
            request_body(&b, &idx, &mut d),
            RequestBody::Described { location } if location.line == 1
        ));
        for sentence in [
            "Specify the userIds to dismiss in the request body.\n",
            "The request body includes the identifier of the item to add.\n",
        ] {
            assert!(matches!(
                request_body(&blocks(sentence), &idx, &mut d),
                RequestBody::Described { .. }
            ));
        }
        let b = blocks("Do not include a request body.\n");
        assert!(matches!(
            request_body(&b, &idx, &mut d),
            RequestBody::Empty { .. }
        ));
        // A sentence about something else asks for nothing.
        let b = blocks("The body is described in the overview.\n");
        assert_eq!(request_body(&b, &idx, &mut d), RequestBody::None);
        // A table after "no request body is required" still lists the optional members.
        let b = blocks("No request body is required.\n\n| Property | Type | Description |\n|-|-|-|\n| item | String | Optional. |\n");
        assert!(matches!(
            request_body(&b, &idx, &mut d),
            RequestBody::Parameters { params, .. } if params.len() == 1
        ));
        let b = blocks("In the request body, supply a JSON representation of [user](../resources/user.md) object.\n");
        assert!(matches!(
            request_body(&b, &idx, &mut d),
            RequestBody::Resource { .. }
        ));
        // A sentence that is only the linked type.
        let b = blocks("A [teamsTab](../resources/teamstab.md).\n");
        assert!(matches!(
            request_body(&b, &idx, &mut d),
            RequestBody::Resource { .. }
        ));
        let b = blocks("See [teamsTab](../resources/teamstab.md) for the tabs a team has.\n");
        assert_eq!(request_body(&b, &idx, &mut d), RequestBody::None);
        let b = blocks(
            "Include the binary contents in the request body, with content type `text/plain`.\n",
        );
        assert!(
            matches!(request_body(&b, &idx, &mut d), RequestBody::Content { content_type: Some(ct), .. } if ct == "text/plain")
        );
        let b = blocks(
            "| Property | Type | Description |\n|-|-|-|\n| displayName | String | Name. |\n",
        );
        assert!(
            matches!(request_body(&b, &idx, &mut d), RequestBody::Parameters { params, .. } if params.len() == 1)
        );
    }
}
