//! Tests of the operation passes, on fixture doc folders and single templates.

use super::path::param_name;
use super::*;
use crate::options::Options;
use crate::page::template::ParamRef;
use crate::page::type_expr::Primitive;

fn fixture(name: &str) -> crate::ir::Ir {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name);
    let docs = crate::load(&dir).unwrap();
    crate::ir::build(&docs, &Options::for_folder(name))
}

/// The IR of a folder holding one API page, `api/{file}`, with `text`.
fn one_page(file: &str, text: &str, folder: &str) -> crate::ir::Ir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("api")).unwrap();
    std::fs::write(dir.path().join("api").join(file), text).unwrap();
    let docs = crate::load(dir.path()).unwrap();
    crate::ir::build(&docs, &Options::for_folder(folder))
}

fn op<'a>(ir: &'a crate::ir::Ir, name: &str) -> &'a OperationDef {
    ir.operations
        .iter()
        .find(|o| o.ident == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

#[test]
fn path_parameters_are_named_from_the_path() {
    let param = |names: &[&str]| ParamRef {
        names: names.iter().map(|s| s.to_string()).collect(),
    };
    assert_eq!(param_name(&param(&["id"]), Some("users")), "user_id");
    assert_eq!(
        param_name(&param(&["id", "userPrincipalName"]), Some("users")),
        "user_id"
    );
    assert_eq!(
        param_name(&param(&["id"]), Some("mailFolders")),
        "mail_folder_id"
    );
    assert_eq!(
        param_name(&param(&["industryDataConnectorId"]), Some("dataConnectors")),
        "industry_data_connector_id"
    );
    assert_eq!(param_name(&param(&["id"]), None), "id");
}

#[test]
fn further_lines_are_named_from_what_sets_them_apart() {
    let ir = fixture("bound");
    let list = op(&ir, "list");
    assert_eq!(list.module, ["widget_hub", "device"]);
    assert_eq!(list.template, "/widgetHub/devices");
    let room = op(&ir, "list_room");
    assert_eq!(room.template, "/widgetHub/rooms/{id}/devices");
    assert_eq!(room.args[0].ident, "room_id");
    assert!(matches!(
        room.response,
        ResponseDef::Page(RustType::Named(_))
    ));
}

#[test]
fn a_bound_operation_without_a_line_is_derived_from_the_addressing_page() {
    let ir = fixture("bound");
    let status = op(&ir, "get_status");
    assert_eq!(status.module, ["widget_hub", "gadget"]);
    assert_eq!(status.method, HttpMethod::Get);
    assert_eq!(
        status.template,
        "/widgetHub/devices/{deviceId}/microsoft.graph.widgetHub.gadget/getStatus"
    );
    assert_eq!(status.args[0].ident, "device_id");
    assert_eq!(status.setters[0].wire, "includeHistory");
    assert!(status
        .derived
        .as_deref()
        .is_some_and(|how| how.contains("api/widgethub-device-get.md")));
    assert_eq!(ir.derived.len(), 1, "strict mode reports the derived line");
}

#[test]
fn a_derived_line_keeps_the_whole_addressing_path() {
    // The addressing line as pages write it: absolute, alternatives in the key, a query.
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bound");
    let dir = tempfile::tempdir().unwrap();
    for sub in ["api", "resources"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(from.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap().replace(
                "GET /widgetHub/devices/{deviceId}\n",
                "GET https://graph.microsoft.com/v1.0/widgetHub/devices/{deviceId | deviceName}?$select=id\n",
            );
            std::fs::write(dir.path().join(sub).join(path.file_name().unwrap()), text).unwrap();
        }
    }
    let docs = crate::load(dir.path()).unwrap();
    let ir = crate::ir::build(&docs, &Options::for_folder("bound"));
    assert_eq!(
        op(&ir, "get_status").http_line,
        "GET /widgetHub/devices/{deviceId | deviceName}/microsoft.graph.widgetHub.gadget/getStatus"
    );
}

#[test]
fn without_an_addressing_page_the_caller_gives_the_entity_path() {
    let ir = fixture("unbound");
    let status = op(&ir, "get_status");
    assert_eq!(status.args[0].ident, "entity_path");
    assert_eq!(status.path[0], PathPiece::EntityPath(0));
    assert_eq!(
        status.template,
        "{entity-path}/microsoft.graph.widgetHub.gadget/getStatus"
    );
}

#[test]
fn a_line_relative_to_an_entity_takes_the_entity_path() {
    let ir = fixture("relative");
    let charts = op(&ir, "list_charts");
    assert_eq!(charts.module, ["worksheet"]);
    let args: Vec<&str> = charts.args.iter().map(|a| a.ident.word()).collect();
    assert_eq!(args, ["entity_path", "worksheet_id"]);
    assert_eq!(charts.path[0], PathPiece::EntityPath(0));
    assert_eq!(
        charts.template,
        "{entity-path}/workbook/worksheets/{id | name}/charts"
    );
    assert!(charts.derived.is_none());
    let line = |text: &str| crate::page::template::parse(text).unwrap();
    assert!(is_relative(&line("/workbook/names")));
    assert!(!is_relative(&line("/me/drive/items/{id}/workbook/names")));
    assert!(!is_relative(&line("/drive/root")));
}

#[test]
fn bodies_described_in_prose_follow_the_method() {
    let ir = fixture("conformance-widgets");
    let device = |op: &OperationDef| match &op.body {
        BodyDef::Json(RustType::Named(id)) => ir.space.types[*id].name.clone(),
        other => format!("{other:?}"),
    };
    // An update sends the model of the entity its line addresses, a create the model it answers with.
    assert_eq!(device(op(&ir, "rename")), "device");
    assert_eq!(device(op(&ir, "create")), "device");
    // A reference is `{"@odata.id": ...}`.
    assert_eq!(op(&ir, "post_devices").body, BodyDef::Json(RustType::Json));
    // A page that says there is no body has none.
    assert_eq!(op(&ir, "ping").body, BodyDef::None);
    // An action whose page asks for a body in a sentence that names no type takes any JSON.
    assert_eq!(op(&ir, "silence").body, BodyDef::Json(RustType::Json));
}

#[test]
fn function_arguments_go_in_the_parentheses() {
    let ir = fixture("conformance-widgets");
    // A path parameter the line leaves out is an argument of the call the line ends with.
    let reading = op(&ir, "reading");
    assert_eq!(
        reading.template,
        "/widgetHub/devices/{deviceId}/reading(slot={slot})"
    );
    assert_eq!(
        reading.args[1].ty,
        ArgType::Typed(RustType::Primitive(Primitive::Int32))
    );
    assert!(reading.setters.is_empty());
    // Optional path parameters the line leaves out are setters that write into the parentheses.
    let history = op(&ir, "history");
    let setters: Vec<(&str, bool)> = history
        .setters
        .iter()
        .map(|s| (s.wire.as_str(), s.call))
        .collect();
    assert_eq!(setters, [("since", true), ("label", true)]);
    // An enum written with its type, on a line whose root segment is spelled as the other pages spell it.
    let count = op(&ir, "count_by_kind");
    assert_eq!(
        count.path[0],
        PathPiece::Literal(
            "/widgetHub/devices/countByKind(kind=microsoft.graph.widgetHub.deviceKind".to_owned()
        )
    );
    assert!(matches!(
        count.args[0].ty,
        ArgType::Typed(RustType::Named(id)) if ir.space.is_enum(id)
    ));
    assert!(count.setters.is_empty(), "{:?}", count.setters);
    // Function parameters the line does not write are query parameters, as the pages show them.
    let status = op(&ir, "get_status");
    assert!(status.setters.iter().all(|s| !s.call));
}

#[test]
fn a_function_line_takes_only_its_own_arguments() {
    let ir = one_page(
        "report-get.md",
        "---\ndoc_type: apiPageType\n---\n# report: getActivity\n\n## HTTP request\n\n```http\nGET /reports/getActivity(period='{period_value}')\nGET /reports/getActivity(date={date_value})\nGET /reports/getRange(count=n)\nGET /reports/getActivity\n```\n\n## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| period | String | The period. |\n| date | Date | The date. |\n| count | Int32 | How many. |\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a String in the response body.\n",
        "reports",
    );
    // Each call takes the argument it writes (a placeholder named otherwise, a bare word) and no setter for
    // the other calls' arguments.
    assert_eq!(ir.operations.len(), 4);
    for op in &ir.operations[..3] {
        assert!(op.setters.is_empty(), "{}: {:?}", op.template, op.setters);
    }
    // The function named without parentheses takes its function parameters in the query.
    let query: Vec<(&str, bool)> = ir.operations[3]
        .setters
        .iter()
        .map(|s| (s.wire.as_str(), s.call))
        .collect();
    assert_eq!(
        query,
        [("period", false), ("date", false), ("count", false)]
    );
}

#[test]
fn a_table_whose_delimiter_row_has_a_cell_too_many_is_read() {
    // Microsoft Learn shows this table (its renderer opens a table at any delimiter row); so does the reader.
    let ir = one_page(
        "printreport-get.md",
        "---\ndoc_type: apiPageType\n---\n# printReport: getJobs\n\n## HTTP request\n\n```http\nGET /print/reports/getJobs\n```\n\n## Function parameters\n\n|Parameter|Type|Required?|Description|\n|-|-|-|-|-|\n|`groupId`|`Edm.String`|Yes|The group.|\n|`periodStart`|`Edm.DateTimeOffset`|No|The start.|\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a String in the response body.\n",
        "print",
    );
    let wires: Vec<&str> = ir.operations[0]
        .setters
        .iter()
        .map(|s| s.wire.as_str())
        .collect();
    assert_eq!(wires, ["groupId", "periodStart"]);
    assert!(ir.operations[0].setters[0].required);
}

#[test]
fn a_line_s_example_argument_values_are_parameters() {
    let ir = one_page(
        "stat-get.md",
        "---\ndoc_type: apiPageType\n---\n# stat: getByInterval\n\n## HTTP request\n\n```http\nGET /drives/{drive-id}/getByInterval(start='2017-01-01',count=5)\nGET /drives/{drive-id}/thumbs(fit='crop')\n```\n\n## Function parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| start | String | The start. |\n| count | Int32 | How many. |\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a String in the response body.\n",
        "stats",
    );
    let args = |i: usize| -> Vec<String> {
        let op: &OperationDef = &ir.operations[i];
        op.args.iter().map(|a| a.ident.word().to_owned()).collect()
    };
    // The documented arguments' values are the page's example: the caller gives them, as OData literals.
    assert_eq!(args(0), ["drive_id", "start", "count"]);
    assert!(
        matches!(
            ir.operations[0].path[..],
            [
                ..,
                PathPiece::OData(1),
                PathPiece::Literal(_),
                PathPiece::OData(2),
                PathPiece::Literal(_)
            ]
        ),
        "{:?}",
        ir.operations[0].path
    );
    // An argument the table does not list keeps the line's value.
    assert_eq!(args(1), ["drive_id"]);
    assert!(ir.operations[1]
        .path
        .iter()
        .any(|p| matches!(p, PathPiece::Literal(l) if l.contains("fit='crop'"))));
}

#[test]
fn bodies_and_responses() {
    let ir = fixture("bound");
    let reboot = op(&ir, "reboot");
    assert_eq!(reboot.response, ResponseDef::Accepted);
    match &reboot.body {
        BodyDef::Params { fields, .. } => {
            assert_eq!(
                (fields[0].json.as_str(), fields[0].required),
                ("delaySeconds", true)
            );
            assert_eq!(
                (fields[1].json.as_str(), fields[1].required),
                ("reason", false)
            );
        }
        other => panic!("unexpected body {other:?}"),
    }
    let update = op(&ir, "update");
    assert!(matches!(update.body, BodyDef::Json(RustType::Named(_))));
    assert_eq!(update.response, ResponseDef::Unit);
}

#[test]
fn a_page_s_lines_share_their_body_struct_and_builder() {
    let ir = one_page(
        "gadget-notify.md",
        "---\ndoc_type: apiPageType\n---\n# gadget: notify\n\n## HTTP request\n\n```http\nPOST /gadgets/{id}/notify\nPOST /me/gadgets/{id}/notify\nPOST /users/{user-id}/gadgets/{id}/notify\n```\n\n## Query parameters\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| urgent | Boolean | Whether to hurry. |\n\n## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| text | String | What to say. Required. |\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n",
        "gadgets",
    );
    let names: Vec<(&str, Option<String>, Option<String>)> = ir
        .operations
        .iter()
        .map(|op| {
            let body = match &op.body {
                BodyDef::Params { same_as, .. } => same_as.as_ref().map(|n| n.word().to_owned()),
                other => panic!("{}: unexpected body {other:?}", op.ident),
            };
            let builder = op.builder_same_as.as_ref().map(|n| n.word().to_owned());
            (op.ident.word(), body, builder)
        })
        .collect();
    // The first line declares both; the others name them (their own names become aliases).
    assert_eq!(
        names,
        [
            ("notify", None, None),
            (
                "notify_me",
                Some("NotifyBody".to_owned()),
                Some("NotifyRequest".to_owned())
            ),
            (
                "notify_user",
                Some("NotifyBody".to_owned()),
                Some("NotifyRequest".to_owned())
            ),
        ]
    );
}

#[test]
fn a_stem_s_namespace_token_is_the_resource_when_a_verb_follows_it() {
    let page = |stem: &str| {
        format!("---\ndoc_type: apiPageType\n---\n# List things\n\nNamespace: microsoft.graph.security\n\n## HTTP request\n\n```http\nGET /security/{stem}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a String in the response body.\n")
    };
    // `security-list-alerts_v2`: the `security` singleton's alerts, not an `alerts_v2` operation of a `list` resource.
    let ir = one_page("security-list-alerts_v2.md", &page("alerts_v2"), "security");
    assert_eq!(ir.operations[0].module, ["security", "security"]);
    assert_eq!(ir.operations[0].ident, "list_alerts_v2");
    // `security-alert-get`: the namespace token is a prefix, and `alert` the resource.
    let ir = one_page(
        "security-alert-get.md",
        &page("alerts_v2/{alertId}"),
        "security",
    );
    assert_eq!(ir.operations[0].module, ["security", "alert"]);
    assert_eq!(ir.operations[0].ident, "get");
}

#[test]
fn a_body_sent_only_when_asked_is_optional() {
    // "returns `204 No Content`", then "If the optional `Prefer` header asks for it, ... `200 OK` ... and the updated
    // [device](...) object in the response body."
    let ir = fixture("conformance-widgets");
    let update = ir
        .operations
        .iter()
        .find(|o| {
            o.http_line
                .starts_with("PATCH /widgetHub/devices/{deviceId}")
        })
        .expect("update");
    assert!(
        matches!(update.response, ResponseDef::Optional(RustType::Named(_))),
        "{:?}",
        update.response
    );
    // A `204 No Content` alone is still `()`.
    assert_eq!(op(&ir, "ping").response, ResponseDef::Unit);
}

/// A folder of API pages `(file, title, request lines)`, each with a `200 OK` String response, read.
fn hub_pages(pages: &[(&str, &str, &str)]) -> crate::page::DocSet {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("api")).unwrap();
    for (file, title, lines) in pages {
        let text = format!("---\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n\n```http\n{lines}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a String in the response body.\n");
        std::fs::write(dir.path().join("api").join(file), text).unwrap();
    }
    crate::load(dir.path()).unwrap()
}

/// The IR of `docs` with `include` selected (all pages when empty).
fn hub_ir(docs: &crate::page::DocSet, include: &[&str]) -> crate::ir::Ir {
    let mut options = Options::for_folder("hub");
    options.include = include.iter().map(|s| s.to_string()).collect();
    crate::ir::build(docs, &options)
}

#[test]
fn a_further_line_yields_its_name_to_another_page_s_first_line_whatever_the_selection() {
    // `widget-get.md`'s second line is `get_owner` among its own lines; `widget-get-owner.md`'s first line is
    // `get_owner` too. The first line keeps the name, and the further line takes every word of its path, whether
    // one page, the other or both are selected.
    let docs = hub_pages(&[
        (
            "widget-get.md",
            "Get widget",
            "GET /hub/me\nGET /hub/owners/{id}",
        ),
        ("widget-get-owner.md", "Get owner", "GET /hub/me/owner"),
    ]);
    let names = |include: &[&str]| -> Vec<(String, String)> {
        let ir = hub_ir(&docs, include);
        assert!(ir.report.is_empty(), "{:?}", ir.report);
        ir.operations
            .iter()
            .map(|o| (o.ident.to_string(), o.template.clone()))
            .collect()
    };
    let get = ("get".to_owned(), "/hub/me".to_owned());
    let by_id = ("get_hub_owner".to_owned(), "/hub/owners/{id}".to_owned());
    let owner = ("get_owner".to_owned(), "/hub/me/owner".to_owned());
    assert_eq!(names(&["api/widget-get.md"]), [get.clone(), by_id.clone()]);
    assert_eq!(
        names(&["api/widget-get-owner.md"]),
        std::slice::from_ref(&owner)
    );
    assert_eq!(names(&[]), [owner, get, by_id]);
}

#[test]
fn a_page_that_documents_another_s_requests_again_shares_their_names() {
    // `widget-read.md` documents `widget-get.md`'s two requests again (other parameter names, other letter case):
    // its lines have the same names, and with both pages selected they are reported as duplicates, not renamed.
    let docs = hub_pages(&[
        (
            "widget-get.md",
            "Get widget",
            "GET /hub/me\nGET /hub/owners/{id}",
        ),
        (
            "widget-read.md",
            "widget: get",
            "GET /hub/me\nGET /hub/Owners/{ownerId}",
        ),
    ]);
    let build = |include: &[&str]| hub_ir(&docs, include);
    let names = |ir: &crate::ir::Ir| -> Vec<(String, String)> {
        ir.operations
            .iter()
            .map(|o| (o.ident.to_string(), o.location.file.display().to_string()))
            .collect()
    };
    let both = build(&[]);
    assert_eq!(
        names(&both),
        [
            ("get".to_owned(), "api/widget-get.md".to_owned()),
            ("get_owner".to_owned(), "api/widget-get.md".to_owned())
        ]
    );
    let duplicates = both
        .report
        .iter()
        .filter(|d| d.kind == crate::page::diagnostics::DiagnosticKind::DuplicateName)
        .count();
    assert_eq!(duplicates, 2, "{:?}", both.report);
    assert_eq!(
        names(&build(&["api/widget-read.md"])),
        [
            ("get".to_owned(), "api/widget-read.md".to_owned()),
            ("get_owner".to_owned(), "api/widget-read.md".to_owned())
        ]
    );
}

#[test]
fn a_body_member_is_sent_as_the_examples_spell_it_when_none_spells_it_as_the_table() {
    let page = |examples: &str| {
        format!("---\ndoc_type: apiPageType\n---\n# widget: rename\n\n## HTTP request\n\n```http\nPOST /widgets/{{id}}/rename\n```\n\n## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| NewName | String | The new name. |\n| Reason | String | Why. |\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n\n## Example\n\n{examples}")
    };
    let example = |body: &str| {
        format!("<!-- {{ \"blockType\": \"request\", \"name\": \"rename\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0/widgets/1/rename\nContent-type: application/json\n\n{body}\n```\n\n")
    };
    let wire = |ir: &crate::ir::Ir| -> Vec<String> {
        match &ir.operations[0].body {
            BodyDef::Params { fields, .. } => fields.iter().map(|f| f.json.clone()).collect(),
            other => panic!("{other:?}"),
        }
    };
    // Every example that sends `NewName` writes `newName`: it is sent so, with a warning at the table's row.
    // `Reason` is in no example: the table's spelling stays.
    let ir = one_page(
        "widget-rename.md",
        &page(&(example(r#"{"newName": "a"}"#) + &example(r#"{"newName": "b"}"#))),
        "widgets",
    );
    assert_eq!(wire(&ir), ["newName", "Reason"]);
    let warning = ir
        .report
        .iter()
        .find(|d| d.message.contains("`NewName`"))
        .unwrap_or_else(|| panic!("{:?}", ir.report));
    assert!(
        warning.message.contains("sent as `newName`"),
        "{}",
        warning.message
    );
    assert_eq!(warning.location.line, 16);
    // One example writes the table's spelling, or the examples disagree: the table's spelling stays.
    for examples in [
        example(r#"{"newName": "a"}"#) + &example(r#"{"NewName": "b"}"#),
        example(r#"{"newName": "a"}"#) + &example(r#"{"newname": "b"}"#),
    ] {
        let ir = one_page("widget-rename.md", &page(&examples), "widgets");
        assert_eq!(wire(&ir), ["NewName", "Reason"]);
    }
}
