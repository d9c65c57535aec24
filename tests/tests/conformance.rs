//! Generated conformance tests (`examples: true`): each example rendered through the typed API without sending and
//! compared with what the page shows, and each example response decoded into the typed response and re-serialized.

use graph_runtime::conformance::{run, JsonDiff, Outcome, RequestDiff, ResponseDiff, Skip};

mod widgets {
    //! A fixture folder whose examples cover what conformance reproduces and every reason it gives when it cannot.
    graph_docs_macro::generate! { docs: "fixtures/conformance-widgets", examples: true }
}

mod project_docs {
    //! The project's own `docs/`.
    graph_docs_macro::generate! { docs: "../docs", examples: true }
}

fn outcome<'a>(outcomes: &'a [Outcome], source: &str) -> &'a Outcome {
    outcomes
        .iter()
        .find(|o| o.source == source)
        .unwrap_or_else(|| panic!("no outcome for {source}"))
}

#[test]
fn every_example_is_reproduced_or_listed_with_its_reason() {
    assert_eq!(widgets::CONFORMANCE.len(), widgets::EXAMPLES.len());
    let report = run(widgets::CONFORMANCE);
    println!("{report}");
    let o = &report.outcomes;

    // Reproduced: a key with a space, $select and a nested $expand; a second request line; a function with an Int32
    // and a quoted string (inner quote doubled) plus a typed query parameter; $top, $filter, $count, $orderby and the
    // ConsistencyLevel header; a parameter-table body with Prefer; a resource body with a member the docs do not
    // list, and If-Match.
    for source in [
        "api/widgethub-device-get.md:55",
        "api/widgethub-device-get.md:80",
        "api/widgethub-device-getstatus.md:60",
        "api/widgethub-device-list.md:54",
        "api/widgethub-device-reboot.md:55",
        "api/widgethub-device-update.md:58",
        // `$search`, which the page does not list, through the request's own `.query(name, value)`.
        "api/widgethub-device-get.md:99",
        // The body a page describes in prose: an update's model (the headers after a blank line), a create's
        // model, a reference, and `{}` for an action without parameters.
        "api/widgethub-device-rename.md:43",
        "api/widgethub-device-create.md:43",
        "api/widgethub-hub-post-devices.md:43",
        "api/widgethub-device-ping.md:43",
        // Function arguments: a path parameter the line leaves out, optional function parameters in the
        // parentheses (and none), an enum written with its type on a line that spells its root in lower case.
        "api/widgethub-device-reading.md:46",
        "api/widgethub-device-history.md:47",
        "api/widgethub-device-history.md:67",
        "api/widgethub-device-countbykind.md:45",
        // A body the page wrote with a trailing comma, read as its author meant it; and bodies (request and
        // response) with a comma missing at the end of a line.
        "api/widgethub-device-update.md:99",
        "api/widgethub-device-create.md:72",
        // The body an update sends only when asked (`Prefer: return=representation`): `Option<Device>`.
        "api/widgethub-device-update.md:118",
        // A function's parameters written in its parentheses where the page documents them as query parameters:
        // the same query options (`delta(token='it''s',since=4)` is `delta?token=it's&since=4`).
        "api/widgethub-device-delta.md:44",
        // An action whose body the page asks for in a sentence: any JSON, sent as the example writes it.
        "api/widgethub-device-silence.md:39",
        // Parameters a request-body section says go in the request URL: the function's arguments.
        "api/widgethub-device-getsummary.md:55",
        // A body table that only repeats the arguments the line writes in the call: no body.
        "api/widgethub-device-snapshot.md:53",
        // A body only the `Content-Type` request header describes: those bytes, with that type.
        "api/widgethub-device-installfirmware.md:48",
        // A response section that gives `200 OK` and no body: the example annotation's type.
        "api/widgethub-device-locate.md:42",
    ] {
        assert_eq!(outcome(o, source).request, Ok(()), "{source}");
        assert_eq!(outcome(o, source).response, Ok(()), "{source}");
    }

    // Forms of the same address Graph answers alike: a trailing slash; a key in parentheses and letter case in
    // literal segments and OData option names.
    for source in [
        "api/widgethub-device-get.md:139",
        "api/widgethub-device-get.md:165",
    ] {
        assert_eq!(outcome(o, source).request, Ok(()), "{source}");
    }

    // An example no line of its own page matches, reproduced through the operation of the page whose line does.
    let elsewhere = outcome(o, "api/widgethub-device-ping.md:65");
    assert_eq!(elsewhere.request, Ok(()));
    assert_eq!(elsewhere.response, Ok(()));
    assert_eq!(elsewhere.via, Some("api/widgethub-device-history.md:26"));
    assert_eq!(outcome(o, "api/widgethub-device-ping.md:43").via, None);
    assert_eq!(report.reproduced_elsewhere(), 1);

    // A user key that starts with `$`, which Graph only reads in parentheses: rendered that way, so an example that
    // writes it as a segment is not reproduced.
    assert_eq!(
        outcome(o, "api/widgethub-device-get.md:176").request,
        Ok(())
    );
    assert_eq!(
        outcome(o, "api/widgethub-device-get.md:184")
            .request
            .clone()
            .map_err(|diff| diff.reason()),
        Err("path differs")
    );

    // `/me` where the page lists `/users/{id}`: the `/users/{id}` line called with `graph_runtime::ME`.
    assert_eq!(
        outcome(o, "api/widgethub-device-get.md:147").request,
        Ok(())
    );

    // Not reproduced, each with its reason.
    let request = |source: &str| outcome(o, source).request.clone().unwrap_err();
    assert_eq!(
        request("api/widgethub-device-get.md:155"),
        RequestDiff::Skipped(Skip::NoSetter {
            name: "unknownOption"
        })
    );
    assert_eq!(
        request("api/widgethub-device-get.md:119"),
        RequestDiff::Skipped(Skip::NoMatchingLine {
            path: "/me/widgetDevices/d4"
        })
    );
    assert_eq!(
        request("api/widgethub-device-list.md:80"),
        RequestDiff::Skipped(Skip::BadValue {
            name: "$top",
            value: "ten",
            expected: "a count"
        })
    );
    assert_eq!(
        request("api/widgethub-device-delta.md:62"),
        RequestDiff::Skipped(Skip::BadValue {
            name: "since",
            value: "four",
            expected: "a Int32"
        })
    );
    assert_eq!(
        request("api/widgethub-device-reboot.md:77"),
        RequestDiff::Skipped(Skip::NotGraph {
            host: "app.contoso.com"
        })
    );
    assert_eq!(
        request("api/widgethub-device-reboot.md:88").reason(),
        "the example's values do not fit the typed API"
    );
    assert_eq!(
        request("api/widgethub-device-update.md:80").reason(),
        "example request body is not JSON"
    );

    // Responses: nothing to decode, or not JSON.
    let response = |source: &str| outcome(o, source).response.clone().unwrap_err();
    assert_eq!(
        response("api/widgethub-device-get.md:119").reason(),
        "example response body is not JSON"
    );
    assert_eq!(
        response("api/widgethub-device-list.md:80"),
        ResponseDiff::NotSuccess { status: 400 }
    );
    assert_eq!(
        response("api/widgethub-device-reboot.md:77"),
        ResponseDiff::NoResponse
    );

    assert_eq!(report.requests_reproduced(), 29);
    assert_eq!(report.responses_lossless(), 28);
    let printed = report.to_string();
    assert!(printed.contains("api/widgethub-device-get.md:155: request: not generated: the operation has no typed setter for query parameter `unknownOption`"), "{printed}");
}

#[test]
fn url_parameters_call_arguments_and_header_content_types_shape_the_call() {
    use graph_runtime::request::Body;
    let client = graph_runtime::Client::builder().build().unwrap();
    // Typed arguments in the function's parentheses, the string one quoted with its quote doubled; no body.
    let summary = widgets::widget_hub::device::get_summary(&client, "it's", 5).into_spec();
    assert_eq!(
        summary.path,
        "/widgetHub/devices/getSummary(kind=%27it%27%27s%27,top=5)"
    );
    assert!(matches!(summary.body, Body::Empty));
    // The arguments typed from the body table that lists them, and no body.
    let snapshot = widgets::widget_hub::device::snapshot(&client, "d1", 640, 480).into_spec();
    assert_eq!(
        snapshot.path,
        "/widgetHub/devices/d1/snapshot(width=640,height=480)"
    );
    assert!(matches!(snapshot.body, Body::Empty));
    // The bytes, with the header's content type.
    let firmware =
        widgets::widget_hub::device::install_firmware(&client, "d1", &b"PK"[..]).into_spec();
    match firmware.body {
        Body::Bytes { data, content_type } => {
            assert_eq!(&data[..], b"PK");
            assert_eq!(content_type, "application/zip");
        }
        other => panic!("expected bytes, got {other:?}"),
    }
}

#[test]
fn a_changed_rendering_or_a_lossy_model_is_caught() {
    // The same example against a different rendering and a decoder that drops a member: both must fail.
    let example = widgets::EXAMPLES
        .iter()
        .find(|e| e.source == "api/widgethub-device-get.md:55")
        .unwrap();
    let spec =
        widgets::widget_hub::device::get(&graph_runtime::Client::builder().build().unwrap(), "d 1")
            .select(&["id"])
            .spec()
            .clone();
    assert!(matches!(
        graph_runtime::conformance::check_request(example, &spec),
        Err(RequestDiff::Query { .. })
    ));
    fn lossy(
        body: &str,
    ) -> Result<graph_runtime::serde_json::Value, graph_runtime::conformance::BuildError> {
        let mut value =
            graph_runtime::conformance::decode_field::<widgets::widget_hub::Device>(body)?;
        value.as_object_mut().map(|o| o.remove("firmware"));
        Ok(value)
    }
    assert_eq!(
        graph_runtime::conformance::check_response(
            example,
            graph_runtime::conformance::Response::Json(lossy)
        ),
        Err(ResponseDiff::RoundTrip {
            difference: JsonDiff::Missing {
                pointer: "/firmware".to_owned()
            }
        })
    );
}

#[test]
fn the_project_docs_conform() {
    let report = run(project_docs::CONFORMANCE);
    println!("{report}");
    // Every example but the seed page's own, whose request block is empty (the docs/ pages give the real line); the
    // conceptual page's seed-flow example is matched against every operation.
    for outcome in &report.outcomes {
        if outcome
            .source
            .starts_with("industrydata-azuredatalakeconnector-getuploadsession.md")
        {
            assert_eq!(
                outcome.request,
                Err(RequestDiff::Skipped(Skip::EmptyRequest))
            );
        } else {
            assert_eq!(outcome.request, Ok(()), "{}", outcome.source);
        }
        assert_eq!(outcome.response, Ok(()), "{}", outcome.source);
    }
    assert_eq!(report.outcomes.len(), project_docs::EXAMPLES.len());
    assert_eq!(report.requests_reproduced(), report.outcomes.len() - 1);
}

/// The full v1.0 and beta corpora, compiled through the macro with `examples: true` in their own crate
/// (`tests/conformance-corpus`, outside the workspace, under `#![deny(warnings, missing_docs)]`), whose test prints
/// the counts per reason and asserts the floors. Built in trybuild's target directory, as `tests/corpus` is (test
/// binaries run one after the other, and the outer cargo holds the main target directory's lock).
#[test]
fn the_v1_and_beta_corpora_conform() {
    graph_docs_tests::nested_crate_tests(
        "conformance-corpus",
        &["graph-docs-2020/v1.0", "graph-docs-2020/beta"],
        "conformance over ../shared/graph-docs-2020",
    );
}

/// Checked at compile time: an update whose page gives the body `Prefer: return=representation` asks for returns
/// `Option<Device>` (`None` for its `204 No Content`).
#[allow(dead_code)]
fn an_optional_body_is_an_option(client: &graph_runtime::Client) {
    let _: graph_runtime::builder::Request<'_, Option<widgets::widget_hub::Device>, _> =
        widgets::widget_hub::device::update(client, "d1", &widgets::widget_hub::Device::default());
}
