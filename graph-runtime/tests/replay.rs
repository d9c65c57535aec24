//! The replay server over real HTTP on 127.0.0.1, with hand-written examples.
#![cfg(feature = "replay")]

use graph_runtime::example::{DocExample, ExampleRequest, ExampleResponse};
use graph_runtime::replay::ReplayServer;
use serde_json::{json, Value};

const JSON: &[(&str, &str)] = &[("Content-Type", "application/json")];

/// A GET example with a JSON response.
const fn get(
    name: &'static str,
    source: &'static str,
    url: &'static str,
    body: &'static str,
) -> DocExample {
    DocExample {
        name,
        source,
        request: ExampleRequest {
            method: "GET",
            url,
            headers: &[],
            body: None,
        },
        response: Some(ExampleResponse {
            status: 200,
            headers: JSON,
            body: Some(body),
        }),
    }
}

static EXAMPLES: &[DocExample] = &[
    get(
        "get_user",
        "api/user-get.md:60",
        "https://graph.microsoft.com/v1.0/users/48d31887-5fad-4d73-a9f5-3c356e68a038",
        r#"{"id": "48d31887-5fad-4d73-a9f5-3c356e68a038", "displayName": "Megan Bowen"}"#,
    ),
    get("users_delta", "api/user-delta.md:70", "https://graph.microsoft.com/v1.0/users/delta", r#"{"value": []}"#),
    get(
        "drive_delta",
        "api/driveitem-delta.md:190",
        "https://graph.microsoft.com/v1.0/me/drive/root/delta(token='1230919asd190410jlka')",
        r#"{"value": [], "@odata.deltaLink": "https://graph.microsoft.com/v1.0/me/drive/root/delta?token=next"}"#,
    ),
    get(
        "list_events",
        "api/user-list-events.md:80",
        "https://graph.microsoft.com/v1.0/me/events?$select=subject,organizer&$top=2",
        r#"{"value": [], "@odata.nextLink": "https://graph.microsoft.com/v1.0/me/events?$skip=2"}"#,
    ),
    get(
        "get_connector",
        "api/industrydata-industrydataconnector-get.md:70",
        "/external/industryData/dataConnectors/{industryDataConnectorId}",
        r##"{"@odata.type": "#microsoft.graph.industryData.azureDataLakeConnector", "id": "x"}"##,
    ),
    get(
        "get_upload_session",
        "api/industrydata-azuredatalakeconnector-getuploadsession.md:75",
        "https://graph.microsoft.com/beta/external/industryData/dataConnectors/51dca0a0-85f6-4478-f526-08daddab2271/microsoft.graph.industryData.azureDataLakeConnector/getUploadSession?resetSession=true",
        r#"{
            "containerExpirationDateTime": "2022-12-16T06:07:39.3096785Z",
            "containerId": "40fe691e-a4b8-4b47-8c86-08daddab241e",
            "sessionExpirationDateTime": "2022-12-14T20:07:39.5792917Z",
            "sessionUrl": "https://contosodata.blob.core.windows.net/40fe691e-a4b8-4b47-8c86-08daddab241e?sv=2021-08-06&sr=c&sp=racwl&sig=c2lnbmF0dXJl%3D"
        }"#,
    ),
    get(
        "create_upload_session",
        "api/driveitem-createuploadsession.md:90",
        "https://graph.microsoft.com/v1.0/me/drive/root:/report.txt:/createUploadSession",
        r#"{"uploadUrl": "https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337", "expirationDateTime": "2015-01-29T09:21:55.523Z"}"#,
    ),
    DocExample {
        name: "create_group",
        source: "api/group-post-groups.md:50",
        request: ExampleRequest {
            method: "POST",
            url: "https://graph.microsoft.com/v1.0/groups",
            headers: JSON,
            body: Some(r#"{"displayName": "Library Assist", "mailEnabled": true, "groupTypes": ["Unified"]}"#),
        },
        response: Some(ExampleResponse {
            status: 201,
            headers: JSON,
            body: Some(r#"{"id": "45b7d2e7-b882-4a80-ba97-10b7a63b8b5a", "displayName": "Library Assist"}"#),
        }),
    },
    DocExample {
        name: "delete_group",
        source: "api/group-delete.md:40",
        request: ExampleRequest {
            method: "DELETE",
            url: "https://graph.microsoft.com/v1.0/groups/{id}",
            headers: &[],
            body: None,
        },
        response: Some(ExampleResponse { status: 204, headers: &[], body: None }),
    },
    DocExample {
        name: "report_redirect",
        source: "api/reportroot-getemailactivitycounts.md:82",
        request: ExampleRequest {
            method: "GET",
            url: "https://graph.microsoft.com/v1.0/reports/getEmailActivityCounts(period='D7')",
            headers: &[],
            body: None,
        },
        response: Some(ExampleResponse {
            status: 302,
            headers: &[("Location", "https://reports.office.com/data/download/JDFKdf2_eJXKS034dbc7e0t__XDe")],
            body: None,
        }),
    },
    DocExample {
        name: "empty_request_block",
        source: "industrydata-azuredatalakeconnector-getuploadsession.md:73",
        request: ExampleRequest { method: "", url: "", headers: &[], body: None },
        response: Some(ExampleResponse { status: 200, headers: JSON, body: Some("{}") }),
    },
];

async fn start() -> (ReplayServer, reqwest::Client) {
    let server = ReplayServer::start(EXAMPLES).await.unwrap();
    (server, reqwest::Client::new())
}

async fn fetch(http: &reqwest::Client, url: impl reqwest::IntoUrl) -> reqwest::Response {
    http.get(url).send().await.unwrap()
}

/// A client that does not follow redirects, to see the server's own `302`.
fn no_follow() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test]
async fn serves_examples_with_keys_generalised_and_any_version_prefix() {
    let (server, http) = start().await;
    assert_eq!(
        server.servable_examples(),
        EXAMPLES.len() - 1,
        "the empty request block is not servable"
    );
    let base = server.base_url();
    for path in [
        "/users/anyone@contoso.com",
        "/v1.0/users/0000",
        "/beta/users/6e7b768e-07e2-4810-8459-485f84f8f204",
    ] {
        let response = fetch(&http, format!("{base}{path}")).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(json_of(response).await["displayName"], "Megan Bowen");
    }
    let response = fetch(
        &http,
        format!("{base}/external/industryData/dataConnectors/abc"),
    )
    .await;
    assert_eq!(
        json_of(response).await["id"],
        "x",
        "a {{placeholder}} matches any key"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].target, "/users/anyone@contoso.com");
    assert_eq!(requests[0].served_by, Some("api/user-get.md:60"));
    let token = http
        .get(format!("{base}/v1.0/users/1"))
        .bearer_auth("very-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 200);
    let recorded = server.requests().pop().unwrap();
    assert!(recorded
        .headers
        .contains(&("authorization".to_owned(), "Bearer very-secret".to_owned())));
    assert!(
        !format!("{recorded:?}").contains("very-secret"),
        "Debug hides the token"
    );
    assert_eq!(
        requests[3].served_by,
        Some("api/industrydata-industrydataconnector-get.md:70")
    );
}

#[tokio::test]
async fn the_most_literal_example_wins() {
    let (server, http) = start().await;
    let response = fetch(&http, format!("{}/v1.0/users/delta", server.base_url())).await;
    assert_eq!(json_of(response).await, json!({"value": []}));
    assert_eq!(server.requests()[0].served_by, Some("api/user-delta.md:70"));
}

#[tokio::test]
async fn query_is_compared_without_order_and_must_be_complete() {
    let (server, http) = start().await;
    let base = server.base_url();
    let response = fetch(
        &http,
        format!("{base}/v1.0/me/events?%24top=2&%24select=subject%2Corganizer"),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body = json_of(response).await;
    assert_eq!(
        body["@odata.nextLink"],
        format!("{base}/v1.0/me/events?$skip=2"),
        "nextLink points back at the server"
    );

    let response = fetch(
        &http,
        format!("{base}/v1.0/me/events?$top=3&$select=subject,organizer"),
    )
    .await;
    assert_eq!(response.status(), 404);
    let error = json_of(response).await;
    let message = error["error"]["message"].as_str().unwrap();
    assert_eq!(error["error"]["code"], "ResourceNotFound");
    assert!(message.contains("api/user-list-events.md:80"), "{message}");
    assert!(message.contains("query differs"), "{message}");
    assert!(error["error"]["innerError"]["request-id"].is_string());

    let response = fetch(&http, format!("{base}/v1.0/me/events?$top=2")).await;
    assert_eq!(
        response.status(),
        404,
        "a missing query pair does not match"
    );
}

#[tokio::test]
async fn a_call_s_arguments_match_in_parentheses_or_in_the_query() {
    let (server, http) = start().await;
    let base = server.base_url();
    // The example writes `delta(token='...')`; a generated query setter sends `delta?token=...`. OData lets a
    // function's parameters be passed either way.
    for target in [
        "/v1.0/me/drive/root/delta(token='1230919asd190410jlka')",
        "/v1.0/me/drive/root/delta?token=1230919asd190410jlka",
        "/v1.0/me/drive/root/delta?token=1230919asd190410jlka&",
    ] {
        let response = fetch(&http, format!("{base}{target}")).await;
        assert_eq!(response.status(), 200, "{target}");
        let served = server.requests().pop().unwrap().served_by;
        assert_eq!(served, Some("api/driveitem-delta.md:190"), "{target}");
    }
    let no_follow = no_follow();
    let url = format!("{base}/reports/getEmailActivityCounts?period=D7");
    let response = no_follow.get(&url).send().await.unwrap();
    assert_eq!(
        response.status(),
        302,
        "the redirect example, by its argument in the query"
    );
    for (target, why) in [
        ("/v1.0/me/drive/root/delta?token=other", "another value"),
        (
            "/v1.0/me/drive/root/delta?token=1230919asd190410jlka&$top=2",
            "an extra pair",
        ),
        ("/v1.0/me/drive/root/delta", "no argument"),
        (
            "/reports/getEmailActivityCounts?period=D30",
            "another period",
        ),
    ] {
        let response = fetch(&http, format!("{base}{target}")).await;
        assert_eq!(response.status(), 404, "{target}: {why}");
    }
}

#[tokio::test]
async fn bodies_are_compared_as_json() {
    let (server, http) = start().await;
    let url = format!("{}/v1.0/groups", server.base_url());
    let same =
        json!({"groupTypes": ["Unified"], "mailEnabled": true, "displayName": "Library Assist"});
    let response = http.post(&url).json(&same).send().await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(
        json_of(response).await["id"],
        "45b7d2e7-b882-4a80-ba97-10b7a63b8b5a"
    );

    let different =
        json!({"groupTypes": ["Unified"], "mailEnabled": false, "displayName": "Library Assist"});
    let response = http.post(&url).json(&different).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let message = json_of(response).await["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("api/group-post-groups.md:50") && message.contains("body differs"),
        "{message}"
    );

    let response = http.post(&url).body("not json").send().await.unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(server.requests()[2].body, b"not json");
}

#[tokio::test]
async fn unmatched_requests_name_the_closest_example() {
    let (server, http) = start().await;
    let base = server.base_url();
    let response = http
        .patch(format!("{base}/v1.0/groups/12"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    let message = json_of(response).await["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("PATCH /groups/12"), "{message}");
    assert!(
        message.contains("api/group-delete.md:40") && message.contains("method differs"),
        "{message}"
    );

    let response = http
        .delete(format!("{base}/v1.0/groups/12"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(response.bytes().await.unwrap().is_empty());

    let response = fetch(&http, format!("{base}/v1.0/users/1/manager")).await;
    let message = json_of(response).await["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("api/user-get.md:60") && message.contains("number of segments"),
        "{message}"
    );
}

#[tokio::test]
async fn client_request_id_is_echoed() {
    let (server, http) = start().await;
    let response = http
        .get(format!("{}/v1.0/users/1", server.base_url()))
        .header("client-request-id", "7f0b1c2d")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["client-request-id"], "7f0b1c2d");
}

/// Gets an upload session and returns its rewritten sessionUrl.
async fn session_url(server: &ReplayServer, http: &reqwest::Client) -> String {
    let url = format!(
        "{}/external/industryData/dataConnectors/1/microsoft.graph.industryData.azureDataLakeConnector/getUploadSession?resetSession=true",
        server.base_url()
    );
    let session = json_of(fetch(http, url).await).await;
    assert_eq!(
        session["containerId"], "40fe691e-a4b8-4b47-8c86-08daddab241e",
        "the rest of the example is kept"
    );
    session["sessionUrl"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn session_urls_point_at_the_server_and_accept_put_blob() {
    let (server, http) = start().await;
    let session_url = session_url(&server, &http).await;
    let expected_prefix = format!(
        "{}/blob/40fe691e-a4b8-4b47-8c86-08daddab241e?",
        server.base_url()
    );
    assert!(session_url.starts_with(&expected_prefix), "{session_url}");
    assert!(
        session_url.contains("sig=c2lnbmF0dXJl%3D"),
        "the page's SAS query is kept: {session_url}"
    );

    let (container, sas) = session_url.split_once('?').unwrap();
    let file_url = format!("{container}/classes/roster.csv?{sas}");
    let response = http
        .put(&file_url)
        .header("x-ms-blob-type", "BlockBlob")
        .header("x-ms-blob-content-type", "text/csv")
        .body("id,name\n1,Ada\n")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert!(response.headers().contains_key("etag"));

    let uploaded = server.uploaded();
    assert_eq!(uploaded.len(), 1);
    assert_eq!(
        uploaded[0].container,
        "40fe691e-a4b8-4b47-8c86-08daddab241e"
    );
    assert_eq!(uploaded[0].name, "classes/roster.csv");
    assert_eq!(uploaded[0].data, b"id,name\n1,Ada\n");
    assert_eq!(uploaded[0].content_type.as_deref(), Some("text/csv"));
    assert_eq!(
        uploaded[0].path(),
        "/blob/40fe691e-a4b8-4b47-8c86-08daddab241e/classes/roster.csv"
    );
    assert_eq!(
        server.uploaded_file("classes/roster.csv"),
        Some(uploaded[0].clone())
    );

    let downloaded = fetch(&http, &file_url).await.bytes().await.unwrap();
    assert_eq!(&downloaded[..], b"id,name\n1,Ada\n");
}

#[tokio::test]
async fn blob_uploads_need_the_sas_and_no_token() {
    let (server, http) = start().await;
    let session_url = session_url(&server, &http).await;
    let (container, sas) = session_url.split_once('?').unwrap();
    let put = |url: String| {
        http.put(url)
            .header("x-ms-blob-type", "BlockBlob")
            .body("x")
    };

    let response = put(format!("{container}/a.csv")).send().await.unwrap();
    assert_eq!(response.status(), 403, "no SAS");
    assert_eq!(
        response.headers()["x-ms-error-code"],
        "AuthenticationFailed"
    );
    let response = put(format!("{container}/a.csv?sv=2021-08-06&sig=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "another signature");
    let response = put(format!("{container}/a.csv?{sas}"))
        .bearer_auth("secret")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        403,
        "a bearer token must not reach a sessionUrl"
    );
    let response = put(format!("{}/blob/unknown/a.csv?{sas}", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let response = http
        .put(format!("{container}/a.csv?{sas}"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "Put Blob needs x-ms-blob-type");
    assert!(server.uploaded().is_empty());
}

#[tokio::test]
async fn put_block_then_put_block_list_commits_in_list_order() {
    let (server, http) = start().await;
    let session_url = session_url(&server, &http).await;
    let (container, sas) = session_url.split_once('?').unwrap();
    for (id, data) in [("QUFB", "first,"), ("QkJC", "second")] {
        let url = format!("{container}/big.csv?{sas}&comp=block&blockid={id}");
        assert_eq!(http.put(url).body(data).send().await.unwrap().status(), 201);
    }
    assert!(
        server.uploaded().is_empty(),
        "blocks are not a blob until committed"
    );
    let list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>QUFB</Latest><Latest>QkJC</Latest></BlockList>";
    let response = http
        .put(format!("{container}/big.csv?comp=blocklist&{sas}"))
        .body(list)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(
        server.uploaded_file("big.csv").unwrap().data,
        b"first,second"
    );

    let bad = "<BlockList><Latest>WldX</Latest></BlockList>";
    let response = http
        .put(format!("{container}/other.csv?comp=blocklist&{sas}"))
        .body(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["x-ms-error-code"], "InvalidBlockList");
}

#[tokio::test]
async fn the_runtime_blob_upload_works_against_it() {
    let (server, http) = start().await;
    let session_url = session_url(&server, &http).await;
    let client = graph_runtime::Client::builder()
        .base_url(server.base_url())
        .bearer_token("secret")
        .build()
        .unwrap();
    let container = client
        .blob_container(&session_url)
        .unwrap()
        .content_type("text/csv");
    let small = container
        .upload("small.csv", &b"a,b\n1,2\n"[..])
        .await
        .unwrap();
    assert_eq!(small.blocks, 0);
    let data: Vec<u8> = (0..100u8).collect();
    let large = container
        .clone()
        .block_size(16)
        .unwrap()
        .upload("large.bin", &data[..])
        .await
        .unwrap();
    assert_eq!(large.blocks, 7);
    assert_eq!(
        server.uploaded_file("small.csv").unwrap().data,
        b"a,b\n1,2\n"
    );
    assert_eq!(server.uploaded_file("large.bin").unwrap().data, data);
    let blob_requests = server
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/blob/"));
    for request in blob_requests {
        assert!(
            request.headers.iter().all(|(k, _)| k != "authorization"),
            "{}",
            request.target
        );
    }
}

#[tokio::test]
async fn upload_urls_accept_content_range_slices() {
    let (server, http) = start().await;
    let base = server.base_url();
    let url = format!("{base}/v1.0/me/drive/root:/report.txt:/createUploadSession");
    let session = json_of(fetch(&http, url).await).await;
    let upload_url = session["uploadUrl"].as_str().unwrap().to_owned();
    assert!(
        upload_url.starts_with(&format!("{base}/upload/")),
        "{upload_url}"
    );

    let slice = |range: &'static str, data: &'static str| {
        http.put(&upload_url)
            .header("content-range", range)
            .body(data)
    };
    let response = slice("bytes 0-3/10", "0123").send().await.unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(json_of(response).await["nextExpectedRanges"], json!(["4-"]));
    let response = slice("bytes 6-9/10", "6789").send().await.unwrap();
    assert_eq!(response.status(), 416, "a gap is refused");
    let status = json_of(fetch(&http, &upload_url).await).await;
    assert_eq!(
        status["nextExpectedRanges"],
        json!(["4-"]),
        "resumable from the status"
    );
    let response = slice("bytes 4-9/10", "456789").send().await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(json_of(response).await["size"], 10);
    let uploaded = server.uploaded();
    assert_eq!(uploaded.len(), 1);
    assert_eq!(uploaded[0].data, b"0123456789");
    assert!(uploaded[0].path().starts_with("/upload/"));
}

#[tokio::test]
async fn redirects_to_other_hosts_stay_on_the_server() {
    let (server, http) = start().await;
    let base = server.base_url();
    let no_follow = no_follow();
    let url = format!("{base}/v1.0/reports/getEmailActivityCounts(period='D7')");
    let response = no_follow.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!(
            "{base}/redirected?to=https%3A%2F%2Freports.office.com"
        )),
        "{location}"
    );

    let followed = fetch(&http, &url).await;
    assert_eq!(followed.status(), 404);
    let message = json_of(followed).await["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("redirects to https://reports.office.com/data/download/"),
        "{message}"
    );
    assert_eq!(server.requests().len(), 3, "no request left 127.0.0.1");
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let (server, http) = start().await;
    let base = server.base_url().to_owned();
    assert_eq!(
        fetch(&http, format!("{base}/v1.0/users/1")).await.status(),
        200
    );
    server.shutdown().await;
    let fresh = reqwest::Client::new();
    assert!(fresh
        .get(format!("{base}/v1.0/users/1"))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn batches_are_answered_item_by_item_from_the_examples() {
    static GET_USER: graph_runtime::Operation = graph_runtime::Operation {
        name: "get_user",
        method: graph_runtime::Method::Get,
        path_template: "/users/{id}",
        path: "",
        source: "api/user-get.md:30",
        permissions: graph_runtime::Permissions {
            delegated_work: graph_runtime::Scopes::NotStated,
            delegated_personal: graph_runtime::Scopes::NotStated,
            application: graph_runtime::Scopes::NotStated,
        },
    };
    static CREATE_GROUP: graph_runtime::Operation = graph_runtime::Operation {
        name: "create_group",
        method: graph_runtime::Method::Post,
        path_template: "/groups",
        ..GET_USER
    };
    let spec = |operation, path: &str, body| graph_runtime::RequestSpec {
        operation,
        path: path.to_owned(),
        query: Vec::new(),
        headers: Vec::new(),
        body,
    };
    let (server, _) = start().await;
    let client = graph_runtime::Client::builder()
        .base_url(&format!("{}/v1.0", server.base_url()))
        .build()
        .unwrap();
    let mut batch = client.batch();
    let user = batch.add_spec::<Value>(
        spec(
            &GET_USER,
            "/users/48d31887-5fad-4d73-a9f5-3c356e68a038",
            Default::default(),
        ),
        &[],
    );
    let body =
        br#"{"displayName": "Library Assist", "mailEnabled": true, "groupTypes": ["Unified"]}"#;
    let group = batch.add_spec::<Value>(
        spec(
            &CREATE_GROUP,
            "/groups",
            graph_runtime::Body::Json(bytes::Bytes::from_static(body)),
        ),
        &[user.id()],
    );
    let unknown =
        batch.add_spec::<Value>(spec(&GET_USER, "/nothing/here", Default::default()), &[]);
    let after_unknown = batch.add_spec::<Value>(
        spec(&GET_USER, "/users/x", Default::default()),
        &[unknown.id()],
    );
    let summary = batch.send().await.expect("batch");
    assert_eq!(summary.posts, 1);
    assert_eq!(user.await.unwrap()["displayName"], "Megan Bowen");
    assert_eq!(
        group.await.unwrap()["id"],
        "45b7d2e7-b882-4a80-ba97-10b7a63b8b5a"
    );
    assert_eq!(unknown.await.unwrap_err().status(), Some(404));
    assert_eq!(
        after_unknown.await.unwrap_err().status(),
        Some(424),
        "a failed dependency"
    );
    let requests = server.requests();
    let targets: Vec<(&str, u16, Option<&str>)> = requests
        .iter()
        .map(|r| (r.target.as_str(), r.status, r.served_by))
        .collect();
    assert_eq!(
        targets,
        [
            (
                "/users/48d31887-5fad-4d73-a9f5-3c356e68a038",
                200,
                Some("api/user-get.md:60")
            ),
            ("/groups", 201, Some("api/group-post-groups.md:50")),
            ("/nothing/here", 404, None),
            ("/v1.0/$batch", 200, None),
        ]
    );
}
