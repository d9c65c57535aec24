//! The API generated from the fixture folders `fixtures/bound` (a bound function whose line is derived from the
//! page that addresses its base type), `fixtures/unbound` (no page addresses it: the caller gives the
//! entity's path) and `fixtures/relative` (a `/workbook/...` line written relative to a drive item: the caller
//! gives that item's path): names, arguments, setters, bodies and models, checked on the request descriptions the
//! functions build and on decoded JSON. The same folders are snapshotted in `snapshots.rs`.

#![deny(warnings, missing_docs)]

/// `fixtures/bound`.
pub mod bound {
    graph_docs_macro::generate! { docs: "fixtures/bound", examples: true }
}

/// `fixtures/unbound`.
pub mod unbound {
    graph_docs_macro::generate! { docs: "fixtures/unbound" }
}

/// `fixtures/relative`.
pub mod relative {
    graph_docs_macro::generate! { docs: "fixtures/relative" }
}

use bound::widget_hub::{self, device, gadget};
use graph_runtime::serde_json::{self, json, Value};
use graph_runtime::{Body, Client, Method};

fn client() -> Client {
    Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token("t")
        .build()
        .unwrap()
}

fn query(spec: &graph_runtime::RequestSpec) -> Vec<(String, String)> {
    spec.query
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

#[test]
fn a_bound_function_takes_the_path_of_the_page_that_addresses_its_base_type() {
    let client = client();
    let request = gadget::get_status(&client, "d 1/x").include_history(true);
    let spec = request.spec();
    assert_eq!(spec.operation.method, Method::Get);
    assert_eq!(
        spec.path,
        "/widgetHub/devices/d%201%2Fx/microsoft.graph.widgetHub.gadget/getStatus"
    );
    assert_eq!(
        query(spec),
        [("includeHistory".to_owned(), "true".to_owned())]
    );
    let operation = spec.operation;
    assert_eq!(operation.name, "get_status");
    assert_eq!(
        operation.path_template,
        "/widgetHub/devices/{deviceId}/microsoft.graph.widgetHub.gadget/getStatus"
    );
    assert_eq!(
        operation.path,
        "/widgetHub/devices/{0}/microsoft.graph.widgetHub.gadget/getStatus"
    );
    assert_eq!(operation.source, "api/widgethub-gadget-getstatus.md:7");
    // Permissions are data, least privileged first.
    assert_eq!(
        operation
            .permissions
            .delegated_work
            .iter()
            .collect::<Vec<_>>(),
        ["Widget.Read", "Widget.ReadWrite"]
    );
    assert_eq!(
        operation.permissions.delegated_personal,
        graph_runtime::Scopes::NotSupported
    );
    // The operation is an entry of the generated table, in page order.
    assert!(bound::OPERATIONS
        .iter()
        .any(|op| std::ptr::eq(op, operation)));
}

#[test]
fn without_an_addressing_page_the_caller_gives_the_entity_path() {
    let client = client();
    let spec =
        unbound::widget_hub::gadget::get_status(&client, "/widgetHub/devices/d1").into_spec();
    assert_eq!(
        spec.path,
        "/widgetHub/devices/d1/microsoft.graph.widgetHub.gadget/getStatus"
    );
    assert!(spec.query.is_empty());
    assert!(unbound::SKIPPED.is_empty(), "{:?}", unbound::SKIPPED);
}

#[test]
fn a_line_relative_to_an_entity_takes_the_entity_path_verbatim_but_checked() {
    let client = client();
    let spec =
        relative::worksheet::list_charts(&client, "/me/drive/root:/Q1 sales.xlsx:", "Sheet 1")
            .into_spec();
    assert_eq!(
        spec.operation.path_template,
        "{entity-path}/workbook/worksheets/{id | name}/charts"
    );
    assert_eq!(
        spec.path,
        "/me/drive/root:/Q1%20sales.xlsx:/workbook/worksheets/Sheet%201/charts"
    );
    assert!(relative::SKIPPED.is_empty(), "{:?}", relative::SKIPPED);
}

#[tokio::test]
async fn a_refused_entity_path_is_an_error_naming_the_operation() {
    let client = client();
    for bad in [
        "https://evil.example/x",
        "me/drive",
        "/me/drive?x=1",
        "/me/../users/u1",
    ] {
        let error = relative::worksheet::list_charts(&client, bad, "Sheet1")
            .await
            .expect_err(bad);
        match &error {
            graph_runtime::Error::Config {
                operation: Some(op),
                ..
            } => {
                assert_eq!(op.name, "list_charts", "{bad}")
            }
            other => panic!("{bad}: unexpected {other:?}"),
        }
    }
}

#[test]
fn each_request_line_is_a_function_with_typed_options() {
    let client = client();
    let spec = device::list(&client)
        .select(&["id", "displayName"])
        .top(5)
        .count(true)
        .consistency_level("eventual")
        .into_spec();
    assert_eq!(spec.path, "/widgetHub/devices");
    assert_eq!(
        query(&spec),
        [
            ("$select".into(), "id,displayName".into()),
            ("$top".into(), "5".into()),
            ("$count".into(), "true".into())
        ]
    );
    assert_eq!(spec.headers[0].0, "ConsistencyLevel");
    // The second line of the page: named from what tells it apart, `{id}` after `rooms` is `room_id`.
    let spec = device::list_room(&client, "r1").into_spec();
    assert_eq!(spec.path, "/widgetHub/rooms/r1/devices");
    assert_eq!(spec.operation.source, "api/widgethub-device-list.md:27");
}

#[test]
fn bodies_are_models_or_parameter_structs() {
    let client = client();
    let body = device::RebootBody {
        delay_seconds: 30,
        reason: None,
        additional: Default::default(),
    };
    let spec = device::reboot(&client, "d1", &body)
        .prefer("respond-async")
        .into_spec();
    assert_eq!(spec.operation.method, Method::Post);
    assert_eq!(spec.path, "/widgetHub/devices/d1/reboot");
    match &spec.body {
        Body::Json(bytes) => assert_eq!(
            serde_json::from_slice::<Value>(bytes).unwrap(),
            json!({"delaySeconds": 30})
        ),
        other => panic!("expected a JSON body, got {other:?}"),
    }
    // The page's second line takes the same parameters: its body name is the first line's struct.
    let spec = device::reboot_room(&client, "r1", "d1", &body).into_spec();
    assert_eq!(spec.path, "/widgetHub/rooms/r1/devices/d1/reboot");
    let same: &device::RebootRoomBody = &body;
    assert_eq!(same.delay_seconds, 30);
    // Its own name still builds the struct, as before the lines shared it.
    let own = device::RebootRoomBody {
        delay_seconds: 30,
        reason: None,
        additional: Default::default(),
    };
    assert_eq!(&own, same);
    // An update page's property table is the resource model (every field optional).
    let patch = widget_hub::Device {
        display_name: Some("Hall".into()),
        ..Default::default()
    };
    let spec = device::update(&client, "d1", &patch)
        .if_match("W/\"1\"")
        .into_spec();
    assert_eq!(spec.operation.method, Method::Patch);
    match &spec.body {
        Body::Json(bytes) => assert_eq!(
            serde_json::from_slice::<Value>(bytes).unwrap(),
            json!({"displayName": "Hall"})
        ),
        other => panic!("expected a JSON body, got {other:?}"),
    }
}

#[test]
fn parameter_structs_read_from_json_lose_nothing() {
    use graph_runtime::model::Field;
    // Read as models read: a member of the documented type becomes its field; a `null` or a value of another
    // type than the page says stays in `additional`, and the struct writes back exactly what it read.
    let read = json!({"delaySeconds": 5, "reason": "update", "force": true});
    let body = device::RebootBody::from_json(&read).unwrap();
    assert_eq!(body.delay_seconds, 5);
    assert_eq!(body.reason.as_deref(), Some("update"));
    assert_eq!(body.additional.get("force"), Some(&json!(true)));
    assert_eq!(body.to_json(), read);
    for off_type in [json!(null), json!(42), json!({})] {
        let read = json!({"delaySeconds": 5, "reason": off_type.clone()});
        let body = device::RebootBody::from_json(&read).unwrap();
        assert_eq!(body.reason, None, "{off_type}");
        assert_eq!(body.additional.get("reason"), Some(&off_type));
        assert_eq!(body.to_json(), read);
    }
    // A required member must be of its type: there is no field to leave it out of.
    let error = device::RebootBody::from_json(&json!({"delaySeconds": "5"})).unwrap_err();
    assert!(error.to_string().contains("expected"), "{error}");
    assert!(device::RebootBody::from_json(&json!({"reason": "x"})).is_err());
}

/// Response types are checked at compile time: 202 is `Accepted`, 204 is `()`, collections are pages.
#[allow(dead_code)]
fn response_types(client: &Client) {
    let _: graph_runtime::builder::Request<'_, graph_runtime::Accepted, _> = device::reboot(
        client,
        "d",
        &device::RebootBody {
            delay_seconds: 1,
            reason: None,
            additional: Default::default(),
        },
    );
    let _: graph_runtime::builder::Request<'_, (), _> =
        device::update(client, "d", &widget_hub::Device::default());
    let _: graph_runtime::builder::Request<'_, graph_runtime::Page<widget_hub::Device>, _> =
        device::list(client);
    let _: graph_runtime::ItemStream<widget_hub::Device> = device::list(client).items();
}

#[test]
fn models_decode_typed_fields_and_lose_nothing() {
    let original = json!({
        "@odata.type": "#microsoft.graph.widgetHub.gadget",
        "id": "g1",
        "displayName": "Watch",
        "lastSeenDateTime": "2022-12-16T06:07:39.3096785Z",
        "kind": "smartwatch",
        "type": "W-1",
        "batteryLevel": 80,
        "parent": {"id": "hub", "kind": "tablet", "firmware": {"version": 3}},
        "unlisted": null
    });
    let gadget: widget_hub::Gadget = serde_json::from_value(original.clone()).unwrap();
    assert_eq!(gadget.display_name.as_deref(), Some("Watch"));
    assert_eq!(gadget.battery_level, Some(80));
    assert_eq!(gadget.r#type.as_deref(), Some("W-1"));
    assert_eq!(
        gadget
            .last_seen_date_time
            .as_ref()
            .unwrap()
            .get()
            .nanosecond(),
        309_678_500
    );
    assert_eq!(
        gadget.kind,
        Some(widget_hub::DeviceKind::Other("smartwatch".into()))
    );
    // `Gadget.parent` is a `Device`, which does not contain a `Gadget`: only `Device.parent` is boxed.
    let parent: &widget_hub::Device = gadget.parent.as_ref().unwrap();
    let _: &Option<Box<widget_hub::Device>> = &parent.parent;
    assert_eq!(parent.kind, Some(widget_hub::DeviceKind::Tablet));
    assert_eq!(parent.additional["firmware"], json!({"version": 3}));
    assert_eq!(serde_json::to_value(&gadget).unwrap(), original);
    // A base-type value casts to the derived type its @odata.type names, losslessly.
    use graph_runtime::model::Model;
    let device: widget_hub::Device = serde_json::from_value(original.clone()).unwrap();
    assert_eq!(
        device.odata_type(),
        Some("#microsoft.graph.widgetHub.gadget")
    );
    assert_eq!(device.cast::<widget_hub::Gadget>().battery_level, Some(80));
    assert_eq!(
        serde_json::to_value(device.cast::<widget_hub::Gadget>()).unwrap(),
        original
    );
}

#[test]
fn enums_clone_compare_hash_and_print_as_their_wire_value() {
    use std::collections::HashSet;
    use widget_hub::DeviceKind;
    let unknown = DeviceKind::Other("smartwatch".into());
    assert_eq!(unknown.clone(), unknown);
    assert!(matches!(unknown.clone(), DeviceKind::Other(v) if v == "smartwatch"));
    assert_eq!(DeviceKind::Tablet.clone(), DeviceKind::Tablet);
    assert_ne!(DeviceKind::Tablet, unknown);
    // Graph cannot tell a documented value sent through the catch-all from the member: neither can `==` or a set.
    assert_eq!(DeviceKind::Other("tablet".into()), DeviceKind::Tablet);
    let set: HashSet<DeviceKind> = [DeviceKind::Tablet, unknown.clone()].into_iter().collect();
    assert!(set.contains(&DeviceKind::Other("tablet".into())));
    assert!(!set.contains(&DeviceKind::Other("phone".into())));
    assert_eq!(format!("{:?}", DeviceKind::Tablet), r#""tablet""#);
    assert_eq!(format!("{:?}", Some(unknown)), r#"Some("smartwatch")"#);
}

#[test]
fn examples_and_report_are_data() {
    assert!(bound::SKIPPED.is_empty(), "{:?}", bound::SKIPPED);
    assert_eq!(bound::EXAMPLES.len(), 1);
    let example = &bound::EXAMPLES[0];
    assert_eq!(example.name, "get_device");
    assert_eq!(example.source, "api/widgethub-device-get.md:53");
    assert_eq!(example.request.method, "GET");
    assert_eq!(example.response.unwrap().status, 200);
}

#[test]
fn the_permission_manifest_is_data_over_operations() {
    let manifest = &bound::PERMISSIONS;
    assert_eq!(
        manifest.delegated_work.iter().collect::<Vec<_>>(),
        ["Widget.Read", "Widget.ReadWrite"]
    );
    // Every operation is under exactly one work-or-school permission, by its index in OPERATIONS, and that
    // permission is in its own list.
    assert!(std::ptr::eq(manifest.operations, &bound::OPERATIONS));
    let mut covered: Vec<&str> = Vec::new();
    for grant in manifest.delegated_work.grants {
        for op in manifest.operations_at(grant.operations) {
            assert!(op
                .permissions
                .delegated_work
                .iter()
                .any(|p| p == grant.permission));
            covered.push(op.source);
        }
    }
    covered.sort();
    let mut all: Vec<&str> = bound::OPERATIONS.iter().map(|op| op.source).collect();
    all.sort();
    assert_eq!(covered, all);
    assert!(!manifest.delegated_personal.covers_all());
    assert_eq!(
        manifest.delegated_personal.not_supported.len(),
        bound::OPERATIONS.len()
    );
    assert_eq!(manifest.delegated_personal.scopes, "");
    assert_eq!(
        manifest.application.scopes,
        "Widget.Read.All Widget.ReadWrite.All"
    );
}
